"""Card and Block Kit builders, with no Slack at all."""

import json
import re
from dataclasses import replace

from bot.slack.blocks import SlackFmt, card_blocks, card_message, escape, text_length
from bot.tasks import Notice, NoticeKind, TaskRow
from bot.ui.cards import Action, Button, Card, Confirm, duration_text, plain_time, plain_window
from bot.ui.lists import list_card, show_card
from bot.ui.notices import notice_text, thread_parent_card, thread_parent_text
from bot.ui.stops import stop_ask_card

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
    named = notice_text(
        SlackFmt(names=lambda user: "<!here>"), Notice(ROW, NoticeKind.STOPPED, by="U2")
    )
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
    # Slack's dialog takes plain text: the window is written out, its zone named
    assert button.confirm is not None
    assert button.confirm.text.startswith(
        "Fri 27 Nov 2026 20:00 to 23:00 (Asia/Shanghai, UTC+08:00)"
    )
    assert "<" not in button.confirm.text and "*" not in button.confirm.text


def test_plain_window_names_the_zone_once_and_each_day():
    assert (
        plain_window(ROW.start, ROW.end, "UTC") == "Fri 27 Nov 2026 12:00 to 15:00 (UTC, UTC+00:00)"
    )
    overnight = plain_window(ROW.start, ROW.start + 8 * 3600, "Asia/Shanghai")
    assert overnight == "Fri 27 Nov 2026 20:00 to Sat 28 Nov 2026 04:00 (Asia/Shanghai, UTC+08:00)"
    # a window across a clock change gives each end its own offset
    assert plain_window(1793505600, 1793505600 + 4 * 3600, "America/New_York") == (
        "Sun 01 Nov 2026 00:00 (America/New_York, UTC-04:00) to "
        "Sun 01 Nov 2026 03:00 (America/New_York, UTC-05:00)"
    )


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


def test_buttons_keep_within_slacks_limits_and_their_dialogs_are_plain_text():
    from slackfake import validate_blocks

    long = Button(
        "L" * 80,
        Action.STOP,
        "v" * 2100,
        "danger",
        Confirm("T" * 120, "x" * 400, "Y" * 40, "N" * 40),
    )
    element = card_blocks(Card("t", (), (long,)))[-1]["elements"][0]
    assert element["text"]["text"] == "L" * 74 + "…"
    dialog = element["confirm"]
    assert {k: (v["type"], len(v["text"])) for k, v in dialog.items() if k != "style"} == {
        "title": ("plain_text", 100), "text": ("plain_text", 300),
        "confirm": ("plain_text", 30), "deny": ("plain_text", 30),
    }  # fmt: skip
    assert validate_blocks(card_blocks(Card("t", (), (long,))), max_blocks=50) == []


def test_a_card_too_long_for_one_message_loses_lines_never_its_buttons():
    from slackfake import validate_blocks

    stop = Button("Stop", Action.STOP, "T-1", "danger", Confirm("Stop?", "Really?", "Stop"))
    for lines in (tuple(f"line {i} " + "x" * 200 for i in range(500)), ("y" * 2999,) * 60):
        blocks = card_blocks(Card("t", lines, (stop,), ("context",)))
        assert validate_blocks(blocks, max_blocks=50) == [] and len(blocks) <= 50
        assert text_length(blocks) <= 12_000
        assert blocks[-2]["elements"][0]["action_id"] == Action.STOP
        assert blocks[-1]["type"] == "context"
        assert "not shown: too long for one Slack message" in blocks[-3]["text"]["text"]


def _fits_one_slack_message(card):
    from slackfake import validate_blocks

    blocks = card_blocks(card)
    assert validate_blocks(blocks, max_blocks=50) == [] and text_length(blocks) <= 12_000
    # the builder did not have to cut anything: the card fitted on its own
    assert "too long for one Slack message" not in str(blocks)
    return blocks


def test_show_with_500_history_events_fits_one_message_and_keeps_its_stop_button():
    events = [
        {"at": ROW.start + i, "kind": "live:record_event", "user": "U1", "detail": "d" * 400}
        for i in range(500)
    ]
    files = [{"file_format": "mp4", "video_url": "https://vod.example.com/" + "f" * 200}] * 30
    card = show_card(SlackFmt(), ROW, events, ROW.start + 600, "Asia/Shanghai", files)
    blocks = _fits_one_slack_message(card)
    assert [e["action_id"] for b in blocks for e in b.get("elements", []) if "action_id" in e] == [
        Action.STOP
    ]
    history = card.lines[card.lines.index("*History:*") + 1 :]
    assert str(ROW.start) in history[0]  # how the task began
    assert str(ROW.start + 499) in history[-1]  # and the latest, last
    assert f"• … {500 - len(history) + 1} events in between not shown" == history[1]
    assert "*Files:* 20 more not shown" in card.lines


def test_a_short_history_is_shown_whole():
    events = [
        {"at": ROW.start + i, "kind": "created", "user": None, "detail": None} for i in range(3)
    ]
    card = show_card(SlackFmt(), ROW, events, ROW.start - 600, "UTC")
    assert len(card.lines[card.lines.index("*History:*") + 1 :]) == 3


def test_a_list_keeps_to_one_message_and_leaves_the_rest_for_the_next_page():
    long = "s" * 120  # long stream names: fewer rows fit in one message
    rows = [
        replace(ROW, id=f"r{i}", task_id=f"T-{i:02d}", stream=long, start=ROW.start + 3600 * i)
        for i in range(20)
    ]
    card = list_card(SlackFmt(), rows, ROW.start - 60, long, "UTC", upcoming_total=60)
    _fits_one_slack_message(card)
    shown = [line for line in card.lines if line.startswith("• ")]
    assert 5 < len(shown) < 20 and len(card.buttons) == len(shown)
    n = len(shown)
    assert card.lines[0] == f"*Upcoming* (1 to {n} of 60, soonest first)"
    assert card.lines[-1] == (
        f"…and {60 - n} more upcoming: `/record list {long} from {n + 1}` shows the next ones."
    )


def test_a_list_of_20_upcoming_fits_with_a_stop_button_each():
    rows = [
        replace(
            ROW, id=f"r{i}", task_id=f"1400001234-{i:02d}-{'x' * 20}", start=ROW.start + 3600 * i
        )
        for i in range(20)
    ]
    card = list_card(SlackFmt(), rows, ROW.start - 60, None, "Asia/Shanghai", upcoming_total=20)
    _fits_one_slack_message(card)
    assert len(card.buttons) == 20 and card.lines[0] == "*Upcoming* (soonest first)"
    # the dialog names the window in the viewer's zone, as the list does
    assert card.buttons[0].confirm.text.startswith("Fri 27 Nov 2026 20:00 to 23:00 (Asia/Shanghai")


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
    fmt = SlackFmt(names={"U1": "Alice", "U2": "Bob"}.get)
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
    fmt = SlackFmt(names={"U2": "Bob"}.get)
    stopped = replace(ROW, status="stopped", stopped_by="U2")
    text = thread_parent_text(fmt, stopped, "stopped")
    blocks = json.dumps(card_blocks(thread_parent_card(fmt, stopped, "stopped")))
    assert mentions(text) == ["U1"] and mentions(blocks) == ["U1"]
    assert "Stopped early by Bob" in blocks


def test_a_name_slack_cannot_tell_falls_back_to_the_mention():
    assert SlackFmt().name("U7") == "<@U7>" and SlackFmt(names=lambda u: None).name("U7") == "<@U7>"
    assert SlackFmt().name("U7", "Zoe") == "Zoe"
