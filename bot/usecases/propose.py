"""Use cases that write a card: propose a recording, extend or shorten one, edit a card, name a
stream (aliases). Part of `RecordService` (bot/service.py)."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.errors import (
    InvalidState,
    ResolveError,
    TaskNotFound,
)
from bot.i18n import N_, _, using
from bot.outcomes import Outcome, Proposal, Requester, SeriesProposal
from bot.tasks import Status, TaskRow
from bot.timeparse import Resolution, StreamRef, messages, redact, resolve
from bot.windows import (
    MAX_DURATION,
    Window,
    plan,
)

if TYPE_CHECKING:
    pass

from bot.usecases.base import (
    _ALIAS_NAME,
    UseCaseBase,
    _audited,
    _booking_at,
    _by_requester,
    _other_reading,
    nothing_to_do,
)

REPLACES = N_(
    "This replaces {ref} (not begun): the old task is deleted from Live once this one is created."
)


class Proposing(UseCaseBase):
    @_audited("request", _by_requester)
    def propose(self, requester: Requester, text: str) -> Proposal | SeriesProposal:
        """Resolve the command (bare hours and day/month order by the person's Slack locale)
        and write the card's rows as `proposed`, each with the `create_at` it would be booked
        until if confirmed now (None: created at Confirm); a repeating command writes a
        proposed series instead. Raises ResolveError (nothing is written)."""
        self.access.check(requester.user_id, requester.channel, "create")
        now = datetime.fromtimestamp(int(self.clock()), UTC)
        res = resolve(text, now, requester.tz, locale=requester.locale)
        if res.repeat is not None:
            res, stream = self._stream_fields(res)
            return self._propose_series(requester, res, text, stream)
        parts = plan(res.window, now)
        if len(parts) == 1:
            # Another reading that would need several Live tasks is left off (one card, one
            # shape); one Live takes later is offered, booked at Confirm like the first.
            alts = tuple(a for a in res.alternatives if len(plan(a, now)) == 1)
            notes = res.notes + tuple(
                _other_reading(res, requester.tz, now, a) for a in res.alternatives if a not in alts
            )
            return self._write_proposal(
                requester, replace(res, alternatives=alts, notes=notes), text
            )
        # Over 24 h: consecutive tasks, confirmed and stopped together (one reading: a note
        # about another would describe a card that is not shown).
        hours = round((parts[-1].end - parts[0].start).total_seconds() / 3600, 1)
        split = messages.text("split", res.lang, hours=f"{hours:g}", n=len(parts))
        notes = (split,) if res.alternatives else (*res.notes, split)
        res = replace(res, window=parts[0], alternatives=(), notes=notes, fixed_end=True)
        return self._write_proposal(requester, res, text, list(parts))

    def _stream_fields(
        self, res: Resolution, hint: bool = True
    ) -> tuple[Resolution, dict[str, Any]]:
        """Where the command records: an alias's stream and template, else what was typed
        filled in from the defaults (and, for a stream never recorded, a note: new, or a
        near miss of a known one). Raises ResolveError when no push domain is known."""
        alias = (
            self.store.alias(res.stream.name)
            if res.stream.app is None and res.stream.domain is None
            else None
        )
        if alias is not None:  # `sports` = 5000.live.push.com/live/cctv5, template 1234
            res = replace(res, stream=StreamRef(alias["stream"], alias["app"], alias["domain"]))
        template = (
            alias["template_id"]
            if alias and alias["template_id"] is not None
            else self.defaults.template_id
        )
        if alias is None and hint:
            note = stream_hint(self.store.known_streams(), res.stream.name, res.lang)
            res = replace(res, notes=(*res.notes, note)) if note else res
        domain = res.stream.domain or self.defaults.domain
        if not domain:
            raise ResolveError(
                "bad_input",
                _(
                    "No push domain is configured: type the stream as `domain/app/name` "
                    "(e.g. `5000.live.push.com/live/livetest`) or ask your admin to set "
                    "RECORD_DOMAIN."
                ),
                res.lang,
            )
        app = res.stream.app or self.defaults.app
        return res, {
            "stream": res.stream.name,
            "app": app,
            "domain": domain,
            "template_id": template,
        }

    def _write_proposal(
        self,
        requester: Requester,
        res: Resolution,
        text: str,
        parts: list[Window] | None = None,
        replaces: TaskRow | None = None,
    ) -> Proposal:
        res, stream = self._stream_fields(res, hint=replaces is None)
        windows = parts or [res.window, *res.alternatives]
        grp = secrets.token_hex(8) if parts else None
        now = datetime.fromtimestamp(int(self.clock()), UTC)
        rows = self.store.add_proposals(
            (
                {
                    **stream,
                    "start": int(w.start.timestamp()),
                    "end": int(w.end.timestamp()),
                    "starts_now": w.starts_now,
                    "fixed_end": res.fixed_end,
                    "user": requester.user_id,
                    "user_name": requester.user_name,
                    "channel": requester.channel,
                    "tz": requester.tz,
                    "command": redact(text),  # a push URL's secret is never stored
                    "grp": grp,
                    "replaces": replaces.id if replaces else None,
                    "create_at": _booking_at(w, now),
                }
                for w in windows
            ),
            requester.user_id,
        )
        main = rows[0]
        overlaps = [
            t
            for t in self.store.overlapping(
                main.stream, main.domain, main.app, main.start, main.end
            )
            if replaces is None or t.id != replaces.id  # it goes when this one comes
        ]
        return Proposal(rows, res, overlaps, requester, self.defaults.simulated)

    @_audited("request", _by_requester)
    def extend(self, requester: Requester, ref: str, length: str) -> Proposal:
        """`extend REF by 30m`: Live cannot lengthen a task, so one under way gets a back-to-back
        follow-up task from its end; one not yet begun is replaced by a longer one (the old one
        is deleted once the new one exists). Either way a card to confirm."""
        row = self._changeable(requester, ref, "extend")
        now = datetime.fromtimestamp(int(self.clock()), UTC)
        extra = resolve(f"{row.stream} now for {length}", now, row.tz)
        more = extra.window.duration
        start = datetime.fromtimestamp(row.start, UTC)
        end = datetime.fromtimestamp(row.end, UTC)
        if row.start <= now.timestamp():
            window, replaces = Window(end, end + more), None
            note = _(
                "Live cannot lengthen a task: this is a follow-up task from the end of {ref}, "
                "back to back."
            ).format(ref=row.short)
        else:
            window, replaces = Window(start, end + more), row
            note = _(REPLACES).format(ref=row.short)
        return self._changed(requester, row, window, note, replaces, f"extend {ref} by {length}")

    @_audited("request", _by_requester)
    def shorten(self, requester: Requester, ref: str, until: str) -> Proposal | TaskRow:
        """`shorten REF to 9pm`: one not yet begun is replaced by a shorter one (a card to
        confirm); one under way is stopped at that time by the scheduler (returns the row, its
        `stop_at` set, after a confirmation the router asks for)."""
        row = self._changeable(requester, ref, "shorten")
        now = datetime.fromtimestamp(int(self.clock()), UTC)
        new_end = resolve(f"{row.stream} until {until}", now, row.tz).window.end
        start = datetime.fromtimestamp(row.start, UTC)
        if not (max(now.timestamp(), row.start) < new_end.timestamp() < row.end):
            raise InvalidState(
                _(
                    "{ref} runs until the end of its window; `{until}` must fall inside it, after "
                    "its start and after now."
                ).format(ref=row.short, until=until)
            )
        if row.start > now.timestamp():
            note = _(REPLACES).format(ref=row.short)
            return self._changed(
                requester, row, Window(start, new_end), note, row, f"shorten {ref} to {until}"
            )
        return replace(row, stop_at=new_end.timestamp(), stop_by=requester.user_id)

    def stop_at(self, row_id: str, at: float, user: str, channel: str | None = None) -> TaskRow:
        """Confirmed: the scheduler stops this recording at `at` (kept in the task log)."""
        row = self._row(row_id)
        self.access.check(user, channel, "stop")
        done = self.store.set_stop_at(row.id, at, user)
        if done is None:
            raise InvalidState(nothing_to_do(row, "stop", self.clock()))
        return done

    def stop_due(self) -> list[Outcome]:
        """The scheduler's part: stop each shortened recording whose new end has come."""
        outcomes = []
        for row in self.store.due_stops(self.clock()):
            outcomes.append(self._stop_one(row, row.stop_by or row.user))
        return outcomes

    def _changeable(self, requester: Requester, ref: str, verb: str) -> TaskRow:
        row = self.find(ref)
        self.access.check(requester.user_id, requester.channel, "create")
        if row.status != Status.CREATED or row.end <= self.clock():
            raise InvalidState(nothing_to_do(row, verb, self.clock()))
        return row

    def _changed(
        self, requester: Requester, row: TaskRow, window: Window, note: str,
        replaces: TaskRow | None, command: str,
    ) -> Proposal:  # fmt: skip
        res = Resolution(
            stream=StreamRef(row.stream, row.app, row.domain),
            window=window,
            zone=row.tz,
            notes=(note,),
            fixed_end=True,
        )
        who = replace(requester, tz=row.tz)
        if window.duration.total_seconds() > MAX_DURATION.total_seconds():
            raise InvalidState(
                _(
                    "That would make one task of over 24 hours, Live's most: use `/record "
                    "{stream} ...` for the extra time as a separate recording."
                ).format(stream=row.stream)
            )
        return self._write_proposal(who, res, command, replaces=replaces)

    def replace_proposal(self, row_id: str, requester: Requester, res: Resolution) -> Proposal:
        """The Edit dialog's result: cancel the old card's rows and propose the edited window."""
        old = self._row(row_id)
        self.check_owner(old, requester.user_id)
        if old.status != Status.PROPOSED:
            raise InvalidState(self._state_message(old))
        for sibling in self.store.card_rows(old.card):
            self.store.transition(
                sibling.id,
                [Status.PROPOSED],
                Status.CANCELLED,
                event_user=requester.user_id,
                event_detail="edited",
            )
        return self._write_proposal(requester, res, old.command)

    def set_alias(self, requester: Requester, name: str, target: str) -> dict[str, Any]:
        """`sports` = `[domain/][app/]stream [template N]`: usable wherever a stream is typed."""
        self.access.check(requester.user_id, requester.channel, "create")
        words = target.split()
        template = None
        if len(words) == 3 and words[1].lower() == "template" and words[2].isdigit():
            template = int(words[2])
        elif len(words) != 1:
            raise InvalidState(
                _(
                    "Write it as `/record alias NAME = [domain/][app/]stream [template N]`, e.g. "
                    "`/record alias sports = 5000.live.push.com/live/cctv5 template 1234`."
                )
            )
        parts = words[0].split("/")
        if (
            not _ALIAS_NAME.fullmatch(name)
            or not all(_ALIAS_NAME.fullmatch(p) for p in parts)
            or len(parts) > 3
        ):
            raise InvalidState(
                _(
                    "Alias and stream names use letters, digits, `_`, `-` and `.`; the stream is "
                    "`name`, `app/name` or `domain/app/name`."
                )
            )
        stream, app, domain = (
            parts[-1],
            (parts[-2] if len(parts) > 1 else None),
            (parts[0] if len(parts) == 3 else None),
        )
        target_row = {"stream": stream, "app": app, "domain": domain, "template_id": template}
        self.store.set_alias(name, target_row, requester.user_id)
        return {"name": name.lower(), **target_row}

    def remove_alias(self, requester: Requester, name: str) -> None:
        self.access.check(requester.user_id, requester.channel, "create")
        if not self.store.remove_alias(name):
            raise TaskNotFound(
                _("No alias `{name}`. `/record alias list` shows them.").format(name=name)
            )


def stream_hint(known: set[str], name: str, lang: str) -> str | None:
    """A note for a stream recordbot has never recorded: `did you mean sports?` when a known
    one is one or two letters away (`sprots`), else that it is new. None for a known stream, or
    when nothing has been recorded yet (every stream would be new)."""
    if not known or name in known:
        return None
    close = sorted(
        (d, k) for k in known if (d := _distance(name.lower(), k.lower())) <= 2 and len(k) > 2
    )
    if close:
        match = close[0][1]
        with using(messages.chinese() if lang == "zh" else "en"):
            return _("`{name}` has never been recorded here: did you mean `{match}`?").format(
                name=name, match=match
            )
    with using(messages.chinese() if lang == "zh" else "en"):
        return _("`{name}` is a new stream: recordbot has not recorded it before.").format(
            name=name
        )


def _distance(a: str, b: str) -> int:
    """Edit distance with adjacent swaps (`sprots` -> `sports` is 1), capped early at 3."""
    if abs(len(a) - len(b)) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]
