"""Slack-side hardening over real HTTP: retries never double an action, signatures and the
5-minute window are enforced, malformed or oversized requests get a 4xx (never a 500 or a
traceback), user text is escaped wherever it is echoed.

The wired app (`world`, a wiredapp.World) is the shared one from conftest.py.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.ui.cards import Action

from slackfake import post, post_signed, response_url_of, sign
from wiredapp import SECRET, World, button_value, creates, errors_logged, texts

pytestmark = pytest.mark.usefixtures("no_proxies")


# -- payloads -----------------------------------------------------------------------------------


def action_payload(payload: Any) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def block_actions(**fields: Any) -> dict[str, Any]:
    """A well-formed block_actions payload (ephemeral card), with `fields` replaced."""
    payload = {
        "type": "block_actions",
        "user": {"id": "U1", "username": "u1", "name": "u1", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "verification-token",
        "container": {"type": "message", "channel_id": "C1", "is_ephemeral": True},
        "trigger_id": "1.2.3",
        "team": {"id": "T1", "domain": "recordbot-test"},
        "channel": {"id": "C1", "name": "general"},
        "response_url": "http://127.0.0.1:9/response/none",
        "actions": [
            {
                "action_id": Action.CONFIRM,
                "block_id": "b",
                "value": "0123456789abcdef",
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    payload.update(fields)
    return {k: v for k, v in payload.items() if v is not ...}


# -- retries from Slack --------------------------------------------------------------------------


RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


def test_a_redelivered_confirm_creates_one_task(world: World) -> None:
    card = world.command("livetest tomorrow 9am to 10am")
    value = button_value(card, Action.CONFIRM)
    body = world.slack.block_actions_body(Action.CONFIRM, value, user_id="U1", channel_id="C1")
    first = world.send(body)
    # Slack re-sends the very same payload, signed again, with its retry headers
    again = world.send(body, {**RETRY})
    third = world.send(body, {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_error"})
    assert first[0] == 200
    assert again[0] < 500 and third[0] < 500
    world.slack.wait_for_responses(2)  # the card and at least the first outcome
    time.sleep(0.5)  # give a wrongly handled retry time to show up
    assert len(world.sim.tasks) == 1
    assert len(creates(world.sim)) == 1
    row = world.row(value)
    assert row.status == "created" and row.task_id in world.sim.tasks


def test_a_redelivered_slash_command_does_not_double_the_card_rows(world: World) -> None:
    body = world.slack.slash_command_body("livetest tomorrow 9am to 10am", user_id="U1")
    assert world.send(body)[0] == 200
    assert world.send(body, RETRY)[0] < 500
    card = world.slack.wait_for_responses(1, url=response_url_of(body))[0].body
    time.sleep(0.3)
    # however many cards went out, confirming them all still records once per window
    values = {button_value(r.body, Action.CONFIRM) for r in world.slack.responses if r.ok}
    for value in values:
        world.click(Action.CONFIRM, value)
    assert button_value(card, Action.CONFIRM) in values
    stream_tasks = [t for t in world.sim.tasks.values() if t["StreamName"] == "livetest"]
    assert len(stream_tasks) <= len(values)
    assert len(values) == 1, "a Slack retry of a slash command showed a second card"


def test_a_retried_double_click_race_creates_one_task(world: World) -> None:
    """The first delivery is slow (Live holds its reply), so Slack retries while it is in flight."""
    card = world.command("livetest tomorrow 9am to 10am")
    value = button_value(card, Action.CONFIRM)
    world.sim.delay_next("CreateRecordTask", 1.0)
    body = world.slack.block_actions_body(Action.CONFIRM, value, user_id="U1", channel_id="C1")
    assert world.send(body)[0] == 200
    time.sleep(0.2)
    assert world.send(body, RETRY)[0] < 500
    deadline = time.monotonic() + 10
    while world.row(value).status == "pending" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert world.row(value).status == "created"
    assert len(creates(world.sim)) == 1 and len(world.sim.tasks) == 1


# -- signatures ------------------------------------------------------------------------------


def test_forged_stale_and_unsigned_requests_get_401(world: World) -> None:
    body = world.slack.slash_command_body("livetest now for 1h")
    assert post_signed(world.url, "not-the-secret", body)[0] == 401
    stale = int(time.time()) - 5 * 60 - 10
    assert post(world.url, body, sign(SECRET, body, stale))[0] == 401
    future = int(time.time()) + 5 * 60 + 10
    assert post(world.url, body, sign(SECRET, body, future))[0] == 401
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert post(world.url, body, form)[0] == 401
    headers = sign(SECRET, body)
    del headers["X-Slack-Signature"]
    assert post(world.url, body, headers)[0] == 401
    headers = sign(SECRET, body)
    del headers["X-Slack-Request-Timestamp"]
    assert post(world.url, body, headers)[0] == 401
    headers = sign(SECRET, body)
    headers["X-Slack-Request-Timestamp"] = "not-a-number"
    assert post(world.url, body, headers)[0] == 401
    # a signature over other bytes: the body was tampered with in transit
    tampered = body.replace(b"livetest", b"evilstream")
    assert post(world.url, tampered, sign(SECRET, body))[0] == 401
    assert world.slack.responses == [] and world.sim.calls == []


def test_a_signature_inside_the_window_is_accepted(world: World) -> None:
    body = world.slack.slash_command_body("help")
    assert post(world.url, body, sign(SECRET, body, int(time.time()) - 4 * 60))[0] == 200


def test_an_unsigned_malformed_payload_is_refused_without_a_traceback(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    for body in (b"payload=not-json", b"payload=%5B1%2C2%5D", b"\xff\xfe"):
        status, _, out = post(
            world.url, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert 400 <= status < 500, (body, status, out)
        assert b"Traceback" not in out
    assert errors_logged(caplog.records) == []


# -- malformed and oversized requests -------------------------------------------------------


MALFORMED: dict[str, bytes] = {
    "bad form encoding": b"%%%&&&==&payload",
    "payload not JSON": b"payload=not-json",
    "payload JSON garbage": b"payload=%7Bnope",
    "payload a list": action_payload([1, 2]),
    "payload a string": action_payload("block_actions"),
    "payload null": action_payload(None),
    "actions missing": action_payload(block_actions(actions=...)),
    "actions not a list": action_payload(block_actions(actions="record_confirm")),
    "actions empty": action_payload(block_actions(actions=[])),
    "action not an object": action_payload(block_actions(actions=["record_confirm"])),
    "action_id not a string": action_payload(block_actions(actions=[{"action_id": 5}])),
    "action_id missing": action_payload(block_actions(actions=[{"value": "x"}])),
    "value not a string": action_payload(
        block_actions(actions=[{"action_id": Action.CONFIRM, "value": {"id": "x"}}])
    ),
    "user missing": action_payload(block_actions(user=...)),
    "user a string": action_payload(block_actions(user="U1")),
    "user without id": action_payload(block_actions(user={"name": "u1"})),
    "user id not a string": action_payload(block_actions(user={"id": ["U1"]})),
    "container a string": action_payload(block_actions(container="C1")),
    "channel a list": action_payload(block_actions(channel=["C1"])),
    "response_url not a string": action_payload(block_actions(response_url=42)),
    "unknown action_id": action_payload(
        block_actions(actions=[{"action_id": "no_such_button", "value": "x"}])
    ),
    "edit without trigger": action_payload(
        block_actions(actions=[{"action_id": Action.EDIT, "value": "x"}], trigger_id=...)
    ),
    "unknown payload type": action_payload({"type": "weird", "user": {"id": "U1"}}),
    "view_submission, view a string": action_payload(
        {"type": "view_submission", "user": {"id": "U1"}, "view": "x"}
    ),
    "view_submission, view without type": action_payload(
        {
            "type": "view_submission",
            "user": {"id": "U1"},
            "view": {"callback_id": "record_edit_view", "private_metadata": "{}", "state": {}},
        }
    ),
    "view_submission, state a list": action_payload(
        {
            "type": "view_submission",
            "user": {"id": "U1"},
            "view": {
                "type": "modal",
                "callback_id": "record_edit_view",
                "private_metadata": '{"row": "x", "tz": "UTC", "url": ""}',
                "state": ["x"],
            },
        }
    ),
    "event_callback, event a string": action_payload({"type": "event_callback", "event": "x"}),
    "unknown command": urlencode(
        {"command": "/nope", "text": "x", "user_id": "U1", "channel_id": "C1"}
    ).encode(),
    "command without user": urlencode(
        {"command": "/record", "text": "livetest now for 1h", "channel_id": "C1"}
    ).encode(),
    "empty body": b"",
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_signed_requests_get_4xx_not_500(
    world: World, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    body = MALFORMED[name]
    status, out = world.send(body)
    assert 400 <= status < 500, (name, status, out)
    assert b"Traceback" not in out and b'File "' not in out
    time.sleep(0.2)  # anything handed to the executor has run by now
    assert errors_logged(caplog.records) == []
    assert world.sim.calls == []


def test_json_bodies_of_the_wrong_shape_get_4xx(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    for body in (b"[1, 2]", b"{nope", b'"x"', b"null", b'{"type": "block_actions"}'):
        headers = {**sign(SECRET, body), "Content-Type": "application/json"}
        status, _, out = post(world.url, body, headers)
        assert 400 <= status < 500, (body, status, out)
        assert b"Traceback" not in out
    assert errors_logged(caplog.records) == []


def test_non_utf8_body_gets_400(world: World) -> None:
    body = "text=caf\u00e9".encode("latin-1") + b"\xff\xfe"
    status, out = world.send(body)
    assert status == 400 and b"Traceback" not in out


def test_wrong_content_type_gets_4xx(world: World, caplog: pytest.LogCaptureFixture) -> None:
    body = world.slack.slash_command_body("livetest now for 1h")
    for ctype in ("text/plain", "application/octet-stream", "multipart/form-data; boundary=x"):
        status, _, out = post(world.url, body, {**sign(SECRET, body), "Content-Type": ctype})
        assert 400 <= status < 500, (ctype, status, out)
    assert world.sim.calls == [] and errors_logged(caplog.records) == []


def raw_request(world: World, request: bytes, timeout: float = 5) -> tuple[int, bytes]:
    """Send raw bytes (headers a client library would refuse to send); (status, body)."""
    host, port = world.server.server_address[:2]
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_huge_content_length_gets_413_without_reading(world: World) -> None:
    req = (
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 99999999999\r\n\r\npayload="
    )
    status, body = raw_request(world, req)
    assert status == 413 and b"Traceback" not in body


def test_a_body_over_the_limit_gets_413(world: World) -> None:
    body = b"text=" + b"a" * (2 << 20)
    conn = http.client.HTTPConnection(*world.server.server_address[:2], timeout=10)
    try:
        conn.request("POST", "/slack/events", body, sign(SECRET, body))
        resp = conn.getresponse()
        assert resp.status == 413
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server may close before the client has finished sending: also a refusal
    finally:
        conn.close()


@pytest.mark.parametrize("length", [b"-1", b"-99999", b"abc", b"1e3", b""])
def test_bad_content_length_gets_400(world: World, length: bytes) -> None:
    req = (
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + length + b"\r\n\r\n"
    )
    status, body = raw_request(world, req)
    if length == b"":
        assert status in (400, 401), status  # empty means no body: unsigned, so 401
    else:
        assert status == 400, (length, status)
    assert b"Traceback" not in body


def test_get_on_slack_events_and_unknown_paths_get_4xx(world: World) -> None:
    from urllib.request import Request

    from slackfake import _NO_PROXY_OPENER

    for method, path in (
        ("GET", "/slack/events"),
        ("GET", "/nope"),
        ("POST", "/nope"),
        ("PUT", "/slack/events"),
        ("DELETE", "/slack/events"),
        ("GET", "/../../etc/passwd"),
    ):
        req = Request(
            f"{world.server.url}{path}", data=b"" if method != "GET" else None, method=method
        )
        try:
            with _NO_PROXY_OPENER.open(req, timeout=5) as r:
                status = r.status
        except Exception as exc:  # noqa: BLE001 - urllib raises HTTPError for 4xx
            status = getattr(exc, "code", 0)
        assert 400 <= status < 500, (method, path, status)


def test_the_server_survives_a_client_that_hangs_up(world: World) -> None:
    host, port = world.server.server_address[:2]
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"GARBAGE\r\n\r\n")
        sock.recv(1024)
    card = world.command("help")
    assert "record" in " ".join(texts(card)).lower()


# -- user text is escaped wherever it is echoed ----------------------------------------------


HOSTILE = ("<!channel>", "<!here>", "<@U123>", "<#C999>", "<https://evil.example|click>")


def assert_escaped(pieces: list[str], *, allowed_mentions: tuple[str, ...] = ()) -> None:
    """No hostile Slack markup survives, and every `&` starts an entity."""
    joined = "\n".join(pieces)
    for raw in HOSTILE:
        assert raw not in joined, f"{raw!r} reached Slack unescaped: {joined!r}"
    for m in re.finditer(r"<([^>]*)>", joined):
        token = m.group(1)
        ok = token.startswith("!date^") or token in allowed_mentions
        assert ok, f"unexpected markup <{token}> in {joined!r}"
    assert not re.search(r"&(?!amp;|lt;|gt;)", joined), f"a bare & in {joined!r}"


@pytest.mark.parametrize(
    "text",
    [
        "<!channel> now for 1h",
        "livetest <!channel> & <@U123> blah",
        "livetest from <!here> for 3h",
        "a&b now for 1h",
        "live/<@U123> tomorrow 9am to 10am",
        "livetest <https://evil.example|click>",
        "show <!channel>",
        "stop <@U123>&",
        "delete <#C999>",
        "list <!channel>",
        "list a&b",
        "<!channel>",
    ],
)
def test_user_text_is_escaped_in_cards(world: World, text: str) -> None:
    card = world.command(text)
    assert_escaped(texts(card), allowed_mentions=("@U1",))


def test_user_text_is_escaped_in_notices_and_listings(world: World) -> None:
    # a display name full of markup (Slack lets people pick any name) and a stream with `&` in
    # an external task (made on Live, outside recordbot): both echo in cards and notices
    world.slack.add_user("U9", tz="UTC", name="<!channel> & co", real_name="<!channel> & co")
    card = world.command("livetest tomorrow 9am to 10am", user="U9")
    assert_escaped(texts(card), allowed_mentions=("@U9",))
    outcome = world.press(card, Action.CONFIRM, user="U9")
    assert_escaped(texts(outcome), allowed_mentions=("@U9",))
    notice = world.slack.wait_for("chat.postMessage")[0].args
    assert_escaped([notice["text"]], allowed_mentions=("@U9",))
    (task_id,) = world.sim.tasks
    listing = world.command(f"show {task_id}", user="U9")
    assert_escaped(texts(listing), allowed_mentions=("@U9",))
    listing = world.command("list", user="U9")
    assert_escaped(texts(listing), allowed_mentions=("@U9",))


# -- the Edit dialog with dates at the ends of the calendar -----------------------------------


def picked(stream: str, start: tuple[str, str], end: tuple[str, str]) -> dict[str, Any]:
    def value(kind: str, key: str, v: str) -> dict[str, Any]:
        return {"value": {"type": kind, key: v}}

    return {
        "stream": value("plain_text_input", "value", stream),
        "start_date": value("datepicker", "selected_date", start[0]),
        "start_time": value("timepicker", "selected_time", start[1]),
        "end_date": value("datepicker", "selected_date", end[0]),
        "end_time": value("timepicker", "selected_time", end[1]),
    }


@pytest.mark.parametrize(
    ("user", "start", "end"),
    [
        ("U2", ("9999-12-31", "22:00"), ("9999-12-31", "23:59")),  # New York: past year 9999 in UTC
        ("U1", ("0001-01-01", "00:00"), ("0001-01-01", "01:00")),  # Shanghai: before year 1 in UTC
        ("U1", ("0001-01-01", "00:00"), ("9999-12-31", "23:59")),
    ],
)
def test_edit_dialog_dates_at_the_ends_of_the_calendar_are_refused_in_the_dialog(
    world: World, caplog: pytest.LogCaptureFixture, user: str, start, end
) -> None:
    card = world.command("livetest tomorrow 9am to 10am", user=user)
    click = world.slack.block_actions_body(
        Action.EDIT, button_value(card, Action.EDIT), user_id=user, channel_id="C1"
    )
    assert world.send(click)[0] == 200
    view = world.slack.wait_for("views.open")[0].response["view"]
    body = world.slack.submission_for_view(view["id"], picked("livetest", start, end), user)
    status, out = world.send(body)
    assert status == 200, (status, out)
    answer = json.loads(out)
    assert answer["response_action"] == "errors" and answer["errors"], answer
    assert errors_logged(caplog.records) == []
    assert world.sim.calls == []
