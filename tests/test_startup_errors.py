"""A bot that cannot start says why in one line on stderr and exits 2, never with a traceback:
Slack refusing the token or out of reach, a task log that cannot be opened, a port in use. The
bot runs as its own process (`python -m bot http`), as in production."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.errors import StartupError
from bot.live.sim import LiveSimulator

from botproc import bot_env
from slackfake import SlackWebApiStandIn, free_port
from wiredapp import World

SECRET = "startup-signing-secret"
PREFIX = "recordbot: cannot start: "


@pytest.fixture(scope="module")
def services() -> Iterator[tuple[SlackWebApiStandIn, LiveSimulator]]:
    with LiveSimulator() as sim, SlackWebApiStandIn() as slack:
        yield slack, sim


def run_bot(env: dict[str, str], cwd: Path, port: int | None = None) -> subprocess.CompletedProcess:
    port = port or free_port()
    return subprocess.run(
        [sys.executable, "-m", "bot", "http", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def refusal(proc: subprocess.CompletedProcess) -> str:
    """The one line saying why; asserts exit 2, no traceback, nothing served."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and 'File "' not in proc.stderr, proc.stderr
    assert "listening on" not in proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.startswith(PREFIX)]
    assert len(lines) == 1 and proc.stderr.rstrip().endswith(lines[0]), proc.stderr
    assert SECRET not in proc.stderr
    return lines[0]


@pytest.mark.parametrize("kind", ["missing directory", "a directory", "not a database"])
def test_a_task_log_that_cannot_be_opened(services, tmp_path: Path, kind: str) -> None:
    slack, sim = services
    db = {
        "missing directory": tmp_path / "no-such-dir" / "bot.db",
        "a directory": tmp_path,
        "not a database": tmp_path / "garbage.db",
    }[kind]
    if kind == "not a database":
        db.write_bytes(b"this is not SQLite\n" * 200)
    line = refusal(run_bot(bot_env(slack, sim.url, db, SECRET), tmp_path))
    assert "RECORDBOT_DB" in line and str(db) in line


def test_a_port_in_use(services, tmp_path: Path) -> None:
    slack, sim = services
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_bot(bot_env(slack, sim.url, tmp_path / "bot.db", SECRET), tmp_path, port)
    line = refusal(proc)
    assert f"port {port}" in line and "already in use" in line


def test_a_token_slack_refuses(services, tmp_path: Path) -> None:
    slack, sim = services
    env = bot_env(slack, sim.url, tmp_path / "bot.db", SECRET, SLACK_BOT_TOKEN="xoxb-9-revoked")
    proc = run_bot(env, tmp_path)
    line = refusal(proc)
    assert "SLACK_BOT_TOKEN" in line and "invalid_auth" in line
    assert "xoxb-9-revoked" not in proc.stderr + proc.stdout


def test_slack_out_of_reach(services, tmp_path: Path) -> None:
    slack, sim = services
    nowhere = f"http://127.0.0.1:{free_port()}/api/"
    env = bot_env(slack, sim.url, tmp_path / "bot.db", SECRET, SLACK_API_URL=nowhere)
    line = refusal(run_bot(env, tmp_path))
    assert "could not reach Slack" in line and nowhere in line


def test_socket_modes_callback_port_in_use(world: World) -> None:
    from bot.app import start_callback_listener

    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(StartupError, match=f"port {port} .*CALLBACK_PORT.* already in use"):
            start_callback_listener(world.bot, port)
