"""Tencent Cloud Live's recording callbacks: check them (pure) and act on them (the use case).

Live POSTs JSON to `/live/callback`: `event_type` 100 when a recorded file is ready, 332 for a
recording's status (`record_event`), 1 / 0 when a push starts / stops. Each carries `t`, an
expiry time (Unix seconds), and `sign` = md5(CALLBACK_KEY + str(t)) in lowercase hex.

    parse(body) -> dict          400 on anything but a JSON object (no signature to read)
    verify(payload, key, now)    401 bad or missing signature, 403 expired or no key configured
    read(payload) -> Callback    Unreadable when the fields an event needs are missing or mistyped
    CallbackHandler              the route: the above, then the effects, once per callback

Every well-signed callback is answered 200 `{"code":0}`, matched to a task or not, readable or
not: a recording callback no task matches, and any that cannot be read, is logged and kept in the
task log (`unmatched_callbacks`, 90 days) for `recordbot reconcile` to report and to match to a
task that appears later (`match_kept`).

Live retries a recording, push or interruption event up to 12 times, a minute apart, whenever it
gets no answer within 20 s or anything but HTTP 200; so each callback is recorded under a key (its
content without `sign` and `t`; a file's `file_id`) in the same transaction as its effects, and a
repeat changes nothing. Notices a callback owes are queued in that row and posted by the
scheduler's flush, so a Slack hiccup delays a file notice instead of losing it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.store import TaskStore
from bot.tasks import NoticeKind, Status, TaskRow
from bot.ui.lists import file_summary

log = logging.getLogger("recordbot.callbacks")

FILE_READY = 100
RECORD_STATUS = 332
PUSH_STARTED = 1
PUSH_STOPPED = 0
MAX_AHEAD = 24 * 3600  # Live signs for 10 minutes; a `t` a day ahead is not Live's
JSON_TYPE = "application/json"
MATCH_MARGIN = 120  # seconds: a status event this close to a task's window is that task's

# A 332's `record_event`, in plain words.
EVENT_WORDS = {
    "record_start_succeeded": "Live started recording",
    "record_start_failed": "Live could not start the recording",
    "record_paused": "Live paused the recording",
    "record_resumed": "Live resumed the recording",
    "record_error": "Live reported a recording error",
    "record_ended": "Live ended the recording",
}
# What the codes in a 332's `record_detail` mean (Tencent's "Recording Status Event Notification").
RECORD_DETAIL = (
    ("start_model", {"1": "template rule", "5": "API task"}),
    ("file_format", {"1": "FLV", "2": "HLS", "3": "MP4", "4": "AAC", "5": "MP3"}),
    (
        "record_content",
        {"1": "original stream", "2": "watermarked stream", "3": "transcoded stream"},
    ),
    ("source_type", {"1": "live recording", "2": "relay recording"}),
)


class CallbackRejected(Exception):
    """A callback refused before anything changed: HTTP `status` and a message saying why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Unreadable(Exception):
    """A well-signed callback without the fields its event needs: kept, answered 200."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Callback:
    """A verified callback with the fields recordbot uses."""

    event_type: int
    key: str  # what makes a redelivery the same callback
    task_id: str | None
    stream: str | None
    app: str | None  # push path (Live calls it `appname`)
    domain: str | None  # push domain (Live calls it `app`)
    at: int | None  # when it happened, if Live said; a file's own start (end_time - duration)
    payload: dict[str, Any]
    until: int | None = None  # a file's end_time


# -- pure checks ------------------------------------------------------------------------------


def parse(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CallbackRejected(400, "The body is not JSON.") from None
    if not isinstance(payload, dict):
        raise CallbackRejected(400, "The body must be a JSON object.")
    return payload


def expected_sign(key: str, t: str) -> str:
    return hashlib.md5((key + t).encode("utf-8")).hexdigest()  # noqa: S324 - Live's scheme


def verify(
    payload: dict[str, Any], key: str | None, now: float, max_ahead: int = MAX_AHEAD
) -> None:
    """Raise CallbackRejected unless `sign` matches `t` under `key` and `t` has not passed."""
    if not key:
        raise CallbackRejected(
            403,
            "Live callbacks are refused: CALLBACK_KEY is not set, so they cannot be verified. "
            "Set CALLBACK_KEY to the key of the Live console's callback template.",
        )
    sign, t = payload.get("sign"), payload.get("t")
    if sign is None or t is None:
        raise CallbackRejected(401, "Unsigned callback: `sign` and `t` are required.")
    if isinstance(t, bool) or not (
        isinstance(t, int) or (isinstance(t, str) and t.isascii() and t.isdigit())
    ):
        raise CallbackRejected(401, "`t` must be a Unix time in whole seconds.")
    if not isinstance(sign, str):
        raise CallbackRejected(401, "`sign` must be a string.")
    good = expected_sign(key, str(t)).encode("ascii")
    if not hmac.compare_digest(good, sign.strip().lower().encode("utf-8")):
        raise CallbackRejected(401, "Bad signature: `sign` is not md5(key + t).")
    expiry = int(t)
    if expiry < now:
        raise CallbackRejected(403, f"Expired callback: `t` ({expiry}) has passed.")
    if expiry > now + max_ahead:
        raise CallbackRejected(403, f"`t` ({expiry}) is too far ahead to be Live's.")


def _text(payload: dict[str, Any], name: str, required: bool = False) -> str | None:
    value = payload.get(name)
    if value is None or value == "":
        if required:
            raise Unreadable(f"Missing field `{name}`.")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Unreadable(f"Field `{name}` must be a string.")
    return str(value)


def _number(payload: dict[str, Any], name: str) -> float | None:
    value = payload.get(name)
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        return float(value)
    except (TypeError, ValueError):
        raise Unreadable(f"Field `{name}` must be a number.") from None


def _event_type(payload: dict[str, Any]) -> int:
    value = payload.get("event_type")
    if value is None:
        raise Unreadable("Missing field `event_type`.")
    try:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError
        return int(value)
    except (TypeError, ValueError):
        raise Unreadable("Field `event_type` must be a whole number.") from None


def content_key(payload: dict[str, Any]) -> str:
    """The same callback redelivered (with a fresh `t` and `sign`) gets the same key."""
    rest = {k: v for k, v in payload.items() if k not in ("sign", "t")}
    return hashlib.sha256(json.dumps(rest, sort_keys=True, default=str).encode()).hexdigest()


def read(payload: dict[str, Any]) -> Callback:
    """The fields an event needs, checked; raise Unreadable saying what is wrong."""
    event_type = _event_type(payload)
    task_id = _text(payload, "task_id")
    stream = _text(payload, "stream_id")
    # The push domain is `domain` in 332 and `app` in 100, 1 and 0; the path is `appname`.
    app = _text(payload, "appname")
    domain = _text(payload, "domain" if event_type == RECORD_STATUS else "app")
    at = _number(payload, "event_time")
    until = None
    key = content_key(payload)
    if event_type == FILE_READY:
        file_id = _text(payload, "file_id", required=True)
        _text(payload, "video_url", required=True)
        for name in ("start_time", "end_time", "duration", "file_size"):
            _number(payload, name)
        # `start_time` is the recording's start; the file's own is `end_time - duration`.
        until, duration = _number(payload, "end_time"), _number(payload, "duration")
        at = (until - duration if until and duration else None) or _number(payload, "start_time")
        at = at or until or _number(payload, "event_time")
        key = f"file:{file_id}"
    elif event_type == RECORD_STATUS:
        _text(payload, "record_event", required=True)
    elif event_type in (PUSH_STARTED, PUSH_STOPPED):
        for name in ("stream_id", "appname", "app"):
            _text(payload, name, required=True)
    if (
        event_type in (FILE_READY, RECORD_STATUS)
        and not task_id
        and not (stream and app and domain)
    ):
        where = "domain" if event_type == RECORD_STATUS else "app"
        raise Unreadable(
            f"Missing field `task_id` (or `stream_id`, `appname` and `{where}` to find the task)."
        )
    return Callback(
        event_type,
        key,
        task_id,
        stream,
        app,
        domain,
        int(at) if at else None,
        payload,
        int(until) if event_type == FILE_READY and until else None,
    )


def failure_reason(payload: dict[str, Any]) -> str | None:
    """Live's words for a failure, whichever field carries them."""
    for message, code in (
        ("record_error_msg", "record_error_code"),
        ("errmsg", "errcode"),
        ("error_msg", "error_code"),
        ("reason", None),
        ("message", None),
    ):
        text = payload.get(message)
        if text:
            number = payload.get(code) if code else None
            return f"{text} (code {number})" if number not in (None, "", 0, "0") else str(text)
    return None


def record_detail(payload: dict[str, Any]) -> dict[str, Any]:
    """A 332's `record_detail`: documented as a JSON string (an object is taken as it is);
    {} when it is missing or unreadable."""
    value = payload.get("record_detail")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _code(value: Any) -> str | None:
    """3, "3" and 3.0 are the code "3"; anything else (bool, nested values) is no code."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip()[:32] or None


def status_words(payload: dict[str, Any]) -> str:
    """What a status callback (332) says: the event in plain words, Live's own name for it and
    what `record_detail` tells, e.g. `Live could not start the recording (record_start_failed:
    API task, MP4)`. A 332 has no reason field; any words Live adds are appended."""
    event = str(payload.get("record_event") or "")[:64] or "no record_event"
    detail = record_detail(payload)
    bits = []
    for name, meanings in RECORD_DETAIL:
        code = _code(detail.get(name))
        if code is not None:
            bits.append(meanings.get(code) or f"{name} {code}")
    said = f"{event}: {', '.join(bits)}" if bits else event
    text = f"{EVENT_WORDS.get(event, 'Live reported')} ({said})"
    reason = failure_reason(payload)
    return f"{text}: {reason}" if reason else text


def _raw(payload: dict[str, Any], name: str) -> str | None:
    """A field as text for the record of a callback that may be malformed."""
    value = payload.get(name)
    return (
        str(value)[:200] if isinstance(value, str | int) and not isinstance(value, bool) else None
    )


def kept(payload: dict[str, Any], reason: str, cb: Callback | None = None) -> dict[str, Any]:
    """The `unmatched_callbacks` row for a well-signed callback no task took (`cb` when it
    could be read): what it is about, why it was not acted on, and what Live sent."""
    rest = {k: v for k, v in payload.items() if k not in ("sign", "t")}
    event_type = _raw(payload, "event_type")
    if cb is None:  # best effort: whatever could be read
        at = payload.get("event_time")
        cb_fields = {
            "event_type": int(event_type) if event_type and event_type.isdigit() else None,
            "task_id": _raw(payload, "task_id"),
            "stream": _raw(payload, "stream_id"),
            "app": _raw(payload, "appname"),
            "domain": _raw(payload, "domain") or _raw(payload, "app"),
            "at": at if isinstance(at, int) and not isinstance(at, bool) else None,
            "until": None,
        }
        key = content_key(payload)
    else:
        cb_fields = {
            "event_type": cb.event_type,
            "task_id": cb.task_id,
            "stream": cb.stream,
            "app": cb.app,
            "domain": cb.domain,
            "at": cb.at,
            "until": cb.until,
        }
        key = cb.key
    return {
        "key": key,
        **cb_fields,
        "reason": reason,
        "payload": json.dumps(rest, sort_keys=True, default=str)[:20000],
    }


def describe_kept(row: dict[str, Any]) -> str:
    """One kept callback in a line, for `recordbot reconcile` (times in UTC)."""

    def utc(ts: float | None) -> str:
        if ts is None:
            return "?"
        return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

    try:
        payload = json.loads(row["payload"])
    except ValueError:
        payload = {}
    event_type = row.get("event_type")
    if event_type == FILE_READY:
        what = f"file {payload.get('file_id') or '?'} ({payload.get('file_format') or '?'})"
    elif event_type == RECORD_STATUS:
        what = str(payload.get("record_event") or "status ?")
    else:
        what = f"event_type {event_type if event_type is not None else '?'}"
    stream = "/".join(str(row.get(k) or "?") for k in ("domain", "app", "stream"))
    window = (
        f"{utc(row.get('at'))} to {utc(row.get('until'))}"
        if row.get("until")
        else utc(row.get("at"))
    )
    task = f" task_id {row['task_id']}," if row.get("task_id") else ""
    line = f"received {utc(row['received_at'])}: {what} of {stream},{task} at {window}: {row['reason']}"
    return "".join(c if c.isprintable() else "?" for c in line)  # Live's text, for a terminal


def task_for(store: TaskStore, cb: Callback, clock: Callable[[], float]) -> TaskRow | None:
    """The task a recording callback (100 or 332) is about. With a `task_id`, the task it names
    (none if the log does not know it: another tool's task is not ours to guess). Without one,
    a created or stopped task of the same push domain, path and stream: for a file, the one whose
    window overlaps the file's own [end_time - duration, end_time] most; for a status event, one
    whose window holds `event_time` give or take MATCH_MARGIN, nearest the start (the end for
    `record_ended`)."""
    if cb.task_id:
        return store.by_task_id(cb.task_id)
    if cb.event_type not in (FILE_READY, RECORD_STATUS) or not (cb.stream and cb.app and cb.domain):
        return None
    at = cb.at if cb.at is not None else int(clock())
    if cb.event_type == FILE_READY:
        until = max(cb.until or at, at + 1)
        rows = store.recorded_between(cb.stream, cb.app, cb.domain, at, until)
        return max(
            rows, key=lambda r: (min(r.end, until) - max(r.start, at), -r.start), default=None
        )
    rows = store.recorded_between(
        cb.stream, cb.app, cb.domain, at - MATCH_MARGIN, at + MATCH_MARGIN + 1
    )
    ended = cb.payload.get("record_event") == "record_ended"
    return min(
        rows,
        key=lambda r: (
            max(r.start - at, at - r.end, 0),  # outside the window by
            abs((r.end if ended else r.start) - at),
            r.start,
        ),
        default=None,
    )


def unmatched_reason(cb: Callback) -> str:
    if cb.task_id:
        return f"task_id {cb.task_id} is not in the task log"
    return "no task in the log records this stream at that time"


def match_kept(
    store: TaskStore, clock: Callable[[], float] = time.time
) -> list[tuple[dict[str, Any], TaskRow]]:
    """Match kept callbacks to tasks that have appeared since (a task made outside recordbot,
    imported by `recordbot reconcile`): each adds its line to the task's history, and a file
    joins the task's files. No notice: it is history by now. Returns (kept row, task) pairs."""
    matched = []
    for row in store.unmatched():
        try:
            payload = json.loads(row["payload"])
            cb = read(payload if isinstance(payload, dict) else {})
        except (ValueError, Unreadable):
            continue
        task = task_for(store, cb, clock) if cb.event_type in (FILE_READY, RECORD_STATUS) else None
        if task is None:
            continue
        with store.batch():
            if not store.settle_unmatched(row["key"], task.id):
                continue
            if cb.event_type == FILE_READY:
                store.assign_file(str(payload["file_id"]), task.id, task.task_id)
                summary = file_summary(payload)
                store.add_event(task.id, "file_ready", None, f"{summary} (matched later)")
            else:
                event = str(payload["record_event"])
                store.add_event(
                    task.id, f"live:{event}", None, f"{status_words(payload)} (matched later)"
                )
        matched.append((row, task))
    return matched


# -- the use case -----------------------------------------------------------------------------


class _Duplicate(Exception):
    """Raised inside the transaction to undo the effects of a callback seen before."""


@dataclass(frozen=True)
class _Notice:
    task: TaskRow
    kind: str | None
    detail: str | None = None
    file_id: str | None = None  # the file a file notice announces


class CallbackHandler:
    """The `/live/callback` route: verify, then apply each callback once.

    `flush` (the scheduler's) is called after a callback queued a notice, so notices go out
    at once; if it fails, the scheduler's next tick posts them.
    """

    def __init__(
        self,
        store: TaskStore,
        key: str | None,
        *,
        clock: Callable[[], float] = time.time,
        flush: Callable[[], object] | None = None,
    ) -> None:
        self.store = store
        self.key = key
        self.clock = clock
        self.flush = flush
        if not key:
            log.warning(
                "CALLBACK_KEY is not set: every Live callback to /live/callback will be refused"
            )

    def __call__(self, body: bytes, headers: dict[str, str]) -> tuple[int, str, bytes]:
        try:
            payload = parse(body)
            verify(payload, self.key, self.clock())
        except CallbackRejected as exc:
            level = logging.ERROR if exc.status == 403 and not self.key else logging.WARNING
            log.log(level, "live callback refused (HTTP %d): %s", exc.status, exc.message)
            answer = {"code": exc.status, "error": exc.message}
            return exc.status, JSON_TYPE, json.dumps(answer).encode()
        # Well signed: answered 200 from here on, or Live sends it again 12 times.
        try:
            cb = read(payload)
        except Unreadable as exc:
            fresh = self.store.keep_unmatched(kept(payload, exc.message))
            log.warning(
                "live callback (event_type %r) could not be read: %s; %s for `recordbot "
                "reconcile`, answered 200 so Live stops retrying",
                payload.get("event_type"),
                exc.message,
                "kept" if fresh else "already kept",
            )
            return 200, JSON_TYPE, b'{"code":0}'
        queued = self.handle(cb)
        if queued and self.flush is not None:
            try:
                self.flush()
            except Exception:
                log.exception("posting callback notices failed; the scheduler will retry")
        return 200, JSON_TYPE, b'{"code":0}'

    def handle(self, cb: Callback) -> bool:
        """Apply a verified callback; True if it queued a notice."""
        row = self._task_for(cb)
        try:
            with self.store.batch():
                notices = self._apply(cb, row)
                keys = [cb.key] if len(notices) <= 1 else [f"{cb.key}:{n.task.id}" for n in notices]
                fresh = False
                for key, notice in zip(keys, notices or [None], strict=False):
                    task = notice.task.id if notice else (row.id if row else None)
                    kind = notice.kind if notice else None
                    detail = notice.detail if notice else None
                    file_id = notice.file_id if notice else None
                    fresh |= self.store.first_callback(
                        key, cb.event_type, task, kind, None, detail, file_id
                    )
                if not fresh:
                    raise _Duplicate
                unmatched = row is None and cb.event_type in (FILE_READY, RECORD_STATUS)
                if unmatched:
                    self.store.keep_unmatched(kept(cb.payload, unmatched_reason(cb), cb))
        except _Duplicate:
            log.info("live callback %s (%s): a redelivery, ignored", cb.event_type, cb.key[:16])
            return False
        if unmatched:
            log.warning(
                "live callback %s for a task the log does not know (task_id=%s stream=%s/%s/%s); "
                "kept for `recordbot reconcile`, answered 200 so Live stops retrying",
                cb.payload.get("record_event") or cb.event_type,
                cb.task_id,
                cb.domain,
                cb.app,
                cb.stream,
            )
        return any(n.kind for n in notices)

    def _task_for(self, cb: Callback) -> TaskRow | None:
        return task_for(self.store, cb, self.clock)

    def _apply(self, cb: Callback, row: TaskRow | None) -> list[_Notice]:
        if cb.event_type == FILE_READY:
            return self._file(cb, row)
        if cb.event_type == RECORD_STATUS:
            return self._status(cb, row)
        if cb.event_type in (PUSH_STARTED, PUSH_STOPPED):
            return self._push(cb)
        log.info("live callback event_type %s is not one recordbot acts on", cb.event_type)
        return []

    def _file(self, cb: Callback, row: TaskRow | None) -> list[_Notice]:
        p = cb.payload
        record = {
            "file_id": str(p["file_id"]),
            "task": row.id if row else None,
            "task_id": cb.task_id or (row.task_id if row else None),
            "stream": cb.stream or (row.stream if row else None),
            "app": cb.app or (row.app if row else None),
            "domain": cb.domain or (row.domain if row else None),
            "video_url": str(p["video_url"]),
            "file_format": _text(p, "file_format"),
            "file_size": int(_number(p, "file_size") or 0) or None,
            "duration": _number(p, "duration"),
            "start_time": int(_number(p, "start_time") or 0) or None,
            "end_time": int(_number(p, "end_time") or 0) or None,
        }
        if not self.store.add_file(record):
            raise _Duplicate
        if row is None:
            return []
        self.store.add_event(row.id, "file_ready", None, file_summary(record))
        return [_Notice(row, NoticeKind.FILE_READY, file_id=record["file_id"])]

    def _status(self, cb: Callback, row: TaskRow | None) -> list[_Notice]:
        if row is None:
            return []
        event = str(cb.payload["record_event"])
        words = status_words(cb.payload)  # what Live said, never "no reason given"
        self.store.add_event(row.id, f"live:{event}", None, words)
        if event == "record_start_failed":
            changed = self.store.set_record_state(row.id, "failed", words)
            return [_Notice(row, NoticeKind.FAILED if changed else None, words)]
        if event == "record_error":
            return [_Notice(row, NoticeKind.RECORD_ERROR, words)]
        if event == "record_paused":
            return [_Notice(row, NoticeKind.RECORD_PAUSED, words)]
        if event in ("record_start_succeeded", "record_resumed"):
            changed = self.store.set_record_state(row.id, "recording")
            if event == "record_resumed":  # the parent leaves "failed" on this notice too
                return [_Notice(row, NoticeKind.RECORD_RESUMED, words)]
            if changed and changed[0] == "failed":  # the parent must leave "failed"
                return [_Notice(row, NoticeKind.STARTED, f"{words}, after an earlier failure.")]
        elif event == "record_ended":
            self.store.set_record_state(row.id, "ended")
        return [_Notice(row, None)]

    def _push(self, cb: Callback) -> list[_Notice]:
        kind = "push_started" if cb.event_type == PUSH_STARTED else "push_stopped"
        detail = None
        if cb.event_type == PUSH_STOPPED:
            reason = failure_reason(cb.payload)
            detail = f"Live said: {reason}" if reason else None
        at = cb.at or int(self.clock())
        assert cb.stream and cb.app and cb.domain  # read() checked them
        active = [
            r
            for r in self.store.tasks_on_stream(cb.stream, cb.app, cb.domain, at)
            if r.status == Status.CREATED
        ]
        for r in active:
            self.store.add_event(r.id, kind, None, detail)
        return [_Notice(r, kind, detail) for r in active]
