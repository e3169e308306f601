"""Use cases that end recordings: stop, delete (a recording under way is stopped first), stop all
of a stream; the parts of a split recording go together. Part of `RecordService`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.errors import (
    InvalidState,
    LiveError,
)
from bot.i18n import _
from bot.outcomes import Outcome
from bot.tasks import Status, TaskRow

if TYPE_CHECKING:
    pass

from bot.usecases.base import (
    UseCaseBase,
    _audited,
    _by_user,
    nothing_to_do,
)


class Stopping(UseCaseBase):
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
                _("None of those recordings can still be stopped: they have ended or were stopped.")
            )
        self.store.check_file()
        outcomes = [self._stop_one(r, user) for r in targets]
        failed = [o for o in outcomes if o.kind == "failed"]
        if failed:
            return failed[0]
        note = _("Stopped {n}: {refs}").format(
            n=len(outcomes), refs=_(", ").join(o.row.short for o in outcomes)
        )
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
        note = _(
            "It was booked, not yet created on Live: the booking is cancelled and nothing was "
            "sent to Live."
        )
        return Outcome(kind, done, note=note, simulated=self.defaults.simulated)

    def _summary(self, row: TaskRow, outcomes: list[Outcome], done: str) -> Outcome:
        failed = [o for o in outcomes if o.kind == "failed"]
        if failed:
            return failed[0]
        main = next((o.row for o in outcomes if o.row.id == row.id), outcomes[0].row)
        note = outcomes[0].note if len(outcomes) == 1 else None
        if len(outcomes) > 1:
            parts = _(", ").join(o.row.task_id or _("booked, cancelled") for o in outcomes)
            words = (
                _("Stopped all {n} parts of this recording: {parts}")
                if done == "stopped"
                else _("Deleted all {n} parts of this recording: {parts}")
            )
            note = words.format(n=len(outcomes), parts=parts)
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
