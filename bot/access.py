"""Who may create, stop and delete recordings, and where (RECORDBOT_ALLOWED_* settings).

Pure policy: the Slack user group is read through a callable the composition root supplies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import NotAllowed

log = logging.getLogger("recordbot.service")


@dataclass
class Access:
    """Who may create, stop and delete (empty sets mean everyone).

    A user may act if listed in `users` or a member of the user group `group_members` reads
    (each is enough once either is set); a group that cannot be read refuses (fails closed).
    """

    users: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    admins: tuple[str, ...] = ()  # Slack user IDs to name in a refusal
    group_members: Callable[[], frozenset[str]] | None = None  # the allowed Slack user group

    @property
    def admin_hint(self) -> str:
        return "an admin (listed below)" if self.admins else "your recordbot admin"

    def check(self, user: str, channel: str | None, action: str) -> None:
        if (self.users or self.group_members) and not self._listed(user):
            raise NotAllowed(
                f"You are not on recordbot's list of people who may {action} recordings. Ask {self.admin_hint} to add your Slack ID ({user}) to RECORDBOT_ALLOWED_USERS (or you to the allowed user group).",
                self.admins,
            )
        if self.channels and not channel:
            raise NotAllowed(
                f"recordbot only takes actions in certain channels, and this one came from outside a channel (the Home tab). Use `/record {action} TASKID` in an allowed channel.",
                self.admins,
            )
        if self.channels and channel not in self.channels:
            raise NotAllowed(
                f"Recordings can't be {action}d from this channel. Use an allowed channel, or ask {self.admin_hint} to add this channel ({channel}) to RECORDBOT_ALLOWED_CHANNELS.",
                self.admins,
            )

    def _listed(self, user: str) -> bool:
        if user in self.users:
            return True
        if self.group_members is None:
            return False
        try:
            return user in self.group_members()
        except Exception:
            log.exception("could not read the allowed user group; refusing %s", user)
            raise NotAllowed(
                f"recordbot could not check the allowed user group just now, so nothing was done. Try again in a minute, or ask {self.admin_hint}.",
                self.admins,
            ) from None
