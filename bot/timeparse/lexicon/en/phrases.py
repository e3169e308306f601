"""English rules for phrases and single words: `in the evening`, `the day after tomorrow`,
`three fridays from now`, `this weekend`, `now + 30 minutes`, `-ish`, and every other word."""

from __future__ import annotations

import re

from bot.timeparse.lexicon.en.words import (
    _DECIMAL,
    _EN_UNIT,
    _MONTHS,
    _NOT_ALNUM,
    _WEEKDAYS,
    _WORDS,
)
from bot.timeparse.tokens import _NUM_WORDS, _Date, _num, _Rule
from bot.timeparse.zones import _ABBR, _AMBIGUOUS_ABBR


def _h_dash(m: re.Match[str]) -> tuple[str, object]:
    return ("kw", "to")


DASH: _Rule = (re.compile(r"-+"), _h_dash)


def _h_ampm_dots(m: re.Match[str]) -> tuple[str, object]:
    return ("ampm", "am" if m.group(0)[0] == "a" else "pm")


AMPM_DOTS: _Rule = (re.compile(r"[ap]\.\s?m\.?"), _h_ampm_dots)


def _h_part_phrase(m: re.Match[str]) -> tuple[str, object]:
    return ("part", m.group(1))


def _h_in_the_ampm(m: re.Match[str]) -> tuple[str, object]:
    return ("ampm", m.group(1)[0] + "m")


IN_THE_PART: _Rule = (
    re.compile(r"in\s+(?:the\s+)?(morning|afternoon|evening|night)" + _NOT_ALNUM),
    _h_part_phrase,
)
# 3 in the AM, from 3 to 4 in the PM
IN_THE_AMPM: _Rule = (re.compile(r"in\s+the\s+([ap])\.?\s?m\.?" + _NOT_ALNUM), _h_in_the_ampm)


def _h_between(m: re.Match[str]) -> tuple[str, object]:
    return ("kw", "between")


IN_BETWEEN: _Rule = (re.compile(r"in\s+between" + _NOT_ALNUM), _h_between)

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip


def _h_ordinal_word(m: re.Match[str]) -> tuple[str, object] | None:
    tens, word = m.group(1), m.group(2)
    n = _ORDINAL_WORDS.get(word)
    if n is None or (tens and n > 9):
        return None
    return ("ord", n + {"twenty": 20, "thirty": 30}.get(tens or "", 0))


# december first, the twenty-eighth (days of the month in words)
ORDINAL_WORD: _Rule = (
    re.compile(r"(?:(twenty|thirty)[\s-]+)?(" + "|".join(_ORDINAL_WORDS) + r")" + _NOT_ALNUM),
    _h_ordinal_word,
)


def _h_at_night(m: re.Match[str]) -> tuple[str, object]:
    return ("part", "night")


AT_NIGHT: _Rule = (re.compile(r"at\s+night" + _NOT_ALNUM), _h_at_night)


def _h_day_after(m: re.Match[str]) -> tuple[str, object]:
    return ("day", (2, None))


DAY_AFTER_TOMORROW: _Rule = (
    re.compile(r"(?:the\s+)?day\s+after\s+tomorrow" + _NOT_ALNUM),
    _h_day_after,
)


def _h_day_before(m: re.Match[str]) -> tuple[str, object]:
    return ("day", (-2, None))


DAY_BEFORE_YESTERDAY: _Rule = (
    re.compile(r"(?:the\s+)?day\s+before\s+yesterday" + _NOT_ALNUM),
    _h_day_before,
)


def _h_nth_weekday(m: re.Match[str]) -> tuple[str, object] | None:
    """`three fridays from now`: the third Friday after today."""
    n, word = m.group(1), m.group(2)
    if word not in _WEEKDAYS:
        return None
    k = int(_num(n))
    if not 1 <= k <= 60:
        return None
    return ("date", _Date("nth", _WEEKDAYS[word], k))


NTH_WEEKDAY: _Rule = (
    re.compile(
        r"(\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+([a-z]+?)s?\s+"
        r"(?:from\s+(?:now|today)|later|hence)" + _NOT_ALNUM
    ),
    _h_nth_weekday,
)


def _h_weekend(m: re.Match[str]) -> list[tuple[str, object]]:
    mod = m.group("mod") or "this"
    mode = {"this": "this", "the": "this", "coming": "this", "next": "next", "last": "last"}[mod]
    out: list[tuple[str, object]] = []
    if m.group("all"):
        out.append(("allday", None))
    out.append(("date", _Date("weekend", mode=mode)))
    return out


# this weekend, all weekend, the whole weekend, next weekend
WEEKEND: _Rule = (
    re.compile(
        r"(?P<all>all|(?:the\s+)?(?:whole|entire)\s+)?\s*(?:(?P<mod>this|the|next|coming|last)\s+)?"
        r"week[\s-]?end" + _NOT_ALNUM
    ),
    _h_weekend,
)


def _h_allday(m: re.Match[str]) -> tuple[str, object]:
    return ("allday", None)


# all day, all-day, the whole day, all day long
ALL_DAY: _Rule = (
    re.compile(r"(?:all[\s-]+day(?:\s+long)?|(?:the\s+)?(?:whole|entire)\s+day)" + _NOT_ALNUM),
    _h_allday,
)


def _h_plus(m: re.Match[str]) -> tuple[str, object]:
    return ("kw", "plus")


# the `+` of `now + 30 minutes` (before PLUS_OFFSET reads `+30` as a zone)
PLUS_LENGTH: _Rule = (
    re.compile(
        r"\+(?=\s*(?:"
        + _DECIMAL
        + r"|an?|one|two|three|four|five|ten|fifteen|twenty|thirty)\s*"
        + _EN_UNIT.replace("?P<u>", "?:")
        + _NOT_ALNUM
        + r")"
    ),
    _h_plus,
)


def _h_ish(m: re.Match[str]) -> tuple[str, object]:
    return ("filler", None)


ISH: _Rule = (re.compile(r"-?ish" + _NOT_ALNUM), _h_ish)
# a video call's `Eastern Time (US and Canada)`
US_AND_CANADA: _Rule = (re.compile(r"\(?\s*us\s*(?:and|&)\s*canada\s*\)?"), _h_ish)


def _h_now(m: re.Match[str]) -> tuple[str, object]:
    return ("now", None)


RIGHT_NOW: _Rule = (re.compile(r"right\s+(?:now|away)" + _NOT_ALNUM), _h_now)
STRAIGHT_AWAY: _Rule = (re.compile(r"straight\s+away" + _NOT_ALNUM), _h_now)


def _h_up_to(m: re.Match[str]) -> tuple[str, object]:
    return ("kw", "to")


UP_TO: _Rule = (re.compile(r"up\s+(?:to|until|till)" + _NOT_ALNUM), _h_up_to)


def _h_filler(m: re.Match[str]) -> tuple[str, object]:
    return ("filler", None)


OCLOCK: _Rule = (re.compile(r"o['’]clock" + _NOT_ALNUM), _h_filler)


def _h_week_weekday(m: re.Match[str]) -> tuple[str, object] | None:
    mod, word = m.group("mod"), m.group("wd")
    if word not in _WEEKDAYS:
        return None
    return ("date", _Date("weekday", _WEEKDAYS[word], mode=mod))


WEEK_WEEKDAY: _Rule = (
    re.compile(r"(?P<mod>this|next|last)\s+week(?:['’]s)?\s+(?:on\s+)?(?P<wd>[a-z]+)" + _NOT_ALNUM),
    _h_week_weekday,
)
WEEKDAY_OF_WEEK: _Rule = (
    re.compile(r"(?:on\s+)?(?P<wd>[a-z]+)\s+(?:of\s+)?(?P<mod>this|next|last)\s+week" + _NOT_ALNUM),
    _h_week_weekday,
)


def _h_word(m: re.Match[str]) -> tuple[str, object]:
    w = m.group(0)
    if w in _WORDS:
        return _WORDS[w]
    if w in _MONTHS:
        return ("month", _MONTHS[w])
    if w in _WEEKDAYS:
        return ("weekday", _WEEKDAYS[w])
    if w in _ABBR or w in _AMBIGUOUS_ABBR:
        return ("zone", ("abbr", w))
    if w in _NUM_WORDS and len(w) > 2:
        return ("num", w)
    return ("unknown", None)


WORD: _Rule = (re.compile(r"[a-z]+(?:-five)?(?:['’][a-z]+)?"), _h_word)
AT_SIGN: _Rule = (re.compile(r"@"), _h_filler)


def _h_and(m: re.Match[str]) -> tuple[str, object]:
    return ("kw", "and")


AMPERSAND: _Rule = (re.compile(r"&"), _h_and)
