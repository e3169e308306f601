"""Repeating schedules in WHEN: the grammar (English, Simplified and Traditional Chinese) and the
series it resolves to, by DESIGN's rules. Every expectation was worked out by hand.

Calendar: 2026-11-26 is a Thursday. New York springs forward 2026-03-08 and falls back
2026-11-01; London springs forward 2026-03-29 and falls back 2026-10-25.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.errors import ResolveError
from bot.timeparse import resolve

SH, NY, LDN = "Asia/Shanghai", "America/New_York", "Europe/London"
THU = "2026-11-26 18:30"  # Thursday evening in Shanghai
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
WEEKDAY_19 = ["11-26 19:00", "11-27 19:00", "11-30 19:00", "12-01 19:00", "12-02 19:00"]
DAILY_20 = ["11-26 20:00", "11-27 20:00", "11-28 20:00", "11-29 20:00", "11-30 20:00"]
MON_20 = ["11-30 20:00", "12-01 20:00", "12-02 20:00", "12-03 20:00", "12-04 20:00"]
WEEKEND_10 = ["11-28 10:00", "11-29 10:00", "12-05 10:00", "12-06 10:00", "12-12 10:00"]
OTHER_TUE = ["12-01 20:00", "12-15 20:00", "12-29 20:00", "2027-01-12 20:00", "2027-01-26 20:00"]
MWF_18 = ["11-27 18:00", "11-30 18:00", "12-02 18:00", "12-04 18:00", "12-07 18:00"]
DAILY_19 = ["11-26 19:00", "11-27 19:00", "11-28 19:00", "11-29 19:00", "11-30 19:00"]
DEC22 = "2026-12-22 23:59:59"

# (text, rule, until (wall, inclusive) or None, first five starts (wall), minutes each)
SERIES = [
    # ------------------------------------------------------------------------------ English
    ("every weekday 7pm for 1h", WEEKDAYS, None, WEEKDAY_19, 60),
    ("weekdays at 7pm for an hour", WEEKDAYS, None, WEEKDAY_19, 60),
    ("every day 8pm to 10pm", "FREQ=DAILY", None, DAILY_20, 120),
    ("daily 20:00-22:00", "FREQ=DAILY", None, DAILY_20, 120),
    # today's 9am is over: the series starts with the next Monday or Thursday
    ("every mon and thu 9am to 11am", "FREQ=WEEKLY;BYDAY=MO,TH", None,
     ["11-30 09:00", "12-03 09:00", "12-07 09:00", "12-10 09:00", "12-14 09:00"], 120),
    ("mondays and thursdays 9am to 11am", "FREQ=WEEKLY;BYDAY=MO,TH", None,
     ["11-30 09:00", "12-03 09:00", "12-07 09:00", "12-10 09:00", "12-14 09:00"], 120),
    ("every weekend 10am for 3h", "FREQ=WEEKLY;BYDAY=SA,SU", None, WEEKEND_10, 180),
    ("every other tuesday 8pm for 1h", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", None, OTHER_TUE, 60),
    ("every 2 weeks on tuesday 8pm for 1h", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", None, OTHER_TUE, 60),
    ("every other day 8pm for 1h", "FREQ=DAILY;INTERVAL=2", None,
     ["11-26 20:00", "11-28 20:00", "11-30 20:00", "12-02 20:00", "12-04 20:00"], 60),
    ("every mon-fri 7pm for 1h", WEEKDAYS, None, WEEKDAY_19, 60),
    ("every weekday 7pm for 1h until dec 22", WEEKDAYS, DEC22, WEEKDAY_19, 60),
    ("every weekday 7pm for 1h until friday", WEEKDAYS, "2026-11-27 23:59:59",
     ["11-26 19:00", "11-27 19:00"], 60),
    # for 4 weeks: before Thu 24 Dec 20:00, so the last is Wed 23 Dec
    ("every day 8pm for 1h for 4 weeks", "FREQ=DAILY", "2026-12-23 23:59:59", DAILY_20, 60),
    ("every day 8pm for 1h starting next monday", "FREQ=DAILY", None, MON_20, 60),
    ("starting tomorrow, every day at 8pm for 1h", "FREQ=DAILY", None,
     ["11-27 20:00", "11-28 20:00", "11-29 20:00", "11-30 20:00", "12-01 20:00"], 60),
    ("every tuesday 8pm for 1h 3 times", "FREQ=WEEKLY;BYDAY=TU;COUNT=3", None,
     ["12-01 20:00", "12-08 20:00", "12-15 20:00"], 60),
    ("every night at 8 for 1h", "FREQ=DAILY", None, DAILY_20, 60),
    ("each day at noon for 30 minutes", "FREQ=DAILY", None,
     ["11-27 12:00", "11-28 12:00", "11-29 12:00", "11-30 12:00", "12-01 12:00"], 30),
    ("every day 10pm to 2am", "FREQ=DAILY", None,
     ["11-26 22:00", "11-27 22:00", "11-28 22:00", "11-29 22:00", "11-30 22:00"], 240),
    ("every saturday 8pm to sunday 2am", "FREQ=WEEKLY;BYDAY=SA", None,
     ["11-28 20:00", "12-05 20:00", "12-12 20:00", "12-19 20:00", "12-26 20:00"], 360),
    # `midnight` ends the day named: Monday's midnight is Tuesday 00:00
    ("every monday at midnight for 1h", "FREQ=WEEKLY;BYDAY=TU", None,
     ["12-01 00:00", "12-08 00:00", "12-15 00:00", "12-22 00:00", "12-29 00:00"], 60),
    # already under way (18:00-19:00 at 18:30): not part of the series
    ("every day 6pm to 7pm", "FREQ=DAILY", None,
     ["11-27 18:00", "11-28 18:00", "11-29 18:00", "11-30 18:00", "12-01 18:00"], 60),
    ("every day at 6:30pm for 1h", "FREQ=DAILY", None,  # begins right now: begun
     ["11-27 18:30", "11-28 18:30", "11-29 18:30", "11-30 18:30", "12-01 18:30"], 60),
    # ------------------------------------------------------------------- Chinese (Simplified)
    ("每天晚上7点录1小时", "FREQ=DAILY", None, DAILY_19, 60),
    ("每个工作日晚上7点到8点", WEEKDAYS, None, WEEKDAY_19, 60),
    ("每周一三五下午6点录半小时", "FREQ=WEEKLY;BYDAY=MO,WE,FR", None, MWF_18, 30),
    ("每周一、三、五下午6点录半小时", "FREQ=WEEKLY;BYDAY=MO,WE,FR", None, MWF_18, 30),
    ("每周末上午10点录3小时", "FREQ=WEEKLY;BYDAY=SA,SU", None, WEEKEND_10, 180),
    ("每两周的周二晚上8点录1小时", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", None, OTHER_TUE, 60),
    ("隔周周二晚上8点录1小时", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", None, OTHER_TUE, 60),
    ("每天晚上7点录1小时，到12月22日为止", "FREQ=DAILY", DEC22, DAILY_19, 60),
    ("从下周一开始每天晚上8点录1小时", "FREQ=DAILY", None, MON_20, 60),
    ("每周一到周五晚上7点录1小时", WEEKDAYS, None, WEEKDAY_19, 60),
    ("每晚8点录1小时", "FREQ=DAILY", None, DAILY_20, 60),
    ("每隔一天晚上8点录1小时", "FREQ=DAILY;INTERVAL=2", None,
     ["11-26 20:00", "11-28 20:00", "11-30 20:00", "12-02 20:00", "12-04 20:00"], 60),
    ("每周二晚上8点录1小时，共3次", "FREQ=WEEKLY;BYDAY=TU;COUNT=3", None,
     ["12-01 20:00", "12-08 20:00", "12-15 20:00"], 60),
    ("每天晚上8点录1小时，持续2周", "FREQ=DAILY", "2026-12-09 23:59:59", DAILY_20, 60),
    ("每周六晚上8点到周日凌晨2点", "FREQ=WEEKLY;BYDAY=SA", None,
     ["11-28 20:00", "12-05 20:00", "12-12 20:00", "12-19 20:00", "12-26 20:00"], 360),
    # ------------------------------------------------------------------ Chinese (Traditional)
    ("每個工作日晚上7點到8點", WEEKDAYS, None, WEEKDAY_19, 60),
    ("每週一三五下午6點錄半小時", "FREQ=WEEKLY;BYDAY=MO,WE,FR", None, MWF_18, 30),
    ("每週末上午10點錄3小時", "FREQ=WEEKLY;BYDAY=SA,SU", None, WEEKEND_10, 180),
    ("每兩週的週二晚上8點錄1小時", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", None, OTHER_TUE, 60),
    ("每天晚上7點錄1小時，到12月22日為止", "FREQ=DAILY", DEC22, DAILY_19, 60),
    ("從下週一開始每天晚上8點錄1小時", "FREQ=DAILY", None, MON_20, 60),
]  # fmt: skip


def _wall(value: str, zone: ZoneInfo) -> datetime:
    if len(value.split(" ")[0]) == 5:  # MM-DD
        value = f"2026-{value}"
    return datetime.fromisoformat(value).replace(tzinfo=zone)


@pytest.mark.parametrize(
    ("text", "rule", "until", "starts", "minutes"), SERIES, ids=[c[0] for c in SERIES]
)
def test_series(text: str, rule: str, until: str | None, starts: list[str], minutes: int) -> None:
    zone = ZoneInfo(SH)
    now = datetime.fromisoformat(THU).replace(tzinfo=zone)
    res = resolve("livetest " + text, now, SH)
    rec = res.repeat
    assert rec is not None and rec.rule == rule
    assert rec.until == (None if until is None else _wall(until, zone))
    occ = rec.occurrences(5)
    assert [o.start for o in occ] == [_wall(s, zone) for s in starts]
    assert all(o.end - o.start == timedelta(minutes=minutes) for o in occ)
    # the window is the first occurrence, not yet begun, in the user's zone
    assert (res.window.start, res.window.end) == (occ[0].start, occ[0].end)
    assert res.window.start > now and not res.window.starts_now
    assert res.window.start.utcoffset() == timedelta(hours=8)
    assert res.alternatives == () and res.fixed_end
    assert res.zone == SH and res.lang == ("zh" if "每" in text or "隔" in text else "en")


def test_for_n_weeks_ends_before_the_first_plus_n_weeks() -> None:
    now = datetime(2026, 11, 26, 18, 30, tzinfo=ZoneInfo(SH))
    rec = resolve("livetest every day 8pm for 1h for 4 weeks", now, SH).repeat
    assert rec is not None
    occ = rec.occurrences(100)
    assert len(occ) == 28  # Thu 26 Nov to Wed 23 Dec
    assert occ[-1].start == datetime(2026, 12, 23, 20, tzinfo=ZoneInfo(SH))
    assert occ[-1].start < occ[0].start + timedelta(weeks=4)


def test_until_includes_occurrences_starting_that_day() -> None:
    now = datetime(2026, 11, 26, 18, 30, tzinfo=ZoneInfo(SH))
    rec = resolve("livetest every tuesday 11pm for 2h until dec 22", now, SH).repeat
    assert rec is not None
    last = rec.occurrences(100)[-1]
    # Tue 22 Dec 23:00 starts that day (and ends the next): included
    assert last.start == datetime(2026, 12, 22, 23, tzinfo=ZoneInfo(SH))
    assert len(rec.occurrences(100)) == 4  # 1, 8, 15, 22 Dec


# ---------------------------------------------------------------------------- DST


@pytest.mark.parametrize(
    ("tz", "now", "text", "expected"),
    [
        # New York springs forward Sun 8 Mar: 19:00 stays 19:00 local
        (NY, "2026-03-05 12:00", "every day 7pm for 1h", [
            "2026-03-05T19:00:00-05:00", "2026-03-06T19:00:00-05:00", "2026-03-07T19:00:00-05:00",
            "2026-03-08T19:00:00-04:00", "2026-03-09T19:00:00-04:00"]),
        # and falls back Sun 1 Nov
        (NY, "2026-10-28 12:00", "every weekday 7pm for 1h", [
            "2026-10-28T19:00:00-04:00", "2026-10-29T19:00:00-04:00", "2026-10-30T19:00:00-04:00",
            "2026-11-02T19:00:00-05:00", "2026-11-03T19:00:00-05:00"]),
        # London springs forward Sun 29 Mar
        (LDN, "2026-03-27 12:00", "每天晚上7点录1小时", [
            "2026-03-27T19:00:00+00:00", "2026-03-28T19:00:00+00:00", "2026-03-29T19:00:00+01:00",
            "2026-03-30T19:00:00+01:00", "2026-03-31T19:00:00+01:00"]),
        # and falls back Sun 25 Oct
        (LDN, "2026-10-23 12:00", "every day 7pm for 1h", [
            "2026-10-23T19:00:00+01:00", "2026-10-24T19:00:00+01:00", "2026-10-25T19:00:00+00:00",
            "2026-10-26T19:00:00+00:00", "2026-10-27T19:00:00+00:00"]),
        # 02:30 does not exist on 8 Mar in New York: that day's moves forward by the gap
        (NY, "2026-03-06 12:00", "every day 2:30am for 1h", [
            "2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00",
            "2026-03-10T02:30:00-04:00", "2026-03-11T02:30:00-04:00"]),
        # begun on the spring-forward day itself, where 01:00 does not exist in London: that
        # one at 02:00 BST, the rest at 01:00 again
        (LDN, "2026-03-28 01:00", "every day 01:00 for 1h", [
            "2026-03-29T02:00:00+01:00", "2026-03-30T01:00:00+01:00", "2026-03-31T01:00:00+01:00",
            "2026-04-01T01:00:00+01:00", "2026-04-02T01:00:00+01:00"]),
        # 01:30 happens twice on 1 Nov: the first (EDT)
        (NY, "2026-10-30 12:00", "every day 1:30am for 1h", [
            "2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00",
            "2026-11-03T01:30:00-05:00", "2026-11-04T01:30:00-05:00"]),
    ],
)  # fmt: skip
def test_wall_clock_times_across_dst(tz: str, now: str, text: str, expected: list[str]) -> None:
    zone = ZoneInfo(tz)
    res = resolve("livetest " + text, datetime.fromisoformat(now).replace(tzinfo=zone), tz)
    assert res.repeat is not None
    occ = res.repeat.occurrences(5)
    assert [o.start.astimezone(zone).isoformat() for o in occ] == expected
    assert all(o.end - o.start == timedelta(hours=1) for o in occ)  # real hours


def test_a_typed_zone_is_the_series_zone_whatever_the_users() -> None:
    # a Shanghai user books 7pm New York time: 19:00 in New York across its DST change, which
    # is 08:00 then 07:00 the next morning in Shanghai
    sh = ZoneInfo(SH)
    res = resolve("livetest every day 7pm for 1h ET", datetime(2026, 3, 6, 12, tzinfo=sh), SH)
    rec = res.repeat
    assert rec is not None and rec.zone_name == NY and res.zone == NY
    occ = rec.occurrences(4)
    assert [o.start.astimezone(ZoneInfo(NY)).hour for o in occ] == [19, 19, 19, 19]
    assert [o.start.astimezone(sh).strftime("%d %H:%M") for o in occ] == [
        "07 08:00", "08 08:00", "09 07:00", "10 07:00"
    ]  # fmt: skip
    assert res.window.start == occ[0].start and res.window.start.utcoffset() == timedelta(hours=8)


def test_a_night_window_keeps_its_real_length_across_dst() -> None:
    # 10pm to 2am is 4 hours; on the spring-forward night that is 22:00 EST to 03:00 EDT
    ny = ZoneInfo(NY)
    rec = resolve("livetest every day 10pm to 2am", datetime(2026, 3, 6, 12, tzinfo=ny), NY).repeat
    assert rec is not None and rec.duration == timedelta(hours=4)
    night = rec.occurrences(2)[1]
    assert night.start.astimezone(ny).isoformat() == "2026-03-07T22:00:00-05:00"
    assert night.end.astimezone(ny).isoformat() == "2026-03-08T03:00:00-04:00"


# ------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("every day at 8pm", "no_end", ["every day at 8pm for 1h"]),
        ("every day", "no_end", ["time of day"]),
        ("每天晚上8点", "no_end", ["每天晚上8点录1小时"]),
        ("every day 8pm for 1h until nov 20", "past", ["No occurrence is left", "Fri 20 Nov"]),
        ("每天晚上8点录1小时，到11月20日为止", "past", ["没有可录的场次"]),
        ("every day 8pm for 25h", "too_long", ["at most 24h", "25h"]),
        ("every day 8pm to 8pm tomorrow", "unparseable", ["`tomorrow` is a date", "starting"]),
        ("every day tomorrow 8pm for 1h", "unparseable", ["starting tomorrow"]),
        ("every day now for 1h", "unparseable", ["time of day"]),
        ("every day for 1h", "unparseable", ["time of day"]),
        ("every day 8pm for 1h for 2 weeks until dec 22", "unparseable", ["Two ends"]),
        ("every weekday 7pm for 1h starting 2027-12-01", "too_far", ["366 days"]),
        ("every day 8pm for 0 minutes", "end_before_start", ["above zero"]),
        ("every day 8pm blah for 1h", "unparseable", ["blah"]),
    ],
)
def test_refusals_say_what_to_do(text: str, code: str, words: list[str]) -> None:
    now = datetime(2026, 11, 26, 18, 30, tzinfo=ZoneInfo(SH))
    with pytest.raises(ResolveError) as info:
        resolve("livetest " + text, now, SH)
    assert info.value.code == code, info.value.message
    for w in words:
        assert w in info.value.message


def test_one_off_commands_do_not_repeat() -> None:
    now = datetime(2026, 11, 26, 18, 30, tzinfo=ZoneInfo(SH))
    for text in (
        "livetest from 8pm for 3h",
        "livetest 今晚8点录3小时",
        "livetest monday 9am for 1h",
    ):
        assert resolve(text, now, SH).repeat is None


def test_explain_names_the_recurrence_words() -> None:
    now = datetime(2026, 11, 26, 18, 30, tzinfo=ZoneInfo(SH))
    res = resolve("livetest every weekday 7pm for 1h until dec 22", now, SH)
    assert ("every weekday", f"repeats: {WEEKDAYS}") in res.explain
    assert ("until dec 22", "until") in res.explain
    assert ("7pm", "start: 7:00 pm") in res.explain
