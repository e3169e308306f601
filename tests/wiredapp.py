"""recordbot wired for end-to-end tests in this process: the HTTP app on loopback with the Slack
stand-in and the Live API simulator (`World`), and helpers that read what it answered.

conftest.py builds Worlds for tests (`world`, `make_world`); botproc.py runs the bot as its own
process instead.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from bot.app import build_slack, make_http_server
from bot.config import load_settings
from bot.live.sim import SIM_SECRET_ID, SIM_SECRET_KEY, LiveSimulator
from bot.slack.server import Limits
from bot.ui.cards import Action

from slackfake import SlackWebApiStandIn, post, response_url_of, sign

SECRET = "e2e-signing-secret"
CHANNEL = "CREC"  # RECORD_CHANNEL: where notices and their threads are posted
# The users a World knows unless told otherwise: id -> time zone (None: a profile without one).
USERS: dict[str, str | None] = {"U1": "Asia/Shanghai", "U2": "America/New_York", "U3": None}
NAMES = {"U1": "alice", "U2": "bob", "U3": "carol"}  # other users are named after their id


class World:
    """recordbot in HTTP mode on loopback, the Slack stand-in and the Live simulator.

    `users` maps user ids to time zones; `env` adds settings or, with a None value, leaves one
    out; `clock` drives the bot's use cases, notices and callbacks (the Slack and Live clients
    keep real time); `limits` are the HTTP server's (production's by default). The bot can be
    stopped and started again on the same task log (`restart`).
    """

    def __init__(
        self,
        db_path: Path | str,
        users: Mapping[str, str | None] | None = None,
        env: Mapping[str, str | None] | None = None,
        *,
        signing_secret: str = SECRET,
        clock: Callable[[], float] = time.time,
        limits: Limits | None = None,
    ) -> None:
        self.signing_secret = signing_secret
        self.clock = clock
        self.limits = limits
        self.sim = LiveSimulator()
        self.sim.start()
        self.slack = SlackWebApiStandIn().start()
        for user, tz in (users or USERS).items():
            self.slack.add_user(user, tz=tz, name=NAMES.get(user, user.lower()))
        self.slack.add_channel("C1", "general")
        self.slack.add_channel(CHANNEL, "recordings")
        self.db_path = str(db_path)
        values = {
            "SLACK_BOT_TOKEN": self.slack.bot_token,
            "SLACK_SIGNING_SECRET": signing_secret,
            "SLACK_API_URL": self.slack.base_url,
            "TENCENTCLOUD_SECRET_ID": SIM_SECRET_ID,
            "TENCENTCLOUD_SECRET_KEY": SIM_SECRET_KEY,
            "LIVE_API_ENDPOINT": self.sim.url,
            "RECORDBOT_DB": self.db_path,
            "RECORD_CHANNEL": CHANNEL,
            "RECORD_DOMAIN": "push.example.com",
            **(env or {}),
        }
        self.settings = load_settings(
            {k: v for k, v in values.items() if v is not None}, dotenv_path=None
        )
        self.boot()

    # -- the bot

    def boot(self) -> None:
        self.bot = build_slack(self.settings, "http", clock=self.clock)
        self.server = make_http_server(self.bot, 0, "127.0.0.1", self.limits)
        self.server.start_background(poll_interval=0.02)
        # The scheduler's thread sends the outbox as the bot's does; the test ticks (`tick()`)
        # when it has moved the clock, so start/end notices fall due when the test says.
        self.bot.scheduler.start(ticks=False)

    def shutdown(self) -> None:
        """Stop the bot (the stand-in and the simulator keep running)."""
        self.server.shutdown()
        self.server.server_close()
        self.bot.close()

    def restart(self) -> None:
        self.shutdown()
        self.boot()

    def close(self) -> None:
        self.shutdown()
        self.slack.stop()
        self.sim.stop()

    @property
    def url(self) -> str:
        return f"{self.server.url}/slack/events"

    @property
    def app(self):  # noqa: ANN201 - slack_bolt.App
        return self.bot.app

    def row(self, row_id: str):  # noqa: ANN201 - TaskRow
        return self.bot.store.get(row_id)

    # -- requests from Slack

    def send(self, body: bytes, extra: dict[str, str] | None = None) -> tuple[int, bytes]:
        """POST a signed request; (status, body)."""
        headers = {**sign(self.signing_secret, body), **(extra or {})}
        status, _, out = post(self.url, body, headers, timeout=10)
        return status, out

    def send_event(self, body: bytes, extra: dict[str, str] | None = None) -> tuple[int, bytes]:
        """POST a signed Events API delivery (JSON, as Slack sends events); (status, body)."""
        return self.send(body, {"Content-Type": "application/json", **(extra or {})})

    def command(self, text: str, user: str = "U1", timeout: float = 10) -> dict[str, Any]:
        """/record TEXT as Slack sends it; the card posted to its response_url."""
        body = self.slack.slash_command_body(text, user_id=user, channel_id="C1")
        status, out = self.send(body)
        assert status == 200, out
        return self.slack.wait_for_responses(1, url=response_url_of(body), timeout=timeout)[-1].body

    def click(
        self, action: str, value: str, user: str = "U1", timeout: float = 10
    ) -> dict[str, Any]:
        """A button click as Slack sends it; the answer posted to its response_url."""
        body = self.slack.block_actions_body(action, value, user_id=user, channel_id="C1")
        return self.interact(body, timeout=timeout)

    def press(self, card: dict[str, Any], action: str = Action.CONFIRM, user: str = "U1"):  # noqa: ANN201
        """Click the card's `action` button."""
        return self.click(action, button_value(card, action), user)

    def interact(self, body: bytes, timeout: float = 10) -> dict[str, Any] | None:
        """POST an interaction body (`payload=<json>`); the answer posted to its response_url,
        or None when the payload has none."""
        status, out = self.send(body)
        assert status == 200, out
        url = json.loads(dict(parse_qsl(body.decode()))["payload"]).get("response_url")
        return self.slack.wait_for_responses(1, url=url, timeout=timeout)[-1].body if url else None


# -- reading what the bot answered --------------------------------------------------------------


def button_value(card: dict[str, Any], action: str) -> str:
    for block in card.get("blocks", []):
        for element in block.get("elements", []):
            if element.get("action_id") == action:
                return element["value"]
    raise AssertionError(f"no {action} button in {card}")


def has_button(card: dict[str, Any], action: str) -> bool:
    return any(
        e.get("action_id") == action for b in card.get("blocks", []) for e in b.get("elements", [])
    )


def texts(card: dict[str, Any]) -> list[str]:
    """Every piece of text Slack would render from a message: fallback, sections, context,
    button labels and confirm dialogs."""
    out = [card.get("text", "")]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                if isinstance(value, dict | list):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card.get("blocks", []))
    return out


def errors_logged(records: list[logging.LogRecord]) -> list[str]:
    """ERROR records, and any record carrying a traceback: an unhandled failure somewhere."""
    return [
        f"{r.name}: {r.getMessage()}"
        for r in records
        if r.levelno >= logging.ERROR or r.exc_info is not None
    ]


def creates(sim: LiveSimulator) -> list[dict[str, Any]]:
    """The CreateRecordTask requests Live received."""
    return [e for e in sim.log if e["action"] == "CreateRecordTask"]
