"""Pacing calls to Live below its 20 requests a second, across threads (no SDK here).

`RateLimiter` is shared by every Live call of the process; `on_queued` lets a front end learn that
the call of its thread is waiting for a slot, so it can show "queued".
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def queued_callback() -> Callable[[float], None] | None:
    """The `on_queued` callback of the calling thread, if any."""
    return getattr(_queue_listener, "callback", None)


_queue_listener = threading.local()


@contextmanager
def on_queued(callback: Callable[[float], None]) -> Iterator[None]:
    """While inside, a Live call of this thread that must wait for a rate-limit slot tells
    `callback(seconds)` once, so the front end can show "queued"."""
    told = False

    def once(wait: float) -> None:
        nonlocal told
        if not told:
            told = True
            callback(wait)

    previous = getattr(_queue_listener, "callback", None)
    _queue_listener.callback = once
    try:
        yield
    finally:
        _queue_listener.callback = previous


class RateLimiter:
    """At most `capacity` = rate x window calls in any sliding `window` seconds, across threads.

    Each call holds its slot for `window + margin`: the service counts arrivals, not our
    departures, and a burst's requests reach it with different delays, so a pure 1-second window
    at 15 can still put 21 arrivals into one of its seconds (seen under load). With the margin,
    arrival jitter up to `margin` seconds cannot push more than `capacity` into a second.
    `acquire()` blocks until a slot is free; `on_wait(seconds)` is told before each wait so a
    caller can say "queued".
    """

    def __init__(
        self,
        rate: float = 15.0,
        *,
        window: float = 1.0,
        margin: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        on_wait: Callable[[float], None] | None = None,
    ) -> None:
        if rate <= 0 or window <= 0 or margin < 0:
            raise ValueError("rate and window must be positive, margin not negative")
        self.capacity = max(1, int(rate * window))
        self.hold = window + margin
        self._clock = clock
        self._sleep = sleep
        self.on_wait = on_wait
        # When each taken slot frees up. Kept as expiry times (not grant times) so the "free
        # yet?" test and the wait use the same float, and a fake clock cannot spin at wait 0.
        self._frees_at: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self, on_wait: Callable[[float], None] | None = None) -> float:
        """Take a slot, waiting if need be; returns the clock reading the slot was taken at."""
        notify = on_wait or self.on_wait
        while True:
            with self._lock:
                now = self._clock()
                while self._frees_at and self._frees_at[0] <= now:
                    self._frees_at.popleft()
                if len(self._frees_at) < self.capacity:
                    self._frees_at.append(now + self.hold)
                    return now
                wait = self._frees_at[0] - now  # > 0: the test above failed
            if notify is not None:
                notify(wait)
            self._sleep(wait)
