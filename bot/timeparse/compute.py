"""The date arithmetic: a window spec -> the window(s) in the zone the times were read in, by the
time rules (next occurrence, a window under way, crossing midnight, DST gaps and folds, the API's
limits), with the notes and refusals that say how the words were read.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo

from bot.errors import ResolveError
from bot.timeparse import messages
from bot.timeparse.grammar import _Parser, _Point, _Spec
from bot.timeparse.normalise import _quote
from bot.timeparse.tokens import _Clock, _Date
from bot.timeparse.zones import zone_name
from bot.windows import MAX_BOOK_AHEAD, MAX_DURATION, MAX_WINDOW, Window, limit_violation

_UNDER_WAY_LOOKBACK = timedelta(hours=12)  # how far back yesterday's undated window may start

_READING_NOTES = {
    "note.dst_gap",
    "note.dst_fold",
    "note.month_day",
    "note.day_month",
    "note.bare_hour",
    "note.midnight",
}


class _Ctx:
    """The reading context: zone, now, language, notes and explanations."""

    def __init__(self, zone: tzinfo, now: datetime, lang: str, when: str) -> None:
        self.zone = zone
        # Every instant inside the resolver is UTC: aware datetimes sharing one ZoneInfo compare
        # and subtract by wall clock (fold ignored), which goes wrong around DST changes.
        self.now = now.astimezone(UTC)  # whole seconds
        self.today = self.local(now).date()
        self.lang = lang
        self.when = when
        self.notes: list[str] = []
        self.reading_notes: list[str] = []  # how words were read: also shown with an error

    def note(self, key: str, **kw: object) -> None:
        msg = messages.text(key, self.lang, **kw)
        if msg not in self.notes:
            self.notes.append(msg)
            if key in _READING_NOTES:
                self.reading_notes.append(msg)

    def save(self) -> tuple[int, int]:
        return len(self.notes), len(self.reading_notes)

    def restore(self, mark: tuple[int, int]) -> None:
        """Forget notes made while trying a reading that was then dropped."""
        del self.notes[mark[0] :]
        del self.reading_notes[mark[1] :]

    def local(self, d: datetime) -> datetime:
        return d.astimezone(self.zone)

    def local_date(self, d: datetime) -> date:
        return d.astimezone(self.zone).date()

    def dt(self, d: datetime) -> str:
        return messages.fmt_dt(d.astimezone(self.zone), self.lang, self.local(self.now))

    def rng(self, s: datetime, e: datetime) -> str:
        return messages.fmt_range(self.local(s), self.local(e), self.lang, self.local(self.now))

    def zname(self) -> str:
        return zone_name(self.zone)

    def wall(self, d: date, h: int, m: int, s: int = 0) -> datetime:
        """Wall time in the zone; a time in the spring-forward gap moves forward, an ambiguous
        fall-back time takes its first occurrence; both are noted."""
        if h == 24:
            d, h = d + timedelta(days=1), 0
        try:
            naive = datetime(d.year, d.month, d.day, h, m, s)
        except (ValueError, OverflowError):
            code = "past" if d < self.today else "too_far"
            msg = messages.text("out_of_range", self.lang, part=_quote(self.when))
            raise ResolveError(code, msg, self.lang) from None
        dt = naive.replace(tzinfo=self.zone)
        try:
            utc = dt.astimezone(UTC)
            back = utc.astimezone(self.zone)
        except (OverflowError, ValueError):
            code = "past" if d < self.today else "too_far"
            msg = messages.text("out_of_range", self.lang, part=_quote(self.when))
            raise ResolveError(code, msg, self.lang) from None
        if back.replace(tzinfo=None) != naive:
            used = back
            self.note(
                "note.dst_gap",
                wall=naive.strftime("%H:%M"),
                date=messages.fmt_date(naive, self.lang),
                zone=self.zname(),
                used=f"{used:%H:%M} {used.tzname()}",
            )
            return utc
        other = naive.replace(tzinfo=self.zone, fold=1)
        if other.utcoffset() != dt.utcoffset():
            self.note(
                "note.dst_fold",
                wall=naive.strftime("%H:%M"),
                date=messages.fmt_date(naive, self.lang),
                zone=self.zname(),
                used=f"{dt.tzname()}, UTC{_fmt_offset(dt.utcoffset())}",
            )
        return utc


def _fmt_offset(off: timedelta | None) -> str:
    total = int((off or timedelta(0)).total_seconds()) // 60
    return f"{'+' if total >= 0 else '-'}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def _add_real(dt: datetime, td: timedelta, ctx: _Ctx | None = None) -> datetime:
    """dt + td in real (UTC) time; durations count real hours across DST."""
    try:
        return dt.astimezone(UTC) + td
    except OverflowError:
        lang = ctx.lang if ctx else "en"
        raise ResolveError(
            "past" if td < timedelta(0) else "too_far",
            messages.text("out_of_range", lang, part=_quote(ctx.when if ctx else "")),
            lang,
        ) from None


def _clock24(c: _Clock, part: str | None) -> tuple[int, int, int, int]:
    """A clock and a part of day -> (hour 0-24, minute, second, days to add)."""
    h, m, s = c.h, c.m, c.s
    if c.special == "midnight":
        return 24, 0, 0, 0
    if c.special == "noon":
        return 12, 0, 0, 0
    if c.meridiem == "am":
        return (0 if h == 12 else h), m, s, 0
    if c.meridiem == "pm":
        return (h if h == 12 else h + 12), m, s, 0
    if part is None or c.explicit and h > 12:
        return h, m, s, 0
    if part == "morning":
        return h, m, s, 0
    if part == "noon":
        return (h + 12 if 1 <= h <= 5 else h), m, s, 0
    if part == "afternoon":
        return (h + 12 if h < 12 else h), m, s, 0
    if part == "early":  # 凌晨: small hours
        return (0 if h == 12 else h), m, s, 0
    if part == "evening":
        if h == 12 or h == 0:
            return 24, m, s, 0
        if 1 <= h <= 3:  # `tonight at 1`: the small hours after tonight
            return 24 + h, m, s, 0
        return (h + 12 if h < 12 else h), m, s, 0
    if part == "night":
        if h == 12 or h == 0:
            return 24, m, s, 0
        if 1 <= h <= 5:
            return 24 + h, m, s, 0
        return (h + 12 if h < 12 else h), m, s, 0
    return h, m, s, 0


def _hms_days(h: int, m: int, s: int, extra: int) -> tuple[int, int, int, int]:
    """Hours past 24 (`晚上12点` = 24:00, `tonight at 1` = 25:00) roll into the next day."""
    return h % 24, m, s, extra + h // 24


def _is_bare(c: _Clock | None, part: str | None) -> bool:
    """A clock that could be am or pm: `8`, `8:30`, `8点` with no am/pm or part of day."""
    return (
        c is not None
        and c.meridiem is None
        and c.special is None
        and not c.explicit
        and part is None
        and 1 <= c.h <= 12
    )


def _date_of(p: _Point, ctx: _Ctx, parser: _Parser) -> date:
    """The calendar date a dated point names."""
    d = p.date
    assert d is not None
    today = ctx.today
    span = p.date_span or (p.start, p.end)
    try:
        if d.kind == "offset":
            return today + timedelta(days=d.a)
        if d.kind == "ymd":
            got = date(d.a, d.b, d.c)
        elif d.kind == "md":
            cands = []
            for y in (today.year - 1, today.year, today.year + 1):
                try:
                    cands.append(date(y, d.a, d.b))
                except ValueError:
                    continue
            if not cands:
                raise ValueError
            got = min(cands, key=lambda x: (abs((x - today).days), x))
        elif d.kind == "dom":
            y, mo = today.year, today.month
            if d.a < today.day:
                y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
            got = None
            for _ in range(12):
                try:
                    got = date(y, mo, d.a)
                    break
                except ValueError:
                    y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
            if got is None:
                raise ValueError
        elif d.kind in ("weekday", "weekend"):  # a weekend not read as two days: Saturday
            monday = today - timedelta(days=today.weekday())
            week = {"this": 0, "next": 7, "next2": 14, "last": -7}.get(d.mode, 0)
            got = monday + timedelta(days=week + (d.a if d.kind == "weekday" else 5))
        elif d.kind == "nth":  # the b-th weekday a after today (`three fridays from now`)
            first = today + timedelta(days=(d.a - today.weekday()) % 7 or 7)
            got = first + timedelta(weeks=d.b - 1)
        elif d.kind == "mdom":  # day b of the month a months from now (下月15号)
            y, mo = divmod(today.month - 1 + d.a, 12)
            got = date(today.year + y, mo + 1, d.b)
        elif d.kind == "nextday":  # 次日 with no date before it: tomorrow
            return today + timedelta(days=1)
        else:  # pragma: no cover
            raise ValueError
    except (ValueError, OverflowError):
        raise parser.fail(span[0], span[1], "bad_date") from None
    if d.slash:
        ctx.note(
            "note.day_month" if d.order == "dm" else "note.month_day",
            part=parser.when[span[0] : span[1]],
            date=messages.fmt_date(datetime.combine(got, datetime.min.time()), ctx.lang),
        )
    if p.weekday_check is not None and got.weekday() != p.weekday_check:
        names = messages.WEEKDAY_NAMES["zh" if ctx.lang == "zh" else "en"]
        raise parser.fail(
            p.start,
            p.end,
            "weekday_mismatch",
            date=messages.fmt_date(
                datetime.combine(got, datetime.min.time()), ctx.lang, ctx.local(ctx.now)
            ),
            actual=names[got.weekday()],
            said=names[p.weekday_check],
        )
    return got


class _Computer:
    """Turns a parsed spec into the window(s), applying the time rules."""

    def __init__(self, sp: _Spec, ctx: _Ctx, parser: _Parser, stream_token: str) -> None:
        self.sp = sp
        self.ctx = ctx
        self.parser = parser
        self.stream_token = stream_token
        self.fixed_end = True
        self.typed: dict[datetime, datetime] = {}

    # -- points ----------------------------------------------------------------------------

    def need_clock(self, p: _Point) -> _Clock:
        if p.clock is None:
            if p.part == "noon":
                return _Clock(12, 0, special="noon")
            raise self.parser.fail(p.start, p.end, "no_clock")
        return p.clock

    def at_date(self, p: _Point, d: date) -> datetime:
        c = self.need_clock(p)
        h, m, s, extra = _hms_days(*_clock24(c, p.part))
        if c.special == "midnight" and p.date is not None:
            self.ctx.note(
                "note.midnight",
                date=messages.fmt_date(datetime.combine(d, datetime.min.time()), self.ctx.lang),
            )
        when = self.ctx.wall(d + timedelta(days=extra), h, m, s)
        # remember the wall time as typed: an undated end is compared with it, not with a
        # start that a DST gap moved forward
        day = d + timedelta(days=extra)
        self.typed[when] = datetime(day.year, day.month, day.day, h, m, s)
        return when

    def fixed_point(self, p: _Point) -> datetime:
        """A point with its own date (or now/relative/absolute)."""
        ctx = self.ctx
        if p.kind == "now":
            return ctx.now
        if p.kind == "rel":
            return _add_real(ctx.now, p.delta, ctx)
        if p.kind == "abs":
            assert p.at is not None
            return p.at.astimezone(UTC)
        return self.at_date(p, _date_of(p, ctx, self.parser))

    def end_after(self, p: _Point, start: datetime) -> datetime:
        """An end without a date: the first time after `start` (crossing midnight if needed).
        A bare hour (`to 11`) is the next of 11:00/23:00 after the start."""
        c = self.need_clock(p)
        if _is_bare(c, p.part):
            cands = [
                _Clock(c.h % 12, c.m, c.s, explicit=True),
                _Clock(c.h % 12 + 12, c.m, c.s, explicit=True),
            ]
        else:
            cands = [c]
        typed_start = self.typed.get(start) or self.ctx.local(start).replace(tzinfo=None)
        best: datetime | None = None
        for cc in cands:
            # the first such wall time after the start: a part's day (`晚上2点` = 02:00 the
            # next day) counts from the start's date, which the loop below already moves past
            h, m, s, _ = _hms_days(*_clock24(cc, p.part))
            d = typed_start.date()
            naive = datetime(d.year, d.month, d.day, h, m, s)
            while naive <= typed_start:
                naive += timedelta(days=1)
            if best is None or naive < best:
                best = naive
        assert best is not None
        return self.ctx.wall(best.date(), best.hour, best.minute, best.second)

    # -- am/pm carried from the end to a bare start: `8-11pm`, `9-5pm`, `8 to 11 in the evening`

    def carry(self, s: _Point, e: _Point | None) -> _Point:
        if e is None or e.kind != "wall" or e.clock is None or not _is_bare(s.clock, s.part):
            return s
        ec = e.clock
        if ec.meridiem is None and e.part is None and ec.special is None:
            return s
        eh, em, _, _ = _clock24(ec, e.part)
        end_min = eh * 60 + em
        pm = eh >= 12
        sc = s.clock
        assert sc is not None
        same = sc.h % 12 + (12 if pm else 0)
        if same * 60 + sc.m < end_min:
            h = same
        else:
            h = sc.h % 12 + (0 if pm else 12)
        return replace(s, clock=_Clock(h, sc.m, sc.s, explicit=True))

    # -- the window ------------------------------------------------------------------------

    def compute(self) -> tuple[Window, list[Window]]:
        sp, ctx = self.sp, self.ctx
        start_p, end_p, dur = sp.start, sp.end, sp.dur
        if (
            end_p is not None
            and end_p.date is not None
            and end_p.date.kind == "nextday"
            and start_p is not None
            and start_p.dated
            and start_p.kind == "wall"
        ):  # 次日: the day after the start's date
            nd = _date_of(start_p, ctx, self.parser) + timedelta(days=1)
            end_p = replace(end_p, date=_Date("ymd", nd.year, nd.month, nd.day))
        if start_p is not None:
            start_p = self.carry(start_p, end_p)
            if (
                start_p.kind == "wall"
                and start_p.date is None
                and end_p is not None
                and end_p.kind == "wall"
                and end_p.date is not None
                and not end_p.dated
            ):  # `5pm to 7pm on friday`: the weekday is the start's too
                start_p = replace(start_p, date=end_p.date)
        if start_p is None and end_p is None and dur is None:
            raise ResolveError(
                "no_end", messages.text("no_when", ctx.lang, stream=self.stream_token), ctx.lang
            )
        if start_p is None:
            start_p = _Point("now", start=0, end=0)
            if end_p is None:
                ctx.note("note.starts_now")
        if end_p is None and dur is None:
            self.raise_no_end(start_p)
        if dur is not None and dur <= timedelta(0):
            it = sp.dur_item
            raise ResolveError(
                "end_before_start",
                messages.text(
                    "zero_length",
                    ctx.lang,
                    part=_quote(ctx.when[it.start : it.end] if it else ctx.when),
                ),
                ctx.lang,
            )
        self.fixed_end = not (start_p.kind == "now" and dur is not None)
        # an undated start before a dated end takes the end's date (`8pm to 2am tomorrow`)
        if start_p.kind == "wall" and start_p.date is None and end_p is not None and end_p.dated:
            e = self.fixed_point(end_p)
            s = self.at_date(start_p, ctx.local_date(e))
            if s >= e:
                s = self.at_date(start_p, ctx.local_date(e) - timedelta(days=1))
            return self.finish_dated(s, e, start_p)
        if start_p.dated:
            s = self.fixed_point(start_p)
            e = self.end_of(s, end_p, dur)
            return self.finish_dated(s, e, start_p)
        return self.undated(start_p, end_p, dur)

    def end_of(self, s: datetime, end_p: _Point | None, dur: timedelta | None) -> datetime:
        if dur is not None:
            return _add_real(s, dur, self.ctx)
        assert end_p is not None
        if end_p.dated:
            return self.fixed_point(end_p)
        if end_p.date is not None:  # a weekday alone as the end: the first one after the start
            wd = end_p.date.a
            d = self.ctx.local_date(s)
            for _ in range(8):
                if d.weekday() == wd:
                    e = self.at_date(end_p, d)
                    if e > s:
                        return e
                d += timedelta(days=1)
        return self.end_after(end_p, s)

    def candidates(self, p: _Point) -> list[date]:
        today = self.ctx.today
        days = [today + timedelta(days=k) for k in range(-1, 9)]
        if p.date is not None and p.date.kind == "weekday":
            return [d for d in days if d.weekday() == p.date.a]
        return days[:4]

    def undated(
        self, start_p: _Point, end_p: _Point | None, dur: timedelta | None
    ) -> tuple[Window, list[Window]]:
        ctx, now = self.ctx, self.ctx.now
        cands = self.candidates(start_p)
        chosen: tuple[int, datetime, datetime] | None = None
        for idx, d in enumerate(cands):
            mark = ctx.save()
            s = self.at_date(start_p, d)
            e = self.end_of(s, end_p, dur)
            if e <= now or (
                # yesterday's occurrence only for a short window past midnight
                d < ctx.today and (now - s >= _UNDER_WAY_LOOKBACK or e - s > MAX_DURATION)
            ):
                ctx.restore(mark)
                continue
            chosen = (idx, s, e)
            break
        if chosen is None:  # pragma: no cover - the candidates always reach the future
            raise self.parser.fail(start_p.start, start_p.end)
        idx, s, e = chosen
        self.bare_hour_note(start_p)
        if s > now:
            return self.check(Window(s, e, False)), []
        if s == now:
            return self.check(Window(now, e, True)), []
        alts: list[Window] = []
        for d in cands[idx + 1 :]:
            mark = ctx.save()
            s2 = self.at_date(start_p, d)
            e2 = self.end_of(s2, end_p, dur)
            if s2 > now and limit_violation(s2, e2, now) is None:
                alts.append(Window(s2, e2, False))
                break
            ctx.restore(mark)
            if s2 > now:
                break
        primary = self.check(Window(now, e, True))
        if alts:
            a = alts[0]
            ctx.note(
                "note.under_way", window=ctx.rng(s, e), end=ctx.dt(e), alt=ctx.rng(a.start, a.end)
            )
        else:
            ctx.note("note.started", start=ctx.dt(s), end=ctx.dt(e))
        return primary, alts

    def finish_dated(
        self, s: datetime, e: datetime, start_p: _Point
    ) -> tuple[Window, list[Window]]:
        ctx, now = self.ctx, self.ctx.now
        if e <= s and start_p.kind != "now":
            raise self.error("end_before_start", s, e)
        if e <= now:
            raise self.error("past", s, e, start_p=start_p)
        self.bare_hour_note(start_p)
        if s <= now:
            if s < now and start_p.kind != "now":
                ctx.note("note.started", start=ctx.dt(s), end=ctx.dt(e))
            return self.check(Window(now, e, True)), []
        return self.check(Window(s, e, False)), []

    def bare_hour_note(self, p: _Point) -> None:
        c = p.clock
        if p.kind == "wall" and _is_bare(c, p.part) and c is not None and c.h < 12 and p.clock_span:
            part = self.ctx.when[p.clock_span[0] : p.clock_span[1]]
            # The advice keeps the minutes and names the right half of the day, in a form the
            # resolver reads as meant (`10:30pm`, 下午2点: never 晚上2点, which reads as 02:00).
            later = f"{c.h}:{c.m:02d}pm" if c.m else f"{c.h}pm"
            zh_part = "下午" if c.h < 6 else "晚上"
            zh_later = f"{zh_part}{c.h}点" + (f"{c.m}分" if c.m else "")
            zh = self.ctx.lang == "zh"
            self.ctx.note(
                "note.bare_hour",
                part=part,
                hhmm=f"{c.h:02d}:{c.m:02d}",
                later=zh_later if zh else later,
                half=zh_part if zh else "afternoon" if c.h < 6 else "evening",
            )

    def check(self, w: Window) -> Window:
        code = limit_violation(w.start, w.end, self.ctx.now)
        if code is not None:
            raise self.error(code, w.start, w.end, starts_now=w.starts_now)
        return w

    # -- errors ----------------------------------------------------------------------------

    def raise_no_end(self, start_p: _Point) -> None:
        ctx = self.ctx
        try:
            if start_p.dated:
                s = self.fixed_point(start_p)
            else:
                s = None
                for d in self.candidates(start_p):
                    mark = ctx.save()
                    s = self.at_date(start_p, d)
                    if s > ctx.now:
                        break
                    ctx.restore(mark)
            shown = ctx.dt(s) if s is not None else _quote(ctx.when)
        except ResolveError as exc:
            if exc.code == "unparseable":
                raise
            shown = _quote(ctx.when)
        when = ctx.when[start_p.start : start_p.end] if start_p.end > start_p.start else ctx.when
        if ctx.lang == "zh" and start_p.kind == "now":
            when = "现在开始"
        msg = messages.text(
            "no_end",
            ctx.lang,
            start=shown,
            zone=ctx.zname(),
            stream=self.stream_token,
            when=when,
        )
        self.bare_hour_note(start_p)
        if ctx.reading_notes:
            msg += " " + " ".join(ctx.reading_notes)
        raise ResolveError("no_end", msg, ctx.lang)

    def error(
        self,
        code: str,
        s: datetime,
        e: datetime,
        starts_now: bool = False,
        start_p: _Point | None = None,
    ) -> ResolveError:
        ctx = self.ctx
        lang = ctx.lang
        z = ctx.zname()
        if code == "end_before_start":
            msg = messages.text("end_before_start", lang, start=ctx.dt(s), end=ctx.dt(e), zone=z)
        elif code == "past":
            hint = ""
            if start_p is not None and start_p.date is not None and start_p.date.kind == "weekday":
                if start_p.date.mode == "this":
                    names = messages.WEEKDAY_NAMES["zh" if lang == "zh" else "en"]
                    day = names[start_p.date.a]
                    if lang == "zh":
                        day = day[1:]  # 周五 -> 五 in 这周五 / 下周五
                        hint = messages.text("past.this_weekday", lang, day="周" + day)
                    else:
                        hint = messages.text("past.this_weekday", lang, day=day.lower())
            msg = messages.text(
                "past", lang, window=ctx.rng(s, e), zone=z, now=ctx.dt(ctx.now), hint=hint
            )
        elif code == "too_long":
            msg = messages.text(
                "too_long",
                lang,
                dur=messages.fmt_duration(e - s),
                window=(
                    ("现在" if lang == "zh" else "now")
                    + (" 至 " if lang == "zh" else " to ")
                    + ctx.dt(e)
                )
                if starts_now
                else ctx.rng(s, e),
                zone=z,
                split=self.split(s, e, starts_now),
            )
        elif code == "too_far":
            msg = messages.text(
                "too_far_start",
                lang,
                start=ctx.dt(s),
                zone=z,
                limit=ctx.dt(ctx.now + MAX_BOOK_AHEAD),
                retry=ctx.dt(s - MAX_BOOK_AHEAD),
            )
        else:  # pragma: no cover
            msg = messages.text("internal", lang, when=_quote(ctx.when))
        if ctx.reading_notes:
            msg += " " + " ".join(ctx.reading_notes)
        return ResolveError(code, msg, lang)

    def split(self, s: datetime, e: datetime, starts_now: bool) -> str:
        """Consecutive commands of at most 72 h (recordbot's limit) covering s..e."""
        ctx = self.ctx
        parts: list[str] = []
        cur, first = s, True
        zone_suffix = ""
        if self.sp.zone_toks:
            t = self.sp.zone_toks[0]
            zone_suffix = " " + ctx.when[t.start : t.end]
        while cur < e and len(parts) < 8:
            chunk = min(MAX_WINDOW, e - cur)
            d = messages.fmt_duration(chunk)
            if first and starts_now:
                when = "现在开始录" + _zh_dur(chunk) if ctx.lang == "zh" else f"now for {d}"
            else:
                when = self.when_words(cur) + zone_suffix
                when = (
                    f"{when}开始录{_zh_dur(chunk)}" if ctx.lang == "zh" else f"from {when} for {d}"
                )
            parts.append(f"`/record {self.stream_token} {when}`")
            cur = _add_real(cur, chunk, ctx)
            first = False
        joiner = " 然后 " if ctx.lang == "zh" else " then "
        return joiner.join(parts)

    def when_words(self, dt: datetime) -> str:
        """A start as words the resolver reads back to the same instant."""
        ctx = self.ctx
        dt = ctx.local(dt)
        days = (dt.date() - ctx.today).days
        if ctx.lang == "zh":
            # 1-11 o'clock named as 凌晨 or 上午: a bare 9点 has two readings on a 12-hour clock
            half = "凌晨" if 1 <= dt.hour <= 5 else "上午" if 6 <= dt.hour <= 11 else ""
            clock = f"{half}{dt.hour}点" + (f"{dt.minute}分" if dt.minute else "")
            day = {0: "今天", 1: "明天", 2: "后天"}.get(days, f"{dt.month}月{dt.day}日")
            return day + clock
        h12 = dt.hour % 12 or 12
        mins = f":{dt.minute:02d}" if dt.minute else ""
        clock = f"{h12}{mins}{'am' if dt.hour < 12 else 'pm'}" if dt.hour else f"{dt:%H:%M}"
        if days == 0:  # dated, so the suggestion can't read as a window already under way
            return f"{clock} today"
        if days == 1:
            return f"{clock} tomorrow"
        return f"{dt:%Y-%m-%d} {clock}"


def _zh_dur(td: timedelta) -> str:
    total = int(td.total_seconds())
    h, rest = divmod(total, 3600)
    m = rest // 60
    out = f"{h}小时" if h else ""
    if m:
        out += f"{m}分钟"
    return out or "0分钟"
