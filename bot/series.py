"""A repeating schedule as the task log keeps it: one `SeriesRow`, its occurrences task rows with
`series` set (docs/contracts.md, "Series"). Pure: no storage, Slack or Tencent here.

A series is `proposed` while its card is shown, `active` once confirmed, `paused` while creation is
held, `ended` when stopped or when no occurrence is left; `cancelled` when its card was cancelled
or expired (not listed). `recordbot series --json` shows the first three and `ended`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.recurrence import Recurrence

SERIES_LANE = "series:"  # outbox lanes of series' threads: `series:ID`
# Occurrences are written as task rows (booked) once they start within this much of now: a day
# more than Live's 6-day horizon, so each is in the log, listed and skippable before it is due.
BOOK_AHEAD = 7 * 86400


class SeriesStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"
    CANCELLED = "cancelled"


LISTED = (SeriesStatus.ACTIVE, SeriesStatus.PAUSED, SeriesStatus.ENDED)
OPEN = (SeriesStatus.ACTIVE, SeriesStatus.PAUSED)  # still going: skip, pause, stop apply
# An occurrence row in one of these task statuses will not run (skipped, stopped, failed,
# deleted): "next" passes over it, and the calendar export makes it an EXDATE.
NOT_RUN = ("cancelled", "failed", "deleted", "stopped")


@dataclass(frozen=True)
class SeriesRow:
    """One repeating schedule. Times are Unix seconds (UTC); `duration` in seconds."""

    id: str
    card: str
    ref: int | None
    stream: str
    app: str
    domain: str
    template_id: int | None
    rule: str  # RFC 5545 RRULE without DTSTART or UNTIL
    zone: str  # IANA name: where its wall-clock times are
    first_start: int
    duration: int
    until: int | None
    wall: str | None  # HH:MM[:SS] when a DST gap moved the first occurrence
    status: SeriesStatus
    user: str
    user_name: str | None
    channel: str | None
    tz: str  # the requester's zone, which the card was shown in
    command: str
    next_at: int | None  # the first occurrence not yet written as a task row (None: none left)
    created_at: float
    updated_at: float
    notice_channel: str | None = None
    notice_ts: str | None = None
    confirmed_by: str | None = None
    ended_by: str | None = None

    @property
    def short(self) -> str:
        return f"#{self.ref}" if self.ref is not None else self.id

    @property
    def full_stream(self) -> str:
        return f"{self.domain}/{self.app}/{self.stream}"

    @property
    def lane(self) -> str:
        """The outbox lane of its thread: the parent and every occurrence's replies, in order."""
        return SERIES_LANE + self.id

    @property
    def recurrence(self) -> Recurrence:
        return Recurrence.stored(
            self.rule, self.zone, self.first_start, self.duration, self.until, self.wall
        )

    def upcoming(self, now: float, limit: int = 5) -> list[tuple[int, int]]:
        """The next `limit` occurrences not begun at `now`, as (start, end) Unix seconds."""
        after = datetime.fromtimestamp(now, UTC)
        return [
            (int(w.start.timestamp()), int(w.end.timestamp()))
            for w in self.recurrence.occurrences(limit, after=after)
        ]

    @property
    def length(self) -> timedelta:
        return timedelta(seconds=self.duration)

    @classmethod
    def from_db(cls, row: dict[str, Any]) -> SeriesRow:
        names = {f.name for f in fields(cls)}
        data = {k: v for k, v in row.items() if k in names}
        data["status"] = SeriesStatus(data["status"])
        return cls(**data)

    def next_start(self, now: float, skipped: Collection[int] = ()) -> int | None:
        """The start of the next occurrence not begun at `now` (Unix seconds), passing over
        those in `skipped` (starts of occurrences skipped, stopped or failed); None when the
        series has ended or has none left. A paused series gives the one its rule comes to
        next (what `resume` would go on with)."""
        if self.status not in OPEN:
            return None
        for start, _ in self.upcoming(now, len(skipped) + 1):
            if start not in skipped:
                return start
        return None

    def as_json(self, now: float, skipped: Collection[int] = ()) -> dict[str, Any]:
        """`recordbot series --json`'s object (docs/contracts.md); `next` as of `now`, passing
        over the starts in `skipped` (see `next_start`). Times ISO 8601 in UTC."""

        def iso(at: int | None) -> str | None:
            return None if at is None else datetime.fromtimestamp(at, UTC).isoformat()

        return {
            "id": self.id,
            "ref": self.ref,
            "stream": self.stream,
            "app": self.app,
            "domain": self.domain,
            "rule": self.rule,
            "zone": self.zone,
            "start": iso(self.first_start),
            "duration_seconds": self.duration,
            "until": iso(self.until),
            "status": str(self.status),
            "user": self.user,
            "next": iso(self.next_start(now, skipped)),
            "command": self.command,
        }
