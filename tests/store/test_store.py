import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.store import TaskStore
from bot.store.migrations import migrations

from fakes import Clock


def proposal(**over):
    row = {
        "stream": "livetest",
        "app": "live",
        "domain": "5000.live.push.com",
        "start": 2000,
        "end": 5600,
        "starts_now": False,
        "template_id": None,
        "user": "U1",
        "user_name": "alice",
        "channel": "C1",
        "tz": "UTC",
        "command": "livetest from 8pm for 1h",
    }
    row.update(over)
    return row


@pytest.fixture
def clock():
    """The clock of conftest's in-memory `store`."""
    return Clock(1000)


def test_migrations_are_named_and_applied_once(tmp_path):
    path = str(tmp_path / "log.db")
    first = TaskStore(path)
    names = [m.name for m in migrations.pending(first.db)] or first.migrations
    assert first.migrations == sorted(names) and names[:2] == [
        "001_tasks",
        "002_people_and_notices",
    ]
    first.add_proposals([proposal()], "U1")
    first.close()
    again = TaskStore(path)
    assert again.migrations == sorted(names)
    assert len(again.list()) == 1
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert migrations.pending(again.db) == []
    again.close()


LEGACY_LOG = Path(__file__).parents[1] / "fixtures" / "recordbot-2026-11.db"


def test_a_log_made_by_the_old_migration_runner_keeps_working(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(LEGACY_LOG, path)
    store = TaskStore(str(path))
    # What the old runner applied is recognised, not applied again (which would fail on
    # existing tables), and its own table is gone.
    assert store.migrations == [m.name for m in migrations._migrations]
    assert "_migrations" not in store.db.table_names()
    rows = store.list()
    assert {r.status for r in rows} == {"created", "cancelled"}
    created = next(r for r in rows if r.status == "created")
    assert created.task_id == "1500000001-fixture"
    assert [f["file_id"] for f in store.files(created.id)] == ["f-1"]
    store.add_proposals([proposal()], "U1")  # and it still takes writes
    applied = store.migrations
    store.close()
    reopened = TaskStore(str(path))
    assert reopened.migrations == applied and len(reopened.list()) == 3
    reopened.close()


def test_proposals_share_a_card_and_start_proposed(store):
    a, b = store.add_proposals([proposal(), proposal(start=9000, end=9500)], "U1")
    assert a.card == b.card and a.id != b.id
    assert a.status == b.status == "proposed"
    assert [r.id for r in store.card_rows(a.card)] == [a.id, b.id]
    assert store.events(a.id)[0]["kind"] == "requested"


def test_transition_is_compare_and_set(store):
    (row,) = store.add_proposals([proposal()], "U1")
    assert store.transition(row.id, ["proposed"], "pending", confirmed_by="U1").status == "pending"
    assert store.transition(row.id, ["proposed"], "pending") is None
    done = store.transition(row.id, ["pending"], "created", task_id="T-1", request_id="R-1")
    assert (done.task_id, done.request_id, done.confirmed_by) == ("T-1", "R-1", "U1")
    assert store.by_task_id("T-1").id == row.id
    assert [e["kind"] for e in store.events(row.id)] == ["requested", "pending", "created"]


def test_only_one_of_many_racing_confirms_wins(tmp_path):
    store = TaskStore(str(tmp_path / "race.db"))
    (row,) = store.add_proposals([proposal()], "U1")
    wins = []
    barrier = threading.Barrier(16)

    def click():
        barrier.wait()
        if store.transition(row.id, ["proposed"], "pending") is not None:
            wins.append(1)

    threads = [threading.Thread(target=click) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(wins) == 1
    store.close()


def test_task_ids_are_unique(store):
    a, b = store.add_proposals([proposal(), proposal()], "U1")
    store.transition(a.id, ["proposed"], "created", task_id="T-1")
    with pytest.raises(sqlite3.IntegrityError):
        store.transition(b.id, ["proposed"], "created", task_id="T-1")
    assert store.get(b.id).status == "proposed"  # the failed write changed nothing


def test_list_is_newest_first_and_filters(store):
    store.add_proposals([proposal(start=1000, end=2000)], "U1")
    store.add_proposals([proposal(start=3000, end=4000, stream="other")], "U1")
    store.add_proposals([proposal(start=2000, end=3000)], "U1")
    assert [r.start for r in store.list()] == [3000, 2000, 1000]
    assert [r.start for r in store.list("livetest")] == [2000, 1000]
    assert store.list(limit=1)[0].stream == "other"


def test_overlapping_counts_live_tasks_on_the_same_stream(store):
    a, b, c = (
        store.add_proposals([proposal(start=s, end=e)], "U1")[0]
        for s, e in ((0, 100), (50, 150), (200, 300))
    )
    for row in (a, b, c):
        store.transition(row.id, ["proposed"], "created", task_id=f"T{row.start}")
    assert [
        r.start for r in store.overlapping("livetest", "5000.live.push.com", "live", 90, 210)
    ] == [0, 50, 200]
    assert store.overlapping("livetest", "5000.live.push.com", "live", 150, 200) == []
    assert store.overlapping("other", "5000.live.push.com", "live", 0, 300) == []


def test_external_tasks_are_added_once(store):
    row = {"task_id": "EXT1", "stream": "s", "app": "live", "domain": "d", "start": 1, "end": 2}
    assert store.add_external(row).source == "external"
    assert store.add_external(row) is None


def test_expire_proposals(store):
    (row,) = store.add_proposals([proposal()], "U1")
    assert store.expire_proposals(older_than=500) == 0
    assert store.expire_proposals(older_than=2000) == 1
    assert store.get(row.id).status == "cancelled"


def test_a_deleted_or_replaced_log_file_is_noticed(tmp_path):
    path = tmp_path / "log.db"
    store = TaskStore(str(path))
    store.check_file()  # the file it opened
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"log.db{suffix}").unlink(missing_ok=True)
    with pytest.raises(StorageError, match="deleted or replaced"):
        store.check_file()
    store.close()

    store = TaskStore(str(path))
    store.check_file()
    TaskStore(str(tmp_path / "other.db")).close()
    os.replace(tmp_path / "other.db", path)  # another file in its place
    with pytest.raises(StorageError, match="deleted or replaced"):
        store.check_file()
    store.close()


def test_a_journalled_task_id_is_recorded_at_the_next_start(tmp_path):
    path = str(tmp_path / "log.db")
    store = TaskStore(path)
    (row,) = store.add_proposals([proposal()], "U1")
    store.transition(row.id, ["proposed"], "pending")
    store.journal_created(row.id, "T-from-live", "R-1")
    with pytest.raises(StorageError, match="could not be written"):
        store.check_file()  # no new recordings until restarted with a writable log
    store.close()
    reopened = TaskStore(path)
    row = reopened.get(row.id)
    assert (row.status, row.task_id, row.request_id) == ("created", "T-from-live", "R-1")
    assert not (tmp_path / "log.db-created.jsonl").exists()
    assert "from the journal" in reopened.events(row.id)[-1]["detail"]
    reopened.check_file()
    reopened.close()


def test_the_list_reads_running_then_upcoming_soonest_first_then_the_rest(store, clock):
    """`/record list` at 1000: what records now, what is upcoming (in pages, soonest first),
    then the most recent of the rest; proposals nobody confirmed are in none of them."""

    def task(start, end, status="created", **over):
        (row,) = store.add_proposals([proposal(start=start, end=end, **over)], "U1")
        if status != "proposed":
            store.transition(row.id, ["proposed"], status)
        return row.id

    running = task(900, 1100)
    ended = task(100, 200)
    stopped_early = task(5000, 6000, "stopped")  # stopped before its window came
    failed = task(300, 400, "failed")
    task(7000, 8000, "proposed")
    later = [
        task(2000 + 100 * i, 2050 + 100 * i, "pending" if i == 3 else "created") for i in range(8)
    ]
    task(2500, 2600, stream="other")

    assert [r.id for r in store.running(1000)] == [running]
    assert [r.id for r in store.upcoming_page(1000, "livetest", 0, 5)] == later[:5]
    assert [r.id for r in store.upcoming_page(1000, "livetest", 5, 5)] == later[5:]
    assert store.count_upcoming(1000, "livetest") == 8 and store.count_upcoming(1000) == 9
    # newest first; the running one is not done yet
    assert [r.id for r in store.finished(1000, "livetest", 10, skip=1)] == [
        stopped_early, failed, ended,
    ]  # fmt: skip
    assert [r.id for r in store.finished(1000, "livetest", 2, skip=1)] == [stopped_early, failed]
