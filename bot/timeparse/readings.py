"""Two readings, never one silent guess. Where a careful person would ask "which one?", the window
is computed once per reading and both are offered, the likelier first (docs/time-rules.md):

- `tomorrow` (明天, 聽日) typed after midnight, before 05:00, may mean the coming day: at 00:30,
  `tmrw 7pm` is first today 19:00, then tomorrow's (the coming-day reading is kept only if it
  starts ahead);
- 晚上 with 1-5 o'clock: the small hours (晚上2点 = 02:00, first for 1-3) or the afternoon
  (14:00; first for 4-5), every such time in the command read the same way;
- a bare hour 1-11 on the 12-hour clock (custom.py): the afternoon/evening first for 1-7, the
  morning first for 8-11 and for a range crossing noon (`9-5`); an undated one whose first
  reading falls only tomorrow while the other still comes today takes today's first (`at 9`
  typed at 8pm is 21:00);
- `3/12` where neither the locale nor the zone says the order: month/day first, then day/month;
- `this weekend` with a time: Saturday first, then Sunday.

A reading that breaks a rule (past, too far, ...) is dropped; when every reading does, the first
one's refusal is raised. The other readings go in `alternatives` (each as its first window that
starts ahead), after the first reading's own under-way alternative, with a note each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.errors import ResolveError
from bot.timeparse import messages
from bot.timeparse.compute import _Computer, _Ctx, _is_bare
from bot.timeparse.custom import Custom
from bot.timeparse.grammar import _Item, _Parser, _Point, _Spec
from bot.timeparse.tokens import _Clock, _Date
from bot.windows import Window

_AFTER_MIDNIGHT_UNTIL = 5  # hour: `tomorrow` typed before this may mean the coming day
# Chinese words for the evening that people also use for the small hours (晚上2点 = 02:00).
_EVENING_BOTH = frozenset({"晚上", "晚间", "夜晚", "晚"})

_Transform = Callable[[_Spec], _Spec]


@dataclass(frozen=True)
class _Axis:
    name: str  # tomorrow | evening | ampm | order | weekend
    first: _Transform
    other: _Transform
    words: str  # what was typed, read two ways (for the note)
    optional_first: bool = False  # the first reading is kept only if it starts ahead
    swap_by_day: bool = False  # ampm on an undated start: today's reading before tomorrow's


@dataclass
class _Outcome:
    spec: _Spec
    choices: tuple[bool, ...]  # per axis: True = its other reading
    optional: bool
    ctx: _Ctx | None = None
    comp: _Computer | None = None
    window: Window | None = None
    alts: list[Window] = field(default_factory=list)
    error: ResolveError | None = None


@dataclass
class Readings:
    """The result: the first reading's window and context, and every other reading."""

    window: Window
    alternatives: list[Window]
    ctx: _Ctx
    comp: _Computer
    spec: _Spec


def _identity(sp: _Spec) -> _Spec:
    return sp


def _map_points(sp: _Spec, f: Callable[[_Point], _Point], start_only: bool = False) -> _Spec:
    """A copy of `sp` with f applied to its start and end (and the items naming them)."""
    new: dict[int, _Point] = {}
    for p in (sp.start,) if start_only else (sp.start, sp.end):
        if p is not None and id(p) not in new:
            new[id(p)] = f(p)
    items = [
        _Item(it.kind, new[id(it.val)], it.start, it.end)
        if it.kind == "tp" and id(it.val) in new
        else it
        for it in sp.items
    ]
    return replace(
        sp,
        start=new.get(id(sp.start), sp.start),
        end=new.get(id(sp.end), sp.end),
        items=items,
    )


def _compose(fs: list[_Transform]) -> _Transform:
    def run(sp: _Spec) -> _Spec:
        for f in fs:
            sp = f(sp)
        return sp

    return run


# -- the axes ------------------------------------------------------------------------------


def _words(parser: _Parser, span: tuple[int, int] | None, p: _Point) -> str:
    a, b = span or (p.start, p.end)
    return parser.when[a:b]


def _tomorrow_axis(sp: _Spec, ctx: _Ctx, parser: _Parser) -> _Axis | None:
    def is_tomorrow(p: _Point | None) -> bool:
        return (
            p is not None
            and p.kind == "wall"
            and p.date is not None
            and p.date.kind == "offset"
            and p.date.a == 1
        )

    if ctx.local(ctx.now).hour >= _AFTER_MIDNIGHT_UNTIL:
        return None
    pts = [p for p in (sp.start, sp.end) if is_tomorrow(p)]
    if not pts:
        return None

    def coming(p: _Point) -> _Point:
        return replace(p, date=_Date("offset", 0)) if is_tomorrow(p) else p

    return _Axis(
        "tomorrow",
        lambda s: _map_points(s, coming),
        _identity,
        _words(parser, pts[0].date_span, pts[0]),
        optional_first=True,
    )


def _evening_axis(sp: _Spec, parser: _Parser) -> tuple[_Transform, _Axis | None]:
    """晚上 with 1-5 o'clock. An ambiguous start gives two readings (every such time in the
    command read the same way); an ambiguous end alone is the first such time after the start
    (`晚上11点到晚上1点` ends at 01:00, `下午3点到晚上5点` at 17:00): one reading."""

    def both(p: _Point | None) -> bool:
        c = p.clock if p is not None else None
        return (
            p is not None
            and c is not None
            and p.kind == "wall"
            and p.part == "evening"
            and p.part_word in _EVENING_BOTH
            and c.meridiem is None
            and c.special is None
            and 1 <= c.h <= 5
            and not (c.explicit and c.h > 12)
        )

    start, end = sp.start, sp.end
    if not both(start):
        if both(end):
            return lambda s: replace(s, end=replace(s.end, part=None, part_word=None)), None
        return _identity, None
    assert start is not None and start.clock is not None

    def as_part(part: str) -> _Transform:
        return lambda s: _map_points(s, lambda p: replace(p, part=part) if both(p) else p)

    night, afternoon = as_part("night"), as_part("afternoon")
    words = parser.when[start.start : start.end]
    if start.clock.h <= 3:
        return _identity, _Axis("evening", night, afternoon, words)
    return _identity, _Axis("evening", afternoon, night, words)


def _carries(e: _Point | None) -> bool:
    """An end whose am/pm or part of day carries to a bare start (`8-11pm`)."""
    return (
        e is not None
        and e.kind == "wall"
        and e.clock is not None
        and (e.clock.meridiem is not None or e.part is not None or e.clock.special is not None)
    )


def _ampm_axis(sp: _Spec, parser: _Parser, custom: Custom) -> _Axis | None:
    s, e = sp.start, sp.end
    if not custom.clock12 or s is None or s.kind != "wall" or s.clock is None:
        return None
    c = s.clock
    if not _is_bare(c, s.part) or not 1 <= c.h <= 11 or _carries(e):
        return None

    def at(h: int) -> _Transform:
        clock = _Clock(h, c.m, c.s, explicit=True)
        return lambda sp_: _map_points(sp_, lambda p: replace(p, clock=clock), start_only=True)

    noon_crossing = (
        e is not None
        and e.kind == "wall"
        and e.clock is not None
        and _is_bare(e.clock, e.part)
        and e.clock.h % 12 < c.h
    )
    am, pm = at(c.h), at(c.h + 12)
    words = _words(parser, s.clock_span, s)
    swap = not noon_crossing and s.date is None
    if noon_crossing or c.h >= 8:
        return _Axis("ampm", am, pm, words, swap_by_day=swap)
    return _Axis("ampm", pm, am, words, swap_by_day=swap)


def _order_axis(sp: _Spec, parser: _Parser, custom: Custom) -> tuple[_Transform, _Axis | None]:
    """`3/12`: month/day or day/month. Returns the transform to apply always (a known order)
    and the axis (unknown order)."""

    def ambiguous(p: _Point | None) -> bool:
        return p is not None and p.date is not None and p.date.slash

    pts = [p for p in (sp.start, sp.end) if ambiguous(p)]
    if not pts:
        return _identity, None

    def swapped(p: _Point) -> _Point:
        d = p.date
        if not ambiguous(p) or d is None:
            return p
        if d.kind == "ymd":
            return replace(p, date=_Date("ymd", d.a, d.c, d.b, slash=True, order="dm"))
        return replace(p, date=_Date("md", d.b, d.a, slash=True, order="dm"))

    def kept(p: _Point) -> _Point:
        d = p.date
        if not ambiguous(p) or d is None:
            return p
        return replace(p, date=replace(d, order="md"))

    def as_dm(s: _Spec) -> _Spec:
        return _map_points(s, swapped)

    def as_md(s: _Spec) -> _Spec:
        return _map_points(s, kept)

    if custom.order == "dm":
        return as_dm, None
    if custom.order == "md":
        return as_md, None
    words = _words(parser, pts[0].date_span, pts[0])
    return _identity, _Axis("order", _identity, as_dm, words)


def _weekend_axis(sp: _Spec, parser: _Parser) -> _Axis | None:
    def weekend(p: _Point | None) -> bool:
        return p is not None and p.date is not None and p.date.kind == "weekend"

    pts = [p for p in (sp.start, sp.end) if weekend(p)]
    if not pts:
        return None

    def on(wd: int) -> _Transform:
        def f(p: _Point) -> _Point:
            if not weekend(p) or p.date is None:
                return p
            return replace(p, date=_Date("weekday", wd, mode=p.date.mode or "occ"))

        return lambda s: _map_points(s, f)

    return _Axis("weekend", on(5), on(6), _words(parser, pts[0].date_span, pts[0]))


# -- running them --------------------------------------------------------------------------


def compute_readings(
    sp: _Spec,
    parser: _Parser,
    make_ctx: Callable[[], _Ctx],
    stream_token: str,
    custom: Custom,
) -> Readings:
    probe = make_ctx()
    always, order = _order_axis(sp, parser, custom)
    sp = always(sp)
    always, evening = _evening_axis(sp, parser)
    sp = always(sp)
    axes = [
        a
        for a in (
            _tomorrow_axis(sp, probe, parser),
            evening,
            _ampm_axis(sp, parser, custom),
            order,
            _weekend_axis(sp, parser),
        )
        if a is not None
    ]
    if not axes:  # one reading: the common case, computed once
        comp = _Computer(sp, probe, parser, stream_token)
        window, alts = comp.compute()
        return Readings(window, alts, probe, comp, sp)

    variants: list[tuple[bool, ...]] = [tuple(False for _ in axes)]
    for i in range(len(axes)):
        variants.append(tuple(j == i for j in range(len(axes))))
    outcomes: list[_Outcome] = []
    for choices in variants:
        fs = [a.other if flip else a.first for a, flip in zip(axes, choices, strict=True)]
        vsp = _compose(fs)(sp)
        optional = any(a.optional_first and not flip for a, flip in zip(axes, choices, strict=True))
        out = _Outcome(vsp, choices, optional)
        ctx = probe if not outcomes else make_ctx()
        out.ctx = ctx
        try:
            comp = _Computer(vsp, ctx, parser, stream_token)
            out.window, out.alts = comp.compute()
            out.comp = comp
        except ResolveError as exc:
            out.error = exc
        outcomes.append(out)

    now = probe.now
    order_idx = list(range(len(outcomes)))
    for i, a in enumerate(axes):
        if not a.swap_by_day:
            continue
        first, other = outcomes[0], outcomes[i + 1]
        if first.window is None or other.window is None:
            continue
        d_first = probe.local_date(first.window.start)
        d_other = probe.local_date(other.window.start)
        if d_first > d_other and d_other == probe.today:
            order_idx[0], order_idx[i + 1] = order_idx[i + 1], order_idx[0]

    def valid(o: _Outcome) -> bool:
        if o.window is None:
            return False
        return not o.optional or (not o.window.starts_now and o.window.start > now)

    ordered = [outcomes[k] for k in order_idx]
    good = [o for o in ordered if valid(o)]
    if not good:
        errors = [o.error for o in ordered if o.error is not None and not o.optional]
        errors = errors or [o.error for o in ordered if o.error is not None]
        assert errors
        raise errors[0]
    main = good[0]
    assert main.window is not None and main.ctx is not None and main.comp is not None
    alts = list(main.alts)
    seen = {(main.window.start, main.window.end), *((a.start, a.end) for a in alts)}
    for o in good[1:]:
        assert o.window is not None
        cand = next((w for w in (o.window, *o.alts) if not w.starts_now and w.start > now), None)
        if cand is None or (cand.start, cand.end) in seen:
            continue
        seen.add((cand.start, cand.end))
        alts.append(cand)
        axis = next(a for a, x, y in zip(axes, main.choices, o.choices, strict=True) if x != y)
        main.ctx.note(
            f"note.two.{axis.name}",
            part=axis.words,
            first=_shown(main.ctx, main.window),
            other=main.ctx.rng(cand.start, cand.end),
        )
    return Readings(main.window, alts, main.ctx, main.comp, main.spec)


def _shown(ctx: _Ctx, w: Window) -> str:
    if w.starts_now:
        return messages.text("from_now_until", ctx.lang, end=ctx.dt(w.end))
    return ctx.rng(w.start, w.end)
