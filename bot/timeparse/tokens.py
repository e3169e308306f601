"""Tokens: the token types (`_Tok`, `_Clock`, `_Date`), the numerals, and the tokenizer that
runs the ordered rule table over the lower-cased WHEN text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from bot.timeparse.zones import (
    _ABBR,
    _AMBIGUOUS_ABBR,
    _CITY,
    _CN_ZONES,
    _fixed,
    load_zone,
)


@dataclass
class _Tok:
    kind: str
    val: object
    start: int
    end: int


@dataclass(frozen=True)
class _Clock:
    h: int
    m: int = 0
    s: int = 0
    meridiem: str | None = None  # "am" | "pm"
    explicit: bool = False  # 24-hour clock written unmistakably (20:00, 08:00, 2000)
    special: str | None = None  # "noon" | "midnight"


@dataclass(frozen=True)
class _Date:
    kind: str  # offset | ymd | md | dom | weekday
    a: int = 0  # offset days | year | month | day | weekday
    b: int = 0
    c: int = 0
    mode: str = ""  # weekday: occ | this | next | next2 | last
    slash: bool = False  # md written as 11/12 (month/day when both could be either)


_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _cn_int(s: str) -> int:
    """Chinese or Arabic numeral -> int (`十二`, `二十`, `三十五`, `两`, `一百二十`, `二零二六`)."""
    if s.isdigit():
        return int(s)
    if "十" not in s and "百" not in s:
        n = 0
        for ch in s:
            n = n * 10 + _CN_DIGIT[ch]
        return n
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGIT:
            cur = _CN_DIGIT[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
    return total + cur


def _num(s: str) -> float:
    if s in _NUM_WORDS:
        return _NUM_WORDS[s]
    if re.fullmatch(r"[零〇一二两三四五六七八九十百]+", s):
        return _cn_int(s)
    return float(s)


_NUM_WORDS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
_EN_NUMW = "|".join(sorted((k for k in _NUM_WORDS if len(k) > 2), key=len, reverse=True))
_CNN = r"[零〇一二两三四五六七八九十百]+"
_N = rf"(?:\d+(?:\.\d+)?|\.\d+|{_CNN})"
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1, "d": 86400}
_EN_UNIT = r"(?P<u>hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s|days?|d)"
_EN_UNIT_LONG = r"(?P<u>hours?|hrs?|minutes?|mins?|seconds?|secs?|days?)"


def _unit(u: str) -> int:
    if u.startswith(("min", "m")):
        return 60
    return _UNIT_SECONDS[u[0]]


def _td(seconds: float) -> timedelta:
    # Absurd lengths are clamped (still far over any limit) so they can't overflow timedelta.
    return timedelta(seconds=round(min(seconds, 10**9)))


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
_CN_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

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
}

# Chinese words -> (kind, value); matched longest first.
_CN_WORDS: dict[str, tuple[str, object]] = {
    "大后天": ("day", (3, None)),
    "后天": ("day", (2, None)),
    "明天": ("day", (1, None)),
    "明日": ("day", (1, None)),
    "今天": ("day", (0, None)),
    "今日": ("day", (0, None)),
    "昨天": ("day", (-1, None)),
    "前天": ("day", (-2, None)),
    "今晚": ("day", (0, "evening")),
    "今夜": ("day", (0, "night")),
    "明晚": ("day", (1, "evening")),
    "明早": ("day", (1, "morning")),
    "今早": ("day", (0, "morning")),
    "昨晚": ("day", (-1, "evening")),
    "上午": ("part", "morning"),
    "早上": ("part", "morning"),
    "早晨": ("part", "morning"),
    "清晨": ("part", "morning"),
    "中午": ("part", "noon"),
    "正午": ("clock", _Clock(12, 0, special="noon")),
    "下午": ("part", "afternoon"),
    "傍晚": ("part", "evening"),
    "晚上": ("part", "evening"),
    "晚间": ("part", "evening"),
    "夜晚": ("part", "evening"),
    "夜里": ("part", "night"),
    "夜间": ("part", "night"),
    "深夜": ("part", "night"),
    "半夜": ("part", "night"),
    "凌晨": ("part", "early"),
    "午夜": ("clock", _Clock(0, 0, special="midnight")),
    "现在": ("now", None),
    "马上": ("now", None),
    "立刻": ("now", None),
    "立即": ("now", None),
    "即刻": ("now", None),
    "此刻": ("now", None),
    "从": ("kw", "from"),
    "由": ("kw", "from"),
    "自": ("kw", "from"),
    "一直到": ("kw", "to"),
    "直到": ("kw", "to"),
    "到": ("kw", "to"),
    "至": ("kw", "to"),
    "开始": ("kw", "start"),
    "开录": ("kw", "start"),
    "起": ("kw", "start"),
    "录制": ("kw", "for"),
    "录像": ("kw", "for"),
    "录播": ("kw", "for"),
    "录": ("kw", "for"),
    "持续": ("kw", "for"),
    "时长": ("kw", "for"),
    "一共": ("kw", "for"),
    "总共": ("kw", "for"),
    "共": ("kw", "for"),
    "结束": ("kw", "end"),
    "为止": ("kw", "end"),
    "停止": ("kw", "end"),
    "以后": ("kw", "after"),
    "之后": ("kw", "after"),
    "后": ("kw", "after"),
    "以前": ("kw", "ago"),
    "之前": ("kw", "ago"),
    "前": ("kw", "ago"),
    "和": ("kw", "and"),
    "在": ("filler", None),
    "于": ("filler", None),
    "的": ("filler", None),
    "请": ("filler", None),
    "帮我": ("filler", None),
    "帮忙": ("filler", None),
    "麻烦": ("filler", None),
    "一下": ("filler", None),
    "一直": ("filler", None),
    "吧": ("filler", None),
    "了": ("filler", None),
    "为": ("filler", None),
    "左右": ("filler", None),
    "之间": ("filler", None),
    "整": ("filler", None),
}
for _k, _v in _CN_ZONES.items():
    _CN_WORDS[_k] = ("zone", ("iana", _v))

_CN_WORD_RE = re.compile("|".join(re.escape(w) for w in sorted(_CN_WORDS, key=len, reverse=True)))

_Handler = Callable[[re.Match[str]], "list[tuple[str, object]] | tuple[str, object] | None"]


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


def _h_ymd(m: re.Match[str]) -> tuple[str, object]:
    y, mo, d = (_cn_int(g) for g in m.groups())
    return ("date", _Date("ymd", y, mo, d))


def _h_md_cn(m: re.Match[str]) -> tuple[str, object]:
    return ("date", _Date("md", _cn_int(m.group(1)), _cn_int(m.group(2))))


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


def _h_offset(m: re.Match[str]) -> tuple[str, object]:
    z = _fixed(*m.groups())
    return ("zone", ("tz", z)) if z is not None else ("bad_zone", None)


def _h_plus_offset(m: re.Match[str]) -> tuple[str, object]:
    z = _fixed("+", m.group(1), m.group(2))
    return ("zone", ("tz", z)) if z is not None else ("bad_zone", None)


def _h_city(m: re.Match[str]) -> tuple[str, object]:
    return ("zone", ("iana", _CITY[re.sub(r"\s+", " ", m.group(1))]))


def _h_named_zone(m: re.Match[str]) -> tuple[str, object]:
    return ("zone", ("abbr", m.group(1)))


def _h_iana(m: re.Match[str]) -> tuple[str, object] | None:
    z = load_zone(m.group(0))
    if z is None:
        return None
    return ("zone", ("tz", z))


def _h_dur_compound(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(float(m.group(1)) * 3600 + int(m.group(2)) * 60))


def _h_dur_and_a_half(m: re.Match[str]) -> tuple[str, object]:
    n = _num(m.group(1))
    return ("dur", _td((n + 0.5) * _unit(m.group("u"))))


def _h_dur(m: re.Match[str]) -> tuple[str, object]:
    n = _num(m.group(1))
    half = 0.5 if m.group("half") else 0
    return ("dur", _td((n + half) * _unit(m.group("u"))))


def _h_dur_art(m: re.Match[str]) -> tuple[str, object]:
    half = 0.5 if m.group("half") else 0
    return ("dur", _td((1 + half) * _unit(m.group("u"))))


def _h_half_hour(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", timedelta(minutes=30))


def _h_quarter_hour(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", timedelta(minutes=15))


def _h_cn_dur_hours(m: re.Match[str]) -> tuple[str, object]:
    n = _num(m.group("n"))
    secs = n * 3600
    if m.group("half1") or m.group("half2"):
        secs += 1800
    if m.group("mins"):
        secs += _num(m.group("mins")) * 60
    return ("dur", _td(secs))


def _h_cn_half_hour(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", timedelta(minutes=30))


def _h_cn_minutes(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(_num(m.group(1)) * 60))


def _h_cn_quarters(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(_num(m.group(1)) * 900))


def _h_cn_seconds(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(_num(m.group(1))))


def _h_cn_days(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(_num(m.group(1)) * 86400))


def _h_clock_ampm(m: re.Match[str]) -> tuple[str, object]:
    h, mi, ap = m.group(1), m.group(2), m.group(3)
    hh, mm = int(h), int(mi or 0)
    if not 1 <= hh <= 12 or mm > 59:
        if hh == 0 and ap == "a" and mm <= 59:  # 0am: lenient
            return ("clock", _Clock(0, mm, meridiem="am"))
        return ("bad_clock", None)
    return ("clock", _Clock(hh, mm, meridiem="am" if ap == "a" else "pm"))


def _h_cn_weekday(m: re.Match[str]) -> tuple[str, object]:
    pre, d = m.group(1) or "", m.group(2)
    wd = _CN_WEEKDAY[d] if d in _CN_WEEKDAY else int(d) - 1
    if pre.startswith("下下"):
        mode = "next2"
    elif pre.startswith("下"):
        mode = "next"
    elif pre.startswith("上"):
        mode = "last"
    elif pre:
        mode = "this"
    else:
        mode = "occ"
    return ("date", _Date("weekday", wd, mode=mode))


def _h_cn_clock(m: re.Match[str]) -> tuple[str, object]:
    h = _cn_int(m.group("h"))
    mins = 0
    if m.group("half"):
        mins = 30
    elif m.group("q1"):
        mins = 15
    elif m.group("q3"):
        mins = 45
    elif m.group("mi"):
        mins = _cn_int(m.group("mi"))
    if h > 24 or mins > 59 or (h == 24 and mins):
        return ("bad_clock", None)
    return ("clock", _Clock(h, mins, explicit=h > 12 or m.group("h").startswith("0")))


def _h_hm(m: re.Match[str]) -> tuple[str, object]:
    hh, mi, ss = m.groups()
    h, mn, s = int(hh), int(mi), int(ss or 0)
    if h > 24 or mn > 59 or s > 59 or (h == 24 and (mn or s)):
        return ("bad_clock", None)
    return ("clock", _Clock(h, mn, s, explicit=h > 12 or hh.startswith("0") or h == 0))


def _h_ord(m: re.Match[str]) -> tuple[str, object]:
    return ("ord", int(m.group(1)))


def _h_cn_dom(m: re.Match[str]) -> tuple[str, object]:
    return ("date", _Date("dom", _cn_int(m.group(1))))


def _h_num(m: re.Match[str]) -> tuple[str, object]:
    return ("num", m.group(0))


def _h_dash(m: re.Match[str]) -> tuple[str, object]:
    return ("kw", "to")


def _h_ampm_dots(m: re.Match[str]) -> tuple[str, object]:
    return ("ampm", "am" if m.group(0)[0] == "a" else "pm")


def _h_part_phrase(m: re.Match[str]) -> tuple[str, object]:
    return ("part", m.group(1))


def _h_at_night(m: re.Match[str]) -> tuple[str, object]:
    return ("part", "night")


def _h_day_after(m: re.Match[str]) -> tuple[str, object]:
    return ("day", (2, None))


def _h_now(m: re.Match[str]) -> tuple[str, object]:
    return ("now", None)


def _h_up_to(m: re.Match[str]) -> tuple[str, object]:
    return ("kw", "to")


def _h_cn_short_part(m: re.Match[str]) -> tuple[str, object]:
    return ("part", "evening" if m.group(0) == "晚" else "morning")


def _h_week_weekday(m: re.Match[str]) -> tuple[str, object] | None:
    mod, word = m.group("mod"), m.group("wd")
    if word not in _WEEKDAYS:
        return None
    return ("date", _Date("weekday", _WEEKDAYS[word], mode=mod))


def _h_past_to(m: re.Match[str]) -> tuple[str, object]:
    """`half past 8`, `quarter past 8`, `quarter to 9` (bare hours, am/pm may follow)."""
    h = int(_num(m.group("h")))
    if not 1 <= h <= 12:
        return ("bad_clock", None)
    meridiem = {"a": "am", "p": "pm"}.get(m.group("ap") or "")
    if m.group("rel") == "to":
        return ("clock", _Clock(h - 1 if h > 1 else 12, 45, meridiem=meridiem))
    return ("clock", _Clock(h, 30 if m.group("q") == "half" else 15, meridiem=meridiem))


def _h_cn_word(m: re.Match[str]) -> tuple[str, object]:
    return _CN_WORDS[m.group(0)]


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


def _h_filler(m: re.Match[str]) -> tuple[str, object]:
    return ("filler", None)


def _h_and(m: re.Match[str]) -> tuple[str, object]:
    return ("kw", "and")


_NOT_ALNUM = r"(?![a-z0-9])"
_CITY_RE = "|".join(
    sorted((re.escape(c).replace(r"\ ", r"\s+") for c in _CITY), key=len, reverse=True)
)

_RULES: list[tuple[re.Pattern[str], _Handler]] = [
    (
        re.compile(
            r"(\d{4})-(\d{1,2})-(\d{1,2})t(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
            r"(z|[+-]\d{2}(?::?\d{2})?)?(?![\d:])"
        ),
        _h_iso,
    ),
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.])"), _h_ymd),
    (
        re.compile(
            r"(\d{4}|[零〇一二三四五六七八九]{4})\s*年\s*(\d{1,2}|" + _CNN + r")\s*月\s*"
            r"(\d{1,2}|" + _CNN + r")\s*[日号]?"
        ),
        _h_ymd,
    ),
    (re.compile(r"(\d{1,2}|" + _CNN + r")\s*月\s*(\d{1,2}|" + _CNN + r")\s*[日号]?"), _h_md_cn),
    (re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])"), _h_slash),
    (re.compile(r"(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d)"), _h_offset),
    (re.compile(r"\+(\d{1,2})(?::?(\d{2}))?(?!\d)"), _h_plus_offset),
    (re.compile(r"(" + _CITY_RE + r")\s+time" + _NOT_ALNUM), _h_city),
    (re.compile(r"(eastern|pacific|central|mountain)(?:\s+time)?" + _NOT_ALNUM), _h_named_zone),
    (re.compile(r"[a-z][a-z0-9_+\-]*(?:/[a-z0-9_+\-]+)+"), _h_iana),
    # durations
    (
        re.compile(
            r"(\d+)\s*(?:hours?|hrs?|h)\s*(?:and\s+)?(\d{1,2})\s*(?:minutes?|mins?|m)" + _NOT_ALNUM
        ),
        _h_dur_compound,
    ),
    (re.compile(r"(\d+)h(\d{1,2})(?![\d:a-z])"), _h_dur_compound),
    (
        re.compile(r"(\d+|" + _EN_NUMW + r"|an?)\s+and\s+a\s+half\s+" + _EN_UNIT_LONG + _NOT_ALNUM),
        _h_dur_and_a_half,
    ),
    (
        re.compile(
            r"(\d+(?:\.\d+)?|\.\d+)\s*" + _EN_UNIT + r"(?P<half>\s+and\s+a\s+half)?" + _NOT_ALNUM
        ),
        _h_dur,
    ),
    (
        re.compile(
            r"("
            + _EN_NUMW
            + r")[\s-]+"
            + _EN_UNIT_LONG
            + r"(?P<half>\s+and\s+a\s+half)?"
            + _NOT_ALNUM
        ),
        _h_dur,
    ),
    (
        re.compile(r"an?\s+" + _EN_UNIT_LONG + r"(?P<half>\s+and\s+a\s+half)?" + _NOT_ALNUM),
        _h_dur_art,
    ),
    (re.compile(r"(?:a\s+)?half\s+(?:an?\s+)?hour" + _NOT_ALNUM), _h_half_hour),
    (re.compile(r"(?:a\s+)?quarter\s+(?:of\s+)?(?:an?\s+)?hour" + _NOT_ALNUM), _h_quarter_hour),
    (
        re.compile(
            r"(?P<n>" + _N + r")\s*个?\s*(?P<half1>半)?\s*(?:小时|钟头|钟点)(?P<half2>半)?"
            r"(?:\s*(?P<mins>\d+|" + _CNN + r")\s*分钟?)?"
        ),
        _h_cn_dur_hours,
    ),
    (re.compile(r"半\s*个?\s*(?:小时|钟头)"), _h_cn_half_hour),
    (re.compile(r"(" + _N + r")\s*分钟"), _h_cn_minutes),
    (re.compile(r"(" + _N + r")\s*刻钟"), _h_cn_quarters),
    (re.compile(r"(" + _N + r")\s*秒钟?"), _h_cn_seconds),
    (re.compile(r"(" + _N + r")\s*(?:个)?\s*(?:天|整天)"), _h_cn_days),
    # clocks
    (re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\.?" + _NOT_ALNUM), _h_clock_ampm),
    (re.compile(r"(\d{1,2})(?:[:.](\d{2}))?([ap])" + _NOT_ALNUM), _h_clock_ampm),
    (
        re.compile(
            r"(?:a\s+)?(?P<q>half|quarter)\s+(?P<rel>past|to)\s+(?P<h>\d{1,2}|" + _EN_NUMW + r")"
            r"(?:\s*(?P<ap>[ap])\.?\s?m\.?)?" + _NOT_ALNUM
        ),
        _h_past_to,
    ),
    (
        re.compile(
            r"(下下|下个|下|上个|上|这个|这|本)?\s*(?:周|星期|礼拜)\s*([一二三四五六日天1-7])"
        ),
        _h_cn_weekday,
    ),
    (
        re.compile(
            r"(?P<h>\d{1,2}|" + _CNN + r")\s*(?:点钟|点|时)"
            r"(?:\s*(?:(?P<half>半)|(?P<q1>一刻|1刻)|(?P<q3>三刻|3刻)"
            r"|(?P<mi>\d{1,2}|"
            + _CNN
            + r")(?!\s*(?:个|小时|钟头|分钟|刻|天|秒|点|时|月|[日号]|\d))"
            r"\s*分?))?"
        ),
        _h_cn_clock,
    ),
    (re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])"), _h_hm),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)" + _NOT_ALNUM), _h_ord),
    (re.compile(r"(\d{1,2}|" + _CNN + r")\s*[日号]"), _h_cn_dom),
    (_CN_WORD_RE, _h_cn_word),
    (re.compile(r"\d+(?:\.\d+)?|" + _CNN), _h_num),
    (re.compile(r"-+"), _h_dash),
    (re.compile(r"[ap]\.\s?m\.?"), _h_ampm_dots),
    (re.compile(r"in\s+the\s+(morning|afternoon|evening|night)" + _NOT_ALNUM), _h_part_phrase),
    (re.compile(r"at\s+night" + _NOT_ALNUM), _h_at_night),
    (re.compile(r"(?:the\s+)?day\s+after\s+tomorrow" + _NOT_ALNUM), _h_day_after),
    (re.compile(r"right\s+(?:now|away)" + _NOT_ALNUM), _h_now),
    (re.compile(r"straight\s+away" + _NOT_ALNUM), _h_now),
    (re.compile(r"up\s+(?:to|until|till)" + _NOT_ALNUM), _h_up_to),
    (re.compile(r"o['’]clock" + _NOT_ALNUM), _h_filler),
    (
        re.compile(
            r"(?P<mod>this|next|last)\s+week(?:['’]s)?\s+(?:on\s+)?(?P<wd>[a-z]+)" + _NOT_ALNUM
        ),
        _h_week_weekday,
    ),
    (
        re.compile(
            r"(?:on\s+)?(?P<wd>[a-z]+)\s+(?:of\s+)?(?P<mod>this|next|last)\s+week" + _NOT_ALNUM
        ),
        _h_week_weekday,
    ),
    (re.compile(r"[早晚](?=\s*(?:\d|[零〇一二两三四五六七八九十]))"), _h_cn_short_part),
    (re.compile(r"[a-z]+(?:-five)?(?:['’][a-z]+)?"), _h_word),
    (re.compile(r"@"), _h_filler),
    (re.compile(r"&"), _h_and),
]
_SKIP = re.compile(r"[\s,;、。!?()\[\]{}\"'`:.*_|]+")


def _tokenize(s: str) -> list[_Tok]:
    """Lower-cased WHEN text -> tokens (unknown stretches become `unknown` tokens)."""
    out: list[_Tok] = []
    pos, n = 0, len(s)
    while pos < n:
        m = _SKIP.match(s, pos)
        if m:
            pos = m.end()
            continue
        for rx, handler in _RULES:
            m = rx.match(s, pos)
            if not m or m.end() == pos:
                continue
            got = handler(m)
            if got is None:
                continue
            items = got if isinstance(got, list) else [got]
            for kind, val in items:
                out.append(_Tok(kind, val, pos, m.end()))
            pos = m.end()
            break
        else:
            end = pos + 1
            out.append(_Tok("unknown", None, pos, end))
            pos = end
    return out
