"""SIGTERM lets in-flight confirms finish: the bot as its own process, over real HTTP."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

from bot.live.sim import LiveSimulator
from bot.ui.cards import Action

from botproc import BotProcess, bot_env
from slackfake import SlackWebApiStandIn, post_signed, response_url_of

SECRET = "drain-secret"


def wait_until(predicate, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_sigterm_finishes_an_in_flight_confirm(tmp_path: Path):
    with LiveSimulator() as sim, SlackWebApiStandIn() as slack:
        slack.add_user("U1", tz="UTC")
        slack.add_channel("C1", "general")
        db = tmp_path / "drain.db"
        bot = BotProcess(bot_env(slack, sim.url, db, SECRET), tmp_path, tmp_path / "bot.log")
        try:
            bot.wait_ready()
            body = slack.slash_command_body(
                "livetest tomorrow 9am to 10am", user_id="U1", channel_id="C1"
            )
            assert post_signed(bot.url, SECRET, body)[0] == 200
            card = slack.wait_for_responses(1, url=response_url_of(body), timeout=15)[-1].body
            value = next(
                e["value"]
                for b in card["blocks"]
                for e in b.get("elements", [])
                if e.get("action_id") == Action.CONFIRM
            )
            sim.delay_next("CreateRecordTask", 2.0)  # Live is slow to answer this one
            click = slack.block_actions_body(Action.CONFIRM, value, user_id="U1", channel_id="C1")
            assert post_signed(bot.url, SECRET, click)[0] == 200
            wait_until(lambda: len(sim.tasks) == 1)  # the create reached Live; its reply is held
            bot.proc.send_signal(signal.SIGTERM)
            assert bot.proc.wait(30) == 0, bot.log()
            assert "finishing in-flight requests" in bot.log()
        finally:
            bot.stop()
        # the confirm in flight was finished, not dropped: the log knows the task
        (task_id,) = sim.tasks
        row = sqlite3.connect(db).execute("SELECT status, task_id FROM tasks").fetchone()
        assert row == ("created", task_id)
        assert any(r.ok for r in slack.responses_to(response_url_of(click)))
        # and its notice, queued after the scheduler stopped, was sent before the bot exited
        posted = [m for m in slack.messages("C1") if task_id in m["text"]]
        assert len(posted) == 2 and "scheduled a recording" in posted[1]["text"]
