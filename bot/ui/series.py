"""What a repeating schedule's cards say: the card to confirm, what a Confirm or a series
command did, the question each command asks first, the series' thread parent, and its lines in
`/record list`, `show` and Home. Pure, like bot/ui/cards.py.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from bot.i18n import N_, _
from bot.outcomes import SeriesOutcome, SeriesProposal
from bot.series import NOT_RUN, OPEN, SeriesRow, SeriesStatus
from bot.tasks import Status, TaskRow, phase
from bot.ui.cards import (
    Action,
    Button,
    Card,
    Confirm,
    Fmt,
    booking_why,
    duration_text,
    phase_text,
    plain_time,
    simulated_lines,
    template_line,
)

SERIES_STATUS = {
    SeriesStatus.PROPOSED: N_(":grey_question: Waiting for Confirm"),
    SeriesStatus.ACTIVE: N_(":repeat: Active"),
    SeriesStatus.PAUSED: N_(":double_vertical_bar: Paused"),
    SeriesStatus.ENDED: N_(":black_square_for_stop: Ended"),
    SeriesStatus.CANCELLED: N_(":x: Cancelled"),
}
HISTORY_SHOWN = 8  # the latest occurrences a thread parent or `show` lists


def status_text(status: SeriesStatus) -> str:
    """A series' status with its emoji, in the current language."""
    return _(SERIES_STATUS[status])


def rule_text(series: SeriesRow) -> str:
    """`every weekday at 19:00 for 1h` in the series' own zone, in the current language."""
    return series.recurrence.describe()


def _stream(fmt: Fmt, series: SeriesRow) -> str:
    return f"`{fmt.esc(series.full_stream)}`"


def _zone_line(series: SeriesRow) -> str:
    return _(
        "*Zone:* {zone} (times repeat on its wall clock, across daylight-saving changes)"
    ).format(zone=series.zone)


def _repeats(fmt: Fmt, s: SeriesRow, zone: bool = False) -> str:
    if zone:
        return _("*Repeats:* {rule} ({zone})").format(rule=fmt.esc(rule_text(s)), zone=s.zone)
    return _("*Repeats:* {rule}").format(rule=fmt.esc(rule_text(s)))


def _times(fmt: Fmt, starts: Sequence[int], tz: str) -> str:
    return _("; ").join(fmt.time(start, tz) for start in starts)


def series_card(fmt: Fmt, p: SeriesProposal) -> Card:
    """The card of a repeating command: the rule in words, the zone, the next five
    occurrences, any that would overlap other tasks, and what Confirm does."""
    s = p.series
    lines = [
        _("*Stream:* {stream}").format(stream=_stream(fmt, s)),
        _repeats(fmt, s),
        _zone_line(s),
        template_line(s.template_id),
        _("*Next:* {times}").format(times=_times(fmt, [a for a, _end in p.upcoming], s.tz)),
    ]
    for (start, _end), tasks in p.overlaps:
        ids = _(", ").join(f"`{fmt.esc(t.task_id or t.short)}`" for t in tasks)
        lines.append(
            _(
                ":warning: The one on {time} overlaps other recordings of this stream: {ids}."
            ).format(time=fmt.time(start, s.tz), ids=ids)
        )
    lines.append(
        _(
            ":calendar: Confirm creates on Live at once the occurrences starting within 6 days; "
            "{why}, so recordbot books the later ones and creates each by itself in time. One "
            "thread in the channel follows the series."
        ).format(why=booking_why())
    )
    lines += [fmt.esc(n) for n in p.resolution.notes]
    buttons = (
        Button(_("Confirm series"), Action.SERIES_CONFIRM, s.id, "primary"),
        Button(_("Cancel"), Action.SERIES_CANCEL, s.id, "danger"),
    )
    return Card(
        _("Record {stream} repeatedly? (nothing is scheduled until you confirm)").format(
            stream=s.stream
        ),
        tuple(lines),
        buttons,
        simulated_lines(p.simulated),
    )


def _outcome_title(o: SeriesOutcome) -> str | None:
    s = o.series
    if o.kind == "active":
        return _("Series {ref} scheduled: {stream}").format(ref=s.short, stream=s.full_stream)
    if o.kind == "skipped":
        return _("Skipped one occurrence of series {ref}").format(ref=s.short)
    if o.kind == "paused":
        return _("Paused series {ref}: {stream}").format(ref=s.short, stream=s.full_stream)
    if o.kind == "resumed":
        return _("Resumed series {ref}: {stream}").format(ref=s.short, stream=s.full_stream)
    if o.kind == "ended":
        return _("Stopped series {ref}: {stream}").format(ref=s.short, stream=s.full_stream)
    if o.kind == "cancelled":
        return _("Cancelled: no series was scheduled for {stream}.").format(stream=s.full_stream)
    return None


def series_outcome_card(fmt: Fmt, o: SeriesOutcome) -> Card:
    s = o.series
    title = _outcome_title(o)
    if title is None or (o.kind == "cancelled" and o.note):
        return Card(
            fmt.esc(
                o.note
                or _("Series {ref} is {status}.").format(ref=s.short, status=status_text(s.status))
            )
        )
    lines: list[str] = []
    if o.kind in ("active", "resumed"):
        lines.append(_repeats(fmt, s, zone=True))
        created = [c for c in o.created if c.kind == "created"]
        if created:
            lines.append(
                _("*Created on Live now:* {times}").format(
                    times=_("; ").join(
                        f"{fmt.time(c.row.start, s.tz)} (`{fmt.esc(c.row.task_id or '-')}`)"
                        for c in created
                    )
                )
            )
        failed = [c for c in o.created if c.kind != "created"]
        if failed:
            lines.append(
                _(
                    ":warning: {n} could not be created yet; recordbot tries again and tells "
                    "you in person if it gives up."
                ).format(n=len(failed))
            )
        if o.booked:
            lines.append(
                _(
                    "*Booked* (recordbot creates each on Live when Live will take it): {times}"
                ).format(times=_times(fmt, [r.start for r in o.booked], s.tz))
            )
        lines.append(
            _(
                "Commands: `/record skip {ref} [DATE]`, `/record pause {ref}`, "
                "`/record stop {ref}`."
            ).format(ref=s.short)
        )
    for c in o.changed:
        if c.kind == "cancelled":
            what = _("cancelled (not on Live yet)")
        elif c.kind == "deleted":
            what = _("deleted from Live")
        else:
            what = phase_text(c.kind)
        lines.append(_("• {time}: {state}").format(time=fmt.time(c.row.start, s.tz), state=what))
    if o.kind == "paused":
        lines.append(
            _(
                "Nothing more is created or booked until `/record resume {ref}`; occurrences "
                "due meanwhile are not recorded."
            ).format(ref=s.short)
        )
    for r in o.kept:
        when = fmt.time(r.start, s.tz)
        if o.kind == "ended" and r.status == Status.PENDING:
            lines.append(
                _("• {time} is being created on Live: it is deleted as soon as it exists.").format(
                    time=when
                )
            )
        elif o.kind == "ended":
            lines.append(
                _(
                    "• {time} is recording now and keeps going: `/record stop {ref}` ends it."
                ).format(time=when, ref=r.short)
            )
        else:
            lines.append(
                _(
                    "• {time} (`{task_id}`) is already on Live and stays: "
                    "`/record skip {ref} {date}` removes it."
                ).format(
                    time=when,
                    task_id=fmt.esc(r.task_id or r.short),
                    ref=s.short,
                    date=_date(r, s),
                )  # fmt: skip
            )
    return Card(title, tuple(lines), (), simulated_lines(o.simulated))


def _date(row: TaskRow, s: SeriesRow) -> str:
    return f"{datetime.fromtimestamp(row.start, s.recurrence.zone):%Y-%m-%d}"


def series_ask_card(
    fmt: Fmt,
    s: SeriesRow,
    verb: str,
    now: float,
    target: tuple[int, int] | None = None,
    skipped: Collection[int] = (),
) -> Card:
    """The question a series command asks before it acts: one card, one button; Slack asks
    once more for `stop`. `target`: the occurrence `skip` means."""
    head = _("*Series {ref}:* {stream}, {rule} ({zone})").format(
        ref=s.short, stream=_stream(fmt, s), rule=fmt.esc(rule_text(s)), zone=s.zone
    )
    if verb == "skip":
        assert target is not None
        start = target[0]
        when = plain_time(start, s.tz)
        dialog = Confirm(
            _("Skip this occurrence?"),
            _("{time}: {stream} is not recorded.").format(time=when, stream=s.full_stream),
            _("Skip it"),
        )
        return Card(
            _("Skip the recording of {time}?").format(time=when),
            (
                head,
                _(
                    "A booking is cancelled; one already created on Live is deleted from Live. "
                    "The rest of the series stays."
                ),
            ),
            (Button(_("Skip it"), Action.SERIES_SKIP, f"{s.id}@{start}", "danger", dialog),),
        )
    if verb == "pause":
        return Card(
            _("Pause series {ref}?").format(ref=s.short),
            (
                head,
                _(
                    "Nothing more is created on Live until you resume; those already on Live "
                    "stay (skip removes one)."
                ),
            ),
            (Button(_("Pause series"), Action.SERIES_PAUSE, s.id, "primary"),),
        )
    if verb == "resume":
        start = s.next_start(now, skipped)
        title = (
            _("Resume series {ref} from {time}?").format(ref=s.short, time=fmt.time(start, s.tz))
            if start is not None
            else _("Resume series {ref}?").format(ref=s.short)
        )
        return Card(
            title,
            (head, _("Occurrences whose time passed while it was paused are not recorded.")),
            (Button(_("Resume series"), Action.SERIES_RESUME, s.id, "primary"),),
        )
    return Card(
        _("Stop series {ref}?").format(ref=s.short),
        (
            head,
            _(
                "Booked occurrences are cancelled, those created on Live and not begun are "
                "deleted from Live; a recording under way keeps going (it has its own Stop)."
            ),
        ),
        (stop_series_button(s),),
    )


def stop_series_button(s: SeriesRow) -> Button:
    return Button(
        _("Stop series"),
        Action.SERIES_STOP,
        s.id,
        "danger",
        Confirm(
            _("Stop this series?"),
            _(
                "{stream}: no more recordings of this series. A recording under way keeps going."
            ).format(stream=s.full_stream),
            _("Stop series"),
        ),
    )


def _occurrence_line(fmt: Fmt, row: TaskRow, now: float, tz: str) -> str:
    # a cancelled occurrence was skipped (or its series stopped before it was created)
    word = _("skipped") if row.status == Status.CANCELLED else phase_text(phase(row, now))
    line = _("• {time}: {state}").format(time=fmt.time(row.start, tz), state=word)
    return line + (f" (`{fmt.esc(row.task_id)}`)" if row.task_id else "")


def series_parent_card(
    fmt: Fmt, s: SeriesRow, occurrences: Sequence[TaskRow], now: float, simulated: bool = False
) -> Card:
    """The channel message heading a series' thread: the rule, the zone, the next occurrence,
    what has run, and a Stop-series button while it is going."""
    nxt = s.next_start(now, _not_run(occurrences))
    ran = [r for r in occurrences if r.start <= now and r.status != Status.CANCELLED]
    done = sum(1 for r in ran if r.status in (Status.CREATED, Status.STOPPED) and r.end <= now)
    failed = sum(1 for r in ran if r.status == Status.FAILED or r.record_state == "failed")
    skipped = sum(1 for r in occurrences if r.status == Status.CANCELLED)
    lines = [
        _("*Status:* {status}").format(status=status_text(s.status)),
        _repeats(fmt, s),
        _zone_line(s),
        _("*Next:* {times}").format(times=fmt.time(nxt, s.tz))
        if nxt is not None
        else _("*Next:* none"),
        _("*So far:* {done} recorded, {failed} failed, {skipped} skipped").format(
            done=done, failed=failed, skipped=skipped
        ),
        _("*Requested by:* {who}").format(who=fmt.user(s.user, s.user_name)) if s.user else "",
    ]
    lines += [_occurrence_line(fmt, r, now, s.tz) for r in ran[-HISTORY_SHOWN:]]
    buttons = (stop_series_button(s),) if s.status in OPEN else ()
    context = (
        _("Each recording's created, started, ended and file notices are posted in this thread."),
        *simulated_lines(simulated),
    )
    return Card(
        _("Series {ref}: {stream}").format(ref=s.short, stream=fmt.esc(s.full_stream)),
        tuple(x for x in lines if x),
        buttons,
        context,
    )


def series_parent_text(fmt: Fmt, s: SeriesRow, simulated: bool = False) -> str:
    by = fmt.user(s.user, s.user_name) if s.user else _("someone")
    return (_("[SIMULATED] ") if simulated else "") + _(
        "{status}. {who} scheduled {stream} {rule} ({zone}), series {ref}."
    ).format(
        status=status_text(s.status), who=by, stream=_stream(fmt, s),
        rule=fmt.esc(rule_text(s)), zone=s.zone, ref=s.short,
    )  # fmt: skip


def _not_run(occurrences: Sequence[TaskRow]) -> set[int]:
    return {r.start for r in occurrences if r.status in NOT_RUN}


def series_line(fmt: Fmt, s: SeriesRow, now: float, tz: str, skipped: Collection[int] = ()) -> str:
    """One series in `/record list` and Home: its number, stream, rule, next occurrence (past
    the `skipped` starts), state."""
    nxt = s.next_start(now, skipped)
    when = (
        _("next {time}").format(time=fmt.time(nxt, tz))
        if nxt is not None
        else _("no occurrence left")
    )
    state = {SeriesStatus.PAUSED: _(" · paused"), SeriesStatus.ENDED: _(" · ended")}.get(
        s.status, ""
    )
    return f"`{s.short}` {_stream(fmt, s)} {fmt.esc(rule_text(s))} ({s.zone}) · {when}{state}"


def series_show_card(
    fmt: Fmt, s: SeriesRow, occurrences: Sequence[TaskRow], now: float, tz: str
) -> Card:
    """`/record show #12` for a series: what it is, what is coming, what has run."""
    # in the log: booked, being created or on Live and not over; the rest ran or will not run
    going = (Status.BOOKED, Status.PENDING, Status.CREATED)
    upcoming = [r for r in occurrences if r.end > now and r.status in going]
    past = [r for r in occurrences if r not in upcoming]
    lines = [
        _("*Status:* {status}").format(status=status_text(s.status)),
        _("*Stream:* {stream}").format(stream=_stream(fmt, s)),
        _repeats(fmt, s),
        _zone_line(s),
        _("*Length:* {length}").format(length=duration_text(s.duration)),
        _("*Requested by:* {who}").format(who=fmt.user(s.user, s.user_name)),
    ]
    skipped = _not_run(occurrences)
    later = (
        [a for a, _end in s.upcoming(now, 5 + len(skipped)) if a not in skipped][:5]
        if s.status in OPEN
        else []
    )
    if later:
        lines.append(_("*Next:* {times}").format(times=_times(fmt, later, tz)))
    if upcoming:
        lines.append(_("*In the log:*"))
        lines += [_occurrence_line(fmt, r, now, tz) for r in upcoming[:HISTORY_SHOWN]]
    if past:
        lines.append(_("*Past, skipped or removed:*"))
        lines += [_occurrence_line(fmt, r, now, tz) for r in past[-HISTORY_SHOWN:]]
    buttons = (stop_series_button(s),) if s.status in OPEN else ()
    return Card(
        _("Series {ref}: {stream}").format(ref=s.short, stream=s.full_stream), tuple(lines), buttons
    )
