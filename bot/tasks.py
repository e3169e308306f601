"""The task log's domain record: one recording request, its status, and what it is doing now.

Pure: no storage, Slack or Tencent here. Statuses and notice kinds are `StrEnum`s, so they compare
equal to the strings stored in SQLite and printed by `recordbot tasks --json`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

PROPOSAL_TTL = 30 * 60  # Slack's response_url lives 30 minutes; so does a card


class Status(StrEnum):
    """Where a row is in its life (docs/contracts.md, "Task statuses").

    proposed -> cancelled | booked | pending -> created | failed; booked -> pending | cancelled
    | failed (its window ended before it could be created); created -> stopped | deleted.
    Whether a created task is scheduled, recording or done follows from the clock: see `phase()`.
    """

    PROPOSED = "proposed"  # card shown, not confirmed
    CANCELLED = "cancelled"
    BOOKED = "booked"  # confirmed, waiting until Live will take it (`create_at`)
    PENDING = "pending"  # Confirm pressed, the create call under way (or its outcome unknown)
    CREATED = "created"
    FAILED = "failed"
    STOPPED = "stopped"
    DELETED = "deleted"


class NoticeKind(StrEnum):
    """The events of a task that are told in its channel thread."""

    CREATED = "created"
    STARTED = "started"
    ENDED = "ended"
    STOPPED = "stopped"
    DELETED = "deleted"
    FAILED = "failed"
    FILE_READY = "file_ready"
    PUSH_STARTED = "push_started"
    PUSH_STOPPED = "push_stopped"
    RECORD_ERROR = "record_error"
    NOT_CREATED = "not_created"  # a create whose reply was lost never took effect on Live
    RECORD_PAUSED = "record_paused"
    RECORD_RESUMED = "record_resumed"
    BOOKING_FAILED = "booking_failed"  # recordbot could not create a booking (yet, or at all)


@dataclass(frozen=True)
class TaskRow:
    """One row of the task log. Times are Unix seconds (UTC)."""

    id: str  # the card key carried on the buttons
    card: str  # rows offered on one card share it (two readings of one command)
    task_id: str | None
    stream: str
    app: str
    domain: str
    start: int
    end: int
    starts_now: bool
    template_id: int | None
    status: Status
    user: str
    user_name: str | None
    channel: str | None
    tz: str
    command: str
    request_id: str | None
    error_code: str | None
    error_message: str | None
    created_at: float
    updated_at: float
    confirmed_by: str | None = None
    stopped_by: str | None = None
    notice_channel: str | None = None
    notice_ts: str | None = None
    source: str = "bot"  # "bot", or "external" for tasks found on Live but not made here
    fixed_end: bool = False  # a starts-now window whose end was typed (`until 6pm`) keeps it
    record_state: str | None = None  # what Live's callbacks said: recording | ended | failed
    record_error: str | None = None  # Live's reason when record_state is failed
    grp: str | None = None  # the consecutive tasks one window over 24 h was split into share it
    lease_until: float | None = None  # a pending row is being created or settled until then
    lease_owner: str | None = None  # by which process (host:pid)
    unsettled_since: float | None = None  # since when a pending create's outcome is unknown
    ref: int | None = None  # the short number people type: #12
    replaces: str | None = None  # the row (not begun) this longer or shorter one replaces
    stop_at: float | None = None  # shortened while under way: the scheduler stops it then
    stop_by: str | None = None  # who shortened it
    create_at: float | None = None  # a booking: when recordbot creates it (None: at Confirm)
    series: str | None = None  # the series this is an occurrence of (bot/series.py)

    @property
    def short(self) -> str:
        """`#12`, or the TaskId (or card key) of a row that has no number."""
        return f"#{self.ref}" if self.ref is not None else (self.task_id or self.id)

    @property
    def full_stream(self) -> str:
        return f"{self.domain}/{self.app}/{self.stream}"

    @classmethod
    def from_db(cls, row: dict[str, Any]) -> TaskRow:
        names = {f.name for f in fields(cls)}
        data = {k: v for k, v in row.items() if k in names}
        data["starts_now"] = bool(data.get("starts_now"))
        data["fixed_end"] = bool(data.get("fixed_end"))
        data["status"] = Status(data["status"])
        return cls(**data)


@dataclass(frozen=True)
class Notice:
    """One event of a task to tell its thread: `by` is who did it, `detail` extra words (a reason),
    `file` the recorded file a file notice announces (a `files` row), `late` marks a notice
    posted after it fell due (the bot was down)."""

    row: TaskRow
    kind: NoticeKind
    by: str | None = None
    detail: str | None = None
    late: bool = False
    file: Mapping[str, Any] | None = None


def visible(rows: Sequence[TaskRow], now: float) -> dict[str, list[TaskRow]]:
    """Split tasks into upcoming, active and recent, by their window and the clock."""
    groups: dict[str, list[TaskRow]] = {"active": [], "upcoming": [], "recent": []}
    for row in rows:
        if row.status == Status.CREATED and row.start <= now < row.end:
            groups["active"].append(row)
        elif row.status in (Status.CREATED, Status.PENDING, Status.BOOKED) and now < row.start:
            groups["upcoming"].append(row)
        else:
            groups["recent"].append(row)
    groups["upcoming"].sort(key=lambda r: r.start)  # the next one first
    return groups


def phase(row: TaskRow, now: float) -> str:
    """What a task is doing now: scheduled, recording, done, failed (Live said so in a
    callback), or its final status."""
    if row.status != Status.CREATED:
        return str(row.status)
    if row.record_state == "failed":
        return "failed"
    if now < row.start:
        return "scheduled"
    if now < row.end:
        return "recording"
    return "done"
