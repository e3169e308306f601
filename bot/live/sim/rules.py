"""Live's recording rules and the task state: create, stop, delete and describe record tasks.

Choices where Tencent's documents are silent (callers must not rely on more than this):
- Unknown TaskId in Stop/DeleteRecordTask -> `InvalidParameter` ("TaskId ... does not exist"):
  InvalidParameter is the code those APIs document.
- Stopping an already stopped (or ended) task succeeds; `Stopped` keeps the first stop time.
- A 4th task that would run at the same moment as 3 others on one stream (domain/app/stream) is
  refused with `LimitExceeded.MaximumRunningTask`; a stopped task stops counting at its stop time.
- DeleteRecordTask "does not affect running tasks and takes effect only for new pushes" (the SDK's
  docstring: "删除操作不影响正在运行当中的任务，仅对删除之后新的推流有效"). So a task deleted
  before its window begins is gone at once, and one deleted while it records keeps recording
  until its EndTime or a StopRecordTask, and counts toward the three running tasks meanwhile.
  What the delete removes is the task's configuration: from then on DescribeRecordTask no longer
  lists it and a second DeleteRecordTask answers `InvalidParameter`, while StopRecordTask still
  stops it as long as it records (after that it is unknown to every action). Its `Deleted` field
  (Unix time; 0 = not deleted) shows in `tasks`, not on the wire. Every push in the simulator
  lasts the task's whole window, so "only new pushes" never changes what a deleted task records.
- A task deleted after its recording ended (or was stopped) is gone from every action too, but
  its record stays behind the API so the callbacks it still owes (record_ended, the file) go out.
- DescribeRecordTask returns the tasks whose whole window lies inside the query span (the SDK's
  docstring: "任务开始结束时间必须在查询时间范围内"), in creation order, `page_size` a page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import string
from collections.abc import Callable
from typing import Any

from bot.live.sim.wire import ApiError
from bot.windows import MAX_DURATION, MAX_END_AHEAD, MAX_START_AHEAD

MAX_RUNNING_TASKS = 3
DESCRIBE_MAX_SPAN = 7 * 24 * 3600
DESCRIBE_MAX_AGE = 90 * 24 * 3600

_TASK_ID_ALPHABET = string.ascii_letters + string.digits


def check_create_window(start: int | None, end: int, now: float) -> str | None:
    """CreateRecordTask's time rules; returns the message of the first rule broken, or None.

    `start` None or 0 means "now". Same order as `bot.windows.window_violation`.
    """
    begin = start if start else int(now)
    if end <= begin:
        return "EndTime must be later than StartTime."
    if end <= now:
        return "EndTime must be later than the current time."
    if end - begin > MAX_DURATION.total_seconds():
        return "EndTime - StartTime must not exceed 24 hours."
    if begin > now + MAX_START_AHEAD.total_seconds():
        return "StartTime must not be later than the current time plus 6 days."
    if end >= now + MAX_END_AHEAD.total_seconds():
        return "EndTime must be earlier than the current time plus 7 days."
    return None


class TaskBook:
    """Every task Live holds, in creation order, and the four actions on them.

    Each action takes its typed parameters and returns the reply's fields or raises ApiError; the
    caller serialises calls. `clock` is the simulator's clock (Unix seconds).
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        # TaskId -> the RecordTask fields plus StreamType and Extension.
        self.tasks: dict[str, dict[str, Any]] = {}
        self._seq: dict[str, int] = {}
        self._next_seq = 1
        self.created: dict[str, int] = {}  # TaskId -> when it was created (Unix seconds)

    def apply(self, action: str, params: dict[str, Any], *, page_size: int) -> dict[str, Any]:
        """Run one action; `page_size` is how many tasks a DescribeRecordTask page holds."""
        match action:
            case "CreateRecordTask":
                return self.create(params)
            case "StopRecordTask":
                return self.stop(params)
            case "DeleteRecordTask":
                return self.delete(params)
            case "DescribeRecordTask":
                return self.describe(params, page_size)
        raise ValueError(f"unknown action {action!r}")

    def create(self, p: dict[str, Any]) -> dict[str, Any]:
        for name in ("StreamName", "DomainName", "AppName"):
            if not p[name].strip():
                raise ApiError("InvalidParameter", f"`{name}` must not be empty.")
        if p.get("StreamType", 0) not in (0, 1):
            raise ApiError("InvalidParameter", "`StreamType` must be 0 (push) or 1 (mixed stream).")
        start = p.get("StartTime")
        if start is not None and start < 0:
            raise ApiError("InvalidParameter", "`StartTime` must be a Unix time.")
        now = self._clock()
        problem = check_create_window(start, p["EndTime"], now)
        if problem:
            raise ApiError("InvalidParameter", problem)
        begin = start if start else int(now)
        stream = (p["DomainName"], p["AppName"], p["StreamName"])
        overlapping = self._max_concurrent(stream, begin, p["EndTime"])
        if overlapping >= MAX_RUNNING_TASKS:
            raise ApiError(
                "LimitExceeded.MaximumRunningTask",
                f"At most {MAX_RUNNING_TASKS} recording tasks may overlap on one stream; "
                f"{overlapping} already overlap this window.",
            )
        task_id = "".join(secrets.choice(_TASK_ID_ALPHABET) for _ in range(56))
        self.tasks[task_id] = {
            "TaskId": task_id,
            "DomainName": p["DomainName"],
            "AppName": p["AppName"],
            "StreamName": p["StreamName"],
            "StartTime": begin,
            "EndTime": p["EndTime"],
            "TemplateId": p.get("TemplateId", 0),
            "Stopped": 0,
            "StreamType": p.get("StreamType", 0),
            "Extension": p.get("Extension", ""),
            "Deleted": 0,
        }
        self._seq[task_id] = self._next_seq
        self._next_seq += 1
        self.created[task_id] = int(now)
        return {"TaskId": task_id}

    def _max_concurrent(self, stream: tuple[str, str, str], start: int, end: int) -> int:
        """How many existing tasks of `stream` run at once, at worst, during [start, end)."""
        events: list[tuple[int, int]] = []
        for t in self.tasks.values():
            if (t["DomainName"], t["AppName"], t["StreamName"]) != stream:
                continue
            t_end = min(t["EndTime"], t["Stopped"]) if t["Stopped"] else t["EndTime"]
            lo, hi = max(start, t["StartTime"]), min(end, t_end)
            if lo < hi:
                events += [(lo, 1), (hi, -1)]
        running = worst = 0
        for _, step in sorted(events):  # at equal times -1 sorts first: touching is not overlap
            running += step
            worst = max(worst, running)
        return worst

    def recording(self, task: dict[str, Any], now: float) -> bool:
        """Is `task` recording at `now`: its window has begun, not ended, and it is not stopped."""
        return task["StartTime"] <= now < task["EndTime"] and not task["Stopped"]

    def _find(self, task_id: str, *, deleted_running: bool = False) -> dict[str, Any]:
        """The task `task_id`; a deleted one only if `deleted_running` and it still records."""
        task = self.tasks.get(task_id)
        if task is not None and task["Deleted"]:
            if not (deleted_running and self.recording(task, self._clock())):
                task = None
        if task is None:
            raise ApiError("InvalidParameter", f"TaskId `{task_id}` does not exist.")
        return task

    def stop(self, p: dict[str, Any]) -> dict[str, Any]:
        task = self._find(p["TaskId"], deleted_running=True)
        if not task["Stopped"]:
            task["Stopped"] = int(self._clock())
        return {}

    def delete(self, p: dict[str, Any]) -> dict[str, Any]:
        task = self._find(p["TaskId"])
        now = self._clock()
        if now < task["StartTime"] or (task["Stopped"] and task["Stopped"] <= task["StartTime"]):
            # never recorded: nothing runs and nothing is owed
            del self.tasks[p["TaskId"]]
            del self._seq[p["TaskId"]]
            del self.created[p["TaskId"]]
        else:
            task["Deleted"] = int(now)  # running (it records on) or over (callbacks still owed)
        return {}

    def describe(self, p: dict[str, Any], page_size: int) -> dict[str, Any]:
        start, end = p["StartTime"], p["EndTime"]
        now = self._clock()
        if end <= start:
            raise ApiError("InvalidParameter", "EndTime must be later than StartTime.")
        if end - start > DESCRIBE_MAX_SPAN:
            raise ApiError("InvalidParameter", "The query span must not exceed one week.")
        if start < now - DESCRIBE_MAX_AGE:
            raise ApiError("InvalidParameter", "StartTime must not be earlier than 90 days ago.")
        filters = {k: p[k] for k in ("StreamName", "DomainName", "AppName") if p.get(k)}
        fingerprint = hashlib.sha256(
            json.dumps([start, end, sorted(filters.items())]).encode()
        ).hexdigest()[:12]
        after = 0
        if p.get("ScrollToken"):
            after = self._read_token(p["ScrollToken"], fingerprint)
        matches = [
            t
            for tid, t in sorted(self.tasks.items(), key=lambda kv: self._seq[kv[0]])
            if self._seq[tid] > after
            and not t["Deleted"]
            and start <= t["StartTime"]
            and t["EndTime"] <= end
            and all(t[k] == v for k, v in filters.items())
        ]
        page = matches[:page_size]
        token = ""
        if len(matches) > page_size:
            last = self._seq[page[-1]["TaskId"]]
            token = base64.urlsafe_b64encode(f"{last}:{fingerprint}".encode()).decode()
        fields = ("TaskId", "DomainName", "AppName", "StreamName", "StartTime", "EndTime")
        task_list = [
            {**{k: t[k] for k in fields}, "TemplateId": t["TemplateId"], "Stopped": t["Stopped"]}
            for t in page
        ]
        return {"ScrollToken": token, "TaskList": task_list}

    @staticmethod
    def _read_token(token: str, fingerprint: str) -> int:
        try:
            seq, fp = base64.urlsafe_b64decode(token.encode()).decode().split(":")
            if fp != fingerprint:
                raise ValueError
            return int(seq)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise ApiError(
                "InvalidParameter", "ScrollToken is invalid or belongs to another query."
            ) from None
