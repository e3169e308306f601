"""What a repeating schedule's cards say: the card to confirm, what a Confirm or a series
command did, the question each command asks first, the series' thread parent, and its lines in
`/record list`, `show` and Home. Pure, like bot/ui/cards.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.outcomes import SeriesOutcome, SeriesProposal
from bot.series import SeriesRow, SeriesStatus
from bot.tasks import Status, TaskRow
from bot.ui.cards import (
    Action,
    Button,
    Card,
    Confirm,
    Fmt,
    booking_why,
    duration_text,
    plain_time,
    simulated_lines,
)

SERIES_STATUS = {
    SeriesStatus.PROPOSED: ":grey_question: Waiting for Confirm",
    SeriesStatus.ACTIVE: ":repeat: Active",
    SeriesStatus.PAUSED: ":double_vertical_bar: Paused",
    SeriesStatus.ENDED: ":black_square_for_stop: Ended",
    SeriesStatus.CANCELLED: ":x: Cancelled",
}
HISTORY_SHOWN = 8  # the latest occurrences a thread parent or `show` lists


def rule_text(series: SeriesRow, lang: str = "en") -> str:
    """`every weekday at 19:00 for 1h` in the series' own zone."""
    return series.recurrence.describe(lang)


def _stream(fmt: Fmt, series: SeriesRow) -> str:
    return f"`{fmt.esc(series.full_stream)}`"


def _zone_line(series: SeriesRow) -> str:
    return f"*Zone:* {series.zone} (times repeat on its wall clock, across daylight-saving changes)"


def series_card(fmt: Fmt, p: SeriesProposal) -> Card:
    """The card of a repeating command: the rule in words, the zone, the next five
    occurrences, any that would overlap other tasks, and what Confirm does."""
    s = p.series
    lines = [
        f"*Stream:* {_stream(fmt, s)}",
        f"*Repeats:* {fmt.esc(rule_text(s, p.resolution.lang))}",
        _zone_line(s),
        f"*Template:* {s.template_id if s.template_id is not None else 'default (HLS)'}",
        "*Next:* " + "; ".join(fmt.time(start, s.tz) for start, _ in p.upcoming),
    ]
    for (start, _end), tasks in p.overlaps:
        ids = ", ".join(f"`{fmt.esc(t.task_id or t.short)}`" for t in tasks)
        lines.append(
            f":warning: The one on {fmt.time(start, s.tz)} overlaps other recordings of this stream: {ids}."
        )
    lines.append(
        f":calendar: Confirm creates on Live at once the occurrences starting within 6 days; {booking_why()}, "
        "so recordbot books the later ones and creates each by itself in time. One thread in the channel follows the series."
    )
    lines += [fmt.esc(n) for n in p.resolution.notes]
    buttons = (
        Button("Confirm series", Action.SERIES_CONFIRM, s.id, "primary"),
        Button("Cancel", Action.SERIES_CANCEL, s.id, "danger"),
    )
    return Card(
        f"Record {s.stream} repeatedly? (nothing is scheduled until you confirm)",
        tuple(lines),
        buttons,
        simulated_lines(p.simulated),
    )


def series_outcome_card(fmt: Fmt, o: SeriesOutcome) -> Card:
    s = o.series
    title = {
        "active": f"Series {s.short} scheduled: {s.full_stream}",
        "skipped": f"Skipped one occurrence of series {s.short}",
        "paused": f"Paused series {s.short}: {s.full_stream}",
        "resumed": f"Resumed series {s.short}: {s.full_stream}",
        "ended": f"Stopped series {s.short}: {s.full_stream}",
        "cancelled": f"Cancelled: no series was scheduled for {s.full_stream}.",
    }.get(o.kind)
    if title is None or (o.kind == "cancelled" and o.note):
        return Card(fmt.esc(o.note or f"Series {s.short} is {s.status}."))
    lines: list[str] = []
    if o.kind in ("active", "resumed"):
        lines.append(f"*Repeats:* {fmt.esc(rule_text(s))} ({s.zone})")
        created = [c for c in o.created if c.kind == "created"]
        if created:
            lines.append(
                "*Created on Live now:* "
                + "; ".join(f"{fmt.time(c.row.start, s.tz)} (`{fmt.esc(c.row.task_id or '-')}`)" for c in created)
            )  # fmt: skip
        failed = [c for c in o.created if c.kind != "created"]
        if failed:
            lines.append(
                f":warning: {len(failed)} could not be created yet; recordbot tries again and tells you in person if it gives up."
            )
        if o.booked:
            lines.append(
                "*Booked* (recordbot creates each on Live when Live will take it): "
                + "; ".join(fmt.time(r.start, s.tz) for r in o.booked)
            )
        lines.append(
            f"Commands: `/record skip {s.short} [DATE]`, `/record pause {s.short}`, `/record stop {s.short}`."
        )
    for c in o.changed:
        what = {"cancelled": "cancelled (not on Live yet)", "deleted": "deleted from Live"}.get(
            c.kind, c.kind
        )
        lines.append(f"• {fmt.time(c.row.start, s.tz)}: {what}")
    if o.kind == "paused":
        lines.append(
            "Nothing more is created or booked until `/record resume "
            f"{s.short}`; occurrences due meanwhile are not recorded."
        )
    for r in o.kept:
        when = fmt.time(r.start, s.tz)
        if o.kind == "ended" and r.status == Status.PENDING:
            lines.append(f"• {when} is being created on Live: it is deleted as soon as it exists.")
        elif o.kind == "ended":
            lines.append(
                f"• {when} is recording now and keeps going: `/record stop {r.short}` ends it."
            )
        else:
            lines.append(
                f"• {when} (`{fmt.esc(r.task_id or r.short)}`) is already on Live and stays: `/record skip {s.short} {_date(r, s)}` removes it."
            )
    return Card(title, tuple(lines), (), simulated_lines(o.simulated))


def _date(row: TaskRow, s: SeriesRow) -> str:
    return f"{datetime.fromtimestamp(row.start, ZoneInfo(s.zone)):%Y-%m-%d}"


def series_ask_card(
    fmt: Fmt, s: SeriesRow, verb: str, now: float, target: tuple[int, int] | None = None
) -> Card:
    """The question a series command asks before it acts: one card, one button; Slack asks
    once more for `stop`. `target`: the occurrence `skip` means."""
    rule = fmt.esc(rule_text(s))
    head = f"*Series {s.short}:* {_stream(fmt, s)}, {rule} ({s.zone})"
    if verb == "skip":
        assert target is not None
        start, _ = target
        when = plain_time(start, s.tz)
        return Card(
            f"Skip the recording of {when}?",
            (head, "A booking is cancelled; one already created on Live is deleted from Live. The rest of the series stays."),
            (Button("Skip it", Action.SERIES_SKIP, f"{s.id}@{start}", "danger",
                    Confirm("Skip this occurrence?", f"{when}: {s.full_stream} is not recorded.", "Skip it", "Keep it")),),
        )  # fmt: skip
    if verb == "pause":
        return Card(
            f"Pause series {s.short}?",
            (head, "Nothing more is created on Live until you resume; those already on Live stay (skip removes one)."),
            (Button("Pause series", Action.SERIES_PAUSE, s.id, "primary"),),
        )  # fmt: skip
    if verb == "resume":
        nxt = s.upcoming(now, 1)
        first = f" from {fmt.time(nxt[0][0], s.tz)}" if nxt else ""
        return Card(
            f"Resume series {s.short}{first}?",
            (head, "Occurrences whose time passed while it was paused are not recorded."),
            (Button("Resume series", Action.SERIES_RESUME, s.id, "primary"),),
        )
    return Card(
        f"Stop series {s.short}?",
        (
            head,
            "Booked occurrences are cancelled, those created on Live and not begun are deleted from Live; "
            "a recording under way keeps going (it has its own Stop).",
        ),
        (stop_series_button(s),),
    )


def stop_series_button(s: SeriesRow) -> Button:
    return Button(
        "Stop series",
        Action.SERIES_STOP,
        s.id,
        "danger",
        Confirm(
            "Stop this series?",
            f"{s.full_stream}: no more recordings of this series. A recording under way keeps going.",
            "Stop series",
            "Keep it",
        ),
    )


def _occurrence_line(fmt: Fmt, row: TaskRow, now: float, tz: str) -> str:
    if row.status == Status.CREATED:
        state = (
            "recording"
            if row.start <= now < row.end
            else ("done" if row.end <= now else "scheduled")
        )
    elif row.status == Status.CANCELLED:
        state = "skipped"
    elif row.status == Status.BOOKED:
        state = "booked"
    else:
        state = str(row.status)
    return f"• {fmt.time(row.start, tz)}: {state}" + (
        f" (`{fmt.esc(row.task_id)}`)" if row.task_id else ""
    )


def series_parent_card(
    fmt: Fmt, s: SeriesRow, occurrences: Sequence[TaskRow], now: float, simulated: bool = False
) -> Card:
    """The channel message heading a series' thread: the rule, the zone, the next occurrence,
    what has run, and a Stop-series button while it is going."""
    nxt = s.upcoming(now, 1) if s.status in (SeriesStatus.ACTIVE, SeriesStatus.PAUSED) else []
    ran = [r for r in occurrences if r.start <= now and r.status != Status.CANCELLED]
    done = sum(1 for r in ran if r.status in (Status.CREATED, Status.STOPPED) and r.end <= now)
    failed = sum(1 for r in ran if r.status == Status.FAILED or r.record_state == "failed")
    skipped = sum(1 for r in occurrences if r.status == Status.CANCELLED)
    lines = [
        f"*Status:* {SERIES_STATUS[s.status]}",
        f"*Repeats:* {fmt.esc(rule_text(s))}",
        _zone_line(s),
        f"*Next:* {fmt.time(nxt[0][0], s.tz)}" if nxt else "*Next:* none",
        f"*So far:* {done} recorded, {failed} failed, {skipped} skipped",
        f"*Requested by:* {fmt.user(s.user, s.user_name)}" if s.user else "",
    ]
    lines += [_occurrence_line(fmt, r, now, s.tz) for r in ran[-HISTORY_SHOWN:]]
    buttons = (
        (stop_series_button(s),) if s.status in (SeriesStatus.ACTIVE, SeriesStatus.PAUSED) else ()
    )
    context = (
        "Each recording's created, started, ended and file notices are posted in this thread.",
        *simulated_lines(simulated),
    )
    return Card(
        f"Series {s.short}: {fmt.esc(s.full_stream)}",
        tuple(x for x in lines if x),
        buttons,
        context,
    )


def series_parent_text(fmt: Fmt, s: SeriesRow, simulated: bool = False) -> str:
    by = fmt.user(s.user, s.user_name) if s.user else "someone"
    return (
        ("[SIMULATED] " if simulated else "")
        + f"{SERIES_STATUS[s.status]}. {by} scheduled {_stream(fmt, s)} {fmt.esc(rule_text(s))} ({s.zone}), series {s.short}."
    )


def series_line(fmt: Fmt, s: SeriesRow, now: float, tz: str) -> str:
    """One series in `/record list` and Home: its number, stream, rule, next occurrence, state."""
    nxt = s.upcoming(now, 1) if s.status in (SeriesStatus.ACTIVE, SeriesStatus.PAUSED) else []
    when = f"next {fmt.time(nxt[0][0], tz)}" if nxt else "no occurrence left"
    state = {SeriesStatus.PAUSED: " · paused", SeriesStatus.ENDED: " · ended"}.get(s.status, "")
    return f"`{s.short}` {_stream(fmt, s)} {fmt.esc(rule_text(s))} ({s.zone}) · {when}{state}"


def series_show_card(
    fmt: Fmt, s: SeriesRow, occurrences: Sequence[TaskRow], now: float, tz: str
) -> Card:
    """`/record show #12` for a series: what it is, what is coming, what has run."""
    upcoming = [r for r in occurrences if r.end > now and r.status != Status.CANCELLED]
    past = [r for r in occurrences if r.end <= now or r.status == Status.CANCELLED]
    lines = [
        f"*Status:* {SERIES_STATUS[s.status]}",
        f"*Stream:* {_stream(fmt, s)}",
        f"*Repeats:* {fmt.esc(rule_text(s))}",
        _zone_line(s),
        f"*Length:* {duration_text(s.duration)}",
        f"*Requested by:* {fmt.user(s.user, s.user_name)}",
    ]
    later = s.upcoming(now, 5) if s.status in (SeriesStatus.ACTIVE, SeriesStatus.PAUSED) else []
    if later:
        lines.append("*Next:* " + "; ".join(fmt.time(a, tz) for a, _ in later))
    if upcoming:
        lines.append("*In the log:*")
        lines += [_occurrence_line(fmt, r, now, tz) for r in upcoming[:HISTORY_SHOWN]]
    if past:
        lines.append("*Past:*")
        lines += [_occurrence_line(fmt, r, now, tz) for r in past[-HISTORY_SHOWN:]]
    buttons = (
        (stop_series_button(s),) if s.status in (SeriesStatus.ACTIVE, SeriesStatus.PAUSED) else ()
    )
    return Card(f"Series {s.short}: {s.full_stream}", tuple(lines), buttons)
