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
    "今晨": ("day", (0, "morning")),
    "明晨": ("day", (1, "morning")),
    "次日": ("date", _Date("nextday")),  # the day after the date before it, else tomorrow
    "第二天": ("date", _Date("nextday")),
    "翌日": ("date", _Date("nextday")),
    "隔天": ("date", _Date("nextday")),
    # Cantonese
    "听日": ("day", (1, None)),
    "听晚": ("day", (1, "evening")),
    "听朝": ("day", (1, "morning")),
    "今朝": ("day", (0, "morning")),
    "今晚黑": ("day", (0, "evening")),
    "琴日": ("day", (-1, None)),
    "寻日": ("day", (-1, None)),
    "后日": ("day", (2, None)),
    "朝早": ("part", "morning"),
    "晏昼": ("part", "afternoon"),
    "下昼": ("part", "afternoon"),
    "夜晚黑": ("part", "evening"),
    "而家": ("now", None),
    "宜家": ("now", None),
    "依家": ("now", None),
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
    "后半夜": ("part", "early"),
    "下半夜": ("part", "early"),
    "午夜": ("clock", _Clock(0, 0, special="midnight")),
    "现在": ("now", None),
    "未来": ("kw", "next"),  # 未来2小时: the next two hours
    "接下来": ("kw", "next"),
    "再过": ("kw", "in"),  # 再过半个小时: in half an hour
    "全天": ("allday", None),
    "整天": ("allday", None),
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
    "正": ("filler", None),  # 8点正 = 8点整
    # polite words: they change nothing
    "谢谢": ("filler", None),
    "多谢": ("filler", None),
    "谢了": ("filler", None),
    "唔该": ("filler", None),
    "拜托": ("filler", None),
    "劳驾": ("filler", None),
    "麻烦你": ("filler", None),
    "好吗": ("filler", None),
    "可以吗": ("filler", None),
    "你": ("filler", None),
    "我": ("filler", None),
    "啊": ("filler", None),
    "呀": ("filler", None),
    "哦": ("filler", None),
    "哈": ("filler", None),
    "呢": ("filler", None),
    "嘛": ("filler", None),
    "吗": ("filler", None),
    "啦": ("filler", None),
    "咯": ("filler", None),
    "喔": ("filler", None),
    "噢": ("filler", None),
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


HALF_HOUR: _Rule = (re.compile(r"半\s*个?\s*(?:小时|钟头)|半\s*个\s*钟(?![头点])"), _h_cn_half_hour)


def _h_canto_hours(m: re.Match[str]) -> tuple[str, object]:
    n = _num(m.group("n")) if m.group("n") else 1
    return ("dur", _td((n + (0.5 if m.group("half") else 0)) * 3600))


# Cantonese 两个钟 (two hours), 个半钟 (an hour and a half), 录个钟 (an hour)
CANTO_HOURS: _Rule = (
    re.compile(r"(?:(?P<n>" + _N + r")\s*)?个\s*(?P<half>半)?\s*钟(?![头点])"),
    _h_canto_hours,
)


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
    re.compile(
        r"(下下|下个|下|上个|上|这个|这|本|今个|今)?\s*(?:周|星期|礼拜)"
        r"(?:\s*的?\s*(?:周|星期|礼拜))?\s*([一二三四五六日天1-7])"
    ),
    _h_cn_weekday,
)


def _h_cn_weekend(m: re.Match[str]) -> tuple[str, object]:
    pre = m.group(1) or ""
    mode = "next" if pre.startswith("下") else "last" if pre.startswith("上") else "this"
    return ("date", _Date("weekend", mode=mode))


# 周末, 这周末, 下个周末 (周六 or 周日: two readings with a time, the whole weekend alone)
WEEKEND: _Rule = (
    re.compile(r"(下个|下|上个|上|这个|这|本|今个)?\s*(?:周|礼拜|星期)末"),
    _h_cn_weekend,
)


def _h_cn_month_dom(m: re.Match[str]) -> tuple[str, object]:
    pre = m.group(1)
    off = (
        2
        if pre.startswith("下下")
        else 1
        if pre.startswith("下")
        else -1
        if pre.startswith("上")
        else 0
    )
    return ("date", _Date("mdom", off, _cn_int(m.group(2))))


# 下月15号, 下个月1号, 本月28日, 今個月20號
MONTH_DOM: _Rule = (
    re.compile(
        r"(下下个|下下|下个|下|上个|上|本|这个|这|今个)\s*月\s*(\d{1,2}|" + _CNN + r")\s*[日号]"
    ),
    _h_cn_month_dom,
)


def _h_cn_midnight(m: re.Match[str]) -> tuple[str, object]:
    return ("clock", _Clock(0, 0, special="midnight"))


# 午夜12点, 午夜零点: midnight (午夜 alone is WORD's)
MIDNIGHT: _Rule = (re.compile(r"午夜\s*(?:12|十二|0|零)\s*(?:点钟?|时)"), _h_cn_midnight)


def _h_cn_in(m: re.Match[str]) -> tuple[str, object]:
    return ("kw", "in")


# 过10分钟 (in ten minutes): 过 before a length
PASS_IN: _Rule = (
    re.compile(r"过(?=\s*(?:" + _N + r"|半)\s*个?\s*(?:半\s*)?(?:小时|钟头|分钟|钟|天|刻钟|秒))"),
    _h_cn_in,
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
    HALF_HOUR,  # 半小时, 半个钟头, 半个钟
    CANTO_HOURS,  # 两个钟, 个半钟 (Cantonese)
    MINUTES,  # 90分钟
    QUARTERS,  # 3刻钟
    SECONDS,  # 30秒
    DAYS,  # 2天, 一整天
    # weekdays and clocks
    WEEKDAY,  # 下周五, 这个星期天, 周1, 下周周一
    WEEKEND,  # 周末, 这周末, 下个周末
    MONTH_DOM,  # 下月15号, 本月28日
    MIDNIGHT,  # 午夜12点 (before CLOCK reads 12点)
    CLOCK,  # 8点, 8点半, 十一点一刻, 20时30分
    DAY_OF_MONTH,  # 28号, 二十八日
    # words before NUMBER: 一共, 一直, 一下 start with a numeral
    PASS_IN,  # the 过 of 过10分钟 (before WORD)
    WORD,  # 今晚, 开始, 到, 北京时间
    NUMBER,  # 8, 1.5, 十二: a number on its own (Arabic digits too)
    SHORT_PART,  # the 晚 of 晚8点, the 早 of 早8点
]
