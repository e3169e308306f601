"""Live recording callbacks: the verifier and reader (pure), and the handler over the task log
and a recording notifier (each callback acts once, however often Live delivers it)."""

import json

import pytest

from bot.access import Access
from bot.lifecycle import Scheduler
from bot.live import callbacks
from bot.live.callbacks import CallbackHandler, CallbackRejected, parse, read, verify
from bot.outcomes import Defaults
from bot.service import RecordService
from bot.tasks import phase

from fakes import NOW, FakeLive, live_signed, schedule

KEY = "live-callback-key"


def signed(payload: dict, t: int | None = None, key: str = KEY) -> dict:
    return live_signed(payload, key, int(NOW) + 600 if t is None else t)


# -- verify ---------------------------------------------------------------------------------


def test_a_good_signature_passes():
    verify(signed({"event_type": 100}), KEY, NOW)
    verify(signed({"event_type": 100}, t=int(NOW)), KEY, NOW)  # expires this very second
    payload = signed({})
    verify({**payload, "t": str(payload["t"]), "sign": payload["sign"].upper()}, KEY, NOW)


def test_the_signature_is_compared_in_constant_time(monkeypatch):
    seen = []
    real = callbacks.hmac.compare_digest

    def spy(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(callbacks.hmac, "compare_digest", spy)
    verify(signed({}), KEY, NOW)
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        (signed({}, key="another-key"), 401, "Bad signature"),
        ({**signed({}), "sign": "0" * 32}, 401, "Bad signature"),
        ({**signed({}), "sign": "ünïcode"}, 401, "Bad signature"),
        ({"t": int(NOW) + 600}, 401, "Unsigned"),
        ({"sign": "abc"}, 401, "Unsigned"),
        ({**signed({}), "t": "soon"}, 401, "Unix time"),
        ({**signed({}), "t": 1.5}, 401, "Unix time"),
        ({**signed({}), "t": True}, 401, "Unix time"),
        ({**signed({}), "sign": 12}, 401, "string"),
        (signed({}, t=int(NOW) - 1), 403, "Expired"),
        (signed({}, t=int(NOW) + 2 * 86400), 403, "too far ahead"),
    ],
)
def test_forged_or_expired_callbacks_are_refused(payload, status, words):
    with pytest.raises(CallbackRejected) as err:
        verify(payload, KEY, NOW)
    assert err.value.status == status and words in err.value.message


@pytest.mark.parametrize("key", [None, ""])
def test_without_a_key_every_callback_is_refused(key):
    with pytest.raises(CallbackRejected) as err:
        verify(signed({}), key, NOW)
    assert err.value.status == 403 and "CALLBACK_KEY" in err.value.message


# -- parse and read ---------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"{", b"[1, 2]", b'"text"', b"null", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_400(body):
    with pytest.raises(CallbackRejected) as err:
        parse(body)
    assert err.value.status == 400


FILE = {
    "event_type": 100,
    "stream_id": "livetest",
    "app": "5000.live.push.com",
    "appname": "live",
    "task_id": "task-1",
    "file_id": "5285890781763144364",
    "video_url": "http://1234.vod2.myqcloud.com/xx/yy/f0.mp4",
    "file_format": "mp4",
    "start_time": int(NOW),
    "end_time": int(NOW) + 3600,
    "duration": 3600,
    "file_size": 123_400_000,
}


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({}, "`event_type`"),
        ({"event_type": "one hundred"}, "`event_type`"),
        ({"event_type": 1.5}, "`event_type`"),
        ({**FILE, "file_id": None}, "`file_id`"),
        ({**FILE, "video_url": ""}, "`video_url`"),
        ({**FILE, "video_url": ["a"]}, "`video_url`"),
        ({**FILE, "file_size": "big"}, "`file_size`"),
        ({**FILE, "task_id": None, "stream_id": None}, "`task_id`"),
        ({"event_type": 332, "task_id": "task-1"}, "`record_event`"),
        ({"event_type": 1, "stream_id": "livetest", "app": "d"}, "`appname`"),
    ],
)
def test_missing_or_mistyped_fields_are_400_naming_the_field(payload, words):
    with pytest.raises(CallbackRejected) as err:
        read(payload)
    assert err.value.status == 400 and words in err.value.message


def test_a_redelivery_has_the_same_key_despite_a_fresh_signature():
    one = read(signed({"event_type": 332, "task_id": "t", "record_event": "record_ended"}))
    two = read(
        signed({"event_type": 332, "task_id": "t", "record_event": "record_ended"}, t=int(NOW) + 7)
    )
    assert one.key == two.key
    assert read(signed(FILE)).key == f"file:{FILE['file_id']}"


# -- the handler -----------------------------------------------------------------------------


class Notes:
    def __init__(self):
        self.events = []

    def notify(self, notice):
        self.events.append((notice.kind, notice.row.task_id, notice.detail))


@pytest.fixture
def env(clock, store):
    notes = Notes()
    service = RecordService(
        store, FakeLive(clock), Defaults("5000.live.push.com"), notes, Access(), clock
    )
    scheduler = Scheduler(store, notes, clock=clock)
    handler = CallbackHandler(store, KEY, clock=clock, flush=scheduler.flush)
    return service, handler, notes, clock


def post(handler, payload, **kw):
    status, ctype, body = handler(json.dumps(signed(payload, **kw)).encode(), {})
    assert ctype == "application/json"
    return status, json.loads(body)


def test_a_file_is_announced_once_however_often_live_delivers_it(env):
    service, handler, notes, clock = env
    row = schedule(service)
    for _ in range(3):  # Live's retries, each with a fresh t and sign
        assert post(handler, {**FILE, "task_id": row.task_id}) == (200, {"code": 0})
        clock.advance(60)
    files = [e for e in notes.events if e[0] == "file_ready"]
    assert len(files) == 1 and FILE["video_url"] in files[0][2] and "123.4 MB" in files[0][2]
    assert [f["file_id"] for f in service.store.files(row.id)] == [FILE["file_id"]]
    kinds = [e["kind"] for e in service.store.events(row.id)]
    assert kinds.count("file_ready") == 1


def test_an_interrupted_push_yields_two_files_each_announced(env):
    service, handler, notes, _ = env
    row = schedule(service)
    post(handler, {**FILE, "task_id": row.task_id})
    post(handler, {**FILE, "task_id": row.task_id, "file_id": "2", "video_url": "http://v/2.mp4"})
    assert [e[0] for e in notes.events].count("file_ready") == 2
    assert len(service.store.files(row.id)) == 2


def test_a_callback_about_an_unknown_task_is_accepted_and_logged(env, caplog):
    service, handler, notes, _ = env
    status, answer = post(handler, {**FILE, "task_id": "not-ours", "stream_id": "other"})
    assert (status, answer) == (200, {"code": 0})
    assert notes.events == []
    assert "does not know" in caplog.text or "not-ours" in caplog.text


def test_a_failed_start_is_announced_once_with_its_reason(env):
    service, handler, notes, _ = env
    row = schedule(service)
    failed = {
        "event_type": 332,
        "task_id": row.task_id,
        "record_event": "record_start_failed",
        "record_error_msg": "VOD storage is not activated",
        "record_error_code": 3003,
    }
    for t in (int(NOW) + 600, int(NOW) + 660):
        assert post(handler, failed, t=t)[0] == 200
    fails = [e for e in notes.events if e[0] == "failed"]
    assert len(fails) == 1 and "VOD storage is not activated (code 3003)" in fails[0][2]
    row = service.store.get(row.id)
    assert (
        row.status == "created" and row.record_state == "failed"
    )  # the documented statuses (docs/contracts.md)
    assert phase(row, NOW + 60) == "failed"


def test_a_status_callback_finds_its_task_by_stream_without_a_task_id(env):
    service, handler, notes, _ = env
    row = schedule(service)
    status, _ = post(
        handler,
        {
            "event_type": 332,
            "stream_id": "livetest",
            "appname": "live",
            "app": "5000.live.push.com",
            "record_event": "record_error",
            "errmsg": "disk full",
        },
    )
    assert status == 200 and notes.events[-1] == ("record_error", row.task_id, "disk full")
    assert "live:record_error" in [e["kind"] for e in service.store.events(row.id)]


def test_push_start_and_stop_are_noted_for_active_tasks_only(env):
    service, handler, notes, clock = env
    active = schedule(service)
    later = schedule(service, "livetest tomorrow 9am to 10am")
    push = {"stream_id": "livetest", "appname": "live", "app": "5000.live.push.com"}
    assert post(handler, {"event_type": 1, **push, "sequence": "1"})[0] == 200
    stopped = {"event_type": 0, **push, "sequence": "2", "errmsg": "client left"}
    assert post(handler, stopped)[0] == 200
    assert post(handler, stopped)[0] == 200  # a redelivery
    pushes = [(k, t) for k, t, _ in notes.events if k.startswith("push")]
    assert pushes == [("push_started", active.task_id), ("push_stopped", active.task_id)]
    assert later.task_id not in [t for _, t in pushes]


def test_refused_callbacks_change_nothing(env):
    service, handler, notes, _ = env
    row = schedule(service)
    before = list(notes.events)
    forged = {**signed({**FILE, "task_id": row.task_id}), "sign": "f" * 32}
    status, _, body = handler(json.dumps(forged).encode(), {})
    assert status == 401 and "error" in json.loads(body)
    expired = signed({**FILE, "task_id": row.task_id}, t=int(NOW) - 10)
    assert handler(json.dumps(expired).encode(), {})[0] == 403
    assert handler(b"not json", {})[0] == 400
    assert notes.events == before and service.store.files(row.id) == []


def test_with_no_key_configured_every_callback_is_refused(env, caplog):
    service, _, notes, clock = env
    handler = CallbackHandler(service.store, None, clock=clock)
    status, _, body = handler(json.dumps(signed(FILE)).encode(), {})
    assert status == 403 and "CALLBACK_KEY" in json.loads(body)["error"]
    assert "CALLBACK_KEY is not set" in caplog.text


def test_an_unknown_event_type_is_accepted_so_live_stops_retrying(env):
    _, handler, notes, _ = env
    assert post(handler, {"event_type": 200, "stream_id": "x"}) == (200, {"code": 0})
    assert notes.events == []


def test_a_file_after_a_stop_finds_its_task_by_stream(env):
    service, handler, notes, clock = env
    row = schedule(service)
    clock.advance(600)
    service.stop(row.task_id, "U1")
    file = {**FILE, "task_id": None, "start_time": int(row.start) + 5}
    assert post(handler, file)[0] == 200
    assert [f["file_id"] for f in service.store.files(row.id)] == [FILE["file_id"]]
    assert notes.events[-1][:2] == ("file_ready", row.task_id)
