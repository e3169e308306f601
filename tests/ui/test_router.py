"""The /record router: subcommands (English and Chinese), guesses people make, help."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.access import Access
from bot.outcomes import Defaults, Requester
from bot.service import RecordService
from bot.store import TaskStore
from bot.ui.cards import HELP
from bot.ui.router import VERBS, handle_action, handle_command
from bot.ui.shell import PlainFmt, plain

from fakes import Clock, FakeLive, RecordingNotifier
from langcheck import english_words

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
    for chinese in ("列表", "查看", "停止", "删除", "帮助", "跳过", "暂停", "恢复"):
        assert chinese in HELP
    # it tells the truth about long windows: split, not refused
    assert "consecutive tasks" in HELP and "Only this part" in HELP


@pytest.mark.parametrize(
    ("word", "title"),
    [("帮助", "/record 用法"), ("幫助", "/record 用法"), ("help", "How to use /record"), ("HELP", "How to use /record")],
)  # fmt: skip
def test_help_in_the_language_typed(service, word, title):
    assert title in say(service, f"/record {word}")


def test_chinese_help_has_chinese_commands_and_examples(service):
    simplified = say(service, "/record 帮助")
    for words in ("列表", "查看", "停止", "删除", "今晚8点录3小时", "明天上午9点到11点半", "帮助"):
        assert words in simplified
    traditional = say(service, "/record 幫助")
    for words in ("列表", "查看", "停止", "刪除", "今晚8點錄3小時", "幫助", "錄製"):
        assert words in traditional
    assert "Nothing is scheduled" not in simplified + traditional


def test_chinese_subcommands_are_not_stream_names(service):
    assert "日志里还没有录制" in say(service, "/record 列表")
    assert "需要一个 TaskId" in say(service, "/record 停止")
    assert "x1" in say(service, "/record 刪除 x1")


def test_every_subcommand_has_its_traditional_form():
    for word in (
        "列表",
        "查看",
        "停止",
        "刪除",
        "跳過",
        "暫停",
        "恢復",
        "幫助",
        "延長",
        "縮短",
        "匯出",
    ):
        assert word in VERBS, word


@pytest.mark.parametrize(
    "word", ["列表", "查看", "停止", "刪除", "幫助", "延長", "縮短", "導出", "別名"]
)
def test_traditional_subcommands_route_and_answer_in_traditional(service, word):
    assert word in VERBS
    out = say(service, f"/record {word}")
    assert not english_words(out), out


def test_cancel_is_explained_not_read_as_a_stream(service):
    out = say(service, "/record cancel T-123")
    assert "There is no `cancel`" in out and "/record delete T-123" in out
    assert "/record stop T-123" in out
    # with a time after it, `cancel` is a stream name like any other
    assert "Record d/live/cancel?" in say(service, "/record cancel now for 1h")


def test_a_list_filter_that_does_not_exist_says_so(service):
    out = say(service, "/record list yesterday")
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


def _scheduled(service, count, stream="livetest", first=NOW + 3600):
    """`count` created tasks of `stream`, an hour apart from `first`, in a shuffled order."""
    rows = []
    for i in sorted(range(count), key=lambda i: (i * 37) % count):
        start = int(first) + 3600 * i
        (row,) = service.store.add_proposals(
            [{"stream": stream, "app": "live", "domain": "d", "start": start, "end": start + 1800,
              "starts_now": False, "template_id": None, "user": "U1", "user_name": "alice",
              "channel": "C1", "tz": "UTC", "command": "x"}],
            "U1",
        )  # fmt: skip
        task_id = f"T-{i:02d}" if stream == "livetest" else f"{stream}-{i}"
        rows.append(service.store.transition(row.id, ["proposed"], "created", task_id=task_id))
    return rows


def test_list_shows_the_soonest_first_and_says_how_to_see_the_rest(service):
    _scheduled(service, 60)
    card = handle_command(service, ALICE, "/record list", PlainFmt())
    shown = [b.value for b in card.buttons]  # each line's Stop button carries its TaskId
    assert shown == [f"T-{i:02d}" for i in range(20)]  # the next 20, soonest first
    assert card.lines[0] == "*Upcoming* (1 to 20 of 60, soonest first)"
    assert card.lines[-1] == ("…and 40 more upcoming: `/record list from 21` shows the next ones.")
    assert len(card.buttons) == 20

    nxt = handle_command(service, ALICE, "/record list from 21", PlainFmt())
    assert [b.value for b in nxt.buttons] == [f"T-{i:02d}" for i in range(20, 40)]
    assert nxt.lines[0] == "*Upcoming* (21 to 40 of 60, soonest first)"
    assert "`/record list from 41`" in nxt.lines[-1]
    last = handle_command(service, ALICE, "/record list from 41", PlainFmt())
    assert last.lines[0] == "*Upcoming* (41 to 60 of 60, soonest first)"
    assert not any("more upcoming" in line for line in last.lines)
    past_the_end = say(service, "/record list from 61")
    assert "No more upcoming recordings: there are 60." in past_the_end


def test_list_of_one_stream_pages_that_stream(service):
    _scheduled(service, 25, stream="livetest")
    _scheduled(service, 3, stream="other", first=NOW + 1800)
    card = handle_command(service, ALICE, "/record list livetest", PlainFmt())
    assert card.title == "Recordings for livetest"
    assert plain(card.lines[-1]) == (
        "…and 5 more upcoming: `/record list livetest from 21` shows the next ones."
    )
    assert "Upcoming (21 to 25 of 25, soonest first)" in say(
        service, "/record list livetest from 21"
    )
    # a few fit on one card: no numbers, no pages
    few = handle_command(service, ALICE, "/record list other", PlainFmt())
    assert few.lines[0] == "*Upcoming* (soonest first)" and len(few.lines) == 4


def test_list_filters_by_day_person_and_failure(service):
    def task(text, user="U1", status="created"):
        who = Requester(user, user.lower(), "C1", tz="UTC")
        row = service.propose(who, f"/record {text}").main
        service.store.transition(row.id, ["proposed"], status, task_id=f"T-{row.id}")
        return row

    today = task("today_show today 3pm to 4pm")  # NOW is 12:00 UTC
    tomorrow = task("tomorrow_show tomorrow 9am to 10am", user="U2")
    broken = task("broken tomorrow 1pm to 2pm", status="failed")

    def listed(text):
        card = handle_command(service, ALICE, text, PlainFmt())
        return [s for s in ("today_show", "tomorrow_show", "broken") if s in " ".join(card.lines)]

    assert listed("/record list today") == ["today_show"]
    assert listed("/record list tomorrow") == ["tomorrow_show", "broken"]
    assert listed("/record list week") == ["today_show", "tomorrow_show", "broken"]
    assert listed("/record list mine") == ["today_show", "broken"]  # ALICE is U1
    assert listed("/record list <@U2|bob>") == ["tomorrow_show"]
    assert listed("/record list failed") == ["broken"]
    assert listed("/record list tomorrow mine") == ["broken"]
    assert listed("/record list 明天 tomorrow_show") == ["tomorrow_show"]
    assert "No recordings match `today broken`" in say(service, "/record list today broken")
    assert today.id and tomorrow.id and broken.id


def test_extend_shorten_and_stop_all_through_the_router(service):
    def confirmed(text):
        return service.confirm(service.propose(ALICE, text).main.id, "U1").row

    live = confirmed("news now for 2h")  # 12:00 to 14:00 UTC
    later = confirmed("news tomorrow 9am to 10am")
    card = handle_command(service, ALICE, f"/record extend {live.short} by 30m", PlainFmt())
    assert "follow-up task" in " ".join(card.context) and card.buttons[0].label == "Confirm"
    card = handle_command(service, ALICE, f"/record shorten {live.short} to 1pm", PlainFmt())
    assert card.buttons[0].label == "Stop at 13:00"
    answer = handle_action(
        service, card.buttons[0].action, card.buttons[0].value, "U1", "C1", PlainFmt()
    )
    assert "will stop at" in answer.title and service.store.get(live.id).stop_at is not None
    card = handle_command(service, ALICE, "/record stop all news", PlainFmt())
    assert plain(card.title) == "Stop all 2 recordings of news?" and later.short in " ".join(
        card.lines
    )
    done = handle_action(
        service, card.buttons[0].action, card.buttons[0].value, "U1", "C1", PlainFmt()
    )
    assert "Stopped 2" in " ".join(done.lines)
    assert "Nothing of `news`" in say(service, "/record stop all news")


def test_a_repeating_schedule_gets_a_series_card_whose_confirm_makes_the_series(service):
    card = handle_command(service, ALICE, "/record livetest every weekday 7pm for 1h", PlainFmt())
    out = plain(" ".join([card.title, *card.lines]))
    assert out.startswith("Record livetest repeatedly?")
    assert "every weekday at 19:00 for 1h" in out and "Zone: UTC" in out
    assert out.count("19:00 (UTC") >= 5  # the next five
    assert service.store.list() == []
    confirm = card.buttons[0]
    done = handle_action(service, confirm.action, confirm.value, "U1", "C1", PlainFmt())
    assert plain(done.title).startswith("Series #1 scheduled")
    listed = plain(" ".join(handle_command(service, ALICE, "/record list", PlainFmt()).lines))
    assert "`#1` `d/live/livetest` every weekday at 19:00 for 1h (UTC) · next" in listed
    said = handle_command(service, ALICE, "/record skip #1 saturday", PlainFmt())
    assert "no occurrence on Sat 28 Nov" in plain(said.title)
    said = handle_command(service, ALICE, "/record 跳过 #1 2026-11-28", PlainFmt())
    assert "在 11月28日（周六）（UTC）没有录制" in plain(said.title)  # answered in Chinese
    occurrence = service.store.occurrences(service.store.all_series(["active"])[0].id)[0]
    shown = handle_command(service, ALICE, f"/record show {occurrence.short}", PlainFmt())
    assert plain(shown.lines[0]).startswith("One recording of series #1 (every weekday at 19:00")
    ask = handle_command(service, ALICE, "/record 暂停 #1", PlainFmt())
    assert plain(ask.title) == "暂停系列 #1？"
    ask = handle_command(service, ALICE, "/record pause #1", PlainFmt())
    assert plain(ask.title) == "Pause series #1?"
    assert "not a series" in plain(
        handle_command(service, ALICE, "/record pause #99", PlainFmt()).title
    )


def test_a_window_beyond_lives_horizon_gets_a_card_that_books_it(service):
    card = handle_command(service, ALICE, "/record livetest next friday 8pm for 2h", PlainFmt())
    out = plain(" ".join([card.title, *card.lines]))
    assert "Live takes a task only 6 days ahead" in out and "Sat 28 Nov 2026 20:01" in out
    confirm = card.buttons[0]
    done = handle_action(service, confirm.action, confirm.value, "U1", "C1", PlainFmt())
    assert plain(done.title).startswith("Booked")
    (row,) = service.store.list()
    assert row.status == "booked"


def test_a_card_with_two_readings_says_why_and_offers_each(service):
    us = Requester("U1", "alice", "C1", tz="America/New_York", locale="en-US")
    card = handle_command(service, us, "/record livetest sat 1-4", PlainFmt())
    out = plain(" ".join([card.title, *card.lines, *card.context]))
    assert "can be read more than one way" in out and "already under way" not in out
    assert "Option 1 (Confirm): Sat 28 Nov 2026 13:00" in out
    assert "Option 2 (Confirm option 2): Sat 28 Nov 2026 01:00" in out
    alt = next(b for b in card.buttons if b.label == "Confirm option 2")
    done = handle_action(service, alt.action, alt.value, "U1", "C1", PlainFmt())
    assert plain(done.title).startswith("Scheduled")
    (row,) = service.store.list(statuses=["created"])
    assert datetime.fromtimestamp(row.start, ZoneInfo("America/New_York")).hour == 1


def test_a_series_in_a_fixed_offset_zone_takes_every_command(service):
    card = handle_command(service, ALICE, "/record news every day 8pm UTC+5 for 1h", PlainFmt())
    assert "UTC+05:00" in plain(" ".join(card.lines))
    confirm = card.buttons[0]
    handle_action(service, confirm.action, confirm.value, "U1", "C1", PlainFmt())
    (series,) = service.store.all_series(["active"])
    assert series.zone == "UTC+05:00"
    ask = handle_command(service, ALICE, f"/record skip {series.short} 2026-11-28", PlainFmt())
    assert "Skip the recording of Sat 28 Nov 2026 15:00" in plain(ask.title)  # 20:00 at UTC+5
    ask = handle_command(service, ALICE, f"/record skip {series.short} tomorrow", PlainFmt())
    assert "Fri 27 Nov 2026 15:00" in plain(ask.title)
    pause = handle_command(service, ALICE, f"/record pause {series.short}", PlainFmt())
    done = handle_action(
        service, pause.buttons[0].action, pause.buttons[0].value, "U1", "C1", PlainFmt()
    )
    assert f"/record skip {series.short} 2026-11-26" in plain(" ".join(done.lines))
