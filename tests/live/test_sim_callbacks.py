"""The simulator's callbacks: what Live POSTs as tasks start and end (fields as Tencent documents
them, `sign` = md5(key + t)), driven by the simulator's clock, retried on anything but 200."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from tencentcloud.common.credential import Credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.live.v20180801 import live_client, models

from bot.live import callbacks as bot_callbacks
from bot.live.sim import SIM_SECRET_ID, SIM_SECRET_KEY, LiveSimulator

pytestmark = pytest.mark.usefixtures("no_proxies")

KEY = "sim-callback-key"
STREAM = ("5000.live.push.com", "live", "livetest")


class Receiver:
    """A callback URL on loopback: records each request and answers the next of `statuses`
    (then 200)."""

    def __init__(self, statuses: tuple[int, ...] = ()) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - stdlib name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append(
                    {
                        "path": self.path,
                        "content_type": self.headers.get("Content-Type"),
                        "body": json.loads(body),
                    }
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                data = b'{"code":0}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/live/callback"

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def clock() -> list[float]:
    # The real time (signatures are checked against it), moved by hand.
    return [float(int(time.time()))]


def make_sim(clock: list[float], url: str, **kw: Any) -> LiveSimulator:
    kw.setdefault("tick_interval", None)  # the test drives tick()
    return LiveSimulator(clock=lambda: clock[0], callback_url=url, callback_key=KEY, **kw)


def client(sim: LiveSimulator) -> live_client.LiveClient:
    http_profile = HttpProfile(protocol="http", endpoint=f"127.0.0.1:{sim.port}", reqTimeout=5)
    return live_client.LiveClient(
        Credential(SIM_SECRET_ID, SIM_SECRET_KEY),
        "ap-guangzhou",
        ClientProfile(httpProfile=http_profile, disable_region_breaker=True),
    )


def create(sim: LiveSimulator, end: int, start: int | None = None) -> str:
    req = models.CreateRecordTaskRequest()
    req.DomainName, req.AppName, req.StreamName = STREAM
    req.EndTime = end
    if start is not None:
        req.StartTime = start
    return client(sim).CreateRecordTask(req).TaskId


def task_op(sim: LiveSimulator, action: str, task_id: str) -> None:
    req = getattr(models, f"{action}Request")()
    req.TaskId = task_id
    getattr(client(sim), action)(req)


def kinds(bodies: list[dict[str, Any]]) -> list[str]:
    return [
        f"{b['event_type']}:{b['record_event']}" if "record_event" in b else str(b["event_type"])
        for b in bodies
    ]


def check_signed(body: dict[str, Any], now: float) -> None:
    assert body["t"] == int(now) + 600  # an expiry, 10 minutes after sending
    assert body["sign"] == hashlib.md5(f"{KEY}{body['t']}".encode()).hexdigest()
    bot_callbacks.verify(body, KEY, now)  # and the bot's own check agrees
    bot_callbacks.read(body)


# -- the life of a task ---------------------------------------------------------------------


def test_a_recordings_start_and_end_send_the_documented_callbacks(clock, receiver) -> None:
    now = int(clock[0])
    with make_sim(clock, receiver.url) as sim:
        task_id = create(sim, end=now + 120)
        sim.tick()
        assert kinds(receiver.bodies) == ["1", "332:record_start_succeeded"]
        push, status = receiver.bodies
        for r in receiver.requests:
            assert (r["path"], r["content_type"]) == ("/live/callback", "application/json")
        for body in receiver.bodies:
            check_signed(body, now)
        assert {k: push[k] for k in ("app", "appname", "stream_id", "channel_id")} == {
            "app": "5000.live.push.com",
            "appname": "live",
            "stream_id": "livetest",
            "channel_id": "livetest",
        }
        assert (push["event_time"], push["errcode"]) == (now, 0) and push["sequence"]
        assert {k: status[k] for k in ("domain", "appname", "stream_id", "task_id", "seq")} == {
            "domain": "5000.live.push.com",
            "appname": "live",
            "stream_id": "livetest",
            "task_id": task_id,
            "seq": "1",
        }
        assert status["event_time"] == now and status["session_id"]
        assert json.loads(status["record_detail"])["start_model"] == 5  # started by the API

        clock[0] += 60
        assert sim.tick() == []  # nothing happens mid-window
        clock[0] += 60
        sim.tick()
        assert kinds(receiver.bodies[2:]) == ["332:record_ended", "100", "0"]
        ended, file, stopped = receiver.bodies[2:]
        for body in receiver.bodies[2:]:
            check_signed(body, now + 120)
        assert (ended["seq"], ended["session_id"], ended["event_time"]) == (
            "2",
            status["session_id"],
            now + 120,
        )
        assert {k: file[k] for k in ("app", "appname", "stream_id", "task_id")} == {
            "app": "5000.live.push.com",
            "appname": "live",
            "stream_id": "livetest",
            "task_id": task_id,
        }
        assert (file["start_time"], file["end_time"], file["duration"]) == (now, now + 120, 120)
        assert file["file_id"] and file["record_file_id"] == file["file_id"]
        assert file["file_format"] == "hls" and file["file_size"] > 0
        url = urlsplit(file["video_url"])
        assert url.scheme == "https" and url.hostname == "1500000000.vod2.myqcloud.com"
        assert json.loads(file["callback_ext"])["session_id"] == status["session_id"]
        assert "stream_param" not in file  # not sent for tasks made by CreateRecordTask
        assert (stopped["sequence"], stopped["push_duration"]) == (push["sequence"], "120000")
        assert stopped["event_time"] == now + 120

        clock[0] += 600
        assert sim.tick() == [] and len(receiver.requests) == 5  # each sent once


def test_a_start_in_the_future_waits_for_it(clock, receiver) -> None:
    now = int(clock[0])
    with make_sim(clock, receiver.url) as sim:
        create(sim, start=now + 60, end=now + 120)
        sim.tick()
        assert receiver.requests == []
        clock[0] += 60
        sim.tick()
        assert kinds(receiver.bodies) == ["1", "332:record_start_succeeded"]
        assert receiver.bodies[1]["event_time"] == now + 60


def test_a_start_in_the_past_records_from_the_tasks_creation(clock, receiver) -> None:
    now = int(clock[0])
    with make_sim(clock, receiver.url) as sim:
        create(sim, start=now - 600, end=now + 60)
        clock[0] += 60
        sim.tick()
        assert kinds(receiver.bodies) == [
            "1",
            "332:record_start_succeeded",
            "332:record_ended",
            "100",
            "0",
        ]
        assert receiver.bodies[1]["event_time"] == now
        assert (receiver.bodies[3]["start_time"], receiver.bodies[3]["duration"]) == (now, 60)


def test_stop_ends_the_recording_and_sends_the_file_the_push_goes_on(clock, receiver) -> None:
    now = int(clock[0])
    with make_sim(clock, receiver.url) as sim:
        task_id = create(sim, end=now + 300)
        clock[0] += 60
        task_op(sim, "StopRecordTask", task_id)
        sim.tick()  # the first tick sees both the start and the stop
        assert kinds(receiver.bodies) == [
            "1",
            "332:record_start_succeeded",
            "332:record_ended",
            "100",
        ]
        file = receiver.bodies[3]
        assert (file["start_time"], file["end_time"], file["duration"]) == (now, now + 60, 60)
        clock[0] += 240
        sim.tick()
        assert kinds(receiver.bodies[4:]) == ["0"]  # the push lasts the window


def test_a_task_deleted_while_recording_still_ends_and_sends_its_file(clock, receiver) -> None:
    now = int(clock[0])
    with make_sim(clock, receiver.url) as sim:
        task_id = create(sim, end=now + 120)
        sim.tick()
        clock[0] += 30
        task_op(sim, "DeleteRecordTask", task_id)
        clock[0] += 90
        sim.tick()
        assert kinds(receiver.bodies) == [
            "1",
            "332:record_start_succeeded",
            "332:record_ended",
            "100",
            "0",
        ]
        file = receiver.bodies[3]
        assert file["task_id"] == task_id
        assert (file["start_time"], file["end_time"]) == (now, now + 120)


def test_a_task_deleted_or_stopped_before_its_start_sends_nothing(clock, receiver) -> None:
    now = int(clock[0])
    with make_sim(clock, receiver.url) as sim:
        deleted = create(sim, start=now + 60, end=now + 120)
        stopped = create(sim, start=now + 60, end=now + 120)
        task_op(sim, "DeleteRecordTask", deleted)
        task_op(sim, "StopRecordTask", stopped)
        create(sim, start=now + 60, end=now + 120)  # the one that records
        clock[0] += 200
        sim.tick()
        assert kinds(receiver.bodies) == [
            "1",
            "332:record_start_succeeded",
            "332:record_ended",
            "100",
            "0",
        ]
        assert {b.get("task_id") for b in receiver.bodies} - {None} == {
            t for t in sim.tasks if t not in (deleted, stopped)
        }


# -- delivery ---------------------------------------------------------------------------------


def test_anything_but_200_is_retried_each_retry_interval_signed_afresh(clock) -> None:
    receiver = Receiver(statuses=(500, 503, 204))  # 204 is not 200 either
    now = int(clock[0])
    try:
        with make_sim(clock, receiver.url, callback_retry_interval=30) as sim:
            create(sim, end=now + 3600)
            first = sim.tick()
            assert [a["status"] for a in first] == [500, 503]
            assert not any(a["delivered"] for a in first) and sim.callbacks_pending == 2
            clock[0] += 29
            assert sim.tick() == []  # not due yet
            clock[0] += 1
            second = sim.tick()
            assert [(a["status"], a["attempt"]) for a in second] == [(204, 2), (200, 2)]
            clock[0] += 30
            third = sim.tick()
            assert [(a["status"], a["attempt"], a["delivered"]) for a in third] == [(200, 3, True)]
            assert sim.callbacks_pending == 0
            push = [r["body"] for r in receiver.requests if r["body"]["event_type"] == 1]
            assert len(push) == 3  # the same callback, apart from t and sign
            assert [p["t"] for p in push] == [now + 600, now + 630, now + 660]
            assert all(
                {k: v for k, v in p.items() if k not in ("t", "sign")}
                == {k: v for k, v in push[0].items() if k not in ("t", "sign")}
                for p in push
            )
            for p, at in zip(push, (now, now + 30, now + 60), strict=True):
                check_signed(p, at)
    finally:
        receiver.close()


def test_delivery_gives_up_after_the_retries(clock) -> None:
    receiver = Receiver(statuses=(500,) * 20)
    now = int(clock[0])
    try:
        with make_sim(clock, receiver.url, callback_retries=2, callback_retry_interval=1) as sim:
            create(sim, end=now + 3600)
            for _ in range(5):
                sim.tick()
                clock[0] += 1
            log = sim.callback_log
            assert [a["attempt"] for a in log] == [1, 1, 2, 2, 3, 3]
            assert [a["gave_up"] for a in log] == [False] * 4 + [True] * 2
            assert sim.callbacks_pending == 0 and len(receiver.requests) == 6
    finally:
        receiver.close()


def test_an_unreachable_receiver_is_retried(clock, receiver) -> None:
    with make_sim(clock, receiver.url, callback_retry_interval=5) as sim:
        receiver.close()  # nobody listens there now
        create(sim, end=int(clock[0]) + 3600)
        attempts = sim.tick()
        assert [a["status"] for a in attempts] == [None, None]
        assert all(a["error"] for a in attempts) and sim.callbacks_pending == 2


def test_callbacks_ignore_proxy_variables(clock, receiver, monkeypatch) -> None:
    with make_sim(clock, receiver.url) as sim:
        create(sim, end=int(clock[0]) + 3600)
        for key in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
            monkeypatch.setenv(key, "http://127.0.0.1:9")  # nothing listens on the discard port
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        assert all(a["delivered"] for a in sim.tick())


def test_a_thread_sends_them_when_nobody_ticks(receiver) -> None:
    with LiveSimulator(callback_url=receiver.url, callback_key=KEY, tick_interval=0.05) as sim:
        create(sim, end=int(time.time()) + 3600)
        deadline = time.monotonic() + 5
        while len(receiver.requests) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert kinds(receiver.bodies) == ["1", "332:record_start_succeeded"]


def test_without_a_callback_url_nothing_is_sent(clock) -> None:
    with LiveSimulator(clock=lambda: clock[0]) as sim:
        create(sim, end=int(clock[0]) + 60)
        clock[0] += 120
        assert sim.tick() == [] and sim.callback_log == []


def test_bad_callback_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        LiveSimulator(callback_url="ftp://example.com/cb")
    with pytest.raises(ValueError):
        LiveSimulator(callback_url="http://127.0.0.1:1/cb", callback_retries=-1)
    with pytest.raises(ValueError):
        LiveSimulator(callback_url="http://127.0.0.1:1/cb", tick_interval=0)


# -- `recordbot sim --callback-url` -------------------------------------------------------------


def test_recordbot_sim_sends_callbacks_and_prints_each(tmp_path, receiver) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and k != "CALLBACK_KEY"}
    env.update({"PYTHONPATH": str(root), "PYTHONUNBUFFERED": "1", "SIM_CALLBACK_URL": receiver.url})
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "sim", "--port", "0", "--callback-key", KEY],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        while not any(line.startswith("Stop with") for line in lines):
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            lines.append(line)
        assert f"Live callbacks go to {receiver.url}" in "".join(lines)
        url = next(line.split("=", 1)[1].strip() for line in lines if "LIVE_API_ENDPOINT=" in line)
        port = int(url.rsplit(":", 1)[1])
        http_profile = HttpProfile(protocol="http", endpoint=f"127.0.0.1:{port}", reqTimeout=5)
        live = live_client.LiveClient(
            Credential(SIM_SECRET_ID, SIM_SECRET_KEY),
            "ap-guangzhou",
            ClientProfile(httpProfile=http_profile, disable_region_breaker=True),
        )
        req = models.CreateRecordTaskRequest()
        req.DomainName, req.AppName, req.StreamName = STREAM
        req.EndTime = int(time.time()) + 2
        task_id = live.CreateRecordTask(req).TaskId
        deadline = time.monotonic() + 10
        while len(receiver.requests) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert kinds(receiver.bodies) == [
            "1",
            "332:record_start_succeeded",
            "332:record_ended",
            "100",
            "0",
        ]
        for body in receiver.bodies:
            bot_callbacks.verify(body, KEY, time.time())
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=5)
        assert f"callback 332 record_start_succeeded TaskId={task_id} -> 200" in out
        assert f"callback 100 file ready TaskId={task_id} -> 200" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
