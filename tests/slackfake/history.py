"""Reading a conversation back (conversations.history, conversations.replies) and the message
metadata chat.postMessage may carry, with Slack's checks.

Sources: the conversations.history and conversations.replies reference pages (arguments
`channel`, `ts`, `oldest`, `latest`, `inclusive`, `limit`, `cursor`, `include_all_metadata`;
history holds a channel's top-level messages newest first, replies a thread oldest first; errors
`channel_not_found`, `not_in_channel`, `thread_not_found`, `invalid_cursor`, `missing_scope`;
bot-token scopes `channels:history`, `groups:history`, `im:history`, `mpim:history`, which read
"channels your Slack app has been added to"), and the message metadata pages (a JSON object
with a string `event_type` and an object `event_payload`; chat.postMessage answers
`invalid_metadata_format` / `invalid_metadata_schema` otherwise).
"""

from __future__ import annotations

import base64
import json
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .model import JSON, _ApiError
from .scopes import history_scope, require

if TYPE_CHECKING:
    from .standin import SlackWebApiStandIn

HISTORY_LIMIT = (100, 999)  # conversations.history: default and most a page
REPLIES_LIMIT = (1000, 1000)  # conversations.replies


def check_metadata(value: Any) -> JSON | None:
    """chat.postMessage's `metadata` (a JSON string in a form body, an object in JSON)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise _ApiError("invalid_metadata_format") from None
    if not isinstance(value, dict):
        raise _ApiError("invalid_metadata_format")
    event_type, payload = value.get("event_type"), value.get("event_payload")
    if not isinstance(event_type, str) or not event_type or not isinstance(payload, dict):
        raise _ApiError("invalid_metadata_schema")
    if not all(_payload_value(v) for v in payload.values()):
        raise _ApiError("invalid_metadata_schema")
    return {"event_type": event_type, "event_payload": payload}


def _payload_value(v: Any) -> bool:
    """A payload value: a string, number, boolean, an object of those, or a list of objects."""
    if isinstance(v, str | int | float | bool):
        return True
    if isinstance(v, dict):
        return all(isinstance(x, str | int | float | bool) for x in v.values())
    if isinstance(v, list):
        return all(isinstance(x, dict) and _payload_value(x) for x in v)
    return False


def _conversations_history(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel = _readable(s, args.get("channel"))
    top = [
        m
        for (c, _), m in s._messages.items()
        if c == channel and m.get("thread_ts") in (None, m["ts"])
    ]
    top.sort(key=lambda m: _ts(m["ts"]), reverse=True)  # newest first
    return _page(top, args, HISTORY_LIMIT)


def _conversations_replies(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel = _readable(s, args.get("channel"))
    ts = args.get("ts")
    if not ts:
        raise _ApiError("invalid_arguments", ["missing required field: ts"])
    message = s._messages.get((channel, str(ts)))
    if message is None:
        raise _ApiError("thread_not_found")
    parent = str(message.get("thread_ts") or message["ts"])
    thread = [
        m
        for (c, _), m in s._messages.items()
        if c == channel and (m["ts"] == parent or m.get("thread_ts") == parent)
    ]
    thread.sort(key=lambda m: _ts(m["ts"]))  # oldest first, the parent leading
    return _page(thread, args, REPLIES_LIMIT)


def _readable(s: SlackWebApiStandIn, requested: Any) -> str:
    """A conversation the bot token may read: its ID. A user ID is not a conversation here."""
    if isinstance(requested, str) and requested[:1] in ("U", "W"):
        raise _ApiError("channel_not_found")
    channel = s._channel(requested, for_posting=False)
    chan = s._channels.get(channel)
    require(s, s.bot_token, [history_scope(chan is None, chan is not None and chan.is_private)])
    if chan is not None and not chan.is_member:
        raise _ApiError("not_in_channel")  # the scopes read the channels the app was added to
    return channel


def _page(messages: list[JSON], args: JSON, limits: tuple[int, int]) -> JSON:
    oldest, latest = _bound(args, "oldest"), _bound(args, "latest")
    inclusive = _true(args.get("inclusive"))
    kept = [
        m
        for m in messages
        if (oldest is None or _ts(m["ts"]) > oldest or (inclusive and _ts(m["ts"]) == oldest))
        and (latest is None or _ts(m["ts"]) < latest or (inclusive and _ts(m["ts"]) == latest))
    ]
    try:
        limit = int(args.get("limit") or limits[0])
    except (TypeError, ValueError):
        raise _ApiError("invalid_limit") from None
    limit = max(1, min(limit, limits[1]))
    start = _cursor(args.get("cursor"), len(kept))
    page = kept[start : start + limit]
    with_metadata = _true(args.get("include_all_metadata"))
    out: JSON = {
        "ok": True,
        "messages": [_shown(m, with_metadata) for m in page],
        "has_more": start + limit < len(kept),
    }
    if out["has_more"]:
        next_cursor = base64.b64encode(f"next:{start + limit}".encode()).decode()
        out["response_metadata"] = {"next_cursor": next_cursor}
    return out


def _shown(message: JSON, with_metadata: bool) -> JSON:
    shown = {k: v for k, v in message.items() if k != "channel"}
    if not with_metadata:
        shown.pop("metadata", None)
    return shown


def _ts(ts: Any) -> Decimal:
    return Decimal(str(ts))


def _bound(args: JSON, key: str) -> Decimal | None:
    value = args.get(key)
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise _ApiError(f"invalid_ts_{key}") from None


def _true(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def _cursor(cursor: Any, size: int) -> int:
    if not cursor:
        return 0
    try:
        kind, _, at = base64.b64decode(str(cursor)).decode().partition(":")
        start = int(at)
    except (ValueError, UnicodeDecodeError):
        raise _ApiError("invalid_cursor") from None
    if kind != "next" or not 0 <= start <= size:
        raise _ApiError("invalid_cursor")
    return start
