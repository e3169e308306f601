"""A card built for someone who wrote Chinese holds no English a person must read: only names
and codes (stream names, TaskIds, RequestIds, error codes like `InvalidParameter`). The proposal
card, the outcome card, list, show, the stop dialog, thread notices, Home and the Edit modal; a
series' card, questions, outcomes, thread parent, list line and `show`; the scheduling form and
the shortcut's note; in Simplified and in Traditional."""

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
from bot.slack.form import form_view, read_form
from bot.slack.home import home_view
from bot.slack.shortcuts import prefill_from
from bot.store import TaskStore
from bot.tasks import Notice, NoticeKind
from bot.ui.cards import Card, error_card
from bot.ui.notices import notice_text, thread_parent_card, thread_parent_text
from bot.ui.router import handle_action, handle_command
from bot.ui.series import series_parent_card, series_parent_text

from fakes import Clock, FakeLive, RecordingNotifier
from langcheck import english_words

NOW = datetime(2026, 11, 26, 4, 0, tzinfo=UTC).timestamp()  # 12:00 in Shanghai
STREAMS = (
    "livetest", "5000.live.push.com/live/livetest", "5000.live.push.com", "alice",
    "5000.live.push.com/live/news", "news",
)  # fmt: skip
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


SERIES_SIMPLIFIED = {
    "propose": "/record news 每个工作日晚上7点到8点",
    "list": "/record 列表",
    "show": "/record 查看 #1",
    "skip": "/record 跳过 #1",
    "skip_day": "/record 跳过 #1 2026-11-28",  # a Saturday: no occurrence
    "not_a_date": "/record 跳过 #1 下下下个月",
    "pause": "/record 暂停 #1",
    "resume": "/record 恢复 #1",
    "stop": "/record 停止 #1",
    "delete": "/record 删除 #1",
    "not_a_series": "/record 暂停 #99",
}
SERIES_TRADITIONAL = {
    "propose": "/record news 每個工作日晚上7點到8點",
    "list": "/record 列表",
    "show": "/record 查看 #1",
    "skip": "/record 跳過 #1",
    "skip_day": "/record 跳過 #1 2026-11-28",
    "not_a_date": "/record 跳過 #1 下下下個月",
    "pause": "/record 暫停 #1",
    "resume": "/record 恢復 #1",
    "stop": "/record 停止 #1",
    "delete": "/record 刪除 #1",
    "not_a_series": "/record 暫停 #99",
}


@pytest.mark.parametrize(
    ("commands", "locale", "script"),
    [(SERIES_SIMPLIFIED, "zh-CN", "zh-Hans"), (SERIES_TRADITIONAL, "zh-TW", "zh-Hant")],
)
def test_every_card_of_a_series_in_chinese(service, commands, locale, script):
    who = Requester("U1", "alice", "C1", tz="Asia/Shanghai", locale=locale)
    fmt = SlackFmt()
    texts: list[str] = []

    def press(card: Card) -> Card:
        # a series' button answers in its command's language, whatever the presser's locale
        button = card.buttons[0]
        return handle_action(service, button.action, button.value, "U1", "C1", fmt, "en-US")

    proposal = handle_command(service, who, commands["propose"], fmt)
    assert proposal.buttons[0].action == "series_confirm"
    texts.append(card_text(proposal))
    confirmed = press(proposal)
    assert "TaskId" not in confirmed.title and confirmed.lines, confirmed
    texts.append(card_text(confirmed))
    for step in ("list", "show", "skip_day", "not_a_date", "delete", "not_a_series"):
        texts.append(card_text(handle_command(service, who, commands[step], fmt)))
    for step in ("skip", "pause", "resume", "stop"):
        ask = handle_command(service, who, commands[step], fmt)
        assert ask.buttons, (step, ask)
        texts.append(card_text(ask))
        texts.append(card_text(press(ask)))
    texts.append(card_text(handle_command(service, who, commands["pause"], fmt)))  # ended

    series = service.find_series("#1")
    assert series is not None and series.status == "ended"
    with using(script):
        occurrences = service.store.occurrences(series.id)
        texts.append(card_text(series_parent_card(fmt, series, occurrences, NOW, simulated=True)))
        texts.append(series_parent_text(fmt, series, simulated=True))
    for text in texts:
        assert_chinese(text, script)


@pytest.mark.parametrize(
    ("script", "text"), [("zh-Hans", "明晚8点到10点 球赛"), ("zh-Hant", "明晚8點到10點 球賽")]
)
def test_the_form_and_the_shortcuts_note_in_chinese(script, text):
    now = datetime.fromtimestamp(NOW, UTC)
    with using(script):
        prefill = prefill_from(text, now, "Asia/Shanghai")
        blank = prefill_from("开会", now, "Asia/Shanghai")
        view = form_view(
            "Asia/Shanghai", now, [("news", "news")], prefill=prefill, ask_channel=True
        )
    for shown in (readable(view), prefill.note, blank.note):
        assert_chinese(shown, script)
    # the submission's errors are in the form's language, and its command is typed in it
    errors, _req = read_form({"private_metadata": view["private_metadata"]}, now)
    assert errors and all(not english_words(e) for e in errors.values()), errors
    values = {
        "stream_new": {"value": {"value": "news"}},
        "date": {"value": {"selected_date": "2026-11-27"}},
        "time": {"value": {"selected_time": "20:00"}},
        "length": {"value": {"value": "2h"}},
        "repeat": {"value": {"selected_option": {"value": "weekdays"}}},
    }
    view = {**view, "state": {"values": values}}
    errors, req = read_form(view, now)
    assert req is not None, errors
    assert ("录" if script == "zh-Hans" else "錄") in req.command
