"""Property tests for the resolver: it raises nothing but ResolveError, every window it accepts
obeys recordbot's limits (at most 72 h, starting at most 366 days ahead) and plans into Live tasks
of at most 24 h, and it is deterministic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.errors import ResolveError
from bot.timeparse import _resolve, resolve
from bot.windows import MAX_DURATION, MAX_WINDOW, limit_violation, plan

from vocab import VOCAB

ZONES = [
    "UTC",
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/St_Johns",  # -03:30 with DST
    "Asia/Kathmandu",  # +05:45
]


NOWS = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2098, 12, 31), allow_imaginary=False
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))
TZS = st.sampled_from(ZONES)
GRAMMARISH = st.lists(st.sampled_from(VOCAB), min_size=0, max_size=9).map(
    lambda words: "livetest " + " ".join(words)
)
ANY_TEXT = st.one_of(
    st.text(max_size=80), GRAMMARISH, st.text(alphabet="0123456789:-/.apm ", max_size=20)
)


def _aware(now: datetime, tz: str) -> datetime:
    return now.replace(tzinfo=ZoneInfo(tz))


def _check_accepted(res, now: datetime) -> None:  # type: ignore[no-untyped-def]
    now_s = now.astimezone(UTC).replace(microsecond=0)
    for w in (res.window, *res.alternatives):
        assert limit_violation(w.start, w.end, now) is None, (w, now)
        assert w.start.microsecond == 0 and w.end.microsecond == 0
        assert w.start >= now - timedelta(seconds=1)
        assert w.end - w.start <= MAX_WINDOW
        parts = plan(w, now)
        assert parts[0].start == w.start and parts[-1].end == w.end
        for a, b in zip(parts, parts[1:], strict=False):
            assert a.end == b.start
        for p in parts:
            assert p.end - p.start <= MAX_DURATION
            assert p.create_at is None or p.create_at > now
        assert w.start.utcoffset() is not None
        if w.starts_now:
            assert w.start == now_s
    for a in res.alternatives:
        assert not a.starts_now and a.start > now
    if res.repeat is not None:  # a series: the window is its first occurrence, not yet begun
        occ = res.repeat.occurrences(3)
        assert occ and (occ[0].start, occ[0].end) == (res.window.start, res.window.end)
        assert not res.window.starts_now and res.window.start > now
        assert all(o.end - o.start <= MAX_DURATION for o in occ)
    assert res.lang in ("en", "zh")
    assert isinstance(res.zone, str) and res.zone


SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(ANY_TEXT, NOWS, TZS)
@example("livetest 8pm to 11:30pm", datetime(2026, 11, 26, 21, 7), "Asia/Shanghai")
@example("livetest tomorrow 2:30am for 1h", datetime(2026, 3, 7, 22, 0), "America/New_York")
@example("livetest 9999-12-31 23:00 for 2h", datetime(2098, 12, 31, 23, 0), "UTC")
@example("livetest for 99999999999 hours", datetime(2026, 1, 1), "UTC")
@example("livetest 99999999999 minutes ago", datetime(2026, 1, 1), "UTC")
@example("livetest 0001-01-01 00:00 for 1h", datetime(2026, 1, 1), "Asia/Shanghai")
def test_only_resolve_errors_and_accepted_windows_obey_the_rules(
    text: str, now: datetime, tz: str
) -> None:
    ref = _aware(now, tz)
    try:
        res = _resolve(text, ref, tz)  # the strict core: no safety net hiding bugs
    except ResolveError as exc:
        assert exc.code in ResolveError.CODES and exc.message
        assert exc.lang in ("en", "zh")
        return
    _check_accepted(res, ref)


@SETTINGS
@given(ANY_TEXT, NOWS, TZS)
def test_resolving_is_deterministic(text: str, now: datetime, tz: str) -> None:
    ref = _aware(now, tz)

    def once():  # type: ignore[no-untyped-def]
        try:
            return resolve(text, ref, tz)
        except ResolveError as exc:
            return (exc.code, exc.message, exc.lang)

    assert once() == once()


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1000, max_size=12000))
def test_huge_text_is_refused_quickly(text: str) -> None:
    try:
        resolve("livetest " + text, datetime(2026, 11, 26, 18, 30, tzinfo=UTC), "UTC")
    except ResolveError:
        pass


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text()), st.text()),
    st.one_of(st.none(), st.text(max_size=30), st.sampled_from(ZONES)),
)
def test_junk_arguments_raise_only_resolve_errors(text: object, tz: object) -> None:
    try:
        resolve(text, datetime(2026, 11, 26, 18, 30, tzinfo=UTC), tz)  # type: ignore[arg-type]
    except ResolveError:
        pass


@settings(max_examples=300, deadline=None)
@given(NOWS, TZS, st.integers(min_value=1, max_value=24 * 60))
def test_now_for_a_duration_starts_now_and_lasts_exactly(
    now: datetime, tz: str, minutes: int
) -> None:
    ref = _aware(now, tz)
    res = resolve(f"livetest now for {minutes} minutes", ref, tz)
    assert res.window.starts_now
    # compare instants: `==` across zones is False for a wall time in a DST gap (PEP 495)
    assert res.window.start.timestamp() == ref.replace(microsecond=0).timestamp()
    assert res.window.end.timestamp() - res.window.start.timestamp() == minutes * 60
    assert not res.alternatives and res.fixed_end is False


@settings(max_examples=300, deadline=None)
@given(NOWS, TZS, st.integers(0, 23), st.integers(0, 59), st.integers(1, 12 * 60))
def test_a_bare_time_is_the_next_occurrence_or_under_way(
    now: datetime, tz: str, hour: int, minute: int, minutes: int
) -> None:
    ref = _aware(now, tz)
    text = f"livetest from {hour:02d}:{minute:02d} for {minutes} minutes"
    try:
        res = resolve(text, ref, tz, clock12=False)  # the 24-hour clock: read as written
    except ResolveError as exc:  # only if a DST gap swallowed the whole window
        assert exc.code == "end_before_start"
        return
    w = res.window
    if w.starts_now:
        # under way: the other reading is the next occurrence, in the future
        assert all(a.start > ref for a in res.alternatives)
    else:
        assert ref < w.start <= ref + timedelta(days=1, hours=2)
        zone = ZoneInfo(tz)
        local = w.start.astimezone(zone)
        typed = datetime(local.year, local.month, local.day, hour, minute)
        exists = (
            typed.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
            == typed
        )
        # the wall time typed, unless it does not exist that day (a DST gap moves it forward)
        assert (local.hour, local.minute) == (hour, minute) or not exists


REPEATS = st.sampled_from(
    ["every day", "daily", "every weekday", "weekends", "every other tuesday", "every mon and thu",
     "每天", "每个工作日", "每周一三五", "每两周的周二", "每個工作日"]
)  # fmt: skip
TAILS = st.sampled_from(
    ["", " until dec 22", " for 3 weeks", " starting next monday", " 4 times", "，到12月22日为止"]
)


@settings(max_examples=400, deadline=None)
@given(REPEATS, st.integers(0, 23), st.integers(0, 59), st.integers(1, 24 * 60), NOWS, TZS, TAILS)
def test_a_repeating_schedule_keeps_its_wall_clock_time(
    rep: str, hour: int, minute: int, minutes: int, now: datetime, tz: str, tail: str
) -> None:
    ref = _aware(now, tz)
    text = f"livetest {rep} {hour:02d}:{minute:02d} for {minutes} minutes{tail}"
    try:
        res = _resolve(text, ref, tz)
    except ResolveError as exc:  # `until dec 22` already past, or the first one too far
        assert exc.code in ("past", "too_far"), (text, exc.message)
        return
    _check_accepted(res, ref)
    rec = res.repeat
    assert rec is not None
    occ = rec.occurrences(8)
    starts = [o.start for o in occ]
    assert starts == sorted(set(starts)) and starts[0] > ref
    zone = ZoneInfo(tz)
    for o in occ:
        assert o.end - o.start == timedelta(minutes=minutes)
        local = o.start.astimezone(zone)
        typed = datetime(local.year, local.month, local.day, hour, minute)
        exists = (
            typed.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
            == typed
        )
        # the series' wall-clock time every time, unless a DST gap skips it that day
        assert (local.hour, local.minute) == (hour, minute) or not exists, (text, o, tz)
    if rec.until is not None:
        assert all(o.start <= rec.until for o in occ)


@settings(max_examples=300, deadline=None)
@given(NOWS, TZS, st.integers(0, 23), st.integers(0, 59), st.integers(1, 11 * 60))
def test_on_the_12_hour_clock_a_bare_hour_offers_both_halves_of_the_day(
    now: datetime, tz: str, hour: int, minute: int, minutes: int
) -> None:
    """`from 10:30` on the 12-hour clock is 10:30 or 22:30: every reading is one of the two, and
    both are offered (`from 08:30`, `from 22:30`: written unmistakably, one reading)."""
    ref = _aware(now, tz)
    text = f"livetest from {hour:02d}:{minute:02d} for {minutes} minutes"
    try:
        res = resolve(text, ref, tz, clock12=True)
    except ResolveError as exc:
        assert exc.code == "end_before_start"
        return
    _check_accepted(res, ref)
    zone = ZoneInfo(tz)
    starts = [w.start.astimezone(zone) for w in (res.window, *res.alternatives) if not w.starts_now]
    if any("clocks jump forward" in n for n in res.notes):
        return  # a DST gap moved a start: the wall times are not the typed ones
    assert all((s.hour % 12, s.minute) == (hour % 12, minute) for s in starts), starts
    bare = 1 <= hour <= 11 and not f"{hour:02d}".startswith("0")
    if bare:
        assert {s.hour for s in starts} == {hour, hour + 12}, (starts, res.notes)
    else:
        assert all(s.hour == hour for s in starts), starts
