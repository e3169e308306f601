"""HTTP mode: one server for Slack (`/slack/events`), Live callbacks and health checks.

Bolt's development server serves one path only, so requests are handed to `app.dispatch`.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from slack_bolt import App, BoltRequest

log = logging.getLogger("recordbot.http")

MAX_BODY = 1 << 20  # Slack payloads are far smaller; refuse anything larger without reading it
SLACK_CONTENT_TYPES = ("application/x-www-form-urlencoded", "application/json")
SLACK_TIMESTAMP = re.compile(r"[0-9]{1,15}")

# A route answers (status, content type, body) for a request body and headers.
Route = Callable[[bytes, dict[str, str]], tuple[int, str, bytes]]


class RecordbotHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # the default listen backlog of 5 resets connections in a burst

    def __init__(
        self,
        address: tuple[str, int],
        app: App | None,
        routes: dict[tuple[str, str], Route] | None = None,
    ) -> None:
        self.app = app  # None: no /slack/events here (Socket Mode's callback listener)
        self.routes = routes or {}
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start_background(self, poll_interval: float = 0.5) -> threading.Thread:
        """Serve in a daemon thread; shutdown() waits up to `poll_interval` (tests pass less)."""
        thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": poll_interval},
            name="recordbot-http",
            daemon=True,
        )
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: RecordbotHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s %s", self.address_string(), format % args)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, json.dumps({"ok": False, "error": message}).encode())

    def _body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._error(400, "bad Content-Length")
            return None
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._error(
                413 if length > MAX_BODY else 400,
                "request body too large" if length > 0 else "bad Content-Length",
            )
            return None
        return self.rfile.read(length)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        route = self.server.routes.get(("GET", urlsplit(self.path).path))
        if route is None:
            self._error(404, "not found")
            return
        self._run(route, b"")

    def _not_allowed(self) -> None:
        self.close_connection = True  # any body it sent is left unread
        self._error(405, "method not allowed")

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _not_allowed  # noqa: N815

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        path = urlsplit(self.path).path
        body = self._body()
        if body is None:
            return
        if path == "/slack/events" and self.server.app is not None:
            self._slack(body)
            return
        route = self.server.routes.get(("POST", path))
        if route is None:
            self._error(404, "not found")
            return
        self._run(route, body)

    def _run(self, route: Route, body: bytes) -> None:
        try:
            status, ctype, out = route(body, {k.lower(): v for k, v in self.headers.items()})
        except Exception:
            log.exception("route %s failed", self.path)
            status, ctype, out = 500, "application/json", b'{"ok":false,"error":"internal error"}'
        self._send(status, out, ctype)

    def _slack(self, body: bytes) -> None:
        headers: dict[str, list[str]] = {}
        for k, v in self.headers.items():
            headers.setdefault(k.lower(), []).append(v)
        query = urlsplit(self.path).query
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype not in SLACK_CONTENT_TYPES:
            self._error(415, "Slack requests are form-encoded or JSON")
            return
        stamp = self.headers.get("X-Slack-Request-Timestamp")
        if stamp is not None and not SLACK_TIMESTAMP.fullmatch(stamp):
            # Bolt's verifier raises on a non-numeric timestamp (a 500); unsigned either way
            self._error(401, "invalid request")
            return
        try:
            request = BoltRequest(body=body.decode("utf-8"), query=query, headers=headers)
        except UnicodeDecodeError:
            self._error(400, "body is not UTF-8")
            return
        except Exception as exc:  # input Bolt cannot parse: the sender's fault, not a traceback
            log.warning("refused a malformed Slack request (%s)", type(exc).__name__)
            self._error(400, "malformed request")
            return
        try:
            response = self.server.app.dispatch(request)
        except Exception:
            log.exception("Slack request could not be handled")
            self._error(400, "malformed request")
            return
        out = (
            response.body.encode("utf-8")
            if isinstance(response.body, str)
            else (response.body or b"")
        )
        ctype = (response.headers.get("content-type") or ["text/plain;charset=utf-8"])[0]
        extra = {
            k: v[0]
            for k, v in response.headers.items()
            if k.lower() not in ("content-type", "content-length") and v
        }
        self._send(response.status, out, ctype, extra)
