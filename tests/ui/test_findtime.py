"""Finding a recording window in a message: the longest stretch the resolver reads as one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ui.findtime import find_window

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # Friday, 18:00 in Shanghai
TZ = "Asia/Shanghai"


@pytest.mark.parametrize(
    ("text", "words", "start", "end"),
    [
        (  # a calendar paste: title, the time with a middle dot, a link
            "Weekly sync\nTuesday, December 1 · 7:00 – 9:30pm EST\nGoogle Meet joining info",
            "Tuesday, December 1 7:00 – 9:30pm EST",
            "2026-12-02T08:00+08:00",
            "2026-12-02T10:30+08:00",
        ),
        (
            "Join us Tuesday at 7pm for 2 hours!",
            "Tuesday at 7pm for 2 hours",
            "2026-12-01T19:00+08:00",
            "2026-12-01T21:00+08:00",
        ),
        (
            "Big match tonight 8-11, streaming on livetest",
            "tonight 8-11",
            "2026-11-27T20:00+08:00",
            "2026-11-27T23:00+08:00",
        ),
        (  # labels and a date and time on separate lines
            "When: Dec 1\nTime: 7pm - 9:30pm",
            "Dec 1 7pm - 9:30pm",
            "2026-12-01T19:00+08:00",
            "2026-12-01T21:30+08:00",
        ),
        (
            "各位：明天晚上8点到10点直播，请准时。",
            "明天晚上8点到10点",
            "2026-11-28T20:00+08:00",
            "2026-11-28T22:00+08:00",
        ),
        (
            "The event runs Thursday 6pm to 8pm Beijing time. Questions to #av-team.",
            "Thursday 6pm to 8pm Beijing time",
            "2026-12-03T18:00+08:00",
            "2026-12-03T20:00+08:00",
        ),
    ],
)
def test_the_window_is_found(text, words, start, end):
    found = find_window(text, NOW, TZ)
    assert found is not None and found.words == words and not found.length_assumed
    window = found.resolution.window
    assert window.start == datetime.fromisoformat(start)
    assert window.end == datetime.fromisoformat(end)


def test_a_start_without_an_end_gets_an_hour_and_says_so():
    found = find_window("Reminder: the launch is on Saturday 7pm", NOW, TZ)
    assert found is not None and found.length_assumed
    assert found.resolution.window.duration.total_seconds() == 3600


@pytest.mark.parametrize(
    "text",
    [
        "Great show everyone!",
        "The stream ran for 2 hours yesterday",  # a length is no event time
        "Launch is on 2026-11-28",  # a date alone
        "We went live at 9am today, 9am to 10am",  # over before now
        "Yesterday 8pm to 10pm was a great show",  # not tonight
        "",
    ],
)
def test_no_window_is_made_up(text):
    assert find_window(text, NOW, TZ) is None


def test_a_long_message_is_searched_quickly():
    import time

    text = ("Lorem ipsum dolor sit amet, 42 apples and 7 pears. " * 40) + "Saturday 8pm to 10pm"
    t0 = time.perf_counter()
    found = find_window(text, NOW, TZ)
    assert time.perf_counter() - t0 < 1.5
    assert found is None or found.resolution.window.start.hour == 20
