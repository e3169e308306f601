"""The bot as its own process, its wall clock moved by libfaketime (no test hook in the product):
a weekday series confirmed on Friday books and creates each weekday's recording once as the
process is started on later days, a restart between each. The Live API is the bot's built-in
simulator (`LIVE_API_ENDPOINT=sim`), in the same faked time, so Live's own window rules apply."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import libfaketime

from bot.store import TaskStore

from botproc import BotProcess, bot_env
from slackfake import SlackWebApiStandIn

SECRET = "faketime-secret"
FRIDAY = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)  # Fri 4 Dec, 07:00 in New York
DAY = timedelta(days=1)


def faked(at: datetime) -> dict[str, str]:
    _, env = libfaketime.get_reload_information()
    return {**env, "FAKETIME": f"@{at:%Y-%m-%d %H:%M:%S}"}


def created(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT start, task_id FROM tasks WHERE series IS NOT NULL AND status = 'created' "
            "ORDER BY start"
        ).fetchall()


def run_bot_on(day: datetime, db: Path, slack: SlackWebApiStandIn, tmp: Path, want: int) -> None:
    """Start the bot at `day` (faked), wait until `want` occurrences are created, stop it."""
    env = bot_env(slack, "sim", db, SECRET, **faked(day))
    bot = BotProcess(env, tmp, tmp / f"bot-{day:%m%d}.log")
    try:
        bot.wait_ready()
        deadline = time.monotonic() + 30
        while len(created(db)) < want and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        bot.stop()
    assert len(created(db)) >= want, bot.log()


def test_a_weekday_series_is_created_once_per_day_across_restarts_on_later_days(tmp_path):
    db = tmp_path / "series.db"
    # The series as a Confirm leaves it, before any occurrence was written (a crash there).
    store = TaskStore(str(db), clock=lambda: FRIDAY.timestamp())
    first = int(datetime(2026, 12, 5, 0, 0, tzinfo=UTC).timestamp())  # Fri 19:00 New York
    series = store.add_series(
        {
            "stream": "news", "app": "live", "domain": "push.example.com", "template_id": None,
            "rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "zone": "America/New_York",
            "first_start": first, "duration": 3600, "until": None, "wall": None, "user": "U1",
            "user_name": "alice", "channel": "C1", "tz": "America/New_York",
            "command": "news every weekday 7pm for 1h",
        }
    )  # fmt: skip
    store.series_transition(series.id, ["proposed"], "active", confirmed_by="U1", next_at=first)
    store.close()
    with SlackWebApiStandIn() as slack:
        slack.add_user("U1", tz="America/New_York")
        slack.add_channel("C1", "general")
        os.environ.pop("FAKETIME", None)
        # Friday: Fri 4, Mon 7, Tue 8, Wed 9 are within Live's 6 days
        run_bot_on(FRIDAY, db, slack, tmp_path, 4)
        # Monday (+ Thu 10, Fri 11), then Thursday (+ Mon 14, Tue 15): each once
        run_bot_on(FRIDAY + 3 * DAY, db, slack, tmp_path, 6)
        run_bot_on(FRIDAY + 6 * DAY, db, slack, tmp_path, 8)
    rows = created(tmp_path / "series.db")
    starts = [s for s, _ in rows]
    assert len(starts) == len(set(starts)) and len({t for _, t in rows}) == len(rows)
    local = [datetime.fromtimestamp(s, UTC).astimezone(series.recurrence.zone) for s in starts]
    assert all(d.weekday() < 5 and (d.hour, d.minute) == (19, 0) for d in local)
    assert [d.day for d in local] == [4, 7, 8, 9, 10, 11, 14, 15]
