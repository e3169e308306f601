"""Mentions (`app_mention`) and direct messages (`message.im`): the `/record` router by message.

`@recordbot livetest tonight 8-11` is answered to its author alone (chat.postEphemeral), in the
mention's thread when it was written in one; a direct message to the bot is answered in the conversation
(chat.postMessage), and that card is updated in place when its buttons are pressed (actions.py).
Messages from bots, this one included, and edits, deletions and other subtypes are never
answered.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.i18n import pick, using
from bot.outcomes import Requester
from bot.slack.blocks import card_message
from bot.slack.dedupe import delivery_key
from bot.slack.deps import Deps
from bot.ui.router import handle_command, strip_command

log = logging.getLogger("recordbot.slack")

_LEADING_MENTION = re.compile(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


def command_text(text: str, bot_user_id: str | None) -> str:
    """What a message asks of the bot: the bot's mention removed (a leading mention of anyone
    when the bot's own id is unknown), Slack's escaping of `&`, `<` and `>` undone."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    else:
        text = _LEADING_MENTION.sub(" ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def from_a_person(event: Any, bot_user_id: str | None) -> bool:
    """A message a person wrote (not a bot's, not this bot's, not an edit or a deletion)."""
    if not isinstance(event, dict):
        return False
    if event.get("subtype") is not None or event.get("bot_id") or event.get("bot_profile"):
        return False
    user, text, channel = event.get("user"), event.get("text", ""), event.get("channel")
    return (
        isinstance(user, str)
        and user[:1] in ("U", "W")
        and user != bot_user_id
        and isinstance(text, str)
        and isinstance(channel, str)
        and bool(channel)
    )


def _card(deps: Deps, user: str, channel: str, text: str) -> dict[str, Any]:
    """The card as a message, in the language of `text`, else the person's Slack locale."""
    locale = deps.users.locale(user)
    with using(pick(strip_command(text), locale)):
        tz, note, name = deps.users.get(user)
        who = Requester(
            user_id=user, user_name=name, channel=channel, tz=tz, tz_note=note, locale=locale
        )
        return card_message(handle_command(deps.service, who, text, deps.fmt))


def answer_mention(deps: Deps, event: dict[str, Any], bot_user_id: str | None) -> None:
    """The card, to the person who mentioned the bot alone: in the mention's thread when it was
    written in one, else beside it in the channel. (Slack shows an ephemeral message in a thread
    only if the thread is already active, so a mention's own ts would hide the card.)"""
    user, channel = event["user"], event["channel"]
    card = _card(deps, user, channel, command_text(event.get("text") or "", bot_user_id))
    thread = event.get("thread_ts")
    extra = {"thread_ts": thread} if isinstance(thread, str) and thread else {}
    deps.client.chat_postEphemeral(channel=channel, user=user, **extra, **card)


def answer_direct_message(deps: Deps, event: dict[str, Any], bot_user_id: str | None) -> None:
    """The card, in the direct-message conversation (in the message's thread if it has one)."""
    user, channel = event["user"], event["channel"]
    card = _card(deps, user, channel, command_text(event.get("text") or "", bot_user_id))
    thread = event.get("thread_ts")
    extra = {"thread_ts": thread} if isinstance(thread, str) and thread else {}
    deps.client.chat_postMessage(channel=channel, **extra, **card)


def _in_direct_message(body: dict[str, Any]) -> bool:
    event = body.get("event") or {}
    return event.get("channel_type") == "im"


def register(app: App, deps: Deps) -> None:
    @app.event("app_mention")
    def on_mention(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        event = body.get("event")
        if from_a_person(event, context.bot_user_id) and deps.deliveries.first(delivery_key(body)):
            deps.in_background(answer_mention, deps, event, context.bot_user_id)

    # Every message event of a direct message matches (edits, deletions, bots' messages), so
    # Slack gets its 200 for those too; only a person's new message is answered.
    @app.event("message", matchers=[_in_direct_message])
    def on_direct_message(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        event = body.get("event")
        if from_a_person(event, context.bot_user_id) and deps.deliveries.first(delivery_key(body)):
            deps.in_background(answer_direct_message, deps, event, context.bot_user_id)
