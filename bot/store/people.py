"""People and names in the task log: the audit of who did what, stream aliases, and whether a
person wants personal notices."""

from __future__ import annotations

from typing import Any

from bot.store.base import StoreBase


class PeopleRecords(StoreBase):
    def set_alias(self, name: str, target: dict[str, Any], user: str) -> None:
        with self._tx() as db:
            db["aliases"].upsert(
                {"name": name.lower(), **target, "created_by": user, "created_at": self._clock()},
                pk="name",
            )

    def alias(self, name: str) -> dict[str, Any] | None:
        with self._lock:
            rows = list(self.db["aliases"].rows_where("name = ?", [name.lower()]))
        return rows[0] if rows else None

    def aliases(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.db["aliases"].rows_where(order_by="name"))

    def remove_alias(self, name: str) -> bool:
        with self._tx() as db:
            return db.execute("DELETE FROM aliases WHERE name = ?", [name.lower()]).rowcount == 1

    def known_streams(self) -> set[str]:
        """Streams recordbot has sent to Live (or booked), and the aliases people gave."""
        with self._lock:
            rows = self.db.execute(
                "SELECT DISTINCT stream FROM tasks WHERE status NOT IN ('proposed', 'cancelled') "
                "UNION SELECT name FROM aliases LIMIT 5000"
            ).fetchall()
        return {r[0] for r in rows}

    def wants_notices(self, user: str) -> bool:
        """Personal notices are on unless the person turned them off."""
        with self._lock:
            row = self.db.execute("SELECT notify FROM people WHERE user = ?", [user]).fetchone()
        return row is None or bool(row[0])

    def set_notices(self, user: str, on: bool) -> None:
        with self._tx() as db:
            db["people"].upsert(
                {"user": user, "notify": int(on), "updated_at": self._clock()}, pk="user"
            )

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
        """Newest first, each with the stream, window and zone of the task it names (a TaskId
        or a card key), when the log still has it."""
        sql = (
            "SELECT a.*, t.domain || '/' || t.app || '/' || t.stream AS stream, "
            "t.start AS start, t.[end] AS [end], t.tz AS tz FROM audit a "
            "LEFT JOIN tasks t ON t.id = COALESCE("
            "(SELECT id FROM tasks WHERE task_id = a.task), a.task)"
            + (" WHERE a.user = ?" if user else "")
            + " ORDER BY a.at DESC, a.id DESC"
            + (f" LIMIT {int(limit)}" if limit is not None else "")
        )
        with self._lock:
            cursor = self.db.execute(sql, [user] if user else [])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
