"""Each Slack user's time zone from users.info, cached (a profile's zone rarely changes)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import _
from bot.ttl import Expiring

log = logging.getLogger("recordbot.slack")


class UserZones:
    """users.info (with `include_locale`), cached per user for `ttl` seconds: each user's zone,
    display name and Slack locale. A note about the zone is written at each `get`, in the
    language then current."""

    def __init__(
        self, client: WebClient, ttl: float = 3600.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.client = client
        self.ttl = ttl
        self.clock = clock
        # user -> (when read, the profile's tz as Slack gave it, display name, locale)
        self._cache: dict[str, tuple[float, str | None, str | None, str | None]] = {}
        self._lock = threading.Lock()

    def _read(self, user_id: str) -> tuple[str | None, str | None, str | None] | None:
        """(tz, name, locale) from the cache or users.info; None when Slack could not say."""
        with self._lock:
            hit = self._cache.get(user_id)
        if hit and self.clock() - hit[0] < self.ttl:
            return hit[1], hit[2], hit[3]
        try:
            user = self.client.users_info(user=user_id, include_locale=True)["user"]
        except (SlackApiError, KeyError, TypeError) as exc:
            code = exc.response.get("error") if isinstance(exc, SlackApiError) else "bad reply"
            log.warning("users.info for %s failed (%s); reading times in UTC", user_id, code)
            return None  # not cached: the next command tries again
        except Exception:
            log.exception("users.info for %s failed; reading times in UTC", user_id)
            return None
        tz, name = user.get("tz"), user.get("real_name") or user.get("name")
        locale = user.get("locale") if isinstance(user.get("locale"), str) else None
        with self._lock:
            self._cache[user_id] = (self.clock(), tz, name, locale)
        return tz, name, locale

    def get(self, user_id: str) -> tuple[str, str | None, str | None]:
        """(zone, note for the card or None, display name)."""
        found = self._read(user_id)
        if found is None:
            return (
                "UTC",
                _("Could not read your Slack time zone just now; times are read and shown in UTC."),
                None,
            )
        zone, note = zone_of(found[0])
        return zone, note, found[1]

    def locale(self, user_id: str) -> str | None:
        """The user's Slack locale (`zh-TW`, `en-US`), None when unknown."""
        found = self._read(user_id) if user_id else None
        return found[2] if found else None


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
            return "UTC", _(
                "Your Slack time zone `{zone}` is unknown here; times are in UTC."
            ).format(zone=name)
    return "UTC", _("Slack has no time zone for you; times are read and shown in UTC.")
