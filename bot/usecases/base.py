"""What every use case shares: the notifier seam, the audit decorator, timing constants and
small helpers, and the fields the `RecordService` parts read. See bot/service.py."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.access import Access
from bot.errors import (
    LiveAmbiguous,
    LiveError,
    LiveUnreachable,
    RecordbotError,
    TaskNotFound,
)
from bot.i18n import N_, _, lang_of_command, using
from bot.outcomes import Defaults, Outcome, Proposal, Requester, SeriesOutcome, SeriesProposal
from bot.store import TaskStore
from bot.tasks import Notice, NoticeKind, Status, TaskRow
from bot.timeparse import Resolution, load_zone, messages
from bot.windows import (
    Window,
)
from bot.windows import create_at as windows_create_at

if TYPE_CHECKING:
    from bot.live.api import LiveApi

log = logging.getLogger("recordbot.service")

# Live may apply a create whose reply was lost a minute or more late (docs/live-api.md).
CREATE_LEASE = 90.0  # a Confirm holds its row this long: the client's timeouts and retries fit
SETTLE_LEASE = 30.0  # one lookup's hold
RECHECK = 15.0  # between lookups of a row still unknown
CREATE_PATIENCE = 180.0  # unknown this long and absent on Live: it was not created
BOOKING_RETRY = 60.0  # a booking Live refused for now is tried again this much later
BOOKING_GRACE = 120.0  # a booking created later than this after its moment says it is late
RECENT_SHOWN = 10  # finished tasks on `/record list`'s first page, newest first


class Notifier(Protocol):
    """Where task notices go (a Slack thread per task, or the shell's `[notice]` lines).

    A notifier that keeps a thread per series also has `series_changed(series)`, called when a
    series is confirmed, paused, resumed or ended (optional: notifiers without series threads,
    such as the Home tab's refresh, leave it out)."""

    def notify(self, notice: Notice) -> None: ...


class NullNotifier:
    def notify(self, notice: Notice) -> None:
        pass


def _audited(
    action: str, who: Callable[..., tuple[str | None, str | None, str | None]]
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Write one audit row per call: who, what, on which task, and how it ended (refusals and
    errors included). `who(*args)` picks (user, channel, task ref) from the call's arguments."""

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def run(self: UseCaseBase, *args: Any, **kwargs: Any) -> Any:
            user, channel, ref = who(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except RecordbotError as exc:
                code = getattr(exc, "code", None) or type(exc).__name__
                self.store.audit(user, channel, action, f"refused:{code}", ref, exc.message[:500])
                raise
            except Exception as exc:
                self.store.audit(user, channel, action, "error", ref, type(exc).__name__)
                raise
            if isinstance(result, Proposal):
                self.store.audit(user, channel, action, "proposed", result.main.id, None)
            elif isinstance(result, SeriesProposal):
                self.store.audit(user, channel, action, "proposed", result.series.id, None)
            elif isinstance(result, SeriesOutcome):
                self.store.audit(user, channel, action, result.kind, result.series.id, result.note)
            elif isinstance(result, Outcome):
                detail = result.error.code if result.error else result.note
                self.store.audit(
                    user, channel, action, result.kind, result.row.task_id or result.row.id, detail
                )
            return result

        return run

    return wrap


def _by_requester(
    requester: Requester, *args: Any, **kwargs: Any
) -> tuple[str | None, str | None, str | None]:
    return requester.user_id, requester.channel, None


def _by_user(
    ref: str, user: str, channel: str | None = None, *args: Any, **kwargs: Any
) -> tuple[str | None, str | None, str | None]:
    return user, kwargs.get("channel", channel), ref


# The verbs `nothing_to_do` names, as the sentence says them ("there is nothing to stop").
VERBS = {
    "stop": N_("stop"),
    "delete": N_("delete"),
    "extend": N_("extend"),
    "shorten": N_("shorten"),
}


def nothing_to_do(row: TaskRow, verb: str, now: float) -> str:
    """Why `verb` ("stop", "delete", "extend", "shorten") has nothing to act on for `row`, said
    at once, in the current language."""
    ref = _("TaskId {task_id}").format(task_id=row.task_id) if row.task_id else _("this request")
    ref_start = ref[:1].upper() + ref[1:]
    what = _(VERBS.get(verb, verb))
    if row.status == Status.DELETED:
        return _("{ref} was already deleted; there is nothing to {verb}.").format(
            ref=ref_start, verb=what
        )
    if verb != "delete" and row.status == Status.STOPPED:
        return _("{ref} was already stopped; nothing is recording.").format(ref=ref_start)
    if verb != "delete" and row.status == Status.CREATED:  # its window is over
        return _("{ref} has already ended; there is nothing to {verb}.").format(
            ref=ref_start, verb=what
        )
    if row.status == Status.CANCELLED and row.create_at is not None:
        return _(
            "{ref} was a booking, cancelled before it was created on Live; there is nothing to "
            "{verb}."
        ).format(ref=ref_start, verb=what)
    if row.status in (Status.PROPOSED, Status.CANCELLED, Status.FAILED):
        return _(
            "{ref} was never created on Live (it is {status}); there is nothing to {verb}."
        ).format(ref=ref_start, status=_(PHASE_WORDS.get(row.status, row.status)), verb=what)
    return _("{ref} is still being created; try again in a moment.").format(ref=ref_start)


# A status as `nothing_to_do` names it (the same words as the cards' phases).
PHASE_WORDS = {
    "proposed": N_("proposed"),
    "cancelled": N_("cancelled"),
    "failed": N_("failed"),
}


_ALIAS_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,64}")


def _may_pass(exc: LiveError) -> bool:
    """A refusal worth trying a booking again for: Live unreachable, busy or failing inside."""
    return isinstance(exc, LiveUnreachable) or exc.code.startswith(
        ("RequestLimitExceeded", "InternalError", "LimitExceeded.MaximumRunningTask")
    )


def _booking_at(window: Window, now: datetime) -> float | None:
    """When a window confirmed at `now` would be created: None at Confirm, else its booking."""
    if window.starts_now:
        return None
    at = windows_create_at(window.start, window.end, now)
    return at.timestamp() if at is not None else None


def _utc(at: float | None) -> str:
    return f"{datetime.fromtimestamp(at or 0, UTC):%Y-%m-%d %H:%M} UTC"


def _missed(row: TaskRow) -> str:
    """Why a booking failed after downtime, in the language of its command (the scheduler's
    thread has none set); kept as the task's error message."""
    end = datetime.fromtimestamp(row.end, UTC)
    with using(lang_of_command(row.command)):
        return _(
            "recordbot was not running when this booking was due, and its window ended "
            "({end} UTC) before it could be created: nothing was recorded."
        ).format(end=f"{end:%Y-%m-%d %H:%M}")


def _other_reading(res: Resolution, tz: str, now: datetime, window: Window) -> str:
    """The note for another reading a card leaves off because it would need several tasks."""
    zone = load_zone(tz) or UTC
    shown = messages.fmt_range(
        window.start.astimezone(zone), window.end.astimezone(zone), res.lang, now.astimezone(zone)
    )
    return _(
        "The other reading ({window}) would need several Live tasks and is left off this "
        "card: type it as its own command."
    ).format(window=shown)


def _may_have_happened(exc: LiveError) -> bool:
    """A create that failed this way may still have created the task on Live."""
    return isinstance(exc, LiveAmbiguous) or exc.code == "InternalError.NetworkError"


class UseCaseBase:
    """The fields `RecordService` holds (a dataclass there), for its parts."""

    store: TaskStore
    live: LiveApi
    defaults: Defaults
    notifier: Notifier
    access: Access
    clock: Callable[[], float]
    create_patience: float

    def _row(self, row_id: str) -> TaskRow:
        row = self.store.get(row_id)
        if row is None:
            raise TaskNotFound(_("That card is no longer in the log. Run the command again."))
        return row

    def _notify(self, row: TaskRow, kind: str, **kwargs: Any) -> None:
        """Called inside the transaction of the change that owes the notice, so a notifier that
        writes to the task log (Slack's outbox) keeps it with the change. A failed notice must
        not undo or hide a created task: its writes are undone (a savepoint), it is logged, and
        the change stands."""
        try:
            with self.store.batch():
                self.notifier.notify(Notice(row, NoticeKind(kind), **kwargs))
        except Exception:
            log.exception("notice %s for task %s failed", kind, row.task_id or row.id)
