"""HTTP-mode ack latency under a steady stream of slash commands, mentions or direct messages
(open loop).

Runs `recordbot http` as its own process (so its RSS and CPU are its own) against the Slack Web
API stand-in and the Live API simulator, which run in this process with the load generator, all
on loopback. Requests are sent on a fixed schedule (`--rate` a second for `--seconds`) by a few
threads, whether or not earlier ones were answered, each on a new connection as Slack does.

`--kind mention` sends signed Events API deliveries of `app_mention` (`@recordbot ...`, JSON) and
`--kind dm` of `message.im` instead of `/record` commands; the same texts either way.

Printed: the machine's cores, ack latency (request sent -> HTTP 200) p50/p90/p99/max, the same
measured from each request's scheduled time (so a stalled sender cannot hide latency), how many
cards the bot went on to post and how long that took, and the bot's peak RSS (VmHWM).
Targets: ack p99 < 10 ms on 2 cores; peak RSS < 150 MB.

    .venv/bin/python bench/load.py [--rate 50] [--seconds 30] [--senders 4] [--kind command]
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot.live.sim import LiveSimulator  # noqa: E402

from botproc import BotProcess, bot_env  # noqa: E402
from slackfake import SlackWebApiStandIn, sign  # noqa: E402

SECRET = "bench-signing-secret"
ACK_P99_TARGET_MS = 10.0
KINDS = {"command": "slash commands", "mention": "mentions (app_mention)", "dm": "direct messages"}
RSS_TARGET_MIB = 150.0


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def proc_status(pid: int, key: str) -> float:
    """A `kB` field of /proc/PID/status, in MiB (NaN when not on Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def send(port: int, body: bytes, content_type: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(
            "POST", "/slack/events", body, {**sign(SECRET, body), "Content-Type": content_type}
        )
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=50.0, help="slash commands a second")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long to send")
    parser.add_argument("--senders", type=int, default=4, help="sending threads")
    parser.add_argument("--warmup", type=int, default=20, help="requests sent before measuring")
    parser.add_argument(
        "--kind",
        choices=("command", "mention", "dm"),
        default="command",
        help="slash commands, app_mention events or message.im events",
    )
    args = parser.parse_args()

    sim = LiveSimulator()
    sim.start()
    slack = SlackWebApiStandIn().start()
    users = [f"U{100 + i}" for i in range(50)]
    zones = ("Asia/Shanghai", "America/New_York", "Europe/London", "UTC", "Asia/Kolkata")
    for i, user in enumerate(users):
        slack.add_user(user, tz=zones[i % len(zones)], name=user.lower())
    slack.add_channel("C1", "general")
    tmp = Path(tempfile.mkdtemp(prefix="recordbot-load-"))
    env = bot_env(slack, sim.url, tmp / "load.db", SECRET, RECORD_CHANNEL="C1")
    bot = BotProcess(env, tmp, tmp / "bot.log")
    port = bot.port
    try:
        bot.wait_ready()
        total = int(args.rate * args.seconds)
        texts = [
            "tomorrow 9am to 10am",
            "from 8pm for 3h",
            "now for 90 minutes",
            "next friday at noon for 2 hours",
            "list",
            "help",
        ]

        # build the bodies up front (fresh response_urls); they are signed when sent
        def body_for(i: int) -> bytes:
            text = texts[i % len(texts)]
            text = f"load{i} {text}" if i % len(texts) < 4 else text
            user = users[i % len(users)]
            if args.kind == "mention":
                return slack.app_mention_body(f"<@{slack.bot_user_id}> {text}", user, "C1")
            if args.kind == "dm":
                return slack.message_im_body(text, user)
            return slack.slash_command_body(text, user_id=user, channel_id="C1")

        ctype = (
            "application/x-www-form-urlencoded" if args.kind == "command" else "application/json"
        )
        answer_method = {"mention": "chat.postEphemeral", "dm": "chat.postMessage"}.get(args.kind)

        def answered() -> int:
            if answer_method:
                return len([c for c in slack.calls_to(answer_method) if c.ok])
            return len([r for r in slack.responses if r.ok])

        bodies = [body_for(i) for i in range(args.warmup + total)]
        for body in bodies[: args.warmup]:  # imports, caches, first connections
            send(port, body, ctype)
        time.sleep(1.0)
        slack.clear()
        rss_before = proc_status(bot.proc.pid, "VmRSS")
        cpu_before = cpu_seconds(bot.proc.pid)

        work: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        acks: list[float] = []
        from_schedule: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()

        def sender() -> None:
            while (item := work.get()) is not None:
                due, body = item
                wait = due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                t0 = time.perf_counter()
                try:
                    status = send(port, body, ctype)
                except OSError as exc:
                    status, note = 0, f"{type(exc).__name__}: {exc}"
                t1 = time.perf_counter()
                with lock:
                    if status == 200:
                        acks.append((t1 - t0) * 1000)
                        from_schedule.append((t1 - due) * 1000)
                    else:
                        failures.append(note if status == 0 else f"HTTP {status}")

        threads = [threading.Thread(target=sender, daemon=True) for _ in range(args.senders)]
        for t in threads:
            t.start()
        start = time.perf_counter() + 0.2
        for i, body in enumerate(bodies[args.warmup :]):
            work.put((start + i / args.rate, body))
        for _ in threads:
            work.put(None)
        for t in threads:
            t.join()
        sent_for = time.perf_counter() - start
        # the bot answers each with a card (response_url, chat.postEphemeral or postMessage)
        deadline = time.monotonic() + 30
        while answered() < total and time.monotonic() < deadline:
            time.sleep(0.1)
        cards = answered()
        drained_after = time.perf_counter() - start
        cpu = cpu_seconds(bot.proc.pid) - cpu_before
        rss = proc_status(bot.proc.pid, "VmHWM")
    finally:
        bot.stop()
        slack.stop()
        sim.stop()

    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(f"cores: {os.cpu_count()} (usable: {affinity})   python {sys.version.split()[0]}")
    print(
        f"load: {args.rate:g} {KINDS[args.kind]}/s for {args.seconds:g} s = {total} requests, "
        f"{args.senders} senders, sent in {sent_for:.1f} s"
    )
    print(
        f"ack latency (sent -> 200):   p50 {statistics.median(acks):6.2f} ms   "
        f"p90 {pct(acks, 90):6.2f} ms   p99 {pct(acks, 99):6.2f} ms   max {max(acks):7.2f} ms   "
        f"(target p99 < {ACK_P99_TARGET_MS:g} ms)"
    )
    print(
        f"from scheduled send time:    p50 {statistics.median(from_schedule):6.2f} ms   "
        f"p90 {pct(from_schedule, 90):6.2f} ms   p99 {pct(from_schedule, 99):6.2f} ms   "
        f"max {max(from_schedule):7.2f} ms"
    )
    print(f"failed requests: {len(failures)}" + (f" ({failures[:3]})" if failures else ""))
    print(f"cards posted by the bot: {cards}/{total}, the last {drained_after:.1f} s after start")
    print(f"bot CPU during the run: {cpu:.1f} s ({cpu / max(sent_for, 1e-9) * 100:.0f}% of a core)")
    print(
        f"bot RSS: {rss_before:.1f} MiB after warm-up; peak (VmHWM) {rss:.1f} MiB "
        f"(target < {RSS_TARGET_MIB:g} MB)"
    )
    return 0 if not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
