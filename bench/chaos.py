"""Kill the bot (SIGKILL) at a random moment around Confirm, many times, then count what broke.

Each iteration starts `recordbot http` as its own process on one task log (the start settles
what the last kill left), proposes `/record chaosN tomorrow ...`, presses Confirm, and kills the
bot at once, or after a random pause of up to 50 or 400 ms, while the Live simulator answers creates after a random
0-300 ms. A last start settles everything and is stopped gracefully. Then it reports:

- doubles: a Confirm that made more than one task on Live;
- losses: a task on Live the log does not hold as `created` with its TaskId;
- stuck: rows still `pending` after the last start settled;
- notices missing or doubled: each created task's "scheduled a recording" notice in its thread.

The simulator applies a create before its reply is delayed, so nothing appears on Live late:
the bot runs with RECORDBOT_CREATE_PATIENCE=0 (a create that reached no one is failed at once).

    .venv/bin/python bench/chaos.py [--iterations 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot.live.sim import LiveSimulator  # noqa: E402
from bot.ui.cards import Action  # noqa: E402

from botproc import BotProcess, bot_env  # noqa: E402
from slackfake import SlackWebApiStandIn, post_signed, response_url_of  # noqa: E402
from wiredapp import button_value  # noqa: E402

SECRET = "chaos-signing-secret"
CHANNEL = "CREC"


def confirm_then_kill(
    bot: BotProcess, slack: SlackWebApiStandIn, stream: str, pause: float
) -> bool:
    """Propose and press Confirm; kill the bot `pause` seconds after the press. False if the
    card never came (the bot is then killed anyway)."""
    body = slack.slash_command_body(f"{stream} tomorrow 9am to 10am", user_id="U1", channel_id="C1")
    if post_signed(bot.url, SECRET, body)[0] != 200:
        bot.kill()
        return False
    card = slack.wait_for_responses(1, url=response_url_of(body), timeout=15)[-1].body
    click = slack.block_actions_body(
        Action.CONFIRM, button_value(card, Action.CONFIRM), user_id="U1", channel_id="C1"
    )
    post_signed(bot.url, SECRET, click)
    time.sleep(pause)
    bot.kill()
    return True


def report(
    db: Path, sim: LiveSimulator, slack: SlackWebApiStandIn, streams: list[str]
) -> dict[str, int]:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT stream, status, task_id FROM tasks WHERE stream LIKE 'chaos%' "
        "AND status NOT IN ('proposed', 'cancelled')"
    ).fetchall()
    conn.close()
    on_live = Counter(t["StreamName"] for t in sim.tasks.values())
    created = {task_id: stream for stream, status, task_id in rows if status == "created"}
    logged_ids = set(created)
    notices = Counter()
    for message in slack.messages(CHANNEL):
        text = message.get("text") or ""
        is_reply = message.get("thread_ts") not in (None, message.get("ts"))
        if is_reply and "scheduled a recording" in text:
            for task_id in logged_ids:
                if task_id in text:
                    notices[task_id] += 1
    return {
        "iterations": len(streams),
        "confirms": len(rows),
        "created": len(created),
        "failed (never reached Live)": sum(1 for _, s, _ in rows if s == "failed"),
        "doubles": sum(1 for n in on_live.values() if n > 1),
        "losses": sum(1 for t in sim.tasks.values() if t["TaskId"] not in logged_ids),
        "stuck": sum(1 for _, s, _ in rows if s == "pending"),
        "notices missing": sum(1 for t in logged_ids if notices[t] == 0),
        "notices doubled": sum(1 for t in logged_ids if notices[t] > 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="recordbot-chaos-"))
    db = tmp / "chaos.db"
    sim = LiveSimulator()
    sim.start()
    slack = SlackWebApiStandIn().start()
    slack.add_user("U1", tz="Asia/Shanghai", name="alice")
    slack.add_channel("C1", "general")
    slack.add_channel(CHANNEL, "recordings")
    env = bot_env(slack, sim.url, db, SECRET, RECORD_CHANNEL=CHANNEL, RECORDBOT_CREATE_PATIENCE="0")
    streams = [f"chaos{i}" for i in range(args.iterations)]
    started = time.monotonic()
    try:
        for i, stream in enumerate(streams):
            sim.delay_next("CreateRecordTask", rnd.uniform(0, 0.3))
            bot = BotProcess(env, tmp, tmp / "bot.log")
            try:
                bot.wait_ready()
                pause = rnd.choice([0.0, rnd.uniform(0, 0.05), rnd.uniform(0, 0.4)])
                confirm_then_kill(bot, slack, stream, pause)
            finally:
                bot.stop()
            if (i + 1) % 20 == 0:
                print(f"  {i + 1} kills, {time.monotonic() - started:.0f}s", flush=True)
        last = BotProcess(env, tmp, tmp / "bot.log")
        try:
            last.wait_ready()
            time.sleep(3)  # the scheduler posts what the kills left owed
        finally:
            last.stop()
        figures = report(db, sim, slack, streams)
    finally:
        slack.stop()
        sim.stop()
    print(f"chaos: {args.iterations} kills around Confirm in {time.monotonic() - started:.0f}s")
    for name, value in figures.items():
        print(f"  {name:<30} {value}")
    bad = figures["doubles"] + figures["losses"] + figures["stuck"]
    bad += figures["notices missing"] + figures["notices doubled"]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
