"""User-facing texts of the time resolver, in English and Chinese (pure; no I/O).

`text(key, lang, **fields)` picks the language ("zh", or anything else for English) and fills the
fields. The texts are msgids of the gettext catalogs (bot/locale, docs/i18n.md): Chinese is
Traditional when the current language (`bot.i18n.using`, set by `resolve` from the command's
script) is, else Simplified. Every refusal says what was understood and how to fix it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import i18n
from bot.i18n import N_

EXAMPLE_EN = "/record livetest from 8pm for 3h"
EXAMPLE_ZH = "/record livetest 今晚8点录3小时"

_MSG: dict[str, str] = {
    "no_stream": N_(
        "Start with the stream name: `/record STREAM WHEN`, e.g. `/record livetest from 8pm for 3h`.{why}"
    ),
    "no_stream.empty": N_(" Nothing was typed after `/record`."),
    "no_stream.time": N_(" `{token}` is a time, not a stream name."),
    "no_stream.url": N_(" `{token}` is not a push URL of the form `rtmp://domain/app/stream`."),
    "no_stream.chars": N_(
        " `{token}` is not a stream name: use letters, digits, `_`, `-` and `.` (as `name`, `app/name` or `domain/app/name`)."
    ),
    "unparseable": N_(
        "I could not read `{part}` in `{when}`. Write the time like `from 8pm for 3h`, `tomorrow 9am to 11:30` or `now for 90 minutes`."
    ),
    "overnight": N_(
        "`{part}` says through the night but not from when to when: write the hours, e.g. `tonight 10pm to 6am` or `overnight until 7am`."
    ),
    "missing_after": N_(
        "A time is missing after `{part}` in `{when}`, e.g. `from 8pm to 11pm` or `from 8pm for 3h`."
    ),
    "too_long_text": N_(
        "That command is too long to read ({n} characters; at most {limit}). Write it like `/record livetest from 8pm for 3h`."
    ),
    "no_when": N_(
        "When should `{stream}` be recorded? Add a time, e.g. `/record {stream} from 8pm for 3h` or `/record {stream} now for 2h`."
    ),
    "no_end": N_(
        "Understood: start {start} ({zone}), but no end. Add `for 2h` or `to 11pm`, e.g. `/record {stream} {when} for 2h`."
    ),
    "no_clock": N_(
        "`{part}` needs a time of day, e.g. `tomorrow at 9am for 2h` or `friday 8pm to 10pm`."
    ),
    "bad_clock": N_("`{part}` is not a time of day (hours 0-23, minutes 0-59, am/pm with 1-12)."),
    "bad_date": N_("`{part}` is not a date on the calendar."),
    "out_of_range": N_(
        "`{part}` is far outside what recordbot can schedule (a start at most 366 days ahead, at most 72h long)."
    ),
    "weekday_mismatch": N_("`{part}`: {date} is a {actual}, not a {said}. Which did you mean?"),
    "two_zones": N_("Two different time zones in one command (`{a}` and `{b}`): keep one."),
    "end_and_duration": N_(
        "Both an end and a length were given (`{part}`): keep one, e.g. `from 8pm to 11pm` or `from 8pm for 3h`."
    ),
    "end_before_start": N_(
        "The end {end} is not after the start {start} ({zone}). Give an end later than the start, e.g. `from 9pm tomorrow to 11pm tomorrow`."
    ),
    "zero_length": N_("A recording needs a length above zero (`{part}`). Use e.g. `for 2h`."),
    "too_long": N_(
        "{dur} is over recordbot's 72h limit for one recording ({window}, {zone}). Up to 72h, recordbot records it as consecutive tasks of at most 24h (Live's limit per task); for longer, split it into commands of at most 72h: {split}."
    ),
    "too_far_start": N_(
        "{start} ({zone}) is more than 366 days ahead: recordbot books recordings that start up to {limit} at the latest. Book it again on or after {retry}."
    ),
    "past": N_(
        "That window is in the past: {window} ({zone}) ended before now ({now}). Give a time still to come, e.g. `tomorrow 8pm for 2h`.{hint}"
    ),
    "past.this_weekday": N_(
        " (`this {day}` is the one in the current week; did you mean `next {day}`?)"
    ),
    "bad_zone": N_(
        "Unknown time zone `{zone}`: use an IANA name like `Asia/Shanghai` or `America/New_York`, or an offset like `UTC+8`."
    ),
    "bad_now": N_("Bad reference time `{now}`: use ISO 8601, e.g. `2026-11-26T18:30:00+08:00`."),
    "bad_text": N_("The command text must be a string, not {kind}."),
    "internal": N_(
        "I could not read `{when}`. Write the time like `/record livetest from 8pm for 3h`."
    ),
    "repeat.no_time": N_(
        "A repeating schedule needs a time of day, and `{when}` has none. Write it like `every weekday 7pm for 1h` or `daily 20:00-22:00`."
    ),
    "repeat.dated": N_(
        "`{part}` is a date, but a repeating schedule takes a time of day. To say when it begins, write `starting {part}`, e.g. `every day 8pm for 1h starting {part}`."
    ),
    "repeat.no_end": N_(
        "Understood: `{words}`, first at {start} ({zone}), but no end or length. Add one, e.g. `/record {stream} {example}`."
    ),
    "repeat.too_long": N_(
        "Each recording of a repeating schedule lasts at most 24h, and {dur} is longer (`{words}`). Give a shorter length, e.g. `every day 8pm for 2h`."
    ),
    "repeat.none_left": N_(
        "No occurrence is left: `{words}` ends {until}, before the next one would start ({first}, {zone}). Give a later end date, or leave the end out."
    ),
    "repeat.two_ends": N_(
        "Two ends for one repeating schedule (`{words}`): keep one of `until DATE`, `for N weeks` or `N times`."
    ),
    "repeat.bad_number": N_("The numbers in `{words}` are out of range: use 1 to 1000."),
    "split": N_(
        "{hours}h is over Live's 24h limit per task, so it is offered as {n} consecutive tasks, confirmed and stopped together."
    ),
    "note.under_way": N_(
        "{window} is already under way: the first reading records from now until {end}; the other is the next occurrence, {alt}."
    ),
    "note.started": N_(
        "The start {start} has passed: recording the part still to come, from now until {end}."
    ),
    "note.dst_gap": N_(
        "{wall} does not exist on {date} in {zone} (clocks jump forward): using {used}."
    ),
    "note.dst_fold": N_(
        "{wall} happens twice on {date} in {zone} (clocks go back): using the first, {used}."
    ),
    "note.abbr": N_("`{abbr}` read as {meaning} ({zone})."),
    "negative_length": N_(
        "A length must be positive: `{part}` would end before it starts. Write `for {fixed}`."
    ),
    "note.bare_hour": N_(
        "`{part}` read as {hhmm} on the 24-hour clock; write `{later}` for the {half}."
    ),
    "note.midnight": N_("`midnight` read as the end of {date} (00:00 the next day)."),
    "note.month_day": N_("`{part}` read as month/day ({date})."),
    "note.day_month": N_("`{part}` read as day/month ({date})."),
    "note.two.tomorrow": N_(
        "It is after midnight, so `{part}` may mean the day now starting: read as {first}; the other reading is {other}."
    ),
    "note.two.evening": N_(
        "`{part}` may mean the small hours or the afternoon: read as {first}; the other reading is {other}."
    ),
    "note.two.ampm": N_("`{part}` has no am or pm: read as {first}; the other reading is {other}."),
    "note.two.order": N_(
        "`{part}` may be month/day or day/month: read as {first}; the other reading is {other}."
    ),
    "note.two.weekend": N_(
        "`{part}` may mean Saturday or Sunday: read as {first}; the other reading is {other}."
    ),
    "from_now_until": N_("from now until {end}"),
    "note.starts_now": N_("No start given: recording starts when you confirm."),
}

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "zh-Hant": ("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
}
WEEKDAY_NAMES = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "zh-Hant": ("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def chinese() -> str:
    """The Chinese to write: the current language when it is Chinese, else Simplified."""
    current = i18n.current()
    return current if current != "en" else "zh-Hans"


def text(key: str, lang: str, **fields: object) -> str:
    """The message `key` in `lang` ("zh" or English), with `fields` filled in."""
    msgid = _MSG[key]
    return i18n.catalog(chinese() if lang == "zh" else "en").gettext(msgid).format(**fields)


def fmt_date(dt: datetime, lang: str, ref: datetime | None = None) -> str:
    """`Fri 28 Nov` / `11月28日（周五）`, with the year when it differs from `ref`'s."""
    year = ref is not None and dt.year != ref.year
    if lang == "zh":
        y = f"{dt.year}年" if year else ""
        days = WEEKDAYS["zh-Hant" if i18n.current() == "zh-Hant" else "zh"]
        return f"{y}{dt.month}月{dt.day}日（{days[dt.weekday()]}）"
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
