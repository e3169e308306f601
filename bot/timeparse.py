"""Command text + now + zone -> stream and recording window (pure; no Slack, no Tencent).

INTERFACE STUB: the resolver helper replaces the body; the names below are the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from bot.errors import ResolveError
from bot.windows import Window


@dataclass(frozen=True)
class StreamRef:
    """STREAM as typed: `name`, `app/name` or `domain/app/name` (app/domain None if not typed)."""

    name: str
    app: str | None = None
    domain: str | None = None


@dataclass(frozen=True)
class Resolution:
    """What a /record command resolved to."""

    stream: StreamRef
    window: Window
    alternatives: tuple[Window, ...] = ()
    zone: str = "UTC"  # the zone the times were read in, as shown to people
    lang: str = "en"  # "en" or "zh": the language replies should use
    notes: tuple[str, ...] = ()  # caveats worth showing (e.g. "CST read as China Standard Time")
    explain: tuple[tuple[str, str], ...] = field(default=())  # (words, what they meant)


def resolve(text: str, now: datetime, tz: str | tzinfo) -> Resolution:
    """Resolve the slash command's text (a leading `/record` is ignored). Raises ResolveError."""
    raise ResolveError("unparseable", "resolver not written yet")
