"""Strict in-memory fakes for use-case tests (end-to-end tests use the real SDK and simulator),
and what those tests share: the instant NOW, the requester ALICE, `schedule`, and
`live_signed` for Live callbacks."""

from __future__ import annotations

import hashlib
import itertools
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.errors import LiveError
from bot.live.api import CreateResult, RemoteTask
from bot.outcomes import Requester
from bot.tasks import Notice
from bot.windows import MAX_DURATION, MAX_END_AHEAD, MAX_START_AHEAD

if TYPE_CHECKING:
    from bot.service import RecordService
    from bot.tasks import TaskRow

# Thursday 2026-11-26 12:00 UTC = 20:00 in Shanghai: "now" for use-case tests (conftest's clock).
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()
ALICE = Requester("U1", "alice", "C1", tz="Asia/Shanghai")


@dataclass
class FakeLive:
    """Checks what Live checks (required fields, window rules) and can be told to fail."""

    clock: Any
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    tasks: dict[str, RemoteTask] = field(default_factory=dict)
    failures: list[tuple[str, LiveError, bool]] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, action: str, error: LiveError, *, takes_effect: bool = False) -> None:
        """The next `action` raises `error`; with takes_effect the call still happens first."""
        self.failures.append((action, error, takes_effect))

    def _maybe_fail(self, action: str) -> tuple[LiveError, bool] | None:
        for i, (name, err, effect) in enumerate(self.failures):
            if name == action:
                del self.failures[i]
                return err, effect
        return None

    def create_record_task(
        self,
        *,
        stream: str,
        domain: str,
        app: str,
        end: int,
        start: int | None = None,
        template_id: int | None = None,
        stream_type: int = 0,
    ) -> CreateResult:
        with self._lock:
            self.calls.append(
                (
                    "CreateRecordTask",
                    {
                        "stream": stream,
                        "domain": domain,
                        "app": app,
                        "start": start,
                        "end": end,
                        "template_id": template_id,
                    },
                )
            )
            failure = self._maybe_fail("CreateRecordTask")
            if failure and not failure[1]:
                raise failure[0]
            now = int(self.clock())
            begin = now if start is None else start
            assert stream and domain and app, "StreamName, DomainName, AppName are required"
            if (
                end <= begin
                or end <= now
                or end - begin > MAX_DURATION.total_seconds()
                or begin > now + MAX_START_AHEAD.total_seconds()
                or end >= now + MAX_END_AHEAD.total_seconds()
            ):
                raise LiveError("InvalidParameter", "window breaks the API rules", "req-invalid")
            task_id = f"task-{next(self._ids)}"
            self.tasks[task_id] = RemoteTask(
                task_id, domain, app, stream, begin, end, template_id or 0, 0
            )
            if failure:
                raise failure[0]
            return CreateResult(task_id, f"req-{task_id}")

    def stop_record_task(self, task_id: str) -> str:
        with self._lock:
            self.calls.append(("StopRecordTask", {"task_id": task_id}))
            failure = self._maybe_fail("StopRecordTask")
            if failure:
                raise failure[0]
            if task_id not in self.tasks:
                raise LiveError("InvalidParameter", "no such task", "req-stop")
            t = self.tasks[task_id]
            self.tasks[task_id] = replace(t, stopped=int(self.clock()))
            return "req-stop"

    def delete_record_task(self, task_id: str) -> str:
        with self._lock:
            self.calls.append(("DeleteRecordTask", {"task_id": task_id}))
            failure = self._maybe_fail("DeleteRecordTask")
            if failure:
                raise failure[0]
            self.tasks.pop(task_id, None)
            return "req-delete"

    def describe_record_tasks(
        self,
        *,
        start: int,
        end: int,
        stream: str | None = None,
        domain: str | None = None,
        app: str | None = None,
    ) -> list[RemoteTask]:
        with self._lock:
            self.calls.append(
                ("DescribeRecordTask", {"start": start, "end": end, "stream": stream})
            )
            failure = self._maybe_fail("DescribeRecordTask")
            if failure:
                raise failure[0]
            return [
                t
                for t in self.tasks.values()
                if (stream is None or t.stream == stream) and t.start < end and t.end > start
            ]

    def creates(self) -> list[dict[str, Any]]:
        return [p for a, p in self.calls if a == "CreateRecordTask"]


class Clock:
    """A settable clock for use-case tests."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingNotifier:
    def __init__(self) -> None:
        self.events: list[tuple[str, str | None]] = []
        self.notices: list[Notice] = []

    def notify(self, notice: Notice) -> None:
        self.events.append((notice.kind, notice.row.task_id))
        self.notices.append(notice)


def schedule(service: RecordService, text: str = "livetest now for 1h") -> TaskRow:
    """Propose `text` as ALICE and confirm it; the created row."""
    row = service.propose(ALICE, text).main
    out = service.confirm(row.id, "U1")
    assert out.kind == "created"
    return out.row


def live_signed(payload: dict[str, Any], key: str, t: int) -> dict[str, Any]:
    """A Live callback as Live signs it: expiry `t` and `sign` = md5(key + str(t))."""
    return {**payload, "t": t, "sign": hashlib.md5(f"{key}{t}".encode()).hexdigest()}
