"""The cards that ask before a recording ends: Stop buttons and their dialogs, stop or delete
(the parts of a split recording go together), stop all of a stream, shorten. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

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
        f"• `{row.short}` {stream_md(fmt, row)} {fmt.time(row.start, viewer_tz)} to {fmt.time(row.end, viewer_tz)}"
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
    lines = [f"This {what}.", *window_lines(fmt, row)]
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
