"""English words the rules read: numbers, units, months, weekdays, keywords, cities."""

from __future__ import annotations

import re

from bot.timeparse.tokens import _NUM_WORDS, _Clock
from bot.timeparse.zones import _CITY

_EN_NUMW = "|".join(sorted((k for k in _NUM_WORDS if len(k) > 2), key=len, reverse=True))
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1, "d": 86400, "w": 604800}
_EN_UNIT = r"(?P<u>hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s|days?|d|weeks?|wks?)"
_EN_UNIT_LONG = r"(?P<u>hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|wks?)"
_DECIMAL = r"\d+(?:[.,]\d+)?|[.,]\d+"  # 1.5, 0,5 (a decimal comma), .5


def _unit(u: str) -> int:
    if u.startswith(("min", "m")):
        return 60
    return _UNIT_SECONDS[u[0]]


_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "weds": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}

# English words -> (kind, value)
_WORDS: dict[str, tuple[str, object]] = {
    "now": ("now", None),
    "immediately": ("now", None),
    "asap": ("now", None),
    "today": ("day", (0, None)),
    "tonight": ("day", (0, "evening")),
    "tonite": ("day", (0, "evening")),
    "tomorrow": ("day", (1, None)),
    "tomorow": ("day", (1, None)),
    "tommorow": ("day", (1, None)),
    "tommorrow": ("day", (1, None)),
    "tmr": ("day", (1, None)),
    "tmrw": ("day", (1, None)),
    "yesterday": ("day", (-1, None)),
    "morning": ("part", "morning"),
    "afternoon": ("part", "afternoon"),
    "evening": ("part", "evening"),
    "night": ("part", "night"),
    "noon": ("clock", _Clock(12, 0, special="noon")),
    "midday": ("clock", _Clock(12, 0, special="noon")),
    "midnight": ("clock", _Clock(0, 0, special="midnight")),
    "this": ("mod", "this"),
    "next": ("mod", "next"),
    "coming": ("mod", "occ"),
    "last": ("mod", "last"),
    "am": ("ampm", "am"),
    "pm": ("ampm", "pm"),
    "from": ("kw", "from"),
    "since": ("kw", "from"),
    "to": ("kw", "to"),
    "until": ("kw", "to"),
    "till": ("kw", "to"),
    "til": ("kw", "to"),
    "'til": ("kw", "to"),
    "untill": ("kw", "to"),
    "through": ("kw", "to"),
    "thru": ("kw", "to"),
    "between": ("kw", "between"),
    "and": ("kw", "and"),
    "for": ("kw", "for"),
    "lasting": ("kw", "for"),
    "start": ("kw", "start"),
    "starts": ("kw", "start"),
    "starting": ("kw", "start"),
    "begin": ("kw", "start"),
    "begins": ("kw", "start"),
    "beginning": ("kw", "start"),
    "end": ("kw", "end"),
    "ends": ("kw", "end"),
    "ending": ("kw", "end"),
    "in": ("kw", "in"),
    "ago": ("kw", "ago"),
    "later": ("kw", "after"),
    "at": ("filler", None),
    "on": ("filler", None),
    "the": ("filler", None),
    "of": ("filler", None),
    "please": ("filler", None),
    "pls": ("filler", None),
    "plz": ("filler", None),
    "record": ("filler", None),
    "recording": ("filler", None),
    "rec": ("filler", None),
    "o'clock": ("filler", None),
    "o’clock": ("filler", None),
    "oclock": ("filler", None),
    "long": ("filler", None),
    "time": ("filler", None),
    "it": ("filler", None),
    "onwards": ("filler", None),
    "onward": ("filler", None),
    # polite words and hedges: they change nothing (`around 8pm` is 8pm)
    "thx": ("filler", None),
    "thanks": ("filler", None),
    "thank": ("filler", None),
    "you": ("filler", None),
    "ty": ("filler", None),
    "cheers": ("filler", None),
    "kindly": ("filler", None),
    "could": ("filler", None),
    "can": ("filler", None),
    "would": ("filler", None),
    "around": ("filler", None),
    "about": ("filler", None),
    "approximately": ("filler", None),
    "approx": ("filler", None),
    "roughly": ("filler", None),
    "circa": ("filler", None),
    "ish": ("filler", None),
    "over": ("filler", None),  # over the weekend
    "sharp": ("filler", None),  # 8pm sharp
    "more": ("filler", None),  # in 2 more minutes
    "exactly": ("filler", None),
    "ok": ("filler", None),
    "okay": ("filler", None),
    "when": ("filler", None),  # a calendar's `When:`
    "date": ("filler", None),
    # through the night: says nothing of when it starts or ends (alone, it is asked for)
    "overnight": ("overnight", None),
}

_NOT_ALNUM = r"(?![a-z0-9])"  # the word ends here
_CITY_RE = "|".join(
    sorted((re.escape(c).replace(r"\ ", r"\s+") for c in _CITY), key=len, reverse=True)
)
