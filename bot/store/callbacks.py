"""What Live's callbacks leave in the task log: recorded files, each callback once with the
notice it owes, the ones no task took (kept 90 days), and what Live said of a recording."""

from __future__ import annotations

from typing import Any

from bot.store.base import StoreBase
from bot.tasks import TaskRow


class CallbackRecords(StoreBase):
    def set_record_state(
        self, row_id: str, state: str, error: str | None = None
    ) -> tuple[str | None, TaskRow] | None:
        """Note what Live said about a recording: (previous state, row), or None if unchanged."""
        with self._tx() as db:
            found = db.execute(
                "SELECT record_state, record_error FROM tasks WHERE id = ?", [row_id]
            ).fetchone()
            if found is None or (found[0], found[1]) == (state, error):
                return None
            db.execute(
                "UPDATE tasks SET record_state = ?, record_error = ?, updated_at = ? WHERE id = ?",
                [state, error, self._clock(), row_id],
            )
            row = self.get(row_id)
        assert row is not None
        return found[0], row

    def recorded_between(
        self, stream: str, app: str, domain: str, start: float, end: float
    ) -> list[TaskRow]:
        """Created or stopped tasks of one stream whose window overlaps [start, end), earliest
        first: the tasks a recording callback without a task_id may be about."""
        return self._select(
            "stream = ? AND app = ? AND domain = ? AND status IN ('created', 'stopped') "
            "AND start < ? AND [end] > ?",
            [stream, app, domain, end, start],
            order="start",
        )

    def add_file(self, record: dict[str, Any]) -> bool:
        """Store a recorded file; False if its file_id is known already (a retried callback)."""
        with self._tx() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO files (file_id, task, task_id, stream, app, domain, video_url, "
                "file_format, file_size, duration, start_time, end_time, received_at) "
                "VALUES (:file_id, :task, :task_id, :stream, :app, :domain, :video_url, "
                ":file_format, :file_size, :duration, :start_time, :end_time, :received_at)",
                {"received_at": self._clock(), **record},
            )
            return cursor.rowcount == 1

    def file(self, file_id: str) -> dict[str, Any] | None:
        with self._lock:
            rows = list(self.db["files"].rows_where("file_id = ?", [file_id]))
        return rows[0] if rows else None

    def files(self, row_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.db["files"].rows_where("task = ?", [row_id], order_by="start_time"))

    def first_callback(
        self,
        key: str,
        event_type: int,
        task: str | None,
        kind: str | None = None,
        by: str | None = None,
        detail: str | None = None,
        file_id: str | None = None,
    ) -> bool:
        """Record a Live callback and the notice it owes (kind, and the file a file notice
        announces); False if it came before."""
        with self._tx() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO callbacks (key, at, event_type, task, kind, by, detail, "
                "file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [key, self._clock(), event_type, task, kind, by, detail, file_id],
            )
            return cursor.rowcount == 1

    def unposted_callbacks(self, limit: int = 200) -> list[dict[str, Any]]:
        """Callback notices not yet posted, oldest first."""
        with self._lock:
            cursor = self.db.execute(
                "SELECT key, at, task, kind, by, detail, file_id FROM callbacks "
                "WHERE kind IS NOT NULL AND posted_at IS NULL ORDER BY at LIMIT ?",
                [limit],
            )
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    def claim_callback(self, key: str, at: float) -> bool:
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE callbacks SET posted_at = ? WHERE key = ? AND posted_at IS NULL", [at, key]
            )
            return cursor.rowcount == 1

    def keep_unmatched(self, record: dict[str, Any]) -> bool:
        """Keep a well-signed callback no task took; False if it was kept before (a retry)."""
        with self._tx() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO unmatched_callbacks (key, received_at, event_type, task_id, "
                "stream, app, domain, at, until, reason, payload) VALUES (:key, :received_at, "
                ":event_type, :task_id, :stream, :app, :domain, :at, :until, :reason, :payload)",
                {"received_at": self._clock(), **record},
            )
            return cursor.rowcount == 1

    def unmatched(self, matched: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
        """Kept callbacks still without a task (or, with `matched`, those a task took later),
        newest first."""
        where = "matched_task IS NOT NULL" if matched else "matched_task IS NULL"
        sql = f"SELECT * FROM unmatched_callbacks WHERE {where} ORDER BY received_at DESC, key"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            cursor = self.db.execute(sql)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    def settle_unmatched(self, key: str, task: str) -> bool:
        """A kept callback's task has appeared (compare-and-set); False if already settled."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE unmatched_callbacks SET matched_task = ?, matched_at = ? "
                "WHERE key = ? AND matched_task IS NULL",
                [task, self._clock(), key],
            )
            return cursor.rowcount == 1

    def prune_unmatched(self, older_than: float) -> int:
        """Forget kept callbacks received before `older_than`, matched or not."""
        with self._tx() as db:
            cursor = db.execute(
                "DELETE FROM unmatched_callbacks WHERE received_at < ?", [older_than]
            )
            return cursor.rowcount

    def assign_file(self, file_id: str, task: str, task_id: str | None) -> None:
        """A stored file whose task was found later."""
        with self._tx() as db:
            db.execute(
                "UPDATE files SET task = ?, task_id = COALESCE(task_id, ?) "
                "WHERE file_id = ? AND task IS NULL",
                [task, task_id, file_id],
            )

    def prune_callbacks(self, older_than: float) -> int:
        """Forget callbacks Live can no longer retry (their notices are posted)."""
        with self._tx() as db:
            cursor = db.execute(
                "DELETE FROM callbacks WHERE at < ? AND (kind IS NULL OR posted_at IS NOT NULL)",
                [older_than],
            )
            return cursor.rowcount
