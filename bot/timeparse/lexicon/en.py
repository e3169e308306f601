"""English: the words (keywords, months, weekdays, units) and the English rules, each a regular
expression and the handler that turns its match into tokens; `RULES` lists them in the order
they are tried.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from bot.timeparse.tokens import _NUM_WORDS, _Clock, _Date, _h_ymd, _num, _Rule, _td
from bot.timeparse.zones import _ABBR, _AMBIGUOUS_ABBR, _CITY, _fixed, load_zone

# ----------------------------------------------------------------------------------- words

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

# ------------------------------------------------------------------------- dates and zones


def _h_iso(m: re.Match[str]) -> list[tuple[str, object]] | None:
    y, mo, d, hh, mi, ss, off = m.groups()
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError:
        return [("bad_date", None)]
    h, mn, s = int(hh), int(mi), int(ss or 0)
    if h > 24 or mn > 59 or s > 59 or (h == 24 and (mn or s)):
        return [("bad_clock", None)]
    if off:
        if off == "z":
            tz: tzinfo | None = UTC
        else:
            om = re.fullmatch(r"([+-])(\d{2}):?(\d{2})?", off)
            tz = _fixed(om.group(1), om.group(2), om.group(3)) if om else None
        if tz is None:
            return [("bad_clock", None)]
        extra = timedelta(days=1) if h == 24 else timedelta(0)
        at = datetime(day.year, day.month, day.day, h % 24, mn, s, tzinfo=tz) + extra
        return [("abs", at)]
    return [
        ("date", _Date("ymd", day.year, day.month, day.day)),
        ("clock", _Clock(h, mn, s, explicit=True)),
    ]


ISO_DATETIME: _Rule = (
    re.compile(
        r"(\d{4})-(\d{1,2})-(\d{1,2})t(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
        r"(z|[+-]\d{2}(?::?\d{2})?)?(?![\d:])"
    ),
    _h_iso,
)
YMD: _Rule = (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.])"), _h_ymd)


def _h_slash(m: re.Match[str]) -> tuple[str, object]:
    a, b, y = m.groups()
    mo, d = int(a), int(b)
    slash = mo <= 12 and d <= 12 and mo != d
    if mo > 12 >= d:  # 28/11: day/month
        mo, d, slash = d, mo, False
    if y:
        yy = int(y) + (2000 if len(y) == 2 else 0)
        return ("date", _Date("ymd", yy, mo, d, slash=slash))
    return ("date", _Date("md", mo, d, slash=slash))


SLASH_DATE: _Rule = (re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])"), _h_slash)


def _h_offset(m: re.Match[str]) -> tuple[str, object]:
    z = _fixed(*m.groups())
    return ("zone", ("tz", z)) if z is not None else ("bad_zone", None)


UTC_OFFSET: _Rule = (re.compile(r"(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d)"), _h_offset)


def _h_plus_offset(m: re.Match[str]) -> tuple[str, object]:
    z = _fixed("+", m.group(1), m.group(2))
    return ("zone", ("tz", z)) if z is not None else ("bad_zone", None)


PLUS_OFFSET: _Rule = (re.compile(r"\+(\d{1,2})(?::?(\d{2}))?(?!\d)"), _h_plus_offset)


def _h_city(m: re.Match[str]) -> tuple[str, object]:
    return ("zone", ("iana", _CITY[re.sub(r"\s+", " ", m.group(1))]))


CITY_TIME: _Rule = (re.compile(r"(" + _CITY_RE + r")\s+time" + _NOT_ALNUM), _h_city)


def _h_named_zone(m: re.Match[str]) -> tuple[str, object]:
    return ("zone", ("abbr", m.group(1)))


NAMED_ZONE: _Rule = (
    re.compile(r"(eastern|pacific|central|mountain)(?:\s+time)?" + _NOT_ALNUM),
    _h_named_zone,
)


def _h_iana(m: re.Match[str]) -> tuple[str, object] | None:
    z = load_zone(m.group(0))
    if z is None:
        return None
    return ("zone", ("tz", z))


IANA_ZONE: _Rule = (re.compile(r"[a-z][a-z0-9_+\-]*(?:/[a-z0-9_+\-]+)+"), _h_iana)

# ------------------------------------------------------------------------------- durations


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

# ---------------------------------------------------------------------------------- clocks


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

# ------------------------------------------------------------------------ phrases and words


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

# ------------------------------------------------------------------------------- the order

# The English rules in the order they are tried; at a position the first that matches wins, so
# a longer shape comes before the pieces it is made of.
RULES: list[_Rule] = [
    # dates and zones: a date-time before the date alone
    ISO_DATETIME,  # 2026-11-28T20:00, 2026-11-28t20:00:00+08:00
    YMD,  # 2026-11-28, 2026/11/28, 2026.11.28
    FRACTION,  # 1/2 h, 3/4 hour (before SLASH_DATE reads 1/2 as a date)
    SLASH_DATE,  # 11/28, 28/11/2026
    UTC_OFFSET,  # UTC+8, gmt-5:30 (before WORD reads `utc` alone)
    PLUS_LENGTH,  # the + of `now + 30 minutes` (before PLUS_OFFSET reads +30 as a zone)
    PLUS_OFFSET,  # +8, +05:30
    CITY_TIME,  # beijing time, new york time
    NAMED_ZONE,  # eastern, pacific time
    IANA_ZONE,  # asia/tokyo, america/new_york
    US_AND_CANADA,  # (US and Canada), after `Eastern Time`
    # `10 minutes to 9pm`, `twenty after 3`: a time, before the lengths read `10 minutes`
    PAST_TO,  # half past 8, quarter to 9pm, twenty after 3, 15 to noon (before WORD, `half`)
    # durations: compound lengths before their parts
    DUR_H_M,  # 2 hours 30 minutes, 2h and 30m
    DUR_H_N,  # 1 hour thirty, 1hr 30
    HCLOCK,  # 15h30, 16h: a European clock or a length, by position (before DUR)
    DUR_AND_A_HALF,  # 2 and a half hours, two and a half hours
    DUR,  # 3h, 1.5 hours, 0,5 hours, 90 min, 2 hours and a half
    PRIME_MINUTES,  # 30'
    SPELLED_CLOCK,  # seven thirty pm, ten oh five (before DUR_WORDS reads `seven`)
    DUR_WORDS,  # three hours, two-hours
    COUPLE,  # a couple of hours
    DUR_ARTICLE,  # an hour, a day and a half
    HALF_HOUR,  # half an hour
    QUARTER_HOUR,  # a quarter of an hour, three-quarters of an hour
    # clocks: with am/pm before a bare `8:30`
    CLOCK_AMPM,  # 8pm, 8:30 a.m., 8.30pm, 8pmish
    CLOCK_AP,  # 8p, 8:30a
    HALF_H,  # half eight (British: 8:30)
    CLOCK_HM,  # 20:00, 8:30:15
    ORDINAL,  # 28th, 1st
    # signs and phrases, before WORD would read the first word of a phrase alone
    ISH,  # -ish (before DASH reads its `-`)
    DASH,  # the `-` of 8-11: `to`
    AMPM_DOTS,  # a.m., p. m
    IN_THE_PART,  # in the evening, in afternoon
    IN_THE_AMPM,  # in the AM, in the p.m.
    IN_BETWEEN,  # in between
    AT_NIGHT,  # at night
    DAY_AFTER_TOMORROW,  # the day after tomorrow
    DAY_BEFORE_YESTERDAY,  # the day before yesterday
    NTH_WEEKDAY,  # three fridays from now
    WEEKEND,  # this weekend, all weekend
    ALL_DAY,  # all day, the whole day
    RIGHT_NOW,  # right now, right away
    STRAIGHT_AWAY,  # straight away
    UP_TO,  # up to, up until
    OCLOCK,  # o'clock
    WEEK_WEEKDAY,  # next week friday, this week's monday
    WEEKDAY_OF_WEEK,  # friday next week, on monday of this week
    ORDINAL_WORD,  # first, twenty-eighth (after DUR_ARTICLE has read `a second`)
    # single words, then signs
    WORD,  # tomorrow, nov, friday, est, nine; anything else is `unknown`
    AT_SIGN,  # @
    AMPERSAND,  # &: `and`
]
