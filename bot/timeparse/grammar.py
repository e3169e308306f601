"""Command text + now + zone -> stream and recording window (pure; no Slack, no Tencent, no I/O).

`resolve("livetest from 8pm for 3h", now, "Asia/Shanghai")` reads the first word as the stream
and the rest (English or Chinese) as the window, applying the time rules of DESIGN.md: times in
the user's zone unless a zone is typed, a bare time means its next occurrence, a window already
under way has two readings, an undated end before its start crosses midnight, and the API's
limits (24 h, 6/7 days ahead) are checked here so a refusal can say how to fix it.

How it works: normalise (NFKC, Traditional -> Simplified for the words we know, lower case),
split off the stream, tokenize with an ordered list of regular expressions (English and Chinese
share one token vocabulary), group tokens into time points and durations, match the few window
shapes, then compute the window in the zone the times were read in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from bot.errors import ResolveError
from bot.timeparse import messages
from bot.timeparse.lexicon import RULES
from bot.timeparse.normalise import (
    _CJK,
    _RECORD_PREFIX,
    _lower_same_length,
    _normalise,
    _quote,
)
from bot.timeparse.stream import StreamRef, _split_stream
from bot.timeparse.tokens import _CNN, _NUM_WORDS, _Clock, _cn_int, _Date, _Tok, _tokenize
from bot.timeparse.zones import (
    _ABBR,
    _AMBIGUOUS_ABBR,
    _ambiguous_abbr,
    load_zone,
    zone_name,
)
from bot.windows import MAX_DURATION, MAX_END_AHEAD, MAX_START_AHEAD, Window, window_violation

__all__ = ["StreamRef", "Resolution", "resolve", "load_zone", "parse_now", "zone_name", "MAX_TEXT"]


@dataclass(frozen=True)
class Resolution:
    """What a /record command resolved to."""

    stream: StreamRef
    window: Window
    alternatives: tuple[Window, ...] = ()
    zone: str = "UTC"  # the zone the times were read in, as shown to people
    lang: str = "en"  # "en" or "zh": the language replies should use
    notes: tuple[str, ...] = ()  # caveats worth showing (e.g. "CST read as China Standard Time")
    explain: tuple[tuple[str, str], ...] = field(default=())  # (words, what they meant)
    # A starts-now window whose end is a stated time (`until 6pm`, a window under way) keeps
    # that end at Confirm; False when the end is a length counted from now (`now for 2h`).
    fixed_end: bool = False


MAX_TEXT = 500  # characters; longer text is refused before any parsing
_UNDER_WAY_LOOKBACK = timedelta(hours=12)  # how far back yesterday's undated window may start


def resolve(text: str, now: datetime, tz: str | tzinfo) -> Resolution:
    """Resolve the slash command's text (a leading `/record` is ignored). Raises ResolveError.

    `now` may be naive (then it is wall time in `tz`). Nothing but ResolveError escapes, whatever
    the input.
    """
    try:
        return _resolve(text, now, tz)
    except ResolveError:
        raise
    except Exception:  # a bug must not become a stack trace in Slack; say what we could not read
        when = text if isinstance(text, str) else ""
        lang = "zh" if isinstance(text, str) and _CJK.search(text) else "en"
        raise ResolveError(
            "unparseable", messages.text("internal", lang, when=_quote(when)), lang
        ) from None


# ---------------------------------------------------------------------------------- parsing


@dataclass
class _Point:
    kind: str = "wall"  # wall | now | rel | abs
    date: _Date | None = None
    clock: _Clock | None = None
    part: str | None = None
    delta: timedelta = timedelta(0)
    at: datetime | None = None
    weekday_check: int | None = None
    start: int = 0
    end: int = 0
    # words that made the date/clock, for notes
    clock_span: tuple[int, int] | None = None
    date_span: tuple[int, int] | None = None

    def empty(self) -> bool:
        return self.kind == "wall" and not (self.date or self.clock or self.part)

    @property
    def dated(self) -> bool:
        if self.kind != "wall":
            return True
        return self.date is not None and not (
            self.date.kind == "weekday" and self.date.mode == "occ"
        )


@dataclass
class _Item:
    kind: str  # tp | dur | kw
    val: object
    start: int
    end: int


@dataclass
class _Spec:
    start: _Point | None = None
    end: _Point | None = None
    dur: timedelta | None = None
    dur_item: _Item | None = None
    zone_toks: list[_Tok] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)


_POINTISH = {"date", "clock", "num", "ord", "month", "weekday", "day", "part", "mod", "ampm"}


def _date_only(p: _Point) -> bool:
    return p.kind == "wall" and p.clock is None and (p.date is not None or p.part is not None)


class _Parser:
    """Tokens -> a window spec: a start point, an end point and/or a duration."""

    def __init__(self, when: str, toks: list[_Tok], lang: str) -> None:
        self.when = when
        self.lang = lang
        self.zone_toks = [t for t in toks if t.kind == "zone"]
        self.t = [t for t in toks if t.kind not in ("zone", "filler")]
        self.i = 0

    # -- errors ----------------------------------------------------------------------------

    def fail(self, start: int, end: int, key: str = "unparseable", **kw: object) -> ResolveError:
        part = _quote(self.when[start:end] or self.when)
        msg = messages.text(key, self.lang, part=part, when=_quote(self.when, 120), **kw)
        return ResolveError("unparseable", msg, self.lang)

    def check_tokens(self, toks: list[_Tok]) -> None:
        for idx, t in enumerate(toks):
            if t.kind == "unknown":
                end = t.end
                for u in toks[idx + 1 :]:
                    if u.kind != "unknown":
                        break
                    end = u.end
                start = t.start
                # quote the whole word the strange characters sit in
                while start > 0 and not self.when[start - 1].isspace():
                    start -= 1
                while end < len(self.when) and not self.when[end].isspace():
                    end += 1
                raise self.fail(start, end)
            if t.kind == "bad_clock":
                raise self.fail(t.start, t.end, "bad_clock")
            if t.kind == "bad_date":
                raise self.fail(t.start, t.end, "bad_date")
            if t.kind == "bad_zone":
                raise ResolveError(
                    "unparseable",
                    messages.text("bad_zone", self.lang, zone=_quote(self.when[t.start : t.end])),
                    self.lang,
                )

    # -- token helpers ---------------------------------------------------------------------

    def peek(self, k: int = 0) -> _Tok | None:
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def is_kw(self, tok: _Tok | None, *names: str) -> bool:
        return tok is not None and tok.kind == "kw" and tok.val in names

    # -- time points -----------------------------------------------------------------------

    def _num_clock(self, tok: _Tok) -> _Clock | None:
        raw = str(tok.val)
        if raw in _NUM_WORDS:
            v = int(_NUM_WORDS[raw])
            return _Clock(v) if 1 <= v <= 12 and raw not in ("a", "an") else None
        if re.fullmatch(_CNN, raw):
            v = _cn_int(raw)
            return _Clock(v, explicit=v > 12) if v <= 24 else None
        if "." in raw:
            hh, _, mm = raw.partition(".")
            if len(mm) == 2 and int(hh) <= 24 and int(mm) <= 59:
                h = int(hh)
                return _Clock(h, int(mm), explicit=h > 12 or hh.startswith("0"))
            return None
        v = int(raw)
        if len(raw) <= 2 and v <= 24:
            return _Clock(v, explicit=v > 12 or v == 0 or raw.startswith("0"))
        if len(raw) in (3, 4):
            h, mi = divmod(v, 100)
            if h <= 24 and mi <= 59 and not (h == 24 and mi):
                return _Clock(h, mi, explicit=len(raw) == 4)
        return None

    @staticmethod
    def _date_free(p: _Point) -> bool:
        """No date yet, or only a weekday that a full date may refine (`Friday, Nov 28`)."""
        return p.date is None or (p.date.kind == "weekday" and p.date.mode == "occ")

    @staticmethod
    def _set_date(p: _Point, d: _Date, start: int, end: int) -> None:
        if p.date is not None:  # a weekday typed next to a full date checks it
            p.weekday_check = p.date.a
        p.date, p.date_span = d, (start, end)

    def parse_point(self) -> _Point | None:
        p = _Point()
        first = self.peek()
        if first is None:
            return None
        p.start = p.end = first.start
        if first.kind == "now":
            self.i += 1
            p.kind, p.end = "now", first.end
            return p
        if first.kind == "abs":
            self.i += 1
            p.kind, p.at, p.end = "abs", first.val, first.end  # type: ignore[assignment]
            return p
        begin = self.i
        while (t := self.peek()) is not None:
            k = t.kind
            nxt = self.peek(1)
            if k == "day":
                off, part = t.val  # type: ignore[misc]
                if p.date is not None or (part and p.part and p.part != part):
                    break
                p.date, p.date_span = _Date("offset", off), (t.start, t.end)
                p.part = part or p.part
                self.i += 1
            elif k == "date":
                d: _Date = t.val  # type: ignore[assignment]
                if d.kind == "weekday":
                    if p.date is not None:
                        if (
                            d.mode == "occ"
                            and p.weekday_check is None
                            and p.date.kind in ("ymd", "md", "dom")
                        ):
                            p.weekday_check = d.a
                            self.i += 1
                            continue
                        break
                elif not self._date_free(p):
                    break
                self._set_date(p, d, t.start, t.end)
                self.i += 1
                self._maybe_year(p)
            elif k == "mod":
                if nxt is not None and nxt.kind == "weekday":
                    if p.date is not None:
                        break
                    wd = int(nxt.val)  # type: ignore[call-overload]
                    p.date = _Date("weekday", wd, mode=str(t.val))
                    p.date_span = (t.start, nxt.end)
                    self.i += 2
                elif t.val == "this" and nxt is not None and nxt.kind == "part" and p.date is None:
                    p.date, p.date_span = _Date("offset", 0), (t.start, t.end)
                    self.i += 1
                else:
                    break
            elif k == "weekday":
                wd = int(t.val)  # type: ignore[call-overload]
                if p.date is not None:
                    if p.weekday_check is None and p.date.kind in ("ymd", "md", "dom"):
                        p.weekday_check = wd
                        self.i += 1
                        continue
                    break
                p.date, p.date_span = _Date("weekday", wd, mode="occ"), (t.start, t.end)
                self.i += 1
            elif (
                k in ("month", "num", "ord")
                and nxt is not None
                and (
                    (k == "month" and nxt.kind in ("num", "ord"))
                    or (k in ("num", "ord") and nxt.kind == "month")
                )
            ):
                mon_tok, day_tok = (t, nxt) if k == "month" else (nxt, t)
                day = self._day_number(day_tok)
                if day is None or not self._date_free(p):
                    break
                self._set_date(p, _Date("md", int(mon_tok.val), day), t.start, nxt.end)  # type: ignore[call-overload]
                self.i += 2
                self._maybe_year(p)
            elif k == "ord":
                if not self._date_free(p):
                    break
                self._set_date(p, _Date("dom", int(t.val)), t.start, t.end)  # type: ignore[call-overload]
                self.i += 1
            elif k == "num":
                if p.clock is not None:
                    break
                c = self._num_clock(t)
                if c is None:
                    break
                p.clock, p.clock_span = c, (t.start, t.end)
                self.i += 1
                self._maybe_ampm(p)
            elif k == "clock":
                if p.clock is not None:
                    break
                p.clock, p.clock_span = t.val, (t.start, t.end)  # type: ignore[assignment]
                self.i += 1
                self._maybe_ampm(p)
            elif k == "part":
                if p.part is not None and p.part != t.val:
                    break
                p.part = str(t.val)
                self.i += 1
            else:
                break
        if self.i > begin:
            p.end = self.t[self.i - 1].end
        if p.empty():
            return None
        return p

    def _day_number(self, tok: _Tok) -> int | None:
        if tok.kind == "ord":
            return int(tok.val)  # type: ignore[arg-type]
        raw = str(tok.val)
        if not raw.isdigit() or len(raw) > 2:
            return None
        return int(raw)

    def _maybe_year(self, p: _Point) -> None:
        t = self.peek()
        if (
            t is not None
            and t.kind == "num"
            and p.date is not None
            and p.date.kind == "md"
            and re.fullmatch(r"(19|20|21)\d\d", str(t.val))
        ):
            p.date = _Date("ymd", int(str(t.val)), p.date.a, p.date.b, slash=p.date.slash)
            self.i += 1

    def _maybe_ampm(self, p: _Point) -> None:
        t = self.peek()
        if t is not None and t.kind == "ampm" and p.clock is not None and p.clock.meridiem is None:
            c = p.clock
            if not 0 <= c.h <= 12 or c.explicit and c.h > 12:
                raise self.fail(p.clock_span[0] if p.clock_span else t.start, t.end, "bad_clock")
            h = c.h
            if h == 0:
                h = 12
            p.clock = _Clock(h, c.m, c.s, meridiem=str(t.val))
            p.clock_span = (p.clock_span[0] if p.clock_span else t.start, t.end)
            self.i += 1

    # -- items -----------------------------------------------------------------------------

    def items(self) -> list[_Item]:
        out: list[_Item] = []
        while (t := self.peek()) is not None:
            if t.kind == "dur":
                d, start, end = self._durations()
                nxt = self.peek()
                prev_for = bool(out) and out[-1].kind == "kw" and out[-1].val in ("for", "next")
                if self.is_kw(nxt, "ago"):
                    self.i += 1
                    out.append(
                        _Item(
                            "tp", _Point("rel", delta=-d, start=start, end=nxt.end), start, nxt.end
                        )
                    )  # type: ignore[union-attr]
                elif self.is_kw(nxt, "after"):
                    self.i += 1
                    out.append(
                        _Item(
                            "tp", _Point("rel", delta=d, start=start, end=nxt.end), start, nxt.end
                        )
                    )  # type: ignore[union-attr]
                elif (
                    not prev_for
                    and self.is_kw(nxt, "from")
                    and (nn := self.peek(1)) is not None
                    and nn.kind == "now"
                ):
                    self.i += 2
                    out.append(
                        _Item("tp", _Point("rel", delta=d, start=start, end=nn.end), start, nn.end)
                    )
                else:
                    out.append(_Item("dur", d, start, end))
                continue
            if self.is_kw(t, "in") and (n1 := self.peek(1)) is not None and n1.kind == "dur":
                self.i += 1
                d, _, end = self._durations()
                out.append(
                    _Item("tp", _Point("rel", delta=d, start=t.start, end=end), t.start, end)
                )
                continue
            if (
                t.kind == "mod"
                and t.val == "next"
                and (n1 := self.peek(1)) is not None
                and n1.kind == "dur"
            ):
                self.i += 1
                out.append(_Item("kw", "next", t.start, t.end))
                continue
            if t.kind == "now" or t.kind == "abs" or t.kind in _POINTISH:
                before = self.i
                p = self.parse_point()
                if p is None or self.i == before:
                    raise self.fail(t.start, t.end)
                out.append(_Item("tp", p, p.start, p.end))
                continue
            if t.kind == "kw":
                self.i += 1
                out.append(_Item("kw", t.val, t.start, t.end))
                continue
            raise self.fail(t.start, t.end)
        return out

    def _durations(self) -> tuple[timedelta, int, int]:
        """Consecutive durations (`2 hours 30 minutes`, `2 hours and 30 minutes`) summed."""
        first = self.peek()
        assert first is not None
        total, start, end = timedelta(0), first.start, first.end
        while (t := self.peek()) is not None:
            if t.kind == "dur":
                total += t.val  # type: ignore[operator]
                end = t.end
                self.i += 1
            elif self.is_kw(t, "and") and (n1 := self.peek(1)) is not None and n1.kind == "dur":
                self.i += 1
            else:
                break
        return total, start, end

    # -- window shapes ---------------------------------------------------------------------

    def spec(self) -> _Spec:
        items = self.items()
        sp = _Spec(zone_toks=self.zone_toks, items=items)
        pos = 0

        def peek() -> _Item | None:
            return items[pos] if pos < len(items) else None

        def accept(*names: str) -> bool:
            nonlocal pos
            it = peek()
            if it is not None and it.kind == "kw" and it.val in names:
                pos += 1
                return True
            return False

        def take(kind: str) -> _Item | None:
            nonlocal pos
            it = peek()
            if it is not None and it.kind == kind:
                pos += 1
                return it
            return None

        def need_tp(after: _Item | None) -> _Point:
            it = take("tp")
            if it is None:
                bad = peek()
                if bad is not None:
                    raise self.fail(bad.start, bad.end)
                last = items[pos - 1] if pos > 0 else after
                raise self.fail(
                    last.start if last else 0,
                    last.end if last else len(self.when),
                    "missing_after",
                )
            return it.val  # type: ignore[return-value]

        def take_dur() -> bool:
            it = take("dur")
            if it is None:
                return False
            sp.dur, sp.dur_item = it.val, it  # type: ignore[assignment]
            return True

        def skip(*names: str) -> None:
            while accept(*names):
                pass

        if not items:
            return sp
        context: _Point | None = None
        if (
            len(items) >= 3
            and items[0].kind == "tp"
            and _date_only(items[0].val)  # type: ignore[arg-type]
            and items[1].kind == "kw"
            and items[1].val in ("from", "between")
        ):  # `tomorrow from 7 to 9pm`
            context = items[0].val  # type: ignore[assignment]
            pos = 1
        skip("from", "start")
        first = peek()
        if accept("between"):
            sp.start = need_tp(first)
            conj = peek()
            if not accept("and", "to"):
                if conj is None:
                    last = items[pos - 1]
                    raise self.fail(last.start, last.end, "missing_after")
                raise self.fail(conj.start, conj.end)
            sp.end = need_tp(conj)
        elif first is not None and (
            first.kind == "dur" or (first.kind == "kw" and first.val in ("for", "next"))
        ):
            skip("for", "start")
            if accept("to"):
                sp.end = need_tp(first)
            else:
                accept("next")
                if not take_dur():
                    bad = peek() or first
                    raise self.fail(bad.start, bad.end)
                if accept("start", "from"):
                    skip("start", "from")
                    sp.start = need_tp(first)
                    accept("start")
                elif (it := take("tp")) is not None:
                    sp.start = it.val  # type: ignore[assignment]
        elif accept("to"):
            sp.end = need_tp(first)
        elif first is not None and first.kind == "tp":
            sp.start = need_tp(first)
            skip("start", "for")
            if accept("to", "end", "and"):
                sp.end = need_tp(first)
            elif (
                (nx := peek()) is not None
                and nx.kind == "tp"
                and pos + 1 < len(items)
                and items[pos + 1].kind == "kw"
                and items[pos + 1].val == "end"
            ):  # 8点开始，11点结束
                sp.end = need_tp(first)
            else:
                take_dur()
        accept("end")
        accept("for")  # `8点开始录像`: a trailing 录 with nothing after it
        if (
            context is None
            and pos == len(items) - 1
            and items[pos].kind == "tp"
            and _date_only(items[pos].val)  # type: ignore[arg-type]
            and sp.start is not None
        ):  # `5pm for 2h on friday`
            context = items[pos].val  # type: ignore[assignment]
            pos += 1
        if context is not None:
            st = sp.start
            if st is None or st.kind != "wall" or st.date is not None or st.clock is None:
                raise self.fail(context.start, context.end)
            if context.part and st.part and context.part != st.part:
                raise self.fail(context.start, context.end)
            st.date, st.date_span = context.date, context.date_span
            st.part = st.part or context.part
            st.weekday_check = context.weekday_check
        if pos < len(items):
            bad = items[pos]
            tail = items[-1]
            if (
                (bad.kind == "dur" and sp.end is not None)
                or (bad.kind == "kw" and bad.val == "for")
                or (bad.kind == "kw" and bad.val == "to" and sp.dur is not None)
            ):
                raise self.fail(bad.start, tail.end, "end_and_duration")
            raise self.fail(bad.start, tail.end)
        return sp


# ------------------------------------------------------------------------------ computation


_READING_NOTES = {
    "note.dst_gap",
    "note.dst_fold",
    "note.month_day",
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
        elif d.kind == "weekday":
            monday = today - timedelta(days=today.weekday())
            week = {"this": 0, "next": 7, "next2": 14, "last": -7}[d.mode]
            got = monday + timedelta(days=week + d.a)
        else:  # pragma: no cover
            raise ValueError
    except (ValueError, OverflowError):
        raise parser.fail(span[0], span[1], "bad_date") from None
    if d.slash:
        ctx.note(
            "note.month_day",
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
            h, m, s, extra = _hms_days(*_clock24(cc, p.part))
            d = typed_start.date() + timedelta(days=extra)
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
            if s2 > now and window_violation(s2, e2, now) is None:
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
            self.ctx.note("note.bare_hour", part=part, hhmm=f"{c.h:02d}:{c.m:02d}", h=c.h)

    def check(self, w: Window) -> Window:
        code = window_violation(w.start, w.end, self.ctx.now)
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
            if s > ctx.now + MAX_START_AHEAD:
                retry = s - MAX_START_AHEAD
                msg = messages.text(
                    "too_far_start",
                    lang,
                    start=ctx.dt(s),
                    zone=z,
                    limit=ctx.dt(ctx.now + MAX_START_AHEAD),
                    retry=ctx.dt(retry),
                )
            else:
                msg = messages.text(
                    "too_far_end",
                    lang,
                    end=ctx.dt(e),
                    zone=z,
                    limit=ctx.dt(ctx.now + MAX_END_AHEAD),
                )
        else:  # pragma: no cover
            msg = messages.text("internal", lang, when=_quote(ctx.when))
        if ctx.reading_notes:
            msg += " " + " ".join(ctx.reading_notes)
        err = ResolveError(code, msg, lang)
        if code == "too_long":
            err.window = Window(s, e, starts_now)
        return err

    def split(self, s: datetime, e: datetime, starts_now: bool) -> str:
        """Consecutive commands of at most 24 h covering s..e."""
        ctx = self.ctx
        parts: list[str] = []
        cur, first = s, True
        zone_suffix = ""
        if self.sp.zone_toks:
            t = self.sp.zone_toks[0]
            zone_suffix = " " + ctx.when[t.start : t.end]
        while cur < e and len(parts) < 8:
            chunk = min(MAX_DURATION, e - cur)
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
            clock = f"{dt.hour}点" + (f"{dt.minute}分" if dt.minute else "")
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


# ---------------------------------------------------------------------------------- the API


def parse_now(value: str | datetime | None, zone: tzinfo) -> datetime | None:
    """ISO 8601 (an offset optional: without one it is wall time in `zone`) -> aware datetime,
    or None if it can't be read."""
    if value is None:
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        v = value.strip()
        if not v or len(v) > 64:
            return None
        if v[-1:] in "zZ":
            v = v[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(v)
        except ValueError:
            return None
    else:
        return None
    if dt.tzinfo is None or dt.utcoffset() is None:
        dt = dt.replace(tzinfo=zone)
    try:
        dt.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return dt


def _resolve(text: object, now: datetime, tz: str | tzinfo) -> Resolution:
    lang = "zh" if isinstance(text, str) and _CJK.search(text) else "en"
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ResolveError(
            "bad_input", messages.text("bad_text", lang, kind=type(text).__name__), lang
        )
    # the user's zone
    if isinstance(tz, tzinfo):
        user_zone: tzinfo | None = tz
    else:
        user_zone = load_zone(tz) if isinstance(tz, str) else None
    if user_zone is None:
        raise ResolveError("bad_input", messages.text("bad_zone", lang, zone=_quote(str(tz))), lang)
    user_zone_name = zone_name(user_zone)
    nowdt = parse_now(now, user_zone)
    if nowdt is None:
        raise ResolveError("bad_input", messages.text("bad_now", lang, now=_quote(str(now))), lang)
    nowdt = nowdt.replace(microsecond=0)

    if len(text) > MAX_TEXT * 4:
        raise ResolveError(
            "unparseable", messages.text("too_long_text", lang, n=len(text), limit=MAX_TEXT), lang
        )
    norm = _normalise(text)
    norm = _RECORD_PREFIX.sub("", norm, count=1)
    if len(norm) > MAX_TEXT:
        raise ResolveError(
            "unparseable", messages.text("too_long_text", lang, n=len(norm), limit=MAX_TEXT), lang
        )
    stream, stream_token, when_orig = _split_stream(norm, lang)
    when = _lower_same_length(when_orig)
    toks = _tokenize(when, RULES)
    parser = _Parser(when_orig, toks, lang)
    parser.check_tokens(toks)
    sp = parser.spec()

    # the zone the times are read in
    zone, zone_notes = _reading_zone(sp, parser, user_zone, user_zone_name, lang)
    ctx = _Ctx(zone, nowdt, lang, when_orig)
    for n in zone_notes:
        ctx.notes.append(n)
        ctx.reading_notes.append(n)
    comp = _Computer(sp, ctx, parser, stream_token)
    try:
        window, alts = comp.compute()
    except ResolveError as exc:
        if exc.window is not None:  # too_long: the use case may offer consecutive tasks
            exc.stream = stream
            exc.window = _out(exc.window, user_zone)
        raise
    out_zone = user_zone
    window = _out(window, out_zone)
    alts = [_out(a, out_zone) for a in alts]
    explain = _explain(stream_token, sp, window, ctx, parser)
    return Resolution(
        stream=stream,
        window=window,
        alternatives=tuple(alts),
        zone=zone_name(zone),
        lang=lang,
        notes=tuple(ctx.notes),
        explain=tuple(explain),
        fixed_end=comp.fixed_end,
    )


def _fixed_local(dt: datetime, zone: tzinfo) -> datetime:
    """dt in `zone`, carried by a fixed-offset tzinfo so that the two ends of a window subtract
    and compare in real time even across a DST change (one shared ZoneInfo would not)."""
    loc = dt.astimezone(zone)
    off = loc.utcoffset() or timedelta(0)
    return loc.replace(tzinfo=timezone(off, loc.tzname()))


def _out(w: Window, zone: tzinfo) -> Window:
    return Window(_fixed_local(w.start, zone), _fixed_local(w.end, zone), w.starts_now)


def _reading_zone(
    sp: _Spec, parser: _Parser, user_zone: tzinfo, user_zone_name: str, lang: str
) -> tuple[tzinfo, list[str]]:
    zone: tzinfo | None = None
    first_text = ""
    notes: list[str] = []
    for t in sp.zone_toks:
        kind, val = t.val  # type: ignore[misc]
        txt = parser.when[t.start : t.end]
        if kind == "tz":
            z = val
        elif kind == "iana":
            z = load_zone(val)
        else:
            abbr = str(val)
            if abbr in _AMBIGUOUS_ABBR:
                key, meaning = _ambiguous_abbr(abbr, user_zone_name, lang)
            else:
                key, meaning = _ABBR[abbr]
            z = load_zone(key)
            if abbr not in ("utc",):
                msg = messages.text("note.abbr", lang, abbr=txt, meaning=meaning, zone=key)
                if msg not in notes:
                    notes.append(msg)
        if z is None:  # pragma: no cover - every table entry is a real zone
            raise parser.fail(t.start, t.end)
        if zone is not None and zone_name(z) != zone_name(zone):
            raise ResolveError(
                "unparseable",
                messages.text("two_zones", lang, a=_quote(first_text), b=_quote(txt)),
                lang,
            )
        if zone is None:
            zone, first_text = z, txt
    return (zone or user_zone), notes


def _explain(
    stream_token: str, sp: _Spec, w: Window, ctx: _Ctx, parser: _Parser
) -> list[tuple[str, str]]:
    when = parser.when
    out: list[tuple[str, str]] = [(stream_token, "stream")]
    kw_meaning = {
        "from": "start follows",
        "to": "end follows",
        "between": "window follows",
        "and": "joins the two ends",
        "for": "length follows",
        "start": "marks the start",
        "end": "marks the end",
        "next": "from now",
        "in": "from now",
    }
    for it in sp.items:
        words = when[it.start : it.end]
        if it.kind == "tp":
            p: _Point = it.val  # type: ignore[assignment]
            role = "start" if p is sp.start else "end" if p is sp.end else "time"
            if p.kind == "now":
                meaning = f"{role}: now"
            elif p.kind == "rel":
                meaning = f"{role}: now {'+' if p.delta >= timedelta(0) else '-'} {messages.fmt_duration(abs(p.delta))}"
            else:
                bits = []
                if p.date is not None:
                    bits.append(_date_words(p.date))
                if p.part:
                    bits.append(p.part)
                if p.clock is not None:
                    c = p.clock
                    if c.special:
                        bits.append(c.special)
                    else:
                        bits.append(
                            f"{c.h}:{c.m:02d}{' ' + c.meridiem if c.meridiem else ''}"
                            + (" (24-hour)" if c.explicit else "")
                        )
                meaning = f"{role}: " + ", ".join(bits)
            out.append((words, meaning))
        elif it.kind == "dur":
            out.append((words, "length: " + messages.fmt_duration(it.val)))  # type: ignore[arg-type]
        else:
            out.append((words, kw_meaning.get(str(it.val), str(it.val))))
    for t in sp.zone_toks:
        out.append((when[t.start : t.end], f"zone: {ctx.zname()}"))
    start = "now" if w.starts_now else ctx.dt(w.start)
    out.append(
        (
            "(window)",
            f"{start} to {ctx.dt(w.end)} ({ctx.zname()}), {messages.fmt_duration(w.duration)}",
        )
    )
    return out


def _date_words(d: _Date) -> str:
    if d.kind == "offset":
        return {0: "today", 1: "tomorrow", -1: "yesterday"}.get(d.a, f"today {d.a:+d} days")
    if d.kind == "ymd":
        return f"{d.a:04d}-{d.b:02d}-{d.c:02d}"
    if d.kind == "md":
        mon = messages.MONTHS[d.a - 1] if 1 <= d.a <= 12 else str(d.a)
        return f"{mon} {d.b}"
    if d.kind == "dom":
        return f"day {d.a} of the month"
    names = messages.WEEKDAY_NAMES["en"]
    mode = {
        "occ": "next",
        "this": "this week's",
        "next": "next week's",
        "next2": "the week after next's",
        "last": "last week's",
    }[d.mode]
    return f"{mode} {names[d.a]}"
