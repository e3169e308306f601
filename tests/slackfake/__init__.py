"""A strict local stand-in for Slack, for end-to-end tests over real HTTP (test support code).

Tests import from the package: `from slackfake import SlackWebApiStandIn, post_signed, ...`.
"""

# test_http_hardening sends raw requests through the proxy-free opener.
from .standin import _NO_PROXY_OPENER as _NO_PROXY_OPENER
from .standin import (
    RESPONSE_URL,
    Call,
    ResponsePost,
    SlackWebApiStandIn,
    block_actions_body,
    free_port,
    post,
    post_signed,
    response_url_of,
    sign,
    slash_command_body,
    validate_blocks,
    view_submission_body,
)

__all__ = [
    "RESPONSE_URL",
    "Call",
    "ResponsePost",
    "SlackWebApiStandIn",
    "block_actions_body",
    "free_port",
    "post",
    "post_signed",
    "response_url_of",
    "sign",
    "slash_command_body",
    "validate_blocks",
    "view_submission_body",
]
