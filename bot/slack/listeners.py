"""Registers every listener on the Bolt app (one place to see what the bot answers)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_bolt.request.payload_utils import (
    to_action,
    to_command,
    to_event,
    to_message,
    to_options,
    to_shortcut,
    to_step,
    to_view,
)

from bot.slack import actions, edit, mentions, shortcuts, slash, workflow
from bot.slack.deps import Deps

log = logging.getLogger("recordbot.slack")

# Bolt runs every one of these on each request while matching listeners.
_EXTRACTORS = (
    to_options,
    to_shortcut,
    to_action,
    to_view,
    to_command,
    to_event,
    to_message,
    to_step,
)
_INTERACTIONS = ("block_actions", "view_submission", "view_closed", "shortcut", "message_action")


def payload_problem(body: Any) -> str | None:
    """What is wrong with a payload's shape, or None. Slack never sends these; a wrong shape
    would otherwise fail inside Bolt's matchers or a listener (a 500 and a traceback)."""
    if not isinstance(body, dict):
        return "the payload is not a JSON object"
    try:
        for extract in _EXTRACTORS:
            extract(body)
    except (KeyError, IndexError, TypeError, AttributeError):
        return "the payload does not have the shape Slack gives it"
    for key in ("user", "channel", "container", "team", "view", "event", "message", "state"):
        # Bolt reads `view` and `event` whenever they are present, so null is wrong there too
        may_be_null = key not in ("view", "event")
        if (
            key in body
            and not isinstance(body[key], dict)
            and not (may_be_null and body[key] is None)
        ):
            return f"`{key}` must be an object"
    for key in (
        "type", "command", "text", "user_id", "channel_id", "response_url", "trigger_id",
        "callback_id", "action_id",
    ):  # fmt: skip
        if body.get(key) is not None and not isinstance(body[key], str):
            return f"`{key}` must be a string"
    for key in ("user", "channel", "team"):
        if not isinstance((body.get(key) or {}).get("id", ""), str):
            return f"`{key}.id` must be a string"
    if not str(body.get("response_url") or "https://").startswith(("https://", "http://")):
        return "`response_url` must be a URL"
    if not isinstance((body.get("container") or {}).get("channel_id", ""), str):
        return "`container.channel_id` must be a string"
    if "command" in body and not (body.get("user_id") and body.get("response_url")):
        return "a slash command needs `user_id` and `response_url`"
    kind = body.get("type")
    if kind in _INTERACTIONS and not (body.get("user") or {}).get("id"):
        return "an interaction needs `user.id`"
    if kind == "block_actions":
        if not body.get("trigger_id"):  # Slack always sends one; Edit opens its modal with it
            return "a button press needs `trigger_id`"
        acts = body.get("actions")
        if not isinstance(acts, list) or not acts:
            return "`actions` must be a non-empty list"
        for a in acts:
            if not (isinstance(a, dict) and isinstance(a.get("action_id"), str)):
                return "each action needs a string `action_id`"
            if not isinstance(a.get("value", ""), str):
                return "an action's `value` must be a string"
    if kind in ("view_submission", "view_closed"):
        view = body.get("view") or {}
        if not all(isinstance(view.get(k), str) for k in ("type", "callback_id")):
            return "`view` needs a string `type` and `callback_id`"
        if not isinstance(view.get("private_metadata", ""), str):
            return "`view.private_metadata` must be a string"
        state = view.get("state") or {}
        values = (state.get("values") or {}) if isinstance(state, dict) else None
        if not (
            isinstance(values, dict)
            and all(
                isinstance(block, dict) and all(isinstance(el, dict) for el in block.values())
                for block in values.values()
            )
        ):
            return "`view.state.values` must map blocks to elements"
    return None


class RefuseMalformed(Middleware):
    """A signed request whose payload lacks Slack's shape gets 400. The composition root runs it
    right after Bolt checks the signature (App's `before_authorize`), before anything reads it."""

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
    ) -> BoltResponse | None:
        problem = payload_problem(req.body)
        if problem is None:
            return next()
        log.warning("refused a malformed Slack payload: %s", problem)
        return BoltResponse(
            status=400,
            body=json.dumps({"ok": False, "error": problem}),
            headers={"content-type": "application/json"},
        )


def register_listeners(app: App, deps: Deps) -> None:
    slash.register(app, deps)
    actions.register(app, deps)
    edit.register(app, deps)
    mentions.register(app, deps)
    shortcuts.register(app, deps)
    workflow.register(app, deps)
