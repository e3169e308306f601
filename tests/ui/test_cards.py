"""Card and Block Kit builders, with no Slack at all."""

import json
import re
from dataclasses import replace

from bot.slack.blocks import SlackFmt, card_blocks, card_message, escape
from bot.tasks import Notice, NoticeKind, TaskRow
from bot.ui.cards import (
    Action,
    Button,
    Card,
    Confirm,
    duration_text,
    list_card,
    notice_text,
    plain_time,
    stop_ask_card,
    thread_parent_card,
    thread_parent_text,
)

ROW = TaskRow(
    id="r1", card="c1", task_id="T-1", stream="livetest", app="live", domain="5000.live.push.com",
    start=1795780800, end=1795791600, starts_now=False, template_id=None, status="created", user="U1",
    user_name="alice", channel="C1", tz="Asia/Shanghai", command="livetest from 8pm for 3h",
    request_id="R-1", error_code=None, error_message=None, created_at=0.0, updated_at=0.0,
)  # fmt: skip


def test_plain_time_names_the_zone():
    assert (
        plain_time(1795780800, "Asia/Shanghai")
        == "Fri 27 Nov 2026 20:00 (Asia/Shanghai, UTC+08:00)"
    )
    assert (
        plain_time(1795780800, "America/New_York")
        == "Fri 27 Nov 2026 07:00 (America/New_York, UTC-05:00)"
    )


def test_duration_text():
    assert [duration_text(s) for s in (5400, 3600, 600, 86400)] == ["1h 30m", "1h", "10m", "24h"]


def test_slack_time_uses_date_tokens_with_zone_fallback():
    text = SlackFmt().time(1795780800, "Asia/Shanghai")
    assert text.startswith("<!date^1795780800^{date_short_pretty} {time}|")
    assert "Asia/Shanghai" in text and text.endswith(">")


def test_notice_escapes_user_text():
    evil = replace(ROW, stream="<!channel>", user_name="x")
    text = notice_text(SlackFmt(), Notice(evil, NoticeKind.CREATED))
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert "x scheduled" in text and "T-1" in text
    named = notice_text(SlackFmt(lambda user: "<!here>"), Notice(ROW, NoticeKind.STOPPED, by="U2"))
    assert "<!here>" not in named and "&lt;!here&gt; stopped" in named


def test_escape():
    assert escape("a & <b> *c*") == "a &amp; &lt;b&gt; *c*"


def test_blocks_keep_buttons_in_order_with_unique_action_ids():
    card = Card(
        "t",
        ("line",),
        (
            Button("Confirm", Action.CONFIRM, "r1", "primary"),
            Button("Edit", Action.EDIT, "r1"),
            Button("Cancel", Action.CANCEL, "r1", "danger"),
        ),
    )
    blocks = card_blocks(card)
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [e["text"]["text"] for e in actions[0]["elements"]] == ["Confirm", "Edit", "Cancel"]
    assert [e["action_id"] for e in actions[0]["elements"]] == [
        Action.CONFIRM,
        Action.EDIT,
        Action.CANCEL,
    ]


def test_repeated_action_ids_are_split_into_blocks_and_limits_hold():
    rows = [replace(ROW, id=f"r{i}", task_id=f"T-{i}", end=ROW.end + i) for i in range(30)]
    card = list_card(SlackFmt(), rows, now=ROW.start - 10, stream=None, viewer_tz="UTC")
    blocks = card_blocks(card)
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "actions":
            ids = [e["action_id"] for e in block["elements"]]
            assert len(ids) == len(set(ids))
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def test_long_text_is_split_into_sections():
    card = Card("t", tuple("x" * 1000 for _ in range(10)))
    sections = [b for b in card_blocks(card) if b["type"] == "section"][1:]
    assert len(sections) >= 4 and all(len(s["text"]["text"]) <= 3000 for s in sections)


def test_stop_ask_has_one_danger_button_whose_dialog_names_the_window():
    card = stop_ask_card(SlackFmt(), ROW)
    (button,) = card.buttons
    assert (button.label, button.action, button.style) == ("Stop recording", Action.STOP, "danger")
    assert button.confirm is not None and str(ROW.start) in button.confirm.text


def test_stop_ask_for_a_split_recording_says_the_parts_go_together():
    parts = (ROW, replace(ROW, id="r2", task_id="T-2", start=ROW.end, end=ROW.end + 3600))
    card = stop_ask_card(SlackFmt(), ROW, Action.STOP, parts)
    assert "which go together" in " ".join(card.lines)
    assert [(b.label, b.action) for b in card.buttons] == [
        ("Stop all 2 parts", Action.STOP),
        ("Only this part", Action.STOP_ONE),
    ]


def test_delete_ask_for_a_recording_under_way_says_it_stops_first():
    card = stop_ask_card(SlackFmt(), ROW, Action.DELETE, (ROW,), now=ROW.start + 60)
    assert "stops the recording now, then deletes" in card.lines[0]


def test_confirm_dialog_in_blocks():
    card = Card(
        "t",
        (),
        (Button("Stop", Action.STOP, "T-1", "danger", Confirm("Stop?", "Really?", "Stop")),),
    )
    element = card_blocks(card)[-1]["elements"][0]
    assert element["confirm"]["confirm"]["text"] == "Stop" and element["style"] == "danger"


def test_card_message_has_fallback_text():
    msg = card_message(Card("Scheduled: x", ("a",)))
    assert msg["text"] == "Scheduled: x" and msg["blocks"][0]["type"] == "section"


def test_stop_and_delete_buttons_ask_in_a_dialog():
    for action, verb in ((Action.STOP, "Stop"), (Action.DELETE, "Delete")):
        danger = stop_ask_card(SlackFmt(), ROW, action).buttons[0]
        assert danger.action == action and danger.confirm is not None
        assert danger.confirm.yes == verb
        element = card_blocks(stop_ask_card(SlackFmt(), ROW, action))[-1]["elements"][0]
        assert element["confirm"]["confirm"]["text"] == verb


def test_utc_and_etc_utc_are_one_zone_on_the_card():
    from bot.ui.cards import _same_zone

    assert _same_zone("UTC", "Etc/UTC") and _same_zone("Asia/Shanghai", "Asia/Shanghai")
    assert not _same_zone("UTC", "Europe/London")


def test_a_task_found_after_a_lost_reply_shows_no_request_id():
    from bot.outcomes import Outcome
    from bot.ui.cards import outcome_card

    def text(row: TaskRow) -> str:
        card = outcome_card(SlackFmt(), Outcome("created", row))
        return "\n".join((card.title, *card.lines))

    assert "*RequestId:* `R-1`" in text(ROW)
    found = text(replace(ROW, request_id=None))  # created by us, its reply lost, found on Live
    assert "RequestId" not in found and "None" not in found and "T-1" in found


def mentions(text: str) -> list[str]:
    return re.findall(r"<@(\w+)>", text)


def test_a_notice_mentions_one_person_at_most_and_never_the_one_who_acted():
    fmt = SlackFmt({"U1": "Alice", "U2": "Bob"}.get)
    created = notice_text(fmt, Notice(ROW, NoticeKind.CREATED))
    assert mentions(created) == [] and created.startswith(":calendar: alice scheduled")
    own = notice_text(fmt, Notice(ROW, NoticeKind.STOPPED, by="U1"))
    assert mentions(own) == [] and "alice stopped" in own
    other = notice_text(fmt, Notice(ROW, NoticeKind.STOPPED, by="U2"))
    assert mentions(other) == ["U1"] and "Bob stopped" in other  # the requester learns of it
    deleted = notice_text(fmt, Notice(ROW, NoticeKind.DELETED, by="U2"))
    assert mentions(deleted) == ["U1"] and "Bob deleted" in deleted
    started = notice_text(fmt, Notice(ROW, NoticeKind.STARTED))
    assert mentions(started) == []


def test_the_thread_parent_mentions_the_requester_once_and_names_who_stopped_it():
    fmt = SlackFmt({"U2": "Bob"}.get)
    stopped = replace(ROW, status="stopped", stopped_by="U2")
    text = thread_parent_text(fmt, stopped, "stopped")
    blocks = json.dumps(card_blocks(thread_parent_card(fmt, stopped, "stopped")))
    assert mentions(text) == ["U1"] and mentions(blocks) == ["U1"]
    assert "Stopped early by Bob" in blocks


def test_a_name_slack_cannot_tell_falls_back_to_the_mention():
    assert SlackFmt().name("U7") == "<@U7>" and SlackFmt(lambda u: None).name("U7") == "<@U7>"
    assert SlackFmt().name("U7", "Zoe") == "Zoe"
