"""The outbox: messages owed to Slack, kept in the task log until Slack has them (008_outbox).

A message is written in the same transaction as the change that owes it (a task created or
stopped, a start notice claimed), so no crash can lose it. A drainer (the scheduler's,
bot/lifecycle.py) sends the rows; this module only keeps them:

- **Lanes keep order.** Rows of one lane (a task's thread; a person, for personal messages) go
  out in the order they were queued: only a lane's first unsent row is ever handed out, so a
  thread's parent goes before its replies and a task's replies keep their order.
- **Claims.** A row is claimed by compare-and-set before it is sent, so two drainers (threads or
  processes) never send one row; a claim older than `stale_before` (its process died while
  sending) can be taken over.
- **Later, not lost.** A row Slack refused for now gets a time before which it is not handed out
  again (Retry-After, backoff); one Slack will never take is closed as `gave_up`, with the reason.
- **Unsure sends.** A row whose send was begun and whose outcome is unknown (its process was
  killed mid-call, Slack's reply was lost) is marked `unsure`; the sender then looks in Slack for
  it (its message metadata names the row) before posting it again.
- **One parent.** A task's thread parent is queued at most once (a unique partial index); when
  it is sent, its ts is stored on the task in the same transaction (`tasks.notice_ts`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bot.series import SERIES_LANE

if TYPE_CHECKING:
    from bot.store.store import TaskStore

PARENT = "parent"  # a task's thread parent (posted once, rendered when sent)
REPLY = "reply"  # one notice in a task's thread
UPDATE = "update"  # bring the parent up to date (rendered when sent)
PERSONAL = "personal"  # a message to one person
KINDS = (PARENT, REPLY, UPDATE, PERSONAL)

# Each lane's first unsent row, if it is due and free. INDEXED BY pins the partial index, which
# holds unsent rows only (the planner, without statistics, might walk the table instead).
DUE_SQL = (
    "SELECT * FROM outbox AS o INDEXED BY idx_outbox_unsent "
    "WHERE o.done_at IS NULL AND o.due_at <= :now "
    "AND (o.claimed_at IS NULL OR o.claimed_at < :stale) "
    "AND NOT EXISTS (SELECT 1 FROM outbox AS p INDEXED BY idx_outbox_unsent "
    "WHERE p.lane = o.lane AND p.done_at IS NULL AND p.id < o.id) "
    "ORDER BY o.id LIMIT :limit"
)
NEXT_DUE_SQL = (
    "SELECT MIN(due_at) FROM outbox INDEXED BY idx_outbox_unsent "
    "WHERE done_at IS NULL AND claimed_at IS NULL"
)


@dataclass(frozen=True)
class OutboxItem:
    """One message owed to Slack."""

    id: int
    lane: str
    kind: str
    channel: str | None
    notice: str | None = None
    by: str | None = None
    detail: str | None = None
    late: bool = False
    body: dict[str, Any] | None = None
    queued_at: float = 0.0
    due_at: float = 0.0
    tries: int = 0  # sends begun, this one included once claimed
    claimed_by: str | None = None
    done_at: float | None = None
    outcome: str | None = None
    ts: str | None = None
    error: str | None = None
    # an earlier send was begun and its outcome is unknown: look in Slack before posting (on a
    # claimed row: as it was before this claim, which marks the row unsure while it sends)
    unsure: bool = False

    @classmethod
    def from_db(cls, row: dict[str, Any]) -> OutboxItem:
        body = json.loads(row["body"]) if row.get("body") else None
        return cls(
            id=row["id"], lane=row["lane"], kind=row["kind"], channel=row["channel"],
            notice=row["notice"], by=row["by"], detail=row["detail"], late=bool(row["late"]),
            body=body, queued_at=row["queued_at"], due_at=row["due_at"], tries=row["tries"],
            claimed_by=row["claimed_by"], done_at=row["done_at"], outcome=row["outcome"],
            ts=row["ts"], error=row["error"], unsure=bool(row.get("unsure")),
        )  # fmt: skip


class Outbox:
    """The task log's outbox table. Writes join the caller's transaction (`store.batch()`)."""

    def __init__(self, store: TaskStore) -> None:
        self.store = store

    # -- queueing ---------------------------------------------------------------------------

    def add(
        self,
        lane: str,
        kind: str,
        *,
        channel: str | None = None,
        notice: str | None = None,
        by: str | None = None,
        detail: str | None = None,
        late: bool = False,
        body: dict[str, Any] | None = None,
        due_at: float | None = None,
    ) -> int | None:
        """Queue one message; its id, or None for a thread parent queued before."""
        assert kind in KINDS, kind
        now = self.store._clock()
        with self.store._tx() as db:
            cursor = db.execute(
                # DO NOTHING on the one-parent index only (a missing lane still raises)
                "INSERT INTO outbox (lane, kind, channel, notice, by, detail, late, body, "
                "queued_at, due_at, tries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) "
                "ON CONFLICT DO NOTHING",
                [
                    lane, kind, channel, notice, by, detail, int(late),
                    json.dumps(body) if body is not None else None, now,
                    now if due_at is None else due_at,
                ],
            )  # fmt: skip
            return cursor.lastrowid if cursor.rowcount == 1 else None

    # -- handing out ------------------------------------------------------------------------

    def due(self, now: float, stale_before: float, limit: int = 200) -> list[OutboxItem]:
        """Each lane's first unsent row that is due and not claimed (or claimed long ago),
        oldest first."""
        return self._items(DUE_SQL, {"now": now, "stale": stale_before, "limit": limit})

    def release_dead_claims(self, is_gone: Callable[[str], bool]) -> int:
        """Free the rows claimed by processes that are gone (killed mid-send): sent again at
        once rather than after the claim goes stale."""
        with self.store._lock:
            owners = [
                r[0]
                for r in self.store.db.execute(
                    "SELECT DISTINCT claimed_by FROM outbox INDEXED BY idx_outbox_unsent "
                    "WHERE done_at IS NULL AND claimed_by IS NOT NULL"
                ).fetchall()
            ]
        freed = 0
        for owner in owners:
            if is_gone(owner):
                with self.store._tx() as db:
                    freed += db.execute(
                        "UPDATE outbox SET claimed_at = NULL, claimed_by = NULL "
                        "WHERE claimed_by = ? AND done_at IS NULL",
                        [owner],
                    ).rowcount
        return freed

    def claim(self, item_id: int, now: float, owner: str, stale_before: float) -> OutboxItem | None:
        """Take a row to send it (compare-and-set): None if it is sent, claimed by another, not
        due, or no longer its lane's first unsent row. The row is marked unsure until the send
        ends; the item returned says whether it was unsure before (an earlier send's fate)."""
        with self.store._tx() as db:
            before = db.execute("SELECT unsure FROM outbox WHERE id = ?", [item_id]).fetchone()
            cursor = db.execute(
                "UPDATE outbox SET claimed_at = ?, claimed_by = ?, tries = tries + 1, unsure = 1 "
                "WHERE id = ? AND done_at IS NULL AND due_at <= ? "
                "AND (claimed_at IS NULL OR claimed_at < ?) "
                "AND NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.lane = outbox.lane "
                "AND p.done_at IS NULL AND p.id < outbox.id)",
                [now, owner, item_id, now, stale_before],
            )
            if cursor.rowcount != 1:
                return None
            item = self.get(item_id)
            return replace(item, unsure=bool(before and before[0])) if item else None

    def sent(
        self,
        item: OutboxItem,
        now: float,
        owner: str,
        ts: str | None = None,
        channel: str | None = None,
        outcome: str = "sent",
    ) -> bool:
        """Close a claimed row as sent (or superseded). A thread parent's channel and ts are
        stored on its task in the same transaction, once. False if the claim was lost."""
        with self.store._tx() as db:
            cursor = db.execute(
                "UPDATE outbox SET done_at = ?, outcome = ?, ts = ?, claimed_at = NULL "
                "WHERE id = ? AND claimed_by = ? AND done_at IS NULL",
                [now, outcome, ts, item.id, owner],
            )
            if cursor.rowcount != 1:
                return False
            if item.kind == PARENT and ts:
                # a series' thread (`series:ID`) is headed by the series, any other by its task
                if item.lane.startswith(SERIES_LANE):
                    table, key = "series", item.lane[len(SERIES_LANE) :]
                else:
                    table, key = "tasks", item.lane
                db.execute(
                    f"UPDATE {table} SET notice_channel = ?, notice_ts = ?, updated_at = ? "
                    "WHERE id = ? AND notice_ts IS NULL",
                    [channel or item.channel, ts, now, key],
                )
            return True

    def retry(
        self,
        item: OutboxItem,
        at: float,
        owner: str,
        error: str,
        also: Iterable[str] = (),
        unsure: bool = False,
    ) -> None:
        """Hand a claimed row back, not to be sent before `at`. `also` names other kinds that
        wait as long (a 429 is about a Slack method, not one message). `unsure`: Slack may have
        taken it (a timeout, a reset, Slack's own error) or a look for it failed, so the next try
        looks first; else Slack said no to this try, so it holds nothing of this row."""
        with self.store._tx() as db:
            db.execute(
                "UPDATE outbox SET claimed_at = NULL, claimed_by = NULL, due_at = ?, error = ?, "
                "unsure = ? WHERE id = ? AND claimed_by = ? AND done_at IS NULL",
                [at, error[:500], int(unsure), item.id, owner],
            )
            kinds = tuple(also)
            if kinds:
                marks = ", ".join("?" for _ in kinds)
                db.execute(
                    f"UPDATE outbox SET due_at = ? WHERE done_at IS NULL AND due_at < ? "
                    f"AND claimed_at IS NULL AND kind IN ({marks})",
                    [at, at, *kinds],
                )

    def give_up(self, item: OutboxItem, now: float, owner: str, error: str) -> None:
        """Close a claimed row Slack will never take (the reason is kept)."""
        with self.store._tx() as db:
            db.execute(
                "UPDATE outbox SET done_at = ?, outcome = 'gave_up', error = ?, claimed_at = NULL "
                "WHERE id = ? AND claimed_by = ? AND done_at IS NULL",
                [now, error[:500], item.id, owner],
            )

    # -- reads ------------------------------------------------------------------------------

    def superseded(self, item: OutboxItem) -> bool:
        """Whether a later unsent row of the same lane and kind makes this one redundant (a
        parent update: the later one shows the state as it will be then)."""
        with self.store._lock:
            return (
                self.store.db.execute(
                    "SELECT 1 FROM outbox INDEXED BY idx_outbox_unsent WHERE lane = ? "
                    "AND done_at IS NULL AND id > ? AND kind = ? LIMIT 1",
                    [item.lane, item.id, item.kind],
                ).fetchone()
                is not None
            )

    def next_due(self) -> float | None:
        """When the soonest unsent, unclaimed row falls due (None if there is none)."""
        with self.store._lock:
            found = self.store.db.execute(NEXT_DUE_SQL).fetchone()
        return found[0] if found else None

    def get(self, item_id: int) -> OutboxItem | None:
        items = self._items("SELECT * FROM outbox WHERE id = :id", {"id": item_id})
        return items[0] if items else None

    def items(self, lane: str | None = None, unsent: bool = False) -> list[OutboxItem]:
        """Rows in the order they were queued (one lane's, or all; only unsent ones)."""
        where = ["1 = 1"]
        if lane is not None:
            where.append("lane = :lane")
        if unsent:
            where.append("done_at IS NULL")
        sql = f"SELECT * FROM outbox WHERE {' AND '.join(where)} ORDER BY id"
        return self._items(sql, {"lane": lane})

    def prune(self, older_than: float) -> int:
        """Forget rows closed before `older_than`. A task's thread parent row is kept: it is
        what makes "one parent per task" hold however late another notice comes."""
        with self.store._tx() as db:
            cursor = db.execute(
                "DELETE FROM outbox WHERE done_at < ? AND kind != 'parent'", [older_than]
            )
            return cursor.rowcount

    def _items(self, sql: str, params: dict[str, Any]) -> list[OutboxItem]:
        with self.store._lock:
            cursor = self.store.db.execute(sql, params)
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        return [OutboxItem.from_db(dict(zip(names, r, strict=True))) for r in rows]
