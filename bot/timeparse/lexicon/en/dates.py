"""English rules for dates and zones: ISO date-times, `11/28`, UTC offsets, city and named
zones, IANA names."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from bot.timeparse.lexicon.en.words import _CITY_RE, _NOT_ALNUM
from bot.timeparse.tokens import _Clock, _Date, _h_ymd, _Rule
from bot.timeparse.zones import _CITY, _fixed, load_zone


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
