"""A card built for someone who wrote Chinese holds no English a person must read: only names
and codes (stream names, TaskIds, RequestIds, error codes like `InvalidParameter`). The proposal
card, the outcome card, list, show, the stop dialog, thread notices, Home and the Edit modal, in
Simplified and in Traditional."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.access import Access
from bot.errors import LiveError
from bot.i18n import using
from bot.outcomes import Defaults, Requester
from bot.service import RecordService
from bot.slack.blocks import SlackFmt, card_message
from bot.slack.edit import edit_view
from bot.slack.home import home_view
from bot.store import TaskStore
from bot.tasks import Notice, NoticeKind
from bot.ui.cards import Card, error_card
from bot.ui.notices import notice_text, thread_parent_card, thread_parent_text
from bot.ui.router import handle_action, handle_command

from fakes import Clock, FakeLive, RecordingNotifier
from langcheck import english_words

NOW = datetime(2026, 11, 26, 4, 0, tzinfo=UTC).timestamp()  # 12:00 in Shanghai
STREAMS = ("livetest", "5000.live.push.com/live/livetest", "5000.live.push.com", "alice")
LIVE_SAID = "Live said so"  # Live's own words, quoted as Live wrote them

SIMPLIFIED = {
    "propose": "/record livetest 今晚8点录3小时",
    "list": "/record 列表",
    "show": "/record 查看 1",
    "stop": "/record 停止 livetest",
    "delete": "/record 删除 livetest",
    "help": "/record 帮助",
}
TRADITIONAL = {
    "propose": "/record livetest 今晚8點錄3小時",
    "list": "/record 列表",
    "show": "/record 查看 1",
    "stop": "/record 停止 livetest",
    "delete": "/record 刪除 livetest",
    "help": "/record 幫助",
}


@pytest.fixture
def service():
    clock = Clock(NOW)
    store = TaskStore(":memory:", clock=clock)
    yield RecordService(
        store, FakeLive(clock), Defaults("5000.live.push.com", "live"), RecordingNotifier(),
        Access(), clock,
    )  # fmt: skip
    store.close()


def readable(obj: object) -> str:
    """Every text a person reads in Block Kit JSON (text objects' `text`), one a line."""
    if isinstance(obj, dict):
        own = [obj["text"]] if isinstance(obj.get("text"), str) else []
        return "\n".join(own + [readable(v) for v in obj.values()])
    if isinstance(obj, list):
        return "\n".join(readable(v) for v in obj)
    return ""


def card_text(card: Card) -> str:
    """Everything a person reads on a card, its buttons' dialogs included, as Slack gets it."""
    return readable(card_message(card))


def assert_chinese(text: str, script: str) -> None:
    assert not english_words(text, *STREAMS), text
    other = "錄開時鐘" if script == "zh-Hans" else "录开时钟"
    assert not any(c in text for c in other), f"{script} card in the other script: {text}"


@pytest.mark.parametrize(
    ("commands", "locale", "script"),
    [(SIMPLIFIED, "zh-CN", "zh-Hans"), (TRADITIONAL, "zh-TW", "zh-Hant")],
)
def test_every_card_of_a_recordings_life_in_chinese(service, commands, locale, script):
    who = Requester("U1", "alice", "C1", tz="Asia/Shanghai", locale=locale)
    fmt = SlackFmt()
    proposal = handle_command(service, who, commands["propose"], fmt)
    assert proposal.buttons and proposal.buttons[0].action == "record_confirm"
    assert_chinese(card_text(proposal), script)

    # a button press answers in the card's language, whatever the presser's locale
    outcome = handle_action(
        service, "record_confirm", proposal.buttons[0].value, "U1", "C1", fmt, "en-US"
    )
    assert "TaskId" in card_text(outcome)
    assert_chinese(card_text(outcome), script)

    for step in ("list", "show", "stop", "delete", "help"):
        card = handle_command(service, who, commands[step], fmt)
        assert_chinese(card_text(card), script)
    stop_dialog = handle_command(service, who, commands["stop"], fmt).buttons[0].confirm
    assert stop_dialog is not None
    assert_chinese("\n".join(vars(stop_dialog).values()), script)

    row = service.store.rows()[0] if hasattr(service.store, "rows") else None
    row = row or service.find("livetest")
    with using(script):
        texts = [
            notice_text(fmt, Notice(row, NoticeKind(kind), by="U2"), simulated=True)
            for kind in ("created", "started", "ended", "stopped", "deleted", "failed")
        ]
        texts.append(card_text(thread_parent_card(fmt, row, "recording", simulated=True)))
        texts.append(thread_parent_text(fmt, row, "stopped", simulated=True))
        texts.append(readable(home_view(fmt, [row], NOW, simulated=True)))
        texts.append(readable(edit_view(row, "Asia/Shanghai", "https://x")))
        for code in ("InvalidParameter", "AuthFailure.SignatureFailure", "SomethingNew"):
            error = LiveError(code, LIVE_SAID, request_id="R-9")
            texts.append(card_text(error_card(fmt, error, row)).replace(LIVE_SAID, ""))
    for text in texts:
        assert_chinese(text, script)


def test_english_stays_english(service):
    who = Requester("U1", "alice", "C1", tz="Asia/Shanghai", locale="zh-CN")
    card = handle_command(service, who, "/record livetest tonight 8pm for 3h", SlackFmt())
    assert card.title.startswith("Record ") and card.buttons[0].label == "Confirm"
