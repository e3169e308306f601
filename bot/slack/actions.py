"""Card buttons: Confirm, Cancel, Stop, Delete, Keep (Edit lives in edit.py)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from bot.cards import Action
from bot.commands import handle_action
from bot.slack.blocks import card_message
from bot.slack.commands import _guarded
from bot.slack.deps import Deps
from bot.slack.reply import send_reply

BUTTONS = (
    Action.CONFIRM,
    Action.CONFIRM_ALT,
    Action.CANCEL,
    Action.STOP,
    Action.DELETE,
    Action.KEEP,
)


def press(deps: Deps, body: dict[str, Any]) -> None:
    action = body["actions"][0]
    user = body.get("user", {}).get("id", "")
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    card = handle_action(
        deps.service, action["action_id"], str(action.get("value", "")), user, channel, deps.fmt
    )
    ephemeral_card = (body.get("container") or {}).get("is_ephemeral", False)
    if ephemeral_card:
        send_reply(deps.client, body, {"replace_original": True, **card_message(card)})
    else:  # a button on a channel message: answer the presser alone, leave the message
        send_reply(
            deps.client,
            body,
            {"response_type": "ephemeral", "replace_original": False, **card_message(card)},
        )


def register(app: App, deps: Deps) -> None:
    @app.action(re.compile("^(" + "|".join(BUTTONS) + ")$"))
    def on_button(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        deps.executor.submit(_guarded, press, deps, body)
