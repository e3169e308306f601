"""Fuzzing the wired app: random command text over real HTTP (signed slash commands, cards,
Confirm clicks) and random interaction payloads through `app.dispatch` (signed BoltRequests,
fast enough for a few hundred examples).

Properties: no 5xx, no unhandled exception (no ERROR record and no traceback in the bot's log),
and every task on Live has a valid window and was confirmed from a card; nothing invalid is
ever sent (the simulator saw no CreateRecordTask refused for its parameters).
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from slack_bolt import BoltRequest

from bot.slack.form import FORM_VIEW, RECORD_THIS_SHORTCUT, SCHEDULE_SHORTCUT
from bot.slack.workflow import FUNCTION
from bot.ui.cards import EDIT_VIEW, Action
from bot.windows import window_violation

from slackfake import response_url_of, sign
from vocab import VOCAB
from wiredapp import SECRET, World, button_value, has_button

FUZZ = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one wired app serves every example
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
ZONES = ["UTC", "Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]
USERS = {"U1": "Asia/Shanghai", "U2": "America/New_York", "U3": None, "U4": "Pacific/Chatham"}


class Records(logging.Handler):
    """Every log record of the process (all threads), for the 'nothing unhandled' check."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.lock_ = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self.lock_:
            self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        with self.lock_:
            out, self.records = self.records, []
        return out


def unhandled(records: list[logging.LogRecord]) -> list[str]:
    return [
        f"{r.levelname} {r.name}: {r.getMessage()}"
        + (f" ({r.exc_info[0].__name__})" if r.exc_info and r.exc_info[0] else "")
        for r in records
        if r.levelno >= logging.ERROR or r.exc_info
    ]


@pytest.fixture
def fuzz_world(make_world):
    records = Records()
    root = logging.getLogger()
    root.addHandler(records)
    try:
        yield make_world(users=USERS), records
    finally:
        root.removeHandler(records)


def drain(world: World, timeout: float = 15) -> None:
    """Wait until the bot's executor has finished everything handed to it so far, including
    work that work queued (a confirm queues a Home tab refresh)."""
    executor = world.bot.executor
    workers = executor._max_workers  # the pool is FIFO: all workers at a barrier means idle
    for _ in range(5):
        barrier = threading.Barrier(workers + 1, timeout=timeout)
        for _ in range(workers):
            executor.submit(barrier.wait)
        barrier.wait()
        if executor._work_queue.empty():
            return


def check_live_tasks(world: World) -> None:
    """Every task on Live: a valid window when it was created, confirmed from a card."""
    for entry in world.sim.log:
        if entry["action"] == "CreateRecordTask":
            assert entry["error"] in (None, "LimitExceeded.MaximumRunningTask"), entry
    for task_id, task in world.sim.tasks.items():
        row = world.bot.store.by_task_id(task_id)
        assert row is not None, f"task {task_id} on Live is not in the log"
        assert row.status in ("created", "stopped", "deleted")
        assert row.confirmed_by and row.card
        events = world.bot.store.events(row.id)
        kinds = [e["kind"] for e in events]
        assert kinds[:1] == ["requested"] and "pending" in kinds, kinds
        # the rules hold at the moment Live answered (the `created` event)
        created_at = datetime.fromtimestamp(
            next(e["at"] for e in events if e["kind"] == "created"), UTC
        )
        start = datetime.fromtimestamp(task["StartTime"], UTC)
        end = datetime.fromtimestamp(task["EndTime"], UTC)
        assert window_violation(start, end, created_at) is None, (task, created_at)
        assert (row.start, row.end) == (task["StartTime"], task["EndTime"]) or row.starts_now


# -- command text over real HTTP ----------------------------------------------------------------

STREAMS = ["livetest", "app/cam1", "push.example.com/live/cam2", "a&b", "<!channel>", "x" * 200]
EXTRA = ["<!channel>", "<@U123>", "&", "&amp;", "<", ">", "*bold*", "`", "\n", "\t", "%", "+"]
WORDS = st.sampled_from(VOCAB + EXTRA)
GRAMMARISH = st.builds(
    lambda stream, words: " ".join([stream, *words]),
    st.sampled_from(STREAMS),
    st.lists(WORDS, max_size=8),
)
SUBCOMMANDS = st.builds(
    lambda verb, arg: f"{verb} {arg}".strip(),
    st.sampled_from(["list", "show", "stop", "delete", "help", "LIST", "帮助"]),
    st.text(max_size=30) | st.sampled_from(["", "<!channel>", "livetest", "a&b"]),
)
WHENS = st.one_of(
    st.sampled_from(
        ["now for 1h", "tomorrow 9am to 10am", "from 8pm for 3h", "in 10 minutes for 1h",
         "until 6pm", "next friday at noon for 2 hours", "20:00-23:00", "today 23:00 to 01:00",
         "今晚8点录3小时", "明天上午9点到11点半", "8pm to 11:30pm", "tomorrow 9am UTC for 2h",
         "now for 24h", "now for 25h", "yesterday 8pm for 2h", "in 6 days for 1h",
         "in 7 days for 1h", "from 9pm tomorrow to 8pm tomorrow", "for 0 minutes"]
    ),
    st.builds(
        lambda start, n, unit: f"{start} for {n} {unit}",
        st.sampled_from(["now", "tomorrow 9am", "in 2 hours", "next monday 10pm", "at 23:59"]),
        st.integers(-2, 30),
        st.sampled_from(["h", "hours", "minutes", "m", "days"]),
    ),
)  # fmt: skip
LIKELY = st.builds(
    lambda stream, when, noise: " ".join([stream, when, *noise]),
    st.sampled_from(STREAMS[:3]) | st.from_regex(r"\A[a-z][a-z0-9_.-]{0,20}\Z"),
    WHENS,
    st.just([]) | st.just([]) | st.lists(WORDS, max_size=2),
)
COMMAND_TEXT = st.one_of(LIKELY, LIKELY, LIKELY, GRAMMARISH, SUBCOMMANDS, st.text(max_size=120))


@settings(FUZZ, max_examples=120)
@given(text=COMMAND_TEXT, user=st.sampled_from(sorted(USERS)), confirm=st.booleans())
def test_random_commands_over_http(fuzz_world, text: str, user: str, confirm: bool) -> None:
    world, records = fuzz_world
    records.take()  # a failed example may have left its records behind
    body = world.slack.slash_command_body(text, user_id=user, channel_id="C1")
    status, out = world.send(body)
    assert status == 200, (status, out)
    card = world.slack.wait_for_responses(1, url=response_url_of(body), timeout=15)[-1].body
    assert card.get("blocks"), card
    event("card offers Confirm" if has_button(card, Action.CONFIRM) else "card without Confirm")
    if confirm and has_button(card, Action.CONFIRM):
        click = world.slack.block_actions_body(
            Action.CONFIRM, button_value(card, Action.CONFIRM), user_id=user, channel_id="C1"
        )
        assert world.send(click)[0] == 200
        world.slack.wait_for_responses(1, url=response_url_of(click), timeout=15)
        event(f"confirmed: {world.row(button_value(card, Action.CONFIRM)).status}")
    drain(world)
    assert unhandled(records.take()) == []
    check_live_tasks(world)


# -- interaction payloads through app.dispatch --------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
ROW = "@row"  # replaced by the id of a real proposed card row
URL = "@url"  # replaced by a fresh response_url on the Slack stand-in
TRIGGER = "@trigger"  # replaced by a fresh trigger_id (the bot drops re-deliveries by it)
ACTION_IDS = st.sampled_from(
    [Action.CONFIRM, Action.CONFIRM_ALT, Action.CANCEL, Action.STOP, Action.DELETE, Action.KEEP,
     Action.EDIT, "record_stop_ask", "nope", ""]
)  # fmt: skip
VALUES = st.one_of(st.just(ROW), st.just(ROW), st.text(max_size=30), JSON)
ACTION = st.fixed_dictionaries(
    {"action_id": ACTION_IDS | JSON},
    optional={
        "value": VALUES,
        "type": st.just("button"),
        "block_id": st.text(max_size=5),
        "action_ts": st.just("1.2") | JSON,
    },
)
USER = st.fixed_dictionaries({"id": st.sampled_from(["U1", "U2", "U404", ""]) | JSON}) | JSON
DAYS = st.dates(
    min_value=date.today() - timedelta(days=2), max_value=date.today() + timedelta(days=9)
)
DATE = DAYS.map(date.isoformat) | st.dates().map(date.isoformat) | st.text(max_size=12) | JSON
CLOCK = st.times().map(lambda t: t.strftime("%H:%M")) | st.text(max_size=6) | JSON


def _element(kind: str, value: st.SearchStrategy) -> st.SearchStrategy:
    return st.fixed_dictionaries({"value": st.fixed_dictionaries({kind: value})})


STATE = (
    st.fixed_dictionaries(
        {
            "values": st.fixed_dictionaries(
                {},
                optional={
                    "stream": _element("value", st.sampled_from(STREAMS) | st.text(max_size=20)),
                    "start_date": _element("selected_date", DATE),
                    "start_time": _element("selected_time", CLOCK),
                    "end_date": _element("selected_date", DATE),
                    "end_time": _element("selected_time", CLOCK),
                },
            )
        }
    )
    | JSON
)
FULL_STATE = st.builds(  # every picker filled: the window rules decide
    lambda stream, d1, t1, d2, t2: {
        "values": {
            "stream": {"value": {"type": "plain_text_input", "value": stream}},
            "start_date": {"value": {"type": "datepicker", "selected_date": d1}},
            "start_time": {"value": {"type": "timepicker", "selected_time": t1}},
            "end_date": {"value": {"type": "datepicker", "selected_date": d2}},
            "end_time": {"value": {"type": "timepicker", "selected_time": t2}},
        }
    },
    st.sampled_from(STREAMS),
    *[
        st.one_of(
            DAYS.map(date.isoformat)
            if i % 2 == 0
            else st.times().map(lambda t: t.strftime("%H:%M")),
            st.sampled_from(["9999-12-31", "0001-01-01", "23:59", "00:00"]),
        )
        for i in range(4)
    ],
)
METADATA = st.one_of(
    st.fixed_dictionaries(
        {"row": st.just(ROW) | st.text(max_size=8), "url": st.just(URL) | st.just(""),
         "tz": st.sampled_from(ZONES) | st.text(max_size=10)},
    ).map(json.dumps),
    st.text(max_size=20),
)  # fmt: skip
VIEW = (
    st.fixed_dictionaries(
        {
            "type": st.just("modal") | JSON,
            "callback_id": st.sampled_from([EDIT_VIEW, FORM_VIEW]) | st.text(max_size=10),
        },
        optional={"private_metadata": METADATA, "state": STATE, "id": st.just("V1")},
    )
    | JSON
)
KINDS = st.sampled_from(
    ["block_actions", "block_actions", "view_submission", "view_submission", "view_closed",
     "shortcut", "message_action", "block_suggestion", "event_callback", "interactive_message",
     "dialog_submission", "workflow_step_edit", "url_verification"]
)  # fmt: skip
# Well-formed skeletons with a few fields drawn from small sets, so many presses get past the
# shape check and reach the use cases (real card rows, real buttons, other users).
CLICK = st.builds(
    lambda action_id, value, user, ephemeral: {
        "type": "block_actions",
        "user": {"id": user, "name": user.lower()},
        "team": {"id": "T1"},
        "trigger_id": TRIGGER,
        "response_url": URL,
        "container": {"type": "message", "channel_id": "C1", "is_ephemeral": ephemeral},
        "channel": {"id": "C1"},
        "actions": [{"action_id": action_id, "value": value, "type": "button", "action_ts": "1"}],
    },
    ACTION_IDS,
    st.just(ROW) | st.text(max_size=20),
    st.sampled_from(sorted(USERS)),
    st.booleans(),
)
SUBMIT = st.builds(
    lambda meta, state, user: {
        "type": "view_submission",
        "user": {"id": user},
        "team": {"id": "T1"},
        "trigger_id": TRIGGER,
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": EDIT_VIEW,
            "private_metadata": meta,
            "state": state,
        },
    },  # fmt: skip
    METADATA,
    FULL_STATE | FULL_STATE | STATE,
    st.sampled_from(["U1", "U2"]),
)
PAYLOAD = st.fixed_dictionaries(
    {"type": KINDS | JSON},
    optional={
        "actions": st.lists(ACTION, min_size=1, max_size=2) | JSON,
        "user": USER,
        "trigger_id": st.just(TRIGGER) | JSON,
        "response_url": st.just(URL) | JSON,
        "container": st.fixed_dictionaries(
            {}, optional={"channel_id": st.just("C1") | JSON, "is_ephemeral": st.booleans() | JSON}
        )
        | JSON,
        "channel": st.fixed_dictionaries({"id": st.just("C1") | JSON}) | JSON,
        "team": st.fixed_dictionaries({"id": st.just("T1") | JSON}) | JSON,
        "view": VIEW,
        "event": JSON,
        "callback_id": st.sampled_from([SCHEDULE_SHORTCUT, RECORD_THIS_SHORTCUT])
        | st.text(max_size=10)
        | JSON,
        "action_id": st.text(max_size=10),
        "challenge": st.text(max_size=10),
        "message": JSON,
        "state": JSON,
    },
)
# Events API deliveries (mentions, direct messages, the workflow step) with fields from small
# sets, so many reach the listeners; `@row` never appears here, so no card is confirmed.
EVENT = st.builds(
    lambda kind, fields, event_id: {
        "type": "event_callback",
        "event_id": event_id,
        "team_id": "T1",
        "event": {"type": kind, **fields},
    },
    st.sampled_from(["app_mention", "message", "function_executed"]),
    st.fixed_dictionaries(
        {},
        optional={
            "user": st.sampled_from(["U1", "U2", "UBOT", ""]) | JSON,
            "text": st.sampled_from(["<@UBOT> help", "<@UBOT> list", "help", "<@UBOT>"])
            | st.text(max_size=20)
            | JSON,
            "channel": st.sampled_from(["C1", "D1"]) | JSON,
            "channel_type": st.just("im") | JSON,
            "ts": st.just("1700000000.000100") | JSON,
            "thread_ts": st.just("1700000000.000001") | JSON,
            "subtype": st.sampled_from(["bot_message", "message_changed"]) | JSON,
            "bot_id": st.just("B9") | JSON,
            "function": st.fixed_dictionaries({"callback_id": st.just(FUNCTION) | JSON}),
            "function_execution_id": st.just("Fx1") | JSON,
            "inputs": st.fixed_dictionaries(
                {}, optional={"stream": JSON, "when": JSON, "channel": JSON, "user": JSON}
            )
            | JSON,
        },
    ),
    st.text(min_size=1, max_size=8),
)
FORMS = st.dictionaries(
    st.sampled_from(["command", "text", "user_id", "channel_id", "response_url", "trigger_id",
                     "team_id", "payload", "ssl_check", "token"]),
    st.sampled_from(["/record", "/other", "U1", "C1", URL, TRIGGER, "help", ""])
    | st.text(max_size=20),
    max_size=6,
)  # fmt: skip


def _fill(node: Any, world: World, rows: list[str], n: int) -> Any:
    if node == ROW:
        return rows[n % len(rows)]
    if node == URL:
        return world.slack.new_response_url()
    if node == TRIGGER:
        return world.slack.issue_trigger()
    if isinstance(node, str) and (ROW in node or URL in node):  # private_metadata
        return node.replace(ROW, rows[n % len(rows)]).replace(URL, world.slack.new_response_url())
    if isinstance(node, dict):
        return {k: _fill(v, world, rows, n) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, world, rows, n) for v in node]
    return node


def dispatch(world: World, body: bytes, content_type: str) -> tuple[int, str]:
    headers = {k.lower(): [v] for k, v in sign(SECRET, body).items()}
    headers["content-type"] = [content_type]
    resp = world.app.dispatch(BoltRequest(body=body.decode(), headers=headers))
    return resp.status, str(resp.body)


@pytest.fixture
def proposed_rows(fuzz_world) -> list[str]:
    world, records = fuzz_world
    rows = []
    for i in range(6):
        card = world.command(f"fuzz{i} tomorrow 9am to 10am")
        rows.append(button_value(card, Action.CONFIRM))
    records.take()
    return rows


@settings(FUZZ, max_examples=250)
@given(
    payload=st.one_of(CLICK, CLICK, SUBMIT, SUBMIT, PAYLOAD, EVENT, JSON),
    form=FORMS,
    as_form=st.booleans(),
    n=st.integers(0, 100),
)
def test_random_payloads_through_dispatch(
    fuzz_world, proposed_rows, payload: Any, form: dict[str, str], as_form: bool, n: int
) -> None:
    world, records = fuzz_world
    records.take()  # a failed example may have left its records behind
    filled = _fill(payload, world, proposed_rows, n)
    if as_form:  # form fields as a slash command or ssl check would carry them
        fields = {k: _fill(v, world, proposed_rows, n) for k, v in form.items()}
        if "payload" in fields:
            fields["payload"] = json.dumps(filled)
        body, ctype = urlencode(fields).encode(), "application/x-www-form-urlencoded"
    else:
        body, ctype = (
            urlencode({"payload": json.dumps(filled)}).encode(),
            ("application/x-www-form-urlencoded"),
        )
    try:
        status, out = dispatch(world, body, ctype)
    except Exception:  # BoltRequest could not parse it: the HTTP server answers 400 then
        status, raw = world.send(body, {"Content-Type": ctype})
        out = raw.decode(errors="replace")
        assert status == 400, (status, out)
    assert status < 500, (status, out)
    assert "Traceback" not in out
    event(f"status {status}")
    drain(world)
    assert unhandled(records.take()) == []
    check_live_tasks(world)


def test_fuzzed_payloads_left_only_confirmed_valid_tasks(fuzz_world, proposed_rows) -> None:
    """A final sweep: after a deliberate round of real clicks, the Live invariant holds."""
    world, records = fuzz_world
    for row in proposed_rows[:3]:
        world.click(Action.CONFIRM, row)
    world.click(Action.CANCEL, proposed_rows[3])
    drain(world)
    check_live_tasks(world)
    assert len(world.sim.tasks) == 3
    assert unhandled(records.take()) == []
