"""Use cases: propose, confirm, cancel, stop, delete, list, show, reconcile (no Slack imports).

Front ends (Slack listeners, the shell) call `RecordService` and render what comes back. The
Live API is reached only through the `LiveApi` interface and notices only through `Notifier`.
Its parts are in bot/usecases/: propose.py (cards), create.py (Confirm, bookings, cancel),
stop.py (stop, delete), recovery.py (settling creates); base.py holds what they share.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.access import Access
from bot.errors import (
    TaskNotFound,
)
from bot.i18n import _
from bot.outcomes import Defaults, Listing
from bot.store import TaskStore
from bot.tasks import TaskRow

if TYPE_CHECKING:
    from bot.live.api import LiveApi

from bot.usecases.base import (  # noqa: F401 - some re-exported for the front ends and tests
    BOOKING_RETRY,
    CREATE_LEASE,
    CREATE_PATIENCE,
    RECENT_SHOWN,
    RECHECK,
    Notifier,
    NullNotifier,
    log,
    nothing_to_do,
)
from bot.usecases.create import Creating
from bot.usecases.propose import Proposing
from bot.usecases.recovery import Recovering
from bot.usecases.series import SeriesCases
from bot.usecases.stop import Stopping


@dataclass
class RecordService(Proposing, Creating, Stopping, Recovering, SeriesCases):
    store: TaskStore
    live: LiveApi
    defaults: Defaults
    notifier: Notifier = field(default_factory=NullNotifier)
    access: Access = field(default_factory=Access)
    clock: Callable[[], float] = time.time
    create_patience: float = CREATE_PATIENCE

    # -- reads --------------------------------------------------------------------------------

    def find(self, ref: str) -> TaskRow:
        """A task by its short number (`#12`), its TaskId, the card key, or a stream name that
        names exactly one recording coming up or under way (else the choices are listed)."""
        ref = ref.strip()
        number = ref[1:] if ref.startswith("#") else ref
        row = self.store.by_ref(int(number)) if number.isdigit() and len(number) < 10 else None
        row = row or self.store.by_task_id(ref) or self.store.get(ref)
        if row is not None:
            return row
        alias = self.store.alias(ref) if "/" not in ref else None
        name = alias["stream"] if alias else ref.rsplit("/", 1)[-1]
        now = self.clock()
        mine = [r for r in self.store.upcoming(now, 200) if r.stream == name and (
            ref.count("/") == 0 or r.full_stream.endswith(ref))]  # fmt: skip
        if len(mine) == 1:
            return mine[0]
        if mine:
            choices = _(", ").join(f"`{r.short}` ({r.full_stream})" for r in mine[:10])
            raise TaskNotFound(
                _(
                    "`{ref}` names {n} recordings coming up or under way: {choices}. Use its "
                    "number."
                ).format(ref=ref, n=len(mine), choices=choices)
            )
        raise TaskNotFound(
            _(
                "No task `{ref}` in the log. `/record list` shows the numbers (#12) and TaskIds."
            ).format(ref=ref)
        )

    def stream_name(self, typed: str) -> str:
        """The stream a typed name means: an alias's stream, else the last part of a path."""
        alias = self.store.alias(typed) if "/" not in typed else None
        return alias["stream"] if alias else typed.rsplit("/", 1)[-1]

    def listing(self, stream: str | None = None, offset: int = 0, page: int = 20) -> Listing:
        """`/record list`: what records now, `page` upcoming tasks soonest first from the
        `offset`-th, the latest of the others (on the first page), and how many are upcoming.
        Not the cards nobody confirmed. An alias lists the stream it names."""
        alias = self.store.alias(stream) if stream else None
        stream = alias["stream"] if alias else stream
        now = self.clock()
        active = self.store.running(now, stream) if offset == 0 else []
        upcoming = self.store.upcoming_page(now, stream, offset, page)
        total = self.store.count_upcoming(now, stream)
        recent = self.store.finished(now, stream, RECENT_SHOWN, len(active)) if offset == 0 else []
        return Listing(tuple(active), tuple(upcoming), tuple(recent), total, offset)

    def list(self, stream: str | None = None, limit: int = 20) -> list[TaskRow]:
        """The rows of `/record list`'s first page."""
        return self.listing(stream, page=limit).rows

    def show(self, ref: str) -> tuple[TaskRow, list[dict[str, Any]], list[dict[str, Any]]]:
        """A task with its history and its recorded files."""
        row = self.find(ref)
        return row, self.store.events(row.id), self.store.files(row.id)
