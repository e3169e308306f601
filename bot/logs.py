"""Logging: one line per event, plain or JSON (RECORDBOT_LOG_FORMAT), with secrets masked."""

from __future__ import annotations

import json
import logging
import re
import sys
import time

# Tokens and keys that must never reach a log line, whatever logged them.
SECRET_PATTERNS = (
    re.compile(r"xox[abposr]-[A-Za-z0-9-]+"),
    re.compile(r"xapp-[A-Za-z0-9-]+"),
    re.compile(
        r"(?i)(secret[_-]?key|signing[_-]?secret|SecretKey|client_secret|token)([\"']?\s*[:=]\s*[\"']?)[^\s\"',}&]+"
    ),
    re.compile(r"https://hooks\.slack\.com/[^\s\"']+"),
)


SERVER_LOGGERS = ("waitress", "waitress.queue")


def redact(text: str) -> str:
    for pattern in SECRET_PATTERNS:
        if pattern.groups >= 2:
            text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
        else:
            text = pattern.sub("***", text)
    return text


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record)).replace("\n", " | ")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        if record.exc_info:
            event["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(event, ensure_ascii=False)


def configure(fmt: str = "text", level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The HTTP server (waitress) logs under "waitress" and "waitress.queue": through this
    # handler too, so its lines are formatted and masked like ours, never printed on their own.
    for name in SERVER_LOGGERS:
        server = logging.getLogger(name)
        server.handlers[:] = []
        server.propagate = True
        server.setLevel(logging.NOTSET)
