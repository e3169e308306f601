"""The `/record` slash command: ack at once, then answer with an ephemeral card."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.outcomes import Requester
from bot.slack.blocks import card_message
from bot.slack.dedupe import delivery_key
from bot.slack.deps import Deps
from bot.slack.reply import send_reply
from bot.ui.router import handle_command

log = logging.getLogger("recordbot.slack")


def answer_command(deps: Deps, body: dict[str, Any]) -> None:
    user_id = body.get("user_id", "")
    tz, note, name = deps.users.get(user_id)
    who = Requester(
        user_id=user_id,
        user_name=name or body.get("user_name"),
        channel=body.get("channel_id"),
        tz=tz,
        tz_note=note,
    )
    card = handle_command(deps.service, who, body.get("text", ""), deps.fmt)
    send_reply(
        deps.client, body, {"response_type": "ephemeral", **card_message(card)}, deps.personal
    )


def register(app: App, deps: Deps) -> None:
    @app.command("/record")
    def on_record(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        if deps.deliveries.first(delivery_key(body)):  # a re-delivery was handled already
            deps.in_background(answer_command, deps, body)
