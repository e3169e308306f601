"""OAuth scopes: what the bot token holds (the app manifest's bot scopes, as installing the app
grants them), which scope each Web API method needs, and Slack's answers about them: the
`x-oauth-scopes` / `x-accepted-oauth-scopes` response headers and the `missing_scope` error.

Sources: each method's reference page ("Scopes", bot token) at docs.slack.dev/reference/methods;
the `chat:write.public` scope page ("Send messages to channels your app isn't a member of";
it needs `chat:write` too); `missing_scope` answers name the scope `needed` and the token's
scopes `provided`, comma-separated, as the Web API response types of Slack's SDKs declare.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .model import _ApiError

if TYPE_CHECKING:
    from .standin import SlackWebApiStandIn

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"

# The scope a bot token needs for each method the stand-in answers; () is "no scope required".
# conversations.info needs the read scope of the conversation's type (`_conversation_scope`).
METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "api.test": (),
    "auth.test": (),
    "chat.postMessage": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.getPermalink": (),
    "users.info": ("users:read",),
    "usergroups.users.list": ("usergroups:read",),
    "views.open": (),
    "views.update": (),
    "views.publish": (),
    "conversations.info": (),  # checked by the method, per conversation type
    "conversations.history": (),  # checked by the method, per conversation type
    "conversations.replies": (),  # checked by the method, per conversation type
    "conversations.open": ("im:write",),
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    "apps.connections.open": ("connections:write",),  # an app-level token's scope
    "functions.completeSuccess": (),
    "functions.completeError": (),
}
# An app-level token (xapp-) is made with the scopes chosen for it, not the manifest's; Socket
# Mode needs connections:write.
APP_TOKEN_SCOPES = ("connections:write",)
PUBLIC_POSTING = "chat:write.public"


def manifest_bot_scopes(path: Path = MANIFEST) -> tuple[str, ...]:
    """`oauth_config.scopes.bot` of the app manifest: the scopes an installed bot token holds."""
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(manifest["oauth_config"]["scopes"]["bot"])


def token_scopes(s: SlackWebApiStandIn, token: str | None) -> tuple[str, ...]:
    return APP_TOKEN_SCOPES if token == s.app_token else s.scopes


def require(s: SlackWebApiStandIn, token: str | None, needed: Iterable[str]) -> None:
    """Answer `missing_scope` unless the token holds every scope in `needed`."""
    held = token_scopes(s, token)
    for scope in needed:
        if scope not in held:
            raise _ApiError("missing_scope", fields={"needed": scope, "provided": ",".join(held)})


def check_method_scope(s: SlackWebApiStandIn, method: str, token: str | None) -> None:
    require(s, token, METHOD_SCOPES.get(method, ()))


def scope_headers(s: SlackWebApiStandIn, method: str, token: str | None) -> dict[str, str]:
    """The headers Slack puts on a Web API answer: the token's scopes and the method's."""
    return {
        "x-oauth-scopes": ",".join(token_scopes(s, token)),
        "x-accepted-oauth-scopes": ",".join(METHOD_SCOPES.get(method, ())),
    }


def may_post_unjoined(s: SlackWebApiStandIn) -> bool:
    """Whether the bot may post in a public channel it is not a member of."""
    return PUBLIC_POSTING in s.scopes and "chat:write" in s.scopes


def conversation_scope(is_im: bool, is_private: bool) -> str:
    """conversations.info's scope for a bot token, by the conversation's type."""
    if is_im:
        return "im:read"
    return "groups:read" if is_private else "channels:read"


def history_scope(is_im: bool, is_private: bool) -> str:
    """conversations.history's and conversations.replies' scope, by the conversation's type."""
    if is_im:
        return "im:history"
    return "groups:history" if is_private else "channels:history"
