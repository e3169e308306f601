"""manifest.yml validates against Slack's published manifest schema and declares what the bot
uses: the /record command, interactivity, Socket Mode, the scopes, the Home tab and its event,
and the ways in (mentions, direct messages, the shortcuts, the Workflow Builder step)."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_CANDIDATES = (
    ROOT.parent / "shared" / "reference" / "slack-manifest-schema" / "manifest.schema.1.0.0.json",
    ROOT / "reference" / "slack-manifest-schema" / "manifest.schema.1.0.0.json",
    Path("/work/shared/reference/slack-manifest-schema/manifest.schema.1.0.0.json"),
)


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_schema(manifest):
    path = next((p for p in SCHEMA_CANDIDATES if p.is_file()), None)
    if path is None:
        pytest.skip("Slack's manifest schema is not available here")
    schema = json.loads(path.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_manifest_declares_what_the_bot_uses(manifest):
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/record"
    assert set(manifest["oauth_config"]["scopes"]["bot"]) >= {
        "commands",
        "chat:write",
        "chat:write.public",
        "users:read",
    }
    settings = manifest["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert "app_home_opened" in settings["event_subscriptions"]["bot_events"]


def test_manifest_declares_the_ways_in(manifest):
    from bot.slack.form import RECORD_THIS_SHORTCUT, SCHEDULE_SHORTCUT
    from bot.slack.workflow import FUNCTION

    settings = manifest["settings"]
    assert {"app_mention", "message.im"} <= set(settings["event_subscriptions"]["bot_events"])
    assert {"app_mentions:read", "im:history"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    home = manifest["features"]["app_home"]
    assert home["messages_tab_enabled"] is True and home["messages_tab_read_only_enabled"] is False
    shortcuts = {s["callback_id"]: s["type"] for s in manifest["features"]["shortcuts"]}
    assert shortcuts == {SCHEDULE_SHORTCUT: "global", RECORD_THIS_SHORTCUT: "message"}
    # a custom step: org-ready, run by this app (remote), its parameters as DESIGN fixes them
    assert settings["org_deploy_enabled"] is True and settings["function_runtime"] == "remote"
    step = manifest["functions"][FUNCTION]
    inputs, outputs = step["input_parameters"], step["output_parameters"]
    assert (inputs["stream"]["type"], inputs["stream"]["is_required"]) == ("string", True)
    assert (inputs["when"]["type"], inputs["when"]["is_required"]) == ("string", True)
    assert (inputs["channel"]["type"], inputs["channel"]["is_required"]) == (
        "slack#/types/channel_id",
        False,
    )
    assert {name: p["type"] for name, p in outputs.items()} == {
        "task_id": "string",
        "start": "slack#/types/timestamp",
        "end": "slack#/types/timestamp",
    }
