"""The offline shell end to end: piped input, the in-process simulator, the real SDK."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(
    args: list[str], stdin: str, db: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "TENCENTCLOUD_", "LIVE_API", "RECORD"))
        and "proxy" not in k.lower()
    }
    env.update({"RECORDBOT_DB": str(db), "USER": "tester"})
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=str(db.parent),
        env=env,
        timeout=60,
    )


def test_shell_creates_a_task_on_the_simulator_and_lists_it(tmp_path):
    db = tmp_path / "shell.db"
    result = run(
        ["shell", "--tz", "Asia/Shanghai"],
        "/record livetest now for 1h\nconfirm\n/record list\n",
        db,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Asia/Shanghai" in out.splitlines()[0]
    assert "[1] Confirm" in out and "[3] Cancel" in out
    assert "[notice]" in out and "SIMULATED" in out
    tasks = json.loads(run(["tasks", "--json"], "", db).stdout)
    assert len(tasks) == 1
    task = tasks[0]
    assert task["status"] == "created" and task["task_id"] and task["user"] == "tester"
    assert (task["stream"], task["app"], task["domain"]) == (
        "livetest",
        "live",
        "5000.live.push.com",
    )
    assert task["start"].endswith("+00:00") and task["end"].endswith("+00:00")
    assert task["task_id"] in out.split("/record list", 1)[-1] or out.count(task["task_id"]) >= 2


def test_buttons_by_number_and_cancel(tmp_path):
    db = tmp_path / "shell.db"
    result = run(
        ["shell", "--tz", "UTC", "--user", "sam"], "/record livetest tomorrow 9am to 10am\n3\n", db
    )
    assert result.returncode == 0, result.stderr
    assert "Cancelled" in result.stdout
    tasks = json.loads(run(["tasks", "--json"], "", db).stdout)
    assert [(t["status"], t["task_id"], t["user"]) for t in tasks] == [("cancelled", None, "sam")]


def test_bad_input_is_explained_and_changes_nothing(tmp_path):
    db = tmp_path / "shell.db"
    result = run(
        ["shell", "--tz", "UTC"],
        "/record livetest in 6 days for 80h\nconfirm\n/record\n/nope\n",
        db,
    )
    assert result.returncode == 0, result.stderr
    assert "72" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert json.loads(run(["tasks", "--json"], "", db).stdout) == []


def test_a_window_beyond_lives_horizon_is_booked_in_the_shell(tmp_path):
    db = tmp_path / "shell.db"
    result = run(["shell", "--tz", "UTC"], "/record livetest in 6 days for 30h\nconfirm\n", db)
    assert result.returncode == 0, result.stderr
    assert "Live takes a task only 6 days ahead" in result.stdout
    tasks = json.loads(run(["tasks", "--json"], "", db).stdout)
    assert sorted(t["status"] for t in tasks) == ["booked", "booked"]
    assert all(t["create_at"] and t["task_id"] is None for t in tasks)


def test_edit_in_the_shell(tmp_path):
    db = tmp_path / "shell.db"
    result = run(
        ["shell", "--tz", "UTC"],
        "/record livetest tomorrow 9am to 10am\nedit\ntomorrow 1pm to 2pm\nconfirm\n",
        db,
    )
    assert result.returncode == 0, result.stderr
    tasks = json.loads(run(["tasks", "--json"], "", db).stdout)
    created = [t for t in tasks if t["status"] == "created"]
    assert len(created) == 1 and created[0]["start"][11:16] == "13:00"


def test_a_stop_refused_by_live_keeps_the_task(tmp_path):
    db = tmp_path / "shell.db"
    first = run(["shell", "--tz", "UTC"], "/record livetest now for 1h\nconfirm\n", db)
    task_id = json.loads(run(["tasks", "--json"], "", db).stdout)[0]["task_id"]
    # a new shell has a new in-process simulator that does not know the task: Live refuses
    # the stop (typed in full, it is sent at once), and the log keeps the task as it was
    result = run(["shell", "--tz", "UTC"], f"/record stop {task_id}\n", db)
    assert first.returncode == result.returncode == 0
    assert "InvalidParameter" in result.stdout
    assert json.loads(run(["tasks", "--json"], "", db).stdout)[0]["status"] == "created"


def test_app_token_without_bot_token_is_a_configuration_error(tmp_path):
    result = run(["run"], "", tmp_path / "x.db", {"SLACK_APP_TOKEN": "xapp-1"})
    assert result.returncode == 2 and "SLACK_BOT_TOKEN" in result.stderr


def test_slack_app_refuses_to_start_without_tencent_credentials(tmp_path):
    result = run(
        ["http", "--port", "0"],
        "",
        tmp_path / "x.db",
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"},
    )
    assert (
        result.returncode == 2
        and "TENCENTCLOUD_SECRET_ID" in result.stderr
        and "LIVE_API_ENDPOINT=sim" in result.stderr
    )


def test_reading_commands_create_no_log(tmp_path):
    db = tmp_path / "none.db"
    assert run(["tasks", "--json"], "", db).stdout.strip() == "[]"
    assert "No tasks yet" in run(["tasks"], "", db).stdout
    assert run(["audit", "--json"], "", db).stdout.strip() == "[]"
    assert not db.exists()


def test_stop_from_the_list_asks_first_and_names_the_start(tmp_path):
    db = tmp_path / "shell.db"
    script = "/record livetest now for 1h\nconfirm\n/record list\n1\nno\n/record list\n1\nyes\n"
    result = run(["shell", "--tz", "UTC"], script, db)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # the start comes first (Slack cuts button text at ~30 characters): it tells two tasks apart
    assert re.search(r"\[1\] Stop \w{3} \d\d:\d\d · livetest", out)
    # the dialog names the window
    assert re.search(
        r"Stop recording\? \w{3} \d\d \w{3} \d{4} \d\d:\d\d to (\w{3} \d\d \w{3} \d{4} )?\d\d:\d\d "
        r"\(UTC, UTC\+00:00\): this stops the recording of 5000.live.push.com/live/livetest now. \[yes/no\]",
        out,
    )
    assert "Kept: nothing was changed." in out
    assert json.loads(run(["tasks", "--json"], "", db).stdout)[0]["status"] == "stopped"


def test_times_keep_their_colons_in_the_terminal():
    from bot.ui.shell import plain

    assert plain(":red_circle: now (Fri 27 Nov 04:32:17) *x*") == "now (Fri 27 Nov 04:32:17) x"


def test_what_was_typed_is_shown_as_typed(tmp_path):
    result = run(
        ["shell", "--tz", "UTC"],
        "/record :tada: now for 1h\n/record *livetest* now for 1h\n/record livetest now for 1h :tada:\n",
        tmp_path / "shell.db",
    )
    out = result.stdout
    assert "`:tada:` is not a stream name" in out
    assert "`*livetest*` is not a stream name" in out
    assert "could not read `:tada:`" in out and "``" not in out


def test_the_shell_takes_yes_and_no_in_english_and_chinese(tmp_path):
    db = tmp_path / "shell.db"
    once = "/record livetest tomorrow 9am to 10am\nconfirm\n"
    again = "/record livetest tomorrow 9am to 10am\nconfirm\n"
    result = run(["shell", "--tz", "UTC"], once + again + "maybe\n否\n" + again + "是\n", db)
    out = result.stdout
    # the second card names the task it repeats and asks before recording the window twice
    assert "This is the same as TaskId" in out and "Record this twice?" in out
    assert "Please answer yes or no" in out and "Kept: nothing was changed." in out
    tasks = json.loads(run(["tasks", "--json"], "", db).stdout)
    assert sorted(t["status"] for t in tasks if t["task_id"]) == ["created", "created"]


def test_audit_rows_name_the_stream_and_window_in_its_zone(tmp_path):
    db = tmp_path / "shell.db"
    run(["shell", "--tz", "Asia/Shanghai"], "/record livetest tomorrow 20:00-22:00\nconfirm\n", db)
    out = run(["audit"], "", db).stdout
    line = next(x for x in out.splitlines() if " confirm " in x)
    assert " UTC " in line  # when it happened, with its zone
    assert re.search(
        r"5000\.live\.push\.com/live/livetest \w{3} \d\d \w{3} 20:00-22:00 Asia/Shanghai", line
    )
    (entry,) = [
        e for e in json.loads(run(["audit", "--json"], "", db).stdout) if e["action"] == "confirm"
    ]
    assert entry["stream"] == "5000.live.push.com/live/livetest" and entry["tz"] == "Asia/Shanghai"
    assert entry["start"].endswith("T12:00:00+00:00")  # 20:00 in Shanghai


def test_abandoned_cards_leave_the_task_listing_after_30_minutes(tmp_path):
    import time

    from bot.store import TaskStore

    db = tmp_path / "log.db"
    row = {"app": "live", "domain": "d", "start": 4_000_000_000, "end": 4_000_003_600,
           "user": "U1", "tz": "UTC", "command": ""}  # fmt: skip
    old = TaskStore(str(db), clock=lambda: time.time() - 31 * 60)
    old.add_proposals([{**row, "stream": "abandoned"}], "U1")
    old.close()
    fresh = TaskStore(str(db))
    fresh.add_proposals([{**row, "stream": "fresh"}], "U1")
    fresh.close()
    listed = [t["stream"] for t in json.loads(run(["tasks", "--json"], "", db).stdout)]
    assert listed == ["fresh"]


def test_the_shell_shows_a_recordings_whole_life(tmp_path):
    # The in-process simulator POSTs Live's callbacks to the shell's loopback listener, signed
    # with the key they share; the shell prints notices while it waits for the next line.
    import subprocess as sp
    import threading
    import time

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "TENCENTCLOUD_", "LIVE_API", "RECORD", "CALLBACK_"))
        and "proxy" not in k.lower()
    }
    env.update({"RECORDBOT_DB": str(tmp_path / "shell.db"), "USER": "tester"})
    proc = sp.Popen(
        [sys.executable, "-m", "bot", "shell", "--tz", "UTC"],
        stdin=sp.PIPE,
        stdout=sp.PIPE,
        stderr=sp.PIPE,
        text=True,
        cwd=str(tmp_path),
        env=env,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")))
    reader.start()
    try:
        proc.stdin.write("/record livetest now for 3 seconds\nconfirm\n")
        proc.stdin.flush()  # and no more input: what follows arrives while the shell waits
        deadline = time.monotonic() + 20
        while not any("recorded file" in x for x in lines) and time.monotonic() < deadline:
            time.sleep(0.1)
        proc.stdin.close()
        assert proc.wait(timeout=10) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)
    out = "".join(lines)
    assert "Live's callbacks to http://127.0.0.1:" in lines[0]
    notices = [x for x in lines if x.startswith("[notice]")]
    task_id = json.loads(run(["tasks", "--json"], "", tmp_path / "shell.db").stdout)[0]["task_id"]
    assert all(task_id in x for x in notices)
    said = [
        next((i for i, x in enumerate(notices) if marker in x), None)
        for marker in (
            "scheduled a recording",  # Confirm
            "started (TaskId",  # the scheduler, at the start
            "started pushing",  # Live's push callback
            "ended (TaskId",  # the scheduler, at the end
            "A recorded file",  # Live's file callback (100)
        )
    ]
    assert None not in said, out
    assert said[:2] == sorted(said[:2]) and said[3] < said[4], out
    assert "vod2.myqcloud.com" in notices[said[4]]
    assert "Traceback" not in out and "refused" not in proc.stderr.read()


def test_a_notice_while_waiting_gets_a_line_of_its_own_and_the_prompt_returns():
    import io

    from bot.ui.shell import Shell

    read_end, write_end = os.pipe()
    out = io.StringIO()
    ticks: list[int] = []

    def idle() -> None:  # the scheduler's tick, while the shell waits for a line
        ticks.append(1)
        if len(ticks) == 1:
            print("[notice] it started", file=shell.console, flush=True)
        elif len(ticks) == 2:
            os.close(write_end)  # then the input ends

    shell = Shell(None, "UTC", "u", out, "hello", idle=idle, idle_interval=0.01)  # type: ignore[arg-type]
    with os.fdopen(read_end) as inp:
        assert shell.run(inp, interactive=True) == 0
    assert out.getvalue() == "hello\n> \n[notice] it started\n> "


def test_tasks_export_as_csv_between_dates(tmp_path):
    import csv
    import io

    db = tmp_path / "shell.db"
    run(["shell", "--tz", "UTC"], "/record early tomorrow 9am to 10am\nconfirm\n"
        "/record late tomorrow 11pm for 1h\nconfirm\n", db)  # fmt: skip
    everything = list(csv.DictReader(io.StringIO(run(["tasks", "--csv"], "", db).stdout)))
    assert sorted(r["stream"] for r in everything) == ["early", "late"]
    assert set(everything[0]) >= {"task_id", "stream", "start", "end", "status", "user", "series"}
    first = min(r["start"] for r in everything)[:10]  # tomorrow: 09:00 and 23:00
    only = run(["tasks", "--csv", "--since", first, "--until", first + "T12:00"], "", db).stdout
    assert [r["stream"] for r in csv.DictReader(io.StringIO(only))] == ["early"]
    bad = run(["tasks", "--csv", "--since", "next week"], "", db)
    assert bad.returncode == 2 and "--since 'next week' is not a date" in bad.stderr
    rows = json.loads(run(["tasks", "--json"], "", db).stdout)
    assert all(r["series"] is None and r["create_at"] is None for r in rows)


def test_export_in_the_shell_saves_the_csv(tmp_path):
    out = run(["shell", "--tz", "UTC"], "/record livetest now for 1h\nconfirm\n/record export\n",
              tmp_path / "shell.db").stdout  # fmt: skip
    saved = [line.split("Saved to ", 1)[1] for line in out.splitlines() if "Saved to " in line]
    assert len(saved) == 1 and Path(saved[0]).parent == tmp_path
    assert ",livetest," in Path(saved[0]).read_text()
    bad = run(["shell", "--tz", "UTC"], "/record export someday\n", tmp_path / "shell.db").stdout
    assert "is not a range" in bad
