"""recordbot's resolver on its hand-worked corpus, by category: how many cases each kind has and
how they came out (right, refused where a window was meant, a wrong window, a wrong refusal).

    .venv/bin/python bench/corpus.py

The corpus is tests/timeparse/test_timeparse_corpus.py: BLOCKS (grouped by reference moment; the
comment heading each block names it) and KINDS (issue 11's categories, named in their first
field). Every expectation there was worked out by hand; `make test` fails on any miss, so this
script is for the figures: where the cases are, and that a miss would be a refusal, not a wrong
window. Exit 1 when any case is not right.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "timeparse")]

import test_timeparse_corpus as corpus  # noqa: E402

from bot.errors import ResolveError  # noqa: E402
from bot.timeparse import resolve  # noqa: E402

HEADER = re.compile(r"^    # -+ (.+)$")


def block_titles() -> list[str]:
    """The comment heading each BLOCKS entry, in order (read from the source)."""
    titles, current = [], "?"
    lines = Path(corpus.__file__).read_text().splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("KINDS"))
    for line in lines[:end]:
        found = HEADER.match(line)
        if found:
            current = found.group(1).strip()
        elif line == "    (":
            titles.append(current)
    return titles


def judge(text: str, expected: tuple, now: datetime, tz: str, opts: dict) -> str:
    zone = ZoneInfo(tz)
    try:
        res = resolve(text, now, tz, **opts)
    except ResolveError as exc:
        if expected[0].startswith("!"):
            return "right" if exc.code == expected[0][1:] else "other refusal"
        return "refused"
    if expected[0].startswith("!"):
        return "wrong window"  # a window where a refusal was meant
    start, end = corpus._wall(expected[0], now, zone), corpus._wall(expected[1], now, zone)
    return "right" if (res.window.start, res.window.end) == (start, end) else "wrong window"


def main() -> int:
    results: dict[str, Counter[str]] = defaultdict(Counter)
    titles = block_titles()
    assert len(titles) == len(corpus.BLOCKS), (len(titles), len(corpus.BLOCKS))
    groups = [
        (title, now, tz, {}, cases)
        for title, (now, tz, cases) in zip(titles, corpus.BLOCKS, strict=True)
    ] + [(f"issue 11 {kind}", now, tz, opts, cases) for kind, now, tz, opts, cases in corpus.KINDS]
    for title, now_s, tz, opts, cases in groups:
        now = datetime.fromisoformat(now_s).replace(tzinfo=ZoneInfo(tz))
        for case in cases:
            results[title][judge(case[0], case[1:], now, tz, opts)] += 1
    total: Counter[str] = Counter()
    width = max(len(t) for t in results)
    print(f"{'category':<{width}}  cases  right  refused  wrong")
    for title, got in results.items():
        n = sum(got.values())
        total.update(got)
        wrong = got["wrong window"] + got["other refusal"]
        print(f"{title:<{width}}  {n:>5}  {got['right']:>5}  {got['refused']:>7}  {wrong:>5}")
    n = sum(total.values())
    print(
        f"all: {n} cases, {total['right']} right ({100 * total['right'] / n:.1f} %), "
        f"{total['refused']} refused, {total['wrong window'] + total['other refusal']} wrong"
    )
    return 0 if total["right"] == n else 1


if __name__ == "__main__":
    sys.exit(main())
