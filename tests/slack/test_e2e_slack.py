"""The wired app over real HTTP: signed Slack requests in, the Slack stand-in and the Live API
simulator (through the real SDK) out."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.ui.cards import Action

from slackfake import post, post_signed, response_url_of, sign
from wiredapp import SECRET, button_value, creates

pytestmark = pytest.mark.usefixtures("no_proxies")


def text_of(card: dict) -> str:
    parts = [card.get("text", "")]
    for block in card.get("blocks", []):
        if "text" in block:
            parts.append(block["text"]["text"])
        parts += [
            e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str)
        ]
    return "\n".join(parts)


def next_8pm(zone: str) -> datetime:
    now = datetime.now(ZoneInfo(zone))
    at = now.replace(hour=20, minute=0, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)


def test_happy_path_in_the_users_zone(world):
    sim, slack = world.sim, world.slack
    card = world.command("livetest from 8pm for 3h")
    assert card["response_type"] == "ephemeral"
    start = int(next_8pm("Asia/Shanghai").timestamp())
    assert f"<!date^{start}^" in text_of(card)
    assert "Asia/Shanghai" in text_of(card)
    assert "push.example.com/live/livetest" in text_of(card)
    assert sim.calls == []  # nothing is created before Confirm

    outcome = world.press(card, Action.CONFIRM)
    assert outcome["replace_original"] is True
    (task_id,) = sim.tasks
    task = sim.tasks[task_id]
    assert (task["StreamName"], task["DomainName"], task["AppName"]) == (
        "livetest",
        "push.example.com",
        "live",
    )
    assert (task["StartTime"], task["EndTime"]) == (start, start + 3 * 3600)
    assert task_id in text_of(outcome)
    notice = slack.wait_for("chat.postMessage")[0].args
    assert notice["channel"] == "CREC" and task_id in notice["text"] and "<@U1>" in notice["text"]


def test_new_york_user_gets_new_york_8pm(world):
    sim = world.sim
    card = world.command("livetest from 8pm for 1h", user="U2")
    world.press(card, Action.CONFIRM, user="U2")
    (task,) = sim.tasks.values()
    assert task["StartTime"] == int(next_8pm("America/New_York").timestamp())


def test_user_without_zone_gets_utc_with_a_note(world):
    card = world.command("livetest from 8pm for 1h", user="U3")
    assert "UTC" in text_of(card) and "no time zone" in text_of(card)


def test_double_click_creates_once(world):
    sim, slack = world.sim, world.slack
    card = world.command("livetest tomorrow 9am to 11:30am")
    value = button_value(card, Action.CONFIRM)
    bodies = [
        slack.block_actions_body(Action.CONFIRM, value, user_id="U1", channel_id="C1")
        for _ in range(2)
    ]
    for body in bodies:
        assert post_signed(world.url, SECRET, body)[0] == 200
    responses = slack.wait_for_responses(3)  # the card, then one answer per click
    assert len(sim.tasks) == 1
    (task_id,) = sim.tasks
    answers = [text_of(r.body) for r in responses[1:]]
    assert any("Already" in a and task_id in a for a in answers) or any(
        "Already being created" in a for a in answers
    )
    assert len([c for c in sim.calls if c[0] == "CreateRecordTask"]) == 1


def test_cloud_error_reaches_the_user_with_request_id(world):
    sim = world.sim
    card = world.command("livetest tomorrow 9am to 10am")
    sim.fail_next(
        "CreateRecordTask", "ResourceUnavailable.InvalidVodStatus", "VOD is not activated"
    )
    outcome = world.press(card, Action.CONFIRM)
    text = text_of(outcome)
    assert "ResourceUnavailable.InvalidVodStatus" in text and "VOD" in text
    assert "RequestId" in text
    assert sim.tasks == {}


def test_bad_window_is_refused_before_any_api_call(world):
    sim = world.sim
    card = world.command("livetest yesterday 8pm for 2h")
    assert "past" in text_of(card)
    assert sim.calls == []
    assert not any(b.get("type") == "actions" for b in card["blocks"])


def test_cancel(world):
    sim = world.sim
    card = world.command("livetest tomorrow 9am to 10am")
    outcome = world.press(card, Action.CANCEL)
    assert "Cancelled" in text_of(outcome)
    assert sim.calls == []


def test_forged_signature_and_stale_timestamp_get_401(world):
    slack = world.slack
    body = slack.slash_command_body("livetest now for 1h")
    assert post_signed(world.url, "not-the-secret", body)[0] == 401
    stale = int(time.time()) - 6 * 60
    assert post(world.url, body, sign(SECRET, body, stale))[0] == 401
    assert slack.responses == []


def test_list_and_stop_over_slack(world):
    sim = world.sim
    card = world.command("livetest now for 1h")
    world.press(card, Action.CONFIRM)
    (task_id,) = sim.tasks
    listing = world.command("list")
    assert "`#1`" in text_of(listing)  # the short number, not the 56-character TaskId
    assert button_value(listing, Action.STOP) == task_id
    # the whole TaskId typed out names one recording: it stops at once, no second question
    outcome = world.command(f"stop {task_id}")
    assert "Stopped" in text_of(outcome)
    assert sim.tasks[task_id]["Stopped"] > 0  # Live keeps the stop time
    # and a second stop says so at once instead of asking again
    again = world.command(f"stop {task_id}")
    assert "already stopped" in text_of(again)
    assert "actions" not in [block["type"] for block in again["blocks"]]  # nothing to press


def test_slash_command_is_acked_before_slow_work(world):
    slack = world.slack
    slack.delay_next("users.info", 3.0)
    body = slack.slash_command_body("livetest now for 1h", user_id="U1")
    status, _, out = post_signed(world.url, SECRET, body)
    assert status == 200 and out == b""
    # the ack came back while users.info was still being answered: the card follows later
    assert slack.responses == []
    card = slack.wait_for_responses(1, timeout=10)[0].body
    assert button_value(card, Action.CONFIRM)


def get(url: str) -> tuple[int, dict]:
    from urllib.error import HTTPError
    from urllib.request import urlopen

    try:
        with urlopen(url, timeout=10) as r:  # noqa: S310 - loopback
            return r.status, json.loads(r.read())
    except HTTPError as err:
        return err.code, json.loads(err.read())


def test_health_reports_task_log_and_live_api(world):
    sim, server = world.sim, world.server
    status, report = get(f"{server.url}/healthz")
    assert status == 200 and report["task_log"] == "ok" and report["live_api"] == "ok"
    assert sim.calls and sim.calls[-1][0] == "DescribeRecordTask"


def test_health_is_503_when_live_is_down(world):
    sim, server = world.sim, world.server
    sim.stop()
    status, report = get(f"{server.url}/healthz")
    assert status == 503 and report["live_api"].startswith("error") and report["task_log"] == "ok"


def test_a_redelivered_command_is_answered_once(world):
    slack = world.slack
    body = slack.slash_command_body("livetest tomorrow 9am to 10am", user_id="U1")
    headers = sign(SECRET, body)
    assert post(world.url, body, headers)[0] == 200
    retry = {**sign(SECRET, body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert post(world.url, body, retry)[0] == 200
    slack.wait_for_responses(1)
    time.sleep(0.5)  # give a wrongly handled retry the time to show up
    assert len(slack.responses) == 1


def modal_state(stream: str, start: datetime, end: datetime) -> dict:
    def picked(kind: str, key: str, value: str) -> dict:
        return {"value": {"type": kind, key: value}}

    return {
        "stream": {"value": {"type": "plain_text_input", "value": stream}},
        "start_date": picked("datepicker", "selected_date", f"{start:%Y-%m-%d}"),
        "start_time": picked("timepicker", "selected_time", f"{start:%H:%M}"),
        "end_date": picked("datepicker", "selected_date", f"{end:%Y-%m-%d}"),
        "end_time": picked("timepicker", "selected_time", f"{end:%H:%M}"),
    }


def test_edit_dialog_prefills_validates_and_updates_the_card(world):
    sim, slack = world.sim, world.slack
    zone = ZoneInfo("Asia/Shanghai")
    tomorrow = (datetime.now(zone) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    # dated: typed after midnight, `tomorrow` would also offer the day now starting
    card = world.command(f"livetest {tomorrow:%Y-%m-%d} 9am to 10am")
    value = button_value(card, Action.EDIT)
    click = slack.block_actions_body(Action.EDIT, value, user_id="U1", channel_id="C1")
    assert post_signed(world.url, SECRET, click)[0] == 200
    view = slack.wait_for("views.open")[0].response["view"]
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["stream"]["initial_value"] == "push.example.com/live/livetest"
    assert fields["start_date"]["initial_date"] == f"{tomorrow:%Y-%m-%d}"
    assert fields["start_time"]["initial_time"] == "09:00"
    assert fields["start_time"]["timezone"] == "Asia/Shanghai"

    # an end before the start is refused inside the dialog, and nothing changes
    bad = modal_state("livetest", tomorrow.replace(hour=14), tomorrow.replace(hour=13))
    status, _, out = post_signed(
        world.url, SECRET, slack.submission_for_view(view["id"], bad, "U1")
    )
    answer = json.loads(out)
    assert status == 200 and answer["response_action"] == "errors" and answer["errors"]
    bad_stream = modal_state("live test!", tomorrow.replace(hour=13), tomorrow.replace(hour=14))
    out = post_signed(world.url, SECRET, slack.submission_for_view(view["id"], bad_stream, "U1"))[2]
    assert "stream" in json.loads(out)["errors"]

    good = modal_state("livetest", tomorrow.replace(hour=13), tomorrow.replace(hour=14, minute=30))
    status, _, out = post_signed(
        world.url, SECRET, slack.submission_for_view(view["id"], good, "U1")
    )
    assert status == 200 and out == b""
    updated = slack.wait_for_responses(1, url=response_url_of(click))[-1].body
    assert updated["replace_original"] is True
    start = int(tomorrow.replace(hour=13, minute=0).timestamp())
    assert f"<!date^{start}^" in text_of(updated)
    outcome = world.press(updated, Action.CONFIRM)
    (task,) = sim.tasks.values()
    assert (task["StartTime"], task["EndTime"]) == (start, start + 90 * 60)
    assert "Scheduled" in text_of(outcome)


def test_a_30h_window_is_confirmed_as_two_tasks_and_stopped_together(world):
    sim = world.sim
    card = world.command("livetest tomorrow 9am for 30h")
    assert "2 consecutive tasks" in text_of(card)
    outcome = world.press(card, Action.CONFIRM_ALL)
    assert len(sim.tasks) == 2 and "Scheduled" in text_of(outcome)
    tasks = sorted(sim.tasks.values(), key=lambda t: t["StartTime"])
    assert tasks[0]["EndTime"] == tasks[1]["StartTime"]
    assert tasks[1]["EndTime"] - tasks[0]["StartTime"] == 30 * 3600
    ask = world.command(f"stop {tasks[1]['TaskId']}")
    # the parts go together, and the card says so before anything happens
    assert "split into 2 consecutive tasks, which go together" in text_of(ask)
    assert button_value(ask, Action.STOP_ONE) == tasks[1]["TaskId"]
    stopped = world.press(ask, Action.STOP)
    assert "all 2 parts" in text_of(stopped)
    assert all(t["Stopped"] for t in sim.tasks.values())


def test_only_one_part_of_a_split_recording_can_be_stopped(world):
    sim = world.sim
    card = world.command("livetest now for 30h")
    world.press(card, Action.CONFIRM_ALL)
    first, second = sorted(sim.tasks.values(), key=lambda t: t["StartTime"])
    ask = world.command(f"stop {first['TaskId']}")
    stopped = world.press(ask, Action.STOP_ONE)
    assert "Stopped" in text_of(stopped) and "all" not in text_of(stopped)
    assert sim.tasks[first["TaskId"]]["Stopped"] and not sim.tasks[second["TaskId"]]["Stopped"]


def test_an_allowed_user_group_decides_who_may_record(make_world):
    world = make_world(
        users={"U1": "UTC", "U2": "UTC"},
        env={"RECORD_CHANNEL": None, "RECORDBOT_ALLOWED_GROUP": "S1", "RECORDBOT_ADMINS": "U2"},
    )
    world.slack.add_usergroup("S1", ["U2"])
    refused = world.command("livetest now for 1h", user="U1")
    assert "not on recordbot's list" in text_of(refused) and "<@U2>" in text_of(refused)
    allowed = world.command("livetest now for 1h", user="U2")
    world.press(allowed, Action.CONFIRM, user="U2")
    assert len(world.sim.tasks) == 1
    assert len(world.slack.calls_to("usergroups.users.list")) == 1  # cached


def test_another_persons_cancel_and_confirm_change_nothing(world):
    card = world.command("livetest tomorrow 9am to 10am", user="U1")
    refused = world.press(card, Action.CANCEL, user="U2")
    assert "someone else's request" in text_of(refused)
    refused = world.press(card, Action.CONFIRM, user="U2")
    assert "someone else's request" in text_of(refused)
    assert world.sim.tasks == {}
    assert world.row(button_value(card, Action.CONFIRM)).status == "proposed"
    # the owner still can
    assert "Scheduled" in text_of(world.press(card, Action.CONFIRM, user="U1"))


def test_edit_opens_in_time_while_slow_confirms_fill_the_work_queue(world):
    sim, slack = world.sim, world.slack
    cards = [world.command(f"cam{i} tomorrow 9am to 10am") for i in range(9)]
    sim.delay_next("CreateRecordTask", 2.0, times=8)  # eight slow confirms, all at once
    for card in cards[:8]:
        body = slack.block_actions_body(
            Action.CONFIRM, button_value(card, Action.CONFIRM), user_id="U1", channel_id="C1"
        )
        assert post_signed(world.url, SECRET, body)[0] == 200
    edit = slack.block_actions_body(
        Action.EDIT, button_value(cards[8], Action.EDIT), user_id="U1", channel_id="C1"
    )
    assert post_signed(world.url, SECRET, edit)[0] == 200
    slack.wait_for("views.open", timeout=5)
    # it opened while every worker was still waiting on Live: not queued behind the confirms
    answered = [r for r in slack.responses if "Scheduled" in json.dumps(r.body)]
    assert answered == []


def test_a_removed_task_log_is_noticed_and_nothing_is_sent_to_live(world):
    card = world.command("livetest tomorrow 9am to 10am")
    path = world.bot.store.path
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    status, report = get(f"{world.server.url}/healthz")
    assert status == 503 and "deleted or replaced" in report["task_log"]
    refused = world.press(card, Action.CONFIRM)
    assert "deleted or replaced" in text_of(refused)
    assert world.sim.tasks == {} and creates(world.sim) == []


def test_an_answer_the_response_url_refused_reaches_the_person_through_the_outbox(world):
    """The fallback ephemeral is a personal message: queued, so a 429 delays it."""
    slack = world.slack
    slack.fail_next("response_url", "expired_url", status=404)
    slack.rate_limit_next("chat.postEphemeral", retry_after=1)
    body = slack.slash_command_body("livetest tomorrow 9am to 10am", user_id="U1", channel_id="C1")
    assert world.send(body)[0] == 200
    limited, delivered = slack.wait_for("chat.postEphemeral", 2, timeout=10)[:2]
    assert (limited.status, delivered.status) == (429, 200)
    assert delivered.at - limited.at >= 1.0
    time.sleep(0.2)
    (shown,) = slack.ephemerals  # once
    assert (shown["user"], shown["channel"]) == ("U1", "C1") and "livetest" in shown["text"]
    assert any(b.get("type") == "actions" for b in shown["blocks"])  # the card, buttons and all


def test_a_rate_limited_users_info_is_waited_out_not_read_as_utc(world):
    world.slack.rate_limit_next("users.info", retry_after=1)
    card = world.command("livetest from 8pm for 1h")
    assert "Asia/Shanghai" in text_of(card) and "Could not read" not in text_of(card)
    assert [c.status for c in world.slack.calls_to("users.info")][:2] == [429, 200]


def test_export_uploads_a_csv_to_the_person(world):
    slack = world.slack
    day = datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=2)
    world.press(world.command(f"livetest {day:%Y-%m-%d} 9am to 10am"), Action.CONFIRM)
    card = world.command("export")
    assert "Export: 1 recording" in text_of(card) and "Messages tab" in text_of(card)
    (shared,) = slack.shared_files
    assert shared["channel"] == "D1" and shared["filename"].endswith(".csv")
    rows = shared["data"].decode().splitlines()
    assert rows[0].startswith("task_id,stream,app,domain,start,end,status")
    assert len(rows) == 2 and ",livetest," in rows[1]
    assert [c.method for c in slack.calls_to("files.completeUploadExternal")] == [
        "files.completeUploadExternal"
    ]
