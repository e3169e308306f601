"""The task log as `recordbot tasks --json` / `--csv` and `/record export` give it (pure)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any


def iso_utc(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


TASK_FIELDS = (
    "task_id", "stream", "app", "domain", "start", "end", "status", "user", "user_name",
    "channel", "starts_now", "template_id", "request_id", "error_code", "source", "id", "created_at",
)  # fmt: skip


def task_json(row: dict) -> dict:
    """One task as `recordbot tasks --json` prints it (times ISO 8601 in UTC)."""
    out = {k: row[k] for k in TASK_FIELDS}
    out["start"], out["end"] = iso_utc(row["start"]), iso_utc(row["end"])
    out["starts_now"] = bool(row["starts_now"])
    out["created_at"] = iso_utc(int(row["created_at"]))
    # a booking's moment (when recordbot creates, or created, it on Live); null: at Confirm
    at = row.get("create_at")
    out["series"], out["create_at"] = (
        row.get("series"),
        iso_utc(int(at)) if at is not None else None,
    )
    return out


EXPORT_FIELDS = (*TASK_FIELDS, "create_at", "series")  # the columns to read for task_json


def csv_text(rows: Iterable[dict[str, Any]]) -> str:
    """Rows read with EXPORT_FIELDS as CSV: the fields of `tasks --json`, header first."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*TASK_FIELDS, "series", "create_at"])
    writer.writeheader()
    for row in rows:
        writer.writerow(task_json(row))
    return out.getvalue()
