"""The scheduler's cost per tick with a long task log (default 100,000 tasks).

Builds a task log on a temporary file (WAL, as the bot runs it): most tasks are history
(ended, noticed, stopped, deleted, cancelled), a few thousand are scheduled over the next week.
Times `Scheduler.tick()` with nothing due, and with a handful of notices due before each tick
(posted through a no-op notifier, so the figure is the scheduler and SQLite, not Slack).
Then the same through the outbox, as the Slack modes run it: an outbox holding one sent message
per task in the log, each due notice queued as a reply and a parent update, and drained in the
same tick through a no-op sender.
Prints median and p99 per tick, and the query plans showing the partial indexes in use.

    .venv/bin/python bench/scheduler.py [--tasks 100000] [--ticks 300] [--due 5]
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bot.lifecycle import Scheduler  # noqa: E402
from bot.store import DUE_SQL, UPCOMING_SQL, TaskStore  # noqa: E402
from bot.store.outbox import DUE_SQL as OUTBOX_DUE_SQL  # noqa: E402
from bot.store.outbox import NEXT_DUE_SQL  # noqa: E402


class NoopNotifier:
    def __init__(self) -> None:
        self.count = 0

    def notify(self, notice) -> None:  # noqa: ANN001
        self.count += 1


class OutboxNotifier(NoopNotifier):
    """Queues what the Slack notifier queues for a start notice: a reply and a parent update."""

    def __init__(self, store: TaskStore) -> None:
        super().__init__()
        self.store = store

    def notify(self, notice) -> None:  # noqa: ANN001
        super().notify(notice)
        self.store.outbox.add(notice.row.id, "reply", channel="C1", notice=notice.kind)
        self.store.outbox.add(notice.row.id, "update", channel="C1")


class NoopSender:
    def __init__(self) -> None:
        self.count = 0

    def send(self, item) -> tuple[str, str]:  # noqa: ANN001
        self.count += 1
        return "C1", f"{item.id}.000100"


def fill_outbox(store: TaskStore, now: int) -> int:
    """One sent parent per task in the log: the outbox of a bot that has run a long time."""
    ids = [r[0] for r in store.db.execute("SELECT id FROM tasks").fetchall()]
    with store.batch():
        store.db.conn.executemany(
            "INSERT INTO outbox (lane, kind, channel, late, queued_at, due_at, tries, done_at, "
            "outcome, ts) VALUES (?, 'parent', 'C1', 0, ?, ?, 1, ?, 'sent', ?)",
            [(i, now - 3600, now - 3600, now - 3600, f"{n}.000001") for n, i in enumerate(ids)],
        )
    store.db.execute("ANALYZE")
    return len(ids)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def fill(store: TaskStore, n: int, now: int, rng: random.Random) -> int:
    """n tasks: ~97% history, the rest scheduled within the next 7 days. Returns how many
    are still owed a notice."""
    statuses = ["created"] * 60 + ["stopped"] * 10 + ["deleted"] * 5 + ["cancelled"] * 15
    statuses += ["failed"] * 10
    rows, owed = [], 0
    for i in range(n):
        future = i % 33 == 0
        if future:
            start = now + rng.randint(60, 6 * 86400)
            status, noticed = "created", None
            owed += 1
        else:
            start = now - rng.randint(3600, 90 * 86400)
            status, noticed = rng.choice(statuses), start + 7200
        end = start + rng.choice((1800, 3600, 7200, 3 * 3600))
        rows.append(
            (secrets.token_hex(8), secrets.token_hex(8), f"task-{i:06d}", f"stream{i % 500}",
             "live", "push.example.com", start, end, status, "U1", "UTC", "", now, now,
             noticed, noticed if noticed and end <= now else None)
        )  # fmt: skip
    with store.batch():
        store.db.conn.executemany(
            "INSERT INTO tasks (id, card, task_id, stream, app, domain, start, [end], status, "
            "user, tz, command, created_at, updated_at, start_noticed_at, end_noticed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    store.db.execute("ANALYZE")
    return owed


def plan(store: TaskStore, sql: str, params: list) -> str:
    rows = store.db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return "; ".join(str(r[-1]) for r in rows)


def time_ticks(scheduler: Scheduler, ticks: int, before=None) -> list[float]:  # noqa: ANN001
    out = []
    for _ in range(ticks):
        if before is not None:
            before()
        t0 = time.perf_counter()
        scheduler.tick()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--ticks", type=int, default=300)
    parser.add_argument("--due", type=int, default=5, help="notices due before each tick")
    args = parser.parse_args()

    rng = random.Random(4)
    now = int(time.time())
    with tempfile.TemporaryDirectory() as tmp:
        store = TaskStore(str(Path(tmp) / "bench.db"), clock=lambda: now)
        t0 = time.perf_counter()
        owed = fill(store, args.tasks, now, rng)
        print(f"task log: {args.tasks:,} tasks ({owed:,} scheduled ahead), built in "
              f"{time.perf_counter() - t0:.1f}s")  # fmt: skip

        # a handful due before each tick: tasks whose start just passed, not yet noticed
        starts = [
            r[0]
            for r in store.db.execute(
                "SELECT id FROM tasks WHERE status = 'created' AND start > ? ORDER BY start",
                [now],
            ).fetchall()
        ]
        batches = iter(range(0, len(starts), args.due))

        def make_due() -> None:
            i = next(batches)
            ids = starts[i : i + args.due]
            marks = ", ".join("?" for _ in ids)
            with store.batch():
                store.db.execute(
                    f"UPDATE tasks SET start = ? WHERE id IN ({marks})", [now - 30, *ids]
                )

        ticks = min(args.ticks, len(starts) // max(args.due, 1) // 2)

        notifier = NoopNotifier()
        scheduler = Scheduler(store, notifier, clock=lambda: now)
        scheduler.tick()  # the first tick: nothing is due yet at `now`
        idle = time_ticks(scheduler, args.ticks)
        busy = time_ticks(scheduler, ticks, make_due)
        posted = notifier.count

        sent_before = fill_outbox(store, now)
        queued, sender = OutboxNotifier(store), NoopSender()
        scheduler = Scheduler(store, queued, sender=sender, clock=lambda: now)
        scheduler.tick()
        idle_outbox = time_ticks(scheduler, args.ticks)
        busy_outbox = time_ticks(scheduler, ticks, make_due)

        print(f"\nper tick, {args.tasks:,} tasks in the log:")
        for label, values in (
            ("nothing due", idle),
            (f"{args.due} due", busy),
            ("outbox, idle", idle_outbox),
            (f"outbox, {args.due} due", busy_outbox),
        ):
            print(f"  {label:<16} median {statistics.median(values):7.3f} ms   "
                  f"p99 {pct(values, 99):7.3f} ms   ({len(values)} ticks)")  # fmt: skip
        print(f"  ({posted} notices posted directly; {queued.count} queued and "
              f"{sender.count} outbox messages sent, over {sent_before:,} sent before)")  # fmt: skip

        print("\nquery plans:")
        for kind, sql in DUE_SQL.items():
            print(f"  due {kind:<8} {plan(store, sql, [now, 200])}")
        print(f"  upcoming     {plan(store, UPCOMING_SQL, [now - 86400, now, 50])}")
        params = {"now": now, "stale": now - 60, "limit": 200}
        print(f"  outbox due   {plan(store, OUTBOX_DUE_SQL, params)}")
        print(f"  outbox next  {plan(store, NEXT_DUE_SQL, [])}")

        # for scale: the same due query without the partial index
        plain = DUE_SQL["started"].replace("INDEXED BY idx_tasks_start_due", "NOT INDEXED")
        t0 = time.perf_counter()
        for _ in range(20):
            store.db.execute(plain, [now, 200]).fetchall()
        print(f"\nwithout the index (full scan): {(time.perf_counter() - t0) / 20 * 1000:.2f} ms "
              f"per due query; plan: {plan(store, plain, [now, 200])}")  # fmt: skip
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
