"""The `/record` command and button router shared by the Slack and shell front ends.

Turns text or a pressed button into a use-case call and a `Card`; known errors become cards
that say what went wrong and what to do.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.errors import (
    InvalidState,
    LiveError,
    NotAllowed,
    RecordbotError,
    ResolveError,
    TaskNotFound,
)
from bot.i18n import N_, _, ngettext, pick, using
from bot.outcomes import Requester, SeriesProposal
from bot.series import OPEN, SeriesRow, SeriesStatus
from bot.service import RecordService, nothing_to_do
from bot.tasks import PROPOSAL_TTL, TaskRow
from bot.timeparse import resolve
from bot.ui.cards import (
    HELP,
    Action,
    Card,
    Fmt,
    error_card,
    group_outcome_card,
    message_card,
    outcome_card,
    plain_window,
    proposal_card,
)
from bot.ui.export import EXPORT_FIELDS, csv_text
from bot.ui.lists import list_card, show_card
from bot.ui.series import (
    rule_text,
    series_ask_card,
    series_card,
    series_line,
    series_outcome_card,
    series_show_card,
)
from bot.ui.stops import shorten_ask_card, stop_all_card, stop_ask_card
from bot.usecases.series import series_ended

log = logging.getLogger("recordbot.commands")


def strip_command(text: str) -> str:
    text = (text or "").strip()
    if text.lower().startswith("/record"):
        text = text[len("/record") :].strip()
    return text


# Subcommands in Chinese (Simplified and Traditional) mean the English ones.
VERBS = {
    "help": "help", "?": "help", "帮助": "help", "幫助": "help",
    "list": "list", "列表": "list", "列出": "list",
    "show": "show", "查看": "show", "檢視": "show",
    "stop": "stop", "停止": "stop",
    "delete": "delete", "删除": "delete", "刪除": "delete",
    "alias": "alias", "别名": "alias", "別名": "alias",
    "extend": "extend", "延长": "extend", "延長": "extend",
    "notify": "notify", "通知": "notify",
    "export": "export", "导出": "export", "導出": "export", "匯出": "export",
    "shorten": "shorten", "缩短": "shorten", "縮短": "shorten",
    "skip": "skip", "跳过": "skip", "跳過": "skip",
    "pause": "pause", "暂停": "pause", "暫停": "pause",
    "resume": "resume", "恢复": "resume", "恢復": "resume",
}  # fmt: skip
SERIES_VERBS = ("skip", "pause", "resume", "stop", "show", "delete")
# Words people try after `list` that are filters elsewhere, not stream names.
LIST_FILTERS = frozenset({"yesterday", "active", "upcoming", "all", "recent", "昨天", "全部"})
# Verbs people guess, and what to use instead.
GUESSES = {
    "cancel": N_("There is no `cancel`: use `/record delete {ref}` to remove a scheduled recording, or `/record stop {ref}` to end one that is recording now."),
    "remove": N_("There is no `remove`: use `/record delete {ref}` to remove a recording task."),
    "end": N_("There is no `end`: use `/record stop {ref}` to end a recording now."),
}  # fmt: skip
GUESSES["取消"] = GUESSES["cancel"]  # said in Chinese, answered in Chinese (the script typed)
FILTERS_HELP = N_("Filters: `today`, `tomorrow`, `week`, `mine`, `@someone`, `failed`.")


FILTER_WORDS = {
    "today": "today", "今天": "today", "tomorrow": "tomorrow", "明天": "tomorrow",
    "week": "week", "本周": "week", "本週": "week", "mine": "mine", "me": "mine",
    "我的": "mine", "failed": "failed", "失败": "failed", "失敗": "failed",
}  # fmt: skip
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def filtered_list(service: RecordService, who: Requester, fmt: Fmt, args: list[str]) -> Card | None:
    """`/record list today|tomorrow|week|mine|@user|failed [STREAM]` (words combine), or None
    when no filter word was typed (the plain list pages through everything)."""
    words = [FILTER_WORDS.get(a.lower()) or ("@" if _MENTION.fullmatch(a) else None) for a in args]
    if not any(words):
        return None
    zone = ZoneInfo(who.tz)
    now = service.clock()
    today = datetime.fromtimestamp(now, zone).replace(hour=0, minute=0, second=0, microsecond=0)
    query: dict[str, Any] = {}
    streams = [a for a, w in zip(args, words, strict=True) if w is None]
    if len(streams) > 1:
        return message_card(
            _("`/record list` takes one stream; {n} words were not filters: {words}.").format(
                n=len(streams), words=_(", ").join(f"`{fmt.esc(s)}`" for s in streams)
            ),
            _(FILTERS_HELP),
        )
    if streams:
        query["stream"] = service.stream_name(streams[0])
    for arg, word in zip(args, words, strict=True):
        if word in ("today", "tomorrow"):
            day = today + timedelta(days=1 if word == "tomorrow" else 0)
            query["since"], query["until"] = _bounds(day, day + timedelta(days=1))
        elif word == "week":
            query["since"], query["until"] = now, now + 7 * 86400
        elif word == "mine":
            query["user"] = who.user_id
        elif word == "@":
            query["user"] = _MENTION.fullmatch(arg).group(1)  # type: ignore[union-attr]
        elif word == "failed":
            query["failed"] = True
    rows = service.store.filtered(**query)
    label = " ".join(fmt.esc(a) for a in args)
    if not rows:
        return message_card(
            _("No recordings match `{filter}`.").format(filter=label),
            _("`/record list` shows them all."),
        )
    return list_card(fmt, rows, now, label, who.tz, upcoming_total=None)


def _bounds(start: datetime, end: datetime) -> tuple[float, float]:
    # in real time: a day with a DST change is 23 or 25 hours long
    return start.timestamp(), end.replace(tzinfo=start.tzinfo).timestamp()


def list_args(args: list[str]) -> tuple[str | None, int]:
    """`/record list [STREAM] [from N]`: the stream, and how many upcoming tasks to skip (the
    list says `from N` when there are more than one message holds)."""
    offset = 0
    if len(args) >= 2 and args[-2].lower() in ("from", "从", "從") and args[-1].isdigit():
        offset = max(int(args[-1]) - 1, 0)
        args = args[:-2]
    return (args[0] if args else None), offset


def handle_command(service: RecordService, who: Requester, text: str, fmt: Fmt) -> Card:
    """Run one `/record …` command and return the card to show its author, in the language
    it was typed in, else the author's Slack locale (`bot.i18n.pick`)."""
    with using(pick(strip_command(text), who.locale)):
        return _command(service, who, text, fmt)


def _command(service: RecordService, who: Requester, text: str, fmt: Fmt) -> Card:
    body = strip_command(text)
    word, *args = body.split() or [""]
    verb = VERBS.get(word.lower(), word.lower()) if word else ""
    ref = args[0] if args else None  # a stream for list, a TaskId for show/stop/delete
    try:
        if verb in ("", "help"):
            return Card(_("How to use /record"), (_(HELP),))
        if verb in GUESSES and len(args) <= 1:  # `cancel now for 1h` would be a stream
            return message_card(fmt.esc(_(GUESSES[verb]).format(ref=ref or "TASKID")))
        if verb == "alias":
            return alias_card(service, who, fmt, body.split(None, 1)[1] if args else "")
        if verb == "list":
            filtered = filtered_list(service, who, fmt, args)
            if filtered is not None:
                return filtered
            stream, offset = list_args(args)
            page = service.listing(stream, offset)
            if stream and not page.rows and not offset and stream.lower() in LIST_FILTERS:
                return message_card(
                    _(
                        "`{word}` is not a filter recordbot knows, and no stream is called that."
                    ).format(word=fmt.esc(stream)),
                    _(
                        "`/record list` shows every recording (soonest first); `/record list "
                        "STREAM` one stream's; filters: `today`, `tomorrow`, `week`, `mine`, "
                        "`@someone`, `failed`."
                    ),
                )
            card = list_card(
                fmt, page.rows, service.clock(), stream, who.tz,
                upcoming_total=page.upcoming_total, offset=page.offset,
            )  # fmt: skip
            return with_series(service, fmt, card, who.tz, stream) if not offset else card
        if verb == "export":
            return export_card(service, who, args)
        if verb == "notify":
            choice = (ref or "").lower()
            if choice not in ("on", "off", "开", "关", "開", "關"):
                on = service.store.wants_notices(who.user_id)
                return message_card(
                    _("Personal notices are on for you.")
                    if on
                    else _("Personal notices are off for you."),
                    _(
                        "`/record notify off` stops them; `/record notify on` brings them back. "
                        "They tell you when your recording cannot be made or fails, when its "
                        "file is ready, and when someone else stops or deletes it."
                    ),
                )
            on = choice in ("on", "开", "開")
            service.store.set_notices(who.user_id, on)
            return message_card(
                _("Personal notices are now on.")
                if on
                else _("Personal notices are now off. Threads in the channel still tell everyone.")
            )
        if verb in ("extend", "shorten"):
            return change_card(service, who, fmt, verb, args)
        if verb == "stop" and len(args) == 2 and args[0].lower() in ("all", "全部"):
            rows = service.stoppable(args[1])
            if not rows:
                return message_card(
                    _("Nothing of `{stream}` is recording or coming up: nothing to stop.").format(
                        stream=fmt.esc(args[1])
                    )
                )
            service.access.check(who.user_id, who.channel, "stop")
            return stop_all_card(fmt, args[1], rows, who.tz)
        if verb in SERIES_VERBS and ref is not None:
            series = service.find_series(ref)
            if series is not None:
                return series_command(service, who, fmt, verb, series, args[1:])
        if verb in ("skip", "pause", "resume"):
            return message_card(
                _(
                    "`{ref}` is not a series. Write `/record {verb} #12` with the series' "
                    "number: `/record list` shows it."
                ).format(ref=fmt.esc(ref), verb=word)
                if ref
                else _(
                    "`/record {verb}` needs a series' number, e.g. `/record {verb} #12`; "
                    "`/record list` shows them."
                ).format(verb=word)
            )
        if verb in ("show", "stop", "delete"):
            if ref is None:
                return message_card(
                    _(
                        "`/record {verb}` needs a TaskId, e.g. `/record {verb} TASKID`. "
                        "`/record list` shows them."
                    ).format(verb=word)
                )
            if verb == "show":
                row, events, files = service.show(ref)
                card = show_card(fmt, row, events, service.clock(), who.tz, files)
                series = service.store.series(row.series) if row.series else None
                if series is None:
                    return card
                part = _("One recording of series {ref} ({rule}): `/record show {ref}` shows it.")
                line = part.format(ref=series.short, rule=fmt.esc(rule_text(series)))
                return replace(card, lines=(line, *card.lines))
            row = service.find(ref)
            service.access.check(who.user_id, who.channel, verb)
            targets = service.affected(row, verb)
            if not targets:  # already ended, stopped or deleted: say so now, ask nothing
                return message_card(fmt.esc(nothing_to_do(row, verb, service.clock())))
            named = ref.strip() in (row.task_id, row.short, str(row.ref))
            if verb == "stop" and len(targets) == 1 and named:
                # Its number or whole TaskId names one recording beyond doubt: stop it now.
                return outcome_card(fmt, service.stop(ref, who.user_id, who.channel))
            action = Action.STOP if verb == "stop" else Action.DELETE
            return stop_ask_card(fmt, row, action, targets, service.clock())
        proposal = service.propose(who, body)
        if isinstance(proposal, SeriesProposal):
            return series_card(fmt, proposal)
        return proposal_card(fmt, proposal)
    except ResolveError as exc:
        # the message quotes what was typed: escape it, or `<!channel>` would ping in Slack
        return message_card(
            _("Could not schedule that"),
            fmt.esc(exc.message),
            _("Try `/record help` for examples."),
        )
    except RecordbotError as exc:
        return known_error_card(fmt, exc)
    except Exception:
        ref = secrets.token_hex(4)
        log.exception("command failed (ref %s)", ref)
        return message_card(
            _(
                "Sorry, something went wrong on our side (reference {ref}). Nothing was "
                "scheduled; please try again."
            ).format(ref=ref)
        )


def with_series(
    service: RecordService, fmt: Fmt, card: Card, tz: str, stream: str | None = None
) -> Card:
    """A list with the active and paused series on top, each with its next occurrence."""
    going = service.store.all_series(OPEN, stream and service.stream_name(stream), limit=20)
    if not going:
        return card
    now = service.clock()
    lines = (
        _("*Series:*"),
        *(series_line(fmt, s, now, tz, service.store.not_run(s.id, now)) for s in going),
    )
    return replace(card, lines=(*lines, *card.lines))


def series_command(
    service: RecordService, who: Requester, fmt: Fmt, verb: str, series: SeriesRow, rest: list[str]
) -> Card:
    """`show`, `skip [DATE]`, `pause`, `resume`, `stop` on a series: `show` answers at once;
    the others ask first with one button, and change nothing when there is nothing to do."""
    now = service.clock()
    if verb == "show":
        return series_show_card(fmt, series, service.store.occurrences(series.id), now, who.tz)
    if verb == "delete":
        return message_card(
            _(
                "A series is ended with `/record stop {ref}` (its bookings are cancelled, its "
                "tasks not begun deleted from Live); `/record skip {ref} DATE` removes one "
                "occurrence."
            ).format(ref=series.short)
        )
    service.access.check(who.user_id, who.channel, "delete" if verb == "skip" else "stop")
    service.check_series_owner(series, who.user_id)
    if series.status == SeriesStatus.ENDED:
        return message_card(series_ended(series, verb))
    if verb == "pause" and series.status == SeriesStatus.PAUSED:
        return message_card(
            _("Series {ref} is already paused: `/record resume {ref}` restarts it.").format(
                ref=series.short
            )
        )
    if verb == "resume" and series.status == SeriesStatus.ACTIVE:
        return message_card(
            _("Series {ref} is not paused: nothing to resume.").format(ref=series.short)
        )
    target = None
    if verb == "skip":
        day = skip_date(" ".join(rest), series, now) if rest else None
        target = service.skip_target(series, day)
    return series_ask_card(fmt, series, verb, now, target, service.store.not_run(series.id, now))


def skip_date(text: str, series: SeriesRow, now: float) -> date:
    """The day `skip #12 DATE` names, in the series' zone: `2026-12-03`, `dec 3`, `friday`,
    `tomorrow`, `12月3日`. Raises InvalidState when it is not a date."""
    zone = series.recurrence.zone  # an IANA zone or a fixed offset (`UTC+05:00`)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    # The resolver reads the day: noon of it, seen from 06:00 today, so `today` is today and
    # `tomorrow` is not read two ways (as it is just after midnight)
    morning = datetime.fromtimestamp(now, zone).replace(hour=6, minute=0, second=0, microsecond=0)
    try:
        res = resolve(f"x {text} 12:00 for 1m", morning, zone)
    except ResolveError:
        raise InvalidState(
            _("`{text}` is not a date: write it like `2026-12-03`, `dec 3` or `friday`.").format(
                text=text
            )
        ) from None
    return res.window.start.astimezone(zone).date()


def alias_card(service: RecordService, who: Requester, fmt: Fmt, rest: str) -> Card:
    """`alias list`, `alias remove NAME`, `alias NAME = [domain/][app/]stream [template N]`."""
    words = rest.split()
    if not words or words[0].lower() in ("list", "列表"):
        known = service.store.aliases()
        if not known:
            return message_card(
                _("No aliases yet."),
                _("Add one: `/record alias sports = 5000.live.push.com/live/cctv5 template 1234`."),
            )
        lines = [
            f"• `{fmt.esc(a['name'])}` = `{fmt.esc('/'.join(p for p in (a['domain'], a['app'], a['stream']) if p))}`"
            + (f" template {a['template_id']}" if a["template_id"] is not None else "")
            for a in known
        ]
        return Card(_("Aliases"), tuple(lines))
    if words[0].lower() in ("remove", "delete", "删除", "刪除") and len(words) == 2:
        service.remove_alias(who, words[1])
        return message_card(_("Removed the alias `{name}`.").format(name=fmt.esc(words[1])))
    name, _eq, target = rest.partition("=")
    if not target.strip():
        name, _eq, target = rest.strip().partition(" ")
    alias = service.set_alias(who, name.strip(), target.strip())
    shown = "/".join(p for p in (alias["domain"], alias["app"], alias["stream"]) if p)
    name = fmt.esc(alias["name"])
    if alias["template_id"] is not None:
        means = _("`{name}` now means `{target}`, template {template}.").format(
            name=name, target=fmt.esc(shown), template=alias["template_id"]
        )
    else:
        means = _("`{name}` now means `{target}`.").format(name=name, target=fmt.esc(shown))
    return message_card(
        means,
        _("Use it wherever a stream is typed: `/record {name} tonight 8pm for 2h`.").format(
            name=name
        ),
    )


def export_card(service: RecordService, who: Requester, args: list[str]) -> Card:
    """`/record export [today|tomorrow|week|DATE [DATE]]`: the task log as CSV, windows starting
    in the range (default: the last 30 days and the next 30), in the person's zone."""
    zone = ZoneInfo(who.tz)
    now = service.clock()
    today = datetime.fromtimestamp(now, zone).replace(hour=0, minute=0, second=0, microsecond=0)
    words = [a.lower() for a in args]
    try:
        if not words:
            since, until = now - 30 * 86400, now + 30 * 86400
        elif words[0] in ("today", "今天"):
            since, until = _bounds(today, today + timedelta(days=1))
        elif words[0] in ("tomorrow", "明天"):
            since, until = _bounds(today + timedelta(days=1), today + timedelta(days=2))
        elif words[0] in ("week", "本周", "本週"):
            since, until = now, now + 7 * 86400
        else:
            first = datetime.fromisoformat(args[0]).replace(tzinfo=zone)
            last = datetime.fromisoformat(args[1]).replace(tzinfo=zone) if len(args) > 1 else first
            since, until = _bounds(first, last + timedelta(days=1))
    except ValueError:
        return message_card(
            _(
                "`{words}` is not a range: write `/record export`, `/record export week` or "
                "`/record export 2026-12-01 2026-12-31`."
            ).format(words=" ".join(args))
        )
    stale = now - PROPOSAL_TTL
    rows = list(service.store.export(EXPORT_FIELDS, proposed_since=stale, since=since, until=until))
    day = f"{datetime.fromtimestamp(since, zone):%Y-%m-%d}_{datetime.fromtimestamp(until - 1, zone):%Y-%m-%d}"
    return Card(
        ngettext(
            "Export: {n} recording starting {window}",
            "Export: {n} recordings starting {window}",
            len(rows),
        ).format(n=len(rows), window=plain_window(int(since), int(until), who.tz)),
        (_("The same fields as `recordbot tasks --json`, times in UTC."),),
        attachment=(f"recordbot-{day}.csv", csv_text(rows)),
    )


def change_card(
    service: RecordService, who: Requester, fmt: Fmt, verb: str, args: list[str]
) -> Card:
    """`extend REF by 30m`, `shorten REF to 9pm` (the `by` / `to` may be left out)."""
    joiner = "by" if verb == "extend" else "to"
    if len(args) < 2:
        if verb == "extend":
            return message_card(_("Write it as `/record extend #12 by 30m`."))
        return message_card(_("Write it as `/record shorten #12 to 9pm`."))
    ref, rest = args[0], args[1:]
    if rest and rest[0].lower() == joiner:
        rest = rest[1:]
    if verb == "extend":
        return proposal_card(fmt, service.extend(who, ref, " ".join(rest)))
    changed = service.shorten(who, ref, " ".join(rest))
    if isinstance(changed, TaskRow):  # under way: stopped at that time, once confirmed
        return shorten_ask_card(fmt, changed, changed.stop_at or 0)
    return proposal_card(fmt, changed)


def action_lang(service: RecordService, value: str, locale: str | None) -> str:
    """The language to answer a pressed button in: the one its card was in (the script of the
    command that made it), else the presser's Slack locale."""
    row_id = value.split(",")[0].partition("@")[0]
    try:
        row: TaskRow | SeriesRow | None = service.store.get(row_id) if row_id else None
        if row is None and row_id:
            row = service.store.by_task_id(row_id) or service.store.series(row_id)
    except Exception:  # a value that names nothing: the locale decides
        row = None
    return pick(strip_command(row.command) if row is not None else "", locale)


def handle_action(
    service: RecordService,
    action: str,
    value: str,
    user: str,
    channel: str | None,
    fmt: Fmt,
    locale: str | None = None,
) -> Card:
    """Press a card's button (not Edit, which each front end opens its own way)."""
    with using(action_lang(service, value, locale)):
        return _action(service, action, value, user, channel, fmt)


def _action(
    service: RecordService, action: str, value: str, user: str, channel: str | None, fmt: Fmt
) -> Card:
    try:
        if action == Action.CONFIRM_ALL:
            return group_outcome_card(fmt, service.confirm_group(value, user, channel))
        if action in (Action.CONFIRM, Action.CONFIRM_ALT):
            return outcome_card(fmt, service.confirm(value, user, channel))
        if action == Action.CANCEL:
            return outcome_card(fmt, service.cancel(value, user))
        if action in (Action.STOP, Action.STOP_ONE):
            only = action == Action.STOP_ONE
            return outcome_card(fmt, service.stop(value, user, channel, only_this=only))
        if action == Action.STOP_ALL:
            return outcome_card(fmt, service.stop_rows(value.split(","), user, channel))
        if action == Action.SHORTEN:
            row_id, _at, at = value.partition("@")
            row = service.stop_at(row_id, float(at), user, channel)
            return message_card(
                _("{stream} ({ref}) will stop at {time}: recordbot stops it then.").format(
                    stream=fmt.esc(row.full_stream),
                    ref=row.short,
                    time=fmt.time(int(float(at)), row.tz),
                )
            )
        if action in (Action.DELETE, Action.DELETE_ONE):
            only = action == Action.DELETE_ONE
            return outcome_card(fmt, service.delete(value, user, channel, only_this=only))
        if action == Action.SERIES_CONFIRM:
            return series_outcome_card(fmt, service.confirm_series(value, user, channel))
        if action == Action.SERIES_CANCEL:
            return series_outcome_card(fmt, service.cancel_series(value, user))
        if action == Action.SERIES_SKIP:
            series_id, _at, start = value.partition("@")
            return series_outcome_card(fmt, service.skip(series_id, user, channel, int(start)))
        if action == Action.SERIES_PAUSE:
            return series_outcome_card(fmt, service.pause(value, user, channel))
        if action == Action.SERIES_RESUME:
            return series_outcome_card(fmt, service.resume(value, user, channel))
        if action == Action.SERIES_STOP:
            return series_outcome_card(fmt, service.stop_series(value, user, channel))
        if action == Action.KEEP:
            return message_card(_("Kept: nothing was changed."))
        return message_card(_("That button is no longer supported. Run the command again."))
    except RecordbotError as exc:
        return known_error_card(fmt, exc)
    except Exception:
        ref = secrets.token_hex(4)
        log.exception("action %s failed (ref %s)", action, ref)
        return message_card(
            _(
                "Sorry, something went wrong on our side (reference {ref}). Check `/record list` "
                "before trying again."
            ).format(ref=ref)
        )


def known_error_card(fmt: Fmt, exc: RecordbotError) -> Card:
    if isinstance(exc, LiveError):
        return error_card(fmt, exc)
    if isinstance(exc, NotAllowed):
        ask = (
            (_("Ask: {admins}").format(admins=_(", ").join(fmt.user(a) for a in exc.admins)),)
            if exc.admins
            else ()
        )
        return message_card(_("Not allowed"), fmt.esc(exc.message), *ask)
    if isinstance(exc, TaskNotFound | InvalidState):  # may quote a typed TaskId
        return message_card(fmt.esc(exc.message))
    return message_card(fmt.esc(exc.message))
