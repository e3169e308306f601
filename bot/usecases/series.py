"""Use cases of repeating schedules: propose a series, confirm or cancel its card, book its
occurrences ahead (the scheduler), skip one, pause, resume, stop. Part of `RecordService`.

A series is driven from the task log: its occurrences are written as `booked` task rows a week
ahead (unique per series and start) and created by the booking engine like any booking
(bot/usecases/create.py), so one occurrence is created once whatever restarts happen.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.errors import InvalidState, NotAllowed, TaskNotFound
from bot.i18n import N_, _, is_chinese
from bot.outcomes import Outcome, Requester, SeriesOutcome, SeriesProposal
from bot.series import BOOK_AHEAD, OPEN, SeriesRow, SeriesStatus
from bot.tasks import PROPOSAL_TTL, Status, TaskRow
from bot.timeparse import Resolution, redact
from bot.usecases.base import UseCaseBase, _audited, _by_user

BOOK_LIMIT = 200  # series booked ahead per scheduler pass (the rest on the next one)
BOOKING_BUDGET = 2.0  # seconds of creating bookings per scheduler pass
EXPIRED = N_("This card expired (cards last 30 minutes). Run the command again.")
# What a command on a series that cannot take it says (one sentence per verb: a translator
# words each whole).
_ENDED = {
    "confirm": N_("Series {ref} has ended: nothing more to confirm."),
    "skip": N_("Series {ref} has ended: nothing more to skip."),
    "pause": N_("Series {ref} has ended: nothing more to pause."),
    "resume": N_("Series {ref} has ended: nothing more to resume."),
    "stop": N_("Series {ref} has ended: nothing more to stop."),
}


def _utc(at: int) -> datetime:
    return datetime.fromtimestamp(at, UTC)


def series_ended(series: SeriesRow, verb: str) -> str:
    """`Series #3 has ended: nothing more to skip.` in the current language."""
    return _(_ENDED.get(verb, _ENDED["stop"])).format(ref=series.short)


def _not_open(series: SeriesRow) -> str:
    if series.status == SeriesStatus.ENDED:
        return series_ended(series, "skip")
    if series.status == SeriesStatus.CANCELLED:
        return _("Series {ref} was cancelled: nothing to skip.").format(ref=series.short)
    return _("Series {ref} is waiting for Confirm: nothing to skip.").format(ref=series.short)


def _day(day: date, series: SeriesRow, ref: datetime | None = None) -> str:
    """`Sat 28 Nov` / `11月28日（周六）` (the year when it differs from `ref`'s)."""
    from bot.timeparse import messages

    at = datetime(day.year, day.month, day.day)
    return messages.fmt_date(at, "zh" if is_chinese() else "en", ref)


class SeriesCases(UseCaseBase):
    # -- the card -------------------------------------------------------------------------

    def _propose_series(
        self, requester: Requester, res: Resolution, text: str, stream: dict
    ) -> SeriesProposal:
        """Write a repeating command's series as `proposed` and say what it will do: the next
        five occurrences, and those that would overlap other tasks of the stream."""
        rec = res.repeat
        assert rec is not None
        series = self.store.add_series(
            {
                **stream,
                "rule": rec.rule,
                "zone": rec.zone_name,
                "first_start": int(rec.first.timestamp()),
                "duration": int(rec.duration.total_seconds()),
                "until": int(rec.until.timestamp()) if rec.until else None,
                "wall": rec.wall.isoformat() if rec.wall else None,
                "user": requester.user_id,
                "user_name": requester.user_name,
                "channel": requester.channel,
                "tz": requester.tz,
                "command": redact(text),  # a push URL's secret is never stored
            }
        )
        now = self.clock()
        upcoming = series.upcoming(now, 5)
        overlaps = []
        for start, end in self._horizon(series, now, upcoming):
            found = self.store.overlapping(series.stream, series.domain, series.app, start, end)
            if found:
                overlaps.append(((start, end), found))
        return SeriesProposal(series, res, upcoming, overlaps, requester, self.defaults.simulated)

    def _horizon(
        self, series: SeriesRow, now: float, shown: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """The occurrences worth checking for overlaps: those shown and those booked at once."""
        ahead = [
            (int(w.start.timestamp()), int(w.end.timestamp()))
            for w in series.recurrence.between(_utc(int(now)), _utc(int(now + BOOK_AHEAD)))
        ]
        return sorted(set(ahead) | set(shown))

    @_audited("confirm series", _by_user)
    def confirm_series(
        self, series_id: str, user: str, channel: str | None = None
    ) -> SeriesOutcome:
        """Make the series active (once, however often pressed), write the occurrences of the
        coming week as bookings, and create at once those Live will take now."""
        series = self._series(series_id)
        self.check_series_owner(series, user)
        self.access.check(user, channel if channel is not None else series.channel, "create")
        now = self.clock()
        if series.status == SeriesStatus.PROPOSED and series.created_at < now - PROPOSAL_TTL:
            self.store.series_transition(
                series.id, [SeriesStatus.PROPOSED], SeriesStatus.CANCELLED,
                event_detail="expired unconfirmed",
            )  # fmt: skip
            note = _(EXPIRED)
            return SeriesOutcome("cancelled", self._series(series_id), note)
        first = series.upcoming(now, 1)
        if not first:
            return SeriesOutcome(
                "cancelled",
                series,
                _("No occurrence of this series is left. Run the command again."),
            )
        self.store.check_file()
        active = self._move(
            series.id, [SeriesStatus.PROPOSED], SeriesStatus.ACTIVE, event_user=user,
            confirmed_by=user, next_at=first[0][0],
        )  # fmt: skip
        if active is None:
            return self._series_already(self._series(series_id))
        booked = self._book_ahead(active, now)
        created = self._create_now(booked)
        later = tuple(r for r in booked if r.id not in {o.row.id for o in created})
        return SeriesOutcome(
            "active", self._series(series_id), None, tuple(created), later,
            simulated=self.defaults.simulated,
        )  # fmt: skip

    def cancel_series(self, series_id: str, user: str) -> SeriesOutcome:
        series = self._series(series_id)
        self.check_series_owner(series, user)
        done = self.store.series_transition(
            series.id, [SeriesStatus.PROPOSED], SeriesStatus.CANCELLED, event_user=user
        )
        if done is None:
            return self._series_already(self._series(series_id))
        return SeriesOutcome("cancelled", done)

    # -- the scheduler --------------------------------------------------------------------

    def book_series(self, limit: int = BOOK_LIMIT) -> list[TaskRow]:
        """Write the occurrences of active series that start within a week as bookings (the
        booking engine creates them when Live will take them); end series with nothing left.
        Driven by each series' `next_at` in the task log, so a restart resumes where it was."""
        now = self.clock()
        written: list[TaskRow] = []
        for series in self.store.due_series(now + BOOK_AHEAD, limit):
            written += self._book_ahead(series, now)
        for series in self.store.finished_series(now):
            self._move(
                series.id, [SeriesStatus.ACTIVE], SeriesStatus.ENDED,
                event_detail="its last occurrence is over",
            )  # fmt: skip
        return written

    def bookings_due(self, budget: float = BOOKING_BUDGET) -> bool:
        """The scheduler's booking pass: series booked ahead, then the bookings that are due
        created (series occurrences among them) for at most `budget` seconds, so start and end
        notices are not held up behind a long queue (Live's rate limit paces creates at about
        12 a second). True when due bookings are left: the scheduler passes again at once."""
        self.book_series()
        self.create_due(until=time.monotonic() + budget)
        return bool(self.store.due_bookings(self.clock(), 1))

    def _book_ahead(self, series: SeriesRow, now: float) -> list[TaskRow]:
        """Write the series' occurrences from its `next_at` up to a week ahead as bookings."""
        if series.next_at is None:
            return []
        rec = series.recurrence
        horizon = _utc(int(now + BOOK_AHEAD))
        begin = _utc(series.next_at)
        if begin >= horizon:
            return []  # its next occurrence is more than a week away
        # one begun already (the bot was down over a week) is not recorded: it was not booked
        windows = [w for w in rec.between(begin, horizon) if w.start.timestamp() > now]
        after = rec.next_after(horizon - timedelta(seconds=1))  # the first one not written
        nxt = int(after.start.timestamp()) if after is not None else None
        spans = [(int(w.start.timestamp()), int(w.end.timestamp())) for w in windows]
        return self.store.book_occurrences(series, spans, nxt, now)

    def _create_now(self, rows: list[TaskRow]) -> list[Outcome]:
        """Create at once the booked occurrences Live takes now (as the booking engine would)."""
        now = self.clock()
        return self.create_due(rows=[r for r in rows if (r.create_at or 0) <= now])

    # -- commands on a series ---------------------------------------------------------------

    def find_series(self, ref: str) -> SeriesRow | None:
        """A series by its short number (`#12`) or its ID; None if `ref` names none."""
        ref = ref.strip()
        number = ref[1:] if ref.startswith("#") else ref
        if number.isdigit() and len(number) < 10:
            return self.store.series_by_ref(int(number))
        return self.store.series(ref)

    def skip_target(self, series: SeriesRow, day: date | None) -> tuple[int, int]:
        """The occurrence `skip` means: the one on `day` (in the series' zone), else the next
        not begun. Raises InvalidState when there is none."""
        now = self.clock()
        if series.status not in OPEN:
            raise InvalidState(_not_open(series))
        if day is None:
            start = series.next_start(now, self.store.not_run(series.id, now))
            if start is None:
                raise InvalidState(
                    _("Series {ref} has no occurrence left to skip.").format(ref=series.short)
                )
            return start, start + series.duration
        found = series.recurrence.on_date(day)
        today = _utc(int(now)).astimezone(series.recurrence.zone).replace(tzinfo=None)
        if found is None:
            upcoming = _(", ").join(
                _day(_utc(start).astimezone(series.recurrence.zone).date(), series)
                for start, _end in series.upcoming(now, 5)
            )
            raise InvalidState(
                _(
                    "Series {ref} has no occurrence on {day} ({zone}). Its next ones: {upcoming}."
                ).format(
                    ref=series.short,
                    day=_day(day, series, today),
                    zone=series.zone,
                    upcoming=upcoming or _("none"),
                )  # fmt: skip
            )
        start, end = int(found.start.timestamp()), int(found.end.timestamp())
        if start <= now:
            raise InvalidState(
                _(
                    "The occurrence of {day} has already begun or passed: stop a recording under "
                    "way with `/record stop REF`."
                ).format(day=_day(day, series))
            )
        return start, end

    @_audited("skip", _by_user)
    def skip(
        self, series_id: str, user: str, channel: str | None = None, start: int = 0
    ) -> SeriesOutcome:
        """Skip one occurrence: a booking is cancelled, one created on Live and not begun is
        deleted from Live, one not yet written is written as skipped."""
        series = self._series(series_id)
        self.access.check(user, channel if channel is not None else series.channel, "delete")
        self.check_series_owner(series, user)
        if series.status not in OPEN:
            raise InvalidState(_not_open(series))
        now = self.clock()
        if start <= now:
            raise InvalidState(_("That occurrence has already begun: nothing was skipped."))
        row = self.store.occurrence_at(series.id, start)
        if row is None:
            found = next((w for w in series.upcoming(start - 1, 1) if w[0] == start), None)
            if found is None:
                raise InvalidState(
                    _("That is not an occurrence of the series: nothing was skipped.")
                )
            row = self.store.skip_unwritten(series, *found, user)
            if row is not None:
                return SeriesOutcome("skipped", series, changed=(Outcome("cancelled", row),))
            row = self.store.occurrence_at(series.id, start)  # written meanwhile
            assert row is not None
        if row.status == Status.BOOKED:
            done = self.store.transition(
                row.id, [Status.BOOKED], Status.CANCELLED, event_user=user, stopped_by=user,
                event_detail="skipped",
            )  # fmt: skip
            if done is not None:
                return SeriesOutcome("skipped", series, changed=(Outcome("cancelled", done),))
            row = self._row(row.id)  # being created now
        if row.status == Status.CREATED:
            return SeriesOutcome(
                "skipped", series, changed=(self.delete(row.id, user, channel),),
                simulated=self.defaults.simulated,
            )  # fmt: skip
        if row.status == Status.PENDING:
            raise InvalidState(
                _("That occurrence is being created on Live right now: skip it again in a minute.")
            )
        raise InvalidState(
            _("That occurrence was already skipped, stopped or deleted: nothing was skipped.")
        )

    @_audited("pause", _by_user)
    def pause(self, series_id: str, user: str, channel: str | None = None) -> SeriesOutcome:
        """Hold creation: no occurrence is created or booked until `resume`. Those already
        on Live stay there (each can be skipped or deleted)."""
        series = self._series(series_id)
        self.check_series_owner(series, user)
        self.access.check(user, channel if channel is not None else series.channel, "stop")
        done = self._move(series.id, [SeriesStatus.ACTIVE], SeriesStatus.PAUSED, event_user=user)
        if done is None:
            return self._series_already(self._series(series_id), "pause")
        kept = self._on_live(done)
        return SeriesOutcome("paused", done, kept=tuple(kept))

    @_audited("resume", _by_user)
    def resume(self, series_id: str, user: str, channel: str | None = None) -> SeriesOutcome:
        """Restart creation from the next occurrence: bookings whose start passed while paused
        are cancelled (they were not recorded), the coming week is booked."""
        series = self._series(series_id)
        self.check_series_owner(series, user)
        self.access.check(user, channel if channel is not None else series.channel, "create")
        now = self.clock()
        nxt = series.upcoming(now, 1)
        if series.status == SeriesStatus.PAUSED and not nxt:
            raise InvalidState(
                _("Series {ref} has no occurrence left: nothing to resume.").format(
                    ref=series.short
                )
            )
        # the next occurrence not yet written: never one in the past
        next_at = max(series.next_at or 0, nxt[0][0]) if nxt else None
        done = self._move(
            series.id, [SeriesStatus.PAUSED], SeriesStatus.ACTIVE, event_user=user,
            next_at=next_at if series.next_at is not None else None,
        )  # fmt: skip
        if done is None:
            return self._series_already(self._series(series_id), "resume")
        missed = []
        for row in self.store.occurrences(series.id, [Status.BOOKED]):
            if row.start <= now:
                gone = self.store.transition(
                    row.id, [Status.BOOKED], Status.CANCELLED, event_user=user,
                    event_detail="its start passed while the series was paused",
                )  # fmt: skip
                if gone is not None:
                    missed.append(Outcome("cancelled", gone))
        booked = self._book_ahead(done, now)
        created = self._create_now(self.store.occurrences(series.id, [Status.BOOKED]))
        return SeriesOutcome(
            "resumed", self._series(series_id), None, tuple(created), tuple(booked),
            tuple(missed), simulated=self.defaults.simulated,
        )  # fmt: skip

    @_audited("stop series", _by_user)
    def stop_series(self, series_id: str, user: str, channel: str | None = None) -> SeriesOutcome:
        """End the series: bookings cancelled, occurrences created on Live and not begun deleted
        from Live; one recording now keeps running (it has its own Stop)."""
        series = self._series(series_id)
        self.check_series_owner(series, user)
        self.access.check(user, channel if channel is not None else series.channel, "stop")
        self.store.check_file()
        done = self._move(
            series.id, OPEN, SeriesStatus.ENDED, event_user=user, ended_by=user, next_at=None
        )
        if done is None:
            return self._series_already(self._series(series_id), "stop")
        now = self.clock()
        changed: list[Outcome] = []
        kept: list[TaskRow] = []
        for row in self.store.occurrences(
            series.id, [Status.BOOKED, Status.CREATED, Status.PENDING]
        ):
            if row.status == Status.BOOKED:
                gone = self.store.transition(
                    row.id, [Status.BOOKED], Status.CANCELLED, event_user=user, stopped_by=user,
                    event_detail="the series was stopped",
                )  # fmt: skip
                if gone is not None:
                    changed.append(Outcome("cancelled", gone))
                    continue
                row = self._row(row.id)
            if row.status == Status.CREATED and row.start > now:
                changed.append(self.delete(row.id, user, channel))
            elif row.status == Status.CREATED and row.end > now:
                kept.append(row)  # recording now: it keeps its own Stop
            elif row.status == Status.PENDING:
                kept.append(row)  # being created: deleted as soon as it is (see `_created`)
        return SeriesOutcome(
            "ended", done, changed=tuple(changed), kept=tuple(kept),
            simulated=self.defaults.simulated,
        )  # fmt: skip

    def _series_stopped_meanwhile(self, row: TaskRow) -> None:
        """An occurrence created while its series was being stopped goes too, if not begun."""
        series = self.store.series(row.series or "")
        if series is not None and series.status == SeriesStatus.ENDED and row.start > self.clock():
            self.delete(row.id, series.ended_by or row.user)

    # -- helpers ----------------------------------------------------------------------------

    def _series(self, series_id: str) -> SeriesRow:
        series = self.store.series(series_id)
        if series is None:
            raise TaskNotFound(_("That series is no longer in the log. Run the command again."))
        return series

    def check_series_owner(self, series: SeriesRow, user: str) -> None:
        if series.user and user != series.user and user not in self.access.admins:
            raise NotAllowed(
                _(
                    "This series is someone else's: only the person who made it (or an admin) "
                    "can confirm, skip, pause, resume or stop it."
                ),
                self.access.admins,
            )

    def _on_live(self, series: SeriesRow) -> list[TaskRow]:
        now = self.clock()
        return [r for r in self.store.occurrences(series.id, [Status.CREATED]) if r.end > now]

    def _series_already(self, series: SeriesRow, verb: str = "confirm") -> SeriesOutcome:
        ref = series.short
        words = {
            SeriesStatus.ACTIVE: lambda: _("Series {ref} is already active.").format(ref=ref),
            SeriesStatus.PAUSED: lambda: _(
                "Series {ref} is paused: `/record resume {ref}` restarts it."
            ).format(ref=ref),
            SeriesStatus.ENDED: lambda: series_ended(series, verb),
            SeriesStatus.CANCELLED: lambda: _(
                "This series card was cancelled. Run the command again."
            ),
            SeriesStatus.PROPOSED: lambda: _("This series is waiting for Confirm."),
        }
        return SeriesOutcome("already", series, words[series.status]())

    def _move(
        self, series_id: str, allowed: Iterable[str], to: SeriesStatus, **changes: Any
    ) -> SeriesRow | None:
        """Compare-and-set a series' status and, in the same transaction, queue its thread
        parent (the first time) or an update of it, so no crash keeps one without the other.
        None when the series was not in `allowed`."""
        with self.store.batch():
            moved = self.store.series_transition(series_id, allowed, to, **changes)
            changed = getattr(self.notifier, "series_changed", None)  # a notifier with threads
            if moved is not None and changed is not None:
                changed(moved)
        return moved
