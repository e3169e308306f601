"""A Live API (2018-08-01) simulator on loopback: same wire format, signatures and rules as Tencent.

It backs the offline product (`recordbot shell`, `recordbot sim`) and every end-to-end test, so it
is strict: requests are signed and checked (TC3-HMAC-SHA256, and the legacy HmacSHA1/HmacSHA256
form), every reply is HTTP 200 `application/json` in the `{"Response": {...}}` envelope, and the
recording rules are the documented ones.

Choices where Tencent's documents are silent (callers must not rely on more than this):
- The rate limit counts requests that passed authentication; refused ones do not count.
"""

from __future__ import annotations

import json
import signal
import socket
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TextIO
from urllib.parse import urlsplit

from bot.live.sim import wire
from bot.live.sim.auth import Authenticator
from bot.live.sim.rules import TaskBook
from bot.live.sim.wire import ACTIONS, ApiError, Request
from bot.windows import REGIONS

SIM_SECRET_ID = "AKIDrecordbotSimulator"
SIM_SECRET_KEY = "recordbot-simulator-secret"

MAX_BODY = 10 * 1024 * 1024


class LiveSimulator:
    """The Live API on a loopback HTTP server, with strict test hooks.

    Hooks act on the next request(s) of one action that pass authentication:
    `fail_next` answers an error instead of processing; `delay_next` processes, then waits before
    replying; `drop_next` processes (a task IS created), then closes without replying.
    """

    def __init__(
        self,
        secret_id: str = SIM_SECRET_ID,
        secret_key: str = SIM_SECRET_KEY,
        clock: Callable[[], float] = time.time,
        *,
        page_size: int = 100,
        rate_limit: int = 20,
        rate_clock: Callable[[], float] = time.monotonic,
        on_request: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        if page_size < 1 or rate_limit < 1:
            raise ValueError("page_size and rate_limit must be at least 1")
        self._auth = Authenticator({secret_id: secret_key}, clock)
        self._clock = clock
        self._rate_clock = rate_clock
        self.page_size = page_size
        self.rate_limit = rate_limit
        self.on_request = on_request
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._reset_state()

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on host:port (0 = any free port) in a daemon thread; returns the base URL."""
        if self._server is not None:
            raise RuntimeError("simulator already started")
        handler = _make_handler(self)
        server_cls = _IPv6Server if ":" in host else _Server
        self._server = server_cls((host, port), handler)
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="live-sim", kwargs={"poll_interval": 0.02}
        )
        self._thread.daemon = True
        self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop serving; pending delayed replies are released at once. Safe to call twice."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LiveSimulator:
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("simulator not started")
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("simulator not started")
        host = self._server.server_address[0]
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    # -- test hooks ----------------------------------------------------------------------------

    def fail_next(
        self, action: str, code: str, message: str = "Simulated failure.", times: int = 1
    ) -> None:
        """The next `times` requests of `action` get error `code` and are not processed."""
        self._check_hook(action, times)
        if not code:
            raise ValueError("code must not be empty")
        with self._lock:
            self._fail[action].extend([(code, message)] * times)

    def drop_next(self, action: str, times: int = 1) -> None:
        """The next `times` requests of `action` are processed, then the reply is never sent."""
        self._check_hook(action, times)
        with self._lock:
            self._drop[action] += times

    def delay_next(self, action: str, seconds: float, times: int = 1) -> None:
        """The next `times` requests of `action` are processed, then answered `seconds` late."""
        self._check_hook(action, times)
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        with self._lock:
            self._delay[action].extend([seconds] * times)

    @property
    def calls(self) -> list[tuple[str | None, dict[str, Any]]]:
        """Every request received, in order, as (action, business params); failed ones too."""
        with self._lock:
            return [(e["action"], dict(e["params"])) for e in self._log]

    @property
    def log(self) -> list[dict[str, Any]]:
        """Like `calls`, with `at` (rate clock), `error` (code or None), `request_id`."""
        with self._lock:
            return [dict(e) for e in self._log]

    @property
    def tasks(self) -> dict[str, dict[str, Any]]:
        """A snapshot: TaskId -> task (the RecordTask fields plus StreamType, Extension)."""
        with self._lock:
            return {tid: dict(t) for tid, t in self._book.tasks.items()}

    def reset(self) -> None:
        """Forget tasks, calls, hooks and rate-limit history."""
        with self._lock:
            self._reset_state()

    def _reset_state(self) -> None:
        self._book = TaskBook(self._clock)
        self._log: list[dict[str, Any]] = []
        self._fail: dict[str, list[tuple[str, str]]] = {a: [] for a in ACTIONS}
        self._drop: dict[str, int] = dict.fromkeys(ACTIONS, 0)
        self._delay: dict[str, list[float]] = {a: [] for a in ACTIONS}
        self._hits: dict[str, deque[float]] = {a: deque() for a in ACTIONS}

    @staticmethod
    def _check_hook(action: str, times: int) -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
        if times < 1:
            raise ValueError("times must be at least 1")

    # -- request handling ------------------------------------------------------------------------

    def _handle(self, req: Request) -> tuple[dict[str, Any] | None, float]:
        """Answer one HTTP request: (envelope, or None to drop the connection; delay seconds).

        Order as at Tencent: the gateway (action, version, signature, region, rate limit), then
        the hooks, then the action's own parameter checks and rules.
        """
        request_id = str(uuid.uuid4())
        entry: dict[str, Any] = {
            "action": None,
            "params": {},
            "at": self._rate_clock(),
            "error": None,
            "request_id": request_id,
        }
        with self._lock:
            self._log.append(entry)
        drop, delay = False, 0.0
        try:
            call = wire.read(req)
            action = call.action
            entry["action"] = action or None
            entry["params"] = call.params
            wire.check_action(call)
            self._auth.check(req, call)
            wire.check_region(call)
            with self._lock:
                self._admit(action)
                failure = self._fail[action].pop(0) if self._fail[action] else None
                delay = self._delay[action].pop(0) if self._delay[action] else 0.0
                if self._drop[action] > 0:
                    self._drop[action] -= 1
                    drop = True
                if failure is not None:
                    raise ApiError(*failure)
                params = wire.typed(action, call.params, call.from_text)
                result = self._book.apply(action, params, page_size=self.page_size)
            envelope = wire.reply(result, request_id)
        except ApiError as e:
            entry["error"] = e.code
            envelope = wire.error_reply(e, request_id)
        if self.on_request is not None:
            self.on_request({**entry, "dropped": drop, "delay": delay, "response": envelope})
        return (None if drop else envelope), delay

    # -- the actions (called with the lock held) ---------------------------------------------

    def _admit(self, action: str) -> None:
        hits = self._hits[action]
        now = self._rate_clock()
        while hits and hits[0] <= now - 1.0:
            hits.popleft()
        if len(hits) >= self.rate_limit:
            raise ApiError(
                "RequestLimitExceeded",
                f"Your request rate for `{action}` exceeds {self.rate_limit} requests per second.",
            )
        hits.append(now)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128


class _IPv6Server(_Server):
    address_family = socket.AF_INET6


def _make_handler(sim: LiveSimulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "recordbot-live-sim"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.close_connection = True
                return
            body = self.rfile.read(length) if length > 0 else b""
            parts = urlsplit(self.path)
            req = Request(
                method=self.command,
                path=parts.path or "/",
                query=parts.query,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            envelope, delay = sim._handle(req)
            if delay:
                sim._stopping.wait(delay)
            if envelope is None:
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            data = json.dumps(envelope).encode("utf-8")
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (timeout); nothing to do

        do_GET = _serve
        do_POST = _serve

    return Handler


def serve(port: int = 9000, host: str = "127.0.0.1", out: TextIO = sys.stdout) -> int:
    """`recordbot sim`: run the simulator in the foreground until SIGINT/SIGTERM; exit code."""

    def show(event: dict[str, Any]) -> None:
        resp = event["response"]["Response"]
        if "Error" in resp:
            outcome = f"error {resp['Error']['Code']}: {resp['Error']['Message']}"
        else:
            outcome = "ok" + (f" TaskId={resp['TaskId']}" if "TaskId" in resp else "")
        if event["dropped"]:
            outcome += " (reply dropped)"
        stamp = time.strftime("%H:%M:%S")
        print(f"[sim {stamp}] {event['action'] or '-'} {outcome}", file=out, flush=True)

    sim = LiveSimulator(on_request=show)
    try:
        url = sim.start(host, port)
    except OSError as e:
        print(f"recordbot sim: cannot listen on {host}:{port}: {e.strerror or e}", file=sys.stderr)
        return 1
    print(f"Live API simulator listening on {url}", file=out)
    print("Point recordbot at it with:", file=out)
    print(f"  LIVE_API_ENDPOINT={url}", file=out)
    print(f"  TENCENTCLOUD_SECRET_ID={SIM_SECRET_ID}", file=out)
    print(f"  TENCENTCLOUD_SECRET_KEY={SIM_SECRET_KEY}", file=out)
    print(f"  TENCENTCLOUD_REGION=ap-guangzhou  (any of: {', '.join(REGIONS)})", file=out)
    print("Stop with Ctrl+C.", file=out, flush=True)

    done = threading.Event()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, lambda *_: done.set())
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sim.stop()
    print("Live API simulator stopped.", file=out, flush=True)
    return 0
