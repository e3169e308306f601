"""The HTTP server's bounds, over real sockets on loopback: silent and slow clients are cut off
on time while Slack is still acked fast, connections are capped, an oversized body is refused
before it is sent, and shutdown lets a request under way finish.

The times are shrunk (`Limits`) so each test runs in seconds; production's are 30 s.
"""

from __future__ import annotations

import http.client
import logging
import selectors
import socket
import threading
import time
from collections.abc import Callable

import pytest

from bot.slack.server import MAX_BODY, POLL, SWEEP, Limits, RecordbotHTTPServer

from wiredapp import World

pytestmark = pytest.mark.usefixtures("no_proxies")

IDLE, SLOW = 2, 3.0  # idle_timeout and request_timeout in these tests
EARLY = SWEEP + POLL  # the server may close a connection this much before its deadline
LATE = 1.0  # scheduling slack on a loaded test machine


def connect(server: RecordbotHTTPServer) -> socket.socket:
    sock = socket.create_connection(server.server_address, timeout=5)
    sock.setblocking(False)
    return sock


def wait_for_closes(
    socks: dict[socket.socket, float], timeout: float
) -> dict[socket.socket, float]:
    """Watch `socks` (socket -> when its clock started) until the server has closed each one or
    `timeout` passes; returns socket -> seconds from its start to the close seen."""
    closed: dict[socket.socket, float] = {}
    with selectors.DefaultSelector() as sel:
        for sock in socks:
            sel.register(sock, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while len(closed) < len(socks) and time.monotonic() < deadline:
            for key, _ in sel.select(timeout=0.1):
                sock = key.fileobj
                try:
                    data = sock.recv(4096)  # type: ignore[union-attr]
                except (ConnectionResetError, BrokenPipeError):
                    data = b""
                except BlockingIOError:
                    continue
                if not data:
                    closed[sock] = time.monotonic() - socks[sock]  # type: ignore[index]
                    sel.unregister(sock)
    return closed


def test_silent_and_slow_connections_are_cut_off_while_slack_is_acked_fast(
    make_world: Callable[..., World],
) -> None:
    world = make_world(limits=Limits(idle_timeout=IDLE, request_timeout=SLOW))
    world.command("help")  # the first request pays for imports and connections
    silent: dict[socket.socket, float] = {}
    slow: dict[socket.socket, float] = {}
    try:
        for _ in range(100):
            silent[connect(world.server)] = time.monotonic()
        for _ in range(100):
            sock = connect(world.server)
            sock.send(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
            slow[sock] = time.monotonic()

        stop = threading.Event()

        def drip() -> None:  # a header byte every 0.3 s: never idle, never finished
            while not stop.wait(0.3):
                for sock in list(slow):
                    try:
                        sock.send(b"X")
                    except OSError:
                        pass

        dripper = threading.Thread(target=drip, daemon=True)
        dripper.start()
        deadline = time.monotonic() + 5
        while len(world.server.active_channels) < 200 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(world.server.active_channels) >= 200  # all held open by the server at once

        body = world.slack.slash_command_body("livetest tomorrow 9am to 10am", user_id="U1")
        t0 = time.perf_counter()
        status, out = world.send(body)
        ack = time.perf_counter() - t0
        assert status == 200, out
        assert ack < 1.0, f"ack took {ack:.3f}s with 200 slow connections open"

        closed = wait_for_closes({**silent, **slow}, timeout=SLOW + 2 * LATE)
        stop.set()
        dripper.join(2)
        silent_times = sorted(closed[s] for s in silent if s in closed)
        slow_times = sorted(closed[s] for s in slow if s in closed)
        assert len(silent_times) == 100, f"{100 - len(silent_times)} silent connections left open"
        assert len(slow_times) == 100, f"{100 - len(slow_times)} slow senders left open"
        # silent ones on the idle deadline; slow senders, never idle, on the request deadline
        assert IDLE - EARLY <= silent_times[0] and silent_times[-1] <= IDLE + LATE, silent_times
        assert SLOW - EARLY <= slow_times[0] and slow_times[-1] <= SLOW + LATE, slow_times
        assert world.command("help")  # and the server still serves
    finally:
        for sock in (*silent, *slow):
            sock.close()


def test_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout(
    make_world: Callable[..., World],
) -> None:
    world = make_world(limits=Limits(idle_timeout=IDLE, request_timeout=SLOW))
    conn = http.client.HTTPConnection(*world.server.server_address, timeout=5)
    try:
        conn.request("GET", "/healthz")
        resp = conn.getresponse()
        resp.read()
        assert resp.status == 200 and not resp.will_close  # kept alive
        assert conn.sock is not None
        conn.sock.setblocking(False)
        closed = wait_for_closes({conn.sock: time.monotonic()}, timeout=IDLE + 2 * LATE)
        assert conn.sock in closed, "an idle keep-alive connection stayed open"
        assert IDLE - EARLY <= closed[conn.sock] <= IDLE + LATE
    finally:
        conn.close()


def test_connections_over_the_cap_wait_and_are_served_once_others_go(
    make_world: Callable[..., World], caplog: pytest.LogCaptureFixture
) -> None:
    cap = 20
    world = make_world(limits=Limits(connection_limit=cap, idle_timeout=30, request_timeout=30))
    caplog.set_level(logging.INFO, logger="waitress")
    socks = [connect(world.server) for _ in range(3 * cap)]  # the kernel queues the rest
    try:
        seen = 0
        for _ in range(25):
            seen = max(seen, len(world.server.active_channels))
            time.sleep(0.02)
        assert cap - 3 <= seen <= cap, seen
        assert any(
            r.name == "waitress" and "connection limit" in r.getMessage() for r in caplog.records
        )
    finally:
        for sock in socks:
            sock.close()
    # the server sees them go, accepts the queued ones (gone too), and serves again
    status, _ = http_get(world.server, "/healthz", timeout=10)
    assert status == 200


def http_get(server: RecordbotHTTPServer, path: str, timeout: float = 5) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(*server.server_address, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_a_body_over_the_limit_is_refused_before_it_is_sent(world: World) -> None:
    head = (
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + str(MAX_BODY + 1).encode() + b"\r\n\r\n"
    )
    with socket.create_connection(world.server.server_address, timeout=5) as sock:
        sock.sendall(head + b"text=" + b"a" * 1000)  # and nothing more: the rest never comes
        answer = sock.recv(65536)  # times out if the server waits for the whole body
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:100]
    assert b"Traceback" not in answer


def test_a_body_at_the_limit_is_read(world: World) -> None:
    body = b"{" + b" " * (MAX_BODY - 2) + b"}"
    assert len(body) == MAX_BODY
    conn = http.client.HTTPConnection(*world.server.server_address, timeout=10)
    try:
        conn.request("POST", "/live/callback", body, {"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
    finally:
        conn.close()
    assert 400 <= resp.status < 500 and resp.status != 413, resp.status  # read, then refused


def test_a_route_failure_is_a_500_without_a_traceback() -> None:
    def broken(body: bytes, headers: dict[str, str]) -> tuple[int, str, bytes]:
        raise RuntimeError("secret detail")

    server = RecordbotHTTPServer(("127.0.0.1", 0), None, {("GET", "/boom"): broken})
    server.start_background()
    try:
        status, out = http_get(server, "/boom")
        assert status == 500 and b"secret detail" not in out and b"Traceback" not in out
        assert http_get(server, "/nope")[0] == 404
        conn = http.client.HTTPConnection(*server.server_address, timeout=5)
        conn.request("POST", "/boom", b"x")
        resp = conn.getresponse()
        assert resp.status == 405 and resp.getheader("Allow") == "GET"
        conn.close()
    finally:
        server.shutdown()
        server.server_close()


def test_shutdown_lets_a_request_under_way_finish_and_refuses_new_ones() -> None:
    entered, release = threading.Event(), threading.Event()

    def slow(body: bytes, headers: dict[str, str]) -> tuple[int, str, bytes]:
        entered.set()
        release.wait(5)
        return 200, "text/plain", b"finished"

    server = RecordbotHTTPServer(("127.0.0.1", 0), None, {("GET", "/slow"): slow})
    server.start_background()
    idle = socket.create_connection(server.server_address, timeout=5)
    answer: list[tuple[int, bytes]] = []
    client = threading.Thread(target=lambda: answer.append(http_get(server, "/slow")))
    client.start()
    assert entered.wait(5)
    stopper = threading.Thread(target=server.shutdown)
    stopper.start()
    time.sleep(0.3)
    assert stopper.is_alive()  # waiting for the request under way
    assert idle.recv(1) == b""  # an idle connection is closed at once
    with pytest.raises(OSError):
        socket.create_connection(server.server_address, timeout=1).close()
    release.set()
    stopper.join(5)
    client.join(5)
    assert not stopper.is_alive()
    assert answer == [(200, b"finished")]
    server.server_close()
    idle.close()
