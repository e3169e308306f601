"""Looking before posting again: a thread parent or reply whose earlier send may have reached
Slack (its bot was killed mid-call, Slack's reply was lost) is looked for in Slack by the outbox
row its message metadata names, and closed with the ts found rather than posted twice.

The drain runs in this process against the Slack stand-in; "killed" is a claim held by a
process that is gone, left on a row whose message Slack already has (or has not)."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from slack_sdk import WebClient

from bot.access import Access
from bot.lifecycle import Scheduler
from bot.outcomes import Defaults
from bot.service import RecordService
from bot.slack.notifier import NOTICE_EVENT, SlackNotifier
from bot.store import TaskStore
from bot.store.outbox import PARENT, PERSONAL, REPLY, OutboxItem

from fakes import Clock, FakeLive, schedule
from slackfake import SlackWebApiStandIn

CHANNEL = "CREC"

pytestmark = pytest.mark.usefixtures("no_proxies")


@dataclass
class Bot:
    slack: SlackWebApiStandIn
    store: TaskStore
    service: RecordService
    notifier: SlackNotifier
    scheduler: Scheduler
    clock: Clock

    def posts(self) -> list[str]:
        """chat.postMessage calls Slack took: their texts."""
        return [c.args.get("text", "") for c in self.slack.calls_to("chat.postMessage") if c.ok]

    def looks(self) -> list[str]:
        return [
            c.method for c in self.slack.calls if c.method.startswith("conversations.")
        ]  # fmt: skip

    def unsent(self) -> list[OutboxItem]:
        return self.store.outbox.items(unsent=True)

    def top_level(self) -> list[dict]:
        return [m for m in self.slack.messages(CHANNEL) if not m.get("thread_ts")]

    def settle(self) -> None:
        """Drain until nothing is left or nothing moves (backoffs waited out on the clock)."""
        for _ in range(10):
            self.scheduler.drain()
            if not self.unsent():
                return
            self.clock.advance(400)


@pytest.fixture
def make_bot() -> Iterator:
    made: list[Bot] = []

    def make(channel: str = CHANNEL, member: bool = True) -> Bot:
        slack = SlackWebApiStandIn().start()
        slack.add_user("U1")
        slack.add_channel(channel, "recordings", is_member=member)
        clock = Clock(time.time())  # Slack's ts are real time: the queue's times must match
        store = TaskStore(":memory:", clock=clock)
        client = WebClient(token="xoxb-test", base_url=slack.base_url, timeout=5, retry_handlers=[])
        notifier = SlackNotifier(client, store, channel, simulated=True, clock=clock)
        store.set_notices("U1", False)  # the thread alone: no personal messages
        service = RecordService(
            store, FakeLive(clock), Defaults("5000.live.push.com"), notifier, Access(), clock
        )
        scheduler = Scheduler(store, notifier, sender=notifier, clock=clock)
        bot = Bot(slack, store, service, notifier, scheduler, clock)
        made.append(bot)
        return bot

    yield make
    for bot in made:
        bot.store.close()
        bot.slack.stop()


def gone_process() -> str:
    """The `host:pid` of a process that ran here and has ended (a killed bot)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}"


def killed_while_sending(bot: Bot, kind: str, slack_took_it: bool) -> OutboxItem:
    """Send the lane's rows until one of `kind`; claim that one as a process that then dies,
    after Slack took the message or before the request left."""
    for _ in range(5):
        (item,) = bot.unsent()[:1]
        owner = gone_process() if item.kind == kind else bot.scheduler._owner
        now = bot.clock()
        claimed = bot.store.outbox.claim(item.id, now, owner, now - 60)
        assert claimed is not None and not claimed.unsure
        if item.kind != kind:
            result = bot.notifier.send(claimed)
            channel, ts = result if result else (None, None)
            bot.store.outbox.sent(claimed, now, owner, ts=ts, channel=channel)
            continue
        if slack_took_it:
            bot.notifier.send(claimed)  # posted; the process dies before closing the row
        return claimed
    raise AssertionError(f"no {kind} row")


@pytest.mark.parametrize("kind", [PARENT, REPLY])
def test_a_bot_killed_after_slack_took_the_message_does_not_post_it_again(make_bot, kind):
    bot = make_bot()
    row = schedule(bot.service)
    item = killed_while_sending(bot, kind, slack_took_it=True)
    posted = bot.slack.messages(CHANNEL)[-1]
    assert posted["metadata"] == {
        "event_type": NOTICE_EVENT,
        "event_payload": {"outbox_id": item.id, "task": row.id},
    }
    before = len(bot.posts())
    bot.scheduler.drain()  # the next start's drain: the dead claim is freed, the row looked for
    closed = bot.store.outbox.get(item.id)
    assert (closed.outcome, closed.ts) == ("sent", posted["ts"])
    assert bot.looks() == ["conversations.history" if kind == PARENT else "conversations.replies"]
    assert bot.unsent() == []
    assert len(bot.top_level()) == 1  # one thread parent
    replies = [m for m in bot.slack.messages(CHANNEL) if m.get("thread_ts")]
    assert len(replies) == 1 and "scheduled" in replies[0]["text"]
    assert len(bot.posts()) == before + (1 if kind == PARENT else 0)  # only the reply, if owed
    stored = bot.store.get(row.id)
    assert (stored.notice_channel, stored.notice_ts) == (CHANNEL, bot.top_level()[0]["ts"])


def test_a_reply_lost_after_slack_posted_is_found_not_posted_again(make_bot):
    bot = make_bot()
    bot.slack.lose_reply_next("chat.postMessage")  # the parent: posted, the answer lost
    schedule(bot.service)
    bot.scheduler.drain()
    (parent, reply) = bot.unsent()
    assert parent.kind == PARENT and parent.unsure and parent.tries == 1
    assert len(bot.slack.messages(CHANNEL)) == 1
    bot.settle()
    assert bot.looks() == ["conversations.history"]
    assert len(bot.top_level()) == 1
    assert bot.store.outbox.get(parent.id).ts == bot.top_level()[0]["ts"]
    assert [m["thread_ts"] for m in bot.slack.messages(CHANNEL)[1:]] == [bot.top_level()[0]["ts"]]


def test_a_lost_thread_reply_is_found_in_the_thread(make_bot):
    bot = make_bot()
    row = schedule(bot.service)
    bot.scheduler.drain()
    bot.slack.lose_reply_next("chat.postMessage")
    bot.service.stop(row.id, "U1")  # a reply (posted, answer lost) and a parent update
    bot.settle()
    assert bot.looks() == ["conversations.replies"]
    replies = [m["text"] for m in bot.slack.messages(CHANNEL) if m.get("thread_ts")]
    assert len(replies) == 2 and "stopped" in replies[1].lower()
    assert bot.unsent() == [] and bot.slack.calls_to("chat.update")


@pytest.mark.parametrize("kind", [PARENT, REPLY])
def test_a_look_that_finds_nothing_posts_once(make_bot, kind):
    bot = make_bot()
    schedule(bot.service)
    item = killed_while_sending(bot, kind, slack_took_it=False)  # killed before it left
    before = len(bot.posts())
    bot.scheduler.drain()
    assert bot.looks() == ["conversations.history" if kind == PARENT else "conversations.replies"]
    assert len(bot.posts()) == before + (2 if kind == PARENT else 1)  # it, then what follows
    assert bot.store.outbox.get(item.id).outcome == "sent" and bot.unsent() == []
    assert len(bot.top_level()) == 1
    assert len([m for m in bot.slack.messages(CHANNEL) if m.get("thread_ts")]) == 1


@pytest.mark.parametrize(
    "fail",
    [
        lambda s: s.fail_next("conversations.history", "internal_error"),
        lambda s: s.rate_limit_next("conversations.history", retry_after=30),
        lambda s: s.lose_reply_next("conversations.history"),
        lambda s: s.fail_next("conversations.history", "invalid_auth"),
    ],
    ids=["slack-error", "rate-limited", "no-answer", "refused"],
)
def test_a_failing_look_posts_nothing_and_looks_again_later(make_bot, fail, caplog):
    bot = make_bot()
    schedule(bot.service)
    item = killed_while_sending(bot, PARENT, slack_took_it=True)
    fail(bot.slack)
    bot.scheduler.drain()
    assert len(bot.slack.messages(CHANNEL)) == 1  # nothing posted blindly
    waiting = bot.store.outbox.get(item.id)
    assert waiting.done_at is None and waiting.unsure and "looking" in (waiting.error or "")
    assert waiting.due_at > bot.clock()
    bot.settle()
    assert bot.looks() == ["conversations.history"] * 2
    (parent,) = bot.top_level()
    assert bot.store.outbox.get(item.id).ts == parent["ts"]


def test_where_slack_will_not_let_the_bot_read_it_posts_without_looking(make_bot, caplog):
    bot = make_bot(member=False)  # a public channel it posts to with chat:write.public
    schedule(bot.service)
    item = killed_while_sending(bot, PARENT, slack_took_it=False)
    with caplog.at_level(logging.WARNING, logger="recordbot.slack"):
        bot.scheduler.drain()
    assert [c.error for c in bot.slack.calls_to("conversations.history")] == ["not_in_channel"]
    assert bot.store.outbox.get(item.id).outcome == "sent" and bot.unsent() == []
    assert any("not_in_channel" in r.getMessage() for r in caplog.records)


def test_only_an_unknown_outcome_makes_the_next_try_look(make_bot):
    bot = make_bot()
    schedule(bot.service)
    bot.slack.rate_limit_next("chat.postMessage", retry_after=1)  # Slack said no: nothing to find
    bot.scheduler.drain()
    assert not bot.unsent()[0].unsure
    bot.slack.fail_next("chat.postMessage", "internal_error")  # maybe posted: look next time
    bot.settle()
    assert bot.looks() == ["conversations.history"]
    assert len(bot.top_level()) == 1


@pytest.mark.parametrize("slack_took_it", [True, False], ids=["posted", "never-left"])
def test_a_personal_message_killed_mid_send_is_looked_for_in_the_direct_message(
    make_bot, slack_took_it
):
    bot = make_bot()
    bot.slack.add_user("U2")
    bot.store.set_notices("U1", True)  # personal messages on for the requester
    row = schedule(bot.service)
    bot.settle()
    bot.service.stop(row.id, "U2")  # someone else stopped it: its requester is told in person
    item = killed_while_sending(bot, PERSONAL, slack_took_it=slack_took_it)
    assert item.lane == "user:U1"
    bot.scheduler.drain()
    assert bot.looks()[-2:] == ["conversations.open", "conversations.history"]
    (dm,) = bot.slack.messages("D1")  # once, whether the dead process's send reached Slack or not
    assert dm["metadata"]["event_payload"] == {"outbox_id": item.id, "task": "user:U1"}
    assert "Your recording" in dm["text"] and "stopped" in dm["text"]
    closed = bot.store.outbox.get(item.id)
    assert closed.outcome == "sent" and bot.unsent() == []
    if slack_took_it:  # found, not posted again: closed with the message Slack had
        assert closed.ts == dm["ts"]


def test_a_claim_says_whether_the_try_before_it_ended_unknown():
    store = TaskStore(":memory:", clock=Clock(time.time()))
    try:
        outbox, now, me = store.outbox, store._clock(), "here:1"
        item_id = outbox.add("user:U1", "personal", channel="U1", body={"text": "hi"})
        first = outbox.claim(item_id, now, me, now - 60)
        assert first is not None and not first.unsure and outbox.get(item_id).unsure
        outbox.retry(first, now, me, "ConnectionResetError", unsure=True)
        second = outbox.claim(item_id, now, me, now - 60)
        assert second is not None and second.unsure and second.tries == 2
        outbox.retry(second, now, me, "ratelimited")  # Slack said no to this try
        third = outbox.claim(item_id, now, me, now - 60)
        assert third is not None and not third.unsure
    finally:
        store.close()
