"""What the use cases take and give back: who asks (Requester), what a command leaves out
(Defaults), a card to confirm (Proposal), how a pressed button ended (Outcome) and one page of
`/record list` (Listing). Pure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import LiveError
from bot.series import SeriesRow
from bot.tasks import TaskRow
from bot.timeparse import Resolution
from bot.windows import MAX_RUNNING_TASKS, busiest_moment, same_window


@dataclass(frozen=True)
class Defaults:
    """What a command leaves out: push domain and app, template; and whether Live is simulated."""

    domain: str | None
    app: str = "live"
    template_id: int | None = None
    simulated: bool = False


@dataclass(frozen=True)
class Listing:
    """One page of `/record list`: what records now, a page of what is upcoming (soonest first,
    starting with the `offset`-th, counted from 0), the most recent of the rest (newest first,
    on the first page only), and how many upcoming tasks there are in all."""

    active: tuple[TaskRow, ...]
    upcoming: tuple[TaskRow, ...]
    recent: tuple[TaskRow, ...]
    upcoming_total: int
    offset: int = 0

    @property
    def rows(self) -> list[TaskRow]:
        return [*self.active, *self.upcoming, *self.recent]


@dataclass(frozen=True)
class Requester:
    """Who typed the command, where, and the zone their times are read in."""

    user_id: str
    user_name: str | None
    channel: str | None
    tz: str = "UTC"
    tz_note: str | None = None  # e.g. "Slack has no time zone for you; times are in UTC"
    locale: str | None = None  # Slack's (`zh-TW`, `en-US`): the language when the text has none


@dataclass(frozen=True)
class Proposal:
    """A card to confirm: one row per reading (the first is the main one)."""

    rows: list[TaskRow]
    resolution: Resolution
    overlaps: list[TaskRow]
    requester: Requester
    simulated: bool

    @property
    def main(self) -> TaskRow:
        return self.rows[0]

    @property
    def full(self) -> bool:
        """Live would refuse it: three tasks of this stream already run at one moment of it."""
        main = self.main
        spans = ((t.start, t.end) for t in self.overlaps)
        return busiest_moment(spans, main.start, main.end) >= MAX_RUNNING_TASKS

    @property
    def same_as(self) -> TaskRow | None:
        """A task already scheduled for this very window on this stream, if any."""
        main = self.main
        for task in self.overlaps:
            if same_window((task.start, task.end), (main.start, main.end)):
                return task
        return None


@dataclass(frozen=True)
class Outcome:
    """What pressing a button led to.

    kind: created | already | in_progress | failed | cancelled | uncertain | stopped | deleted
    """

    kind: str
    row: TaskRow
    error: LiveError | None = None
    note: str | None = None
    simulated: bool = False


@dataclass(frozen=True)
class SeriesProposal:
    """A repeating schedule's card: the series (proposed), what was read, its next occurrences
    (start, end) in Unix seconds, and those of them that would overlap other tasks."""

    series: SeriesRow
    resolution: Resolution
    upcoming: list[tuple[int, int]]
    overlaps: list[tuple[tuple[int, int], list[TaskRow]]]
    requester: Requester
    simulated: bool


@dataclass(frozen=True)
class SeriesOutcome:
    """What a series command or button led to.

    kind: active (confirmed) | already | cancelled | skipped | paused | resumed | ended
    `created`: the occurrences created on Live now; `booked`: those written to be created later;
    `changed`: the occurrences this touched (cancelled, deleted, or kept on Live)."""

    kind: str
    series: SeriesRow
    note: str | None = None
    created: tuple[Outcome, ...] = ()
    booked: tuple[TaskRow, ...] = ()
    changed: tuple[Outcome, ...] = ()
    kept: tuple[TaskRow, ...] = ()  # occurrences left as they are (recording now; on Live)
    simulated: bool = False
