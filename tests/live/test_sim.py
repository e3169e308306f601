"""The Live API simulator, driven by the real tencentcloud SDK (and raw HTTP) over loopback."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.common.sign import Sign
from tencentcloud.live.v20180801 import live_client, models

from bot.live.sim import (
    REGIONS,
    SIM_SECRET_ID,
    SIM_SECRET_KEY,
    LiveSimulator,
    check_create_window,
    serve,
    tc3_signature,
)
from bot.windows import window_violation

HOUR = 3600
DAY = 24 * HOUR
ROOT = Path(__file__).resolve().parents[2]


# These tests drive the bare SDK, which would route loopback calls through a proxy.
pytestmark = pytest.mark.usefixtures("no_proxies")


@pytest.fixture
def now() -> int:
    return int(time.time())


@pytest.fixture
def sim(now: int):
    # A frozen clock makes the window rules exact; it is the real time, so signatures pass.
    with LiveSimulator(clock=lambda: now, page_size=2) as s:
        yield s


def profile(
    sim: LiveSimulator,
    method: str = "POST",
    sign: str = "TC3-HMAC-SHA256",
    endpoint: str | None = None,
) -> ClientProfile:
    http_profile = HttpProfile(
        protocol="http",
        endpoint=endpoint or f"127.0.0.1:{sim.port}",
        reqMethod=method,
        reqTimeout=5,
    )
    return ClientProfile(signMethod=sign, httpProfile=http_profile, disable_region_breaker=True)


def sdk(
    sim: LiveSimulator,
    *,
    secret_id: str = SIM_SECRET_ID,
    secret_key: str = SIM_SECRET_KEY,
    token: str | None = None,
    region: str = "ap-guangzhou",
    method: str = "POST",
    sign: str = "TC3-HMAC-SHA256",
    endpoint: str | None = None,
) -> live_client.LiveClient:
    return live_client.LiveClient(
        Credential(secret_id, secret_key, token), region, profile(sim, method, sign, endpoint)
    )


def common(sim: LiveSimulator, version: str = "2018-08-01", region: str = "ap-guangzhou"):
    cred = Credential(SIM_SECRET_ID, SIM_SECRET_KEY)
    return CommonClient("live", version, cred, region, profile(sim))


def create_req(now: int, stream: str = "livetest", **fields) -> models.CreateRecordTaskRequest:
    req = models.CreateRecordTaskRequest()
    req.StreamName, req.DomainName, req.AppName = stream, "5000.live.push.com", "live"
    req.EndTime = now + HOUR
    for k, v in fields.items():
        setattr(req, k, v)
    return req


def describe_req(start: int, end: int, **fields) -> models.DescribeRecordTaskRequest:
    req = models.DescribeRecordTaskRequest()
    req.StartTime, req.EndTime = start, end
    for k, v in fields.items():
        setattr(req, k, v)
    return req


def sdk_error(call) -> TencentCloudSDKException:
    with pytest.raises(TencentCloudSDKException) as info:
        call()
    return info.value


def signed(sim: LiveSimulator, action: str, params: dict, *, method: str = "POST", **kw):
    """A request exactly as the SDK signs it, for sending (and tampering) by hand; `endpoint`
    (default the simulator's) is what the SDK signs and sends as Host."""
    client = sdk(sim, method=method, **kw)
    req = RequestInternal(client._get_endpoint(), method, "/", header={})
    client._build_req_inter(action, params, req)
    req.header.setdefault("Host", req.host)  # the SDK's connection sends the endpoint as Host
    return req


def send_raw(sim: LiveSimulator, method: str, path: str, body: bytes | None, headers: dict):
    conn = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=5)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.getheader("Content-Type"), json.loads(resp.read())
    finally:
        conn.close()


def send_signed(sim: LiveSimulator, req) -> dict:
    if req.method == "GET":
        status, ctype, data = send_raw(sim, "GET", "/?" + req.data, None, req.header)
    else:
        status, ctype, data = send_raw(sim, "POST", "/", req.data.encode(), req.header)
    assert status == 200 and ctype == "application/json"
    return data["Response"]


# -- the happy path ----------------------------------------------------------------------------


def test_create_describe_stop_delete(sim: LiveSimulator, now: int) -> None:
    client = sdk(sim)
    created = client.CreateRecordTask(
        create_req(now, StartTime=now + HOUR, EndTime=now + 3 * HOUR, TemplateId=7)
    )
    assert created.TaskId and uuid.UUID(created.RequestId)
    task = sim.tasks[created.TaskId]
    assert (task["StartTime"], task["EndTime"], task["TemplateId"], task["Stopped"]) == (
        now + HOUR,
        now + 3 * HOUR,
        7,
        0,
    )

    listed = client.DescribeRecordTask(describe_req(now, now + DAY))
    assert [t.TaskId for t in listed.TaskList] == [created.TaskId]
    t = listed.TaskList[0]
    assert (t.DomainName, t.AppName, t.StreamName) == ("5000.live.push.com", "live", "livetest")
    assert (t.StartTime, t.EndTime, t.TemplateId, t.Stopped) == (now + HOUR, now + 3 * HOUR, 7, 0)
    assert listed.ScrollToken == ""

    stop = models.StopRecordTaskRequest()
    stop.TaskId = created.TaskId
    assert client.StopRecordTask(stop).RequestId
    assert sim.tasks[created.TaskId]["Stopped"] == now
    listed = client.DescribeRecordTask(describe_req(now, now + DAY))
    assert listed.TaskList[0].Stopped == now

    delete = models.DeleteRecordTaskRequest()
    delete.TaskId = created.TaskId
    assert client.DeleteRecordTask(delete).RequestId
    assert sim.tasks == {}
    assert client.DescribeRecordTask(describe_req(now, now + DAY)).TaskList == []
    assert [a for a, _ in sim.calls] == [
        "CreateRecordTask",
        "DescribeRecordTask",
        "StopRecordTask",
        "DescribeRecordTask",
        "DeleteRecordTask",
        "DescribeRecordTask",
    ]


def test_start_time_empty_or_zero_means_now(sim: LiveSimulator, now: int) -> None:
    a = sdk(sim).CreateRecordTask(create_req(now))
    b = sdk(sim).CreateRecordTask(create_req(now, stream="other", StartTime=0))
    assert sim.tasks[a.TaskId]["StartTime"] == now
    assert sim.tasks[b.TaskId]["StartTime"] == now


@pytest.mark.parametrize(
    ("method", "sign"),
    [
        ("POST", "TC3-HMAC-SHA256"),
        ("GET", "TC3-HMAC-SHA256"),
        ("POST", "HmacSHA256"),
        ("GET", "HmacSHA1"),
    ],
)
def test_every_sdk_signing_style_is_accepted(
    sim: LiveSimulator, now: int, method: str, sign: str
) -> None:
    created = sdk(sim, method=method, sign=sign).CreateRecordTask(create_req(now))
    assert sim.tasks[created.TaskId]["EndTime"] == now + HOUR  # text values became integers


def test_describe_pages_with_scroll_token(sim: LiveSimulator, now: int) -> None:
    client = sdk(sim)
    ids = [
        client.CreateRecordTask(
            create_req(now, stream=f"s{i}", StartTime=now + i * HOUR, EndTime=now + (i + 1) * HOUR)
        ).TaskId
        for i in range(5)
    ]
    seen, token, pages = [], None, 0
    while True:
        resp = client.DescribeRecordTask(describe_req(now, now + DAY, ScrollToken=token))
        pages += 1
        seen += [t.TaskId for t in resp.TaskList]
        token = resp.ScrollToken
        if not token:
            break
    assert seen == ids
    assert pages == 3  # page_size 2


def test_describe_returns_tasks_inside_the_span_only(sim: LiveSimulator, now: int) -> None:
    client = sdk(sim)
    inside = client.CreateRecordTask(create_req(now, StartTime=now + HOUR, EndTime=now + 2 * HOUR))
    client.CreateRecordTask(
        create_req(now, stream="late", StartTime=now + HOUR, EndTime=now + 5 * HOUR)
    )
    other = client.CreateRecordTask(
        create_req(now, stream="other", StartTime=now + HOUR, EndTime=now + 2 * HOUR)
    )
    listed = client.DescribeRecordTask(describe_req(now, now + 3 * HOUR))
    assert {t.TaskId for t in listed.TaskList} == {inside.TaskId, other.TaskId}
    filtered = client.DescribeRecordTask(describe_req(now, now + 3 * HOUR, StreamName="other"))
    assert [t.TaskId for t in filtered.TaskList] == [other.TaskId]
    wrong_app = client.DescribeRecordTask(describe_req(now, now + 3 * HOUR, AppName="nope"))
    assert wrong_app.TaskList == []


@pytest.mark.parametrize(
    ("start", "end", "fragment"),
    [
        (lambda n: n, lambda n: n + 7 * DAY + 1, "one week"),
        (lambda n: n - 91 * DAY, lambda n: n - 90 * DAY, "90 days"),
        (lambda n: n + HOUR, lambda n: n + HOUR, "later than StartTime"),
    ],
)
def test_describe_rules(sim: LiveSimulator, now: int, start, end, fragment: str) -> None:
    err = sdk_error(lambda: sdk(sim).DescribeRecordTask(describe_req(start(now), end(now))))
    assert err.code == "InvalidParameter" and fragment in err.message and err.requestId


def test_describe_accepts_exactly_a_week(sim: LiveSimulator, now: int) -> None:
    assert sdk(sim).DescribeRecordTask(describe_req(now, now + 7 * DAY)).TaskList == []


def test_describe_refuses_a_foreign_scroll_token(sim: LiveSimulator, now: int) -> None:
    client = sdk(sim)
    for i in range(3):
        client.CreateRecordTask(create_req(now, stream=f"s{i}"))
    token = client.DescribeRecordTask(describe_req(now, now + DAY)).ScrollToken
    assert token
    err = sdk_error(
        lambda: client.DescribeRecordTask(describe_req(now, now + 2 * DAY, ScrollToken=token))
    )
    assert err.code == "InvalidParameter"
    err = sdk_error(
        lambda: client.DescribeRecordTask(describe_req(now, now + DAY, ScrollToken="junk!"))
    )
    assert err.code == "InvalidParameter"


# -- CreateRecordTask's rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "fragment"),
    [
        (HOUR, HOUR // 2, "later than StartTime"),
        (HOUR, HOUR, "later than StartTime"),
        (-2 * HOUR, -HOUR, "later than the current time"),
        (-2 * HOUR, 0, "later than the current time"),
        (60, 60 + DAY + 1, "24 hours"),
        (6 * DAY + 1, 6 * DAY + HOUR, "6 days"),
        (6 * DAY, 7 * DAY, "7 days"),
    ],
)
def test_each_window_rule_is_refused(
    sim: LiveSimulator, now: int, start: int, end: int, fragment: str
) -> None:
    err = sdk_error(
        lambda: sdk(sim).CreateRecordTask(create_req(now, StartTime=now + start, EndTime=now + end))
    )
    assert err.code == "InvalidParameter"
    assert fragment in err.message
    assert uuid.UUID(err.requestId)
    assert sim.tasks == {}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (60, 60 + DAY),  # exactly 24 h
        (6 * DAY, 6 * DAY + HOUR),  # starts exactly now + 6 days
        (6 * DAY - 1, 7 * DAY - 1),  # ends one second before now + 7 days
        (-HOUR, HOUR),  # a start in the past is fine while the end is ahead
    ],
)
def test_window_boundaries_are_accepted(sim: LiveSimulator, now: int, start: int, end: int) -> None:
    created = sdk(sim).CreateRecordTask(create_req(now, StartTime=now + start, EndTime=now + end))
    assert created.TaskId in sim.tasks


def test_end_only_window_over_24h_is_refused(sim: LiveSimulator, now: int) -> None:
    err = sdk_error(lambda: sdk(sim).CreateRecordTask(create_req(now, EndTime=now + DAY + 1)))
    assert err.code == "InvalidParameter" and "24 hours" in err.message


@given(
    start=st.integers(-3 * DAY, 8 * DAY),
    length=st.integers(-2 * DAY, 2 * DAY),
)
def test_rules_agree_with_the_resolvers_rules(start: int, length: int) -> None:
    now = 1_800_000_000
    s, e = now + start, now + start + length
    as_dt = lambda t: datetime.fromtimestamp(t, UTC)  # noqa: E731
    assert (check_create_window(s, e, now) is None) == (
        window_violation(as_dt(s), as_dt(e), as_dt(now)) is None
    )


def test_at_most_three_overlapping_tasks_per_stream(sim: LiveSimulator, now: int) -> None:
    client = sdk(sim)
    for offset in (0, HOUR // 2, HOUR):
        client.CreateRecordTask(
            create_req(now, StartTime=now + offset, EndTime=now + offset + 2 * HOUR)
        )
    err = sdk_error(
        lambda: client.CreateRecordTask(
            create_req(now, StartTime=now + HOUR, EndTime=now + 2 * HOUR)
        )
    )
    assert err.code == "LimitExceeded.MaximumRunningTask"
    # Another stream, or a window that only touches the others' ends, is fine.
    client.CreateRecordTask(create_req(now, stream="other", StartTime=now, EndTime=now + HOUR))
    client.CreateRecordTask(create_req(now, StartTime=now + 3 * HOUR, EndTime=now + 4 * HOUR))
    # A task may overlap three others as long as they never all run at once with it.
    for start, end in (
        (0, 2 * HOUR),
        (HOUR, 3 * HOUR),
        (2 * HOUR, 4 * HOUR),
        (HOUR // 2, 7 * HOUR // 2),
    ):
        client.CreateRecordTask(
            create_req(now, stream="pairs", StartTime=now + start, EndTime=now + end)
        )
    assert len(sim.tasks) == 9


def test_a_stopped_task_stops_counting(sim: LiveSimulator, now: int) -> None:
    client = sdk(sim)
    ids = [
        client.CreateRecordTask(create_req(now, StartTime=now, EndTime=now + 2 * HOUR)).TaskId
        for _ in range(3)
    ]
    stop = models.StopRecordTaskRequest()
    stop.TaskId = ids[0]
    client.StopRecordTask(stop)
    client.CreateRecordTask(create_req(now, StartTime=now + 60, EndTime=now + HOUR))
    assert len(sim.tasks) == 4


def test_missing_and_mistyped_parameters(sim: LiveSimulator, now: int) -> None:
    req = create_req(now)
    req.EndTime = None
    err = sdk_error(lambda: sdk(sim).CreateRecordTask(req))
    assert err.code == "MissingParameter" and "EndTime" in err.message

    err = sdk_error(lambda: sdk(sim).CreateRecordTask(create_req(now, EndTime=str(now + HOUR))))
    assert err.code == "InvalidParameter" and "EndTime" in err.message

    err = sdk_error(lambda: sdk(sim).CreateRecordTask(create_req(now, StreamName=123)))
    assert err.code == "InvalidParameter" and "StreamName" in err.message

    err = sdk_error(lambda: sdk(sim).CreateRecordTask(create_req(now, StreamType=2)))
    assert err.code == "InvalidParameter" and "StreamType" in err.message

    err = sdk_error(
        lambda: common(sim).call_json(
            "CreateRecordTask",
            {"StreamName": "s", "DomainName": "d", "AppName": "a", "EndTime": now + 60, "Foo": 1},
        )
    )
    assert err.code == "UnknownParameter" and "Foo" in err.message
    assert sim.tasks == {}


def test_stop_and_delete_unknown_task(sim: LiveSimulator) -> None:
    for action, model in (
        ("StopRecordTask", models.StopRecordTaskRequest),
        ("DeleteRecordTask", models.DeleteRecordTaskRequest),
    ):
        req = model()
        req.TaskId = "nope"
        err = sdk_error(lambda: getattr(sdk(sim), action)(req))  # noqa: B023
        assert err.code == "InvalidParameter" and "does not exist" in err.message


def test_stopping_twice_keeps_the_first_stop_time(now: int) -> None:
    clock = [float(now)]
    with LiveSimulator(clock=lambda: clock[0]) as sim:
        client = sdk(sim)
        task_id = client.CreateRecordTask(create_req(now)).TaskId
        stop = models.StopRecordTaskRequest()
        stop.TaskId = task_id
        client.StopRecordTask(stop)
        clock[0] += 60
        client.StopRecordTask(stop)
        assert sim.tasks[task_id]["Stopped"] == now


def _task_op(client, action: str, task_id: str):
    req = getattr(models, f"{action}Request")()
    req.TaskId = task_id
    return getattr(client, action)(req)


def test_a_task_deleted_while_recording_records_on_until_stopped(now: int) -> None:
    clock = [float(now)]
    with LiveSimulator(clock=lambda: clock[0]) as sim:
        client = sdk(sim)
        ids = [client.CreateRecordTask(create_req(now)).TaskId for _ in range(3)]
        clock[0] += 30
        assert _task_op(client, "DeleteRecordTask", ids[0]).RequestId
        task = sim.tasks[ids[0]]
        assert (task["Deleted"], task["Stopped"]) == (now + 30, 0)  # still recording
        # it still counts toward the three running tasks ...
        err = sdk_error(lambda: client.CreateRecordTask(create_req(now)))
        assert err.code == "LimitExceeded.MaximumRunningTask"
        # ... but its configuration is gone: Describe hides it, a second delete is refused
        listed = client.DescribeRecordTask(describe_req(now - 60, now + DAY))
        assert [t.TaskId for t in listed.TaskList] == ids[1:]
        err = sdk_error(lambda: _task_op(client, "DeleteRecordTask", ids[0]))
        assert err.code == "InvalidParameter"
        # StopRecordTask still stops it, and then it stops counting
        clock[0] += 30
        assert _task_op(client, "StopRecordTask", ids[0]).RequestId
        assert sim.tasks[ids[0]]["Stopped"] == now + 60
        assert client.CreateRecordTask(create_req(now)).TaskId
        err = sdk_error(lambda: _task_op(client, "StopRecordTask", ids[0]))
        assert err.code == "InvalidParameter"  # no longer running: unknown to every action


def test_a_task_deleted_while_recording_runs_to_its_end(now: int) -> None:
    clock = [float(now)]
    with LiveSimulator(clock=lambda: clock[0]) as sim:
        client = sdk(sim)
        task_id = client.CreateRecordTask(create_req(now, EndTime=now + 120)).TaskId
        _task_op(client, "DeleteRecordTask", task_id)
        clock[0] += 119
        assert _task_op(client, "StopRecordTask", task_id).RequestId  # still recording
        other = client.CreateRecordTask(create_req(now, EndTime=now + 240)).TaskId
        _task_op(client, "DeleteRecordTask", other)
        clock[0] += 121  # past its end: it ended by itself, never stopped
        assert sim.tasks[other]["Stopped"] == 0
        err = sdk_error(lambda: _task_op(client, "StopRecordTask", other))
        assert err.code == "InvalidParameter"


def test_a_task_deleted_before_its_start_is_gone(sim: LiveSimulator, now: int) -> None:
    client = sdk(sim)
    ids = [
        client.CreateRecordTask(
            create_req(now, StartTime=now + HOUR, EndTime=now + 2 * HOUR)
        ).TaskId
        for _ in range(3)
    ]
    _task_op(client, "DeleteRecordTask", ids[0])
    assert ids[0] not in sim.tasks
    err = sdk_error(lambda: _task_op(client, "StopRecordTask", ids[0]))
    assert err.code == "InvalidParameter"
    assert client.CreateRecordTask(
        create_req(now, StartTime=now + HOUR, EndTime=now + 2 * HOUR)
    ).TaskId  # it no longer counts


# -- the gateway: version, action, region -----------------------------------------------------


def test_wrong_version(sim: LiveSimulator) -> None:
    err = sdk_error(
        lambda: common(sim, version="2017-01-01").call_json("StopRecordTask", {"TaskId": "x"})
    )
    assert err.code == "NoSuchVersion" and err.requestId


def test_unknown_action(sim: LiveSimulator) -> None:
    err = sdk_error(lambda: common(sim).call_json("CreateLiveRecord", {}))
    assert err.code == "InvalidAction" and "CreateLiveRecord" in err.message
    assert sim.calls == [("CreateLiveRecord", {})]


def test_every_documented_region_works(sim: LiveSimulator, now: int) -> None:
    assert len(REGIONS) == 13
    for region in REGIONS:
        sdk(sim, region=region).DescribeRecordTask(describe_req(now, now + HOUR))


@pytest.mark.parametrize(
    ("region", "code"), [("ap-beijing", "UnsupportedRegion"), ("", "MissingParameter")]
)
def test_wrong_or_missing_region(sim: LiveSimulator, now: int, region: str, code: str) -> None:
    err = sdk_error(lambda: sdk(sim, region=region).CreateRecordTask(create_req(now)))
    assert err.code == code
    assert sim.tasks == {}


# -- signatures ---------------------------------------------------------------------------------


def test_tc3_signature_matches_the_sdks() -> None:
    args = ("some-secret", "2026-05-01", "live", "TC3-HMAC-SHA256\n1\nscope\nabc")
    assert tc3_signature(*args) == Sign.sign_tc3(*args)


def test_wrong_key_and_unknown_secret_id(sim: LiveSimulator, now: int) -> None:
    err = sdk_error(lambda: sdk(sim, secret_key="not-the-key").CreateRecordTask(create_req(now)))
    assert err.code == "AuthFailure.SignatureFailure"
    err = sdk_error(lambda: sdk(sim, secret_id="AKIDunknown").CreateRecordTask(create_req(now)))
    assert err.code == "AuthFailure.SecretIdNotFound"
    err = sdk_error(
        lambda: sdk(sim, secret_key="bad", method="GET", sign="HmacSHA256").CreateRecordTask(
            create_req(now)
        )
    )
    assert err.code == "AuthFailure.SignatureFailure"
    assert sim.tasks == {}


@pytest.mark.parametrize(("skew", "ok"), [(-330, False), (330, False), (-270, True), (270, True)])
def test_timestamp_window(skew: int, ok: bool) -> None:
    with LiveSimulator(clock=lambda: time.time() + skew) as sim:
        call = lambda: sdk(sim).CreateRecordTask(create_req(int(time.time()) + skew))  # noqa: E731
        if ok:
            call()
        else:
            assert sdk_error(call).code == "AuthFailure.SignatureExpire"


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_untouched_sdk_request_passes(sim: LiveSimulator, now: int, method: str) -> None:
    params = {"StreamName": "s", "DomainName": "d", "AppName": "live", "EndTime": now + HOUR}
    resp = send_signed(sim, signed(sim, "CreateRecordTask", params, method=method))
    assert resp["TaskId"] in sim.tasks


def _tamper_body(req) -> None:
    req.data = req.data.replace('"EndTime": ', '"EndTime": 1')


def _tamper_query(req) -> None:
    req.data = req.data.replace("StreamName=s", "StreamName=t")


def _tamper_host(req) -> None:
    req.header["Host"] = "live.tencentcloudapi.com"


def _tamper_signature(req) -> None:
    auth = req.header["Authorization"]
    last = auth[-1]
    req.header["Authorization"] = auth[:-1] + ("0" if last != "0" else "1")


def _tamper_content_type(req) -> None:
    req.header["Content-Type"] = "application/json; charset=utf-8"


def _tamper_credential_date(req) -> None:
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    req.header["Authorization"] = req.header["Authorization"].replace(date, "2001-01-01")


@pytest.mark.parametrize(
    ("method", "tamper"),
    [
        ("POST", _tamper_body),
        ("GET", _tamper_query),
        ("POST", _tamper_host),
        ("POST", _tamper_signature),
        ("POST", _tamper_content_type),
        ("POST", _tamper_credential_date),
    ],
)
def test_tampered_sdk_request_is_refused(sim: LiveSimulator, now: int, method: str, tamper) -> None:
    params = {"StreamName": "s", "DomainName": "d", "AppName": "live", "EndTime": now + HOUR}
    req = signed(sim, "CreateRecordTask", params, method=method)
    tamper(req)
    resp = send_signed(sim, req)
    assert resp["Error"]["Code"] == "AuthFailure.SignatureFailure"
    assert sim.tasks == {}


def test_tampered_legacy_signature_is_refused(sim: LiveSimulator, now: int) -> None:
    params = {"StreamName": "s", "DomainName": "d", "AppName": "live", "EndTime": now + HOUR}
    req = signed(sim, "CreateRecordTask", params, method="GET", sign="HmacSHA256")
    assert send_signed(sim, req)["TaskId"]
    req.data = req.data.replace("StreamName=s", "StreamName=t")
    assert send_signed(sim, req)["Error"]["Code"] == "AuthFailure.SignatureFailure"


@pytest.mark.parametrize(
    ("auth", "code"),
    [
        (None, "AuthFailure.InvalidAuthorization"),
        ("Bearer abc", "AuthFailure.InvalidAuthorization"),
        (
            "TC3-HMAC-SHA256 Credential=AKIDrecordbotSimulator/2026-01-01/live/tc3_request, "
            "SignedHeaders=host, Signature=" + "0" * 64,
            "AuthFailure.InvalidAuthorization",
        ),
    ],
)
def test_missing_or_malformed_authorization(
    sim: LiveSimulator, auth: str | None, code: str
) -> None:
    headers = {
        "Content-Type": "application/json",
        "X-TC-Action": "DescribeRecordTask",
        "X-TC-Version": "2018-08-01",
        "X-TC-Region": "ap-guangzhou",
        "X-TC-Timestamp": str(int(time.time())),
    }
    if auth:
        headers["Authorization"] = auth
    status, ctype, data = send_raw(sim, "POST", "/", b'{"StartTime": 1, "EndTime": 2}', headers)
    assert (status, ctype) == (200, "application/json")
    assert data["Response"]["Error"]["Code"] == code


# -- Host and X-TC-Token ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "ok"),
    [
        ("127.0.0.1:{port}", True),
        ("localhost:{port}", True),  # the loopback name of the same endpoint
        ("http://127.0.0.1:{port}", True),  # tccli's --endpoint http://...: the SDK's Host
        ("https://127.0.0.1:{port}", False),  # not what it serves
        ("live.tencentcloudapi.com", False),
        ("127.0.0.2:{port}", False),
        ("127.0.0.1:1{port}", False),
    ],
)
@pytest.mark.parametrize(("method", "sign"), [("POST", "TC3-HMAC-SHA256"), ("GET", "HmacSHA1")])
def test_host_must_name_the_endpoint(
    sim: LiveSimulator, now: int, endpoint: str, ok: bool, method: str, sign: str
) -> None:
    # Correctly signed for `endpoint` (the SDK puts it in Host), sent to the simulator.
    host = endpoint.format(port=sim.port)
    params = {"StreamName": "s", "DomainName": "d", "AppName": "live", "EndTime": now + HOUR}
    req = signed(sim, "CreateRecordTask", params, method=method, sign=sign, endpoint=host)
    assert req.header["Host"] == host
    resp = send_signed(sim, req)
    if ok:
        assert resp["TaskId"] in sim.tasks
    else:
        assert resp["Error"]["Code"] == "AuthFailure.SignatureFailure"
        assert "Host" in resp["Error"]["Message"] and sim.tasks == {}


def test_the_sdk_with_a_url_as_endpoint_is_served(sim: LiveSimulator, now: int) -> None:
    # What `tccli --endpoint http://127.0.0.1:PORT` does: the URL is both the address and Host.
    client = sdk(sim, endpoint=f"http://127.0.0.1:{sim.port}")
    assert client.CreateRecordTask(create_req(now)).TaskId in sim.tasks


@pytest.mark.parametrize(("method", "sign"), [("POST", "TC3-HMAC-SHA256"), ("GET", "HmacSHA256")])
def test_a_token_with_long_term_keys_is_refused(
    sim: LiveSimulator, now: int, method: str, sign: str
) -> None:
    err = sdk_error(
        lambda: sdk(sim, token="not-issued", method=method, sign=sign).CreateRecordTask(
            create_req(now)
        )
    )
    assert err.code == "AuthFailure.TokenFailure"
    assert sim.tasks == {}


def test_an_empty_token_header_counts_as_absent(sim: LiveSimulator, now: int) -> None:
    params = {"StreamName": "s", "DomainName": "d", "AppName": "live", "EndTime": now + HOUR}
    req = signed(sim, "CreateRecordTask", params)
    req.header["X-TC-Token"] = ""
    assert send_signed(sim, req)["TaskId"] in sim.tasks


def test_temporary_credentials_need_their_token(now: int) -> None:
    with LiveSimulator(token="issued-token") as sim:
        for token in (None, "another-token"):
            err = sdk_error(lambda: sdk(sim, token=token).CreateRecordTask(create_req(now)))  # noqa: B023
            assert err.code == "AuthFailure.TokenFailure"
        assert sim.tasks == {}
        assert sdk(sim, token="issued-token").CreateRecordTask(create_req(now)).TaskId
        assert (
            sdk(sim, token="issued-token", method="GET", sign="HmacSHA1")
            .CreateRecordTask(create_req(now, stream="other"))
            .TaskId
        )


# -- the envelope -------------------------------------------------------------------------------


def test_replies_are_200_application_json(sim: LiveSimulator, now: int) -> None:
    ok = signed(sim, "DescribeRecordTask", {"StartTime": now, "EndTime": now + HOUR})
    status, ctype, data = send_raw(sim, "POST", "/", ok.data.encode(), ok.header)
    assert (status, ctype) == (200, "application/json")
    assert set(data["Response"]) == {"ScrollToken", "TaskList", "RequestId"}
    uuid.UUID(data["Response"]["RequestId"])

    bad = signed(sim, "DescribeRecordTask", {"StartTime": now})
    status, ctype, data = send_raw(sim, "POST", "/", bad.data.encode(), bad.header)
    assert (status, ctype) == (200, "application/json")
    assert set(data["Response"]) == {"Error", "RequestId"}
    assert data["Response"]["Error"]["Code"] == "MissingParameter"

    status, ctype, data = send_raw(
        sim, "POST", "/", b"{not json", {"Content-Type": "application/json"}
    )
    assert (status, ctype) == (200, "application/json")
    assert data["Response"]["Error"]["Code"] == "InvalidParameter"


# -- hooks ----------------------------------------------------------------------------------------


def test_fail_next_answers_the_error_then_stops(sim: LiveSimulator, now: int) -> None:
    sim.fail_next(
        "CreateRecordTask", "ResourceUnavailable.InvalidVodStatus", "VOD is off.", times=2
    )
    for _ in range(2):
        err = sdk_error(lambda: sdk(sim).CreateRecordTask(create_req(now)))
        assert (err.code, err.message) == ("ResourceUnavailable.InvalidVodStatus", "VOD is off.")
        assert err.requestId == sim.log[-1]["request_id"]
    assert sim.tasks == {}
    assert sdk(sim).CreateRecordTask(create_req(now)).TaskId in sim.tasks


def test_fail_next_is_per_action(sim: LiveSimulator, now: int) -> None:
    sim.fail_next("StopRecordTask", "InternalError")
    assert sdk(sim).CreateRecordTask(create_req(now)).TaskId
    stop = models.StopRecordTaskRequest()
    stop.TaskId = next(iter(sim.tasks))
    assert sdk_error(lambda: sdk(sim).StopRecordTask(stop)).code == "InternalError"


def test_hooks_are_strict(sim: LiveSimulator) -> None:
    with pytest.raises(ValueError):
        sim.fail_next("CreateRecordTasks", "InternalError")
    with pytest.raises(ValueError):
        sim.fail_next("CreateRecordTask", "InternalError", times=0)
    with pytest.raises(ValueError):
        sim.fail_next("CreateRecordTask", "")
    with pytest.raises(ValueError):
        sim.drop_next("Nope")
    with pytest.raises(ValueError):
        sim.delay_next("CreateRecordTask", -1)


def test_drop_next_processes_then_closes_without_reply(sim: LiveSimulator, now: int) -> None:
    sim.drop_next("CreateRecordTask")
    err = sdk_error(lambda: sdk(sim).CreateRecordTask(create_req(now)))
    assert err.code == "ClientNetworkError" and err.requestId is None
    assert len(sim.tasks) == 1  # the lost reply's task exists
    assert sdk(sim).CreateRecordTask(create_req(now, stream="next")).TaskId  # hook used up


def test_delay_next_answers_late(sim: LiveSimulator, now: int) -> None:
    sim.delay_next("DescribeRecordTask", 0.2)
    resp = sdk(sim).DescribeRecordTask(describe_req(now, now + HOUR))
    assert resp.TaskList == []
    assert sim.log[-1]["error"] is None


def test_delayed_reply_after_client_timeout_still_did_the_work(now: int) -> None:
    with LiveSimulator() as sim:
        sim.delay_next("CreateRecordTask", 5)
        prof = profile(sim)
        prof.httpProfile.reqTimeout = 0.3
        client = live_client.LiveClient(
            Credential(SIM_SECRET_ID, SIM_SECRET_KEY), "ap-guangzhou", prof
        )
        err = sdk_error(lambda: client.CreateRecordTask(create_req(now)))
        assert err.code == "ClientNetworkError"
        assert len(sim.tasks) == 1
    # leaving the block stopped the simulator without waiting out the delay


def test_calls_log_and_reset(sim: LiveSimulator, now: int) -> None:
    sdk(sim).CreateRecordTask(create_req(now))
    sdk_error(lambda: sdk(sim, secret_key="wrong").CreateRecordTask(create_req(now)))
    calls = sim.calls
    assert [a for a, _ in calls] == ["CreateRecordTask", "CreateRecordTask"]
    assert calls[0][1]["StreamName"] == "livetest"
    assert [e["error"] for e in sim.log] == [None, "AuthFailure.SignatureFailure"]
    sim.fail_next("CreateRecordTask", "InternalError")
    sim.reset()
    assert sim.calls == [] and sim.tasks == {}
    assert sdk(sim).CreateRecordTask(create_req(now)).TaskId  # the hook went too


def test_rate_limit_counts_a_sliding_second_per_action(now: int) -> None:
    t = [100.0]
    with LiveSimulator(rate_clock=lambda: t[0]) as sim:
        client = sdk(sim)
        for _ in range(20):
            client.DescribeRecordTask(describe_req(now, now + HOUR))
        err = sdk_error(lambda: client.DescribeRecordTask(describe_req(now, now + HOUR)))
        assert err.code == "RequestLimitExceeded"
        client.CreateRecordTask(create_req(now))  # another action has its own budget
        t[0] += 0.999
        assert sdk_error(lambda: client.DescribeRecordTask(describe_req(now, now + HOUR))).code == (
            "RequestLimitExceeded"
        )
        t[0] += 0.002
        client.DescribeRecordTask(describe_req(now, now + HOUR))


# -- lifecycle and the CLI ------------------------------------------------------------------------


def test_url_and_port() -> None:
    sim = LiveSimulator()
    with pytest.raises(RuntimeError):
        sim.url  # noqa: B018
    url = sim.start()
    try:
        assert url == f"http://127.0.0.1:{sim.port}" == sim.url
        with pytest.raises(RuntimeError):
            sim.start()
    finally:
        sim.stop()
        sim.stop()


def _start_cli(*args: str) -> tuple[subprocess.Popen, list[str]]:
    code = "import sys; from bot.live.sim import serve; sys.exit(serve(0))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines = []
    assert proc.stdout is not None
    while not any(line.startswith("Stop with") for line in lines):
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else ""
        lines.append(line.rstrip("\n"))
    return proc, lines


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_prints_how_to_connect_and_stops_on_signal(sig: signal.Signals) -> None:
    proc, lines = _start_cli()
    try:
        url = next(line.split("=", 1)[1] for line in lines if "LIVE_API_ENDPOINT=" in line)
        assert f"TENCENTCLOUD_SECRET_ID={SIM_SECRET_ID}" in "\n".join(lines)
        assert f"TENCENTCLOUD_SECRET_KEY={SIM_SECRET_KEY}" in "\n".join(lines)
        port = int(url.rsplit(":", 1)[1])
        http_profile = HttpProfile(protocol="http", endpoint=f"127.0.0.1:{port}", reqTimeout=5)
        client = live_client.LiveClient(
            Credential(SIM_SECRET_ID, SIM_SECRET_KEY),
            "ap-guangzhou",
            ClientProfile(httpProfile=http_profile),
        )
        now = int(time.time())
        assert client.CreateRecordTask(create_req(now)).TaskId
        proc.send_signal(sig)
        out, _ = proc.communicate(timeout=5)
        assert proc.returncode == 0
        assert "CreateRecordTask ok TaskId=" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_serve_reports_a_busy_port() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert serve(port) == 1
