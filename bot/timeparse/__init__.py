"""The time resolver: command text + now + zone -> stream and recording window (pure; no Slack,
no Tencent, no I/O).

`resolve("livetest from 8pm for 3h", now, "Asia/Shanghai")` reads the first word as the stream
and the rest (English or Chinese) as the window, applying the time rules of docs/time-rules.md:
times in the user's zone unless a zone is typed, a bare time means its next occurrence, a window
already under way has two readings, an undated end before its start crosses midnight, and the
API's limits (24 h, 6/7 days ahead) are checked here so a refusal can say how to fix it.

How it works: normalise.py (NFKC, Traditional -> Simplified for the words we know; lower case),
stream.py splits off the stream, tokens.py tokenizes with the ordered regular expressions of
lexicon/ (English and Chinese share one token vocabulary), grammar.py groups tokens into time
points and durations and matches the few window shapes, compute.py computes the window in the
zone the times were read in (zones.py), explain.py says what each word meant; messages.py holds
the texts people see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from bot import i18n
from bot.errors import ResolveError
from bot.timeparse import messages, repeat
from bot.timeparse.compute import _Computer, _Ctx
from bot.timeparse.custom import custom_for
from bot.timeparse.explain import _explain
from bot.timeparse.grammar import _Parser, _Spec
from bot.timeparse.lexicon import RULES
from bot.timeparse.normalise import _CJK, _RECORD_PREFIX, _lower_same_length, _normalise, _quote
from bot.timeparse.readings import compute_readings
from bot.timeparse.stream import StreamRef, _split_stream, redact
from bot.timeparse.tokens import _tokenize
from bot.timeparse.zones import _ABBR, _AMBIGUOUS_ABBR, _ambiguous_abbr, load_zone, zone_name
from bot.windows import Window

if TYPE_CHECKING:
    from bot.recurrence import Recurrence

__all__ = [
    "StreamRef",
    "Resolution",
    "resolve",
    "redact",
    "load_zone",
    "parse_now",
    "zone_name",
    "MAX_TEXT",
]


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
    # A repeating command (`every weekday 7pm for 1h`): the series; `window` is its first
    # occurrence not yet begun. None for a one-off window.
    repeat: Recurrence | None = None


MAX_TEXT = 500  # characters; longer text is refused before any parsing


def resolve(
    text: str,
    now: datetime,
    tz: str | tzinfo,
    *,
    clock12: bool | None = None,
    locale: str | None = None,
) -> Resolution:
    """Resolve the slash command's text (a leading `/record` is ignored). Raises ResolveError.

    `now` may be naive (then it is wall time in `tz`). `clock12`: whether the person writes the
    12-hour clock (then a bare `at 7` has two readings, 19:00 and 07:00); None decides from
    `locale`, else from the custom of the zone (custom.py). `locale` (Slack's, e.g. `en-GB`)
    also says whether `3/12` is day/month or month/day; when neither it nor the zone says, both
    readings are offered. Nothing but ResolveError escapes, whatever the input.
    """
    try:
        script = i18n.script_of(text) if isinstance(text, str) else None
        if script is None:
            return _resolve(text, now, tz, clock12, locale)
        # Chinese replies in the script typed; characters both scripts share keep the language
        # already chosen (from the person's Slack locale) when it is Chinese.
        with i18n.using(script if script != "zh" else messages.chinese()):
            return _resolve(text, now, tz, clock12, locale)
    except ResolveError:
        raise
    except Exception:  # a bug must not become a stack trace in Slack; say what we could not read
        when = redact(text) if isinstance(text, str) else ""
        lang = "zh" if isinstance(text, str) and _CJK.search(text) else "en"
        with i18n.using(i18n.lang_of_text(text) if lang == "zh" else i18n.current()):
            message = messages.text("internal", lang, when=_quote(when))
        raise ResolveError("unparseable", message, lang) from None


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


def _resolve(
    text: object,
    now: datetime,
    tz: str | tzinfo,
    clock12: bool | None = None,
    locale: str | None = None,
) -> Resolution:
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
    # A repeating schedule: its words are read as a rule and blanked (offsets kept), and the
    # rest is read as one occurrence.
    rep = repeat.find(when)
    if rep is not None:
        rep_text, when = when, rep.blank(when)
    negative = _NEGATIVE_LENGTH.search(when)
    if negative:  # `for -1h` is a slip, not a range: say the length must be positive
        raise ResolveError(
            "unparseable",
            messages.text(
                "negative_length",
                lang,
                part=_quote(when_orig[negative.start(1) : negative.end()]),
                fixed=_quote(when_orig[negative.start(2) : negative.end()]),
            ),
            lang,
        )
    toks = _tokenize(when, RULES)
    parser = _Parser(when_orig, toks, lang)
    parser.check_tokens(toks)
    sp = parser.spec()

    # the zone the times are read in
    zone, zone_notes = _reading_zone(sp, parser, user_zone, user_zone_name, lang, nowdt.year)
    custom = custom_for(user_zone_name, locale, clock12)

    def make_ctx() -> _Ctx:
        ctx = _Ctx(zone, nowdt, lang, when_orig)
        for n in zone_notes:
            ctx.notes.append(n)
            ctx.reading_notes.append(n)
        return ctx

    if rep is not None:  # a series: its first occurrence, and the rule
        ctx = make_ctx()
        comp = _Computer(sp, ctx, parser, stream_token)
        first, series = repeat.series(rep, sp, comp, rep_text, when_orig, stream_token)
        window = _out(first, user_zone)
        explain = _explain(stream_token, sp, window, ctx, parser)
        explain[1:1] = [
            (when_orig[a:b], f"{role}: {series.rule}" if role == "repeats" else role)
            for (a, b), role in rep.words
        ]
        return Resolution(
            stream=stream,
            window=window,
            zone=zone_name(zone),
            lang=lang,
            notes=tuple(ctx.notes),
            explain=tuple(explain),
            fixed_end=True,
            repeat=series,
        )
    got = compute_readings(sp, parser, make_ctx, stream_token, custom)
    ctx = got.ctx
    out_zone = user_zone
    window = _out(got.window, out_zone)
    alts = [_out(a, out_zone) for a in got.alternatives]
    explain = _explain(stream_token, got.spec, window, ctx, parser)
    return Resolution(
        stream=stream,
        window=window,
        alternatives=tuple(alts),
        zone=zone_name(zone),
        lang=lang,
        notes=tuple(ctx.notes),
        explain=tuple(explain),
        fixed_end=got.comp.fixed_end,
    )


# `for -1h`, `录-2小时`: a length with a minus sign.
_NEGATIVE_LENGTH = re.compile(
    r"(?:\bfor|录|錄)\s*(-)\s*(\d+(?:\.\d+)?\s*(?:hours?|hrs?|h|minutes?|mins?|m|小时|小時|分钟|分鐘))"
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
    sp: _Spec, parser: _Parser, user_zone: tzinfo, user_zone_name: str, lang: str, year: int
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
            # a calendar's `(UTC-05:00) Eastern Time`: an offset the named zone keeps is that
            # zone (the named one, which knows its DST)
            if _offset_of(zone, z, year):
                zone, first_text = z, txt
                continue
            if _offset_of(z, zone, year):
                continue
            raise ResolveError(
                "unparseable",
                messages.text("two_zones", lang, a=_quote(first_text), b=_quote(txt)),
                lang,
            )
        if zone is None:
            zone, first_text = z, txt
    return (zone or user_zone), notes


def _offset_of(fixed: tzinfo, named: tzinfo, year: int) -> bool:
    """True if `fixed` is a fixed offset that `named` (an IANA zone) uses in `year`."""
    if not isinstance(fixed, timezone) or isinstance(named, timezone):
        return False
    off = fixed.utcoffset(None)
    return any(
        datetime(year, month, 1, 12, tzinfo=named).utcoffset() == off for month in (1, 4, 7, 10)
    )
