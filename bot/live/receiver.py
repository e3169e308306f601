"""A small loopback HTTP listener for Live's callbacks, `POST /live/callback` and nothing else.

The offline shell has no Slack server to host the callback route, so it runs this one: the
simulator POSTs its callbacks to it over real HTTP, as Live would, and each request body goes to
the callback handler (`bot.live.callbacks.CallbackHandler`, or any route with its signature).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

log = logging.getLogger("recordbot.callbacks")

PATH = "/live/callback"
MAX_BODY = 1 << 20  # Live's callbacks are a few hundred bytes

# A route answers (status, content type, body) for a request body and its headers.
Route = Callable[[bytes, dict[str, str]], tuple[int, str, bytes]]


class CallbackListener:
    """Serves `route` at `POST /live/callback` on host:port (0 = any free port)."""

    def __init__(self, route: Route, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = _Server((host, port), _handler(route))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The callback URL to give Live (or the simulator)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{PATH}"

    def start(self) -> str:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="recordbot-callbacks",
            daemon=True,
        )
        self._thread.start()
        return self.url

    def close(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def _handler(route: Route) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "recordbot-callbacks"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
            pass

        def _send(self, status: int, ctype: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            if urlsplit(self.path).path == PATH:
                self._send(405, "text/plain", b"POST only")
            else:
                self._send(404, "text/plain", b"not found")

        def do_POST(self) -> None:  # noqa: N802 - stdlib name
            if urlsplit(self.path).path != PATH:
                self._send(404, "text/plain", b"not found")
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                self.close_connection = True
                self._send(413, "text/plain", b"body too large or without a length")
                return
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status, ctype, answer = route(body, headers)
            except Exception:
                log.exception("the Live callback handler failed")
                status, ctype, answer = 500, "application/json", b'{"code":500}'
            self._send(status, ctype, answer)

    return Handler
