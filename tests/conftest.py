"""Shared test setup. On CI, Hypothesis runs a fixed sequence of examples (derandomize), so a
run is repeatable; locally every run explores new ones.

Shared fixtures:
- `clock`, `store`: a settable clock at fakes.NOW and an in-memory task log on it (use cases);
- `no_proxies`: loopback HTTP must not go through a proxy from the environment;
- `world`, `make_world`: recordbot wired on loopback with the Slack stand-in and the Live
  simulator (wiredapp.World).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from bot.store import TaskStore

    from fakes import Clock
    from wiredapp import World

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

PROXY_KEYS = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")


@pytest.fixture
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unset the proxy variables, which slack_sdk and the Live SDK would route loopback through.
    Modules that talk HTTP on loopback use it with `pytestmark = pytest.mark.usefixtures(...)`."""
    for key in PROXY_KEYS:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def make_world(tmp_path: Path) -> Iterator[Callable[..., World]]:
    """Build wired apps on a task log in tmp_path: `make_world(users=..., env=...)`, or with a
    World subclass first. Each is closed when the test ends."""
    from wiredapp import World  # here, so that unit tests do not import the wired app

    worlds: list[World] = []

    def make(cls: type[World] = World, /, **kwargs: Any) -> World:
        world = cls(tmp_path / f"world{len(worlds)}.db", **kwargs)
        worlds.append(world)
        return world

    yield make
    for world in reversed(worlds):
        world.close()


@pytest.fixture
def world(make_world: Callable[..., World]) -> World:
    """The wired app with the default users (U1 in Shanghai, U2 in New York, U3 without a zone)
    and channels (C1, and CREC for notices)."""
    return make_world()


@pytest.fixture
def clock() -> Clock:
    """A settable clock at fakes.NOW (a module may override it, `store` follows)."""
    from fakes import NOW, Clock

    return Clock(NOW)


@pytest.fixture
def store(clock: Clock) -> Iterator[TaskStore]:
    """An in-memory task log on `clock`, closed when the test ends."""
    from bot.store import TaskStore

    store = TaskStore(":memory:", clock=clock)
    yield store
    store.close()
