"""Chinese: the words and the Chinese rules, each a regular expression and the handler that turns
its match into tokens; `RULES` lists them in the order they are tried. One lexicon serves
Simplified and Traditional: normalising converts the Traditional characters of these words.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.timeparse.tokens import _CNN, _N, _Clock, _cn_int, _Date, _h_ymd, _num, _Rule, _td
from bot.timeparse.zones import _CN_ZONES

# ----------------------------------------------------------------------------------- words

_CN_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

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

# -------------------------------------------------------------------------------- dates

YMD: _Rule = (
    re.compile(
        r"(\d{4}|[零〇一二三四五六七八九]{4})\s*年\s*(\d{1,2}|" + _CNN + r")\s*月\s*"
        r"(\d{1,2}|" + _CNN + r")\s*[日号]?"
    ),
    _h_ymd,
)


def _h_md_cn(m: re.Match[str]) -> tuple[str, object]:
    return ("date", _Date("md", _cn_int(m.group(1)), _cn_int(m.group(2))))


MONTH_DAY: _Rule = (
    re.compile(r"(\d{1,2}|" + _CNN + r")\s*月\s*(\d{1,2}|" + _CNN + r")\s*[日号]?"),
    _h_md_cn,
)

# ------------------------------------------------------------------------------- durations


def _h_cn_dur_hours(m: re.Match[str]) -> tuple[str, object]:
    n = _num(m.group("n"))
    secs = n * 3600
    if m.group("half1") or m.group("half2"):
        secs += 1800
    if m.group("mins"):
        secs += _num(m.group("mins")) * 60
    return ("dur", _td(secs))


HOURS: _Rule = (
    re.compile(
        r"(?P<n>" + _N + r")\s*个?\s*(?P<half1>半)?\s*(?:小时|钟头|钟点)(?P<half2>半)?"
        r"(?:\s*(?P<mins>\d+|" + _CNN + r")\s*分钟?)?"
    ),
    _h_cn_dur_hours,
)


def _h_cn_half_hour(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", timedelta(minutes=30))


HALF_HOUR: _Rule = (re.compile(r"半\s*个?\s*(?:小时|钟头)"), _h_cn_half_hour)


def _h_cn_minutes(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(_num(m.group(1)) * 60))


MINUTES: _Rule = (re.compile(r"(" + _N + r")\s*分钟"), _h_cn_minutes)


def _h_cn_quarters(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(_num(m.group(1)) * 900))


QUARTERS: _Rule = (re.compile(r"(" + _N + r")\s*刻钟"), _h_cn_quarters)


def _h_cn_seconds(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(_num(m.group(1))))


SECONDS: _Rule = (re.compile(r"(" + _N + r")\s*秒钟?"), _h_cn_seconds)


def _h_cn_days(m: re.Match[str]) -> tuple[str, object]:
    return ("dur", _td(_num(m.group(1)) * 86400))


DAYS: _Rule = (re.compile(r"(" + _N + r")\s*(?:个)?\s*(?:天|整天)"), _h_cn_days)

# ------------------------------------------------------------------------ weekdays, clocks


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


WEEKDAY: _Rule = (
    re.compile(r"(下下|下个|下|上个|上|这个|这|本)?\s*(?:周|星期|礼拜)\s*([一二三四五六日天1-7])"),
    _h_cn_weekday,
)


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


CLOCK: _Rule = (
    re.compile(
        r"(?P<h>\d{1,2}|" + _CNN + r")\s*(?:点钟|点|时)"
        r"(?:\s*(?:(?P<half>半)|(?P<q1>一刻|1刻)|(?P<q3>三刻|3刻)"
        r"|(?P<mi>\d{1,2}|" + _CNN + r")(?!\s*(?:个|小时|钟头|分钟|刻|天|秒|点|时|月|[日号]|\d))"
        r"\s*分?))?"
    ),
    _h_cn_clock,
)


def _h_cn_dom(m: re.Match[str]) -> tuple[str, object]:
    return ("date", _Date("dom", _cn_int(m.group(1))))


DAY_OF_MONTH: _Rule = (re.compile(r"(\d{1,2}|" + _CNN + r")\s*[日号]"), _h_cn_dom)

# --------------------------------------------------------------------- words and numerals


def _h_cn_word(m: re.Match[str]) -> tuple[str, object]:
    return _CN_WORDS[m.group(0)]


WORD: _Rule = (_CN_WORD_RE, _h_cn_word)


def _h_num(m: re.Match[str]) -> tuple[str, object]:
    return ("num", m.group(0))


NUMBER: _Rule = (re.compile(r"\d+(?:\.\d+)?|" + _CNN), _h_num)


def _h_cn_short_part(m: re.Match[str]) -> tuple[str, object]:
    return ("part", "evening" if m.group(0) == "晚" else "morning")


SHORT_PART: _Rule = (
    re.compile(r"[早晚](?=\s*(?:\d|[零〇一二两三四五六七八九十]))"),
    _h_cn_short_part,
)

# ------------------------------------------------------------------------------- the order

# The Chinese rules in the order they are tried; at a position the first that matches wins, so
# a longer shape comes before the pieces it is made of.
RULES: list[_Rule] = [
    # dates: with the year before without
    YMD,  # 2026年11月28日, 二零二六年十一月二十八号
    MONTH_DAY,  # 11月28日, 十一月二十八号
    # durations
    HOURS,  # 3小时, 一个半小时, 两个钟头, 2小时30分钟
    HALF_HOUR,  # 半小时, 半个钟头
    MINUTES,  # 90分钟
    QUARTERS,  # 3刻钟
    SECONDS,  # 30秒
    DAYS,  # 2天, 一整天
    # weekdays and clocks
    WEEKDAY,  # 下周五, 这个星期天, 周1
    CLOCK,  # 8点, 8点半, 十一点一刻, 20时30分
    DAY_OF_MONTH,  # 28号, 二十八日
    # words before NUMBER: 一共, 一直, 一下 start with a numeral
    WORD,  # 今晚, 开始, 到, 北京时间
    NUMBER,  # 8, 1.5, 十二: a number on its own (Arabic digits too)
    SHORT_PART,  # the 晚 of 晚8点, the 早 of 早8点
]
