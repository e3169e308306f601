"""SdkLiveClient over the real SDK against the simulator; retry policy, pacing, help texts."""

from __future__ import annotations

import json
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import urllib3.exceptions
from hypothesis import given
from hypothesis import strategies as st
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.live.v20180801 import live_client, models

from bot.config import parse_endpoint
from bot.errors import ConfigError, LiveAmbiguous, LiveError, LiveUnreachable
from bot.live import sim as sim_module
from bot.live.api import CreateResult, RemoteTask
from bot.live.client import (
    DESCRIBE_SPAN,
    RetryPolicy,
    SdkLiveClient,
    describe_spans,
    retry_decision,
    translate_error,
)
from bot.live.help import ERROR_HELP, explain
from bot.live.pacing import RateLimiter, on_queued
from bot.live.sim import SIM_SECRET_ID, SIM_SECRET_KEY, LiveSimulator
from bot.windows import REGIONS

HOUR = 3600
DAY = 24 * HOUR
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (*PROXY_VARS, "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def sim() -> Iterator[LiveSimulator]:
    with LiveSimulator(page_size=2) as s:
        yield s


class Sleeps(list):
    """Records the delays the client asked for instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def make_client(url: str, sleeps: Sleeps | None = None, **kw) -> SdkLiveClient:
    kw.setdefault("secret_id", SIM_SECRET_ID)
    kw.setdefault("secret_key", SIM_SECRET_KEY)
    kw.setdefault("timeout", 5.0)
    kw.setdefault("sleep", sleeps if sleeps is not None else Sleeps())
    return SdkLiveClient(endpoint=url, **kw)


@pytest.fixture
def client(sim: LiveSimulator, sleeps: Sleeps) -> SdkLiveClient:
    return make_client(sim.url, sleeps)


def now() -> int:
    return int(time.time())


def create(client: SdkLiveClient, stream: str = "livetest", **kw) -> CreateResult:
    kw.setdefault("end", now() + HOUR)
    return client.create_record_task(stream=stream, domain="5000.live.push.com", app="live", **kw)


def actions(sim: LiveSimulator) -> list[str | None]:
    return [a for a, _ in sim.calls]


@pytest.fixture
def dead_port() -> Iterator[int]:
    """A port on which a connection is refused (bound, never listening)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


# -- the happy path --------------------------------------------------------------------------


def test_create_stop_delete(client: SdkLiveClient, sim: LiveSimulator) -> None:
    start = now() + HOUR
    result = create(client, start=start, end=start + 2 * HOUR, template_id=5)
    assert isinstance(result, CreateResult) and result.request_id
    task = sim.tasks[result.task_id]
    assert (task["StartTime"], task["EndTime"], task["TemplateId"], task["StreamType"]) == (
        start,
        start + 2 * HOUR,
        5,
        0,
    )
    assert set(sim.calls[0][1]) == {
        "StreamName",
        "DomainName",
        "AppName",
        "StartTime",
        "EndTime",
        "TemplateId",
        "StreamType",
    }
    assert client.stop_record_task(result.task_id)
    assert sim.tasks[result.task_id]["Stopped"] > 0
    assert client.delete_record_task(result.task_id)
    assert sim.tasks == {}


def test_create_without_start_sends_no_start_time(
    client: SdkLiveClient, sim: LiveSimulator
) -> None:
    create(client)
    assert "StartTime" not in sim.calls[0][1] and "TemplateId" not in sim.calls[0][1]


def test_describe_pages_through_scroll_tokens(client: SdkLiveClient, sim: LiveSimulator) -> None:
    t0 = now()
    ids = [
        create(client, f"s{i}", start=t0 + i * HOUR, end=t0 + (i + 1) * HOUR).task_id
        for i in range(5)
    ]
    tasks = client.describe_record_tasks(start=t0 - 60, end=t0 + DAY)
    assert [t.task_id for t in tasks] == ids
    assert tasks[1] == RemoteTask(
        task_id=ids[1],
        domain="5000.live.push.com",
        app="live",
        stream="s1",
        start=t0 + HOUR,
        end=t0 + 2 * HOUR,
        template_id=0,
        stopped=0,
    )
    assert actions(sim).count("DescribeRecordTask") == 3  # pages of 2
    only = client.describe_record_tasks(start=t0 - 60, end=t0 + DAY, stream="s3")
    assert [t.task_id for t in only] == [ids[3]]


def test_describe_splits_long_spans_and_finds_tasks_across_seams(
    client: SdkLiveClient, sim: LiveSimulator
) -> None:
    t0 = now()
    start = t0 - 6 * DAY  # seams at t0 + 1 day and later
    seam = t0 + DAY
    across = create(client, "across", start=seam - HOUR, end=seam + HOUR).task_id
    late = create(client, "late", start=t0 + 6 * DAY, end=t0 + 6 * DAY + HOUR).task_id
    tasks = client.describe_record_tasks(start=start, end=t0 + 7 * DAY)
    assert sorted(t.task_id for t in tasks) == sorted([across, late])
    queries = [p for a, p in sim.calls if a == "DescribeRecordTask"]
    assert len(queries) >= 2
    assert all(q["EndTime"] - q["StartTime"] <= DESCRIBE_SPAN for q in queries)


@given(
    span=st.integers(1, 40 * DAY),
    task_start=st.integers(0, 40 * DAY),
    length=st.integers(1, DAY),
)
def test_describe_spans_cover_every_short_task(span: int, task_start: int, length: int) -> None:
    start = 1_700_000_000
    spans = describe_spans(start, start + span)
    assert spans[0][0] == start and spans[-1][1] == start + span
    assert all(lo < hi and hi - lo <= DESCRIBE_SPAN for lo, hi in spans)
    a = start + task_start
    b = a + length
    if b <= start + span:
        assert any(lo <= a and b <= hi for lo, hi in spans)


# -- errors: translation and retries --------------------------------------------------------------


def test_service_error_becomes_live_error_with_request_id(
    client: SdkLiveClient, sim: LiveSimulator, sleeps: Sleeps
) -> None:
    sim.fail_next("CreateRecordTask", "ResourceUnavailable.InvalidVodStatus", "VOD not activated.")
    with pytest.raises(LiveError) as info:
        create(client)
    err = info.value
    assert type(err) is LiveError
    assert (err.code, err.message) == ("ResourceUnavailable.InvalidVodStatus", "VOD not activated.")
    assert err.request_id == sim.log[-1]["request_id"]
    assert isinstance(err.__cause__, TencentCloudSDKException)  # kept only as the cause
    assert sleeps == []


@pytest.mark.parametrize(
    "code",
    [
        "InvalidParameter",
        "LimitExceeded.MaximumRunningTask",
        "ResourceNotFound.StopService",
        "AuthFailure.SignatureFailure",
        "InternalError",
        "UnsupportedOperation",
    ],
)
def test_business_errors_are_not_retried(
    client: SdkLiveClient, sim: LiveSimulator, sleeps: Sleeps, code: str
) -> None:
    for action in ("CreateRecordTask", "DescribeRecordTask"):
        sim.fail_next(action, code)
    with pytest.raises(LiveError) as info:
        create(client)
    assert info.value.code == code
    with pytest.raises(LiveError):
        client.describe_record_tasks(start=now(), end=now() + HOUR)
    assert actions(sim) == ["CreateRecordTask", "DescribeRecordTask"]
    assert sleeps == []


def test_real_rule_violation_is_not_retried(client: SdkLiveClient, sim: LiveSimulator) -> None:
    with pytest.raises(LiveError) as info:
        create(client, end=now() + 8 * DAY)
    assert info.value.code == "InvalidParameter" and "24 hours" in info.value.message
    assert len(sim.calls) == 1


@pytest.mark.parametrize("code", ["RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded"])
def test_transient_service_errors_are_retried_then_succeed(
    client: SdkLiveClient, sim: LiveSimulator, sleeps: Sleeps, code: str
) -> None:
    sim.fail_next("CreateRecordTask", code, times=2)
    result = create(client)
    assert result.task_id in sim.tasks and len(sim.tasks) == 1
    assert actions(sim) == ["CreateRecordTask"] * 3
    assert len(sleeps) == 2


def test_internal_network_error_on_create_is_raised_not_resent(
    client: SdkLiveClient, sim: LiveSimulator, sleeps: Sleeps
) -> None:
    sim.fail_next("CreateRecordTask", "InternalError.NetworkError")
    with pytest.raises(LiveError) as info:
        create(client)
    assert info.value.code == "InternalError.NetworkError"
    assert actions(sim) == ["CreateRecordTask"] and sleeps == []


def test_retries_stop_after_max_attempts(
    client: SdkLiveClient, sim: LiveSimulator, sleeps: Sleeps
) -> None:
    sim.fail_next("StopRecordTask", "RequestLimitExceeded", times=10)
    with pytest.raises(LiveError) as info:
        client.stop_record_task("x")
    assert info.value.code == "RequestLimitExceeded"
    assert len(sim.calls) == 4 and len(sleeps) == 3


def test_lost_create_reply_is_ambiguous_and_not_retried(
    client: SdkLiveClient, sim: LiveSimulator, sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    sim.drop_next("CreateRecordTask")
    with caplog.at_level(logging.INFO, logger="recordbot.live"):
        with pytest.raises(LiveAmbiguous) as info:
            create(client)
    assert info.value.code == "LiveAmbiguous" and info.value.request_id is None
    assert len(sim.tasks) == 1  # it was created: a blind retry would record twice
    assert actions(sim) == ["CreateRecordTask"]
    assert sleeps == []
    [record] = caplog.records
    assert "action=CreateRecordTask attempt=1 code=LiveAmbiguous" in record.getMessage()
    assert "look it up" in record.getMessage()


def test_create_timeout_is_ambiguous_and_not_retried(sim: LiveSimulator, sleeps: Sleeps) -> None:
    client = make_client(sim.url, sleeps, timeout=0.3)
    sim.delay_next("CreateRecordTask", 5)
    with pytest.raises(LiveAmbiguous):
        create(client)
    assert len(sim.tasks) == 1
    assert actions(sim) == ["CreateRecordTask"]


@pytest.mark.parametrize("action", ["StopRecordTask", "DeleteRecordTask", "DescribeRecordTask"])
def test_idempotent_calls_are_retried_after_a_lost_reply(
    client: SdkLiveClient, sim: LiveSimulator, sleeps: Sleeps, action: str
) -> None:
    task_id = create(client).task_id
    sim.drop_next(action)
    if action == "StopRecordTask":
        assert client.stop_record_task(task_id)
    elif action == "DeleteRecordTask":
        # The dropped delete did delete; the retry then finds no such task.
        with pytest.raises(LiveError) as info:
            client.delete_record_task(task_id)
        assert info.value.code == "InvalidParameter"
    else:
        assert [
            t.task_id for t in client.describe_record_tasks(start=now() - 60, end=now() + DAY)
        ] == [task_id]
    assert actions(sim).count(action) == 2
    assert len(sleeps) == 1


def test_describe_timeout_is_retried(sim: LiveSimulator, sleeps: Sleeps) -> None:
    client = make_client(sim.url, sleeps, timeout=0.3)
    sim.delay_next("DescribeRecordTask", 5)
    assert client.describe_record_tasks(start=now(), end=now() + HOUR) == []
    assert actions(sim) == ["DescribeRecordTask"] * 2


def test_connection_refused_is_unreachable_and_retried(
    dead_port: int, sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(f"http://127.0.0.1:{dead_port}", sleeps)
    with caplog.at_level(logging.INFO, logger="recordbot.live"):
        with pytest.raises(LiveUnreachable) as info:
            create(client)
    assert info.value.code == "LiveUnreachable"
    assert "Connection refused" in info.value.message
    assert len(sleeps) == 3  # four attempts: nothing was sent, so even a create is retried
    assert [r.getMessage().split(" decision=")[1].split()[0] for r in caplog.records] == [
        "retry",
        "retry",
        "retry",
        "give",
    ]


def test_unreachable_then_reachable_succeeds() -> None:
    # The first attempt finds nothing listening; during the back-off the service comes up.
    placeholder = socket.socket()
    placeholder.bind(("127.0.0.1", 0))
    port = placeholder.getsockname()[1]
    service = LiveSimulator()

    def come_back(_: float) -> None:
        if service._server is None:
            placeholder.close()
            service.start(port=port)

    client = make_client(f"http://127.0.0.1:{port}", sleep=come_back)
    try:
        assert create(client).task_id in service.tasks
        assert actions(service) == ["CreateRecordTask"]
    finally:
        placeholder.close()
        service.stop()


def test_deadline_limits_retries(dead_port: int) -> None:
    ticks = iter(range(0, 100, 5))  # every clock reading is 5 s later
    sleeps = Sleeps()
    client = make_client(
        f"http://127.0.0.1:{dead_port}",
        sleeps,
        clock=lambda: float(next(ticks)),
        retry=RetryPolicy(max_attempts=10, deadline=8.0),
    )
    with pytest.raises(LiveUnreachable):
        client.stop_record_task("x")
    # started at 0; after attempt 1 elapsed 5 (retry), after attempt 2 elapsed 10 (give up)
    assert len(sleeps) == 1


class _StandIn(BaseHTTPRequestHandler):
    """A broken gateway: answers every request with the class's status, type and body."""

    status = 502
    content_type = "text/html"
    body = b"<html>Bad Gateway</html>"
    hits = 0

    def do_POST(self) -> None:
        type(self).hits += 1
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(self.status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[tuple[str, type[_StandIn]]]:
    handler = type("Handler", (_StandIn,), {"hits": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def test_http_error_status_is_ambiguous_server_network_error(stand_in, sleeps: Sleeps) -> None:
    url, handler = stand_in
    client = make_client(url, sleeps)
    with pytest.raises(LiveAmbiguous) as info:
        create(client)
    assert info.value.code == "ServerNetworkError" and "Bad Gateway" in info.value.message
    assert handler.hits == 1  # a create is not repeated
    with pytest.raises(LiveAmbiguous):
        client.describe_record_tasks(start=now(), end=now() + HOUR)
    assert handler.hits == 5  # a describe is: four attempts


def test_error_reply_with_charset_is_not_taken_for_success(stand_in, sleeps: Sleeps) -> None:
    # The SDK only reads errors from an exact `application/json`; otherwise a failed create looks
    # like a success without a TaskId. The client must not report that as created.
    url, handler = stand_in
    handler.status, handler.content_type = 200, "application/json; charset=utf-8"
    handler.body = json.dumps(
        {"Response": {"Error": {"Code": "InternalError", "Message": "x"}, "RequestId": "r-1"}}
    ).encode()
    with pytest.raises(LiveAmbiguous) as info:
        create(make_client(url, sleeps))
    assert info.value.request_id == "r-1"


def test_unreadable_reply_is_ambiguous(stand_in, sleeps: Sleeps) -> None:
    url, handler = stand_in
    handler.status, handler.content_type, handler.body = 200, "application/json", b"<html>"
    with pytest.raises(LiveAmbiguous):
        create(make_client(url, sleeps))
    assert handler.hits == 1


def _sdk_error_raised_from(cause: BaseException) -> TencentCloudSDKException:
    try:
        try:
            raise cause
        except Exception as e:
            raise TencentCloudSDKException("ClientNetworkError", str(e)) from None
    except TencentCloudSDKException as sdk_error:
        sdk_error.__context__ = cause  # as the SDK leaves it: `raise` inside `except`
        return sdk_error


@pytest.mark.parametrize(
    ("cause", "kind"),
    [
        (
            requests.exceptions.ConnectionError(
                urllib3.exceptions.MaxRetryError(
                    None,  # type: ignore[arg-type]
                    "/",
                    urllib3.exceptions.NameResolutionError(
                        "live.example",
                        None,
                        socket.gaierror(-2, "Name or service not known"),  # type: ignore[arg-type]
                    ),
                )
            ),
            LiveUnreachable,
        ),
        (requests.exceptions.ConnectTimeout("connect timed out"), LiveUnreachable),
        (requests.exceptions.ProxyError("proxy refused"), LiveUnreachable),
        (
            requests.exceptions.SSLError(
                urllib3.exceptions.MaxRetryError(
                    None,  # type: ignore[arg-type]
                    "/",
                    urllib3.exceptions.SSLError(
                        ssl.SSLCertVerificationError(1, "certificate verify failed")
                    ),
                )
            ),
            LiveUnreachable,
        ),
        # A TLS failure while reading the reply is also an SSLError, and the request was sent.
        (requests.exceptions.SSLError("UNEXPECTED_EOF_WHILE_READING"), LiveAmbiguous),
        (requests.exceptions.ReadTimeout("read timed out"), LiveAmbiguous),
        (
            requests.exceptions.ConnectionError(
                urllib3.exceptions.ProtocolError(
                    "Connection aborted.", ConnectionResetError(104, "reset")
                )
            ),
            LiveAmbiguous,
        ),
        (ValueError("something odd"), LiveAmbiguous),
    ],
)
def test_network_failures_are_told_apart_by_their_chain(cause: BaseException, kind: type) -> None:
    err = translate_error(_sdk_error_raised_from(cause), "https://live.tencentcloudapi.com")
    assert type(err) is kind
    assert err.code == kind.__name__


def test_sdk_client_side_errors_are_not_network_errors() -> None:
    err = translate_error(TencentCloudSDKException("ClientParamsError", "bad params"))
    assert type(err) is LiveError and err.code == "ClientParamsError"


# -- proxies, SDK set-up, secrets -------------------------------------------------------------------


def test_dead_proxy_variables_do_not_break_loopback_calls(
    sim: LiveSimulator, dead_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in PROXY_VARS:
        monkeypatch.setenv(var, f"http://127.0.0.1:{dead_port}")
    # The bare SDK is broken by them (the trap this guards against) ...
    bare = live_client.LiveClient(
        Credential(SIM_SECRET_ID, SIM_SECRET_KEY),
        "ap-guangzhou",
        ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=f"127.0.0.1:{sim.port}")),
    )
    req = models.StopRecordTaskRequest()
    req.TaskId = "x"
    with pytest.raises(TencentCloudSDKException) as info:
        bare.StopRecordTask(req)
    assert info.value.code == "ClientNetworkError"
    assert sim.calls == []
    # ... our client is not.
    client = make_client(sim.url)
    assert create(client).task_id in sim.tasks
    assert client.describe_record_tasks(start=now() - 60, end=now() + DAY)


def test_sdk_is_built_without_its_retryer_or_region_breaker(sim: LiveSimulator) -> None:
    client = make_client(sim.url, timeout=2.5)
    sdk = client._sdk()
    assert sdk.profile.retryer is None
    assert sdk.profile.disable_region_breaker is True
    assert sdk.profile.httpProfile.reqTimeout == 2.5
    assert sdk.profile.httpProfile.endpoint == f"127.0.0.1:{sim.port}"
    assert sdk.request.conn._session.trust_env is False
    remote = SdkLiveClient(secret_id="AKIDx", secret_key="k")._sdk()
    assert remote.profile.httpProfile.protocol == "https"
    assert remote.request.conn._session.trust_env is True  # real endpoints keep proxy settings


def test_messages_and_logs_never_contain_the_secret_key(
    sim: LiveSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(sim.url)
    sim.fail_next("CreateRecordTask", "InvalidParameter", f"echo {SIM_SECRET_KEY} echo")
    with caplog.at_level(logging.DEBUG, logger="recordbot.live"):
        with pytest.raises(LiveError) as info:
            create(client)
    assert SIM_SECRET_KEY not in str(info.value)
    assert "echo *** echo" in info.value.message
    ours = [r.getMessage() for r in caplog.records if r.name == "recordbot.live"]
    assert ours and not any(SIM_SECRET_KEY in m for m in ours)


def test_wrong_key_is_an_auth_error_not_retried(sim: LiveSimulator, sleeps: Sleeps) -> None:
    client = make_client(sim.url, sleeps, secret_key="wrong-key")
    with pytest.raises(LiveError) as info:
        create(client)
    assert info.value.code == "AuthFailure.SignatureFailure"
    assert "wrong-key" not in str(info.value)
    assert sleeps == []


def test_bad_settings_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="http://"):
        SdkLiveClient(secret_id="a", secret_key="b", endpoint="http://live.tencentcloudapi.com")
    with pytest.raises(ConfigError) as info:
        SdkLiveClient(secret_id="AKIDx", secret_key=" has spaces ")
    assert "has spaces" not in str(info.value)


def test_regions_match_the_simulator() -> None:
    assert REGIONS == sim_module.REGIONS


# -- pacing --------------------------------------------------------------------------------------------


class FakeTime:
    def __init__(self) -> None:
        self.t = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        assert len(self.slept) < 10_000, "the limiter is spinning"
        self.slept.append(seconds)
        self.t += seconds


def test_limiter_blocks_the_sixteenth_call_until_the_first_leaves_the_window() -> None:
    ft = FakeTime()
    waits: list[float] = []
    limiter = RateLimiter(clock=ft.clock, sleep=ft.sleep, on_wait=waits.append)
    for _ in range(15):
        limiter.acquire()
    assert ft.slept == []
    ft.t = 0.5
    assert limiter.acquire() == 1.25  # one second plus the 0.25 s margin after the first
    assert ft.slept == [0.75] and waits == [0.75]


def test_limiter_without_margin_is_a_plain_sliding_window() -> None:
    ft = FakeTime()
    limiter = RateLimiter(rate=2, margin=0, clock=ft.clock, sleep=ft.sleep)
    assert [limiter.acquire() for _ in range(5)] == [0.0, 0.0, 1.0, 1.0, 2.0]


def test_limiter_does_not_spin_on_float_rounding() -> None:
    # 6.868014626859673 + 1.25 - 1.25 < 6.868014626859673: a window test written as
    # `granted <= now - hold` never passes after sleeping exactly the computed wait.
    ft = FakeTime()
    ft.t = 6.868014626859673
    limiter = RateLimiter(rate=1, margin=0.25, clock=ft.clock, sleep=ft.sleep)
    limiter.acquire()
    limiter.acquire()
    assert len(ft.slept) <= 2


def test_limiter_per_call_on_wait() -> None:
    ft = FakeTime()
    limiter = RateLimiter(rate=1, margin=0, clock=ft.clock, sleep=ft.sleep)
    seen: list[float] = []
    limiter.acquire(on_wait=seen.append)
    limiter.acquire(on_wait=seen.append)
    assert seen == [1.0]


@given(gaps=st.lists(st.floats(0, 0.3), min_size=1, max_size=80))
def test_limiter_never_grants_more_than_its_rate_in_any_window(gaps: list[float]) -> None:
    ft = FakeTime()
    limiter = RateLimiter(rate=15, clock=ft.clock, sleep=ft.sleep)
    granted = []
    for gap in gaps:
        ft.t += gap
        limiter.acquire()
        granted.append(ft.t)
    for i, t in enumerate(granted):
        assert sum(1 for u in granted[i:] if u < t + 1.25) <= 15  # hence also in any second


def test_limiter_under_threads_with_a_real_clock() -> None:
    limiter = RateLimiter(rate=100, window=0.1, margin=0)  # 10 per 0.1 s
    granted: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(5):
            at = limiter.acquire()
            with lock:
                granted.append(at)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    granted.sort()
    assert len(granted) == 40
    for i, t in enumerate(granted):
        assert sum(1 for u in granted[i:] if u < t + 0.1) <= 10


def test_forty_calls_from_eight_threads_stay_under_the_service_limit(sim: LiveSimulator) -> None:
    client = make_client(sim.url)  # the default limiter: 15 a second
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(5):
                client.describe_record_tasks(start=now(), end=now() + HOUR)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    log = sim.log
    assert len(log) == 40
    assert all(entry["error"] is None for entry in log)
    arrivals = sorted(entry["at"] for entry in log)
    for i, t in enumerate(arrivals):
        assert sum(1 for u in arrivals[i:] if u < t + 1.0) <= 20


# -- the retry rule --------------------------------------------------------------------------------

POLICY = RetryPolicy()


def _err(kind: type[LiveError] = LiveError, code: str = "InvalidParameter") -> LiveError:
    return kind(code, "m")


@pytest.mark.parametrize(
    ("action", "error", "retried"),
    [
        ("CreateRecordTask", _err(LiveUnreachable, "LiveUnreachable"), True),
        ("CreateRecordTask", _err(LiveAmbiguous, "LiveAmbiguous"), False),
        ("CreateRecordTask", _err(LiveAmbiguous, "ServerNetworkError"), False),
        ("CreateRecordTask", _err(code="RequestLimitExceeded"), True),
        ("CreateRecordTask", _err(code="RequestLimitExceeded.GlobalRegionUinLimitExceeded"), True),
        # Live's own network failed: the task may exist, so the caller looks before retrying
        ("CreateRecordTask", _err(code="InternalError.NetworkError"), False),
        ("StopRecordTask", _err(code="InternalError.NetworkError"), True),
        ("CreateRecordTask", _err(code="InternalError"), False),
        ("CreateRecordTask", _err(code="InvalidParameter"), False),
        ("CreateRecordTask", _err(code="LimitExceeded.MaximumRunningTask"), False),
        ("CreateRecordTask", _err(code="RequestLimitExceededish"), False),
        ("StopRecordTask", _err(LiveAmbiguous, "LiveAmbiguous"), True),
        ("DeleteRecordTask", _err(LiveAmbiguous, "LiveAmbiguous"), True),
        ("DescribeRecordTask", _err(LiveAmbiguous, "ServerNetworkError"), True),
        ("DescribeRecordTask", _err(code="AuthFailure.SignatureExpire"), False),
    ],
)
def test_retry_decision_table(action: str, error: LiveError, retried: bool) -> None:
    delay = retry_decision(action, error, 1, 0.0, POLICY, rand=lambda: 0.5)
    assert (delay is not None) == retried


def test_retry_decision_backoff_jitter_attempts_and_deadline() -> None:
    err = _err(LiveUnreachable, "LiveUnreachable")
    top = lambda: 1.0  # noqa: E731 - the top of the jitter range
    assert [
        retry_decision("StopRecordTask", err, n, 0.0, POLICY, rand=top) for n in (1, 2, 3, 4)
    ] == [
        0.2,
        0.4,
        0.8,
        None,
    ]
    assert retry_decision("StopRecordTask", err, 1, 0.0, POLICY, rand=lambda: 0.25) == 0.05
    assert retry_decision("StopRecordTask", err, 1, 0.0, POLICY, rand=lambda: 0.0) == 0.0
    capped = RetryPolicy(max_attempts=10, base_delay=1.0, max_delay=2.0, deadline=100)
    assert retry_decision("StopRecordTask", err, 6, 0.0, capped, rand=top) == 2.0
    assert retry_decision("StopRecordTask", err, 1, 7.9, POLICY, rand=top) is None
    assert retry_decision("StopRecordTask", err, 1, 7.7, POLICY, rand=top) == 0.2


# -- help texts and endpoints -------------------------------------------------------------------------

LISTED_CODES = [
    "InternalError",
    "InternalError.GetConfigError",
    "InternalError.NetworkError",
    "InternalError.SystemError",
    "InvalidParameter",
    "LimitExceeded.MaximumRunningTask",
    "ResourceNotFound.ForbidService",
    "ResourceNotFound.FreezeService",
    "ResourceNotFound.StopService",
    "ResourceNotFound.UserDisableService",
    "ResourceUnavailable.InvalidVodStatus",
    "UnsupportedOperation",
    "AuthFailure.SecretIdNotFound",
    "AuthFailure.SignatureFailure",
    "AuthFailure.SignatureExpire",
    "AuthFailure.UnauthorizedOperation",
    "AuthFailure.InvalidSecretId",
    "AuthFailure.MFAFailure",
    "AuthFailure.InvalidAuthorization",
    "AuthFailure.TokenFailure",
    "RequestLimitExceeded",
    "MissingParameter",
    "InvalidAction",
    "InvalidParameterValue",
    "UnsupportedRegion",
    "NoSuchVersion",
    "UnknownParameter",
    "LiveUnreachable",
    "LiveAmbiguous",
    "ServerNetworkError",
]


@pytest.mark.parametrize("code", LISTED_CODES)
def test_every_listed_code_has_its_own_help(code: str) -> None:
    assert code in ERROR_HELP
    meaning, action = explain(code)
    assert meaning.endswith(".") and action.endswith(".")
    assert len(meaning) > 20 and len(action) > 20


def test_help_texts_are_distinct() -> None:
    meanings = [explain(code)[0] for code in LISTED_CODES]
    assert len(set(meanings)) == len(meanings)


def test_vod_help_reads_as_written_for_producers() -> None:
    assert explain("ResourceUnavailable.InvalidVodStatus") == (
        "Recording files are stored in VOD, and VOD is not activated on this Tencent Cloud account.",
        "Activate VOD in the Tencent Cloud console (or ask your cloud admin), then press Confirm again.",
    )


def test_unknown_codes_fall_back_by_prefix_then_generic() -> None:
    assert explain("AuthFailure.SomethingNew") == explain("AuthFailure")
    assert explain("AuthFailure.MissingAuthorization") == explain("AuthFailure")
    assert explain("RequestLimitExceeded.UinLimitExceeded") == explain("RequestLimitExceeded")
    assert explain("ResourceNotFound.TaskId") == explain("ResourceNotFound")
    generic = explain("TotallyNew")
    assert generic == explain("Other.Thing") and generic[0] and generic[1]
    assert generic not in [explain(code) for code in ERROR_HELP]


def test_every_simulator_error_code_is_explained() -> None:
    codes = {
        "AuthFailure.InvalidAuthorization",
        "AuthFailure.SecretIdNotFound",
        "AuthFailure.SignatureExpire",
        "AuthFailure.SignatureFailure",
        "InvalidAction",
        "InvalidParameter",
        "LimitExceeded.MaximumRunningTask",
        "MissingParameter",
        "NoSuchVersion",
        "RequestLimitExceeded",
        "UnknownParameter",
        "UnsupportedRegion",
    }
    assert codes <= set(ERROR_HELP)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://live.tencentcloudapi.com", ("https", "live.tencentcloudapi.com")),
        ("https://live.tencentcloudapi.com/", ("https", "live.tencentcloudapi.com")),
        ("  HTTPS://Live.TencentCloudAPI.com:443 ", ("https", "live.tencentcloudapi.com:443")),
        (
            "https://live.ap-singapore.tencentcloudapi.com",
            ("https", "live.ap-singapore.tencentcloudapi.com"),
        ),
        ("http://127.0.0.1:9000", ("http", "127.0.0.1:9000")),
        ("http://127.8.9.10:9000", ("http", "127.8.9.10:9000")),
        ("http://localhost:9000", ("http", "localhost:9000")),
        ("http://[::1]:9000", ("http", "[::1]:9000")),
        ("http://127.0.0.1", ("http", "127.0.0.1")),
    ],
)
def test_parse_endpoint_accepts(value: str, expected: tuple[str, str]) -> None:
    assert parse_endpoint(value) == expected


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("live.tencentcloudapi.com", "no scheme"),
        ("", "no scheme"),
        ("sim", "no scheme"),
        ("ftp://live.tencentcloudapi.com", "https://"),
        ("http://live.tencentcloudapi.com", "loopback"),
        ("http://10.0.0.1:9000", "loopback"),
        ("http://127.0.0.1.nip.io:9000", "loopback"),
        ("http://localhost.example.com", "loopback"),
        ("https://live.tencentcloudapi.com/v3", "no path"),
        ("https://live.tencentcloudapi.com?x=1", "no path"),
        ("https://live.tencentcloudapi.com#frag", "no path"),
        ("https://user:pw@live.tencentcloudapi.com", "user name"),
        ("https://live.tencentcloudapi.com:99999", "invalid port"),
        ("https://live.tencentcloudapi.com:0", "invalid port"),
        ("https://live.tencentcloudapi.com:abc", "invalid port"),
        ("https://", "no host"),
    ],
)
def test_parse_endpoint_refuses(value: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        parse_endpoint(value)


def test_a_caller_waiting_for_a_slot_is_told_once(sim: LiveSimulator) -> None:
    clock = [0.0]

    def fake_sleep(seconds: float) -> None:
        clock[0] += seconds

    limiter = RateLimiter(1.0, margin=0.0, clock=lambda: clock[0], sleep=fake_sleep)
    client = make_client(sim.url, limiter=limiter)
    told: list[float] = []
    create(client, "first")  # takes the only slot
    with on_queued(told.append):
        create(client, "second")
        create(client, "third")
    assert len(told) == 1 and told[0] > 0
    create(client, "fourth")  # outside the block nobody is told
    assert len(told) == 1 and len(sim.tasks) == 4
