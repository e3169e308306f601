"""Delivering requests as Slack does: the v0 signature headers (`sign`) and proxy-free POSTs to
an app on loopback (`post`, `post_signed`); `free_port` for a bot run as its own process."""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from collections.abc import Mapping


def sign(signing_secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack sends with a request to the app: the v0 signature over `v0:{ts}:{body}`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode("ascii") + b":" + body
    digest = hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post(
    url: str, body: bytes, headers: Mapping[str, str], timeout: float = 5
) -> tuple[int, dict[str, str], bytes]:
    """POST like Slack's servers do, ignoring proxy variables (loopback must stay loopback).

    Returns (status, lower-cased headers, body) for any HTTP status; raises only when no
    HTTP answer came (refused, timeout).
    """
    req = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with _NO_PROXY_OPENER.open(req, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def post_signed(
    url: str,
    signing_secret: str,
    body: bytes,
    timestamp: int | None = None,
    timeout: float = 5,
) -> tuple[int, dict[str, str], bytes]:
    """`post` with `sign` headers: one request exactly as Slack would deliver it."""
    return post(url, body, sign(signing_secret, body, timestamp), timeout=timeout)


def free_port() -> int:
    """A loopback port nobody listens on right now (for a bot run as its own process)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
