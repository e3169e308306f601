"""Tokens: the token types (`_Tok`, `_Clock`, `_Date`), the numerals shared by both languages and
the grammar, and the tokenizer, which runs an ordered rule table (lexicon/) over the WHEN text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

# ----------------------------------------------------------------------------- token types


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
    kind: str  # offset | ymd | md | dom | weekday | weekend | nth (a = weekday, b = n) | mdom
    a: int = 0  # offset days | year | month | day | weekday
    b: int = 0
    c: int = 0
    mode: str = ""  # weekday, weekend: occ | this | next | next2 | last
    slash: bool = False  # md written as 11/12 (month/day when both could be either)
    order: str = ""  # for a slash date: "md" or "dm" when the locale or zone says, else ""


# -------------------------------------------------------------------------------- numerals

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
    return float(s.replace(",", "."))  # 0,5: a decimal comma


# Numbers written in English words, read by the English durations and by the grammar (`at nine`:
# an hour).
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
_CNN = r"[零〇一二两三四五六七八九十百]+"  # a Chinese numeral
_N = rf"(?:\d+(?:\.\d+)?|\.\d+|{_CNN})"  # any number: 3, 1.5, .5, 三


def _td(seconds: float) -> timedelta:
    # Absurd lengths are clamped (still far over any limit) so they can't overflow timedelta.
    return timedelta(seconds=round(min(seconds, 10**9)))


# ------------------------------------------------------------------------------- the tokenizer

# A rule: a regular expression tried at the current position, and a handler that turns its match
# into one or more (kind, value) tokens, or None to let the next rule try.
_Handler = Callable[[re.Match[str]], "list[tuple[str, object]] | tuple[str, object] | None"]
_Rule = tuple[re.Pattern[str], _Handler]


def _h_ymd(m: re.Match[str]) -> tuple[str, object]:
    """Year, month and day (Arabic or Chinese numerals) -> a date; both lexicons use it."""
    y, mo, d = (_cn_int(g) for g in m.groups())
    return ("date", _Date("ymd", y, mo, d))


_SKIP = re.compile(
    r"[\s,;、。!?()\[\]{}\"'`:.*_|\u00b7\u22c5\u2022]+"
)  # · ⋅ •: a calendar's separators


def _tokenize(s: str, rules: list[_Rule]) -> list[_Tok]:
    """Lower-cased WHEN text -> tokens (unknown stretches become `unknown` tokens).

    At each position the first of `rules` that matches (and whose handler accepts) wins.
    """
    out: list[_Tok] = []
    pos, n = 0, len(s)
    while pos < n:
        m = _SKIP.match(s, pos)
        if m:
            pos = m.end()
            continue
        for rx, handler in rules:
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
