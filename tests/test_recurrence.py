"""The repeating-schedule model: RFC 5545 rules expanded by dateutil's rrule in a zone's wall
clock (DST in New York and London), `until` inclusive, COUNT, and rebuilding from stored fields."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.recurrence import Recurrence, make_rule, rule_fields

NY = ZoneInfo("America/New_York")
LDN = ZoneInfo("Europe/London")
SH = ZoneInfo("Asia/Shanghai")
HOUR = timedelta(hours=1)


def local(windows, zone):  # type: ignore[no-untyped-def]
    return [w.start.astimezone(zone).isoformat() for w in windows]


def test_make_rule_and_read_it_back():
    assert make_rule("WEEKLY", byday=[4, 0, 1, 2, 3]) == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert make_rule("WEEKLY", 2, [1]) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert make_rule("DAILY", count=10) == "FREQ=DAILY;COUNT=10"
    f = rule_fields("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=4")
    assert (f.freq, f.interval, f.byday, f.count) == ("WEEKLY", 2, (0, 3), 4)
    for bad in ("FREQ=MONTHLY", "FREQ=DAILY;UNTIL=20261222", "FREQ=DAILY;BYDAY=XX", "BYDAY=MO",
                "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;FREQ=DAILY"):  # fmt: skip
        with pytest.raises(ValueError):
            rule_fields(bad)
    with pytest.raises(ValueError):
        make_rule("HOURLY")


def test_a_series_is_checked_when_made():
    first = datetime(2026, 11, 30, 19, tzinfo=SH)
    with pytest.raises(ValueError):
        Recurrence("FREQ=DAILY", SH, first, timedelta(hours=25))
    with pytest.raises(ValueError):
        Recurrence("FREQ=DAILY", SH, first, timedelta(0))
    with pytest.raises(ValueError):
        Recurrence("FREQ=DAILY", SH, first.replace(tzinfo=None), HOUR)
    with pytest.raises(ValueError):  # RFC 5545: COUNT and UNTIL never together
        Recurrence("FREQ=DAILY;COUNT=3", SH, first, HOUR, first + timedelta(days=5))


def test_new_york_keeps_19_00_across_both_dst_changes():
    rec = Recurrence("FREQ=DAILY", NY, datetime(2026, 3, 6, 19, tzinfo=NY), HOUR)
    assert local(rec.occurrences(4), NY) == [
        "2026-03-06T19:00:00-05:00",
        "2026-03-07T19:00:00-05:00",
        "2026-03-08T19:00:00-04:00",  # spring forward that morning
        "2026-03-09T19:00:00-04:00",
    ]
    fall = Recurrence("FREQ=WEEKLY;BYDAY=SA,SU", NY, datetime(2026, 10, 31, 19, tzinfo=NY), HOUR)
    assert local(fall.occurrences(3), NY) == [
        "2026-10-31T19:00:00-04:00",
        "2026-11-01T19:00:00-05:00",  # fall back that morning
        "2026-11-07T19:00:00-05:00",
    ]
    # the length is real time, and instants are UTC
    w = fall.occurrences(2)[1]
    assert w.start.tzinfo is UTC and w.end - w.start == HOUR
    assert w.start == datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


def test_london_keeps_19_00_across_both_dst_changes():
    spring = Recurrence("FREQ=DAILY", LDN, datetime(2026, 3, 28, 19, tzinfo=LDN), HOUR)
    assert local(spring.occurrences(2), LDN) == [
        "2026-03-28T19:00:00+00:00",
        "2026-03-29T19:00:00+01:00",
    ]
    autumn = Recurrence("FREQ=DAILY", LDN, datetime(2026, 10, 24, 19, tzinfo=LDN), HOUR)
    assert local(autumn.occurrences(2), LDN) == [
        "2026-10-24T19:00:00+01:00",
        "2026-10-25T19:00:00+00:00",
    ]


def test_a_skipped_wall_time_moves_forward_and_a_repeated_one_takes_the_first():
    gap = Recurrence("FREQ=DAILY", NY, datetime(2026, 3, 7, 2, 30, tzinfo=NY), HOUR)
    assert local(gap.occurrences(3), NY) == [
        "2026-03-07T02:30:00-05:00",
        "2026-03-08T03:30:00-04:00",  # 02:30 does not exist that day
        "2026-03-09T02:30:00-04:00",
    ]
    fold = Recurrence("FREQ=DAILY", NY, datetime(2026, 10, 31, 1, 30, tzinfo=NY), HOUR)
    assert local(fold.occurrences(3), NY) == [
        "2026-10-31T01:30:00-04:00",
        "2026-11-01T01:30:00-04:00",  # the first of the two 01:30s
        "2026-11-02T01:30:00-05:00",
    ]


def test_until_is_inclusive_and_count_limits():
    first = datetime(2026, 11, 26, 19, tzinfo=SH)
    until = datetime(2026, 11, 30, 23, 59, 59, tzinfo=SH)
    rec = Recurrence("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", SH, first, HOUR, until)
    assert local(rec.occurrences(10), SH) == [
        "2026-11-26T19:00:00+08:00",
        "2026-11-27T19:00:00+08:00",
        "2026-11-30T19:00:00+08:00",  # the until day itself
    ]
    counted = Recurrence("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=3", SH, first, HOUR)
    # every other week counts from the week of the first (a Thursday): its Tuesday is before it,
    # so the Tuesdays are 8 Dec, 22 Dec, 5 Jan (RFC 5545, as dateutil expands it)
    assert local(counted.occurrences(10), SH) == [
        "2026-12-08T19:00:00+08:00",
        "2026-12-22T19:00:00+08:00",
        "2027-01-05T19:00:00+08:00",
    ]


def test_after_between_and_on_date():
    rec = Recurrence("FREQ=WEEKLY;BYDAY=MO,TH", SH, datetime(2026, 11, 30, 9, tzinfo=SH), 2 * HOUR)
    starts = [w.start for w in rec.occurrences(5)]
    # after: strictly later (an occurrence starting at that moment has begun)
    assert rec.next_after(starts[1]).start == starts[2]
    assert rec.next_after(starts[1] - timedelta(seconds=1)).start == starts[1]
    assert [w.start for w in rec.occurrences(2, after=starts[2])] == starts[3:5]
    assert [w.start for w in rec.between(starts[1], starts[4])] == starts[1:4]
    assert rec.on_date(date(2026, 12, 3)).start == datetime(2026, 12, 3, 9, tzinfo=SH)
    assert rec.on_date(date(2026, 12, 2)) is None  # a Wednesday
    ended = Recurrence("FREQ=DAILY;COUNT=2", SH, starts[0], HOUR)
    assert ended.next_after(starts[0] + timedelta(days=3)) is None


def test_a_stored_series_expands_as_it_was_shown():
    rec = Recurrence(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        NY,
        datetime(2026, 10, 27, 20, tzinfo=NY),
        HOUR,
        datetime(2026, 12, 22, 23, 59, 59, tzinfo=NY),
    )
    again = Recurrence.stored(
        rec.rule,
        rec.zone_name,
        int(rec.first.timestamp()),
        int(rec.duration.total_seconds()),
        int(rec.until.timestamp()),
    )
    assert again == rec
    assert again.occurrences(10) == rec.occurrences(10)
    assert len(rec.occurrences(10)) == 5  # 27 Oct, 10 Nov, 24 Nov, 8 Dec, 22 Dec
    fixed = Recurrence.stored("FREQ=DAILY", "UTC+08:00", rec.first, 3600)
    assert fixed.zone_name == "UTC+08:00"
    with pytest.raises(ValueError):
        Recurrence.stored("FREQ=DAILY", "Mars/Olympus", rec.first, 3600)


def test_the_rule_in_words_in_both_languages():
    first = datetime(2026, 11, 26, 19, tzinfo=SH)
    until = datetime(2026, 12, 22, 23, 59, 59, tzinfo=SH)
    weekdays = Recurrence("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", SH, first, HOUR, until)
    assert weekdays.describe("en") == "every weekday at 19:00 for 1h, until Tue 22 Dec"
    assert weekdays.describe("zh") == "每个工作日19:00开始录1小时，到12月22日（周二）为止"
    other = Recurrence("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", SH, first, 90 * timedelta(minutes=1))
    assert other.describe("en") == "every other Tuesday at 19:00 for 1h30m"
    assert other.describe("zh") == "每两周的周二19:00开始录1小时30分钟"
    three = Recurrence("FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=6", SH, first, HOUR)
    assert three.describe("en") == "every Monday, Wednesday and Friday at 19:00 for 1h, 6 times"
    assert three.describe("zh") == "每周一、周三、周五19:00开始录1小时，共6次"
    assert Recurrence("FREQ=DAILY;INTERVAL=2", SH, first, HOUR).describe() == (
        "every other day at 19:00 for 1h"
    )


def test_a_first_occurrence_moved_by_a_dst_gap_keeps_the_series_time():
    # every day 01:00 in London, first on the spring-forward Sunday: 01:00 does not exist that
    # day (02:00 BST is used), and every later one is at 01:00 again
    first = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # the instant 01:00 GMT would have been
    rec = Recurrence("FREQ=DAILY", LDN, first, HOUR, wall=time(1, 0))
    assert local(rec.occurrences(3), LDN) == [
        "2026-03-29T02:00:00+01:00",
        "2026-03-30T01:00:00+01:00",
        "2026-03-31T01:00:00+01:00",
    ]
    assert rec.describe() == "every day at 01:00 for 1h"
    again = Recurrence.stored(rec.rule, "Europe/London", first, 3600, wall="01:00")
    assert again == rec and again.occurrences(3) == rec.occurrences(3)
    # without it, the series would take the first one's wall time
    assert Recurrence("FREQ=DAILY", LDN, first, HOUR).time_of_day == time(2, 0)
    # a wall time equal to the first's is the same series
    assert Recurrence("FREQ=DAILY", SH, datetime(2026, 11, 30, 19, tzinfo=SH), HOUR,
                      wall=time(19, 0)).wall is None  # fmt: skip
