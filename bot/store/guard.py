"""The task log's file watched: deleted or replaced while the bot runs, a failed write, SQLite's
quick_check; and the journal that keeps a TaskId the log could not record."""

from __future__ import annotations

import json
import os

from bot.errors import StorageError
from bot.store.base import StoreBase
from bot.tasks import Status


class FileGuard(StoreBase):
    def _identity(self) -> tuple[int, int] | None:
        if self.path == ":memory:":
            return None
        st = os.stat(self.path)
        return st.st_dev, st.st_ino

    def check_file(self) -> None:
        """Raise StorageError unless the log can keep what happens next: its file is still the
        one opened (SQLite writes happily into a deleted file) and no write has failed."""
        if self.unwritable:
            raise StorageError(self.unwritable)
        if self.path == ":memory:":
            return
        try:
            same = self._identity() == self._file
        except FileNotFoundError:
            same = False
        if not same:
            raise StorageError(
                f"The task log {self.path} was deleted or replaced while recordbot ran, so "
                "nothing is sent to Live. Restore it (or restart recordbot to start a new one)."
            )

    def quick_check(self) -> str:
        """SQLite's own consistency check: "ok", or what it found."""
        with self._lock:
            found = [r[0] for r in self.db.execute("PRAGMA quick_check").fetchall()]
        return "ok" if found == ["ok"] else "; ".join(str(f) for f in found[:3])

    @property
    def journal_path(self) -> str:
        return f"{self.path}-created.jsonl"

    def journal_created(self, row_id: str, task_id: str, request_id: str | None) -> None:
        """Live created a task but the log could not record it: keep its TaskId in an
        append-only journal beside the database (applied at the next start), and refuse
        further writes until then."""
        self.unwritable = (
            "The task log could not be written, so recordbot takes no new recordings until it "
            "is restarted with a writable log. Tell whoever runs recordbot."
        )
        if self.path == ":memory:":
            return
        line = json.dumps(
            {"row": row_id, "task_id": task_id, "request_id": request_id, "at": self._clock()}
        )
        fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    def _apply_journal(self) -> None:
        """At start: record the TaskIds a failed write left in the journal, then remove it."""
        if self.path == ":memory:" or not os.path.exists(self.journal_path):
            return
        with open(self.journal_path, encoding="utf-8") as f:
            entries = [json.loads(line) for line in f if line.strip()]
        for e in entries:
            self.transition(
                e["row"],
                [Status.PENDING, Status.FAILED],
                Status.CREATED,
                event_detail=f"{e['task_id']} (from the journal)",
                task_id=e["task_id"],
                request_id=e.get("request_id"),
                lease_until=None,
            )
        os.remove(self.journal_path)
