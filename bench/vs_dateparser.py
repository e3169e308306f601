"""recordbot's time resolver next to dateparser, on the resolver's hand-worked corpus.

    .venv/bin/python bench/vs_dateparser.py [--corpus PATH] [--repeats N] [--show-cases]

Needs the bench extra (`pip install -e '.[bench]'`, which `make bench` installs); without
dateparser it says so and exits 2.

The corpus is the case table of tests/timeparse/test_timeparse_corpus.py (read with `ast`, not imported,
so pytest is not needed): each case has its own `now`, zone, text and either the exact window or
the error code recordbot must refuse with. Every expectation there was worked out by hand.

How each engine is judged, on the cases that expect a window:
- recordbot: `bot.timeparse.resolve(text, now, tz)`. Right when BOTH ends of the window match;
  refused when it raises ResolveError; silently wrong when it returns another window.
- dateparser: it has no notion of a window, a stream or a length, so it gets the text without
  the stream name, and only the START is compared: right when the first date it finds is the
  expected start instant, refused when it finds nothing (or raises), silently wrong when it
  returns another instant. Comparing the start alone, and ignoring the end, favours dateparser.

Which dateparser call is the fairest? `dateparser.search.search_dates(text, languages=...,
settings=...)`: our texts are commands with words around the time ("from 8pm for 3h"), which
`dateparser.parse` refuses whole. The settings are the ones its documentation suggests for this
job: `TIMEZONE` (the user's zone), `RETURN_AS_TIMEZONE_AWARE`, `RELATIVE_BASE` (the case's now)
and `PREFER_DATES_FROM: 'future'`. `RELATIVE_BASE` can be given three ways (aware; naive wall
time in the zone; naive UTC) and dateparser reads each differently, and the languages can be
hinted (`['en', 'zh']`, the corpus's two) or detected. Rather than pick one, the script runs every
combination of call x base x languages, prints them all, and reports the best-scoring one as
"dateparser" in the main tables: a second choice in dateparser's favour.

The cases that expect a refusal (past, too far, no stream, ...) are reported apart: recordbot
must refuse them with the right code; dateparser cannot refuse for our reasons, so the table
only counts how often it returned an instant anyway (a caller would need its own checks).

Timing: one warm-up pass per engine, then each case `--repeats` times (default 3); the time per
case is its fastest run, and the tables give the median and p99 over cases.
"""

from __future__ import annotations

import argparse
import ast
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from importlib import metadata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.errors import ResolveError  # noqa: E402
from bot.timeparse import resolve  # noqa: E402

try:
    import dateparser
    from dateparser.search import search_dates
except ImportError:  # pragma: no cover - depends on the environment
    dateparser = None  # type: ignore[assignment]

# Chinese (CJK ideographs, CJK punctuation, full-width forms) vs everything else (English).
_ZH = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# The stream token as recordbot reads it: first word, or the ASCII run before Chinese text.
_STREAM = re.compile(r"^\s*(?:/record\s+)?[A-Za-z0-9_.\-/]+(?=[\s\u3400-\u9fff]|$)\s*", re.I)

RIGHT, REFUSED, WRONG = "right", "refused", "silently wrong"


# ------------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Case:
    text: str
    now: datetime
    tz: str
    expect: str  # "window" or the error code ("past", ...)
    start: datetime | None = None
    end: datetime | None = None

    @property
    def lang(self) -> str:
        return "Chinese" if _ZH.search(self.text) else "English"

    @property
    def when(self) -> str:
        """The text without `/record` and the stream name: all dateparser should see."""
        return _STREAM.sub("", self.text, count=1)


def find_corpus() -> Path:
    """tests/timeparse/test_timeparse_corpus.py (or `--corpus PATH`)."""
    default = ROOT / "tests" / "timeparse" / "test_timeparse_corpus.py"
    if not default.is_file():
        raise SystemExit(f"corpus not found at {default}: pass --corpus PATH")
    return default


def load_blocks(path: Path) -> list[tuple[str, str, list[tuple[Any, ...]]]]:
    """BLOCKS from the corpus file, evaluated as literals (the zone names are module constants)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, object] = {}
    blocks: ast.expr | None = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
                for t, v in zip(target.elts, value.elts, strict=False):
                    if isinstance(t, ast.Name) and isinstance(v, ast.Constant):
                        names[t.id] = v.value
            elif isinstance(target, ast.Name):
                if isinstance(value, ast.Constant):
                    names[target.id] = value.value
                elif target.id == "BLOCKS":
                    blocks = value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == "BLOCKS":
                blocks = node.value
    if blocks is None:
        raise SystemExit(f"{path}: no BLOCKS table found")

    class Inline(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            return ast.copy_location(ast.Constant(names[node.id]), node)

    return ast.literal_eval(Inline().visit(blocks))


def _wall(value: str, now: datetime, zone: tzinfo) -> datetime:
    """The corpus's notation: "now", "MM-DD HH:MM", "YYYY-MM-DD HH:MM" or ISO with offset."""
    if value == "now":
        return now
    if "T" in value:
        return datetime.fromisoformat(value)
    if len(value.split(" ")[0]) == 5:
        value = f"{now.year}-{value}"
    return datetime.fromisoformat(value).replace(tzinfo=zone)


def load_cases(path: Path) -> list[Case]:
    cases = []
    for now_s, tz, rows in load_blocks(path):
        zone = ZoneInfo(tz)
        now = datetime.fromisoformat(now_s).replace(tzinfo=zone)
        for row in rows:
            text, first = row[0], row[1]
            if first.startswith("!"):
                cases.append(Case(text, now, tz, first[1:]))
            else:
                start, end = _wall(first, now, zone), _wall(row[2], now, zone)
                cases.append(Case(text, now, tz, "window", start, end))
    return cases


# ------------------------------------------------------------------------------- the engines


@dataclass
class Outcome:
    verdict: str  # RIGHT / REFUSED / WRONG
    got: str  # what came back, for --show-cases
    raised: bool = False  # refused by raising an exception (not by returning nothing)


@dataclass
class Engine:
    name: str
    run: Callable[[Case], Any]  # returns whatever the engine returns (raising is allowed)
    judge: Callable[[Case, Any], Outcome]
    config: tuple[str, str, list[str] | None] | None = None  # dateparser's (call, base, langs)
    outcomes: list[Outcome] = field(default_factory=list)
    times_ms: list[float] = field(default_factory=list)


def recordbot_run(case: Case) -> Any:
    return resolve(case.text, case.now, case.tz)


def recordbot_judge(case: Case, result: Any) -> Outcome:
    if isinstance(result, ResolveError):
        return Outcome(REFUSED, f"!{result.code}")
    if isinstance(result, Exception):  # resolve promises never to raise anything else
        return Outcome(REFUSED, f"raised {type(result).__name__}", raised=True)
    w = result.window
    got = f"{w.start.isoformat()} .. {w.end.isoformat()}"
    ok = case.expect == "window" and (w.start, w.end) == (case.start, case.end)
    return Outcome(RIGHT if ok else WRONG, got)


def dateparser_settings(case: Case, base: str) -> dict[str, Any]:
    if base == "aware":
        rel = case.now
    elif base == "naive wall":
        rel = case.now.replace(tzinfo=None)
    else:  # "naive UTC"
        rel = case.now.astimezone(UTC).replace(tzinfo=None)
    return {
        "TIMEZONE": case.tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "RELATIVE_BASE": rel,
        "PREFER_DATES_FROM": "future",
    }


def dateparser_engine(call: str, base: str, langs: list[str] | None) -> Engine:
    name = f"dateparser.{call}, base {base}, languages {'+'.join(langs) if langs else 'detected'}"

    def run(case: Case) -> Any:
        settings = dateparser_settings(case, base)
        if call == "search_dates":
            found = search_dates(case.when, languages=langs, settings=settings)
            return found[0][1] if found else None
        return dateparser.parse(case.when, languages=langs, settings=settings)

    def judge(case: Case, result: Any) -> Outcome:
        if isinstance(result, Exception):
            return Outcome(REFUSED, f"raised {type(result).__name__}", raised=True)
        if result is None:
            return Outcome(REFUSED, "nothing")
        if result.tzinfo is None:
            result = result.replace(tzinfo=ZoneInfo(case.tz))
        ok = case.expect == "window" and result == case.start
        return Outcome(RIGHT if ok else WRONG, result.isoformat())

    return Engine(name, run, judge, (call, base, langs))


def call_once(engine: Engine, case: Case) -> tuple[Any, float]:
    t0 = time.perf_counter()
    try:
        result = engine.run(case)
    except Exception as exc:  # noqa: BLE001 - an engine's exception is an outcome
        result = exc
    return result, (time.perf_counter() - t0) * 1000


def measure(engine: Engine, cases: list[Case], repeats: int, timed: bool) -> Engine:
    """Warm up on every case once (that pass gives the verdicts), then time `repeats` runs."""
    engine.outcomes, engine.times_ms = [], []
    for case in cases:
        result, _ = call_once(engine, case)
        engine.outcomes.append(engine.judge(case, result))
    if timed:
        for case in cases:
            engine.times_ms.append(min(call_once(engine, case)[1] for _ in range(repeats)))
    return engine


# ------------------------------------------------------------------------------- reporting


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    out = {RIGHT: 0, REFUSED: 0, WRONG: 0, "raised": 0}
    for o in outcomes:
        out[o.verdict] += 1
        out["raised"] += o.raised
    return out


def share(n: int, total: int) -> str:
    return f"{n:>4} ({100 * n / total:5.1f}%)" if total else f"{n:>4}"


def width(text: str) -> int:
    """Columns on a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(rows: list[list[str]], header: list[str]) -> str:
    """First column left-aligned, the others right-aligned."""
    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = []
        for i, (cell, w) in enumerate(zip(row, widths, strict=True)):
            pad = " " * (w - width(cell))
            cells.append(cell + pad if i == 0 else pad + cell)
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def score_rows(label: str, outs: list[Outcome], times: list[float] | None) -> list[str]:
    c, n = counts(outs), len(outs)
    row = [label, str(n), share(c[RIGHT], n), share(c[REFUSED], n), share(c[WRONG], n)]
    if times is not None:
        row += [f"{statistics.median(times):.3f}", f"{pct(times, 99):.3f}"]
    return row


SCORE_HEADER = ["engine", "cases", "right", "refused", "silently wrong"]
TIME_HEADER = ["median ms", "p99 ms"]


def examples(show: Callable[[str], None]) -> None:
    """Texts dateparser is known to misread, with the installed version's actual answers."""
    show("\nExamples (dateparser with languages detected, RELATIVE_BASE = now as naive wall time)")
    rows = []
    for text, tz, now in (
        ("明日の午後8時", "Asia/Tokyo", "2026-11-26 10:00"),
        ("morgen um 20 Uhr", "Europe/Berlin", "2026-11-26 10:00"),
        ("12月3日 19:30", "Asia/Shanghai", "2026-11-26 10:00"),
        ("明天晚上8点", "Asia/Shanghai", "2026-11-26 10:00"),
    ):
        zone = ZoneInfo(tz)
        case = Case(text, datetime.fromisoformat(now).replace(tzinfo=zone), tz, "window")
        settings = dateparser_settings(case, "naive wall")
        try:
            parsed = dateparser.parse(text, settings=settings)
            p = parsed.strftime("%Y-%m-%d %H:%M") if parsed else "None"
        except Exception as exc:  # noqa: BLE001
            p = f"raised {type(exc).__name__}"
        try:
            found = search_dates(text, settings=settings)
            s = ", ".join(f"{t!r}->{d:%Y-%m-%d %H:%M}" for t, d in found) if found else "None"
        except Exception as exc:  # noqa: BLE001
            s = f"raised {type(exc).__name__}"
        try:
            res = resolve(f"livetest {text}", case.now, tz)
            r = f"{res.window.start:%Y-%m-%d %H:%M}"
        except ResolveError as exc:
            r = f"!{exc.code}"
        rows.append([text, f"{tz} {now}", p, s, r])
    show(table(rows, ["text", "now", "parse", "search_dates", "recordbot (livetest TEXT)"]))
    show(
        "recordbot needs a length or an end, so `!no_end` is its answer to a bare start "
        "(the card asks for one); `!unparseable` means it does not read that language."
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=None, help="the corpus file (default: found)")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs per case (default 3)")
    ap.add_argument("--show-cases", action="store_true", help="print every case's outcomes")
    args = ap.parse_args(argv)
    if dateparser is None:
        print(
            "dateparser is not installed. Install the bench extra first:\n"
            "    pip install -e '.[bench]'      (or: make bench)",
            file=sys.stderr,
        )
        return 2

    path = args.corpus or find_corpus()
    cases = load_cases(path)
    windows = [c for c in cases if c.expect == "window"]
    refusals = [c for c in cases if c.expect != "window"]
    try:
        version = metadata.version("recordbot")
    except metadata.PackageNotFoundError:
        version = "unknown"
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        version += f" (commit {commit})"
    except (OSError, subprocess.SubprocessError):
        pass
    print(
        f"{date.today().isoformat()}  Python {platform.python_version()}  recordbot {version}  "
        f"dateparser {dateparser.__version__}  {platform.machine()}, {os.cpu_count()} cores"
    )
    print(
        f"corpus {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(cases)} "
        f"cases, {len(windows)} expect a window ({sum(c.lang == 'English' for c in windows)} "
        f"English, {sum(c.lang == 'Chinese' for c in windows)} Chinese), "
        f"{len(refusals)} expect a refusal"
    )

    # every dateparser configuration, verdicts only
    configs = [
        dateparser_engine(call, base, langs)
        for call in ("search_dates", "parse")
        for base in ("naive wall", "naive UTC", "aware")
        for langs in (["en", "zh"], None)
    ]
    passes: list[float] = []
    for eng in configs:
        t0 = time.perf_counter()
        measure(eng, windows, 1, timed=False)
        passes.append(time.perf_counter() - t0)
    print("\ndateparser configurations on the cases that expect a window (start only):")
    print(
        table(
            [
                [*score_rows(e.name, e.outcomes, None), f"{sec:.1f}"]
                for e, sec in zip(configs, passes, strict=True)
            ],
            [*SCORE_HEADER, "one pass, s"],
        )
    )
    best = max(configs, key=lambda e: (counts(e.outcomes)[RIGHT], -counts(e.outcomes)[WRONG]))
    print(f"best: {best.name}; called 'dateparser' below.")

    rb = measure(Engine("recordbot", recordbot_run, recordbot_judge), windows, args.repeats, True)
    dp = measure(dateparser_engine(*best.config), windows, args.repeats, True)
    dp.name = "dateparser (start only)"
    rb.name = "recordbot (whole window)"

    print(f"\nCases that expect a window ({len(windows)}), per engine:")
    print(
        table(
            [score_rows(e.name, e.outcomes, e.times_ms) for e in (rb, dp)],
            SCORE_HEADER + TIME_HEADER,
        )
    )
    raised = sorted({o.got for o in (*dp.outcomes, *rb.outcomes) if o.raised})
    if raised:
        n = sum(o.raised for o in dp.outcomes)
        print(f"(dateparser {', '.join(raised)} on {n} of its refusals, counted as refused)")

    print("\nBy language:")
    rows = []
    for lang in ("English", "Chinese"):
        idx = [i for i, c in enumerate(windows) if c.lang == lang]
        for e in (rb, dp):
            rows.append(
                score_rows(
                    f"{lang:<8} {e.name}",
                    [e.outcomes[i] for i in idx],
                    [e.times_ms[i] for i in idx],
                )
            )
    print(table(rows, SCORE_HEADER + TIME_HEADER))

    # where the expected start is a stated time (not "now"): dateparser's home ground
    stated = [i for i, c in enumerate(windows) if c.start != c.now]
    print(f"\nOnly the cases whose start is a stated time, not now ({len(stated)}):")
    print(
        table(
            [score_rows(e.name, [e.outcomes[i] for i in stated], None) for e in (rb, dp)],
            SCORE_HEADER,
        )
    )

    # the refusals
    rbr = Engine("recordbot", recordbot_run, recordbot_judge)
    rbr = measure(rbr, refusals, 1, timed=False)
    dpr = measure(dateparser_engine(*best.config), refusals, 1, timed=False)
    right_code = sum(o.got == f"!{c.expect}" for o, c in zip(rbr.outcomes, refusals, strict=True))
    other_code = sum(
        o.verdict == REFUSED and o.got != f"!{c.expect}"
        for o, c in zip(rbr.outcomes, refusals, strict=True)
    )
    accepted = sum(o.verdict != REFUSED for o in rbr.outcomes)
    dp_instant = sum(o.verdict != REFUSED for o in dpr.outcomes)
    print(f"\nCases that expect a refusal ({len(refusals)}: past, too far, no stream, ...):")
    print(
        table(
            [
                ["recordbot: refused with the expected code", share(right_code, len(refusals))],
                ["recordbot: refused with another code", share(other_code, len(refusals))],
                ["recordbot: returned a window", share(accepted, len(refusals))],
                ["dateparser: returned an instant anyway", share(dp_instant, len(refusals))],
            ],
            ["", "cases"],
        )
    )

    if args.show_cases:
        print("\nEvery case (recordbot | dateparser):")
        for c, a, b in zip(windows, rb.outcomes, dp.outcomes, strict=True):
            print(
                f"{c.tz}@{c.now:%m-%d %H:%M} {c.text!r}: expected {c.start:%m-%d %H:%M}; "
                f"recordbot {a.verdict} ({a.got}) | dateparser {b.verdict} ({b.got})"
            )

    examples(print)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
