"""`/record list` and `/record show` as cards that fit one Slack message, and how a recorded
file is written. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import N_, _, format_weekday_time, ngettext
from bot.tasks import Status, TaskRow, visible
from bot.ui.cards import (
    PHASES,
    Button,
    Card,
    Fmt,
    duration_text,
    state_text,
    stream_line,
    stream_md,
)
from bot.ui.stops import stop_button

# Slack takes about 12,000 characters of text in one message's blocks, buttons' dialogs
# included (bot/slack/blocks.py cuts whatever is over). The list and show cards keep their lines
# and buttons under this on their own, leaving room for their title and headings, so that what
# matters is never what gets cut.
CARD_TEXT = 10_000

MAX_LIST_BUTTONS = 25

MAX_FILES_SHOWN = 10

MAX_DETAIL = 300  # characters of one event's or error's detail on `show`

# The headings of `/record list`, by the group `visible()` puts a task in.
GROUPS = {"active": N_("Active"), "upcoming": N_("Upcoming"), "recent": N_("Recent")}
# What happened to a task, as its history on `show` names it (statuses are in PHASES). The
# English is the event's code, as the task log has it; Live's own (`live:...`) stay codes.
EVENTS = {
    "requested": N_("requested"),
    "found": N_("found"),
    "shortened": N_("shortened"),
    "unsettled": N_("unsettled"),
    "file_ready": N_("file_ready"),
    "command": N_("command"),
}


def event_text(kind: str) -> str:
    found = EVENTS.get(kind) or PHASES.get(kind)
    return _(found) if found else kind


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
            title = (
                _("No more upcoming recordings for {stream}: there are {n}.")
                if stream
                else _("No more upcoming recordings: there are {n}.")
            )
            return Card(
                title.format(stream=fmt.esc(stream or ""), n=upcoming_total),
                (_("`/record list{here}` shows them from the first.").format(here=here),),
            )
        if stream:
            return Card(
                _(
                    "No recordings in the log for `{stream}` yet. Schedule one with "
                    "`/record STREAM WHEN`."
                ).format(stream=fmt.esc(stream))
            )
        return Card(_("No recordings in the log yet. Schedule one with `/record STREAM WHEN`."))
    groups = visible(rows, now)
    total = offset + len(groups["upcoming"]) if upcoming_total is None else upcoming_total
    lines: list[str] = []
    buttons: list[Button] = []
    shown: dict[str, int] = {}
    more_at = 0  # where the line about more upcoming tasks goes: after the upcoming ones
    full = False
    for label, group in groups.items():
        heading_at = len(lines)
        lines.append(f"*{_(GROUPS[label])}*")
        shown[label] = 0
        for row in group if not full else ():
            line = _("• `{ref}` {stream} {start} to {end}: {state}").format(
                ref=row.short,
                stream=stream_md(fmt, row),
                start=fmt.time(row.start, viewer_tz),
                end=fmt.time(row.end, viewer_tz),
                state=state_text(fmt, row, now, viewer_tz),
            )
            if row.source == "external":
                line = _("{line} (made outside recordbot)").format(line=line)
            stop = None
            if (
                row.status in (Status.CREATED, Status.BOOKED)
                and row.end > now
                and len(buttons) < MAX_LIST_BUTTONS
            ):
                # Slack cuts button text at about 30 characters: what tells two buttons apart
                # (the start, in the viewer's zone) comes first, in plain text.
                start = datetime.fromtimestamp(row.start, ZoneInfo(viewer_tz))
                name = _("Stop {when} · {stream}").format(
                    when=format_weekday_time(start), stream=row.stream[:50]
                )
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
                lines[heading_at] = _(
                    "*Upcoming* ({first} to {last} of {total}, soonest first)"
                ).format(first=offset + 1, last=last, total=total)
            elif shown[label]:
                lines[heading_at] = _("*Upcoming* (soonest first)")
    last = offset + shown["upcoming"]
    if last < total:
        lines.insert(
            more_at,
            _(
                "…and {n} more upcoming: `/record list{here} from {next}` shows the next ones."
            ).format(n=total - last, here=here, next=last + 1),
        )
    if shown["recent"] < len(groups["recent"]):
        lines.append(_("…older ones are not shown."))
    title = _("Recordings for {stream}").format(stream=stream) if stream else _("Recordings")
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
    between = ngettext(
        "• … {n} event in between not shown", "• … {n} events in between not shown", left_out
    ).format(n=left_out)
    return [*head, between, *latest]


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
        stream_line(fmt, row),
        _("*Window:* {start} to {end} ({length})").format(
            start=fmt.time(row.start, viewer_tz),
            end=fmt.time(row.end, viewer_tz),
            length=duration_text(row.end - row.start),
        ),
        _("*Status:* {state}").format(state=state_text(fmt, row, now, viewer_tz)),
        _("*Requested by:* {who}").format(who=fmt.user(row.user, row.user_name))
        if row.user
        else _("*Requested by:* outside recordbot"),
    ]
    if row.error_code:
        message = fmt.esc((row.error_message or "")[:MAX_DETAIL])
        lines.append(
            _("*Error:* `{code}` {message}").format(code=fmt.esc(row.error_code), message=message)
        )
    if row.record_state == "failed":
        reason = fmt.esc((row.record_error or "record_start_failed")[:MAX_DETAIL])
        lines.append(_("*Live said:* recording failed: {reason}").format(reason=reason))
    lines += [_("*File:* {file}").format(file=file_line(fmt, f)) for f in files[:MAX_FILES_SHOWN]]
    if len(files) > MAX_FILES_SHOWN:
        lines.append(_("*Files:* {n} more not shown").format(n=len(files) - MAX_FILES_SHOWN))
    buttons: tuple[Button, ...] = ()
    if row.status in (Status.CREATED, Status.BOOKED) and row.end > now:
        buttons = (stop_button(fmt, row, _("Stop"), tz=viewer_tz),)
    history = []
    for ev in events:
        entry = f"• {fmt.time(int(ev['at']), viewer_tz)} {event_text(ev['kind'])}"
        if ev.get("user"):
            entry = _("{event} by {who}").format(event=entry, who=fmt.user(ev["user"]))
        if ev.get("detail"):
            entry = _("{event}: {detail}").format(
                event=entry, detail=fmt.esc(str(ev["detail"])[:MAX_DETAIL])
            )
        history.append(entry)
    lines.append(_("*History:*"))
    lines += _fit_history(history, CARD_TEXT - _size(lines, buttons))
    title = _("Task {ref} (TaskId {task})").format(ref=row.short, task=row.task_id or "-")
    return Card(title, tuple(lines), buttons)


def _file_bits(f: Mapping[str, Any]) -> str:
    bits = [str(f.get("file_format") or _("file"))]
    seconds = int(float(f.get("duration") or 0))
    if seconds:
        bits.append(
            duration_text(seconds) if seconds >= 60 else _("{seconds}s").format(seconds=seconds)
        )
    size = int(f.get("file_size") or 0)
    if size:
        bits.append(f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.1f} MB")
    return _(", ").join(bits)


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
    return _(
        "{file}: {url} (not a link: its host is neither Tencent VOD/COS nor listed in "
        "RECORDBOT_FILE_HOSTS)"
    ).format(file=text, url=_code(fmt, str(url)))
