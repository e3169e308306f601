"""The time resolver: command text + now + zone -> stream and recording window (pure)."""

from bot.timeparse.grammar import (
    MAX_TEXT,
    Resolution,
    StreamRef,
    load_zone,
    parse_now,
    resolve,
    zone_name,
)
from bot.timeparse.grammar import (
    _resolve as _resolve,  # tests call it
)

__all__ = ["StreamRef", "Resolution", "resolve", "load_zone", "parse_now", "zone_name", "MAX_TEXT"]
