"""What the parts of `TaskStore` (bot/store/store.py) read: its connection, lock, clock and
helpers."""

from __future__ import annotations

from collections.abc import Callable
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
