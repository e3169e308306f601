"""`/record list` and `/record show` as cards that fit one Slack message, and how a recorded
file is written. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.tasks import Status, TaskRow, visible
from bot.ui.cards import Button, Card, Fmt, duration_text, state_text, stream_md
from bot.ui.stops import stop_button

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
            line = f"• `{row.short}` {stream_md(fmt, row)} {fmt.time(row.start, viewer_tz)} to {fmt.time(row.end, viewer_tz)}: {state_text(fmt, row, now, viewer_tz)}{ext}"
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
        f"*Stream:* {stream_md(fmt, row)}",
        f"*Window:* {fmt.time(row.start, viewer_tz)} to {fmt.time(row.end, viewer_tz)} ({duration_text(row.end - row.start)})",
        f"*Status:* {state_text(fmt, row, now, viewer_tz)}",
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
