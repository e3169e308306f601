"""The `recordbot` command line: run | http | shell | parse | tasks | series | sim | reconcile |
audit.

Imports are kept inside each command so `recordbot parse` starts fast.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.errors import ConfigError, StartupError
from bot.i18n import LANGS
from bot.tasks import PROPOSAL_TTL
from bot.ui.export import EXPORT_FIELDS, TASK_FIELDS, csv_text, iso_utc, task_json  # noqa: F401


def _settings():  # type: ignore[no-untyped-def]
    from bot.config import load_settings

    return load_settings()


def setup_logging(fmt: str = "text") -> None:
    from bot.logs import configure

    configure(fmt)


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings()
    setup_logging(settings.log_format)
    if settings.slack_bot_token and settings.slack_app_token:
        from bot.app import run_socket

        return run_socket(settings)
    if settings.slack_bot_token:
        from bot.app import run_http

        return run_http(settings, settings.port)
    return cmd_shell(args)


def cmd_http(args: argparse.Namespace) -> int:
    settings = _settings()
    setup_logging(settings.log_format)
    from bot.app import run_http

    return run_http(settings, args.port or settings.port, args.host)


def cmd_shell(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from bot.app import run_shell
    from bot.ui.shell import system_zone

    settings = _settings()
    setup_logging(settings.log_format)
    tz = getattr(args, "tz", None) or system_zone()
    try:
        ZoneInfo(tz)
    except (KeyError, ValueError, OSError):
        raise ConfigError(
            f"Unknown time zone {tz!r}: use an IANA name like Asia/Shanghai or America/New_York."
        ) from None
    user = getattr(args, "user", None) or os.environ.get("USER") or "shell-user"
    return run_shell(settings, tz, user, lang=getattr(args, "lang", None))


def cmd_parse(args: argparse.Namespace) -> int:
    from bot.ui import parse_json

    return parse_json.run(args, sys.stdin, sys.stdout)


def _instant(value: str, flag: str) -> float:
    """`--since` / `--until`: an ISO 8601 date or time (UTC unless it names an offset)."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            f"{flag} {value!r} is not a date: write it as 2026-12-01 or 2026-12-01T20:00+08:00."
        ) from None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _log_exists(path: str) -> bool:
    return path == ":memory:" or os.path.exists(path)


def _existing_log(path: str, as_json: bool, what: str, ics: bool = False) -> bool:
    """Reading commands never create a log: with none yet, say so (or print `[]`, or a
    calendar with no events for `--ics`)."""
    if _log_exists(path):
        return True
    if ics:
        from bot.ui.ics import write_calendar

        write_calendar(sys.stdout, time.time())
    else:
        print("[]" if as_json else f"No {what} yet: there is no task log at {path} (RECORDBOT_DB).")
    return False


def cmd_tasks(args: argparse.Namespace) -> int:
    from bot.store import TaskStore

    settings = _settings()
    if not _existing_log(settings.db_path, args.json, "tasks", args.ics):
        return 0
    store = TaskStore(settings.db_path)
    out = sys.stdout
    try:
        # Streamed row by row: a log of a million tasks prints without holding it all.
        # Cards nobody confirmed within their 30 minutes are abandoned, not tasks.
        stale = time.time() - PROPOSAL_TTL
        since = _instant(args.since, "--since") if args.since else None
        until = _instant(args.until, "--until") if args.until else None
        rows = store.export(
            EXPORT_FIELDS,
            args.stream,
            args.limit,
            proposed_since=stale,
            since=since,
            until=until,
        )
        if args.csv:  # for a spreadsheet or a team calendar: the same fields as --json
            out.write(csv_text(rows))
            return 0
        if args.ics:
            return _write_ics(store, out, args.stream, since=since, until=until, limit=args.limit)
        if args.json:
            out.write("[")
            for n, row in enumerate(rows):
                out.write((", " if n else "") + json.dumps(task_json(row), ensure_ascii=False))
            out.write("]\n")
            return 0
        first = next(rows, None)
        if first is None:
            print("No tasks in the log" + (f" for {args.stream}" if args.stream else "") + ".")
            return 0
        print(
            f"{'STATUS':<10} {'START (UTC)':<17} {'END (UTC)':<17} {'STREAM':<36} {'USER':<12} TASK ID"
        )
        for row in itertools.chain([first], rows):
            stream = f"{row['domain']}/{row['app']}/{row['stream']}"
            start = iso_utc(row["start"])[:16].replace("T", " ")  # type: ignore[index]
            end = iso_utc(row["end"])[:16].replace("T", " ")  # type: ignore[index]
            print(
                f"{row['status']:<10} {start:<17} {end:<17} {stream:<36} {row['user'] or '-':<12} {row['task_id'] or '-'}"
            )
        return 0
    finally:
        store.close()


def _write_ics(
    store,  # noqa: ANN001 - TaskStore, imported late
    out,  # noqa: ANN001
    stream: str | None,
    *,
    tasks: bool = True,
    since: float | None = None,
    until: float | None = None,
    limit: int | None = None,
) -> int:
    """`tasks --ics` / `series --ics`: the open series with their RRULE (and EXDATEs for the
    occurrences that will not run), then, with `tasks`, the task rows (bot/ui/ics.py)."""
    from bot.series import OPEN
    from bot.ui.ics import ICS_FIELDS, write_calendar

    now = time.time()
    series = store.all_series(OPEN, stream=stream)
    skipped = {s.id: store.not_run(s.id) for s in series}
    rows = store.export(ICS_FIELDS, stream, limit, since=since, until=until) if tasks else iter(())
    write_calendar(out, now, series, skipped, rows)
    return 0


def cmd_series(args: argparse.Namespace) -> int:
    from bot.series import LISTED, OPEN
    from bot.store import TaskStore

    settings = _settings()
    if not _existing_log(settings.db_path, args.json, "series", args.ics):
        return 0
    store = TaskStore(settings.db_path)
    out = sys.stdout
    try:
        if args.ics:
            return _write_ics(store, out, args.stream, tasks=False)
        now = time.time()
        listed = store.all_series(
            [s for s in LISTED if args.status is None or s == args.status], stream=args.stream
        )

        def skipped(series) -> set[int]:  # noqa: ANN001 - `next` passes over these
            return store.not_run(series.id, now) if series.status in OPEN else set()

        if args.json:
            json.dump([s.as_json(now, skipped(s)) for s in listed], out, ensure_ascii=False)
            out.write("\n")
            return 0
        if not listed:
            print("No series in the log" + (f" for {args.stream}" if args.stream else "") + ".")
            return 0
        lines = []
        for s in listed:
            nxt = s.next_start(now, skipped(s))
            when = (  # on the series' own clock (an IANA zone or a fixed offset)
                datetime.fromtimestamp(nxt, s.recurrence.zone).strftime("%a %d %b %H:%M")
                if nxt is not None
                else "-"
            )
            lines.append((s.short, s.full_stream, s.recurrence.describe(), s.zone, when, s.status))
        head = ("#", "STREAM", "REPEATS", "ZONE", "NEXT (ITS ZONE)", "STATUS")
        widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head) - 1)]
        for line in [head, *lines]:
            cells = [f"{str(v):<{w}}" for v, w in zip(line, widths, strict=False)]
            print("  ".join([*cells, str(line[-1])]))
        return 0
    finally:
        store.close()


def cmd_audit(args: argparse.Namespace) -> int:
    from bot.store import TaskStore

    settings = _settings()
    if not _existing_log(settings.db_path, args.json, "audit entries"):
        return 0
    store = TaskStore(settings.db_path)
    try:
        rows = store.audit_rows(limit=args.limit, user=args.user)
    finally:
        store.close()
    if args.json:
        out = [
            {
                **r,
                "at": iso_utc(int(r["at"])),
                "start": iso_utc(r["start"]) if r["start"] is not None else None,
                "end": iso_utc(r["end"]) if r["end"] is not None else None,
            }
            for r in rows
        ]
        json.dump(out, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("The audit log is empty.")
        return 0
    for r in rows:
        when = (iso_utc(int(r["at"])) or "")[:19].replace("T", " ") + " UTC"
        what = (
            f"  {r['stream']} {_window_in_zone(r['start'], r['end'], r['tz'])}"
            if r["stream"]
            else ""
        )
        task = f" task={r['task']}" if r["task"] else ""
        detail = f"  {r['detail']}" if r["detail"] else ""
        print(
            f"{when}  {r['user'] or '-':<12} {r['action']:<8} {r['outcome']:<24}{what}{task}{detail}"
        )
    return 0


def _window_in_zone(start: int, end: int, tz: str) -> str:
    """`Fri 27 Nov 20:00-23:00 Asia/Shanghai`: the window as its requester read it."""
    zone = ZoneInfo(tz)
    a, b = datetime.fromtimestamp(start, zone), datetime.fromtimestamp(end, zone)
    until = f"{b:%H:%M}" if a.date() == b.date() else f"{b:%a %d %b %H:%M}"
    return f"{a:%a %d %b %H:%M}-{until} {tz}"


def cmd_sim(args: argparse.Namespace) -> int:
    from bot.config import load_env
    from bot.live.sim import serve

    env = load_env()
    return serve(
        args.port,
        args.host,
        callback_url=args.callback_url or (env.get("SIM_CALLBACK_URL") or "").strip() or None,
        callback_key=args.callback_key or (env.get("CALLBACK_KEY") or "").strip() or None,
        callback_retry_interval=args.callback_retry_interval,
    )


def cmd_reconcile(args: argparse.Namespace) -> int:
    from bot.app import make_live, make_service
    from bot.lifecycle import UNMATCHED_MEMORY
    from bot.live.callbacks import describe_kept, match_kept
    from bot.store import TaskStore

    settings = _settings()
    setup_logging(settings.log_format)
    backend = make_live(settings)
    store = TaskStore(settings.db_path)
    try:
        notifier = None
        if settings.slack_bot_token:
            # A task settled here owes its thread a notice: queued in the outbox, which the
            # running bot's scheduler sends (this command calls no Slack method).
            from slack_sdk import WebClient

            from bot.slack.notifier import SlackNotifier

            client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
            notifier = SlackNotifier(client, store, settings.record_channel, backend.simulated)
        service = make_service(settings, store, backend, notifier)
        settled = service.reconcile()
        found = service.import_external()
        matched = match_kept(store, service.clock)  # to the tasks found just now, say
        kept = store.unmatched()
    finally:
        store.close()
        backend.close()
    for row in settled:
        print(f"{row.id}: {row.status} {row.task_id or ''}".rstrip())
    print(f"settled {len(settled)} pending task(s)")
    for row in found:
        print(f"{row.task_id}: {row.full_stream} (made outside recordbot)")
    print(f"found {len(found)} task(s) on Live made outside recordbot")
    for callback, task in matched:
        print(f"{task.task_id or task.id}: {describe_kept(callback)}")
    print(f"matched {len(matched)} kept Live callback(s) to tasks found since")
    for callback in kept[:KEPT_SHOWN]:
        print(f"  {describe_kept(callback)}")
    if len(kept) > KEPT_SHOWN:
        print(f"  ... and {len(kept) - KEPT_SHOWN} older")
    print(
        f"{len(kept)} Live callback(s) matched no task (kept {UNMATCHED_MEMORY / 86400:.0f} days; "
        "Live was answered 200)"
    )
    return 0


KEPT_SHOWN = 50  # kept callbacks `recordbot reconcile` lists, newest first


def build_parser() -> argparse.ArgumentParser:
    from bot.ui import parse_json

    parser = argparse.ArgumentParser(
        prog="recordbot", description="Schedule Tencent Cloud Live recordings from Slack."
    )
    sub = parser.add_subparsers(dest="command")

    sub.add_parser(
        "run", help="Socket Mode, HTTP mode or the offline shell, by which tokens are set"
    ).set_defaults(func=cmd_run)

    http = sub.add_parser("http", help="Slack app in HTTP mode (POST /slack/events)")
    http.add_argument("--port", type=int, default=None, help="port (default: PORT, else 3000)")
    http.add_argument("--host", default="0.0.0.0", help="address to bind (default 0.0.0.0)")
    http.set_defaults(func=cmd_http)

    shell = sub.add_parser("shell", help="offline shell on the Live API simulator")
    shell.add_argument(
        "--tz", default=None, help="your time zone (default: TZ, else the system zone, else UTC)"
    )
    shell.add_argument("--user", default=None, help="your name in the task log (default: $USER)")
    shell.add_argument(
        "--lang",
        default=None,
        choices=LANGS,
        help="the language of notices and of replies to what is not typed in a language "
        "(default: RECORDBOT_LANG, else en); Chinese typed is answered in its script",
    )
    shell.set_defaults(func=cmd_shell)

    parse = sub.add_parser("parse", help="resolve command text to a window and print JSON")
    parse_json.add_arguments(parse)
    parse.set_defaults(func=cmd_parse)

    tasks = sub.add_parser("tasks", help="the task log, newest first")
    tasks.add_argument("--stream", default=None, help="only this stream name")
    tasks.add_argument("--json", action="store_true", help="print a JSON array")
    tasks.add_argument("--limit", type=int, default=None, help="at most this many rows")
    tasks.add_argument("--csv", action="store_true", help="print CSV (the --json fields)")
    tasks.add_argument("--since", default=None, help="windows starting at or after (ISO date)")
    tasks.add_argument("--until", default=None, help="windows starting before (ISO date)")
    tasks.add_argument(
        "--ics",
        action="store_true",
        help="print an iCalendar file: the tasks, and the active or paused series with their "
        "RRULE (times in UTC; a series on its zone's wall clock)",
    )
    tasks.set_defaults(func=cmd_tasks)

    series = sub.add_parser("series", help="the repeating schedules, newest first")
    series.add_argument("--stream", default=None, help="only this stream name")
    series.add_argument("--json", action="store_true", help="print a JSON array")
    series.add_argument(
        "--status", choices=("active", "paused", "ended"), default=None, help="only this status"
    )
    series.add_argument(
        "--ics",
        action="store_true",
        help="print an iCalendar file of the active or paused series, each with its RRULE",
    )
    series.set_defaults(func=cmd_series)

    audit = sub.add_parser(
        "audit", help="who did what, newest first (requests, confirms, refusals, errors)"
    )
    audit.add_argument("--user", default=None, help="only this Slack user ID (or shell user)")
    audit.add_argument(
        "--limit", type=int, default=200, help="at most this many rows (default 200)"
    )
    audit.add_argument("--json", action="store_true", help="print a JSON array")
    audit.set_defaults(func=cmd_audit)

    sim = sub.add_parser("sim", help="the Live API simulator on loopback")
    sim.add_argument("--port", type=int, default=9000, help="port (default 9000)")
    sim.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    sim.add_argument(
        "--callback-url",
        default=None,
        help="send Live's callbacks here, e.g. http://127.0.0.1:3000/live/callback "
        "(default: SIM_CALLBACK_URL; none: no callbacks)",
    )
    sim.add_argument(
        "--callback-key",
        default=None,
        help="the callback template's key the callbacks are signed with (default: CALLBACK_KEY, "
        "the key recordbot checks them with)",
    )
    sim.add_argument(
        "--callback-retry-interval",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="seconds between retries of a callback not answered 200 (default 60, as Live)",
    )
    sim.set_defaults(func=cmd_sim)

    sub.add_parser(
        "reconcile",
        help="settle tasks left pending by a crash, by looking on Live; log tasks made outside "
        "recordbot; report Live callbacks no task matched",
    ).set_defaults(func=cmd_reconcile)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.func = cmd_run
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"recordbot: configuration error: {exc.message}", file=sys.stderr)
        return 2
    except StartupError as exc:
        print(f"recordbot: cannot start: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        logging.getLogger("recordbot").exception("recordbot stopped on an unexpected error")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
