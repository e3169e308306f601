"""The scheduling form as pure functions: the view within Slack's limits, and what a submission
amounts to (the `/record` text) or which field an error belongs to."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.slack.form import FORM_VIEW, Field, Prefill, form_view, read_form

from slackfake import validate_blocks

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # 18:00 in Shanghai


def values(**fields: dict) -> dict:
    base = {
        Field.NEW: {"value": {"type": "plain_text_input", "value": "livetest"}},
        Field.DATE: {"value": {"type": "datepicker", "selected_date": "2026-11-28"}},
        Field.TIME: {"value": {"type": "timepicker", "selected_time": "20:00"}},
        Field.LENGTH: {"value": {"type": "plain_text_input", "value": "1h 30m"}},
    }
    return {**base, **fields}


def view(state: dict, meta: dict | None = None) -> dict:
    meta = meta or {"tz": "Asia/Shanghai", "channel": "C1", "thread": None}
    return {
        "callback_id": FORM_VIEW,
        "private_metadata": json.dumps(meta),
        "state": {"values": state},
    }


def test_the_form_keeps_within_slacks_limits():
    streams = [(f"{'long-label-' * 10}{i}", f"push.example.com/live/s{i}") for i in range(150)]
    modal = form_view(
        "Asia/Shanghai", NOW, streams, ask_channel=True, prefill=Prefill(note="x" * 5000)
    )
    assert validate_blocks(modal["blocks"], max_blocks=100) == []
    (pick,) = [b for b in modal["blocks"] if b.get("block_id") == Field.PICK]
    assert len(pick["element"]["options"]) == 100
    assert all(len(o["text"]["text"]) <= 75 for o in pick["element"]["options"])
    assert len(modal["title"]["text"]) <= 24 and len(modal["private_metadata"]) <= 3000


def test_with_no_known_streams_the_stream_is_typed_and_required():
    modal = form_view("UTC", NOW)
    assert [b["block_id"] for b in modal["blocks"] if b["type"] == "input"][:1] == [Field.NEW]
    assert modal["blocks"][0]["optional"] is False


def test_the_default_start_is_the_next_hour_in_the_persons_zone():
    modal = form_view("Asia/Shanghai", NOW)
    by_id = {b.get("block_id"): b for b in modal["blocks"]}
    assert by_id[Field.DATE]["element"]["initial_date"] == "2026-11-27"
    assert by_id[Field.TIME]["element"]["initial_time"] == "19:00"
    assert by_id[Field.TIME]["element"]["timezone"] == "Asia/Shanghai"


def test_a_submission_is_the_slash_commands_text():
    errors, req = read_form(view(values()), NOW)
    assert errors == {} and req is not None
    assert req.command == "livetest 2026-11-28 20:00 for 1h 30m"
    assert (req.tz, req.channel, req.thread) == ("Asia/Shanghai", "C1", None)


def test_a_long_window_is_let_through_to_be_split():
    length = {Field.LENGTH: {"value": {"type": "plain_text_input", "value": "30h"}}}
    assert read_form(view(values(**length)), NOW)[0] == {}


def test_the_channel_picked_on_a_global_shortcuts_form():
    picked = {
        Field.CHANNEL: {"value": {"type": "conversations_select", "selected_conversation": "C9"}}
    }
    meta = {"tz": "UTC", "channel": None, "thread": None}
    _, req = read_form(view(values(**picked), meta), NOW)
    assert req is not None and req.channel == "C9"


def test_a_repeat_becomes_the_repeating_command_the_slash_command_takes():
    repeat = {Field.REPEAT: {"value": {"selected_option": {"value": "weekdays"}}}}
    errors, req = read_form(view(values(**repeat)), NOW)
    assert errors == {} and req is not None and "every weekday" in req.command


def test_an_out_of_date_form_says_so():
    errors, req = read_form({"private_metadata": "{}", "state": {"values": values()}}, NOW)
    assert req is None and "out of date" in errors[Field.NEW]
    errors, req = read_form({"private_metadata": "not json"}, NOW)
    assert req is None and errors
