"""Channel notices in Slack, one thread per recording.

The first notice is the thread's parent, kept current with chat.update: its status line
(scheduled, recording, done, stopped, failed, deleted), its files, and a Stop button while it
can still record. Every event (created, started, ended, stopped, deleted, file ready, ...) is
a reply in the thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from slack_sdk import WebClient

from bot.slack.blocks import SlackFmt, card_blocks
from bot.store import TaskStore
from bot.tasks import Notice, TaskRow, phase
from bot.ui.cards import notice_text, thread_parent_card, thread_parent_text

log = logging.getLogger("recordbot.slack")

# Events after which the parent's status line or file list may read differently.
PARENT_CHANGES = frozenset(
    {"started", "ended", "stopped", "deleted", "failed", "file_ready", "record_error"}
)


class SlackNotifier:
    def __init__(
        self,
        client: WebClient,
        store: TaskStore,
        channel: str | None,
        simulated: bool,
        clock: Callable[[], float] = time.time,
        names: Callable[[str], str | None] | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.channel = channel  # RECORD_CHANNEL; None means the channel the command came from
        self.simulated = simulated
        self.clock = clock
        self.fmt = SlackFmt(names)  # people are named in replies, mentioned once in the parent
        # One task's notices go out in order (its parent is posted once); other tasks' mostly
        # in parallel. A fixed set of locks, so a long-running bot does not keep one per task.
        self._locks = tuple(threading.Lock() for _ in range(64))

    def _lock(self, row_id: str) -> threading.Lock:
        return self._locks[hash(row_id) % len(self._locks)]

    def notify(self, notice: Notice) -> None:
        with self._lock(notice.row.id):
            # the latest notice ts, status and files
            row = self.store.get(notice.row.id) or notice.row
            channel = row.notice_channel or self.channel or row.channel
            if not channel:
                return
            text = notice_text(self.fmt, replace(notice, row=row), simulated=self.simulated)
            fresh = not row.notice_ts
            if fresh:
                row = self._post_parent(row, channel)
            self.client.chat_postMessage(
                channel=row.notice_channel or channel,
                thread_ts=row.notice_ts,
                text=text,
                unfurl_links=False,  # file links: no preview cards under the notice
                unfurl_media=False,
            )
            if not fresh and notice.kind in PARENT_CHANGES:
                self.refresh_parent(row)

    def _parent(self, row: TaskRow) -> dict[str, object]:
        status = phase(row, self.clock())
        card = thread_parent_card(
            self.fmt, row, status, self.store.files(row.id), simulated=self.simulated
        )
        text = thread_parent_text(self.fmt, row, status, simulated=self.simulated)
        return {"text": text[:3000], "blocks": card_blocks(card)}

    def _post_parent(self, row: TaskRow, channel: str) -> TaskRow:
        reply = self.client.chat_postMessage(
            channel=channel, unfurl_links=False, unfurl_media=False, **self._parent(row)
        )
        self.store.update(row.id, notice_channel=reply["channel"], notice_ts=reply["ts"])
        return self.store.get(row.id) or row

    def refresh_parent(self, row: TaskRow) -> None:
        """Bring the parent's status line, files and buttons up to date (chat.update)."""
        if not (row.notice_channel and row.notice_ts):
            return
        try:
            self.client.chat_update(
                channel=row.notice_channel, ts=row.notice_ts, **self._parent(row)
            )
        except Exception:  # the reply went out; a stale parent must not repeat it
            log.exception("could not update the notice of task %s", row.task_id or row.id)
