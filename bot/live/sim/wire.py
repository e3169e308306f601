"""The Live API wire format: a request read into action + typed parameters, and the reply envelope.

Choices where Tencent's documents are silent (callers must not rely on more than this):
- A wrong X-TC-Version -> `NoSuchVersion` (a documented common code); unknown body parameters ->
  `UnknownParameter`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from bot.windows import REGIONS

API_VERSION = "2018-08-01"
ACTIONS = ("CreateRecordTask", "StopRecordTask", "DeleteRecordTask", "DescribeRecordTask")

# Parameters of the legacy (v1) signature that are not the action's own.
_V1_COMMON = {
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
    "RequestClient",
}

# Per action: parameter -> (type, required).
_SCHEMAS: dict[str, dict[str, tuple[type, bool]]] = {
    "CreateRecordTask": {
        "StreamName": (str, True),
        "DomainName": (str, True),
        "AppName": (str, True),
        "EndTime": (int, True),
        "StartTime": (int, False),
        "StreamType": (int, False),
        "TemplateId": (int, False),
        "Extension": (str, False),
    },
    "StopRecordTask": {"TaskId": (str, True)},
    "DeleteRecordTask": {"TaskId": (str, True)},
    "DescribeRecordTask": {
        "StartTime": (int, True),
        "EndTime": (int, True),
        "StreamName": (str, False),
        "DomainName": (str, False),
        "AppName": (str, False),
        "ScrollToken": (str, False),
    },
}


class ApiError(Exception):
    """An error reply: becomes `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass
class Request:
    """One HTTP request as received."""

    method: str
    path: str
    query: str
    headers: dict[str, str]  # lower-case names
    body: bytes


@dataclass
class Call:
    """A request read: the common fields (TC3 headers or v1 parameters) and the action's params."""

    action: str
    version: str
    region: str
    timestamp: str
    params: dict[str, Any]  # the action's own parameters, as received
    raw: dict[str, Any]  # every parameter of the query string or body (v1 signs them all)
    from_text: bool  # values arrived as text (query string, form), not typed JSON


def read(req: Request) -> Call:
    """Split a request into action, business params and common fields (version, region, ...)."""
    ctype = req.headers.get("content-type", "").split(";")[0].strip().lower()
    raw: dict[str, Any]
    if req.method == "GET":
        raw = dict(parse_qsl(req.query, keep_blank_values=True))
    elif ctype == "application/json":
        try:
            raw = json.loads(req.body.decode("utf-8")) if req.body else {}
        except (UnicodeDecodeError, ValueError):
            raise ApiError("InvalidParameter", "The request body is not valid JSON.") from None
        if not isinstance(raw, dict):
            raise ApiError("InvalidParameter", "The request body must be a JSON object.")
    elif ctype == "application/x-www-form-urlencoded":
        raw = dict(parse_qsl(req.body.decode("utf-8", "replace"), keep_blank_values=True))
    else:
        raise ApiError("InvalidParameter", f"Content-Type `{ctype or '(none)'}` is not supported.")

    # Values that arrive as text (query string, form) are converted; JSON must be typed.
    from_text = req.method == "GET" or ctype != "application/json"
    h = req.headers
    if "authorization" in h or "x-tc-action" in h:  # TC3: common fields travel as headers
        return Call(
            action=h.get("x-tc-action", ""),
            version=h.get("x-tc-version", ""),
            region=h.get("x-tc-region", ""),
            timestamp=h.get("x-tc-timestamp", ""),
            params=raw,
            raw=raw,
            from_text=from_text,
        )
    # The legacy signature: common parameters travel with the others.
    return Call(
        action=str(raw.get("Action", "")),
        version=str(raw.get("Version", "")),
        region=str(raw.get("Region", "")),
        timestamp=str(raw.get("Timestamp", "")),
        params={k: v for k, v in raw.items() if k not in _V1_COMMON},
        raw=raw,
        from_text=from_text,
    )


def check_action(call: Call) -> None:
    """The gateway's first checks: an Action and a Version, both known."""
    if not call.action:
        raise ApiError("MissingParameter", "The request is missing a required parameter `Action`.")
    if not call.version:
        raise ApiError("MissingParameter", "The request is missing a required parameter `Version`.")
    if call.version != API_VERSION:
        raise ApiError(
            "NoSuchVersion",
            f"The API version `{call.version}` does not exist; Live uses `{API_VERSION}`.",
        )
    if call.action not in ACTIONS:
        raise ApiError("InvalidAction", f"The requested action `{call.action}` does not exist.")


def check_region(call: Call) -> None:
    """A Region, one Live serves (checked after authentication, as at Tencent)."""
    if not call.region:
        raise ApiError("MissingParameter", "The request is missing a required parameter `Region`.")
    if call.region not in REGIONS:
        raise ApiError(
            "UnsupportedRegion",
            f"The action `{call.action}` does not support region `{call.region}`.",
        )


def typed(action: str, params: dict[str, Any], from_text: bool) -> dict[str, Any]:
    """The action's parameters checked against its schema: known names, types, required ones."""
    schema = _SCHEMAS[action]
    out: dict[str, Any] = {}
    for name, value in params.items():
        if name not in schema:
            raise ApiError("UnknownParameter", f"The parameter `{name}` is not recognized.")
        kind, _ = schema[name]
        if kind is int:
            if from_text and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
                value = int(value)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ApiError(
                    "InvalidParameter", f"The value type of parameter `{name}` must be Integer."
                )
        elif not isinstance(value, str):
            raise ApiError(
                "InvalidParameter", f"The value type of parameter `{name}` must be String."
            )
        out[name] = value
    for name, (_, required) in schema.items():
        if required and name not in out:
            raise ApiError(
                "MissingParameter", f"The request is missing a required parameter `{name}`."
            )
    return out


def reply(result: dict[str, Any], request_id: str) -> dict[str, Any]:
    """A success envelope: the action's fields and the RequestId."""
    return {"Response": {**result, "RequestId": request_id}}


def error_reply(error: ApiError, request_id: str) -> dict[str, Any]:
    """An error envelope (still HTTP 200, as at Tencent)."""
    return {
        "Response": {
            "Error": {"Code": error.code, "Message": error.message},
            "RequestId": request_id,
        }
    }
