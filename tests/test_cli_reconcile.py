"""`recordbot reconcile` in its own right: a task it settles owes its thread a notice, which it
queues in the outbox for the running bot to send (it calls no Slack method itself)."""

from __future__ import annotations

import time

import pytest

from bot.cli import main
from bot.live.sim import SIM_SECRET_ID, SIM_SECRET_KEY, LiveSimulator
from bot.store import TaskStore


@pytest.fixture
def sim(no_proxies):
    with LiveSimulator() as simulator:
        yield simulator


def pending_row_of_a_task_live_made(sim: LiveSimulator, db: str) -> tuple[str, str]:
    """A Confirm whose create reached Live, and the bot died before it heard back."""
    from bot.live.client import SdkLiveClient

    now = int(time.time())
    live = SdkLiveClient(
        secret_id=SIM_SECRET_ID, secret_key=SIM_SECRET_KEY, region="ap-guangzhou", endpoint=sim.url
    )
    made = live.create_record_task(
        stream="livetest", domain="push.example.com", app="live", start=now + 600, end=now + 4200
    )
    store = TaskStore(db)
    (row,) = store.add_proposals(
        [{"stream": "livetest", "app": "live", "domain": "push.example.com", "start": now + 600,
          "end": now + 4200, "user": "U1", "user_name": "alice", "tz": "UTC", "command": "x"}],
        "U1",
    )  # fmt: skip
    store.transition(row.id, ["proposed"], "pending", confirmed_by="U1")
    store.close()
    return row.id, made.task_id


@pytest.mark.parametrize("slack", [True, False])
def test_reconcile_queues_the_notice_it_owes_when_slack_is_configured(
    sim, tmp_path, monkeypatch, capsys, slack
):
    db = str(tmp_path / "log.db")
    row_id, task_id = pending_row_of_a_task_live_made(sim, db)
    monkeypatch.chdir(tmp_path)  # no .env here
    for key, value in {
        "TENCENTCLOUD_SECRET_ID": SIM_SECRET_ID,
        "TENCENTCLOUD_SECRET_KEY": SIM_SECRET_KEY,
        "LIVE_API_ENDPOINT": sim.url,
        "RECORD_DOMAIN": "push.example.com",
        "RECORD_CHANNEL": "CREC",
        "RECORDBOT_DB": db,
    }.items():
        monkeypatch.setenv(key, value)
    for key in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(key, raising=False)
    if slack:  # an unreachable Slack: the command must not call it
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
        monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    assert main(["reconcile"]) == 0
    assert f"{row_id}: created {task_id}" in capsys.readouterr().out
    store = TaskStore(db)
    try:
        queued = [(i.kind, i.notice, i.channel) for i in store.outbox.items(unsent=True)]
        assert store.get(row_id).status == "created"
    finally:
        store.close()
    expected = [("parent", None, "CREC"), ("reply", "created", "CREC")] if slack else []
    assert queued == expected
