"""Benchmark the time resolver: warm per-command latency and `recordbot parse` start-up time.

    .venv/bin/python bench/parse.py [--repeats N] [--runs N] [--per-command]

Targets (issue 11): p99 under 1 ms per command (warm), start-up under 150 ms with the catalogs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.errors import ResolveError  # noqa: E402
from bot.timeparse import resolve  # noqa: E402

P99_TARGET_MS = 1.0
STARTUP_TARGET_S = 0.15

COMMANDS = [
    "livetest from 8pm for 3h",
    "livetest tomorrow 9am to 11:30",
    "livetest now for 90 minutes",
    "livetest 20:00-23:00",
    "livetest next friday at noon for 2 hours",
    "livetest until 6pm",
    "livetest tonight 8-11",
    "livetest 8-11pm",
    "livetest 9am-5pm",
    "livetest at 8pm for 3h",
    "livetest on friday 8pm for 2h",
    "livetest Saturday, Nov 28 at 8pm for 2h",
    "livetest 2026-11-28 20:00 to 2026-11-28 23:00",
    "livetest 2026-11-28T20:00+08:00 for 1h",
    "livetest from 20:00 for 180 minutes",
    "livetest for the next 2 hours",
    "livetest an hour from now for 2h",
    "livetest in 10 minutes for 1h",
    "livetest between 8 and 10pm",
    "livetest 8 in the evening for an hour and a half",
    "livetest from 8pm for 3h ET",
    "livetest 8pm for 1h CST",
    "livetest 8pm for 1h Asia/Tokyo",
    "live/livetest 10pm to 2am",
    "5000.live.push.com/live/livetest the 28th at 8pm for 2h",
    "livetest from 2 hours ago for 3 hours",
    "livetest from 8pm for 30h",
    "livetest yesterday 8pm for 2h",
    "livetest 8pm",
    "livetest from 8pm blah for 3h",
    "8pm for 3h",
    "livetest 今晚8点录3小时",
    "livetest 明天上午9点到11点半",
    "livetest 20:00-23:00",
    "livetest 下周五中午12点开始录2个小时",
    "livetest 现在开始录90分钟",
    "livetest 晚上8点到11点",
    "livetest 后天早上7点半到9点",
    "livetest 今晚8點錄3個小時",
    "livetest ２０：００－２３：００",
    "livetest 十一月二十八日晚上八点录两小时",
    "livetest 10分钟后开始录1小时",
    "livetest 录到晚上11点",
    "livetest 明天凌晨2点录一个半小时",
    "livetest 这周六晚上8点录1小时",
    "livetest 礼拜天下午3点开始录1小时",
    "livetest 今晚8点",
    "今晚8点录3小时",
    "livetest 今晚8点开始，11点结束",
    "livetest 晚上12点开始录2小时 北京时间",
]
NOW = datetime(2026, 11, 26, 18, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def _pct(sorted_values: list[float], p: float) -> float:
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def bench_resolve(repeats: int, per_command: bool) -> tuple[float, float]:
    for text in COMMANDS:  # warm up: imports, regex compilation, zone caches
        try:
            resolve(text, NOW, "Asia/Shanghai")
        except ResolveError:
            pass
    all_ms: list[float] = []
    rows = []
    for text in COMMANDS:
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            try:
                resolve(text, NOW, "Asia/Shanghai")
            except ResolveError:
                pass
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        all_ms += times
        rows.append((text, statistics.median(times), _pct(times, 99)))
    all_ms.sort()
    med, p99 = statistics.median(all_ms), _pct(all_ms, 99)
    if per_command:
        print(f"{'median ms':>10} {'p99 ms':>8}  command")
        for text, m, p in rows:
            print(f"{m:10.3f} {p:8.3f}  {text}")
        print()
    print(
        f"resolve: {len(COMMANDS)} commands x {repeats} repeats, warm: "
        f"median {med:.3f} ms, p99 {p99:.3f} ms, max {all_ms[-1]:.3f} ms "
        f"(target p99 < {P99_TARGET_MS:g} ms: {'OK' if p99 < P99_TARGET_MS else 'MISSED'})"
    )
    return med, p99


def _startup_command() -> tuple[list[str], str]:
    args = ["parse", "--tz", "Asia/Shanghai", "livetest from 8pm for 3h"]
    script = ROOT / ".venv" / "bin" / "recordbot"
    exe = str(script) if script.exists() else shutil.which("recordbot")
    if exe:
        try:
            p = subprocess.run([exe, *args], capture_output=True, timeout=30, cwd=ROOT)
            if p.returncode == 0 and p.stdout.strip().startswith(b"{"):
                return [exe, *args], "recordbot parse"
        except (OSError, subprocess.SubprocessError):
            pass
    return [sys.executable, "-m", "bot.ui.parse_json", *args[1:]], "python -m bot.ui.parse_json"


def bench_startup(runs: int) -> float:
    cmd, label = _startup_command()
    env = {**os.environ}
    subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env, timeout=60)  # warm the disk cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env, timeout=60)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            print(f"start-up run failed ({p.returncode}): {p.stderr.decode()[-300:]}")
    med = statistics.median(times)
    print(
        f'start-up: `{label} "livetest from 8pm for 3h"`, median of {runs} runs: '
        f"{med * 1000:.0f} ms (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; "
        f"target < {STARTUP_TARGET_S * 1000:.0f} ms: {'OK' if med < STARTUP_TARGET_S else 'MISSED'})"
    )
    return med


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeats", type=int, default=200, help="runs per command (default 200)")
    ap.add_argument("--runs", type=int, default=10, help="start-up runs (default 10)")
    ap.add_argument("--per-command", action="store_true", help="also print each command's figures")
    ap.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    a = ap.parse_args()
    _, p99 = bench_resolve(a.repeats, a.per_command)
    startup = bench_startup(a.runs)
    missed = p99 >= P99_TARGET_MS or startup >= STARTUP_TARGET_S
    return 1 if a.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
