"""`recordbot parse`: the JSON contract, --batch, --explain, exit codes; in-process and as a
real process."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.errors import ResolveError
from bot.timeparse import resolve
from bot.ui.parse_json import add_arguments, error_to_json, main, resolution_to_json, run

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
NOW = "2026-11-26T18:30:00+08:00"


def parse(argv: list[str], stdin: str = "") -> tuple[int, list[dict]]:
    parser = argparse.ArgumentParser(prog="recordbot parse")
    add_arguments(parser)
    args = parser.parse_args(argv)
    out = io.StringIO()
    code = run(args, io.StringIO(stdin), out)
    text = out.getvalue()
    assert text == "" or text.endswith("\n")
    return code, [json.loads(line) for line in text.splitlines()]


def one(argv: list[str]) -> tuple[int, dict]:
    code, objs = parse(argv)
    assert len(objs) == 1
    return code, objs[0]


def test_a_resolved_command() -> None:
    code, obj = one(["--now", NOW, "--tz", "Asia/Shanghai", "livetest from 8pm for 3h"])
    assert code == 0
    assert obj["stream"] == "livetest" and obj["app"] is None and obj["domain"] is None
    assert obj["start"] == "2026-11-26T20:00:00+08:00"
    assert obj["end"] == "2026-11-26T23:00:00+08:00"
    assert obj["starts_now"] is False and obj["alternatives"] == []
    assert obj["duration_seconds"] == 10800
    assert obj["start_utc"] == "2026-11-26T12:00:00+00:00"
    assert obj["zone"] == "Asia/Shanghai" and obj["lang"] == "en"
    assert "explain" not in obj


def test_app_and_domain_as_typed() -> None:
    _, obj = one(["--now", NOW, "5000.live.push.com/live/livetest 8pm for 1h"])
    assert (obj["domain"], obj["app"], obj["stream"]) == ("5000.live.push.com", "live", "livetest")
    _, obj = one(["--now", NOW, "live/livetest 8pm for 1h"])
    assert (obj["domain"], obj["app"], obj["stream"]) == (None, "live", "livetest")


def test_leading_record_is_ignored_and_words_may_be_separate_arguments() -> None:
    _, a = one(["--now", NOW, "--tz", "Asia/Shanghai", "/record livetest from 8pm for 3h"])
    _, b = one(["--now", NOW, "--tz", "Asia/Shanghai", "livetest", "from", "8pm", "for", "3h"])
    assert a == b


def test_tz_defaults_to_utc() -> None:
    _, obj = one(["--now", "2026-11-26T10:00:00Z", "livetest from 8pm for 3h"])
    assert obj["start"] == "2026-11-26T20:00:00+00:00" and obj["tz"] == "UTC"


def test_a_now_without_offset_is_wall_time_in_tz() -> None:
    _, obj = one(["--now", "2026-11-26T18:30", "--tz", "Asia/Shanghai", "livetest now for 1h"])
    assert obj["start"] == "2026-11-26T18:30:00+08:00" and obj["starts_now"] is True
    _, obj = one(["--now", "2026-11-26 18:30", "--tz", "America/New_York", "livetest now for 1h"])
    assert obj["start"] == "2026-11-26T18:30:00-05:00"


def test_a_now_with_an_offset_is_shown_in_tz() -> None:
    _, obj = one(["--now", "2026-11-26T10:30:00Z", "--tz", "Asia/Shanghai", "livetest now for 1h"])
    assert obj["start"] == "2026-11-26T18:30:00+08:00"


def test_starts_now_start_is_now_in_whole_seconds() -> None:
    _, obj = one(["--now", "2026-11-26T18:30:12.987+08:00", "--tz", "Asia/Shanghai", "x for 1h"])
    assert obj["start"] == "2026-11-26T18:30:12+08:00" and obj["end"] == "2026-11-26T19:30:12+08:00"


def test_the_offset_is_tzs_even_with_a_zone_suffix() -> None:
    _, obj = one(["--now", NOW, "--tz", "Asia/Shanghai", "livetest from 8pm for 3h ET"])
    assert obj["start"] == "2026-11-27T09:00:00+08:00" and obj["zone"] == "America/New_York"
    assert obj["tz"] == "Asia/Shanghai"


def test_alternatives_for_a_window_under_way() -> None:
    _, obj = one(["--now", "2026-11-26T21:07", "--tz", "Asia/Shanghai", "livetest 8pm to 11:30pm"])
    assert obj["starts_now"] is True and obj["start"] == "2026-11-26T21:07:00+08:00"
    assert obj["end"] == "2026-11-26T23:30:00+08:00"
    assert [(a["start"], a["end"]) for a in obj["alternatives"]] == [
        ("2026-11-27T20:00:00+08:00", "2026-11-27T23:30:00+08:00")
    ]


def test_dst_offsets_differ_between_start_and_end() -> None:
    _, obj = one(
        ["--now", "2026-10-31T22:00", "--tz", "America/New_York", "livetest tomorrow 1am to 4am"]
    )
    assert obj["start"] == "2026-11-01T01:00:00-04:00" and obj["end"] == "2026-11-01T04:00:00-05:00"
    assert obj["duration_seconds"] == 4 * 3600


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("livetest 8pm", "no_end"),
        ("8pm for 3h", "no_stream"),
        ("livetest from 8pm blah", "unparseable"),
        ("livetest yesterday 8pm for 2h", "past"),
        ("livetest from 8pm for 80h", "too_long"),
        ("livetest 2027-12-03 8pm for 1h", "too_far"),
        ("livetest from 9pm tomorrow to 8pm tomorrow", "end_before_start"),
    ],
)
def test_errors_exit_1(text: str, code: str) -> None:
    rc, obj = one(["--now", NOW, "--tz", "Asia/Shanghai", text])
    assert rc == 1
    assert obj["error"]["code"] == code and obj["error"]["message"]
    assert set(obj) == {"error"}


def test_bad_tz_and_bad_now_are_bad_input() -> None:
    rc, obj = one(["--now", NOW, "--tz", "Mars/Olympus", "livetest now for 1h"])
    assert rc == 1 and obj["error"]["code"] == "bad_input"
    rc, obj = one(["--now", "yesterday-ish", "livetest now for 1h"])
    assert rc == 1 and obj["error"]["code"] == "bad_input"


def test_now_defaults_to_the_current_time() -> None:
    _, obj = one(["livetest now for 1h"])
    start = datetime.fromisoformat(obj["start"])
    assert abs(start - datetime.now(UTC)) < timedelta(seconds=5)


def test_explain_pairs_and_utc() -> None:
    _, obj = one(
        ["--now", NOW, "--tz", "Asia/Shanghai", "--explain", "livetest tomorrow 9am to 11:30"]
    )
    pairs = obj["explain"]
    assert all(set(p) == {"text", "meaning"} for p in pairs)
    texts = [p["text"] for p in pairs]
    assert "tomorrow 9am" in texts and "11:30" in texts and "livetest" in texts
    utc = next(p for p in pairs if p["text"] == "(window in UTC)")
    assert utc["meaning"] == "2026-11-27T01:00:00+00:00 to 2026-11-27T03:30:00+00:00"
    local = next(p for p in pairs if p["text"] == "(window in Asia/Shanghai)")
    assert "2026-11-27T09:00:00+08:00" in local["meaning"]


def test_chinese_output() -> None:
    rc, obj = one(["--now", NOW, "--tz", "Asia/Shanghai", "livetest 今晚8点"])
    assert rc == 1 and obj["error"]["code"] == "no_end" and "结束" in obj["error"]["message"]
    assert obj["error"]["lang"] == "zh"


def test_batch_one_line_out_per_line_in_in_order() -> None:
    lines = [
        json.dumps({"text": "livetest from 8pm for 3h"}),
        "",
        "not json",
        json.dumps({"text": "livetest 8pm"}),
        json.dumps([1, 2]),
        json.dumps({"text": 5}),
        json.dumps({"no": "text"}),
        json.dumps({"text": "x 8pm for 1h", "tz": "Nope/Zone"}),
        json.dumps({"text": "x 8pm for 1h", "now": "garbage"}),
        json.dumps(
            {"text": "x now for 1h", "now": "2026-11-26T21:00:00", "tz": "America/New_York"}
        ),
        json.dumps({"text": "x now for 1h", "now": None, "tz": None}),
        "   ",
        json.dumps({"text": "livetest 今晚8点录3小时"}) + "\r",
        '{"text": "x now for 1h"',
        json.dumps({"text": "x now for 1h", "now": 12345}),
    ]
    code, objs = parse(
        ["--batch", "--now", "2026-11-26T18:30", "--tz", "Asia/Shanghai"], "\n".join(lines)
    )
    assert code == 0 and len(objs) == len(lines)
    assert objs[0]["start"] == "2026-11-26T20:00:00+08:00"
    assert objs[1]["error"]["code"] == "bad_input"
    assert objs[2]["error"]["code"] == "bad_input"
    assert objs[3]["error"]["code"] == "no_end"
    assert [objs[i]["error"]["code"] for i in (4, 5, 6, 7, 8)] == ["bad_input"] * 5
    assert objs[9]["start"] == "2026-11-26T21:00:00-05:00"  # the line's own now and tz
    assert objs[10]["start"] == "2026-11-26T18:30:00+08:00"  # null falls back to the flags
    assert objs[11]["error"]["code"] == "bad_input"
    assert objs[12]["end"] == "2026-11-26T23:00:00+08:00"
    assert objs[13]["error"]["code"] == "bad_input" and objs[14]["error"]["code"] == "bad_input"


def test_batch_flag_now_is_wall_time_in_the_flag_tz() -> None:
    line = json.dumps({"text": "x now for 1h", "tz": "UTC"})
    _, (obj,) = parse(["--batch", "--now", "2026-11-26T18:30", "--tz", "Asia/Shanghai"], line)
    assert obj["start"] == "2026-11-26T10:30:00+00:00"


def test_batch_empty_input_writes_nothing() -> None:
    code, objs = parse(["--batch"], "")
    assert code == 0 and objs == []


def test_batch_with_explain() -> None:
    line = json.dumps({"text": "x 8pm for 1h", "now": NOW, "tz": "Asia/Shanghai"})
    _, (obj,) = parse(["--batch", "--explain"], line + "\n")
    assert obj["explain"]


def test_json_helpers() -> None:
    now = datetime.fromisoformat(NOW)
    res = resolve("livetest from 8pm for 3h", now, "Asia/Shanghai")
    obj = resolution_to_json(res, "UTC")
    assert obj["start"] == "2026-11-26T12:00:00+00:00" and obj["alternatives"] == []
    assert error_to_json(ResolveError("past", "gone", "en")) == {
        "error": {"code": "past", "message": "gone", "lang": "en"}
    }


# -- as a real process --------------------------------------------------------------------------


def _proc(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(args, cwd=ROOT, input=stdin, capture_output=True, env=env, timeout=60)


def test_main_in_a_subprocess() -> None:
    code = (
        "from bot.ui.parse_json import main; raise SystemExit(main(["
        "'--now', '2026-11-26T18:30', '--tz', 'Asia/Shanghai', 'livetest tomorrow 9am to 11:30']))"
    )
    p = _proc([PY, "-c", code])
    assert p.returncode == 0, p.stderr
    obj = json.loads(p.stdout)
    assert obj["start"] == "2026-11-27T09:00:00+08:00" and obj["end"] == "2026-11-27T11:30:00+08:00"
    assert p.stderr == b""


def test_main_in_a_subprocess_error_exit_1() -> None:
    code = "from bot.ui.parse_json import main; raise SystemExit(main(['--now', '2026-11-26T18:30', 'x 8pm']))"
    p = _proc([PY, "-c", code])
    assert p.returncode == 1 and json.loads(p.stdout)["error"]["code"] == "no_end"


def test_two_readings_in_a_real_process_and_in_a_batch() -> None:
    """Typed at 00:30, `tmrw 7pm` is first today's 19:00, then tomorrow's (in `alternatives`);
    a batch line may say the person's locale and clock."""
    p = _proc(
        [PY, "-m", "bot.ui.parse_json", "--now", "2026-11-27T00:30", "--tz", "America/New_York"]
        + ["livetest tmrw 7pm for 1h"]
    )
    assert p.returncode == 0, p.stderr
    obj = json.loads(p.stdout)
    assert (obj["start"], obj["end"]) == ("2026-11-27T19:00:00-05:00", "2026-11-27T20:00:00-05:00")
    assert [(a["start"], a["end"]) for a in obj["alternatives"]] == [
        ("2026-11-28T19:00:00-05:00", "2026-11-28T20:00:00-05:00")
    ]
    lines = "\n".join(
        json.dumps({"text": "livetest at 7 for 1h", **extra})
        for extra in ({}, {"clock": 24}, {"locale": "en-GB"}, {"clock": "twelve"})
    )
    code, objs = parse(["--batch", "--now", "2026-11-26T10:00", "--tz", "America/New_York"], lines)
    assert code == 0
    assert objs[0]["start"] == "2026-11-26T19:00:00-05:00"
    assert [a["start"] for a in objs[0]["alternatives"]] == ["2026-11-27T07:00:00-05:00"]
    assert objs[1]["start"] == objs[2]["start"] == "2026-11-27T07:00:00-05:00"
    assert objs[1]["alternatives"] == objs[2]["alternatives"] == []
    assert objs[3]["error"]["code"] == "bad_input"
    _, obj = one(
        ["--now", "2026-11-26T10:00", "--tz", "UTC", "--locale", "en-US", "x 12/1 8pm for 1h"]
    )
    assert obj["start"] == "2026-12-01T20:00:00+00:00"
    _, obj = one(
        ["--now", "2026-11-26T10:00", "--tz", "Asia/Shanghai", "--clock", "12", "x at 7 for 1h"]
    )
    assert obj["start"] == "2026-11-26T19:00:00+08:00" and len(obj["alternatives"]) == 1


def test_module_batch_survives_invalid_utf8_and_crlf() -> None:
    data = (
        b'{"text": "x now for 1h"}\r\n'
        b'{"text": "x \xff\xfe now for 1h"}\n'
        b"\xc3\n"
        b'{"text": "livetest \xe4\xbb\x8a\xe6\x99\x9a8\xe7\x82\xb9\xe5\xbd\x953\xe5\xb0\x8f\xe6\x97\xb6"}'
    )
    p = _proc(
        [PY, "-m", "bot.ui.parse_json", "--batch", "--now", NOW, "--tz", "Asia/Shanghai"], data
    )
    assert p.returncode == 0, p.stderr
    objs = [json.loads(x) for x in p.stdout.decode("utf-8").splitlines()]
    assert len(objs) == 4
    assert objs[0]["starts_now"] is True
    assert objs[1]["error"]["code"] == "unparseable"
    assert objs[2]["error"]["code"] == "bad_input"
    assert objs[3]["start"] == "2026-11-26T20:00:00+08:00"


def test_main_builds_its_own_parser() -> None:
    out = io.StringIO()
    old = sys.stdout
    sys.stdout = out
    try:
        rc = main(["--now", NOW, "--tz", "Asia/Shanghai", "livetest 8pm for 1h"])
    finally:
        sys.stdout = old
    assert rc == 0 and json.loads(out.getvalue())["end"] == "2026-11-26T21:00:00+08:00"


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "recordbot").exists(), reason="no console script")
def test_the_console_script() -> None:
    p = _proc(
        [str(ROOT / ".venv" / "bin" / "recordbot"), "parse", "--now", NOW, "--tz", "Asia/Shanghai",
         "livetest from 8pm for 3h"]
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["start"] == "2026-11-26T20:00:00+08:00"


# -- parts, repeat, next (recordbot plans around Live's limits) -----------------------------


def sh(text: str, now: str = NOW) -> dict:
    code, obj = one(["--now", now, "--tz", "Asia/Shanghai", text])
    assert code == 0, obj
    return obj


def test_a_window_live_takes_as_it_is_has_no_parts() -> None:
    assert "parts" not in sh("livetest from 8pm for 3h")
    assert "repeat" not in sh("livetest from 8pm for 3h")


def test_a_window_over_24h_lists_its_parts_created_at_confirm() -> None:
    obj = sh("livetest from 8pm for 30h")
    assert (obj["start"], obj["end"]) == ("2026-11-26T20:00:00+08:00", "2026-11-28T02:00:00+08:00")
    assert obj["duration_seconds"] == 30 * 3600
    assert obj["parts"] == [
        {
            "start": "2026-11-26T20:00:00+08:00",
            "end": "2026-11-27T20:00:00+08:00",
            "create_at": None,
        },
        {
            "start": "2026-11-27T20:00:00+08:00",
            "end": "2026-11-28T02:00:00+08:00",
            "create_at": None,
        },
    ]


def test_a_48h_festival_next_week_lists_when_each_part_is_created() -> None:
    obj = sh("livetest next friday 8pm for 48h")
    # Live takes part 1 from 6 days before its start (plus recordbot's minute), part 2 a day later
    assert obj["parts"] == [
        {"start": "2026-12-04T20:00:00+08:00", "end": "2026-12-05T20:00:00+08:00",
         "create_at": "2026-11-28T20:01:00+08:00"},
        {"start": "2026-12-05T20:00:00+08:00", "end": "2026-12-06T20:00:00+08:00",
         "create_at": "2026-11-29T20:01:00+08:00"},
    ]  # fmt: skip


def test_one_window_beyond_lives_horizon_is_one_booked_part() -> None:
    obj = sh("livetest 2027-03-01 20:00 for 2h")
    assert obj["parts"] == [
        {"start": "2027-03-01T20:00:00+08:00", "end": "2027-03-01T22:00:00+08:00",
         "create_at": "2027-02-23T20:01:00+08:00"},
    ]  # fmt: skip


def test_another_reading_beyond_the_horizon_has_its_parts() -> None:
    # Sunday 9-11am is under way at 10:00; next Sunday's is more than 6 days ahead
    obj = sh("livetest sunday 9am for 2h", "2026-11-29T10:00:00+08:00")
    assert "parts" not in obj
    (alt,) = obj["alternatives"]
    assert alt["start"] == "2026-12-06T09:00:00+08:00"
    assert alt["parts"] == [
        {"start": "2026-12-06T09:00:00+08:00", "end": "2026-12-06T11:00:00+08:00",
         "create_at": "2026-11-30T09:01:00+08:00"},
    ]  # fmt: skip


def test_a_repeating_command_adds_repeat_and_the_next_five() -> None:
    obj = sh("livetest every weekday 7pm for 1h until dec 22")
    assert obj["repeat"] == {
        "rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "until": "2026-12-22T23:59:59+08:00",
    }
    assert obj["next"] == [
        {"start": f"2026-{d}T19:00:00+08:00", "end": f"2026-{d}T20:00:00+08:00"}
        for d in ("11-26", "11-27", "11-30", "12-01", "12-02")
    ]
    assert (obj["start"], obj["end"]) == (obj["next"][0]["start"], obj["next"][0]["end"])
    assert "parts" not in obj and obj["zone"] == "Asia/Shanghai"


def test_next_has_fewer_when_the_series_has_fewer() -> None:
    obj = sh("livetest 每天晚上8点录1小时，共2次")
    assert obj["repeat"] == {"rule": "FREQ=DAILY;COUNT=2", "until": None}
    assert [o["start"] for o in obj["next"]] == [
        "2026-11-26T20:00:00+08:00",
        "2026-11-27T20:00:00+08:00",
    ]
    assert obj["lang"] == "zh"


def test_repeat_times_carry_the_offset_of_tz_and_keep_the_series_wall_clock() -> None:
    # read in New York (typed), shown in Shanghai: 19:00 EST is 08:00 the next day
    obj = sh("livetest every day 7pm for 1h ET", "2026-03-06T12:00:00+08:00")
    assert obj["zone"] == "America/New_York"
    assert [o["start"] for o in obj["next"][:3]] == [
        "2026-03-07T08:00:00+08:00",
        "2026-03-08T08:00:00+08:00",
        "2026-03-09T07:00:00+08:00",  # New York moved to EDT; still 19:00 there
    ]


def test_a_repeating_command_without_a_length_is_no_end() -> None:
    code, obj = one(["--now", NOW, "--tz", "Asia/Shanghai", "livetest every day at 8pm"])
    assert code == 1 and obj["error"]["code"] == "no_end"
    assert "every day at 8pm for 1h" in obj["error"]["message"]


def test_batch_lines_carry_parts_and_repeat() -> None:
    lines = [
        json.dumps({"text": "livetest from 8pm for 30h"}),
        json.dumps({"text": "livetest every day 8pm for 1h"}),
        json.dumps({"text": "livetest from 8pm for 3h"}),
    ]
    code, objs = parse(["--batch", "--now", NOW, "--tz", "Asia/Shanghai"], "\n".join(lines))
    assert code == 0 and len(objs) == 3
    assert len(objs[0]["parts"]) == 2 and "repeat" not in objs[0]
    assert objs[1]["repeat"]["rule"] == "FREQ=DAILY" and len(objs[1]["next"]) == 5
    assert "parts" not in objs[2] and "repeat" not in objs[2]


def test_explain_lists_parts_and_the_rule() -> None:
    _, obj = one(["--now", NOW, "--tz", "Asia/Shanghai", "--explain", "livetest from 8pm for 30h"])
    texts = [p["text"] for p in obj["explain"]]
    assert "(part 1)" in texts and "(part 2)" in texts
    _, obj = one(["--now", NOW, "--explain", "livetest every weekday 7pm for 1h"])
    meaning = {p["text"]: p["meaning"] for p in obj["explain"]}
    assert meaning["every weekday"] == "repeats: FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert meaning["(repeats)"].startswith("every weekday at 19:00 for 1h (UTC)")
