"""User-facing texts of the time resolver, in English and Chinese (pure; no I/O).

`text(key, lang, **fields)` picks the language ("zh" or anything else for English) and fills
the fields. Every refusal says what was understood and how to fix it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

EXAMPLE_EN = "/record livetest from 8pm for 3h"
EXAMPLE_ZH = "/record livetest 今晚8点录3小时"

_TEXTS: dict[str, dict[str, str]] = {
    "no_stream": {
        "en": "Start with the stream name: `/record STREAM WHEN`, e.g. `" + EXAMPLE_EN + "`.{why}",
        "zh": "请先写流名称：`/record 流名称 时间`，例如 `" + EXAMPLE_ZH + "`。{why}",
    },
    "no_stream.empty": {
        "en": " Nothing was typed after `/record`.",
        "zh": "`/record` 后面没有内容。",
    },
    "no_stream.time": {
        "en": " `{token}` is a time, not a stream name.",
        "zh": "「{token}」是时间，不是流名称。",
    },
    "no_stream.url": {
        "en": " `{token}` is not a push URL of the form `rtmp://domain/app/stream`.",
        "zh": "「{token}」不是 `rtmp://域名/app/流名称` 形式的推流地址。",
    },
    "no_stream.chars": {
        "en": " `{token}` is not a stream name: use letters, digits, `_`, `-` and `.` "
        "(as `name`, `app/name` or `domain/app/name`).",
        "zh": "「{token}」不是有效的流名称：只能用字母、数字、`_`、`-`、`.`"
        "（写成 `name`、`app/name` 或 `domain/app/name`）。",
    },
    "unparseable": {
        "en": "I could not read `{part}` in `{when}`. Write the time like `from 8pm for 3h`, "
        "`tomorrow 9am to 11:30` or `now for 90 minutes`.",
        "zh": "看不懂「{part}」（在「{when}」中）。请这样写时间：`今晚8点录3小时`、"
        "`明天上午9点到11点半` 或 `现在开始录90分钟`。",
    },
    "overnight": {
        "en": "`{part}` says through the night but not from when to when: write the hours, e.g. "
        "`tonight 10pm to 6am` or `overnight until 7am`.",
        "zh": "「{part}」没有说从几点到几点：请写上时间，例如 `今晚10点到明早6点`。",
    },
    "missing_after": {
        "en": "A time is missing after `{part}` in `{when}`, e.g. `from 8pm to 11pm` or "
        "`from 8pm for 3h`.",
        "zh": "「{part}」后面缺少时间（在「{when}」中），例如 `晚上8点到11点` 或 `今晚8点录3小时`。",
    },
    "too_long_text": {
        "en": "That command is too long to read ({n} characters; at most {limit}). "
        "Write it like `" + EXAMPLE_EN + "`.",
        "zh": "命令太长（{n} 个字符，最多 {limit} 个）。请这样写：`" + EXAMPLE_ZH + "`。",
    },
    "no_when": {
        "en": "When should `{stream}` be recorded? Add a time, e.g. `/record {stream} from 8pm "
        "for 3h` or `/record {stream} now for 2h`.",
        "zh": "什么时候录「{stream}」？请加上时间，例如 `/record {stream} 今晚8点录3小时` "
        "或 `/record {stream} 现在开始录2小时`。",
    },
    "no_end": {
        "en": "Understood: start {start} ({zone}), but no end. Add `for 2h` or `to 11pm`, "
        "e.g. `/record {stream} {when} for 2h`.",
        "zh": "已理解：{start}（{zone}）开始，但没有结束时间。请加上时长或结束时间，"
        "例如 `/record {stream} {when}录2小时` 或 `…到23点`。",
    },
    "no_clock": {
        "en": "`{part}` needs a time of day, e.g. `tomorrow at 9am for 2h` or `friday 8pm to 10pm`.",
        "zh": "「{part}」缺少具体几点，例如 `明天上午9点录2小时` 或 `周五晚上8点到10点`。",
    },
    "bad_clock": {
        "en": "`{part}` is not a time of day (hours 0-23, minutes 0-59, am/pm with 1-12).",
        "zh": "「{part}」不是有效的时刻（小时 0-23，分钟 0-59）。",
    },
    "bad_date": {
        "en": "`{part}` is not a date on the calendar.",
        "zh": "「{part}」不是有效的日期。",
    },
    "out_of_range": {
        "en": "`{part}` is far outside what recordbot can schedule (a start at most 366 days "
        "ahead, at most 72h long).",
        "zh": "「{part}」远远超出了 recordbot 可预约的范围（最多提前 366 天开始，最长 72 小时）。",
    },
    "weekday_mismatch": {
        "en": "`{part}`: {date} is a {actual}, not a {said}. Which did you mean?",
        "zh": "「{part}」：{date} 是{actual}，不是{said}。请确认日期。",
    },
    "two_zones": {
        "en": "Two different time zones in one command (`{a}` and `{b}`): keep one.",
        "zh": "一条命令里有两个不同的时区（「{a}」和「{b}」）：请只保留一个。",
    },
    "end_and_duration": {
        "en": "Both an end and a length were given (`{part}`): keep one, e.g. `from 8pm to 11pm` "
        "or `from 8pm for 3h`.",
        "zh": "同时给了结束时间和时长（「{part}」）：请只保留一个，例如 `晚上8点到11点` 或 `晚上8点录3小时`。",
    },
    "end_before_start": {
        "en": "The end {end} is not after the start {start} ({zone}). Give an end later than "
        "the start, e.g. `from 9pm tomorrow to 11pm tomorrow`.",
        "zh": "结束时间 {end} 不晚于开始时间 {start}（{zone}）。请让结束晚于开始，"
        "例如 `明天晚上9点到11点`。",
    },
    "zero_length": {
        "en": "A recording needs a length above zero (`{part}`). Use e.g. `for 2h`.",
        "zh": "录制时长必须大于零（「{part}」）。例如 `录2小时`。",
    },
    "too_long": {
        "en": "{dur} is over recordbot's 72h limit for one recording ({window}, {zone}). "
        "Up to 72h, recordbot records it as consecutive tasks of at most 24h (Live's limit per "
        "task); for longer, split it into commands of at most 72h: {split}.",
        "zh": "{dur} 超过了 recordbot 单次录制 72 小时的上限（{window}，{zone}）。"
        "72 小时以内会分成若干段连续的任务（腾讯云直播每个任务最长 24 小时）；更长的请分成几条"
        "不超过 72 小时的命令：{split}。",
    },
    "too_far_start": {
        "en": "{start} ({zone}) is more than 366 days ahead: recordbot books recordings that "
        "start up to {limit} at the latest. Book it again on or after {retry}.",
        "zh": "开始时间 {start}（{zone}）在 366 天以后：recordbot 最晚只接受 {limit} 之前开始的录制。"
        "请在 {retry} 或之后再预约。",
    },
    "past": {
        "en": "That window is in the past: {window} ({zone}) ended before now ({now}). "
        "Give a time still to come, e.g. `tomorrow 8pm for 2h`.{hint}",
        "zh": "这个时间段已经过去了：{window}（{zone}），早于现在（{now}）。"
        "请给出将来的时间，例如 `明晚8点录2小时`。{hint}",
    },
    "past.this_weekday": {
        "en": " (`this {day}` is the one in the current week; did you mean `next {day}`?)",
        "zh": "（「这{day}」指本周的那天；是不是想写「下{day}」？）",
    },
    "bad_zone": {
        "en": "Unknown time zone `{zone}`: use an IANA name like `Asia/Shanghai` or "
        "`America/New_York`, or an offset like `UTC+8`.",
        "zh": "未知时区「{zone}」：请用 IANA 名称，如 `Asia/Shanghai`、`America/New_York`，"
        "或 `UTC+8` 这样的偏移。",
    },
    "bad_now": {
        "en": "Bad reference time `{now}`: use ISO 8601, e.g. `2026-11-26T18:30:00+08:00`.",
        "zh": "参考时间「{now}」格式不对：请用 ISO 8601，例如 `2026-11-26T18:30:00+08:00`。",
    },
    "bad_text": {
        "en": "The command text must be a string, not {kind}.",
        "zh": "命令内容必须是文本，而不是 {kind}。",
    },
    "internal": {
        "en": "I could not read `{when}`. Write the time like `" + EXAMPLE_EN + "`.",
        "zh": "看不懂「{when}」。请这样写：`" + EXAMPLE_ZH + "`。",
    },
    # repeating schedules
    "repeat.no_time": {
        "en": "A repeating schedule needs a time of day, and `{when}` has none. Write it like "
        "`every weekday 7pm for 1h` or `daily 20:00-22:00`.",
        "zh": "重复录制需要每天的具体时间，「{when}」里没有。请这样写：`每个工作日晚上7点录1小时` "
        "或 `每天20:00-22:00`。",
    },
    "repeat.dated": {
        "en": "`{part}` is a date, but a repeating schedule takes a time of day. To say when it "
        "begins, write `starting {part}`, e.g. `every day 8pm for 1h starting {part}`.",
        "zh": "「{part}」是日期，而重复录制只需要每天几点。要指定从哪天开始，请写「从{part}开始」，"
        "例如 `从{part}开始每天晚上8点录1小时`。",
    },
    "repeat.no_end": {
        "en": "Understood: `{words}`, first at {start} ({zone}), but no end or length. Add one, "
        "e.g. `/record {stream} {example}`.",
        "zh": "已理解：「{words}」，第一次在 {start}（{zone}），但没有结束时间或时长。请加上，"
        "例如 `/record {stream} {example}`。",
    },
    "repeat.too_long": {
        "en": "Each recording of a repeating schedule lasts at most 24h, and {dur} is longer "
        "(`{words}`). Give a shorter length, e.g. `every day 8pm for 2h`.",
        "zh": "重复录制的每一次最长 24 小时，{dur} 超过了（「{words}」）。请缩短时长，"
        "例如 `每天晚上8点录2小时`。",
    },
    "repeat.none_left": {
        "en": "No occurrence is left: `{words}` ends {until}, before the next one would start "
        "({first}, {zone}). Give a later end date, or leave the end out.",
        "zh": "这个重复录制已经没有可录的场次：「{words}」在 {until} 结束，而下一次要到 {first}"
        "（{zone}）才开始。请把结束日期往后改，或者去掉结束日期。",
    },
    "repeat.two_ends": {
        "en": "Two ends for one repeating schedule (`{words}`): keep one of `until DATE`, "
        "`for N weeks` or `N times`.",
        "zh": "一个重复录制给了两个结束条件（「{words}」）：请只保留「到某日为止」「持续N周」"
        "「共N次」中的一个。",
    },
    "repeat.bad_number": {
        "en": "The numbers in `{words}` are out of range: use 1 to 1000.",
        "zh": "「{words}」中的数字超出范围：请用 1 到 1000。",
    },
    # what the use case says about a command it understood but cannot schedule yet
    "not_yet.repeat": {
        "en": "Understood: a repeating schedule, `{stream}` {rule} ({zone}); the next "
        "occurrences: {next}. Repeating schedules are being added to recordbot but are not "
        "available yet, so nothing was scheduled. For now, record one occurrence at a time, "
        "e.g. `/record {stream} {example}`.",
        "zh": "已理解：重复录制「{stream}」，{rule}（{zone}）；接下来几次：{next}。重复录制功能正在"
        "开发中，暂不可用，本次没有安排任何录制。目前请一次录一场，例如 `/record {stream} {example}`。",
    },
    "not_yet.range": {"en": "{window}", "zh": "{window}"},
    "split": {
        "en": "{hours}h is over Live's 24h limit per task, so it is offered as {n} consecutive "
        "tasks, confirmed and stopped together.",
        "zh": "{hours} 小时超过了腾讯云直播每个任务 24 小时的上限，所以分成 {n} 个连续的任务，"
        "一起确认、一起停止。",
    },
    # notes (shown on the card; not errors)
    "note.under_way": {
        "en": "{window} is already under way: the first reading records from now until "
        "{end}; the other is the next occurrence, {alt}.",
        "zh": "{window} 已经开始：第一种理解是从现在录到 {end}；另一种是下一次，{alt}。",
    },
    "note.started": {
        "en": "The start {start} has passed: recording the part still to come, from now until {end}.",
        "zh": "开始时间 {start} 已经过去：从现在录到 {end}（剩下的部分）。",
    },
    "note.dst_gap": {
        "en": "{wall} does not exist on {date} in {zone} (clocks jump forward): using {used}.",
        "zh": "{date} 在 {zone} 没有 {wall} 这个时刻（夏令时拨快）：改用 {used}。",
    },
    "note.dst_fold": {
        "en": "{wall} happens twice on {date} in {zone} (clocks go back): using the first, {used}.",
        "zh": "{date} 在 {zone} 的 {wall} 出现两次（夏令时拨回）：取第一次，{used}。",
    },
    "note.abbr": {
        "en": "`{abbr}` read as {meaning} ({zone}).",
        "zh": "「{abbr}」按{meaning}（{zone}）理解。",
    },
    "negative_length": {
        "en": "A length must be positive: `{part}` would end before it starts. Write `for {fixed}`.",
        "zh": "时长必须是正数：「{part}」会在开始之前结束。请写「录{fixed}」。",
    },
    "note.bare_hour": {
        "en": "`{part}` read as {hhmm} on the 24-hour clock; write `{later}` for the {half}.",
        "zh": "「{part}」按 24 小时制理解为 {hhmm}；{zh_half}请写「{zh_later}」。",
    },
    "note.midnight": {
        "en": "`midnight` read as the end of {date} (00:00 the next day).",
        "zh": "「午夜/晚上12点」按 {date} 结束时（次日 00:00）理解。",
    },
    "note.month_day": {
        "en": "`{part}` read as month/day ({date}).",
        "zh": "「{part}」按 月/日 理解（{date}）。",
    },
    "note.day_month": {
        "en": "`{part}` read as day/month ({date}).",
        "zh": "「{part}」按 日/月 理解（{date}）。",
    },
    # two readings: the first is the window, the other is offered as the second option
    "note.two.tomorrow": {
        "en": "It is after midnight, so `{part}` may mean the day now starting: read as "
        "{first}; the other reading is {other}.",
        "zh": "现在已过午夜，「{part}」可能指今天（新的一天）：按 {first} 理解；另一种理解是 {other}。",
    },
    "note.two.evening": {
        "en": "`{part}` may mean the small hours or the afternoon: read as {first}; the other "
        "reading is {other}.",
        "zh": "「{part}」可能指凌晨，也可能指下午：按 {first} 理解；另一种理解是 {other}。"
        "（写「凌晨」或「下午」就不会有歧义。）",
    },
    "note.two.ampm": {
        "en": "`{part}` has no am or pm: read as {first}; the other reading is {other}.",
        "zh": "「{part}」没写上午还是下午：按 {first} 理解；另一种理解是 {other}。",
    },
    "note.two.order": {
        "en": "`{part}` may be month/day or day/month: read as {first}; the other reading is "
        "{other}.",
        "zh": "「{part}」可能是 月/日，也可能是 日/月：按 {first} 理解；另一种理解是 {other}。",
    },
    "note.two.weekend": {
        "en": "`{part}` may mean Saturday or Sunday: read as {first}; the other reading is "
        "{other}.",
        "zh": "「{part}」可能指周六，也可能指周日：按 {first} 理解；另一种理解是 {other}。",
    },
    "from_now_until": {
        "en": "from now until {end}",
        "zh": "从现在到 {end}",
    },
    "note.starts_now": {
        "en": "No start given: recording starts when you confirm.",
        "zh": "没有给开始时间：确认后立即开始录制。",
    },
}

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}
WEEKDAY_NAMES = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def text(key: str, lang: str, **fields: object) -> str:
    """The message `key` in `lang` ("zh" or English), with `fields` filled in."""
    entry = _TEXTS[key]
    template = entry["zh"] if lang == "zh" else entry["en"]
    return template.format(**fields)


def fmt_date(dt: datetime, lang: str, ref: datetime | None = None) -> str:
    """`Fri 28 Nov` / `11月28日（周五）`, with the year when it differs from `ref`'s."""
    year = ref is not None and dt.year != ref.year
    if lang == "zh":
        y = f"{dt.year}年" if year else ""
        return f"{y}{dt.month}月{dt.day}日（{WEEKDAYS['zh'][dt.weekday()]}）"
    y = f" {dt.year}" if year else ""
    return f"{WEEKDAYS['en'][dt.weekday()]} {dt.day} {MONTHS[dt.month - 1]}{y}"


def fmt_dt(dt: datetime, lang: str, ref: datetime | None = None) -> str:
    """`Fri 28 Nov 20:00` / `11月28日（周五）20:00` (seconds only when not zero)."""
    clock = dt.strftime("%H:%M:%S" if dt.second else "%H:%M")
    sep = "" if lang == "zh" else " "
    return f"{fmt_date(dt, lang, ref)}{sep}{clock}"


def fmt_range(start: datetime, end: datetime, lang: str, ref: datetime | None = None) -> str:
    """`Thu 26 Nov 20:00 to 23:00`, or both dates when the window crosses a day."""
    joiner = " 至 " if lang == "zh" else " to "
    if start.date() == end.date():
        clock = end.strftime("%H:%M:%S" if end.second else "%H:%M")
        return f"{fmt_dt(start, lang, ref)}{joiner}{clock}"
    return f"{fmt_dt(start, lang, ref)}{joiner}{fmt_dt(end, lang, ref)}"


def fmt_duration(td: timedelta) -> str:
    """`3h`, `1h30m`, `45m`, `30h`, `2m30s`, `0m`."""
    total = int(td.total_seconds())
    sign = "-" if total < 0 else ""
    h, rest = divmod(abs(total), 3600)
    m, s = divmod(rest, 60)
    out = (f"{h}h" if h else "") + (f"{m}m" if m else "") + (f"{s}s" if s else "")
    return sign + (out or "0m")
