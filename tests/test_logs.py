"""Log lines: the HTTP server's (waitress) go through recordbot's formatter, secrets masked."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot import logs


@pytest.fixture
def saved_logging() -> Iterator[None]:
    """configure() rewires the root logger: put everything back for the other tests."""
    names = ("", *logs.SERVER_LOGGERS)
    saved = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).level) for n in names}
    propagate = {n: logging.getLogger(n).propagate for n in logs.SERVER_LOGGERS}
    yield
    for name, (handlers, level) in saved.items():
        logging.getLogger(name).handlers[:] = handlers
        logging.getLogger(name).setLevel(level)
    for name, value in propagate.items():
        logging.getLogger(name).propagate = value


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_the_servers_logs_are_formatted_and_masked_like_ours(
    saved_logging: None, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    # as if something had given waitress a handler of its own and cut it off from the root
    stray = io.StringIO()
    server = logging.getLogger("waitress")
    server.handlers[:] = [logging.StreamHandler(stray)]
    server.propagate = False
    server.setLevel(logging.ERROR)
    out = io.StringIO()
    monkeypatch.setattr("sys.stderr", out)

    logs.configure(fmt)
    logging.getLogger("waitress").warning("Socket error token=xoxb-1234-secret")
    logging.getLogger("waitress.queue").warning("Task queue depth is %d", 3)

    assert stray.getvalue() == ""
    lines = out.getvalue().splitlines()
    assert len(lines) == 2, lines
    assert "xoxb-1234" not in out.getvalue() and "***" in lines[0]
    if fmt == "json":
        events = [json.loads(line) for line in lines]
        assert [e["logger"] for e in events] == ["waitress", "waitress.queue"]
        assert events[0]["level"] == "warning"
    else:
        assert " WARNING waitress: " in lines[0] and " WARNING waitress.queue: " in lines[1]
