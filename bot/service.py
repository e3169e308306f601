"""Use cases: propose, confirm, cancel, stop, delete, list, show, reconcile (no Slack imports).

Front ends (Slack listeners, the shell) call these and render what comes back. The Live API is
reached only through the `LiveApi` interface and channel notices only through `Notifier`.
"""

from __future__ import annotations

import functools
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.access import Access
from bot.errors import (
    InvalidState,
    LiveAmbiguous,
    LiveError,
    RecordbotError,
    ResolveError,
    TaskNotFound,
)
from bot.outcomes import Defaults, Outcome, Proposal, Requester
from bot.store import TaskStore
from bot.tasks import PROPOSAL_TTL, Notice, NoticeKind, Status, TaskRow
from bot.timeparse import Resolution, resolve
from bot.windows import MAX_RUNNING_TASKS, Window, busiest_moment, split_window

if TYPE_CHECKING:
    from bot.live.api import LiveApi

log = logging.getLogger("recordbot.service")


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

    # -- propose ----------------------------------------------------------------------------

    @_audited("request", _by_requester)
    def propose(self, requester: Requester, text: str) -> Proposal:
        """Resolve the command and write the card's rows as `proposed`. Raises ResolveError."""
        self.access.check(requester.user_id, requester.channel, "create")
        now = datetime.fromtimestamp(int(self.clock()), UTC)
        try:
            res = resolve(text, now, requester.tz)
        except ResolveError as exc:
            # Over 24 h: offer it as consecutive tasks when every part fits Live's horizon.
            parts = split_window(exc.window, now) if exc.code == "too_long" and exc.window else None
            if not parts:
                raise
            hours = round((parts[-1].end - parts[0].start).total_seconds() / 3600, 1)
            note = f"{hours:g}h is over Live's 24h limit per task, so it is offered as {len(parts)} consecutive tasks, confirmed and stopped together."
            res = Resolution(
                stream=exc.stream,
                window=parts[0],
                zone=requester.tz,
                lang=exc.lang,
                notes=(note,),
                fixed_end=True,
            )
            return self._write_proposal(requester, res, text, parts)
        return self._write_proposal(requester, res, text)

    def _write_proposal(
        self, requester: Requester, res: Resolution, text: str, parts: list[Window] | None = None
    ) -> Proposal:
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
                    "template_id": self.defaults.template_id,
                    "user": requester.user_id,
                    "user_name": requester.user_name,
                    "channel": requester.channel,
                    "tz": requester.tz,
                    "command": text,
                    "grp": grp,
                }
                for w in windows
            ),
            requester.user_id,
        )
        main = rows[0]
        overlaps = self.store.overlapping(main.stream, main.domain, main.app, main.start, main.end)
        return Proposal(rows, res, overlaps, requester, self.defaults.simulated)

    def replace_proposal(self, row_id: str, requester: Requester, res: Resolution) -> Proposal:
        """The Edit dialog's result: cancel the old card's rows and propose the edited window."""
        old = self._row(row_id)
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
        pending = self.store.transition(
            row.id, [Status.PROPOSED, Status.FAILED], Status.PENDING,
            event_user=user, confirmed_by=user, start=start, end=end, starts_now=int(starts_now),
            error_code=None, error_message=None,
        )  # fmt: skip
        if pending is None:
            return self._already(row_id)
        for sibling in self.store.card_rows(row.card):
            if sibling.id != row.id and not row.grp:  # the other reading of the same command
                self.store.transition(
                    sibling.id,
                    [Status.PROPOSED],
                    Status.CANCELLED,
                    event_user=user,
                    event_detail="other reading confirmed",
                )
        return self._create(pending)

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

    def _create(self, row: TaskRow) -> Outcome:
        """Send CreateRecordTask for a pending row; a call that may have taken effect is looked
        up on Live before it is sent again, so a lost reply never records twice."""
        try:
            result = self._send_create(row)
        except LiveError as exc:
            if not _may_have_happened(exc):
                return self._fail(row, exc)
            log.warning(
                "create for %s may have happened (%s); looking it up first", row.id, exc.code
            )
            try:
                found = self._find_remote(row)
            except LiveError as lookup_exc:
                log.warning(
                    "lookup for %s failed too (%s); left pending for reconcile",
                    row.id,
                    lookup_exc.code,
                )
                return Outcome("uncertain", row, error=exc, simulated=self.defaults.simulated)
            if found is not None:
                return self._created(row, found, None, "found after a lost reply")
            log.info("create for %s did not take effect; sending it once more", row.id)
            try:
                result = self._send_create(row)
            except LiveError as again:
                if _may_have_happened(again):
                    return Outcome("uncertain", row, error=again, simulated=self.defaults.simulated)
                return self._fail(row, again)
        return self._created(row, result.task_id, result.request_id)

    def _send_create(self, row: TaskRow):  # noqa: ANN202 - CreateResult lives in the adapter
        return self.live.create_record_task(
            stream=row.stream, domain=row.domain, app=row.app, end=row.end,
            start=None if row.starts_now else row.start, template_id=row.template_id,
        )  # fmt: skip

    def _created(
        self, row: TaskRow, task_id: str, request_id: str | None, how: str = ""
    ) -> Outcome:
        detail = f"{task_id} ({how})" if how else task_id
        with self.store.batch():  # the task and the notice it owes: both kept, or neither
            created = self.store.transition(
                row.id,
                [Status.PENDING],
                Status.CREATED,
                event_detail=detail,
                task_id=task_id,
                request_id=request_id,
            )
            assert created is not None, "only this call moves its own pending row"
            self._notify(created, "created")
        return Outcome("created", created, simulated=self.defaults.simulated)

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
        }[row.status]

    # -- cancel, stop, delete ----------------------------------------------------------------

    @_audited("cancel", _by_user)
    def cancel(self, row_id: str, user: str) -> Outcome:
        row = self._row(row_id)
        done = None
        for sibling in self.store.card_rows(row.card):
            moved = self.store.transition(
                sibling.id, [Status.PROPOSED, Status.FAILED], Status.CANCELLED, event_user=user
            )
            done = done or (moved if sibling.id == row.id else None)
        if done is None and self._row(row_id).status != Status.CANCELLED:
            return self._already(row_id)
        return Outcome("cancelled", self._row(row_id), simulated=self.defaults.simulated)

    def find(self, ref: str) -> TaskRow:
        """A task by its TaskId (or the card key, for rows not yet created)."""
        ref = ref.strip()
        row = self.store.by_task_id(ref) or self.store.get(ref)
        if row is None:
            raise TaskNotFound(
                f"No task with id `{ref}` in the log. `/record list` shows the TaskIds."
            )
        return row

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
            return [r for r in targets if r.status == Status.CREATED and r.end > now]
        return [r for r in targets if r.status in (Status.CREATED, Status.STOPPED)]

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
        outcomes = [self._stop_one(r, user) for r in targets]
        return self._summary(row, outcomes, "stopped")

    def _stop_one(self, row: TaskRow, user: str) -> Outcome:
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
        now = self.clock()
        outcomes = []
        for target in targets:
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

    def _summary(self, row: TaskRow, outcomes: list[Outcome], done: str) -> Outcome:
        failed = [o for o in outcomes if o.kind == "failed"]
        if failed:
            return failed[0]
        main = next((o.row for o in outcomes if o.row.id == row.id), outcomes[0].row)
        note = None
        if len(outcomes) > 1:
            note = f"{done.capitalize()} all {len(outcomes)} parts of this recording: " + ", ".join(
                o.row.task_id or "-" for o in outcomes
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

    def list(self, stream: str | None = None, limit: int = 20) -> list[TaskRow]:
        """What people care about: not the cards nobody confirmed."""
        shown = ("pending", "created", "failed", "stopped", "deleted")
        return self.store.list(stream, limit=limit, statuses=shown)

    def show(self, ref: str) -> tuple[TaskRow, list[dict[str, Any]], list[dict[str, Any]]]:
        """A task with its history and its recorded files."""
        row = self.find(ref)
        return row, self.store.events(row.id), self.store.files(row.id)

    # -- recovery -----------------------------------------------------------------------------

    def reconcile(self) -> list[TaskRow]:
        """Settle `pending` rows a crash left behind, by looking on Live; never by creating."""
        settled = []
        self.store.expire_proposals(self.clock() - PROPOSAL_TTL)
        for row in self.store.pending():
            try:
                found = self._find_remote(row)
            except LiveError as exc:
                log.warning(
                    "reconcile: could not look up %s (%s); will try next start", row.id, exc.code
                )
                continue
            if found:
                with self.store.batch():
                    done = self.store.transition(
                        row.id,
                        [Status.PENDING],
                        Status.CREATED,
                        event_detail=f"{found} (found by reconcile)",
                        task_id=found,
                    )
                    if done:
                        self._notify(done, "created")
            else:
                done = self.store.transition(
                    row.id, [Status.PENDING], Status.FAILED, event_detail="not found on Live after restart",
                    error_code="NotCreated", error_message="recordbot stopped before Live answered, and Live has no such task. Run the command again.",
                )  # fmt: skip
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
    if row.status in (Status.PROPOSED, Status.CANCELLED, Status.FAILED):
        return f"{ref.capitalize()} was never created on Live (it is {row.status}); there is nothing to {verb}."
    return f"{ref} is still being created; try again in a moment."


def _may_have_happened(exc: LiveError) -> bool:
    """A create that failed this way may still have created the task on Live."""
    return isinstance(exc, LiveAmbiguous) or exc.code == "InternalError.NetworkError"
