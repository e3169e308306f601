"""What each reply says, as plain card models shared by the Slack and shell front ends (pure).

A `Card` is text lines plus buttons. How a time or a user is written differs per front end
(Slack's `<!date^…>` vs plain text), so builders take a `Fmt`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.errors import LiveError
from bot.outcomes import Outcome, Proposal
from bot.tasks import Notice, Status, TaskRow, phase, visible


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


EDIT_VIEW = "record_edit_view"  # the Edit modal's callback_id


@dataclass(frozen=True)
class Confirm:
    """A 'are you sure?' dialog shown before a dangerous button fires. Its texts are plain:
    Slack's dialog takes plain text only (no formatting, no `<!date…>` times)."""

    title: str
    text: str
    yes: str
    no: str = "Keep it"


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
    """`Sat 28 Nov 20:00 (Asia/Shanghai, UTC+08:00)`: the fallback that always names the zone."""
    zone = ZoneInfo(tz)
    local = datetime.fromtimestamp(ts, zone)
    offset = local.strftime("%z")
    return f"{local:%a %d %b %Y %H:%M} ({tz}, UTC{offset[:3]}:{offset[3:]})"


def plain_window(start: int, end: int, tz: str) -> str:
    """`Fri 27 Nov 2026 20:00 to 23:00 (Asia/Shanghai, UTC+08:00)`: a window in plain text
    (for Slack's dialogs), its zone named once when both ends share it."""
    zone = ZoneInfo(tz)
    first, last = datetime.fromtimestamp(start, zone), datetime.fromtimestamp(end, zone)
    if first.utcoffset() != last.utcoffset():
        return f"{plain_time(start, tz)} to {plain_time(end, tz)}"
    offset = first.strftime("%z")
    until = f"{last:%H:%M}" if first.date() == last.date() else f"{last:%a %d %b %Y %H:%M}"
    return f"{first:%a %d %b %Y %H:%M} to {until} ({tz}, UTC{offset[:3]}:{offset[3:]})"


def duration_text(seconds: int) -> str:
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes = rest // 60
    if hours and minutes:
        return f"{hours}h {minutes}m"
    if hours:
        return f"{hours}h"
    return f"{minutes}m"


BOOKING_WHY = "Live takes a task only 6 days ahead"


def booked_text(fmt: Fmt, row: TaskRow, tz: str) -> str:
    """`booked: created by recordbot on …` (in `tz`), for a booking's lists and cards."""
    return f"booked: created by recordbot on {fmt.time(int(row.create_at or 0), tz)}"


def _state(fmt: Fmt, row: TaskRow, now: float, tz: str) -> str:
    return booked_text(fmt, row, tz) if row.status == Status.BOOKED else phase(row, now)


def _stream(fmt: Fmt, row: TaskRow) -> str:
    return f"`{fmt.esc(row.full_stream)}`"


def _window(fmt: Fmt, row: TaskRow) -> tuple[str, ...]:
    if not row.starts_now:
        return (
            f"*Start:* {fmt.time(row.start, row.tz)}",
            f"*End:* {fmt.time(row.end, row.tz)}",
            f"*Duration:* {duration_text(row.end - row.start)}",
        )
    if row.fixed_end:
        return (
            "*Start:* when you confirm",
            f"*End:* {fmt.time(row.end, row.tz)}",
            f"*Duration:* about {duration_text(row.end - row.start)}",
        )
    return (
        "*Start:* when you confirm",
        f"*Duration:* {duration_text(row.end - row.start)}, counted from Confirm (ending about {fmt.time(row.end, row.tz)} if confirmed now)",
    )


def _sim(simulated: bool) -> tuple[str, ...]:
    return (
        ("SIMULATED: this bot talks to the built-in Live API simulator; nothing is recorded.",)
        if simulated
        else ()
    )


def split_card(fmt: Fmt, p: Proposal) -> Card:
    """A window over 24 h, offered as consecutive tasks confirmed (and stopped) together."""
    main = p.main
    lines = [f"*Stream:* {_stream(fmt, main)}"]
    for n, part in enumerate(p.rows, 1):
        start = "when you confirm" if part.starts_now else fmt.time(part.start, part.tz)
        when = (
            f"booked, created by recordbot on {fmt.time(int(part.create_at), part.tz)}"
            if part.create_at is not None
            else "created at Confirm"
        )
        lines.append(
            f"*Part {n}:* {start} to {fmt.time(part.end, part.tz)} ({duration_text(part.end - part.start)}): {when}"
        )
    if any(part.create_at is not None for part in p.rows):
        lines.append(
            f":calendar: {BOOKING_WHY}, so a part further ahead is booked at Confirm and recordbot creates it on Live by itself at the time shown (in {p.requester.tz}), then tells its thread."
        )
    lines.append(
        f"*Template:* {main.template_id if main.template_id is not None else 'default (HLS)'}"
    )
    context = [
        f"Times read in {p.requester.tz}.",
        *(fmt.esc(n) for n in p.resolution.notes),
        *_sim(p.simulated),
    ]
    buttons = (
        Button(f"Confirm all {len(p.rows)}", Action.CONFIRM_ALL, main.id, "primary"),
        Button("Cancel", Action.CANCEL, main.id, "danger"),
    )
    return Card(
        f"Record {main.full_stream} as {len(p.rows)} consecutive tasks? Nothing is scheduled until you press Confirm.",
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
        window = f"{fmt.time(row.start, row.tz)} to {fmt.time(row.end, row.tz)}"
        if o.kind in ("created", "already") and row.task_id:
            lines.append(f"*Part {n}:* {window}: TaskId `{row.task_id}`")
        elif row.status == Status.BOOKED:
            lines.append(f"*Part {n}:* {window}: {booked_text(fmt, row, row.tz)}")
        else:
            why = (
                f"{o.error.code}: {fmt.esc(o.error.message[:200])}"
                if o.error
                else (o.note or row.status)
            )
            lines.append(f"*Part {n}:* {window}: not scheduled ({why})")
    done = sum(
        1
        for o in outcomes
        if (o.kind in ("created", "already") and o.row.task_id) or o.row.status == Status.BOOKED
    )
    if done == len(outcomes):
        title = f"Scheduled: {outcomes[0].row.full_stream} as {done} consecutive tasks"
        return Card(title, tuple(lines), (), _sim(outcomes[0].simulated))
    title = f"Only {done} of {len(outcomes)} parts of {outcomes[0].row.full_stream} were scheduled"
    retry = (Button("Confirm the rest", Action.CONFIRM_ALL, outcomes[0].row.id, "primary"),)
    return Card(
        title,
        (
            *lines,
            "Press *Confirm the rest* to try the missing parts again (scheduled parts are not sent twice).",
        ),
        retry,
        _sim(outcomes[0].simulated),
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
    lines = [f"*Stream:* {_stream(fmt, main)}", *_window(fmt, main)]
    lines.append(
        f"*Template:* {main.template_id if main.template_id is not None else 'default (HLS)'}"
    )
    if main.create_at is not None:
        lines.append(
            f":calendar: {BOOKING_WHY}, so Confirm books this one: recordbot creates it on Live by itself on {fmt.time(int(main.create_at), main.tz)} and tells its thread."
        )
    duplicate = p.same_as
    ask_twice = (
        Confirm(
            "Record this twice?",
            f"TaskId {duplicate.task_id or '(being created)'} already records this stream for this window.",
            "Record it twice",
            "Don't",
        )
        if duplicate
        else None
    )
    buttons = [Button("Confirm", Action.CONFIRM, main.id, "primary", ask_twice)]
    if len(p.rows) > 1:
        alt = p.rows[1]
        first = "from now" if main.starts_now else fmt.time(main.start, main.tz)
        lines.insert(0, "This window is already under way, so it has two readings:")
        lines.append(f"*Option 1 (Confirm):* {first} to {fmt.time(main.end, main.tz)}")
        booked = (
            f" ({BOOKING_WHY}: booked, created by recordbot on {fmt.time(int(alt.create_at), alt.tz)})"
            if alt.create_at is not None
            else ""
        )
        lines.append(
            f"*Option 2 (Confirm option 2):* {fmt.time(alt.start, alt.tz)} to {fmt.time(alt.end, alt.tz)}{booked}"
        )
        buttons.append(Button("Confirm option 2", Action.CONFIRM_ALT, alt.id))
    if duplicate is not None:
        by = (
            fmt.user(duplicate.user, duplicate.user_name) if duplicate.user else "outside recordbot"
        )
        lines.append(
            f":repeat: This is the same as TaskId `{fmt.esc(duplicate.task_id or '-')}`, scheduled by {by}. Confirm only if you want a second copy."
        )
    others = [t for t in p.overlaps if t is not duplicate]
    if others:
        spans = ", ".join(
            f"`{fmt.esc(t.task_id or 'being created')}` ({fmt.time(t.start, main.tz)} to {fmt.time(t.end, main.tz)})"
            for t in others
        )
        lines.append(f":warning: Overlaps other recordings of this stream: {spans}.")
    if p.full:
        lines.append(
            ":no_entry: Live records at most three tasks of one stream at the same moment, and three already run during this window, so it would refuse this one. Stop or delete one of them (`/record list`), or Edit the time."
        )
        buttons = []  # nothing to confirm: Live would refuse it
    buttons += [
        Button("Edit", Action.EDIT, main.id),
        Button("Cancel", Action.CANCEL, main.id, "danger"),
    ]
    typed_zone = p.resolution.zone
    if typed_zone and not _same_zone(typed_zone, p.requester.tz):
        context = [
            f"Times read in {fmt.esc(typed_zone)}, as typed (your zone is {p.requester.tz})."
        ]
    else:
        context = [f"Times read in {p.requester.tz}."]
    if p.requester.tz_note:
        context.append(p.requester.tz_note)
    context += [fmt.esc(n) for n in p.resolution.notes]
    context += _sim(p.simulated)
    return Card(
        f"Record {main.full_stream}? Nothing is scheduled until you press Confirm.",
        tuple(lines),
        tuple(buttons),
        tuple(context),
    )


def outcome_card(fmt: Fmt, o: Outcome) -> Card:
    row = o.row
    if o.kind == "created":
        lines = (
            f"*TaskId:* `{row.task_id}`",
            f"*Stream:* {_stream(fmt, row)}",
            *_window_done(fmt, row),
            *((f"*RequestId:* `{row.request_id}`",) if row.request_id else ()),
            *((f":warning: {fmt.esc(o.note)}",) if o.note else ()),
        )
        ref = f" {row.short}" if row.ref is not None else ""
        return Card(f"Scheduled{ref}: {row.full_stream}", lines, (), _sim(o.simulated))
    if o.kind == "booked":
        ref = f" {row.short}" if row.ref is not None else ""
        lines = (
            f"*Stream:* {_stream(fmt, row)}",
            *_window_done(fmt, row),
            f"*Created on Live:* by recordbot on {fmt.time(int(row.create_at or 0), row.tz)} ({BOOKING_WHY}); its thread is told then, and you in person if it cannot be created.",
        )
        return Card(f"Booked{ref}: {row.full_stream}", lines, (), _sim(o.simulated))
    if o.kind in ("stopped", "deleted") and row.task_id is None:
        return Card(
            f"Cancelled booking: {row.full_stream} ({row.short})",
            (fmt.esc(o.note),) if o.note else (),
            (),
            _sim(o.simulated),
        )
    if o.kind == "failed" and o.error is not None:
        return error_card(fmt, o.error, row)
    if o.kind == "uncertain":
        return Card(
            "Live did not answer in time, so it is not yet known whether the recording was created.",
            ("recordbot is checking with Live (it can take Live a minute or more) and will post the outcome in the channel: the recording's thread says *scheduled* or *not created*. Nothing is sent twice; no need to press Confirm again.", f"*Stream:* {_stream(fmt, row)}"),
            (), _sim(o.simulated),
        )  # fmt: skip
    if o.kind == "stopped":
        lines = (fmt.esc(o.note),) if o.note else ()
        return Card(
            f"Stopped: {row.full_stream} ({row.short}, TaskId {row.task_id})",
            lines,
            (),
            _sim(o.simulated),
        )
    if o.kind == "deleted":
        return Card(f"Deleted task {row.task_id} ({row.full_stream})", (), (), _sim(o.simulated))
    if o.kind == "cancelled" and not o.note:
        return Card(f"Cancelled: nothing was scheduled for {row.full_stream}.")
    return Card(
        o.note or f"Nothing to do: this request is {row.status}.",
        ((f"*TaskId:* `{row.task_id}`",) if row.task_id else ()),
    )


def _window_done(fmt: Fmt, row: TaskRow) -> tuple[str, ...]:
    return (
        f"*Start:* {fmt.time(row.start, row.tz)}",
        f"*End:* {fmt.time(row.end, row.tz)}",
        f"*Duration:* {duration_text(row.end - row.start)}",
    )


def error_card(fmt: Fmt, error: LiveError, row: TaskRow | None = None) -> Card:
    from bot.live.help import explain

    meaning, todo = explain(error.code)
    lines = [
        f"*What happened:* {meaning}",
        f"*What to do:* {todo}",
        f"*Code:* `{fmt.esc(error.code)}`",
    ]
    if error.message:
        lines.append(f"*Live said:* {fmt.esc(error.message[:500])}")
    if error.request_id:
        lines.append(f"*RequestId:* `{error.request_id}`")
    title = f"Could not schedule {row.full_stream}" if row else "The Live API refused the request"
    return Card(title, tuple(lines))


def message_card(title: str, *lines: str) -> Card:
    return Card(title, tuple(lines))


def stop_button(
    fmt: Fmt, row: TaskRow, label: str = "Stop recording", tz: str | None = None
) -> Button:
    """The Stop button of a list, a thread parent, Home or `show`: Slack's dialog names the
    window (in `tz`, else the requester's zone), and says when the parts of a split recording
    stop together."""
    text = f"{plain_window(row.start, row.end, tz or row.tz)}: this stops the recording of {row.full_stream} now."
    if row.grp:
        text += " Every later part of this split recording stops with it (/record stop offers this part alone)."
    return Button(
        label,
        Action.STOP,
        row.task_id or row.id,
        "danger",
        Confirm("Stop recording?", text, "Stop recording"),
    )


def stop_all_card(fmt: Fmt, stream: str, rows: Sequence[TaskRow], viewer_tz: str) -> Card:
    """`stop all STREAM`: what will stop, listed, and one button (Slack asks once more)."""
    lines = [
        f"• `{row.short}` {_stream(fmt, row)} {fmt.time(row.start, viewer_tz)} to {fmt.time(row.end, viewer_tz)}"
        for row in rows
    ]
    n = len(rows)
    return Card(
        f"Stop all {n} recording{'s' * (n != 1)} of {fmt.esc(stream)}?",
        ("These stop now (one not begun will not record):", *lines),
        (
            Button(
                f"Stop all {n}",
                Action.STOP_ALL,
                ",".join(row.id for row in rows),
                "danger",
                Confirm(
                    f"Stop all {n}?",
                    f"Every recording of {stream} listed ({', '.join(r.short for r in rows)[:200]}) stops now.",
                    "Stop all",
                ),
            ),
        ),
    )


def shorten_ask_card(fmt: Fmt, row: TaskRow, at: float) -> Card:
    """`shorten REF to 9pm` while it records: the scheduler will stop it then, once confirmed."""
    when = plain_time(int(at), row.tz)
    return Card(
        f"Stop {row.full_stream} ({row.short}) at {when}?",
        (
            f"It is recording now, until {fmt.time(row.end, row.tz)}; recordbot will stop it at {fmt.time(int(at), row.tz)}.",
        ),
        (
            Button(
                f"Stop at {datetime.fromtimestamp(int(at), ZoneInfo(row.tz)):%H:%M}",
                Action.SHORTEN,
                f"{row.id}@{int(at)}",
                "primary",
                Confirm("Stop it earlier?", f"{row.full_stream} stops at {when}.", "Stop then"),
            ),
        ),
    )


def stop_ask_card(
    fmt: Fmt,
    row: TaskRow,
    action: str = Action.STOP,
    targets: Sequence[TaskRow] = (),
    now: float = 0.0,
) -> Card:
    """One card, one button that acts (Slack asks once more in its confirm dialog). `targets`
    are the tasks that button acts on: when a split recording's parts go together, the card
    says so up front and offers "only this part" as well."""
    stop = action == Action.STOP
    verb = "Stop" if stop else "Delete"
    targets = tuple(targets) or (row,)
    window = plain_window(row.start, row.end, row.tz)  # for the dialogs: plain text
    if stop:
        what = "stops the recording now"
    elif any(t.status == Status.CREATED and t.start <= now < t.end for t in targets):
        what = (
            "stops the recording now, then deletes the task from Live (deleting alone would "
            "leave Live recording); a file already recorded stays in VOD"
        )
    else:
        what = "deletes the task from Live (a file already recorded stays in VOD)"
    lines = [f"This {what}.", *_window_done(fmt, row)]
    value = row.task_id or row.id
    if len(targets) > 1:
        lines.append(
            f"This recording was split into {len(targets)} consecutive tasks, which go together: "
            + ", ".join(f"`{fmt.esc(t.task_id or '-')}`" for t in targets)
        )
        buttons = (
            Button(
                f"{verb} all {len(targets)} parts",
                action,
                value,
                "danger",
                Confirm(f"{verb} all {len(targets)} parts?", f"This {what}, for every part.", verb),
            ),
            Button(
                "Only this part",
                Action.STOP_ONE if stop else Action.DELETE_ONE,
                value,
                None,
                Confirm(f"{verb} only this part?", f"{window}: this {what}.", verb),
            ),
        )
    else:
        buttons = (
            Button(
                f"{verb} recording" if stop else "Delete task",
                action,
                value,
                "danger",
                Confirm(f"{verb} this recording?", f"{window}: this {what}.", verb),
            ),
        )
    return Card(
        f"{verb} {row.full_stream} ({row.short}, TaskId {row.task_id})?", tuple(lines), buttons
    )


# Slack takes about 12,000 characters of text in one message's blocks, buttons' dialogs
# included (bot/slack/blocks.py cuts whatever is over). The list and show cards keep their lines
# and buttons under this on their own, leaving room for their title and headings, so that what
# matters is never what gets cut.
CARD_TEXT = 10_000
MAX_LIST_BUTTONS = 25
MAX_FILES_SHOWN = 10
MAX_DETAIL = 300  # characters of one event's or error's detail on `show`


def _button_size(b: Button | None) -> int:
    if b is None:
        return 0
    dialog = b.confirm
    extra = len(dialog.title) + len(dialog.text) + len(dialog.yes) + len(dialog.no) if dialog else 0
    return len(b.label) + extra


def _size(lines: Sequence[str], buttons: Sequence[Button] = ()) -> int:
    return sum(len(x) + 1 for x in lines) + sum(_button_size(b) for b in buttons)


def list_card(
    fmt: Fmt,
    rows: Sequence[TaskRow],
    now: float,
    stream: str | None,
    viewer_tz: str,
    *,
    upcoming_total: int | None = None,
    offset: int = 0,
) -> Card:
    """`/record list`: what records now, what is upcoming (soonest first) and the latest of the
    rest, a Stop button for each that can still record. `rows` hold one page of the upcoming
    ones, from the `offset`-th of `upcoming_total` (all of them when it is None); the card says
    how many more there are and the command that shows them. Rows that would not fit in one
    Slack message are left for that command too."""
    here = f" {fmt.esc(stream)}" if stream else ""  # the command that lists these again
    if not rows:
        if offset and upcoming_total is not None:
            return Card(
                f"No more upcoming recordings{' for' + here if stream else ''}: there are {upcoming_total}.",
                (f"`/record list{here}` shows them from the first.",),
            )
        where = f" for `{fmt.esc(stream)}`" if stream else ""
        return Card(
            f"No recordings in the log{where} yet. Schedule one with `/record STREAM WHEN`."
        )
    groups = visible(rows, now)
    total = offset + len(groups["upcoming"]) if upcoming_total is None else upcoming_total
    lines: list[str] = []
    buttons: list[Button] = []
    shown: dict[str, int] = {}
    more_at = 0  # where the line about more upcoming tasks goes: after the upcoming ones
    full = False
    for label, group in groups.items():
        heading_at = len(lines)
        lines.append(f"*{label.capitalize()}*")
        shown[label] = 0
        for row in group if not full else ():
            ext = " (made outside recordbot)" if row.source == "external" else ""
            line = f"• `{row.short}` {_stream(fmt, row)} {fmt.time(row.start, viewer_tz)} to {fmt.time(row.end, viewer_tz)}: {_state(fmt, row, now, viewer_tz)}{ext}"
            stop = None
            if (
                row.status in (Status.CREATED, Status.BOOKED)
                and row.end > now
                and len(buttons) < MAX_LIST_BUTTONS
            ):
                # Slack cuts button text at about 30 characters: what tells two buttons apart
                # (the start, in the viewer's zone) comes first, in plain text.
                start = datetime.fromtimestamp(row.start, ZoneInfo(viewer_tz))
                name = f"Stop {start:%a %H:%M} · {row.stream[:50]}"
                stop = stop_button(fmt, row, name, tz=viewer_tz)
            if _size([*lines, line], [*buttons, *([stop] if stop else [])]) > CARD_TEXT:
                full = True  # the rest waits for `/record list … from N`
                break
            lines.append(line)
            buttons += [stop] if stop else []
            shown[label] += 1
        if not shown[label]:
            lines.pop()  # no heading over nothing
        if label == "upcoming":
            more_at = len(lines)
            last = offset + shown[label]
            if shown[label] and (offset or last < total):
                lines[heading_at] = f"*Upcoming* ({offset + 1} to {last} of {total}, soonest first)"
            elif shown[label]:
                lines[heading_at] = "*Upcoming* (soonest first)"
    last = offset + shown["upcoming"]
    if last < total:
        lines.insert(
            more_at,
            f"…and {total - last} more upcoming: `/record list{here} from {last + 1}` shows the next ones.",
        )
    if shown["recent"] < len(groups["recent"]):
        lines.append("…older ones are not shown.")
    title = f"Recordings{' for ' + stream if stream else ''}"
    return Card(title, tuple(lines), tuple(buttons))


def _fit_history(entries: list[str], room: int) -> list[str]:
    """The history's entries within `room` characters: the first (how the task began) and as
    many of the latest as fit, with a line saying how many in between are left out."""
    if _size(entries) <= room:
        return entries
    head, latest = entries[:1], []
    room -= _size(head) + 60  # the line that says what is left out
    for entry in reversed(entries[1:]):
        if _size([entry, *latest]) > room:
            break
        latest.insert(0, entry)
    left_out = len(entries) - 1 - len(latest)
    between = f"{left_out} events" if left_out > 1 else "1 event"
    return [*head, f"• … {between} in between not shown", *latest]


def show_card(
    fmt: Fmt,
    row: TaskRow,
    events: Sequence[dict[str, Any]],
    now: float,
    viewer_tz: str,
    files: Sequence[dict[str, Any]] = (),
) -> Card:
    """`/record show`: a task, its files and its history, within one Slack message however
    long the history: the first event and the latest ones are kept, and its Stop button
    always is."""
    lines = [
        f"*Stream:* {_stream(fmt, row)}",
        f"*Window:* {fmt.time(row.start, viewer_tz)} to {fmt.time(row.end, viewer_tz)} ({duration_text(row.end - row.start)})",
        f"*Status:* {_state(fmt, row, now, viewer_tz)}",
        f"*Requested by:* {fmt.user(row.user, row.user_name)}"
        if row.user
        else "*Requested by:* outside recordbot",
    ]
    if row.error_code:
        message = fmt.esc((row.error_message or "")[:MAX_DETAIL])
        lines.append(f"*Error:* `{fmt.esc(row.error_code)}` {message}")
    if row.record_state == "failed":
        reason = fmt.esc((row.record_error or "record_start_failed")[:MAX_DETAIL])
        lines.append(f"*Live said:* recording failed: {reason}")
    lines += [f"*File:* {file_line(fmt, f)}" for f in files[:MAX_FILES_SHOWN]]
    if len(files) > MAX_FILES_SHOWN:
        lines.append(f"*Files:* {len(files) - MAX_FILES_SHOWN} more not shown")
    buttons: tuple[Button, ...] = ()
    if row.status in (Status.CREATED, Status.BOOKED) and row.end > now:
        buttons = (stop_button(fmt, row, "Stop", tz=viewer_tz),)
    history = []
    for ev in events:
        who = f" by {fmt.user(ev['user'])}" if ev.get("user") else ""
        detail = f": {fmt.esc(str(ev['detail'])[:MAX_DETAIL])}" if ev.get("detail") else ""
        history.append(f"• {fmt.time(int(ev['at']), viewer_tz)} {ev['kind']}{who}{detail}")
    lines.append("*History:*")
    lines += _fit_history(history, CARD_TEXT - _size(lines, buttons))
    return Card(f"Task {row.short} (TaskId {row.task_id or '-'})", tuple(lines), buttons)


def _file_bits(f: Mapping[str, Any]) -> str:
    bits = [str(f.get("file_format") or "file")]
    seconds = int(float(f.get("duration") or 0))
    if seconds:
        bits.append(duration_text(seconds) if seconds >= 60 else f"{seconds}s")
    size = int(f.get("file_size") or 0)
    if size:
        bits.append(f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.1f} MB")
    return ", ".join(bits)


def file_summary(f: Mapping[str, Any]) -> str:
    """`mp4, 1h 2m, 120.5 MB, file_id 5285890781763144364` for a recorded file, as plain text
    for its task's history: no URL (a URL is shown by `file_line` alone)."""
    file_id = f.get("file_id")
    return _file_bits(f) + (f", file_id {file_id}" if file_id else "")


def _code(fmt: Fmt, text: str) -> str:
    """Text from outside as inline code: escaped, on one line, and without a backtick that
    would end the code early (Slack has no escape for one)."""
    clean = "".join(c if c.isprintable() else " " for c in text).replace("`", "'")
    return f"`{fmt.esc(clean)}`"


def file_line(fmt: Fmt, f: Mapping[str, Any]) -> str:
    """A recorded file as people see it, in the thread's first message, its file notice and
    `show` (the one place a file is written out): what it is, its `file_id` (what VOD's console
    and APIs take) and its URL, a link only to Tencent's VOD/COS hosts or `fmt.file_hosts`;
    any other URL is plain text that does not link (callbacks can be forged: docs/callbacks.md)."""
    from bot.live.media import linkable

    text = fmt.esc(_file_bits(f))
    if f.get("file_id"):
        text += f", file_id {_code(fmt, str(f['file_id']))}"
    url = f.get("video_url")
    if not url:
        return text
    if linkable(url, fmt.file_hosts):
        return f"{text}: {fmt.link(str(url))}"
    return (
        f"{text}: {_code(fmt, str(url))} (not a link: its host is neither Tencent VOD/COS "
        "nor listed in RECORDBOT_FILE_HOSTS)"
    )


THREAD_STATUS = {
    "booked": ":hourglass: Booked",
    "scheduled": ":calendar: Scheduled",
    "recording": ":red_circle: Recording",
    "done": ":white_check_mark: Done",
    "stopped": ":black_square_for_stop: Stopped early",
    "failed": ":x: Failed",
    "deleted": ":wastebasket: Deleted",
}


def thread_parent_card(
    fmt: Fmt,
    row: TaskRow,
    status: str,
    files: Sequence[dict[str, Any]] = (),
    simulated: bool = False,
) -> Card:
    """The channel message heading a recording's thread, kept current as the recording goes:
    its status line, window, files, and a Stop button while it can still record."""
    state = THREAD_STATUS.get(status, status)
    if status == "failed" and row.record_error:
        state += f": {fmt.esc(row.record_error)}"
    if status == "stopped" and row.stopped_by:  # named, not mentioned: the parent pings once
        known = row.user_name if row.stopped_by == row.user else None
        state += f" by {fmt.name(row.stopped_by, known)}"
    lines = [
        f"*Status:* {state}",
        *_window_done(fmt, row),
        f"*TaskId:* `{fmt.esc(row.task_id or '-')}`",
        f"*Requested by:* {fmt.user(row.user, row.user_name)}"
        if row.user
        else "*Requested by:* made outside recordbot",
    ]
    lines += [f"*File:* {file_line(fmt, f)}" for f in files[:20]]
    buttons: tuple[Button, ...] = ()
    if status in ("scheduled", "recording"):
        buttons = (stop_button(fmt, row),)
    context = (
        "Starts, ends, stops and recorded files are posted in this thread.",
        *_sim(simulated),
    )
    return Card(
        f"Recording of {fmt.esc(row.full_stream)} ({row.short})", tuple(lines), buttons, context
    )


NOTICE = {
    "created": ":calendar: {who} scheduled a recording of {stream} from {start} to {end} ({length}). TaskId `{task_id}`",
    "started": ":red_circle: Recording of {stream} started (TaskId `{task_id}`), until {end}.",
    "ended": ":white_check_mark: Recording of {stream} ended (TaskId `{task_id}`).",
    "stopped": ":black_square_for_stop: {who} stopped the recording of {stream} (TaskId `{task_id}`).",
    "deleted": ":wastebasket: {who} deleted recording task `{task_id}` ({stream}).",
    "failed": ":x: Recording of {stream} failed (TaskId `{task_id}`).",
    "file_ready": ":film_frames: A recorded file of {stream} is ready (TaskId `{task_id}`).",
    "push_started": ":satellite: The stream {stream} started pushing (TaskId `{task_id}`).",
    "push_stopped": ":zzz: The stream {stream} stopped pushing (TaskId `{task_id}`).",
    "record_error": ":warning: Live reported a recording problem on {stream} (TaskId `{task_id}`).",
    "booking_failed": ":x: recordbot could not create {who}'s booked recording of {stream} from {start} to {end} on Live.",
    "not_created": ":x: {who}'s recording of {stream} from {start} to {end} was not created: Live never answered, and has no such task.",
    "record_paused": ":double_vertical_bar: Live paused the recording of {stream} (TaskId `{task_id}`).",
    "record_resumed": ":arrow_forward: Live resumed the recording of {stream} (TaskId `{task_id}`).",
}


def notice_text(fmt: Fmt, notice: Notice, simulated: bool = False) -> str:
    """A reply in a task's thread for one of its events; user text is escaped by `fmt`.

    One mention at most: whoever acted is named, not mentioned (they know what they did, and
    the thread's parent already mentions the requester); when someone else stopped or deleted
    a recording, its requester is mentioned once, so they learn of it."""
    row, by, detail = notice.row, notice.by, notice.detail
    actor = by or row.user
    text = _notice(
        fmt, row, notice.kind, fmt.name(actor, row.user_name if actor == row.user else None)
    )
    if notice.file is not None:
        text += f" {file_line(fmt, notice.file)}"
    elif detail:
        text += f" {fmt.esc(detail)}"
    if by and row.user and by != row.user:
        text += f" Requested by {fmt.user(row.user, row.user_name)}."
    if notice.late:
        text += " (posted late: recordbot was not running when this fell due)"
    return ("[SIMULATED] " if simulated else "") + text


def thread_parent_text(fmt: Fmt, row: TaskRow, status: str, simulated: bool = False) -> str:
    """The parent's plain text (what notifications show): its status, and the requester
    mentioned once, the one mention of the whole thread unless someone else stops it."""
    label = THREAD_STATUS.get(status, status)
    if row.user:
        base = _notice(fmt, row, "created", fmt.user(row.user, row.user_name))
    else:
        base = f"Recording of {_stream(fmt, row)} (TaskId `{fmt.esc(row.task_id or '-')}`), made outside recordbot."
    return f"{label}. " + ("[SIMULATED] " if simulated else "") + base


def _notice(fmt: Fmt, row: TaskRow, kind: str, who: str) -> str:
    return NOTICE[kind].format(
        who=who,
        stream=_stream(fmt, row),
        start=fmt.time(row.start, row.tz),
        end=fmt.time(row.end, row.tz),
        length=duration_text(row.end - row.start),
        task_id=fmt.esc(row.task_id or "-"),
    )


HELP = """*recordbot* schedules Tencent Cloud Live recordings. Nothing is scheduled until you press Confirm.
`/record STREAM WHEN`: STREAM is `name`, `app/name` or `domain/app/name`; WHEN in plain words, e.g.
• `/record livetest from 8pm for 3h`
• `/record livetest tomorrow 9am to 11:30`
• `/record livetest now for 90 minutes`
• `/record livetest 20:00-23:00`
• `/record livetest next friday at noon for 2 hours`
• `/record livetest until 6pm`
• `/record livetest 今晚8点录3小时` · `/record livetest 明天上午9点到11点半`
Times are read in your Slack time zone unless you add one (`8pm UTC`, `9am Beijing time`).
Live takes a task of at most 24 h that starts within 6 days and ends within 7. A longer window, up to 72 h (`tomorrow 9am for 30h`), is offered as consecutive tasks of at most 24 h each, confirmed with one button; they stop and delete together unless you pick "Only this part". A window further ahead (up to 366 days) is booked: recordbot creates it on Live by itself when Live will take it, and says so on the card. Repeating schedules (`every weekday 7pm for 1h`) are understood and shown back, but cannot be booked yet.
A window already under way (`8pm to 11pm` typed at 9pm) has two readings: now until 11pm, or tomorrow. The card offers both.
Commands (the Chinese words work too):
• `/record list [STREAM]` (列表): active and upcoming recordings (soonest first), then recent ones, with Stop buttons; `/record list [STREAM] from 21` goes on from the 21st upcoming
• `/record show REF` (查看): one task, its history and its files
• `/record stop REF` (停止): stop a recording now; its number or whole TaskId stops it at once
• `/record delete REF` (删除): delete a task from Live; one that is recording is stopped first
• `/record stop all STREAM`: stop every recording of a stream under way or coming up (asks first)
• `/record extend REF by 30m` (延长): one under way gets a back-to-back follow-up task; one not begun is replaced by a longer one
• `/record shorten REF to 9pm` (缩短): one under way stops then; one not begun is replaced by a shorter one
• `/record notify off|on` (通知): personal notices in the app's Messages tab
• `/record alias NAME = [domain/][app/]stream [template N]` (别名): a short name for a stream; `alias list`, `alias remove NAME`
• `/record help` (帮助): this text
REF is a task's number (`#12`, shown in `/record list`), its TaskId, or a stream name that has exactly one recording coming up."""
