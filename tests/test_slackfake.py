"""The Slack stand-in is only worth having if it is as strict as Slack and speaks to the real
slack_sdk / Bolt clients; these tests hold it to both."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import yaml
from slack_bolt import App, BoltRequest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from slackfake import (
    RESPONSE_URL,
    SlackWebApiStandIn,
    block_actions_body,
    post,
    post_signed,
    sign,
    slash_command_body,
    view_submission_body,
)

SECRET = "test-signing-secret"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _clean_env(no_proxies: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxies (slack_sdk picks them up from the environment and would route loopback
    through them) and no Slack settings from the environment."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def slack() -> Iterator[SlackWebApiStandIn]:
    with SlackWebApiStandIn() as standin:
        standin.add_channel("C1", "general")
        standin.add_user("U1", tz="Asia/Shanghai", name="alice")
        yield standin


@pytest.fixture
def client(slack: SlackWebApiStandIn) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.base_url, timeout=5)


def _err(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


def section(text: str = "hi", **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(
    text: str | dict[str, Any] = "Confirm", action_id: str = "confirm", **extra: Any
) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text} if isinstance(text, str) else text,
        "action_id": action_id,
        "value": "v",
        **extra,
    }


def actions(*elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "elements": list(elements)}


def confirm_dialog(
    title: str | dict[str, Any] = "Stop recording?",
    text: str | dict[str, Any] = "This stops the recording now.",
    confirm: str = "Stop",
    deny: str = "Keep it",
    **extra: Any,
) -> dict[str, Any]:
    def plain(value: str | dict[str, Any]) -> dict[str, Any]:
        return {"type": "plain_text", "text": value} if isinstance(value, str) else value

    return {
        "title": plain(title), "text": plain(text),
        "confirm": plain(confirm), "deny": plain(deny), **extra,
    }  # fmt: skip


# --------------------------------------------------------------------------- auth


def test_base_url_works_for_every_method_name(slack: SlackWebApiStandIn, client: WebClient) -> None:
    assert slack.base_url.endswith("/api/")
    resp = client.auth_test()
    assert resp["ok"] and resp["user_id"] == "UBOT" and resp["bot_id"] == "BBOT"
    assert resp["team_id"] == "T1" and resp["url"].startswith("https://")
    assert slack.calls[0].method == "auth.test"
    assert slack.calls[0].headers["authorization"] == "Bearer xoxb-test"


def test_auth_test_reports_the_manifests_bot_scopes(
    slack: SlackWebApiStandIn, client: WebClient
) -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    resp = client.auth_test()
    assert resp.headers["x-oauth-scopes"].split(",") == scopes
    assert set(resp.data) >= {"url", "team", "user", "team_id", "user_id", "bot_id"}
    # every answer names the token's scopes, and the scope the method accepts
    assert client.users_info(user="U1").headers["x-accepted-oauth-scopes"] == "users:read"
    with SlackWebApiStandIn(scopes=["commands"]) as other:
        narrow = WebClient(token="xoxb-test", base_url=other.base_url)
        assert narrow.auth_test().headers["x-oauth-scopes"] == "commands"


@pytest.mark.parametrize(
    ("method", "kwargs", "needed"),
    [
        ("chat_postMessage", {"channel": "C1", "text": "hi"}, "chat:write"),
        ("chat_postEphemeral", {"channel": "C1", "user": "U1", "text": "hi"}, "chat:write"),
        ("chat_update", {"channel": "C1", "ts": "1.000001", "text": "hi"}, "chat:write"),
        ("users_info", {"user": "U1"}, "users:read"),
        ("usergroups_users_list", {"usergroup": "S1"}, "usergroups:read"),
        ("conversations_info", {"channel": "C1"}, "channels:read"),
    ],
)
def test_a_method_needs_its_scope(method: str, kwargs: dict[str, Any], needed: str) -> None:
    with SlackWebApiStandIn(scopes=["commands"]) as slack:
        slack.add_channel("C1", "general")
        slack.add_user("U1")
        slack.add_usergroup("S1", ["U1"])
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
        with pytest.raises(SlackApiError) as excinfo:
            getattr(client, method)(**kwargs)
        answer = excinfo.value.response
        assert (answer["error"], answer["needed"], answer["provided"]) == (
            "missing_scope", needed, "commands",
        )  # fmt: skip
        assert slack.messages() == []
        # what needs no scope still works: auth.test and views.*
        assert client.auth_test()["ok"]
        home = {"type": "home", "blocks": [section()]}
        assert client.views_publish(user_id="U1", view=home)["ok"]


def test_the_manifests_scopes_cover_what_the_bot_calls(
    slack: SlackWebApiStandIn, client: WebClient
) -> None:
    slack.add_usergroup("S1", ["U1"])
    posted = client.chat_postMessage(channel="C1", text="hi")
    client.chat_update(channel="C1", ts=posted["ts"], text="edited")
    client.chat_postEphemeral(channel="C1", user="U1", text="card")
    client.users_info(user="U1")
    client.usergroups_users_list(usergroup="S1")
    assert all(c.ok for c in slack.calls)


@pytest.mark.parametrize(
    ("token", "error"),
    [(None, "not_authed"), ("xoxb-wrong", "invalid_auth"), ("xapp-test", "not_allowed_token_type")],
)
def test_tokens_are_checked(slack: SlackWebApiStandIn, token: str | None, error: str) -> None:
    bad = WebClient(token=token, base_url=slack.base_url)
    with pytest.raises(SlackApiError) as excinfo:
        bad.chat_postMessage(channel="C1", text="hi")
    assert _err(excinfo) == error
    assert slack.messages() == []


def test_app_token_opens_socket_connections_only(
    slack: SlackWebApiStandIn, client: WebClient
) -> None:
    assert client.apps_connections_open(app_token="xapp-test")["url"].startswith("wss://")
    slack.socket_mode_url = "ws://127.0.0.1:1/link"
    assert client.apps_connections_open(app_token="xapp-test")["url"] == "ws://127.0.0.1:1/link"
    with pytest.raises(SlackApiError) as excinfo:
        client.apps_connections_open(app_token="xoxb-test")
    assert _err(excinfo) == "not_allowed_token_type"


# --------------------------------------------------------------------------- users.info


def test_users_info_gives_the_zone_and_refuses_unknown_users(
    slack: SlackWebApiStandIn, client: WebClient
) -> None:
    user = client.users_info(user="U1")["user"]
    assert user["tz"] == "Asia/Shanghai" and user["tz_offset"] == 8 * 3600
    assert user["tz_label"] == "China Standard Time" and user["name"] == "alice"
    assert user["real_name"]

    slack.add_user("U2", tz=None, name="bob")
    assert "tz" not in client.users_info(user="U2")["user"]

    with pytest.raises(SlackApiError) as excinfo:
        client.users_info(user="U404")
    assert _err(excinfo) == "user_not_found"


def test_add_user_refuses_a_misspelt_zone(slack: SlackWebApiStandIn) -> None:
    with pytest.raises(Exception):  # noqa: B017 - zoneinfo raises one of several types
        slack.add_user("U3", tz="Asia/Shangai")


# --------------------------------------------------------------------------- chat.*


def test_post_message_stores_and_answers_like_slack(
    slack: SlackWebApiStandIn, client: WebClient
) -> None:
    resp = client.chat_postMessage(channel="C1", text="Recording at 8pm", blocks=[section()])
    assert resp["channel"] == "C1" and resp["ts"] and resp["message"]["text"] == "Recording at 8pm"
    [stored] = slack.messages("C1")
    assert stored["ts"] == resp["ts"] and stored["blocks"] == [section()]
    assert slack.calls_to("chat.postMessage")[0].args["blocks"] == [section()]


def test_channels_are_strict(slack: SlackWebApiStandIn, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C404", text="hi")
    assert _err(excinfo) == "channel_not_found"

    # a private channel the bot is not in: Slack does not even admit it exists
    slack.add_channel("G2", "secret", is_private=True, is_member=False)
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="G2", text="hi")
    assert _err(excinfo) == "channel_not_found"

    slack.strict_channels = False
    assert client.chat_postMessage(channel="C404", text="hi")["ok"]


def test_chat_write_public_posts_in_public_channels_the_bot_is_not_in(
    slack: SlackWebApiStandIn, client: WebClient
) -> None:
    assert "chat:write.public" in slack.scopes  # the manifest asks for it
    slack.add_channel("C2", "ops", is_member=False)
    assert client.chat_postMessage(channel="C2", text="hi")["channel"] == "C2"
    # an ephemeral or an edit of someone else's channel message needs no more than before
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postEphemeral(channel="C2", user="U1", text="hi")
    assert _err(excinfo) == "not_in_channel"


def test_without_chat_write_public_the_bot_must_be_a_member() -> None:
    with SlackWebApiStandIn(scopes=["commands", "chat:write", "users:read"]) as slack:
        slack.add_channel("C2", "ops", is_member=False)
        slack.add_channel("C3", "joined")
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
        with pytest.raises(SlackApiError) as excinfo:
            client.chat_postMessage(channel="C2", text="hi")
        assert _err(excinfo) == "not_in_channel"
        assert client.chat_postMessage(channel="C3", text="hi")["ok"]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_a_message_needs_text_or_blocks(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C1")
    assert _err(excinfo) == "no_text"


@pytest.mark.parametrize(
    ("blocks", "error"),
    [
        ({"type": "section"}, "invalid_blocks_format"),
        ([{"text": {"type": "mrkdwn", "text": "no type"}}], "invalid_blocks"),
        (["not an object"], "invalid_blocks"),
        ([{"type": "divider"}] * 51, "invalid_blocks"),
        ([section("x" * 3001)], "invalid_blocks"),
        ([{"type": "actions", "elements": [button("x" * 76)]}], "invalid_blocks"),
        ([{"type": "actions", "elements": [button(action_id="a" * 256)]}], "invalid_blocks"),
        ([section(block_id="same"), section(block_id="same")], "invalid_blocks"),
        ([{"type": "actions", "elements": [button(), button()]}], "invalid_blocks"),
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "*no*"}}], "invalid_blocks"),
        ([{"type": "no_such_block"}], "invalid_blocks"),
        ([actions(button(text={"type": "mrkdwn", "text": "*Stop*"}))], "invalid_blocks"),
        ([actions(button(value="v" * 2001))], "invalid_blocks"),
        ([actions(button(accessibility_label="x" * 76))], "invalid_blocks"),
        ([actions(button(style="warning"))], "invalid_blocks"),
        ([section("x" * 3000, block_id=f"b{i}") for i in range(5)], "msg_blocks_too_long"),
    ]
    + [
        ([actions(button(confirm=dialog))], "invalid_blocks")
        for dialog in (
            confirm_dialog(title="t" * 101),
            confirm_dialog(text="x" * 301),
            confirm_dialog(confirm="y" * 31),
            confirm_dialog(deny="n" * 31),
            confirm_dialog(text={"type": "mrkdwn", "text": "*really?*"}),
            confirm_dialog(title={"type": "mrkdwn", "text": "Stop?"}),
            confirm_dialog(style="warning"),
            {k: v for k, v in confirm_dialog().items() if k != "deny"},
            {k: v for k, v in confirm_dialog().items() if k != "title"},
        )
    ],
)
def test_bad_blocks_are_refused(client: WebClient, blocks: Any, error: str) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C1", text="fallback", blocks=blocks)
    assert _err(excinfo) == error
    assert client.chat_postMessage(channel="C1", text="fallback", blocks=[section()])["ok"]


def test_good_blocks_at_the_limits_pass(client: WebClient) -> None:
    at_limits = button(
        "y" * 75, "a" * 255, value="v" * 2000, accessibility_label="z" * 75,
        confirm=confirm_dialog("t" * 100, "x" * 300, "y" * 30, "n" * 30),
    )  # fmt: skip
    blocks = [section("x" * 3000), actions(at_limits)]
    blocks += [section(f"line {i}", block_id=f"b{i}") for i in range(48)]
    assert len(blocks) == 50
    assert client.chat_postMessage(channel="C1", text="t" * 4000, blocks=blocks)["ok"]
    # a button needs no action_id (Slack makes one up), nor a value
    bare = {"type": "button", "text": {"type": "plain_text", "text": "Go"}}
    assert client.chat_postMessage(channel="C1", text="t", blocks=[actions(bare)])["ok"]


def test_a_messages_blocks_hold_about_12000_characters_of_text(client: WebClient) -> None:
    """Counted over every text object, the ones in buttons and dialogs too."""
    full = [section("x" * 3000) for _ in range(3)] + [section("x" * 2900)]
    full.append(actions(button("y" * 56, confirm=confirm_dialog("t" * 20, "x" * 20, "Do", "No"))))
    assert sum(len(t) for t in ("x" * 11900, "y" * 56, "t" * 20, "x" * 20, "Do", "No")) == 12000
    assert client.chat_postMessage(channel="C1", text="t", blocks=full)["ok"]
    full[-1]["elements"][0]["confirm"]["deny"]["text"] = "Nah"
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C1", text="t", blocks=full)
    assert _err(excinfo) == "msg_blocks_too_long"


@pytest.mark.parametrize("method", ["chat_postMessage", "chat_postEphemeral", "chat_update"])
def test_message_text_and_attachments_have_limits(
    slack: SlackWebApiStandIn, client: WebClient, method: str
) -> None:
    ts = client.chat_postMessage(channel="C1", text="v1")["ts"]
    where = {
        "chat_postMessage": {"channel": "C1"},
        "chat_postEphemeral": {"channel": "C1", "user": "U1"},
        "chat_update": {"channel": "C1", "ts": ts},
    }[method]
    send = getattr(client, method)
    assert send(**where, text="x" * 4000)["ok"]
    with pytest.raises(SlackApiError) as excinfo:
        send(**where, text="x" * 4001)
    assert _err(excinfo) == "msg_too_long"
    assert send(**where, text="t", attachments=[{"text": "a"}] * 100)["ok"]
    with pytest.raises(SlackApiError) as excinfo:
        send(**where, text="t", attachments=[{"text": "a"}] * 101)
    assert _err(excinfo) == "too_many_attachments"


def test_block_errors_say_where(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C1", text="t", blocks=[section("x" * 3001)])
    assert "json-pointer:/blocks/0/text/text" in excinfo.value.response["errors"][0]


def test_form_and_multipart_bodies_are_read(slack: SlackWebApiStandIn, client: WebClient) -> None:
    form = client.api_call(
        "chat.postMessage",
        params={"channel": "C1", "text": "form", "blocks": json.dumps([section()])},
    )
    assert form["ok"]
    multipart = client.api_call("chat.postMessage", data={"channel": "C1", "text": "multi"})
    assert multipart["ok"]
    form_call, multi_call = slack.calls_to("chat.postMessage")
    assert form_call.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form_call.args["blocks"] == [section()]  # recorded decoded
    assert multi_call.args["text"] == "multi"
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call(
            "chat.postMessage", params={"channel": "C1", "text": "t", "blocks": "[{not json"}
        )
    assert _err(excinfo) == "invalid_blocks_format"


def test_ephemeral_update_and_permalink(slack: SlackWebApiStandIn, client: WebClient) -> None:
    eph = client.chat_postEphemeral(channel="C1", user="U1", text="card")
    assert eph["message_ts"] and slack.ephemerals[0]["user"] == "U1"
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postEphemeral(channel="C1", user="U404", text="card")
    assert _err(excinfo) == "user_not_found"

    posted = client.chat_postMessage(channel="C1", text="v1")
    updated = client.chat_update(channel="C1", ts=posted["ts"], text="v2")
    assert updated["ts"] == posted["ts"] and slack.messages("C1")[0]["text"] == "v2"
    # Slack keeps no ephemeral to update: a bot must use the response_url instead.
    for ts in (eph["message_ts"], "1.000001"):
        with pytest.raises(SlackApiError) as excinfo:
            client.chat_update(channel="C1", ts=ts, text="v3")
        assert _err(excinfo) == "message_not_found"

    link = client.chat_getPermalink(channel="C1", message_ts=posted["ts"])["permalink"]
    assert link.startswith("https://") and "/archives/C1/p" in link
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_getPermalink(channel="C1", message_ts="1.000001")
    assert _err(excinfo) == "message_not_found"


def test_a_user_id_as_channel_is_the_apps_dm(slack: SlackWebApiStandIn, client: WebClient) -> None:
    assert client.chat_postMessage(channel="U1", text="dm")["channel"] == "D1"


def test_conversations_info_needs_the_read_scope_of_the_conversations_type() -> None:
    with SlackWebApiStandIn(scopes=["chat:write", "channels:read"]) as slack:
        slack.add_channel("C1", "general")
        slack.add_channel("G1", "secret", is_private=True)
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
        chan = client.conversations_info(channel="C1")["channel"]
        assert chan["name"] == "general" and chan["is_member"]
        with pytest.raises(SlackApiError) as excinfo:
            client.conversations_info(channel="G1")
        assert excinfo.value.response["needed"] == "groups:read"
        with pytest.raises(SlackApiError) as excinfo:
            client.conversations_info(channel="C404")
        assert _err(excinfo) == "channel_not_found"


# --------------------------------------------------------------------------- views.*

MODAL = {
    "type": "modal",
    "callback_id": "edit_window",
    "private_metadata": "task-1",
    "title": {"type": "plain_text", "text": "Edit recording"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {
            "type": "input",
            "block_id": "when",
            "label": {"type": "plain_text", "text": "When"},
            "element": {"type": "plain_text_input", "action_id": "text"},
        }
    ],
}


def test_views_open_needs_a_live_unused_trigger(
    slack: SlackWebApiStandIn, client: WebClient
) -> None:
    trigger = slack.issue_trigger("U1")
    view = client.views_open(trigger_id=trigger, view=MODAL)["view"]
    assert view["id"].startswith("V") and view["callback_id"] == "edit_window" and view["hash"]

    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=trigger, view=MODAL)
    assert _err(excinfo) == "exchanged_trigger_id"

    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id="1.2.unknown", view=MODAL)
    assert _err(excinfo) == "invalid_trigger_id"

    late = slack.issue_trigger("U1")
    slack.advance(3.1)
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=late, view=MODAL)
    assert _err(excinfo) == "expired_trigger_id"


@pytest.mark.parametrize(
    "change",
    [
        {"type": "home"},
        {"title": None},
        {"title": {"type": "plain_text", "text": "x" * 25}},
        {"submit": None},  # input blocks need a submit button
        {"blocks": [{"type": "divider"}] * 101},
        {"blocks": [section("x" * 3001)]},
        {"private_metadata": "x" * 3001},
    ],
)
def test_views_open_refuses_bad_views(
    slack: SlackWebApiStandIn, client: WebClient, change: dict[str, Any]
) -> None:
    view = {**MODAL, **change}
    view = {k: v for k, v in view.items() if v is not None}
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=slack.issue_trigger(), view=view)
    assert _err(excinfo) == "invalid_arguments"
    assert excinfo.value.response["response_metadata"]["messages"]


def test_views_update_and_publish(slack: SlackWebApiStandIn, client: WebClient) -> None:
    opened = client.views_open(trigger_id=slack.issue_trigger(), view=MODAL)["view"]
    new = {**MODAL, "private_metadata": "task-2"}
    with pytest.raises(SlackApiError) as excinfo:
        client.views_update(view_id=opened["id"], hash="stale", view=new)
    assert _err(excinfo) == "hash_conflict"
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=new)["view"]
    assert updated["private_metadata"] == "task-2" and slack.views[opened["id"]]["hash"]
    with pytest.raises(SlackApiError) as excinfo:
        client.views_update(view_id="V404", view=new)
    assert _err(excinfo) == "not_found"

    home = {"type": "home", "blocks": [section("Upcoming recordings")]}
    assert client.views_publish(user_id="U1", view=home)["view"]["type"] == "home"
    with pytest.raises(SlackApiError) as excinfo:
        client.views_publish(user_id="U1", view=MODAL)
    assert _err(excinfo) == "invalid_arguments"


# --------------------------------------------------------------------------- response_url


def test_response_url_takes_five_posts_then_refuses(slack: SlackWebApiStandIn) -> None:
    url = slack.new_response_url()
    hook = WebhookClient(url)  # what Bolt's respond() uses
    for i in range(5):
        assert hook.send(text=f"card {i}", replace_original=True).status_code == 200
    sixth = hook.send(text="one too many")
    assert sixth.status_code == 404 and json.loads(sixth.body)["error"] == "used_url"
    assert [r.status for r in slack.responses_to(url)] == [200] * 5 + [404]
    assert slack.responses[0].body == {"text": "card 0", "replace_original": True}


def test_response_url_expires_after_thirty_minutes(slack: SlackWebApiStandIn) -> None:
    url = slack.new_response_url()
    slack.advance(30 * 60 + 1)
    resp = WebhookClient(url).send(text="late")
    assert resp.status_code == 404 and json.loads(resp.body)["error"] == "expired_url"


def test_response_url_checks_the_body(slack: SlackWebApiStandIn) -> None:
    url = slack.new_response_url()
    hook = WebhookClient(url)
    assert hook.send_dict({"response_type": "ephemeral"}).status_code == 400  # no_text
    too_long = hook.send(text="t", blocks=[section("x" * 3001)])
    assert too_long.status_code == 400 and json.loads(too_long.body)["error"] == "invalid_blocks"
    assert hook.send_dict({"delete_original": True}).status_code == 200
    status, _, body = post(url, b"payload=x", {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and json.loads(body)["error"] == "invalid_payload"
    assert slack.wait_for_responses(1, url=url)[0].body == {"delete_original": True}


def test_response_url_failures_can_be_injected(slack: SlackWebApiStandIn) -> None:
    url = slack.new_response_url()
    slack.fail_next(RESPONSE_URL, "rollup_error", status=500)
    assert WebhookClient(url).send(text="card").status_code == 500
    assert WebhookClient(url).send(text="card").status_code == 200
    assert [r.status for r in slack.responses_to(url)] == [500, 200]


# --------------------------------------------------------------------------- recording, faults


def test_wait_for_sees_calls_made_later(slack: SlackWebApiStandIn, client: WebClient) -> None:
    threading.Timer(0.05, lambda: client.chat_postMessage(channel="C1", text="later")).start()
    assert slack.wait_for("chat.postMessage", timeout=2)[0].args["text"] == "later"
    with pytest.raises(AssertionError, match="chat.update"):
        slack.wait_for("chat.update", timeout=0.05)


def test_fail_next_injects_errors_and_rate_limits(
    slack: SlackWebApiStandIn, client: WebClient
) -> None:
    slack.fail_next("users.info", "ratelimited", status=429, retry_after=0)
    with pytest.raises(SlackApiError) as excinfo:
        client.users_info(user="U1")
    assert excinfo.value.response.status_code == 429
    assert excinfo.value.response.headers["retry-after"] == "0"
    assert client.users_info(user="U1")["ok"]  # only the next one

    slack.fail_next("chat.postMessage", "internal_error", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel="C1", text="t")
    assert client.chat_postMessage(channel="C1", text="t")["ok"]
    assert [c.error for c in slack.calls_to("chat.postMessage")] == [
        "internal_error",
        "internal_error",
        None,
    ]


def test_rate_limit_next_answers_429_with_retry_after(
    slack: SlackWebApiStandIn, client: WebClient
) -> None:
    slack.rate_limit_next("chat.postMessage", retry_after=2, times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as excinfo:
            client.chat_postMessage(channel="C1", text="t")
        response = excinfo.value.response
        assert response.status_code == 429 and response.headers["retry-after"] == "2"
        assert response["error"] == "ratelimited"
    assert client.chat_postMessage(channel="C1", text="t")["ok"]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 429, 200]
    assert [m["text"] for m in slack.messages("C1")] == ["t"]  # a refused post leaves nothing


def test_delay_next_slows_one_call(slack: SlackWebApiStandIn, client: WebClient) -> None:
    slack.delay_next("users.info", 0.3)
    started = time.monotonic()
    client.users_info(user="U1")
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    client.users_info(user="U1")
    assert time.monotonic() - started < 0.3


def test_post_returns_error_statuses_instead_of_raising(slack: SlackWebApiStandIn) -> None:
    status, headers, body = post(slack.root_url + "nowhere", b"{}", {})
    assert status == 404 and headers["content-type"].startswith("application/json")


# --------------------------------------------------------------------------- Bolt and signing


def test_bolt_app_constructs_against_the_stand_in(slack: SlackWebApiStandIn) -> None:
    app = App(
        token="xoxb-test",
        signing_secret=SECRET,
        client=WebClient(token="xoxb-test", base_url=slack.base_url),
    )
    assert app.client.base_url == slack.base_url
    assert len(slack.calls_to("auth.test")) == 1


def test_bolt_refuses_to_start_with_a_token_slack_would_refuse(slack: SlackWebApiStandIn) -> None:
    with pytest.raises(Exception, match="invalid_auth"):
        App(signing_secret=SECRET, client=WebClient(token="xoxb-nope", base_url=slack.base_url))


BODIES = {
    "command": lambda: slash_command_body("livetest from 8pm for 3h"),
    "action": lambda: block_actions_body("confirm", "task-1"),
    "view": lambda: view_submission_body("edit_window", {}, "task-1"),
}


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_signature_verifier_accepts_signed_bodies_and_refuses_tampered_ones(kind: str) -> None:
    body = BODIES[kind]()
    headers = sign(SECRET, body)
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    verifier = SignatureVerifier(SECRET)
    ts, sig = headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    assert verifier.is_valid(body=body.decode(), timestamp=ts, signature=sig)
    assert not verifier.is_valid(body=body.decode() + "x", timestamp=ts, signature=sig)
    assert not SignatureVerifier("other").is_valid(body=body.decode(), timestamp=ts, signature=sig)
    old = sign(SECRET, body, timestamp=int(time.time()) - 301)
    assert not verifier.is_valid(
        body=body.decode(),
        timestamp=old["X-Slack-Request-Timestamp"],
        signature=old["X-Slack-Signature"],
    )


def test_slash_command_body_has_every_field_slack_sends() -> None:
    fields = parse_qs(slash_command_body("x", response_url="http://r", trigger_id="t").decode())
    assert set(fields) >= {
        "token", "team_id", "team_domain", "channel_id", "channel_name", "user_id",
        "user_name", "command", "text", "api_app_id", "is_enterprise_install",
        "response_url", "trigger_id",
    }  # fmt: skip
    assert fields["command"] == ["/record"] and fields["response_url"] == ["http://r"]


def test_a_click_on_an_ephemeral_card_carries_no_message() -> None:
    payload = json.loads(parse_qs(block_actions_body("confirm", "task-1").decode())["payload"][0])
    assert payload["container"]["is_ephemeral"] is True and "message" not in payload
    assert payload["actions"][0] | {"action_ts": None} == {
        "action_id": "confirm",
        "block_id": "b",
        "text": {"type": "plain_text", "text": "Button", "emoji": True},
        "value": "task-1",
        "type": "button",
        "action_ts": None,
    }


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietWSGI(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def _bolt_request(body: bytes) -> BoltRequest:
    return BoltRequest(body=body.decode(), headers=sign(SECRET, body))


def test_bolt_dispatches_signed_bodies_and_answers_through_the_stand_in(
    slack: SlackWebApiStandIn,
) -> None:
    app = App(
        signing_secret=SECRET,
        client=WebClient(token="xoxb-test", base_url=slack.base_url),
        process_before_response=True,
    )
    seen: dict[str, Any] = {}

    @app.command("/record")
    def on_record(ack: Any, command: dict[str, Any], respond: Any, client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=MODAL)
        respond(text=f"card for {command['text']}", blocks=[section("card")])

    @app.action("confirm")
    def on_confirm(ack: Any, body: dict[str, Any], respond: Any) -> None:
        ack()
        seen["action"] = body
        respond(replace_original=True, text="confirmed")

    @app.view("edit_window")
    def on_submit(ack: Any, view: dict[str, Any]) -> None:
        ack()
        seen["view"] = view

    assert app.dispatch(_bolt_request(slack.slash_command_body("livetest now"))).status == 200
    [card] = slack.wait_for_responses(1)
    assert card.body is not None and card.body["text"] == "card for livetest now"
    [opened] = slack.views.values()

    click = slack.block_actions_body("confirm", "task-1")
    assert app.dispatch(_bolt_request(click)).status == 200
    assert seen["action"]["actions"][0]["value"] == "task-1"
    assert slack.wait_for_responses(2)[1].body == {"replace_original": True, "text": "confirmed"}

    values = {"when": {"text": {"type": "plain_text_input", "value": "9pm"}}}
    submit = slack.submission_for_view(opened["id"], values)
    assert app.dispatch(_bolt_request(submit)).status == 200
    assert seen["view"]["private_metadata"] == "task-1"
    assert seen["view"]["state"]["values"] == values

    forged = BoltRequest(
        body=click.decode().replace("task-1", "task-2"), headers=sign(SECRET, click)
    )
    assert app.dispatch(forged).status == 401


def test_post_signed_reaches_a_real_bolt_http_endpoint(slack: SlackWebApiStandIn) -> None:
    """Drives Bolt's own WSGI adapter over real HTTP, as the end-to-end tests will."""
    app = App(
        signing_secret=SECRET,
        client=WebClient(token="xoxb-test", base_url=slack.base_url),
        process_before_response=True,
    )

    @app.command("/record")
    def on_record(ack: Any, respond: Any) -> None:
        ack("got it")

    server = make_server(
        "127.0.0.1", 0, SlackRequestHandler(app), _ThreadingWSGIServer, handler_class=_QuietWSGI
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/slack/events"
        body = slack.slash_command_body("livetest now")
        status, _, answer = post_signed(url, SECRET, body)
        assert status == 200 and b"got it" in answer
        status, _, _ = post(url, body, {**sign(SECRET, body), "X-Slack-Signature": "v0=00"})
        assert status == 401
    finally:
        server.shutdown()
        server.server_close()


# -- custom steps: functions.completeSuccess / completeError ------------------------------------


def test_a_custom_step_is_completed_once_with_outputs_its_definition_accepts(slack):
    body, execution = slack.start_function(
        "schedule_recording", {"stream": "livetest", "when": "now for 1h"}
    )
    event = json.loads(body)["event"]
    assert event["function"]["callback_id"] == "schedule_recording"
    assert {p["name"] for p in event["function"]["output_parameters"]} == {
        "task_id",
        "start",
        "end",
    }
    jit = WebClient(token=event["bot_access_token"], base_url=slack.base_url, timeout=5)
    with pytest.raises(SlackApiError) as bad:  # a timestamp is a Unix time, an integer
        jit.functions_completeSuccess(
            function_execution_id=execution.id, outputs={"task_id": "t", "start": "soon", "end": 2}
        )
    assert bad.value.response["error"] == "parameter_validation_failed"
    with pytest.raises(SlackApiError) as missing:
        jit.functions_completeSuccess(function_execution_id=execution.id, outputs={"task_id": "t"})
    assert missing.value.response["error"] == "parameter_validation_failed"
    jit.functions_completeSuccess(
        function_execution_id=execution.id, outputs={"task_id": "t", "start": 1, "end": 2}
    )
    assert slack.wait_for_execution(execution.id).outputs == {"task_id": "t", "start": 1, "end": 2}
    with pytest.raises(SlackApiError) as again:
        jit.functions_completeError(function_execution_id=execution.id, error="late")
    assert again.value.response["error"] == "execution_not_in_running_state"


def test_function_methods_need_a_known_execution_an_error_and_a_bot_token(slack, client):
    with pytest.raises(SlackApiError) as unknown:
        client.functions_completeError(function_execution_id="Fx000", error="no")
    assert unknown.value.response["error"] == "function_execution_not_found"
    _, execution = slack.start_function("schedule_recording", {"stream": "s", "when": "now for 1h"})
    with pytest.raises(SlackApiError) as empty:
        client.functions_completeError(function_execution_id=execution.id, error="")
    assert empty.value.response["error"] == "invalid_arguments"
    app_token = WebClient(token=slack.app_token, base_url=slack.base_url, timeout=5)
    with pytest.raises(SlackApiError) as wrong:
        app_token.functions_completeError(function_execution_id=execution.id, error="no")
    assert wrong.value.response["error"] == "not_allowed_token_type"
    client.functions_completeError(function_execution_id=execution.id, error="no")
    assert slack.wait_for_execution(execution.id).error == "no"


def test_inputs_slack_would_never_send_fail_the_test(slack):
    with pytest.raises(ValueError, match="missing required input parameter: when"):
        slack.start_function("schedule_recording", {"stream": "livetest"})
    with pytest.raises(ValueError, match="channel must be a channel_id"):
        slack.start_function(
            "schedule_recording", {"stream": "s", "when": "now", "channel": "general"}
        )


# -- the elements of a form --------------------------------------------------------------------


def _form(element: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Form"},
        "submit": {"type": "plain_text", "text": "Go"},
        "blocks": [
            {
                "type": "input",
                "block_id": "b",
                "label": {"type": "plain_text", "text": "Field"},
                "element": {"action_id": "a", **element},
            }
        ],
    }


def _option(text: str, value: str, kind: str = "plain_text") -> dict[str, Any]:
    return {"text": {"type": kind, "text": text}, "value": value}


@pytest.mark.parametrize(
    ("element", "pointer"),
    [
        ({"type": "static_select", "options": []}, "/options"),
        ({"type": "static_select", "options": [_option("a", "1")] * 101}, "/options"),
        ({"type": "static_select", "options": [_option("a" * 76, "1")]}, "/options/0/text"),
        ({"type": "static_select", "options": [_option("a", "v" * 151)]}, "/options/0/value"),
        ({"type": "static_select", "options": [_option("*a*", "1", "mrkdwn")]}, "/options/0/text"),
        (
            {
                "type": "static_select",
                "options": [_option("a", "1")],
                "initial_option": _option("b", "2"),
            },
            "/initial_option",
        ),
        ({"type": "datepicker", "initial_date": "2026-02-30"}, "/initial_date"),
        ({"type": "timepicker", "initial_time": "8pm"}, "/initial_time"),
        ({"type": "timepicker", "initial_time": "20:00", "timezone": "Mars/Olympus"}, "/timezone"),
        ({"type": "plain_text_input", "max_length": 5000}, "/max_length"),
        ({"type": "conversations_select", "filter": {"include": ["channels"]}}, "/filter/include"),
        ({"type": "button", "text": {"type": "plain_text", "text": "x"}}, "/element/type"),
    ],
)
def test_views_open_refuses_form_elements_slack_refuses(slack, client, element, pointer):
    with pytest.raises(SlackApiError) as refused:
        client.views_open(trigger_id=slack.issue_trigger(), view=_form(element))
    assert refused.value.response["error"] == "invalid_arguments"
    assert pointer in json.dumps(refused.value.response["response_metadata"])


def test_views_open_takes_the_form_elements_done_right(slack, client):
    options = [_option("a", "1"), _option("b", "2")]
    for element in (
        {"type": "static_select", "options": options, "initial_option": options[1]},
        {"type": "datepicker", "initial_date": "2026-02-28"},
        {"type": "timepicker", "initial_time": "20:00", "timezone": "Asia/Shanghai"},
        {"type": "plain_text_input", "max_length": 100, "initial_value": "1h"},
        {"type": "conversations_select", "default_to_current_conversation": True},
    ):
        assert client.views_open(trigger_id=slack.issue_trigger(), view=_form(element))["ok"]


def test_an_ephemeral_in_a_thread_keeps_its_thread(slack, client):
    client.chat_postEphemeral(channel="C1", user="U1", text="hi", thread_ts="1700000000.000100")
    assert slack.ephemerals[-1]["thread_ts"] == "1700000000.000100"
