"""HTTP mode: one WSGI app for Slack (`/slack/events`), Live callbacks and health checks, served
by waitress with bounds on what one client may hold.

`/slack/events` goes through Bolt's WSGI adapter (`slack_bolt.adapter.wsgi.SlackRequestHandler`),
after our checks of what Bolt would choke on; the other paths are plain routes.

The server is waitress's (`TcpWSGIServer`), which reads whole requests on one I/O thread before a
worker sees them, so a slow or silent client costs a socket, not a thread. On top of its
settings (`Limits`): a request must arrive whole within `request_timeout` of its first byte (a
slow-loris sender is cut off), a connection with no request under way is closed after
`idle_timeout` (`channel_timeout`), at most `connection_limit` connections are open (more wait in
the kernel's listen backlog), a body over `max_body` is refused with 413 from its Content-Length,
before it is read. Tracebacks are never sent to clients; waitress logs under the `waitress`
logger, which bot.logs formats like ours.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger("recordbot.http")

SLACK_PATH = "/slack/events"
MAX_BODY = 1 << 20  # Slack payloads are far smaller; anything larger is refused unread
SLACK_CONTENT_TYPES = ("application/x-www-form-urlencoded", "application/json")
SLACK_TIMESTAMP = re.compile(r"[0-9]{1,15}")
JSON_TYPE = "application/json"

# A route answers (status, content type, body) for a request body and headers (lower-case names).
Route = Callable[[bytes, dict[str, str]], tuple[int, str, bytes]]

SWEEP = 0.25  # seconds between checks for connections past a deadline
POLL = 0.25  # the I/O loop wakes at least this often, so a sweep is at most SWEEP + POLL late


@dataclass(frozen=True)
class Limits:
    """What the server allows one client; production's values by default (tests shrink times)."""

    request_timeout: float = 30.0  # first byte of a request to its last (headers and body)
    idle_timeout: int = 30  # no request under way: keep-alive, or connected and silent
    connection_limit: int = 500  # open connections; more wait in the listen backlog
    max_body: int = MAX_BODY  # bytes; a larger Content-Length gets 413 before any is read
    threads: int = 8  # requests handled at once (an ack takes ~1 ms)
    drain_timeout: float = 15.0  # on shutdown, how long requests under way may take to finish


# -- the WSGI app ---------------------------------------------------------------------------------


def _answer(
    start_response: StartResponse,
    status: int,
    body: bytes,
    content_type: str = JSON_TYPE,
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    from http import HTTPStatus

    start_response(
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", content_type), ("Content-Length", str(len(body))), *headers],
    )
    return [body]


def _error_body(message: str) -> bytes:
    return json.dumps({"ok": False, "error": message}).encode()


def _refusal(status: int, message: str) -> BoltResponse:
    return BoltResponse(
        status=status, body=_error_body(message).decode(), headers={"content-type": JSON_TYPE}
    )


def _read_body(environ: WSGIEnvironment) -> bytes:
    """The request body; waitress has already received it whole (and checked its length)."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    return environ["wsgi.input"].read(length) if length > 0 else b""


class SlackEvents(SlackRequestHandler):
    """Bolt's WSGI adapter, refusing with a 4xx what Bolt would turn into a 500."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        environ = request.environ
        ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if ctype not in SLACK_CONTENT_TYPES:
            return _refusal(415, "Slack requests are form-encoded or JSON")
        stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        if stamp is not None and not SLACK_TIMESTAMP.fullmatch(stamp):
            # Bolt's verifier raises on a non-numeric timestamp (a 500); unsigned either way
            return _refusal(401, "invalid request")
        try:
            body = _read_body(environ).decode("utf-8")
        except UnicodeDecodeError:
            return _refusal(400, "body is not UTF-8")
        try:
            bolt_request = BoltRequest(
                body=body, query=request.query_string, headers=request.get_headers()
            )
        except Exception as exc:  # input Bolt cannot parse: the sender's fault, not a traceback
            log.warning("refused a malformed Slack request (%s)", type(exc).__name__)
            return _refusal(400, "malformed request")
        try:
            return self.app.dispatch(bolt_request)
        except Exception:
            log.exception("Slack request could not be handled")
            return _refusal(400, "malformed request")


class RecordbotWSGI:
    """`POST /slack/events` to Bolt (when there is an app), the routes, 404 and 405 otherwise."""

    def __init__(self, app: App | None, routes: dict[tuple[str, str], Route] | None = None) -> None:
        self.slack = SlackEvents(app, SLACK_PATH) if app is not None else None
        self.routes = dict(routes or {})

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO") or "/"
        if self.slack is not None and path == SLACK_PATH:
            if method != "POST":
                return _answer(
                    start_response,
                    405,
                    _error_body("method not allowed"),
                    headers=[("Allow", "POST")],
                )
            return self.slack(environ, start_response)
        allowed = sorted(m for m, p in self.routes if p == path)
        if not allowed:
            return _answer(start_response, 404, _error_body("not found"))
        if method not in allowed:
            return _answer(
                start_response,
                405,
                _error_body("method not allowed"),
                headers=[("Allow", ", ".join(allowed))],
            )
        route = self.routes[(method, path)]
        body = _read_body(environ)
        headers = {k: str(v) for k, v in WsgiHttpRequest(environ).get_headers().items()}
        try:
            status, ctype, out = route(body, headers)
        except Exception:
            log.exception("route %s %s failed", method, path)
            status, ctype, out = 500, JSON_TYPE, _error_body("internal error")
        return _answer(start_response, status, out, ctype)


# -- the server -----------------------------------------------------------------------------------


FDS_PER_CONNECTION = 2  # the socket, and a temporary file for a body over 512 KiB
FDS_RESERVED = 256  # the task log, Slack and Live clients, the simulator, the interpreter


def fit_to_descriptors(connection_limit: int) -> int:
    """The connection cap, made to fit the open-file limit: the soft limit is raised toward the
    hard one if that is short; failing that, the cap is lowered (and a warning logged)."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return connection_limit
    wanted = connection_limit * FDS_PER_CONNECTION + FDS_RESERVED
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        except (OSError, ValueError):
            pass
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return connection_limit
    fitted = max(1, (soft - FDS_RESERVED) // FDS_PER_CONNECTION)
    log.warning(
        "open-file limit %d allows %d connections, not %d: raise it (ulimit -n) for more",
        soft,
        fitted,
        connection_limit,
    )
    return fitted


class _Channel(HTTPChannel):
    """A waitress connection that notes when the request it is receiving began."""

    request_began: float | None = None
    _timed: object = None

    def received(self, data: bytes) -> bool:
        out = super().received(data)
        if self.request is None:  # nothing half-received: every request so far is whole
            self.request_began = self._timed = None
        elif self.request is not self._timed:  # a new request started in this data
            self._timed, self.request_began = self.request, time.time()
        return out


class RecordbotHTTPServer(TcpWSGIServer):
    """`RecordbotWSGI` on waitress, bound at construction. `app` None: no `/slack/events` here
    (Socket Mode's callback listener). Serve with `start_background()` (or `serve_forever()`);
    `shutdown()` stops accepting, lets requests under way finish, and closes every connection."""

    channel_class = _Channel

    def __init__(
        self,
        address: tuple[str, int],
        app: App | None,
        routes: dict[tuple[str, str], Route] | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.limits = limits = limits or Limits()
        host, port = address
        adj = Adjustments(
            host=host,
            port=port,
            threads=limits.threads,
            connection_limit=fit_to_descriptors(limits.connection_limit),
            channel_timeout=limits.idle_timeout,
            cleanup_interval=1,  # waitress's whole seconds; maintenance() sweeps every SWEEP
            # waitress refuses a Content-Length >= this; ours refuses > max_body
            max_request_body_size=limits.max_body + 1,
            expose_tracebacks=False,
            ident="recordbot",
            asyncore_use_poll=True,  # select() fails on descriptors above 1023
            backlog=1024,
            log_socket_errors=False,  # a client hanging up is not our error
        )
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._serving = False
        self._shut = False
        workers = ThreadedTaskDispatcher()
        socket_map: dict[int, Any] = {}
        try:
            super().__init__(
                RecordbotWSGI(app, routes),
                map=socket_map,
                dispatcher=workers,
                adj=adj,
                sockinfo=adj.listen[0],
            )
        except BaseException:
            wasyncore.close_all(socket_map)  # the wake-up pipe, made before the bind failed
            raise
        workers.set_thread_count(limits.threads)  # only once bound

    @property
    def server_address(self) -> tuple[str, int]:
        return self.effective_host, int(self.effective_port)

    @property
    def url(self) -> str:
        host, port = self.server_address
        return f"http://{host}:{port}"

    # -- deadlines

    def maintenance(self, now: float) -> None:
        """Close connections past a deadline, or that would be before the next sweep: idle ones
        (no request under way, nothing received or sent for `idle_timeout`) and those still
        receiving a request `request_timeout` after its first byte. A request already whole is
        never cut: it is being answered."""
        soon = now + SWEEP + POLL
        idle_before = soon - self.adj.channel_timeout
        began_before = soon - self.limits.request_timeout
        slow = 0
        for channel in list(self.active_channels.values()):
            if channel.requests or channel.will_close:
                continue
            began = getattr(channel, "request_began", None)
            if began is not None and began < began_before:
                channel.will_close = True
                slow += 1
            elif channel.last_activity < idle_before:
                channel.will_close = True
        # waitress schedules the next sweep before calling this, in whole seconds: sooner
        self.next_channel_cleanup = now + SWEEP
        if slow:
            log.info(
                "closed %d connection(s) that took over %gs to send a request",
                slow,
                self.limits.request_timeout,
            )

    # -- running and stopping

    def serve_forever(self, poll_interval: float = POLL) -> None:
        """Serve until shutdown(); then drain (see shutdown)."""
        self._serving = True
        try:
            while not self._stopping.is_set():
                wasyncore.loop(
                    timeout=min(poll_interval, POLL), map=self._map, use_poll=True, count=1
                )
            self._drain()
        finally:
            self._stopped.set()

    def start_background(self, poll_interval: float = POLL) -> threading.Thread:
        """Serve in a daemon thread."""
        self._serving = True  # before the thread runs: a shutdown() right away still waits
        thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": poll_interval},
            name="recordbot-http",
            daemon=True,
        )
        thread.start()
        return thread

    def shutdown(self) -> None:
        """Stop accepting, let requests under way finish (at most `drain_timeout`), close every
        connection; returns once done. Idle and half-received connections are closed at once."""
        self._stopping.set()
        if not self._serving:
            return
        try:
            self.pull_trigger()  # wake the I/O loop now
        except OSError:
            pass
        self._stopped.wait()

    def _drain(self) -> None:
        wasyncore.dispatcher.close(self)  # the listening socket: no new connections
        deadline = time.monotonic() + self.limits.drain_timeout
        while True:
            busy = 0
            for channel in list(self.active_channels.values()):
                if channel.requests or channel.total_outbufs_len:
                    busy += 1
                else:
                    channel.will_close = True
            if not busy:
                break
            if time.monotonic() >= deadline:
                log.warning("stopping with %d request(s) unfinished", busy)
                break
            wasyncore.loop(timeout=0.05, map=self._map, use_poll=True, count=1)
        self.server_close()

    def server_close(self) -> None:
        """Close the listening socket, every connection and the worker threads."""
        if self._shut:
            return
        self._shut = True
        if self.socket is not None:
            wasyncore.dispatcher.close(self)
        self.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        wasyncore.close_all(self._map)  # connections and the wake-up pipe
