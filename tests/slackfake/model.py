"""What the stand-in records and keeps: the calls and response_url POSTs tests inspect, the
users, channels, URLs and injected failures of its world, and Slack's error answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """One Web API request as the stand-in received it, and what it answered."""

    method: str
    args: JSON  # decoded arguments (JSON, form, multipart, query); the token is removed
    headers: dict[str, str]  # lower-case names
    status: int = 200
    response: JSON = field(default_factory=dict)
    at: float = 0.0  # time.monotonic() on arrival

    @property
    def ok(self) -> bool:
        """Whether Slack would have said ok: true."""
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return self.response.get("error")


@dataclass(frozen=True)
class ResponsePost:
    """One POST to a response_url, accepted or not."""

    url_id: str
    url: str
    body: JSON | None  # None when the body was not a JSON object
    raw: bytes
    headers: dict[str, str]
    status: int
    error: str | None = None
    at: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class _User:
    id: str
    name: str
    real_name: str
    tz: str | None
    tz_label: str | None
    locale: str = "en-US"  # given by users.info only with include_locale (as Slack does)
    deleted: bool = False
    is_bot: bool = False


@dataclass
class _Channel:
    id: str
    name: str
    is_private: bool = False
    is_member: bool = True


@dataclass
class _ResponseUrl:
    id: str
    issued_at: float
    uses: int = 0


@dataclass
class _Failure:
    error: str
    status: int
    retry_after: int | None
    times: int


class _ApiError(Exception):
    """A Slack error answer: {"ok": false, "error": ...} plus optional detail."""

    def __init__(
        self,
        error: str,
        messages: list[str] | None = None,
        *,
        errors: bool = False,
        fields: JSON | None = None,
    ):
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.with_errors = errors  # chat.* put block problems in a top-level "errors" too
        self.fields = fields or {}  # more top-level keys, e.g. missing_scope's needed/provided

    def body(self) -> JSON:
        out: JSON = {"ok": False, "error": self.error, **self.fields}
        if self.messages:
            if self.with_errors:
                out["errors"] = list(self.messages)
            out["response_metadata"] = {"messages": [f"[ERROR] {m}" for m in self.messages]}
        return out
