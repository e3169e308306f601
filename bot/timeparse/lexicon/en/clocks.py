"""English rules for clock times: `8pm`, `20:00`, `half past 8`, `quarter to 9`, `half eight`,
`seven thirty p.m.`, ordinals (`28th`)."""

from __future__ import annotations

import re

from bot.timeparse.lexicon.en.durations import _MINUTE_WORD_RE, _MINUTE_WORDS
from bot.timeparse.lexicon.en.words import _NOT_ALNUM
from bot.timeparse.tokens import _NUM_WORDS, _Clock, _Rule


def _h_clock_ampm(m: re.Match[str]) -> tuple[str, object]:
    h, mi, ap = m.group(1), m.group(2), m.group(3)
    hh, mm = int(h), int(mi or 0)
    if not 1 <= hh <= 12 or mm > 59:
        if hh == 0 and ap == "a" and mm <= 59:  # 0am: lenient
            return ("clock", _Clock(0, mm, meridiem="am"))
        return ("bad_clock", None)
    return ("clock", _Clock(hh, mm, meridiem="am" if ap == "a" else "pm"))


_END_ISH = r"(?=ish(?![a-z])|(?![a-z0-9]))"  # the word ends here, or goes on as `ish` (8pmish)
CLOCK_AMPM: _Rule = (
    re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\.?" + _END_ISH),
    _h_clock_ampm,
)
CLOCK_AP: _Rule = (re.compile(r"(\d{1,2})(?:[:.](\d{2}))?([ap])" + _NOT_ALNUM), _h_clock_ampm)


# the hours of a clock in words (`seven thirty`), from the number words: one to twelve
_HOUR_WORDS = {
    w: int(n) for w, n in _NUM_WORDS.items() if len(w) > 2 and n == int(n) and 1 <= n <= 12
}
_HOUR_WORD_RE = "|".join(sorted(_HOUR_WORDS, key=len, reverse=True))
_AP = r"(?:\s*(?P<ap>[ap])\.?\s?m\.?)?"


def _hour_of(word: str) -> int:
    return _HOUR_WORDS[word] if word in _HOUR_WORDS else int(word)


def _h_past_to(m: re.Match[str]) -> tuple[str, object] | None:
    """`half past 8`, `quarter to 9pm`, `twenty after 3pm`, `10 past 8`, `a quarter to noon`,
    `15 to noon` (bare hours stay bare: am/pm may follow or be asked)."""
    q, rel, hw = m.group("q"), m.group("rel"), m.group("h")
    q = re.sub(r"[\s-]+", "-", q)
    mins = {"half": 30, "quarter": 15}.get(q) or _MINUTE_WORDS.get(q.replace("-", " "))
    if mins is None:
        mins = _MINUTE_WORDS.get(q)
    if mins is None:
        mins = int(q)
    before = rel in ("to", "till", "til", "before", "of")
    word_minutes = not q.isdigit()
    if before and (q == "half" or mins >= 60 or mins == 0):
        return None
    if before and not m.group("unit"):
        # `5 to 9`, `ten to twelve`, `11 to noon`, `20 to midnight` are ranges; `twenty to 4`,
        # `quarter to 9`, `15 to noon` (no 15 o'clock before noon) are times
        if hw == "noon":
            if q in ("five", "ten") or (q.isdigit() and mins <= 11):
                return None
        elif hw == "midnight":
            if q in ("five", "ten") or (q.isdigit() and mins <= 23):
                return None
        elif not word_minutes or q in ("five", "ten"):
            return None
    if not before and mins >= 60:
        return None
    ap = {"a": "am", "p": "pm"}.get(m.group("ap") or "")
    if hw in ("noon", "midnight"):
        if ap:
            return None
        base = 12 * 60 if hw == "noon" else 24 * 60
        at = base - mins if before else base + mins
        h, mi = divmod(at % (24 * 60), 60)
        return ("clock", _Clock(h, mi, explicit=True))
    h = _hour_of(hw)
    if not 1 <= h <= 12:
        return ("bad_clock", None)
    if before:
        return ("clock", _Clock(h - 1 if h > 1 else 12, 60 - mins, meridiem=ap))
    return ("clock", _Clock(h, mins, meridiem=ap))


PAST_TO: _Rule = (
    re.compile(
        r"(?:a\s+)?(?P<q>half|quarter|" + _MINUTE_WORD_RE + r"|\d{1,2})(?P<unit>\s+minutes?)?"
        r"\s+(?P<rel>past|after|to|till|til|before|of)\s+(?P<h>\d{1,2}|"
        + _HOUR_WORD_RE
        + r"|noon|midnight)"
        + _AP
        + _NOT_ALNUM
    ),
    _h_past_to,
)


def _h_half_hour_clock(m: re.Match[str]) -> tuple[str, object]:
    """British `half eight`: 8:30."""
    h = _hour_of(m.group("h"))
    if not 1 <= h <= 12:
        return ("bad_clock", None)
    ap = {"a": "am", "p": "pm"}.get(m.group("ap") or "")
    return ("clock", _Clock(h, 30, meridiem=ap))


HALF_H: _Rule = (
    re.compile(
        r"half\s+(?P<h>\d{1,2}|"
        + _HOUR_WORD_RE
        + r")"
        + _AP
        + _NOT_ALNUM
        + r"(?!\s*(?:hours?|hrs?|h|minutes?|mins?|days?)(?![a-z]))"
    ),
    _h_half_hour_clock,
)

_TEEN_WORDS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_ONES_RE = "one|two|three|four|five|six|seven|eight|nine"


def _h_spelled(m: re.Match[str]) -> tuple[str, object]:
    """`seven thirty p.m.`, `ten thirty am`, `nine fifty nine a m`, `twelve oh five`."""
    h = _HOUR_WORDS[m.group("h")]
    if m.group("oh"):
        mins = _HOUR_WORDS[m.group("oh")]
    elif m.group("teen"):
        mins = _TEEN_WORDS[m.group("teen")]
    else:
        mins = _TENS_WORDS[m.group("tens")] + (
            _HOUR_WORDS[m.group("ones")] if m.group("ones") else 0
        )
    ap = {"a": "am", "p": "pm"}.get(m.group("ap") or "")
    return ("clock", _Clock(h, mins, meridiem=ap))


SPELLED_CLOCK: _Rule = (
    re.compile(
        r"(?P<h>" + _HOUR_WORD_RE + r")[\s-]+(?:o(?:h)?[\s-]+(?P<oh>" + _ONES_RE + r")"
        r"|(?P<teen>" + "|".join(_TEEN_WORDS) + r")"
        r"|(?P<tens>twenty|thirty|forty|fifty)(?:[\s-]+(?P<ones>"
        + _ONES_RE
        + r"))?)"
        + _AP
        + _NOT_ALNUM
        + r"(?!\s*(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|days?)(?![a-z]))"
    ),
    _h_spelled,
)


def _h_hm(m: re.Match[str]) -> tuple[str, object]:
    hh, mi, ss = m.groups()
    h, mn, s = int(hh), int(mi), int(ss or 0)
    if h > 24 or mn > 59 or s > 59 or (h == 24 and (mn or s)):
        return ("bad_clock", None)
    return ("clock", _Clock(h, mn, s, explicit=h > 12 or hh.startswith("0") or h == 0))


CLOCK_HM: _Rule = (re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])"), _h_hm)


def _h_ord(m: re.Match[str]) -> tuple[str, object]:
    return ("ord", int(m.group(1)))


ORDINAL: _Rule = (re.compile(r"(\d{1,2})(?:st|nd|rd|th)" + _NOT_ALNUM), _h_ord)
