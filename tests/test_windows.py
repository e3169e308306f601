from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.windows import (
    CREATE_MARGIN,
    Part,
    Window,
    busiest_moment,
    create_at,
    limit_violation,
    live_takes,
    needs_plan,
    plan,
    window_violation,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (NOW + timedelta(hours=1), NOW + timedelta(hours=2), None),
        (NOW + timedelta(hours=2), NOW + timedelta(hours=1), "end_before_start"),
        (NOW - timedelta(hours=2), NOW - timedelta(hours=1), "past"),
        (NOW - timedelta(hours=2), NOW, "past"),
        (NOW, NOW + timedelta(hours=24), None),
        (NOW, NOW + timedelta(hours=24, seconds=1), "too_long"),
        (NOW + timedelta(days=6), NOW + timedelta(days=6, hours=1), None),
        (NOW + timedelta(days=6, seconds=1), NOW + timedelta(days=6, hours=1), "too_far"),
        (NOW + timedelta(days=6), NOW + timedelta(days=7), "too_far"),
        (NOW + timedelta(days=6), NOW + timedelta(days=7, seconds=-1), None),
    ],
)
def test_window_rules(start, end, code):
    assert window_violation(start, end, NOW) == code


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (NOW + timedelta(hours=1), NOW + timedelta(hours=2), None),
        (NOW + timedelta(hours=2), NOW + timedelta(hours=1), "end_before_start"),
        (NOW - timedelta(hours=2), NOW, "past"),
        (NOW, NOW + timedelta(hours=25), None),  # over Live's 24 h: parts
        (NOW, NOW + timedelta(hours=72), None),
        (NOW, NOW + timedelta(hours=72, seconds=1), "too_long"),
        (NOW + timedelta(days=7), NOW + timedelta(days=7, hours=1), None),  # booked
        (NOW + timedelta(days=366), NOW + timedelta(days=366, hours=1), None),
        (NOW + timedelta(days=366, seconds=1), NOW + timedelta(days=367), "too_far"),
    ],
)
def test_recordbots_own_limits(start, end, code):
    assert limit_violation(start, end, NOW) == code


def test_recordbots_72h_are_real_hours_across_dst():
    ny = ZoneInfo("America/New_York")
    now = datetime(2026, 10, 30, 12, tzinfo=ny)
    start = datetime(2026, 10, 31, 0, 0, tzinfo=ny)
    # 71 hours of wall clock over the fall-back night are 72 real hours; 72 wall hours are 73
    assert limit_violation(start, datetime(2026, 11, 2, 23, 0, tzinfo=ny), now) is None
    assert limit_violation(start, datetime(2026, 11, 3, 0, 0, tzinfo=ny), now) == "too_long"


def test_live_takes_a_window_within_6_days_that_ends_within_7():
    assert live_takes(NOW + timedelta(days=6), NOW + timedelta(days=6, hours=23), NOW)
    assert not live_takes(NOW + timedelta(days=6, seconds=1), NOW + timedelta(days=6, hours=1), NOW)
    assert not live_takes(NOW + timedelta(days=6), NOW + timedelta(days=7), NOW)
    assert create_at(NOW + timedelta(hours=1), NOW + timedelta(hours=2), NOW) is None


def test_plan_of_a_window_live_takes_is_the_window_itself():
    w = Window(NOW + timedelta(hours=1), NOW + timedelta(hours=3))
    (part,) = plan(w, NOW)
    assert (part.start, part.end, part.create_at, part.starts_now) == (w.start, w.end, None, False)
    assert not needs_plan([part])


def test_plan_splits_a_long_window_into_consecutive_parts_of_at_most_24h():
    w = Window(NOW, NOW + timedelta(hours=60), starts_now=True)
    parts = plan(w, NOW)
    assert [(p.start, p.end) for p in parts] == [
        (NOW, NOW + timedelta(hours=24)),
        (NOW + timedelta(hours=24), NOW + timedelta(hours=48)),
        (NOW + timedelta(hours=48), NOW + timedelta(hours=60)),
    ]
    assert [p.starts_now for p in parts] == [True, False, False]  # only the first starts now
    assert all(p.create_at is None for p in parts)  # all within Live's horizon
    assert all(isinstance(p, Part) and isinstance(p, Window) for p in parts)
    assert needs_plan(parts)


def test_a_48h_festival_a_week_ahead_is_created_part_by_part():
    sh = ZoneInfo("Asia/Shanghai")
    now = datetime(2026, 11, 26, 18, 30, tzinfo=sh)  # Thursday
    start = datetime(2026, 12, 4, 20, 0, tzinfo=sh)  # next Friday 20:00, for 48 h
    parts = plan(Window(start, start + timedelta(hours=48)), now)
    assert [(p.start, p.end) for p in parts] == [
        (start, start + timedelta(hours=24)),
        (start + timedelta(hours=24), start + timedelta(hours=48)),
    ]
    # part 1 when Live will take it (its start 6 days ahead), part 2 a day later
    assert parts[0].create_at == start - timedelta(days=6) + CREATE_MARGIN
    assert parts[1].create_at == parts[0].create_at + timedelta(days=1)
    assert parts[0].create_at.tzinfo is UTC
    for p in parts:  # at create_at Live takes the part; a margin before, it would not yet
        assert live_takes(p.start, p.end, p.create_at)
        assert not live_takes(p.start, p.end, p.create_at - CREATE_MARGIN - timedelta(seconds=1))


def test_a_part_limited_by_its_end_waits_until_the_end_is_within_7_days():
    # starts 5 days ahead (fine) but a 48 h window's second part ends 7 days ahead
    start = NOW + timedelta(days=5)
    parts = plan(Window(start, start + timedelta(hours=48)), NOW)
    assert parts[0].create_at is None
    end = parts[1].end  # now + 7 days: Live needs it strictly before
    assert (
        parts[1].create_at
        == max(parts[1].start - timedelta(days=6), end - timedelta(days=7)) + CREATE_MARGIN
    )
    assert parts[1].create_at > NOW


def test_plan_refuses_an_empty_window():
    with pytest.raises(ValueError):
        plan(Window(NOW, NOW), NOW)


def test_dst_counts_real_time_even_with_one_zoneinfo():
    ny = ZoneInfo("America/New_York")
    # 1 Nov 2026: 00:30 to 01:30 (second pass, EST) is two real hours
    start = datetime(2026, 11, 1, 0, 30, tzinfo=ny)
    end = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ny)
    assert Window(start, end).duration == timedelta(hours=2)
    # 23 h of wall clock on the fall-back night is 24 real hours: allowed; 23.5 h is not
    assert (
        window_violation(
            datetime(2026, 10, 31, 23, 0, tzinfo=ny),
            datetime(2026, 11, 1, 22, 0, tzinfo=ny),
            datetime(2026, 10, 31, 12, tzinfo=ny),
        )
        is None
    )
    assert (
        window_violation(
            datetime(2026, 10, 31, 22, 30, tzinfo=ny),
            datetime(2026, 11, 1, 22, 0, tzinfo=ny),
            datetime(2026, 10, 31, 12, tzinfo=ny),
        )
        == "too_long"
    )


@pytest.mark.parametrize(
    ("windows", "expected"),
    [
        ([], 0),
        ([(0, 10), (10, 20), (20, 30)], 1),  # back to back: never two at once
        ([(0, 10), (5, 15), (8, 30)], 3),
        ([(0, 5), (5, 10), (0, 10)], 2),
        ([(-50, 200), (-10, 0)], 1),  # only what falls inside [0, 100) counts
    ],
)
def test_busiest_moment_counts_tasks_running_at_one_instant(windows, expected):
    assert busiest_moment(windows, 0, 100) == expected
