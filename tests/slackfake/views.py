"""views.* methods: open a modal (with a trigger used once, before it expires), update it,
publish a Home tab; with Slack's checks on the view."""

from __future__ import annotations

import json
import secrets
import time
from typing import TYPE_CHECKING, Any

from .blocks import MAX_VIEW_BLOCKS, _text_problems, validate_blocks
from .model import JSON, _ApiError

if TYPE_CHECKING:
    from .standin import SlackWebApiStandIn

# How long Slack accepts a trigger_id for views.open.
TRIGGER_TTL_S = 3.0


def _views_open(s: SlackWebApiStandIn, args: JSON) -> JSON:
    trigger_id = args.get("trigger_id")
    if not trigger_id:
        raise _ApiError("invalid_arguments", ["missing required field: trigger_id"])
    entry = s._triggers.get(str(trigger_id))
    if entry is None:
        raise _ApiError("invalid_trigger_id")
    issued, user_id, used = entry
    if used:
        raise _ApiError("exchanged_trigger_id")
    if s._now() - issued > s.trigger_ttl:
        raise _ApiError("expired_trigger_id")
    view = _check_view(args.get("view"), ("modal",))
    s._triggers[str(trigger_id)] = (issued, user_id, True)
    stored = _store_view(s, view, "V" + secrets.token_hex(5).upper(), user_id, None)
    return {"ok": True, "view": stored}


def _views_update(s: SlackWebApiStandIn, args: JSON) -> JSON:
    view_id, external_id = args.get("view_id"), args.get("external_id")
    if not view_id and not external_id:
        raise _ApiError("invalid_arguments", ["either view_id or external_id is required"])
    current = (
        s._views.get(str(view_id))
        if view_id
        else next(
            (v for v in s._views.values() if external_id and v.get("external_id") == external_id),
            None,
        )
    )
    if current is None:
        raise _ApiError("not_found")
    if args.get("hash") and args["hash"] != current["hash"]:
        raise _ApiError("hash_conflict")
    view = _check_view(args.get("view"), ("modal", "home"))
    stored = _store_view(s, view, current["id"], current.get("_user_id", ""), current)
    return {"ok": True, "view": stored}


def _views_publish(s: SlackWebApiStandIn, args: JSON) -> JSON:
    user_id = args.get("user_id")
    if not user_id:
        raise _ApiError("invalid_arguments", ["missing required field: user_id"])
    if user_id not in s._users:
        raise _ApiError("user_not_found")
    view = _check_view(args.get("view"), ("home",))
    existing = next(
        (v for v in s._views.values() if v["type"] == "home" and v.get("_user_id") == user_id), None
    )
    view_id = existing["id"] if existing else "V" + secrets.token_hex(5).upper()
    return {"ok": True, "view": _store_view(s, view, view_id, str(user_id), existing)}


def _check_view(view: Any, allowed_types: tuple[str, ...]) -> JSON:
    """Slack answers view problems with invalid_arguments and json-pointer messages."""
    if isinstance(view, str):
        try:
            view = json.loads(view)
        except ValueError:
            raise _ApiError(
                "invalid_arguments", ["invalid view JSON [json-pointer:/view]"]
            ) from None
    if not isinstance(view, dict):
        raise _ApiError("invalid_arguments", ["missing required field: view"])
    problems: list[str] = []
    vtype = view.get("type")
    if vtype not in allowed_types:
        problems.append(f"must be one of {list(allowed_types)} [json-pointer:/view/type]")
    if vtype == "modal":
        problems += _text_problems(view.get("title"), "/view/title", 24, plain_only=True)
        for key in ("submit", "close"):
            if key in view:
                problems += _text_problems(view[key], f"/view/{key}", 24, plain_only=True)
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        problems.append("missing required field: blocks [json-pointer:/view/blocks]")
    else:
        problems += validate_blocks(blocks, max_blocks=MAX_VIEW_BLOCKS, pointer="/view/blocks")
        if vtype == "modal" and "submit" not in view:
            if any(isinstance(b, dict) and b.get("type") == "input" for b in blocks):
                problems.append(
                    "submit is required when an input block is present [json-pointer:/view/submit]"
                )
    for key, limit in (("callback_id", 255), ("private_metadata", 3000), ("external_id", 255)):
        value = view.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            problems.append(
                f"must be a string of at most {limit} characters [json-pointer:/view/{key}]"
            )
    if problems:
        raise _ApiError("invalid_arguments", problems)
    return view


def _store_view(
    s: SlackWebApiStandIn, view: JSON, view_id: str, user_id: str, previous: JSON | None
) -> JSON:
    stored: JSON = {
        "id": view_id,
        "team_id": s.team_id,
        "type": view["type"],
        "blocks": view.get("blocks", []),
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "external_id": view.get("external_id", ""),
        "state": {"values": {}},
        "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "root_view_id": (previous or {}).get("root_view_id", view_id),
        "previous_view_id": None,
        "app_id": s.app_id,
        "app_installed_team_id": s.team_id,
        "bot_id": s.bot_id,
    }
    for key in ("title", "submit", "close"):
        if key in view:
            stored[key] = view[key]
    s._views[view_id] = {**stored, "_user_id": user_id}
    return stored
