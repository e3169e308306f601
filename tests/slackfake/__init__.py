"""A strict local stand-in for Slack, for end-to-end tests over real HTTP (test support code).

Tests import from the package: `from slackfake import SlackWebApiStandIn, post_signed, ...`.

- standin.py   `SlackWebApiStandIn`: its world (users, channels, triggers, response_urls),
               failure injection and what it saw
- server.py    the HTTP handler: body decoding, tokens, routing
- methods.py   the table of Web API methods, and the small ones (auth, users, conversations...)
- scopes.py    the bot token's scopes (the manifest's), each method's, and missing_scope
- chat.py      chat.* methods
- history.py   conversations.history / conversations.replies, and message metadata
- views.py     views.* methods and trigger expiry
- responses.py response_url hosting and its limits
- blocks.py    Block Kit checks and limits
- model.py     the records (`Call`, `ResponsePost`), world objects and Slack's error answer
- payloads.py  requests as Slack sends them to an app (slash commands, clicks, submissions,
               shortcuts, Events API deliveries: mentions, direct messages, custom steps)
- signing.py   signing and delivering those requests over loopback
- functions.py custom steps: definitions, executions, functions.completeSuccess/completeError
- socket_mode.py Socket Mode's WebSocket: hello, envelopes, acknowledgements
"""

from .blocks import validate_blocks
from .model import Call, ResponsePost
from .payloads import (
    app_mention_event,
    block_actions_body,
    event_callback_body,
    message_action_body,
    message_im_event,
    response_url_of,
    shortcut_body,
    slash_command_body,
    view_submission_body,
)
from .responses import RESPONSE_URL
from .signing import _NO_PROXY_OPENER as _NO_PROXY_OPENER  # test_http_hardening sends raw requests
from .signing import free_port, post, post_signed, sign
from .socket_mode import SocketModeStandIn
from .standin import SlackWebApiStandIn

__all__ = [
    "RESPONSE_URL",
    "Call",
    "ResponsePost",
    "SlackWebApiStandIn",
    "SocketModeStandIn",
    "app_mention_event",
    "block_actions_body",
    "event_callback_body",
    "message_action_body",
    "message_im_event",
    "shortcut_body",
    "free_port",
    "post",
    "post_signed",
    "response_url_of",
    "sign",
    "slash_command_body",
    "validate_blocks",
    "view_submission_body",
]
