"""The task log as an iCalendar file (RFC 5545), through the `icalendar` library:
`recordbot tasks --ics` (tasks and series) and `recordbot series --ics` (series alone), so a
team can lay its recordings over its own calendar. Pure: rows in, text out.

- A task row is one VEVENT, `UID` its row id `@recordbot` (stable across exports, so a
  calendar that subscribes updates the event instead of adding another), DTSTART/DTEND in UTC.
  `booked` and `pending` are TENTATIVE, `created` CONFIRMED; `deleted`, and bookings cancelled or
  failed after Confirm, are CANCELLED (a subscribed calendar drops what it showed before); a
  `stopped` one is CONFIRMED if Live's callbacks say it recorded (stopped early), else CANCELLED.
  Cards never confirmed are left out.
- An active or paused series is one VEVENT with DTSTART on the wall clock of its zone (TZID, and
  a VTIMEZONE for it), DURATION, and its RRULE (UNTIL in UTC, as RFC 5545 wants with a TZID
  DTSTART), so calendars expand it themselves, across DST changes as recordbot does. Occurrences
  skipped, cancelled, failed or deleted are EXDATEs of it.
- The occurrence rows of a series exported this way are left out. The other way, one VEVENT per
  occurrence with the series' UID and a RECURRENCE-ID, is what RFC 5545 offers for exceptions,
  but clients treat such overrides unevenly (a subscribed feed can show an override beside the
  instance it overrides, or drop one whose UID is shared), and an occurrence's own UID would no
  longer be its row id. EXDATE is understood everywhere. Rows of an ended series (not exported
  as a rule) are listed one by one, like any task.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.series import OPEN, SeriesRow, SeriesStatus

PRODID = "-//recordbot//recordbot calendar export//EN"
END = "END:VCALENDAR\r\n"
# The columns of the task log a task's VEVENT reads (TaskStore.export).
ICS_FIELDS = (
    "id", "ref", "task_id", "stream", "app", "domain", "start", "end", "status", "user",
    "confirmed_by", "record_state", "series",
)  # fmt: skip
ON_LIVE_OR_COMING = {"booked": "TENTATIVE", "pending": "TENTATIVE", "created": "CONFIRMED"}
RECORDED = ("recording", "ended")  # record_state: Live's callbacks said it recorded


def uid(row_id: str) -> str:
    """A task row's or a series' UID: its id in the log, `@recordbot`."""
    return f"{row_id}@recordbot"


def _utc(at: float) -> datetime:
    return datetime.fromtimestamp(int(at), UTC)


def _short(row: Mapping[str, Any]) -> str:
    return f"#{row['ref']}" if row.get("ref") is not None else str(row["id"])


def task_status(row: Mapping[str, Any]) -> str | None:
    """The VEVENT STATUS of a task row, or None when the row is not in the calendar."""
    status = row["status"]
    if status in ON_LIVE_OR_COMING:
        return ON_LIVE_OR_COMING[status]
    if status == "stopped":
        return "CONFIRMED" if row.get("record_state") in RECORDED else "CANCELLED"
    if status == "deleted":
        return "CANCELLED"
    if status in ("cancelled", "failed") and row.get("confirmed_by"):
        return "CANCELLED"  # confirmed, then it did not happen
    return None  # proposed, or a card cancelled before Confirm


def task_event(row: Mapping[str, Any], stamp: datetime) -> Any | None:
    """One task row (a dict with ICS_FIELDS) as a VEVENT, or None if it is not shown."""
    from icalendar import Event

    status = task_status(row)
    if status is None:
        return None
    event = Event()
    event.add("uid", uid(row["id"]))
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(row["start"]))
    event.add("dtend", _utc(row["end"]))
    event.add("summary", f"Recording: {row['domain']}/{row['app']}/{row['stream']}")
    lines = [f"TaskId: {row['task_id'] or '(not created on Live yet)'}"]
    lines.append(f"Status: {row['status']}")
    if row["status"] == "stopped" and status == "CONFIRMED":
        lines[-1] += " (stopped before its end)"
    lines.append(f"Ref: {_short(row)}")
    if row.get("series"):
        lines.append(f"Series: {row['series']}")
    if row.get("user"):
        lines.append(f"Requested by: {row['user']}")
    event.add("description", "\n".join(lines))
    event.add("status", status)
    event.add("transp", "OPAQUE" if status != "CANCELLED" else "TRANSPARENT")
    return event


def _zone(series: SeriesRow) -> Any:
    """The series' zone as `icalendar` can name it in a TZID: an IANA zone; a fixed offset of
    whole hours (`UTC+08:00`) as its IANA twin (`Etc/GMT-8`, the sign inverted by POSIX), so a
    weekly rule keeps its weekdays on that clock. Only an offset with minutes (`UTC+05:30`,
    rare) falls back to UTC, where a rule near midnight may name the neighbouring weekday."""
    zone = series.recurrence.zone
    if isinstance(zone, ZoneInfo):
        return zone
    offset = zone.utcoffset(None)
    hours, rest = divmod(int(offset.total_seconds()) if offset is not None else 0, 3600)
    if rest == 0 and -12 <= hours <= 14:
        return ZoneInfo(f"Etc/GMT{-hours:+d}")
    return UTC


def _local(series: SeriesRow, at: int) -> datetime:
    zone = _zone(series)
    return datetime.fromtimestamp(at, UTC).astimezone(zone)


def series_dtstart(series: SeriesRow) -> datetime:
    """The first occurrence on the wall clock of the series' zone. A first occurrence a DST gap
    moved keeps the rule's time of day, which RFC 5545 moves by the gap as recordbot does."""
    rec = series.recurrence
    zone = _zone(series)
    if zone is UTC:
        return rec.first
    day = rec.first.astimezone(zone).date()
    return datetime.combine(day, rec.time_of_day).replace(tzinfo=zone)


def series_event(series: SeriesRow, stamp: datetime, skipped: Collection[int] = ()) -> Any:
    """An active or paused series as a VEVENT with its RRULE; `skipped`: starts (Unix seconds)
    of occurrences that will not run, written as EXDATEs."""
    from icalendar import Event, vRecur

    rec = series.recurrence
    event = Event()
    event.add("uid", uid(series.id))
    event.add("dtstamp", stamp)
    event.add("dtstart", series_dtstart(series))
    event.add("duration", timedelta(seconds=series.duration))
    rule = vRecur.from_ical(series.rule)
    if series.until is not None:
        rule["UNTIL"] = [_utc(series.until)]
    event.add("rrule", rule)
    if skipped:
        event.add("exdate", [_local(series, s) for s in sorted(skipped)])
    event.add("summary", f"Recording: {series.full_stream}")
    lines = [
        f"Repeats: {rec.describe()} ({series.zone})",
        f"Status: {series.status}"
        + (" (nothing is created until it is resumed)" if series.status == "paused" else ""),
        f"Ref: {series.short}",
        f"Series: {series.id}",
    ]
    if series.user:
        lines.append(f"Requested by: {series.user}")
    event.add("description", "\n".join(lines))
    event.add("status", "CONFIRMED" if series.status == SeriesStatus.ACTIVE else "TENTATIVE")
    event.add("transp", "OPAQUE")
    return event


def write_calendar(
    out: TextIO,
    now: float,
    series: Iterable[SeriesRow] = (),
    skipped: Mapping[str, Collection[int]] | None = None,
    tasks: Iterable[Mapping[str, Any]] = (),
) -> int:
    """Write one VCALENDAR to `out`: the open series (`skipped`: their EXDATE starts by series
    id), then the task rows (dicts with ICS_FIELDS) streamed one by one, leaving out the rows
    of the series written. Returns the number of VEVENTs."""
    from icalendar import Calendar

    stamp = _utc(now)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "recordbot recordings")
    shown: set[str] = set()
    firsts: list[date] = []
    lasts: list[date] = []
    for s in series:
        if s.status not in OPEN:
            continue
        cal.add_component(series_event(s, stamp, (skipped or {}).get(s.id, ())))
        shown.add(s.id)
        firsts.append(_utc(s.first_start).date())
        if s.until is not None:
            lasts.append(_utc(s.until).date())
    if shown:
        # VTIMEZONEs from a week before the first series to 2038 (or its `until`, if later)
        cal.add_missing_timezones(
            first_date=min(firsts) - timedelta(days=7),
            last_date=max([date(2038, 1, 1), *(d + timedelta(days=7) for d in lasts)]),
        )
    head = cal.to_ical().decode()
    assert head.endswith(END)
    out.write(head[: -len(END)])
    count = len(shown)
    for row in tasks:
        if row.get("series") in shown:
            continue
        event = task_event(row, stamp)
        if event is not None:
            out.write(event.to_ical().decode())
            count += 1
    out.write(END)
    return count
