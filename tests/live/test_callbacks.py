"""Live recording callbacks: the verifier and reader (pure), and the handler over the task log
and a recording notifier (each callback acts once, however often Live delivers it)."""

import json

import pytest

from bot.access import Access
from bot.lifecycle import Scheduler
from bot.live import callbacks
from bot.live.callbacks import (
    CallbackHandler,
    CallbackRejected,
    Unreadable,
    match_kept,
    parse,
    read,
    verify,
)
from bot.outcomes import Defaults
from bot.service import RecordService
from bot.slack.blocks import SlackFmt
from bot.tasks import phase
from bot.ui.lists import show_card
from bot.ui.notices import notice_text, thread_parent_card

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


UNREADABLE = [
    ({}, "`event_type`"),
    ({"event_type": "one hundred"}, "`event_type`"),
    ({"event_type": 1.5}, "`event_type`"),
    ({**FILE, "file_id": None}, "`file_id`"),
    ({**FILE, "video_url": ""}, "`video_url`"),
    ({**FILE, "video_url": ["a"]}, "`video_url`"),
    ({**FILE, "file_size": "big"}, "`file_size`"),
    ({**FILE, "task_id": None, "stream_id": None}, "`task_id`"),
    ({"event_type": 332, "appname": "live", "domain": "d", "stream_id": "s"}, "`record_event`"),
    ({"event_type": 332, "record_event": "record_ended", "stream_id": "s"}, "`domain`"),
    ({"event_type": 1, "stream_id": "livetest", "app": "d"}, "`appname`"),
]


@pytest.mark.parametrize(("payload", "words"), UNREADABLE)
def test_missing_or_mistyped_fields_are_named(payload, words):
    with pytest.raises(Unreadable) as err:
        read(payload)
    assert words in err.value.message


def test_a_redelivery_has_the_same_key_despite_a_fresh_signature():
    one = read(signed({"event_type": 332, "task_id": "t", "record_event": "record_ended"}))
    two = read(
        signed({"event_type": 332, "task_id": "t", "record_event": "record_ended"}, t=int(NOW) + 7)
    )
    assert one.key == two.key
    assert read(signed(FILE)).key == f"file:{FILE['file_id']}"


# -- the handler -----------------------------------------------------------------------------


class Notes:
    """A notifier that keeps (kind, TaskId, detail) and each notice as Slack would get it."""

    def __init__(self, file_hosts=()):
        self.events = []
        self.texts = []
        self.fmt = SlackFmt(file_hosts)

    def notify(self, notice):
        self.events.append((notice.kind, notice.row.task_id, notice.detail))
        self.texts.append(notice_text(self.fmt, notice))


@pytest.fixture
def env(clock, store):
    notes = Notes()
    service = RecordService(
        store, FakeLive(clock), Defaults("5000.live.push.com"), notes, Access(), clock
    )
    scheduler = Scheduler(store, notes, clock=clock)
    handler = CallbackHandler(store, KEY, clock=clock, flush=scheduler.flush)
    return service, handler, notes, clock


def post(handler, payload, t=None):
    """Deliver `payload` signed as Live would now (expiring ten minutes after the handler's clock)."""
    t = int(handler.clock()) + 600 if t is None else t
    status, ctype, body = handler(json.dumps(signed(payload, t=t)).encode(), {})
    assert ctype == "application/json"
    return status, json.loads(body)


def test_a_file_is_announced_once_however_often_live_delivers_it(env):
    service, handler, notes, clock = env
    row = schedule(service)
    for _ in range(3):  # Live's retries, each with a fresh t and sign
        assert post(handler, {**FILE, "task_id": row.task_id}) == (200, {"code": 0})
        clock.advance(60)
    files = [t for t in notes.texts if "recorded file" in t]
    assert len(files) == 1 and f"<{FILE['video_url']}|" in files[0] and "123.4 MB" in files[0]
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


# A file of a template-rule recording, with the fields Tencent documents ("Recording Event
# Notification"): no `task_id` (only tasks made by CreateRecordTask have one), and `start_time`
# the recording's start, not the file's.
TEMPLATE_FILE = {
    "appid": 1250000000,
    "app": "5000.live.push.com",
    "appname": "live",
    "stream_id": "livetest",
    "channel_id": "livetest",
    "file_id": "5285890781763144365",
    "record_file_id": "5285890781763144365",
    "file_format": "mp4",
    "start_time": int(NOW) - 3600,
    "end_time": int(NOW) + 3600,
    "start_time_usec": 0,
    "end_time_usec": 0,
    "duration": 3600,
    "file_size": 734_003_200,
    "stream_param": "txSecret=0&txTime=0",
    "video_url": "http://1250000000.vod2.myqcloud.com/d1/d2/f0.mp4",
    "media_start_time": 0,
    "record_bps": 0,
    "event_type": 100,
}


def test_a_file_without_a_task_id_finds_its_task_by_the_files_own_window(env):
    service, handler, notes, clock = env
    first = schedule(service)  # NOW to NOW + 1h
    second = schedule(service, "livetest in 60 minutes for 1h")  # right after it
    assert second.start == first.end
    # The recording began an hour before both (start_time); this file is its last 40 minutes.
    late = {**TEMPLATE_FILE, "end_time": second.start + 3000, "duration": 2400}
    clock.now = late["end_time"] + 20
    assert post(handler, late) == (200, {"code": 0})
    assert [f["file_id"] for f in service.store.files(second.id)] == [late["file_id"]]
    assert notes.events[-1][:2] == ("file_ready", second.task_id)
    # A file across both windows belongs to the one it overlaps most.
    across = {**TEMPLATE_FILE, "file_id": "2", "end_time": first.end + 600, "duration": 2400}
    assert post(handler, across) == (200, {"code": 0})
    assert [f["file_id"] for f in service.store.files(first.id)] == ["2"]
    assert notes.events[-1][:2] == ("file_ready", first.task_id)


def test_a_callback_about_an_unknown_task_is_accepted_and_logged(env, caplog):
    service, handler, notes, _ = env
    status, answer = post(handler, {**FILE, "task_id": "not-ours", "stream_id": "other"})
    assert (status, answer) == (200, {"code": 0})
    assert notes.events == []
    assert "does not know" in caplog.text or "not-ours" in caplog.text


def status_event(event: str, at: float, **over) -> dict:
    """A status callback (332) with the fields Tencent documents ("Recording Status Event
    Notification"): the push domain is `domain`, no `task_id`, no reason field, and
    `record_detail` a JSON string (start_model 5: a task made by the API; file_format 3: MP4)."""
    detail = {"file_format": 3, "record_bps": 0, "start_model": 5, "record_content": 1,
              "source_type": 1, "codec_temp_id": 0}  # fmt: skip
    return {
        "appid": 1250000000,
        "appname": "live",
        "domain": "5000.live.push.com",
        "event_time": int(at),
        "event_type": 332,
        "record_detail": json.dumps(detail),
        "record_event": event,
        "seq": "7037777160241646428",
        "session_id": "8132483762473918912",
        "stream_id": "livetest",
        **over,
    }


def test_a_failed_start_is_announced_once_with_what_live_said(env):
    service, handler, notes, _ = env
    row = schedule(service)
    failed = status_event("record_start_failed", row.start + 2)
    for t in (int(NOW) + 600, int(NOW) + 660):  # Live's retry: same content, fresh t and sign
        assert post(handler, failed, t=t) == (200, {"code": 0})
    fails = [e for e in notes.events if e[0] == "failed"]
    said = "Live could not start the recording (record_start_failed: API task, MP4, original stream, live recording)"
    assert fails == [("failed", row.task_id, said)]
    row = service.store.get(row.id)
    assert row.status == "created" and row.record_state == "failed"  # docs/contracts.md
    assert row.record_error == said and phase(row, NOW + 60) == "failed"
    parent = thread_parent_card(SlackFmt(), row, "failed")
    shown = show_card(SlackFmt(), row, service.store.events(row.id), NOW + 60, "UTC")
    for text in (parent.lines[0], "\n".join(shown.lines)):
        assert "record_start_failed: API task, MP4" in text and "no reason" not in text


@pytest.mark.parametrize(
    ("event", "kind", "words"),
    [
        ("record_start_succeeded", None, "Live started recording"),
        ("record_start_failed", "failed", "Live could not start the recording"),
        ("record_paused", "record_paused", "Live paused the recording"),
        ("record_resumed", "record_resumed", "Live resumed the recording"),
        ("record_error", "record_error", "Live reported a recording error"),
        ("record_ended", None, "Live ended the recording"),
    ],
)
def test_each_documented_status_event_finds_its_task_by_stream_and_time(env, event, kind, words):
    service, handler, notes, clock = env
    other = schedule(service, "livetest in 2 hours for 1h")  # the same stream, later
    row = schedule(service)
    clock.advance(1800)
    at = row.end + 30 if event == "record_ended" else clock()  # Live ends just after the window
    assert post(handler, status_event(event, at)) == (200, {"code": 0})
    said = f"{words} ({event}: API task, MP4, original stream, live recording)"
    history = [(e["kind"], e["detail"]) for e in service.store.events(row.id)]
    assert (f"live:{event}", said) in history
    assert [e["kind"] for e in service.store.events(other.id)] == [
        "requested",
        "pending",
        "created",
    ]
    told = [e for e in notes.events if e[0] != "created"]
    assert told == ([(kind, row.task_id, said)] if kind else [])


def test_status_events_match_within_a_small_margin_of_the_window_only(env):
    service, handler, notes, _ = env
    row = schedule(service, "livetest in 10 minutes for 1h")
    assert post(handler, status_event("record_start_succeeded", row.start - 60))[0] == 200
    assert "live:record_start_succeeded" in [e["kind"] for e in service.store.events(row.id)]
    assert post(handler, status_event("record_error", row.start - 1800))[0] == 200
    assert post(handler, status_event("record_error", row.end + 1800))[0] == 200
    assert post(handler, status_event("record_error", row.start + 60, stream_id="other"))[0] == 200
    assert post(handler, status_event("record_error", row.start + 60, domain="x.example"))[0] == 200
    assert [e["kind"] for e in service.store.events(row.id)].count("live:record_error") == 0
    assert [e[0] for e in notes.events] == ["created"]


def test_a_status_event_with_a_task_id_goes_to_that_task_and_no_other(env):
    service, handler, notes, _ = env
    first = schedule(service)
    second = schedule(service, "livetest now for 2h")  # the same stream, at the same time
    post(handler, status_event("record_paused", NOW + 5, task_id=second.task_id))
    assert notes.events[-1][:2] == ("record_paused", second.task_id)
    post(handler, status_event("record_error", NOW + 5, task_id="made-by-another-tool"))
    assert [e[0] for e in notes.events].count("record_error") == 0  # not guessed by stream
    assert "live:record_error" not in [e["kind"] for e in service.store.events(first.id)]


def test_record_detail_is_read_whatever_shape_live_sends():
    assert callbacks.record_detail({"record_detail": "not json"}) == {}
    assert callbacks.record_detail({"record_detail": {"start_model": "1"}}) == {"start_model": "1"}
    words = callbacks.status_words(
        {"record_event": "record_error", "record_detail": '{"start_model": "1", "file_format": 9}'}
    )
    assert words == "Live reported a recording error (record_error: template rule, file_format 9)"
    assert callbacks.status_words({"record_event": "record_new"}) == "Live reported (record_new)"


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


# -- well-signed callbacks no task takes: answered 200, kept, reported, matched later, pruned ------


@pytest.mark.parametrize(("payload", "words"), UNREADABLE)
def test_a_well_signed_callback_with_missing_fields_is_answered_200_and_kept(env, payload, words):
    service, handler, notes, clock = env
    for _ in range(3):  # Live would retry anything else 12 times; kept once however often sent
        assert post(handler, payload) == (200, {"code": 0})
        clock.advance(60)
    (kept,) = service.store.unmatched()
    assert words in kept["reason"] and json.loads(kept["payload"]) == payload  # no sign or t
    assert notes.events == []


def test_a_callback_no_task_matches_is_kept_with_what_it_is_about(env):
    service, handler, notes, _ = env
    row = schedule(service)
    assert post(handler, status_event("record_error", NOW + 60, stream_id="other")) == (
        200,
        {"code": 0},
    )
    assert post(handler, {**TEMPLATE_FILE, "stream_id": "other"}) == (200, {"code": 0})
    assert post(handler, status_event("record_error", NOW + 60)) == (200, {"code": 0})  # matched
    kept = {k["event_type"]: k for k in service.store.unmatched()}
    assert set(kept) == {100, 332}
    assert (kept[332]["stream"], kept[332]["domain"], kept[332]["at"]) == (
        "other", "5000.live.push.com", int(NOW) + 60
    )  # fmt: skip
    assert (kept[100]["at"], kept[100]["until"]) == (int(NOW), int(NOW) + 3600)  # the file's own
    assert "no task" in kept[332]["reason"] and "no task" in kept[100]["reason"]
    assert [f["task"] for f in service.store.files(row.id)] == []
    lines = [callbacks.describe_kept(k) for k in service.store.unmatched()]
    assert any("record_error of 5000.live.push.com/live/other" in line for line in lines)
    assert any(f"file {TEMPLATE_FILE['file_id']} (mp4)" in line for line in lines)


def test_kept_callbacks_are_matched_when_their_task_appears(env):
    service, handler, notes, clock = env
    start = int(NOW) - 1800
    file = {
        **TEMPLATE_FILE,
        "task_id": "made-in-the-console",
        "end_time": start + 1200,
        "duration": 1200,
    }
    status = status_event("record_paused", start + 600, task_id="made-in-the-console")
    for payload in (file, status):
        assert post(handler, payload) == (200, {"code": 0})
    assert len(service.store.unmatched()) == 2 and match_kept(service.store, clock) == []
    task = service.store.add_external(
        {"task_id": "made-in-the-console", "stream": "livetest", "app": "live",
         "domain": "5000.live.push.com", "start": start, "end": start + 3600}
    )  # fmt: skip
    matched = match_kept(service.store, clock)  # as `recordbot reconcile` does after importing
    assert sorted(k["event_type"] for k, _ in matched) == [100, 332]
    assert {t.id for _, t in matched} == {task.id}
    assert [f["file_id"] for f in service.store.files(task.id)] == [file["file_id"]]
    history = [(e["kind"], e["detail"] or "") for e in service.store.events(task.id)]
    assert any(k == "live:record_paused" and "matched later" in d for k, d in history)
    assert service.store.unmatched() == [] and len(service.store.unmatched(matched=True)) == 2
    assert match_kept(service.store, clock) == []  # once
    assert notes.events == []  # history by now, not news


def test_kept_callbacks_are_pruned_after_90_days(env):
    service, handler, notes, clock = env
    post(handler, status_event("record_error", NOW, stream_id="other"))
    scheduler = Scheduler(service.store, notes, clock=clock)
    scheduler.tick(NOW + 89 * 86400)
    assert len(service.store.unmatched()) == 1
    scheduler.tick(NOW + 90 * 86400 + 3601)  # the scheduler prunes hourly
    assert service.store.unmatched() == []


@pytest.mark.usefixtures("no_proxies")
def test_recordbot_reconcile_reports_kept_callbacks(tmp_path, monkeypatch, capsys):
    from bot.cli import main
    from bot.store import TaskStore

    from fakes import Clock

    monkeypatch.chdir(tmp_path)  # no .env
    for key in ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "LIVE_API_ENDPOINT"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("RECORDBOT_DB", str(tmp_path / "log.db"))
    clock = Clock(NOW)
    store = TaskStore(str(tmp_path / "log.db"), clock=clock)
    handler = CallbackHandler(store, KEY, clock=clock)
    post(handler, status_event("record_start_failed", NOW, stream_id="other"))
    post(handler, {**TEMPLATE_FILE, "file_format": "hls"})
    store.close()
    assert main(["reconcile"]) == 0
    out = capsys.readouterr().out
    assert "2 Live callback(s) matched no task" in out
    assert "record_start_failed of 5000.live.push.com/live/other" in out
    assert f"file {TEMPLATE_FILE['file_id']} (hls) of 5000.live.push.com/live/livetest" in out


# -- recorded files as people see them: file_id, and links only to trusted hosts ----------------


def shown(service, row, fmt):
    """The file lines of the thread's first message and of `show`, as Slack gets them."""
    row = service.store.get(row.id)
    files = service.store.files(row.id)
    parent = thread_parent_card(fmt, row, "recording", files)
    show = show_card(fmt, row, service.store.events(row.id), NOW, "UTC", files)
    return [line for card in (parent, show) for line in card.lines if line.startswith("*File:*")]


def test_a_file_is_shown_with_its_file_id_and_a_link_to_tencents_vod(env):
    service, handler, notes, _ = env
    row = schedule(service)
    assert post(handler, TEMPLATE_FILE) == (200, {"code": 0})
    (notice,) = [t for t in notes.texts if "recorded file" in t]
    url = TEMPLATE_FILE["video_url"]
    for text in (notice, *shown(service, row, SlackFmt())):
        assert f"file_id `{TEMPLATE_FILE['file_id']}`" in text and f"<{url}|{url}>" in text
    history = [e["detail"] for e in service.store.events(row.id) if e["kind"] == "file_ready"]
    assert history == [f"mp4, 1h, 734.0 MB, file_id {TEMPLATE_FILE['file_id']}"]  # no URL


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/f0.mp4",
        "http://1250000000.vod2.myqcloud.com.evil.example/f0.mp4",
        "http://1250000000.vod2.myqcloud.com@evil.example/f0.mp4",
        "javascript:alert(1)//1250000000.vod2.myqcloud.com",
        "https://media.example.com/`<!channel>`/f0.mp4",
    ],
)
def test_a_file_url_on_a_foreign_host_is_shown_as_text_not_a_link(env, url):
    service, handler, notes, _ = env
    row = schedule(service)
    assert post(handler, {**TEMPLATE_FILE, "video_url": url}) == (200, {"code": 0})
    (notice,) = [t for t in notes.texts if "recorded file" in t]
    for text in (notice, *shown(service, row, SlackFmt())):
        assert "<http" not in text and "<javascript" not in text and "<!channel>" not in text
        assert "not a link" in text and f"file_id `{TEMPLATE_FILE['file_id']}`" in text
        code = text.split(": `", 1)[1].split("` (not a link", 1)[0]  # the URL, as inline code
        assert "`" not in code and code.replace("&lt;", "<").replace("&gt;", ">") == url.replace(
            "`", "'"
        )


def test_a_file_url_on_a_host_in_recordbot_file_hosts_is_linked(clock, store):
    from bot.config import load_settings

    settings = load_settings({"RECORDBOT_FILE_HOSTS": " Media.Example.com, cdn.example.com"}, None)
    assert settings.file_hosts == frozenset({"media.example.com", "cdn.example.com"})
    notes = Notes(settings.file_hosts)
    service = RecordService(
        store, FakeLive(clock), Defaults("5000.live.push.com"), notes, Access(), clock
    )
    handler = CallbackHandler(
        store, KEY, clock=clock, flush=Scheduler(store, notes, clock=clock).flush
    )
    row = schedule(service)
    url = "https://media.example.com/vod/f0.mp4"
    assert post(handler, {**TEMPLATE_FILE, "video_url": url}) == (200, {"code": 0})
    (notice,) = [t for t in notes.texts if "recorded file" in t]
    for text in (notice, *shown(service, row, SlackFmt(settings.file_hosts))):
        assert f"<{url}|{url}>" in text and "not a link" not in text
    assert all("not a link" in t for t in shown(service, row, SlackFmt()))  # not listed: text


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("http://1250000000.vod2.myqcloud.com/d1/f0.mp4", True),
        ("https://1500000000.vod-qcloud.com/d1/f0.m3u8", True),
        ("https://bucket-1250000000.cos.ap-guangzhou.myqcloud.com/f0.mp4", True),
        ("https://cos.ap-guangzhou.myqcloud.com/bucket-1250000000/f0.mp4", True),
        ("https://bucket-1250000000.cos.ap-nanjing.tencentcos.cn/f0.mp4", True),
        ("https://bucket-1250000000.cos-website.ap-guangzhou.myqcloud.com/", False),
        ("https://x.livepush.myqcloud.com/live/s.flv", False),
        ("https://vod2.myqcloud.com.evil.example/f0.mp4", False),
        ("https://evil.example\\@1250000000.vod2.myqcloud.com/f0.mp4", False),
        ("ftp://1250000000.vod2.myqcloud.com/f0.mp4", False),
        ("https://1250000000.vod2.myqcloud.com:99999/f0.mp4", False),
        ("https://1250000000.vod2.myqcloud.com/a b.mp4", False),
        ("https://1250000000.vod2.myqcloud.cоm/f0.mp4", False),  # a Cyrillic o
        (None, False),
    ],
)
def test_only_tencents_vod_and_cos_hosts_are_trusted(url, ok):
    from bot.live.media import linkable

    assert linkable(url) is ok
