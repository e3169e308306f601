"""What each reply says, as plain card models shared by the Slack and shell front ends (pure).

A `Card` is text lines plus buttons. How a time or a user is written differs per front end
(Slack's `<!date^…>` vs plain text), so builders take a `Fmt`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.errors import LiveError
from bot.i18n import N_, _, format_time, format_window
from bot.outcomes import Outcome, Proposal
from bot.tasks import Status, TaskRow, phase


class Action:
    """Every button's action id, shared by the builders and the listeners that handle them."""

    CONFIRM = "record_confirm"
    CONFIRM_ALT = "record_confirm_alt"
    CONFIRM_ALL = "record_confirm_all"  # every part of a window split into consecutive tasks
    EDIT = "record_edit"
    CANCEL = "record_cancel"
    STOP = "record_stop"
    STOP_ONE = "record_stop_one"  # one part of a split recording, not the others
    DELETE = "record_delete"
    DELETE_ONE = "record_delete_one"
    STOP_ALL = "record_stop_all"  # every recording of one stream under way or coming up
    SHORTEN = "record_shorten"  # stop a recording under way at an earlier time
    KEEP = "record_keep"
    # a repeating schedule (bot/ui/series.py): its card, and the questions its commands ask
    SERIES_CONFIRM = "series_confirm"
    SERIES_CANCEL = "series_cancel"
    SERIES_SKIP = "series_skip"  # value: series id @ the occurrence's start
    SERIES_PAUSE = "series_pause"
    SERIES_RESUME = "series_resume"
    SERIES_STOP = "series_stop"


EDIT_VIEW = "record_edit_view"  # the Edit modal's callback_id


@dataclass(frozen=True)
class Confirm:
    """A 'are you sure?' dialog shown before a dangerous button fires. Its texts are plain:
    Slack's dialog takes plain text only (no formatting, no `<!date…>` times)."""

    title: str
    text: str
    yes: str
    no: str = ""  # "Keep it", in the language of the card

    def __post_init__(self) -> None:
        if not self.no:
            object.__setattr__(self, "no", _("Keep it"))


@dataclass(frozen=True)
class Button:
    label: str
    action: str
    value: str
    style: str | None = None  # "primary" | "danger"
    confirm: Confirm | None = None


@dataclass(frozen=True)
class Card:
    title: str
    lines: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()
    context: tuple[str, ...] = ()
    # A file that goes with the card (name, text): Slack uploads it to the person, the shell
    # saves it. Only `/record export` has one.
    attachment: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        """Plain fallback for notifications and screen readers."""
        return self.title


class Fmt(Protocol):
    # Hosts, besides Tencent's VOD and COS, whose file URLs are shown as links (RECORDBOT_FILE_HOSTS).
    file_hosts: frozenset[str]

    def time(self, ts: int, tz: str) -> str: ...

    def esc(self, text: str) -> str: ...

    def user(self, user_id: str, name: str | None = None) -> str: ...

    def link(self, url: str) -> str:
        """A link to `url`, one `bot.live.media.linkable` allowed."""
        ...

    def name(self, user_id: str, name: str | None = None) -> str:
        """A person named without notifying them (Slack: their name, not a mention)."""
        ...


def plain_time(ts: int, tz: str) -> str:
    """`Sat 28 Nov 2026 20:00 (Asia/Shanghai, UTC+08:00)`: the fallback that always names the
    zone, in the current language."""
    return format_time(ts, tz)


def plain_window(start: int, end: int, tz: str) -> str:
    """`Fri 27 Nov 2026 20:00 to 23:00 (Asia/Shanghai, UTC+08:00)`: a window in plain text
    (for Slack's dialogs), its zone named once when both ends share it."""
    return format_window(start, end, tz)


def duration_text(seconds: int) -> str:
    """`3h 30m`, `3h`, `45m` (`3小时30分钟` in Chinese)."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes = rest // 60
    if hours and minutes:
        return _("{hours}h {minutes}m").format(hours=hours, minutes=minutes)
    if hours:
        return _("{hours}h").format(hours=hours)
    return _("{minutes}m").format(minutes=minutes)


def booking_why() -> str:
    return _("Live takes a task only 6 days ahead")


# What a task is doing, as phase() and Status name it, in words people read.
PHASES = {
    "proposed": N_("proposed"),
    "cancelled": N_("cancelled"),
    "booked": N_("booked"),
    "pending": N_("pending"),
    "created": N_("created"),
    "failed": N_("failed"),
    "stopped": N_("stopped"),
    "deleted": N_("deleted"),
    "scheduled": N_("scheduled"),
    "recording": N_("recording"),
    "done": N_("done"),
}


def phase_text(word: str) -> str:
    """A status or phase (`recording`, `stopped`...) in the current language."""
    return _(PHASES[word]) if word in PHASES else word


def booked_text(fmt: Fmt, row: TaskRow, tz: str) -> str:
    """`booked: created by recordbot on …` (in `tz`), for a booking's lists and cards."""
    return _("booked: created by recordbot on {time}").format(
        time=fmt.time(int(row.create_at or 0), tz)
    )


def state_text(fmt: Fmt, row: TaskRow, now: float, tz: str) -> str:
    if row.status == Status.BOOKED:
        return booked_text(fmt, row, tz)
    return phase_text(phase(row, now))


def stream_md(fmt: Fmt, row: TaskRow) -> str:
    return f"`{fmt.esc(row.full_stream)}`"


def _window(fmt: Fmt, row: TaskRow) -> tuple[str, ...]:
    if not row.starts_now:
        return window_lines(fmt, row)
    length = duration_text(row.end - row.start)
    if row.fixed_end:
        return (
            _("*Start:* when you confirm"),
            _("*End:* {time}").format(time=fmt.time(row.end, row.tz)),
            _("*Duration:* about {length}").format(length=length),
        )
    return (
        _("*Start:* when you confirm"),
        _(
            "*Duration:* {length}, counted from Confirm (ending about {time} if confirmed now)"
        ).format(length=length, time=fmt.time(row.end, row.tz)),
    )


def simulated_lines(simulated: bool) -> tuple[str, ...]:
    return (
        (_("SIMULATED: this bot talks to the built-in Live API simulator; nothing is recorded."),)
        if simulated
        else ()
    )


def template_line(template_id: int | None) -> str:
    if template_id is None:
        return _("*Template:* default (HLS)")
    return _("*Template:* {template}").format(template=template_id)


def stream_line(fmt: Fmt, row: TaskRow) -> str:
    return _("*Stream:* {stream}").format(stream=stream_md(fmt, row))


def times_read_in(zone: str) -> str:
    return _("Times read in {zone}.").format(zone=zone)


def split_card(fmt: Fmt, p: Proposal) -> Card:
    """A window over 24 h, offered as consecutive tasks confirmed (and stopped) together."""
    main = p.main
    lines = [stream_line(fmt, main)]
    for n, part in enumerate(p.rows, 1):
        start = _("when you confirm") if part.starts_now else fmt.time(part.start, part.tz)
        when = (
            _("booked, created by recordbot on {time}").format(
                time=fmt.time(int(part.create_at), part.tz)
            )
            if part.create_at is not None
            else _("created at Confirm")
        )
        lines.append(
            _("*Part {n}:* {start} to {end} ({length}): {when}").format(
                n=n,
                start=start,
                end=fmt.time(part.end, part.tz),
                length=duration_text(part.end - part.start),
                when=when,
            )
        )
    if any(part.create_at is not None for part in p.rows):
        lines.append(
            _(
                ":calendar: {why}, so a part further ahead is booked at Confirm and recordbot "
                "creates it on Live by itself at the time shown (in {zone}), then tells its thread."
            ).format(why=booking_why(), zone=p.requester.tz)
        )
    lines.append(template_line(main.template_id))
    context = [
        times_read_in(p.requester.tz),
        *(fmt.esc(n) for n in p.resolution.notes),
        *simulated_lines(p.simulated),
    ]
    buttons = (
        Button(_("Confirm all {n}").format(n=len(p.rows)), Action.CONFIRM_ALL, main.id, "primary"),
        Button(_("Cancel"), Action.CANCEL, main.id, "danger"),
    )
    return Card(
        _(
            "Record {stream} as {n} consecutive tasks? Nothing is scheduled until you press Confirm."
        ).format(stream=main.full_stream, n=len(p.rows)),
        tuple(lines),
        buttons,
        tuple(context),
    )


def group_outcome_card(fmt: Fmt, outcomes: list[Outcome]) -> Card:
    """What confirming every part of a split window led to, part by part."""
    if len(outcomes) == 1:
        return outcome_card(fmt, outcomes[0])
    lines = []
    for n, o in enumerate(outcomes, 1):
        row = o.row
        window = _("{start} to {end}").format(
            start=fmt.time(row.start, row.tz), end=fmt.time(row.end, row.tz)
        )
        if o.kind in ("created", "already") and row.task_id:
            what = f"TaskId `{row.task_id}`"
        elif row.status == Status.BOOKED:
            what = booked_text(fmt, row, row.tz)
        else:
            why = (
                f"{o.error.code}: {fmt.esc(o.error.message[:200])}"
                if o.error
                else (o.note or phase_text(row.status))
            )
            what = _("not scheduled ({why})").format(why=why)
        lines.append(_("*Part {n}:* {window}: {what}").format(n=n, window=window, what=what))
    done = sum(
        1
        for o in outcomes
        if (o.kind in ("created", "already") and o.row.task_id) or o.row.status == Status.BOOKED
    )
    stream = outcomes[0].row.full_stream
    if done == len(outcomes):
        title = _("Scheduled: {stream} as {n} consecutive tasks").format(stream=stream, n=done)
        return Card(title, tuple(lines), (), simulated_lines(outcomes[0].simulated))
    title = _("Only {done} of {n} parts of {stream} were scheduled").format(
        done=done, n=len(outcomes), stream=stream
    )
    retry = (Button(_("Confirm the rest"), Action.CONFIRM_ALL, outcomes[0].row.id, "primary"),)
    return Card(
        title,
        (
            *lines,
            _(
                "Press *Confirm the rest* to try the missing parts again (scheduled parts are not "
                "sent twice)."
            ),
        ),
        retry,
        simulated_lines(outcomes[0].simulated),
    )


def _same_zone(a: str, b: str) -> bool:
    """`UTC` and `Etc/UTC` are one zone: compare the names the resolver gives them."""
    from bot.timeparse import load_zone, zone_name

    za, zb = load_zone(a), load_zone(b)
    return a == b or (za is not None and zb is not None and zone_name(za) == zone_name(zb))


def proposal_card(fmt: Fmt, p: Proposal) -> Card:
    main = p.main
    if main.grp:
        return split_card(fmt, p)
    lines = [stream_line(fmt, main), *_window(fmt, main)]
    lines.append(template_line(main.template_id))
    if main.create_at is not None:
        lines.append(
            _(
                ":calendar: {why}, so Confirm books this one: recordbot creates it on Live by "
                "itself on {time} and tells its thread."
            ).format(why=booking_why(), time=fmt.time(int(main.create_at), main.tz))
        )
    duplicate = p.same_as
    ask_twice = (
        Confirm(
            _("Record this twice?"),
            _("TaskId {task} already records this stream for this window.").format(
                task=duplicate.task_id or _("(being created)")
            ),
            _("Record it twice"),
            _("Don't"),
        )
        if duplicate
        else None
    )
    buttons = [Button(_("Confirm"), Action.CONFIRM, main.id, "primary", ask_twice)]
    if len(p.rows) > 1:
        first = _("from now") if main.starts_now else fmt.time(main.start, main.tz)
        # under way (a start of now) is one kind of two readings; the others (tomorrow after
        # midnight, a bare hour, day/month order...) are explained by the resolver's note
        lead = (
            _("This window is already under way, so it has two readings:")
            if main.starts_now
            else _("This command can be read more than one way (the note below says why):")
        )
        lines.insert(0, lead)
        lines.append(
            _("*Option 1 (Confirm):* {start} to {end}").format(
                start=first, end=fmt.time(main.end, main.tz)
            )
        )
        for n, alt in enumerate(p.rows[1:], 2):
            option = _("*Option {n} (Confirm option {n}):* {start} to {end}").format(
                n=n, start=fmt.time(alt.start, alt.tz), end=fmt.time(alt.end, alt.tz)
            )
            if alt.create_at is not None:
                option = _("{option} ({why}: booked, created by recordbot on {time})").format(
                    option=option, why=booking_why(), time=fmt.time(int(alt.create_at), alt.tz)
                )
            lines.append(option)
            buttons.append(Button(_("Confirm option {n}").format(n=n), Action.CONFIRM_ALT, alt.id))
    if duplicate is not None:
        by = (
            fmt.user(duplicate.user, duplicate.user_name)
            if duplicate.user
            else _("outside recordbot")
        )
        lines.append(
            _(
                ":repeat: This is the same as TaskId `{task}`, scheduled by {by}. Confirm only if "
                "you want a second copy."
            ).format(task=fmt.esc(duplicate.task_id or "-"), by=by)
        )
    others = [t for t in p.overlaps if t is not duplicate]
    if others:
        spans = _(", ").join(
            _("`{task}` ({start} to {end})").format(
                task=fmt.esc(t.task_id or _("being created")),
                start=fmt.time(t.start, main.tz),
                end=fmt.time(t.end, main.tz),
            )
            for t in others
        )
        lines.append(
            _(":warning: Overlaps other recordings of this stream: {spans}.").format(spans=spans)
        )
    if p.full:
        lines.append(
            _(
                ":no_entry: Live records at most three tasks of one stream at the same moment, "
                "and three already run during this window, so it would refuse this one. Stop or "
                "delete one of them (`/record list`), or Edit the time."
            )
        )
        buttons = []  # nothing to confirm: Live would refuse it
    buttons += [
        Button(_("Edit"), Action.EDIT, main.id),
        Button(_("Cancel"), Action.CANCEL, main.id, "danger"),
    ]
    typed_zone = p.resolution.zone
    if typed_zone and not _same_zone(typed_zone, p.requester.tz):
        context = [
            _("Times read in {zone}, as typed (your zone is {yours}).").format(
                zone=fmt.esc(typed_zone), yours=p.requester.tz
            )
        ]
    else:
        context = [times_read_in(p.requester.tz)]
    if p.requester.tz_note:
        context.append(p.requester.tz_note)
    context += [fmt.esc(n) for n in p.resolution.notes]
    context += simulated_lines(p.simulated)
    return Card(
        _("Record {stream}? Nothing is scheduled until you press Confirm.").format(
            stream=main.full_stream
        ),
        tuple(lines),
        tuple(buttons),
        tuple(context),
    )


def outcome_card(fmt: Fmt, o: Outcome) -> Card:
    row = o.row
    sim = simulated_lines(o.simulated)
    ref = f" {row.short}" if row.ref is not None else ""
    if o.kind == "created":
        lines = (
            f"*TaskId:* `{row.task_id}`",
            stream_line(fmt, row),
            *window_lines(fmt, row),
            *((f"*RequestId:* `{row.request_id}`",) if row.request_id else ()),
            *((f":warning: {fmt.esc(o.note)}",) if o.note else ()),
        )
        title = _("Scheduled{ref}: {stream}").format(ref=ref, stream=row.full_stream)
        return Card(title, lines, (), sim)
    if o.kind == "booked":
        lines = (
            stream_line(fmt, row),
            *window_lines(fmt, row),
            _(
                "*Created on Live:* by recordbot on {time} ({why}); its thread is told then, and "
                "you in person if it cannot be created."
            ).format(time=fmt.time(int(row.create_at or 0), row.tz), why=booking_why()),
        )
        title = _("Booked{ref}: {stream}").format(ref=ref, stream=row.full_stream)
        return Card(title, lines, (), sim)
    if o.kind in ("stopped", "deleted") and row.task_id is None:
        return Card(
            _("Cancelled booking: {stream} ({ref})").format(stream=row.full_stream, ref=row.short),
            (fmt.esc(o.note),) if o.note else (),
            (),
            sim,
        )
    if o.kind == "failed" and o.error is not None:
        return error_card(fmt, o.error, row)
    if o.kind == "uncertain":
        return Card(
            _(
                "Live did not answer in time, so it is not yet known whether the recording was "
                "created."
            ),
            (
                _(
                    "recordbot is checking with Live (it can take Live a minute or more) and will "
                    "post the outcome in the channel: the recording's thread says *scheduled* or "
                    "*not created*. Nothing is sent twice; no need to press Confirm again."
                ),
                stream_line(fmt, row),
            ),
            (),
            sim,
        )
    if o.kind == "stopped":
        lines = (fmt.esc(o.note),) if o.note else ()
        title = _("Stopped: {stream} ({ref}, TaskId {task})").format(
            stream=row.full_stream, ref=row.short, task=row.task_id
        )
        return Card(title, lines, (), sim)
    if o.kind == "deleted":
        title = _("Deleted task {task} ({stream})").format(task=row.task_id, stream=row.full_stream)
        return Card(title, (), (), sim)
    if o.kind == "cancelled" and not o.note:
        return Card(
            _("Cancelled: nothing was scheduled for {stream}.").format(stream=row.full_stream)
        )
    return Card(
        o.note
        or _("Nothing to do: this request is {status}.").format(status=phase_text(row.status)),
        ((f"*TaskId:* `{row.task_id}`",) if row.task_id else ()),
    )


def window_lines(fmt: Fmt, row: TaskRow) -> tuple[str, ...]:
    return (
        _("*Start:* {time}").format(time=fmt.time(row.start, row.tz)),
        _("*End:* {time}").format(time=fmt.time(row.end, row.tz)),
        _("*Duration:* {length}").format(length=duration_text(row.end - row.start)),
    )


def error_card(fmt: Fmt, error: LiveError, row: TaskRow | None = None) -> Card:
    from bot.live.help import explain

    meaning, todo = explain(error.code)
    lines = [
        _("*What happened:* {meaning}").format(meaning=meaning),
        _("*What to do:* {todo}").format(todo=todo),
        _("*Code:* `{code}`").format(code=fmt.esc(error.code)),
    ]
    if error.message:
        lines.append(_("*Live said:* {message}").format(message=fmt.esc(error.message[:500])))
    if error.request_id:
        lines.append(f"*RequestId:* `{error.request_id}`")
    title = (
        _("Could not schedule {stream}").format(stream=row.full_stream)
        if row
        else _("The Live API refused the request")
    )
    return Card(title, tuple(lines))


def message_card(title: str, *lines: str) -> Card:
    return Card(title, tuple(lines))


# /record help (`_(HELP)` in the current language; the Chinese has Chinese examples).
HELP = N_(
    """*recordbot* schedules Tencent Cloud Live recordings. Nothing is scheduled until you press Confirm.
`/record STREAM WHEN`: STREAM is `name`, `app/name` or `domain/app/name`; WHEN in plain words, e.g.
• `/record livetest from 8pm for 3h`
• `/record livetest tomorrow 9am to 11:30`
• `/record livetest now for 90 minutes`
• `/record livetest 20:00-23:00`
• `/record livetest next friday at noon for 2 hours`
• `/record livetest until 6pm`
• `/record livetest 今晚8点录3小时` · `/record livetest 明天上午9点到11点半`
Times are read in your Slack time zone unless you add one (`8pm UTC`, `9am Beijing time`).
Live takes a task of at most 24 h that starts within 6 days and ends within 7. A longer window, up to 72 h (`tomorrow 9am for 30h`), is offered as consecutive tasks of at most 24 h each, confirmed with one button; they stop and delete together unless you pick "Only this part". A window further ahead (up to 366 days) is booked: recordbot creates it on Live by itself when Live will take it, and says so on the card. Repeating schedules (`every weekday 7pm for 1h`, `every mon and thu 9am to 11am until dec 22`, `每个工作日晚上7点录1小时`) become a series: its card shows the next five recordings, Confirm creates those Live takes now and recordbot books the rest a week ahead, each exactly once; one thread in the channel follows the series.
A window already under way (`8pm to 11pm` typed at 9pm) has two readings: now until 11pm, or tomorrow. The card offers both.
Commands (the Chinese words work too):
• `/record list [STREAM]` (列表): active and upcoming recordings (soonest first), then recent ones, with Stop buttons; `/record list [STREAM] from 21` goes on from the 21st upcoming
• `/record show REF` (查看): one task, its history and its files
• `/record stop REF` (停止): stop a recording now; its number or whole TaskId stops it at once
• `/record delete REF` (删除): delete a task from Live; one that is recording is stopped first
• `/record skip SERIES [DATE]` (跳过): leave out one recording of a series (the next, or that day's)
• `/record pause SERIES` (暂停), `/record resume SERIES` (恢复): hold a series and restart it
• `/record stop SERIES`: end a series (its bookings cancelled, tasks not begun deleted from Live; one recording now keeps going)
• `/record stop all STREAM`: stop every recording of a stream under way or coming up (asks first)
• `/record extend REF by 30m` (延长): one under way gets a back-to-back follow-up task; one not begun is replaced by a longer one
• `/record shorten REF to 9pm` (缩短): one under way stops then; one not begun is replaced by a shorter one
• `/record export [today|week|DATE [DATE]]` (导出): the log as a CSV file, sent to you
• `/record notify off|on` (通知): personal notices in the app's Messages tab
• `/record alias NAME = [domain/][app/]stream [template N]` (别名): a short name for a stream; `alias list`, `alias remove NAME`
• `/record help` (帮助): this text
REF is a task's number (`#12`, shown in `/record list`), its TaskId, or a stream name that has exactly one recording coming up; SERIES is a series' number (`#12`) or its ID."""
)
