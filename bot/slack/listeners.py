"""Registers every listener on the Bolt app (one place to see what the bot answers)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack import actions, commands, edit
from bot.slack.deps import Deps


def register_listeners(app: App, deps: Deps) -> None:
    commands.register(app, deps)
    actions.register(app, deps)
    edit.register(app, deps)
