"""Slash-command ack latency and the full confirm round trip, against the simulator.

Runs `recordbot http` as its own process (so its peak RSS is its own), with the Slack Web API
stand-in and the Live API simulator in this process, all on loopback. Prints median and p99.

    .venv/bin/python bench/flow.py [--runs 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot.live.sim import LiveSimulator  # noqa: E402
from bot.ui.cards import Action  # noqa: E402

from botproc import BotProcess, bot_env  # noqa: E402
from slackfake import SlackWebApiStandIn, post_signed, response_url_of  # noqa: E402

SECRET = "bench-signing-secret"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--pace",
        type=float,
        default=0.1,
        help="seconds between runs; 0 lets the client's 15/s rate limiter show in the round trip",
    )
    args = parser.parse_args()

    sim = LiveSimulator()
    sim.start()
    slack = SlackWebApiStandIn().start()
    slack.add_user("U1", tz="Asia/Shanghai", name="alice")
    slack.add_channel("C1", "general")
    tmp = Path(tempfile.mkdtemp())
    env = bot_env(slack, sim.url, tmp / "bench.db", SECRET, RECORD_CHANNEL="C1")
    bot = BotProcess(env, tmp, tmp / "bot.log")
    try:
        bot.wait_ready()
        url = bot.url
        acks, rounds = [], []
        for i in range(args.runs):
            # stream names vary so no stream gets more than three overlapping tasks
            body = slack.slash_command_body(
                f"bench{i} tomorrow 9am to 10am", user_id="U1", channel_id="C1"
            )
            card_url = response_url_of(body)
            t0 = time.perf_counter()
            status, _, _ = post_signed(url, SECRET, body)
            acks.append((time.perf_counter() - t0) * 1000)
            assert status == 200
            card = slack.wait_for_responses(1, url=card_url, timeout=10)[-1].body
            if not any(
                e.get("action_id") == Action.CONFIRM
                for b in card["blocks"]
                for e in b.get("elements", [])
            ):
                raise SystemExit(f"no Confirm button on the card: {card['text']} {card['blocks']}")
            value = next(
                e["value"]
                for b in card["blocks"]
                for e in b.get("elements", [])
                if e.get("action_id") == Action.CONFIRM
            )
            click = slack.block_actions_body(Action.CONFIRM, value, user_id="U1", channel_id="C1")
            outcome_url = response_url_of(click)
            t1 = time.perf_counter()
            status, _, _ = post_signed(url, SECRET, click)
            slack.wait_for_responses(1, url=outcome_url, timeout=10)
            rounds.append((time.perf_counter() - t1) * 1000)
            assert status == 200
            time.sleep(args.pace)
        created = len(sim.tasks)
        rss = peak_rss_mib(bot.proc.pid)
    finally:
        bot.stop()
        slack.stop()
        sim.stop()
    print(
        f"cores: {os.cpu_count()}  runs: {args.runs}  pace: {args.pace}s  tasks created: {created}"
    )
    print(
        f"slash-command ack:       median {statistics.median(acks):6.2f} ms   p99 {pct(acks, 99):6.2f} ms"
    )
    print(
        f"confirm -> TaskId shown: median {statistics.median(rounds):6.2f} ms   p99 {pct(rounds, 99):6.2f} ms"
    )
    print(f"bot peak RSS (VmHWM):    {rss:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
