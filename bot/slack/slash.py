"""The `/record` slash command: ack at once, then answer with an ephemeral card."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App

from bot.i18n import _, pick, using
from bot.outcomes import Requester
from bot.slack.blocks import card_message
from bot.slack.dedupe import delivery_key
from bot.slack.deps import Deps
from bot.slack.reply import send_reply
from bot.ui.cards import Card, message_card
from bot.ui.router import handle_command, strip_command

log = logging.getLogger("recordbot.slack")


def answer_command(deps: Deps, body: dict[str, Any]) -> None:
    """The card for one `/record`, in the language it was typed in, else the person's Slack
    locale."""
    user_id = body.get("user_id", "")
    text = body.get("text", "")
    locale = deps.users.locale(user_id)
    with using(pick(strip_command(text), locale)):
        tz, note, name = deps.users.get(user_id)
        who = Requester(
            user_id=user_id,
            user_name=name or body.get("user_name"),
            channel=body.get("channel_id"),
            tz=tz,
            tz_note=note,
            locale=locale,
        )
        card = handle_command(deps.service, who, text, deps.fmt)
        if card.attachment is not None:
            card = send_file(deps, user_id, card)
        message = card_message(card)
    send_reply(deps.client, body, {"response_type": "ephemeral", **message}, deps.personal)


def send_file(deps: Deps, user_id: str, card: Card) -> Card:
    """Upload a card's file to the person, in the app's direct message with them
    (files_upload_v2); the card then says where it went, or why it could not go."""
    name, text = card.attachment or ("", "")
    try:
        dm = deps.client.conversations_open(users=user_id)["channel"]["id"]
        deps.client.files_upload_v2(
            channel=dm, filename=name, title=name, content=text,
            initial_comment=_("Your recordbot export (`/record export`)."),
        )  # fmt: skip
    except Exception:
        log.exception("could not upload the export to %s", user_id)
        return message_card(
            _("The export could not be sent to you just now."),
            _("Try again in a minute; `recordbot tasks --csv` gives the same on the bot's host."),
        )
    sent = _("Sent to you as `{name}` in the app's Messages tab.").format(name=name)
    return replace(card, lines=(*card.lines, sent))


def register(app: App, deps: Deps) -> None:
    @app.command("/record")
    def on_record(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        if deps.deliveries.first(delivery_key(body)):  # a re-delivery was handled already
            deps.in_background(answer_command, deps, body)
