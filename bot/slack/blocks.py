"""Cards as Block Kit (pure builders: no Slack calls), and Slack's mrkdwn formatting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.ui.cards import Button, Card, plain_time

MAX_SECTION = 3000  # Slack's limit for a section's text
MAX_BUTTONS = 25  # Slack's limit for elements in one actions block


def escape(text: str) -> str:
    """Slack mrkdwn escaping: user text can't ping @channel or open links/formatting."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SlackFmt:
    """Times as `<!date^…>` so each viewer sees their own zone, with a fallback that names ours.
    `names` finds a user's display name (users.info, cached), to name people without a ping."""

    def __init__(self, names: Callable[[str], str | None] | None = None) -> None:
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


def button(b: Button) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": b.label[:75], "emoji": True},
        "action_id": b.action,
        "value": b.value[:2000],
    }
    if b.style:
        element["style"] = b.style
    if b.confirm:
        element["confirm"] = {
            "title": {"type": "plain_text", "text": b.confirm.title[:100]},
            "text": {"type": "mrkdwn", "text": b.confirm.text[:300]},
            "confirm": {"type": "plain_text", "text": b.confirm.yes[:30]},
            "deny": {"type": "plain_text", "text": b.confirm.no[:30]},
            "style": "danger",
        }
    return element


def card_blocks(card: Card) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*{card.title[: MAX_SECTION - 2]}*"},
        }
    ]
    blocks += [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in _chunks(card.lines)
    ]
    # action_ids must be unique within a block: one actions block per distinct run of buttons
    seen: set[str] = set()
    group: list[dict[str, Any]] = []
    for b in card.buttons:
        if b.action in seen or len(group) == MAX_BUTTONS:
            blocks.append({"type": "actions", "elements": group})
            group, seen = [], set()
        seen.add(b.action)
        group.append(button(b))
    if group:
        blocks.append({"type": "actions", "elements": group})
    if card.context:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": c[:MAX_SECTION]} for c in card.context[:10]
                ],
            }
        )
    return blocks[:50]


def card_message(card: Card) -> dict[str, Any]:
    """Arguments for chat.postMessage / respond(): blocks plus a plain-text fallback."""
    return {"text": card.text[:3000], "blocks": card_blocks(card)}
