"""`recordbot sim`: the simulator in the foreground, one line printed for each request and for
each callback it sends."""

from __future__ import annotations

import signal
import sys
import threading
import time
from typing import Any, TextIO

from bot.live.sim.notify import RETRY_INTERVAL
from bot.live.sim.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, LiveSimulator
from bot.windows import REGIONS


def describe_attempt(attempt: dict[str, Any]) -> str:
    """One callback attempt as a line: what it was, for which task, and how it went."""
    body = attempt["payload"]
    what = f"{body['event_type']}"
    if body.get("record_event"):
        what += f" {body['record_event']}"
    elif body["event_type"] == 100:
        what += " file ready"
    elif body["event_type"] in (0, 1):
        what += " push " + ("started" if body["event_type"] == 1 else "stopped")
    task = f" TaskId={body['task_id']}" if body.get("task_id") else f" stream={body['stream_id']}"
    if attempt["delivered"]:
        outcome = "200"
    else:
        outcome = attempt["error"] or f"HTTP {attempt['status']}"
        outcome += "; gave up" if attempt["gave_up"] else "; will retry"
    retry = f" (attempt {attempt['attempt']})" if attempt["attempt"] > 1 else ""
    return f"callback {what}{task} -> {outcome}{retry}"


def serve(
    port: int = 9000,
    host: str = "127.0.0.1",
    out: TextIO = sys.stdout,
    *,
    callback_url: str | None = None,
    callback_key: str | None = None,
    callback_retry_interval: float = RETRY_INTERVAL,
) -> int:
    """`recordbot sim`: run the simulator in the foreground until SIGINT/SIGTERM; exit code.

    With `callback_url` it sends Live's callbacks there, signed with `callback_key`."""

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

    def show_callback(attempt: dict[str, Any]) -> None:
        stamp = time.strftime("%H:%M:%S")
        print(f"[sim {stamp}] {describe_attempt(attempt)}", file=out, flush=True)

    try:
        sim = LiveSimulator(
            on_request=show,
            callback_url=callback_url,
            callback_key=callback_key,
            callback_retry_interval=callback_retry_interval,
            on_callback=show_callback,
        )
    except ValueError as e:
        print(f"recordbot sim: {e}", file=sys.stderr)
        return 2
    try:
        url = sim.start(host, port)
    except OSError as e:
        print(f"recordbot sim: cannot listen on {host}:{port}: {e.strerror or e}", file=sys.stderr)
        return 1
    # Handlers before the ready lines, so a signal sent on seeing them is ours. A plain flag, not
    # a threading.Event: Event.set() from a signal handler deadlocks if the signal lands while
    # the main thread holds the Event's lock inside wait().
    done = [False]
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, lambda *_: done.__setitem__(0, True))
    print(f"Live API simulator listening on {url}", file=out)
    print("Point recordbot at it with:", file=out)
    print(f"  LIVE_API_ENDPOINT={url}", file=out)
    print(f"  TENCENTCLOUD_SECRET_ID={SIM_SECRET_ID}", file=out)
    print(f"  TENCENTCLOUD_SECRET_KEY={SIM_SECRET_KEY}", file=out)
    print(f"  TENCENTCLOUD_REGION=ap-guangzhou  (any of: {', '.join(REGIONS)})", file=out)
    if callback_url:
        signed = "signed with the callback key" if callback_key else "signed with an EMPTY key"
        print(f"Live callbacks go to {callback_url} ({signed}).", file=out)
    else:
        print("No callbacks are sent (no --callback-url).", file=out)
    print("Stop with Ctrl+C.", file=out, flush=True)

    try:
        while not done[0]:
            time.sleep(0.1)
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sim.stop()
    print("Live API simulator stopped.", file=out, flush=True)
    return 0
