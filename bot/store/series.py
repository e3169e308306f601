"""The task log's series table and their occurrences (016_series). Part of `TaskStore`.

An occurrence is written once: task rows are unique per (series, start), and every write here is
`INSERT ... ON CONFLICT DO NOTHING`, so two processes booking ahead at once, or one re-run after a
crash, write each occurrence exactly once. A skipped occurrence not yet written is written as
`cancelled`, which keeps it from being booked later.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.series import NOT_RUN, SeriesRow, SeriesStatus
from bot.store.base import StoreBase
from bot.tasks import Status, TaskRow
from bot.windows import create_at as windows_create_at

if TYPE_CHECKING:
    import sqlite_utils

# The next short number, shared by tasks and series so `#12` names one thing.
NEXT_REF = (
    "SELECT MAX(n) + 1 FROM (SELECT COALESCE(MAX(ref), 0) AS n FROM tasks "
    "UNION ALL SELECT COALESCE(MAX(ref), 0) FROM series)"
)
# Active series with an occurrence to write before the horizon (the partial index).
DUE_SERIES_SQL = (
    "SELECT * FROM series INDEXED BY idx_series_due "
    "WHERE status = 'active' AND next_at IS NOT NULL AND next_at < ? ORDER BY next_at LIMIT ?"
)


class SeriesRecords(StoreBase):
    """Series rows and their occurrences (mixed into `TaskStore`)."""

    # -- writes ---------------------------------------------------------------------------

    def add_series(self, record: dict[str, Any]) -> SeriesRow:
        """Write a series card's row, `proposed`."""
        now = self._clock()
        row = {
            "id": "ser_" + secrets.token_hex(6),
            "card": secrets.token_hex(8),
            "status": SeriesStatus.PROPOSED,
            "created_at": now,
            "updated_at": now,
            **record,
        }
        with self._tx() as db:
            db["series"].insert(row)
            self._event(db, row["id"], "requested", row.get("user"), row.get("command"))
        return self.series(row["id"])  # type: ignore[return-value]

    def series_transition(
        self,
        series_id: str,
        from_statuses: Iterable[str],
        to_status: str,
        *,
        event_user: str | None = None,
        event_detail: str | None = None,
        **changes: Any,
    ) -> SeriesRow | None:
        """Compare-and-set a series' status; the new row, or None if it was not in
        `from_statuses`. A series gets its short number when it is confirmed."""
        to_status = SeriesStatus(to_status)
        with self._tx() as db:
            if not self._set_status(db, "series", series_id, from_statuses, to_status, changes):
                return None
            if to_status == SeriesStatus.ACTIVE:
                db.execute(
                    f"UPDATE series SET ref = ({NEXT_REF}) WHERE id = ? AND ref IS NULL",
                    [series_id],
                )
            self._event(db, series_id, f"series {to_status}", event_user, event_detail)
        return self.series(series_id)

    def update_series(self, series_id: str, **changes: Any) -> None:
        with self._tx() as db:
            db["series"].update(series_id, {**changes, "updated_at": self._clock()})

    def book_occurrences(
        self,
        series: SeriesRow,
        windows: Iterable[tuple[int, int]],
        next_at: int | None,
        now: float,
    ) -> list[TaskRow]:
        """Write each occurrence as a `booked` task row (its `create_at`: when Live will take
        it, `now` if it already would), skipping any written before, and move the series'
        `next_at` on, in one transaction. Only while the series is active. The rows written."""
        written: list[str] = []
        with self._tx() as db:
            still = db.execute(
                "SELECT 1 FROM series WHERE id = ? AND status = 'active'", [series.id]
            ).fetchone()
            if still is None:
                return []
            for start, end in windows:
                row_id = secrets.token_hex(8)
                if self._insert_occurrence(db, series, row_id, start, end, Status.BOOKED, now):
                    db.execute(f"UPDATE tasks SET ref = ({NEXT_REF}) WHERE id = ?", [row_id])
                    self._event(db, row_id, Status.BOOKED, None, f"occurrence of {series.id}")
                    written.append(row_id)
            db.execute(
                "UPDATE series SET next_at = ?, updated_at = ? WHERE id = ?",
                [next_at, self._clock(), series.id],
            )
        return [r for r in (self.get(i) for i in written) if r is not None]

    def skip_unwritten(self, series: SeriesRow, start: int, end: int, user: str) -> TaskRow | None:
        """Mark an occurrence not yet written as skipped (a `cancelled` row, so it is never
        booked); None if it was written meanwhile (skip that row instead)."""
        row_id = secrets.token_hex(8)
        with self._tx() as db:
            if not self._insert_occurrence(
                db, series, row_id, start, end, Status.CANCELLED, self._clock()
            ):
                return None
            self._event(db, row_id, Status.CANCELLED, user, "skipped")
        return self.get(row_id)

    def _insert_occurrence(
        self,
        db: sqlite_utils.Database,
        series: SeriesRow,
        row_id: str,
        start: int,
        end: int,
        status: Status,
        now: float,
    ) -> bool:
        at = windows_create_at(
            datetime.fromtimestamp(start, UTC),
            datetime.fromtimestamp(end, UTC),
            datetime.fromtimestamp(now, UTC),
        )
        record = {
            "id": row_id,
            "card": secrets.token_hex(8),
            "task_id": None,
            "stream": series.stream,
            "app": series.app,
            "domain": series.domain,
            "start": start,
            "end": end,
            "starts_now": 0,
            "fixed_end": 0,
            "template_id": series.template_id,
            "status": status,
            "user": series.user,
            "user_name": series.user_name,
            "channel": series.channel,
            "tz": series.tz,
            "command": series.command,
            "created_at": now,
            "updated_at": now,
            "confirmed_by": series.confirmed_by,
            "source": "bot",
            "series": series.id,
            "create_at": (at.timestamp() if at is not None else now)
            if status == Status.BOOKED
            else None,
        }
        columns = ", ".join(f"[{k}]" for k in record)
        marks = ", ".join("?" for _ in record)
        cursor = db.execute(
            f"INSERT INTO tasks ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING",
            list(record.values()),
        )
        return cursor.rowcount == 1

    # -- reads ----------------------------------------------------------------------------

    def series(self, series_id: str) -> SeriesRow | None:
        found = self._series_rows("SELECT * FROM series WHERE id = ?", [series_id])
        return found[0] if found else None

    def series_by_ref(self, ref: int) -> SeriesRow | None:
        found = self._series_rows("SELECT * FROM series WHERE ref = ?", [ref])
        return found[0] if found else None

    def series_by_card(self, card: str) -> SeriesRow | None:
        found = self._series_rows("SELECT * FROM series WHERE card = ?", [card])
        return found[0] if found else None

    def all_series(
        self, statuses: Iterable[str] = (), stream: str | None = None, limit: int | None = None
    ) -> list[SeriesRow]:
        """Series with those statuses (all if none named), newest first."""
        where, params = ["1 = 1"], []
        wanted = tuple(statuses)
        if wanted:
            where.append(f"status IN ({', '.join('?' for _ in wanted)})")
            params.extend(wanted)
        if stream:
            where.append("stream = ?")
            params.append(stream)
        sql = f"SELECT * FROM series WHERE {' AND '.join(where)} ORDER BY created_at DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._series_rows(sql, params)

    def due_series(self, before: float, limit: int = 200) -> list[SeriesRow]:
        """Active series with an occurrence starting before `before` not yet written."""
        return self._series_rows(DUE_SERIES_SQL, [before, limit])

    def finished_series(self, now: float) -> list[SeriesRow]:
        """Active series with no occurrence left to write and none booked, being created or
        created that has not ended: they are over."""
        return self._series_rows(
            "SELECT * FROM series INDEXED BY idx_series_due "
            "WHERE status = 'active' AND next_at IS NULL AND NOT EXISTS (SELECT 1 FROM tasks "
            "WHERE tasks.series = series.id AND tasks.status IN ('booked', 'pending', 'created') "
            "AND tasks.[end] > ?)",
            [now],
        )

    def occurrences(
        self, series_id: str, statuses: Iterable[str] = (), limit: int | None = None
    ) -> list[TaskRow]:
        """A series' task rows, soonest first (only those statuses, if named)."""
        where, params = ["series = ?"], [series_id]
        wanted = tuple(statuses)
        if wanted:
            where.append(f"status IN ({', '.join('?' for _ in wanted)})")
            params.extend(wanted)
        return self._select(" AND ".join(where), params, order="start", limit=limit)

    def not_run(self, series_id: str, after: float | None = None) -> set[int]:
        """The starts of a series' occurrences that will not run (skipped, stopped, ...); with
        `after`, only those starting after it (what a "next" passes over)."""
        marks = ", ".join("?" for _ in NOT_RUN)
        sql = f"SELECT start FROM tasks WHERE series = ? AND status IN ({marks})"
        params: list[Any] = [series_id, *NOT_RUN]
        if after is not None:
            sql += " AND start > ?"
            params.append(after)
        with self._lock:
            return {start for (start,) in self.db.execute(sql, params).fetchall()}

    def occurrence_at(self, series_id: str, start: int) -> TaskRow | None:
        found = self._select("series = ? AND start = ?", [series_id, start])
        return found[0] if found else None

    def _series_rows(self, sql: str, params: list[Any]) -> list[SeriesRow]:
        with self._lock:
            cursor = self.db.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [SeriesRow.from_db(dict(zip(names, r, strict=True))) for r in cursor.fetchall()]
