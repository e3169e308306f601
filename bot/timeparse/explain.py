"""The `--explain` output: each stretch of the command's words and what it was read as."""

from __future__ import annotations

from datetime import timedelta

from bot.timeparse import messages
from bot.timeparse.compute import _Ctx
from bot.timeparse.grammar import _Parser, _Point, _Spec
from bot.timeparse.tokens import _Date
from bot.windows import Window


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
    if d.kind == "mdom":
        return f"day {d.b} of the month {d.a:+d} months from now"
    if d.kind == "nth":
        return f"weekday {messages.WEEKDAY_NAMES['en'][d.a]} number {d.b} after today"
    if d.kind == "nextday":
        return "the next day"
    if d.kind == "weekend":
        return "the weekend"
    names = messages.WEEKDAY_NAMES["en"]
    mode = {
        "occ": "next",
        "this": "this week's",
        "next": "next week's",
        "next2": "the week after next's",
        "last": "last week's",
    }[d.mode]
    return f"{mode} {names[d.a]}"
