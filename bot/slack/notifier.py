"""Channel notices in Slack: who scheduled what, when, and the TaskId."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.cards import notice_text
from bot.slack.blocks import SlackFmt
from bot.store import TaskRow, TaskStore


class SlackNotifier:
    def __init__(
        self, client: WebClient, store: TaskStore, channel: str | None, simulated: bool
    ) -> None:
        self.client = client
        self.store = store
        self.channel = channel  # RECORD_CHANNEL; None means the channel the command came from
        self.simulated = simulated
        self.fmt = SlackFmt()

    def _post(self, row: TaskRow, text: str) -> None:
        channel = row.notice_channel or self.channel or row.channel
        if not channel:
            return
        kwargs = {"thread_ts": row.notice_ts} if row.notice_ts else {}
        reply = self.client.chat_postMessage(
            channel=channel, text=text, unfurl_links=False, **kwargs
        )
        if not row.notice_ts:
            self.store.update(row.id, notice_channel=reply["channel"], notice_ts=reply["ts"])

    def event(
        self,
        row: TaskRow,
        kind: str,
        *,
        by: str | None = None,
        detail: str | None = None,
        late: bool = False,
    ) -> None:
        self._post(
            row,
            notice_text(
                self.fmt, row, kind, by=by, detail=detail, late=late, simulated=self.simulated
            ),
        )
