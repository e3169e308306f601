"""Repeating schedules in WHEN: a pre-pass that finds the recurrence words, reads them as a rule
and blanks them out, so the grammar reads what is left as one occurrence (`7pm for 1h`).

    every weekday 7pm for 1h            weekdays at 7pm for an hour     every day 8pm to 10pm
    daily 20:00-22:00                   every mon and thu 9am to 11am   every weekend 10am for 3h
    every other tuesday 8pm for 1h      ... until dec 22                ... for 4 weeks
    ... starting next monday            ... 10 times                    a zone suffix
    每天晚上7点录1小时    每个工作日晚上7点到8点    每周一三五下午6点录半小时    每周末上午10点录3小时
    每两周的周二晚上8点录1小时    ...，到12月22日为止    从下周一开始每天...    (Traditional too)

`find(when)` works on the normalised, lower-cased WHEN (Traditional already made Simplified) and
returns None when there is no recurrence. Blanking keeps every offset, so the grammar's quotes
and `--explain` still point at what was typed. `series(...)` then applies DESIGN's rules: the
time of day is read on the series' first day; an occurrence already begun is not part of the
series; `until DATE` includes occurrences starting that day; `for N weeks` ends before the first
occurrence + N weeks; an occurrence lasts at most 24 h. Expansion is `bot.recurrence` (dateutil's
rrule), never arithmetic of our own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.errors import ResolveError
from bot.timeparse import messages
from bot.timeparse.compute import _Computer, _Ctx, _date_of
from bot.timeparse.grammar import _Parser, _Spec
from bot.timeparse.lexicon import RULES
from bot.timeparse.normalise import _quote
from bot.timeparse.tokens import _cn_int, _tokenize
from bot.windows import MAX_DURATION, Window, limit_violation

if TYPE_CHECKING:
    from bot.recurrence import Recurrence

WEEKDAYS_MON_FRI = (0, 1, 2, 3, 4)  # as bot.recurrence's, which is imported only when needed
WEEKEND = (5, 6)

# Cheap test first: most commands do not repeat, and must not pay for the patterns below.
_MAYBE = re.compile(
    r"every|each|daily|weekday|weekend|workday|business day|working day|biweekly|fortnightly"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)days|每|天天|工作日|隔周|双周|雙周|隔天"
)


@dataclass
class Repeat:
    """The recurrence words of a command, as read (spans are offsets into WHEN)."""

    freq: str  # DAILY | WEEKLY
    interval: int = 1
    byday: tuple[int, ...] = ()
    core: tuple[int, int] = (0, 0)  # `every weekday`, `每个工作日`
    until: tuple[int, int] | None = None  # the date in `until dec 22`
    starting: tuple[int, int] | None = None  # the date in `starting next monday`
    weeks: int | None = None  # `for 4 weeks`
    days: int | None = None  # `for 10 days`
    count: int | None = None  # `10 times`
    spans: list[tuple[int, int]] = field(default_factory=list)  # every recurrence word
    subst: list[tuple[int, str]] = field(default_factory=list)  # `每晚` read as `晚上`
    words: list[tuple[tuple[int, int], str]] = field(default_factory=list)  # for --explain

    def blank(self, text: str) -> str:
        """`text` (WHEN, same length) with the recurrence words made spaces, or substituted."""
        chars = list(text)
        for a, b in self.spans:
            chars[a:b] = " " * (b - a)
        for at, repl in self.subst:
            chars[at : at + len(repl)] = repl
        return "".join(chars)


# ------------------------------------------------------------------------------------ English

_EN_DAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)s?(?![a-z])"
)
_EN_DAYS = rf"{_EN_DAY}(?:\s*(?:-|to|through|thru)\s*{_EN_DAY})?"  # a day or a range
_EN_LIST = rf"{_EN_DAYS}(?:\s*(?:,\s*and|,|/|&|\+|and)\s*{_EN_DAYS})*"
_EN_PLURAL = r"(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)(?![a-z])"
_EN_PLURAL_LIST = rf"{_EN_PLURAL}(?:\s*(?:,\s*and|,|/|&|\+|and)\s*{_EN_PLURAL})*"
_EVERY = r"(?:every|each)"
_EN_NUM = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "other": 2, "second": 2, "2nd": 2, "alternate": 2, "third": 3, "3rd": 3,
}  # fmt: skip
_EN_N = r"(?:\d{1,3}|" + "|".join(sorted(_EN_NUM, key=len, reverse=True)) + r")"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_EN_DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    rf"|{_MONTH}\s+{_ORD}(?:,?\s+\d{{4}})?|{_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|(?:(?:next|this|coming)\s+)?{_EN_DAY}|tomorrow|today|the\s+\d{{1,2}}(?:st|nd|rd|th))"
    r"(?![\w:/])"
)


def _en_n(word: str) -> int:
    return int(word) if word.isdigit() else _EN_NUM[word]


def _en_days(text: str) -> tuple[int, ...]:
    """`mon and thu`, `monday-friday`, `mondays, wednesdays and fridays` -> weekday numbers."""
    out: set[int] = set()
    for m in re.finditer(rf"({_EN_DAY})(?:\s*(?:-|to|through|thru)\s*({_EN_DAY}))?", text):
        a = _EN_WD[m.group(1)[:3]]
        if m.group(2):
            b = _EN_WD[m.group(2)[:3]]
            out.update((a + k) % 7 for k in range((b - a) % 7 + 1))
        else:
            out.add(a)
    return tuple(sorted(out))


_EN_WD = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

# ------------------------------------------------------------------------------------ Chinese

_CN_N = r"(?:\d{1,3}|[零〇一二两三四五六七八九十百]+)"
_WEEK = r"(?:周|星期|礼拜)"
_CN_WD = r"[一二三四五六日天](?![点时:\d])"  # 每周一二点 is Monday at 2
_CN_DAYS_TAIL = rf"{_CN_WD}(?:\s*(?:到|至|-)\s*{_WEEK}?{_CN_WD})?"
_CN_DAYS = rf"{_CN_DAYS_TAIL}(?:\s*(?:、|,|和|与|及|跟|/)?\s*{_WEEK}?{_CN_DAYS_TAIL})*"
_CN_MONTH_DAY = rf"(?:(?:\d{{4}}|{_CN_N})\s*年\s*)?{_CN_N}\s*月\s*{_CN_N}\s*[日号]?"
_CN_DATE = (
    rf"(?:{_CN_MONTH_DAY}"
    rf"|{_CN_N}\s*[日号]|(?:下下|下个|下|这个|这|本)?{_WEEK}[一二三四五六日天]"
    r"|大后天|后天|明天|今天|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2})"
)
_CN_WDN = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def _cn_days(text: str) -> tuple[int, ...]:
    """`一三五`, `一、三、五`, `一和周四`, `一到五` -> weekday numbers."""
    out: set[int] = set()
    for m in re.finditer(
        r"([一二三四五六日天])(?:\s*(?:到|至|-)\s*(?:周|星期|礼拜)?([一二三四五六日天]))?", text
    ):
        a = _CN_WDN[m.group(1)]
        if m.group(2):
            b = _CN_WDN[m.group(2)]
            out.update((a + k) % 7 for k in range((b - a) % 7 + 1))
        else:
            out.add(a)
    return tuple(sorted(out))


# -------------------------------------------------------------------------------- the patterns


class _Lazy:
    """A regular expression compiled on first use: most commands never repeat, and
    `recordbot parse` should not pay at start-up for patterns it may never need."""

    __slots__ = ("_source", "_rx")

    def __init__(self, source: str) -> None:
        self._source = source
        self._rx: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._rx is None:
            self._rx = re.compile(self._source)
        return self._rx.search(text)


_Core = tuple[_Lazy, Callable[[re.Match[str]], Repeat | None]]


_COUNT_BEFORE = re.compile(r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+$")
_FROM_NOW_AFTER = re.compile(r"\s+(?:from\s+now|from\s+today|later|hence)\b")


def _counted(m: re.Match[str]) -> bool:
    """`three fridays from now`: the third Friday, one date, not every Friday."""
    text = m.string
    return bool(_COUNT_BEFORE.search(text[: m.start()]) or _FROM_NOW_AFTER.match(text, m.end()))


def _weekly(days: tuple[int, ...], interval: int = 1) -> Repeat:
    return Repeat("WEEKLY", interval, days)


_CORE: list[_Core] = [
    # every other tuesday / every 2 weeks on tue / every other week on mon and thu
    (
        _Lazy(rf"\b{_EVERY}\s+(?P<n>{_EN_N})\s+weeks?\s+on\s+(?P<d>{_EN_LIST})"),
        lambda m: _weekly(_en_days(m["d"]), _en_n(m["n"])),
    ),
    (
        _Lazy(rf"\b{_EVERY}\s+(?P<n>other|second|2nd|alternate)\s+(?P<d>{_EN_LIST})"),
        lambda m: _weekly(_en_days(m["d"]), 2),
    ),
    (
        _Lazy(rf"\b(?:bi-?weekly|fortnightly)\s+on\s+(?P<d>{_EN_LIST})"),
        lambda m: _weekly(_en_days(m["d"]), 2),
    ),
    # every other day / every 3 days
    (
        _Lazy(rf"\b{_EVERY}\s+(?P<n>{_EN_N})\s+days?(?![a-z])"),
        lambda m: Repeat("DAILY", _en_n(m["n"])),
    ),
    # every weekday / weekdays / on workdays
    (
        _Lazy(
            rf"\b(?:{_EVERY}\s+(?:weekday|work\s*day|working\s+day|business\s+day)"
            r"|(?:on\s+)?(?:weekdays|workdays|working\s+days|business\s+days))(?![a-z])"
        ),
        lambda m: _weekly(WEEKDAYS_MON_FRI),
    ),
    # every weekend / weekends
    (
        _Lazy(rf"\b(?:{_EVERY}\s+weekend(?:\s+day)?|(?:on\s+)?weekends)(?![a-z])"),
        lambda m: _weekly(WEEKEND),
    ),
    # every day / daily / everyday
    (
        _Lazy(rf"\b(?:{_EVERY}\s+(?:single\s+)?day|everyday|daily)(?![a-z])"),
        lambda m: Repeat("DAILY"),
    ),
    # every evening / every night / each morning: the part of day stays for the grammar
    (
        _Lazy(rf"\b{_EVERY}(?=\s+(?:night|evening|morning|afternoon)(?![a-z]))"),
        lambda m: Repeat("DAILY"),
    ),
    # every mon and thu / every week on friday / weekly on tuesday
    (
        _Lazy(rf"\b(?:{_EVERY}\s+(?:week\s+on\s+)?|weekly\s+on\s+)(?P<d>{_EN_LIST})"),
        lambda m: _weekly(_en_days(m["d"])),
    ),
    # mondays and thursdays (not `three fridays from now`: a count of them is one date)
    (
        _Lazy(rf"\b(?:on\s+)?(?P<d>{_EN_PLURAL_LIST})"),
        lambda m: None if _counted(m) else _weekly(_en_days(m["d"])),
    ),
    # 每两周的周二 / 每隔一周的周二 / 隔周周二 / 双周周二 / 每3周的周一
    (
        _Lazy(
            rf"(?:每隔(?P<g>{_CN_N})个?|每(?P<n>{_CN_N})个?|隔|双|雙){_WEEK}的?\s*"
            rf"(?:每?{_WEEK})(?P<d>{_CN_DAYS})"
        ),
        lambda m: _weekly(
            _cn_days(m["d"]),
            _cn_int(m["g"]) + 1 if m["g"] else _cn_int(m["n"]) if m["n"] else 2,
        ),
    ),
    # 每隔一天 / 隔天 / 每两天
    (
        _Lazy(rf"(?:每隔(?P<g>{_CN_N})?天|隔天|每(?P<n>{_CN_N})天)"),
        lambda m: Repeat(
            "DAILY", _cn_int(m["g"]) + 1 if m["g"] else _cn_int(m["n"]) if m["n"] else 2
        ),
    ),
    # 每个工作日 / 工作日
    (_Lazy(r"(?:每个|每一个|每|每逢)?工作日(?:的)?"), lambda m: _weekly(WEEKDAYS_MON_FRI)),
    # 每周末 / 每个周末 / 每逢周末
    (_Lazy(rf"(?:每个|每|每逢){_WEEK}末(?:的)?"), lambda m: _weekly(WEEKEND)),
    # 每周一三五 / 每周一和周四 / 每个星期二 / 每逢周二 / 每周一到周五
    (
        _Lazy(rf"(?:每个?{_WEEK}|每逢{_WEEK})(?P<d>{_CN_DAYS})(?:的)?"),
        lambda m: _weekly(_cn_days(m["d"])),
    ),
    # 每天 / 每日 / 天天 / 每一天 (a part of day after it stays: 每天晚上)
    (_Lazy(r"(?:每一天|每天|每日|天天)(?:的)?"), lambda m: Repeat("DAILY")),
    # 每个晚上 / 每晚 / 每夜 / 每早: every evening (the part of day stays, as 晚上 / 早上)
    (_Lazy(r"每个?(?=晚上|早上|上午|下午|中午|凌晨|夜里)"), lambda m: Repeat("DAILY")),
    (_Lazy(r"每(?P<p>[晚夜早])"), lambda m: Repeat("DAILY")),
]

_UNTIL_WORD = r"(?:一直)?(?:直到|截止到|截止|截至|到|至)"
_UNTIL = [
    _Lazy(
        r"\b(?:until|till|til|through|thru|up\s+to|ending(?:\s+on)?|ends?(?:\s+on)?)\s+"
        rf"(?:the\s+)?(?:on\s+)?(?P<date>{_EN_DATE})"
    ),
    # `，到12月22日为止`: after a comma, or closed by 为止 / 止 / 结束, any date; otherwise an
    # explicit 直到 / 截止, or a month and day (so `每周六晚上8点到周日凌晨2点` keeps its end)
    _Lazy(rf"[,;]\s*{_UNTIL_WORD}\s*(?P<date>{_CN_DATE})\s*(?:为止|止|结束)?"),
    _Lazy(rf"{_UNTIL_WORD}\s*(?P<date>{_CN_DATE})\s*(?:为止|止|结束)"),
    _Lazy(rf"(?:直到|截止到|截止|截至)\s*(?P<date>{_CN_DATE})"),
    _Lazy(rf"{_UNTIL_WORD}\s*(?P<date>{_CN_MONTH_DAY})"),
    _Lazy(rf"(?P<date>{_CN_DATE})\s*(?:为止|截止)"),
]
_STARTING = [
    _Lazy(
        r"\b(?:starting|beginning|commencing|effective|as\s+of|from)\s+(?:on\s+|from\s+)?"
        rf"(?:the\s+)?(?P<date>{_EN_DATE})"
    ),
    _Lazy(rf"(?:从|自|由)\s*(?P<date>{_CN_DATE})\s*(?:开始|起)?"),
    _Lazy(rf"(?P<date>{_CN_DATE})\s*(?:开始|起)(?!录)"),
]
_LENGTH = [
    _Lazy(rf"\bfor\s+(?:the\s+next\s+)?(?P<n>{_EN_N})\s+(?P<u>weeks?|days?)(?![a-z])"),
    _Lazy(rf"(?:持续|连续|为期|一共|总共|共)\s*(?P<n>{_CN_N})\s*个?(?P<u>周|星期|礼拜|天)"),
]
_COUNT = [
    _Lazy(rf"\b(?:for\s+)?(?P<n>{_EN_N})\s+(?:times|occurrences)(?![a-z])"),
    _Lazy(rf"(?:一共|总共|共)?\s*(?P<n>{_CN_N})\s*次"),
]


def find(when: str) -> Repeat | None:
    """The recurrence in `when` (normalised, lower case), or None if it does not repeat."""
    if not _MAYBE.search(when):
        return None
    for rx, make in _CORE:
        m = rx.search(when)
        if m is None:
            continue
        rep = make(m)
        if rep is None or (rep.freq == "WEEKLY" and not rep.byday):
            continue
        break
    else:
        return None
    rep.core = (m.start(), m.end())
    rep.spans.append(rep.core)
    rep.words.append((rep.core, "repeats"))
    if "p" in m.groupdict() and m["p"]:  # 每晚 -> 晚上: keep the part of day for the grammar
        rep.spans[-1] = (m.start(), m.start())
        rep.subst.append((m.start(), {"晚": "晚上", "夜": "夜里", "早": "早上"}[m["p"]]))
    rest = rep.blank(when)

    def take(patterns: list[_Lazy]) -> re.Match[str] | None:
        nonlocal rest
        for rx in patterns:
            found = rx.search(rest)
            if found is not None:
                rep.spans.append((found.start(), found.end()))
                rest = (
                    rest[: found.start()]
                    + " " * (found.end() - found.start())
                    + rest[found.end() :]
                )
                return found
        return None

    if (u := take(_UNTIL)) is not None:
        rep.until = u.span("date")
        rep.words.append(((u.start(), u.end()), "until"))
    if (s := take(_STARTING)) is not None:
        rep.starting = s.span("date")
        rep.words.append(((s.start(), s.end()), "starting"))
    if (n := take(_LENGTH)) is not None:
        k = _en_n(n["n"]) if n["n"] in _EN_NUM or n["n"].isdigit() else _cn_int(n["n"])
        if n["u"].startswith(("week", "周", "星期", "礼拜")):
            rep.weeks = k
        else:
            rep.days = k
        rep.words.append(((n.start(), n.end()), "length"))
    if (c := take(_COUNT)) is not None:
        n_ = c["n"]
        rep.count = _en_n(n_) if n_ in _EN_NUM or n_.isdigit() else _cn_int(n_)
        rep.words.append(((c.start(), c.end()), "count"))
    return rep


# ------------------------------------------------------------------------------- the series


def _fail(lang: str, key: str, code: str = "unparseable", **kw: object) -> ResolveError:
    return ResolveError(code, messages.text(key, lang, **kw), lang)


def _read_date(rep_span: tuple[int, int], when: str, when_orig: str, ctx: _Ctx, lang: str) -> date:
    """The date words of `until` / `starting`, read by the resolver's own lexicon and grammar."""
    a, b = rep_span
    toks = _tokenize(when[a:b], RULES)
    parser = _Parser(when_orig[a:b], toks, lang)
    parser.check_tokens(toks)
    p = parser.parse_point()
    if p is None or parser.i != len(parser.t) or p.clock is not None or p.date is None:
        raise parser.fail(0, b - a)
    d = p.date
    if d.kind == "weekday" and d.mode == "occ":  # `until friday`: the next one, today's included
        return ctx.today + timedelta(days=(d.a - ctx.today.weekday()) % 7)
    return _date_of(p, ctx, parser)


def series(
    rep: Repeat,
    sp: _Spec,
    comp: _Computer,
    when: str,
    when_orig: str,
    stream_token: str,
) -> tuple[Window, Recurrence]:
    """The series a repeating command describes: its first occurrence (not yet begun) and the
    Recurrence. Raises ResolveError with the fix."""
    ctx = comp.ctx
    lang, now = ctx.lang, ctx.now
    typed = _quote(when_orig)
    words = _quote(" ".join(when_orig[a:b] for (a, b), _ in rep.words if b > a) or typed)
    start_p, end_p, dur = sp.start, sp.end, sp.dur
    # the one occurrence: a time of day, and an end or a length
    if start_p is None and end_p is None and dur is None:  # `every day`: nothing else
        raise _fail(lang, "repeat.no_time", "no_end", when=typed)
    if (
        start_p is None
        or start_p.kind != "wall"
        or (start_p.clock is None and start_p.part != "noon")
    ):
        raise _fail(lang, "repeat.no_time", when=typed)
    end_day: int | None = None
    if (
        end_p is not None
        and end_p.date is not None
        and end_p.date.kind == "weekday"
        and end_p.date.mode == "occ"
        and start_p.date is None
    ):  # `every saturday 8pm to sunday 2am`: the end's weekday only confirms the crossing
        end_day, end_p = end_p.date.a, replace(end_p, date=None)
    for p in (start_p, end_p):
        if p is not None and p.date is not None:
            span = p.date_span or (p.start, p.end)
            raise _fail(lang, "repeat.dated", part=_quote(when_orig[span[0] : span[1]]))
    if end_p is not None and end_p.kind != "wall":
        raise _fail(lang, "repeat.no_time", when=typed)
    if dur is not None and dur <= timedelta(0):
        it = sp.dur_item
        part = _quote(when_orig[it.start : it.end] if it else when_orig)
        raise _fail(lang, "zero_length", "end_before_start", part=part)
    start_p = comp.carry(start_p, end_p)
    if (rep.weeks or rep.days) and (rep.until or rep.count) or (rep.until and rep.count):
        raise _fail(lang, "repeat.two_ends", words=words)
    for n in (rep.weeks, rep.days, rep.count, rep.interval):
        if n is not None and not 1 <= n <= 1000:
            raise _fail(lang, "repeat.bad_number", words=words)

    first_day = ctx.today
    if rep.starting is not None:
        first_day = max(first_day, _read_date(rep.starting, when, when_orig, ctx, lang))
    until_day = _read_date(rep.until, when, when_orig, ctx, lang) if rep.until else None

    # the first occurrence: the first day of the rule, from `first_day`, not begun by now
    s = e = None
    day = first_day
    for _ in range(7 * rep.interval + 8):
        if rep.freq == "DAILY" or day.weekday() in rep.byday:
            mark = ctx.save()
            s = comp.at_date(start_p, day)
            e = comp.end_of(s, end_p, dur) if (end_p is not None or dur is not None) else s
            if s > now:
                break
            ctx.restore(mark)
        day += timedelta(days=1)
    if s is None or e is None or s <= now:  # pragma: no cover - a week always has the day
        raise comp.parser.fail(start_p.start, start_p.end)
    if end_p is None and dur is None:
        example = when_orig.strip() + ("录1小时" if lang == "zh" else " for 1h")
        raise _fail(
            lang, "repeat.no_end", "no_end", words=words, start=ctx.dt(s), zone=ctx.zname(),
            stream=stream_token, example=example,
        )  # fmt: skip
    if end_day is not None and ctx.local(e).weekday() != end_day:
        span = sp.end.date_span if sp.end is not None and sp.end.date_span else (0, len(when))
        raise _fail(lang, "repeat.dated", part=_quote(when_orig[span[0] : span[1]]))
    wall_start = comp.typed.get(s) or ctx.local(s).replace(tzinfo=None)
    length = dur if dur is not None else ctx.local(e).replace(tzinfo=None) - wall_start
    if length > MAX_DURATION:
        raise _fail(
            lang, "repeat.too_long", "too_long", dur=messages.fmt_duration(length), words=words
        )
    if length <= timedelta(0):
        raise comp.error("end_before_start", s, e)
    # `midnight` and `tonight at 1` start on the next calendar day: so do the weekdays
    shift = (ctx.local(s).date() - day).days
    byday = tuple(sorted((d + shift) % 7 for d in rep.byday))
    first_wall = ctx.local(s).replace(tzinfo=None)
    until: datetime | None = None
    if until_day is not None:
        until = _end_of_day(until_day, ctx)
    elif rep.weeks or rep.days:
        last = first_wall.date() + timedelta(days=7 * (rep.weeks or 0) + (rep.days or 0) - 1)
        until = _end_of_day(last, ctx)
    from bot.recurrence import Recurrence, make_rule  # dateutil and all: only for a series

    rule = make_rule(rep.freq, rep.interval, byday, rep.count)
    rec = Recurrence(rule, ctx.zone, s, length, until, wall_start.time())
    first = rec.next_after(now)
    if first is None:
        raise _fail(
            lang, "repeat.none_left", "past", words=words, first=ctx.dt(s), zone=ctx.zname(),
            until=messages.fmt_date(ctx.local(until), lang, ctx.local(now)) if until else "",
        )  # fmt: skip
    if limit_violation(first.start, first.end, now) == "too_far":
        raise comp.error("too_far", first.start, first.end)
    comp.bare_hour_note(start_p)
    return first, rec


def _end_of_day(d: date, ctx: _Ctx) -> datetime:
    """The last second of day `d` in the zone (inclusive `until`)."""
    return datetime.combine(d, time(23, 59, 59)).replace(tzinfo=ctx.zone).astimezone(UTC)
