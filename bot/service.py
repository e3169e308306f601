"""Use cases: propose, confirm, cancel, stop, delete, list, show, reconcile (no Slack imports).

Front ends (Slack listeners, the shell) call these and render what comes back. The Live API is
reached only through the `LiveApi` interface and channel notices only through `Notifier`.
"""

from __future__ import annotations

import functools
import logging
import re
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.access import Access
from bot.errors import (
    InvalidState,
    LiveAmbiguous,
    LiveError,
    LiveUnreachable,
    NotAllowed,
    NotYetAvailable,
    RecordbotError,
    ResolveError,
    TaskNotFound,
)
from bot.outcomes import Defaults, Listing, Outcome, Proposal, Requester
from bot.proc import process_gone, this_process
from bot.store import TaskStore
from bot.tasks import PROPOSAL_TTL, Notice, NoticeKind, Status, TaskRow
from bot.timeparse import Resolution, StreamRef, load_zone, messages, resolve
from bot.windows import (
    MAX_DURATION,
    MAX_RUNNING_TASKS,
    Window,
    busiest_moment,
    plan,
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
    """Where task notices go (a Slack thread per task, or the shell's `[notice]` lines)."""

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
        def run(self: RecordService, *args: Any, **kwargs: Any) -> Any:
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


@dataclass
class RecordService:
    store: TaskStore
    live: LiveApi
    defaults: Defaults
    notifier: Notifier = field(default_factory=NullNotifier)
    access: Access = field(default_factory=Access)
    clock: Callable[[], float] = time.time
    create_patience: float = CREATE_PATIENCE

    # -- propose ----------------------------------------------------------------------------

    @_audited("request", _by_requester)
    def propose(self, requester: Requester, text: str) -> Proposal:
        """Resolve the command and write the card's rows as `proposed`, each with the
        `create_at` it would be booked until if confirmed now (None: created at Confirm). Raises
        ResolveError (NotYetAvailable for a repeating schedule, until series are built: nothing
        is written)."""
        self.access.check(requester.user_id, requester.channel, "create")
        now = datetime.fromtimestamp(int(self.clock()), UTC)
        res = resolve(text, now, requester.tz)
        if res.repeat is not None:
            raise NotYetAvailable(_not_yet_repeat(res, requester.tz, now), res.lang)
        parts = plan(res.window, now)
        if len(parts) == 1:
            # Another reading that would need several Live tasks is left off (one card, one
            # shape); one Live takes later is offered, booked at Confirm like the first.
            alts = tuple(a for a in res.alternatives if len(plan(a, now)) == 1)
            notes = res.notes + tuple(
                _other_reading(res, requester.tz, now, a) for a in res.alternatives if a not in alts
            )
            return self._write_proposal(
                requester, replace(res, alternatives=alts, notes=notes), text
            )
        # Over 24 h: consecutive tasks, confirmed and stopped together (one reading: a note
        # about another would describe a card that is not shown).
        hours = round((parts[-1].end - parts[0].start).total_seconds() / 3600, 1)
        split = messages.text("split", res.lang, hours=f"{hours:g}", n=len(parts))
        notes = (split,) if res.alternatives else (*res.notes, split)
        res = replace(res, window=parts[0], alternatives=(), notes=notes, fixed_end=True)
        return self._write_proposal(requester, res, text, list(parts))

    def _write_proposal(
        self,
        requester: Requester,
        res: Resolution,
        text: str,
        parts: list[Window] | None = None,
        replaces: TaskRow | None = None,
    ) -> Proposal:
        alias = (
            self.store.alias(res.stream.name)
            if res.stream.app is None and res.stream.domain is None
            else None
        )
        if alias is not None:  # `sports` = 5000.live.push.com/live/cctv5, template 1234
            res = replace(res, stream=StreamRef(alias["stream"], alias["app"], alias["domain"]))
        template = (
            alias["template_id"]
            if alias and alias["template_id"] is not None
            else self.defaults.template_id
        )
        domain = res.stream.domain or self.defaults.domain
        if not domain:
            raise ResolveError(
                "bad_input",
                "No push domain is configured: type the stream as `domain/app/name` "
                "(e.g. `5000.live.push.com/live/livetest`) or ask your admin to set RECORD_DOMAIN.",
                res.lang,
            )
        app = res.stream.app or self.defaults.app
        windows = parts or [res.window, *res.alternatives]
        grp = secrets.token_hex(8) if parts else None
        now = datetime.fromtimestamp(int(self.clock()), UTC)
        rows = self.store.add_proposals(
            (
                {
                    "stream": res.stream.name,
                    "app": app,
                    "domain": domain,
                    "start": int(w.start.timestamp()),
                    "end": int(w.end.timestamp()),
                    "starts_now": w.starts_now,
                    "fixed_end": res.fixed_end,
                    "template_id": template,
                    "user": requester.user_id,
                    "user_name": requester.user_name,
                    "channel": requester.channel,
                    "tz": requester.tz,
                    "command": text,
                    "grp": grp,
                    "replaces": replaces.id if replaces else None,
                    "create_at": _booking_at(w, now),
                }
                for w in windows
            ),
            requester.user_id,
        )
        main = rows[0]
        overlaps = [
            t
            for t in self.store.overlapping(
                main.stream, main.domain, main.app, main.start, main.end
            )
            if replaces is None or t.id != replaces.id  # it goes when this one comes
        ]
        return Proposal(rows, res, overlaps, requester, self.defaults.simulated)

    # -- extend, shorten ---------------------------------------------------------------------

    @_audited("request", _by_requester)
    def extend(self, requester: Requester, ref: str, length: str) -> Proposal:
        """`extend REF by 30m`: Live cannot lengthen a task, so one under way gets a back-to-back
        follow-up task from its end; one not yet begun is replaced by a longer one (the old one
        is deleted once the new one exists). Either way a card to confirm."""
        row = self._changeable(requester, ref, "extend")
        now = datetime.fromtimestamp(int(self.clock()), UTC)
        extra = resolve(f"{row.stream} now for {length}", now, row.tz)
        more = extra.window.duration
        start = datetime.fromtimestamp(row.start, UTC)
        end = datetime.fromtimestamp(row.end, UTC)
        if row.start <= now.timestamp():
            window, replaces = Window(end, end + more), None
            note = f"Live cannot lengthen a task: this is a follow-up task from the end of {row.short}, back to back."
        else:
            window, replaces = Window(start, end + more), row
            note = f"This replaces {row.short} (not begun): the old task is deleted from Live once this one is created."
        return self._changed(requester, row, window, note, replaces, f"extend {ref} by {length}")

    @_audited("request", _by_requester)
    def shorten(self, requester: Requester, ref: str, until: str) -> Proposal | TaskRow:
        """`shorten REF to 9pm`: one not yet begun is replaced by a shorter one (a card to
        confirm); one under way is stopped at that time by the scheduler (returns the row, its
        `stop_at` set, after a confirmation the router asks for)."""
        row = self._changeable(requester, ref, "shorten")
        now = datetime.fromtimestamp(int(self.clock()), UTC)
        new_end = resolve(f"{row.stream} until {until}", now, row.tz).window.end
        start = datetime.fromtimestamp(row.start, UTC)
        if not (max(now.timestamp(), row.start) < new_end.timestamp() < row.end):
            raise InvalidState(
                f"{row.short} runs until the end of its window; `{until}` must fall inside it, after its start and after now."
            )
        if row.start > now.timestamp():
            note = f"This replaces {row.short} (not begun): the old task is deleted from Live once this one is created."
            return self._changed(
                requester, row, Window(start, new_end), note, row, f"shorten {ref} to {until}"
            )
        return replace(row, stop_at=new_end.timestamp(), stop_by=requester.user_id)

    def stop_at(self, row_id: str, at: float, user: str, channel: str | None = None) -> TaskRow:
        """Confirmed: the scheduler stops this recording at `at` (kept in the task log)."""
        row = self._row(row_id)
        self.access.check(user, channel, "stop")
        done = self.store.set_stop_at(row.id, at, user)
        if done is None:
            raise InvalidState(nothing_to_do(row, "stop", self.clock()))
        return done

    def stop_due(self) -> list[Outcome]:
        """The scheduler's part: stop each shortened recording whose new end has come."""
        outcomes = []
        for row in self.store.due_stops(self.clock()):
            outcomes.append(self._stop_one(row, row.stop_by or row.user))
        return outcomes

    def _changeable(self, requester: Requester, ref: str, verb: str) -> TaskRow:
        row = self.find(ref)
        self.access.check(requester.user_id, requester.channel, "create")
        if row.status != Status.CREATED or row.end <= self.clock():
            raise InvalidState(nothing_to_do(row, "stop", self.clock()).replace("stop", verb))
        return row

    def _changed(
        self, requester: Requester, row: TaskRow, window: Window, note: str,
        replaces: TaskRow | None, command: str,
    ) -> Proposal:  # fmt: skip
        res = Resolution(
            stream=StreamRef(row.stream, row.app, row.domain),
            window=window,
            zone=row.tz,
            notes=(note,),
            fixed_end=True,
        )
        who = replace(requester, tz=row.tz)
        if window.duration.total_seconds() > MAX_DURATION.total_seconds():
            raise InvalidState(
                f"That would make one task of over 24 hours, Live's most: use `/record {row.stream} ...` for the extra time as a separate recording."
            )
        return self._write_proposal(who, res, command, replaces=replaces)

    def replace_proposal(self, row_id: str, requester: Requester, res: Resolution) -> Proposal:
        """The Edit dialog's result: cancel the old card's rows and propose the edited window."""
        old = self._row(row_id)
        self.check_owner(old, requester.user_id)
        if old.status != Status.PROPOSED:
            raise InvalidState(self._state_message(old))
        for sibling in self.store.card_rows(old.card):
            self.store.transition(
                sibling.id,
                [Status.PROPOSED],
                Status.CANCELLED,
                event_user=requester.user_id,
                event_detail="edited",
            )
        return self._write_proposal(requester, res, old.command)

    # -- confirm ----------------------------------------------------------------------------

    @_audited("confirm", _by_user)
    def confirm(self, row_id: str, user: str, channel: str | None = None) -> Outcome:
        """Create the task for a card's reading. At most one task per row, however often pressed."""
        row = self._row(row_id)
        self.check_owner(row, user)
        self.access.check(user, channel if channel is not None else row.channel, "create")
        now = int(self.clock())
        if row.status == Status.PROPOSED and row.created_at < now - PROPOSAL_TTL:
            self.store.transition(
                row.id, [Status.PROPOSED], Status.CANCELLED, event_detail="expired unconfirmed"
            )
            return Outcome(
                "cancelled",
                self._row(row_id),
                note="This card expired (cards last 30 minutes). Run the command again.",
            )
        start, end, starts_now = self._window_at_confirm(row, now)
        if start is None:
            return Outcome(
                "cancelled",
                row,
                note="This window has already ended. Run the command again with a new time.",
            )
        overlaps = [
            t
            for t in self.store.overlapping(row.stream, row.domain, row.app, start, end)
            if t.id != row.id
        ]
        if busiest_moment(((t.start, t.end) for t in overlaps), start, end) >= MAX_RUNNING_TASKS:
            ids = ", ".join(t.task_id or t.id for t in overlaps)
            return Outcome(
                "failed",
                row,
                error=LiveError(
                    "LimitExceeded.MaximumRunningTask",
                    f"{MAX_RUNNING_TASKS} tasks already record this stream at one moment of this window ({ids}); the platform runs at most three.",
                ),
            )
        self.store.check_file()  # no Live call without a log to keep its outcome
        booking = windows_create_at(
            datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC),
            datetime.fromtimestamp(now, UTC),
        )  # fmt: skip
        if booking is not None:  # Live will not take it yet: recordbot creates it then
            return self._book(row, user, start, end, booking.timestamp())
        # The lease covers this Confirm's own create (timeouts and retries included): nobody
        # settles the row behind its back.
        pending = self.store.transition(
            row.id, [Status.PROPOSED, Status.FAILED], Status.PENDING,
            event_user=user, confirmed_by=user, start=start, end=end, starts_now=int(starts_now),
            error_code=None, error_message=None, lease_until=now + CREATE_LEASE,
            lease_owner=this_process(), unsettled_since=None, create_at=None,
        )  # fmt: skip
        if pending is None:
            return self._already(row_id)
        self._cancel_siblings(row, user)
        return self._create(pending)

    def _book(self, row: TaskRow, user: str, start: int, end: int, at: float) -> Outcome:
        """Log a confirmed window Live will not take yet as `booked` until `at`: no Live call."""
        booked = self.store.transition(
            row.id, [Status.PROPOSED], Status.BOOKED, event_user=user, confirmed_by=user,
            event_detail=f"to be created at {datetime.fromtimestamp(at, UTC):%Y-%m-%dT%H:%M:%SZ}",
            start=start, end=end, starts_now=0, create_at=at, error_code=None, error_message=None,
        )  # fmt: skip
        if booked is None:
            return self._already(row.id)
        self._cancel_siblings(row, user)
        return Outcome("booked", booked, simulated=self.defaults.simulated)

    def _cancel_siblings(self, row: TaskRow, user: str) -> None:
        for sibling in self.store.card_rows(row.card):
            if sibling.id != row.id and not row.grp:  # the other reading of the same command
                self.store.transition(
                    sibling.id,
                    [Status.PROPOSED],
                    Status.CANCELLED,
                    event_user=user,
                    event_detail="other reading confirmed",
                )

    # -- bookings ---------------------------------------------------------------------------

    def create_due(self, limit: int = 200) -> list[Outcome]:
        """The scheduler's part: create each booking whose `create_at` has come, with a
        Confirm's safety (claimed booked -> pending by compare-and-set under the same lease, one
        create, a lookup before any resend). One whose window has ended fails, and its requester
        is told; one created more than `BOOKING_GRACE` after its moment says it is late."""
        now = int(self.clock())
        outcomes = []
        for row in self.store.due_bookings(now, limit):
            if row.end <= now:
                done = self.store.transition(
                    row.id, [Status.BOOKED], Status.FAILED, error_code="BookingMissed",
                    error_message=_missed(row), event_detail="window ended before it was created",
                )  # fmt: skip
                if done is not None:
                    self._notify(done, "booking_failed", detail=done.error_message)
                    outcomes.append(Outcome("failed", done, simulated=self.defaults.simulated))
                continue
            # late (its start passed while recordbot was down): what is left, from now
            start, starts_now = max(row.start, now), row.start <= now
            pending = self.store.transition(
                row.id, [Status.BOOKED], Status.PENDING,
                event_detail="creating the booking", start=start,
                starts_now=int(starts_now), lease_until=now + CREATE_LEASE,
                lease_owner=this_process(), unsettled_since=None,
            )  # fmt: skip
            if pending is None:
                continue  # another process claimed it
            late = now - (row.create_at or now) > BOOKING_GRACE
            outcomes.append(self._create(pending, late=late))
        return outcomes

    def confirm_group(self, row_id: str, user: str, channel: str | None = None) -> list[Outcome]:
        """Confirm every part of a window split into consecutive tasks (each part once)."""
        row = self._row(row_id)
        parts = self.store.group_rows(row.grp) if row.grp else [row]
        return [self.confirm(part.id, user, channel) for part in parts]

    def _window_at_confirm(self, row: TaskRow, now: int) -> tuple[int | None, int, bool]:
        """The window to send now: a starts-now window keeps its length from Confirm, unless
        its end was typed as a time (`until 6pm`)."""
        if row.end <= now:
            return None, row.end, False
        if row.starts_now:
            return now, row.end if row.fixed_end else now + (row.end - row.start), True
        if row.start <= now:  # the card sat until its start passed: record what is left, from now
            return now, row.end, True
        return row.start, row.end, False

    def _create(self, row: TaskRow, late: bool = False) -> Outcome:
        """Send CreateRecordTask for a pending row; a call that may have taken effect is looked
        up on Live before it is sent again, so a lost reply never records twice."""
        try:
            result = self._send_create(row)
        except LiveError as exc:
            if not _may_have_happened(exc):
                if row.create_at is not None:
                    return self._booking_refused(row, exc)
                return self._fail(row, exc)
            log.warning(
                "create for %s may have happened (%s); looking it up first", row.id, exc.code
            )
            try:
                found = self._find_remote(row)
            except LiveError as lookup_exc:
                log.warning("lookup for %s failed too (%s)", row.id, lookup_exc.code)
                found = None
            if found is not None:
                return self._created(row, found, None, "found after a lost reply", late)
            # Never a second create for one Confirm: Live may apply this one a minute or more
            # late. The row stays pending and is looked up patiently (settle_pending).
            now = self.clock()
            self.store.update(row.id, lease_until=now, unsettled_since=now)
            self.store.add_event(row.id, "unsettled", None, f"{exc.code}: looking it up on Live")
            return Outcome("uncertain", row, error=exc, simulated=self.defaults.simulated)
        outcome = self._created(row, result.task_id, result.request_id, late=late)
        if outcome.kind == "created" and row.replaces:
            self._retire(row.replaces, outcome.row)
        return outcome

    def _retire(self, old_id: str, new: TaskRow) -> None:
        """The longer or shorter task exists: delete the one it replaces from Live."""
        old = self.store.get(old_id)
        if old is None or old.status != Status.CREATED:
            return
        done = self._finish(
            old, new.confirmed_by or new.user, self.live.delete_record_task,
            [Status.CREATED], Status.DELETED,
        )  # fmt: skip
        if done.kind == "failed":
            log.warning("replaced task %s could not be deleted: %s", old.short, done.error)

    def _send_create(self, row: TaskRow):  # noqa: ANN202 - CreateResult lives in the adapter
        return self.live.create_record_task(
            stream=row.stream, domain=row.domain, app=row.app, end=row.end,
            start=None if row.starts_now else row.start, template_id=row.template_id,
        )  # fmt: skip

    def _created(
        self, row: TaskRow, task_id: str, request_id: str | None, how: str = "", late: bool = False
    ) -> Outcome:
        detail = f"{task_id} ({how})" if how else task_id
        try:
            with self.store.batch():  # the task and the notice it owes: both kept, or neither
                created = self.store.transition(
                    row.id,
                    [Status.PENDING],
                    Status.CREATED,
                    event_detail=detail,
                    task_id=task_id,
                    request_id=request_id,
                    lease_until=None,
                )
                if created is not None:
                    self._notify(created, "created", late=late)
        except (sqlite3.Error, OSError) as exc:
            # Live has the task; the log could not say so. Never lose the TaskId: log it and
            # journal it beside the database (applied at the next start).
            log.error(
                "task log write failed (%s): Live created TaskId %s for row %s; journalled",
                type(exc).__name__, task_id, row.id,
            )  # fmt: skip
            self.store.journal_created(row.id, task_id, request_id)
            kept = replace(row, status=Status.CREATED, task_id=task_id, request_id=request_id)
            return Outcome(
                "created", kept, simulated=self.defaults.simulated,
                note="Live created it, but the task log could not be written: the TaskId is kept in its journal.",
            )  # fmt: skip
        if created is None:  # settled meanwhile by another process (it found this TaskId)
            return self._already(row.id)
        return Outcome("created", created, simulated=self.defaults.simulated)

    def _booking_refused(self, row: TaskRow, exc: LiveError) -> Outcome:
        """A booking's create was refused. A refusal that may pass (Live unreachable, busy, an
        internal error) returns it to `booked`, tried again in `BOOKING_RETRY` seconds until its
        deadline (its start; one already late, its end); anything else, or the deadline passed,
        is final (`failed`). The requester is told in person at the first refusal and the last."""
        now = self.clock()
        deadline = row.start if now < row.start else row.end
        first = row.error_code is None
        if _may_pass(exc) and now + BOOKING_RETRY < deadline:
            again = self.store.transition(
                row.id, [Status.PENDING], Status.BOOKED, event_detail=f"{exc.code}: trying again",
                create_at=now + BOOKING_RETRY, lease_until=None, error_code=exc.code,
                error_message=exc.message, request_id=exc.request_id,
            )  # fmt: skip
            if again is not None and first:
                until = datetime.fromtimestamp(deadline, UTC)
                self._notify(
                    again, "booking_failed",
                    detail=f"Live refused it for now ({exc.code}); recordbot keeps trying until {until:%Y-%m-%d %H:%M} UTC.",
                )  # fmt: skip
            return Outcome("retry", again or self._row(row.id), error=exc)
        outcome = self._fail(row, exc)
        if outcome.row.status == Status.FAILED:
            self._notify(
                outcome.row, "booking_failed",
                detail=f"Live refused it ({exc.code}: {exc.message[:200]}); it will not be tried again.",
            )  # fmt: skip
        return outcome

    def _fail(self, row: TaskRow, exc: LiveError) -> Outcome:
        failed = self.store.transition(
            row.id, [Status.PENDING], Status.FAILED, event_detail=exc.code,
            error_code=exc.code, error_message=exc.message, request_id=exc.request_id,
        )  # fmt: skip
        return Outcome(
            "failed", failed or self._row(row.id), error=exc, simulated=self.defaults.simulated
        )

    def _find_remote(self, row: TaskRow) -> str | None:
        """A task on Live for this row's stream and window that the log does not know yet."""
        slack = 120  # a starts-now task's StartTime is set by Live when it arrives
        remote = self.live.describe_record_tasks(
            start=row.start - slack,
            end=row.end + slack,
            stream=row.stream,
            domain=row.domain,
            app=row.app,
        )
        for task in remote:
            if task.stream != row.stream or task.end != row.end:
                continue
            if not row.starts_now and task.start != row.start:
                continue
            if row.starts_now and abs(task.start - row.start) > slack:
                continue
            if self.store.by_task_id(task.task_id) is None:
                return task.task_id
        return None

    def _already(self, row_id: str) -> Outcome:
        row = self._row(row_id)
        kind = {"created": "already", "pending": "in_progress", "cancelled": "cancelled",
                "booked": "already",
                "stopped": "already", "deleted": "already"}.get(row.status, "already")  # fmt: skip
        return Outcome(kind, row, note=self._state_message(row), simulated=self.defaults.simulated)

    @staticmethod
    def _state_message(row: TaskRow) -> str:
        return {
            "created": f"Already scheduled: TaskId {row.task_id}.",
            "pending": "Already being created; the result will appear here in a moment.",
            "cancelled": "This request was cancelled. Run the command again to schedule it.",
            "stopped": f"This recording was stopped (TaskId {row.task_id}).",
            "deleted": f"This recording task was deleted (TaskId {row.task_id}).",
            "failed": f"This request failed ({row.error_code}).",
            "proposed": "This request is waiting for Confirm.",
            "booked": f"Already booked: recordbot creates it on Live at {_utc(row.create_at)}.",
        }[row.status]

    # -- cancel, stop, delete ----------------------------------------------------------------

    @_audited("cancel", _by_user)
    def cancel(self, row_id: str, user: str) -> Outcome:
        row = self._row(row_id)
        self.check_owner(row, user)
        done = None
        for sibling in self.store.card_rows(row.card):
            moved = self.store.transition(
                sibling.id, [Status.PROPOSED, Status.FAILED], Status.CANCELLED, event_user=user
            )
            done = done or (moved if sibling.id == row.id else None)
        if done is None and self._row(row_id).status != Status.CANCELLED:
            return self._already(row_id)
        return Outcome("cancelled", self._row(row_id), simulated=self.defaults.simulated)

    def check_owner(self, row: TaskRow, user: str) -> None:
        """A card is its owner's: only whoever asked (or an admin) may confirm, edit or cancel
        it, whoever else holds its id."""
        if row.user and user != row.user and user not in self.access.admins:
            raise NotAllowed(
                "This card is someone else's request: only the person who asked (or an admin) can confirm, edit or cancel it. To record, run `/record STREAM WHEN` yourself.",
                self.access.admins,
            )

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
            choices = ", ".join(f"`{r.short}` ({r.full_stream})" for r in mine[:10])
            raise TaskNotFound(
                f"`{ref}` names {len(mine)} recordings coming up or under way: {choices}. Use its number."
            )
        raise TaskNotFound(
            f"No task `{ref}` in the log. `/record list` shows the numbers (#12) and TaskIds."
        )

    # -- aliases ---------------------------------------------------------------------------

    def set_alias(self, requester: Requester, name: str, target: str) -> dict[str, Any]:
        """`sports` = `[domain/][app/]stream [template N]`: usable wherever a stream is typed."""
        self.access.check(requester.user_id, requester.channel, "create")
        words = target.split()
        template = None
        if len(words) == 3 and words[1].lower() == "template" and words[2].isdigit():
            template = int(words[2])
        elif len(words) != 1:
            raise InvalidState(
                "Write it as `/record alias NAME = [domain/][app/]stream [template N]`, e.g. `/record alias sports = 5000.live.push.com/live/cctv5 template 1234`."
            )
        parts = words[0].split("/")
        if (
            not _ALIAS_NAME.fullmatch(name)
            or not all(_ALIAS_NAME.fullmatch(p) for p in parts)
            or len(parts) > 3
        ):
            raise InvalidState(
                "Alias and stream names use letters, digits, `_`, `-` and `.`; the stream is `name`, `app/name` or `domain/app/name`."
            )  # fmt: skip
        stream, app, domain = (
            parts[-1],
            (parts[-2] if len(parts) > 1 else None),
            (parts[0] if len(parts) == 3 else None),
        )
        target_row = {"stream": stream, "app": app, "domain": domain, "template_id": template}
        self.store.set_alias(name, target_row, requester.user_id)
        return {"name": name.lower(), **target_row}

    def remove_alias(self, requester: Requester, name: str) -> None:
        self.access.check(requester.user_id, requester.channel, "create")
        if not self.store.remove_alias(name):
            raise TaskNotFound(f"No alias `{name}`. `/record alias list` shows them.")

    def parts(self, row: TaskRow) -> list[TaskRow]:
        """The tasks one long window was split into (just `row` if it was not split)."""
        return self.store.group_rows(row.grp) if row.grp else [row]

    def affected(self, row: TaskRow, verb: str, only_this: bool = False) -> list[TaskRow]:
        """What `stop` or `delete` of `row` would act on: every part of a split recording (the
        parts go together) unless `only_this`; for stop, those that can still record; for
        delete, those still on Live. Empty means there is nothing to do."""
        targets = [row] if only_this else self.parts(row)
        if verb == "stop":
            now = self.clock()
            live = (Status.CREATED, Status.BOOKED)
            return [r for r in targets if r.status in live and r.end > now]
        return [r for r in targets if r.status in (Status.CREATED, Status.STOPPED, Status.BOOKED)]

    @_audited("stop", _by_user)
    def stop(
        self, ref: str, user: str, channel: str | None = None, only_this: bool = False
    ) -> Outcome:
        """Stop a task now; a task split from one long window stops with all its parts unless
        `only_this`."""
        row = self.find(ref)
        self.access.check(user, channel, "stop")
        targets = self.affected(row, "stop", only_this)
        if not targets:
            raise InvalidState(nothing_to_do(row, "stop", self.clock()))
        self.store.check_file()
        outcomes = [self._stop_one(r, user) for r in targets]
        return self._summary(row, outcomes, "stopped")

    @_audited("stop", _by_user)
    def stop_rows(self, row_ids: list[str], user: str, channel: str | None = None) -> Outcome:
        """`stop all STREAM`, confirmed: stop the recordings the card listed (those that can
        still record)."""
        self.access.check(user, channel, "stop")
        now = self.clock()
        rows = [r for r in (self.store.get(i) for i in row_ids) if r is not None]
        targets = [r for r in rows if r.status in (Status.CREATED, Status.BOOKED) and r.end > now]
        if not targets:
            raise InvalidState(
                "None of those recordings can still be stopped: they have ended or were stopped."
            )
        self.store.check_file()
        outcomes = [self._stop_one(r, user) for r in targets]
        failed = [o for o in outcomes if o.kind == "failed"]
        if failed:
            return failed[0]
        note = f"Stopped {len(outcomes)}: " + ", ".join(o.row.short for o in outcomes)
        return Outcome("stopped", outcomes[0].row, note=note, simulated=self.defaults.simulated)

    def stoppable(self, stream: str) -> list[TaskRow]:
        """What `stop all STREAM` would stop: its recordings under way or coming up."""
        name = self.stream_name(stream)
        return [r for r in self.store.upcoming(self.clock(), 200) if r.stream == name]

    def _stop_one(self, row: TaskRow, user: str) -> Outcome:
        if row.status == Status.BOOKED:
            return self._cancel_booking(row, user, "stopped")
        return self._finish(row, user, self.live.stop_record_task, [Status.CREATED], Status.STOPPED)

    @_audited("delete", _by_user)
    def delete(
        self, ref: str, user: str, channel: str | None = None, only_this: bool = False
    ) -> Outcome:
        """Delete tasks from Live (all parts of a split recording unless `only_this`). Live's
        DeleteRecordTask does not affect a task that is recording, so such a task is stopped
        first (docs/live-api.md)."""
        row = self.find(ref)
        self.access.check(user, channel, "delete")
        targets = self.affected(row, "delete", only_this)
        if not targets:
            raise InvalidState(nothing_to_do(row, "delete", self.clock()))
        self.store.check_file()
        now = self.clock()
        outcomes = []
        for target in targets:
            if target.status == Status.BOOKED:
                outcomes.append(self._cancel_booking(target, user, "deleted"))
                continue
            if target.status == Status.CREATED and target.start <= now < target.end:
                stopped = self._stop_one(target, user)
                if stopped.kind == "failed":
                    outcomes.append(stopped)
                    continue
                target = stopped.row
            outcomes.append(
                self._finish(
                    target,
                    user,
                    self.live.delete_record_task,
                    [Status.CREATED, Status.STOPPED],
                    Status.DELETED,
                )
            )
        return self._summary(row, outcomes, "deleted")

    def _cancel_booking(self, row: TaskRow, user: str, kind: str) -> Outcome:
        """A booked part is not on Live yet: cancelling it is the whole stop (no Live call)."""
        done = self.store.transition(
            row.id, [Status.BOOKED], Status.CANCELLED, event_user=user, stopped_by=user,
            event_detail="booking cancelled before it was created on Live",
        )  # fmt: skip
        if done is None:  # claimed for creation meanwhile, or already gone
            return self._already(row.id)
        note = "It was booked, not yet created on Live: the booking is cancelled and nothing was sent to Live."
        return Outcome(kind, done, note=note, simulated=self.defaults.simulated)

    def _summary(self, row: TaskRow, outcomes: list[Outcome], done: str) -> Outcome:
        failed = [o for o in outcomes if o.kind == "failed"]
        if failed:
            return failed[0]
        main = next((o.row for o in outcomes if o.row.id == row.id), outcomes[0].row)
        note = outcomes[0].note if len(outcomes) == 1 else None
        if len(outcomes) > 1:
            note = f"{done.capitalize()} all {len(outcomes)} parts of this recording: " + ", ".join(
                o.row.task_id or "booked, cancelled" for o in outcomes
            )
        return Outcome(done, main, note=note, simulated=self.defaults.simulated)

    def _finish(
        self,
        row: TaskRow,
        user: str,
        call: Callable[[str], str],
        from_statuses: list[str],
        status: str,
    ) -> Outcome:
        """Stop or delete on Live first; only then log who did it and tell the channel."""
        try:
            request_id = call(row.task_id or "")
        except LiveError as exc:
            if status == "deleted" and self._gone_from_live(row, exc):
                # A retried delete whose first try took effect: the goal is reached.
                request_id = exc.request_id or ""
            else:
                return self._failed_to(row, user, status, exc)
        with self.store.batch():  # the change and the notice it owes: both kept, or neither
            done = self.store.transition(
                row.id, from_statuses, status, event_user=user, event_detail=request_id,
                stopped_by=user,
            )  # fmt: skip
            if done is not None:
                self._notify(done, status, by=user)
        if done is None:
            return self._already(row.id)
        return Outcome(status, done, simulated=self.defaults.simulated)

    def _failed_to(self, row: TaskRow, user: str, status: str, exc: LiveError) -> Outcome:
        event = {"stopped": "stop_failed", "deleted": "delete_failed"}[status]
        self.store.add_event(row.id, event, user, str(exc))
        return Outcome("failed", row, error=exc, simulated=self.defaults.simulated)

    def _gone_from_live(self, row: TaskRow, exc: LiveError) -> bool:
        """After a refused delete: is the task already absent from Live (an earlier try of
        ours went through)? Only a refusal about the task itself is worth the look."""
        if not exc.code.startswith(("InvalidParameter", "ResourceNotFound")):
            return False
        try:
            remote = self.live.describe_record_tasks(
                start=row.start - 60,
                end=row.end + 60,
                stream=row.stream,
                domain=row.domain,
                app=row.app,
            )
        except LiveError:
            return False
        return all(task.task_id != row.task_id for task in remote)

    # -- reads --------------------------------------------------------------------------------

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

    # -- recovery -----------------------------------------------------------------------------

    def reconcile(self) -> list[TaskRow]:
        """At start-up and in `recordbot reconcile`: expire old cards, settle pending rows."""
        self.store.expire_proposals(self.clock() - PROPOSAL_TTL)
        return self.settle_pending()

    def settle_pending(self, patience: float | None = None) -> list[TaskRow]:
        """Settle `pending` rows whose create is over (or whose process died) by looking on
        Live, never by creating: found -> created; still absent `patience` seconds after the
        outcome became unknown -> failed. Each row under a lease, so two processes (a second
        bot, `recordbot reconcile`) never settle one row twice. The scheduler calls this
        periodically, so no row stays pending while the bot runs."""
        now = self.clock()
        patience = self.create_patience if patience is None else patience
        me = this_process()
        settled = []
        for row in self.store.pending():
            dead = row.lease_owner if row.lease_owner and process_gone(row.lease_owner) else None
            if row.lease_until is not None and row.lease_until > now and dead is None:
                continue  # its own Confirm (or another settler) holds it
            held = self.store.lease(row.id, me, now, now + SETTLE_LEASE, dead_owner=dead)
            if held is None:
                continue
            try:
                found = self._find_remote(held)
            except LiveError as exc:
                log.warning("settle: could not look up %s (%s); trying again", row.id, exc.code)
                self.store.update(row.id, lease_until=now + RECHECK)
                continue
            if found:
                with self.store.batch():  # the task and the notice it owes: both, or neither
                    done = self.store.transition(
                        row.id, [Status.PENDING], Status.CREATED, lease_until=None,
                        event_detail=f"{found} (found on Live while settling)", task_id=found,
                    )  # fmt: skip
                    if done:
                        self._notify(done, "created")
            elif now - (held.unsettled_since or now) >= patience:
                waited = round((now - (held.unsettled_since or now)) / 60)
                done = self.store.transition(
                    row.id, [Status.PENDING], Status.FAILED, lease_until=None,
                    event_detail="not found on Live", error_code="NotCreated",
                    error_message=f"Live never answered the create, and after {waited} minute(s) it has no such task: nothing is recording. Run the command again.",
                )  # fmt: skip
                if done:
                    self._notify(done, "not_created", detail=done.error_message)
            else:
                self.store.update(row.id, lease_until=now + RECHECK)
                continue
            if done:
                settled.append(done)
        return settled

    def import_external(self, days: int = 7) -> list[TaskRow]:
        """Log the tasks Live has (from `days` ago to `days` ahead) that the log does not know,
        made in the console or by another tool; `/record list` marks them as made outside.
        Run by `recordbot reconcile` and by the bot's scheduler when it starts."""
        now = int(self.clock())
        try:
            remote = self.live.describe_record_tasks(
                start=now - days * 86400, end=now + days * 86400
            )
        except LiveError as exc:
            log.warning(
                "reconcile: could not list Live's tasks (%s); will try next start", exc.code
            )
            return []
        unsettled = self.store.pending()
        added = []
        for task in remote:
            if self.store.by_task_id(task.task_id) is not None:
                continue
            if any(
                (p.stream, p.domain, p.app, p.end) == (task.stream, task.domain, task.app, task.end)
                for p in unsettled
            ):
                continue  # may be our own create whose reply was lost: the next start settles it
            row = self.store.add_external(
                {
                    "task_id": task.task_id,
                    "stream": task.stream,
                    "app": task.app,
                    "domain": task.domain,
                    "start": task.start,
                    "end": task.end,
                    "template_id": task.template_id or None,
                    "status": Status.STOPPED if task.stopped else "created",
                    # notices already past are history for a task first seen now, not news
                    "start_noticed_at": now if task.start <= now else None,
                    "end_noticed_at": now if task.end <= now else None,
                }
            )
            if row is not None:
                added.append(row)
        if added:
            log.info("reconcile: found %d task(s) on Live made outside recordbot", len(added))
        return added

    # -- helpers -----------------------------------------------------------------------------

    def _row(self, row_id: str) -> TaskRow:
        row = self.store.get(row_id)
        if row is None:
            raise TaskNotFound("That card is no longer in the log. Run the command again.")
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


def nothing_to_do(row: TaskRow, verb: str, now: float) -> str:
    """Why `verb` ("stop" or "delete") has nothing to act on for `row`, said at once."""
    ref = f"TaskId {row.task_id}" if row.task_id else "this request"
    if row.status == Status.DELETED:
        return f"{ref} was already deleted; there is nothing to {verb}."
    if verb == "stop" and row.status == Status.STOPPED:
        return f"{ref} was already stopped; nothing is recording."
    if verb == "stop" and row.status == Status.CREATED:  # its window is over
        return f"{ref} has already ended; there is nothing to stop."
    if row.status == Status.CANCELLED and row.create_at is not None:
        return f"{ref.capitalize()} was a booking, cancelled before it was created on Live; there is nothing to {verb}."
    if row.status in (Status.PROPOSED, Status.CANCELLED, Status.FAILED):
        return f"{ref.capitalize()} was never created on Live (it is {row.status}); there is nothing to {verb}."
    return f"{ref} is still being created; try again in a moment."


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
    end = datetime.fromtimestamp(row.end, UTC)
    return (
        f"recordbot was not running when this booking was due, and its window ended "
        f"({end:%Y-%m-%d %H:%M} UTC) before it could be created: nothing was recorded."
    )


def _other_reading(res: Resolution, tz: str, now: datetime, window: Window) -> str:
    shown = _text("not_yet.range", res, tz, now, window=window)
    if res.lang == "zh":
        return f"另一种理解（{shown}）需要分成多个直播任务，未在此卡片中提供：请单独输入该时间。"
    return f"The other reading ({shown}) would need several Live tasks and is left off this card: type it as its own command."


def _may_have_happened(exc: LiveError) -> bool:
    """A create that failed this way may still have created the task on Live."""
    return isinstance(exc, LiveAmbiguous) or exc.code == "InternalError.NetworkError"


def _text(key: str, res: Resolution, tz: str, now: datetime, **kw: object) -> str:
    """A message about `res` in its language; windows and instants in `tz`."""
    zone = load_zone(tz) or UTC
    ref = now.astimezone(zone)

    def show(value: object) -> object:
        if isinstance(value, Window):
            return messages.fmt_range(
                value.start.astimezone(zone), value.end.astimezone(zone), res.lang, ref
            )
        if isinstance(value, datetime):
            return messages.fmt_dt(value.astimezone(zone), res.lang, ref)
        return value

    return messages.text(key, res.lang, **{k: show(v) for k, v in kw.items()})


def _not_yet_repeat(res: Resolution, tz: str, now: datetime) -> str:
    """What was understood of a repeating command: the rule in words, the next occurrences, and
    how to record one of them today (the refusal until series are built)."""
    rec = res.repeat
    assert rec is not None
    # the occurrences and the example in the series' own zone, as the rule is read
    here = rec.zone_name
    sep = "；" if res.lang == "zh" else "; "
    nxt = sep.join(_text("not_yet.range", res, here, now, window=w) for w in rec.occurrences(5))
    first = res.window.start.astimezone(rec.zone)
    dur = res.window.duration
    if res.lang == "zh":
        h, m = divmod(int(dur.total_seconds()) // 60, 60)
        length = (f"{h}小时" if h else "") + (f"{m}分钟" if m else "")
        example = f"{first.year}年{first.month}月{first.day}日{first:%H:%M}开始录{length}"
    else:
        example = f"{first:%Y-%m-%d %H:%M} for {messages.fmt_duration(dur)}"
    if here != tz:
        example += f" {here}"
    return _text(
        "not_yet.repeat", res, tz, now, stream=res.stream.name, rule=rec.describe(res.lang),
        zone=rec.zone_name, next=nxt, example=example,
    )  # fmt: skip
