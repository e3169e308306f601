"""chat.* methods: post, post ephemeral, update and link to messages, with Slack's checks on
their text, blocks and attachments."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .blocks import MAX_MESSAGE_BLOCKS, blocks_text_length, validate_blocks
from .history import check_metadata
from .model import JSON, _ApiError
from .scopes import may_post_unjoined

if TYPE_CHECKING:
    from .standin import SlackWebApiStandIn

# Limits Slack enforces on a message (chat.postMessage, chat.postEphemeral, chat.update):
# - `text`: msg_too_long past 4,000 characters (chat.update's reference says so; chat.postMessage's
#   asks for at most 4,000, and Slack has since refused longer text where it once truncated at
#   40,000);
# - attachments: too_many_attachments past 100 ("A maximum of 100 attachments are allowed");
# - blocks: msg_blocks_too_long ("Blocks submitted with this message are too long") when their
#   text passes about 12,000 characters (Slack's figure for it: 12,000 characters of text plus
#   some room for the blocks around them; its exact count is not published).
MAX_MESSAGE_TEXT = 4_000
MAX_ATTACHMENTS = 100
MAX_BLOCKS_TEXT = 12_000


def _chat_post_message(s: SlackWebApiStandIn, args: JSON) -> JSON:
    requested = args.get("channel")
    known = s._channels.get(requested) if isinstance(requested, str) else None
    # With chat:write.public a bot posts in any public channel, member or not; a private
    # channel still needs it as a member.
    unjoined_ok = known is not None and not known.is_private and may_post_unjoined(s)
    channel = s._channel(requested, for_posting=not unjoined_ok)
    blocks = _check_content(args)
    metadata = check_metadata(args.get("metadata"))
    ts = s._next_ts()
    message: JSON = {
        "type": "message",
        "subtype": "bot_message",
        "text": args.get("text", ""),
        "user": s.bot_user_id,
        "bot_id": s.bot_id,
        "app_id": s.app_id,
        "team": s.team_id,
        "ts": ts,
    }
    if blocks is not None:
        message["blocks"] = blocks
    if args.get("thread_ts"):
        message["thread_ts"] = args["thread_ts"]
    if metadata is not None:
        message["metadata"] = metadata  # read back by conversations.* with include_all_metadata
    s._messages[(channel, ts)] = {**message, "channel": channel}
    return {"ok": True, "channel": channel, "ts": ts, "message": message}


def _chat_post_ephemeral(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel = s._channel(args.get("channel"), for_posting=True)
    user = args.get("user")
    if not user:
        raise _ApiError("invalid_arguments", ["missing required field: user"])
    if user not in s._users:
        raise _ApiError("user_not_found")
    blocks = _check_content(args)
    ts = s._next_ts()
    ephemeral = {"channel": channel, "user": user, "ts": ts, "text": args.get("text", "")}
    ephemeral["blocks"] = blocks
    if args.get("thread_ts"):  # shown in that thread (chat.postEphemeral's `thread_ts`)
        ephemeral["thread_ts"] = str(args["thread_ts"])
    s._ephemerals.append(ephemeral)
    return {"ok": True, "message_ts": ts}


def _chat_update(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel = s._channel(args.get("channel"), for_posting=False)
    ts = args.get("ts")
    stored = s._messages.get((channel, str(ts)))
    if stored is None:
        raise _ApiError("message_not_found")
    if stored.get("bot_id") != s.bot_id:
        raise _ApiError("cant_update_message")
    blocks = _check_content(args)
    stored["text"] = args.get("text", "")
    if blocks is not None:
        stored["blocks"] = blocks
    stored["edited"] = {"user": s.bot_user_id, "ts": s._next_ts()}
    message = {k: v for k, v in stored.items() if k != "channel"}
    return {
        "ok": True,
        "channel": channel,
        "ts": stored["ts"],
        "text": stored["text"],
        "message": message,
    }


def _chat_get_permalink(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel = s._channel(args.get("channel"), for_posting=False)
    ts = str(args.get("message_ts", ""))
    if (channel, ts) not in s._messages:
        raise _ApiError("message_not_found")
    return {
        "ok": True,
        "channel": channel,
        "permalink": f"https://{s.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}",
    }


def _check_content(args: JSON, *, require: bool = True) -> list[Any] | None:
    """Text/blocks checks shared by chat.postMessage, postEphemeral and update."""
    text = args.get("text")
    blocks = _decode_json_arg(args, "blocks", "invalid_blocks_format")
    attachments = _decode_json_arg(args, "attachments", "invalid_attachments")
    if require and not text and not blocks and not attachments:
        raise _ApiError("no_text")
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        raise _ApiError("msg_too_long")
    if isinstance(attachments, list) and len(attachments) > MAX_ATTACHMENTS:
        raise _ApiError("too_many_attachments")
    if blocks is not None:
        if not isinstance(blocks, list):
            raise _ApiError("invalid_blocks_format")
        problems = validate_blocks(blocks, max_blocks=MAX_MESSAGE_BLOCKS)
        if problems:
            raise _ApiError("invalid_blocks", problems, errors=True)
        if blocks_text_length(blocks) > MAX_BLOCKS_TEXT:
            raise _ApiError("msg_blocks_too_long")
    return blocks


def _decode_json_arg(args: JSON, key: str, error: str) -> Any:
    """Form bodies carry blocks/view/attachments as JSON strings; JSON bodies may too."""
    value = args.get(key)
    if isinstance(value, str):
        if not value:
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise _ApiError(error) from None
    return value
