"""The Live API's rules: recording windows and regions (pure; shared by resolver, use cases,
settings, client and simulator)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# The regions CreateRecordTask is offered in (its API page).
REGIONS = (
    "ap-bangkok",
    "ap-guangzhou",
    "ap-hongkong",
    "ap-jakarta",
    "ap-mumbai",
    "ap-seoul",
    "ap-singapore",
    "ap-tokyo",
    "eu-frankfurt",
    "na-ashburn",
    "na-siliconvalley",
    "na-toronto",
    "sa-saopaulo",
)
MAX_DURATION = timedelta(hours=24)
MAX_START_AHEAD = timedelta(days=6)
MAX_END_AHEAD = timedelta(days=7)
MAX_RUNNING_TASKS = 3  # Live runs at most three tasks of one stream at the same moment
SAME_WINDOW_SLACK = 120  # seconds: windows this close at both ends are "the same recording"


@dataclass(frozen=True)
class Window:
    """A recording window in absolute time; both ends are timezone-aware datetimes.

    `starts_now` means StartTime is left empty, so the recording starts at Confirm.
    """

    start: datetime
    end: datetime
    starts_now: bool = False

    @property
    def duration(self) -> timedelta:
        # In UTC: two datetimes sharing one ZoneInfo subtract by wall clock, wrong across DST.
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


def window_violation(start: datetime, end: datetime, now: datetime) -> str | None:
    """Return the error code of the first API rule the window breaks, or None.

    Codes: "past" (ends at or before now), "end_before_start", "too_long" (over 24 h),
    "too_far" (starts beyond now + 6 days, or ends at/after now + 7 days).
    """
    # Compare in UTC: datetimes sharing one ZoneInfo compare by wall clock, wrong across DST.
    start, end, now = (t.astimezone(UTC) for t in (start, end, now))
    if end <= start:
        return "end_before_start"
    if end <= now:
        return "past"
    if end - start > MAX_DURATION:
        return "too_long"
    if start > now + MAX_START_AHEAD or end >= now + MAX_END_AHEAD:
        return "too_far"
    return None


def busiest_moment(windows: Iterable[tuple[int, int]], start: int, end: int) -> int:
    """The most of `windows` (Unix-second [start, end) pairs) running at one moment within
    [start, end): what Live's limit of three running tasks per stream is about."""
    edges = []
    for lo, hi in windows:
        lo, hi = max(lo, start), min(hi, end)
        if lo < hi:
            edges += [(lo, 1), (hi, -1)]
    running = busiest = 0
    for _, step in sorted(edges):  # at one instant an end (-1) sorts before a start (+1)
        running += step
        busiest = max(busiest, running)
    return busiest


def same_window(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return abs(a[0] - b[0]) <= SAME_WINDOW_SLACK and abs(a[1] - b[1]) <= SAME_WINDOW_SLACK


def split_window(window: Window, now: datetime) -> list[Window] | None:
    """Consecutive windows of at most 24 h covering `window`, or None if a part would break
    another rule (beyond Live's horizon, already over)."""
    parts: list[Window] = []
    cur, end = window.start.astimezone(UTC), window.end.astimezone(UTC)
    while cur < end:
        nxt = min(cur + MAX_DURATION, end)
        parts.append(Window(cur, nxt, window.starts_now and not parts))
        cur = nxt
    if len(parts) < 2 or any(window_violation(p.start, p.end, now) for p in parts):
        return None
    return parts
