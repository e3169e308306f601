"""What a recording's thread says: the parent (its status, files, Stop button) and one reply
per event, one mention at most. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.tasks import Notice, TaskRow
from bot.ui.cards import Button, Card, Fmt, duration_text, simulated_lines, stream_md, window_lines
from bot.ui.lists import file_line
from bot.ui.stops import stop_button

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
        *window_lines(fmt, row),
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
        *simulated_lines(simulated),
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
        base = f"Recording of {stream_md(fmt, row)} (TaskId `{fmt.esc(row.task_id or '-')}`), made outside recordbot."
    return f"{label}. " + ("[SIMULATED] " if simulated else "") + base


def _notice(fmt: Fmt, row: TaskRow, kind: str, who: str) -> str:
    return NOTICE[kind].format(
        who=who,
        stream=stream_md(fmt, row),
        start=fmt.time(row.start, row.tz),
        end=fmt.time(row.end, row.tz),
        length=duration_text(row.end - row.start),
        task_id=fmt.esc(row.task_id or "-"),
    )
