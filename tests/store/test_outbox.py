"""The outbox table (008_outbox): lanes keep their order, claims are compare-and-set, a row
refused for now waits, a thread has one parent, and the drain's reads use the partial index."""

from __future__ import annotations

import threading

import pytest

from bot.store import TaskStore
from bot.store.outbox import DUE_SQL, NEXT_DUE_SQL, PARENT, REPLY, UPDATE

from fakes import NOW, Clock


@pytest.fixture
def outbox(store: TaskStore):
    return store.outbox


def heads(outbox, now: float = NOW) -> list[tuple[str, str]]:
    return [(i.lane, i.kind) for i in outbox.due(now, now - 60)]


def test_each_lane_hands_out_its_first_unsent_row_only(outbox):
    outbox.add("t1", PARENT, channel="C")
    outbox.add("t1", REPLY, channel="C", notice="created")
    outbox.add("t2", PARENT, channel="C")
    outbox.add("t1", UPDATE, channel="C")
    assert heads(outbox) == [("t1", PARENT), ("t2", PARENT)]
    first = outbox.claim(outbox.due(NOW, NOW - 60)[0].id, NOW, "me", NOW - 60)
    assert heads(outbox) == [("t2", PARENT)]  # claimed: not handed out again
    assert outbox.sent(first, NOW, "me", ts="1.1", channel="C")
    assert heads(outbox) == [("t1", REPLY), ("t2", PARENT)]  # the lane moves on, in order


def test_a_thread_has_one_parent_however_often_it_is_queued(outbox):
    assert outbox.add("t1", PARENT, channel="C") is not None
    assert outbox.add("t1", PARENT, channel="C") is None
    assert [i.kind for i in outbox.items("t1")] == [PARENT]
    with pytest.raises(Exception, match="NOT NULL"):  # other constraints still hold
        outbox.add(None, REPLY)  # type: ignore[arg-type]


def test_a_sent_parent_stores_its_ts_on_the_task_once(store, outbox):
    (row,) = store.add_proposals(
        [{"stream": "s", "app": "live", "domain": "d", "start": NOW, "end": NOW + 60,
          "user": "U1", "tz": "UTC", "command": ""}],
        "U1",
    )  # fmt: skip
    outbox.add(row.id, PARENT, channel="C")
    item = outbox.claim(outbox.items(row.id)[0].id, NOW, "me", NOW - 60)
    assert outbox.sent(item, NOW, "me", ts="111.1", channel="CX")
    assert (store.get(row.id).notice_channel, store.get(row.id).notice_ts) == ("CX", "111.1")
    assert not outbox.sent(item, NOW, "me", ts="222.2")  # closed: nothing changes
    assert store.get(row.id).notice_ts == "111.1"


def test_claims_are_compare_and_set(outbox):
    item_id = outbox.add("t1", REPLY, channel="C", notice="started")
    results = []
    barrier = threading.Barrier(8)

    def grab(owner: str) -> None:
        barrier.wait()
        results.append(outbox.claim(item_id, NOW, owner, NOW - 60))

    threads = [threading.Thread(target=grab, args=(f"o{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [r for r in results if r is not None]
    assert len(won) == 1 and won[0].tries == 1
    loser = next(f"o{i}" for i in range(8) if f"o{i}" != won[0].claimed_by)
    assert not outbox.sent(won[0], NOW, loser)  # only the claimant closes it


def test_a_claim_left_by_a_dead_sender_is_taken_over_after_the_ttl(outbox):
    item_id = outbox.add("t1", REPLY, channel="C", notice="started")
    assert outbox.claim(item_id, NOW, "dead", NOW - 60) is not None
    assert outbox.claim(item_id, NOW + 30, "alive", NOW + 30 - 60) is None
    taken = outbox.claim(item_id, NOW + 61, "alive", NOW + 61 - 60)
    assert taken is not None and taken.claimed_by == "alive" and taken.tries == 2


def test_a_refused_row_waits_and_a_rate_limit_holds_its_whole_method(outbox):
    reply = outbox.add("t1", REPLY, channel="C", notice="started")
    other = outbox.add("t2", PARENT, channel="C")
    update = outbox.add("t3", UPDATE, channel="C")
    item = outbox.claim(reply, NOW, "me", NOW - 60)
    outbox.retry(item, NOW + 30, "me", "ratelimited", also=(PARENT, REPLY))
    assert heads(outbox) == [("t3", UPDATE)]  # chat.update has its own limit
    assert heads(outbox, NOW + 30) == [("t1", REPLY), ("t2", PARENT), ("t3", UPDATE)]
    assert outbox.get(reply).error == "ratelimited" and outbox.get(other).due_at == NOW + 30
    assert outbox.get(update).due_at == NOW
    assert outbox.next_due() == NOW


def test_an_update_is_superseded_by_a_later_one(outbox):
    first = outbox.add("t1", UPDATE, channel="C")
    assert not outbox.superseded(outbox.get(first))
    outbox.add("t1", REPLY, channel="C", notice="stopped")
    outbox.add("t1", UPDATE, channel="C")
    assert outbox.superseded(outbox.get(first))


def test_pruning_keeps_unsent_rows_and_thread_parents(outbox):
    parent = outbox.add("t1", PARENT, channel="C")
    reply = outbox.add("t1", REPLY, channel="C", notice="created")
    waiting = outbox.add("t2", REPLY, channel="C", notice="created")
    for item_id in (parent, reply):
        outbox.sent(outbox.claim(item_id, NOW, "me", NOW - 60), NOW, "me", ts="1.1")
    assert outbox.prune(NOW + 1) == 1
    assert [i.id for i in outbox.items()] == [parent, waiting]
    assert outbox.add("t1", PARENT, channel="C") is None  # still one parent


def test_the_drains_reads_use_the_partial_index(store):
    def plan(sql: str, params) -> str:  # noqa: ANN001
        rows = store.db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return " ".join(str(r[-1]) for r in rows)

    due = plan(DUE_SQL, {"now": NOW, "stale": NOW - 60, "limit": 200})
    assert "SCAN o USING INDEX idx_outbox_unsent" in due
    assert "SEARCH p USING INDEX idx_outbox_unsent (lane=? AND id<?)" in due
    assert "USING INDEX idx_outbox_unsent" in plan(NEXT_DUE_SQL, [])
    assert "SCAN outbox" not in due  # never the whole table


def test_the_outbox_survives_closing_the_log(tmp_path):
    path = str(tmp_path / "log.db")
    first = TaskStore(path, clock=Clock(NOW))
    item_id = first.outbox.add("t1", REPLY, channel="C", notice="created")
    first.outbox.retry(
        first.outbox.claim(item_id, NOW, "p1", NOW - 60), NOW + 5, "p1", "ratelimited"
    )
    first.close()
    again = TaskStore(path, clock=Clock(NOW))
    try:
        (item,) = again.outbox.items(unsent=True)
        assert (item.id, item.due_at, item.tries, item.claimed_by) == (item_id, NOW + 5, 1, None)
        assert heads(again.outbox, NOW + 5) == [("t1", REPLY)]
    finally:
        again.close()


def test_a_claim_held_by_a_process_that_is_gone_is_freed_at_once(outbox):
    import subprocess
    import sys

    from bot.proc import process_gone, this_process

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    host = this_process().rpartition(":")[0]
    dead, alive = f"{host}:{finished.stdout.strip()}", this_process()
    killed = outbox.add("t1", REPLY, channel="C", notice="created")
    mine = outbox.add("t2", REPLY, channel="C", notice="created")
    outbox.claim(killed, NOW, dead, NOW - 60)
    outbox.claim(mine, NOW, alive, NOW - 60)
    assert outbox.release_dead_claims(process_gone) == 1
    assert heads(outbox) == [("t1", REPLY)]  # free again at once; this process's claim holds
    assert process_gone("other-host:1") is False  # another host's process: wait out its claim
