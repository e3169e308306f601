"""Each Slack user's time zone from users.info, cached (a profile's zone rarely changes)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.ttl import Expiring

log = logging.getLogger("recordbot.slack")


class UserZones:
    def __init__(
        self, client: WebClient, ttl: float = 3600.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.client = client
        self.ttl = ttl
        self.clock = clock
        self._cache: dict[str, tuple[float, str, str | None, str | None]] = {}
        self._lock = threading.Lock()

    def get(self, user_id: str) -> tuple[str, str | None, str | None]:
        """(zone, note for the card or None, display name)."""
        with self._lock:
            hit = self._cache.get(user_id)
        if hit and self.clock() - hit[0] < self.ttl:
            return hit[1], hit[2], hit[3]
        try:
            user = self.client.users_info(user=user_id)["user"]
        except (SlackApiError, KeyError, TypeError) as exc:
            code = exc.response.get("error") if isinstance(exc, SlackApiError) else "bad reply"
            log.warning("users.info for %s failed (%s); reading times in UTC", user_id, code)
            # Not cached: the next command tries again.
            return (
                "UTC",
                "Could not read your Slack time zone just now; times are read and shown in UTC.",
                None,
            )
        except Exception:
            log.exception("users.info for %s failed; reading times in UTC", user_id)
            return (
                "UTC",
                "Could not read your Slack time zone just now; times are read and shown in UTC.",
                None,
            )
        zone, note = zone_of(user.get("tz"))
        name = user.get("real_name") or user.get("name")
        with self._lock:
            self._cache[user_id] = (self.clock(), zone, note, name)
        return zone, note, name


def group_members(
    client: WebClient,
    group_id: str,
    ttl: float = 300.0,
    clock: Callable[[], float] = time.monotonic,
) -> Callable[[], frozenset[str]]:
    """The members of one Slack user group (usergroups.users.list), read at most every `ttl`
    seconds. A failed read raises, so access checks fail closed."""
    members = Expiring(
        lambda: frozenset(client.usergroups_users_list(usergroup=group_id)["users"]), ttl, clock
    )
    return members.get


def zone_of(name: str | None) -> tuple[str, str | None]:
    """A usable IANA zone for a Slack profile's `tz`, and a note when we had to fall back."""
    if name:
        try:
            ZoneInfo(name)
            return name, None
        except (KeyError, ValueError, OSError):
            return "UTC", f"Your Slack time zone `{name}` is unknown here; times are in UTC."
    return "UTC", "Slack has no time zone for you; times are read and shown in UTC."
