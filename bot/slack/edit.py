"""The card's Edit button: a modal with the stream and date/time pickers in the user's zone."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot.errors import NotAllowed
from bot.i18n import N_, _, current, using
from bot.outcomes import Requester
from bot.slack.blocks import card_message
from bot.slack.deps import Deps
from bot.slack.reply import dm_card, send_reply, update_message
from bot.tasks import Status, TaskRow
from bot.timeparse import Resolution, StreamRef
from bot.ui.cards import EDIT_VIEW, Action, message_card, proposal_card
from bot.ui.router import action_lang
from bot.windows import Window, window_violation

log = logging.getLogger("recordbot.slack")

STREAM_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$")
WHY = {
    "past": N_("This window has already ended; pick a later end."),
    "end_before_start": N_("The end must be after the start."),
    "too_long": N_("A recording can last at most 24 hours."),
    "too_far": N_("The start must be within 6 days, and the end within 7 days, from now."),
}


def _lang(view: dict[str, Any]) -> str | None:
    """The language the modal was opened in (kept in its metadata)."""
    try:
        lang = json.loads(view.get("private_metadata") or "{}").get("lang")
    except (ValueError, AttributeError):
        return None
    return lang if isinstance(lang, str) else None


def edit_view(
    row: TaskRow, tz: str, response_url: str, message: tuple[str, str] | None = None
) -> dict[str, Any]:
    """The Edit modal; `message` is (channel, ts) of a card in a direct message, which the
    edited card replaces in place (else it replaces the card through `response_url`)."""
    zone = ZoneInfo(tz)
    meta: dict[str, Any] = {"row": row.id, "url": response_url, "tz": tz, "lang": current()}
    if message:
        meta["msg"] = list(message)
    start = datetime.fromtimestamp(row.start, zone)
    end = datetime.fromtimestamp(row.end, zone)

    def picker(block_id: str, label: str, kind: str, initial: str) -> dict[str, Any]:
        element: dict[str, Any] = {"type": kind, "action_id": "value"}
        if kind == "datepicker":
            element["initial_date"] = initial
        else:
            element["initial_time"] = initial
            element["timezone"] = tz
        return {
            "type": "input",
            "block_id": block_id,
            "label": {"type": "plain_text", "text": label},
            "element": element,
        }

    return {
        "type": "modal",
        "callback_id": EDIT_VIEW,
        "title": {"type": "plain_text", "text": _("Edit recording")},
        "submit": {"type": "plain_text", "text": _("Update card")},
        "close": {"type": "plain_text", "text": _("Back")},
        "private_metadata": json.dumps(meta),
        "blocks": [
            {
                "type": "input",
                "block_id": "stream",
                "label": {
                    "type": "plain_text",
                    "text": _("Stream (name, app/name or domain/app/name)"),
                },
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "initial_value": row.full_stream,
                    "max_length": 400,
                },
            },
            picker("start_date", _("Start date"), "datepicker", f"{start:%Y-%m-%d}"),
            picker(
                "start_time",
                _("Start time ({zone})").format(zone=tz),
                "timepicker",
                f"{start:%H:%M}",
            ),
            picker("end_date", _("End date"), "datepicker", f"{end:%Y-%m-%d}"),
            picker(
                "end_time", _("End time ({zone})").format(zone=tz), "timepicker", f"{end:%H:%M}"
            ),
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": _(
                            "Times are in {zone}. A start in the past means: start when you "
                            "confirm."
                        ).format(zone=tz),
                    }
                ],
            },
        ],
    }


def _value(values: dict[str, Any], block: str) -> str | None:
    element = (values.get(block) or {}).get("value") or {}
    return element.get("value") or element.get("selected_date") or element.get("selected_time")


def read_submission(
    view: dict[str, Any], now: datetime
) -> tuple[dict[str, str], tuple[dict[str, Any], StreamRef, Window] | None]:
    """Validate the modal: (errors by block_id, or the metadata, stream and window)."""
    errors: dict[str, str] = {}
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        zone = ZoneInfo(meta["tz"])
    except (ValueError, KeyError, TypeError):
        return {
            "stream": _("This dialog is out of date; close it and run the command again.")
        }, None
    values = (view.get("state") or {}).get("values") or {}
    parts = (_value(values, "stream") or "").strip().split("/")
    if not 1 <= len(parts) <= 3 or not all(STREAM_PART.match(p) for p in parts):
        errors["stream"] = _(
            "Use `name`, `app/name` or `domain/app/name` (letters, digits, _ - .)."
        )
    stream = StreamRef(
        parts[-1], parts[-2] if len(parts) > 1 else None, parts[0] if len(parts) > 2 else None
    )
    ends = {}
    for which in ("start", "end"):
        date, clock = _value(values, f"{which}_date"), _value(values, f"{which}_time")
        try:
            naive = datetime.strptime(f"{date} {clock}", "%Y-%m-%d %H:%M")
            ends[which] = naive.replace(tzinfo=zone)
        except (TypeError, ValueError):
            errors[f"{which}_time"] = _("Pick a date and a time.")
    if errors:
        return errors, None
    start, end = ends["start"], ends["end"]
    try:
        starts_now = start <= now < end
        if starts_now:
            start = now
        why = window_violation(start, end, now)
    except OverflowError:  # a year picked near 1 or 9999 does not fit once moved to UTC
        why = "past" if start.year <= now.year else "too_far"
    if why:
        return {"end_time" if why != "too_far" else "start_date": _(WHY[why])}, None
    return {}, (meta, stream, Window(start.astimezone(zone), end.astimezone(zone), starts_now))


def update_card(
    deps: Deps, meta: dict[str, Any], user: str, stream: StreamRef, window: Window
) -> None:
    old = deps.service.store.get(meta["row"])
    with using(meta.get("lang")):
        _zone, note, name = deps.users.get(user)
        who = Requester(
            user, name, old.channel if old else None, meta["tz"], note, deps.users.locale(user)
        )
        res = Resolution(stream=stream, window=window, zone=meta["tz"], fixed_end=True)
        card = proposal_card(deps.fmt, deps.service.replace_proposal(meta["row"], who, res))
    request = {"response_url": meta["url"], "user_id": user, "channel_id": who.channel}
    where = meta.get("msg")
    if isinstance(where, list) and len(where) == 2 and all(isinstance(w, str) for w in where):
        update_message(deps.client, (where[0], where[1]), card_message(card), request)
        return
    send_reply(
        deps.client, request, {"replace_original": True, **card_message(card)}, deps.personal
    )


def open_dialog(deps: Deps, body: dict[str, Any]) -> None:
    """The Edit modal, in the card's language."""
    value = str(body["actions"][0].get("value", ""))
    user = (body.get("user") or {}).get("id", "")
    with using(action_lang(deps.service, value, deps.users.locale(user))):
        _open_dialog(deps, body, value, user)


def _open_dialog(deps: Deps, body: dict[str, Any], value: str, user: str) -> None:
    row = deps.service.store.get(value)
    if row is None or row.status != Status.PROPOSED:
        card = message_card(_("This card can no longer be edited. Run the command again."))
        send_reply(deps.client, body, {"replace_original": False, **card_message(card)})
        return
    try:
        deps.service.check_owner(row, user)
    except NotAllowed as exc:
        card = message_card(deps.fmt.esc(exc.message))
        send_reply(deps.client, body, {"replace_original": False, **card_message(card)})
        return
    # the card's times were read in row.tz, the requester's zone: the pickers use it too
    view = edit_view(row, row.tz, body.get("response_url", ""), dm_card(body))
    try:
        deps.client.views_open(trigger_id=body["trigger_id"], view=view)
    except SlackApiError as exc:
        if exc.response.get("error") != "expired_trigger_id":
            raise
        # Slack's trigger lives 3 s; a fresh press brings a fresh one.
        card = message_card(_("Slack took too long to open the editor. Press *Edit* again."))
        send_reply(deps.client, body, {"replace_original": False, **card_message(card)})


def register(app: App, deps: Deps) -> None:
    @app.action(Action.EDIT)
    def on_edit(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        # The listener returns before Slack gets the ack (process_before_response), so the
        # dialog opens after it, on a queue of its own: never behind slow confirms, so well
        # within the trigger's 3 s.
        deps.in_background(open_dialog, deps, body, urgent=True)

    @app.view(EDIT_VIEW)
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        # Validation must answer in the ack itself (response_action), so it stays here: it is
        # pure, plus one read of the task log.
        with using(_lang(view)):
            now = datetime.fromtimestamp(int(deps.service.clock()), UTC)
            errors, ok = read_submission(view, now)
            already = _("This card was already confirmed or cancelled.")
        if ok is None:
            ack(response_action="errors", errors=errors)
            return
        meta, stream, window = ok
        old = deps.service.store.get(meta.get("row", ""))
        if old is None or old.status != Status.PROPOSED:
            ack(
                response_action="errors",
                errors={"stream": already},
            )
            return
        ack()
        user = body.get("user", {}).get("id", "")
        deps.in_background(update_card, deps, meta, user, stream, window)
