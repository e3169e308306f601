"""A value kept for a while: read again at most every `ttl` seconds (Slack user groups, health)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Expiring(Generic[T]):
    """`get()` returns what `load()` last returned if that is under `ttl` seconds old, else loads
    again. The load runs outside the lock (it may be a network call); a load that raises leaves
    nothing cached, so the next `get()` tries again."""

    def __init__(
        self, load: Callable[[], T], ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.load = load
        self.ttl = ttl
        self.clock = clock
        self._cached: tuple[float, T] | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._cached and self.clock() - self._cached[0] < self.ttl:
                return self._cached[1]
        value = self.load()
        with self._lock:
            self._cached = (self.clock(), value)
        return value
