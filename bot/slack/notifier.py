"""Channel notices in Slack, one thread per recording, sent through the outbox.

The first notice is the thread's parent, kept current with chat.update: its status line
(scheduled, recording, done, stopped, failed, deleted), its files, and a Stop button while it
can still record. Every event (created, started, ended, stopped, deleted, file ready, ...) is
a reply in the thread.

`notify` calls no Slack method: it writes what the notice owes Slack to the outbox in the task
log (bot/store/outbox.py), in the caller's transaction, and wakes the scheduler, whose drain
calls `send` for each message in order (bot/lifecycle.py). `send` renders the parent from the
task as it is when sent, so a parent posted or updated late shows the current state.

Every thread parent and reply carries message metadata naming its outbox row (`NOTICE_EVENT`).
A row whose earlier send may have reached Slack (the bot was killed mid-call, Slack's reply was
lost) is looked for first: found, it is closed with that message's ts rather than posted again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from http.client import HTTPException
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import _, lang_of_locale, using
from bot.lifecycle import DeliveryError
from bot.series import SERIES_LANE, SeriesRow
from bot.slack.blocks import SlackFmt, card_blocks
from bot.store import TaskStore
from bot.store.outbox import PARENT, PERSONAL, REPLY, UPDATE, OutboxItem
from bot.tasks import Notice, NoticeKind, TaskRow, phase
from bot.ui.notices import notice_text, thread_parent_card, thread_parent_text
from bot.ui.series import series_parent_card, series_parent_text

log = logging.getLogger("recordbot.slack")

# Events after which the parent's status line or file list may read differently.
PARENT_CHANGES = frozenset(
    {
        "started",
        "ended",
        "stopped",
        "deleted",
        "failed",
        "file_ready",
        "record_error",
        "record_resumed",
    }
)
# Slack's answers that mean "not now" rather than "never" (chat.* method pages, "Errors").
TRANSIENT = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
)
# Slack's own trouble, after which the message may have been posted all the same ("It's possible
# some aspect of the operation succeeded before the error was raised"): the next try looks first.
MAYBE_DONE = frozenset({"internal_error", "fatal_error", "request_timeout"})
# The metadata event type on every thread parent and reply: its payload names the outbox row.
NOTICE_EVENT = "recordbot_notice"
LOOK_BACK = 5.0  # a parent is looked for in the channel's history from its queueing less this
LOOK_LIMIT = 200  # messages a page when looking
LOOK_PAGES = 10  # pages at most (a busy channel): past them, the row counts as not posted
# A look's answers that no retry will change while the app is set up as it is: the bot is not a
# member of the public channel it posts to with chat:write.public, or the app was not reinstalled
# with the history scopes. The message is then posted without looking (a double is possible).
CANNOT_LOOK = frozenset({"not_in_channel", "missing_scope"})
# Which Slack method sends each outbox kind: a 429 holds back every message of its method.
METHOD_KINDS = {
    PARENT: (PARENT, REPLY),
    REPLY: (PARENT, REPLY),
    UPDATE: (UPDATE,),
    PERSONAL: (PERSONAL,),
}


# What the requester is told in person: their recording could not be made or failed (a booking
# recordbot could not create included), its file is ready, or someone else stopped or deleted it.
TOLD_IN_PERSON = frozenset(
    {
        NoticeKind.NOT_CREATED,
        NoticeKind.FAILED,
        NoticeKind.FILE_READY,
        NoticeKind.RECORD_ERROR,
        NoticeKind.BOOKING_FAILED,
    }
)


def _personal(row: TaskRow, notice: Notice) -> bool:
    if not (row.user and row.user[:1] in ("U", "W")):
        return False
    if notice.kind in (NoticeKind.STOPPED, NoticeKind.DELETED):
        return bool(notice.by) and notice.by != row.user
    return notice.kind in TOLD_IN_PERSON


class SlackNotifier:
    """A `Notifier` that queues each notice in the outbox, and the outbox's `Sender` for Slack.

    `client` should not retry 429s itself (no RateLimitErrorRetryHandler): the outbox waits
    for the Retry-After in the task log instead of in a sleeping thread, across restarts.
    """

    def __init__(
        self,
        client: WebClient,
        store: TaskStore,
        channel: str | None,
        simulated: bool,
        clock: Callable[[], float] = time.time,
        names: Callable[[str], str | None] | None = None,
        *,
        file_hosts: Collection[str] = (),
        lang: str = "en",
        locale_of: Callable[[str], str | None] = lambda user: None,
    ) -> None:
        self.client = client
        self.store = store
        self.channel = channel  # RECORD_CHANNEL; None means the channel the command came from
        self.simulated = simulated
        self.clock = clock
        # people are named in replies, mentioned once in the parent; file URLs are linked only to
        # Tencent's VOD/COS hosts and RECORDBOT_FILE_HOSTS
        self.fmt = SlackFmt(file_hosts, names)
        self.wake: Callable[[], None] = lambda: None  # the scheduler's, once it exists
        # Threads in the channel speak RECORDBOT_LANG; a message to one person their Slack
        # locale's language (read when it is sent, not in the transaction that queues it).
        self.lang = lang
        self.locale_of = locale_of

    # -- queueing (the caller's transaction) ------------------------------------------------

    def notify(self, notice: Notice) -> None:
        """Queue the notice: the thread's parent if the task has none yet, the reply, and a
        parent update when the event changes what the parent shows."""
        with self.store.batch():
            row = self.store.get(notice.row.id) or notice.row
            # an occurrence of a series is told in the series' thread (its lane keeps the order)
            head: TaskRow | SeriesRow = (row.series and self.store.series(row.series)) or row
            channel = head.notice_channel or self.channel or row.channel
            if not channel:
                return
            outbox = self.store.outbox
            lane = head.lane if isinstance(head, SeriesRow) else row.id
            fresh = not head.notice_ts and outbox.add(lane, PARENT, channel=channel) is not None
            body: dict[str, Any] = {"file": dict(notice.file)} if notice.file is not None else {}
            if lane != row.id:
                body["task"] = row.id
            outbox.add(
                lane, REPLY, channel=channel, notice=notice.kind, by=notice.by,
                detail=notice.detail, late=notice.late, body=body or None,
            )  # fmt: skip
            changes = PARENT_CHANGES | ({NoticeKind.CREATED} if lane != row.id else set())
            if not fresh and notice.kind in changes:
                outbox.add(lane, UPDATE, channel=channel)
            if _personal(row, notice) and self.store.wants_notices(row.user):
                # in the Messages tab (a DM from the app), so it reaches them wherever they are;
                # written when sent, in their language
                outbox.add(
                    f"user:{row.user}", PERSONAL, channel=row.user, notice=notice.kind,
                    by=notice.by, detail=notice.detail, late=notice.late,
                    body={"task": row.id, **({"file": dict(notice.file)} if notice.file else {})},
                )  # fmt: skip
        self.wake()

    def series_changed(self, series: SeriesRow) -> None:
        """A series was confirmed, paused, resumed or ended: its thread's parent is posted (the
        first time) or brought up to date. Called in the caller's transaction."""
        channel = series.notice_channel or self.channel or series.channel
        if not channel:
            return
        outbox = self.store.outbox
        if series.notice_ts or outbox.add(series.lane, PARENT, channel=channel) is None:
            outbox.add(series.lane, UPDATE, channel=channel)
        self.wake()

    def personal(self, channel: str, user: str, message: dict[str, Any]) -> None:
        """Queue a message to one person in a channel (chat.postEphemeral): `text`, `blocks`."""
        body = {"user": user, **{k: v for k, v in message.items() if k in ("text", "blocks")}}
        self.store.outbox.add(f"user:{user}", PERSONAL, channel=channel, body=body)
        self.wake()

    # -- sending (the scheduler's drain) ----------------------------------------------------

    def send(self, item: OutboxItem) -> tuple[str, str] | None:
        """Deliver one outbox message; (channel, ts) of a posted message. Raises DeliveryError.
        An `unsure` thread parent or reply is looked for first, and not posted if it is there."""
        if item.unsure:
            found = self._look(item)
            if found is not None:
                log.info(
                    "outbox message %d (%s, lane %s) was already in Slack (ts %s): not posted again",
                    item.id, item.kind, item.lane, found[1],
                )  # fmt: skip
                return found
        try:
            return self._send(item)
        except SlackApiError as exc:
            raise _refusal(exc, METHOD_KINDS[item.kind]) from exc
        except (OSError, HTTPException) as exc:  # unreachable, reset, timed out
            reason = f"{type(exc).__name__}: {exc}"
            raise DeliveryError(reason, unsure=not _never_sent(exc)) from exc

    # -- looking before posting again -------------------------------------------------------

    def _look(self, item: OutboxItem) -> tuple[str, str] | None:
        """Find the message an earlier send of `item` may have posted: its (channel, ts), or None
        when Slack says it is not there. Raises DeliveryError (unsure) when the look fails: the
        row is not posted blindly, it waits and looks again."""
        if item.kind == UPDATE or (item.kind == PERSONAL and "user" in (item.body or {})):
            return None  # chat.update repeats harmlessly; an ephemeral has no copy
        row = self._head(item.lane) if item.kind != PERSONAL else None
        if item.kind != PERSONAL and (row is None or (item.kind == PARENT and row.notice_ts)):
            return None  # `_send` settles these without posting
        oldest = f"{item.queued_at - LOOK_BACK:.6f}"
        args: dict[str, Any] = {"include_all_metadata": True, "oldest": oldest, "limit": LOOK_LIMIT}
        method = "conversations.history"
        read = self.client.conversations_history
        if item.kind == REPLY and row is not None and row.notice_ts:  # in the thread
            channel = row.notice_channel or item.channel or ""
            method, read = "conversations.replies", self.client.conversations_replies
            args.update(ts=row.notice_ts)
        elif item.kind == REPLY and row is not None:  # its parent was given up: a plain message
            channel = row.notice_channel or item.channel or ""
        else:  # a parent; or a direct message, whose conversation is opened to read it
            channel = item.channel or ""
        try:
            if item.kind == PERSONAL:  # `method` names the call a failure message quotes
                method = "conversations.open"
                channel = self.client.conversations_open(users=channel)["channel"]["id"]
                method = "conversations.history"
            args.update(channel=channel)
            cursor = None
            for _ in range(LOOK_PAGES):
                page = read(**args, **({"cursor": cursor} if cursor else {}))
                for message in page.get("messages") or []:
                    if _names_row(message, item):
                        return page.get("channel") or channel, message["ts"]
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not (page.get("has_more") and cursor):
                    return None
            log.warning("outbox message %d: not in the last %d pages", item.id, LOOK_PAGES)
            return None
        except SlackApiError as exc:
            error = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
            if error == "thread_not_found":  # the parent is gone, and the reply with it
                return None
            if error in CANNOT_LOOK:
                log.warning(
                    "cannot look for outbox message %d before posting it again (%s %s%s): "
                    "posting it, it may show twice",
                    item.id, method, error,
                    f", needs {exc.response.get('needed')}" if error == "missing_scope" else "",
                )  # fmt: skip
                return None
            retry_after = (
                _retry_after(exc.response.headers) if exc.response.status_code == 429 else None
            )
            raise DeliveryError(
                f"looking for it first: {method} {error}", retry_after=retry_after, unsure=True
            ) from exc
        except (OSError, HTTPException) as exc:
            reason = f"looking for it first: {type(exc).__name__}: {exc}"
            raise DeliveryError(reason, unsure=True) from exc

    def _send(self, item: OutboxItem) -> tuple[str, str] | None:
        if item.kind == PERSONAL and item.notice:
            return self._send_personal_notice(item)
        if item.kind == PERSONAL:
            body = item.body or {}
            if "user" in body:  # to one person, in a channel
                self.client.chat_postEphemeral(channel=item.channel, **body)
            else:  # to one person, in the app's Messages tab (found there if its outcome is lost)
                self.client.chat_postMessage(
                    channel=item.channel, unfurl_links=False, unfurl_media=False,
                    metadata=_metadata(item), **body,
                )  # fmt: skip
            return None
        head = self._head(item.lane)
        if head is None:
            raise DeliveryError(f"{item.lane} is not in the log", permanent=True)
        with using(self.lang):
            return self._send_to_thread(item, head)

    def _send_personal_notice(self, item: OutboxItem) -> None:
        """A notice to its task's requester, in the app's Messages tab, in their language."""
        body = item.body or {}
        row = self.store.get(str(body.get("task", "")))
        if row is None:
            raise DeliveryError(f"task {body.get('task')} is not in the log", permanent=True)
        notice = Notice(
            row, NoticeKind(item.notice or ""), by=item.by, detail=item.detail, late=item.late,
            file=body.get("file"),
        )  # fmt: skip
        try:
            locale = self.locale_of(row.user) if row.user else None
        except Exception:  # the language is not worth a lost notice
            locale = None
        with using(lang_of_locale(locale) if locale else self.lang):
            text = _("Your recording: {notice}").format(
                notice=notice_text(self.fmt, notice, simulated=self.simulated)
            )
        self.client.chat_postMessage(
            channel=item.channel, unfurl_links=False, unfurl_media=False, text=text,
            metadata=_metadata(item),  # found there if this send's outcome is lost
        )  # fmt: skip
        return None

    def _send_to_thread(
        self, item: OutboxItem, head: TaskRow | SeriesRow
    ) -> tuple[str, str] | None:
        if item.kind == PARENT:
            if head.notice_ts:  # posted before this row was queued (an older recordbot)
                return head.notice_channel or item.channel or "", head.notice_ts
            reply = self.client.chat_postMessage(
                channel=item.channel, unfurl_links=False, unfurl_media=False,
                metadata=_metadata(item), **self._parent(head),
            )  # fmt: skip
            return reply["channel"], reply["ts"]
        if item.kind == UPDATE:
            if not (head.notice_channel and head.notice_ts):
                raise DeliveryError("the thread has no parent to update", permanent=True)
            self.client.chat_update(
                channel=head.notice_channel, ts=head.notice_ts, **self._parent(head)
            )
            return None
        row = self.store.get((item.body or {}).get("task") or item.lane)
        if row is None:
            raise DeliveryError(f"task of {item.lane} is not in the log", permanent=True)
        notice = Notice(
            row, NoticeKind(item.notice or ""), by=item.by, detail=item.detail, late=item.late,
            file=(item.body or {}).get("file"),  # the recorded file a file notice announces
        )  # fmt: skip
        reply = self.client.chat_postMessage(
            channel=head.notice_channel or item.channel,
            thread_ts=head.notice_ts,  # None only if the parent was given up: a plain message
            text=notice_text(self.fmt, notice, simulated=self.simulated),
            unfurl_links=False,  # file links: no preview cards under the notice
            unfurl_media=False,
            metadata=_metadata(item),  # found there if this send's outcome is lost
        )
        return reply["channel"], reply["ts"]

    def _head(self, lane: str) -> TaskRow | SeriesRow | None:
        """What heads a lane's thread: a task, or a series (`series:ID`)."""
        if lane.startswith(SERIES_LANE):
            return self.store.series(lane[len(SERIES_LANE) :])
        return self.store.get(lane)

    def _parent(self, row: TaskRow | SeriesRow) -> dict[str, object]:
        if isinstance(row, SeriesRow):
            now = self.clock()
            card = series_parent_card(
                self.fmt, row, self.store.occurrences(row.id), now, simulated=self.simulated
            )
            text = series_parent_text(self.fmt, row, simulated=self.simulated)
            return {"text": text[:3000], "blocks": card_blocks(card)}
        status = phase(row, self.clock())
        card = thread_parent_card(
            self.fmt, row, status, self.store.files(row.id), simulated=self.simulated
        )
        text = thread_parent_text(self.fmt, row, status, simulated=self.simulated)
        return {"text": text[:3000], "blocks": card_blocks(card)}


def _metadata(item: OutboxItem) -> dict[str, Any]:
    """The message metadata naming `item`'s outbox row, for a later look to find it by."""
    return {"event_type": NOTICE_EVENT, "event_payload": {"outbox_id": item.id, "task": item.lane}}


def _names_row(message: dict[str, Any], item: OutboxItem) -> bool:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return (
        metadata.get("event_type") == NOTICE_EVENT
        and payload.get("outbox_id") == item.id
        and payload.get("task") == item.lane
    )


def _never_sent(exc: BaseException) -> bool:
    """Whether a network error happened before the request left (the connection was refused),
    so Slack cannot have it; a timeout or reset after sending may hide a posted message."""
    reason = getattr(exc, "reason", None)  # urllib wraps the socket's error
    return isinstance(exc, ConnectionRefusedError) or isinstance(reason, ConnectionRefusedError)


def _refusal(exc: SlackApiError, kinds: tuple[str, ...]) -> DeliveryError:
    """What a Slack error means for the outbox: wait as told (429), try again later (Slack's
    own trouble, after which the message may be there: looked for first), or give up (Slack
    refuses this message and would refuse it again)."""
    response = exc.response
    error = str(response.get("error") or f"HTTP {response.status_code}")
    if response.status_code == 429:
        return DeliveryError(error, retry_after=_retry_after(response.headers), also=kinds)
    if response.status_code >= 500 or error in TRANSIENT:
        return DeliveryError(error, unsure=response.status_code >= 500 or error in MAYBE_DONE)
    return DeliveryError(error, permanent=True)


def _retry_after(headers: dict[str, Any]) -> float:
    """Slack's Retry-After: whole seconds. 1 s if it is missing or unreadable."""
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            value = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(value))
            except (TypeError, ValueError):
                break
    return 1.0
