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
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.live.v20180801 import live_client, models

from bot.config import is_loopback_host
from bot.errors import ConfigError, LiveAmbiguous, LiveError, LiveUnreachable
from bot.windows import REGIONS

DEFAULT_ENDPOINT = "https://live.tencentcloudapi.com"
DEFAULT_REGION = "ap-guangzhou"
DESCRIBE_SPAN = 7 * 24 * 3600  # DescribeRecordTask's longest query span
_TASK_MAX = 24 * 3600  # a task lasts at most this long: the overlap between week-long queries

CREATE = "CreateRecordTask"
STOP = "StopRecordTask"
DELETE = "DeleteRecordTask"
DESCRIBE = "DescribeRecordTask"

_log = logging.getLogger("recordbot.live")
T = TypeVar("T")


# -- the interface -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateResult:
    task_id: str
    request_id: str


@dataclass(frozen=True)
class RemoteTask:
    """A task as DescribeRecordTask reports it; times are Unix seconds, `stopped` 0 = never."""

    task_id: str
    domain: str
    app: str
    stream: str
    start: int
    end: int
    template_id: int
    stopped: int


class LiveApi(Protocol):
    """What recordbot needs from Tencent Cloud Live. All times are Unix seconds."""

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
    ) -> CreateResult: ...

    def stop_record_task(self, task_id: str) -> str: ...

    def delete_record_task(self, task_id: str) -> str: ...

    def describe_record_tasks(
        self,
        *,
        start: int,
        end: int,
        stream: str | None = None,
        domain: str | None = None,
        app: str | None = None,
    ) -> list[RemoteTask]: ...


# -- endpoint ------------------------------------------------------------------------------------


def parse_endpoint(value: str) -> tuple[str, str]:
    """`https://host[:port]` (or `http://` for a loopback host) -> (protocol, "host[:port]")."""
    text = value.strip()
    example = "e.g. https://live.tencentcloudapi.com or http://127.0.0.1:9000"
    if "://" not in text:
        raise ValueError(f"LIVE_API_ENDPOINT {value!r} has no scheme; write it as a URL, {example}")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"LIVE_API_ENDPOINT must use https:// (not {parts.scheme}://); {example}")
    if parts.username is not None or parts.password is not None:
        raise ValueError("LIVE_API_ENDPOINT must not contain a user name or password")
    host = (parts.hostname or "").lower()
    if not host:
        raise ValueError(f"LIVE_API_ENDPOINT {value!r} has no host name; {example}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or text[-1] in "?#":
        raise ValueError(
            f"LIVE_API_ENDPOINT {value!r} must be only scheme, host and port (no path or query)"
        )
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"LIVE_API_ENDPOINT {value!r} has an invalid port") from None
    if port == 0:
        raise ValueError(f"LIVE_API_ENDPOINT {value!r} has an invalid port")
    if scheme == "http" and not is_loopback_host(host):
        raise ValueError(
            f"LIVE_API_ENDPOINT {value!r} uses plain http://, which is allowed only for loopback "
            "hosts (127.0.0.1, localhost, ::1); use https:// for anything else"
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return scheme, netloc


# -- pacing --------------------------------------------------------------------------------------


_queue_listener = threading.local()


@contextmanager
def on_queued(callback: Callable[[float], None]) -> Iterator[None]:
    """While inside, a Live call of this thread that must wait for a rate-limit slot tells
    `callback(seconds)` once, so the front end can show "queued"."""
    told = False

    def once(wait: float) -> None:
        nonlocal told
        if not told:
            told = True
            callback(wait)

    previous = getattr(_queue_listener, "callback", None)
    _queue_listener.callback = once
    try:
        yield
    finally:
        _queue_listener.callback = previous


class RateLimiter:
    """At most `capacity` = rate x window calls in any sliding `window` seconds, across threads.

    Each call holds its slot for `window + margin`: the service counts arrivals, not our
    departures, and a burst's requests reach it with different delays, so a pure 1-second window
    at 15 can still put 21 arrivals into one of its seconds (seen under load). With the margin,
    arrival jitter up to `margin` seconds cannot push more than `capacity` into a second.
    `acquire()` blocks until a slot is free; `on_wait(seconds)` is told before each wait so a
    caller can say "queued".
    """

    def __init__(
        self,
        rate: float = 15.0,
        *,
        window: float = 1.0,
        margin: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        on_wait: Callable[[float], None] | None = None,
    ) -> None:
        if rate <= 0 or window <= 0 or margin < 0:
            raise ValueError("rate and window must be positive, margin not negative")
        self.capacity = max(1, int(rate * window))
        self.hold = window + margin
        self._clock = clock
        self._sleep = sleep
        self.on_wait = on_wait
        # When each taken slot frees up. Kept as expiry times (not grant times) so the "free
        # yet?" test and the wait use the same float, and a fake clock cannot spin at wait 0.
        self._frees_at: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self, on_wait: Callable[[float], None] | None = None) -> float:
        """Take a slot, waiting if need be; returns the clock reading the slot was taken at."""
        notify = on_wait or self.on_wait
        while True:
            with self._lock:
                now = self._clock()
                while self._frees_at and self._frees_at[0] <= now:
                    self._frees_at.popleft()
                if len(self._frees_at) < self.capacity:
                    self._frees_at.append(now + self.hold)
                    return now
                wait = self._frees_at[0] - now  # > 0: the test above failed
            if notify is not None:
                notify(wait)
            self._sleep(wait)


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
        try:
            self._protocol, self._host = parse_endpoint(endpoint)
        except ValueError as e:
            raise ConfigError(str(e)) from None
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
            self._limiter.acquire(getattr(_queue_listener, "callback", None))
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


# -- plain-words help ------------------------------------------------------------------------------

_ADMIN = "whoever runs recordbot"
_REGIONS_TEXT = ", ".join(REGIONS)

ERROR_HELP: dict[str, tuple[str, str]] = {
    # Live's own codes for the recording APIs
    "InternalError": (
        "Tencent Cloud Live had an internal problem and could not finish the request.",
        "Try again in a minute. If it keeps happening, give the RequestId to your cloud admin "
        "or Tencent Cloud support.",
    ),
    "InternalError.GetConfigError": (
        "Tencent Cloud Live could not read the settings for this stream's push domain.",
        "Check the domain and app in the command (`/record help`), then try again; if it "
        "persists, give the RequestId to your cloud admin.",
    ),
    "InternalError.NetworkError": (
        "Tencent Cloud Live had a network problem inside its own systems.",
        "recordbot already tried again a few times. Wait a minute and try again.",
    ),
    "InternalError.SystemError": (
        "Tencent Cloud Live had a system error.",
        "Wait a minute and try again; if it persists, contact Tencent Cloud support with the "
        "RequestId.",
    ),
    "InvalidParameter": (
        "Tencent Cloud Live refused the request: one of its values is not allowed (the message "
        "says which, e.g. a time too far ahead or an unknown TaskId).",
        "Check the stream name, domain, app, times or TaskId, fix the command and try again.",
    ),
    "InvalidParameterValue": (
        "Tencent Cloud Live refused one of the values in the request.",
        "Check the stream name, domain, app and times, fix the command and try again.",
    ),
    "LimitExceeded.MaximumRunningTask": (
        "This stream already has 3 recordings at overlapping times, the most Tencent Cloud Live "
        "runs at once.",
        "Run `/record list STREAM` and stop or delete one you no longer need, or choose a time "
        "that does not overlap.",
    ),
    "LimitExceeded": (
        "A Tencent Cloud Live limit was reached.",
        "Stop or delete recordings you no longer need, or ask your cloud admin to raise the limit.",
    ),
    "ResourceNotFound.ForbidService": (
        "Tencent Cloud has blocked the Live service on this account.",
        "Ask your cloud admin to contact Tencent Cloud support; nothing can be recorded until the "
        "block is lifted.",
    ),
    "ResourceNotFound.FreezeService": (
        "The Live service on this Tencent Cloud account is suspended.",
        "Ask your cloud admin to check the account's status in the Tencent Cloud console.",
    ),
    "ResourceNotFound.StopService": (
        "The Live service is suspended because the Tencent Cloud account is in arrears.",
        "Ask your cloud admin to top the account up to a positive balance, then try again.",
    ),
    "ResourceNotFound.UserDisableService": (
        "The Live service has been turned off on this Tencent Cloud account.",
        "Ask your cloud admin to turn Live back on in the Tencent Cloud console, then try again.",
    ),
    "ResourceNotFound": (
        "Tencent Cloud Live could not find what the request refers to (a task, a domain, or the "
        "service itself).",
        "Check the TaskId or stream with `/record list`; if it looks right, ask your cloud admin.",
    ),
    "ResourceUnavailable.InvalidVodStatus": (
        "Recording files are stored in VOD, and VOD is not activated on this Tencent Cloud "
        "account.",
        "Activate VOD in the Tencent Cloud console (or ask your cloud admin), then press Confirm "
        "again.",
    ),
    "ResourceUnavailable": (
        "A Tencent Cloud service that recording depends on is not available on this account.",
        "Ask your cloud admin to check the Live and VOD services in the Tencent Cloud console.",
    ),
    "UnsupportedOperation": (
        "Tencent Cloud Live does not allow this operation for this task or account.",
        "Check the task with `/record show TASKID` (it may already have ended); if unsure, ask "
        "your cloud admin.",
    ),
    # Tencent Cloud's common codes
    "AuthFailure": (
        "Tencent Cloud did not accept recordbot's credentials.",
        f"Ask {_ADMIN} to check TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.",
    ),
    "AuthFailure.SecretIdNotFound": (
        "Tencent Cloud does not know recordbot's API key (SecretId): it was deleted, disabled "
        "or mistyped.",
        f"Ask {_ADMIN} to check TENCENTCLOUD_SECRET_ID against the console's API keys page and "
        "restart recordbot.",
    ),
    "AuthFailure.SignatureFailure": (
        "Tencent Cloud rejected recordbot's request signature: the SecretKey does not match the "
        "SecretId.",
        f"Ask {_ADMIN} to copy TENCENTCLOUD_SECRET_KEY again from the API keys page and restart "
        "recordbot.",
    ),
    "AuthFailure.SignatureExpire": (
        "Tencent Cloud refused the request because the clock of the machine running recordbot "
        "is more than 5 minutes off.",
        f"Ask {_ADMIN} to fix that machine's clock (turn on NTP time sync), then try again.",
    ),
    "AuthFailure.UnauthorizedOperation": (
        "recordbot's Tencent Cloud API key is not allowed to manage Live recordings.",
        "Ask your cloud admin to grant that key's user the Live permissions in CAM (for example "
        "QcloudLiveFullAccess), then try again.",
    ),
    "AuthFailure.InvalidSecretId": (
        "The SecretId recordbot uses is not a Tencent Cloud API key.",
        f"Ask {_ADMIN} to set TENCENTCLOUD_SECRET_ID to a key from the console's API keys page.",
    ),
    "AuthFailure.MFAFailure": (
        "Tencent Cloud wants a multi-factor check for this API key, and it failed.",
        "Ask your cloud admin to give recordbot a key whose API calls are not MFA-protected.",
    ),
    "AuthFailure.InvalidAuthorization": (
        "Tencent Cloud refused the request because its signature header was malformed.",
        f"This is a recordbot or set-up problem: tell {_ADMIN}, with the RequestId.",
    ),
    "AuthFailure.TokenFailure": (
        "The temporary security token recordbot used is invalid or has expired.",
        f"Ask {_ADMIN} to renew recordbot's Tencent Cloud credentials.",
    ),
    "UnauthorizedOperation": (
        "recordbot's Tencent Cloud API key is not allowed to do this.",
        "Ask your cloud admin to grant that key's user the Live permissions in CAM.",
    ),
    "RequestLimitExceeded": (
        "Too many requests reached Tencent Cloud Live at once (it takes 20 a second).",
        "recordbot already waited and retried. Wait a few seconds and try again.",
    ),
    "MissingParameter": (
        "The request lacked a value Tencent Cloud Live requires.",
        f"This is a recordbot problem: tell {_ADMIN}, with the RequestId.",
    ),
    "UnknownParameter": (
        "Tencent Cloud Live did not recognise a value recordbot sent.",
        f"This is a recordbot problem: tell {_ADMIN}, with the RequestId.",
    ),
    "InvalidAction": (
        "The service recordbot talks to does not know this operation.",
        f"Ask {_ADMIN} to check that LIVE_API_ENDPOINT points at the Live API.",
    ),
    "NoSuchVersion": (
        "The service recordbot talks to does not know the Live API version recordbot uses.",
        f"Ask {_ADMIN} to check LIVE_API_ENDPOINT and update recordbot.",
    ),
    "UnsupportedRegion": (
        "The Tencent Cloud region recordbot is set to does not offer Live recording.",
        f"Ask {_ADMIN} to set TENCENTCLOUD_REGION to one of: {_REGIONS_TEXT}.",
    ),
    "FailedOperation": (
        "Tencent Cloud Live could not carry out the request.",
        "Try again in a minute; if it persists, give the RequestId to your cloud admin.",
    ),
    # recordbot's own
    "LiveUnreachable": (
        "recordbot could not reach Tencent Cloud Live, so nothing was sent and nothing changed.",
        f"recordbot already retried. Try again in a minute; if it persists, ask {_ADMIN} to "
        "check the network and LIVE_API_ENDPOINT.",
    ),
    "LiveAmbiguous": (
        "The request reached Tencent Cloud Live but no answer came back, so it is not known "
        "whether it took effect.",
        "Don't repeat it blindly: run `/record list STREAM` to see whether the recording exists; "
        "recordbot checks before it creates again.",
    ),
    "ServerNetworkError": (
        "Tencent Cloud's gateway answered with an HTTP error instead of a result, so it is not "
        "known whether the request took effect.",
        "Run `/record list STREAM` to see whether the recording exists before trying again.",
    ),
    "InvalidScrollToken": (
        "Tencent Cloud Live returned an inconsistent task list.",
        "Try the list again in a moment.",
    ),
    "InvalidCredential": (
        "recordbot's Tencent Cloud credentials are empty or malformed.",
        f"Ask {_ADMIN} to set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.",
    ),
}
ERROR_HELP["ClientError"] = ERROR_HELP["ClientParamsError"] = (
    "recordbot could not build the request to Tencent Cloud Live.",
    f"This is a recordbot problem: tell {_ADMIN}.",
)

_GENERIC_HELP = (
    "Tencent Cloud Live refused the request with an error recordbot does not know.",
    f"Try again; if it happens again, give the error code and RequestId to {_ADMIN}.",
)


def explain(code: str) -> tuple[str, str]:
    """(what it means in plain words, what to do next) for a Live API or recordbot error code.

    Unknown codes fall back to their prefix (`AuthFailure.X` -> `AuthFailure`), then to a
    generic text.
    """
    if code in ERROR_HELP:
        return ERROR_HELP[code]
    return ERROR_HELP.get(code.split(".", 1)[0], _GENERIC_HELP)
