"""Requests as Slack sends them to an app's /slack/events: slash commands, button clicks and
modal submissions, form-encoded with every field Slack fills."""

from __future__ import annotations

import json
import secrets
import time
from urllib.parse import parse_qsl, urlencode

from .model import JSON

# Placeholders for payload fields a test did not fill: `.invalid` never resolves, so a bot
# that answers an unset response_url fails loudly instead of reaching the real Slack.
UNSET_RESPONSE_URL = "https://hooks.slack.invalid/commands/T1/0/unset"
UNSET_TRIGGER_ID = "0000000000.0000000000.unset"


def slash_command_body(
    text: str,
    user_id: str = "U1",
    user_name: str = "alice",
    channel_id: str = "C1",
    command: str = "/record",
    response_url: str | None = None,
    trigger_id: str | None = None,
    team_id: str = "T1",
    *,
    channel_name: str = "general",
    team_domain: str = "recordbot-test",
    api_app_id: str = "A1",
    token: str = "verification-token",
) -> bytes:
    """A slash command as Slack posts it: form-encoded, every field Slack sends."""
    return urlencode(
        {
            "token": token,
            "team_id": team_id,
            "team_domain": team_domain,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user_name,
            "command": command,
            "text": text,
            "api_app_id": api_app_id,
            "is_enterprise_install": "false",
            "response_url": response_url or UNSET_RESPONSE_URL,
            "trigger_id": trigger_id or UNSET_TRIGGER_ID,
        }
    ).encode("utf-8")


def block_actions_body(
    action_id: str,
    value: str,
    user_id: str = "U1",
    channel_id: str = "C1",
    response_url: str | None = None,
    trigger_id: str | None = None,
    block_id: str = "b",
    container: JSON | None = None,
    *,
    user_name: str = "alice",
    channel_name: str = "general",
    team_id: str = "T1",
    team_domain: str = "recordbot-test",
    api_app_id: str = "A1",
    message: JSON | None = None,
    button_text: str = "Button",
    action_ts: str | None = None,
    token: str = "verification-token",
) -> bytes:
    """A button click as Slack posts it (`payload=<json>`).

    With no `message`, the click is on an ephemeral card: the container says is_ephemeral
    and, as at Slack, the payload carries no copy of the message. Pass `message` (with its
    `ts`) for a click on a channel message.
    """
    now = f"{time.time():.6f}"
    if container is None:
        container = {
            "type": "message",
            "message_ts": (message or {}).get("ts", now),
            "channel_id": channel_id,
            "is_ephemeral": message is None,
        }
    payload: JSON = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id},
        "api_app_id": api_app_id,
        "token": token,
        "container": container,
        "trigger_id": trigger_id or UNSET_TRIGGER_ID,
        "team": {"id": team_id, "domain": team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_name},
        "state": {"values": {}},
        "response_url": response_url or UNSET_RESPONSE_URL,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": action_ts or now,
            }
        ],
    }
    if message is not None:
        payload["message"] = message
    return urlencode({"payload": json.dumps(payload)}).encode("utf-8")


def view_submission_body(
    callback_id: str,
    state_values: JSON,
    private_metadata: str,
    user_id: str = "U1",
    view_id: str = "V1",
    *,
    user_name: str = "alice",
    team_id: str = "T1",
    team_domain: str = "recordbot-test",
    api_app_id: str = "A1",
    trigger_id: str | None = None,
    view: JSON | None = None,
    response_urls: list[JSON] | None = None,
    token: str = "verification-token",
) -> bytes:
    """A modal submission as Slack posts it; `state_values` is
    `{block_id: {action_id: {"type": ..., "value": ...}}}`. `view` supplies the rest of the
    view (blocks, title, hash) when the test has it."""
    base: JSON = {
        "type": "modal",
        "blocks": [],
        "title": {"type": "plain_text", "text": "Record"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "submit": {"type": "plain_text", "text": "Submit"},
        "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
        "clear_on_close": False,
        "notify_on_close": False,
        "previous_view_id": None,
        "external_id": "",
        "app_installed_team_id": team_id,
        "bot_id": "BBOT",
    }
    base.update({k: v for k, v in (view or {}).items() if not k.startswith("_")})
    base.update(
        {
            "id": view_id,
            "team_id": team_id,
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": state_values},
            "root_view_id": base.get("root_view_id") or view_id,
            "app_id": api_app_id,
        }
    )
    payload: JSON = {
        "type": "view_submission",
        "team": {"id": team_id, "domain": team_domain},
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id},
        "api_app_id": api_app_id,
        "token": token,
        "trigger_id": trigger_id or UNSET_TRIGGER_ID,
        "view": base,
        "response_urls": response_urls or [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    return urlencode({"payload": json.dumps(payload)}).encode("utf-8")


def response_url_of(body: bytes) -> str:
    """The response_url inside a slash-command or interaction body built by this module."""
    form = dict(parse_qsl(body.decode()))
    return (
        form["response_url"]
        if "response_url" in form
        else json.loads(form["payload"])["response_url"]
    )


# -- the Events API (JSON bodies: `Content-Type: application/json`) ----------------------------


def new_ts() -> str:
    """A message timestamp as Slack writes them: seconds and a six-digit sequence, a string."""
    return f"{time.time():.6f}"


def event_callback_body(
    event: JSON,
    *,
    team_id: str = "T1",
    api_app_id: str = "A1",
    bot_user_id: str = "UBOT",
    event_id: str | None = None,
    token: str = "verification-token",
) -> bytes:
    """An Events API delivery as Slack posts it: the `event_callback` wrapper around `event`,
    with its `event_id` (the same on each retry), `event_time` and `authorizations` (the
    installation the event is for: here the bot user)."""
    body: JSON = {
        "token": token,
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or "Ev" + secrets.token_hex(5).upper(),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + secrets.token_hex(16),
    }
    return json.dumps(body).encode("utf-8")


def _rich_text(text: str) -> list[JSON]:
    return [
        {
            "type": "rich_text",
            "block_id": secrets.token_hex(3),
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
            ],
        }
    ]


def app_mention_event(
    text: str,
    user: str = "U1",
    channel: str = "C1",
    *,
    ts: str | None = None,
    thread_ts: str | None = None,
    team: str = "T1",
    bot_id: str | None = None,
) -> JSON:
    """`app_mention` (the Events API reference): a message that mentions the bot, `text` as
    the person wrote it (the mention is `<@UBOT>`). `thread_ts` when it was posted in a thread;
    `bot_id` for another app's message."""
    ts = ts or new_ts()
    event: JSON = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "team": team,
        "channel": channel,
        "event_ts": ts,
    }
    if bot_id:
        event["bot_id"] = bot_id
    else:
        event["client_msg_id"] = secrets.token_hex(8)
        event["blocks"] = _rich_text(text)
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message_im_event(
    text: str,
    user: str | None = "U1",
    channel: str = "D1",
    *,
    ts: str | None = None,
    thread_ts: str | None = None,
    subtype: str | None = None,
    bot_id: str | None = None,
    team: str = "T1",
) -> JSON:
    """`message.im` (a `message` event with `channel_type` im): a new message from a person; a
    bot's (`bot_id`, and `subtype` bot_message for a classic one, which has no `user`); an edit
    (`message_changed`, the new message inside) or a deletion (`message_deleted`)."""
    ts = ts or new_ts()
    if subtype == "message_changed":
        inner = {"type": "message", "user": user, "text": text, "ts": new_ts(), "team": team}
        inner["edited"] = {"user": user, "ts": ts}
        return {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "message": inner,
            "channel": channel,
            "previous_message": {**inner, "text": "before"},
            "event_ts": ts,
            "ts": ts,
            "channel_type": "im",
        }
    if subtype == "message_deleted":
        return {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "deleted_ts": new_ts(),
            "channel": channel,
            "previous_message": {"type": "message", "user": user, "text": text, "ts": ts},
            "event_ts": ts,
            "ts": ts,
            "channel_type": "im",
        }
    event: JSON = {
        "type": "message",
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "channel_type": "im",
    }
    if user is not None:
        event["user"] = user
    if subtype:
        event["subtype"] = subtype
    if bot_id:
        event["bot_id"] = bot_id
        event["app_id"] = "A" + bot_id[1:]
    else:
        event["client_msg_id"] = secrets.token_hex(8)
        event["blocks"] = _rich_text(text)
        event["team"] = team
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def function_executed_event(
    function: JSON,
    inputs: JSON,
    function_execution_id: str,
    bot_access_token: str,
    *,
    workflow_execution_id: str | None = None,
) -> JSON:
    """`function_executed` (its Events API reference): a custom step ran in a workflow.
    `function` is the step's definition as Slack sends it (id, callback_id, title, description,
    type, input/output parameters as lists, app_id, dates); `bot_access_token` is the
    just-in-time token that completes it."""
    return {
        "type": "function_executed",
        "function": function,
        "inputs": inputs,
        "function_execution_id": function_execution_id,
        "workflow_execution_id": workflow_execution_id or "Wx" + secrets.token_hex(5).upper(),
        "event_ts": new_ts(),
        "bot_access_token": bot_access_token,
    }


# -- shortcuts (form-encoded `payload=<json>`) -----------------------------------------------


def shortcut_body(
    callback_id: str,
    user_id: str = "U1",
    trigger_id: str | None = None,
    *,
    user_name: str = "alice",
    team_id: str = "T1",
    team_domain: str = "recordbot-test",
    token: str = "verification-token",
) -> bytes:
    """A global shortcut as Slack posts it (type `shortcut`): no channel, no response_url."""
    payload: JSON = {
        "type": "shortcut",
        "token": token,
        "action_ts": new_ts(),
        "team": {"id": team_id, "domain": team_domain},
        "user": {"id": user_id, "username": user_name, "team_id": team_id},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or UNSET_TRIGGER_ID,
    }
    return urlencode({"payload": json.dumps(payload)}).encode("utf-8")


def message_action_body(
    callback_id: str,
    message: JSON,
    user_id: str = "U1",
    channel_id: str = "C1",
    trigger_id: str | None = None,
    response_url: str | None = None,
    *,
    user_name: str = "alice",
    channel_name: str = "general",
    team_id: str = "T1",
    team_domain: str = "recordbot-test",
    token: str = "verification-token",
) -> bytes:
    """A message shortcut as Slack posts it (type `message_action`): the whole message it was
    used on, its channel, and a response_url."""
    payload: JSON = {
        "type": "message_action",
        "token": token,
        "action_ts": new_ts(),
        "team": {"id": team_id, "domain": team_domain},
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id},
        "channel": {"id": channel_id, "name": channel_name},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or UNSET_TRIGGER_ID,
        "response_url": response_url or UNSET_RESPONSE_URL,
        "message_ts": message.get("ts", ""),
        "message": message,
    }
    return urlencode({"payload": json.dumps(payload)}).encode("utf-8")
