"""The /record router: subcommands (English and Chinese), guesses people make, help."""

from datetime import UTC, datetime

import pytest

from bot.access import Access
from bot.outcomes import Defaults, Requester
from bot.service import RecordService
from bot.store import TaskStore
from bot.ui.cards import HELP
from bot.ui.router import VERBS, handle_command
from bot.ui.shell import PlainFmt, plain

from fakes import Clock, FakeLive, RecordingNotifier

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()
ALICE = Requester("U1", "alice", "C1", tz="UTC")


@pytest.fixture
def service():
    clock = Clock(NOW)
    store = TaskStore(":memory:", clock=clock)
    yield RecordService(
        store, FakeLive(clock), Defaults("d", "live"), RecordingNotifier(), Access(), clock
    )
    store.close()


def say(service, text):
    card = handle_command(service, ALICE, text, PlainFmt())
    return plain(" ".join([card.title, *card.lines]))


def test_help_names_every_subcommand_and_its_chinese_word():
    for word, verb in VERBS.items():
        if word.isascii():
            assert word in ("?",) or f"/record {verb}" in HELP
    for chinese in ("列表", "查看", "停止", "删除", "帮助"):
        assert chinese in HELP
    # it tells the truth about long windows: split, not refused
    assert "consecutive tasks" in HELP and "Only this part" in HELP


@pytest.mark.parametrize("word", ["帮助", "幫助", "help", "HELP"])
def test_help_in_any_language(service, word):
    assert "How to use /record" in say(service, f"/record {word}")


def test_chinese_subcommands_are_not_stream_names(service):
    assert "No recordings in the log" in say(service, "/record 列表")
    assert "needs a TaskId" in say(service, "/record 停止")
    assert "No task with id `x1`" in say(service, "/record 刪除 x1")


def test_cancel_is_explained_not_read_as_a_stream(service):
    out = say(service, "/record cancel T-123")
    assert "There is no `cancel`" in out and "/record delete T-123" in out
    assert "/record stop T-123" in out
    # with a time after it, `cancel` is a stream name like any other
    assert "Record d/live/cancel?" in say(service, "/record cancel now for 1h")


def test_a_list_filter_that_does_not_exist_says_so(service):
    out = say(service, "/record list today")
    assert "not a filter recordbot knows" in out and "no recordings for" not in out.lower()


def test_a_repeating_schedule_gets_a_refusal_card_that_says_what_was_understood(service):
    out = say(service, "/record livetest every weekday 7pm for 1h")
    assert out.startswith("Could not schedule that")
    assert "every weekday at 19:00 for 1h (UTC)" in out and "Thu 26 Nov 19:00 to 20:00" in out
    assert "Repeating schedules are being added" in out
    out = say(service, "/record livetest next friday 8pm for 2h")
    assert "Booking ahead is being added" in out and "Sat 28 Nov 20:01" in out
    assert service.store.list() == []
