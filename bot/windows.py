"""Recording windows: Live's rules, recordbot's own limits, and the plan that turns a window into
the Live tasks it becomes (pure; shared by resolver, use cases, settings, client and simulator).

Two sets of limits:

- recordbot's (`limit_violation`): a window at most 72 h long, starting at most 366 days ahead.
  The resolver refuses anything else (`too_long`, `too_far`).
- Live's (`window_violation`, `live_takes`): one task at most 24 h, starting within 6 days and
  ending within 7 days of now. recordbot plans around these (`plan`): a longer window becomes
  consecutive parts of at most 24 h, and a part Live will not take yet gets the moment it will
  (`create_at`), plus `CREATE_MARGIN`.
"""

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
# Live's limits (CreateRecordTask): one task's length, how far ahead it may start and end.
MAX_DURATION = timedelta(hours=24)
MAX_START_AHEAD = timedelta(days=6)
MAX_END_AHEAD = timedelta(days=7)
# recordbot's limits: one command's window, and how far ahead it may start.
MAX_WINDOW = timedelta(hours=72)
MAX_BOOK_AHEAD = timedelta(days=366)
# A part Live will not take yet is created this long after the first moment Live will take it:
# slack for clock skew between us and Live, so the create is never a hair too early.
CREATE_MARGIN = timedelta(seconds=60)
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
    """Return the error code of the first rule of Live's the window breaks, or None (what Live
    itself checks on CreateRecordTask; recordbot's own limits are `limit_violation`).

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


def limit_violation(start: datetime, end: datetime, now: datetime) -> str | None:
    """Return the error code of the first of recordbot's limits the window breaks, or None.

    Codes: "end_before_start", "past" (ends at or before now), "too_long" (over 72 h, in real
    time across DST changes), "too_far" (starts more than 366 days after now). A window within
    these is planned around Live's own limits by `plan`.
    """
    start, end, now = (t.astimezone(UTC) for t in (start, end, now))
    if end <= start:
        return "end_before_start"
    if end <= now:
        return "past"
    if end - start > MAX_WINDOW:
        return "too_long"
    if start > now + MAX_BOOK_AHEAD:
        return "too_far"
    return None


def live_takes(start: datetime, end: datetime, now: datetime) -> bool:
    """Whether Live would take a task for this window at `now` (its horizon: start within 6 days,
    end within 7 days). The length is not checked here: a planned part is at most 24 h."""
    start, end, now = (t.astimezone(UTC) for t in (start, end, now))
    return start <= now + MAX_START_AHEAD and end < now + MAX_END_AHEAD


def create_at(start: datetime, end: datetime, now: datetime) -> datetime | None:
    """When recordbot should create a task for this window on Live: None if Live takes it now,
    else the first moment Live will (start - 6 days, or just after end - 7 days, whichever is
    later) plus `CREATE_MARGIN`. In UTC; always after `now` when not None."""
    if live_takes(start, end, now):
        return None
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    return max(start - MAX_START_AHEAD, end - MAX_END_AHEAD) + CREATE_MARGIN


@dataclass(frozen=True)
class Part(Window):
    """One Live task of a planned window. `create_at` (UTC) is when recordbot creates it on Live;
    None means at Confirm (Live takes it now)."""

    create_at: datetime | None = None


def plan(window: Window, now: datetime) -> list[Part]:
    """The Live tasks `window` becomes: consecutive parts of at most 24 h (in real time) covering
    it, each with its `create_at`. One part, with `create_at` None, for a window Live takes as it
    is. Times are UTC. Pure: the caller checks `limit_violation` first (a window already over
    gives one part ending in the past)."""
    start, end = window.start.astimezone(UTC), window.end.astimezone(UTC)
    if end <= start:
        raise ValueError("a window must end after it starts")
    parts: list[Part] = []
    cur = start
    while cur < end:
        nxt = min(cur + MAX_DURATION, end)
        parts.append(Part(cur, nxt, window.starts_now and not parts, create_at(cur, nxt, now)))
        cur = nxt
    return parts


def needs_plan(parts: list[Part]) -> bool:
    """More than one task, or one Live will not take yet: what `recordbot parse` lists as
    `parts`, and what a card must explain."""
    return len(parts) > 1 or parts[0].create_at is not None


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
