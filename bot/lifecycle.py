"""Follow each recording through its life: post start and end notices as they fall due, and
the notices Live's callbacks left behind, all found in the task log; and send the outbox, the
messages owed to Slack (no Slack imports: a `Sender` does the sending).

Nothing due is kept in memory, so a restart neither loses nor repeats a notice: each notice is
claimed in SQLite by compare-and-set in the same transaction that hands it to the notifier
(which, for Slack, writes it to the outbox), so a failure undoes the claim and a later tick
tries again. A notice posted more than `grace` seconds after it fell due says it is late.

The outbox is drained here too, at every tick and whenever a notifier says it queued something
(`wake`): each lane's first unsent message is claimed, sent, and closed; one Slack refused for
now waits for its Retry-After or a backoff, written in the task log, so a restart resumes it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.proc import process_gone, this_process
from bot.series import SeriesRow
from bot.service import Notifier
from bot.store import TaskStore
from bot.store.outbox import UPDATE, OutboxItem
from bot.tasks import PROPOSAL_TTL, Notice, NoticeKind, TaskRow

log = logging.getLogger("recordbot.lifecycle")

GRACE = 120.0  # a notice posted later than this after its due time is marked late
INTERVAL = 5.0  # seconds between ticks in the bot
CALLBACK_MEMORY = 24 * 3600.0  # Live retries within minutes; callbacks older than this are pruned
UNMATCHED_MEMORY = 90 * 86400.0  # callbacks no task took are kept this long for `reconcile`
MAX_BACKOFF = 300.0
SEND_BACKOFF = 2.0  # the first wait after a failed send; doubled each try, up to MAX_BACKOFF
CLAIM_TTL = 60.0  # a claim this old belongs to a process that died while sending
GIVE_UP_AFTER = 24 * 3600.0  # a message Slack still refuses a day after it was queued is dropped
OUTBOX_MEMORY = 7 * 24 * 3600.0  # sent messages are kept this long (`recordbot` reads them)
MIN_WAIT = 0.05  # the thread never spins faster than this


class DeliveryError(Exception):
    """A `Sender` could not deliver a message. `retry_after`: Slack said when to try again
    (429); `permanent`: Slack refused this message and would refuse it again; `also`: the outbox
    kinds that wait with it (a rate limit is per Slack method, not per message); `unsure`: Slack
    may have taken the message all the same (a timeout or reset after the request went out,
    Slack's own error), or a look for it failed: the next try looks before it posts."""

    def __init__(
        self,
        reason: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        also: tuple[str, ...] = (),
        unsure: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent
        self.also = also
        self.unsure = unsure


class Sender(Protocol):
    """Delivers one outbox message (Slack: bot/slack/notifier.py). Returns the (channel, ts)
    Slack gave a posted message, or None; raises DeliveryError when it could not. An item
    marked `unsure` may already be in Slack: the sender looks for it before posting again."""

    def send(self, item: OutboxItem) -> tuple[str, str] | None: ...


@dataclass(frozen=True)
class Sent:
    """One outbox message a drain closed: sent, superseded or given up."""

    id: int
    lane: str
    kind: str
    outcome: str


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
        sender: Sender | None = None,
        clock: Callable[[], float] = time.time,
        grace: float = GRACE,
        interval: float = INTERVAL,
        limit: int = 200,
        on_start: Callable[[], object] | None = None,
        settle: Callable[[], object] | None = None,
        settle_every: float = 10.0,
        stops: Callable[[], object] | None = None,
        bookings: Callable[[], object] | None = None,
    ) -> None:
        # creates the bookings whose moment has come (at start-up too); returns True when some
        # are left for the next pass
        self.bookings = bookings
        self.stops = stops  # stops shortened recordings whose new end has come
        self.store = store
        self.notifier = notifier
        self.sender = sender  # sends the outbox; None when the notifier posts directly (shell)
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
        self._drain_lock = threading.Lock()
        self._owner = this_process()  # this process's name on its outbox claims (host:pid)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._ticks = True
        self._pruned_at = 0.0
        self._expired_at = 0.0
        self._bookings_left = False  # the last pass left due bookings for the next

    # -- one pass --------------------------------------------------------------------------

    def tick(self, now: float | None = None) -> list[Posted]:
        """Create the bookings that are due, settle pending creates, stop shortened recordings,
        post every start/end notice due at `now` (default: the clock), then queued callback
        notices, then send the outbox. Returns the notices posted, in order."""
        now = self.clock() if now is None else now
        self._bookings_left = False
        if self.bookings is not None:
            try:
                # before the notices, so a booking created now is announced now; a long queue
                # is worked through pass by pass, the notices posted between (True: more left)
                self._bookings_left = self.bookings() is True
            except Exception:
                log.exception("creating due bookings failed; trying again next tick")
        if self.settle is not None and now - self._settled_at >= self.settle_every:
            self._settled_at = now
            try:
                self.settle()  # before the notices, so a create it finds is announced now
            except Exception:
                log.exception("settling pending creates failed; trying again next tick")
        if self.stops is not None:
            try:
                self.stops()
            except Exception:
                log.exception("stopping shortened recordings failed; trying again next tick")
        with self._tick_lock:
            posted = self._due(now)
            posted += self._flush(now)
            if now - self._pruned_at > 3600:
                self._pruned_at = now
                self.store.prune_callbacks(now - CALLBACK_MEMORY)
                self.store.prune_unmatched(now - UNMATCHED_MEMORY)
                self.store.outbox.prune(now - OUTBOX_MEMORY)
            if now - self._expired_at > 60:
                self._expired_at = now  # cards nobody confirmed leave the log's listings
                self.store.expire_proposals(now - PROPOSAL_TTL)
        self.drain()
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
            late = now - (row.start if kind == "started" else row.end) > self.grace
            try:
                # the claim and the notice (for Slack, its outbox rows) are one transaction
                with self.store.batch():
                    claimed = self.store.claim_notice(row.id, kind, now)
                    if claimed is None:  # another tick took it, or the task was stopped
                        continue
                    if claimed.record_state == "failed":
                        self.store.add_event(
                            row.id, kind, None, "no notice: Live reported a failure"
                        )
                        continue
                    self.notifier.notify(Notice(claimed, NoticeKind(kind), late=late))
                    self.store.add_event(
                        row.id, kind, None, "notice posted late" if late else "notice posted"
                    )
            except Exception:
                self._failed(key, row, kind, now)
                held.add(row.id)
                continue
            self._failures.pop(key, None)
            posted.append(Posted(kind, row.id, late))
        return posted

    def _flush(self, now: float) -> list[Posted]:
        posted: list[Posted] = []
        for cb in self.store.unposted_callbacks(self.limit):
            key = ("callback", cb["key"])
            if self._waiting(key, now):
                continue
            row = self.store.get(cb["task"]) if cb["task"] else None
            try:
                with self.store.batch():
                    if not self.store.claim_callback(cb["key"], now):
                        continue
                    if row is None:
                        log.warning("callback notice %s: task %s is gone", cb["kind"], cb["task"])
                        continue
                    file = self.store.file(cb["file_id"]) if cb.get("file_id") else None
                    notice = Notice(
                        row, NoticeKind(cb["kind"]), by=cb["by"], detail=cb["detail"], file=file
                    )
                    self.notifier.notify(notice)
            except Exception:
                if row is not None:
                    self._failed(key, row, cb["kind"], now)
                continue
            self._failures.pop(key, None)
            posted.append(Posted(cb["kind"], row.id))
        return posted

    def _failed(self, key: tuple[str, str], row: TaskRow, kind: str, now: float) -> None:
        """A notifier refused a notice (its claim was undone with it): wait, then try again."""
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

    # -- the outbox -----------------------------------------------------------------------

    def wake(self) -> None:
        """Something was queued: the thread drains the outbox now rather than at its next tick."""
        self._wake.set()

    def drain(self, budget: float | None = None) -> list[Sent]:
        """Send every outbox message that is due, each lane in order; returns what was closed.
        Safe to call from several threads or processes: each message is claimed first. With a
        `budget` (seconds), no send starts after it is spent; the rest waits in the log."""
        if self.sender is None:
            return []
        done: list[Sent] = []
        stop_at = None if budget is None else time.monotonic() + budget
        with self._drain_lock:
            self.store.outbox.release_dead_claims(process_gone)  # a killed bot's sends
            progressed = True
            while progressed and len(done) < 10 * self.limit:
                progressed = False
                now = self.clock()
                for item in self.store.outbox.due(now, now - CLAIM_TTL, self.limit):
                    if stop_at is not None and time.monotonic() >= stop_at:
                        return [d for d in done if d.outcome != "retry"]
                    outcome = self._deliver(item)
                    if outcome is not None:
                        done.append(Sent(item.id, item.lane, item.kind, outcome))
                        progressed = progressed or outcome != "retry"
            return [d for d in done if d.outcome != "retry"]

    def _deliver(self, item: OutboxItem) -> str | None:
        """Claim, send and close one message; its outcome, or None if another drainer has it."""
        now = self.clock()
        outbox = self.store.outbox
        claimed = outbox.claim(item.id, now, self._owner, now - CLAIM_TTL)
        if claimed is None:
            return None
        if claimed.kind == UPDATE and outbox.superseded(claimed):
            outbox.sent(claimed, now, self._owner, outcome="superseded")
            return "superseded"
        assert self.sender is not None
        try:
            result = self.sender.send(claimed)
        except DeliveryError as exc:
            return self._refused(claimed, exc)
        except Exception as exc:  # a bug or a surprise: logged in full, tried again later
            log.exception("sending outbox message %d (%s) failed", claimed.id, claimed.kind)
            failure = DeliveryError(f"{type(exc).__name__}: {exc}", unsure=True)
            return self._refused(claimed, failure)
        channel, ts = result if result else (None, None)
        outbox.sent(claimed, self.clock(), self._owner, ts=ts, channel=channel)
        return "sent"

    def _refused(self, item: OutboxItem, exc: DeliveryError) -> str:
        now = self.clock()
        what = f"outbox message {item.id} ({item.kind}{f' {item.notice}' if item.notice else ''}, lane {item.lane})"
        if exc.permanent or now - item.queued_at > GIVE_UP_AFTER:
            self.store.outbox.give_up(item, now, self._owner, exc.reason)
            log.error("%s given up after %d tries: %s", what, item.tries, exc.reason)
            return "gave_up"
        if exc.retry_after is not None:
            wait = max(exc.retry_after, 0.0)
        else:
            wait = min(MAX_BACKOFF, SEND_BACKOFF * 2 ** (item.tries - 1))
        self.store.outbox.retry(item, now + wait, self._owner, exc.reason, exc.also, exc.unsure)
        log.warning(
            "%s not sent (try %d: %s); trying again in %.0fs", what, item.tries, exc.reason, wait
        )
        return "retry"

    def _waiting(self, key: tuple[str, str], now: float) -> bool:
        failure = self._failures.get(key)
        return failure is not None and now < failure[1]

    # -- the thread ------------------------------------------------------------------------

    def start(self, ticks: bool = True) -> None:
        """Run in a daemon thread: a tick every `interval` seconds, and the outbox drained
        whenever something is queued or falls due. With `ticks=False` the thread only drains
        the outbox and whoever started it ticks (tests that move the clock)."""
        if self._thread is not None:
            return
        self._ticks = ticks
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
        if self.on_start is not None and self._ticks:
            try:
                self.on_start()
            except Exception:
                log.exception("scheduler start-up work failed")
        next_tick = time.monotonic()
        while not self._stopping.is_set():
            try:
                if self._ticks and time.monotonic() >= next_tick:
                    next_tick = time.monotonic() + self.interval
                    self.tick()
                    if self._bookings_left:  # due bookings wait: the next pass comes at once
                        next_tick = time.monotonic()
                else:
                    self.drain()
            except Exception:
                log.exception("scheduler tick failed; trying again in %.0fs", self.interval)
            self._wake.wait(self._pause(next_tick))
            self._wake.clear()

    def _pause(self, next_tick: float) -> float:
        """Until the next tick, or sooner when an outbox message falls due before it."""
        wait = next_tick - time.monotonic() if self._ticks else self.interval
        try:
            due = self.store.outbox.next_due() if self.sender is not None else None
        except Exception:
            log.exception("could not read the outbox")
            due = None
        if due is not None:
            wait = min(wait, due - self.clock())
        return max(MIN_WAIT, wait)


class Notifiers:
    """Each notice to several notifiers: the first (the channel thread) must succeed, so its
    failure reaches the caller (which retries); the others (App Home refresh) are best effort."""

    def __init__(self, primary: Notifier, *others: Notifier) -> None:
        self.primary = primary
        self.others = others

    def series_changed(self, series: SeriesRow) -> None:
        """A series' thread parent is posted or brought up to date (by the channel thread)."""
        changed = getattr(self.primary, "series_changed", None)
        if changed is not None:
            changed(series)

    def notify(self, notice: Notice) -> None:
        self.primary.notify(notice)
        for other in self.others:
            try:
                other.notify(notice)
            except Exception:
                log.exception("secondary notice %s for task %s failed", notice.kind, notice.row.id)
