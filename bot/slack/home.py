"""The App Home tab: the workspace's recordings now and upcoming, with Stop buttons.

Published when someone opens Home (`app_home_opened` -> views.publish) and again after a
recording is created, starts, ends, is stopped, deleted or fails, for the people who opened
Home in the last hour and the task's requester. Times are `<!date^...>` tokens, so each viewer
reads them in their own zone.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.i18n import _, lang_of_locale, using
from bot.series import OPEN, SeriesRow
from bot.slack.blocks import SlackFmt, button
from bot.slack.dedupe import delivery_key
from bot.slack.deps import Deps
from bot.store import TaskStore
from bot.tasks import Notice, Status, TaskRow, phase
from bot.ui.cards import Action, Fmt, duration_text, phase_text
from bot.ui.router import handle_action
from bot.ui.series import series_line
from bot.ui.stops import stop_button

log = logging.getLogger("recordbot.slack")

MAX_TASKS = 40  # a Home view holds at most 100 blocks; two per task plus headers
MAX_SERIES = 20  # series share one section (3,000 characters)
VIEWER_TTL = 3600.0
NOTE_TTL = 120.0  # an answer shown on Home (after a Stop) outlives the refreshes that follow
MAX_VIEWERS = 500
REFRESH_ON = frozenset({"created", "started", "ended", "stopped", "deleted", "failed"})


def _task_block(fmt: Fmt, row: TaskRow, now: float) -> dict[str, Any]:
    who = fmt.user(row.user, row.user_name) if row.user else _("made outside recordbot")
    window = _("{start} to {end} ({length})").format(
        start=fmt.time(row.start, row.tz),
        end=fmt.time(row.end, row.tz),
        length=duration_text(row.end - row.start),
    )
    text = (
        f"*`{fmt.esc(row.full_stream)}`*  ({phase_text(phase(row, now))})\n"
        f"{window}\n"
        f"TaskId `{fmt.esc(row.task_id or '-')}` · {who}"
    )
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}
    if row.status == Status.CREATED and row.end > now:
        block["accessory"] = button(stop_button(fmt, row, _("Stop")))
    return block


def home_view(
    fmt: Fmt,
    rows: Sequence[TaskRow],
    now: float,
    simulated: bool = False,
    note: str | None = None,
    series: Sequence[tuple[SeriesRow, set[int]]] = (),
) -> dict[str, Any]:
    """The Home tab for a list of created, not yet ended tasks and the series still going,
    each with the starts of its recordings that will not run (pure)."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _("Recordings")}},
    ]
    context = [_("Times are shown in your own time zone. `/record help` shows how to schedule.")]
    if simulated:
        context.append(_("SIMULATED: this bot talks to the built-in Live API simulator."))
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": c} for c in context]})
    if note:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": note[:3000]}})
    active = [r for r in rows if r.start <= now < r.end]
    upcoming = [r for r in rows if now < r.start]
    shown = 0
    for title, group in ((_("Recording now"), active), (_("Upcoming"), upcoming)):
        blocks.append({"type": "divider"})
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"}})
        if not group:
            nothing = {"type": "mrkdwn", "text": _("Nothing.")}
            blocks.append({"type": "context", "elements": [nothing]})
        for row in group:
            if shown == MAX_TASKS:
                break
            blocks.append(_task_block(fmt, row, now))
            shown += 1
    if series:
        blocks.append({"type": "divider"})
        lines = [
            "*Series*",
            *(series_line(fmt, one, now, one.tz, gone) for one, gone in series[:MAX_SERIES]),
            "`/record show #N` shows one; `skip`, `pause`, `resume` and `stop` change it.",
        ]
        text = "\n".join(lines)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}})
    if len(active) + len(upcoming) > shown:
        more = len(active) + len(upcoming) - shown
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": _("{n} more: `/record list` shows them.").format(n=more),
                    }
                ],
            }
        )
    return {"type": "home", "blocks": blocks[:100]}


class HomeTab:
    """Publishes Home views; as a `Notifier` it refreshes them after changes (on `executor`)."""

    def __init__(
        self,
        client: WebClient,
        store: TaskStore,
        executor: Executor,
        *,
        simulated: bool = False,
        clock: Callable[[], float] = time.time,
        limit: int = 100,
        locale_of: Callable[[str], str | None] = lambda user: None,
    ) -> None:
        self.client = client
        self.locale_of = locale_of  # a viewer's Slack locale: Home speaks their language
        self.store = store
        self.executor = executor
        self.simulated = simulated
        self.clock = clock
        self.limit = limit
        self.fmt = SlackFmt()
        self._viewers: dict[str, float] = {}
        self._notes: dict[str, tuple[str, float]] = {}
        self._pending: set[str] = set()
        self._queued = False
        self._lock = threading.Lock()
        self._publishing = threading.Lock()  # one view at a time: the last one sent is current

    def opened(self, user: str) -> None:
        with self._lock:
            self._viewers.pop(user, None)
            self._viewers[user] = self.clock()
            while len(self._viewers) > MAX_VIEWERS:
                self._viewers.pop(next(iter(self._viewers)))

    def recent_viewers(self) -> list[str]:
        cutoff = self.clock() - VIEWER_TTL
        with self._lock:
            return [u for u, at in self._viewers.items() if at >= cutoff]

    def publish(self, user: str, note: str | None = None) -> None:
        with self._publishing:
            now = self.clock()
            with self._lock:
                if note is not None:
                    self._notes[user] = (note, now)
                else:
                    kept = self._notes.get(user)
                    note = kept[0] if kept and now - kept[1] < NOTE_TTL else None
            rows = self.store.upcoming(now, self.limit)
            going = [
                (one, self.store.not_run(one.id, now))
                for one in self.store.all_series(OPEN, limit=MAX_SERIES)
            ]
            with using(lang_of_locale(self.locale_of(user))):
                view = home_view(self.fmt, rows, now, self.simulated, note, going)
            self.client.views_publish(user_id=user, view=view)

    def notify(self, notice: Notice) -> None:
        if notice.kind not in REFRESH_ON:
            return
        users = set(self.recent_viewers())
        for who in (notice.row.user, notice.by):
            if who and who[:1] in ("U", "W") and who.isalnum():
                users.add(who)
        with self._lock:
            self._pending |= users
            if self._queued or not self._pending:
                return
            self._queued = True
        self.executor.submit(self._refresh)

    def _refresh(self) -> None:
        # Changes that arrive while this runs are picked up by the same run: one pass each.
        while True:
            with self._lock:
                if not self._pending:
                    self._queued = False
                    return
                user = self._pending.pop()
            try:
                self.publish(user)
            except Exception:
                log.exception("could not refresh the Home tab of %s", user)


def _from_home(body: dict[str, Any]) -> bool:
    return (body.get("container") or {}).get("type") == "view" and (
        (body.get("view") or {}).get("type") == "home"
    )


def stop_from_home(deps: Deps, tab: HomeTab, body: dict[str, Any]) -> None:
    action = body["actions"][0]
    user = (body.get("user") or {}).get("id", "")
    value = str(action.get("value", ""))
    locale = deps.users.locale(user)
    card = handle_action(deps.service, action["action_id"], value, user, None, deps.fmt, locale)
    note = "\n".join((f"*{card.title}*", *card.lines))
    tab.publish(user, note=note)


def register(app: App, deps: Deps, tab: HomeTab) -> None:
    """Register before the card buttons: a Stop pressed on Home is answered on Home."""

    @app.event("app_home_opened")
    def on_home_opened(ack: Ack, event: dict[str, Any]) -> None:
        ack()
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        tab.opened(event["user"])
        deps.in_background(tab.publish, event["user"])

    @app.action(Action.STOP, matchers=[_from_home])
    def on_home_stop(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        if deps.deliveries.first(delivery_key(body)):
            deps.in_background(stop_from_home, deps, tab, body)
