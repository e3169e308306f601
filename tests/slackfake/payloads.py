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
