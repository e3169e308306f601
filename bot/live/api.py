"""What recordbot needs from Tencent Cloud Live, as an interface with its result types.

No SDK here: the domain, the cards and the test fakes depend on this module alone; `client.py`
implements it on tencentcloud-sdk-python and `sim.py` serves the same wire API offline.
The API's rules are in docs/live-api.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

DEFAULT_ENDPOINT = "https://live.tencentcloudapi.com"
DEFAULT_REGION = "ap-guangzhou"

CREATE = "CreateRecordTask"
STOP = "StopRecordTask"
DELETE = "DeleteRecordTask"
DESCRIBE = "DescribeRecordTask"


@dataclass(frozen=True)
class CreateResult:
    task_id: str
    request_id: str


@dataclass(frozen=True)
class RemoteTask:
    """A task as DescribeRecordTask reports it; times are Unix seconds, `stopped` 0 = never."""

    task_id: str
    domain: str
    app: str
    stream: str
    start: int
    end: int
    template_id: int
    stopped: int


class LiveApi(Protocol):
    """What recordbot needs from Tencent Cloud Live. All times are Unix seconds."""

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
    ) -> CreateResult: ...

    def stop_record_task(self, task_id: str) -> str: ...

    def delete_record_task(self, task_id: str) -> str: ...

    def describe_record_tasks(
        self,
        *,
        start: int,
        end: int,
        stream: str | None = None,
        domain: str | None = None,
        app: str | None = None,
    ) -> list[RemoteTask]: ...
