"""Live's event notifications (callbacks), as the simulator sends them for its tasks.

Sources (docs/callbacks.md): Tencent's CSS pages "How to Receive Event Notification" (the
protocol: HTTP POST of a JSON object; HTTP 200 wanted, anything else or no answer within 20 s is
retried up to 12 times a minute apart; `t` = expiry 10 minutes ahead, `sign` = md5(key + t)),
"Recording Event Notification" (event_type 100), "Recording Status Event Notification" /
录制状态事件通知 (332) and "Push/Interruption Event Notification" / 推断流事件通知 (1 and 0).

A task's life as the simulator plays it, driven by its clock (`LiveEvents.due`):

    its start (StartTime)       1 push started, then 332 record_start_succeeded
    its end (EndTime, or Stop)  332 record_ended, then 100 the file it recorded
    its EndTime                 0 push stopped

Choices where Tencent's documents are silent (callers must not rely on more than this):
- The stream is pushed for the whole window of each task that records, so each such task has a
  push of its own (started at its start, stopped at its EndTime, errcode 1: the push client
  stopped it); overlapping tasks on one stream each get their pair. StopRecordTask ends the
  recording, not the push: the push still stops at EndTime.
- A task stopped or deleted before its window begins sends nothing. A task deleted while it
  records sends everything the others do (DeleteRecordTask does not affect running tasks).
- A recording starts at StartTime, or at the task's creation if that is later (a StartTime in
  the past). One file per recording, HLS (the format Live records with no
  template, and the simulator has no templates): `file_format` "hls", a `video_url` on a VOD host
  `https://{APPID}.vod2.myqcloud.com/.../playlist.m3u8`, `file_size` as if at 2 Mbit/s,
  `start_time` the recording's start, `end_time` its end, `duration` the difference.
  `stream_param` is left out: Live does not send it for tasks made by CreateRecordTask.
- The simulated account's APPID is 1500000000; push events give documentation addresses
  (TEST-NET) as `node` and `user_ip`.
- Without a callback key the template has none: `sign` is md5("" + t).
- Each delivery is retried on its own schedule: a failed one does not hold back the next.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

APPID = 1500000000
SIGN_TTL = 600  # `t` is an expiry, 10 minutes after sending
RETRIES = 12  # Live retries up to 12 times ...
RETRY_INTERVAL = 60.0  # ... one minute apart ...
TIMEOUT = 20.0  # ... when no answer comes within 20 s or the status is not 200
BITRATE = 2_000_000  # bits a second, for a file's simulated size

FILE_READY = 100
RECORD_STATUS = 332
PUSH_STARTED = 1
PUSH_STOPPED = 0


def sign(payload: dict[str, Any], key: str, now: float) -> dict[str, Any]:
    """`payload` signed as Live signs it: `t` = now + 600, `sign` = md5(key + str(t))."""
    t = int(now) + SIGN_TTL
    digest = hashlib.md5((key + str(t)).encode("utf-8")).hexdigest()  # noqa: S324 - Live's scheme
    return {**payload, "t": t, "sign": digest}


def check_callback_url(url: str) -> str:
    """An http(s) URL with a host, or ValueError saying what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"callback URL {url!r} must be an http:// or https:// URL")
    return url


# -- what a task owes, as its life goes on --------------------------------------------------------


@dataclass
class _Life:
    session_id: str = field(default_factory=lambda: secrets.token_hex(16))
    sequence: str = field(default_factory=lambda: str(secrets.randbelow(9 * 10**18) + 10**18))
    file_id: str = field(default_factory=lambda: str(secrets.randbelow(9 * 10**18) + 10**18))
    seq: int = 0  # the 332 messages sent so far
    began: int | None = None  # when the recording started
    recorded: bool = False  # record_ended and the file sent
    push_over: bool = False  # push stopped sent


class LiveEvents:
    """The callbacks each task owes at `now`, each once, in the order Live would send them."""

    def __init__(self, appid: int = APPID) -> None:
        self.appid = appid
        self._lives: dict[str, _Life] = {}

    def due(
        self, tasks: dict[str, dict[str, Any]], created: dict[str, int], now: float
    ) -> list[dict[str, Any]]:
        """Unsigned payloads for what happened by `now` and was not sent yet; `created` says
        when each task was created."""
        out: list[dict[str, Any]] = []
        for task_id in [t for t in self._lives if t not in tasks]:
            del self._lives[task_id]  # deleted before it began (or the simulator was reset)
        for task_id, task in tasks.items():
            life = self._lives.setdefault(task_id, _Life())
            out += self._advance(task, created.get(task_id, 0), life, now)
        return out

    def _advance(
        self, task: dict[str, Any], created: int, life: _Life, now: float
    ) -> list[dict[str, Any]]:
        start, end, stopped = task["StartTime"], task["EndTime"], task["Stopped"]
        out: list[dict[str, Any]] = []
        if life.began is None:
            begins = max(start, created)
            if stopped and stopped <= begins:
                life.recorded = life.push_over = True  # stopped before it began: never records
                life.began = begins
                return out
            if now < begins:
                return out
            life.began = begins
            out.append(self._push(task, PUSH_STARTED, begins, life))
            out.append(self._status(task, "record_start_succeeded", begins, life))
        record_end = min(stopped, end) if stopped else end
        if not life.recorded and now >= record_end:
            life.recorded = True
            out.append(self._status(task, "record_ended", record_end, life))
            out.append(self._file(task, life.began, record_end, life))
        if not life.push_over and now >= end:
            life.push_over = True
            out.append(self._push(task, PUSH_STOPPED, end, life))
        return out

    def _status(self, task: dict[str, Any], event: str, at: int, life: _Life) -> dict[str, Any]:
        life.seq += 1
        detail = {
            "file_format": 2,  # HLS
            "record_bps": 0,
            "start_model": 5,  # started by the API
            "record_content": 1,  # the original stream
            "source_type": 1,  # live recording
            "codec_temp_id": 0,
        }
        return {
            "event_type": RECORD_STATUS,
            "appid": self.appid,
            "domain": task["DomainName"],
            "appname": task["AppName"],
            "stream_id": task["StreamName"],
            "task_id": task["TaskId"],
            "session_id": life.session_id,
            "seq": str(life.seq),
            "event_time": at,
            "record_event": event,
            "record_detail": json.dumps(detail),
        }

    def _file(self, task: dict[str, Any], began: int, ended: int, life: _Life) -> dict[str, Any]:
        duration = max(0, ended - began)
        prefix = secrets.token_hex(4)
        video_url = (
            f"https://{self.appid}.vod2.myqcloud.com/{prefix}vodgzp{self.appid}/"
            f"{secrets.token_hex(4)}{life.file_id}/playlist.m3u8"
        )
        return {
            "event_type": FILE_READY,
            "appid": self.appid,
            "app": task["DomainName"],
            "appname": task["AppName"],
            "stream_id": task["StreamName"],
            "channel_id": task["StreamName"],
            "task_id": task["TaskId"],
            "file_id": life.file_id,
            "record_file_id": life.file_id,
            "file_format": "hls",
            "start_time": began,
            "end_time": ended,
            "start_time_usec": 0,
            "end_time_usec": 0,
            "duration": duration,
            "file_size": duration * BITRATE // 8,
            "video_url": video_url,
            "media_start_time": 0,
            "record_bps": BITRATE // 1000,
            "callback_ext": json.dumps(
                {"video_codec": "h264", "resolution": "1920x1080", "session_id": life.session_id}
            ),
        }

    def _push(self, task: dict[str, Any], kind: int, at: int, life: _Life) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "event_type": kind,
            "appid": self.appid,
            "app": task["DomainName"],
            "appname": task["AppName"],
            "stream_id": task["StreamName"],
            "channel_id": task["StreamName"],
            "event_time": at,
            "sequence": life.sequence,
            "node": "203.0.113.10",
            "user_ip": "198.51.100.7",
            "stream_param": "",
            "errcode": 0,
            "errmsg": "ok",
            "set_id": 2,
            "width": 1920,
            "height": 1080,
        }
        if kind == PUSH_STOPPED:
            began = life.began if life.began is not None else at
            payload["push_duration"] = str((at - began) * 1000)
            payload["errcode"] = 1
            payload["errmsg"] = "The push client stopped pushing."
        return payload


# -- delivery -----------------------------------------------------------------------------------


@dataclass
class _Delivery:
    payload: dict[str, Any]  # unsigned: each attempt is signed afresh, like Live's
    next_at: float
    attempts: int = 0


class CallbackSender:
    """POSTs callbacks to one URL, signed at each attempt, retried on anything but HTTP 200.

    `deliver_due(now)` makes the attempts due at `now` (the simulator's clock) and returns one
    record per attempt: {"payload" (as sent), "attempt", "status" (int or None), "error",
    "delivered", "gave_up"}.
    """

    def __init__(
        self,
        url: str,
        key: str | None,
        *,
        retries: int = RETRIES,
        retry_interval: float = RETRY_INTERVAL,
        timeout: float = TIMEOUT,
    ) -> None:
        if retries < 0 or retry_interval < 0 or timeout <= 0:
            raise ValueError("retries and retry_interval must not be negative, timeout positive")
        self.url = check_callback_url(url)
        self.key = key or ""
        self.retries = retries
        self.retry_interval = retry_interval
        self.timeout = timeout
        self._pending: list[_Delivery] = []
        self._lock = threading.Lock()
        # Live does not go through the receiver's proxy: never read proxy variables.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def enqueue(self, payloads: list[dict[str, Any]], now: float) -> None:
        with self._lock:
            self._pending += [_Delivery(p, now) for p in payloads]

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    def deliver_due(self, now: float) -> list[dict[str, Any]]:
        with self._lock:
            due = [d for d in self._pending if d.next_at <= now]
            self._pending = [d for d in self._pending if d.next_at > now]
        records, retry = [], []
        for delivery in due:
            delivery.attempts += 1
            body = sign(delivery.payload, self.key, now)
            status, error = self._post(body)
            delivered = status == 200
            gave_up = not delivered and delivery.attempts > self.retries
            if not delivered and not gave_up:
                delivery.next_at = now + self.retry_interval
                retry.append(delivery)
            records.append(
                {
                    "payload": body,
                    "attempt": delivery.attempts,
                    "status": status,
                    "error": error,
                    "delivered": delivered,
                    "gave_up": gave_up,
                }
            )
        if retry:
            with self._lock:
                self._pending += retry
        return records

    def _post(self, body: dict[str, Any]) -> tuple[int | None, str | None]:
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
                return response.status, None
        except urllib.error.HTTPError as exc:
            exc.read()
            return exc.code, f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return None, f"{type(exc).__name__}: {reason}"
