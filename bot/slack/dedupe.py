"""Remember which Slack deliveries were handled, so a re-delivery (X-Slack-Retry-Num) is acked
and dropped instead of handled twice."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class RecentDeliveries:
    """Keys seen in the last `ttl` seconds (Slack retries within minutes), at most `size` kept."""

    def __init__(
        self, ttl: float = 600.0, size: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first(self, key: str | None) -> bool:
        """True the first time `key` is offered (and for a missing key: nothing to compare)."""
        if not key:
            return True
        now = self.clock()
        with self._lock:
            while self._seen and (
                len(self._seen) >= self.size or next(iter(self._seen.values())) < now - self.ttl
            ):
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now
            return True


def delivery_key(body: dict) -> str | None:
    """What identifies one user gesture (or one event) across Slack's re-deliveries of it."""
    event_id = body.get("event_id")  # the Events API: the same id on every retry
    if isinstance(event_id, str) and event_id:
        return f"event:{event_id}"
    trigger = body.get("trigger_id")
    if not trigger:
        return None
    action_ts = ((body.get("actions") or [{}])[0] or {}).get("action_ts", "")
    return f"{trigger}:{action_ts}"
