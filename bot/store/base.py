"""What the parts of `TaskStore` (bot/store/store.py) read: its connection, lock, clock and
helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import sqlite_utils

if TYPE_CHECKING:
    from bot.tasks import TaskRow


class StoreBase:
    """The attributes and helpers `TaskStore` defines, for its parts."""

    path: str
    db: sqlite_utils.Database
    unwritable: str | None
    _lock: Any
    _clock: Callable[[], float]
    _file: tuple[int, int] | None
    _tx: Callable[[], AbstractContextManager[sqlite_utils.Database]]
    _select: Callable[..., list[TaskRow]]
    transition: Callable[..., TaskRow | None]
    get: Callable[[str], TaskRow | None]
    _event: Callable[..., None]

    def _set_status(
        self,
        db: sqlite_utils.Database,
        table: str,
        row_id: str,
        allowed: Iterable[str],
        to_status: str,
        changes: dict[str, Any],
    ) -> bool:
        """Compare-and-set one row's status (and `changes`), in the caller's transaction:
        False when its status was not one of `allowed` (another process moved it first)."""
        allowed = tuple(allowed)
        sets = {"status": to_status, "updated_at": self._clock(), **changes}
        assignments = ", ".join(f"[{k}] = ?" for k in sets)
        marks = ", ".join("?" for _ in allowed)
        cursor = db.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ? AND status IN ({marks})",
            [*sets.values(), row_id, *allowed],
        )
        return cursor.rowcount == 1
