"""Cards as Block Kit (pure builders: no Slack calls), and Slack's mrkdwn formatting."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from bot.i18n import ngettext
from bot.ui.cards import Button, Card, plain_time

# Slack's limits (Block Kit reference; chat.postMessage): a section's text, elements in an
# actions block, blocks in a message, and the text all of a message's blocks may hold: past about
# 12,000 characters Slack answers msg_blocks_too_long.
MAX_SECTION = 3000
MAX_BUTTONS = 25
MAX_BLOCKS = 50
MAX_TEXT = 12_000
# A button's text (Slack shows about 30 characters of it) and its dialog's fields.
MAX_LABEL = 75
MAX_VALUE = 2000
MAX_DIALOG_TITLE, MAX_DIALOG_TEXT, MAX_DIALOG_BUTTON = 100, 300, 30


def escape(text: str) -> str:
    """Slack mrkdwn escaping: user text can't ping @channel or open links/formatting."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SlackFmt:
    """Times as `<!date^…>` so each viewer sees their own zone, with a fallback that names ours;
    file URLs linked only to Tencent's VOD/COS hosts and `file_hosts` (RECORDBOT_FILE_HOSTS);
    `names` finds a user's display name (users.info, cached), to name people without a ping."""

    def __init__(
        self, file_hosts: Collection[str] = (), names: Callable[[str], str | None] | None = None
    ) -> None:
        self.file_hosts = frozenset(file_hosts)
        self.names = names

    def time(self, ts: int, tz: str) -> str:
        return f"<!date^{int(ts)}^{{date_short_pretty}} {{time}}|{escape(plain_time(ts, tz))}>"

    def esc(self, text: str) -> str:
        return escape(text)

    def user(self, user_id: str, name: str | None = None) -> str:
        """A mention: Slack notifies the person."""
        if _is_user(user_id):
            return f"<@{user_id}>"
        return escape(name or user_id)

    def link(self, url: str) -> str:
        return f"<{escape(url)}|{escape(url)}>"  # linkable() let no `|`, `<` or `>` through

    def name(self, user_id: str, name: str | None = None) -> str:
        """The person's name, which notifies nobody; a mention only when the name is unknown
        (Slack has no other way to show who someone is)."""
        if not name and self.names is not None and _is_user(user_id):
            try:
                name = self.names(user_id)
            except Exception:  # noqa: BLE001 - a name is a nicety; the mention still says who
                name = None
        return escape(name) if name else self.user(user_id)


def _is_user(user_id: str) -> bool:
    return user_id.startswith(("U", "W")) and user_id.isalnum()


def _chunks(lines: tuple[str, ...]) -> list[str]:
    """Join lines into section texts, each within Slack's 3000-character limit."""
    out: list[str] = []
    current = ""
    for line in lines:
        line = line[: MAX_SECTION - 1]
        if current and len(current) + 1 + len(line) > MAX_SECTION:
            out.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut(text, limit) or "-"}


def button(b: Button) -> dict[str, Any]:
    """A button as Block Kit, within Slack's limits; its dialog's texts are plain_text, the
    only kind Slack's confirmation dialog takes."""
    element: dict[str, Any] = {
        "type": "button",
        "text": {**_plain(b.label, MAX_LABEL), "emoji": True},
        "action_id": b.action,
        "value": b.value[:MAX_VALUE],
    }
    if b.style:
        element["style"] = b.style
    if b.confirm:
        element["confirm"] = {
            "title": _plain(b.confirm.title, MAX_DIALOG_TITLE),
            "text": _plain(b.confirm.text, MAX_DIALOG_TEXT),
            "confirm": _plain(b.confirm.yes, MAX_DIALOG_BUTTON),
            "deny": _plain(b.confirm.no, MAX_DIALOG_BUTTON),
            "style": "danger",
        }
    return element


def text_length(value: Any) -> int:
    """Characters of text in blocks, as Slack's limit on a message counts them: every text
    object's `text`, those of buttons and their dialogs included."""
    if isinstance(value, list):
        return sum(text_length(v) for v in value)
    if not isinstance(value, dict):
        return 0
    own = value.get("text") if value.get("type") in ("plain_text", "mrkdwn") else None
    return (len(own) if isinstance(own, str) else 0) + sum(text_length(v) for v in value.values())


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _actions(buttons: tuple[Button, ...]) -> list[dict[str, Any]]:
    """action_ids must be unique within a block: one actions block per distinct run of buttons."""
    blocks: list[dict[str, Any]] = []
    seen: set[str] = set()
    group: list[dict[str, Any]] = []
    for b in buttons:
        if b.action in seen or len(group) == MAX_BUTTONS:
            blocks.append({"type": "actions", "elements": group})
            group, seen = [], set()
        seen.add(b.action)
        group.append(button(b))
    if group:
        blocks.append({"type": "actions", "elements": group})
    return blocks


def card_blocks(card: Card) -> list[dict[str, Any]]:
    """A card as a message's blocks, within Slack's limits (50 blocks, about 12,000 characters
    of text). What does not fit is the end of the card's lines, with a line that says so: the
    title, the buttons and the context always stay."""
    head = [_section(f"*{cut(card.title, MAX_SECTION - 2)}*")]
    tail = _actions(card.buttons)[: MAX_BLOCKS - 3]  # leave room for the title, lines, context
    if card.context:
        elements = [{"type": "mrkdwn", "text": cut(c, MAX_SECTION)} for c in card.context[:10]]
        tail.append({"type": "context", "elements": elements})
    room_blocks = MAX_BLOCKS - len(head) - len(tail)
    room_text = MAX_TEXT - text_length(head + tail)
    lines = list(card.lines)
    body = [_section(c) for c in _chunks(tuple(lines))]
    left_out = 0
    while lines and (len(body) > room_blocks or text_length(body) > room_text):
        # drop lines from the end until they fit, with the note that says so
        lines, left_out = lines[:-1], left_out + 1
        note = ngettext(
            "_… {n} more line not shown: too long for one Slack message._",
            "_… {n} more lines not shown: too long for one Slack message._",
            left_out,
        ).format(n=left_out)
        body = [_section(c) for c in _chunks((*lines, note))]
    return head + body + tail


def card_message(card: Card) -> dict[str, Any]:
    """Arguments for chat.postMessage / respond(): blocks plus a plain-text fallback."""
    return {"text": cut(card.text, MAX_SECTION), "blocks": card_blocks(card)}
