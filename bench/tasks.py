"""The task log at scale: `/record list` and `recordbot tasks` with 1,000,000 rows in the log.

Builds a temporary log (the schema from bot.store.TaskStore, then one executemany in one
transaction), then times, warm, over `--repeats` runs:
- the query behind `/record list` (RecordService.list), with and without a stream;
- the same plus rendering (list_card and Slack blocks), and through the command path
  (commands.handle_command, as the Slack listener and the shell call it);
- the Home tab and scheduler reads (store.upcoming, store.due_notices);
- `recordbot tasks` as a subprocess (whole log, --json, --limit, --stream), output discarded.
It prints SQLite's EXPLAIN QUERY PLAN for each query, as the store sends it, to show which
index is used. No ANALYZE is run, as none is in production. Target: < 20 ms per query.

    .venv/bin/python bench/tasks.py [--rows 1000000] [--repeats 50] [--keep PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli import TASK_FIELDS  # noqa: E402
from bot.outcomes import Defaults, Requester  # noqa: E402
from bot.service import RecordService  # noqa: E402
from bot.slack.blocks import SlackFmt, card_message  # noqa: E402
from bot.store import TaskStore  # noqa: E402
from bot.ui.lists import list_card  # noqa: E402
from bot.ui.router import handle_command  # noqa: E402

QUERY_TARGET_MS = 20.0
STREAMS = 500
DAY = 86400
# one in 20 rows of each status: created 45%, cancelled 20%, failed/stopped/deleted 10% each...
STATUS_CYCLE = (
    ["created"] * 9 + ["cancelled"] * 4 + ["failed"] * 2 + ["stopped"] * 2 + ["deleted"] * 2
)
STATUS_CYCLE += ["proposed"]  # recent cards nobody pressed


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rows(n: int, now: int, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    """n rows spread over the last 90 days and the next 7, newest last (as they are written)."""
    first = now - 90 * DAY
    span = 97 * DAY
    for i in range(n):
        status = STATUS_CYCLE[i % len(STATUS_CYCLE)]
        start = first + i * span // n
        end = start + 3600 * (1 + i % 3)
        has_task = status in ("created", "stopped", "deleted")
        row = {
            "id": f"{i:016x}",
            "card": f"{i:016x}",
            "task_id": f"1500{i:012d}-{i % 97:02d}" if has_task else None,
            "stream": f"stream{i % STREAMS}",
            "app": "live",
            "domain": "5000.live.push.com",
            "start": start,
            "end": end,
            "starts_now": 0,
            "status": status,
            "user": f"U{i % 300:04d}",
            "user_name": f"user{i % 300}",
            "channel": "C0123456",
            "tz": "Asia/Shanghai",
            "command": f"stream{i % STREAMS} from 8pm for 1h",
            "request_id": f"req-{i}",
            "error_code": "InvalidParameter" if status == "failed" else None,
            "error_message": "EndTime must be later than StartTime."
            if status == "failed"
            else None,
            "created_at": float(start - 3600),
            "updated_at": float(start - 3500),
            "confirmed_by": f"U{i % 300:04d}" if status != "cancelled" else None,
            "source": "bot",
            "fixed_end": 0,
            "start_noticed_at": float(start) if start <= now else None,
            "end_noticed_at": float(end) if end <= now else None,
        }
        yield tuple(row.get(c) for c in columns)


def build(path: str, n: int, now: int) -> float:
    TaskStore(path).close()  # the schema and every migration, as the bot makes them
    t0 = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(tasks)")]
    marks = ", ".join("?" for _ in columns)
    names = ", ".join(f"[{c}]" for c in columns)
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO tasks ({names}) VALUES ({marks})", rows(n, now, columns))
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - t0


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, float, float, Any]:
    """(first run ms, median ms, p99 ms, last result) over `repeats` warm runs."""
    t0 = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return first, statistics.median(times), pct(times, 99), result


class SqlSpy:
    """Records the SQL a store sends, to EXPLAIN exactly that."""

    def __init__(self, store: TaskStore) -> None:
        self.store = store
        self.calls: list[tuple[str, list[Any]]] = []
        self._execute = store.db.execute

    def __enter__(self) -> SqlSpy:
        def spy(sql: str, params: Any = None) -> Any:
            self.calls.append((sql, list(params or [])))
            return self._execute(sql, params) if params is not None else self._execute(sql)

        self.store.db.execute = spy  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.db.execute = self._execute  # type: ignore[method-assign]


def plan(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[str]:
    return [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--keep", default=None, help="build the log here and keep it")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="recordbot-tasks-")
    path = args.keep or os.path.join(tmp, "tasks.db")
    now = int(time.time())
    try:
        built = build(path, args.rows, now)
        size = os.path.getsize(path) / 2**20
        print(f"log: {args.rows:,} rows, {size:.0f} MiB, built in {built:.1f} s ({path})")

        store = TaskStore(path)
        service = RecordService(store, None, Defaults(domain="5000.live.push.com"))  # type: ignore[arg-type]
        fmt = SlackFmt()
        who = Requester("U0001", "user1", "C0123456", "Asia/Shanghai")
        stream = "stream42"
        checks: list[tuple[str, Callable[[], Any]]] = [
            ("service.list()  [/record list query]", lambda: service.list()),
            (f"service.list({stream!r})", lambda: service.list(stream)),
            (
                "list + list_card + blocks",
                lambda: card_message(list_card(fmt, service.list(), time.time(), None, who.tz)),
            ),
            ("handle_command('list')", lambda: handle_command(service, who, "list", fmt)),
            (
                f"handle_command('list {stream}')",
                lambda: handle_command(service, who, f"list {stream}", fmt),
            ),
            ("store.upcoming(now)  [Home tab]", lambda: store.upcoming(time.time())),
            ("store.due_notices(now)  [scheduler]", lambda: store.due_notices(time.time())),
            (
                f"store.export({stream!r})  [tasks --stream]",
                lambda: list(store.export(TASK_FIELDS, stream)),
            ),
            (
                "store.export(limit=20)  [tasks --limit 20]",
                lambda: list(store.export(TASK_FIELDS, limit=20)),
            ),
        ]
        print(f"\nwarm timings over {args.repeats} runs (first run shown apart):")
        plans: dict[str, list[tuple[str, list[str]]]] = {}
        conn = sqlite3.connect(path)
        for name, fn in checks:
            first, median, p99, result = timed(fn, args.repeats)
            n = len(result) if isinstance(result, list) else ""
            mark = "" if median < QUERY_TARGET_MS else "  <-- over target"
            print(
                f"  {name:<44} first {first:8.2f} ms  median {median:8.2f} ms  "
                f"p99 {p99:8.2f} ms  {n!s:>6}{mark}"
            )
            with SqlSpy(store) as spy:
                fn()
            plans[name] = [
                (sql, plan(conn, sql, params))
                for sql, params in spy.calls
                if sql.lstrip().upper().startswith("SELECT")
            ]
        t0 = time.perf_counter()
        count = sum(1 for _ in store.export(TASK_FIELDS))
        whole = time.perf_counter() - t0
        print(
            f"  {'store.export()  [recordbot tasks: whole log]':<44} {whole * 1000:8.0f} ms for "
            f"{count:,} rows (streamed as dicts)"
        )
        store.close()

        print("\nEXPLAIN QUERY PLAN (as the store sends each query):")
        seen: set[str] = set()
        for name, entries in plans.items():
            for sql, steps in entries:
                if sql in seen:
                    continue
                seen.add(sql)
                print(f"  {name}:\n    {sql.strip()}")
                for step in steps:
                    print(f"      -> {step}")
        conn.close()

        print("\n`recordbot tasks` as a subprocess (wall time, output discarded):")
        env = {**os.environ, "RECORDBOT_DB": path, "PYTHONPATH": str(ROOT)}
        exe = [sys.executable, "-m", "bot", "tasks"]
        for extra in (
            ["--limit", "20"],
            ["--stream", stream],
            ["--stream", stream, "--json"],
            [],
            ["--json"],
        ):
            t0 = time.perf_counter()
            done = subprocess.run(
                exe + extra, env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            took = time.perf_counter() - t0
            status = "ok" if done.returncode == 0 else f"exit {done.returncode}"
            print(f"  recordbot tasks {' '.join(extra):<28} {took * 1000:8.0f} ms  {status}")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import bot.cli"], env=env, cwd=tmp, check=True)
        print(
            f"  (interpreter start + import bot.cli alone: {(time.perf_counter() - t0) * 1000:.0f} ms)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
