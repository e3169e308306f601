"""The domain knows nothing of Slack or Tencent: importing it loads neither SDK (README, "How it is built")."""

import subprocess
import sys

import pytest

DOMAIN = ("bot.timeparse", "bot.windows", "bot.tasks", "bot.service", "bot.ui.cards")
# The router, the access policy and the SDK-free half of bot.live are domain-side too.
ALSO_PURE = (
    "bot.ui.router",
    "bot.ui.findtime",
    "bot.access",
    "bot.live.api",
    "bot.live.help",
    "bot.live.pacing",
    "bot.live.media",
)
ADAPTER_PACKAGES = ("slack_bolt", "slack_sdk", "tencentcloud", "requests", "waitress")


def loaded_after_importing(modules: tuple[str, ...]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({ADAPTER_PACKAGES!r}))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return out.stdout.split()


@pytest.mark.parametrize("modules", [DOMAIN, ALSO_PURE])
def test_domain_modules_load_no_slack_or_tencent_code(modules):
    assert loaded_after_importing(modules) == []


def test_the_check_would_see_an_adapter():
    # The same probe on an adapter module does find its SDK, so the test above can fail.
    assert "tencentcloud" in loaded_after_importing(("bot.live.client",))
