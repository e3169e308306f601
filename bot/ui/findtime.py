"""A recording window found in free text: an announcement, a calendar paste (pure).

The resolver reads a command's WHEN; a message says much besides. `find_window` tries the whole
text, then each line, then ever shorter runs of words, and keeps the first (so the longest) that
the resolver reads as a window: `Tuesday, December 1 · 7:00 – 9:30pm EST` in a calendar paste,
`Tuesday at 7pm for 2 hours` in `Join us Tuesday at 7pm for 2 hours!`. A start with no end
(`Friday 7pm`) is read with an hour, and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.errors import ResolveError
from bot.timeparse import Resolution, resolve

MAX_WORDS = 12  # no time expression is longer; longer runs only slow the search
MAX_LINE_WORDS = 80
MAX_TRIES = 1500  # resolver calls for one text (each well under a millisecond)
ASSUMED_LENGTH = "1h"

# Separators calendars and announcements put between a date and a time.
_SEPARATORS = re.compile(r"[·•|►▶⋅∙]+|\s@\s")
# `When:`, `Date:`, `Time:` and the like: labels, not times.
_LABEL = re.compile(r"(?<!\S)[A-Za-z]+:(?=\s|$)")
_TRIM = " \t,.;:!?()[]{}\"'“”‘’*_~，。：；！？、（）「」"
# Worth the resolver's time: words with a clock time (`7pm`, `19:30`, `8点`) or a range of
# hours (`8-11`); a bare number (`2`) or a date alone is no event time. A start with no end is
# only read with an assumed hour when it has a clock time.
_CLOCK = r"\d\s*(?:[:.：]\s*\d\d|[ap]\.?m\b)|\bnoon\b|\bmidnight\b|[点點时時]"
_TIMEISH = re.compile(_CLOCK + r"|\d\s*(?:[-–—~到至]|to)\s*\d", re.IGNORECASE)
_HAS_CLOCK = re.compile(_CLOCK, re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")
MAX_CJK_CHARS = 40  # Chinese has no spaces: its runs are of characters


@dataclass(frozen=True)
class Found:
    """The window read, the words it was read from, and whether its length was assumed."""

    resolution: Resolution
    words: str
    length_assumed: bool = False


def clean_line(line: str) -> str:
    return " ".join(_LABEL.sub(" ", _SEPARATORS.sub(" ", line)).split())


def find_window(text: str, now: datetime, tz: str) -> Found | None:
    """The longest stretch of `text` that reads as a recording window in `tz` at `now`. A
    window that has already ended does not count, nor does any shorter stretch inside it
    (`8pm to 10pm` in `yesterday 8pm to 10pm` is not tonight), nor one that only says `now` or
    a length."""
    lines = [c for c in (clean_line(line) for line in (text or "").splitlines()) if c]
    if not lines:
        return None
    tried: set[str] = set()

    def attempt(words: str) -> tuple[Found | None, bool]:
        """(what `words` read as, whether they read as a window already over)."""
        words = words.strip(_TRIM)
        if not words or words in tried or len(tried) >= MAX_TRIES:
            return None, False
        tried.add(words)
        if not _TIMEISH.search(words):
            return None, False
        try:
            return _usable(resolve("x " + words, now, tz), words), False
        except ResolveError as exc:
            if exc.code == "past":
                return None, True
            if exc.code != "no_end" or not _HAS_CLOCK.search(words):
                return None, False
        try:  # a start with no end: an hour, said so on the form
            return _usable(resolve(f"x {words} for {ASSUMED_LENGTH}", now, tz), words, True), False
        except ResolveError as exc:
            return None, exc.code == "past"

    found, past = attempt(" ".join(lines))
    if found or past:
        return found
    runs: list[list[str]] = []
    over: list[list[tuple[int, int]]] = []  # per run, the stretches read as already over
    for line in lines:
        found, past = attempt(line)
        if found:
            return found
        words = line.split()[:MAX_LINE_WORDS]
        runs.append(words)
        over.append([(0, len(words))] if past else [])
    if len(lines) > 1:  # a date on one line, its time on the next
        runs.append(" ".join(lines).split()[:MAX_LINE_WORDS])
        over.append([])
    for size in range(MAX_WORDS, 0, -1):
        for words, gone in zip(runs, over, strict=True):
            for i in range(0, len(words) - size + 1):
                if any(a <= i and i + size <= b for a, b in gone):
                    continue
                found, past = attempt(" ".join(words[i : i + size]))
                if found:
                    return found
                if past:
                    gone.append((i, i + size))
    for line in lines:
        if not _CJK.search(line):
            continue
        chars = line[:MAX_CJK_CHARS]
        gone = []
        for size in range(len(chars) - 1, 1, -1):
            for i in range(0, len(chars) - size + 1):
                if any(a <= i and i + size <= b for a, b in gone):
                    continue
                found, past = attempt(chars[i : i + size])
                if found:
                    return found
                if past:
                    gone.append((i, i + size))
    return None


def _usable(res: Resolution, words: str, assumed: bool = False) -> Found | None:
    # `now for 2h` or `until 6pm` in a message is no event time; a stated window already under
    # way (`8pm to 11pm` at 9pm) is, and comes with its other reading.
    if res.window.starts_now and not res.alternatives:
        return None
    return Found(res, words, assumed)
