"""Who may create, stop and delete recordings, and where (RECORDBOT_ALLOWED_* settings).

Pure policy: the Slack user group is read through a callable the composition root supplies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import NotAllowed
from bot.i18n import N_, _

# What an action is called in a refusal ("people who may stop recordings").
ACTIONS = {"create": N_("create"), "stop": N_("stop"), "delete": N_("delete")}
# A refusal from a channel that is not allowed, one sentence per action.
NOT_HERE = {
    "create": N_(
        "Recordings can't be created from this channel. Use an allowed channel, or ask {admin} to "
        "add this channel ({channel}) to RECORDBOT_ALLOWED_CHANNELS."
    ),
    "stop": N_(
        "Recordings can't be stopped from this channel. Use an allowed channel, or ask {admin} to "
        "add this channel ({channel}) to RECORDBOT_ALLOWED_CHANNELS."
    ),
    "delete": N_(
        "Recordings can't be deleted from this channel. Use an allowed channel, or ask {admin} to "
        "add this channel ({channel}) to RECORDBOT_ALLOWED_CHANNELS."
    ),
}

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
        return _("an admin (listed below)") if self.admins else _("your recordbot admin")

    def check(self, user: str, channel: str | None, action: str) -> None:
        """Raise NotAllowed (in the current language) unless `user` may `action` ("create",
        "stop", "delete") from `channel`."""
        if (self.users or self.group_members) and not self._listed(user):
            raise NotAllowed(
                _(
                    "You are not on recordbot's list of people who may {verb} recordings. Ask "
                    "{admin} to add your Slack ID ({user}) to RECORDBOT_ALLOWED_USERS (or you to "
                    "the allowed user group)."
                ).format(verb=_(ACTIONS.get(action, action)), admin=self.admin_hint, user=user),
                self.admins,
            )
        if self.channels and not channel:
            raise NotAllowed(
                _(
                    "recordbot only takes actions in certain channels, and this one came from "
                    "outside a channel (the Home tab). Use `/record {action} TASKID` in an "
                    "allowed channel."
                ).format(action=action),
                self.admins,
            )
        if self.channels and channel not in self.channels:
            raise NotAllowed(
                _(NOT_HERE.get(action, NOT_HERE["create"])).format(
                    admin=self.admin_hint, channel=channel
                ),
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
                _(
                    "recordbot could not check the allowed user group just now, so nothing was "
                    "done. Try again in a minute, or ask {admin}."
                ).format(admin=self.admin_hint),
                self.admins,
            ) from None
