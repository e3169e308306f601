"""The bot as its own process (`python -m bot http` on loopback), for tests and benches that
need a real process: crash and drain tests, latency and memory benches."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.live.sim import SIM_SECRET_ID, SIM_SECRET_KEY

from slackfake import SlackWebApiStandIn, free_port

ROOT = Path(__file__).resolve().parent.parent


def bot_env(
    slack: SlackWebApiStandIn, live_url: str, db: Path | str, signing_secret: str, **extra: str
) -> dict[str, str]:
    """The environment for a bot in HTTP mode against the Slack stand-in and the simulator."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.pop("SLACK_APP_TOKEN", None)
    env.update(
        SLACK_BOT_TOKEN=slack.bot_token,
        SLACK_SIGNING_SECRET=signing_secret,
        SLACK_API_URL=slack.base_url,
        TENCENTCLOUD_SECRET_ID=SIM_SECRET_ID,
        TENCENTCLOUD_SECRET_KEY=SIM_SECRET_KEY,
        LIVE_API_ENDPOINT=live_url,
        RECORD_DOMAIN="push.example.com",
        RECORDBOT_DB=str(db),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


class BotProcess:
    """`python -m bot http` on loopback; stdout lines are queued, stderr (the log) goes to a file."""

    def __init__(self, env: dict[str, str], cwd: Path, log_path: Path) -> None:
        self.port = free_port()
        self.log_path = log_path
        self._log = log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "http", "--port", str(self.port), "--host", "127.0.0.1"],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            if "listening on" in line:
                return
        raise AssertionError(f"the bot did not start; its log:\n{self.log()}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")
