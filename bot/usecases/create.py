"""Use cases that create on Live: Confirm (now, or booked for later), bookings coming due, and
cancel; a create whose reply was lost is looked up, never sent twice. Part of `RecordService`."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.errors import (
    LiveError,
    NotAllowed,
)
from bot.i18n import N_, _, lang_of_command, using
from bot.outcomes import Outcome
from bot.proc import this_process
from bot.tasks import PROPOSAL_TTL, Status, TaskRow
from bot.windows import (
    MAX_RUNNING_TASKS,
    busiest_moment,
)
from bot.windows import create_at as windows_create_at

if TYPE_CHECKING:
    pass

from bot.usecases.base import (
    BOOKING_GRACE,
    BOOKING_RETRY,
    CREATE_LEASE,
    UseCaseBase,
    _audited,
    _by_user,
    _may_have_happened,
    _may_pass,
    _missed,
    _utc,
    log,
)

# What a second press (or an Edit) of a card whose task moved on says, by its status.
STATE_MESSAGES = {
    "created": N_("Already scheduled: TaskId {task_id}."),
    "pending": N_("Already being created; the result will appear here in a moment."),
    "cancelled": N_("This request was cancelled. Run the command again to schedule it."),
    "stopped": N_("This recording was stopped (TaskId {task_id})."),
    "deleted": N_("This recording task was deleted (TaskId {task_id})."),
    "failed": N_("This request failed ({code})."),
    "proposed": N_("This request is waiting for Confirm."),
    "booked": N_("Already booked: recordbot creates it on Live at {time}."),
}


class Creating(UseCaseBase):
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
                note=_("This card expired (cards last 30 minutes). Run the command again."),
            )
        start, end, starts_now = self._window_at_confirm(row, now)
        if start is None:
            return Outcome(
                "cancelled",
                row,
                note=_("This window has already ended. Run the command again with a new time."),
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

    def create_due(
        self, limit: int = 200, rows: list[TaskRow] | None = None, until: float | None = None
    ) -> list[Outcome]:
        """The scheduler's part: create each booking whose `create_at` has come, with a
        Confirm's safety (claimed booked -> pending by compare-and-set under the same lease, one
        create, a lookup before any resend). One whose window has ended fails, and its requester
        is told; one created more than `BOOKING_GRACE` after its moment says it is late.
        `rows`: these bookings only (a series' occurrences Live takes at its Confirm); `until`:
        a `time.monotonic()` moment after which the rest wait for the next pass."""
        now = int(self.clock())
        outcomes = []
        for row in self.store.due_bookings(now, limit) if rows is None else rows:
            if until is not None and time.monotonic() >= until:
                break
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
        if outcome.kind == "created" and row.series:
            self._series_stopped_meanwhile(outcome.row)
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
                note=_(
                    "Live created it, but the task log could not be written: the TaskId is kept "
                    "in its journal."
                ),
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
                with using(lang_of_command(row.command)):  # the scheduler's thread: no language
                    detail = _(
                        "Live refused it for now ({code}); recordbot keeps trying until {time} UTC."
                    ).format(code=exc.code, time=f"{until:%Y-%m-%d %H:%M}")
                self._notify(again, "booking_failed", detail=detail)
            return Outcome("retry", again or self._row(row.id), error=exc)
        outcome = self._fail(row, exc)
        if outcome.row.status == Status.FAILED:
            with using(lang_of_command(row.command)):
                detail = _(
                    "Live refused it ({code}: {message}); it will not be tried again."
                ).format(code=exc.code, message=exc.message[:200])
            self._notify(outcome.row, "booking_failed", detail=detail)
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
        return _(STATE_MESSAGES[row.status]).format(
            task_id=row.task_id, code=row.error_code, time=_utc(row.create_at)
        )

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
                _(
                    "This card is someone else's request: only the person who asked (or an "
                    "admin) can confirm, edit or cancel it. To record, run `/record STREAM WHEN` "
                    "yourself."
                ),
                self.access.admins,
            )
