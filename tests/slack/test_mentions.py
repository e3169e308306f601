"""Mentions and direct messages, end to end over real HTTP: signed Events API deliveries in
(`app_mention`, `message.im`, as Slack sends them), the card out through the Slack stand-in, and
Confirm creating the task on the Live simulator."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.slack.mentions import command_text, from_a_person
from bot.ui.cards import Action

from wiredapp import button_value, creates, texts

pytestmark = pytest.mark.usefixtures("no_proxies")


def in_two_days_9am(zone: str) -> int:
    day = datetime.now(ZoneInfo(zone)).date() + timedelta(days=2)
    return int(datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo(zone)).timestamp())


# An explicit date: `tomorrow` typed after midnight has two readings (the coming day first).
DAY = f"{datetime.now(ZoneInfo('Asia/Shanghai')).date() + timedelta(days=2):%Y-%m-%d}"


def test_command_text_drops_the_bots_mention_and_slacks_escaping():
    assert command_text("<@UBOT> livetest tonight 8-11", "UBOT") == "livetest tonight 8-11"
    assert command_text("<@UBOT|recordbot>  list", "UBOT") == "list"
    assert command_text("hey <@UBOT> help", "UBOT") == "hey help"
    assert command_text("<@UBOT> a &lt;b&gt; &amp; c", "UBOT") == "a <b> & c"
    assert command_text("<@UOTHER> livetest now for 1h", None) == "livetest now for 1h"


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message", "user": "U1", "text": "hi", "channel": "D1", "bot_id": "B2"},
        {"type": "message", "subtype": "bot_message", "text": "hi", "channel": "D1"},
        {"type": "message", "user": "UBOT", "text": "hi", "channel": "D1"},
        {"type": "message", "subtype": "message_changed", "channel": "D1", "message": {}},
        {"type": "message", "user": "U1", "text": None, "channel": "D1"},
        "not an event",
    ],
)
def test_only_a_persons_new_message_counts(event):
    assert not from_a_person(event, "UBOT")


def test_a_mention_is_answered_to_its_author_alone(world):
    slack, sim = world.slack, world.sim
    body = slack.app_mention_body(f"<@UBOT> livetest {DAY} 9am to 10am", "U1", "C1")
    status, _ = world.send_event(body)
    assert status == 200
    (call,) = slack.wait_for("chat.postEphemeral")
    assert (call.args["channel"], call.args["user"]) == ("C1", "U1")
    # Beside the mention, not in a thread of it: Slack shows an ephemeral message in a thread
    # only when the thread is already active (chat.postEphemeral, `thread_ts`).
    assert "thread_ts" not in call.args
    card = {"text": call.args["text"], "blocks": call.args["blocks"]}
    assert f"<!date^{in_two_days_9am('Asia/Shanghai')}^" in "\n".join(texts(card))
    assert "push.example.com/live/livetest" in "\n".join(texts(card))
    assert sim.tasks == {}  # nothing before Confirm

    # The card's Confirm, pressed on that ephemeral message (its click carries a response_url).
    outcome = world.click(Action.CONFIRM, button_value(card, Action.CONFIRM))
    (task_id,) = sim.tasks
    assert task_id in "\n".join(texts(outcome))
    assert sim.tasks[task_id]["StartTime"] == in_two_days_9am("Asia/Shanghai")


def test_a_mention_in_a_thread_is_answered_in_that_thread(world):
    body = world.slack.app_mention_body("<@UBOT> help", "U2", "C1", thread_ts="1700000000.000100")
    assert world.send_event(body)[0] == 200
    (call,) = world.slack.wait_for("chat.postEphemeral")
    assert call.args["thread_ts"] == "1700000000.000100"
    assert world.slack.ephemerals[-1]["thread_ts"] == "1700000000.000100"
    assert "How to use /record" in call.args["text"]


def test_a_mention_reaches_every_subcommand(world):
    world.command("livetest tomorrow 9am to 10am")  # something to list (a card, not a task)
    card = world.command("livetest tomorrow 11am to noon")
    world.press(card)
    assert world.send_event(world.slack.app_mention_body("<@UBOT> list", "U1", "C1"))[0] == 200
    (call,) = world.slack.wait_for("chat.postEphemeral")
    assert "Recordings" in call.args["text"]
    assert any(
        e.get("action_id") == Action.STOP
        for b in call.args["blocks"]
        for e in b.get("elements", [])
    )


def test_a_direct_message_is_answered_in_the_conversation_and_its_card_updated_in_place(world):
    slack, sim = world.slack, world.sim
    assert world.send_event(slack.message_im_body("livetest tomorrow 9am to 10am", "U1"))[0] == 200
    (post,) = slack.wait_for("chat.postMessage")
    assert post.args["channel"] == "D1" and "thread_ts" not in post.args
    (message,) = slack.messages("D1")
    confirm = button_value(message, Action.CONFIRM)

    # Confirm on the DM card: the click carries the message (not ephemeral) and its channel.
    click = slack.block_actions_body(
        Action.CONFIRM, confirm, user_id="U1", channel_id="D1",
        channel_name="directmessage", message=message,
    )  # fmt: skip
    assert world.send(click)[0] == 200
    (update,) = slack.wait_for("chat.update")
    assert (update.args["channel"], update.args["ts"]) == ("D1", message["ts"])
    (task_id,) = sim.tasks
    (updated,) = slack.messages("D1")
    assert task_id in "\n".join(texts(updated)) and "edited" in updated
    assert not [r for r in slack.responses if r.ok]  # not through the response_url


def test_a_direct_message_in_a_thread_is_answered_in_that_thread(world):
    body = world.slack.message_im_body("help", "U1", thread_ts="1700000000.000200")
    assert world.send_event(body)[0] == 200
    (post,) = world.slack.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "1700000000.000200"


def test_edit_on_a_direct_message_card_updates_that_message(world):
    slack = world.slack
    world.send_event(slack.message_im_body("livetest tomorrow 9am to 10am", "U1"))
    slack.wait_for("chat.postMessage")
    (message,) = slack.messages("D1")
    click = slack.block_actions_body(
        Action.EDIT, button_value(message, Action.EDIT), user_id="U1", channel_id="D1",
        channel_name="directmessage", message=message,
    )  # fmt: skip
    assert world.send(click)[0] == 200
    (opened,) = slack.wait_for("views.open")
    view_id = opened.response["view"]["id"]
    day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=1)).date().isoformat()
    state = {
        "stream": {"value": {"type": "plain_text_input", "value": "livetest"}},
        "start_date": {"value": {"type": "datepicker", "selected_date": day}},
        "start_time": {"value": {"type": "timepicker", "selected_time": "10:00"}},
        "end_date": {"value": {"type": "datepicker", "selected_date": day}},
        "end_time": {"value": {"type": "timepicker", "selected_time": "12:00"}},
    }
    assert world.send(slack.submission_for_view(view_id, state, "U1"))[0] == 200
    (update,) = slack.wait_for("chat.update")
    assert (update.args["channel"], update.args["ts"]) == ("D1", message["ts"])
    assert "2h" in "\n".join(texts(slack.messages("D1")[0]))


def test_bots_messages_edits_and_deletions_are_never_answered(world):
    slack = world.slack
    ignored = [
        slack.app_mention_body("<@UBOT> livetest now for 1h", "U9", "C1", bot_id="B9"),
        slack.message_im_body("livetest now for 1h", "U9", bot_id="B9"),
        slack.message_im_body("livetest now for 1h", None, bot_id="B9", subtype="bot_message"),
        slack.message_im_body("livetest now for 1h", "UBOT", bot_id="BBOT"),  # its own
        slack.message_im_body("livetest now for 1h", "U1", subtype="message_changed"),
        slack.message_im_body("livetest now for 1h", "U1", subtype="message_deleted"),
    ]
    for body in ignored:
        assert world.send_event(body)[0] == 200
    # A person's message after them is answered; nothing else was.
    world.send_event(slack.message_im_body("help", "U2"))
    slack.wait_for("chat.postMessage")
    time.sleep(0.3)
    posts = slack.calls_to("chat.postMessage") + slack.calls_to("chat.postEphemeral")
    assert [c.args["channel"] for c in posts] == ["D2"]
    assert creates(world.sim) == []


def test_a_retried_event_is_answered_once(world):
    body = world.slack.app_mention_body("<@UBOT> help", "U1", "C1")
    assert world.send_event(body)[0] == 200
    assert (
        world.send_event(body, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})[
            0
        ]
        == 200
    )
    world.slack.wait_for("chat.postEphemeral")
    time.sleep(0.3)
    assert len(world.slack.calls_to("chat.postEphemeral")) == 1


def test_an_unsigned_event_is_refused(world):
    from slackfake import post

    body = world.slack.app_mention_body("<@UBOT> livetest now for 1h", "U1", "C1")
    status, _, _ = post(world.url, body, {"Content-Type": "application/json"})
    assert status == 401
