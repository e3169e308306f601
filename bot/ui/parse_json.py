"""`recordbot parse`: resolve /record text to a window and print it as JSON.

`recordbot parse [--now ISO] [--tz ZONE] [--locale L] [--clock 12|24] [--explain] "TEXT"` prints
one JSON object (exit 0 when resolved, 1 on an error); `--batch` reads JSON lines
`{"text", "now", "tz"}` (optionally `"locale"`, `"clock"`) on stdin and writes
exactly one JSON line per input line, in order (exit 0). Kept light: `bot/cli.py` imports it for
every start-up, and `python -m bot.ui.parse_json` runs it on its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any, TextIO

from bot.errors import ResolveError
from bot.timeparse import Resolution, load_zone, messages, parse_now, resolve, zone_name
from bot.windows import Window, needs_plan, plan

NEXT_OCCURRENCES = 5  # how many occurrences of a repeating command `next` lists


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `parse` subcommand's flags (shared by `recordbot parse` and `main` below)."""
    parser.add_argument(
        "text",
        nargs="*",
        help='the slash command text, e.g. "livetest from 8pm for 3h" (a leading /record is ignored)',
    )
    parser.add_argument(
        "--now",
        default=None,
        help="reference time, ISO 8601 (default: the current time); without an offset it is "
        "wall time in --tz",
    )
    parser.add_argument("--tz", default="UTC", help="the user's time zone (default UTC)")
    parser.add_argument(
        "--locale",
        default=None,
        help="the user's locale, e.g. en-GB: says whether 3/12 is day/month (default: the "
        "zone's custom; when neither says, both readings)",
    )
    parser.add_argument(
        "--clock",
        choices=("12", "24"),
        default=None,
        help="the clock the user writes: 12 reads a bare `at 7` both ways, 19:00 first "
        "(default: from --locale, else the zone's custom)",
    )
    parser.add_argument(
        "--explain", action="store_true", help="add which words meant what, and the window in UTC"
    )
    parser.add_argument(
        "--batch",
        action="store_true",
        help='read JSON lines {"text", "now", "tz"} on stdin; write one JSON line per input line',
    )


def _iso(dt: datetime, zone: tzinfo) -> str:
    return dt.astimezone(zone).replace(microsecond=0).isoformat(timespec="seconds")


def _iso_utc(dt: datetime) -> str:
    return dt.astimezone(UTC).replace(microsecond=0).isoformat(timespec="seconds")


def _parts(w: Window, zone: tzinfo, now: datetime | None) -> list[dict[str, Any]] | None:
    """The Live tasks a window becomes, when it is not simply one task Live takes now."""
    if now is None:
        return None
    parts = plan(w, now)
    if not needs_plan(parts):
        return None
    return [
        {
            "start": _iso(p.start, zone),
            "end": _iso(p.end, zone),
            "create_at": None if p.create_at is None else _iso(p.create_at, zone),
        }
        for p in parts
    ]


def resolution_to_json(
    res: Resolution, tz: str | tzinfo, explain: bool = False, now: datetime | None = None
) -> dict[str, Any]:
    """The contract's object for a resolved command; times carry the offset of `tz`.

    With `now`, a window over 24 h or beyond Live's horizon adds `parts` (the Live tasks it
    becomes, each with `create_at`, null when created at Confirm); a repeating command adds
    `repeat` and `next` (its first five occurrences; `start`/`end` are the first)."""
    zone = load_zone(tz) if isinstance(tz, str) else tz
    if zone is None:
        zone = UTC
    w = res.window
    out: dict[str, Any] = {
        "stream": res.stream.name,
        "app": res.stream.app,
        "domain": res.stream.domain,
        "start": _iso(w.start, zone),
        "end": _iso(w.end, zone),
        "starts_now": w.starts_now,
        "alternatives": [
            {
                "start": _iso(a.start, zone),
                "end": _iso(a.end, zone),
                "starts_now": a.starts_now,
                "duration_seconds": int(a.duration.total_seconds()),
            }
            for a in res.alternatives
        ],
        "duration_seconds": int(w.duration.total_seconds()),
        "fixed_end": res.fixed_end,
        "zone": res.zone,
        "tz": zone_name(zone),
        "lang": res.lang,
        "notes": list(res.notes),
        "start_utc": _iso_utc(w.start),
        "end_utc": _iso_utc(w.end),
    }
    if now is not None:
        out["now"] = _iso(now, zone)
    parts = _parts(w, zone, now)
    if parts is not None:
        out["parts"] = parts
    for alt, obj in zip(res.alternatives, out["alternatives"], strict=True):
        alt_parts = _parts(alt, zone, now)
        if alt_parts is not None:
            obj["parts"] = alt_parts
    rec = res.repeat
    if rec is not None:
        out["repeat"] = {
            "rule": rec.rule,
            "until": None if rec.until is None else _iso(rec.until, zone),
        }
        out["next"] = [
            {"start": _iso(o.start, zone), "end": _iso(o.end, zone)}
            for o in rec.occurrences(NEXT_OCCURRENCES)
        ]
    if explain:
        pairs = [{"text": t, "meaning": m} for t, m in res.explain]
        name = zone_name(zone)
        start = "now" if w.starts_now else _iso(w.start, zone)
        pairs.append({"text": f"(window in {name})", "meaning": f"{start} to {_iso(w.end, zone)}"})
        start_utc = "now" if w.starts_now else _iso_utc(w.start)
        pairs.append({"text": "(window in UTC)", "meaning": f"{start_utc} to {_iso_utc(w.end)}"})
        for i, p in enumerate(parts or (), 1):
            at = "at Confirm" if p["create_at"] is None else f"created {p['create_at']}"
            pairs.append({"text": f"(part {i})", "meaning": f"{p['start']} to {p['end']}, {at}"})
        if rec is not None:
            pairs.append(
                {
                    "text": "(repeats)",
                    "meaning": f"{rec.describe('en')} ({rec.zone_name}): {rec.rule}",
                }
            )
        for i, a in enumerate(res.alternatives, 2):
            pairs.append(
                {
                    "text": f"(reading {i})",
                    "meaning": f"{_iso(a.start, zone)} to {_iso(a.end, zone)} "
                    f"= {_iso_utc(a.start)} to {_iso_utc(a.end)} UTC",
                }
            )
        out["explain"] = pairs
    return out


def error_to_json(err: ResolveError) -> dict[str, Any]:
    """`{"error": {"code", "message", "lang"}}`."""
    return {"error": {"code": err.code, "message": err.message, "lang": err.lang}}


def _bad_input(message: str) -> dict[str, Any]:
    return error_to_json(ResolveError("bad_input", message))


def resolve_to_json(
    text: str,
    now: str | None,
    tz: str | None,
    explain: bool = False,
    *,
    locale: str | None = None,
    clock12: bool | None = None,
) -> tuple[dict[str, Any], bool]:
    """One command -> (JSON object, resolved?). Never raises."""
    try:
        tz_name = "UTC" if tz is None else tz
        zone = load_zone(tz_name)
        if zone is None:
            return _bad_input(messages.text("bad_zone", "en", zone=tz_name)), False
        if now is None:
            ref = datetime.now(UTC).replace(microsecond=0)
        else:
            parsed = parse_now(now, zone)
            if parsed is None:
                return _bad_input(messages.text("bad_now", "en", now=now)), False
            ref = parsed.replace(microsecond=0)
        res = resolve(text, ref, zone, clock12=clock12, locale=locale)
        return resolution_to_json(res, zone, explain, now=ref), True
    except ResolveError as err:
        return error_to_json(err), False
    except Exception as exc:  # never a stack trace on stdout
        return _bad_input(f"Could not resolve this input ({type(exc).__name__})."), False


def _dump(obj: dict[str, Any], stdout: TextIO) -> None:
    enc = (getattr(stdout, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    stdout.write(json.dumps(obj, ensure_ascii=not enc.startswith("utf")) + "\n")


def _clock12(value: object) -> bool | None:
    """`--clock` / a batch line's "clock": "12" or 12 -> True, "24" or 24 -> False."""
    if value in ("12", 12):
        return True
    if value in ("24", 24):
        return False
    return None


def _batch_line(
    raw: str,
    default_now: str | None,
    default_tz: str,
    explain: bool,
    default_locale: str | None = None,
    default_clock: bool | None = None,
) -> dict[str, Any]:
    line = raw.strip()
    if not line:
        return _bad_input(
            'Empty line: expected a JSON object like {"text": "livetest from 8pm for 3h"}.'
        )
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return _bad_input('Not a JSON object: expected {"text": ..., "now": ..., "tz": ...}.')
    if not isinstance(obj, dict):
        return _bad_input('Not a JSON object: expected {"text": ..., "now": ..., "tz": ...}.')
    text = obj.get("text")
    if not isinstance(text, str):
        return _bad_input("`text` must be a string (the slash command's text).")
    now = obj.get("now", None)
    tz = obj.get("tz", None)
    if now is not None and not isinstance(now, str):
        return _bad_input("`now` must be an ISO 8601 string.")
    if tz is not None and not isinstance(tz, str):
        return _bad_input("`tz` must be a zone name like Asia/Shanghai.")
    locale = obj.get("locale", default_locale)
    if locale is not None and not isinstance(locale, str):
        return _bad_input("`locale` must be a locale like en-GB.")
    clock = obj.get("clock", None)
    if clock is not None and _clock12(clock) is None:
        return _bad_input("`clock` must be 12 or 24.")
    clock12 = _clock12(clock) if clock is not None else default_clock
    if tz is None:
        tz = default_tz
    if now is None and default_now is not None:
        # The flag's --now without an offset is wall time in the flag's --tz.
        flag_zone = load_zone(default_tz)
        parsed = parse_now(default_now, flag_zone) if flag_zone is not None else None
        if parsed is None:
            return _bad_input(messages.text("bad_now", "en", now=default_now))
        now = parsed.isoformat()
    out, _ = resolve_to_json(text, now, tz, explain, locale=locale, clock12=clock12)
    return out


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    """Run `recordbot parse` with parsed `args`; returns the exit code."""
    now = getattr(args, "now", None)
    tz = getattr(args, "tz", None) or "UTC"
    explain = bool(getattr(args, "explain", False))
    locale = getattr(args, "locale", None)
    clock12 = _clock12(getattr(args, "clock", None))
    if getattr(args, "batch", False):
        reconfigure = getattr(stdin, "reconfigure", None)
        if reconfigure is not None:
            try:  # undecodable bytes become U+FFFD: one bad line must not end the batch
                reconfigure(errors="replace", newline="\n")
            except Exception:
                pass
        if now is None:  # one clock for the whole batch, so lines are comparable
            now = datetime.now(UTC).replace(microsecond=0).isoformat()
        while True:
            try:
                raw = stdin.readline()
            except UnicodeDecodeError:  # only when stdin could not be told to replace bad bytes
                _dump(_bad_input("This input is not valid UTF-8."), stdout)
                break
            if raw == "":
                break
            try:
                out = _batch_line(raw, now, tz, explain, locale, clock12)
            except Exception as exc:  # pragma: no cover - _batch_line catches what it can
                out = _bad_input(f"Could not read this line ({type(exc).__name__}).")
            _dump(out, stdout)
            stdout.flush()
        return 0
    words = getattr(args, "text", None) or []
    text = " ".join(words) if isinstance(words, list) else str(words)
    out, ok = resolve_to_json(text, now, tz, explain, locale=locale, clock12=clock12)
    _dump(out, stdout)
    stdout.flush()
    return 0 if ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m bot.ui.parse_json ...`: the same as `recordbot parse ...`."""
    parser = argparse.ArgumentParser(
        prog="recordbot parse", description="Resolve /record command text to a window (JSON)."
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args, sys.stdin, sys.stdout)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
