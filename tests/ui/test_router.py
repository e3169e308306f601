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
    assert "No task `x1`" in say(service, "/record 刪除 x1")


def test_cancel_is_explained_not_read_as_a_stream(service):
    out = say(service, "/record cancel T-123")
    assert "There is no `cancel`" in out and "/record delete T-123" in out
    assert "/record stop T-123" in out
    # with a time after it, `cancel` is a stream name like any other
    assert "Record d/live/cancel?" in say(service, "/record cancel now for 1h")


def test_a_list_filter_that_does_not_exist_says_so(service):
    out = say(service, "/record list today")
    assert "not a filter recordbot knows" in out and "no recordings for" not in out.lower()


def test_an_alias_is_usable_wherever_a_stream_is_typed(service):
    out = say(service, "/record alias sports = 5000.live.push.com/live/cctv5 template 1234")
    assert "`sports` now means `5000.live.push.com/live/cctv5`, template 1234" in out
    assert "`sports` = `5000.live.push.com/live/cctv5` template 1234" in say(
        service, "/record alias list"
    )
    card = handle_command(service, ALICE, "/record sports tomorrow 9am to 10am", PlainFmt())
    assert "5000.live.push.com/live/cctv5" in card.title
    (row,) = service.store.list(statuses=["proposed"])
    assert (row.domain, row.app, row.stream, row.template_id) == (
        "5000.live.push.com", "live", "cctv5", 1234,
    )  # fmt: skip
    service.confirm(row.id, "U1")
    assert "cctv5" in say(service, "/record list sports")
    assert service.find("sports").stream == "cctv5"
    assert "Removed the alias `sports`" in say(service, "/record alias remove sports")
    assert "No aliases yet" in say(service, "/record alias list")
    assert "Write it as" in say(service, "/record alias bad = a b c")
