"""Bookings: a window (or part) Live will not take yet is logged `booked` at Confirm and created
by the scheduler when Live will take it, once, with a Confirm's safety; failures are retried
until a deadline and told to the requester in person; downtime is caught up at start-up."""

import threading
from datetime import UTC, datetime

import pytest

from bot.access import Access
from bot.errors import LiveAmbiguous, LiveError, LiveUnreachable
from bot.lifecycle import Scheduler
from bot.outcomes import Defaults
from bot.service import BOOKING_RETRY, RecordService
from bot.slack.notifier import _personal
from bot.store import TaskStore
from bot.tasks import Notice, NoticeKind
from bot.ui.cards import outcome_card, proposal_card
from bot.ui.lists import list_card, show_card
from bot.ui.shell import PlainFmt, render

from fakes import ALICE, NOW, Clock, FakeLive, RecordingNotifier


def build(path=":memory:", clock=None, live=None):
    """The service and a scheduler on its production booking pass (series booked ahead, due
    bookings created), on a fake Live; `live` shares one across a restart."""
    clock = clock or Clock(NOW)
    store = TaskStore(path, clock=clock)
    notes = RecordingNotifier()
    live = live or FakeLive(clock)
    service = RecordService(store, live, Defaults("5000.live.push.com"), notes, Access(), clock)
    scheduler = Scheduler(
        store, notes, clock=clock, settle=service.settle_pending, bookings=service.bookings_due
    )
    return service, scheduler, live, notes, clock


@pytest.fixture
def env():
    service, scheduler, live, notes, clock = build()
    yield service, scheduler, live, notes, clock
    service.store.close()


def ts(y, mo, d, h, mi=0):
    return int(datetime(y, mo, d, h, mi, tzinfo=UTC).timestamp())


def book(service, text):
    p = service.propose(ALICE, text)
    outcomes = service.confirm_group(p.main.id, "U1")
    assert {o.kind for o in outcomes} == {"booked"}, outcomes
    return p, [o.row for o in outcomes]


def test_a_booking_ten_days_ahead_is_created_once_when_live_takes_it(env):
    service, scheduler, live, notes, clock = env
    # now Thu 26 Nov 20:00 in Shanghai; Sun 6 Dec 20:00-22:00 is 10 days ahead
    p = service.propose(ALICE, "livetest in 10 days for 2h")
    card = render(proposal_card(PlainFmt(), p))
    assert "Live takes a task only 6 days ahead" in card
    # 6 days before its start, plus a minute's margin, in the requester's zone
    assert "creates it on Live by itself on Mon 30 Nov 2026 20:01 (Asia/Shanghai" in card
    out = service.confirm(p.main.id, "U1")
    assert out.kind == "booked" and out.row.status == "booked"
    assert out.row.create_at == ts(2026, 11, 30, 12, 1)
    assert "Booked" in render(outcome_card(PlainFmt(), out))
    assert live.calls == [] and notes.events == []

    scheduler.tick()
    clock.now = out.row.create_at - 1
    scheduler.tick()
    assert live.creates() == []  # not a second early

    clock.now = out.row.create_at
    scheduler.tick()
    scheduler.tick()  # a second tick creates nothing more
    assert [(c["start"], c["end"]) for c in live.creates()] == [(out.row.start, out.row.end)]
    row = service.store.get(out.row.id)
    assert row.status == "created" and row.task_id == "task-1"
    created = [n for n in notes.notices if n.kind == "created"]
    assert len(created) == 1 and not created[0].late


def test_two_schedulers_racing_create_a_booking_once(env):
    service, scheduler, live, _, clock = env
    _, rows = book(service, "livetest in 10 days for 2h")
    clock.now = rows[0].create_at + 5
    others = [
        Scheduler(service.store, scheduler.notifier, clock=clock, bookings=service.create_due)
        for _ in range(4)
    ]
    threads = [threading.Thread(target=s.tick) for s in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    scheduler.tick()
    assert len(live.creates()) == 1


def test_a_refusal_for_now_is_retried_and_told_in_person(env):
    service, scheduler, live, notes, clock = env
    _, rows = book(service, "livetest in 10 days for 2h")
    clock.now = rows[0].create_at
    live.fail_next("CreateRecordTask", LiveUnreachable("ConnectionRefused", "no route", ""))
    scheduler.tick()
    row = service.store.get(rows[0].id)
    assert row.status == "booked" and row.create_at == clock.now + BOOKING_RETRY
    told = [n for n in notes.notices if n.kind == NoticeKind.BOOKING_FAILED]
    assert len(told) == 1 and "keeps trying" in told[0].detail
    assert _personal(told[0].row, told[0])  # Slack sends it to the requester in person
    # refused again: retried, not told twice
    live.fail_next("CreateRecordTask", LiveError("InternalError.SystemError", "busy", "r"))
    clock.now += BOOKING_RETRY
    scheduler.tick()
    assert service.store.get(rows[0].id).status == "booked"
    clock.now += BOOKING_RETRY
    scheduler.tick()
    row = service.store.get(rows[0].id)
    assert row.status == "created" and len(live.tasks) == 1
    assert [k for k, _ in notes.events] == ["booking_failed", "created"]


def test_a_definite_refusal_is_final_and_told_in_person(env):
    service, scheduler, live, notes, clock = env
    _, rows = book(service, "livetest in 10 days for 2h")
    clock.now = rows[0].create_at
    live.fail_next("CreateRecordTask", LiveError("ResourceNotFound.StopService", "arrears", "r"))
    scheduler.tick()
    clock.now += 3600
    scheduler.tick()
    row = service.store.get(rows[0].id)
    assert row.status == "failed" and row.error_code == "ResourceNotFound.StopService"
    told = [n for n in notes.notices if n.kind == NoticeKind.BOOKING_FAILED]
    assert len(told) == 1 and "will not be tried again" in told[0].detail
    assert len(live.creates()) == 1


def test_an_ambiguous_create_is_looked_up_never_sent_twice(env):
    service, scheduler, live, notes, clock = env
    _, rows = book(service, "livetest in 10 days for 2h")
    clock.now = rows[0].create_at
    live.fail_next(
        "CreateRecordTask", LiveAmbiguous("ReadTimeout", "timed out", ""), takes_effect=True
    )
    scheduler.tick()
    assert len(live.creates()) == 1
    row = service.store.get(rows[0].id)
    assert row.status == "created" and row.task_id == "task-1"


def test_a_48h_window_a_week_ahead_is_created_part_by_part(env):
    service, scheduler, live, notes, clock = env
    # Fri 4 Dec 20:00 Shanghai for 48 h, planned Thu 26 Nov: part 1 on Sat 28 Nov 20:01, part 2
    # a day later
    p, rows = book(service, "livetest 2026-12-04 20:00 for 48h")
    assert [r.create_at for r in rows] == [ts(2026, 11, 28, 12, 1), ts(2026, 11, 29, 12, 1)]
    card = render(proposal_card(PlainFmt(), p))
    assert "Part 1:" in card and "booked, created by recordbot on Sat 28 Nov 2026 20:01" in card
    clock.now = rows[0].create_at
    scheduler.tick()
    assert [c["start"] for c in live.creates()] == [rows[0].start]
    assert service.store.get(rows[1].id).status == "booked"
    clock.now = rows[1].create_at
    scheduler.tick()
    scheduler.tick()
    assert [c["start"] for c in live.creates()] == [rows[0].start, rows[1].start]
    assert [service.store.get(r.id).status for r in rows] == ["created", "created"]
    # stopped together: both parts, each on Live
    out = service.stop(service.store.get(rows[0].id).task_id, "U1")
    assert out.kind == "stopped" and "all 2 parts" in out.note


def test_after_downtime_a_due_booking_is_created_late(tmp_path):
    path = str(tmp_path / "log.db")
    service, _, _, _, clock = build(path)
    _, rows = book(service, "livetest in 10 days for 2h")
    service.store.close()
    # the bot was down from before create_at until 3 days after it; the window has not ended
    clock.now = rows[0].create_at + 3 * 86400
    service, scheduler, live, notes, _ = build(path, clock)
    scheduler.tick()  # the first tick at start-up
    assert len(live.creates()) == 1
    created = [n for n in notes.notices if n.kind == "created"]
    assert len(created) == 1 and created[0].late
    service.store.close()


def test_after_downtime_a_booking_whose_start_passed_records_the_rest(tmp_path):
    path = str(tmp_path / "log.db")
    service, _, _, _, clock = build(path)
    _, rows = book(service, "livetest in 10 days for 2h")
    service.store.close()
    clock.now = rows[0].start + 1800  # down until half an hour into the window
    service, scheduler, live, notes, _ = build(path, clock)
    scheduler.tick()
    (sent,) = live.creates()
    assert sent["start"] is None and sent["end"] == rows[0].end  # from now, to its end
    assert service.store.get(rows[0].id).status == "created"
    service.store.close()


def test_after_downtime_a_booking_whose_window_ended_fails_and_is_told(tmp_path):
    path = str(tmp_path / "log.db")
    service, _, _, _, clock = build(path)
    _, rows = book(service, "livetest in 10 days for 2h")
    service.store.close()
    clock.now = rows[0].end + 60
    service, scheduler, live, notes, _ = build(path, clock)
    scheduler.tick()
    assert live.calls == []
    row = service.store.get(rows[0].id)
    assert row.status == "failed" and row.error_code == "BookingMissed"
    (told,) = notes.notices
    assert told.kind == NoticeKind.BOOKING_FAILED and "window ended" in told.detail
    assert _personal(told.row, told)
    service.store.close()


def test_stopping_a_booked_recording_cancels_it_without_live(env):
    service, scheduler, live, notes, clock = env
    _, rows = book(service, "livetest in 10 days for 2h")
    row = service.store.get(rows[0].id)
    assert service.affected(row, "stop") == [row]
    out = service.stop(f"#{row.ref}", "U1")
    assert out.kind == "stopped" and "nothing was sent to Live" in out.note
    assert "Cancelled booking" in render(outcome_card(PlainFmt(), out))
    assert service.store.get(row.id).status == "cancelled"
    clock.now = row.create_at + 10
    scheduler.tick()
    assert live.calls == [] and notes.events == []
    with pytest.raises(Exception, match="booking, cancelled"):
        service.stop(f"#{row.ref}", "U1")


def test_stopping_a_split_window_stops_the_created_part_and_cancels_the_booked_one(env):
    service, _, live, _, _ = env
    # part 1 Live takes now, part 2 is booked
    p = service.propose(ALICE, "livetest in 5 days for 48h")
    outcomes = service.confirm_group(p.main.id, "U1")
    assert [o.kind for o in outcomes] == ["created", "booked"]
    out = service.delete(outcomes[0].row.task_id, "U1")
    assert out.kind == "deleted"
    assert [c[0] for c in live.calls].count("DeleteRecordTask") == 1
    statuses = [service.store.get(o.row.id).status for o in outcomes]
    assert statuses == ["deleted", "cancelled"]


def test_list_and_show_say_when_a_booking_is_created(env):
    service, _, _, _, clock = env
    _, rows = book(service, "livetest in 10 days for 2h")
    listing = service.listing()
    assert [r.id for r in listing.upcoming] == [rows[0].id]
    text = render(list_card(PlainFmt(), listing.rows, clock(), None, "Asia/Shanghai"))
    assert "booked: created by recordbot on Mon 30 Nov 2026 20:01" in text
    row, events, files = service.show(f"#{rows[0].ref}")
    text = render(show_card(PlainFmt(), row, events, clock(), "Asia/Shanghai", files))
    assert "booked: created by recordbot on Mon 30 Nov 2026 20:01" in text


def test_personal_notice_kinds_include_a_failed_booking(env):
    service, _, _, _, _ = env
    _, rows = book(service, "livetest in 10 days for 2h")
    assert _personal(rows[0], Notice(rows[0], NoticeKind.BOOKING_FAILED, detail="x"))


def test_tasks_json_carries_create_at(tmp_path, monkeypatch, capsys):
    import json

    from bot.cli import main

    path = str(tmp_path / "log.db")
    service, _, _, _, clock = build(path, Clock(datetime.now(UTC).timestamp()))
    p, rows = book(service, "livetest in 10 days for 2h")
    now_row = service.confirm(service.propose(ALICE, "livetest tomorrow 9am for 1h").main.id, "U1")
    assert now_row.kind == "created"
    service.store.close()
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("RECORDBOT_DB", path)
    for key in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    assert main(["tasks", "--json"]) == 0
    tasks = {t["id"]: t for t in json.loads(capsys.readouterr().out)}
    booked = tasks[rows[0].id]
    at = datetime.fromtimestamp(rows[0].create_at, UTC).isoformat(timespec="seconds")
    assert booked["status"] == "booked" and booked["create_at"] == at
    assert booked["series"] is None
    assert tasks[now_row.row.id]["create_at"] is None
