"""A recording's life end to end, over real HTTP: signed Slack requests in, the Slack stand-in
and the Live API simulator (through the real SDK) out, signed Live callbacks posted to
/live/callback, and a clock the test moves for the bot (Slack and Live keep real time)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.ui.cards import Action

from fakes import Clock, live_signed
from slackfake import free_port, post, post_signed, sign, validate_blocks
from slackfake.blocks import blocks_text_length
from wiredapp import CHANNEL, NAMES, SECRET, World

KEY = "e2e-callback-key"

pytestmark = pytest.mark.usefixtures("no_proxies")


class LifecycleWorld(World):
    """The wired app with a callback key and a clock the test moves (Slack and Live keep real
    time): Live callbacks, the scheduler's ticks, the notice's thread in CHANNEL, Home tabs."""

    def __init__(self, db_path: Path | str, env: dict[str, str] | None = None) -> None:
        super().__init__(
            db_path, env={"CALLBACK_KEY": KEY, **(env or {})}, clock=Clock(time.time())
        )

    def tick(self) -> list[str]:
        return [p.kind for p in self.bot.scheduler.tick()]

    # -- Slack

    def press(self, card: dict, action: str, user: str = "U1") -> dict:
        """Click the card's `action` button, wherever it is (an actions block or an accessory)."""
        return self.click(action, button_value(card, action), user)

    def confirm(self, text: str, user: str = "U1", wait: bool = True) -> str:
        """Schedule through the card; return the TaskId once its thread has its first reply
        (at once with `wait=False`)."""
        before = set(self.sim.tasks)
        self.press(self.command(text, user), Action.CONFIRM, user)
        (task_id,) = set(self.sim.tasks) - before
        if wait:
            self.wait_thread(task_id, 1)
        return task_id

    def open_home(self, user: str = "U1") -> None:
        event = {
            "token": "verification-token",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": f"Ev{time.time_ns()}",
            "event_time": int(time.time()),
            "event": {
                "type": "app_home_opened",
                "user": user,
                "channel": "D" + user[1:],
                "tab": "home",
                "event_ts": f"{time.time():.6f}",
            },
        }
        body = json.dumps(event).encode()
        headers = {**sign(SECRET, body), "Content-Type": "application/json"}
        assert post(self.url, body, headers)[0] == 200

    def home_of(self, user: str, until=lambda home: True, timeout: float = 5.0) -> dict:
        """The user's Home view, once `until(view)` holds (it is published in the background)."""
        deadline = time.monotonic() + timeout
        while True:
            homes = [
                v
                for v in self.slack.views.values()
                if v["type"] == "home" and v["_user_id"] == user
            ]
            if (homes and until(homes[0])) or time.monotonic() > deadline:
                assert homes, f"no Home view was published for {user}"
                return homes[0]
            time.sleep(0.01)

    # -- Live

    def callback(self, payload: dict, t: int | None = None, key: str = KEY) -> tuple[int, dict]:
        signed = live_signed(payload, key, int(self.clock()) + 600 if t is None else t)
        status, _, body = post(
            f"{self.server.url}/live/callback",
            json.dumps(signed).encode(),
            {"Content-Type": "application/json"},
        )
        return status, json.loads(body)

    # -- the thread

    def parent(self, task_id: str) -> dict:
        row = self.bot.store.by_task_id(task_id)
        return next(m for m in self.slack.messages(CHANNEL) if m["ts"] == row.notice_ts)

    def replies(self, task_id: str) -> list[dict]:
        ts = self.bot.store.by_task_id(task_id).notice_ts
        return [m for m in self.slack.messages(CHANNEL) if m.get("thread_ts") == ts]

    def wait_parent(self, task_id: str, words: str, timeout: float = 5.0) -> dict:
        """The parent, once its status line says `words` (stops and deletes update it from the
        bot's worker threads, just after their thread reply)."""
        deadline = time.monotonic() + timeout
        while True:
            parent = self.parent(task_id)
            if words in status_line(parent) or time.monotonic() > deadline:
                return parent
            time.sleep(0.01)

    def wait_thread(self, task_id: str, count: int, timeout: float = 5.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            row = self.bot.store.by_task_id(task_id)
            kinds = [kind_of(m["text"]) for m in self.replies(task_id)] if row.notice_ts else []
            if len(kinds) >= count or time.monotonic() > deadline:
                return kinds
            time.sleep(0.01)


@pytest.fixture
def world(make_world) -> LifecycleWorld:
    return make_world(LifecycleWorld)


KINDS = (
    ("scheduled a recording", "created"),
    ("started (TaskId", "started"),
    ("ended (TaskId", "ended"),
    ("stopped the recording", "stopped"),
    ("deleted recording task", "deleted"),
    ("recorded file", "file_ready"),
    ("failed (TaskId", "failed"),
    ("started pushing", "push_started"),
    ("stopped pushing", "push_stopped"),
)


def kind_of(text: str) -> str:
    return next((kind for words, kind in KINDS if words in text), text)


def button_value(card: dict, action: str) -> str:
    for block in card["blocks"]:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("action_id") == action:
                return element["value"]
    raise AssertionError(f"no {action} button in {card}")


def stop_buttons(message: dict) -> list[str]:
    return [
        e["value"]
        for b in message.get("blocks", [])
        for e in [*b.get("elements", []), b.get("accessory") or {}]
        if e.get("action_id") == Action.STOP
    ]


def status_line(message: dict) -> str:
    text = "\n".join((b.get("text") or {}).get("text", "") for b in message["blocks"])
    return next(line for line in text.splitlines() if line.startswith("*Status:*"))


def text_of(card: dict) -> str:
    return "\n".join(
        [card.get("text", "")] + [b["text"]["text"] for b in card.get("blocks", []) if "text" in b]
    )


def file_callback(task_id: str, file_id: str = "5285890781763144364") -> dict:
    now = int(time.time())
    return {
        "event_type": 100,
        "stream_id": "livetest",
        "app": "push.example.com",
        "appname": "live",
        "task_id": task_id,
        "file_id": file_id,
        "video_url": f"http://1234.vod2.myqcloud.com/v/{file_id}/f0.mp4",
        "file_format": "mp4",
        "start_time": now,
        "end_time": now + 3600,
        "duration": 3600,
        "file_size": 734_003_200,
    }


# -- the thread ---------------------------------------------------------------------------------


def test_the_thread_follows_a_recording_from_schedule_to_file(world):
    task_id = world.confirm("livetest in 10 minutes for 1h")
    row = world.bot.store.by_task_id(task_id)
    parent = world.parent(task_id)
    assert parent["channel"] == CHANNEL and task_id in parent["text"] and "<@U1>" in parent["text"]
    assert "Scheduled" in status_line(parent) and stop_buttons(parent) == [task_id]
    stop = next(
        e for b in parent["blocks"] for e in b.get("elements", []) if e.get("value") == task_id
    )
    assert stop["confirm"]["confirm"]["text"] == "Stop recording"  # asks first

    world.clock.now = row.start + 5
    assert world.tick() == ["started"]
    assert "Recording" in status_line(world.parent(task_id))

    for _ in range(3):  # Live delivers, then retries twice: one file notice
        assert world.callback(file_callback(task_id)) == (200, {"code": 0})
        world.clock.now += 60
    world.clock.now = row.end + 5
    assert world.tick() == ["ended"]

    assert world.wait_thread(task_id, 4) == ["created", "started", "file_ready", "ended"]
    parent = world.parent(task_id)
    assert "Done" in status_line(parent) and stop_buttons(parent) == []
    assert "f0.mp4" in text_of(parent) and "734.0 MB" in text_of(parent)
    assert world.tick() == []


def test_file_links_in_the_thread_are_not_unfurled(world):
    task_id = world.confirm("livetest now for 1h")
    assert world.callback(file_callback(task_id)) == (200, {"code": 0})
    assert world.wait_thread(task_id, 2) == ["created", "file_ready"]
    posts = world.slack.calls_to("chat.postMessage")
    assert any("f0.mp4" in c.args["text"] for c in posts)
    for call in posts:  # the parent and every reply
        assert (call.args.get("unfurl_links"), call.args.get("unfurl_media")) == (False, False)


def mentions_in(message: dict) -> dict[str, list[str]]:
    """Who a channel message mentions: in its text (the notification) and in its blocks."""
    return {
        "text": re.findall(r"<@(\w+)>", message.get("text", "")),
        "blocks": re.findall(r"<@(\w+)>", json.dumps(message.get("blocks", []))),
    }


def test_each_notice_mentions_one_person_once_and_never_the_one_who_acted(world):
    mine = world.confirm("livetest now for 1h")  # U1 asks and stops it herself
    world.command(f"stop {mine}")
    theirs = world.confirm("othertest now for 1h")  # U1 asks, U2 stops it from the list
    world.press(world.command("list", user="U2"), Action.STOP, user="U2")
    for task_id in (mine, theirs):
        assert world.wait_thread(task_id, 2) == ["created", "stopped"]
        world.wait_parent(task_id, "Stopped early")
    assert mentions_in(world.parent(mine)) == {"text": ["U1"], "blocks": ["U1"]}
    assert mentions_in(world.parent(theirs)) == {"text": ["U1"], "blocks": ["U1"]}
    assert "Stopped early by Bob" in status_line(world.parent(theirs))
    replies = {t: [mentions_in(m)["text"] for m in world.replies(t)] for t in (mine, theirs)}
    assert replies == {mine: [[], []], theirs: [[], ["U1"]]}
    for message in world.slack.messages(CHANNEL):
        for found in mentions_in(message).values():
            assert len(found) <= 1, message


def test_a_restart_mid_window_neither_loses_nor_doubles_a_notice(world):
    task_id = world.confirm("livetest in 10 minutes for 1h")
    row = world.bot.store.by_task_id(task_id)
    world.clock.now = row.start + 5
    assert world.tick() == ["started"]

    world.restart()  # same task log, same Slack, same Live
    world.clock.now = row.start + 90
    assert world.tick() == []
    world.clock.now = row.end + 5
    assert world.tick() == ["ended"]
    assert world.wait_thread(task_id, 3) == ["created", "started", "ended"]
    assert "Done" in status_line(world.parent(task_id))  # the new process kept the thread


def test_notices_that_fell_due_while_the_bot_was_down_are_posted_late(world):
    task_id = world.confirm("livetest in 10 minutes for 1h")
    row = world.bot.store.by_task_id(task_id)
    world.shutdown()
    world.clock.now = row.end + 15 * 60
    world.boot()
    assert world.tick() == ["started", "ended"]
    late = [m["text"] for m in world.replies(task_id)][1:]
    assert all("posted late" in text for text in late) and len(late) == 2


def test_a_failed_start_reported_twice_is_announced_once(world):
    task_id = world.confirm("livetest in 10 minutes for 1h")
    row = world.bot.store.by_task_id(task_id)
    failed = {  # as documented: no task_id, no reason field; found by stream and time
        "appid": 1250000000,
        "appname": "live",
        "domain": "push.example.com",
        "event_time": row.start + 2,
        "event_type": 332,
        "record_detail": json.dumps({"file_format": 2, "start_model": 5, "source_type": 1}),
        "record_event": "record_start_failed",
        "seq": "1",
        "session_id": "8132483762473918912",
        "stream_id": "livetest",
    }
    world.clock.now = row.start + 2
    assert world.callback(failed) == (200, {"code": 0})
    world.clock.now += 60
    assert world.callback(failed) == (200, {"code": 0})
    assert world.tick() == []  # no "started" for a recording Live says failed
    assert world.wait_thread(task_id, 2) == ["created", "failed"]
    parent = world.parent(task_id)
    said = "Live could not start the recording (record_start_failed: API task, HLS, live recording)"
    assert f"Failed: {said}" in status_line(parent) and stop_buttons(parent) == []
    assert said in world.replies(task_id)[-1]["text"]
    assert (
        world.bot.store.by_task_id(task_id).status == "created"
    )  # the documented statuses (docs/contracts.md)


def test_push_start_is_noted_in_the_thread_of_the_active_task(world):
    task_id = world.confirm("livetest now for 1h")
    push = {"event_type": 1, "stream_id": "livetest", "appname": "live"}
    assert world.callback({**push, "app": "push.example.com"}) == (200, {"code": 0})
    assert world.callback({**push, "app": "other.example.com"}) == (200, {"code": 0})
    assert world.wait_thread(task_id, 2) == ["created", "push_started"]


def test_forged_expired_and_unreadable_callbacks_are_refused_and_change_nothing(world):
    task_id = world.confirm("livetest in 10 minutes for 1h")
    posted = len(world.slack.calls_to("chat.postMessage"))
    good = file_callback(task_id)
    status, body = world.callback(good, key="not-the-key")
    assert status == 401 and "signature" in body["error"]
    status, body = world.callback(good, t=int(world.clock()) - 1)
    assert status == 403 and "Expired" in body["error"]
    url = f"{world.server.url}/live/callback"
    status, _, out = post(url, b"{not json", {"Content-Type": "application/json"})
    assert status == 400 and b"not JSON" in out
    assert len(world.slack.calls_to("chat.postMessage")) == posted
    assert world.bot.store.files(world.bot.store.by_task_id(task_id).id) == []
    assert world.bot.store.unmatched() == []


def test_a_well_signed_callback_missing_fields_is_answered_200_and_kept(world):
    task_id = world.confirm("livetest in 10 minutes for 1h")
    broken = {k: v for k, v in file_callback(task_id).items() if k != "file_id"}
    assert world.callback(broken) == (200, {"code": 0})  # else Live retries it 12 times
    (kept,) = world.bot.store.unmatched()
    assert "`file_id`" in kept["reason"] and json.loads(kept["payload"]) == broken
    assert world.wait_thread(task_id, 1) == ["created"]


def test_file_urls_link_only_to_tencent_and_recordbot_file_hosts(make_world):
    world = make_world(LifecycleWorld, env={"RECORDBOT_FILE_HOSTS": "media.example.com"})
    task_id = world.confirm("livetest now for 1h")
    urls = {
        "1": "http://1234.vod2.myqcloud.com/v/1/f0.mp4",  # Tencent VOD
        "2": "https://media.example.com/v/2/f0.mp4",  # listed in RECORDBOT_FILE_HOSTS
        "3": "https://evil.example.com/v/3/f0.mp4",  # neither
    }
    for file_id, url in urls.items():
        assert world.callback({**file_callback(task_id, file_id), "video_url": url})[0] == 200
    assert world.wait_thread(task_id, 4) == ["created", "file_ready", "file_ready", "file_ready"]
    notices = [m["text"] for m in world.replies(task_id)[1:]]
    deadline = time.monotonic() + 5  # the parent's update follows the replies in the outbox
    while "file_id `3`" not in text_of(world.parent(task_id)) and time.monotonic() < deadline:
        time.sleep(0.05)
    parent, show = text_of(world.parent(task_id)), text_of(world.command(f"show {task_id}"))
    for file_id, url in urls.items():
        linked = f"<{url}|{url}>"
        for text in (notices[int(file_id) - 1], parent, show):
            assert f"file_id `{file_id}`" in text
            assert (linked in text) is (file_id != "3")
    assert "`https://evil.example.com/v/3/f0.mp4` (not a link" in show


# -- stop and delete from every entry point ----------------------------------------------------


def assert_stopped(world, task_id: str, by: str = "U1") -> None:
    kinds = world.wait_thread(task_id, 2)
    assert kinds == ["created", "stopped"]
    # named, not mentioned: the one who stopped it knows; the requester is told if it was not them
    text = world.replies(task_id)[-1]["text"]
    assert f"{NAMES[by].title()} stopped" in text and f"<@{by}>" not in text
    assert ("<@U1>" in text) == (by != "U1")
    parent = world.wait_parent(task_id, "Stopped early")
    assert "Stopped early" in status_line(parent) and stop_buttons(parent) == []
    assert world.sim.tasks[task_id]["Stopped"] > 0
    assert world.bot.store.by_task_id(task_id).stopped_by == by


def test_stop_from_the_command_card(world):
    task_id = world.confirm("livetest now for 1h")
    assert "Stopped" in text_of(world.command(f"stop {task_id}"))  # typed in full: at once
    assert_stopped(world, task_id)


def test_stop_from_the_list(world):
    task_id = world.confirm("livetest now for 1h")
    listing = world.command("list")
    assert stop_buttons(listing) == [task_id]
    world.press(listing, Action.STOP, user="U2")
    assert_stopped(world, task_id, by="U2")


def test_stop_from_the_parent_notice(world):
    task_id = world.confirm("livetest now for 1h")
    parent = world.parent(task_id)
    body = world.slack.block_actions_body(
        Action.STOP, task_id, user_id="U2", channel_id=CHANNEL, message=parent
    )
    answer = world.interact(body)
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    assert_stopped(world, task_id, by="U2")


def test_stop_from_app_home(world):
    task_id = world.confirm("livetest now for 1h")
    world.open_home("U2")
    home = world.home_of("U2")
    assert stop_buttons(home) == [task_id] and "<!date^" in json.dumps(home["blocks"])

    body = world.slack.block_actions_body(
        Action.STOP,
        task_id,
        user_id="U2",
        container={"type": "view", "view_id": home["id"]},
    )
    payload = json.loads(dict(parse_qsl(body.decode()))["payload"])
    for key in ("channel", "response_url"):  # a click on Home carries neither
        payload.pop(key)
    payload["view"] = {k: v for k, v in home.items() if not k.startswith("_")}
    world.interact(urlencode({"payload": json.dumps(payload)}).encode())
    assert_stopped(world, task_id, by="U2")
    home = world.home_of("U2", until=lambda v: "Stopped" in json.dumps(v["blocks"]))
    assert "Stopped" in json.dumps(home["blocks"]) and stop_buttons(home) == []


def test_delete_from_the_command_card(world):
    task_id = world.confirm("livetest in 10 minutes for 1h")
    ask = world.command(f"delete {task_id}")
    assert "Deleted" in text_of(world.press(ask, Action.DELETE))
    assert world.wait_thread(task_id, 2) == ["created", "deleted"]
    parent = world.wait_parent(task_id, "Deleted")
    assert "Deleted" in status_line(parent) and stop_buttons(parent) == []
    assert task_id not in world.sim.tasks
    world.clock.now = world.bot.store.by_task_id(task_id).end + 5
    assert world.tick() == []  # a deleted task gets no start or end notice


def test_show_lists_files_and_callback_events(world):
    task_id = world.confirm("livetest now for 1h")
    world.callback(
        {"event_type": 332, "task_id": task_id, "record_event": "record_start_succeeded"}
    )
    world.callback(file_callback(task_id))
    text = text_of(world.command(f"show {task_id}"))
    url = "http://1234.vod2.myqcloud.com/v/5285890781763144364/f0.mp4"
    assert f"*File:* mp4, 1h, 734.0 MB, file_id `5285890781763144364`: <{url}|{url}>" in text
    assert "live:record_start_succeeded" in text and "file_ready" in text


def within_slacks_limits(card: dict) -> None:
    """What Slack takes in one message: valid blocks, at most 50, about 12,000 characters."""
    assert validate_blocks(card["blocks"], max_blocks=50) == []
    assert blocks_text_length(card["blocks"]) <= 12_000 and len(card["text"]) <= 4_000


def test_list_shows_the_soonest_first_and_pages_the_rest(world):
    """60 upcoming recordings: the next 20 with their Stop buttons, how many more, and the
    command that shows them."""
    store, start = world.bot.store, int(world.clock()) + 3600
    ids = [f"T-{i:02d}" for i in range(60)]
    for i in reversed(range(60)):  # written latest first: the list must sort them
        begin = start + 3600 * i
        (row,) = store.add_proposals(
            [{"stream": "livetest", "app": "live", "domain": "push.example.com", "start": begin,
              "end": begin + 1800, "starts_now": False, "template_id": None, "user": "U1",
              "user_name": "alice", "channel": "C1", "tz": "Asia/Shanghai", "command": "x"}],
            "U1",
        )  # fmt: skip
        store.transition(row.id, ["proposed"], "created", task_id=ids[i])
    first = world.command("list")
    within_slacks_limits(first)
    assert stop_buttons(first) == ids[:20]
    assert "…and 40 more upcoming: `/record list from 21` shows the next ones." in text_of(first)
    second = world.command("list from 21", user="U2")
    within_slacks_limits(second)
    assert stop_buttons(second) == ids[20:40] and "`/record list from 41`" in text_of(second)


def test_show_of_a_long_history_stays_within_slacks_limits_and_can_still_stop(world):
    task_id = world.confirm("livetest now for 1h")
    row = world.bot.store.by_task_id(task_id)
    for i in range(500):
        world.bot.store.add_event(row.id, "live:record_event", None, f"event {i} " + "d" * 200)
    card = world.command(f"show {task_id}")
    within_slacks_limits(card)
    text = text_of(card)
    assert "requested" in text and "event 499 " in text and "in between not shown" in text
    assert stop_buttons(card) == [task_id]
    world.press(card, Action.STOP, user="U2")
    assert_stopped(world, task_id, by="U2")


# -- App Home and reconcile ---------------------------------------------------------------------


def test_home_is_refreshed_for_recent_viewers_and_the_requester_after_a_change(world):
    world.open_home("U1")
    assert stop_buttons(world.home_of("U1")) == []
    task_id = world.confirm("livetest in 10 minutes for 1h", user="U2")
    for user in ("U1", "U2"):  # a recent viewer, and the requester
        home = world.home_of(user, until=lambda v: task_id in stop_buttons(v))
        assert stop_buttons(home) == [task_id]


def test_tasks_made_outside_recordbot_are_found_and_marked(world):
    now = int(time.time())
    made = world.bot.backend.client.create_record_task(
        stream="console", domain="push.example.com", app="live", start=now + 600, end=now + 4200
    )
    found = world.bot.service.import_external()
    assert [r.task_id for r in found] == [made.task_id] and found[0].source == "external"
    assert world.bot.service.import_external() == []  # known now
    listing = text_of(world.command("list"))
    assert "`#1`" in listing and "made outside recordbot" in listing


def test_socket_modes_callback_listener_serves_live_callbacks_and_nothing_of_slacks(world):
    from bot.app import start_callback_listener

    listener = start_callback_listener(world.bot, free_port(), host="127.0.0.1")
    try:
        task_id = world.confirm("livetest now for 1h")
        payload = live_signed(file_callback(task_id), KEY, int(world.clock()) + 600)
        status, _, out = post(
            f"{listener.url}/live/callback",
            json.dumps(payload).encode(),
            {"Content-Type": "application/json"},
        )
        assert (status, json.loads(out)) == (200, {"code": 0})
        assert world.wait_thread(task_id, 2) == ["created", "file_ready"]
        body = world.slack.slash_command_body("livetest now for 1h")
        assert post_signed(f"{listener.url}/slack/events", SECRET, body)[0] == 404
    finally:
        listener.shutdown()
        listener.server_close()
    assert start_callback_listener(world.bot, None) is None


# -- the outbox: Slack's refusals delay notices; nothing is lost or doubled ---------------------


def thread_of(world, task_id: str) -> tuple[list[dict], list[str]]:
    """The task's parents (top-level messages naming it) and its replies' kinds."""
    messages = world.slack.messages(CHANNEL)
    parents = [m for m in messages if "thread_ts" not in m and task_id in m["text"]]
    ts = world.bot.store.by_task_id(task_id).notice_ts
    return parents, [kind_of(m["text"]) for m in messages if ts and m.get("thread_ts") == ts]


def test_a_rate_limited_notice_is_posted_once_after_retry_after(make_world):
    world = make_world()  # the real clock: Retry-After is counted in real seconds
    world.slack.rate_limit_next("chat.postMessage", retry_after=1)
    answer = world.press(world.command("livetest in 10 minutes for 1h"), Action.CONFIRM)
    assert "Scheduled" in text_of(answer)  # the person is answered without waiting for Slack
    (task_id,) = world.sim.tasks
    limited, parent, reply = world.slack.wait_for("chat.postMessage", 3, timeout=10)[:3]
    assert (limited.status, limited.error, parent.ok, reply.ok) == (429, "ratelimited", True, True)
    assert parent.at - limited.at >= 1.0  # not before Slack said
    assert world.slack.responses[-1].at < parent.at
    time.sleep(0.2)
    assert len(world.slack.calls_to("chat.postMessage")) == 3  # posted once: nothing more
    parents, replies = thread_of(world, task_id)
    assert len(parents) == 1 and replies == ["created"]
    assert reply.args["thread_ts"] == parents[0]["ts"]
    assert world.bot.store.outbox.items(unsent=True) == []


def test_a_failed_parent_update_is_retried_until_the_parent_shows_the_status(world):
    from bot.lifecycle import SEND_BACKOFF

    task_id = world.confirm("livetest now for 1h")
    world.slack.fail_next("chat.update", "internal_error", times=2)
    assert "Stopped" in text_of(world.command(f"stop {task_id}"))
    drain = world.bot.scheduler.drain  # waits for the thread's drain, then drains what is due
    drain()
    assert world.wait_thread(task_id, 2) == ["created", "stopped"]
    assert "Recording" in status_line(world.parent(task_id))  # stale, for now
    for failures, wait in ((1, SEND_BACKOFF), (2, 2 * SEND_BACKOFF)):
        updates = world.slack.calls_to("chat.update")
        assert [c.error for c in updates] == ["internal_error"] * failures
        world.clock.advance(wait - 0.5)
        assert drain() == [] and len(world.slack.calls_to("chat.update")) == failures  # waits
        world.clock.advance(0.5)
        drain()
    assert [c.error for c in world.slack.calls_to("chat.update")] == ["internal_error"] * 2 + [None]
    parent = world.parent(task_id)
    assert "Stopped early" in status_line(parent) and stop_buttons(parent) == []
    assert thread_of(world, task_id)[1] == ["created", "stopped"]  # the reply was not repeated


def test_notices_slack_failed_are_retried_without_doubling_them_or_their_parent(world):
    world.bot.store.set_notices("U1", False)  # the thread alone: no personal message
    world.slack.fail_next("chat.postMessage", "internal_error")  # the thread's parent, once
    task_id = world.confirm("livetest now for 1h", wait=False)
    drain = world.bot.scheduler.drain
    drain()
    assert [c.error for c in world.slack.calls_to("chat.postMessage")] == ["internal_error"]
    world.clock.advance(60)
    drain()
    assert thread_of(world, task_id)[1] == ["created"]
    world.slack.fail_next("chat.postMessage", "service_unavailable", status=503, times=2)
    assert world.callback(file_callback(task_id)) == (200, {"code": 0})
    for _ in range(3):
        drain()
        world.clock.advance(60)
    drain()
    parents, replies = thread_of(world, task_id)
    assert len(parents) == 1 and replies == ["created", "file_ready"]
    errors = [c.error for c in world.slack.calls_to("chat.postMessage")]
    assert errors == [
        "internal_error",
        None,
        None,
        "service_unavailable",
        "service_unavailable",
        None,
    ]
    assert world.tick() == ["started"] and drain() == []  # later notices join the same thread
    assert thread_of(world, task_id)[1] == ["created", "file_ready", "started"]


def personal_messages(world, user: str) -> list[str]:
    deadline = time.monotonic() + 5
    while True:
        sent = [
            c for c in world.slack.calls_to("chat.postMessage") if c.args.get("channel") == user
        ]
        if sent or time.monotonic() > deadline:
            return [c.args["text"] for c in sent if c.ok]
        time.sleep(0.05)


def test_the_requester_is_told_in_person_when_someone_else_stops_it(world):
    task_id = world.confirm("livetest now for 1h")
    listing = world.command("list", user="U2")
    world.press(listing, Action.STOP, user="U2")
    assert_stopped(world, task_id, by="U2")
    (text,) = personal_messages(world, "U1")
    assert text.startswith("Your recording:") and "stopped" in text and task_id in text


def test_personal_notices_can_be_turned_off(world):
    assert "now off" in text_of(world.command("notify off"))
    task_id = world.confirm("livetest now for 1h")
    world.press(world.command("list", user="U2"), Action.STOP, user="U2")
    assert_stopped(world, task_id, by="U2")
    assert personal_messages(world, "U1") == []
    # a stop by the requester themself is not news to them
    assert "now on" in text_of(world.command("notify on"))
    own = world.confirm("other now for 1h")
    world.press(world.command("list other"), Action.STOP, user="U1")
    assert_stopped(world, own, by="U1")
    assert personal_messages(world, "U1") == []


# -- bookings -----------------------------------------------------------------------------------


def test_a_booking_is_created_late_after_downtime_and_told_in_its_thread(world):
    # The bot's clock runs 8 days behind Slack's and Live's: a window 10 days ahead for the bot
    # is 2 days ahead for Live, so the simulator takes it once the bot's clock catches up.
    world.clock.now = time.time() - 8 * 86400
    card = world.command("livetest in 10 days for 2h")
    assert "Live takes a task only 6 days ahead" in text_of(card)
    world.press(card, Action.CONFIRM)
    (row,) = [r for r in world.bot.store.list() if r.status == "booked"]
    assert world.sim.tasks == {}
    world.tick()
    assert world.sim.tasks == {}  # not due yet
    world.shutdown()  # down past its moment; its window has not ended
    world.clock.now = time.time()
    world.boot()
    world.tick()
    world.tick()
    (task_id,) = world.sim.tasks
    assert world.row(row.id).status == "created" and world.row(row.id).task_id == task_id
    assert world.wait_thread(task_id, 1) == ["created"]
    (text,) = [m["text"] for m in world.replies(task_id)]
    assert "posted late" in text


def test_a_48h_window_is_created_part_by_part_over_http(world):
    # part 1 falls due when the bot's clock reaches Slack's and Live's, part 2 a day later
    world.clock.now = time.time() - 2 * 86400 - 3600
    card = world.command("livetest in 8 days for 48h")
    world.press(card, Action.CONFIRM_ALL)
    rows = sorted(
        (r for r in world.bot.store.list() if r.status == "booked"), key=lambda r: r.start
    )
    assert len(rows) == 2 and world.sim.tasks == {}
    world.clock.now = time.time()
    world.tick()
    (task_id,) = world.sim.tasks
    assert world.row(rows[0].id).task_id == task_id
    assert world.row(rows[1].id).status == "booked"
    world.wait_thread(task_id, 1)
    # stopping the recording cancels the booked part without a call to Live
    world.press(world.command(f"stop #{world.row(rows[0].id).ref}"), Action.STOP)
    assert world.row(rows[1].id).status == "cancelled"
