"""Answer a Slack request through its response_url, and never fail silently if that fails."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

log = logging.getLogger("recordbot.slack")


def send_reply(
    client: WebClient,
    body: dict[str, Any],
    message: dict[str, Any],
    personal: Callable[[str, str, dict[str, Any]], None] | None = None,
) -> None:
    """POST to the request's response_url; if Slack refuses it (used up, expired), fall back to
    chat.postEphemeral so the user still sees the answer: through the outbox (`personal`), so a
    429 or a Slack hiccup delays that answer instead of losing it."""
    url = body.get("response_url")
    if url:
        try:
            response = WebhookClient(url, timeout=10).send_dict(message)
            if response.status_code == 200:
                return
            log.warning(
                "response_url answered %s (%s); falling back to chat.postEphemeral",
                response.status_code,
                response.body[:100],
            )
        except Exception:
            log.exception("response_url post failed; falling back to chat.postEphemeral")
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    channel = (
        body.get("channel_id")
        or (body.get("channel") or {}).get("id")
        or (body.get("container") or {}).get("channel_id")
    )
    if not (user and channel):
        log.error("could not deliver a reply: no response_url and no channel/user")
        return
    fallback = {k: v for k, v in message.items() if k in ("text", "blocks")}
    if personal is not None:
        personal(channel, user, fallback)
    else:
        client.chat_postEphemeral(channel=channel, user=user, **fallback)


def dm_card(body: dict[str, Any]) -> tuple[str, str] | None:
    """(channel, ts) of the card a click came from when it is a message the bot posted in a
    direct message (its own conversation with the person): such a card is updated in place.
    None for an ephemeral card, a channel message or a view."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts")
    if container.get("is_ephemeral") or container.get("type", "message") != "message":
        return None
    if not (isinstance(channel, str) and channel.startswith("D") and isinstance(ts, str) and ts):
        return None
    return channel, ts


def update_message(
    client: WebClient, where: tuple[str, str], message: dict[str, Any], body: dict[str, Any]
) -> None:
    """Replace the card at `where` (chat.update); if Slack refuses, answer the person alone
    through the request instead, so the answer is not lost."""
    channel, ts = where
    content = {k: v for k, v in message.items() if k in ("text", "blocks")}
    try:
        client.chat_update(channel=channel, ts=ts, **content)
        return
    except SlackApiError as exc:
        log.warning(
            "chat.update of a direct-message card refused (%s); answering through the request",
            exc.response.get("error"),
        )
    except Exception:
        log.exception("chat.update of a direct-message card failed; answering through the request")
    send_reply(client, body, {"response_type": "ephemeral", "replace_original": False, **content})
