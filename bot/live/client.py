"""The Live API client: the official SDK behind a small interface, with our own retries and pacing.

Failures reach callers only as `bot.errors` types:
- `LiveError(code, message, request_id)`: the service answered with an error (code is Tencent's).
- `LiveUnreachable` (code "LiveUnreachable"): nothing was sent (refused connection, DNS, connect
  timeout, certificate or proxy failure). Already retried here; safe to retry again.
- `LiveAmbiguous` (code "LiveAmbiguous", or "ServerNetworkError" for a non-200 HTTP reply): the
  request was sent and no usable reply came (read timeout, reset, dropped or unreadable reply).
  Stop/Delete/Describe are retried here; CreateRecordTask is not: look the task up
  (DescribeRecordTask) before creating again, or it may record twice.
"""

from __future__ import annotations

import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.live.v20180801 import live_client, models

from bot.config import is_loopback_host, parse_endpoint
from bot.errors import ConfigError, LiveAmbiguous, LiveError, LiveUnreachable
from bot.live.api import (
    CREATE,
    DEFAULT_ENDPOINT,
    DEFAULT_REGION,
    DELETE,
    DESCRIBE,
    STOP,
    CreateResult,
    LiveApi,
    RemoteTask,
)
from bot.live.pacing import RateLimiter, queued_callback

DESCRIBE_SPAN = 7 * 24 * 3600  # DescribeRecordTask's longest query span
_TASK_MAX = 24 * 3600  # a task lasts at most this long: the overlap between week-long queries

_log = logging.getLogger("recordbot.live")
T = TypeVar("T")


# -- retries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts in all (first one included), full-jitter backoff, and a total time budget."""

    max_attempts: int = 4
    base_delay: float = 0.2
    max_delay: float = 2.0
    deadline: float = 8.0


def _decide(
    action: str,
    error: LiveError,
    attempt: int,
    elapsed: float,
    policy: RetryPolicy,
    rand: Callable[[], float],
) -> tuple[float | None, str]:
    if isinstance(error, LiveAmbiguous):
        if action == CREATE:
            return None, "raise: the create may have happened; look it up before retrying"
    elif not isinstance(error, LiveUnreachable):
        code = error.code or ""
        limited = code == "RequestLimitExceeded" or code.startswith("RequestLimitExceeded.")
        if code == "InternalError.NetworkError" and action == CREATE:
            # Live's own network failed mid-way: the task may exist. The caller looks first.
            return None, "raise: the create may have happened; look it up before retrying"
        if not (limited or code == "InternalError.NetworkError"):
            return None, "raise: not retryable"
    if attempt >= policy.max_attempts:
        return None, f"give up: {attempt} attempts made"
    delay = rand() * min(policy.max_delay, policy.base_delay * 2 ** (attempt - 1))
    if elapsed + delay > policy.deadline:
        return None, f"give up: past the {policy.deadline:g}s deadline"
    return delay, f"retry in {delay:.3f}s"


def retry_decision(
    action: str,
    error: LiveError,
    attempt: int,
    elapsed: float,
    policy: RetryPolicy,
    *,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """Seconds to wait before attempt `attempt + 1`, or None to raise `error`.

    Retried: LiveUnreachable and RequestLimitExceeded* (any action); InternalError.NetworkError
    and LiveAmbiguous for every action but CreateRecordTask, whose caller must look the task up
    before any retry. Never: business errors.
    `attempt` counts attempts made so far (1 after the first); `elapsed` is seconds since it began.
    """
    return _decide(action, error, attempt, elapsed, policy, rand)[0]


# -- error translation ---------------------------------------------------------------------------

_CLIENT_SIDE = {"ClientError", "ClientParamsError", "InvalidCredential"}
# Failures that can only happen before the request is on the wire. Not every TLS error is one:
# urllib3 reports a TLS failure while reading the reply as SSLError too, so only a failed
# certificate check (during the handshake) counts.
_NOT_SENT = (
    requests.exceptions.ConnectTimeout,
    requests.exceptions.ProxyError,  # urllib3 says "proxy" only before it reached the proxy
    requests.exceptions.InvalidURL,
    requests.exceptions.InvalidSchema,
    requests.exceptions.MissingSchema,
    urllib3.exceptions.NewConnectionError,  # refused, unreachable, DNS (NameResolutionError)
    urllib3.exceptions.ConnectTimeoutError,
    urllib3.exceptions.ProxyError,
    ssl.SSLCertVerificationError,
    ConnectionRefusedError,
    socket.gaierror,
)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what it wraps (cause/context, requests' args, urllib3's reason), and so on."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        linked = [e.__cause__, e.__context__, getattr(e, "reason", None), *e.args]
        todo.extend(x for x in linked if isinstance(x, BaseException))


def _network_detail(exc: BaseException) -> str:
    causes = [e for e in _chain(exc) if not isinstance(e, TencentCloudSDKException)]
    inner = causes[-1] if causes else exc
    return f"{type(inner).__name__}: {inner}"


def translate_error(exc: BaseException, endpoint: str = "") -> LiveError:
    """Any failure of one SDK call -> our LiveError family (see the module docstring)."""
    if isinstance(exc, TencentCloudSDKException):
        code = exc.code or ""
        message = exc.message if isinstance(exc.message, str) else repr(exc.message)
        if exc.requestId:  # only the service sets a RequestId
            return LiveError(code, message, exc.requestId)
        if code == "ServerNetworkError":
            body = exc.message
            if isinstance(body, bytes):
                body = body.decode("utf-8", "replace")
            return LiveAmbiguous(
                "ServerNetworkError",
                f"The Live API endpoint {endpoint} answered with an HTTP error instead of an API "
                f"reply: {str(body)[:200]!r}",
            )
        if code in _CLIENT_SIDE:
            return LiveError(code, message)
    if any(isinstance(e, _NOT_SENT) for e in _chain(exc)):
        return LiveUnreachable(
            "LiveUnreachable",
            f"Could not reach the Live API at {endpoint}: {_network_detail(exc)}",
        )
    return LiveAmbiguous(
        "LiveAmbiguous",
        f"The request was sent to {endpoint} but no usable reply came: {_network_detail(exc)}",
    )


# -- the SDK adapter -----------------------------------------------------------------------------


class SdkLiveClient(LiveApi):
    """LiveApi on tencentcloud-sdk-python: one SDK client per thread, our retries, shared pacing."""

    def __init__(
        self,
        *,
        secret_id: str,
        secret_key: str,
        region: str = DEFAULT_REGION,
        endpoint: str = DEFAULT_ENDPOINT,
        timeout: float = 10.0,
        limiter: RateLimiter | None = None,
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen, so sharing it is harmless
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        logger: logging.Logger | None = None,
    ) -> None:
        self._protocol, self._host = parse_endpoint(endpoint)
        try:
            self._credential = Credential(secret_id, secret_key)
        except TencentCloudSDKException as e:
            raise ConfigError(
                f"TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY are not usable: {e.message}"
            ) from None
        self._secret_key = secret_key
        self.region = region
        self.endpoint = f"{self._protocol}://{self._host}"
        self._timeout = timeout
        self._limiter = limiter if limiter is not None else RateLimiter()
        self._retry = retry
        self._sleep = sleep
        self._clock = clock
        self._logger = logger or _log
        self._local = threading.local()

    def _sdk(self) -> live_client.LiveClient:
        client = getattr(self._local, "client", None)
        if client is None:
            profile = ClientProfile(
                httpProfile=HttpProfile(
                    protocol=self._protocol,
                    endpoint=self._host,
                    reqMethod="POST",
                    reqTimeout=self._timeout,
                ),
                language="en-US",
                disable_region_breaker=True,  # it can redirect calls to the public endpoint
                retryer=None,  # the SDK's StandardRetryer would re-send a create; ours decides
            )
            client = live_client.LiveClient(self._credential, self.region, profile)
            if is_loopback_host(urlsplit("//" + self._host).hostname or ""):
                # Proxy variables would send loopback calls to the proxy: the SDK copies them into
                # its connection, and requests merges them again unless trust_env is off.
                conn = client.request.conn
                conn.proxy = None
                conn._session.trust_env = False
            self._local.client = client
        return client

    # -- the calls --------------------------------------------------------------------------

    def create_record_task(
        self,
        *,
        stream: str,
        domain: str,
        app: str,
        end: int,
        start: int | None = None,
        template_id: int | None = None,
        stream_type: int = 0,
    ) -> CreateResult:
        req = models.CreateRecordTaskRequest()
        req.StreamName, req.DomainName, req.AppName, req.EndTime = stream, domain, app, end
        req.StartTime, req.TemplateId, req.StreamType = start, template_id, stream_type
        resp = self._call(CREATE, lambda c: c.CreateRecordTask(req))
        if not resp.TaskId:
            # A success envelope without a TaskId (e.g. a reply the SDK could not read as JSON):
            # the task may exist.
            raise LiveAmbiguous(
                "LiveAmbiguous",
                "The Live API replied without a TaskId; the task may or may not exist.",
                resp.RequestId,
            )
        return CreateResult(task_id=resp.TaskId, request_id=resp.RequestId or "")

    def stop_record_task(self, task_id: str) -> str:
        req = models.StopRecordTaskRequest()
        req.TaskId = task_id
        return self._call(STOP, lambda c: c.StopRecordTask(req)).RequestId or ""

    def delete_record_task(self, task_id: str) -> str:
        req = models.DeleteRecordTaskRequest()
        req.TaskId = task_id
        return self._call(DELETE, lambda c: c.DeleteRecordTask(req)).RequestId or ""

    def describe_record_tasks(
        self,
        *,
        start: int,
        end: int,
        stream: str | None = None,
        domain: str | None = None,
        app: str | None = None,
    ) -> list[RemoteTask]:
        """Tasks whose whole window lies in [start, end] (the API's rule), all pages.

        A span over a week is asked as week-long queries that overlap by a day (a task's longest
        window), so a task across a seam is still inside one of them; results are de-duplicated.
        """
        found: dict[str, RemoteTask] = {}
        for lo, hi in describe_spans(start, end):
            for task in self._describe_span(lo, hi, stream, domain, app):
                found.setdefault(task.task_id, task)
        return list(found.values())

    def _describe_span(
        self, start: int, end: int, stream: str | None, domain: str | None, app: str | None
    ) -> Iterator[RemoteTask]:
        token: str | None = None
        seen_tokens: set[str] = set()
        while True:
            req = models.DescribeRecordTaskRequest()
            req.StartTime, req.EndTime = start, end
            req.StreamName, req.DomainName, req.AppName = stream, domain, app
            req.ScrollToken = token
            resp = self._call(DESCRIBE, lambda c, r=req: c.DescribeRecordTask(r))
            for t in resp.TaskList or []:
                yield RemoteTask(
                    task_id=t.TaskId,
                    domain=t.DomainName or "",
                    app=t.AppName or "",
                    stream=t.StreamName or "",
                    start=int(t.StartTime or 0),
                    end=int(t.EndTime or 0),
                    template_id=int(t.TemplateId or 0),
                    stopped=int(t.Stopped or 0),
                )
            token = resp.ScrollToken
            if not token or not resp.TaskList:
                return
            if token in seen_tokens:
                raise LiveError(
                    "InvalidScrollToken",
                    "DescribeRecordTask returned the same ScrollToken twice.",
                    resp.RequestId,
                )
            seen_tokens.add(token)

    def _call(self, action: str, send: Callable[[live_client.LiveClient], T]) -> T:
        started = self._clock()
        attempt = 0
        while True:
            attempt += 1
            client = self._sdk()
            self._limiter.acquire(queued_callback())
            try:
                return send(client)
            except Exception as exc:  # the SDK and requests raise many types; all are mapped
                error = self._scrub(translate_error(exc, self.endpoint))
                cause = exc
            delay, decision = _decide(
                action, error, attempt, self._clock() - started, self._retry, random.random
            )
            level = logging.INFO if delay is not None else logging.WARNING
            self._logger.log(
                level,
                "live action=%s attempt=%d code=%s request_id=%s decision=%s",
                action,
                attempt,
                error.code,
                error.request_id or "-",
                decision,
            )
            if delay is None:
                raise error from cause
            self._sleep(delay)

    def _scrub(self, error: LiveError) -> LiveError:
        """Messages may quote the server or the network layer; never let them carry the key."""
        if self._secret_key and self._secret_key in error.message:
            clean = error.message.replace(self._secret_key, "***")
            error = type(error)(error.code, clean, error.request_id)
        return error


def describe_spans(start: int, end: int) -> list[tuple[int, int]]:
    """[start, end] as DescribeRecordTask queries of at most a week, overlapping by a day."""
    if end - start <= DESCRIBE_SPAN:
        return [(start, end)]
    spans = []
    lo = start
    while True:
        hi = min(lo + DESCRIBE_SPAN, end)
        spans.append((lo, hi))
        if hi >= end:
            return spans
        lo = hi - _TASK_MAX
