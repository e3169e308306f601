"""Repeating schedules: an RFC 5545 rule in a zone, expanded with python-dateutil's `rrule`
(pure; no recurrence arithmetic of our own).

A series is:

- `rule`: an RRULE without DTSTART or UNTIL, e.g. `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR`
  (FREQ DAILY or WEEKLY, optional INTERVAL, BYDAY, COUNT);
- `zone`: where its wall-clock times are;
- `first`: the first occurrence's start, which is the rule's DTSTART and gives the time of day;
- `duration`: each occurrence's length, in real time (at most 24 h);
- `until`: None, or the last moment an occurrence may start (inclusive);
- `wall`: the time of day on the wall clock, when it differs from the first start's (only when a
  DST gap moved the first occurrence: `every day 2:30am` begun on a spring-forward day).

Every occurrence starts at the first one's wall-clock time of day in `zone`, across DST changes
(19:00 stays 19:00 local in New York and London): the rule is expanded on naive wall times and
each is then placed in the zone. A wall time a spring-forward skips moves forward by the gap, and
an ambiguous fall-back time takes the first of its two instants, as the resolver does for one
window. Instants come back in UTC.

`Recurrence.stored(...)` rebuilds a series from what a table keeps (rule, zone name, first start,
duration in seconds, until), so a scheduler can expand it later exactly as it was shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from bot.windows import MAX_DURATION, Window

if TYPE_CHECKING:
    from dateutil.rrule import rrule

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAYS_MON_FRI = (0, 1, 2, 3, 4)
WEEKEND = (5, 6)
_FREQS = ("DAILY", "WEEKLY")


def make_rule(
    freq: str, interval: int = 1, byday: Iterable[int] = (), count: int | None = None
) -> str:
    """The RRULE text (no DTSTART, no UNTIL): `make_rule("WEEKLY", 2, [1])` is
    `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`. `byday` holds weekday numbers, Monday 0."""
    if freq not in _FREQS:
        raise ValueError(f"FREQ must be one of {_FREQS}, not {freq!r}")
    parts = [f"FREQ={freq}"]
    if interval != 1:
        if interval < 1:
            raise ValueError("INTERVAL must be at least 1")
        parts.append(f"INTERVAL={interval}")
    days = sorted(set(byday))
    if days:
        if any(not 0 <= d <= 6 for d in days):
            raise ValueError("a weekday is 0 (Monday) to 6 (Sunday)")
        parts.append("BYDAY=" + ",".join(WEEKDAY_CODES[d] for d in days))
    if count is not None:
        if count < 1:
            raise ValueError("COUNT must be at least 1")
        parts.append(f"COUNT={count}")
    return ";".join(parts)


@dataclass(frozen=True)
class RuleFields:
    freq: str
    interval: int = 1
    byday: tuple[int, ...] = ()
    count: int | None = None


def rule_fields(rule: str) -> RuleFields:
    """Read a rule `make_rule` writes; ValueError for anything else (no DTSTART or UNTIL)."""
    fields: dict[str, str] = {}
    for item in rule.split(";"):
        key, sep, value = item.partition("=")
        if not sep or key in fields:
            raise ValueError(f"bad RRULE part {item!r}")
        fields[key] = value
    unknown = set(fields) - {"FREQ", "INTERVAL", "BYDAY", "COUNT"}
    if unknown:
        raise ValueError(f"unsupported RRULE parts: {', '.join(sorted(unknown))}")
    freq = fields.get("FREQ", "")
    if freq not in _FREQS:
        raise ValueError(f"FREQ must be one of {_FREQS}")
    try:
        interval = int(fields.get("INTERVAL", "1"))
        count = int(fields["COUNT"]) if "COUNT" in fields else None
        byday = (
            tuple(WEEKDAY_CODES.index(d) for d in fields["BYDAY"].split(","))
            if ("BYDAY" in fields)
            else ()
        )
    except ValueError:
        raise ValueError(f"bad RRULE {rule!r}") from None
    if interval < 1 or (count is not None and count < 1):
        raise ValueError(f"bad RRULE {rule!r}")
    return RuleFields(freq, interval, byday, count)


@dataclass(frozen=True)
class Recurrence:
    """A repeating schedule (see the module's docstring). Frozen and pure."""

    rule: str
    zone: tzinfo
    first: datetime
    duration: timedelta
    until: datetime | None = None
    wall: time | None = None

    def __post_init__(self) -> None:
        if self.first.tzinfo is None or (self.until is not None and self.until.tzinfo is None):
            raise ValueError("first and until must be timezone-aware")
        if not timedelta(0) < self.duration <= MAX_DURATION:
            raise ValueError("an occurrence lasts more than 0 and at most 24 hours")
        f = rule_fields(self.rule)
        if f.count is not None and self.until is not None:
            raise ValueError("COUNT and UNTIL cannot both be set (RFC 5545)")
        object.__setattr__(self, "first", self.first.astimezone(UTC))
        if self.until is not None:
            object.__setattr__(self, "until", self.until.astimezone(UTC))
        if self.wall is not None and self.wall == self.first.astimezone(self.zone).time():
            object.__setattr__(self, "wall", None)  # one way to say the same series

    @classmethod
    def stored(
        cls,
        rule: str,
        zone: str,
        first: datetime | int,
        duration_seconds: int,
        until: datetime | int | None = None,
        wall: str | time | None = None,
    ) -> Recurrence:
        """Rebuild a series from stored fields: `zone` an IANA name (or `UTC+08:00`), `first`
        and `until` aware datetimes or Unix seconds, `wall` `HH:MM[:SS]` or None."""
        from bot.timeparse.zones import load_zone

        z = load_zone(zone)
        if z is None:
            raise ValueError(f"unknown zone {zone!r}")

        def at(v: datetime | int) -> datetime:
            return v if isinstance(v, datetime) else datetime.fromtimestamp(v, UTC)

        return cls(
            rule,
            z,
            at(first),
            timedelta(seconds=duration_seconds),
            None if until is None else at(until),
            time.fromisoformat(wall) if isinstance(wall, str) else wall,
        )

    # -- facts -------------------------------------------------------------------------------

    @property
    def fields(self) -> RuleFields:
        return rule_fields(self.rule)

    @property
    def zone_name(self) -> str:
        from bot.timeparse.zones import zone_name

        return zone_name(self.zone)

    # -- expansion ---------------------------------------------------------------------------

    def _wall(self, dt: datetime) -> datetime:
        """An instant as naive wall time in the zone."""
        return dt.astimezone(self.zone).replace(tzinfo=None)

    def _instant(self, wall: datetime) -> datetime:
        """Naive wall time in the zone -> UTC (a gap moves forward, a fold takes the first)."""
        return wall.replace(tzinfo=self.zone).astimezone(UTC)

    @property
    def time_of_day(self) -> time:
        """The wall-clock time every occurrence starts at (a DST gap moves that day's forward)."""
        return self.wall or self.first.astimezone(self.zone).time()

    def _rrule(self) -> rrule:
        from dateutil.rrule import rrulestr

        dtstart = datetime.combine(self._wall(self.first).date(), self.time_of_day)
        r = rrulestr(self.rule, dtstart=dtstart)
        if self.until is not None:
            r = r.replace(until=self._wall(self.until))
        return r

    def _window(self, wall: datetime) -> Window:
        start = self._instant(wall)
        return Window(start, start + self.duration)

    def _walk(self, after: datetime | None) -> Iterator[Window]:
        r = self._rrule()
        if after is None:
            walls: Iterable[datetime] = r
        else:
            # a day early in wall time, then exact in UTC: folds and gaps cannot lose one
            walls = r.xafter(self._wall(after) - timedelta(days=1), inc=True)
        for wall in walls:
            w = self._window(wall)
            if after is None or w.start > after:
                yield w

    def occurrences(self, limit: int = 5, after: datetime | None = None) -> list[Window]:
        """The first `limit` occurrences, from the first; with `after`, only those starting
        strictly after it (`after=now`: the ones not begun yet). UTC windows."""
        out: list[Window] = []
        if limit <= 0:
            return out
        for w in self._walk(after):
            out.append(w)
            if len(out) >= limit:
                break
        return out

    def next_after(self, moment: datetime) -> Window | None:
        """The first occurrence starting strictly after `moment`, or None if the series is over."""
        found = self.occurrences(1, after=moment)
        return found[0] if found else None

    def between(self, start: datetime, end: datetime) -> list[Window]:
        """Every occurrence starting in [start, end) (e.g. the ones Live will take by now)."""
        r = self._rrule()
        lo, hi = self._wall(start) - timedelta(days=1), self._wall(end) + timedelta(days=1)
        windows = (self._window(w) for w in r.between(lo, hi, inc=True))
        return [w for w in windows if start <= w.start < end]

    def on_date(self, day: date) -> Window | None:
        """The occurrence starting on `day` (local date in the zone), or None if none does
        (what `skip REF DATE` needs)."""
        begin = datetime(day.year, day.month, day.day)
        for w in self.between(self._instant(begin), self._instant(begin + timedelta(days=1))):
            if w.start.astimezone(self.zone).date() == day:
                return w
        return None

    # -- words -------------------------------------------------------------------------------

    def describe(self, lang: str | None = None) -> str:
        """The rule in words, in `lang` (`en`, `zh-Hans`, `zh-Hant`; `zh`: the current Chinese,
        else Simplified; None: the current language): `every weekday at 19:00 for 1h, until Tue
        22 Dec`, `每个工作日19:00开始录1小时，到12月22日（周二）为止`. Times in the series' zone."""
        from bot import i18n
        from bot.timeparse import messages

        if lang is None:
            lang = i18n.current()
        elif lang == "zh":
            lang = messages.chinese()
        with i18n.using(lang) as target:
            return self._describe(target)

    def _describe(self, lang: str) -> str:
        from bot.i18n import _, ngettext
        from bot.timeparse import messages

        f = self.fields
        zh = lang != "en"
        days = f.byday or (
            (self.first.astimezone(self.zone).weekday(),) if f.freq == "WEEKLY" else ()
        )
        if f.freq == "DAILY":
            if f.interval == 1:
                when = _("every day")
            elif f.interval == 2:
                when = _("every other day")
            else:
                when = _("every {n} days").format(n=f.interval)
        elif days == WEEKDAYS_MON_FRI and f.interval == 1:
            when = _("every weekday")
        else:
            names = messages.WEEKDAY_NAMES[lang if lang == "zh-Hant" else ("zh" if zh else "en")]
            which = names[days[0]] if len(days) == 1 else ""
            if len(days) > 1:
                which = _("{days} and {last}").format(
                    days=("、" if zh else ", ").join(names[d] for d in days[:-1]),
                    last=names[days[-1]],
                )
            if f.interval == 1:
                when = _("every {days}").format(days=which)
            elif f.interval == 2:
                when = _("every other {days}").format(days=which)
            else:
                when = _("every {n} weeks on {days}").format(n=f.interval, days=which)
        at = self.time_of_day
        clock = at.strftime("%H:%M:%S" if at.second else "%H:%M")
        dur = _zh_duration(self.duration, lang) if zh else messages.fmt_duration(self.duration)
        out = _("{when} at {time} for {length}").format(when=when, time=clock, length=dur)
        if self.until is not None:
            last = self.until.astimezone(self.zone)
            day = messages.fmt_date(last, "zh" if zh else "en", self.first.astimezone(self.zone))
            out = _("{rule}, until {day}").format(rule=out, day=day)
        if f.count is not None:
            out = ngettext("{rule}, {n} time", "{rule}, {n} times", f.count).format(
                rule=out, n=f.count
            )
        return out


# Chinese units of a duration, Simplified and Traditional.
_ZH_UNITS = {"zh-Hans": ("小时", "分钟", "秒"), "zh-Hant": ("小時", "分鐘", "秒")}


def _zh_duration(td: timedelta, lang: str) -> str:
    hours, minutes, seconds = _ZH_UNITS.get(lang, _ZH_UNITS["zh-Hans"])
    h, rest = divmod(int(td.total_seconds()), 3600)
    m, s = divmod(rest, 60)
    return (
        (f"{h}{hours}" if h else "")
        + (f"{m}{minutes}" if m else "")
        + (f"{s}{seconds}" if s else "")
    )
