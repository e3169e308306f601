"""Series: a repeating schedule is one series row plus its occurrences as task rows, booked a
week ahead and created like any booking, each exactly once as days pass, whatever restarts
happen; skip, pause, resume and stop change what they say and nothing else."""

import threading
from datetime import UTC, date, datetime

import pytest
from test_bookings import build

from bot.errors import InvalidState, NotAllowed
from bot.outcomes import SeriesProposal

from fakes import ALICE

DAY = 86400


@pytest.fixture
def env():
    service, scheduler, live, notes, clock = build()
    yield service, scheduler, live, notes, clock
    service.store.close()


def sh(y, mo, d, h, mi=0):
    """Unix seconds of a wall time in Shanghai (UTC+8, no DST)."""
    return (
        int(datetime(y, mo, d, h - 8, mi, tzinfo=UTC).timestamp())
        if h >= 8
        else int(datetime(y, mo, d, h, mi, tzinfo=UTC).timestamp() - 8 * 3600)
    )


def weekday_series(service):
    # now Thu 26 Nov 2026 20:00 in Shanghai: today's 19:00 has passed, so Fri 27 is the first
    p = service.propose(ALICE, "news every weekday 7pm for 1h")
    assert isinstance(p, SeriesProposal)
    return p


def test_the_card_shows_the_next_five_occurrences_and_confirm_books_the_week(env):
    service, _, live, _, _ = env
    p = weekday_series(service)
    assert p.series.status == "proposed" and p.series.rule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert [s for s, _ in p.upcoming] == [
        sh(2026, 11, 27, 19), sh(2026, 11, 30, 19), sh(2026, 12, 1, 19),
        sh(2026, 12, 2, 19), sh(2026, 12, 3, 19),
    ]  # fmt: skip
    assert live.calls == []  # nothing sent before Confirm
    out = service.confirm_series(p.series.id, "U1")
    assert out.kind == "active" and out.series.ref is not None
    # Live takes the four starting within 6 days; Thu 3 Dec waits, booked
    assert [o.row.start for o in out.created] == [s for s, _ in p.upcoming[:4]]
    assert {o.kind for o in out.created} == {"created"}
    assert [r.start for r in out.booked] == [sh(2026, 12, 3, 19)]
    again = service.confirm_series(p.series.id, "U1")
    assert again.kind == "already" and len(live.creates()) == 4


def test_a_weekday_series_creates_each_occurrence_once_as_days_pass_and_across_a_restart(
    tmp_path,
):
    path = str(tmp_path / "log.db")
    service, scheduler, live, _, clock = build(path)
    p = weekday_series(service)
    service.confirm_series(p.series.id, "U1")
    for _ in range(10 * 4):  # ten days, ticking every six hours
        clock.now += 6 * 3600
        scheduler.tick()
    # a restart: a new process on the same log and the same Live
    service.store.close()
    service, scheduler, live2, _, clock = build(path, clock, live)
    for _ in range(8 * 4):
        clock.now += 6 * 3600
        scheduler.tick()
    starts = [c["start"] for c in live.creates()]
    assert len(starts) == len(set(starts)), "an occurrence was created twice"
    # every weekday 19:00 from Fri 27 Nov up to a week past the last tick, and no weekend
    last = clock.now + 6 * DAY
    expected = []
    day = datetime(2026, 11, 27, 11, tzinfo=UTC)
    while day.timestamp() <= last:
        if day.weekday() < 5:
            expected.append(int(day.timestamp()))
        day = day.fromtimestamp(day.timestamp() + DAY, UTC)
    assert sorted(starts) == [s for s in expected if s <= last]
    rows = service.store.occurrences(p.series.id)
    assert len({r.start for r in rows}) == len(rows)
    service.store.close()


def test_skip_a_date_cancels_that_occurrence_only_and_a_wrong_date_changes_nothing(env):
    service, scheduler, live, _, clock = env
    p = weekday_series(service)
    service.confirm_series(p.series.id, "U1")
    series = service.store.series(p.series.id)
    with pytest.raises(InvalidState, match="no occurrence on Sat 28 Nov"):
        service.skip_target(series, date(2026, 11, 28))
    # Thu 3 Dec: booked, not on Live yet
    start, _ = service.skip_target(series, date(2026, 12, 3))
    out = service.skip(series.id, "U1", start=start)
    assert out.kind == "skipped" and out.changed[0].row.status == "cancelled"
    # Mon 30 Nov: created on Live, so deleted from Live
    start, _ = service.skip_target(series, date(2026, 11, 30))
    out = service.skip(series.id, "U1", start=start)
    assert out.changed[0].kind == "deleted"
    assert any(name == "DeleteRecordTask" for name, _ in live.calls)
    # Fri 11 Dec: not written yet: written as skipped, so never booked
    start, _ = service.skip_target(series, date(2026, 12, 11))
    service.skip(series.id, "U1", start=start)
    clock.now = sh(2026, 12, 11, 12)
    scheduler.tick()
    row = service.store.occurrence_at(series.id, start)
    assert row.status == "cancelled"
    assert start not in [c["start"] for c in live.creates()]
    with pytest.raises(NotAllowed):
        service.skip(series.id, "U2", start=sh(2026, 12, 14, 19))


def test_pause_holds_creation_and_resume_restarts_from_the_next_occurrence(env):
    service, scheduler, live, _, clock = env
    p = weekday_series(service)
    service.confirm_series(p.series.id, "U1")
    out = service.pause(p.series.id, "U1")
    assert out.kind == "paused" and len(out.kept) == 4  # on Live already: kept
    created = len(live.creates())
    for _ in range(12):
        clock.now += DAY
        scheduler.tick()
    assert len(live.creates()) == created  # nothing created while paused
    assert service.pause(p.series.id, "U1").kind == "already"
    out = service.resume(p.series.id, "U1")
    assert out.kind == "resumed"
    assert all(o.row.start > clock.now for o in out.created)
    assert {o.row.status for o in out.changed} <= {"cancelled"}
    starts = [c["start"] for c in live.creates()]
    assert len(starts) == len(set(starts))
    assert all(s > clock.now for s in starts[created:])


def test_stop_series_cancels_bookings_deletes_what_has_not_begun_and_keeps_a_recording(env):
    service, scheduler, live, _, clock = env
    p = weekday_series(service)
    service.confirm_series(p.series.id, "U1")
    clock.now = sh(2026, 11, 27, 19, 30)  # Friday's is recording
    scheduler.tick()
    out = service.stop_series(p.series.id, "U1")
    assert out.kind == "ended" and out.series.status == "ended"
    assert [r.start for r in out.kept] == [sh(2026, 11, 27, 19)]
    kinds = sorted(o.kind for o in out.changed)
    # Mon 30 Nov to Thu 3 Dec are on Live (deleted); Fri 4 Dec was booked (cancelled)
    assert kinds == ["cancelled", "deleted", "deleted", "deleted", "deleted"]
    assert service.store.occurrence_at(p.series.id, sh(2026, 11, 27, 19)).status == "created"
    assert service.stop_series(p.series.id, "U1").kind == "already"
    before = len(live.creates())
    for _ in range(10):
        clock.now += DAY
        scheduler.tick()
    assert len(live.creates()) == before


def test_a_series_with_until_ends_by_itself(env):
    service, scheduler, _, _, clock = env
    p = service.propose(ALICE, "news every day 9pm for 1h until nov 29")
    out = service.confirm_series(p.series.id, "U1")
    assert len(out.created) == 4  # 26 (21:00 has not begun at 20:00) to 29, `until` inclusive
    for _ in range(5):
        clock.now += DAY
        scheduler.tick()
    assert service.store.series(p.series.id).status == "ended"


def test_a_series_card_nobody_confirmed_expires_and_its_confirm_then_says_so(env):
    service, scheduler, live, _, clock = env
    p = weekday_series(service)
    clock.now += 31 * 60
    out = service.confirm_series(p.series.id, "U1")
    assert out.kind == "cancelled" and "expired" in out.note
    assert live.calls == [] and service.store.occurrences(p.series.id) == []
    q = weekday_series(service)
    clock.now += 31 * 60
    scheduler.tick()
    assert service.store.series(q.series.id).status == "cancelled"
    assert service.confirm_series(q.series.id, "U1").kind == "already"


def test_a_series_occurrence_is_written_once_when_two_processes_book_ahead(tmp_path):
    path = str(tmp_path / "log.db")
    one, _, live, _, clock = build(path)
    p = weekday_series(one)
    one.confirm_series(p.series.id, "U1")
    two, _, _, _, _ = build(path, clock, live)
    clock.now += 3 * DAY
    barrier = threading.Barrier(2)

    def run(service):
        barrier.wait()
        service.bookings_due()

    threads = [threading.Thread(target=run, args=(s,)) for s in (one, two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = one.store.occurrences(p.series.id)
    assert len({r.start for r in rows}) == len(rows)
    starts = [c["start"] for c in live.creates()]
    assert len(starts) == len(set(starts))
    one.store.close()
    two.store.close()


def test_a_booking_pass_stops_at_its_budget_and_says_bookings_are_left(env):
    service, scheduler, live, _, clock = env
    p = service.propose(ALICE, "news every day 9pm for 1h")
    service.confirm_series(p.series.id, "U1")
    before = len(live.creates())
    clock.now += 2 * DAY  # two more days come into Live's horizon
    assert service.bookings_due(budget=0.0) is True  # none created within no time at all
    assert len(live.creates()) == before
    assert service.bookings_due() is False  # the next pass creates them: none left
    assert len(live.creates()) == before + 2
    scheduler.tick()
    assert scheduler._bookings_left is False


def test_next_passes_over_a_skipped_recording_everywhere_it_is_shown(env):
    from bot.ui.series import series_ask_card, series_line, series_parent_card, series_show_card
    from bot.ui.shell import PlainFmt, plain

    service, _, _, _, clock = env
    p = weekday_series(service)
    service.confirm_series(p.series.id, "U1")
    friday = sh(2026, 11, 27, 19)
    service.skip(p.series.id, "U1", start=friday)  # the next one
    series = service.store.series(p.series.id)
    gone = service.store.not_run(series.id)
    assert gone == {friday}
    assert series.next_start(clock.now, gone) == sh(2026, 11, 30, 19)
    fmt, rows = PlainFmt(), service.store.occurrences(series.id)
    monday = "Mon 30 Nov 2026 19:00"
    assert monday in plain(series_line(fmt, series, clock.now, series.tz, gone))
    assert monday in plain(" ".join(series_parent_card(fmt, series, rows, clock.now).lines))
    show = series_show_card(fmt, series, rows, clock.now, series.tz)
    assert plain(" ".join(show.lines)).split("Next: ")[1].startswith(monday)
    service.pause(series.id, "U1")
    ask = series_ask_card(fmt, service.store.series(series.id), "resume", clock.now, None, gone)
    assert monday in plain(ask.title)
