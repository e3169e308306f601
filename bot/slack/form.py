"""The scheduling form, a modal: stream, date and time pickers in the person's zone, a length and
a repeat choice. The global shortcut "Schedule a recording" opens it empty; the message shortcut
"Record this" opens it with the window read from the message. Pure: the view, and the `/record`
command a submission amounts to (or the errors to show in the form).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.errors import ResolveError
from bot.i18n import N_, _, current, using
from bot.slack.blocks import cut
from bot.timeparse import resolve

SCHEDULE_SHORTCUT = "record_schedule"  # the global shortcut's callback_id
RECORD_THIS_SHORTCUT = "record_this"  # the message shortcut's callback_id
FORM_VIEW = "record_form_view"  # the form's callback_id
VALUE = "value"  # every element's action_id


class Field:
    """The form's block ids: a validation error names the block it belongs to."""

    PICK = "stream_pick"
    NEW = "stream_new"
    DATE = "date"
    TIME = "time"
    LENGTH = "length"
    REPEAT = "repeat"
    CHANNEL = "channel"


REPEATS = {
    "none": N_("Does not repeat"),
    "daily": N_("Every day"),
    "weekdays": N_("Every weekday (Mon to Fri)"),
    "weekly": N_("Every week on that day"),
}
MAX_OPTIONS = 100  # a static_select's options (Block Kit)
MAX_OPTION_TEXT, MAX_OPTION_VALUE = 75, 150
STREAM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$")  # one part of a stream's path
DEFAULT_LENGTH = "1h"


@dataclass(frozen=True)
class Prefill:
    """What the form starts with: a start (aware), a length like `2h 30m`, a note on top."""

    start: datetime | None = None
    length: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class FormRequest:
    """A valid submission: the `/record` text it amounts to, the zone its times were shown in,
    and where the card goes (a channel and thread, or None: a direct message)."""

    command: str
    tz: str
    channel: str | None
    thread: str | None
    repeat: str = "none"


def _plain(text: str, limit: int = 2000) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut(text, limit)}


def _option(label: str, value: str) -> dict[str, Any]:
    return {"text": _plain(label, MAX_OPTION_TEXT), "value": value}


def _input(
    block_id: str, label: str, element: dict[str, Any], optional: bool = False, hint: str = ""
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": {"action_id": VALUE, **element},
        "optional": optional,
    }
    if hint:
        block["hint"] = _plain(hint)
    return block


def next_hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def form_view(
    tz: str,
    now: datetime,
    streams: Sequence[tuple[str, str]] = (),
    *,
    channel: str | None = None,
    thread: str | None = None,
    prefill: Prefill | None = None,
    ask_channel: bool = False,
) -> dict[str, Any]:
    """The modal. `streams` are (label, value) pairs for the select of known streams and
    aliases; `channel`/`thread` say where the card goes (kept in private_metadata, with the
    current language, which the form is written in and its command typed in);
    `ask_channel` adds a channel picker that defaults to the conversation in view (a global
    shortcut does not say where it was used)."""
    zone = ZoneInfo(tz)
    prefill = prefill or Prefill()
    start = (prefill.start or next_hour(now.astimezone(zone))).astimezone(zone)
    blocks: list[dict[str, Any]] = []
    if prefill.note:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": cut(prefill.note, 3000)}}
        )
    options = [_option(label, value) for label, value in streams[:MAX_OPTIONS]]
    if options:
        blocks.append(
            _input(
                Field.PICK,
                _("Stream"),
                {
                    "type": "static_select",
                    "placeholder": _plain(_("A stream or alias used before"), 150),
                    "options": options,
                },
                optional=True,
            )
        )
    blocks.append(
        _input(
            Field.NEW,
            _("Or a new stream") if options else _("Stream"),
            {
                "type": "plain_text_input",
                "placeholder": _plain(_("name, app/name or domain/app/name"), 150),
                "max_length": 400,
            },
            optional=bool(options),
            hint=_("What you type here wins over the stream picked above.") if options else "",
        )
    )
    blocks.append(
        _input(
            Field.DATE,
            _("Start date"),
            {"type": "datepicker", "initial_date": f"{start:%Y-%m-%d}"},
        )
    )
    blocks.append(
        _input(
            Field.TIME,
            _("Start time ({zone})").format(zone=tz),
            {"type": "timepicker", "initial_time": f"{start:%H:%M}", "timezone": tz},
        )
    )
    blocks.append(
        _input(
            Field.LENGTH,
            _("Length"),
            {
                "type": "plain_text_input",
                "initial_value": prefill.length or DEFAULT_LENGTH,
                "placeholder": _plain(_("e.g. 1h 30m, 90m, 2 hours"), 150),
                "max_length": 100,
            },
        )
    )
    repeats = [_option(_(label), key) for key, label in REPEATS.items()]
    blocks.append(
        _input(
            Field.REPEAT,
            _("Repeat"),
            {"type": "static_select", "options": repeats, "initial_option": repeats[0]},
        )
    )
    if ask_channel:
        blocks.append(
            _input(
                Field.CHANNEL,
                _("Show the card and post notices in"),
                {
                    "type": "conversations_select",
                    "default_to_current_conversation": True,
                    "filter": {"include": ["public", "private"]},
                },
                optional=True,
                hint=_("Left empty, the card comes to you in a direct message."),
            )
        )
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": _(
                        "Times are in {zone}. Nothing is scheduled until you press Confirm on "
                        "the card that follows."
                    ).format(zone=tz),
                }
            ],
        }
    )
    meta = {"tz": tz, "channel": channel, "thread": thread, "lang": current()}
    return {
        "type": "modal",
        "callback_id": FORM_VIEW,
        "title": _plain(_("Schedule a recording"), 24),
        "submit": _plain(_("Show the card"), 24),
        "close": _plain(_("Cancel"), 24),
        "private_metadata": json.dumps(meta),
        "blocks": blocks,
    }


def _element(values: dict[str, Any], block: str) -> dict[str, Any]:
    element = (values.get(block) or {}).get(VALUE)
    return element if isinstance(element, dict) else {}


def _selected(values: dict[str, Any], block: str) -> str | None:
    option = _element(values, block).get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else None


def _str(values: dict[str, Any], block: str, key: str) -> str:
    value = _element(values, block).get(key)
    return value.strip() if isinstance(value, str) else ""


LENGTH_HELP = N_("Write the length like 1h 30m, 90m or 2 hours.")


def read_form(view: dict[str, Any], now: datetime) -> tuple[dict[str, str], FormRequest | None]:
    """Check a submission: (errors by block id, to show in the form) or the request. `now` is
    aware. Errors are in the form's language, and the command is typed in it."""
    try:
        lang = json.loads(view.get("private_metadata") or "{}").get("lang")
    except (ValueError, AttributeError):
        lang = None
    with using(lang if isinstance(lang, str) else None):
        return _read_form(view, now)


def _read_form(view: dict[str, Any], now: datetime) -> tuple[dict[str, str], FormRequest | None]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        tz = meta["tz"]
        ZoneInfo(tz)
        channel, thread = meta.get("channel"), meta.get("thread")
        if not all(v is None or isinstance(v, str) for v in (channel, thread)):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return {Field.NEW: _("This form is out of date; close it and open it again.")}, None
    state = view.get("state") or {}
    values = state.get("values") if isinstance(state, dict) else None
    values = values if isinstance(values, dict) else {}
    errors: dict[str, str] = {}
    stream = _str(values, Field.NEW, "value") or (_selected(values, Field.PICK) or "").strip()
    parts = stream.split("/")
    if not stream:
        errors[Field.NEW] = _("Pick a stream above or type one.")
    elif not 1 <= len(parts) <= 3 or not all(STREAM.match(p) for p in parts):
        errors[Field.NEW] = _("Use name, app/name or domain/app/name (letters, digits, _ - .).")
    day, clock = (
        _str(values, Field.DATE, "selected_date"),
        _str(values, Field.TIME, "selected_time"),
    )
    try:
        start = datetime.strptime(f"{day} {clock}", "%Y-%m-%d %H:%M")
    except ValueError:
        start = None
        errors[Field.DATE if not day else Field.TIME] = _("Pick a date and a time.")
    length = " ".join(_str(values, Field.LENGTH, "value").split())
    if not length:
        errors[Field.LENGTH] = _("Give a length, e.g. 1h 30m.")
    repeat = _selected(values, Field.REPEAT) or "none"
    if repeat not in REPEATS:
        errors[Field.REPEAT] = _("Pick one of the choices.")
    if errors or start is None:
        return errors, None
    when = _once(start, length)
    try:
        resolve(f"x {when}", now, tz)
    except ResolveError as exc:
        errors.update(_window_errors(exc, now, tz, length, repeat))
    if repeat != "none" and not errors:
        when = _repeating(repeat, start, length)  # the command is the repeating one
        try:
            resolve(f"x {when}", now, tz)
        except ResolveError as exc:
            errors[Field.REPEAT] = exc.message
    if errors:
        return errors, None
    picked = _str(values, Field.CHANNEL, "selected_conversation")
    if picked and not channel:  # the global shortcut's channel picker
        channel, thread = picked, None
    return {}, FormRequest(f"{stream} {when}", tz, channel, thread, repeat)


def _window_errors(
    exc: ResolveError, now: datetime, tz: str, length: str, repeat: str
) -> dict[str, str]:
    """Which field a refusal of the form's window belongs to, and what to say there."""
    if exc.code == "past":
        # a repeating schedule starts with its next occurrence: its first one may be over
        return {} if repeat != "none" else {Field.TIME: exc.message}
    if exc.code == "too_far":
        return {Field.DATE: exc.message}
    if exc.code == "end_before_start":
        return {Field.LENGTH: _("The length must be more than zero.")}
    if exc.code == "too_long":  # over 72 h (up to that, consecutive tasks of 24 h at most)
        return {Field.LENGTH: exc.message}
    try:
        resolve(f"x now for {length}", now, tz)
    except ResolveError as alone:
        if alone.code in ("unparseable", "no_end", "bad_input"):
            return {Field.LENGTH: _(LENGTH_HELP)}
    return {Field.TIME: exc.message}


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# The WHEN a submission amounts to, typed in the form's language so the card, its buttons and
# its notices answer in it (bot.i18n.pick reads the command's script).
_ZH_WHEN = {
    "zh-Hans": {"record": "录", "from": "从{day}开始", "daily": "每天", "weekdays": "每个工作日"},
    "zh-Hant": {"record": "錄", "from": "從{day}開始", "daily": "每天", "weekdays": "每個工作日"},
}


def _once(start: datetime, length: str) -> str:
    words = _ZH_WHEN.get(current())
    if words is None:
        return f"{start:%Y-%m-%d %H:%M} for {length}"
    return f"{start:%Y-%m-%d %H:%M} {words['record']}{length}"


def _repeating(repeat: str, start: datetime, length: str) -> str:
    """The WHEN of a repeating schedule, as the slash command writes it."""
    words = _ZH_WHEN.get(current())
    if words is not None:
        from bot.timeparse.messages import WEEKDAY_NAMES

        day = WEEKDAY_NAMES["zh-Hant" if current() == "zh-Hant" else "zh"][start.weekday()]
        every = words["daily"] if repeat == "daily" else words["weekdays"]
        every = f"每{day}" if repeat == "weekly" else every
        since = words["from"].format(day=f"{start:%Y-%m-%d}")
        return f"{every} {start:%H:%M} {words['record']}{length} {since}"
    every = {
        "daily": "every day",
        "weekdays": "every weekday",
        "weekly": f"every {_WEEKDAYS[start.weekday()]}",
    }[repeat]
    return f"{every} {start:%H:%M} for {length} starting {start:%Y-%m-%d}"
