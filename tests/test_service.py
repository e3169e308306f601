"""Use cases over strict fakes (the Live API and notices are the only things faked)."""

from datetime import UTC, datetime

import pytest

from bot.access import Access
from bot.errors import (
    InvalidState,
    LiveAmbiguous,
    LiveError,
    NotAllowed,
    ResolveError,
    StorageError,
    TaskNotFound,
)
from bot.live.api import RemoteTask
from bot.outcomes import Defaults, Requester
from bot.service import CREATE_LEASE, RECHECK, RecordService

from fakes import ALICE, NOW, FakeLive, RecordingNotifier


@pytest.fixture
def env(clock, store):
    live = FakeLive(clock)
    notes = RecordingNotifier()
    service = RecordService(
        store, live, Defaults("5000.live.push.com", "live", 7), notes, Access(), clock
    )
    return service, live, notes, clock


def ts(y, mo, d, h, mi=0):
    return int(datetime(y, mo, d, h, mi, tzinfo=UTC).timestamp())


def test_propose_writes_a_card_and_calls_nothing(env):
    service, live, notes, _ = env
    p = service.propose(ALICE, "livetest tomorrow 9am to 11:30am")
    row = p.main
    assert (row.stream, row.app, row.domain, row.template_id) == (
        "livetest",
        "live",
        "5000.live.push.com",
        7,
    )
    # 9am Shanghai on Friday 27 Nov is 01:00 UTC
    assert (row.start, row.end) == (ts(2026, 11, 27, 1), ts(2026, 11, 27, 3, 30))
    assert row.status == "proposed" and row.tz == "Asia/Shanghai"
    assert live.calls == [] and notes.events == []


def test_confirm_creates_once_however_often_pressed(env):
    service, live, notes, _ = env
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    first = service.confirm(row.id, "U1")
    assert first.kind == "created" and first.row.task_id == "task-1"
    assert live.creates() == [
        {
            "stream": "livetest",
            "domain": "5000.live.push.com",
            "app": "live",
            "start": ts(2026, 11, 27, 1),
            "end": ts(2026, 11, 27, 3),
            "template_id": 7,
        }
    ]
    again = service.confirm(row.id, "U1")
    assert again.kind == "already" and "task-1" in again.note
    assert len(live.creates()) == 1
    assert notes.events == [("created", "task-1")]


def test_a_card_is_its_owners(env):
    service, live, _, _ = env
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    # someone else holding the card's id can neither confirm nor cancel it
    with pytest.raises(NotAllowed, match="someone else's request"):
        service.confirm(row.id, "U2")
    with pytest.raises(NotAllowed, match="someone else's request"):
        service.cancel(row.id, "U2")
    assert service.store.get(row.id).status == "proposed" and live.creates() == []
    # an admin may act on it
    service.access = Access(admins=("U7",))
    assert service.confirm(row.id, "U7").kind == "created"


def test_a_starts_now_window_is_sent_without_start_and_keeps_its_length(env):
    service, live, _, clock = env
    row = service.propose(ALICE, "livetest now for 90 minutes").main
    assert row.starts_now and row.end - row.start == 5400
    clock.advance(40)
    service.confirm(row.id, "U1")
    sent = live.creates()[0]
    assert sent["start"] is None and sent["end"] == int(NOW) + 40 + 5400


def test_business_error_fails_the_row_and_is_not_retried(env):
    service, live, notes, _ = env
    live.fail_next(
        "CreateRecordTask", LiveError("ResourceUnavailable.InvalidVodStatus", "VOD off", "req-9")
    )
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    out = service.confirm(row.id, "U1")
    assert out.kind == "failed" and out.error.code == "ResourceUnavailable.InvalidVodStatus"
    assert (out.row.status, out.row.error_code, out.row.request_id) == (
        "failed",
        "ResourceUnavailable.InvalidVodStatus",
        "req-9",
    )
    assert len(live.creates()) == 1 and notes.events == []
    # after fixing VOD, the same card can be confirmed again
    assert service.confirm(row.id, "U1").kind == "created"
    assert len(live.creates()) == 2


def test_lost_reply_is_looked_up_not_resent(env):
    service, live, notes, _ = env
    live.fail_next(
        "CreateRecordTask", LiveAmbiguous("ClientNetworkError", "timed out"), takes_effect=True
    )
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    out = service.confirm(row.id, "U1")
    assert out.kind == "created" and out.row.task_id == "task-1"
    assert len(live.creates()) == 1 and len(live.tasks) == 1
    assert [a for a, _ in live.calls] == ["CreateRecordTask", "DescribeRecordTask"]
    assert notes.events == [("created", "task-1")]


def test_a_lost_reply_is_never_sent_again_and_is_settled_by_patient_lookup(env):
    service, live, notes, clock = env
    live.fail_next("CreateRecordTask", LiveAmbiguous("ClientNetworkError", "reset"))
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    out = service.confirm(row.id, "U1")
    # one lookup finds nothing yet: the person is told it is being checked, nothing is resent
    assert out.kind == "uncertain" and service.store.get(row.id).status == "pending"
    assert [a for a, _ in live.calls] == ["CreateRecordTask", "DescribeRecordTask"]
    assert service.settle_pending() == [] and len(live.creates()) == 1
    # Live applies the create late (as it may, a minute or more after the timeout)
    live.tasks["late-1"] = RemoteTask(
        "late-1", row.domain, row.app, row.stream, row.start, row.end, 7, 0
    )
    clock.advance(60)
    (settled,) = service.settle_pending()
    assert (settled.status, settled.task_id) == ("created", "late-1")
    assert notes.events[-1] == ("created", "late-1")  # the thread tells the person
    assert len(live.creates()) == 1  # one Confirm, one create


def test_a_create_that_never_took_effect_fails_after_patience_and_says_so(env):
    service, live, notes, clock = env
    live.fail_next("CreateRecordTask", LiveAmbiguous("ServerNetworkError", "502 Bad Gateway"))
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    assert service.confirm(row.id, "U1").kind == "uncertain"
    clock.advance(service.create_patience - 1)
    assert service.settle_pending() == []  # still looking
    clock.advance(RECHECK)  # the next look
    (settled,) = service.settle_pending()
    assert settled.status == "failed" and settled.error_code == "NotCreated"
    assert notes.events[-1] == ("not_created", None)
    assert len(live.creates()) == 1


def test_a_second_settler_leaves_a_row_another_holds(env):
    service, live, _, clock = env
    live.fail_next("CreateRecordTask", LiveAmbiguous("ClientNetworkError", "reset"))
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    service.confirm(row.id, "U1")
    held = service.store.lease(row.id, "other-host:1", clock(), clock() + 30)
    assert held is not None
    calls = len(live.calls)
    assert service.settle_pending() == [] and len(live.calls) == calls  # not even looked up
    clock.advance(31)  # the other holder's lease ran out
    service.settle_pending()
    assert len(live.calls) == calls + 1


def test_a_confirm_in_flight_is_not_settled_behind_its_back(env):
    service, live, _, _ = env
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    # a Confirm's own create holds the row (here: pending, create not yet answered)
    service.store.transition(
        row.id, ["proposed"], "pending", lease_until=service.clock() + 90, lease_owner="x:1"
    )
    assert service.settle_pending() == [] and live.calls == []


def test_unknown_outcome_stays_pending_and_reconcile_settles_it(env):
    service, live, _, _ = env
    live.fail_next(
        "CreateRecordTask", LiveAmbiguous("ClientNetworkError", "timed out"), takes_effect=True
    )
    live.fail_next("DescribeRecordTask", LiveAmbiguous("ClientNetworkError", "timed out"))
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    out = service.confirm(row.id, "U1")
    assert out.kind == "uncertain" and service.store.get(row.id).status == "pending"
    assert service.confirm(row.id, "U1").kind == "in_progress"
    settled = service.reconcile()
    assert [(r.status, r.task_id) for r in settled] == [("created", "task-1")]
    assert len(live.creates()) == 1


def test_reconcile_fails_pending_rows_that_never_reached_live(env):
    service, live, _, clock = env
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    service.store.transition(row.id, ["proposed"], "pending")  # a crash right after this write
    assert service.reconcile() == []  # Live may yet apply a create: keep looking a while
    clock.advance(service.create_patience)
    (settled,) = service.reconcile()
    assert settled.status == "failed" and settled.error_code == "NotCreated"
    assert live.creates() == []


def test_two_readings_confirming_one_cancels_the_other(env):
    service, live, _, _ = env
    # 20:00 in Shanghai now: a window 19:00-23:30 is under way
    p = service.propose(ALICE, "livetest 7pm to 11:30pm")
    assert len(p.rows) == 2
    now_reading, tomorrow = p.rows
    assert now_reading.starts_now and tomorrow.start == ts(2026, 11, 27, 11)
    assert service.confirm(tomorrow.id, "U1").kind == "created"
    assert service.store.get(now_reading.id).status == "cancelled"
    assert service.confirm(now_reading.id, "U1").kind == "cancelled"
    assert len(live.creates()) == 1


def test_cancel_creates_nothing(env):
    service, live, _, _ = env
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    assert service.cancel(row.id, "U1").kind == "cancelled"
    assert service.confirm(row.id, "U1").kind == "cancelled"
    assert live.calls == []


def test_bad_window_is_refused_before_any_call(env):
    service, live, _, _ = env
    with pytest.raises(ResolveError) as err:
        service.propose(ALICE, "livetest in 6 days for 80h")
    assert err.value.code == "too_long"
    assert live.calls == [] and service.store.list() == []


def test_a_window_live_will_not_take_yet_is_booked_at_confirm(env):
    service, live, notes, _ = env
    # now: Thu 26 Nov 20:00 in Shanghai; Wed 2 Dec 20:00 for 30h is two parts beyond Live's
    # horizon (part 1 ends exactly now + 7 days)
    p = service.propose(ALICE, "livetest in 6 days for 30h")
    parts = p.rows
    assert len(parts) == 2 and parts[0].grp == parts[1].grp
    assert [r.create_at for r in parts] == [ts(2026, 11, 26, 12, 1), ts(2026, 11, 27, 12, 1)]
    outcomes = service.confirm_group(parts[0].id, "U1")
    assert [o.kind for o in outcomes] == ["booked", "booked"]
    assert [service.store.get(r.id).status for r in parts] == ["booked", "booked"]
    assert live.calls == [] and notes.events == []
    audit = service.store.audit_rows()[0]
    assert (audit["action"], audit["outcome"]) == ("confirm", "booked")
    # pressed again: nothing more
    assert [o.kind for o in service.confirm_group(parts[0].id, "U1")] == ["already", "already"]


def test_a_booking_card_in_chinese_is_proposed(env):
    service, _, _, _ = env
    p = service.propose(ALICE, "livetest 下周五晚上8点录2小时")
    assert p.resolution.lang == "zh"
    assert p.main.create_at == ts(2026, 11, 28, 12, 1)  # 6 days before, plus the margin


def test_stale_card_window_already_over_is_refused(env):
    service, live, _, clock = env
    row = service.propose(ALICE, "livetest 9pm to 10pm").main
    clock.advance(3 * 3600)
    assert service.confirm(row.id, "U1").kind == "cancelled"
    assert live.calls == []


def test_fourth_overlapping_task_is_refused(env):
    service, live, _, _ = env
    for _ in range(3):
        service.confirm(service.propose(ALICE, "livetest tomorrow 9am to 11am").main.id, "U1")
    fourth = service.confirm(service.propose(ALICE, "livetest tomorrow 10am to 11am").main.id, "U1")
    assert fourth.kind == "failed" and fourth.error.code == "LimitExceeded.MaximumRunningTask"
    assert len(live.creates()) == 3


def test_stop_and_delete(env):
    service, live, notes, _ = env
    created = service.confirm(service.propose(ALICE, "livetest now for 1h").main.id, "U1").row
    stopped = service.stop(created.task_id, "U2")
    assert stopped.kind == "stopped" and stopped.row.stopped_by == "U2"
    assert live.tasks[created.task_id].stopped
    deleted = service.delete(created.task_id, "U2")
    assert deleted.row.status == "deleted" and created.task_id not in live.tasks
    assert notes.events == [("created", "task-1"), ("stopped", "task-1"), ("deleted", "task-1")]
    kinds = [e["kind"] for e in service.show(created.task_id)[1]]
    assert kinds == ["requested", "pending", "created", "stopped", "deleted"]


def test_access_control_refuses_before_anything(env):
    service, live, _, _ = env
    service.access = Access(frozenset({"U9"}))
    with pytest.raises(NotAllowed, match="RECORDBOT_ALLOWED_USERS"):
        service.propose(ALICE, "livetest now for 1h")
    assert live.calls == [] and service.store.list() == []


def test_failed_notice_does_not_lose_the_task(env):
    service, live, notes, _ = env

    def broken(row, kind, **kwargs):
        raise RuntimeError("slack down")

    notes.event = broken
    out = service.confirm(service.propose(ALICE, "livetest now for 1h").main.id, "U1")
    assert out.kind == "created" and service.store.by_task_id(out.row.task_id).status == "created"


def test_internal_network_error_on_create_is_looked_up_first(env):
    service, live, _, _ = env
    live.fail_next(
        "CreateRecordTask",
        LiveError("InternalError.NetworkError", "internal network"),
        takes_effect=True,
    )
    out = service.confirm(service.propose(ALICE, "livetest tomorrow 9am to 11am").main.id, "U1")
    assert out.kind == "created" and len(live.tasks) == 1
    assert [a for a, _ in live.calls] == ["CreateRecordTask", "DescribeRecordTask"]


def test_every_action_lands_in_the_audit_table(env):
    service, live, _, _ = env
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    with pytest.raises(ResolveError):
        service.propose(ALICE, "livetest in 6 days for 80h")
    created = service.confirm(row.id, "U1", "C1").row
    service.confirm(row.id, "U1", "C1")
    other = service.propose(ALICE, "livetest tomorrow 1pm to 2pm").main
    service.cancel(other.id, "U1")
    service.stop(created.task_id, "U1", "C1")
    service.access = Access(frozenset({"U9"}))
    with pytest.raises(NotAllowed):
        service.propose(ALICE, "livetest now for 1h")
    rows = list(reversed(service.store.audit_rows()))
    assert [(r["user"], r["action"], r["outcome"]) for r in rows] == [
        ("U1", "request", "proposed"),
        ("U1", "request", "refused:too_long"),
        ("U1", "confirm", "created"),
        ("U1", "confirm", "already"),
        ("U1", "request", "proposed"),
        ("U1", "cancel", "cancelled"),
        ("U1", "stop", "stopped"),
        ("U1", "request", "refused:NotAllowed"),
    ]
    assert rows[2]["task"] == created.task_id and rows[2]["channel"] == "C1"


def test_a_window_over_24h_is_offered_as_consecutive_tasks(env):
    service, live, notes, clock = env
    p = service.propose(ALICE, "livetest tomorrow 9am for 30h")
    parts = p.rows
    assert len(parts) == 2 and parts[0].grp and parts[0].grp == parts[1].grp
    start = ts(2026, 11, 27, 1)
    assert [(r.start, r.end) for r in parts] == [
        (start, start + 86400),
        (start + 86400, start + 30 * 3600),
    ]
    assert live.calls == []
    outcomes = service.confirm_group(parts[1].id, "U1")
    assert [o.kind for o in outcomes] == ["created", "created"]
    assert [(c["start"], c["end"]) for c in live.creates()] == [
        (start, start + 86400),
        (start + 86400, start + 30 * 3600),
    ]
    # pressing again sends nothing more
    assert [o.kind for o in service.confirm_group(parts[0].id, "U1")] == ["already", "already"]
    assert len(live.creates()) == 2
    # stopping one part stops the whole recording
    clock.advance(13 * 3600 + 600)  # into part 1
    out = service.stop(outcomes[1].row.task_id, "U2")
    assert out.kind == "stopped" and "all 2 parts" in out.note
    assert all(t.stopped for t in live.tasks.values())
    assert [service.store.get(r.id).status for r in parts] == ["stopped", "stopped"]


def test_a_long_window_part_live_takes_now_is_created_the_other_booked(env):
    service, live, _, _ = env
    # part 1 Live takes now; part 2 ends exactly now + 7 days, so not yet (a minute later)
    parts = service.propose(ALICE, "livetest in 5 days for 48h").rows
    assert parts[0].create_at is None and parts[1].create_at == ts(2026, 11, 26, 12, 1)
    outcomes = service.confirm_group(parts[0].id, "U1")
    assert [o.kind for o in outcomes] == ["created", "booked"]
    assert len(live.creates()) == 1


def test_another_reading_beyond_lives_horizon_is_offered_as_a_booking(env):
    service, live, _, _ = env
    # Thu 20:00 in Shanghai: Thursday 19:00-21:00 is under way; next Thursday's is beyond Live's
    p = service.propose(ALICE, "livetest thursday 7pm to 9pm")
    assert len(p.rows) == 2 and p.main.starts_now and p.main.create_at is None
    assert p.rows[1].create_at == ts(2026, 11, 27, 11, 1)
    out = service.confirm(p.rows[1].id, "U1")
    assert out.kind == "booked" and live.calls == []
    assert service.store.get(p.main.id).status == "cancelled"


def test_a_failed_part_can_be_confirmed_again_without_doubling_the_others(env):
    service, live, _, _ = env
    parts = service.propose(ALICE, "livetest tomorrow 9am for 30h").rows
    live.fail_next("CreateRecordTask", LiveError("InternalError", "boom", "req-x"))
    first = service.confirm_group(parts[0].id, "U1")
    assert [o.kind for o in first] == ["failed", "created"]
    again = service.confirm_group(parts[0].id, "U1")
    assert [o.kind for o in again] == ["created", "already"]
    assert len(live.tasks) == 2


def test_refusal_names_whom_to_ask(env):
    service, _, _, _ = env
    service.access = Access(frozenset({"U9"}), admins=("U9",))
    with pytest.raises(NotAllowed, match="an admin") as err:
        service.propose(ALICE, "livetest now for 1h")
    assert err.value.admins == ("U9",)
    service.access = Access(channels=frozenset({"C9"}))
    with pytest.raises(NotAllowed, match="RECORDBOT_ALLOWED_CHANNELS"):
        service.propose(ALICE, "livetest now for 1h")


def test_a_delete_refused_because_the_task_is_already_gone_counts_as_deleted(env):
    service, live, _, _ = env
    created = service.confirm(
        service.propose(ALICE, "livetest tomorrow 9am to 10am").main.id, "U1"
    ).row
    del live.tasks[created.task_id]  # an earlier try went through but its reply was lost
    live.fail_next(
        "DeleteRecordTask", LiveError("InvalidParameter", "TaskId does not exist", "req-d")
    )
    assert service.delete(created.task_id, "U1").kind == "deleted"


def test_a_delete_refused_while_the_task_still_exists_is_a_failure(env):
    service, live, _, _ = env
    created = service.confirm(
        service.propose(ALICE, "livetest tomorrow 9am to 10am").main.id, "U1"
    ).row
    live.fail_next("DeleteRecordTask", LiveError("InvalidParameter", "bad", "req-d"))
    out = service.delete(created.task_id, "U1")
    assert out.kind == "failed" and service.store.get(created.id).status == "created"
    assert [e["kind"] for e in service.show(created.task_id)[1]][-1] == "delete_failed"


def test_a_user_group_that_cannot_be_read_refuses(env):
    service, live, _, _ = env

    def broken() -> frozenset[str]:
        raise RuntimeError("slack down")

    service.access = Access(group_members=broken)
    with pytest.raises(NotAllowed, match="could not check"):
        service.propose(ALICE, "livetest now for 1h")
    service.access = Access(group_members=lambda: frozenset({"U1"}))
    assert service.propose(ALICE, "livetest now for 1h").main.status == "proposed"


def test_deleting_a_recording_under_way_stops_it_first(env):
    # Live's DeleteRecordTask does not affect a running task: deleting alone would keep recording.
    service, live, notes, _ = env
    row = service.propose(ALICE, "livetest now for 1h").main
    task_id = service.confirm(row.id, "U1").row.task_id
    out = service.delete(task_id, "U2")
    assert out.kind == "deleted" and service.store.get(row.id).status == "deleted"
    assert [name for name, _ in live.calls[-2:]] == ["StopRecordTask", "DeleteRecordTask"]
    assert [kind for kind, _ in notes.events[-2:]] == ["stopped", "deleted"]


def test_deleting_a_task_not_begun_sends_only_the_delete(env):
    service, live, _, _ = env
    row = service.propose(ALICE, "livetest tomorrow 9am to 10am").main
    task_id = service.confirm(row.id, "U1").row.task_id
    service.delete(task_id, "U2")
    assert [name for name, _ in live.calls[-1:]] == ["DeleteRecordTask"]
    assert "StopRecordTask" not in [name for name, _ in live.calls]


def test_stop_or_delete_with_nothing_to_act_on_says_why_and_calls_nothing(env):
    service, live, _, clock = env
    row = service.propose(ALICE, "livetest now for 1h").main
    task_id = service.confirm(row.id, "U1").row.task_id
    clock.advance(2 * 3600)  # the recording has ended
    with pytest.raises(InvalidState, match="already ended"):
        service.stop(task_id, "U1")
    service.delete(task_id, "U1")
    calls = len(live.calls)
    with pytest.raises(InvalidState, match="already deleted"):
        service.delete(task_id, "U1")
    with pytest.raises(InvalidState, match="already deleted"):
        service.stop(task_id, "U1")
    assert len(live.calls) == calls


def test_a_fourth_task_running_at_once_is_predicted_on_the_card(env):
    service, live, _, _ = env
    for _ in range(3):
        row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
        service.confirm(row.id, "U1")
    sequential = service.propose(ALICE, "livetest tomorrow 11am to noon")
    assert not sequential.full  # touching the end of the others is not running at once
    proposal = service.propose(ALICE, "livetest tomorrow 10am to 10:30am")
    assert proposal.full and len(proposal.overlaps) == 3
    creates = len(live.creates())
    outcome = service.confirm(proposal.main.id, "U1")  # an old card's button still refuses
    assert outcome.kind == "failed" and outcome.error.code == "LimitExceeded.MaximumRunningTask"
    assert len(live.creates()) == creates


def test_the_same_window_again_names_the_task_it_repeats(env):
    service, _, _, _ = env
    first = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    task = service.confirm(first.id, "U1").row
    again = service.propose(ALICE, "livetest tomorrow 9am to 11am")
    assert again.same_as is not None and again.same_as.task_id == task.task_id
    assert service.propose(ALICE, "livetest tomorrow 9am to 10am").same_as is None


def test_the_task_id_survives_a_log_that_cannot_be_written(env, tmp_path):
    import sqlite3

    service, live, _, _ = env
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    real = service.store.transition

    def failing(row_id, from_statuses, to_status, **kw):
        if to_status == "created":
            raise sqlite3.OperationalError("disk I/O error")
        return real(row_id, from_statuses, to_status, **kw)

    service.store.transition = failing
    out = service.confirm(row.id, "U1")
    assert out.kind == "created" and out.row.task_id == "task-1" and "journal" in out.note
    # nothing more goes to Live while the log cannot keep it
    other = service.propose(ALICE, "livetest tomorrow 1pm to 2pm").main
    with pytest.raises(StorageError):
        service.confirm(other.id, "U1")
    assert len(live.creates()) == 1


def test_short_numbers_and_stream_names_find_tasks(env):
    service, _, _, _ = env
    first = service.confirm(service.propose(ALICE, "livetest tomorrow 9am to 10am").main.id, "U1")
    second = service.confirm(service.propose(ALICE, "news tomorrow 9am to 10am").main.id, "U1")
    assert (first.row.ref, second.row.ref) == (1, 2) and first.row.short == "#1"
    assert service.find("#2").id == second.row.id == service.find("2").id
    assert service.find("news").id == second.row.id  # the one recording of that stream
    service.confirm(service.propose(ALICE, "news tomorrow 1pm to 2pm").main.id, "U1")
    with pytest.raises(TaskNotFound, match="names 2 recordings.*#2.*#3"):
        service.find("news")
    with pytest.raises(TaskNotFound, match="No task `#9`"):
        service.find("#9")


class DiesMidNotice:
    """A notifier that writes its outbox row, then the process dies (SIGKILL, power cut)."""

    def __init__(self, store):
        self.store = store

    def notify(self, notice):
        self.store.outbox.add(notice.row.id, "reply", channel="C1", notice=notice.kind)
        raise SystemExit("killed")


def test_a_crash_between_a_change_and_its_notice_keeps_neither_so_nothing_is_lost(env):
    service, live, notes, clock = env
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    service.notifier = DiesMidNotice(service.store)
    with pytest.raises(SystemExit):
        service.confirm(row.id, "U1")
    # Live has the task; the log still says pending, with no half-written notice
    assert service.store.get(row.id).status == "pending" and len(live.tasks) == 1
    assert service.store.outbox.items() == []
    service.notifier = notes  # the next start settles it by looking, and owes its notice
    clock.advance(CREATE_LEASE)  # (in-process, the dead Confirm's lease runs out instead)
    assert [r.status for r in service.reconcile()] == ["created"]
    assert notes.events == [("created", "task-1")]

    service.notifier = DiesMidNotice(service.store)
    with pytest.raises(SystemExit):
        service.stop("task-1", "U1")
    assert service.store.get(row.id).status == "created"  # neither the stop nor its notice
    assert service.store.outbox.items() == []


def test_a_notice_that_fails_leaves_the_change_and_no_half_written_notice(env):
    service, live, _, _ = env

    class Fails(DiesMidNotice):
        def notify(self, notice):
            self.store.outbox.add(notice.row.id, "reply", channel="C1", notice=notice.kind)
            raise RuntimeError("slack notifier bug")

    service.notifier = Fails(service.store)
    row = service.propose(ALICE, "livetest tomorrow 9am to 11am").main
    assert service.confirm(row.id, "U1").kind == "created"
    assert service.store.get(row.id).status == "created" and service.store.outbox.items() == []


def test_extend_under_way_proposes_a_back_to_back_follow_up(env):
    service, live, _, _ = env
    row = service.confirm(service.propose(ALICE, "livetest now for 1h").main.id, "U1").row
    p = service.extend(ALICE, row.short, "30m")
    assert (p.main.start, p.main.end) == (row.end, row.end + 1800) and p.main.replaces is None
    assert "follow-up task" in p.resolution.notes[0]
    out = service.confirm(p.main.id, "U1")
    assert out.kind == "created" and len(live.tasks) == 2  # the first keeps recording


def test_extend_not_begun_replaces_the_task_once_the_longer_one_exists(env):
    service, live, _, _ = env
    row = service.confirm(service.propose(ALICE, "livetest tomorrow 9am to 10am").main.id, "U1").row
    p = service.extend(ALICE, row.short, "1h")
    assert (p.main.start, p.main.end) == (row.start, row.end + 3600)
    assert p.same_as is None  # the one it replaces is not a duplicate
    service.confirm(p.main.id, "U1")
    assert service.store.get(row.id).status == "deleted"
    assert [name for name, _ in live.calls[-1:]] == ["DeleteRecordTask"]
    assert len([t for t in live.tasks.values()]) == 1


def test_shorten_under_way_is_stopped_at_that_time_by_the_scheduler(env):
    service, live, _, clock = env
    row = service.confirm(service.propose(ALICE, "livetest now for 2h").main.id, "U1").row
    asked = service.shorten(ALICE, row.short, "9pm")  # NOW is 20:00 in ALICE's zone
    assert asked.stop_at == row.start + 3600 and service.store.get(row.id).stop_at is None
    service.stop_at(row.id, asked.stop_at, "U1")
    assert service.stop_due() == []  # not yet
    clock.advance(3600)
    (out,) = service.stop_due()
    assert out.kind == "stopped" and service.store.get(row.id).status == "stopped"
    assert [name for name, _ in live.calls[-1:]] == ["StopRecordTask"]


def test_shorten_outside_the_window_is_refused(env):
    service, _, _, _ = env
    row = service.confirm(service.propose(ALICE, "livetest now for 1h").main.id, "U1").row
    with pytest.raises(InvalidState, match="must fall inside it"):
        service.shorten(ALICE, row.short, "11pm")


def test_stop_all_of_a_stream_stops_what_the_card_listed(env):
    service, live, _, _ = env
    rows = [
        service.confirm(service.propose(ALICE, f"news tomorrow {h} for 1h").main.id, "U1").row
        for h in ("9am", "1pm")
    ]
    service.confirm(service.propose(ALICE, "other tomorrow 9am for 1h").main.id, "U1")
    listed = service.stoppable("news")
    assert [r.id for r in listed] == [r.id for r in rows]
    out = service.stop_rows([r.id for r in listed], "U1")
    assert out.kind == "stopped" and "Stopped 2: #1, #2" in out.note
    assert [service.store.get(r.id).status for r in rows] == ["stopped", "stopped"]


def test_a_repeating_schedule_is_a_series_card_and_sends_nothing_before_confirm(env):
    service, live, _, _ = env
    # now: Thu 26 Nov 20:00 in Shanghai, so today's 19:00 has begun: the series starts Friday
    p = service.propose(ALICE, "livetest every weekday 7pm for 1h")
    assert p.series.status == "proposed" and p.series.zone == "Asia/Shanghai"
    assert p.upcoming[0] == (ts(2026, 11, 27, 11), ts(2026, 11, 27, 12))
    assert live.calls == [] and service.store.list() == []
    zh = service.propose(ALICE, "livetest 每個工作日晚上7點到8點")
    assert zh.series.rule == p.series.rule and zh.upcoming == p.upcoming
    assert zh.resolution.lang == "zh"


def test_a_stream_one_or_two_letters_from_a_known_one_gets_did_you_mean(env):
    service, _, _, _ = env
    assert not service.propose(ALICE, "sports tomorrow 9am to 10am").resolution.notes  # first ever
    service.confirm(service.propose(ALICE, "sports tomorrow 9am to 10am").main.id, "U1")
    typo = service.propose(ALICE, "sprots tomorrow 1pm to 2pm").resolution.notes
    assert "did you mean `sports`?" in typo[-1]
    new = service.propose(ALICE, "newsdesk tomorrow 1pm to 2pm").resolution.notes
    assert "is a new stream" in new[-1]
    known = service.propose(ALICE, "sports tomorrow 3pm to 4pm").resolution.notes
    assert not any("new stream" in n or "did you mean" in n for n in known)
    zh = service.propose(ALICE, "spots 明天下午3点到4点").resolution.notes
    assert "是不是「sports」" in zh[-1]


def test_a_push_urls_secret_is_never_stored_in_the_log(env):
    service, _, _, _ = env
    typed = (
        "rtmp://5000.live.push.com/live/cctv5?txSecret=abc123&txTime=5F0E1A2B tomorrow 9am for 1h"
    )
    p = service.propose(ALICE, typed)
    assert p.main.stream == "cctv5" and "txSecret" not in p.main.command
    events = service.store.events(p.main.id)
    assert all("txSecret" not in (e["detail"] or "") for e in events)
    s = service.propose(ALICE, typed.replace("tomorrow 9am", "every day 9am"))
    assert "abc123" not in s.series.command


def test_the_slack_locale_decides_bare_hours_and_day_month_order(env):
    service, _, _, _ = env
    # now Thu 26 Nov 2026 12:00 UTC; London, where the zone alone says 24-hour and day first
    london_us = Requester("U9", "uma", "C1", tz="Europe/London", locale="en-US")
    p = service.propose(london_us, "livetest sat 1-4")
    assert (p.main.start, p.main.end) == (ts(2026, 11, 28, 13), ts(2026, 11, 28, 16))
    assert [r.start for r in p.rows[1:]] == [ts(2026, 11, 28, 1)]  # the other reading, offered
    us = service.propose(london_us, "livetest 3/12 9am for 1h").main
    assert us.start == ts(2027, 3, 12, 9)  # month first for en-US: next 12 March (GMT then)
    gb = Requester("U8", "gus", "C1", tz="America/New_York", locale="en-GB")
    p = service.propose(gb, "livetest 3/12 9am for 1h")
    assert p.main.start == ts(2026, 12, 3, 14)  # 3 December, 09:00 in New York
