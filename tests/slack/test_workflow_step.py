"""The Workflow Builder step `schedule_recording`, end to end over real HTTP: a signed
`function_executed` delivery (as Slack sends it for a step declared in manifest.yml), the task
created on the Live simulator without a card, and the execution completed on the Slack stand-in
with functions.completeSuccess (its outputs checked against the manifest) or
functions.completeError with the card's message."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.slack.workflow import FUNCTION

from wiredapp import creates

pytestmark = pytest.mark.usefixtures("no_proxies")


# an explicit date: `tomorrow` typed after midnight has two readings (see the test at the end)
DAY_AFTER = f"{datetime.now(ZoneInfo('Asia/Shanghai')).date() + timedelta(days=2):%Y-%m-%d}"


def at(zone: str, days: int, hour: int) -> int:
    day = datetime.now(ZoneInfo(zone)).date() + timedelta(days=days)
    return int(datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone)).timestamp())


def run(world, **inputs):
    inputs.setdefault("user", {"id": "U1", "secret": "c2VjcmV0"})
    body, execution = world.slack.start_function(FUNCTION, inputs)
    status, out = world.send_event(body)
    assert status == 200, out
    return world.slack.wait_for_execution(execution.id), execution


def test_the_step_creates_the_task_and_completes_with_its_task_id(world):
    start = at("Asia/Shanghai", 2, 9)  # read in the zone of the person who ran it (U1)
    day = datetime.fromtimestamp(start, ZoneInfo("Asia/Shanghai"))
    done, execution = run(world, stream="livetest", when=f"{day:%Y-%m-%d} 9am to 10am")
    assert done.state == "completed", done.error
    (task_id,) = world.sim.tasks
    assert done.outputs == {"task_id": task_id, "start": start, "end": start + 3600}
    # Bolt completed it with the execution's own just-in-time token
    (call,) = world.slack.wait_for("functions.completeSuccess")  # recorded as it answers
    assert call.headers["authorization"] == f"Bearer {execution.token}"
    # no card anywhere; the notice thread as for any recording
    assert world.slack.calls_to("chat.postEphemeral") == [] and world.slack.responses == []
    parent = world.slack.wait_for("chat.postMessage")[0]
    assert parent.args["channel"] == "CREC" and task_id in parent.args["text"]


def test_the_steps_channel_is_where_the_notices_go(world):
    done, _ = run(world, stream="livetest", when=DAY_AFTER + " 9am to 10am", channel="C1")
    assert done.state == "completed"
    assert world.slack.wait_for("chat.postMessage")[0].args["channel"] == "C1"


def test_times_are_read_in_the_zone_of_whoever_ran_it(world):
    done, _ = run(world, stream="livetest", when="tomorrow 9am for 1h", user={"id": "U2"})
    assert done.outputs["start"] == at("America/New_York", 1, 9)


def test_a_long_window_becomes_consecutive_tasks(world):
    done, _ = run(world, stream="livetest", when="tomorrow 9am for 30h")
    assert done.state == "completed", done.error
    assert len(world.sim.tasks) == 2
    assert done.outputs["task_id"].split(",") == sorted(
        world.sim.tasks, key=lambda t: world.sim.tasks[t]["StartTime"]
    )
    assert done.outputs["end"] - done.outputs["start"] == 30 * 3600


def test_a_window_the_card_would_refuse_fails_the_step_with_the_cards_message(world):
    done, _ = run(world, stream="livetest", when="yesterday 8pm for 2h")
    assert done.state == "failed"
    assert done.error.startswith("Could not schedule that\n")
    assert "in the past" in done.error and "*" not in done.error  # plain text, not mrkdwn
    assert creates(world.sim) == []


def test_a_live_error_fails_the_step_with_the_code_and_request_id(world):
    world.sim.fail_next("CreateRecordTask", "ResourceUnavailable.InvalidVodStatus", "VOD is off")
    done, _ = run(world, stream="livetest", when=DAY_AFTER + " 9am to 10am")
    assert done.state == "failed"
    assert "ResourceUnavailable.InvalidVodStatus" in done.error and "RequestId" in done.error
    assert world.sim.tasks == {}


def test_access_control_applies(make_world):
    world = make_world(env={"RECORDBOT_ALLOWED_USERS": "U2"})
    done, _ = run(world, stream="livetest", when=DAY_AFTER + " 9am to 10am")
    assert done.state == "failed" and done.error.startswith("Not allowed")
    assert "U1" in done.error
    done, _ = run(world, stream="livetest", when=DAY_AFTER + " 9am to 10am", user={"id": "U2"})
    assert done.state == "completed"


def test_without_a_person_a_restricted_bot_says_why(make_world):
    world = make_world(env={"RECORDBOT_ALLOWED_USERS": "U2"})
    body, execution = world.slack.start_function(
        FUNCTION, {"stream": "livetest", "when": "tomorrow 9am to 10am"}
    )
    world.send_event(body)
    done = world.slack.wait_for_execution(execution.id)
    assert done.state == "failed" and "without a person" in done.error


def test_without_a_person_an_open_bot_records_as_workflow_builder(world):
    body, execution = world.slack.start_function(
        FUNCTION, {"stream": "livetest", "when": "tomorrow 9am to 10am"}
    )
    world.send_event(body)
    done = world.slack.wait_for_execution(execution.id)
    assert done.state == "completed" and done.outputs["start"] == at("UTC", 1, 9)
    assert "Workflow Builder" in world.slack.wait_for("chat.postMessage")[0].args["text"]
    assert world.bot.store.list()[0].user == "workflow"


def test_a_stream_of_two_words_is_refused(world):
    done, _ = run(world, stream="live test", when=DAY_AFTER + " 9am to 10am")
    assert done.state == "failed" and "one stream name" in done.error


def test_a_retried_delivery_runs_the_step_once(world):
    body, execution = world.slack.start_function(
        FUNCTION, {"stream": "livetest", "when": DAY_AFTER + " 9am to 10am", "user": {"id": "U1"}}
    )
    world.send_event(body)
    world.send_event(body, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert world.slack.wait_for_execution(execution.id).state == "completed"
    assert len(creates(world.sim)) == 1


def test_a_when_with_two_readings_fails_rather_than_guess(world):
    done, _ = run(world, stream="livetest", when="at 7 for 1h", user={"id": "U2"})  # New York
    assert done.state == "failed" and "can mean" in done.error and world.sim.tasks == {}


def test_a_repeating_when_makes_the_series_and_outputs_its_first_recording(world):
    done, _ = run(world, stream="news", when="every day 9pm for 1h", channel="C1")
    assert done.state == "completed", done.error
    (series,) = world.bot.store.all_series(["active"])
    first = series.upcoming(series.first_start - 1, 1)[0]
    assert (done.outputs["start"], done.outputs["end"]) == first
    assert done.outputs["task_id"] in world.sim.tasks
    parent = world.slack.wait_for("chat.postMessage")[
        0
    ]  # the series' thread, in the step's channel
    assert parent.args["channel"] == "C1" and "every day at 21:00 for 1h" in parent.args["text"]


def test_a_booking_completes_the_step_with_no_task_id_yet(world):
    day = datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=20)
    done, _ = run(world, stream="livetest", when=f"{day:%Y-%m-%d} 9am to 10am")
    assert done.state == "completed", done.error
    assert done.outputs["task_id"] == "" and world.sim.tasks == {}
    assert done.outputs["start"] == at("Asia/Shanghai", 20, 9)


@pytest.mark.parametrize("when", ["后天上午9点到10点", "後天上午9點到10點"])
def test_a_chinese_when_is_refused_in_chinese(make_world, when):
    from langcheck import english_words

    world = make_world(env={"RECORDBOT_ALLOWED_USERS": "U2"})
    done, _ = run(world, stream="live test", when=when)
    assert done.state == "failed" and "stream" in done.error
    assert not english_words(done.error, "stream", "name", "app/name", "domain/app/name")
    body, execution = world.slack.start_function(FUNCTION, {"stream": "livetest", "when": when})
    world.send_event(body)
    done = world.slack.wait_for_execution(execution.id)
    assert done.state == "failed" and "recordbot" in done.error
    assert not english_words(done.error), done.error
