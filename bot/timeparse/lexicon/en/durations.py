"""English rules for lengths: `3h`, `1.5 hours`, `2 hours 30 minutes`, `an hour and a half`,
`a couple of hours`, `30'`, `half an hour`."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.timeparse.lexicon.en.words import (
    _DECIMAL,
    _EN_NUMW,
    _EN_UNIT,
    _EN_UNIT_LONG,
    _NOT_ALNUM,
    _unit,
)
from bot.timeparse.tokens import _Clock, _num, _Rule, _td

_MINUTE_WORDS = {
    "five": 5,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "twenty-five": 25,
    "twenty five": 25,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "forty five": 45,
    "fifty": 50,
}
_MINUTE_WORD_RE = "|".join(
    sorted((w.replace(" ", r"\s+") for w in _MINUTE_WORDS), key=len, reverse=True)
)


def _h_dur_compound(m: re.Match[str]) -> tuple[str, object]:
    mins = re.sub(r"\s+", " ", m.group(2))
    minutes = _MINUTE_WORDS[mins] if mins in _MINUTE_WORDS else int(mins)
    return ("dur", _td(_num(m.group(1)) * 3600 + minutes * 60))


# `2 hours`, `an hour`, `one hr` (the hours of a compound length)
_HOUR_UNIT = (
    r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*(?:hours?|hrs?|h)"
)
# 2 hours 30 minutes, 2h and 30m, 1 hour thirty minutes
DUR_H_M: _Rule = (
    re.compile(
        _HOUR_UNIT
        + r"\s*(?:and\s+)?(\d{1,2}|"
        + _MINUTE_WORD_RE
        + r")\s*(?:minutes?|mins?|m)"
        + _NOT_ALNUM
    ),
    _h_dur_compound,
)
# 1 hour thirty, 1hr 30: the minutes' unit left out, 10-55 in fives (`1h30`, no space, is
# HCLOCK's; `24h 12` is a length and a time)
DUR_H_N: _Rule = (
    re.compile(
        _HOUR_UNIT + r"\s+(?:and\s+)?([1-5][05]|" + _MINUTE_WORD_RE + r")(?![\d:.])"
        r"(?!\s*(?:[ap]\.?\s?m\.?|h|hours?|hrs?|s|secs?|seconds?|d|days?|weeks?|wks?"
        r"|o['\u2019]?clock)(?![a-z]))"
        r"(?![a-z0-9\u3400-\u9fff])"
    ),
    _h_dur_compound,
)


def _h_hclock(m: re.Match[str]) -> tuple[str, object]:
    """`15h30`, `16h`: a European clock or a length; the grammar decides by position."""
    h, mins = int(m.group(1)), m.group(2)
    td = _td(h * 3600 + int(mins or 0) * 60)
    clock = None
    if h <= 23 and (mins is None or len(mins) == 2) and int(mins or 0) <= 59:
        clock = _Clock(h, int(mins or 0), explicit=True)
    return ("hdur", (td, clock))


# 15h30, 16h, 2h30 (no space): before DUR, which would read `16h` as a length only
HCLOCK: _Rule = (re.compile(r"(\d{1,2})h(\d{1,2})?(?![\d:a-z])"), _h_hclock)


def _h_fraction(m: re.Match[str]) -> tuple[str, object] | None:
    whole, a, b = m.group(1), int(m.group(2)), int(m.group(3))
    if (a, b) not in ((1, 2), (1, 4), (3, 4)):
        return None
    return ("dur", _td((int(whole or 0) + a / b) * _unit(m.group("u"))))


# 1/2 h, 3/4 hour, 1 1/2 hours (before SLASH_DATE reads 1/2 as a date)
FRACTION: _Rule = (
    re.compile(r"(?:(\d+)\s+)?([13])\s*[/\u2044]\s*([24])\s*" + _EN_UNIT + _NOT_ALNUM),
    _h_fraction,
)


def _h_couple(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(2 * _unit(m.group("u"))))


COUPLE: _Rule = (
    re.compile(r"(?:a\s+)?couple\s+(?:of\s+)?" + _EN_UNIT_LONG + _NOT_ALNUM),
    _h_couple,
)


def _h_prime(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(int(m.group(1)) * 60))


# 30' (minutes, as sports and timetables write them)
PRIME_MINUTES: _Rule = (re.compile(r"(\d{1,4})\s*['\u2019\u2032](?![a-z'\u2019\u2032])"), _h_prime)


def _h_dur_and_a_half(m: re.Match[str]) -> tuple[str, object]:
    n = _num(m.group(1))
    return ("dur", _td((n + 0.5) * _unit(m.group("u"))))


DUR_AND_A_HALF: _Rule = (
    re.compile(r"(\d+|" + _EN_NUMW + r"|an?)\s+and\s+an?\s+half\s+" + _EN_UNIT_LONG + _NOT_ALNUM),
    _h_dur_and_a_half,
)


def _h_dur(m: re.Match[str]) -> tuple[str, object]:
    n = _num(m.group(1))
    half = 0.5 if m.group("half") else 0
    return ("dur", _td((n + half) * _unit(m.group("u"))))


DUR: _Rule = (
    re.compile(
        r"("
        + _DECIMAL
        + r")\s*(?:more\s+)?"
        + _EN_UNIT
        + r"(?P<half>\s+and\s+a\s+half)?"
        + _NOT_ALNUM
    ),
    _h_dur,
)
DUR_WORDS: _Rule = (
    re.compile(
        r"("
        + _EN_NUMW
        + r")[\s-]+(?:more\s+)?"
        + _EN_UNIT_LONG
        + r"(?P<half>\s+and\s+a\s+half)?"
        + _NOT_ALNUM
    ),
    _h_dur,
)


def _h_dur_art(m: re.Match[str]) -> tuple[str, object]:
    half = 0.5 if m.group("half") else 0
    return ("dur", _td((1 + half) * _unit(m.group("u"))))


DUR_ARTICLE: _Rule = (
    re.compile(r"an?\s+" + _EN_UNIT_LONG + r"(?P<half>\s+and\s+a\s+half)?" + _NOT_ALNUM),
    _h_dur_art,
)


def _h_half_hour(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", timedelta(minutes=30))


HALF_HOUR: _Rule = (re.compile(r"(?:a\s+)?half\s+(?:an?\s+)?hour" + _NOT_ALNUM), _h_half_hour)


def _h_quarter_hour(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", timedelta(minutes=45 if m.group(1) else 15))


QUARTER_HOUR: _Rule = (
    re.compile(r"(?:a\s+|one\s+|(three)[\s-]+)?quarters?\s+(?:of\s+)?(?:an?\s+)?hour" + _NOT_ALNUM),
    _h_quarter_hour,
)
