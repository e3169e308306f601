from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.windows import Window, busiest_moment, window_violation

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
