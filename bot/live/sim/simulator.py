"""LiveSimulator: the Live API on loopback, tying the wire format, signatures and rules together.

It adds what sits in front of the rules: the gateway's order, the rate limit, the test hooks;
and, with a callback URL, what comes after them: Live's callbacks as its tasks start and end
(notify.py), sent from `tick()`, which a background thread calls every `tick_interval` seconds.

Choices where Tencent's documents are silent (callers must not rely on more than this):
- The rate limit counts requests that passed authentication; refused ones do not count.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from typing import Any

from bot.live.sim import wire
from bot.live.sim.auth import Authenticator
from bot.live.sim.notify import RETRIES, RETRY_INTERVAL, TIMEOUT, CallbackSender, LiveEvents
from bot.live.sim.rules import TaskBook
from bot.live.sim.server import make_server
from bot.live.sim.wire import ACTIONS, ApiError, Request

log = logging.getLogger("recordbot.sim")

SIM_SECRET_ID = "AKIDrecordbotSimulator"
SIM_SECRET_KEY = "recordbot-simulator-secret"


class LiveSimulator:
    """The Live API on a loopback HTTP server, with strict test hooks.

    `secret_id`/`secret_key` are the one key it accepts; with `token` they are temporary
    credentials and requests must carry that token (X-TC-Token).

    With `callback_url`, it POSTs Live's callbacks there, signed with `callback_key`, as its
    tasks start and end by `clock`; each is retried `callback_retries` times, every
    `callback_retry_interval` seconds of that clock, until answered 200. `tick()` sends what is
    due (tests call it); once started, a thread calls it every `tick_interval` seconds (None: no
    thread). `on_callback` sees every attempt.

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
        token: str | None = None,
        callback_url: str | None = None,
        callback_key: str | None = None,
        callback_retries: int = RETRIES,
        callback_retry_interval: float = RETRY_INTERVAL,
        callback_timeout: float = TIMEOUT,
        tick_interval: float | None = 1.0,
        on_callback: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        if page_size < 1 or rate_limit < 1:
            raise ValueError("page_size and rate_limit must be at least 1")
        if tick_interval is not None and tick_interval <= 0:
            raise ValueError("tick_interval must be positive (or None for no thread)")
        self._sender = (
            CallbackSender(
                callback_url,
                callback_key,
                retries=callback_retries,
                retry_interval=callback_retry_interval,
                timeout=callback_timeout,
            )
            if callback_url
            else None
        )
        self.tick_interval = tick_interval
        self.on_callback = on_callback
        self._deliver_lock = threading.Lock()
        self._ticker: threading.Thread | None = None
        self._ticker_stop = threading.Event()
        self._auth = Authenticator(
            {secret_id: secret_key},
            clock,
            tokens={secret_id: token} if token else None,
            hosts=self._endpoint_hosts,
        )
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
        self._server = make_server(host, port, self._handle, self._stopping)
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="live-sim", kwargs={"poll_interval": 0.02}
        )
        self._thread.daemon = True
        self._thread.start()
        if self._sender is not None and self.tick_interval is not None:
            self._ticker_stop.clear()
            self._ticker = threading.Thread(target=self._tick_forever, name="live-sim-callbacks")
            self._ticker.daemon = True
            self._ticker.start()
        return self.url

    def stop(self) -> None:
        """Stop serving; pending delayed replies are released at once. Safe to call twice."""
        server, self._server = self._server, None
        if server is None:
            return
        self._ticker_stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=5)
            self._ticker = None
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

    def _endpoint_hosts(self) -> frozenset[str] | None:
        """The `host:port` names requests may give as Host (None: any; see auth.py)."""
        server = self._server
        if server is None:
            return None
        host, port = server.server_address[:2]
        address = ipaddress.ip_address(host)
        if address.is_unspecified:
            return None
        names = {f"[{host}]:{port}" if address.version == 6 else f"{host}:{port}"}
        if address.is_loopback:
            names.add(f"localhost:{port}")
        return frozenset(names)

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
        """A snapshot: TaskId -> task (the RecordTask fields plus StreamType, Extension and
        Deleted); a task deleted after its window began stays here (see rules.py)."""
        with self._lock:
            return {tid: dict(t) for tid, t in self._book.tasks.items()}

    @property
    def callback_log(self) -> list[dict[str, Any]]:
        """Every callback attempt, in order: {"payload" (as sent, signed), "attempt", "status"
        (HTTP status, or None when no answer came), "error", "delivered", "gave_up"}."""
        with self._lock:
            return [dict(e) for e in self._callback_log]

    @property
    def callbacks_pending(self) -> int:
        """Callbacks waiting for their first attempt or for a retry."""
        return self._sender.pending if self._sender is not None else 0

    # -- callbacks -------------------------------------------------------------------------------

    def tick(self, now: float | None = None) -> list[dict[str, Any]]:
        """Send the callbacks due at `now` (default: the clock): those the tasks' starts and ends
        owe, and retries that fell due. Returns this tick's attempts (see `callback_log`)."""
        if self._sender is None:
            return []
        with self._lock:
            now = self._clock() if now is None else now
            payloads = self._events.due(self._book.tasks, self._book.created, now)
            self._sender.enqueue(payloads, now)
        with self._deliver_lock:  # one deliverer at a time: callbacks leave in order
            attempts = self._sender.deliver_due(now)
        with self._lock:
            self._callback_log += attempts
        if self.on_callback is not None:
            for attempt in attempts:
                self.on_callback(attempt)
        return attempts

    def _tick_forever(self) -> None:
        assert self.tick_interval is not None
        while not self._ticker_stop.wait(self.tick_interval):
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - the thread must outlive one bad tick
                log.exception("simulator callback tick failed")

    def reset(self) -> None:
        """Forget tasks, calls, hooks, rate-limit history and callbacks owed."""
        with self._lock:
            self._reset_state()

    def _reset_state(self) -> None:
        self._book = TaskBook(self._clock)
        self._events = LiveEvents()
        self._callback_log: list[dict[str, Any]] = []
        if self._sender is not None:
            self._sender.clear()
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

    # -- the rate limit (called with the lock held) -------------------------------------------

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
