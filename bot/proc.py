"""Which process holds a claim or a lease: `host:pid`, and whether that process is gone, so a
crashed bot's claims are taken over at once instead of waited out."""

from __future__ import annotations

import os
import socket


def this_process() -> str:
    """Who holds a lease: host and pid (a second bot or `recordbot reconcile` differs)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def process_gone(owner: str) -> bool:
    """Is the lease holder `host:pid` a process of this host that no longer runs? (A crashed
    bot's lease need not be waited out; another host's is.)"""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
