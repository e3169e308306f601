"""Bursts over real HTTP: the client-side limiter keeps Live under 20 requests in any sliding
second, so 100 Confirms at once all succeed; SQLite (WAL, busy timeout) survives concurrent
listeners and a second process-like connection."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.store import TaskStore
from bot.ui.cards import Action

from slackfake import response_url_of
from wiredapp import World, button_value, creates, errors_logged, texts

N_USERS = 100
ZONES = ("Asia/Shanghai", "America/New_York", "Europe/London", "UTC", "Asia/Kolkata")


def max_in_any_second(stamps: list[float], window: float = 1.0) -> int:
    """The most requests that arrived within any sliding `window` seconds."""
    stamps = sorted(stamps)
    best, lo = 0, 0
    for hi, t in enumerate(stamps):
        while stamps[lo] <= t - window:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def test_sliding_count_helper() -> None:
    assert max_in_any_second([]) == 0
    assert max_in_any_second([0.0, 0.5, 0.99, 1.0, 1.5]) == 3
    assert max_in_any_second([0.0] * 21) == 21


@pytest.fixture
def crowd(make_world) -> tuple[World, list[str]]:
    users = {f"U{100 + i}": ZONES[i % len(ZONES)] for i in range(N_USERS)}
    return make_world(users=users), sorted(users)


def wait_for(predicate, timeout: float, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout}s for {what}")
        time.sleep(0.05)


def test_a_burst_of_100_confirms_from_100_users_all_succeed(
    crowd, caplog: pytest.LogCaptureFixture
) -> None:
    world, users = crowd
    slack = world.slack
    # different streams, so no stream gets near Live's three overlapping tasks
    bodies = [
        slack.slash_command_body(f"burst{i} tomorrow 9am to 10am", user_id=u, channel_id="C1")
        for i, u in enumerate(users)
    ]
    with ThreadPoolExecutor(max_workers=N_USERS) as pool:
        statuses = list(pool.map(world.send, bodies))
    assert all(s == 200 for s, _ in statuses), statuses
    cards = [
        slack.wait_for_responses(1, url=response_url_of(b), timeout=30)[-1].body for b in bodies
    ]
    values = [button_value(card, Action.CONFIRM) for card in cards]
    assert world.sim.calls == []  # nothing reaches Live before Confirm

    clicks = [
        slack.block_actions_body(Action.CONFIRM, v, user_id=u, channel_id="C1")
        for v, u in zip(values, users, strict=True)
    ]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=N_USERS) as pool:
        statuses = list(pool.map(world.send, clicks))
    acked = time.monotonic() - started
    assert all(s == 200 for s, _ in statuses), statuses

    wait_for(
        lambda: all(world.row(v).status not in ("proposed", "pending") for v in values),
        60,
        "every confirm to settle",
    )
    rows = [world.row(v) for v in values]
    assert [r.status for r in rows] == ["created"] * N_USERS, {r.status for r in rows}
    assert {r.confirmed_by for r in rows} == set(users)
    assert len(world.sim.tasks) == N_USERS
    assert {r.task_id for r in rows} == set(world.sim.tasks)

    log = world.sim.log
    assert [e for e in log if e["error"]] == []  # no RequestLimitExceeded, no error at all
    assert len(creates(world.sim)) == N_USERS  # and no retries
    assert max_in_any_second([e["at"] for e in log]) <= 20

    # each presser's last answer names their TaskId (a "Queued" note may come first)
    for click, row in zip(clicks, rows, strict=True):
        url = response_url_of(click)
        wait_for(
            lambda u=url, r=row: (
                bool(slack.responses_to(u))
                and r.task_id in "\n".join(texts(slack.responses_to(u)[-1].body))
            ),
            10,
            f"the outcome card for {row.stream}",
        )
    assert errors_logged(caplog.records) == []
    print(
        f"100 confirms acked in {acked * 1000:.0f} ms; peak {max_in_any_second([e['at'] for e in log])}/s at Live"
    )


def test_twenty_listeners_confirm_and_cancel_at_once_on_one_file(
    make_world, caplog: pytest.LogCaptureFixture
) -> None:
    """20 cards, 20 clicks at the same moment (10 Confirm, 10 Cancel), while a second
    connection (like `recordbot tasks` or `recordbot reconcile` in another process) reads and
    writes the same file."""
    caplog.set_level(logging.WARNING)
    world = make_world(users={"U1": "UTC", "U2": "Asia/Shanghai"})
    other = TaskStore(world.db_path)
    try:
        journal = world.bot.store.db.execute("PRAGMA journal_mode").fetchone()[0]
        timeout = world.bot.store.db.execute("PRAGMA busy_timeout").fetchone()[0]
        assert journal == "wal" and timeout >= 1000

        cards = [world.command(f"shared{i} tomorrow 9am to 10am") for i in range(20)]
        values = [button_value(c, Action.CONFIRM) for c in cards]
        clicks = [
            world.slack.block_actions_body(
                Action.CONFIRM if i % 2 == 0 else Action.CANCEL, v, user_id="U1", channel_id="C1"
            )
            for i, v in enumerate(values)
        ]
        stop = threading.Event()
        problems: list[BaseException] = []

        def meddle() -> None:  # another connection reading the log and writing its own rows
            n = 0
            while not stop.is_set():
                try:
                    other.list(limit=50)
                    other.add_proposals(
                        [
                            {
                                "stream": f"cli{n}",
                                "app": "live",
                                "domain": "d",
                                "start": 1,
                                "end": 2,
                                "user": "cli",
                                "tz": "UTC",
                                "command": "x",
                            }
                        ],  # fmt: skip
                        "cli",
                    )
                    n += 1
                except BaseException as exc:  # noqa: BLE001 - any failure fails the test
                    problems.append(exc)
                    return

        meddlers = [threading.Thread(target=meddle) for _ in range(2)]
        for t in meddlers:
            t.start()
        barrier = threading.Barrier(len(clicks))

        def click(body: bytes) -> int:
            barrier.wait()
            return world.send(body)[0]

        with ThreadPoolExecutor(max_workers=len(clicks)) as pool:
            statuses = list(pool.map(click, clicks))
        wait_for(
            lambda: all(world.row(v).status not in ("proposed", "pending") for v in values),
            30,
            "every click to settle",
        )
        stop.set()
        for t in meddlers:
            t.join(10)
        assert statuses == [200] * 20
        assert problems == []
        got = [world.row(v).status for v in values]
        assert got == ["created", "cancelled"] * 10
        assert len(world.sim.tasks) == 10
        assert not [r for r in caplog.records if "locked" in r.getMessage().lower()]
        assert errors_logged(caplog.records) == []
    finally:
        other.close()


def test_store_connections_in_many_threads_never_see_database_is_locked(tmp_path: Path) -> None:
    """Four connections (four processes' worth) and 20 threads writing and reading one file."""
    path = str(tmp_path / "many.db")
    stores = [TaskStore(path) for _ in range(4)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def work(n: int) -> None:
        store = stores[n % len(stores)]
        barrier.wait()
        try:
            for k in range(25):
                (row,) = store.add_proposals(
                    [
                        {
                            "stream": f"s{n}",
                            "app": "live",
                            "domain": "d",
                            "start": k,
                            "end": k + 60,
                            "user": f"U{n}",
                            "tz": "UTC",
                            "command": "x",
                        }
                    ],  # fmt: skip
                    f"U{n}",
                )
                target = "pending" if k % 2 else "cancelled"
                assert store.transition(row.id, ["proposed"], target) is not None
                if target == "pending":
                    assert store.transition(row.id, ["pending"], "created", task_id=f"T{n}-{k}")
                store.list(f"s{n}", limit=5)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert [e for e in errors if isinstance(e, sqlite3.OperationalError)] == []
        assert errors == []
        counts = dict(
            stores[0].db.execute("SELECT status, COUNT(*) FROM tasks GROUP BY status").fetchall()
        )
        assert counts == {"created": 20 * 12, "cancelled": 20 * 13}
    finally:
        for s in stores:
            s.close()
