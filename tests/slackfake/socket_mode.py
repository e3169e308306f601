"""Slack's Socket Mode WebSocket, on loopback: the URL apps.connections.open hands out
(`SlackWebApiStandIn(socket_mode_url=...)`), a `hello` when an app connects, envelopes sent to
it as Slack sends them, and the acknowledgements it sends back.

Sources: "Using Socket Mode" (the hello message; envelopes with `envelope_id`, `type`
`events_api` | `interactive` | `slash_commands`, `payload`, `accepts_response_payload`,
`retry_attempt`, `retry_reason`; an app acknowledges an envelope by sending back its
`envelope_id`, with a `payload` when it answers with one) and RFC 6455 (the handshake, frames
from a client masked, from a server not, ping answered by pong). Plain `ws://` only: slack_sdk's
built-in client connects without TLS to a port other than 443, "for library testing".
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import socket
import socketserver
import struct
import threading
import time
from typing import Any

from .model import JSON

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


def _frame(opcode: int, data: bytes) -> bytes:
    """A server frame: final, unmasked."""
    head = bytes([0x80 | opcode])
    n = len(data)
    if n < 126:
        head += bytes([n])
    elif n < 1 << 16:
        head += bytes([126]) + struct.pack("!H", n)
    else:
        head += bytes([127]) + struct.pack("!Q", n)
    return head + data


def _read_exact(sock: socket.socket, n: int) -> bytes:
    out = b""
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise ConnectionError("closed")
        out += chunk
    return out


def _read_frame(sock: socket.socket) -> tuple[int, bytes]:
    """One client frame (clients must mask theirs, RFC 6455 5.1)."""
    b1, b2 = _read_exact(sock, 2)
    opcode, masked, n = b1 & 0x0F, b2 & 0x80, b2 & 0x7F
    if n == 126:
        (n,) = struct.unpack("!H", _read_exact(sock, 2))
    elif n == 127:
        (n,) = struct.unpack("!Q", _read_exact(sock, 8))
    if not masked:
        raise ConnectionError("an unmasked frame from a client")
    key = _read_exact(sock, 4)
    data = bytes(b ^ key[i % 4] for i, b in enumerate(_read_exact(sock, n)))
    return opcode, data


class SocketModeStandIn:
    """One app connection at a time; `send_envelope` delivers, `wait_ack` waits for the app's
    acknowledgement of it."""

    def __init__(self, app_id: str = "A1") -> None:
        self.app_id = app_id
        self._lock = threading.Condition()
        self._conn: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._acks: dict[str, JSON] = {}
        self.received: list[JSON] = []  # every text message from the app
        self.connections = 0
        self._server: socketserver.ThreadingTCPServer | None = None

    # -- lifecycle

    def start(self) -> SocketModeStandIn:
        stand_in = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                stand_in._serve(self.request)

        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except OSError:
                pass
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None, "not started"
        port = self._server.server_address[1]
        return f"ws://127.0.0.1:{port}/link/?ticket={secrets.token_hex(8)}&app_id={self.app_id}"

    # -- what tests do

    def wait_connected(self, timeout: float = 30.0) -> None:
        with self._lock:
            if not self._lock.wait_for(lambda: self._conn is not None, timeout):
                raise AssertionError(f"no Socket Mode connection within {timeout}s")

    def send_envelope(
        self, kind: str, payload: JSON, *, accepts_response_payload: bool = False
    ) -> str:
        """Deliver `payload` as Slack does over the socket; the envelope's id."""
        envelope_id = f"{secrets.token_hex(4)}-{secrets.token_hex(2)}-{secrets.token_hex(6)}"
        envelope = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
            "retry_attempt": 0,
            "retry_reason": "",
        }
        self._send(json.dumps(envelope).encode("utf-8"))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> JSON:
        """The app's acknowledgement of an envelope (`{"envelope_id": ..., "payload"?: ...}`)."""
        with self._lock:
            if not self._lock.wait_for(lambda: envelope_id in self._acks, timeout):
                raise AssertionError(f"envelope {envelope_id} not acknowledged in {timeout}s")
            return self._acks[envelope_id]

    def ack_time(self, envelope_id: str) -> float:
        return float(self._acks[envelope_id]["_at"])

    # -- the socket

    def _send(self, data: bytes, opcode: int = TEXT) -> None:
        with self._lock:
            conn = self._conn
        if conn is None:
            raise AssertionError("no app is connected")
        with self._send_lock:
            conn.sendall(_frame(opcode, data))

    def _serve(self, conn: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        headers = {}
        for line in request.decode("latin-1").split("\r\n")[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        key = headers.get("sec-websocket-key", "").encode()
        accept = base64.b64encode(hashlib.sha1(key + _GUID).digest()).decode()
        conn.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )
        with self._lock:
            self._conn = conn
            self.connections += 1
            self._lock.notify_all()
        hello = {
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "applink-standin", "build_number": 1},
            "connection_info": {"app_id": self.app_id},
        }
        self._send(json.dumps(hello).encode())
        try:
            while True:
                opcode, data = _read_frame(conn)
                if opcode == PING:
                    with self._send_lock:
                        conn.sendall(_frame(PONG, data))
                elif opcode == TEXT:
                    self._received(data)
                elif opcode == CLOSE:
                    with self._send_lock:
                        conn.sendall(_frame(CLOSE, data[:2]))
                    return
        except (ConnectionError, OSError):
            return
        finally:
            with self._lock:
                if self._conn is conn:
                    self._conn = None

    def _received(self, data: bytes) -> None:
        try:
            message: Any = json.loads(data)
        except ValueError:
            return
        with self._lock:
            self.received.append(message)
            if isinstance(message, dict) and isinstance(message.get("envelope_id"), str):
                self._acks[message["envelope_id"]] = {**message, "_at": time.monotonic()}
            self._lock.notify_all()
