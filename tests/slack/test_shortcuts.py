"""The shortcuts and their form, end to end over real HTTP: a signed global shortcut and message
shortcut in, views.open on the Slack stand-in (the form as Slack would check it), the form's
submission as Slack sends it, its errors in the ack, and the card that follows."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.slack.form import FORM_VIEW, RECORD_THIS_SHORTCUT, SCHEDULE_SHORTCUT, Field
from bot.ui.cards import Action

from wiredapp import button_value, texts

pytestmark = pytest.mark.usefixtures("no_proxies")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def tomorrow(zone: ZoneInfo = SHANGHAI) -> datetime:
    return datetime.now(zone) + timedelta(days=1)


def element(view: dict, block_id: str) -> dict:
    (block,) = [b for b in view["blocks"] if b.get("block_id") == block_id]
    return block["element"]


def state(
    stream: str | None = "livetest",
    day: str | None = None,
    clock: str = "20:00",
    length: str = "1h 30m",
    repeat: str = "none",
    picked: str | None = None,
    channel: str | None = None,
) -> dict:
    """A submission's state.values, as Slack fills them from the form's elements."""
    values = {
        Field.NEW: {"value": {"type": "plain_text_input", "value": stream}},
        Field.DATE: {
            "value": {"type": "datepicker", "selected_date": day or f"{tomorrow():%Y-%m-%d}"}
        },
        Field.TIME: {
            "value": {"type": "timepicker", "selected_time": clock, "timezone": "Asia/Shanghai"}
        },
        Field.LENGTH: {"value": {"type": "plain_text_input", "value": length}},
        Field.REPEAT: {
            "value": {
                "type": "static_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": repeat},
                    "value": repeat,
                },
            }
        },
    }
    if picked is not None:
        values[Field.PICK] = {
            "value": {
                "type": "static_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": picked},
                    "value": picked,
                },
            }
        }
    if channel is not None:
        values[Field.CHANNEL] = {
            "value": {"type": "conversations_select", "selected_conversation": channel}
        }
    return values


def open_form(world, body: bytes) -> dict:
    status, out = world.send(body)
    assert status == 200 and out == b""
    (call,) = world.slack.wait_for("views.open")
    assert call.ok, call.response
    return call.response["view"]


def submit(world, view: dict, values: dict, user: str = "U1") -> tuple[int, dict | None]:
    status, out = world.send(world.slack.submission_for_view(view["id"], values, user))
    return status, (json.loads(out) if out else None)


def test_the_global_shortcut_opens_the_form_in_the_persons_zone(world):
    world.command("alias sports = 5000.live.push.com/live/cctv5")
    world.press(world.command("livetest tomorrow 9am to 10am"))
    view = open_form(world, world.slack.shortcut_body(SCHEDULE_SHORTCUT, "U2"))  # New York
    assert view["callback_id"] == FORM_VIEW
    time_picker = element(view, Field.TIME)
    assert time_picker["type"] == "timepicker" and time_picker["timezone"] == "America/New_York"
    options = [o["value"] for o in element(view, Field.PICK)["options"]]
    assert options == ["sports", "push.example.com/live/livetest"]
    assert element(view, Field.REPEAT)["initial_option"]["value"] == "none"
    assert element(view, Field.CHANNEL)["default_to_current_conversation"] is True


def test_the_forms_submission_leads_to_the_same_card_in_the_channel_picked(world):
    slack, sim = world.slack, world.sim
    view = open_form(world, slack.shortcut_body(SCHEDULE_SHORTCUT, "U1"))
    status, answer = submit(world, view, state(channel="C1"))
    assert status == 200 and answer is None  # the form closes
    (call,) = slack.wait_for("chat.postEphemeral")
    assert (call.args["channel"], call.args["user"]) == ("C1", "U1")
    card = {"text": call.args["text"], "blocks": call.args["blocks"]}
    start = tomorrow().replace(hour=20, minute=0, second=0, microsecond=0)
    assert f"<!date^{int(start.timestamp())}^" in "\n".join(texts(card))
    assert "1h 30m" in "\n".join(texts(card))
    assert all(
        any(e.get("action_id") == a for b in card["blocks"] for e in b.get("elements", []))
        for a in (Action.CONFIRM, Action.EDIT, Action.CANCEL)
    )
    world.click(Action.CONFIRM, button_value(card, Action.CONFIRM))
    (task,) = sim.tasks.values()
    assert (task["StreamName"], task["StartTime"], task["EndTime"]) == (
        "livetest",
        int(start.timestamp()),
        int(start.timestamp()) + 5400,
    )
    assert world.row(button_value(card, Action.CONFIRM)).channel == "C1"


def test_with_no_channel_the_card_comes_in_a_direct_message(world):
    view = open_form(world, world.slack.shortcut_body(SCHEDULE_SHORTCUT, "U1"))
    assert submit(world, view, state())[0] == 200
    (call,) = world.slack.wait_for("chat.postMessage")
    assert call.args["channel"] == "U1" and call.response["channel"] == "D1"
    assert button_value(world.slack.messages("D1")[0], Action.CONFIRM)


def test_a_channel_the_bot_is_not_in_gets_a_direct_message_instead(world):
    world.slack.add_channel("CNOT", "elsewhere", is_member=False)
    view = open_form(world, world.slack.shortcut_body(SCHEDULE_SHORTCUT, "U1"))
    assert submit(world, view, state(channel="CNOT"))[0] == 200
    (call,) = world.slack.wait_for("chat.postMessage")
    assert call.args["channel"] == "U1"
    assert world.slack.calls_to("chat.postEphemeral")[0].error == "not_in_channel"


def test_a_stream_picked_from_the_select(world):
    world.command("alias sports = 5000.live.push.com/live/cctv5")
    view = open_form(world, world.slack.shortcut_body(SCHEDULE_SHORTCUT, "U1"))
    assert submit(world, view, state(stream=None, picked="sports", channel="C1"))[0] == 200
    (call,) = world.slack.wait_for("chat.postEphemeral")
    assert "5000.live.push.com/live/cctv5" in call.args["blocks"][1]["text"]["text"]


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"length": "banana"}, Field.LENGTH, "1h 30m"),
        ({"length": "0m"}, Field.LENGTH, "more than zero"),
        ({"stream": ""}, Field.NEW, "Pick a stream"),
        ({"stream": "bad name!"}, Field.NEW, "domain/app/name"),
        ({"day": "2020-01-01"}, Field.TIME, "past"),
        ({"length": "200h"}, Field.LENGTH, "72h limit"),
    ],
)
def test_validation_errors_answer_in_the_form(world, values, field, words):
    view = open_form(world, world.slack.shortcut_body(SCHEDULE_SHORTCUT, "U1"))
    status, answer = submit(world, view, state(**values))
    assert status == 200
    assert answer["response_action"] == "errors"
    assert words in answer["errors"][field], answer
    assert world.slack.calls_to("chat.postEphemeral") == []


def test_a_window_too_far_ahead_names_the_date(world):
    view = open_form(world, world.slack.shortcut_body(SCHEDULE_SHORTCUT, "U1"))
    far = f"{tomorrow() + timedelta(days=400):%Y-%m-%d}"
    _, answer = submit(world, view, state(day=far))
    assert "366 days" in answer["errors"][Field.DATE]


def calendar_message(ts: str = "1700000000.000300") -> dict:
    """A calendar paste, for the day after tomorrow in New York: `Tuesday, December 1 ·
    7:00 – 9:30pm EST`, as a person posts it."""
    day = datetime.now(ZoneInfo("America/New_York")).date() + timedelta(days=2)
    return {
        "type": "message",
        "user": "U2",
        "ts": ts,
        "team": "T1",
        "text": f"Weekly sync\n{day:%A, %B} {day.day} · 7:00 – 9:30pm EST\nVideo call link: <https://meet.example.com/abc|meet.example.com/abc>",
    }


def test_record_this_reads_the_window_from_the_message(world):
    slack = world.slack
    message = calendar_message()
    view = open_form(world, slack.message_action_body(RECORD_THIS_SHORTCUT, message, "U1", "C1"))
    day = datetime.now(ZoneInfo("America/New_York")).date() + timedelta(days=2)
    start = datetime(day.year, day.month, day.day, 19, tzinfo=ZoneInfo("America/New_York"))
    local = start.astimezone(SHANGHAI)  # shown in U1's zone
    assert element(view, Field.DATE)["initial_date"] == f"{local:%Y-%m-%d}"
    assert element(view, Field.TIME)["initial_time"] == f"{local:%H:%M}"
    assert element(view, Field.LENGTH)["initial_value"] == "2h 30m"
    assert "Read from the message" in view["blocks"][0]["text"]["text"]
    assert not [b for b in view["blocks"] if b.get("block_id") == Field.CHANNEL]

    # The person picks the stream; the card comes to them alone, in the message's channel.
    values = state(day=f"{local:%Y-%m-%d}", clock=f"{local:%H:%M}", length="2h 30m")
    assert submit(world, view, values)[0] == 200
    (call,) = slack.wait_for("chat.postEphemeral")
    assert (call.args["channel"], call.args["user"]) == ("C1", "U1")
    card = {"text": call.args["text"], "blocks": call.args["blocks"]}
    assert f"<!date^{int(start.timestamp())}^" in "\n".join(texts(card))


def test_record_this_in_a_thread_answers_in_that_thread(world):
    message = {**calendar_message("1700000000.000500"), "thread_ts": "1700000000.000400"}
    body = world.slack.message_action_body(RECORD_THIS_SHORTCUT, message, "U1", "C1")
    view = open_form(world, body)
    assert submit(world, view, state(channel=None))[0] == 200
    (call,) = world.slack.wait_for("chat.postEphemeral")
    assert call.args["thread_ts"] == "1700000000.000400"


def test_record_this_on_a_threads_parent_answers_in_the_channel(world):
    message = {**calendar_message("1700000000.000400"), "thread_ts": "1700000000.000400"}
    view = open_form(world, world.slack.message_action_body(RECORD_THIS_SHORTCUT, message))
    assert submit(world, view, state())[0] == 200
    (call,) = world.slack.wait_for("chat.postEphemeral")
    assert "thread_ts" not in call.args


def test_record_this_on_a_message_with_no_time_opens_the_form_empty_with_a_note(world):
    message = {"type": "message", "user": "U2", "ts": "1700000000.000600", "text": "Great show!"}
    view = open_form(world, world.slack.message_action_body(RECORD_THIS_SHORTCUT, message))
    assert "No date or time could be read" in view["blocks"][0]["text"]["text"]
    assert element(view, Field.LENGTH)["initial_value"] == "1h"


def test_record_this_reads_a_calendar_apps_blocks_and_date_tokens(world):
    at = int((datetime.now(SHANGHAI) + timedelta(days=1)).replace(hour=15, minute=0).timestamp())
    message = {
        "type": "message",
        "bot_id": "BCAL",
        "ts": "1700000000.000700",
        "text": "",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "*Launch stream*"}},
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"<!date^{at}^{{date_short_pretty}} at {{time}}|soon> for 2 hours",
                },
            },
        ],
    }
    view = open_form(world, world.slack.message_action_body(RECORD_THIS_SHORTCUT, message))
    assert element(view, Field.TIME)["initial_time"] == "15:00"
    assert element(view, Field.LENGTH)["initial_value"] == "2h"


def test_an_expired_trigger_is_said_on_a_message_shortcut(world):
    world.slack.trigger_ttl = -1  # every trigger is already too old
    message = {"type": "message", "user": "U2", "ts": "1700000000.000800", "text": "8pm to 9pm"}
    body = world.slack.message_action_body(RECORD_THIS_SHORTCUT, message)
    assert world.send(body)[0] == 200
    (post,) = world.slack.wait_for_responses(1)
    assert "too long to open the form" in post.body["text"]
