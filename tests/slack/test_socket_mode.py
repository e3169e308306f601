"""Socket Mode start-up: both tokens pick it, and SLACK_API_URL applies to apps.connections.open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from slackfake import SlackWebApiStandIn


def test_socket_mode_opens_its_connection_through_slack_api_url(tmp_path: Path):
    with SlackWebApiStandIn() as slack:
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env.update(
            SLACK_BOT_TOKEN=slack.bot_token, SLACK_APP_TOKEN=slack.app_token,
            SLACK_API_URL=slack.base_url, LIVE_API_ENDPOINT="sim",
            RECORDBOT_DB=str(tmp_path / "socket.db"),
        )  # fmt: skip
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            (call,) = slack.wait_for("apps.connections.open", timeout=30)[:1]
            assert call.ok  # the app token was accepted there, not the bot token
            assert call.headers["authorization"] == f"Bearer {slack.app_token}"
        finally:
            bot.terminate()
            bot.wait(15)
        assert "xapp-" not in bot.stderr.read() + bot.stdout.read()  # no token in the logs
