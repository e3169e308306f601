"""The shortcuts: "Schedule a recording" (global) and "Record this" (on a message) open the
scheduling form (form.py); its submission leads to the same card as `/record`, shown to the
person alone in the channel the shortcut was used from (else in a direct message)."""

from __future__ import annotations

import html
import logging
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot.i18n import _, lang_of_locale, pick, using
from bot.outcomes import Requester
from bot.slack.blocks import card_message
from bot.slack.dedupe import delivery_key
from bot.slack.deps import Deps
from bot.slack.form import (
    FORM_VIEW,
    MAX_OPTION_VALUE,
    MAX_OPTIONS,
    RECORD_THIS_SHORTCUT,
    SCHEDULE_SHORTCUT,
    FormRequest,
    Prefill,
    form_view,
    read_form,
)
from bot.slack.reply import send_reply
from bot.tasks import Status
from bot.ui.cards import Card, duration_text, message_card, plain_window
from bot.ui.findtime import find_window
from bot.ui.router import handle_command

log = logging.getLogger("recordbot.slack")

# Where a card cannot be shown ephemerally (the bot is not in that channel): a direct message.
NOT_THERE = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "user_not_in_channel",
        "is_archived",
        "restricted_action",
    }
)
KNOWN_STATUSES = (Status.CREATED, Status.STOPPED, Status.DELETED, Status.FAILED)
RECENT_ROWS = 300  # recent tasks looked through for the streams the form offers

_DATE_TOKEN = re.compile(r"<!date\^(\d{1,12})\^[^>|]*(?:\|[^>]*)?>")
_LINK = re.compile(r"<(?:https?://|mailto:)[^>|]*\|([^>]*)>")
_SPECIAL = re.compile(r"<[^>]*>")


def slack_text_to_plain(text: str, tz: str) -> str:
    """A message's mrkdwn as words: `<!date^…>` as a date and time in `tz`, links as their
    labels, mentions and bare links dropped, Slack's escaping undone."""
    zone = ZoneInfo(tz)

    def date(m: re.Match[str]) -> str:
        try:
            return f"{datetime.fromtimestamp(int(m.group(1)), zone):%Y-%m-%d %H:%M}"
        except (OverflowError, OSError, ValueError):
            return " "

    text = _DATE_TOKEN.sub(date, text)
    text = _LINK.sub(r"\1", text)
    text = _SPECIAL.sub(" ", text)
    return html.unescape(text)


def message_text(message: dict[str, Any], tz: str) -> str:
    """Every piece of text of a message, one per line: its text, its blocks' texts (rich text,
    sections and their fields, context) and its attachments' (calendar apps post these)."""
    pieces: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "pretext", "value", "fallback"):
                if isinstance(node.get(key), str):
                    pieces.append(node[key])
            for key, value in node.items():
                if key != "text" and isinstance(value, dict | list):
                    walk(value)
            if isinstance(node.get("text"), dict):
                walk(node["text"])
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({"text": message.get("text")})
    walk(message.get("blocks"))
    walk(message.get("attachments"))
    lines: list[str] = []
    for piece in pieces:
        for line in slack_text_to_plain(piece, tz).splitlines():
            if line.strip() and line not in lines:
                lines.append(line)
    return "\n".join(lines[:200])


def prefill_from(text: str, now: datetime, tz: str) -> Prefill:
    """The form's start and length as read from a message, with a note saying what was read."""
    found = find_window(text, now, tz)
    if found is None:
        return Prefill(
            note=_(
                "No date or time could be read from that message: pick them below, and the stream."
            )
        )
    window = found.resolution.window
    start = window.start if not window.starts_now else now
    seconds = int((window.end - start).total_seconds())
    read = plain_window(
        int(window.start.timestamp()), int(window.end.timestamp()), found.resolution.zone
    )
    notes = [
        _("Read from the message: “{words}” = {window}.").format(words=found.words, window=read)
    ]
    if found.resolution.zone != tz:
        notes.append(_("Shown below in your zone, {zone}.").format(zone=tz))
    if found.length_assumed:
        notes.append(_("The message gives no end: the length is a guess, check it."))
    if window.starts_now:
        notes.append(_("It is under way: the recording starts when you confirm."))
    notes.append(_("Pick the stream."))
    return Prefill(start=start, length=duration_text(seconds), note=" ".join(notes))


def known_streams(deps: Deps) -> list[tuple[str, str]]:
    """(label, value) of the aliases, then the streams of recent tasks, most recent first."""
    out: list[tuple[str, str]] = []
    for a in deps.service.store.aliases():
        target = "/".join(p for p in (a["domain"], a["app"], a["stream"]) if p)
        out.append(
            (_("{name} (alias of {target})").format(name=a["name"], target=target), a["name"])
        )
    seen = {value for _label, value in out}
    for row in deps.service.store.list(limit=RECENT_ROWS, statuses=KNOWN_STATUSES):
        name = row.full_stream
        if name not in seen and len(name) <= MAX_OPTION_VALUE:
            seen.add(name)
            out.append((name, name))
    return out[:MAX_OPTIONS]


def open_form(deps: Deps, body: dict[str, Any], from_message: bool) -> None:
    """The form in the person's Slack locale's language (its command is typed in it)."""
    user = (body.get("user") or {}).get("id", "")
    with using(lang_of_locale(deps.users.locale(user))):
        _open_form(deps, body, from_message, user)


def _open_form(deps: Deps, body: dict[str, Any], from_message: bool, user: str) -> None:
    tz, _note, _name = deps.users.get(user)
    now = datetime.fromtimestamp(int(deps.service.clock()), ZoneInfo(tz))
    channel = thread = None
    prefill = None
    if from_message:
        channel = (body.get("channel") or {}).get("id")
        message = body.get("message") if isinstance(body.get("message"), dict) else {}
        # a reply's card goes in its thread (the person is looking at it); a thread's parent
        # and a plain message's go in the channel: Slack shows an ephemeral message in a thread
        # only to whoever has it open
        thread = message.get("thread_ts")
        if not isinstance(thread, str) or thread == message.get("ts"):
            thread = None
        prefill = prefill_from(message_text(message, tz), now, tz)
    view = form_view(
        tz,
        now,
        known_streams(deps),
        channel=channel if isinstance(channel, str) else None,
        thread=thread,
        prefill=prefill,
        ask_channel=not from_message,
    )
    try:
        deps.client.views_open(trigger_id=body["trigger_id"], view=view)
    except SlackApiError as exc:
        if exc.response.get("error") != "expired_trigger_id":
            raise
        # Slack's trigger lives 3 s; using the shortcut again brings a fresh one.
        log.warning("the form could not open in time (expired_trigger_id) for %s", user)
        if body.get("response_url"):  # a message shortcut can still be answered
            note = message_card(_("Slack took too long to open the form. Use the shortcut again."))
            send_reply(deps.client, body, {"response_type": "ephemeral", **card_message(note)})


def show_card(deps: Deps, user: str, req: FormRequest, card: Card) -> None:
    """The card to its author alone: in the form's channel (and thread) if the bot may post
    there, else in a direct message with the bot."""
    with using(pick(req.command, None)):  # the form's command is typed in its language
        message = card_message(card)
    if req.channel:
        extra = {"thread_ts": req.thread} if req.thread else {}
        try:
            deps.client.chat_postEphemeral(channel=req.channel, user=user, **extra, **message)
            return
        except SlackApiError as exc:
            if exc.response.get("error") not in NOT_THERE:
                raise
            log.info(
                "cannot show a card in %s (%s); sending it in a direct message",
                req.channel,
                exc.response.get("error"),
            )
    deps.client.chat_postMessage(channel=user, **message)


def propose_from_form(deps: Deps, user: str, req: FormRequest) -> None:
    _, note, name = deps.users.get(user)
    who = Requester(
        user_id=user, user_name=name, channel=req.channel, tz=req.tz, tz_note=note,
        locale=deps.users.locale(user),
    )  # fmt: skip
    show_card(deps, user, req, handle_command(deps.service, who, req.command, deps.fmt))


def register(app: App, deps: Deps) -> None:
    @app.shortcut(SCHEDULE_SHORTCUT)
    def on_schedule(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        if deps.deliveries.first(delivery_key(body)):
            # the form must open within the trigger's 3 s: never queued behind confirms
            deps.in_background(open_form, deps, body, False, urgent=True)

    @app.shortcut(RECORD_THIS_SHORTCUT)
    def on_record_this(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        if deps.deliveries.first(delivery_key(body)):
            deps.in_background(open_form, deps, body, True, urgent=True)

    @app.view(FORM_VIEW)
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        # Errors must travel in the ack itself (response_action), so the check runs here: pure,
        # a few resolver calls.
        now = datetime.fromtimestamp(int(deps.service.clock()), UTC)
        errors, req = read_form(view, now)
        if req is None:
            ack(response_action="errors", errors=errors)
            return
        ack()
        user = (body.get("user") or {}).get("id", "")
        deps.in_background(propose_from_form, deps, user, req)
