"""Card buttons: Confirm, Cancel, Stop, Delete, Keep (Edit lives in edit.py).

An ephemeral card is replaced through the click's response_url; a card the bot posted in a direct
message is updated in place (chat.update); on a channel message (a notice, the list) the answer
goes to the presser alone."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from bot.i18n import _, using
from bot.live.pacing import on_queued
from bot.slack.blocks import card_message
from bot.slack.dedupe import delivery_key
from bot.slack.deps import Deps
from bot.slack.reply import dm_card, send_reply, update_message
from bot.ui.cards import Action, Card, message_card
from bot.ui.router import action_lang, handle_action

BUTTONS = (
    Action.CONFIRM,
    Action.CONFIRM_ALT,
    Action.CONFIRM_ALL,
    Action.CANCEL,
    Action.STOP,
    Action.STOP_ONE,
    Action.DELETE,
    Action.DELETE_ONE,
    Action.STOP_ALL,
    Action.SHORTEN,
    Action.KEEP,  # cards shown before Stop had one button still carry it
    Action.SERIES_CONFIRM,
    Action.SERIES_CANCEL,
    Action.SERIES_SKIP,
    Action.SERIES_PAUSE,
    Action.SERIES_RESUME,
    Action.SERIES_STOP,
)


def press(deps: Deps, body: dict[str, Any]) -> None:
    action = body["actions"][0]
    user = body.get("user", {}).get("id", "")
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    # On an ephemeral card the answer replaces the card; on a channel message (a notice, the
    # list) it goes to the presser alone and leaves the message as it is.
    placement = (
        {"replace_original": True}
        if container.get("is_ephemeral")
        else {"response_type": "ephemeral", "replace_original": False}
    )
    in_dm = dm_card(body)
    value = str(action.get("value", ""))
    locale = deps.users.locale(user)
    lang = action_lang(deps.service, value, locale)

    def answer(card: Card) -> None:
        with using(lang):
            message = card_message(card)
        if in_dm:
            update_message(deps.client, in_dm, message, body)
        else:
            send_reply(deps.client, body, {**placement, **message}, deps.personal)

    def queued(wait: float) -> None:
        with using(lang):
            card = message_card(
                _("Queued: waiting for a free Live API slot"),
                _(
                    "Live takes at most 20 requests a second; yours goes out in about {seconds}s. "
                    "No need to press again."
                ).format(seconds=max(1, round(wait))),
            )
        answer(card)

    with on_queued(queued):
        card = handle_action(
            deps.service, action["action_id"], value, user, channel, deps.fmt, locale
        )
    answer(card)


def register(app: App, deps: Deps) -> None:
    @app.action(re.compile("^(" + "|".join(BUTTONS) + ")$"))
    def on_button(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        if deps.deliveries.first(delivery_key(body)):  # a re-delivery was handled already
            deps.in_background(press, deps, body)
