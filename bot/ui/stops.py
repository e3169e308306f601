"""The cards that ask before a recording ends: Stop buttons and their dialogs, stop or delete
(the parts of a split recording go together), stop all of a stream, shorten. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import _, ngettext
from bot.tasks import Status, TaskRow
from bot.ui.cards import (
    Action,
    Button,
    Card,
    Confirm,
    Fmt,
    plain_time,
    plain_window,
    stream_md,
    window_lines,
)


def stop_button(fmt: Fmt, row: TaskRow, label: str | None = None, tz: str | None = None) -> Button:
    """The Stop button of a list, a thread parent, Home or `show` (labelled "Stop recording"
    unless `label` is given): Slack's dialog names the window (in `tz`, else the requester's
    zone), and says when the parts of a split recording stop together."""
    window = plain_window(row.start, row.end, tz or row.tz)
    if row.grp:
        text = _(
            "{window}: this stops the recording of {stream} now. Every later part of this split "
            "recording stops with it (/record stop offers this part alone)."
        )
    else:
        text = _("{window}: this stops the recording of {stream} now.")
    return Button(
        label or _("Stop recording"),
        Action.STOP,
        row.task_id or row.id,
        "danger",
        Confirm(
            _("Stop recording?"),
            text.format(window=window, stream=row.full_stream),
            _("Stop recording"),
        ),
    )


def stop_all_card(fmt: Fmt, stream: str, rows: Sequence[TaskRow], viewer_tz: str) -> Card:
    """`stop all STREAM`: what will stop, listed, and one button (Slack asks once more)."""
    lines = [
        _("• `{ref}` {stream} {start} to {end}").format(
            ref=row.short,
            stream=stream_md(fmt, row),
            start=fmt.time(row.start, viewer_tz),
            end=fmt.time(row.end, viewer_tz),
        )
        for row in rows
    ]
    n = len(rows)
    refs = _(", ").join(r.short for r in rows)[:200]
    return Card(
        ngettext(
            "Stop all {n} recording of {stream}?", "Stop all {n} recordings of {stream}?", n
        ).format(n=n, stream=fmt.esc(stream)),
        (_("These stop now (one not begun will not record):"), *lines),
        (
            Button(
                _("Stop all {n}").format(n=n),
                Action.STOP_ALL,
                ",".join(row.id for row in rows),
                "danger",
                Confirm(
                    _("Stop all {n}?").format(n=n),
                    _("Every recording of {stream} listed ({refs}) stops now.").format(
                        stream=stream, refs=refs
                    ),
                    _("Stop all"),
                ),
            ),
        ),
    )


def shorten_ask_card(fmt: Fmt, row: TaskRow, at: float) -> Card:
    """`shorten REF to 9pm` while it records: the scheduler will stop it then, once confirmed."""
    when = plain_time(int(at), row.tz)
    clock = f"{datetime.fromtimestamp(int(at), ZoneInfo(row.tz)):%H:%M}"
    return Card(
        _("Stop {stream} ({ref}) at {time}?").format(
            stream=row.full_stream, ref=row.short, time=when
        ),
        (
            _("It is recording now, until {end}; recordbot will stop it at {time}.").format(
                end=fmt.time(row.end, row.tz), time=fmt.time(int(at), row.tz)
            ),
        ),
        (
            Button(
                _("Stop at {clock}").format(clock=clock),
                Action.SHORTEN,
                f"{row.id}@{int(at)}",
                "primary",
                Confirm(
                    _("Stop it earlier?"),
                    _("{stream} stops at {time}.").format(stream=row.full_stream, time=when),
                    _("Stop then"),
                ),
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
    verb = _("Stop") if stop else _("Delete")
    targets = tuple(targets) or (row,)
    window = plain_window(row.start, row.end, row.tz)  # for the dialogs: plain text
    if stop:
        what = _("This stops the recording now.")
    elif any(t.status == Status.CREATED and t.start <= now < t.end for t in targets):
        what = _(
            "This stops the recording now, then deletes the task from Live (deleting alone would "
            "leave Live recording); a file already recorded stays in VOD."
        )
    else:
        what = _("This deletes the task from Live (a file already recorded stays in VOD).")
    lines = [what, *window_lines(fmt, row)]
    value = row.task_id or row.id
    on_window = _("{window}: {what}")
    if len(targets) > 1:
        n = len(targets)
        lines.append(
            _(
                "This recording was split into {n} consecutive tasks, which go together: {tasks}"
            ).format(n=n, tasks=_(", ").join(f"`{fmt.esc(t.task_id or '-')}`" for t in targets))
        )
        every = _("{what} For every part.").format(what=what)
        all_title = (_("Stop all {n} parts?") if stop else _("Delete all {n} parts?")).format(n=n)
        buttons = (
            Button(
                (_("Stop all {n} parts") if stop else _("Delete all {n} parts")).format(n=n),
                action,
                value,
                "danger",
                Confirm(all_title, every, verb),
            ),
            Button(
                _("Only this part"),
                Action.STOP_ONE if stop else Action.DELETE_ONE,
                value,
                None,
                Confirm(
                    _("Stop only this part?") if stop else _("Delete only this part?"),
                    on_window.format(window=window, what=what),
                    verb,
                ),
            ),
        )
    else:
        buttons = (
            Button(
                _("Stop recording") if stop else _("Delete task"),
                action,
                value,
                "danger",
                Confirm(
                    _("Stop this recording?") if stop else _("Delete this recording?"),
                    on_window.format(window=window, what=what),
                    verb,
                ),
            ),
        )
    title = (
        _("Stop {stream} ({ref}, TaskId {task})?")
        if stop
        else _("Delete {stream} ({ref}, TaskId {task})?")
    )
    return Card(
        title.format(stream=row.full_stream, ref=row.short, task=row.task_id), tuple(lines), buttons
    )
