"""Block Kit checks: the limits and rules for which Slack refuses a list of blocks (counts, text
lengths, ids, elements), reported as Slack-style json-pointer messages."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from .model import JSON

# Limits Slack enforces (Block Kit reference, views.open, chat.postMessage).
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100

_BLOCK_TYPES = {
    "actions", "context", "context_actions", "divider", "file", "header", "image", "input",
    "markdown", "rich_text", "section", "table", "video",
}  # fmt: skip


def validate_blocks(blocks: list[Any], *, max_blocks: int, pointer: str = "/blocks") -> list[str]:
    """Problems Slack would refuse in a block list, as Slack-style json-pointer messages.

    Covers the limits a bot trips on (counts, text lengths, ids); not every Block Kit rule.
    """
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"no more than {max_blocks} items allowed [json-pointer:{pointer}]")
    seen_block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"{pointer}/{i}"
        if not isinstance(block, dict):
            problems.append(f"must provide an object [json-pointer:{where}]")
            continue
        btype = block.get("type")
        if not isinstance(btype, str):
            problems.append(f"missing required field: type [json-pointer:{where}]")
            continue
        if btype not in _BLOCK_TYPES:
            problems.append(f"unsupported type: {btype} [json-pointer:{where}/type]")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not 0 < len(block_id) <= 255:
                problems.append(f"must be 1 to 255 characters [json-pointer:{where}/block_id]")
            elif block_id in seen_block_ids:
                problems.append(f"duplicate block_id: {block_id} [json-pointer:{where}/block_id]")
            else:
                seen_block_ids.add(block_id)
        problems += _block_problems(btype, block, where)
    return problems


def _block_problems(btype: str, block: JSON, where: str) -> list[str]:
    problems: list[str] = []
    if btype == "section":
        if "text" not in block and "fields" not in block:
            problems.append(f"must provide text or fields [json-pointer:{where}]")
        if "text" in block:
            problems += _text_problems(block["text"], f"{where}/text", 3000)
        if "fields" in block:
            fields = block["fields"]
            if not isinstance(fields, list) or not 0 < len(fields) <= 10:
                problems.append(f"must have 1 to 10 items [json-pointer:{where}/fields]")
            else:
                for j, f in enumerate(fields):
                    problems += _text_problems(f, f"{where}/fields/{j}", 2000)
        if "accessory" in block:
            problems += _element_problems(block["accessory"], f"{where}/accessory")
    elif btype == "header":
        problems += _text_problems(block.get("text"), f"{where}/text", 150, plain_only=True)
    elif btype == "actions":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 0 < len(elements) <= 25:
            problems.append(f"must have 1 to 25 items [json-pointer:{where}/elements]")
        else:
            action_ids: set[str] = set()
            for j, el in enumerate(elements):
                problems += _element_problems(el, f"{where}/elements/{j}")
                aid = el.get("action_id") if isinstance(el, dict) else None
                if isinstance(aid, str):
                    if aid in action_ids:
                        problems.append(
                            f"duplicate action_id: {aid} [json-pointer:{where}/elements/{j}/action_id]"
                        )
                    action_ids.add(aid)
    elif btype == "context":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 0 < len(elements) <= 10:
            problems.append(f"must have 1 to 10 items [json-pointer:{where}/elements]")
        else:
            for j, el in enumerate(elements):
                if isinstance(el, dict) and el.get("type") == "image":
                    continue
                problems += _text_problems(el, f"{where}/elements/{j}", 3000)
    elif btype == "input":
        problems += _text_problems(block.get("label"), f"{where}/label", 2000, plain_only=True)
        if "optional" in block and not isinstance(block["optional"], bool):
            problems.append(f"must be a boolean [json-pointer:{where}/optional]")
        element = block.get("element")
        if isinstance(element, dict) and element.get("type") not in _INPUT_ELEMENTS:
            problems.append(
                f"unsupported type: {element.get('type')} [json-pointer:{where}/element/type]"
            )
        if "hint" in block:
            problems += _text_problems(block["hint"], f"{where}/hint", 2000, plain_only=True)
        problems += _element_problems(block.get("element"), f"{where}/element")
    elif btype == "image":
        if not block.get("image_url") and not block.get("slack_file"):
            problems.append(f"missing required field: image_url [json-pointer:{where}]")
        alt = block.get("alt_text")
        if not isinstance(alt, str) or not 0 < len(alt) <= 2000:
            problems.append(f"must be 1 to 2000 characters [json-pointer:{where}/alt_text]")
    return problems


def _element_problems(el: Any, where: str) -> list[str]:
    if not isinstance(el, dict):
        return [f"must provide an object [json-pointer:{where}]"]
    if not isinstance(el.get("type"), str):
        return [f"missing required field: type [json-pointer:{where}]"]
    problems: list[str] = []
    aid = el.get("action_id")
    if aid is not None and (not isinstance(aid, str) or not 0 < len(aid) <= 255):
        problems.append(f"must be 1 to 255 characters [json-pointer:{where}/action_id]")
    if el["type"] == "button":
        problems += _text_problems(el.get("text"), f"{where}/text", 75, plain_only=True)
        value = el.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > 2000):
            problems.append(f"must be at most 2000 characters [json-pointer:{where}/value]")
        url = el.get("url")
        if url is not None and (not isinstance(url, str) or len(url) > 3000):
            problems.append(f"must be at most 3000 characters [json-pointer:{where}/url]")
        if "style" in el and el["style"] not in ("primary", "danger"):
            problems.append(f"must be primary or danger [json-pointer:{where}/style]")
        label = el.get("accessibility_label")
        if label is not None and (not isinstance(label, str) or not 0 < len(label) <= 75):
            problems.append(
                f"must be 1 to 75 characters [json-pointer:{where}/accessibility_label]"
            )
    problems += _input_element_problems(el, where)
    if "confirm" in el:
        problems += _confirm_problems(el["confirm"], f"{where}/confirm")
    if "placeholder" in el:
        problems += _text_problems(el["placeholder"], f"{where}/placeholder", 150, plain_only=True)
    return problems


# The confirmation dialog object: each text field is a required plain_text object, with these
# limits; `style` is primary or danger (docs.slack.dev, "Confirmation dialog object").
_CONFIRM_FIELDS = (("title", 100), ("text", 300), ("confirm", 30), ("deny", 30))


def _confirm_problems(dialog: Any, where: str) -> list[str]:
    if not isinstance(dialog, dict):
        return [f"must provide an object [json-pointer:{where}]"]
    problems: list[str] = []
    for key, limit in _CONFIRM_FIELDS:
        if key not in dialog:
            problems.append(f"missing required field: {key} [json-pointer:{where}]")
        else:
            problems += _text_problems(dialog[key], f"{where}/{key}", limit, plain_only=True)
    if "style" in dialog and dialog["style"] not in ("primary", "danger"):
        problems.append(f"must be primary or danger [json-pointer:{where}/style]")
    return problems


def blocks_text_length(value: Any) -> int:
    """Characters of text in blocks: every text object's `text`, wherever it sits (sections,
    fields, context, buttons, their confirmation dialogs...)."""
    if isinstance(value, list):
        return sum(blocks_text_length(v) for v in value)
    if not isinstance(value, dict):
        return 0
    own = (
        len(value["text"])
        if value.get("type") in ("plain_text", "mrkdwn") and isinstance(value.get("text"), str)
        else 0
    )
    return own + sum(blocks_text_length(v) for v in value.values())


def _text_problems(obj: Any, where: str, limit: int, *, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict):
        return [f"must provide an object [json-pointer:{where}]"]
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if obj.get("type") not in allowed:
        return [f"must be one of {list(allowed)} [json-pointer:{where}/type]"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"must be more than 0 characters [json-pointer:{where}/text]"]
    if len(text) > limit:
        return [f"must be less than {limit + 1} characters [json-pointer:{where}/text]"]
    return []


# Elements an input block takes (Block Kit reference, "Input block": `element`).
_INPUT_ELEMENTS = {
    "checkboxes", "datepicker", "datetimepicker", "email_text_input", "file_input",
    "multi_static_select", "multi_external_select", "multi_users_select",
    "multi_conversations_select", "multi_channels_select", "number_input", "plain_text_input",
    "radio_buttons", "rich_text_input", "static_select", "external_select", "users_select",
    "conversations_select", "channels_select", "timepicker", "url_text_input",
}  # fmt: skip
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_CONVERSATION_KINDS = {"im", "mpim", "private", "public"}


def _input_element_problems(el: JSON, where: str) -> list[str]:
    """The rules of the elements a form uses (Block Kit reference: select menus, date picker,
    time picker, plain-text input): at most 100 options of at most 75 characters of text and 150
    of value, an initial option that is one of them, dates as YYYY-MM-DD, times as HH:mm, a time
    picker's `timezone` a real IANA zone, a text input's lengths within 0 to 3000."""
    problems: list[str] = []
    kind = el["type"]
    if kind in ("static_select", "multi_static_select"):
        options = el.get("options")
        groups = el.get("option_groups")
        if groups is None:
            if not isinstance(options, list) or not 0 < len(options) <= 100:
                problems.append(f"must have 1 to 100 items [json-pointer:{where}/options]")
                options = []
        else:
            options = [o for g in groups if isinstance(g, dict) for o in g.get("options") or []]
        for j, option in enumerate(options):
            problems += _option_problems(option, f"{where}/options/{j}")
        initial = el.get("initial_option")
        if initial is not None and initial not in options:
            problems.append(f"must match one of the options [json-pointer:{where}/initial_option]")
    elif kind == "datepicker":
        initial = el.get("initial_date")
        if initial is not None and not (isinstance(initial, str) and _valid_date(initial)):
            problems.append(f"must be a date as YYYY-MM-DD [json-pointer:{where}/initial_date]")
    elif kind == "timepicker":
        initial = el.get("initial_time")
        if initial is not None and not (isinstance(initial, str) and _TIME.match(initial)):
            problems.append(f"must be a time as HH:mm [json-pointer:{where}/initial_time]")
        zone = el.get("timezone")
        if zone is not None and not _valid_zone(zone):
            problems.append(f"must be a valid IANA time zone [json-pointer:{where}/timezone]")
    elif kind == "plain_text_input":
        for key in ("min_length", "max_length"):
            n = el.get(key)
            if n is not None and not (isinstance(n, int) and 0 <= n <= 3000):
                problems.append(f"must be 0 to 3000 [json-pointer:{where}/{key}]")
        initial = el.get("initial_value")
        if initial is not None and not isinstance(initial, str):
            problems.append(f"must be a string [json-pointer:{where}/initial_value]")
    elif kind == "conversations_select":
        include = (el.get("filter") or {}).get("include", [])
        if not isinstance(include, list) or not set(include) <= _CONVERSATION_KINDS:
            problems.append(
                f"must be im, mpim, private or public [json-pointer:{where}/filter/include]"
            )
        for key in ("default_to_current_conversation", "response_url_enabled"):
            if key in el and not isinstance(el[key], bool):
                problems.append(f"must be a boolean [json-pointer:{where}/{key}]")
    return problems


def _option_problems(option: Any, where: str) -> list[str]:
    if not isinstance(option, dict):
        return [f"must provide an object [json-pointer:{where}]"]
    # a select menu's options take plain_text only
    problems = _text_problems(option.get("text"), f"{where}/text", 75, plain_only=True)
    value = option.get("value")
    if not isinstance(value, str) or not 0 < len(value) <= 150:
        problems.append(f"must be 1 to 150 characters [json-pointer:{where}/value]")
    return problems


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _valid_zone(name: Any) -> bool:
    if not isinstance(name, str) or not name:
        return False
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return False
    return True
