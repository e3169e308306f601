"""Follow each recording through its life: post start and end notices as they fall due, and
the notices Live's callbacks left behind, all found in the task log (no Slack imports).

Nothing due is kept in memory, so a restart neither loses nor repeats a notice: each notice is
claimed in SQLite by compare-and-set before it is posted (two ticks, or two processes, cannot
both post it) and handed back if posting fails, so a later tick tries again. A notice posted
more than `grace` seconds after it fell due says it is late.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.service import Notifier
from bot.store import TaskStore
from bot.tasks import PROPOSAL_TTL, Notice, NoticeKind, TaskRow

log = logging.getLogger("recordbot.lifecycle")

GRACE = 120.0  # a notice posted later than this after its due time is marked late
INTERVAL = 5.0  # seconds between ticks in the bot
CALLBACK_MEMORY = 24 * 3600.0  # Live retries within minutes; callbacks older than this are pruned
UNMATCHED_MEMORY = 90 * 86400.0  # callbacks no task took are kept this long for `reconcile`
MAX_BACKOFF = 300.0


@dataclass(frozen=True)
class Posted:
    """One notice a tick posted."""

    kind: str
    task: str  # tasks.id
    late: bool = False


class Scheduler:
    """Due start/end notices and queued callback notices, posted through a `Notifier`.

    `tick(now)` does one pass and may be called directly (tests, the shell before each line);
    `start()` runs it every `interval` seconds in a daemon thread (the Slack modes).
    """

    def __init__(
        self,
        store: TaskStore,
        notifier: Notifier,
        *,
        clock: Callable[[], float] = time.time,
        grace: float = GRACE,
        interval: float = INTERVAL,
        limit: int = 200,
        on_start: Callable[[], object] | None = None,
        settle: Callable[[], object] | None = None,
        settle_every: float = 10.0,
    ) -> None:
        self.store = store
        self.notifier = notifier
        self.clock = clock
        self.grace = grace
        self.interval = interval
        self.limit = limit
        self.on_start = on_start  # once, in the thread, before the first tick (a Live lookup)
        self.settle = settle  # settles pending creates by looking them up on Live
        self.settle_every = settle_every
        self._settled_at = float("-inf")
        self._failures: dict[tuple[str, str], tuple[int, float]] = {}  # key -> (tries, next try)
        self._tick_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pruned_at = 0.0
        self._expired_at = 0.0

    # -- one pass --------------------------------------------------------------------------

    def tick(self, now: float | None = None) -> list[Posted]:
        """Post every start/end notice due at `now` (default: the clock), then queued callback
        notices. Returns what was posted, in order."""
        now = self.clock() if now is None else now
        if self.settle is not None and now - self._settled_at >= self.settle_every:
            self._settled_at = now
            try:
                self.settle()  # before the notices, so a create it finds is announced now
            except Exception:
                log.exception("settling pending creates failed; trying again next tick")
        with self._tick_lock:
            posted = self._due(now)
            posted += self._flush(now)
            if now - self._pruned_at > 3600:
                self._pruned_at = now
                self.store.prune_callbacks(now - CALLBACK_MEMORY)
                self.store.prune_unmatched(now - UNMATCHED_MEMORY)
            if now - self._expired_at > 60:
                self._expired_at = now  # cards nobody confirmed leave the log's listings
                self.store.expire_proposals(now - PROPOSAL_TTL)
        return posted

    def flush(self, now: float | None = None) -> list[Posted]:
        """Post the notices Live's callbacks queued (a callback handler calls this at once)."""
        now = self.clock() if now is None else now
        with self._tick_lock:
            return self._flush(now)

    def _due(self, now: float) -> list[Posted]:
        posted: list[Posted] = []
        held: set[str] = set()  # a task whose start notice failed waits with its end notice
        for kind, row in self.store.due_notices(now, self.limit):
            key = (kind, row.id)
            if row.id in held or self._waiting(key, now):
                held.add(row.id)
                continue
            claimed = self.store.claim_notice(row.id, kind, now)
            if claimed is None:  # another tick took it, or the task was stopped meanwhile
                continue
            if claimed.record_state == "failed":
                self.store.add_event(row.id, kind, None, "no notice: Live reported a failure")
                continue
            due = row.start if kind == "started" else row.end
            late = now - due > self.grace
            if self._post(key, claimed, kind, now, late=late):
                self.store.add_event(
                    row.id, kind, None, "notice posted late" if late else "notice posted"
                )
                posted.append(Posted(kind, row.id, late))
            else:
                self.store.release_notice(row.id, kind, now)
                held.add(row.id)
        return posted

    def _flush(self, now: float) -> list[Posted]:
        posted: list[Posted] = []
        for cb in self.store.unposted_callbacks(self.limit):
            key = ("callback", cb["key"])
            if self._waiting(key, now) or not self.store.claim_callback(cb["key"], now):
                continue
            row = self.store.get(cb["task"]) if cb["task"] else None
            if row is None:
                log.warning("callback notice %s: task %s is gone", cb["kind"], cb["task"])
                continue
            file = self.store.file(cb["file_id"]) if cb.get("file_id") else None
            if self._post(key, row, cb["kind"], now, by=cb["by"], detail=cb["detail"], file=file):
                posted.append(Posted(cb["kind"], row.id))
            else:
                self.store.release_callback(cb["key"], now)
        return posted

    def _post(self, key: tuple[str, str], row: TaskRow, kind: str, now: float, **kw: Any) -> bool:
        try:
            self.notifier.notify(Notice(row, NoticeKind(kind), **kw))
        except Exception:
            tries = self._failures.get(key, (0, 0.0))[0] + 1
            wait = min(MAX_BACKOFF, self.interval * 2**tries)
            self._failures[key] = (tries, now + wait)
            log.exception(
                "%s notice for task %s failed (try %d); retrying in %.0fs",
                kind,
                row.task_id or row.id,
                tries,
                wait,
            )
            return False
        self._failures.pop(key, None)
        return True

    def _waiting(self, key: tuple[str, str], now: float) -> bool:
        failure = self._failures.get(key)
        return failure is not None and now < failure[1]

    # -- the thread ------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="recordbot-scheduler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        if self.on_start is not None:
            try:
                self.on_start()
            except Exception:
                log.exception("scheduler start-up work failed")
        while not self._stopping.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("scheduler tick failed; trying again in %.0fs", self.interval)
            self._wake.wait(self.interval)
            self._wake.clear()


class Notifiers:
    """Each notice to several notifiers: the first (the channel thread) must succeed, so its
    failure reaches the caller (which retries); the others (App Home refresh) are best effort."""

    def __init__(self, primary: Notifier, *others: Notifier) -> None:
        self.primary = primary
        self.others = others

    def notify(self, notice: Notice) -> None:
        self.primary.notify(notice)
        for other in self.others:
            try:
                other.notify(notice)
            except Exception:
                log.exception("secondary notice %s for task %s failed", notice.kind, notice.row.id)
