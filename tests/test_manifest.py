"""manifest.yml validates against Slack's published manifest schema and declares what the bot
uses: the /record command, interactivity, Socket Mode, the scopes, the Home tab and its event."""

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
