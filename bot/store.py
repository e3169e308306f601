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
from dataclasses import dataclass, fields
from typing import Any

import sqlite_utils

STATUSES = ("proposed", "cancelled", "pending", "created", "failed", "stopped", "deleted")
LIVE_STATUSES = ("created",)  # a created task may still be scheduled or recording


@dataclass(frozen=True)
class TaskRow:
    """One row of the task log. Times are Unix seconds (UTC)."""

    id: str  # the card key carried on the buttons
    card: str  # rows offered on one card share it (two readings of one command)
    task_id: str | None
    stream: str
    app: str
    domain: str
    start: int
    end: int
    starts_now: bool
    template_id: int | None
    status: str
    user: str
    user_name: str | None
    channel: str | None
    tz: str
    command: str
    request_id: str | None
    error_code: str | None
    error_message: str | None
    created_at: float
    updated_at: float
    confirmed_by: str | None = None
    stopped_by: str | None = None
    notice_channel: str | None = None
    notice_ts: str | None = None
    source: str = "bot"  # "bot", or "external" for tasks found on Live but not made here
    fixed_end: bool = False  # a starts-now window whose end was typed (`until 6pm`) keeps it

    @property
    def full_stream(self) -> str:
        return f"{self.domain}/{self.app}/{self.stream}"

    @classmethod
    def from_db(cls, row: dict[str, Any]) -> TaskRow:
        names = {f.name for f in fields(cls)}
        data = {k: v for k, v in row.items() if k in names}
        data["starts_now"] = bool(data.get("starts_now"))
        data["fixed_end"] = bool(data.get("fixed_end"))
        return cls(**data)


def _m001_tasks(db: sqlite_utils.Database) -> None:
    db["tasks"].create(
        {
            "id": str,
            "card": str,
            "task_id": str,
            "stream": str,
            "app": str,
            "domain": str,
            "start": int,
            "end": int,
            "starts_now": int,
            "template_id": int,
            "status": str,
            "user": str,
            "user_name": str,
            "channel": str,
            "tz": str,
            "command": str,
            "request_id": str,
            "error_code": str,
            "error_message": str,
            "created_at": float,
            "updated_at": float,
        },
        pk="id",
        not_null={"card", "stream", "app", "domain", "start", "end", "status", "user", "tz"},
    )
    db.execute("CREATE UNIQUE INDEX idx_tasks_task_id ON tasks(task_id) WHERE task_id IS NOT NULL")
    db["tasks"].create_index(["stream", "start"])
    db["tasks"].create_index(["start"])
    db["tasks"].create_index(["status"])
    db["tasks"].create_index(["card"])
    db["events"].create(
        {"id": int, "task": str, "at": float, "kind": str, "user": str, "detail": str},
        pk="id",
        not_null={"task", "at", "kind"},
    )
    db["events"].create_index(["task", "at"])


def _m002_people_and_notices(db: sqlite_utils.Database) -> None:
    for column in ("confirmed_by", "stopped_by", "notice_channel", "notice_ts"):
        db["tasks"].add_column(column, str)
    db["tasks"].add_column("source", str, not_null_default="bot")
    db["tasks"].add_column("fixed_end", int, not_null_default=0)


def _m004_audit(db: sqlite_utils.Database) -> None:
    db["audit"].create(
        {
            "id": int,
            "at": float,
            "user": str,
            "channel": str,
            "action": str,
            "outcome": str,
            "task": str,
            "detail": str,
        },
        pk="id",
        not_null={"at", "action", "outcome"},
    )
    db["audit"].create_index(["at"])


MIGRATIONS: tuple[tuple[str, Callable[[sqlite_utils.Database], None]], ...] = (
    ("001_tasks", _m001_tasks),
    ("002_people_and_notices", _m002_people_and_notices),
    ("004_audit", _m004_audit),
)


class TaskStore:
    """The task log. `path` ":memory:" gives a private in-memory log (tests, benches)."""

    def __init__(self, path: str = "recordbot.db", clock: Callable[[], float] = time.time) -> None:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=10.0, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        self._clock = clock
        with self._lock:
            self.db.execute("PRAGMA busy_timeout = 10000")
            if path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()

    def _migrate(self) -> None:
        with self.db.atomic():
            if "_migrations" not in self.db.table_names():
                self.db["_migrations"].create({"name": str, "applied_at": float}, pk="name")
            done = {r["name"] for r in self.db["_migrations"].rows}
            for name, apply in MIGRATIONS:
                if name not in done:
                    apply(self.db)
                    self.db["_migrations"].insert({"name": name, "applied_at": self._clock()})

    @property
    def migrations(self) -> list[str]:
        with self._lock:
            return [r["name"] for r in self.db["_migrations"].rows_where(order_by="name")]

    @contextmanager
    def _tx(self) -> Iterator[sqlite_utils.Database]:
        with self._lock, self.db.atomic():
            yield self.db

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
                    "status": "proposed",
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
                "status": "created",
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
            self._event(db, record["id"], "found", None, "created outside recordbot")
        return self.get(record["id"])

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
        assert to_status in STATUSES, to_status
        allowed = tuple(from_statuses)
        with self._tx() as db:
            sets = {"status": to_status, "updated_at": self._clock(), **changes}
            assignments = ", ".join(f"[{k}] = ?" for k in sets)
            marks = ", ".join("?" for _ in allowed)
            cursor = db.execute(
                f"UPDATE tasks SET {assignments} WHERE id = ? AND status IN ({marks})",
                [*sets.values(), row_id, *allowed],
            )
            if cursor.rowcount != 1:
                return None
            self._event(db, row_id, to_status, event_user, event_detail)
        return self.get(row_id)

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
        self, where: str, params: list[Any], order: str = "", limit: int | None = None
    ) -> list[TaskRow]:
        sql = f"SELECT * FROM tasks WHERE {where}"
        if order:
            sql += f" ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            cursor = self.db.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [TaskRow.from_db(dict(zip(names, r, strict=True))) for r in cursor.fetchall()]

    def get(self, row_id: str) -> TaskRow | None:
        rows = self._select("id = ?", [row_id])
        return rows[0] if rows else None

    def by_task_id(self, task_id: str) -> TaskRow | None:
        rows = self._select("task_id = ?", [task_id])
        return rows[0] if rows else None

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
            where.append(f"status IN ({', '.join('?' for _ in st)})")
            params.extend(st)
        return self._select(
            " AND ".join(where), params, order="start DESC, created_at DESC", limit=limit
        )

    def overlapping(
        self, stream: str, domain: str, app: str, start: int, end: int
    ) -> list[TaskRow]:
        """Created or pending tasks on the same stream whose windows overlap [start, end)."""
        return self._select(
            "stream = ? AND domain = ? AND app = ? AND status IN ('created', 'pending') AND start < ? AND [end] > ?",
            [stream, domain, app, end, start],
            order="start",
        )

    def pending(self) -> list[TaskRow]:
        return self._select("status = 'pending'", [], order="created_at")

    def events(self, row_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.db["events"].rows_where("task = ?", [row_id], order_by="at, id"))

    def audit(
        self,
        user: str | None,
        channel: str | None,
        action: str,
        outcome: str,
        task: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Record who did what and how it ended: requests, confirms, refusals, errors."""
        with self._tx() as db:
            db["audit"].insert(
                {
                    "at": self._clock(),
                    "user": user,
                    "channel": channel,
                    "action": action,
                    "outcome": outcome,
                    "task": task,
                    "detail": detail,
                }
            )

    def audit_rows(self, limit: int | None = None, user: str | None = None) -> list[dict[str, Any]]:
        """Newest first."""
        where, params = ("user = ?", [user]) if user else (None, [])
        with self._lock:
            return list(
                self.db["audit"].rows_where(where, params, order_by="at DESC, id DESC", limit=limit)
            )

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
        return len(stale)
