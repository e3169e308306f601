"""Unit tests for the resolver: the stream, the messages that teach, notes, fields, robustness.

The window arithmetic itself is specified by the corpus (test_timeparse_corpus.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.errors import ResolveError
from bot.timeparse import StreamRef, load_zone, resolve

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
NOW_SH = datetime(2026, 11, 26, 18, 30, tzinfo=SH)  # a Thursday
ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def err(text: str, now: datetime = NOW_SH, tz: str = "Asia/Shanghai") -> ResolveError:
    with pytest.raises(ResolveError) as info:
        resolve(text, now, tz)
    return info.value


# -- the stream -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stream"),
    [
        ("livetest from 8pm for 3h", StreamRef("livetest")),
        ("LiveTest from 8pm for 3h", StreamRef("LiveTest")),  # stream names keep their case
        ("live/livetest from 8pm for 3h", StreamRef("livetest", "live")),
        (
            "5000.live.push.com/live/livetest from 8pm for 3h",
            StreamRef("livetest", "live", "5000.live.push.com"),
        ),
        ("news_2026-a.b from 8pm for 3h", StreamRef("news_2026-a.b")),
        ("123456 from 8pm for 3h", StreamRef("123456")),  # too long to be a clock
        ("/record livetest from 8pm for 3h", StreamRef("livetest")),
        ("/RECORD livetest from 8pm for 3h", StreamRef("livetest")),
        ("livetest, from 8pm for 3h", StreamRef("livetest")),
        ("livetest今晚8点录3小时", StreamRef("livetest")),  # no space before Chinese
        ("ｌｉｖｅｔｅｓｔ from 8pm for 3h", StreamRef("livetest")),  # full-width letters
    ],
)
def test_the_stream_is_the_first_word(text: str, stream: StreamRef) -> None:
    assert resolve(text, NOW_SH, "Asia/Shanghai").stream == stream


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "/record",
        "now for 2h",
        "8pm for 3h",
        "20:00-23:00",
        "tomorrow 9am to 11",
        "from 8pm for 3h",
        "until 6pm",
        "1234 for 1h",
        "a/b/c/d from 8pm for 1h",
        "live//test from 8pm for 1h",
        "live test!x from 8pm for 1h".replace(" test", "test"),
        "直播 今晚8点录3小时",
        "\U0001f3a5 from 8pm for 3h",
        "16h for 2h",
        "15h30 to 17h",
        "weekend 8pm for 1h",
    ],
)
def test_no_stream(text: str) -> None:
    e = err(text)
    assert e.code == "no_stream"
    assert "STREAM" in e.message or "流名称" in e.message


def test_no_stream_shows_the_form_and_says_why() -> None:
    e = err("8pm for 3h")
    assert "`/record STREAM WHEN`" in e.message
    assert "/record livetest from 8pm for 3h" in e.message
    assert "`8pm` is a time" in e.message
    assert e.lang == "en"


def test_no_stream_in_chinese_is_chinese() -> None:
    e = err("今晚8点录3小时")
    assert e.code == "no_stream" and e.lang == "zh"
    assert "流名称" in e.message and "/record livetest 今晚8点录3小时" in e.message


def test_a_stream_with_bad_characters_is_named() -> None:
    e = err("live#test from 8pm for 3h")
    assert e.code == "no_stream" and "live#test" in e.message


# -- errors that teach ------------------------------------------------------------------------


def test_no_end_says_what_was_understood_and_how_to_fix_it() -> None:
    e = err("livetest 8pm")
    assert e.code == "no_end"
    assert "Thu 26 Nov 20:00" in e.message and "Asia/Shanghai" in e.message
    assert "`for 2h`" in e.message and "`to 11pm`" in e.message


def test_no_end_in_chinese() -> None:
    e = err("livetest 今晚8点")
    assert e.code == "no_end" and e.lang == "zh"
    assert "20:00" in e.message and "结束" in e.message


def test_unparseable_quotes_the_part_not_understood() -> None:
    e = err("livetest from 8pm blah for 3h")
    assert e.code == "unparseable" and "`blah`" in e.message


def test_unparseable_chinese_quotes_in_chinese() -> None:
    e = err("livetest 今晚8点录3小时 xyz")
    assert e.code == "unparseable" and e.lang == "zh" and "xyz" in e.message


def test_a_date_without_a_time_asks_for_the_time() -> None:
    e = err("livetest tomorrow for 2h")
    assert e.code == "unparseable" and "time of day" in e.message


def test_past_states_the_window_in_the_users_zone_with_the_zone_named() -> None:
    e = err("livetest yesterday 8pm for 2h")
    assert e.code == "past"
    assert "Wed 25 Nov 20:00 to 22:00" in e.message and "(Asia/Shanghai)" in e.message


def test_past_in_a_suffix_zone_names_that_zone() -> None:
    e = err("livetest 2026-11-20 20:00-22:00 UTC")
    assert e.code == "past" and "(UTC)" in e.message and "Fri 20 Nov 20:00 to 22:00" in e.message


def test_this_weekday_already_past_suggests_next() -> None:
    e = err("livetest this thursday 5pm for 1h")
    assert e.code == "past" and "next thursday" in e.message


def test_end_before_start_names_both_ends() -> None:
    e = err("livetest from 9pm tomorrow to 8pm tomorrow")
    assert e.code == "end_before_start"
    assert "Fri 27 Nov 20:00" in e.message and "Fri 27 Nov 21:00" in e.message


def test_too_far_names_the_latest_start_and_when_to_retry() -> None:
    e = err("livetest 2027-12-03 12:00 for 2h")
    assert e.code == "too_far"
    assert "Fri 3 Dec 2027 12:00" in e.message
    assert "366 days" in e.message
    assert "Sat 27 Nov 2027 18:30" in e.message  # now + 366 days
    assert "Wed 2 Dec 12:00" in e.message  # from then on it can be booked


def test_a_window_beyond_lives_horizon_or_over_24h_resolves() -> None:
    # Live's own limits (6/7 days ahead, 24 h a task) are recordbot's to plan around
    assert resolve("livetest next friday at noon for 2 hours", NOW_SH, "Asia/Shanghai")
    assert resolve("livetest from 8pm for 30h", NOW_SH, "Asia/Shanghai")


def test_too_long_offers_the_split() -> None:
    e = err("livetest from 8pm for 80h")
    assert e.code == "too_long"
    assert "80h is over recordbot's 72h limit" in e.message
    assert "at most 24h (Live's limit per task)" in e.message
    assert (
        "`/record livetest from 8pm today for 72h` then `/record livetest from 2026-11-29 8pm for 8h`"
        in e.message
    )


@pytest.mark.parametrize(
    ("text", "now", "tz"),
    [
        ("livetest from 8pm for 80h", NOW_SH, "Asia/Shanghai"),
        ("livetest from 8pm for 150h", NOW_SH, "Asia/Shanghai"),
        ("livetest for 73h", NOW_SH, "Asia/Shanghai"),
        ("livetest 今晚8点录80小时", NOW_SH, "Asia/Shanghai"),
        ("livetest from 8:30pm for 73h ET", NOW_SH, "Asia/Shanghai"),
        ("livetest from 8pm for 80h", datetime(2026, 3, 7, 12, 0, tzinfo=NY), "America/New_York"),
        ("livetest from 11pm for 74h", datetime(2026, 10, 31, 22, tzinfo=NY), "America/New_York"),
    ],
)
def test_the_split_commands_resolve_to_consecutive_windows(
    text: str, now: datetime, tz: str
) -> None:
    e = err(text, now, tz)
    assert e.code == "too_long"
    parts = re.findall(r"`(/record [^`]+)`", e.message)
    assert len(parts) >= 2
    windows = [resolve(p, now, tz).window for p in parts]
    # the advice is never ambiguous: one reading even for someone on the 12-hour clock
    assert all(not resolve(p, now, tz, clock12=True).alternatives for p in parts), parts
    for a, b in zip(windows, windows[1:], strict=False):
        assert a.end == b.start  # consecutive, in real time
    assert all(w.end - w.start <= timedelta(hours=72) for w in windows)
    assert windows[-1].end - windows[0].start > timedelta(hours=72)


def test_chinese_errors_are_chinese() -> None:
    for text in (
        "livetest 今晚8点录八十小时",
        "livetest 昨晚8点录2小时",
        "livetest 2027年12月3日中午12点开始录2个小时",
        "livetest 今晚8点录0分钟",
    ):
        e = err(text)
        assert e.lang == "zh" and CJK.search(e.message), (text, e.message)


def test_two_zones_are_refused() -> None:
    e = err("livetest 8pm ET to 10pm UTC")
    assert e.code == "unparseable" and "ET" in e.message and "UTC" in e.message


def test_a_weekday_that_does_not_match_the_date_is_questioned() -> None:
    e = err("livetest Friday, Nov 28 at 8pm for 2h")
    assert e.code == "unparseable" and "Saturday" in e.message and "Friday" in e.message


# -- notes and fields -------------------------------------------------------------------------


def test_a_window_under_way_has_two_readings_and_says_so() -> None:
    now = datetime(2026, 11, 26, 21, 7, tzinfo=SH)
    res = resolve("livetest 8pm to 11:30pm", now, "Asia/Shanghai")
    assert res.window.starts_now and res.window.start == now
    assert res.window.end == datetime(2026, 11, 26, 23, 30, tzinfo=SH)
    (alt,) = res.alternatives
    assert (alt.start, alt.end) == (
        datetime(2026, 11, 27, 20, tzinfo=SH),
        datetime(2026, 11, 27, 23, 30, tzinfo=SH),
    )
    assert any("under way" in n for n in res.notes)
    assert res.fixed_end  # the end is 11:30pm, not a length from Confirm


def test_fixed_end_is_false_only_for_a_length_from_now() -> None:
    assert resolve("livetest now for 90 minutes", NOW_SH, "Asia/Shanghai").fixed_end is False
    assert resolve("livetest for 2h", NOW_SH, "Asia/Shanghai").fixed_end is False
    assert resolve("livetest until 11pm", NOW_SH, "Asia/Shanghai").fixed_end is True
    assert resolve("livetest from 8pm for 3h", NOW_SH, "Asia/Shanghai").fixed_end is True


def test_dst_gap_is_shifted_forward_and_noted() -> None:
    now = datetime(2026, 3, 7, 22, tzinfo=NY)
    res = resolve("livetest tomorrow 2:30am for 1h", now, "America/New_York")
    assert res.window.start == datetime(2026, 3, 8, 3, 30, tzinfo=NY)
    assert any("does not exist" in n and "03:30" in n for n in res.notes)


def test_dst_fold_takes_the_first_and_is_noted() -> None:
    now = datetime(2026, 10, 31, 22, tzinfo=NY)
    res = resolve("livetest tomorrow 1:30am for 1h", now, "America/New_York")
    assert res.window.start.utcoffset() == timedelta(hours=-4)
    assert res.window.duration == timedelta(hours=1)  # real time, across the change
    assert any("happens twice" in n and "EDT" in n for n in res.notes)


def test_windows_subtract_in_real_time_across_dst() -> None:
    now = datetime(2026, 3, 7, 22, tzinfo=NY)
    w = resolve("livetest 11pm to 11pm", now, "America/New_York").window
    assert w.duration == timedelta(hours=23)
    assert (w.end.hour, w.end.utcoffset()) == (23, timedelta(hours=-4))


@pytest.mark.parametrize(
    ("tz", "expected_zone", "meaning"),
    [
        ("Asia/Shanghai", "Asia/Shanghai", "China Standard Time"),
        ("Asia/Taipei", "Asia/Taipei", "China Standard Time"),
        ("America/Chicago", "America/Chicago", "US Central"),
        ("America/New_York", "America/Chicago", "US Central"),
        ("Europe/London", "America/Chicago", "US Central"),
    ],
)
def test_cst_is_read_in_the_light_of_the_users_zone(
    tz: str, expected_zone: str, meaning: str
) -> None:
    res = resolve("livetest 8pm for 1h CST", NOW_SH, tz)
    assert res.zone == expected_zone
    assert any("CST" in n and meaning in n for n in res.notes)


@pytest.mark.parametrize(
    ("tz", "expected_zone"),
    [("Asia/Kolkata", "Asia/Kolkata"), ("Europe/Dublin", "Europe/Dublin"), ("UTC", "Asia/Kolkata")],
)
def test_ist_is_read_in_the_light_of_the_users_zone(tz: str, expected_zone: str) -> None:
    assert resolve("livetest 8pm for 1h IST", NOW_SH, tz).zone == expected_zone


def test_cst_in_a_chinese_command_is_china() -> None:
    assert resolve("livetest 晚上8点录1小时 CST", NOW_SH, "UTC").zone == "Asia/Shanghai"


def test_zone_names_the_zone_used() -> None:
    assert resolve("livetest 8pm for 1h", NOW_SH, "Asia/Shanghai").zone == "Asia/Shanghai"
    assert resolve("livetest 8pm for 1h ET", NOW_SH, "Asia/Shanghai").zone == "America/New_York"
    assert resolve("livetest 8pm for 1h UTC+8", NOW_SH, "UTC").zone == "UTC+08:00"
    assert resolve("livetest 8pm for 1h asia/tokyo", NOW_SH, "UTC").zone == "Asia/Tokyo"


def test_times_carry_the_offset_of_the_users_zone_even_with_a_suffix() -> None:
    res = resolve("livetest 8pm for 1h ET", NOW_SH, "Asia/Shanghai")
    assert res.window.start.utcoffset() == timedelta(hours=8)
    assert res.window.start == datetime(2026, 11, 27, 9, tzinfo=SH)


def test_bare_hour_is_24_hour_and_noted() -> None:
    res = resolve("livetest at 8 for 2h", NOW_SH, "Asia/Shanghai")
    assert res.window.start == datetime(2026, 11, 27, 8, tzinfo=SH)
    assert any("24-hour" in n and "8pm" in n for n in res.notes)


def test_lang_follows_the_command() -> None:
    assert resolve("livetest from 8pm for 3h", NOW_SH, "Asia/Shanghai").lang == "en"
    assert resolve("livetest 今晚8点录3小时", NOW_SH, "Asia/Shanghai").lang == "zh"
    res = resolve("livetest 现在开始录90分钟", NOW_SH, "Asia/Shanghai")
    assert res.lang == "zh"


def test_explain_maps_words_to_meanings() -> None:
    res = resolve("livetest tomorrow 9am to 11:30 ET", NOW_SH, "Asia/Shanghai")
    words = dict(res.explain)
    assert words["livetest"] == "stream"
    assert words["tomorrow 9am"].startswith("start: tomorrow")
    assert words["11:30"].startswith("end:")
    assert words["ET"] == "zone: America/New_York"
    assert any(w == "(window)" for w, _ in res.explain)


# -- robustness -------------------------------------------------------------------------------


def test_a_naive_now_is_wall_time_in_the_zone() -> None:
    res = resolve("livetest now for 1h", datetime(2026, 11, 26, 18, 30), "Asia/Shanghai")
    assert res.window.start == NOW_SH


def test_now_is_truncated_to_whole_seconds() -> None:
    now = NOW_SH.replace(second=12, microsecond=987654)
    w = resolve("livetest now for 1h", now, "Asia/Shanghai").window
    assert w.start == NOW_SH.replace(second=12) and w.end.microsecond == 0


def test_tz_may_be_a_tzinfo_or_an_offset() -> None:
    assert resolve("livetest 8pm for 1h", NOW_SH, SH).zone == "Asia/Shanghai"
    fixed = timezone(timedelta(hours=8))
    assert resolve("livetest 8pm for 1h", NOW_SH, fixed).window.start == datetime(
        2026, 11, 26, 20, tzinfo=SH
    )
    assert load_zone("utc+8") is not None and load_zone("america/new_york") == NY


@pytest.mark.parametrize("tz", ["Nope/Zone", "", "../../etc/passwd", None, 5])
def test_an_unknown_zone_is_bad_input(tz: object) -> None:
    e = err("livetest 8pm for 1h", NOW_SH, tz)  # type: ignore[arg-type]
    assert e.code == "bad_input"


def test_junk_text_raises_only_resolve_errors() -> None:
    for text in (None, 5, b"livetest 8pm", ["livetest"], object()):
        with pytest.raises(ResolveError) as info:
            resolve(text, NOW_SH, "Asia/Shanghai")  # type: ignore[arg-type]
        assert info.value.code in ("no_stream", "bad_input")


def test_a_huge_text_is_refused_quickly() -> None:
    t0 = time.perf_counter()
    e = err("livetest " + "from 8pm for 3h " * 700)
    assert e.code == "unparseable" and "too long" in e.message
    e = err("x" * 10_000)
    assert e.code in ("unparseable", "no_stream")
    assert time.perf_counter() - t0 < 0.5


def test_control_characters_and_zero_width_spaces_are_ignored() -> None:
    res = resolve("livetest\x00 from\u200b 8pm\tfor\r\n3h", NOW_SH, "Asia/Shanghai")
    assert res.window.start == datetime(2026, 11, 26, 20, tzinfo=SH)


def test_the_resolver_is_pure_and_light() -> None:
    code = (
        "import sys, bot.timeparse, bot.ui.parse_json\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('slack_bolt', 'slack_sdk', 'tencentcloud', 'dateparser', 'requests', 'sqlite_utils')]\n"
        "print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"
    sources = sorted((ROOT / "bot" / "timeparse").rglob("*.py"))
    assert sources
    for path in sources:
        source = path.read_text()
        assert "open(" not in source and "import os" not in source, path


def test_the_resolution_has_the_contract_fields() -> None:
    res = resolve("livetest from 8pm for 3h", NOW_SH, "Asia/Shanghai")
    for name in ("stream", "window", "alternatives", "zone", "lang", "notes", "explain"):
        assert hasattr(res, name)
    assert res.window.start.tzinfo is not None and res.window.start.astimezone(UTC)


def test_no_dst_note_from_a_reading_that_was_dropped() -> None:
    # at 03:00 after the fall-back, today's 01:30 is over: tomorrow's has no DST caveat
    now = datetime(2026, 11, 1, 3, 0, tzinfo=NY)
    res = resolve("livetest 1:30am for 1h", now, "America/New_York")
    assert res.window.start == datetime(2026, 11, 2, 1, 30, tzinfo=NY)
    assert res.notes == ()


def test_reading_notes_are_repeated_in_errors() -> None:
    e = err("livetest 11/12 8pm for 1h")
    assert e.code == "past" and "read as month/day" in e.message
    e = err("livetest at 8")
    assert e.code == "no_end" and "24-hour" in e.message


def test_a_dangling_connector_says_a_time_is_missing() -> None:
    e = err("livetest 8pm to")
    assert e.code == "unparseable" and "missing after `to`" in e.message
    e = err("livetest 今晚8点到")
    assert e.lang == "zh" and "「到」后面缺少时间" in e.message


@pytest.mark.parametrize("text", ["livetest now for -1h", "livetest now for - 90 minutes"])
def test_a_negative_length_says_it_must_be_positive(text):
    with pytest.raises(ResolveError, match="must be positive") as err:
        resolve(text, datetime(2026, 11, 27, 9, tzinfo=UTC), "UTC")
    assert err.value.code == "unparseable" and "could not read" not in err.value.message


def test_a_negative_length_in_chinese():
    with pytest.raises(ResolveError, match="时长必须是正数"):
        resolve("livetest 今晚8点录-2小时", datetime(2026, 11, 27, 9, tzinfo=UTC), "UTC")


@pytest.mark.parametrize("hour", range(1, 12))
@pytest.mark.parametrize("minute", [0, 30])
def test_bare_hour_advice_keeps_the_minutes_and_is_read_as_advised(hour, minute):
    now = datetime(2026, 11, 27, 0, 5, tzinfo=UTC)
    typed = f"{hour}:{minute:02d}" if minute else f"{hour}"
    res = resolve(f"livetest at {typed} for 1h", now, "UTC")
    (note,) = [n for n in res.notes if "24-hour clock" in n]
    advised = re.search(r"write `([^`]+)` for the (\w+)", note)
    assert advised is not None
    assert advised.group(2) == ("afternoon" if hour < 6 else "evening")
    again = resolve(f"livetest at {advised.group(1)} for 1h", now, "UTC")
    # (11:30pm typed at 00:05 is under way: its other reading is tonight's)
    starts = [(w.start.hour, w.start.minute) for w in (again.window, *again.alternatives)]
    assert (hour + 12, minute) in starts


@pytest.mark.parametrize("hour", range(1, 12))
def test_chinese_bare_hour_advice_is_read_as_advised(hour):
    now = datetime(2026, 11, 27, 0, 5, tzinfo=UTC)
    res = resolve(f"livetest {hour}点录1小时", now, "UTC")
    (note,) = [n for n in res.notes if "24 小时制" in n]
    advised = re.search(r"请写「([^」]+)」", note).group(1)
    assert advised.startswith("下午" if hour < 6 else "晚上")
    again = resolve(f"livetest {advised}录1小时", now, "UTC")
    assert again.window.start.hour == hour + 12


# -- issue 11: a push URL as the stream, the one word a refusal names ---------------------------

SECRET = "txSecret=9f86d081884c7d659a2feaa0c55ad015&txTime=6A7B8C9D"


@pytest.mark.parametrize(
    ("text", "stream"),
    [
        (
            f"rtmp://5000.livepush.myqcloud.com/live/livetest?{SECRET} from 8pm for 3h",
            StreamRef("livetest", "live", "5000.livepush.myqcloud.com"),
        ),
        (
            f"/record rtmp://push.example.com:1935/live/Live_Test?{SECRET} 8pm for 1h",
            StreamRef("Live_Test", "live", "push.example.com"),
        ),
        (
            f"webrtc://push.example.com/app2/s1?{SECRET}今晚8点录1小时",
            StreamRef("s1", "app2", "push.example.com"),
        ),
    ],
)
def test_a_push_url_is_the_stream_and_its_secret_goes_nowhere(text: str, stream: StreamRef) -> None:
    res = resolve(text, NOW_SH, "Asia/Shanghai")
    assert res.stream == stream
    said = repr(res) + " ".join(res.notes) + repr(res.explain)
    assert "9f86d08" not in said and "txSecret" not in said and "6A7B8C9D" not in said


@pytest.mark.parametrize(
    "text",
    [
        f"rtmp://push.example.com/livetest?{SECRET} 8pm for 1h",  # no app
        f"rtmp://push.example.com/live/livetest?{SECRET} 8pm",  # no end
        f"rtmp://push.example.com/live/livetest?{SECRET}",  # no time
        f"rtmp://push.example.com/live/livetest?{SECRET} from 8pm blah for 3h",
        f"rtmp://push.example.com/live/livetest?{SECRET} from 8pm for 80h",
    ],
)
def test_a_refusal_never_echoes_the_push_secret(text: str) -> None:
    e = err(text)
    assert "9f86d08" not in e.message and "txSecret" not in e.message, e.message


def test_redact_drops_the_query_of_push_urls_only() -> None:
    from bot.timeparse import redact

    assert redact(f"/record rtmp://d.example.com:1935/live/s?{SECRET} 8pm for 1h") == (
        "/record rtmp://d.example.com:1935/live/s 8pm for 1h"
    )
    assert redact("livetest 8pm for 1h?") == "livetest 8pm for 1h?"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("livetest 今晚8点录3小时xyz", "xyz"),  # not the whole Chinese sentence around it
        ("livetest 今晚8点录3小时嘿嘿", "嘿嘿"),
        ("livetest 8pm for 3h 北京时间xx", "xx"),
        ("livetest for a few hours", "few"),  # not `a few hours`
        ("livetest tomorrow at 8pm for 2h foo bar", "foo"),
        ("livetest from 8pm blah for 3h", "blah"),
        ("livetest from 8pm to 11pm 3pm", "3pm"),  # the words left over, not the rest
    ],
)
def test_a_refusal_names_the_one_word_it_could_not_read(text: str, word: str) -> None:
    e = err(text)
    assert e.code == "unparseable"
    quoted = re.findall(r"`([^`]*)`|「([^」]*)」", e.message)[0]
    assert word in quoted and quoted.count(" ") == word.count(" "), e.message


def test_overnight_alone_asks_for_the_hours() -> None:
    e = err("livetest overnight", datetime(2026, 11, 26, 10, 0, tzinfo=NY), "America/New_York")
    assert e.code == "unparseable" and "overnight" in e.message and "6am" in e.message


def test_the_custom_of_zones_and_locales() -> None:
    from bot.timeparse.custom import custom_for

    assert custom_for("America/New_York").clock12 and custom_for("America/New_York").order == "md"
    assert custom_for("Australia/Sydney").clock12 and custom_for("Australia/Sydney").order == "dm"
    assert custom_for("Asia/Kolkata").clock12
    assert not custom_for("America/Sao_Paulo").clock12
    assert not custom_for("Europe/London").clock12 and custom_for("Europe/London").order == "dm"
    assert not custom_for("Asia/Shanghai").clock12 and custom_for("Asia/Shanghai").order == "md"
    assert custom_for("UTC") == custom_for("Etc/UTC")
    assert custom_for("UTC").order is None and not custom_for("UTC").clock12
    assert custom_for("Europe/London", "en-US").clock12  # the locale wins
    assert custom_for("Europe/London", "en_US").order == "md"
    assert not custom_for("America/New_York", "en-GB").clock12
    assert custom_for("America/New_York", "en").clock12  # no region: the zone says
    assert not custom_for("America/New_York", "en-US", clock12=False).clock12


def test_two_readings_are_explained_in_a_note() -> None:
    res = resolve(
        "livetest at 7 for 1h", datetime(2026, 11, 26, 10, 0, tzinfo=NY), "America/New_York"
    )
    assert len(res.alternatives) == 1
    assert any("no am or pm" in n and "07:00" in n for n in res.notes), res.notes
    res = resolve("livetest 晚上2点到4点", NOW_SH, "Asia/Shanghai")
    assert any("凌晨" in n and "下午" in n for n in res.notes), res.notes


def test_day_month_both_readings_once_live_takes_a_year_ahead(monkeypatch) -> None:
    """`3/4` with no locale in UTC on 1 March: 4 March first, then 3 April. On Live's 6-day
    horizon the two are never both schedulable (one is dropped); with the planned 366 days
    (DESIGN, "Bookings") both are offered. (A date without a year is the nearest one, so
    `3/12` typed in March is last December's.)"""
    import bot.windows

    monkeypatch.setattr(bot.windows, "MAX_START_AHEAD", timedelta(days=366))
    monkeypatch.setattr(bot.windows, "MAX_END_AHEAD", timedelta(days=367))
    utc = ZoneInfo("UTC")
    now = datetime(2026, 3, 1, 10, 0, tzinfo=utc)
    res = resolve("livetest 3/4 8pm for 1h", now, "UTC")
    assert res.window.start == datetime(2026, 3, 4, 20, 0, tzinfo=utc)
    assert [a.start for a in res.alternatives] == [datetime(2026, 4, 3, 20, 0, tzinfo=utc)]
    assert any("month/day or day/month" in n for n in res.notes), res.notes
    # a locale or a zone that says the order leaves one reading
    assert not resolve("livetest 3/4 8pm for 1h", now, "UTC", locale="en-US").alternatives
    res = resolve("livetest 3/4 8pm for 1h", now, "Europe/London")
    assert res.window.start.date().isoformat() == "2026-04-03" and not res.alternatives
