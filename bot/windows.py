"""The Live API's rules: recording windows and regions (pure; shared by resolver, use cases,
settings, client and simulator)."""

from __future__ import annotations

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
