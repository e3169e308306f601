"""`recordbot series [--json|--ics]` and `recordbot tasks --ics`, run as their own process on a
task log filled through RecordService (a fake Live and a fake clock, as tests/test_series.py):
the JSON's shape and values, the table, and the iCalendar file parsed back, whose series' RRULE
expands to the starts recordbot itself computes, across a DST change in New York."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.access import Access
from bot.outcomes import Defaults, Requester, SeriesProposal
from bot.service import RecordService
from bot.store import TaskStore

from fakes import ALICE, NOW, Clock, FakeLive, RecordingNotifier

ROOT = Path(__file__).resolve().parent.parent
BOB = Requester("U2", "bob", "C1", tz="America/New_York")
SERIES_KEYS = {
    "id", "ref", "stream", "app", "domain", "rule", "zone", "start", "duration_seconds", "until",
    "status", "user", "next",
}  # fmt: skip


def run_cli(db: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TENCENTCLOUD_"))}
    env.update(RECORDBOT_DB=str(db), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=db.parent,  # no .env there
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def series_of(service: RecordService, who: Requester, text: str) -> str:
    p = service.propose(who, text)
    assert isinstance(p, SeriesProposal), p
    out = service.confirm_series(p.series.id, who.user_id)
    assert out.kind == "active"
    service.clock.now += 60  # the next one is newer
    return p.series.id


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    """A log with: an active weekday series in Shanghai with one occurrence skipped, a paused
    daily series in New York across the March DST change, an ended one, a card never confirmed;
    and one-off tasks: one created, one booked, one deleted."""
    db = tmp_path_factory.mktemp("series") / "log.db"
    clock = Clock(NOW)
    store = TaskStore(str(db), clock=clock)
    service = RecordService(
        store, FakeLive(clock), Defaults("5000.live.push.com"), RecordingNotifier(), Access(), clock
    )
    weekday = series_of(service, ALICE, "news every weekday 7pm for 1h")
    skip_day = date(2026, 12, 2)
    start, _ = service.skip_target(store.series(weekday), skip_day)
    assert service.skip(weekday, "U1", start=start).kind == "skipped"
    daily = series_of(service, BOB, "sports every day 7pm for 1h until mar 20")
    assert service.pause(daily, "U2").kind == "paused"
    ended = series_of(service, ALICE, "late every mon and thu 9am to 11am")
    assert service.stop_series(ended, "U1").kind == "ended"
    service.propose(ALICE, "never every day 6pm for 1h")  # a card nobody confirmed

    one = service.propose(ALICE, "livetest tomorrow 9am to 10am").main
    created = service.confirm(one.id, "U1").row
    gala = service.propose(ALICE, "gala dec 20 8pm for 2h").main
    booked = service.confirm(gala.id, "U1").row
    gone = service.propose(ALICE, "oops tomorrow 3pm to 4pm").main
    service.confirm(gone.id, "U1")
    deleted = service.delete(gone.id, "U1").row
    assert (created.status, booked.status, deleted.status) == ("created", "booked", "deleted")
    ids = {
        "weekday": weekday, "daily": daily, "ended": ended, "skipped": start,
        "created": created.id, "booked": booked.id, "deleted": deleted.id,
    }  # fmt: skip
    store.close()
    return db, ids


def reopen(db: Path) -> TaskStore:
    return TaskStore(str(db))


def expected_next(series, skipped: set[int], now: float) -> str | None:
    """The next occurrence not begun at `now`, passing over skipped ones: from the rule."""
    for w in series.recurrence.occurrences(20, after=datetime.fromtimestamp(now, UTC)):
        if int(w.start.timestamp()) not in skipped:
            return w.start.isoformat()
    return None


def test_series_json_lists_active_paused_and_ended_with_their_next_occurrence(log):
    db, ids = log
    before = time.time()
    out = json.loads(run_cli(db, "series", "--json"))
    after = time.time()
    by_id = {s["id"]: s for s in out}
    # the card never confirmed is not a series yet
    assert set(by_id) == {ids["weekday"], ids["daily"], ids["ended"]}
    assert all(SERIES_KEYS <= set(s) for s in out)
    assert [s["status"] for s in out] == ["ended", "paused", "active"]  # newest first

    store = reopen(db)
    try:
        weekday = store.series(ids["weekday"])
        w = by_id[ids["weekday"]]
        assert w["stream"] == "news" and w["app"] == "live" and w["domain"] == "5000.live.push.com"
        assert w["rule"] == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" and w["zone"] == "Asia/Shanghai"
        # Fri 27 Nov 2026 19:00 in Shanghai, in UTC
        assert w["start"] == "2026-11-27T11:00:00+00:00"
        assert w["duration_seconds"] == 3600 and w["until"] is None and w["user"] == "U1"
        assert w["ref"] == weekday.ref and isinstance(w["ref"], int)
        skipped = {ids["skipped"]}
        assert w["next"] in {expected_next(weekday, skipped, t) for t in (before, after)}
        assert w["next"] != datetime.fromtimestamp(ids["skipped"], UTC).isoformat()

        d = by_id[ids["daily"]]
        assert d["zone"] == "America/New_York" and d["rule"] == "FREQ=DAILY"
        assert d["start"] == "2026-11-27T00:00:00+00:00"  # 26 Nov 19:00 EST
        # until: the end of 20 Mar 2027 in New York (EDT by then), in UTC
        assert d["until"] == "2027-03-21T03:59:59+00:00"
        daily = store.series(ids["daily"])
        assert d["next"] in {expected_next(daily, set(), t) for t in (before, after)}

        e = by_id[ids["ended"]]
        assert e["status"] == "ended" and e["next"] is None
        for s in out:
            for key in ("start", "until", "next"):
                assert s[key] is None or s[key].endswith("+00:00")
    finally:
        store.close()


def test_series_table_and_filters(log):
    db, ids = log
    text = run_cli(db, "series")
    store = reopen(db)
    try:
        weekday = store.series(ids["weekday"])
    finally:
        store.close()
    line = next(x for x in text.splitlines() if x.startswith(f"#{weekday.ref} "))
    assert "5000.live.push.com/live/news" in line
    assert "every weekday at 19:00 for 1h" in line and "Asia/Shanghai" in line
    assert line.rstrip().endswith("active")
    assert "every day at 19:00 for 1h, until" in text and "paused" in text

    only = json.loads(run_cli(db, "series", "--json", "--stream", "sports"))
    assert [s["id"] for s in only] == [ids["daily"]]
    ended = json.loads(run_cli(db, "series", "--json", "--status", "ended"))
    assert [s["id"] for s in ended] == [ids["ended"]]
    assert "No series in the log for nothing" in run_cli(db, "series", "--stream", "nothing")


def test_series_with_no_log_yet(tmp_path):
    db = tmp_path / "none.db"
    assert json.loads(run_cli(db, "series", "--json")) == []
    assert "no task log" in run_cli(db, "series")
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical(run_cli(db, "series", "--ics"))
    assert list(cal.walk("VEVENT")) == []
    assert not db.exists()


def events_of(text: str) -> dict[str, object]:
    from icalendar import Calendar

    cal = Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_tasks_ics_has_tasks_and_open_series_and_leaves_out_their_occurrence_rows(log):
    from dateutil.rrule import rrulestr

    db, ids = log
    text = run_cli(db, "tasks", "--ics")
    assert text.startswith("BEGIN:VCALENDAR") and text.rstrip().endswith("END:VCALENDAR")
    events = events_of(text)
    assert events_of(run_cli(db, "tasks", "--ics")).keys() == events.keys()  # stable UIDs

    store = reopen(db)
    try:
        # one-off tasks: UTC times, statuses as a calendar reads them
        created = store.get(ids["created"])
        ev = events[f"{created.id}@recordbot"]
        assert ev.decoded("DTSTART") == datetime.fromtimestamp(created.start, UTC)
        assert ev.decoded("DTEND") == datetime.fromtimestamp(created.end, UTC)
        assert str(ev["SUMMARY"]) == "Recording: 5000.live.push.com/live/livetest"
        assert str(ev["STATUS"]) == "CONFIRMED"
        assert f"TaskId: {created.task_id}" in str(ev["DESCRIPTION"])
        assert f"Ref: #{created.ref}" in str(ev["DESCRIPTION"])
        assert str(events[f"{ids['booked']}@recordbot"]["STATUS"]) == "TENTATIVE"
        assert str(events[f"{ids['deleted']}@recordbot"]["STATUS"]) == "CANCELLED"

        # open series: one VEVENT each with its rule; the ended one's rows are listed instead
        weekday, daily = store.series(ids["weekday"]), store.series(ids["daily"])
        assert f"{ids['ended']}@recordbot" not in events
        for s in (weekday, daily):
            for row in store.occurrences(s.id):
                assert f"{row.id}@recordbot" not in events, "an occurrence shown twice"
        ended_rows = store.occurrences(ids["ended"])
        assert ended_rows and all(f"{r.id}@recordbot" in events for r in ended_rows)
        assert str(events[f"{weekday.id}@recordbot"]["STATUS"]) == "CONFIRMED"
        assert str(events[f"{daily.id}@recordbot"]["STATUS"]) == "TENTATIVE"  # paused

        # the skipped occurrence is an EXDATE of its series
        wev = events[f"{weekday.id}@recordbot"]
        exdates = [d.dt for x in ([wev["EXDATE"]] if not isinstance(wev["EXDATE"], list)
                                  else wev["EXDATE"]) for d in x.dts]  # fmt: skip
        assert [int(d.timestamp()) for d in exdates] == [ids["skipped"]]

        # New York, daily at 19:00 until 20 Mar 2027: across 14 Mar (EST -> EDT)
        dev = events[f"{daily.id}@recordbot"]
        assert "TZID=America/New_York" in dev.to_ical().decode()
        start = dev.decoded("DTSTART")
        assert start.tzinfo is not None and start.replace(tzinfo=None) == datetime(
            2026, 11, 26, 19, 0
        )
        assert dev.decoded("DURATION").total_seconds() == 3600
        rule = dev["RRULE"].to_ical().decode()
        assert "UNTIL=20270321T035959Z" in rule
        expanded = [d.astimezone(UTC) for d in rrulestr(rule, dtstart=start)]
        ours = [w.start for w in daily.recurrence.occurrences(400)]
        assert expanded == ours and len(ours) == 115
        utc = [d.isoformat() for d in ours]
        assert "2027-03-14T00:00:00+00:00" in utc  # Sat 13 Mar, 19:00 EST
        assert "2027-03-14T23:00:00+00:00" in utc  # Sun 14 Mar, 19:00 EDT

        # the VTIMEZONE is there for the TZID
        tz_ids = {str(t["TZID"]) for t in events_of_timezones(text)}
        assert {"America/New_York", "Asia/Shanghai"} <= tz_ids
    finally:
        store.close()


def events_of_timezones(text: str) -> list:
    from icalendar import Calendar

    return list(Calendar.from_ical(text).walk("VTIMEZONE"))


def test_series_ics_has_the_series_alone(log):
    db, ids = log
    events = events_of(run_cli(db, "series", "--ics"))
    assert set(events) == {f"{ids['weekday']}@recordbot", f"{ids['daily']}@recordbot"}


def test_a_weekly_series_in_a_fixed_offset_keeps_its_weekday_in_the_calendar(tmp_path):
    from dateutil.rrule import rrulestr
    from icalendar import Calendar

    from bot.ui.ics import write_calendar

    clock = Clock(NOW)
    store = TaskStore(":memory:", clock=clock)
    service = RecordService(
        store, FakeLive(clock), Defaults("d"), RecordingNotifier(), Access(), clock
    )
    # 02:00 on Mondays at UTC+08:00 is Sunday 18:00 in UTC: the rule must stay on Mondays
    p = service.propose(ALICE, "news every monday 2am UTC+8 for 1h")
    service.confirm_series(p.series.id, "U1")
    series = store.series(p.series.id)
    assert series.zone == "UTC+08:00"
    out = io.StringIO()
    write_calendar(out, clock.now, [series], {})
    (event,) = Calendar.from_ical(out.getvalue()).walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start.utcoffset().total_seconds() == 8 * 3600
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    starts = [int(d.timestamp()) for d in rule[:6]]
    assert starts == [int(w.start.timestamp()) for w in series.recurrence.occurrences(6)]
    store.close()
