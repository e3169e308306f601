"""Socket Mode: both tokens pick it, SLACK_API_URL applies to apps.connections.open, and the ways
in work over a real WebSocket (the stand-in's hello, envelopes and acknowledgements)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from bot.app import build_slack
from bot.config import load_settings
from bot.live.sim import SIM_SECRET_ID, SIM_SECRET_KEY, LiveSimulator
from bot.slack.workflow import FUNCTION
from bot.ui.cards import Action

from slackfake import SlackWebApiStandIn, SocketModeStandIn
from wiredapp import button_value


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


# -- the ways in over a real WebSocket --------------------------------------------------------


@pytest.fixture
def socket_bot(tmp_path: Path, no_proxies):
    """recordbot in Socket Mode in this process, connected to the WebSocket stand-in."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    socket = SocketModeStandIn().start()
    slack = SlackWebApiStandIn(socket_mode_url=socket.url).start()
    slack.add_user("U1", tz="Asia/Shanghai", name="alice")
    slack.add_channel("C1", "general")
    sim = LiveSimulator()
    sim.start()
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": slack.bot_token, "SLACK_APP_TOKEN": slack.app_token,
            "SLACK_API_URL": slack.base_url, "TENCENTCLOUD_SECRET_ID": SIM_SECRET_ID,
            "TENCENTCLOUD_SECRET_KEY": SIM_SECRET_KEY, "LIVE_API_ENDPOINT": sim.url,
            "RECORD_DOMAIN": "push.example.com", "RECORDBOT_DB": str(tmp_path / "socket.db"),
        },
        dotenv_path=None,
    )  # fmt: skip
    bot = build_slack(settings, "socket")
    handler = SocketModeHandler(bot.app, settings.slack_app_token, web_client=bot.app.client)
    handler.connect()
    try:
        socket.wait_connected()
        yield socket, slack, sim
    finally:
        handler.close()
        bot.close()
        socket.stop()
        slack.stop()
        sim.stop()


def test_a_mention_then_confirm_over_socket_mode(socket_bot):
    socket, slack, sim = socket_bot
    event = json.loads(slack.app_mention_body("<@UBOT> livetest tomorrow 9am to 10am", "U1", "C1"))
    envelope = socket.send_envelope("events_api", event)
    assert socket.wait_ack(envelope)["envelope_id"] == envelope
    (call,) = slack.wait_for("chat.postEphemeral", timeout=10)
    assert (call.args["channel"], call.args["user"]) == ("C1", "U1")
    card = {"blocks": call.args["blocks"]}

    # The click arrives over the socket as an `interactive` envelope; the card is answered
    # through its response_url, as over HTTP.
    click = slack.block_actions_body(Action.CONFIRM, button_value(card, Action.CONFIRM))
    payload = json.loads(dict(parse_qsl(click.decode()))["payload"])
    socket.wait_ack(socket.send_envelope("interactive", payload))
    (answer,) = slack.wait_for_responses(1, url=payload["response_url"], timeout=10)
    (task_id,) = sim.tasks
    assert task_id in json.dumps(answer.body)


def test_the_workflow_step_over_socket_mode(socket_bot):
    socket, slack, sim = socket_bot
    body, execution = slack.start_function(
        FUNCTION,
        {"stream": "livetest", "when": "2 days from now at 9am for 1h", "user": {"id": "U1"}},
    )
    socket.wait_ack(socket.send_envelope("events_api", json.loads(body)))
    done = slack.wait_for_execution(execution.id)
    assert done.state == "completed" and done.outputs["task_id"] in sim.tasks
