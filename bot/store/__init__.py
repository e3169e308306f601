"""The task log in SQLite: `TaskStore` (store.py) and its schema (migrations.py)."""

from bot.store.store import DUE_SQL, MAX_TASK_SECONDS, UPCOMING_SQL, TaskStore

__all__ = ["DUE_SQL", "MAX_TASK_SECONDS", "UPCOMING_SQL", "TaskStore"]
