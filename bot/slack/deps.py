"""What every listener needs, built once by the composition root."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.service import RecordService
from bot.slack.blocks import SlackFmt
from bot.slack.dedupe import RecentDeliveries
from bot.slack.users import UserZones


@dataclass(frozen=True)
class Deps:
    service: RecordService
    client: WebClient
    users: UserZones
    executor: Executor  # slow work runs here, so listeners ack in about a millisecond
    fmt: SlackFmt = SlackFmt()
    deliveries: RecentDeliveries = field(default_factory=RecentDeliveries)
