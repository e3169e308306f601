"""Answer a Slack request through its response_url, and never fail silently if that fails."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
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
