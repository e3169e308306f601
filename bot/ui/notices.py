"""What a recording's thread says: the parent (its status, files, Stop button) and one reply
per event, one mention at most. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.i18n import N_, _
from bot.tasks import Notice, TaskRow
from bot.ui.cards import Button, Card, Fmt, duration_text, simulated_lines, stream_md, window_lines
from bot.ui.lists import file_line
from bot.ui.stops import stop_button

THREAD_STATUS = {
    "booked": N_(":hourglass: Booked"),
    "scheduled": N_(":calendar: Scheduled"),
    "recording": N_(":red_circle: Recording"),
    "done": N_(":white_check_mark: Done"),
    "stopped": N_(":black_square_for_stop: Stopped early"),
    "failed": N_(":x: Failed"),
    "deleted": N_(":wastebasket: Deleted"),
}


def thread_status(status: str) -> str:
    return _(THREAD_STATUS[status]) if status in THREAD_STATUS else status


def thread_parent_card(
    fmt: Fmt,
    row: TaskRow,
    status: str,
    files: Sequence[dict[str, Any]] = (),
    simulated: bool = False,
) -> Card:
    """The channel message heading a recording's thread, kept current as the recording goes:
    its status line, window, files, and a Stop button while it can still record."""
    state = thread_status(status)
    if status == "failed" and row.record_error:
        state = _("{state}: {reason}").format(state=state, reason=fmt.esc(row.record_error))
    if status == "stopped" and row.stopped_by:  # named, not mentioned: the parent pings once
        known = row.user_name if row.stopped_by == row.user else None
        state = _("{state} by {who}").format(state=state, who=fmt.name(row.stopped_by, known))
    lines = [
        _("*Status:* {state}").format(state=state),
        *window_lines(fmt, row),
        f"*TaskId:* `{fmt.esc(row.task_id or '-')}`",
        _("*Requested by:* {who}").format(who=fmt.user(row.user, row.user_name))
        if row.user
        else _("*Requested by:* made outside recordbot"),
    ]
    lines += [_("*File:* {file}").format(file=file_line(fmt, f)) for f in files[:20]]
    buttons: tuple[Button, ...] = ()
    if status in ("scheduled", "recording"):
        buttons = (stop_button(fmt, row),)
    context = (
        _("Starts, ends, stops and recorded files are posted in this thread."),
        *simulated_lines(simulated),
    )
    title = _("Recording of {stream} ({ref})").format(
        stream=fmt.esc(row.full_stream), ref=row.short
    )
    return Card(title, tuple(lines), buttons, context)


NOTICE = {
    # fmt: off
    "created": N_(
        ":calendar: {who} scheduled a recording of {stream} from {start} to {end} ({length}). TaskId `{task_id}`"
    ),
    "started": N_(":red_circle: Recording of {stream} started (TaskId `{task_id}`), until {end}."),
    "ended": N_(":white_check_mark: Recording of {stream} ended (TaskId `{task_id}`)."),
    "stopped": N_(
        ":black_square_for_stop: {who} stopped the recording of {stream} (TaskId `{task_id}`)."
    ),
    "deleted": N_(":wastebasket: {who} deleted recording task `{task_id}` ({stream})."),
    "failed": N_(":x: Recording of {stream} failed (TaskId `{task_id}`)."),
    "file_ready": N_(":film_frames: A recorded file of {stream} is ready (TaskId `{task_id}`)."),
    "push_started": N_(":satellite: The stream {stream} started pushing (TaskId `{task_id}`)."),
    "push_stopped": N_(":zzz: The stream {stream} stopped pushing (TaskId `{task_id}`)."),
    "record_error": N_(
        ":warning: Live reported a recording problem on {stream} (TaskId `{task_id}`)."
    ),
    "booking_failed": N_(
        ":x: recordbot could not create {who}'s booked recording of {stream} from {start} to {end} on Live."
    ),
    "not_created": N_(
        ":x: {who}'s recording of {stream} from {start} to {end} was not created: Live never answered, and has no such task."
    ),
    "record_paused": N_(
        ":double_vertical_bar: Live paused the recording of {stream} (TaskId `{task_id}`)."
    ),
    "record_resumed": N_(
        ":arrow_forward: Live resumed the recording of {stream} (TaskId `{task_id}`)."
    ),
    # fmt: on
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
        text += " " + _("Requested by {who}.").format(who=fmt.user(row.user, row.user_name))
    if notice.late:
        text += " " + _("(posted late: recordbot was not running when this fell due)")
    return (_("[SIMULATED] ") if simulated else "") + text


def thread_parent_text(fmt: Fmt, row: TaskRow, status: str, simulated: bool = False) -> str:
    """The parent's plain text (what notifications show): its status, and the requester
    mentioned once, the one mention of the whole thread unless someone else stops it."""
    label = thread_status(status)
    if row.user:
        base = _notice(fmt, row, "created", fmt.user(row.user, row.user_name))
    else:
        base = _("Recording of {stream} (TaskId `{task_id}`), made outside recordbot.").format(
            stream=stream_md(fmt, row), task_id=fmt.esc(row.task_id or "-")
        )
    return _("{status}. ").format(status=label) + (_("[SIMULATED] ") if simulated else "") + base


def _notice(fmt: Fmt, row: TaskRow, kind: str, who: str) -> str:
    return _(NOTICE[kind]).format(
        who=who,
        stream=stream_md(fmt, row),
        start=fmt.time(row.start, row.tz),
        end=fmt.time(row.end, row.tz),
        length=duration_text(row.end - row.start),
        task_id=fmt.esc(row.task_id or "-"),
    )
