"""A series end to end over real HTTP: the slash command and its buttons signed as Slack sends
them, the Slack stand-in and the Live API simulator (through the real SDK) out, and the whole
process's clock moved forward day by day with time-machine (the bot, Slack's signatures and Live's
own window rules all see the same time). One thread follows the series; each weekday's recording
is created once, across a restart; Stop series ends it."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import time_machine
from test_e2e_lifecycle import LifecycleWorld, button_value, kind_of, text_of

from bot.ui.cards import Action

from wiredapp import CHANNEL, World, creates

pytestmark = pytest.mark.usefixtures("no_proxies")
DAY = 86400


@pytest.fixture
def traveller():
    with time_machine.travel(datetime.now(UTC), tick=True) as traveller:
        yield traveller


@pytest.fixture
def world(traveller, make_world) -> World:
    return make_world()  # on the real clock, which `traveller` moves


def series_parent(world: World, series_id: str, timeout: float = 5.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        s = world.bot.store.series(series_id)
        found = [m for m in world.slack.messages(CHANNEL) if s.notice_ts and m["ts"] == s.notice_ts]
        if found or time.monotonic() > deadline:
            assert found, "the series has no thread parent"
            return found[0]
        time.sleep(0.01)


def thread_of(world: World, series_id: str) -> list[str]:
    ts = world.bot.store.series(series_id).notice_ts
    return [m["text"] for m in world.slack.messages(CHANNEL) if m.get("thread_ts") == ts]


def settle(world: World, expect: int, series_id: str, timeout: float = 5.0) -> list[str]:
    """The series' thread once it has `expect` replies (the outbox drains in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        world.bot.scheduler.drain()
        replies = thread_of(world, series_id)
        if len(replies) >= expect or time.monotonic() > deadline:
            return replies
        time.sleep(0.01)


def test_a_weekday_series_records_each_day_once_across_a_restart_and_stops(world, traveller):
    card = world.command("news every weekday 7pm for 1h", user="U2")  # U2 is in New York
    assert "every weekday at 19:00 for 1h" in text_of(card) and "America/New_York" in text_of(card)
    series_id = button_value(card, Action.SERIES_CONFIRM)
    done = world.press(card, Action.SERIES_CONFIRM, user="U2")
    assert "scheduled" in text_of(done)
    head = series_parent(world, series_id)  # posted at Confirm, before any recording's notice
    assert "every weekday at 19:00 for 1h" in head["text"]
    assert world.slack.messages(CHANNEL)[0]["ts"] == head["ts"]
    series = world.bot.store.series(series_id)
    assert series.status == "active" and series.zone == "America/New_York"

    now = world.clock()
    on_live = [o for o in world.bot.store.occurrences(series_id) if o.status == "created"]
    assert on_live and all(o.start - now <= 6 * DAY for o in on_live)
    parent = series_parent(world, series_id)
    assert button_value(parent, Action.SERIES_STOP) == series_id
    assert "Repeats" in text_of(parent) and "America/New_York" in text_of(parent)
    replies = settle(world, len(on_live), series_id)
    assert [kind_of(r) for r in replies].count("created") == len(on_live)

    for day in range(9):  # nine days, a tick every eight hours, a restart on the fourth
        if day == 4:
            world.restart()
        for _ in range(3):
            traveller.shift(8 * 3600)
            world.bot.scheduler.tick()
    starts = [int(c["params"]["StartTime"]) for c in creates(world.sim)]
    assert len(starts) == len(set(starts)), "an occurrence was created twice"
    expected = [
        int(w.start.timestamp())
        for w in series.recurrence.between(
            datetime.fromtimestamp(now, UTC), datetime.fromtimestamp(world.clock() + 6 * DAY, UTC)
        )
    ]
    assert sorted(starts) == [s for s in expected if s in set(starts)]
    assert set(expected[: len(expected) - 2]) <= set(starts)  # every weekday, none missed
    assert all(
        datetime.fromtimestamp(s, UTC).astimezone(series.recurrence.zone).weekday() < 5
        for s in starts
    )
    assert all(
        datetime.fromtimestamp(s, UTC).astimezone(series.recurrence.zone).hour == 19 for s in starts
    )

    parent = series_parent(world, series_id)
    body = world.slack.block_actions_body(
        Action.SERIES_STOP, series_id, user_id="U2", channel_id=CHANNEL, message=parent
    )
    answer = world.interact(body)
    assert "Stopped series" in text_of(answer)
    assert world.bot.store.series(series_id).status == "ended"
    left = world.bot.store.occurrences(series_id, ["booked"])
    assert left == []
    later = [o for o in world.bot.store.occurrences(series_id) if o.start > world.clock()]
    assert later and {o.status for o in later} <= {"cancelled", "deleted"}
    count = len(creates(world.sim))
    for _ in range(6):
        traveller.shift(DAY)
        world.bot.scheduler.tick()
    assert len(creates(world.sim)) == count  # nothing more after the stop
    parent = series_parent(world, series_id)
    deadline = time.monotonic() + 5
    while "Ended" not in text_of(parent) and time.monotonic() < deadline:
        world.bot.scheduler.drain()
        time.sleep(0.02)
        parent = series_parent(world, series_id)
    assert "Ended" in text_of(parent)


def test_home_list_and_show_name_the_series_with_its_next_occurrence(make_world):
    world = make_world(LifecycleWorld)
    card = world.command("news every day 9pm for 2h", user="U2")
    world.press(card, Action.SERIES_CONFIRM, user="U2")
    (series,) = world.bot.store.all_series(["active"])
    listing = text_of(world.command("list", user="U2"))
    assert f"`{series.short}`" in listing and "every day at 21:00 for 2h" in listing
    world.open_home("U2")
    deadline = time.monotonic() + 5
    words = ""
    while "*Series*" not in words and time.monotonic() < deadline:
        homes = [v for v in world.slack.views.values() if v["type"] == "home"]
        words = " ".join((b.get("text") or {}).get("text", "") for h in homes for b in h["blocks"])
        time.sleep(0.01)
    assert "*Series*" in words and f"`{series.short}`" in words and "next" in words
    shown = text_of(world.command(f"show {series.short}", user="U2"))
    assert "Repeats" in shown and "America/New_York" in shown


def test_a_booking_due_while_the_bot_was_down_is_created_late_at_start_up(world, traveller):
    card = world.command("livetest in 10 days for 2h", user="U2")
    world.press(card, Action.CONFIRM, user="U2")
    (row,) = world.bot.store.list(statuses=["booked"])
    world.shutdown()  # recordbot is down when the booking falls due
    traveller.shift(row.create_at - time.time() + 3600)
    world.boot()
    world.bot.scheduler.tick()
    (create,) = creates(world.sim)
    assert int(create["params"]["StartTime"]) == row.start
    assert int(create["params"]["EndTime"]) == row.end
    done = world.bot.store.get(row.id)
    assert done.status == "created" and done.task_id in world.sim.tasks
    world.bot.scheduler.tick()
    assert len(creates(world.sim)) == 1


def test_a_48h_window_a_week_ahead_is_created_part_by_part(world, traveller):
    card = world.command("livetest in 8 days for 48h", user="U2")
    world.press(card, Action.CONFIRM_ALL, user="U2")
    parts = sorted(world.bot.store.list(statuses=["booked"]), key=lambda r: r.start)
    assert len(parts) == 2 and parts[0].end == parts[1].start
    assert parts[1].create_at - parts[0].create_at == 24 * 3600
    traveller.shift(parts[0].create_at - time.time() + 60)
    world.bot.scheduler.tick()
    assert [int(c["params"]["StartTime"]) for c in creates(world.sim)] == [parts[0].start]
    traveller.shift(24 * 3600)
    world.bot.scheduler.tick()
    world.bot.scheduler.tick()
    starts = [int(c["params"]["StartTime"]) for c in creates(world.sim)]
    assert starts == [parts[0].start, parts[1].start]
