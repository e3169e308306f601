"""The simulator's HTTP transport: a threading server whose handler turns each request into a reply.

Every reply is HTTP 200 `application/json`; a dropped reply closes the connection unanswered.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from bot.live.sim.wire import Request

MAX_BODY = 10 * 1024 * 1024

# One request -> (reply envelope, or None to drop the connection; seconds to wait before replying).
Answer = Callable[[Request], tuple[dict[str, Any] | None, float]]


def make_server(
    host: str, port: int, answer: Answer, stopping: threading.Event
) -> ThreadingHTTPServer:
    """A server on host:port (IPv6 if host has a colon), not yet serving.

    Delayed replies wait on `stopping`, so setting it releases them at once.
    """
    server_cls = _IPv6Server if ":" in host else _Server
    return server_cls((host, port), _make_handler(answer, stopping))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128


class _IPv6Server(_Server):
    address_family = socket.AF_INET6


def _make_handler(answer: Answer, stopping: threading.Event) -> type[BaseHTTPRequestHandler]:
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
            envelope, delay = answer(req)
            if delay:
                stopping.wait(delay)
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
