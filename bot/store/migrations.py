"""The task log's schema, as named migrations applied once each, in order (sqlite-utils 4's
`Migrations`).

A migration is never edited once released: add a new one. Logs written before recordbot used
`Migrations` recorded what they applied in their own `_migrations` table; `apply()` carries those
names over first, so an old `recordbot.db` keeps working and nothing runs twice.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("recordbot")
LEGACY_TABLE = "_migrations"  # the hand-written runner's record (logs made before 2026-12)


@migrations(name="001_tasks")
def m001_tasks(db: sqlite_utils.Database) -> None:
    db["tasks"].create(
        {
            "id": str,
            "card": str,
            "task_id": str,
            "stream": str,
            "app": str,
            "domain": str,
            "start": int,
            "end": int,
            "starts_now": int,
            "template_id": int,
            "status": str,
            "user": str,
            "user_name": str,
            "channel": str,
            "tz": str,
            "command": str,
            "request_id": str,
            "error_code": str,
            "error_message": str,
            "created_at": float,
            "updated_at": float,
        },
        pk="id",
        not_null={"card", "stream", "app", "domain", "start", "end", "status", "user", "tz"},
    )
    db.execute("CREATE UNIQUE INDEX idx_tasks_task_id ON tasks(task_id) WHERE task_id IS NOT NULL")
    db["tasks"].create_index(["stream", "start"])
    db["tasks"].create_index(["start"])
    db["tasks"].create_index(["status"])
    db["tasks"].create_index(["card"])
    db["events"].create(
        {"id": int, "task": str, "at": float, "kind": str, "user": str, "detail": str},
        pk="id",
        not_null={"task", "at", "kind"},
    )
    db["events"].create_index(["task", "at"])


@migrations(name="002_people_and_notices")
def m002_people_and_notices(db: sqlite_utils.Database) -> None:
    for column in ("confirmed_by", "stopped_by", "notice_channel", "notice_ts"):
        db["tasks"].add_column(column, str)
    db["tasks"].add_column("source", str, not_null_default="bot")
    db["tasks"].add_column("fixed_end", int, not_null_default=0)


@migrations(name="003_lifecycle")
def m003_lifecycle(db: sqlite_utils.Database) -> None:
    """Start/end notices claimed by compare-and-set, what Live's callbacks said, recorded files."""
    for column in ("start_noticed_at", "end_noticed_at"):
        db["tasks"].add_column(column, float)
    db["tasks"].add_column("record_state", str)
    db["tasks"].add_column("record_error", str)
    # Tasks logged before this migration: notices already past are history, not news.
    now = time.time()
    db.execute("UPDATE tasks SET start_noticed_at = ? WHERE start <= ?", [now, now])
    db.execute("UPDATE tasks SET end_noticed_at = ? WHERE [end] <= ?", [now, now])
    # Partial indexes hold only the notices still owed, so a scheduler tick stays cheap
    # however long the log grows.
    db.execute(
        "CREATE INDEX idx_tasks_start_due ON tasks(start) "
        "WHERE status = 'created' AND start_noticed_at IS NULL"
    )
    db.execute(
        "CREATE INDEX idx_tasks_end_due ON tasks([end]) "
        "WHERE status = 'created' AND end_noticed_at IS NULL"
    )
    db["files"].create(
        {
            "file_id": str,
            "task": str,  # tasks.id, or null for a file of a task the log does not know
            "task_id": str,
            "stream": str,
            "app": str,
            "domain": str,
            "video_url": str,
            "file_format": str,
            "file_size": int,
            "duration": float,
            "start_time": int,
            "end_time": int,
            "received_at": float,
        },
        pk="file_id",
        not_null={"video_url", "received_at"},
    )
    db["files"].create_index(["task", "start_time"])
    # Each Live callback once (keyed by its content without sign/t), with the notice it owes.
    db["callbacks"].create(
        {
            "key": str,
            "at": float,
            "event_type": int,
            "task": str,
            "kind": str,
            "by": str,
            "detail": str,
            "posted_at": float,
        },
        pk="key",
        not_null={"at"},
    )
    db.execute(
        "CREATE INDEX idx_callbacks_unposted ON callbacks(at) "
        "WHERE kind IS NOT NULL AND posted_at IS NULL"
    )
    db["callbacks"].create_index(["task", "at"])


@migrations(name="004_audit")
def m004_audit(db: sqlite_utils.Database) -> None:
    db["audit"].create(
        {
            "id": int,
            "at": float,
            "user": str,
            "channel": str,
            "action": str,
            "outcome": str,
            "task": str,
            "detail": str,
        },
        pk="id",
        not_null={"at", "action", "outcome"},
    )
    db["audit"].create_index(["at"])


@migrations(name="006_groups")
def m006_groups(db: sqlite_utils.Database) -> None:
    db["tasks"].add_column("grp", str)
    db.execute("CREATE INDEX idx_tasks_grp ON tasks(grp) WHERE grp IS NOT NULL")


@migrations(name="007_unmatched_callbacks")
def m007_unmatched_callbacks(db: sqlite_utils.Database) -> None:
    """Well-signed Live callbacks no task took (none matched, or too malformed to act on): they
    are answered 200 like any other, and kept 90 days for `recordbot reconcile`, which reports
    them and matches them to tasks found since. And the file a queued file notice announces
    (callbacks.file_id), so the notice can show the file as the thread's first message does."""
    db["unmatched_callbacks"].create(
        {
            "key": str,  # the callback's content key: a redelivery is kept once
            "received_at": float,
            "event_type": int,
            "task_id": str,
            "stream": str,
            "app": str,  # push path
            "domain": str,  # push domain
            "at": int,  # event_time, or a file's own start
            "until": int,  # a file's end_time
            "reason": str,  # why no task took it
            "payload": str,  # what Live sent (JSON), without sign and t
            "matched_task": str,  # tasks.id, once a task appeared for it
            "matched_at": float,
        },
        pk="key",
        not_null={"received_at", "reason", "payload"},
    )
    db["unmatched_callbacks"].create_index(["received_at"])
    db["callbacks"].add_column("file_id", str)


@migrations(name="008_outbox")
def m008_outbox(db: sqlite_utils.Database) -> None:
    """Messages owed to Slack, kept until Slack has them (bot/store/outbox.py)."""
    db["outbox"].create(
        {
            "id": int,
            "lane": str,  # tasks.id for a task's thread, "user:U…" for a personal message
            "kind": str,  # parent | reply | update | personal
            "channel": str,
            "notice": str,  # a reply's notice kind, with who did it, extra words, late or not
            "by": str,
            "detail": str,
            "late": int,
            "body": str,  # a personal message: JSON of user, text, blocks
            "queued_at": float,
            "due_at": float,  # not sent before (Retry-After, backoff)
            "tries": int,
            "claimed_at": float,  # a sender's compare-and-set claim while it sends
            "claimed_by": str,
            "done_at": float,
            "outcome": str,  # sent | superseded | gave_up
            "ts": str,  # Slack's ts for what was posted
            "error": str,  # the last refusal
        },
        pk="id",
        not_null={"lane", "kind", "queued_at", "due_at", "tries", "late"},
        defaults={"tries": 0, "late": 0},
    )
    # Only unsent rows: the drain's reads (each lane's first unsent row) stay cheap however
    # many messages were ever sent.
    db.execute("CREATE INDEX idx_outbox_unsent ON outbox(lane, id) WHERE done_at IS NULL")
    # A task's thread has one parent, however often (and by how many processes) it is queued.
    db.execute("CREATE UNIQUE INDEX idx_outbox_parent ON outbox(lane) WHERE kind = 'parent'")


@migrations(name="009_create_lease")
def m009_create_lease(db: sqlite_utils.Database) -> None:
    """Who is settling a `pending` row, until when (a lease across processes), and since when
    its create's outcome has been unknown."""
    db["tasks"].add_column("lease_until", float)
    db["tasks"].add_column("lease_owner", str)  # host:pid of the process holding the lease
    db["tasks"].add_column("unsettled_since", float)


@migrations(name="010_short_refs")
def m010_short_refs(db: sqlite_utils.Database) -> None:
    """A short number (#12) for every task that reached Live or is on its way, so people need
    not copy 56-character TaskIds. Given in order of confirmation; existing tasks first."""
    db["tasks"].add_column("ref", int)
    db.execute("CREATE UNIQUE INDEX idx_tasks_ref ON tasks(ref) WHERE ref IS NOT NULL")
    ids = db.execute(
        "SELECT id FROM tasks WHERE status NOT IN ('proposed', 'cancelled') ORDER BY created_at, id"
    ).fetchall()
    for n, (row_id,) in enumerate(ids, 1):
        db.execute("UPDATE tasks SET ref = ? WHERE id = ?", [n, row_id])


@migrations(name="011_aliases")
def m011_aliases(db: sqlite_utils.Database) -> None:
    """Short names for streams (`sports` = 5000.live.push.com/live/cctv5, template 1234)."""
    db["aliases"].create(
        {
            "name": str,
            "domain": str,
            "app": str,
            "stream": str,
            "template_id": int,
            "created_by": str,
            "created_at": float,
        },
        pk="name",
        not_null={"stream", "created_at"},
    )


@migrations(name="012_extend_shorten")
def m012_extend_shorten(db: sqlite_utils.Database) -> None:
    """`extend` and `shorten`: a longer or shorter task not yet begun replaces the old one
    (deleted from Live once the new one exists); one under way is stopped at `stop_at` by the
    scheduler, from the task log."""
    db["tasks"].add_column("replaces", str)
    db["tasks"].add_column("stop_at", float)
    db["tasks"].add_column("stop_by", str)
    db.execute(
        "CREATE INDEX idx_tasks_stop_due ON tasks(stop_at) "
        "WHERE status = 'created' AND stop_at IS NOT NULL"
    )


@migrations(name="013_people")
def m013_people(db: sqlite_utils.Database) -> None:
    """What each person chose: personal notices on or off (`/record notify off|on`)."""
    db["people"].create({"user": str, "notify": int, "updated_at": float}, pk="user")


@migrations(name="014_outbox_unsure")
def m014_outbox_unsure(db: sqlite_utils.Database) -> None:
    """Whether a send of an outbox row was begun and its outcome is unknown (killed mid-call, a
    reply lost): the next try looks in Slack before it posts. Rows an older bot left half-sent
    (tried, not closed) are taken to be unsure."""
    db["outbox"].add_column("unsure", int, not_null_default=0)
    db.execute("UPDATE outbox SET unsure = 1 WHERE done_at IS NULL AND tries > 0")


@migrations(name="015_bookings")
def m015_bookings(db: sqlite_utils.Database) -> None:
    """Bookings: a confirmed window (or part) Live will not take yet waits `booked` until its
    `create_at`, when the scheduler creates it; the due query reads a partial index."""
    db["tasks"].add_column("create_at", float)
    db.execute("CREATE INDEX idx_tasks_booked_due ON tasks(create_at) WHERE status = 'booked'")


@migrations(name="016_series")
def m016_series(db: sqlite_utils.Database) -> None:
    """Repeating schedules: one row per series (its rule, zone, first start, length, until), and
    its occurrences as task rows with `series` set, unique per series and start, so however
    often the scheduler or a restart books ahead, each occurrence exists once. `next_at` is the
    start of the first occurrence not yet written as a task row; the scheduler's due query reads
    a partial index of the active series by it. Short numbers (#12) are shared with tasks."""
    db["series"].create(
        {
            "id": str,
            "card": str,
            "ref": int,
            "stream": str,
            "app": str,
            "domain": str,
            "template_id": int,
            "rule": str,
            "zone": str,
            "first_start": int,
            "duration": int,
            "until": int,
            "wall": str,
            "status": str,
            "user": str,
            "user_name": str,
            "channel": str,
            "tz": str,
            "command": str,
            "next_at": int,
            "notice_channel": str,
            "notice_ts": str,
            "confirmed_by": str,
            "ended_by": str,
            "created_at": float,
            "updated_at": float,
        },
        pk="id",
        not_null={"stream", "app", "domain", "rule", "zone", "first_start", "duration",
                  "status", "created_at", "updated_at"},
    )  # fmt: skip
    db.execute("CREATE UNIQUE INDEX idx_series_ref ON series(ref) WHERE ref IS NOT NULL")
    db.execute("CREATE INDEX idx_series_due ON series(next_at) WHERE status = 'active'")
    db["tasks"].add_column("series", str)
    db.execute(
        "CREATE UNIQUE INDEX idx_tasks_series_start ON tasks(series, start) "
        "WHERE series IS NOT NULL"
    )


def adopt_legacy(db: sqlite_utils.Database) -> None:
    """Record in `Migrations`' table what the old runner applied, then drop its table."""
    if LEGACY_TABLE not in db.table_names():
        return
    migrations.ensure_migrations_table(db)
    done = {m.name for m in migrations.applied(db)}
    table = db[migrations.migrations_table]
    for row in db[LEGACY_TABLE].rows_where(order_by="applied_at"):
        if row["name"] not in done:
            table.insert(  # type: ignore[union-attr]
                {
                    "migration_set": migrations.name,
                    "name": row["name"],
                    "applied_at": str(datetime.fromtimestamp(row["applied_at"], UTC)),
                }
            )
    db[LEGACY_TABLE].drop()  # type: ignore[union-attr]


def apply(db: sqlite_utils.Database) -> None:
    """Bring the schema up to date, inside the caller's transaction."""
    adopt_legacy(db)
    migrations.apply(db)


def applied(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]
