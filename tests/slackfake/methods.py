"""The Web API methods the stand-in answers, by name. The small ones live here (auth, users,
conversations, user groups, Socket Mode); chat.*, views.* and functions.* have their own files."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .chat import _chat_get_permalink, _chat_post_ephemeral, _chat_post_message, _chat_update
from .files import (
    _conversations_open,
    _files_complete_upload_external,
    _files_get_upload_url_external,
)
from .functions import _functions_complete_error, _functions_complete_success
from .history import _conversations_history, _conversations_replies
from .model import JSON, _ApiError, _User
from .scopes import conversation_scope, require
from .views import _views_open, _views_publish, _views_update

if TYPE_CHECKING:
    from .standin import SlackWebApiStandIn

_TZ_LABELS = {
    "Asia/Shanghai": "China Standard Time",
    "Asia/Hong_Kong": "Hong Kong Standard Time",
    "Asia/Tokyo": "Japan Standard Time",
    "Asia/Singapore": "Singapore Standard Time",
    "Europe/London": "Greenwich Mean Time",
    "America/New_York": "Eastern Standard Time",
    "America/Los_Angeles": "Pacific Standard Time",
    "UTC": "Coordinated Universal Time",
}


def _auth_test(s: SlackWebApiStandIn, args: JSON) -> JSON:
    return {
        "ok": True,
        "url": f"https://{s.team_domain}.slack.com/",
        "team": "Recordbot Test",
        "user": "recordbot",
        "team_id": s.team_id,
        "user_id": s.bot_user_id,
        "bot_id": s.bot_id,
        "is_enterprise_install": False,
    }


def _users_info(s: SlackWebApiStandIn, args: JSON) -> JSON:
    user = s._users.get(str(args.get("user", "")))
    if user is None:
        raise _ApiError("user_not_found")
    obj = _user_obj(s, user)
    # Slack answers with the user's locale only when asked (include_locale=true).
    if str(args.get("include_locale", "")).lower() in ("true", "1"):
        obj["locale"] = user.locale
    return {"ok": True, "user": obj}


def _user_obj(s: SlackWebApiStandIn, user: _User) -> JSON:
    obj: JSON = {
        "id": user.id,
        "team_id": s.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "real_name": user.real_name,
        "is_bot": user.is_bot,
        "profile": {
            "real_name": user.real_name,
            "display_name": user.name,
            "team": s.team_id,
        },
    }
    if user.tz is not None:
        now = datetime.now(ZoneInfo(user.tz))
        offset = now.utcoffset()
        obj["tz"] = user.tz
        obj["tz_label"] = user.tz_label or _TZ_LABELS.get(user.tz) or now.tzname()
        obj["tz_offset"] = int(offset.total_seconds()) if offset is not None else 0
    return obj


def _conversations_info(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel_id = s._channel(args.get("channel"), for_posting=False)
    chan = s._channels.get(channel_id)
    # A bot token reads a conversation with the read scope of its type.
    require(
        s, s.bot_token, [conversation_scope(chan is None, chan is not None and chan.is_private)]
    )
    if chan is None:  # a DM
        return {"ok": True, "channel": {"id": channel_id, "is_im": True, "is_channel": False}}
    return {
        "ok": True,
        "channel": {
            "id": chan.id,
            "name": chan.name,
            "is_channel": not chan.is_private,
            "is_group": False,
            "is_im": False,
            "is_private": chan.is_private,
            "is_archived": False,
            "is_member": chan.is_member,
            "context_team_id": s.team_id,
        },
    }


def _usergroups_users_list(s: SlackWebApiStandIn, args: JSON) -> JSON:
    group = args.get("usergroup")
    if not group:
        raise _ApiError("invalid_arguments", ["missing required field: usergroup"])
    if group not in s._usergroups:
        raise _ApiError("no_such_subteam")
    return {"ok": True, "users": list(s._usergroups[group])}


def _apps_connections_open(s: SlackWebApiStandIn, args: JSON) -> JSON:
    url = (
        s.socket_mode_url
        or f"wss://wss-standin.invalid/link/?ticket={secrets.token_hex(8)}&app_id={s.app_id}"
    )
    return {"ok": True, "url": url}


def _api_test(s: SlackWebApiStandIn, args: JSON) -> JSON:
    return {"ok": True, "args": {k: v for k, v in args.items() if isinstance(v, str)}}


_METHODS: dict[str, Callable[[SlackWebApiStandIn, JSON], JSON]] = {
    "api.test": _api_test,
    "auth.test": _auth_test,
    "users.info": _users_info,
    "chat.postMessage": _chat_post_message,
    "chat.postEphemeral": _chat_post_ephemeral,
    "chat.update": _chat_update,
    "chat.getPermalink": _chat_get_permalink,
    "views.open": _views_open,
    "views.update": _views_update,
    "views.publish": _views_publish,
    "conversations.info": _conversations_info,
    "conversations.history": _conversations_history,
    "conversations.replies": _conversations_replies,
    "conversations.open": _conversations_open,
    "files.getUploadURLExternal": _files_get_upload_url_external,
    "files.completeUploadExternal": _files_complete_upload_external,
    "usergroups.users.list": _usergroups_users_list,
    "apps.connections.open": _apps_connections_open,
    "functions.completeSuccess": _functions_complete_success,
    "functions.completeError": _functions_complete_error,
}
# api.test needs no token at Slack either.
_NO_TOKEN_METHODS = {"api.test"}
