"""What every listener needs, built once by the composition root."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient

from bot.service import RecordService
from bot.slack.blocks import SlackFmt
from bot.slack.dedupe import RecentDeliveries
from bot.slack.users import UserZones

log = logging.getLogger("recordbot.slack")


@dataclass(frozen=True)
class Deps:
    service: RecordService
    client: WebClient
    users: UserZones
    executor: Executor  # slow work runs here, so listeners ack in about a millisecond
    # Work that must start at once (a dialog's 3-second trigger), never queued behind confirms.
    urgent: Executor | None = None
    fmt: SlackFmt = SlackFmt()
    deliveries: RecentDeliveries = field(default_factory=RecentDeliveries)
    # queues a message to one person (channel, user, message) in the outbox; None: post now
    personal: Callable[[str, str, dict[str, Any]], None] | None = None

    def in_background(self, fn: Callable[..., Any], *args: Any, urgent: bool = False) -> None:
        """Run `fn(*args)` after the ack, on the executor (the urgent one if asked); a failure is
        logged with its traceback (nobody waits on the future to see it)."""
        executor = self.urgent if urgent and self.urgent is not None else self.executor
        executor.submit(_logged, fn, *args)


def _logged(fn: Callable[..., Any], *args: Any) -> None:
    try:
        fn(*args)
    except Exception:
        log.exception("background work for a Slack request failed")
