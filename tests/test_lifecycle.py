"""The scheduler: due start/end notices found in the task log, claimed by compare-and-set,
posted once across ticks, threads and restarts, late ones marked late."""

import io
import threading
from datetime import UTC, datetime

import pytest

from bot.access import Access
from bot.lifecycle import GRACE, Notifiers, Scheduler
from bot.outcomes import Defaults, Requester
from bot.service import RecordService
from bot.store import DUE_SQL, TaskStore
from bot.store.migrations import migrations

from fakes import NOW, Clock, FakeLive, schedule


class Notes:
    """Records notices; can be told to fail the next few."""

    def __init__(self):
        self.events = []
        self.fail = 0
        self.lock = threading.Lock()

    def notify(self, notice):
        with self.lock:
            if self.fail:
                self.fail -= 1
                raise RuntimeError("slack is down")
            self.events.append((notice.kind, notice.row.task_id, notice.late))


def build(path=":memory:", clock=None):
    clock = clock or Clock(NOW)
    store = TaskStore(path, clock=clock)
    notes = Notes()
    service = RecordService(
        store, FakeLive(clock), Defaults("5000.live.push.com"), notes, Access(), clock
    )
    return service, Scheduler(store, notes, clock=clock), notes, clock


@pytest.fixture
def env():
    service, scheduler, notes, clock = build()
    yield service, scheduler, notes, clock
    service.store.close()


def kinds(notes):
    return [(k, late) for k, _, late in notes.events if k != "created"]


def test_nothing_is_due_before_the_start(env):
    service, scheduler, notes, clock = env
    row = schedule(service, "livetest in 10 minutes for 1h")
    assert service.store.due_notices(clock()) == []
    assert scheduler.tick() == [] and kinds(notes) == []
    assert [k for k, _ in service.store.due_notices(row.start)] == ["started"]
    assert [k for k, _ in service.store.due_notices(row.end)] == ["started", "ended"]


def test_start_and_end_are_posted_once_each_in_order(env):
    service, scheduler, notes, clock = env
    row = schedule(service, "livetest in 10 minutes for 1h")
    clock.now = row.start + 3
    assert [p.kind for p in scheduler.tick()] == ["started"]
    assert scheduler.tick() == []  # a second tick finds nothing to repeat
    clock.now = row.end + 3
    assert [p.kind for p in scheduler.tick()] == ["ended"]
    assert scheduler.tick() == []
    assert kinds(notes) == [("started", False), ("ended", False)]
    history = [e["kind"] for e in service.store.events(row.id)]
    assert history[-2:] == ["started", "ended"]


def test_a_starts_now_task_gets_its_start_notice_at_the_next_tick(env):
    service, scheduler, notes, _ = env
    schedule(service, "livetest now for 1h")
    assert [p.kind for p in scheduler.tick()] == ["started"]
    assert kinds(notes) == [("started", False)]


def test_notices_that_fell_due_while_down_are_posted_late_in_order(env):
    service, scheduler, notes, clock = env
    row = schedule(service, "livetest in 10 minutes for 1h")
    clock.now = row.end + 10 * 60
    posted = scheduler.tick()
    assert [(p.kind, p.late) for p in posted] == [("started", True), ("ended", True)]


def test_a_notice_within_the_grace_period_is_not_late(env):
    service, scheduler, notes, clock = env
    row = schedule(service, "livetest in 10 minutes for 1h")
    clock.now = row.start + GRACE
    assert [(p.kind, p.late) for p in scheduler.tick()] == [("started", False)]


def test_a_stopped_task_gets_no_end_notice(env):
    service, scheduler, notes, clock = env
    row = schedule(service, "livetest in 10 minutes for 1h")
    clock.now = row.start + 5
    scheduler.tick()
    assert service.stop(row.task_id, "U2").kind == "stopped"
    clock.now = row.end + 5
    assert scheduler.tick() == []
    assert [k for k, _, _ in notes.events] == ["created", "started", "stopped"]


def test_a_task_stopped_or_deleted_before_its_start_gets_no_notice(env):
    service, scheduler, notes, clock = env
    one = schedule(service, "livetest in 10 minutes for 1h")
    two = schedule(service, "othertest in 10 minutes for 1h")
    service.stop(one.task_id, "U1")
    service.delete(two.task_id, "U1")
    clock.now = one.end + 5
    assert scheduler.tick() == []


def test_a_recording_live_reported_failed_gets_no_start_notice(env):
    service, scheduler, notes, clock = env
    row = schedule(service, "livetest in 10 minutes for 1h")
    service.store.set_record_state(row.id, "failed", "no VOD")
    clock.now = row.start + 5
    assert scheduler.tick() == []
    assert service.store.due_notices(clock.now) == []  # claimed, so not found again


def test_a_notice_that_could_not_be_posted_is_tried_again(env):
    service, scheduler, notes, clock = env
    row = schedule(service, "livetest in 10 minutes for 1h")
    notes.fail = 1
    clock.now = row.end + 1  # both due; the end waits for the start
    assert scheduler.tick() == []
    assert [k for k, _ in service.store.due_notices(clock.now)] == ["started", "ended"]
    assert scheduler.tick() == []  # backing off
    clock.advance(scheduler.interval * 2 + 1)
    assert [p.kind for p in scheduler.tick()] == ["started", "ended"]


def test_racing_ticks_post_each_notice_once(env):
    service, scheduler, notes, clock = env
    rows = [schedule(service, f"stream{i} in 10 minutes for 1h") for i in range(20)]
    clock.now = rows[0].end + 1
    others = [Scheduler(service.store, notes, clock=clock) for _ in range(4)]
    threads = [threading.Thread(target=s.tick) for s in [scheduler, *others]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(k for k, _ in kinds(notes)) == ["ended"] * 20 + ["started"] * 20


def test_a_restart_neither_loses_nor_repeats_notices(tmp_path):
    path = str(tmp_path / "log.db")
    service, scheduler, notes, clock = build(path)
    row = schedule(service, "livetest in 10 minutes for 1h")
    clock.now = row.start + 5
    scheduler.tick()
    service.store.close()  # the bot stops mid-window

    service, scheduler, notes2, _ = build(path, clock)
    clock.now = row.start + 60
    assert scheduler.tick() == []  # the start notice is not repeated
    clock.now = row.end + 5
    assert [p.kind for p in scheduler.tick()] == ["ended"]  # nor the end lost
    assert kinds(notes) + kinds(notes2) == [("started", False), ("ended", False)]
    service.store.close()


def test_the_due_query_runs_on_the_partial_indexes(env):
    service, _, _, _ = env
    plans = {}
    for kind, sql in DUE_SQL.items():
        rows = service.store.db.execute(f"EXPLAIN QUERY PLAN {sql}", [NOW, 200]).fetchall()
        plans[kind] = " ".join(str(r[-1]) for r in rows)
    assert "USING INDEX idx_tasks_start_due (start<?)" in plans["started"]
    assert "USING INDEX idx_tasks_end_due (end<?)" in plans["ended"]
    assert "TEMP B-TREE" not in " ".join(plans.values())  # the index gives the order too


def test_upgrading_an_old_log_does_not_announce_its_past(tmp_path, monkeypatch):
    path = str(tmp_path / "old.db")
    clock = Clock(datetime.now(UTC).timestamp())
    apply_all = migrations.apply
    monkeypatch.setattr(
        migrations, "apply", lambda db, **_: apply_all(db, stop_before="003_lifecycle")
    )
    old = TaskStore(path, clock=clock)
    for name, start in (("past", clock.now - 7200), ("future", clock.now + 600)):
        (row,) = old.add_proposals(
            [{"stream": name, "app": "live", "domain": "d", "start": int(start),
              "end": int(start) + 3600, "user": "U1", "tz": "UTC", "command": ""}],
            "U1",
        )  # fmt: skip
        # as the code of that time wrote it (no columns of later migrations)
        old.db.execute(
            "UPDATE tasks SET status = 'created', task_id = ? WHERE id = ?", [f"t-{name}", row.id]
        )
    old.close()
    monkeypatch.undo()

    service, scheduler, notes, _ = build(path, clock)
    assert "003_lifecycle" in service.store.migrations
    clock.now += 3600 + 601
    assert [(k, t) for k, t, _ in notes.events] == []
    scheduler.tick()
    assert [(k, t) for k, t, _ in notes.events] == [("started", "t-future"), ("ended", "t-future")]
    service.store.close()


def test_the_thread_ticks_until_stopped(env):
    service, scheduler, notes, clock = env
    schedule(service, "livetest now for 1h")
    ticked = threading.Event()
    scheduler.notifier = Notifiers(notes, _Signal(ticked))
    scheduler.interval = 0.01
    scheduler.start()
    try:
        assert ticked.wait(5)
    finally:
        scheduler.stop()
    assert ("started", False) in kinds(notes)


class _Signal:
    def __init__(self, ev):
        self.ev = ev

    def notify(self, notice):
        self.ev.set()


def test_a_failing_secondary_notifier_does_not_undo_the_notice(env):
    service, scheduler, notes, _ = env

    class Broken:
        def notify(self, notice):
            raise RuntimeError("home publish failed")

    scheduler.notifier = Notifiers(notes, Broken())
    schedule(service, "livetest now for 1h")
    assert [p.kind for p in scheduler.tick()] == ["started"]


def test_the_shell_prints_start_notices_before_each_line(tmp_path):
    from bot.app import run_shell
    from bot.config import load_settings

    settings = load_settings({"RECORDBOT_DB": str(tmp_path / "shell.db")}, dotenv_path=None)
    out = io.StringIO()
    lines = "/record livetest now for 1h\nconfirm\n/record list\n"
    assert run_shell(settings, "UTC", "alice", io.StringIO(lines), out) == 0
    text = out.getvalue()
    assert "[notice]" in text and "started" in text
    assert text.index("scheduled a recording") < text.index("Recording of")


def test_the_scheduler_expires_cards_nobody_confirmed(env):
    service, scheduler, _, clock = env
    row = service.propose(
        Requester("U1", "alice", "C1", tz="UTC"), "livetest tomorrow 9am to 10am"
    ).main
    scheduler.tick()
    assert service.store.get(row.id).status == "proposed"
    clock.now += 31 * 60
    scheduler.tick()
    assert service.store.get(row.id).status == "cancelled"
    assert service.store.events(row.id)[-1]["detail"] == "expired unconfirmed"


# -- the outbox: sent by the scheduler's drain, in order per lane, once -------------------------


class Sender:
    """Records what it was asked to send; fails as told (DeliveryError, or a function)."""

    def __init__(self, fail=None):  # noqa: ANN001
        self.sent = []
        self.tries = 0
        self.fail = fail  # item -> DeliveryError | None
        self.lock = threading.Lock()

    def send(self, item):  # noqa: ANN001
        with self.lock:
            self.tries += 1
            error = self.fail(item) if self.fail else None
            if error is not None:
                raise error
            self.sent.append((item.lane, item.id))
        return ("C1", f"{item.id}.0") if item.kind in ("parent", "reply") else None


def queue(store, lanes=5, each=3):  # noqa: ANN001
    ids = {}
    for n in range(lanes):
        lane = f"task{n}"
        ids[lane] = [store.outbox.add(lane, "reply", channel="C1", notice="started")]
        ids[lane] += [store.outbox.add(lane, "reply", channel="C1") for _ in range(each - 1)]
    return ids


def test_the_outbox_goes_out_once_and_in_order_under_failures_and_racing_drainers(env):
    from bot.lifecycle import DeliveryError

    service, _, notes, clock = env
    rng = __import__("random").Random(7)
    flaky = Sender(lambda item: DeliveryError("internal_error") if rng.random() < 0.3 else None)
    ids = queue(service.store, lanes=12, each=4)
    drainers = [Scheduler(service.store, notes, sender=flaky, clock=clock) for _ in range(4)]
    for _ in range(60):  # every pass: 4 drainers at once, then the backoffs run out
        threads = [threading.Thread(target=d.drain) for d in drainers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        clock.advance(301)
        if not service.store.outbox.items(unsent=True):
            break
    assert service.store.outbox.items(unsent=True) == []
    assert sorted(i for _, i in flaky.sent) == sorted(i for lane in ids.values() for i in lane)
    for lane, queued in ids.items():  # each lane in the order it was queued, once each
        assert [i for sent_lane, i in flaky.sent if sent_lane == lane] == queued
    assert flaky.tries > len(flaky.sent)  # failures happened, and were retried


def test_a_rate_limited_message_waits_for_retry_after_and_holds_its_method(env):
    from bot.lifecycle import DeliveryError

    service, _, notes, clock = env
    limited = iter([DeliveryError("ratelimited", retry_after=30, also=("parent", "reply"))])
    sender = Sender(lambda item: next(limited, None))
    ids = queue(service.store, lanes=2, each=1)
    scheduler = Scheduler(service.store, notes, sender=sender, clock=clock)
    assert scheduler.drain() == []  # the first got 429: the other waits with it, untried
    assert sender.tries == 1
    clock.advance(29)
    assert scheduler.drain() == [] and sender.tries == 1
    clock.advance(1)
    assert [s.outcome for s in scheduler.drain()] == ["sent", "sent"]
    assert sender.sent == [("task0", ids["task0"][0]), ("task1", ids["task1"][0])]


def test_a_message_slack_will_never_take_is_given_up_and_its_lane_moves_on(env, caplog):
    from bot.lifecycle import DeliveryError

    service, _, notes, clock = env
    ids = queue(service.store, lanes=1, each=2)
    refused = ids["task0"][0]
    sender = Sender(
        lambda item: DeliveryError("msg_too_long", permanent=True) if item.id == refused else None
    )
    scheduler = Scheduler(service.store, notes, sender=sender, clock=clock)
    assert [s.outcome for s in scheduler.drain()] == ["gave_up", "sent"]
    assert service.store.outbox.get(refused).error == "msg_too_long"
    assert "given up after 1 tries: msg_too_long" in caplog.text


def test_the_backoff_grows_and_the_message_goes_once_slack_recovers(env):
    from bot.lifecycle import SEND_BACKOFF, DeliveryError

    service, _, notes, clock = env
    down = [DeliveryError("HTTP 503")] * 3
    sender = Sender(lambda item: down.pop(0) if down else None)
    (item_id,) = queue(service.store, lanes=1, each=1)["task0"]
    scheduler = Scheduler(service.store, notes, sender=sender, clock=clock)
    waits = []
    for _ in range(3):
        assert scheduler.drain() == []
        waits.append(service.store.outbox.get(item_id).due_at - clock())
        clock.advance(waits[-1])
    assert waits == [SEND_BACKOFF, SEND_BACKOFF * 2, SEND_BACKOFF * 4]
    assert [s.id for s in scheduler.drain()] == [item_id] and sender.sent == [("task0", item_id)]


def test_a_restart_resumes_the_outbox_where_it_stopped(tmp_path):
    from bot.lifecycle import DeliveryError

    path = str(tmp_path / "log.db")
    service, _, notes, clock = build(path)
    (item_id,) = queue(service.store, lanes=1, each=1)["task0"]
    limited = Sender(lambda item: DeliveryError("ratelimited", retry_after=20))
    Scheduler(service.store, notes, sender=limited, clock=clock).drain()
    service.store.close()  # the bot stops while the message waits

    service, _, notes, _ = build(path, clock)
    sender = Sender()
    scheduler = Scheduler(service.store, notes, sender=sender, clock=clock)
    assert scheduler.drain() == []  # Retry-After outlives the process
    clock.advance(20)
    assert [s.id for s in scheduler.drain()] == [item_id]
    assert scheduler.drain() == [] and sender.sent == [("task0", item_id)]
    service.store.close()


def test_a_notice_and_the_claim_that_owes_it_are_one_transaction(env):
    service, scheduler, _, clock = env
    row = schedule(service, "livetest in 10 minutes for 1h")
    clock.now = row.start + 5

    class Queues:
        """A notifier that writes its outbox row, then fails before the transaction ends."""

        def notify(self, notice):  # noqa: ANN001
            service.store.outbox.add(notice.row.id, "reply", channel="C1", notice=notice.kind)
            raise RuntimeError("disk full")

    scheduler.notifier = Queues()
    assert scheduler.tick() == []
    assert service.store.outbox.items() == []  # the half-written notice went with the claim
    assert [k for k, _ in service.store.due_notices(clock.now)] == ["started"]


def test_a_drain_with_its_budget_spent_leaves_the_rest_in_the_log(env):
    service, _, notes, clock = env
    ids = queue(service.store, lanes=2, each=1)
    sender = Sender()
    scheduler = Scheduler(service.store, notes, sender=sender, clock=clock)
    assert scheduler.drain(budget=0) == [] and sender.tries == 0  # SIGTERM with no time left
    assert len(service.store.outbox.items(unsent=True)) == 2
    assert sorted(s.id for s in scheduler.drain(budget=5)) == sorted(
        i for v in ids.values() for i in v
    )
