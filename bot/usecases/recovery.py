"""Recovery: settle `pending` creates by looking on Live (under a lease, patiently), and log
tasks made outside recordbot. Part of `RecordService`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.errors import (
    LiveError,
)
from bot.i18n import lang_of_command, ngettext, using
from bot.proc import process_gone, this_process
from bot.tasks import PROPOSAL_TTL, Status, TaskRow

if TYPE_CHECKING:
    pass

from bot.usecases.base import (
    RECHECK,
    SETTLE_LEASE,
    UseCaseBase,
    log,
)


class Recovering(UseCaseBase):
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
                with using(lang_of_command(row.command)):  # a background job: no language set
                    message = ngettext(
                        "Live never answered the create, and after {n} minute it has no such "
                        "task: nothing is recording. Run the command again.",
                        "Live never answered the create, and after {n} minutes it has no such "
                        "task: nothing is recording. Run the command again.",
                        waited,
                    ).format(n=waited)
                done = self.store.transition(
                    row.id, [Status.PENDING], Status.FAILED, lease_until=None,
                    event_detail="not found on Live", error_code="NotCreated",
                    error_message=message,
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
