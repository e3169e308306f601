"""`recordbot sim`: the simulator in the foreground, one line printed for each request."""

from __future__ import annotations

import signal
import sys
import threading
import time
from typing import Any, TextIO

from bot.live.sim.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, LiveSimulator
from bot.windows import REGIONS


def serve(port: int = 9000, host: str = "127.0.0.1", out: TextIO = sys.stdout) -> int:
    """`recordbot sim`: run the simulator in the foreground until SIGINT/SIGTERM; exit code."""

    def show(event: dict[str, Any]) -> None:
        resp = event["response"]["Response"]
        if "Error" in resp:
            outcome = f"error {resp['Error']['Code']}: {resp['Error']['Message']}"
        else:
            outcome = "ok" + (f" TaskId={resp['TaskId']}" if "TaskId" in resp else "")
        if event["dropped"]:
            outcome += " (reply dropped)"
        stamp = time.strftime("%H:%M:%S")
        print(f"[sim {stamp}] {event['action'] or '-'} {outcome}", file=out, flush=True)

    sim = LiveSimulator(on_request=show)
    try:
        url = sim.start(host, port)
    except OSError as e:
        print(f"recordbot sim: cannot listen on {host}:{port}: {e.strerror or e}", file=sys.stderr)
        return 1
    print(f"Live API simulator listening on {url}", file=out)
    print("Point recordbot at it with:", file=out)
    print(f"  LIVE_API_ENDPOINT={url}", file=out)
    print(f"  TENCENTCLOUD_SECRET_ID={SIM_SECRET_ID}", file=out)
    print(f"  TENCENTCLOUD_SECRET_KEY={SIM_SECRET_KEY}", file=out)
    print(f"  TENCENTCLOUD_REGION=ap-guangzhou  (any of: {', '.join(REGIONS)})", file=out)
    print("Stop with Ctrl+C.", file=out, flush=True)

    done = threading.Event()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, lambda *_: done.set())
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sim.stop()
    print("Live API simulator stopped.", file=out, flush=True)
    return 0
