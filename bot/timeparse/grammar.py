"""The grammar: tokens -> a window spec (a start point, an end point and/or a length), grouping
tokens into time points and durations and matching the few window shapes a command may take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.errors import ResolveError
from bot.timeparse import messages
from bot.timeparse.normalise import _CJK, _quote
from bot.timeparse.tokens import _CNN, _NUM_WORDS, _Clock, _cn_int, _Date, _Tok


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
    part_word: str | None = None  # the word that gave `part` (晚上 can mean two things)
    plus: bool = False  # `now + 30 minutes`: alone, it is the window from now

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


# Words that are pieces of phrases the resolver reads (`a couple of hours`): a refusal names
# the word around them that it could not read (`a few hours` names `few`).
_PHRASE_PIECES = frozenset(
    {"a", "an", "the", "of", "hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins",
     "day", "days", "week", "weeks", "second", "seconds", "half", "quarter"}
)  # fmt: skip

_POINTISH = {"date", "clock", "num", "ord", "month", "weekday", "day", "part", "mod", "ampm"}


def _date_only(p: _Point) -> bool:
    return p.kind == "wall" and p.clock is None and (p.date is not None or p.part is not None)


class _Parser:
    """Tokens -> a window spec: a start point, an end point and/or a duration."""

    def __init__(self, when: str, toks: list[_Tok], lang: str) -> None:
        self.when = when
        self.lang = lang
        self.zone_toks = [t for t in toks if t.kind == "zone"]
        self.overnight = [t for t in toks if t.kind == "overnight"]
        self.t = [t for t in toks if t.kind not in ("zone", "filler", "overnight")]
        self.i = 0
        self._settle_hclocks()

    def _settle_hclocks(self) -> None:
        """`16h`, `15h30`: a clock where a time goes (`from 16h`, `16h for 2h`, `9h30 - 11h`,
        `16h to 18:00`), else a length (`for 1h30`, `1h30`, `2h later`, `sun 3h`, `3h to 5pm`)."""
        ts = self.t

        def clock24(t: _Tok | None) -> bool:
            if t is None:
                return False
            if t.kind == "hdur":
                return t.val[1] is not None  # type: ignore[index]
            return t.kind == "clock" and t.val.meridiem is None and t.val.explicit  # type: ignore[union-attr]

        for j, t in enumerate(ts):
            if t.kind != "hdur":
                continue
            td, clock = t.val  # type: ignore[misc]
            prev = ts[j - 1] if j > 0 else None
            before = ts[j - 2] if j > 1 else None
            nxt = ts[j + 1] if j + 1 < len(ts) else None
            nn = ts[j + 2] if j + 2 < len(ts) else None
            as_length = (
                clock is None
                or (prev is not None and prev.kind == "dur")  # lengths in a row add up
                or self.is_kw(prev, "for", "next", "in", "plus")
                or self.is_kw(nxt, "ago", "after")
                or (self.is_kw(nxt, "from") and nn is not None and nn.kind == "now")
            )
            as_clock = not as_length and (
                self.is_kw(prev, "from", "between")
                or self.is_kw(nxt, "for")
                # 16h开始录2小时; not `3h starting 8pm` (a length, then the start)
                or (self.is_kw(nxt, "start") and (nn is None or nn.kind in ("kw", "dur")))
                or (self.is_kw(nxt, "to", "and") and clock24(nn))
                or (self.is_kw(prev, "to", "and") and clock24(before))
            )
            ts[j] = (
                _Tok("clock", clock, t.start, t.end)
                if as_clock
                else _Tok("dur", td, t.start, t.end)
            )

    # -- errors ----------------------------------------------------------------------------

    def fail(self, start: int, end: int, key: str = "unparseable", **kw: object) -> ResolveError:
        part = _quote(self.when[start:end] or self.when)
        msg = messages.text(key, self.lang, part=part, when=_quote(self.when, 120), **kw)
        return ResolveError("unparseable", msg, self.lang)

    def check_tokens(self, toks: list[_Tok]) -> None:
        for idx, t in enumerate(toks):
            if t.kind == "unknown":
                start, end = self._unknown_word(toks, idx)
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

    def _unknown_word(self, toks: list[_Tok], idx: int) -> tuple[int, int]:
        """The one word a refusal names: in a run of words none could read (`a few hours`), the
        first that is not a piece of a phrase the resolver knows (`few`); a Latin word stops at
        Chinese characters (`今晚8点录3小时xyz` names `xyz`), Chinese characters nobody could
        read are named as the run they make."""
        when = self.when
        run = [idx]
        for j in range(idx + 1, len(toks)):
            if toks[j].kind != "unknown":
                break
            run.append(j)
        if _CJK.match(when, toks[idx].start):  # a run of adjacent unknown Chinese characters
            end = toks[idx].end
            for j in run[1:]:
                if toks[j].start != end or not _CJK.match(when, toks[j].start):
                    break
                end = toks[j].end
            return toks[idx].start, end
        pick = next(
            (j for j in run if when[toks[j].start : toks[j].end].lower() not in _PHRASE_PIECES),
            idx,
        )
        start, end = toks[pick].start, toks[pick].end
        # the whole Latin word the strange characters sit in, not into Chinese text around it
        while start > 0 and not when[start - 1].isspace() and not _CJK.match(when, start - 1):
            start -= 1
        while end < len(when) and not when[end].isspace() and not _CJK.match(when, end):
            end += 1
        return start, end

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
                p.part_word = self.when[t.start : t.end]
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

    def _rel(self, delta: timedelta, start: int, end: int) -> _Item:
        """A time relative to now; whole days followed by a time of day are a date and that
        time (`in 3 days at 5pm`, `3天后晚上8点`)."""
        t = self.peek()
        days, rest = divmod(delta, timedelta(days=1))
        if days >= 1 and not rest and t is not None and t.kind in ("clock", "num", "part"):
            mark = self.i
            p = self.parse_point()
            if p is not None and p.date is None and p.clock is not None:
                p.date, p.date_span = _Date("offset", int(days)), (start, end)
                p.start = start
                return _Item("tp", p, start, p.end)
            self.i = mark
        return _Item("tp", _Point("rel", delta=delta, start=start, end=end), start, end)

    def items(self) -> list[_Item]:
        out: list[_Item] = []
        while (t := self.peek()) is not None:
            if (
                t.kind == "now"
                and self.is_kw(self.peek(1), "plus")
                and (n2 := self.peek(2)) is not None
                and n2.kind == "dur"
            ):  # now + 30 minutes
                self.i += 2
                d, _, end = self._durations()
                p = _Point("rel", delta=d, start=t.start, end=end, plus=True)
                out.append(_Item("tp", p, t.start, end))
                continue
            if t.kind == "allday":
                self.i += 1
                out.append(_Item("kw", "allday", t.start, t.end))
                continue
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
                    out.append(self._rel(d, start, nxt.end))  # type: ignore[union-attr]
                elif (
                    not prev_for
                    and self.is_kw(nxt, "from")
                    and (nn := self.peek(1)) is not None
                    and (
                        nn.kind == "now"
                        or (
                            nn.kind == "day"
                            and nn.val == (0, None)
                            and d >= timedelta(days=1)
                            and not d % timedelta(days=1)
                        )
                    )
                ):  # 2 hours from now, 3 days from today (not `90 minutes from today 11:30`)
                    self.i += 2
                    out.append(self._rel(d, start, nn.end))
                else:
                    out.append(_Item("dur", d, start, end))
                continue
            if self.is_kw(t, "in") and (n1 := self.peek(1)) is not None and n1.kind == "dur":
                self.i += 1
                d, _, end = self._durations()
                out.append(self._rel(d, t.start, end))
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

    def _whole_days(self, items: list[_Item]) -> list[_Item] | None:
        """`all day saturday`, `all weekend`, `周六全天`, `this weekend` alone: from the day's
        00:00 to the next day's (a weekend: Saturday 00:00 to Monday 00:00). None if the
        command is not of that shape."""
        marks = [it for it in items if it.kind == "kw" and it.val == "allday"]
        rest = [it for it in items if it not in marks]
        if len(rest) > 1 or (rest and (rest[0].kind != "tp" or not _date_only(rest[0].val))):  # type: ignore[arg-type]
            if marks:
                bad = next(
                    (it for it in rest if it.kind != "tp" or not _date_only(it.val)), marks[0]
                )  # type: ignore[arg-type]
                raise self.fail(bad.start, bad.end)
            return None
        day: _Point | None = rest[0].val if rest else None  # type: ignore[assignment]
        if not marks and (day is None or day.date is None or day.date.kind != "weekend"):
            return None
        if day is not None and day.part is not None:
            raise self.fail(day.start, day.end)
        a, b = (day.start, day.end) if day is not None else (marks[0].start, marks[0].end)
        d = day.date if day is not None and day.date is not None else _Date("offset", 0)
        span = day.date_span if day is not None else None
        midnight = _Clock(0, 0, explicit=True)
        if d.kind == "weekend":
            after = {"this": "next", "next": "next2", "last": "this"}.get(d.mode, "next")
            start = _Point(date=_Date("weekday", 5, mode=d.mode), clock=midnight, start=a, end=b)
            end = _Point(date=_Date("weekday", 0, mode=after), clock=midnight, start=a, end=b)
        else:  # the end: the first 00:00 after the start
            start = _Point(date=d, clock=midnight, start=a, end=b)
            end = _Point(clock=midnight, start=a, end=b)
        start.date_span = end.date_span = span
        lo = min(it.start for it in items)
        hi = max(it.end for it in items)
        return [_Item("tp", start, lo, hi), _Item("kw", "to", hi, hi), _Item("tp", end, hi, hi)]

    def spec(self) -> _Spec:
        items = self.items()
        if not items and self.overnight:
            t = self.overnight[0]
            raise self.fail(t.start, t.end, "overnight")
        whole = self._whole_days(items)
        if whole is not None:
            items = whole
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
        st = sp.start
        if st is not None and st.plus and sp.end is None and sp.dur is None:
            # `now + 30 minutes` alone: from now, for 30 minutes
            sp.dur, sp.start = st.delta, _Point("now", start=st.start, end=st.start)
        elif (
            st is not None
            and _date_only(st)
            and st.part is None
            and sp.end is None
            and sp.dur is not None
            and sp.dur >= timedelta(days=1)
            and not sp.dur % timedelta(days=1)
        ):  # `明天录一整天`, `tomorrow for a day`: from the day's 00:00
            st.clock = _Clock(0, 0, explicit=True)
        if pos < len(items):
            bad = items[pos]
            tail = items[-1]
            if (
                (bad.kind == "dur" and sp.end is not None)
                or (bad.kind == "kw" and bad.val == "for")
                or (bad.kind == "kw" and bad.val == "to" and sp.dur is not None)
            ):
                raise self.fail(bad.start, tail.end, "end_and_duration")
            raise self.fail(bad.start, bad.end)  # the words left over, not the rest of the text
        return sp
