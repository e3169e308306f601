"""Crash safety: the bot is killed (SIGKILL) between writing the intent row and recording Live's
answer; the next start settles the row by asking Live (DescribeRecordTask), never by creating.

The bot runs as its own process (`python -m bot http`), as in production; the Slack stand-in
and the Live simulator run in this process, so they outlive the bot.
"""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.live.sim import LiveSimulator
from bot.ui.cards import Action

from botproc import BotProcess, bot_env
from slackfake import SlackWebApiStandIn, post_signed, response_url_of
from wiredapp import button_value, creates

SECRET = "crash-signing-secret"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


class BlackHole:
    """A TCP listener that accepts and reads, and never answers: a request lost on its way to
    Live. Keeps what it received."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.received = b""
        self._lock = threading.Lock()
        self._conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self._conns.append(conn)
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.received += data

    def close(self) -> None:
        self.sock.close()
        for conn in self._conns:
            conn.close()


@pytest.fixture
def outside(tmp_path: Path, no_proxies: None):
    """What outlives the bot: the Slack stand-in, the Live simulator, the task log file."""
    sim = LiveSimulator()
    sim.start()
    slack = SlackWebApiStandIn().start()
    slack.add_user("U1", tz="Asia/Shanghai", name="alice")
    slack.add_channel("C1", "general")
    slack.add_channel("CREC", "recordings")
    yield sim, slack, tmp_path
    slack.stop()
    sim.stop()


def bot_env_crash(slack: SlackWebApiStandIn, live_url: str, db: Path) -> dict[str, str]:
    return bot_env(slack, live_url, db, SECRET, RECORD_CHANNEL="CREC")


def propose_and_confirm(bot: BotProcess, slack: SlackWebApiStandIn) -> str:
    """/record a window, press Confirm (acked at once); returns the card's row id."""
    body = slack.slash_command_body("livetest tomorrow 9am to 10am", user_id="U1", channel_id="C1")
    assert post_signed(bot.url, SECRET, body)[0] == 200
    card = slack.wait_for_responses(1, url=response_url_of(body), timeout=15)[-1].body
    value = button_value(card, Action.CONFIRM)
    click = slack.block_actions_body(Action.CONFIRM, value, user_id="U1", channel_id="C1")
    assert post_signed(bot.url, SECRET, click)[0] == 200
    return value


def row_of(db: Path, row_id: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute("SELECT * FROM tasks WHERE id = ?", [row_id]).fetchone()
        events = conn.execute(
            "SELECT kind, detail FROM events WHERE task = ? ORDER BY id", [row_id]
        ).fetchall()
    finally:
        conn.close()
    assert row is not None
    return {**dict(row), "events": [(e["kind"], e["detail"]) for e in events]}


def wait_until(predicate, timeout: float, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout}s for {what}")
        time.sleep(0.02)


def test_killed_after_live_created_the_task_is_settled_by_lookup(outside) -> None:
    sim, slack, tmp = outside
    db = tmp / "crash.db"
    env = bot_env_crash(slack, sim.url, db)
    # Live creates the task at once and holds its reply: the bot is killed while it waits
    sim.delay_next("CreateRecordTask", 30)
    bot = BotProcess(env, tmp, tmp / "bot1.log")
    try:
        bot.wait_ready()
        row_id = propose_and_confirm(bot, slack)
        wait_until(lambda: len(sim.tasks) == 1, 15, "Live to hold the task")
        bot.kill()
    finally:
        bot.stop()
    (task_id,) = sim.tasks
    before = row_of(db, row_id)
    assert before["status"] == "pending" and before["task_id"] is None

    again = BotProcess(env, tmp, tmp / "bot2.log")
    try:
        again.wait_ready()  # reconciliation runs before the bot listens
        after = row_of(db, row_id)
        assert after["status"] == "created", after
        assert after["task_id"] == task_id
        assert ("created", f"{task_id} (found on Live while settling)") in after["events"]
        assert "reconciled 1 pending task(s)" in again.log()
        notice = slack.wait_for("chat.postMessage", timeout=10)[0].args
        assert task_id in notice["text"] and notice["channel"] == "CREC"
    finally:
        again.stop()
    assert len(sim.tasks) == 1
    assert len(creates(sim)) == 1, [e["action"] for e in sim.log]
    assert any(e["action"] == "DescribeRecordTask" for e in sim.log)


def test_killed_before_the_request_reached_live_is_settled_as_failed(outside) -> None:
    sim, slack, tmp = outside
    db = tmp / "crash.db"
    hole = BlackHole()
    bot = BotProcess(
        bot_env_crash(slack, f"http://127.0.0.1:{hole.port}", db), tmp, tmp / "bot1.log"
    )
    try:
        bot.wait_ready()
        row_id = propose_and_confirm(bot, slack)
        wait_until(lambda: b"CreateRecordTask" in hole.received, 15, "the create to be sent")
        bot.kill()
    finally:
        bot.stop()
        hole.close()
    assert row_of(db, row_id)["status"] == "pending"
    assert sim.log == []  # nothing reached Live

    # (no patience: Live could only apply a create that reached it, and none did)
    env = {**bot_env_crash(slack, sim.url, db), "RECORDBOT_CREATE_PATIENCE": "0"}
    again = BotProcess(env, tmp, tmp / "bot2.log")
    try:
        again.wait_ready()
        after = row_of(db, row_id)
        assert after["status"] == "failed", after
        assert after["error_code"] == "NotCreated" and after["task_id"] is None
        assert ("failed", "not found on Live") in after["events"]
        assert "reconciled 1 pending task(s)" in again.log()
    finally:
        again.stop()
    assert sim.tasks == {}
    assert creates(sim) == []  # settled by looking, never by creating
    assert {e["action"] for e in sim.log} == {"DescribeRecordTask"}


def test_a_settled_row_stays_settled_on_the_next_start(outside) -> None:
    """Reconciliation is idempotent: a third start neither creates nor changes anything."""
    sim, slack, tmp = outside
    db = tmp / "crash.db"
    env = bot_env_crash(slack, sim.url, db)
    sim.delay_next("CreateRecordTask", 30)
    bot = BotProcess(env, tmp, tmp / "bot1.log")
    try:
        bot.wait_ready()
        row_id = propose_and_confirm(bot, slack)
        wait_until(lambda: len(sim.tasks) == 1, 15, "Live to hold the task")
        bot.kill()
    finally:
        bot.stop()
    for n in (2, 3):
        again = BotProcess(env, tmp, tmp / f"bot{n}.log")
        try:
            again.wait_ready()
        finally:
            again.stop()
    row = row_of(db, row_id)
    assert row["status"] == "created" and row["task_id"] in sim.tasks
    assert len(creates(sim)) == 1 and len(sim.tasks) == 1
    assert json.dumps(row["events"]).count("found on Live while settling") == 1


def test_reconcile_beside_a_running_bot_leaves_a_create_in_flight_alone(outside) -> None:
    sim, slack, tmp = outside
    db = tmp / "beside.db"
    env = bot_env_crash(slack, sim.url, db)
    sim.delay_next("CreateRecordTask", 4)  # the create is in flight for a while
    bot = BotProcess(env, tmp, tmp / "bot.log")
    try:
        bot.wait_ready()
        row_id = propose_and_confirm(bot, slack)
        wait_until(lambda: creates(sim) != [], 15, "the create to reach Live")
        # `recordbot reconcile` from another process, while the bot waits for Live's reply
        env_cli = {**env, "RECORDBOT_CREATE_PATIENCE": "0"}
        out = subprocess.run(
            [sys.executable, "-m", "bot", "reconcile"],
            capture_output=True, text=True, env=env_cli, cwd=tmp, timeout=60,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        assert "settled 0 pending task(s)" in out.stdout
        assert row_of(db, row_id)["status"] == "pending"  # the Confirm's lease was respected
        wait_until(lambda: row_of(db, row_id)["status"] == "created", 20, "the create to finish")
    finally:
        bot.stop()
    assert len(creates(sim)) == 1 and len(sim.tasks) == 1


def outbox_of(db: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM outbox ORDER BY id").fetchall()]
    finally:
        conn.close()


def test_killed_while_a_notice_waits_it_is_posted_after_restart(outside) -> None:
    """Slack rate-limits the thread's first post; the bot is killed while the notice waits
    for Retry-After. The next start posts it, once, no sooner than Slack said."""
    sim, slack, tmp = outside
    db = tmp / "crash.db"
    env = bot_env_crash(slack, sim.url, db)
    slack.rate_limit_next("chat.postMessage", retry_after=2)
    bot = BotProcess(env, tmp, tmp / "bot1.log")
    try:
        bot.wait_ready()
        row_id = propose_and_confirm(bot, slack)
        (limited,) = slack.wait_for("chat.postMessage", timeout=15)
        assert (limited.status, limited.args["channel"]) == (429, "CREC")

        def waiting() -> bool:  # tried once, handed back with its Retry-After, not held
            rows = outbox_of(db)
            return bool(rows) and rows[0]["tries"] == 1 and rows[0]["claimed_at"] is None

        wait_until(waiting, 10, "the notice to wait for its Retry-After")
        bot.kill()
    finally:
        bot.stop()
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429]
    assert row_of(db, row_id)["notice_ts"] is None
    assert [(r["kind"], r["notice"], r["done_at"]) for r in outbox_of(db)] == [
        ("parent", None, None),
        ("reply", "created", None),
    ]

    again = BotProcess(env, tmp, tmp / "bot2.log")
    try:
        again.wait_ready()
        posts = slack.wait_for("chat.postMessage", 3, timeout=15)
        time.sleep(0.3)  # anything doubled would arrive now
    finally:
        again.stop()
    parent, reply = posts[1:3]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 200, 200]
    assert parent.at - limited.at >= 2.0  # Slack's Retry-After, kept across the restart
    assert "thread_ts" not in parent.args and reply.args["thread_ts"] == parent.response["ts"]
    assert "scheduled a recording" in reply.args["text"]
    assert len(slack.messages("CREC")) == 2
    assert row_of(db, row_id)["notice_ts"] == parent.response["ts"]
    assert [r["outcome"] for r in outbox_of(db)] == ["sent", "sent"]
