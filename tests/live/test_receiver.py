"""The shell's loopback listener for Live's callbacks: `POST /live/callback` to the handler."""

from __future__ import annotations

import http.client
import json

import pytest

from bot.live.callbacks import CallbackHandler
from bot.live.receiver import MAX_BODY, CallbackListener

from fakes import live_signed

pytestmark = pytest.mark.usefixtures("no_proxies")


def post(listener: CallbackListener, path: str, body: bytes, method: str = "POST", **headers: str):
    port = int(listener.url.split(":")[2].split("/")[0])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        headers = {"Content-Type": "application/json", **headers}
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


@pytest.fixture
def seen():
    return []


@pytest.fixture
def listener(seen):
    def route(body: bytes, headers: dict[str, str]):
        seen.append((body, headers))
        return 200, "application/json", b'{"code":0}'

    server = CallbackListener(route)
    server.start()
    yield server
    server.close()


def test_the_route_gets_the_body_and_headers(listener, seen) -> None:
    assert listener.url.startswith("http://127.0.0.1:") and listener.url.endswith("/live/callback")
    assert post(listener, "/live/callback", b'{"event_type": 1}') == (200, b'{"code":0}')
    ((body, headers),) = seen
    assert body == b'{"event_type": 1}' and headers["content-type"] == "application/json"


def test_only_post_to_the_callback_path(listener, seen) -> None:
    assert post(listener, "/slack/events", b"{}")[0] == 404
    assert post(listener, "/live/callback", b"", method="GET")[0] == 405
    too_big = {"Content-Length": str(MAX_BODY + 1)}  # refused before the body is read
    assert post(listener, "/live/callback", b"", **too_big)[0] == 413
    assert seen == []


def test_a_failing_route_answers_500() -> None:
    def boom(body: bytes, headers: dict[str, str]):
        raise RuntimeError("bug")

    server = CallbackListener(boom)
    server.start()
    try:
        assert post(server, "/live/callback", b"{}")[0] == 500
    finally:
        server.close()


def test_with_the_bots_handler_a_signed_callback_is_stored(store) -> None:
    import time

    server = CallbackListener(CallbackHandler(store, "k", clock=time.time))
    server.start()
    try:
        payload = live_signed({"event_type": 1, "app": "d", "appname": "live",
                               "stream_id": "s"}, "k", int(time.time()) + 600)  # fmt: skip
        assert post(server, "/live/callback", json.dumps(payload).encode())[0] == 200
        bad = {**payload, "sign": "0" * 32}
        assert post(server, "/live/callback", json.dumps(bad).encode())[0] == 401
    finally:
        server.close()
