"""The task log: every request, its window and outcome, in SQLite through sqlite-utils.

One connection shared by Bolt's listener threads behind a lock; WAL so `recordbot tasks`
can read while the bot writes. Status changes are compare-and-set, so one Confirm moves a
card from `proposed` to `pending` exactly once however many clicks race.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from bot.store import migrations
from bot.store.callbacks import CallbackRecords
from bot.store.guard import FileGuard
from bot.store.outbox import Outbox
from bot.store.people import PeopleRecords
from bot.store.series import NEXT_REF, SeriesRecords
from bot.tasks import Status, TaskRow

# Start/end notices owed (003_lifecycle). INDEXED BY pins the partial indexes: the planner,
# without statistics, would rather take idx_tasks_status and walk every created task.
DUE_SQL = {
    "started": "SELECT * FROM tasks INDEXED BY idx_tasks_start_due "
    "WHERE status = 'created' AND start_noticed_at IS NULL AND start <= ? ORDER BY start LIMIT ?",
    "ended": "SELECT * FROM tasks INDEXED BY idx_tasks_end_due "
    "WHERE status = 'created' AND end_noticed_at IS NULL AND [end] <= ? ORDER BY [end] LIMIT ?",
}


MAX_TASK_SECONDS = 24 * 3600  # Live's longest task
# No task lasts over 24 h, so only starts in the last day can still be running: a short range
# of the start index, however long the log.
UPCOMING_SQL = (
    "SELECT * FROM tasks WHERE start > ? AND +status IN ('created', 'booked') AND [end] > ? "
    "ORDER BY start, [end] LIMIT ?"
)


class TaskStore(FileGuard, PeopleRecords, CallbackRecords, SeriesRecords):
    """The task log. `path` ":memory:" gives a private in-memory log (tests, benches)."""

    def __init__(self, path: str = "recordbot.db", clock: Callable[[], float] = time.time) -> None:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=10.0, isolation_level=None)
        self.path = path
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        self._clock = clock
        self.unwritable: str | None = None  # why writes are refused, after one failed
        self.outbox = Outbox(self)  # messages owed to Slack (008_outbox)
        with self._lock:
            self.db.execute("PRAGMA busy_timeout = 10000")
            if path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        self._file = self._identity()
        self._apply_journal()

    # -- the file itself: noticed when deleted or replaced; a journal for TaskIds -----------

    def _migrate(self) -> None:
        # One write transaction for all of them: a second process opening the same log waits,
        # then finds nothing left to apply.
        with self._tx() as db:
            migrations.apply(db)

    @property
    def migrations(self) -> list[str]:
        with self._lock:
            return migrations.applied(self.db)

    @contextmanager
    def _tx(self) -> Iterator[sqlite_utils.Database]:
        """A write transaction. BEGIN IMMEDIATE takes the write lock first: a deferred one that
        has read cannot wait for another connection's write (another process: `recordbot
        reconcile`, a second bot), and SQLite answers "database is locked" at once."""
        with self._lock:
            if self.db.conn.in_transaction:  # nested: a savepoint in the outer transaction
                with self.db.atomic():
                    yield self.db
                return
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self.db.conn.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def ping(self) -> None:
        """Raise if the log cannot be read (health checks)."""
        with self._lock:
            self.db.execute("SELECT 1 FROM tasks LIMIT 1").fetchall()

    # -- writes ---------------------------------------------------------------------------

    def add_proposals(self, rows: Iterable[dict[str, Any]], user: str) -> list[TaskRow]:
        """Write the rows a card offers (one per reading), all `proposed`, sharing one card key."""
        now = self._clock()
        card = secrets.token_hex(8)
        written = []
        with self._tx() as db:
            for row in rows:
                record = {
                    "id": secrets.token_hex(8),
                    "card": card,
                    "task_id": None,
                    "status": Status.PROPOSED,
                    "created_at": now,
                    "updated_at": now,
                    "source": "bot",
                    **row,
                }
                record["starts_now"] = int(bool(record.get("starts_now")))
                record["fixed_end"] = int(bool(record.get("fixed_end")))
                db["tasks"].insert(record)
                self._event(db, record["id"], "requested", user, record.get("command"))
                written.append(record["id"])
        return [self.get(i) for i in written]  # type: ignore[misc]

    def add_external(self, row: dict[str, Any]) -> TaskRow | None:
        """Record a task found on Live but not in the log; None if its TaskId is known already."""
        now = self._clock()
        with self._tx() as db:
            if db.execute("SELECT 1 FROM tasks WHERE task_id = ?", [row["task_id"]]).fetchone():
                return None
            record = {
                "id": secrets.token_hex(8),
                "card": secrets.token_hex(8),
                "status": Status.CREATED,
                "created_at": now,
                "updated_at": now,
                "source": "external",
                "user": "",
                "tz": "UTC",
                "command": "",
                "starts_now": 0,
                **row,
            }
            db["tasks"].insert(record)
            self._give_ref(db, record["id"])
            self._event(db, record["id"], "found", None, "created outside recordbot")
        return self.get(record["id"])

    @staticmethod
    def _give_ref(db: sqlite_utils.Database, row_id: str) -> None:
        """The next short number (#N), in the caller's write transaction (so it is unique
        across processes too)."""
        db.execute(f"UPDATE tasks SET ref = ({NEXT_REF}) WHERE id = ? AND ref IS NULL", [row_id])

    def transition(
        self,
        row_id: str,
        from_statuses: Iterable[str],
        to_status: str,
        *,
        event_user: str | None = None,
        event_detail: str | None = None,
        **changes: Any,
    ) -> TaskRow | None:
        """Compare-and-set the status; return the new row, or None if it was not in from_statuses."""
        to_status = Status(to_status)  # ValueError on a status that does not exist
        with self._tx() as db:
            if not self._set_status(db, "tasks", row_id, from_statuses, to_status, changes):
                return None
            if to_status in (Status.BOOKED, Status.PENDING, Status.CREATED):
                self._give_ref(db, row_id)
            self._event(db, row_id, to_status, event_user, event_detail)
        return self.get(row_id)

    # -- aliases -------------------------------------------------------------------------------

    def set_stop_at(self, row_id: str, at: float, user: str) -> TaskRow | None:
        """A created recording's new, earlier end (compare-and-set); None if not created."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE tasks SET stop_at = ?, stop_by = ?, updated_at = ? "
                "WHERE id = ? AND status = 'created'",
                [at, user, self._clock(), row_id],
            )
            if cursor.rowcount != 1:
                return None
            self._event(db, row_id, "shortened", user, f"stops at {int(at)}")
        return self.get(row_id)

    def due_stops(self, now: float) -> list[TaskRow]:
        """Shortened recordings whose new end has come (idx_tasks_stop_due)."""
        return self._select(
            "status = 'created' AND stop_at IS NOT NULL AND stop_at <= ?", [now], order="stop_at"
        )

    def by_ref(self, ref: int) -> TaskRow | None:
        rows = self._select("ref = ?", [ref])
        return rows[0] if rows else None

    def update(self, row_id: str, **changes: Any) -> None:
        """Change fields other than status (notice ts and the like)."""
        with self._tx() as db:
            db["tasks"].update(row_id, {**changes, "updated_at": self._clock()})

    def add_event(
        self, row_id: str, kind: str, user: str | None = None, detail: str | None = None
    ) -> None:
        with self._tx() as db:
            self._event(db, row_id, kind, user, detail)

    def _event(
        self,
        db: sqlite_utils.Database,
        row_id: str,
        kind: str,
        user: str | None,
        detail: str | None,
    ) -> None:
        db["events"].insert(
            {"task": row_id, "at": self._clock(), "kind": kind, "user": user, "detail": detail}
        )

    # -- reads ----------------------------------------------------------------------------

    def _select(
        self,
        where: str,
        params: list[Any],
        order: str = "",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[TaskRow]:
        sql = f"SELECT * FROM tasks WHERE {where}"
        if order:
            sql += f" ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
            if offset > 0:
                sql += f" OFFSET {int(offset)}"
        with self._lock:
            cursor = self.db.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [TaskRow.from_db(dict(zip(names, r, strict=True))) for r in cursor.fetchall()]

    def export(
        self,
        columns: Iterable[str],
        stream: str | None = None,
        limit: int | None = None,
        proposed_since: float | None = None,
        since: float | None = None,
        until: float | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Rows as plain dicts, newest first, read in batches (for dumping a large log).
        With `proposed_since`, unconfirmed cards older than that are left out (abandoned)."""
        names = list(columns)
        select = ", ".join(f"[{c}]" for c in names)
        where, params = [], []
        if stream:
            where.append("stream = ?")
            params.append(stream)
        if proposed_since is not None:
            where.append("NOT (status = 'proposed' AND created_at < ?)")
            params.append(proposed_since)
        if since is not None:  # windows starting in [since, until)
            where.append("start >= ?")
            params.append(since)
        if until is not None:
            where.append("start < ?")
            params.append(until)
        sql = f"SELECT {select} FROM tasks" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY start DESC, created_at DESC" + (
            f" LIMIT {int(limit)}" if limit is not None else ""
        )
        # A cursor of its own: the shared connection's lock is not held between batches.
        conn = (
            sqlite3.connect(self.path, check_same_thread=False)
            if self.path != ":memory:"
            else self.db.conn
        )
        try:
            cursor = conn.execute(sql, params)
            while batch := cursor.fetchmany(1000):
                for values in batch:
                    yield dict(zip(names, values, strict=True))
        finally:
            if conn is not self.db.conn:
                conn.close()

    def get(self, row_id: str) -> TaskRow | None:
        rows = self._select("id = ?", [row_id])
        return rows[0] if rows else None

    def by_task_id(self, task_id: str) -> TaskRow | None:
        rows = self._select("task_id = ?", [task_id])
        return rows[0] if rows else None

    def group_rows(self, grp: str) -> list[TaskRow]:
        return self._select("grp = ?", [grp], order="start")

    def card_rows(self, card: str) -> list[TaskRow]:
        return self._select("card = ?", [card], order="rowid")

    def list(
        self,
        stream: str | None = None,
        limit: int | None = None,
        statuses: Iterable[str] | None = None,
    ) -> list[TaskRow]:
        """Newest first (by window start, then by when it was written)."""
        where, params = ["1 = 1"], []
        if stream:
            where.append("stream = ?")
            params.append(stream)
        if statuses is not None:
            st = tuple(statuses)
            # `+status`: keep the planner off idx_tasks_status, whose matches it would then sort
            # (0.7 s at a million rows); walking the start index newest first stops at `limit`.
            where.append(f"+status IN ({', '.join('?' for _ in st)})")
            params.extend(st)
        return self._select(
            " AND ".join(where), params, order="start DESC, created_at DESC", limit=limit
        )

    def overlapping(
        self, stream: str, domain: str, app: str, start: int, end: int
    ) -> list[TaskRow]:
        """Created, pending or booked tasks on the same stream whose windows overlap [start, end)."""
        return self._select(
            "stream = ? AND domain = ? AND app = ? AND status IN ('created', 'pending', 'booked') AND start < ? AND [end] > ?",
            [stream, domain, app, end, start],
            order="start",
        )

    def due_bookings(self, now: float, limit: int = 200) -> list[TaskRow]:
        """Booked rows whose `create_at` has come, soonest first (the partial index); not the
        occurrences of a paused series."""
        return self._rows(
            "SELECT * FROM tasks INDEXED BY idx_tasks_booked_due "
            "WHERE status = 'booked' AND create_at <= ? AND (series IS NULL OR NOT EXISTS "
            "(SELECT 1 FROM series WHERE series.id = tasks.series AND status = 'paused')) "
            "ORDER BY create_at LIMIT ?",
            [now, limit],
        )

    def pending(self) -> list[TaskRow]:
        return self._select("status = 'pending'", [], order="created_at")

    def lease(
        self, row_id: str, owner: str, now: float, until: float, dead_owner: str | None = None
    ) -> TaskRow | None:
        """Take a `pending` row for settling until `until` (compare-and-set: one holder across
        processes): free when its lease ran out, or when held by `dead_owner` (a process known
        to be gone). None if held or no longer pending. A row's outcome counts as unknown from
        when it went pending, unless marked earlier."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE tasks SET lease_until = ?, lease_owner = ?, "
                "unsettled_since = COALESCE(unsettled_since, updated_at) "
                "WHERE id = ? AND status = 'pending' "
                "AND (lease_until IS NULL OR lease_until <= ? OR lease_owner IS ?)",
                [until, owner, row_id, now, dead_owner],
            )
            if cursor.rowcount != 1:
                return None
        return self.get(row_id)

    def events(self, row_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.db["events"].rows_where("task = ?", [row_id], order_by="at, id"))

    def expire_proposals(self, older_than: float) -> int:
        """Cancel cards nobody confirmed; Slack's response_url dies after 30 minutes anyway."""
        with self._tx() as db:
            stale = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM tasks WHERE status = 'proposed' AND created_at < ?",
                    [older_than],
                ).fetchall()
            ]
            for row_id in stale:
                db.execute(
                    "UPDATE tasks SET status = 'cancelled', updated_at = ? WHERE id = ?",
                    [self._clock(), row_id],
                )
                self._event(db, row_id, "cancelled", None, "expired unconfirmed")
            # a series' card expires the same way
            db.execute(
                "UPDATE series SET status = 'cancelled', updated_at = ? "
                "WHERE status = 'proposed' AND created_at < ?",
                [self._clock(), older_than],
            )
        return len(stale)

    # -- lifecycle: due notices, Live callbacks, recorded files (003_lifecycle) -------------

    @contextmanager
    def batch(self) -> Iterator[TaskStore]:
        """Several store calls as one transaction (the calls inside join it)."""
        with self._tx():
            yield self

    def due_notices(self, now: float, limit: int = 200) -> list[tuple[str, TaskRow]]:
        """("started" | "ended", row) for created tasks whose start or end has passed and whose
        notice is not yet posted, oldest due first. Both reads run on partial indexes."""
        starts = self._rows(DUE_SQL["started"], [now, limit])
        ends = self._rows(DUE_SQL["ended"], [now, limit])
        due = [(r.start, 0, "started", r) for r in starts] + [(r.end, 1, "ended", r) for r in ends]
        due.sort(key=lambda d: (d[0], d[1]))
        return [(kind, row) for _, _, kind, row in due[:limit]]

    def claim_notice(self, row_id: str, kind: str, at: float) -> TaskRow | None:
        """Mark a start/end notice as taken (compare-and-set); None if another tick took it or
        the task is no longer created (a stopped or deleted task gets no start/end notice).
        The scheduler claims inside `batch()` with the notice itself: a failure undoes both."""
        column = {"started": "start_noticed_at", "ended": "end_noticed_at"}[kind]
        with self._tx() as db:
            cursor = db.execute(
                f"UPDATE tasks SET {column} = ? WHERE id = ? AND status = 'created' AND {column} IS NULL",
                [at, row_id],
            )
            if cursor.rowcount != 1:
                return None
        return self.get(row_id)

    # `/record list`, in three reads on the start index (`+status` keeps the planner off the
    # status index): what records now, upcoming soonest first, and the most recent of the rest.

    def filtered(
        self,
        *,
        stream: str | None = None,
        since: float | None = None,
        until: float | None = None,
        user: str | None = None,
        failed: bool = False,
        limit: int = 50,
    ) -> list[TaskRow]:
        """`/record list today|mine|@user|failed|...`: tasks sent to Live (not cards nobody
        confirmed) whose window overlaps [since, until), by whom, failed only; soonest first."""
        where = ["+status IN ('booked', 'pending', 'created', 'failed', 'stopped', 'deleted')"]
        params: list[Any] = []
        for clause, value in (
            ("stream = ?", stream),
            ("[end] > ?", since),
            ("start < ?", until),
            ("user = ?", user),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        if failed:
            where.append("(status = 'failed' OR record_state = 'failed')")
        return self._select(" AND ".join(where), params, order="start, created_at", limit=limit)

    def _stream_clause(self, stream: str | None) -> tuple[str, list[Any]]:
        return ("stream = ? AND ", [stream]) if stream else ("", [])

    def running(self, now: float, stream: str | None = None) -> list[TaskRow]:
        """Created tasks whose window holds `now`, earliest first."""
        clause, params = self._stream_clause(stream)
        return self._select(
            f"{clause}start > ? AND start <= ? AND +status = 'created' AND [end] > ?",
            [*params, now - MAX_TASK_SECONDS, now, now],
            order="start, created_at",
        )

    def upcoming_page(
        self, now: float, stream: str | None = None, offset: int = 0, limit: int = 20
    ) -> list[TaskRow]:
        """Created or pending tasks starting after `now`, soonest first, from the `offset`-th."""
        clause, params = self._stream_clause(stream)
        return self._select(
            f"{clause}start > ? AND +status IN ('created', 'pending', 'booked')",
            [*params, now],
            order="start, created_at",
            limit=limit,
            offset=offset,
        )

    def count_upcoming(self, now: float, stream: str | None = None) -> int:
        clause, params = self._stream_clause(stream)
        with self._lock:
            sql = f"SELECT count(*) FROM tasks WHERE {clause}start > ? AND +status IN ('created', 'pending', 'booked')"
            return int(self.db.execute(sql, [*params, now]).fetchone()[0])

    def finished(
        self, now: float, stream: str | None = None, limit: int = 10, skip: int = 0
    ) -> list[TaskRow]:
        """The rest, newest first: ended, failed, stopped, deleted, and pending past their start
        (`skip` more are read from the past to leave out the `skip` running ones)."""
        clause, params = self._stream_clause(stream)
        past = self._select(
            f"{clause}start <= ? AND +status IN ('created', 'pending', 'booked', 'failed', 'stopped', 'deleted')",
            [*params, now],
            order="start DESC, created_at DESC",
            limit=limit + skip,
        )
        later = self._select(  # stopped, deleted or failed before their window came
            f"{clause}start > ? AND +status IN ('failed', 'stopped', 'deleted')",
            [*params, now],
            order="start DESC, created_at DESC",
            limit=limit,
        )
        done = [
            r for r in past if not (r.status == Status.CREATED and r.end > now)
        ]  # running ones are not done
        return sorted(later + done, key=lambda r: (r.start, r.created_at), reverse=True)[:limit]

    def upcoming(self, now: float, limit: int = 50) -> list[TaskRow]:
        """Created or booked tasks not yet ended, soonest first."""
        return self._rows(UPCOMING_SQL, [now - MAX_TASK_SECONDS, now, limit])

    def _rows(self, sql: str, params: list[Any]) -> list[TaskRow]:
        with self._lock:
            cursor = self.db.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [TaskRow.from_db(dict(zip(names, r, strict=True))) for r in cursor.fetchall()]

    def tasks_on_stream(self, stream: str, app: str, domain: str, at: float) -> list[TaskRow]:
        """Created or stopped tasks of one stream whose window contains `at`, earliest first."""
        return self._select(
            "stream = ? AND app = ? AND domain = ? AND status IN ('created', 'stopped') "
            "AND start <= ? AND [end] > ?",
            [stream, app, domain, at, at],
            order="start",
        )

    # -- callbacks no task took (007_unmatched_callbacks) ----------------------------------
