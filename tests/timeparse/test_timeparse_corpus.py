"""The resolver's corpus: each case has its own reference `now` and zone and the exact window.

This table is the spec: every expectation was worked out by hand from the time rules in
docs/time-rules.md and the grammar in the tracker's issue 3, never copied from the resolver's output.

A case is one of
    (text, start, end)                     start/end: "MM-DD HH:MM[:SS]" wall time in the zone
    (text, start, end, [(alt_start, alt_end), ...])
    (text, "!code")                        a ResolveError with that code
`start` may be "now" (the window starts now: starts_now, start == now). A wall time takes the
reference year unless written "YYYY-MM-DD HH:MM"; around a DST fall-back an ISO time with its
offset ("2026-11-01T01:30-04:00") says which of the two wall times is meant.

Calendar used: 2026-11-26 is a Thursday (week Mon 23 - Sun 29 Nov; next week Mon 30 Nov -
Sun 6 Dec). New York springs forward 2026-03-08 02:00 and falls back 2026-11-01 02:00; London
springs forward 2026-03-29 01:00 GMT and falls back 2026-10-25 02:00 BST.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.errors import ResolveError
from bot.timeparse import resolve
from bot.ui.parse_json import resolve_to_json
from bot.windows import MAX_DURATION, limit_violation, plan

SH, NY, LDN, LA, KOL, UTC = (
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "UTC",
)

BLOCKS: list[tuple[str, str, list[tuple]]] = [
    # ---------------------------------------------------------------- Shanghai, Thu 18:30
    # Live's horizon: start <= Wed 2 Dec 18:30, end < Thu 3 Dec 18:30 (beyond it: booked parts)
    (
        "2026-11-26 18:30",
        SH,
        [
            ("livetest from 8pm for 3h", "11-26 20:00", "11-26 23:00"),
            ("livetest tomorrow 9am to 11:30", "11-27 09:00", "11-27 11:30"),
            ("livetest now for 90 minutes", "now", "11-26 20:00"),
            ("livetest 20:00-23:00", "11-26 20:00", "11-26 23:00"),
            ("livetest next friday at noon for 2 hours", "12-04 12:00", "12-04 14:00"),
            ("livetest until 6pm", "now", "11-27 18:00"),  # 6pm has passed: tomorrow's
            ("livetest until 11pm", "now", "11-26 23:00"),
            ("livetest 8pm", "!no_end"),
            ("livetest", "!no_end"),
            ("8pm for 3h", "!no_stream"),
            ("livetest from 8pm blah for 3h", "!unparseable"),
            ("livetest 10pm to 2am", "11-26 22:00", "11-27 02:00"),
            ("livetest yesterday 8pm for 2h", "!past"),
            ("livetest from 2 hours ago for 1 hour", "!past"),
            # decided: a past start whose window is still running records the rest, from now
            ("livetest from 2 hours ago for 3 hours", "now", "11-26 19:30"),
            ("livetest from 9pm tomorrow to 8pm tomorrow", "!end_before_start"),
            ("livetest from 8pm for 30h", "11-26 20:00", "11-28 02:00"),  # two parts
            ("livetest 2026-11-28T20:00+08:00 for 1h", "11-28 20:00", "11-28 21:00"),
            ("livetest 2026-11-28T12:00Z for 1h", "11-28 20:00", "11-28 21:00"),
            ("livetest Saturday, Nov 28 at 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest Friday, Nov 28 at 8pm for 2h", "!unparseable"),  # 28 Nov 2026 is a Saturday
            # 8pm ET (UTC-5) on Thu 26 Nov = 09:00 Fri in Shanghai
            ("livetest from 8pm for 3h ET", "11-27 09:00", "11-27 12:00"),
            ("livetest from 8pm for 3h CST", "11-26 20:00", "11-26 23:00"),  # China, for Shanghai
            ("livetest for the next 2 hours", "now", "11-26 20:30"),
            ("livetest an hour from now for 2h", "11-26 19:30", "11-26 21:30"),
            ("livetest in 10 minutes for 1h", "11-26 18:40", "11-26 19:40"),
            ("livetest between 8 and 10pm", "11-26 20:00", "11-26 22:00"),
            ("livetest 8 in the evening for 2h", "11-26 20:00", "11-26 22:00"),
            ("livetest today 14:00 - 16:00", "!past"),
            ("livetest today 19:00-21:00", "11-26 19:00", "11-26 21:00"),
            ("livetest 2026-11-28 20:00 to 2026-11-28 23:00", "11-28 20:00", "11-28 23:00"),
            ("livetest from 20:00 for 180 minutes", "11-26 20:00", "11-26 23:00"),
            ("livetest 2h30m", "now", "11-26 21:00"),
            ("livetest for an hour and a half", "now", "11-26 20:00"),
            ("livetest for half an hour", "now", "11-26 19:00"),
            ("livetest tonight 8-11", "11-26 20:00", "11-26 23:00"),
            ("livetest 8-11pm", "11-26 20:00", "11-26 23:00"),
            ("livetest 9am-5pm", "11-27 09:00", "11-27 17:00"),
            ("livetest at 8 for 2h", "11-27 08:00", "11-27 10:00"),  # bare 8 = 08:00
            ("livetest at 20 for 2h", "11-26 20:00", "11-26 22:00"),
            ("livetest 2000 for 1h", "11-26 20:00", "11-26 21:00"),
            ("livetest 8.30pm for 1h", "11-26 20:30", "11-26 21:30"),
            ("livetest 8:30 pm for 1h", "11-26 20:30", "11-26 21:30"),
            ("livetest noon to 2pm", "11-27 12:00", "11-27 14:00"),
            ("livetest midnight to 3am", "11-27 00:00", "11-27 03:00"),
            ("livetest from 10pm to midnight", "11-26 22:00", "11-27 00:00"),
            ("livetest tomorrow morning at 9 for 2 hours", "11-27 09:00", "11-27 11:00"),
            ("livetest tomorrow at 9am for 2 hours", "11-27 09:00", "11-27 11:00"),
            ("livetest Nov 28 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest 28 Nov 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest 11/28 8pm-10pm", "11-28 20:00", "11-28 22:00"),
            ("livetest the 28th at 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest on saturday 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest this saturday 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest next saturday 8pm for 2h", "12-05 20:00", "12-05 22:00"),
            ("livetest thursday 8pm for 2h", "11-26 20:00", "11-26 22:00"),  # today
            ("livetest thursday 5pm for 1h", "12-03 17:00", "12-03 18:00"),  # today's is over
            ("livetest this thursday 5pm for 1h", "!past"),
            ("livetest wednesday 8pm for 2h", "12-02 20:00", "12-02 22:00"),  # beyond Live's
            ("livetest wednesday 10am for 2h", "12-02 10:00", "12-02 12:00"),
            ("livetest from 8pm to 2am tomorrow", "11-26 20:00", "11-27 02:00"),
            ("livetest from 8pm to 11pm tomorrow", "11-27 20:00", "11-27 23:00"),
            ("livetest for 25 hours", "now", "11-27 19:30"),
            ("livetest for 24 hours", "now", "11-27 18:30"),
            ("livetest for 0 minutes", "!end_before_start"),
            ("livetest 2026-11-20 20:00-22:00", "!past"),
            ("livetest 2026-12-10 20:00-22:00", "12-10 20:00", "12-10 22:00"),
            ("livetest from 8pm to 11pm for 3h", "!unparseable"),
            ("livetest FROM 8PM FOR 3H", "11-26 20:00", "11-26 23:00"),
            ("livetest  from   8pm ,  for 3h .", "11-26 20:00", "11-26 23:00"),
            ("/record livetest from 8pm for 3h", "11-26 20:00", "11-26 23:00"),
            ("livetest from 8 p.m. for 3 hrs", "11-26 20:00", "11-26 23:00"),
            ("livetest at 8pm for 3h", "11-26 20:00", "11-26 23:00"),
            ("livetest 8pm for 3h", "11-26 20:00", "11-26 23:00"),
            ("livetest for 3h starting at 8pm", "11-26 20:00", "11-26 23:00"),
            ("livetest for 3h from 8pm", "11-26 20:00", "11-26 23:00"),
            ("livetest from 8pm until 11pm", "11-26 20:00", "11-26 23:00"),
            ("livetest 8pm till 11pm", "11-26 20:00", "11-26 23:00"),
            ("livetest 8pm through 11pm", "11-26 20:00", "11-26 23:00"),
            ("livetest 8pm\u201311pm", "11-26 20:00", "11-26 23:00"),
            ("livetest 8pm \u2014 11pm", "11-26 20:00", "11-26 23:00"),
            ("live/livetest 8pm for 1h", "11-26 20:00", "11-26 21:00"),
            ("5000.live.push.com/live/livetest 8pm for 1h", "11-26 20:00", "11-26 21:00"),
            ("livetest 8pm for 1h UTC", "11-27 04:00", "11-27 05:00"),
            ("livetest 8pm for 1h UTC+8", "11-26 20:00", "11-26 21:00"),
            ("livetest 8pm for 1h GMT-5", "11-27 09:00", "11-27 10:00"),
            ("livetest 8pm for 1h Asia/Tokyo", "11-26 19:00", "11-26 20:00"),
            ("livetest 8pm for 1h Beijing time", "11-26 20:00", "11-26 21:00"),
            ("livetest 8pm for 1h PT", "11-27 12:00", "11-27 13:00"),
            ("livetest 8pm for 1h CET", "11-27 03:00", "11-27 04:00"),
            ("livetest 8pm for 1h IST", "11-26 22:30", "11-26 23:30"),  # India by default
            ("livetest 8pm ET to 10pm UTC", "!unparseable"),  # two zones
            ("livetest from 8pm for 3h \U0001f600", "!unparseable"),
            ("\U0001f600 from 8pm for 3h", "!no_stream"),
            ("直播 今晚8点录3小时", "!no_stream"),
            ("now for 2h", "!no_stream"),
            ("tomorrow 9am for 2h", "!no_stream"),
            ("20:00-23:00", "!no_stream"),
            ("", "!no_stream"),
            ("livetest 25:00 for 1h", "!unparseable"),
            ("livetest feb 30 8pm for 1h", "!unparseable"),
            ("livetest 13pm for 1h", "!unparseable"),
            ("livetest for 2 hours 30 minutes", "now", "11-26 21:00"),
            ("livetest for 2 hours and 30 minutes", "now", "11-26 21:00"),
            ("livetest for 1.5h", "now", "11-26 20:00"),
            ("livetest for 90 min", "now", "11-26 20:00"),
            ("livetest for 3 hrs", "now", "11-26 21:30"),
            ("livetest for two hours", "now", "11-26 20:30"),
            ("livetest from 8pm for an hour", "11-26 20:00", "11-26 21:00"),
            ("livetest this evening at 8 for 2h", "11-26 20:00", "11-26 22:00"),
            ("livetest tonight at 8 for 2h", "11-26 20:00", "11-26 22:00"),
            ("livetest tomorrow evening 7-9", "11-27 19:00", "11-27 21:00"),
            ("livetest 11-2pm tomorrow", "11-27 11:00", "11-27 14:00"),
            ("livetest 9-5", "11-27 09:00", "11-27 17:00"),  # 09:00 to the next 5 o'clock
            ("livetest 2026-11-28 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest Nov 28, 2026 at 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest 28/11 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest for 3 days", "now", "11-29 18:30"),  # exactly 72h
            ("livetest for 3 days 1 minute", "!too_long"),
            # an absolute start already passed: the rest of the window, from now
            ("livetest from 2026-11-26T10:00Z to 2026-11-26T15:00Z", "now", "11-26 23:00"),
        ],
    ),
    # ---------------------------------------------------------------- Shanghai, Thu 21:07
    (
        "2026-11-26 21:07",
        SH,
        [
            (
                "livetest 8pm to 11:30pm",
                "now",
                "11-26 23:30",
                [("11-27 20:00", "11-27 23:30")],
            ),
            ("livetest 8pm", "!no_end"),
            ("livetest from 8pm for 30m", "11-27 20:00", "11-27 20:30"),
            ("livetest from 8pm for 3h", "now", "11-26 23:00", [("11-27 20:00", "11-27 23:00")]),
            ("livetest tonight 8-11", "now", "11-26 23:00"),  # dated: one reading
            ("livetest today 8pm to 11pm", "now", "11-26 23:00"),
            ("livetest today 8pm to 9pm", "!past"),
            ("livetest 晚上8点到11点半", "now", "11-26 23:30", [("11-27 20:00", "11-27 23:30")]),
            ("livetest 今晚8点到11点", "now", "11-26 23:00"),
            ("livetest until 9pm", "now", "11-27 21:00"),
            ("livetest until 9:07pm", "now", "11-27 21:07"),  # exactly 24h is allowed
            ("livetest until 9:08pm", "now", "11-26 21:08"),
            ("livetest until 9:06pm", "now", "11-27 21:06"),
            ("livetest now to 9pm", "now", "11-27 21:00"),
            ("livetest 9pm for 1h", "now", "11-26 22:00", [("11-27 21:00", "11-27 22:00")]),
            ("livetest 9:07pm for 1h", "now", "11-26 22:07"),  # starts exactly now
            ("livetest 10pm to 2am", "11-26 22:00", "11-27 02:00"),
            ("livetest 7pm to 1am", "now", "11-27 01:00", [("11-27 19:00", "11-28 01:00")]),
            (
                "livetest between 8pm and 10pm",
                "now",
                "11-26 22:00",
                [("11-27 20:00", "11-27 22:00")],
            ),
            ("livetest 8-10pm", "now", "11-26 22:00", [("11-27 20:00", "11-27 22:00")]),
            ("livetest 20:00-22:00", "now", "11-26 22:00", [("11-27 20:00", "11-27 22:00")]),
            ("livetest 9pm-9:05pm", "11-27 21:00", "11-27 21:05"),
            ("livetest from 9pm for 24h", "now", "11-27 21:00", [("11-27 21:00", "11-28 21:00")]),
            ("livetest 1am to 3am", "11-27 01:00", "11-27 03:00"),
        ],
    ),
    # ---------------------------------------------------------------- New York, Thu 10:00 EST
    (
        "2026-11-26 10:00",
        NY,
        [
            ("livetest from 8pm for 3h", "11-26 20:00", "11-26 23:00"),
            ("livetest 9am-5pm", "now", "11-26 17:00", [("11-27 09:00", "11-27 17:00")]),
            ("livetest from 8pm for 3h CST", "11-26 21:00", "11-27 00:00"),  # US Central
            ("livetest 8pm for 1h ET", "11-26 20:00", "11-26 21:00"),
            ("livetest 8pm for 1h Beijing time", "11-27 07:00", "11-27 08:00"),
            ("livetest 8pm for 1h UTC", "11-26 15:00", "11-26 16:00"),
            # 10:00 EST is 20:30 in India: 8-9pm IST is under way
            ("livetest 8pm for 1h IST", "now", "11-26 10:30", [("11-27 09:30", "11-27 10:30")]),
            ("livetest 8pm for 1h PT", "11-26 23:00", "11-27 00:00"),
            ("livetest next friday 8pm for 2h", "12-04 20:00", "12-04 22:00"),
            ("livetest friday 8pm for 2h", "11-27 20:00", "11-27 22:00"),
            ("livetest this friday 8pm for 2h", "11-27 20:00", "11-27 22:00"),
            ("livetest tomorrow noon for 1h", "11-27 12:00", "11-27 13:00"),
            ("livetest noon for 1h", "11-26 12:00", "11-26 13:00"),
            # New York writes the 12-hour clock: a bare hour has two readings. 8 is morning first,
            # but 08:00 comes only tomorrow while 20:00 still comes today: today's first
            (
                "livetest at 8 for 1h",
                "11-26 20:00",
                "11-26 21:00",
                [("11-27 08:00", "11-27 09:00")],
            ),
            (
                "livetest at 11 for 1h",
                "11-26 11:00",
                "11-26 12:00",
                [("11-26 23:00", "11-27 00:00")],
            ),
            ("livetest until noon", "now", "11-26 12:00"),
            ("livetest until 9am", "now", "11-27 09:00"),
            ("livetest until 10am", "now", "11-27 10:00"),  # 10am is now: the next one, 24h
            ("livetest for the next 45 minutes", "now", "11-26 10:45"),
            ("livetest 2 hours from now for 30 minutes", "11-26 12:00", "11-26 12:30"),
            ("livetest in 2h for 1h", "11-26 12:00", "11-26 13:00"),
            ("livetest from now until 3pm", "now", "11-26 15:00"),
            ("livetest 3pm-1am", "11-26 15:00", "11-27 01:00"),
            ("livetest 11/28 10am-noon", "11-28 10:00", "11-28 12:00"),
            ("livetest Dec 1 8pm for 2h", "12-01 20:00", "12-01 22:00"),
            ("livetest Dec 2 9am for 2h", "12-02 09:00", "12-02 11:00"),
            ("livetest Dec 2 11am for 2h", "12-02 11:00", "12-02 13:00"),  # a booked part
            ("livetest Dec 2 9am for 24h", "12-02 09:00", "12-03 09:00"),
            ("livetest Dec 2 10am for 24h", "12-02 10:00", "12-03 10:00"),  # ends at now + 7d
            ("livetest 2026-11-26 08:00-09:00", "!past"),
        ],
    ),
    # ------------------------------------------- New York, Sat 7 Mar 22:00 EST (spring forward)
    (
        "2026-03-07 22:00",
        NY,
        [
            ("livetest tomorrow 2:30am for 1h", "03-08 03:30", "03-08 04:30"),  # gap: shifted
            ("livetest tomorrow 1:30am for 1h", "03-08 01:30", "03-08 03:30"),
            ("livetest tomorrow 1am to 4am", "03-08 01:00", "03-08 04:00"),
            ("livetest from 8pm for 24h", "now", "03-08 21:00", [("03-08 20:00", "03-09 20:00")]),
            ("livetest 11pm to 11pm", "03-07 23:00", "03-08 23:00"),  # 23 real hours
            ("livetest midnight to 3am", "03-08 00:00", "03-08 03:00"),
            ("livetest tomorrow 2am for 2h", "03-08 03:00", "03-08 05:00"),
            ("livetest 2:30am to 3:30am", "!end_before_start"),  # 02:30 does not exist
            ("livetest 1am to 3am", "03-08 01:00", "03-08 03:00"),  # one real hour
            ("livetest tomorrow 8pm for 2h", "03-08 20:00", "03-08 22:00"),
            ("livetest from 11pm for 4h", "03-07 23:00", "03-08 04:00"),
            ("livetest 11pm to 4am", "03-07 23:00", "03-08 04:00"),
            ("livetest now for 2h", "now", "03-08 00:00"),
            ("livetest for 5h", "now", "03-08 04:00"),
            ("livetest tomorrow 9am to 9am", "03-08 09:00", "03-09 09:00"),
            ("livetest tomorrow 1am to 1am", "03-08 01:00", "03-09 01:00"),  # 23 real hours
            # under way since 8pm; 25h would end Sun 22:00 EDT, 23 real hours from now; the
            # next occurrence, Sun 20:00 EDT, ends 25 real hours later, Mon 21:00 EDT
            ("livetest from 8pm for 25h", "now", "03-08 22:00", [("03-08 20:00", "03-09 21:00")]),
        ],
    ),
    # ----------------------------------------------- New York, Sat 31 Oct 22:00 EDT (fall back)
    (
        "2026-10-31 22:00",
        NY,
        [
            ("livetest tomorrow 1:30am for 1h", "2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00"),
            ("livetest tomorrow 1am to 4am", "2026-11-01T01:00-04:00", "11-01 04:00"),
            ("livetest tomorrow 1am for 3h", "2026-11-01T01:00-04:00", "11-01 03:00"),
            ("livetest from 8pm for 24h", "now", "11-01 19:00", [("11-01 20:00", "11-02 20:00")]),
            ("livetest 1:30am for 2h", "2026-11-01T01:30-04:00", "11-01 02:30"),
            ("livetest midnight to 3am", "11-01 00:00", "11-01 03:00"),  # 4 real hours
            ("livetest 11pm to 11pm", "10-31 23:00", "11-01 23:00"),  # 25 real hours: 2 parts
            # 72 real hours (71 on the wall clock), and one more
            ("livetest 2026-11-01 00:00 to 2026-11-03 23:00", "11-01 00:00", "11-03 23:00"),
            ("livetest 2026-11-01 00:00 to 2026-11-04 00:00", "!too_long"),
            ("livetest from 10pm for 24h", "now", "11-01 21:00"),  # starts exactly now
            ("livetest tomorrow 1:59am to 2:30am", "2026-11-01T01:59-04:00", "11-01 02:30"),
            ("livetest tomorrow 9am for 2h", "11-01 09:00", "11-01 11:00"),
            ("livetest until 1:30am", "now", "2026-11-01T01:30-04:00"),
            ("livetest 8pm tomorrow for 1h", "11-01 20:00", "11-01 21:00"),
        ],
    ),
    # ------------------------------------------- London, Sat 28 Mar 23:30 GMT (spring forward)
    (
        "2026-03-28 23:30",
        LDN,
        [
            ("livetest 1:30am for 1h", "03-29 02:30", "03-29 03:30"),  # gap: shifted
            ("livetest midnight to 3am", "03-29 00:00", "03-29 03:00"),
            ("livetest tomorrow 1am to 2am", "!end_before_start"),  # that hour does not exist
            ("livetest from 11pm for 3h", "now", "03-29 03:00", [("03-29 23:00", "03-30 02:00")]),
            ("livetest tomorrow 9am for 2h", "03-29 09:00", "03-29 11:00"),
            ("livetest 8pm for 1h ET", "03-29 00:00", "03-29 02:00"),  # 00:00-01:00 UTC
            ("livetest 10pm to 2am", "now", "03-29 02:00", [("03-29 22:00", "03-30 02:00")]),
            ("livetest now for 2h", "now", "03-29 02:30"),
            ("livetest 1am for 2h", "03-29 02:00", "03-29 04:00"),
        ],
    ),
    # ------------------------------------------------ London, Sat 24 Oct 20:00 BST (fall back)
    (
        "2026-10-24 20:00",
        LDN,
        [
            ("livetest tomorrow 1:30am for 1h", "2026-10-25T01:30+01:00", "2026-10-25T01:30+00:00"),
            ("livetest midnight to 3am", "10-25 00:00", "10-25 03:00"),
            ("livetest from 8pm for 24h", "now", "10-25 19:00"),
            ("livetest 8pm to 8pm", "now", "10-25 20:00"),  # starts now; 25 real hours
            ("livetest tomorrow 8pm for 2h", "10-25 20:00", "10-25 22:00"),
            ("livetest 1am to 2am", "2026-10-25T01:00+01:00", "10-25 02:00"),
            ("livetest 9pm for 1h CET", "now", "10-24 21:00"),  # 21:00 CEST is now
            ("livetest for 3h", "now", "10-24 23:00"),
        ],
    ),
    # ------------------------------------------------------- Los Angeles, Fri 27 Nov 09:15 PST
    (
        "2026-11-27 09:15",
        LA,
        [
            ("livetest from 8pm for 3h", "11-27 20:00", "11-27 23:00"),
            # 12-hour clock: 9-11am is under way (then its next occurrence), or 9-11pm tonight
            (
                "livetest 9-11",
                "now",
                "11-27 11:00",
                [("11-28 09:00", "11-28 11:00"), ("11-27 21:00", "11-27 23:00")],
            ),
            ("livetest 9am to 11am", "now", "11-27 11:00", [("11-28 09:00", "11-28 11:00")]),
            ("livetest tomorrow 9am to 11:30", "11-28 09:00", "11-28 11:30"),
            ("livetest monday 8pm for 2h", "11-30 20:00", "11-30 22:00"),
            ("livetest next monday 8pm for 2h", "11-30 20:00", "11-30 22:00"),
            ("livetest this monday 8pm for 2h", "!past"),
            ("livetest friday 8am for 1h", "12-04 08:00", "12-04 09:00"),  # today's is over
            ("livetest friday 10am for 1h", "11-27 10:00", "11-27 11:00"),
            ("livetest this friday 10am for 1h", "11-27 10:00", "11-27 11:00"),
            ("livetest next friday 10am for 1h", "12-04 10:00", "12-04 11:00"),
            ("livetest sunday 8pm for 2h", "11-29 20:00", "11-29 22:00"),
            ("livetest 8pm for 2h ET", "11-27 17:00", "11-27 19:00"),
            ("livetest 8pm for 2h CST", "11-27 18:00", "11-27 20:00"),  # US Central here
            (
                "livetest at 5 for 1h",
                "11-27 17:00",
                "11-27 18:00",
                [("11-28 05:00", "11-28 06:00")],
            ),
            ("livetest until 5", "now", "11-27 17:00"),  # the next 5 o'clock
            ("livetest the 1st at 8pm for 2h", "12-01 20:00", "12-01 22:00"),
            ("livetest from 8pm to 11pm PT", "11-27 20:00", "11-27 23:00"),
            ("livetest between 1 and 3pm", "11-27 13:00", "11-27 15:00"),
            ("livetest 10-2pm", "11-27 10:00", "11-27 14:00"),
            ("livetest 11-1am", "11-27 23:00", "11-28 01:00"),
            ("livetest for 45 min", "now", "11-27 10:00"),
            ("livetest 8:30am-9:30am", "now", "11-27 09:30", [("11-28 08:30", "11-28 09:30")]),
            (
                "livetest from 8:45 to 10",
                "now",
                "11-27 10:00",
                [("11-28 08:45", "11-28 10:00"), ("11-27 20:45", "11-27 22:00")],
            ),
        ],
    ),
    # ------------------------------------------------------------ Kolkata, Thu 26 Nov 23:45 IST
    (
        "2026-11-26 23:45",
        KOL,
        [
            ("livetest from 8pm for 3h", "11-27 20:00", "11-27 23:00"),
            ("livetest tonight 11pm to 1am", "now", "11-27 01:00"),
            ("livetest 11pm to 1am", "now", "11-27 01:00", [("11-27 23:00", "11-28 01:00")]),
            ("livetest midnight for 1h", "11-27 00:00", "11-27 01:00"),
            ("livetest tomorrow 9am for 2h", "11-27 09:00", "11-27 11:00"),
            ("livetest 8pm for 1h IST", "11-27 20:00", "11-27 21:00"),
            ("livetest 8pm for 1h UTC", "11-27 01:30", "11-27 02:30"),
            ("livetest 8pm for 1h CST", "11-27 17:30", "11-27 18:30"),  # China (Asian user)
            ("livetest 8pm for 1h Beijing time", "11-27 17:30", "11-27 18:30"),
            ("livetest for 15 minutes", "now", "11-27 00:00"),
            ("livetest now until midnight", "now", "11-27 00:00"),
            ("livetest in 20 minutes for 1h", "11-27 00:05", "11-27 01:05"),
            ("livetest 12am to 2am", "11-27 00:00", "11-27 02:00"),
            ("livetest 12pm to 2pm", "11-27 12:00", "11-27 14:00"),
            # India writes the 12-hour clock: 2:30pm first, 2:30am the other reading
            (
                "livetest 2:30 for 1h",
                "11-27 14:30",
                "11-27 15:30",
                [("11-27 02:30", "11-27 03:30")],
            ),
            (
                "livetest from 11:30pm for 1h",
                "now",
                "11-27 00:30",
                [("11-27 23:30", "11-28 00:30")],
            ),
        ],
    ),
    # ---------------------------------------------------------------- UTC, Thu 31 Dec 22:00
    (
        "2026-12-31 22:00",
        UTC,
        [
            ("livetest tomorrow 9am for 2h", "2027-01-01 09:00", "2027-01-01 11:00"),
            ("livetest Jan 2 8pm for 1h", "2027-01-02 20:00", "2027-01-02 21:00"),
            (
                "livetest 1/2 8pm for 1h",
                "2027-01-02 20:00",
                "2027-01-02 21:00",
                [("2027-02-01 20:00", "2027-02-01 21:00")],
            ),  # month/day first
            ("livetest Dec 31 11pm for 1h", "12-31 23:00", "2027-01-01 00:00"),
            ("livetest Dec 30 8pm for 1h", "!past"),
            ("livetest from 10pm to 2am", "now", "2027-01-01 02:00"),  # starts exactly now
            ("livetest midnight to 1am", "2027-01-01 00:00", "2027-01-01 01:00"),
            ("livetest the 2nd at 8pm for 1h", "2027-01-02 20:00", "2027-01-02 21:00"),
            ("livetest friday 8pm for 1h", "2027-01-01 20:00", "2027-01-01 21:00"),
            ("livetest 2027-01-03 10:00 to 12:00", "2027-01-03 10:00", "2027-01-03 12:00"),
            ("livetest 2027-01-07 10:00 to 12:00", "2027-01-07 10:00", "2027-01-07 12:00"),
            ("livetest for 2h UTC+8", "now", "2027-01-01 00:00"),
            ("livetest 8am for 1h UTC+8", "2027-01-01 00:00", "2027-01-01 01:00"),
            ("livetest next thursday 8pm for 1h", "2027-01-07 20:00", "2027-01-07 21:00"),
            ("livetest this sunday noon for 2h", "2027-01-03 12:00", "2027-01-03 14:00"),
        ],
    ),
    # ---------------------------------------------------------------- Shanghai, Sun 29 Nov 10:00
    # Live's horizon: start <= Sat 5 Dec 10:00
    (
        "2026-11-29 10:00",
        SH,
        [
            ("livetest next friday 8pm for 2h", "12-04 20:00", "12-04 22:00"),
            ("livetest this friday 8pm for 2h", "!past"),
            ("livetest friday 8pm for 2h", "12-04 20:00", "12-04 22:00"),
            ("livetest 下周五晚上8点录2小时", "12-04 20:00", "12-04 22:00"),
            ("livetest 这周五晚上8点录2小时", "!past"),
            ("livetest 周五晚上8点录2小时", "12-04 20:00", "12-04 22:00"),
            ("livetest next monday 9am for 1h", "11-30 09:00", "11-30 10:00"),
            ("livetest monday 9am for 1h", "11-30 09:00", "11-30 10:00"),
            ("livetest 下周一上午9点到10点", "11-30 09:00", "11-30 10:00"),
            ("livetest 周日晚上8点到10点", "11-29 20:00", "11-29 22:00"),
            ("livetest 本周日晚上8点到10点", "11-29 20:00", "11-29 22:00"),
            ("livetest 下周日晚上8点到10点", "12-06 20:00", "12-06 22:00"),
            ("livetest 星期天下午3点开始录1小时", "11-29 15:00", "11-29 16:00"),
            ("livetest 礼拜六上午10点到12点", "12-05 10:00", "12-05 12:00"),  # exactly +6 days
            ("livetest 礼拜六上午10点01分到12点", "12-05 10:01", "12-05 12:00"),  # booked
            # under way; the other reading is next Sunday's (beyond Live's horizon: booked)
            ("livetest sunday 9am for 2h", "now", "11-29 11:00", [("12-06 09:00", "12-06 11:00")]),
            ("livetest this sunday 9am for 2h", "now", "11-29 11:00"),
        ],
    ),
    # ---------------------------------------------------------------- Shanghai, Mon 23 Nov 09:00
    # Live's horizon: start <= Sun 29 Nov 09:00
    (
        "2026-11-23 09:00",
        SH,
        [
            ("livetest next friday 8pm for 2h", "12-04 20:00", "12-04 22:00"),
            ("livetest friday 8pm for 2h", "11-27 20:00", "11-27 22:00"),
            ("livetest this friday 8pm for 2h", "11-27 20:00", "11-27 22:00"),
            ("livetest 下周一上午10点录1小时", "11-30 10:00", "11-30 11:00"),
            ("livetest 周一上午10点录1小时", "11-23 10:00", "11-23 11:00"),
            ("livetest 周一上午8点录1小时", "11-30 08:00", "11-30 09:00"),  # today's ended
            ("livetest sunday 8pm for 2h", "11-29 20:00", "11-29 22:00"),
            ("livetest sunday 8am for 2h", "11-29 08:00", "11-29 10:00"),
            ("livetest 8am to 10am", "now", "11-23 10:00", [("11-24 08:00", "11-24 10:00")]),
            ("livetest 今天上午8点到10点", "now", "11-23 10:00"),
            ("livetest 2026-11-23 07:00-08:30", "!past"),
        ],
    ),
    # ---------------------------------------------------------- Chinese, Shanghai, Thu 18:30
    (
        "2026-11-26 18:30",
        SH,
        [
            ("livetest 今晚8点录3小时", "11-26 20:00", "11-26 23:00"),
            ("livetest 明天上午9点到11点半", "11-27 09:00", "11-27 11:30"),
            ("livetest 下周五中午12点开始录2个小时", "12-04 12:00", "12-04 14:00"),
            ("livetest 现在开始录90分钟", "now", "11-26 20:00"),
            ("livetest 晚上8点到11点", "11-26 20:00", "11-26 23:00"),
            ("livetest 后天早上7点半到9点", "11-28 07:30", "11-28 09:00"),
            ("livetest 今晚8點錄3個小時", "11-26 20:00", "11-26 23:00"),
            ("livetest ２０：００－２３：００", "11-26 20:00", "11-26 23:00"),
            ("livetest 今晚８点，录３小时", "11-26 20:00", "11-26 23:00"),
            ("livetest 明晚八点录两个小时", "11-27 20:00", "11-27 22:00"),
            ("livetest 明天下午3点到5点", "11-27 15:00", "11-27 17:00"),
            ("livetest 明天凌晨2点录1小时", "11-27 02:00", "11-27 03:00"),
            ("livetest 凌晨2点录1小时", "11-27 02:00", "11-27 03:00"),
            ("livetest 明天中午12点录1小时", "11-27 12:00", "11-27 13:00"),
            ("livetest 今晚12点开始录2小时", "11-27 00:00", "11-27 02:00"),
            ("livetest 晚上12点开始录2小时", "11-27 00:00", "11-27 02:00"),
            ("livetest 明天晚上十二点录一小时", "11-28 00:00", "11-28 01:00"),
            ("livetest 今天下午3点录1小时", "!past"),
            ("livetest 今晚8点一刻到10点三刻", "11-26 20:15", "11-26 22:45"),
            ("livetest 今晚八点零五分录半小时", "11-26 20:05", "11-26 20:35"),
            ("livetest 明天上午九点三十五分录一个半小时", "11-27 09:35", "11-27 11:05"),
            ("livetest 10分钟后开始录1小时", "11-26 18:40", "11-26 19:40"),
            ("livetest 两小时后录30分钟", "11-26 20:30", "11-26 21:00"),
            ("livetest 半小时后开始录1小时", "11-26 19:00", "11-26 20:00"),
            ("livetest 录3小时", "now", "11-26 21:30"),
            ("livetest 录到晚上11点", "now", "11-26 23:00"),
            ("livetest 到11点结束", "now", "11-26 23:00"),  # the next 11 o'clock
            ("livetest 从晚上8点到11点", "11-26 20:00", "11-26 23:00"),
            ("livetest 晚上8点至11点", "11-26 20:00", "11-26 23:00"),
            ("livetest 8点开始", "!no_end"),
            ("livetest 今晚8点", "!no_end"),
            ("今晚8点录3小时", "!no_stream"),
            ("livetest 今晚8点录三十小时", "11-26 20:00", "11-28 02:00"),
            ("livetest 今晚8点录八十小时", "!too_long"),
            ("livetest 2027年12月1日晚上8点录1小时", "!too_far"),
            ("livetest 昨晚8点录2小时", "!past"),
            ("livetest 11月28日晚上8点到10点", "11-28 20:00", "11-28 22:00"),
            ("livetest 11月28号晚上8点录2小时", "11-28 20:00", "11-28 22:00"),
            ("livetest 2026年11月28日20:00-22:00", "11-28 20:00", "11-28 22:00"),
            ("livetest 十一月二十八日晚上八点录两小时", "11-28 20:00", "11-28 22:00"),
            ("livetest 28号晚上8点录2小时", "11-28 20:00", "11-28 22:00"),
            ("livetest 大后天上午10点录1小时", "11-29 10:00", "11-29 11:00"),
            ("livetest 星期六晚上8点录2小时", "11-28 20:00", "11-28 22:00"),
            ("livetest 週六晚上8點錄2個小時", "11-28 20:00", "11-28 22:00"),
            ("livetest 禮拜六晚上8點到10點", "11-28 20:00", "11-28 22:00"),
            ("livetest 今晚8点录3小时 北京时间", "11-26 20:00", "11-26 23:00"),
            ("livetest 现在开始录两个半小时", "now", "11-26 21:00"),
            ("livetest 现在开始录一刻钟", "now", "11-26 18:45"),
            ("livetest 今晚8点整录1小时", "11-26 20:00", "11-26 21:00"),
            ("livetest 马上录1小时", "now", "11-26 19:30"),
            ("livetest 傍晚6点到8点", "now", "11-26 20:00", [("11-27 18:00", "11-27 20:00")]),
            ("livetest 夜里11点到凌晨1点", "11-26 23:00", "11-27 01:00"),
            ("livetest 今晚8点到明天凌晨2点", "11-26 20:00", "11-27 02:00"),
            ("livetest 今晚8点录3小时吧", "11-26 20:00", "11-26 23:00"),
            ("livetest 请帮我今晚8点录3小时", "11-26 20:00", "11-26 23:00"),
            ("livetest 下午3点到5点", "11-27 15:00", "11-27 17:00"),
            ("livetest 早上7点到9点", "11-27 07:00", "11-27 09:00"),
            ("livetest 8点到10点", "11-27 08:00", "11-27 10:00"),  # bare 8点 = 08:00
            ("livetest 20点到22点", "11-26 20:00", "11-26 22:00"),
            ("livetest 中午录1小时", "11-27 12:00", "11-27 13:00"),
            ("livetest 明天录2小时", "!unparseable"),  # which hour tomorrow?
            ("livetest 今晚8点录3小时 xyz", "!unparseable"),
            ("livetest 今晚录3小时", "!unparseable"),
            ("livetest 今晚8点录0分钟", "!end_before_start"),
            ("livetest 8点开始，11点结束", "11-27 08:00", "11-27 11:00"),
            ("livetest 今晚8点开始，11点结束", "11-26 20:00", "11-26 23:00"),
            ("livetest 今晚8点开始录制，录制3小时", "11-26 20:00", "11-26 23:00"),
            ("livetest 下周三晚上8点录1小时", "12-02 20:00", "12-02 21:00"),  # beyond Live's
            ("livetest 下周三上午10点录1小时", "12-02 10:00", "12-02 11:00"),
            ("livetest 这周六晚上8点录1小时", "11-28 20:00", "11-28 21:00"),
            ("livetest 5分钟后录10分钟", "11-26 18:35", "11-26 18:45"),
            ("livetest 2小时前开始录3小时", "now", "11-26 19:30"),
            ("livetest 3小时前开始录1小时", "!past"),
            ("livetest 現在開始錄９０分鐘", "now", "11-26 20:00"),
            ("livetest今晚8点录3小时", "11-26 20:00", "11-26 23:00"),  # no space after STREAM
        ],
    ),
    # ------------------------------------- New York, Sun 8 Mar 00:30 EST (the spring-forward day)
    (
        "2026-03-08 00:30",
        NY,
        [
            ("livetest 2:30am for 1h", "03-08 03:30", "03-08 04:30"),
            ("livetest 2am to 4am", "03-08 03:00", "03-08 04:00"),
            ("livetest now for 3h", "now", "03-08 04:30"),
            ("livetest until 9am", "now", "03-08 09:00"),
            ("livetest for 24h", "now", "03-09 01:30"),
            ("livetest from 1am to 1am", "03-08 01:00", "03-09 01:00"),
            ("livetest midnight to 1am", "now", "03-08 01:00", [("03-09 00:00", "03-09 01:00")]),
            # typed at 00:30, `tomorrow` may mean the day now starting (02:30 is in the gap: 03:30)
            (
                "livetest tomorrow 2:30am for 1h",
                "03-08 03:30",
                "03-08 04:30",
                [("03-09 02:30", "03-09 03:30")],
            ),
            ("livetest 1:59am for 2 minutes", "03-08 01:59", "03-08 03:01"),
        ],
    ),
    # ---------------------------------------- New York, Sun 1 Nov 00:30 EDT (the fall-back day)
    (
        "2026-11-01 00:30",
        NY,
        [
            ("livetest 1:30am for 1h", "2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00"),
            ("livetest 1am to 3am", "2026-11-01T01:00-04:00", "11-01 03:00"),
            ("livetest now for 2h", "now", "2026-11-01T01:30-05:00"),
            ("livetest until 2am", "now", "11-01 02:00"),
            ("livetest for 24h", "now", "11-01 23:30"),
            ("livetest until 1:30am", "now", "2026-11-01T01:30-04:00"),
            ("livetest midnight to 2am", "now", "11-01 02:00", [("11-02 00:00", "11-02 02:00")]),
        ],
    ),
    # ------------------------------------------------------------ UTC, Wed 10 Jun 12:00 (misc)
    # Live's horizon: start <= Tue 16 Jun 12:00, end < Wed 17 Jun 12:00
    # recordbot's limits: at most 72h, start <= Fri 11 Jun 2027 12:00 (now + 366 days)
    (
        "2026-06-10 12:00",
        UTC,
        [
            ("livetest from 1pm for 2h", "06-10 13:00", "06-10 15:00"),
            ("livetest 1-3pm", "06-10 13:00", "06-10 15:00"),
            ("livetest 12-3pm", "now", "06-10 15:00"),  # noon is now
            ("livetest 11am-1pm", "now", "06-10 13:00", [("06-11 11:00", "06-11 13:00")]),
            ("livetest 9:00-17:00", "now", "06-10 17:00", [("06-11 09:00", "06-11 17:00")]),
            ("livetest 21:00 - 23:00", "06-10 21:00", "06-10 23:00"),
            ("livetest 8 to 10 in the evening", "06-10 20:00", "06-10 22:00"),
            ("livetest from 7 to 9 tonight", "06-10 19:00", "06-10 21:00"),
            ("livetest tomorrow from 7 to 9pm", "06-11 19:00", "06-11 21:00"),
            ("livetest at 3 for 1h", "06-11 03:00", "06-11 04:00"),
            ("livetest at 15 for 1h", "06-10 15:00", "06-10 16:00"),
            ("livetest 1530 for 30m", "06-10 15:30", "06-10 16:00"),
            ("livetest 3:15pm for 45 minutes", "06-10 15:15", "06-10 16:00"),
            ("livetest from 3pm for 1 hour 15 minutes", "06-10 15:00", "06-10 16:15"),
            ("livetest from 3pm for 1h15", "06-10 15:00", "06-10 16:15"),
            ("livetest from 3pm for 75 mins", "06-10 15:00", "06-10 16:15"),
            ("livetest june 12 3pm for 1h", "06-12 15:00", "06-12 16:00"),
            ("livetest 12 june 3pm for 1h", "06-12 15:00", "06-12 16:00"),
            ("livetest 12th june at 3pm for 1h", "06-12 15:00", "06-12 16:00"),
            ("livetest june 12th at 3pm for 1h", "06-12 15:00", "06-12 16:00"),
            (
                "livetest 6/12 3pm for 1h",
                "06-12 15:00",
                "06-12 16:00",
                [("12-06 15:00", "12-06 16:00")],
            ),
            ("livetest 2026/06/12 15:00 for 1h", "06-12 15:00", "06-12 16:00"),
            ("livetest wed 3pm for 1h", "06-10 15:00", "06-10 16:00"),
            # under way; next Wednesday's is beyond Live's horizon (booked), still a reading
            (
                "livetest Wednesday 11am for 2h",
                "now",
                "06-10 13:00",
                [("06-17 11:00", "06-17 13:00")],
            ),
            ("livetest thu 3pm for 1h", "06-11 15:00", "06-11 16:00"),
            ("livetest next tue 3pm for 1h", "06-16 15:00", "06-16 16:00"),
            ("livetest next mon 3pm for 1h", "06-15 15:00", "06-15 16:00"),
            ("livetest for 30 seconds", "now", "06-10 12:00:30"),
            ("livetest in half an hour for an hour", "06-10 12:30", "06-10 13:30"),
            ("livetest in an hour for 2 hours", "06-10 13:00", "06-10 15:00"),
            ("livetest 3 hours from now for 1 hour", "06-10 15:00", "06-10 16:00"),
            ("livetest 2 hours later for 1 hour", "06-10 14:00", "06-10 15:00"),
            ("livetest from noon to 2", "now", "06-10 14:00"),
            ("livetest from midnight to 6am", "06-11 00:00", "06-11 06:00"),
            ("livetest until midnight", "now", "06-11 00:00"),
            ("livetest until 11:59pm", "now", "06-10 23:59"),
            ("livetest from 5pm till late", "!unparseable"),
            ("livetest tomorrow 5pm - 7pm.", "06-11 17:00", "06-11 19:00"),
            ("livetest Tomorrow, 5pm\u20137pm", "06-11 17:00", "06-11 19:00"),
            ("livetest TODAY 5PM TO 7PM", "06-10 17:00", "06-10 19:00"),
            ("livetest tmrw 5pm for 2h", "06-11 17:00", "06-11 19:00"),
            ("livetest the day after tomorrow 5pm for 2h", "06-12 17:00", "06-12 19:00"),
            ("livetest 5pm for 2h on friday", "06-12 17:00", "06-12 19:00"),
            ("livetest sat 10pm to sun 2am", "06-13 22:00", "06-14 02:00"),
            ("livetest from 10pm saturday to 2am sunday", "06-13 22:00", "06-14 02:00"),
            ("livetest 5pm to 7pm on friday", "06-12 17:00", "06-12 19:00"),
            ("livetest 10pm to 2am", "06-10 22:00", "06-11 02:00"),
            ("livetest 22:00-02:00", "06-10 22:00", "06-11 02:00"),
            ("livetest 22:00-2:00", "06-10 22:00", "06-11 02:00"),
            ("livetest 9-5", "now", "06-10 17:00", [("06-11 09:00", "06-11 17:00")]),
            ("livetest for 2h GMT+1", "now", "06-10 14:00"),
            ("livetest 3pm for 1h Europe/London", "06-10 14:00", "06-10 15:00"),
            ("livetest 3pm for 1h europe/london", "06-10 14:00", "06-10 15:00"),
            ("livetest 3pm for 1h London time", "06-10 14:00", "06-10 15:00"),
            ("livetest 3pm for 1h BST", "06-10 14:00", "06-10 15:00"),
            ("livetest 3pm for 1h EST", "06-10 19:00", "06-10 20:00"),  # US Eastern (EDT now)
            ("livetest 3pm for 1h EDT", "06-10 19:00", "06-10 20:00"),
            ("livetest 3pm for 1h CST", "06-10 20:00", "06-10 21:00"),  # US Central for UTC
            ("livetest 3pm for 1h JST", "06-11 06:00", "06-11 07:00"),
            ("livetest 3pm for 1h UTC+5:30", "06-11 09:30", "06-11 10:30"),
            ("livetest 3pm for 1h utc-3", "06-10 18:00", "06-10 19:00"),
            ("livetest 3pm for 1h UTC+15", "!unparseable"),
            ("livetest 3pm for 1h Mars/Olympus", "!unparseable"),
            ("livetest for 2h starting in 30 minutes", "06-10 12:30", "06-10 14:30"),
            ("livetest starting at 3pm for 2h", "06-10 15:00", "06-10 17:00"),
            ("livetest start 3pm end 5pm", "06-10 15:00", "06-10 17:00"),
            ("livetest 3pm-5pm please", "06-10 15:00", "06-10 17:00"),
            ("livetest record 3pm to 5pm", "06-10 15:00", "06-10 17:00"),
            ("livetest from 3pm onwards for 2h", "06-10 15:00", "06-10 17:00"),
            ("livetest half past 3 for 1h", "06-11 03:30", "06-11 04:30"),  # bare: 24-hour
            ("livetest quarter past 3pm for 1h", "06-10 15:15", "06-10 16:15"),
            ("livetest quarter to four pm for 1h", "06-10 15:45", "06-10 16:45"),
            ("livetest from half past 8 to 10 in the evening", "06-10 20:30", "06-10 22:00"),
            ("livetest 3pm", "!no_end"),
            ("livetest from tomorrow 3pm", "!no_end"),
            ("livetest tomorrow for 2h", "!unparseable"),
            ("livetest from 3pm to", "!unparseable"),
            ("livetest 3pm for", "!no_end"),
            ("livetest for", "!unparseable"),
            ("livetest tomorrow 5pm to tomorrow 3pm", "!end_before_start"),
            ("livetest 2026-06-12 17:00 to 2026-06-12 15:00", "!end_before_start"),
            ("livetest 2026-06-12 17:00 to 2026-06-12 17:00", "!end_before_start"),
            ("livetest june 1 3pm for 1h", "!past"),
            ("livetest last friday 3pm for 1h", "!past"),
            ("livetest from 3pm for 2 days", "06-10 15:00", "06-12 15:00"),
            ("livetest from 3pm for 24h 1m", "06-10 15:00", "06-11 15:01"),
            ("livetest from 3pm for 72h", "06-10 15:00", "06-13 15:00"),
            ("livetest from 3pm for 72h 1m", "!too_long"),
            ("livetest from 3pm for 4 days", "!too_long"),
            ("livetest june 20 3pm for 1h", "06-20 15:00", "06-20 16:00"),
            ("livetest 2027-06-11 12:00 to 13:00", "2027-06-11 12:00", "2027-06-11 13:00"),
            ("livetest 2027-06-11 12:01 to 13:00", "!too_far"),
            ("livetest june 20 2027 3pm for 1h", "!too_far"),
            ("livetest 2026-06-16 11:00 to 2026-06-17 11:00", "06-16 11:00", "06-17 11:00"),
            ("livetest 2026-06-16 11:00 to 2026-06-17 12:00", "06-16 11:00", "06-17 12:00"),
            ("livetest 2026-06-16 12:00 to 2026-06-17 12:00", "06-16 12:00", "06-17 12:00"),
        ],
    ),
]


# ------------------------------------------------------------------------------------------
# Issue 11, by kind: (kind, now, zone, resolve options, cases). B: two readings where a careful
# person would ask "which one?", the likelier first; C: the long tail of how people write times.
# A case marked `# 72h limit` or `# 366-day limit` is refused (or loses a reading) only because
# of Live's 24 h / 6-day limits of this branch; the comment says what it becomes when the
# planned limits (72 h, 366 days ahead) land.
KINDS: list[tuple[str, str, str, dict, list[tuple]]] = [
    # ---------------------------------------------------- B: `tomorrow` typed after midnight
    # Shanghai, Fri 27 Nov 00:30 (Thursday night): limits start <= Thu 3 Dec 00:30
    (
        "B tomorrow after midnight",
        "2026-11-27 00:30",
        SH,
        {},
        [
            (
                "livetest tmrw 7pm for 1h",
                "11-27 19:00",
                "11-27 20:00",
                [("11-28 19:00", "11-28 20:00")],
            ),
            (
                "livetest tomorrow 9am to 11am",
                "11-27 09:00",
                "11-27 11:00",
                [("11-28 09:00", "11-28 11:00")],
            ),
            (
                "livetest 明天晚上8点录2小时",
                "11-27 20:00",
                "11-27 22:00",
                [("11-28 20:00", "11-28 22:00")],
            ),
            (
                "livetest 明晚8点到10点",
                "11-27 20:00",
                "11-27 22:00",
                [("11-28 20:00", "11-28 22:00")],
            ),
            (
                "livetest 明早9点录1小时",
                "11-27 09:00",
                "11-27 10:00",
                [("11-28 09:00", "11-28 10:00")],
            ),
            (
                "livetest 明天凌晨2点录1小时",
                "11-27 02:00",
                "11-27 03:00",
                [("11-28 02:00", "11-28 03:00")],
            ),
            (
                "livetest tomorrow 1am to 3am",
                "11-27 01:00",
                "11-27 03:00",
                [("11-28 01:00", "11-28 03:00")],
            ),
            # the coming day's 00:15 has passed: only tomorrow's
            ("livetest tomorrow 0:15 for 1h", "11-28 00:15", "11-28 01:15"),
            # the coming-day reading would have begun last evening: only the literal one
            ("livetest 8pm to 2am tomorrow", "11-27 20:00", "11-28 02:00"),
            ("livetest tonight 8pm for 1h", "11-27 20:00", "11-27 21:00"),
            ("livetest today 8pm for 1h", "11-27 20:00", "11-27 21:00"),
            ("livetest 8pm for 1h", "11-27 20:00", "11-27 21:00"),
            ("livetest the day after tomorrow 8pm for 1h", "11-29 20:00", "11-29 21:00"),
            (
                "livetest tomorrow 8pm for 30h",
                "11-27 20:00",
                "11-29 02:00",
                [("11-28 20:00", "11-30 02:00")],
            ),
        ],
    ),
    # the same at 05:30: past the small hours, tomorrow is tomorrow
    (
        "B tomorrow after midnight",
        "2026-11-27 05:30",
        SH,
        {},
        [
            ("livetest tmrw 7pm for 1h", "11-28 19:00", "11-28 20:00"),
            ("livetest 明天晚上8点录2小时", "11-28 20:00", "11-28 22:00"),
        ],
    ),
    # New York, Fri 27 Nov 00:30 EST
    (
        "B tomorrow after midnight",
        "2026-11-27 00:30",
        NY,
        {},
        [
            (
                "livetest tmrw 7pm for 1h",
                "11-27 19:00",
                "11-27 20:00",
                [("11-28 19:00", "11-28 20:00")],
            ),
            (
                "livetest tomorrow noon for 1h",
                "11-27 12:00",
                "11-27 13:00",
                [("11-28 12:00", "11-28 13:00")],
            ),
        ],
    ),
    # ------------------------------------------------------------- B: 晚上 with 1-5 o'clock
    # Shanghai, Thu 26 Nov 18:30
    (
        "B 晚上 1-5",
        "2026-11-26 18:30",
        SH,
        {},
        [
            # 1-3: the small hours first (as 今晚1点), the afternoon offered
            (
                "livetest 晚上2点到4点",
                "11-27 02:00",
                "11-27 04:00",
                [("11-27 14:00", "11-27 16:00")],
            ),
            (
                "livetest 晚上2点到晚上4点",
                "11-27 02:00",
                "11-27 04:00",
                [("11-27 14:00", "11-27 16:00")],
            ),
            (
                "livetest 晚上2點到4點",
                "11-27 02:00",
                "11-27 04:00",
                [("11-27 14:00", "11-27 16:00")],
            ),
            (
                "livetest 晚上1点半录1小时",
                "11-27 01:30",
                "11-27 02:30",
                [("11-27 13:30", "11-27 14:30")],
            ),
            # tomorrow's evening at 2: the small hours after it (Sat 02:00), or Fri 14:00
            (
                "livetest 明天晚上2点录1小时",
                "11-28 02:00",
                "11-28 03:00",
                [("11-27 14:00", "11-27 15:00")],
            ),
            # 4-5: the afternoon first (today's 17:00 has passed), the small hours offered
            (
                "livetest 晚上5点录1小时",
                "11-27 17:00",
                "11-27 18:00",
                [("11-27 05:00", "11-27 06:00")],
            ),
            (
                "livetest 晚上4点到6点",
                "11-27 16:00",
                "11-27 18:00",
                [("11-27 04:00", "11-27 06:00")],
            ),
            # one reading: an end after an evening start; 凌晨, 下午, 今晚 say which
            ("livetest 晚上11点到晚上1点", "11-26 23:00", "11-27 01:00"),
            ("livetest 下午3点到晚上5点", "11-27 15:00", "11-27 17:00"),
            ("livetest 凌晨2点到4点", "11-27 02:00", "11-27 04:00"),
            ("livetest 下午2点到4点", "11-27 14:00", "11-27 16:00"),
            ("livetest 今晚2点录1小时", "11-27 02:00", "11-27 03:00"),
            ("livetest 晚上8点到10点", "11-26 20:00", "11-26 22:00"),
        ],
    ),
    # ------------------------------------------- B: a bare hour from someone on the 12-hour clock
    # New York, Thu 26 Nov 10:00 EST: limits start <= Wed 2 Dec 10:00
    (
        "B 12-hour clock",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest sat 1-4", "11-28 13:00", "11-28 16:00", [("11-28 01:00", "11-28 04:00")]),
            (
                "livetest at 7 for 1h",
                "11-26 19:00",
                "11-26 20:00",
                [("11-27 07:00", "11-27 08:00")],
            ),
            (
                "livetest 7:30 for 2h",
                "11-26 19:30",
                "11-26 21:30",
                [("11-27 07:30", "11-27 09:30")],
            ),
            ("livetest 1-3", "11-26 13:00", "11-26 15:00", [("11-27 01:00", "11-27 03:00")]),
            (
                "livetest half past 3 for 1h",
                "11-26 15:30",
                "11-26 16:30",
                [("11-27 03:30", "11-27 04:30")],
            ),
            (
                "livetest friday 6 to 8",
                "11-27 18:00",
                "11-27 20:00",
                [("11-27 06:00", "11-27 08:00")],
            ),
            # 8-11: the morning first, but tonight's before tomorrow morning's
            (
                "livetest at 9 for 1h",
                "11-26 21:00",
                "11-26 22:00",
                [("11-27 09:00", "11-27 10:00")],
            ),
            (
                "livetest tomorrow at 9 for 1h",
                "11-27 09:00",
                "11-27 10:00",
                [("11-27 21:00", "11-27 22:00")],
            ),
            ("livetest today at 9 for 1h", "11-26 21:00", "11-26 22:00"),  # 9am has passed
            ("livetest from 10 to 11", "now", "11-26 11:00", [("11-26 22:00", "11-26 23:00")]),
            # a range crossing noon is a daytime range first
            (
                "livetest 9-5",
                "now",
                "11-26 17:00",
                [("11-27 09:00", "11-27 17:00"), ("11-26 21:00", "11-27 05:00")],
            ),
            ("livetest 11-1", "11-26 11:00", "11-26 13:00", [("11-26 23:00", "11-27 01:00")]),
            # one reading: am/pm written, carried from the end, 24-hour forms, 12
            ("livetest 8-11pm", "11-26 20:00", "11-26 23:00"),
            ("livetest 8am for 1h", "11-27 08:00", "11-27 09:00"),
            ("livetest 20:00 for 1h", "11-26 20:00", "11-26 21:00"),
            ("livetest 08:30 for 1h", "11-27 08:30", "11-27 09:30"),
            ("livetest at 12 for 1h", "11-26 12:00", "11-26 13:00"),
            ("livetest tonight at 7 for 1h", "11-26 19:00", "11-26 20:00"),
        ],
    ),
    # the Slack locale wins over the zone: a New Yorker whose Slack is en-GB writes 24-hour times
    (
        "B 12-hour clock",
        "2026-11-26 10:00",
        NY,
        {"locale": "en-GB"},
        [("livetest at 7 for 1h", "11-27 07:00", "11-27 08:00")],
    ),
    (
        "B 12-hour clock",
        "2026-11-26 10:00",
        NY,
        {"clock12": False},
        [("livetest 1-3", "11-27 01:00", "11-27 03:00")],
    ),
    # Shanghai keeps the 24-hour clock, unless the person's locale says otherwise
    (
        "B 12-hour clock",
        "2026-11-26 18:30",
        SH,
        {},
        [("livetest at 7 for 1h", "11-27 07:00", "11-27 08:00")],
    ),
    (
        "B 12-hour clock",
        "2026-11-26 18:30",
        SH,
        {"locale": "en_US"},
        [("livetest at 7 for 1h", "11-26 19:00", "11-26 20:00", [("11-27 07:00", "11-27 08:00")])],
    ),
    (
        "B 12-hour clock",
        "2026-11-26 10:00",
        LDN,
        {},
        [("livetest at 7 for 1h", "11-27 07:00", "11-27 08:00")],
    ),
    (
        "B 12-hour clock",
        "2026-11-26 10:00",
        "Australia/Sydney",
        {},
        [("livetest 3-5", "11-26 15:00", "11-26 17:00", [("11-27 03:00", "11-27 05:00")])],
    ),
    # -------------------------------------------------------------------- B: day/month order
    # no locale, and UTC says nothing: month/day first, then day/month; on this branch the
    # two are never both within 6 days, so one is dropped (both offered: test_timeparse.py).
    # UTC, Tue 10 Mar 10:00.
    (
        "B day/month",
        "2026-03-10 10:00",
        UTC,
        {},
        [
            # a date without a year is the nearest one: 3 December is last December's, past
            ("livetest 3/12 8pm for 1h", "03-12 20:00", "03-12 21:00"),
            # with the year, 3 December 2026 is too far (366-day limit: + 12-03 20:00)
            (
                "livetest 3/12/2026 8pm for 1h",
                "03-12 20:00",
                "03-12 21:00",
                [("12-03 20:00", "12-03 21:00")],
            ),
            ("livetest 3/11 9am for 1h", "03-11 09:00", "03-11 10:00"),  # 3 Nov: last November's
            # month/day is 3 December, past: the day/month reading, 12 March, is the one left
            ("livetest 12/3 8pm for 1h", "03-12 20:00", "03-12 21:00"),
        ],
    ),
    # UTC, Thu 26 Nov 10:00: the locale says the order
    (
        "B day/month",
        "2026-11-26 10:00",
        UTC,
        {"locale": "en-GB"},
        [("livetest 1/12 8pm for 1h", "12-01 20:00", "12-01 21:00")],
    ),
    (
        "B day/month",
        "2026-11-26 10:00",
        UTC,
        {"locale": "en-US"},
        [
            ("livetest 12/1 8pm for 1h", "12-01 20:00", "12-01 21:00"),
            ("livetest 1/12 8pm for 1h", "2027-01-12 20:00", "2027-01-12 21:00"),
        ],
    ),
    # no locale: both readings, month/day (12 Jan) first, then day/month (1 Dec)
    (
        "B day/month",
        "2026-11-26 10:00",
        UTC,
        {},
        [
            (
                "livetest 1/12 8pm for 1h",
                "2027-01-12 20:00",
                "2027-01-12 21:00",
                [("12-01 20:00", "12-01 21:00")],
            )
        ],
    ),
    # the zone's custom: London day first, New York and Shanghai month first, Kolkata day first
    (
        "B day/month",
        "2026-11-26 10:00",
        LDN,
        {},
        [
            ("livetest 1/12 8pm for 1h", "12-01 20:00", "12-01 21:00"),
            ("livetest 2/12 9am to 10am", "12-02 09:00", "12-02 10:00"),
            ("livetest 12/1 8pm for 1h", "2027-01-12 20:00", "2027-01-12 21:00"),
        ],
    ),
    (
        "B day/month",
        "2026-11-26 10:00",
        LDN,
        {"locale": "en-US"},
        [("livetest 12/1 8pm for 1h", "12-01 20:00", "12-01 21:00")],
    ),
    (
        "B day/month",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest 12/1 8pm for 1h", "12-01 20:00", "12-01 21:00"),
            ("livetest 1/12 8pm for 1h", "2027-01-12 20:00", "2027-01-12 21:00"),
        ],
    ),
    (
        "B day/month",
        "2026-11-26 18:30",
        SH,
        {},
        [("livetest 12/1 8pm for 1h", "12-01 20:00", "12-01 21:00")],
    ),
    (
        "B day/month",
        "2026-11-26 23:45",
        KOL,
        {},
        [("livetest 1/12 8pm for 1h", "12-01 20:00", "12-01 21:00")],
    ),
    # ------------------------------------------------------------------ C: European hours
    # London, Thu 26 Nov 10:00 GMT (24-hour clock): `16h` where a time goes is 16:00
    (
        "C European hours",
        "2026-11-26 10:00",
        LDN,
        {},
        [
            ("livetest 15h30 for 1h", "11-26 15:30", "11-26 16:30"),
            ("livetest 16h-18h", "11-26 16:00", "11-26 18:00"),
            ("livetest 9h30 - 11h", "now", "11-26 11:00", [("11-27 09:30", "11-27 11:00")]),
            ("livetest from 16h to 18h30", "11-26 16:00", "11-26 18:30"),
            ("livetest 20h for 2h", "11-26 20:00", "11-26 22:00"),
            ("livetest 16h for 2h", "11-26 16:00", "11-26 18:00"),
            ("livetest tomorrow 9h to 11h", "11-27 09:00", "11-27 11:00"),
            # a length where a length goes
            ("livetest 1h30", "now", "11-26 11:30"),
            ("livetest for 2h30 from 8pm", "11-26 20:00", "11-26 22:30"),
            ("livetest 2h later for 1h", "11-26 12:00", "11-26 13:00"),
            ("livetest 25h30 for 1h", "!unparseable"),
        ],
    ),
    # New York writes the 12-hour clock, but `9h30` is written on the 24-hour one
    (
        "C European hours",
        "2026-11-26 10:00",
        NY,
        {},
        [("livetest 9h30 - 11h", "now", "11-26 11:00", [("11-27 09:30", "11-27 11:00")])],
    ),
    # ---------------------------------------------------------------- C: spelled-out times
    (
        "C spelled-out times",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest seven thirty p.m. for 1h", "11-26 19:30", "11-26 20:30"),
            ("livetest ten thirty am for 1h", "11-26 10:30", "11-26 11:30"),
            ("livetest twelve fifteen pm for 1h", "11-26 12:15", "11-26 13:15"),
            ("livetest at eight pm for two hours", "11-26 20:00", "11-26 22:00"),
            ("livetest from seven to nine pm", "11-26 19:00", "11-26 21:00"),
            # 09:59 to 11:00 is under way at 10:00
            (
                "livetest from nine fifty nine a m to eleven",
                "now",
                "11-26 11:00",
                [("11-27 09:59", "11-27 11:00")],
            ),
            # no am/pm on the 12-hour clock: both
            (
                "livetest seven thirty for 1h",
                "11-26 19:30",
                "11-26 20:30",
                [("11-27 07:30", "11-27 08:30")],
            ),
            (
                "livetest seven thirty five for 1h",
                "11-26 19:35",
                "11-26 20:35",
                [("11-27 07:35", "11-27 08:35")],
            ),
        ],
    ),
    (
        "C spelled-out times",
        "2026-11-26 10:00",
        LDN,
        {},
        [
            ("livetest seven thirty pm for 1h", "11-26 19:30", "11-26 20:30"),
            ("livetest ten fifteen for 1h", "11-26 10:15", "11-26 11:15"),  # 24-hour clock
            ("livetest twelve oh five pm for 1h", "11-26 12:05", "11-26 13:05"),
        ],
    ),
    # ------------------------------------------------- C: quarter to, twenty after, half eight
    (
        "C past/to/half",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest a quarter to noon for 1h", "11-26 11:45", "11-26 12:45"),
            ("livetest twenty after 3pm for 1h", "11-26 15:20", "11-26 16:20"),
            ("livetest 20 past 3pm for 1h", "11-26 15:20", "11-26 16:20"),
            ("livetest quarter past noon for 1h", "11-26 12:15", "11-26 13:15"),
            ("livetest 15 to noon for 30 minutes", "11-26 11:45", "11-26 12:15"),
            ("livetest ten past eight pm for 1h", "11-26 20:10", "11-26 21:10"),
            ("livetest twenty-five to nine pm for 1h", "11-26 20:35", "11-26 21:35"),
            ("livetest quarter to midnight for 30m", "11-26 23:45", "11-27 00:15"),
            ("livetest 10 minutes to 9pm for 1h", "11-26 20:50", "11-26 21:50"),
            # British `half eight` is 8:30; New York's 12-hour clock: tonight's first
            (
                "livetest half eight for 1h",
                "11-26 20:30",
                "11-26 21:30",
                [("11-27 08:30", "11-27 09:30")],
            ),
            # `5 to 7` stays a range (17:00-19:00 first on the 12-hour clock)
            ("livetest 5 to 7", "11-26 17:00", "11-26 19:00", [("11-27 05:00", "11-27 07:00")]),
        ],
    ),
    (
        "C past/to/half",
        "2026-11-26 10:00",
        LDN,
        {},
        [
            ("livetest half eight for 1h", "11-27 08:30", "11-27 09:30"),  # 24-hour: 08:30
            ("livetest half eight pm for 1h", "11-26 20:30", "11-26 21:30"),
            ("livetest tonight at half eight for 1h", "11-26 20:30", "11-26 21:30"),
            ("livetest half 7 to half 9 tonight", "11-26 19:30", "11-26 21:30"),
        ],
    ),
    # ------------------------------------------------------------------ C: around, -ish
    (
        "C around/ish",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest around 8pm for 2h", "11-26 20:00", "11-26 22:00"),
            ("livetest at about 8pm for 2h", "11-26 20:00", "11-26 22:00"),
            ("livetest 8pmish for 2h", "11-26 20:00", "11-26 22:00"),
            ("livetest 8pm-ish for 2h", "11-26 20:00", "11-26 22:00"),
            ("livetest approximately 8pm to 10pm", "11-26 20:00", "11-26 22:00"),
            ("livetest from around 8pm till around 10pm", "11-26 20:00", "11-26 22:00"),
            (
                "livetest 8ish for 2h",
                "11-26 20:00",
                "11-26 22:00",
                [("11-27 08:00", "11-27 10:00")],
            ),
        ],
    ),
    (
        "C around/ish",
        "2026-11-26 18:30",
        SH,
        {},
        [("livetest 今晚8点左右录2小时", "11-26 20:00", "11-26 22:00")],
    ),
    # ------------------------------------------------------------------------ C: now + 30m
    (
        "C now + length",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest now + 30 minutes", "now", "11-26 10:30"),
            ("livetest now+30min", "now", "11-26 10:30"),
            ("livetest now + 30 minutes for 1h", "11-26 10:30", "11-26 11:30"),
            ("livetest now + 2h to 3pm", "11-26 12:00", "11-26 15:00"),
            ("livetest + 30 minutes", "!unparseable"),
        ],
    ),
    # ------------------------------------------------------------------------ C: lengths
    (
        "C lengths",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest for a couple of hours", "now", "11-26 12:00"),
            ("livetest for a couple hours", "now", "11-26 12:00"),
            ("livetest from 8pm for an hour and a half", "11-26 20:00", "11-26 21:30"),
            ("livetest from 8pm for 1 hour thirty", "11-26 20:00", "11-26 21:30"),
            ("livetest for 1 hr 30", "now", "11-26 11:30"),
            ("livetest for an hour thirty", "now", "11-26 11:30"),
            ("livetest 8pm for 1/2 h", "11-26 20:00", "11-26 20:30"),
            ("livetest 8pm for 3/4 hour", "11-26 20:00", "11-26 20:45"),
            ("livetest 8pm for 1 1/2 hours", "11-26 20:00", "11-26 21:30"),
            ("livetest in 1/4 h for 1h", "11-26 10:15", "11-26 11:15"),
            ("livetest for 0,5 hours", "now", "11-26 10:30"),
            ("livetest 8pm for 1,5h", "11-26 20:00", "11-26 21:30"),
            ("livetest for three-quarters of an hour", "now", "11-26 10:45"),
            ("livetest 8pm for 30'", "11-26 20:00", "11-26 20:30"),
            ("livetest for 90'", "now", "11-26 11:30"),
            ("livetest for a few hours", "!unparseable"),  # how many? asked, not guessed
            ("livetest 8pm for 2/3 h", "!unparseable"),
        ],
    ),
    # ---------------------------------------------------------------- C: days from now
    (
        "C relative days",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest in 3 days at 5pm for 1h", "11-29 17:00", "11-29 18:00"),
            ("livetest 3 days from now at 5pm for 1h", "11-29 17:00", "11-29 18:00"),
            (
                "livetest in 2 days at 9 for 1h",
                "11-28 09:00",
                "11-28 10:00",
                [("11-28 21:00", "11-28 22:00")],
            ),
            ("livetest in a day for 1h", "11-27 10:00", "11-27 11:00"),
            ("livetest in a week for 1h", "12-03 10:00", "12-03 11:00"),
            ("livetest in 7 days at 5pm for 1h", "12-03 17:00", "12-03 18:00"),
            ("livetest a week from today at 5pm for 1h", "12-03 17:00", "12-03 18:00"),
            ("livetest three fridays from now at 8pm for 1h", "12-11 20:00", "12-11 21:00"),
            ("livetest in 1 week", "!no_end"),
            ("livetest the day before yesterday 8pm for 2h", "!past"),
            ("livetest day before yesterday at 8pm for 1h", "!past"),
        ],
    ),
    (
        "C relative days",
        "2026-11-26 18:30",
        SH,
        {},
        [
            ("livetest 3天后晚上8点录1小时", "11-29 20:00", "11-29 21:00"),
            ("livetest 两天后下午3点到5点", "11-28 15:00", "11-28 17:00"),
            ("livetest 1 saturday from now at 8pm for 1h", "11-28 20:00", "11-28 21:00"),
        ],
    ),
    # ------------------------------------------------------ C: weekends, all day, overnight
    (
        "C weekend/all day/overnight",
        "2026-11-26 10:00",
        NY,
        {},
        [
            (
                "livetest this weekend 10am to noon",
                "11-28 10:00",
                "11-28 12:00",
                [("11-29 10:00", "11-29 12:00")],
            ),
            (
                "livetest this weekend at 8pm for 2h",
                "11-28 20:00",
                "11-28 22:00",
                [("11-29 20:00", "11-29 22:00")],
            ),
            ("livetest all day saturday", "11-28 00:00", "11-29 00:00"),
            ("livetest saturday all day", "11-28 00:00", "11-29 00:00"),
            ("livetest all day tomorrow", "11-27 00:00", "11-28 00:00"),
            ("livetest tomorrow for a day", "11-27 00:00", "11-28 00:00"),
            ("livetest all day today", "now", "11-27 00:00"),
            ("livetest this weekend", "11-28 00:00", "11-30 00:00"),
            ("livetest all weekend", "11-28 00:00", "11-30 00:00"),
            ("livetest the whole weekend", "11-28 00:00", "11-30 00:00"),
            (
                "livetest next weekend 8pm for 1h",
                "12-05 20:00",
                "12-05 21:00",
                [("12-06 20:00", "12-06 21:00")],
            ),
            ("livetest overnight until 7am", "now", "11-27 07:00"),
            ("livetest overnight from 11pm to 7am", "11-26 23:00", "11-27 07:00"),
            ("livetest overnight", "!unparseable"),  # from when to when? asked, not guessed
            ("livetest all day 8pm", "!unparseable"),
        ],
    ),
    # a Sunday: this weekend's Saturday has passed, so the rest of the weekend, or Sunday
    (
        "C weekend/all day/overnight",
        "2026-11-29 10:00",
        NY,
        {},
        [
            ("livetest this weekend", "now", "11-30 00:00"),
            ("livetest this weekend 8pm for 1h", "11-29 20:00", "11-29 21:00"),
        ],
    ),
    (
        "C weekend/all day/overnight",
        "2026-11-26 18:30",
        SH,
        {},
        [
            (
                "livetest 这周末晚上8点录2小时",
                "11-28 20:00",
                "11-28 22:00",
                [("11-29 20:00", "11-29 22:00")],
            ),
            ("livetest 周六全天", "11-28 00:00", "11-29 00:00"),
            ("livetest 明天全天", "11-27 00:00", "11-28 00:00"),
            ("livetest 明天录一整天", "11-27 00:00", "11-28 00:00"),
            ("livetest 周末", "11-28 00:00", "11-30 00:00"),
            ("livetest 周末全天", "11-28 00:00", "11-30 00:00"),
            (
                "livetest 下周末上午10点录1小时",
                "12-05 10:00",
                "12-05 11:00",
                [("12-06 10:00", "12-06 11:00")],
            ),
        ],
    ),
    # ------------------------------------------------------------------ C: calendar pastes
    (
        "C calendar pastes",
        "2026-11-26 10:00",
        NY,
        {},
        [
            (
                "livetest Tuesday, December 1 \u00b7 7:00 \u2013 9:30pm EST",
                "12-01 19:00",
                "12-01 21:30",
            ),
            ("livetest Tuesday, December 1\u22c57:00 \u2013 9:30pm", "12-01 19:00", "12-01 21:30"),
            (
                "livetest Tuesday, December 1 \u2022 7:00 \u2013 9:30pm (Eastern Time)",
                "12-01 19:00",
                "12-01 21:30",
            ),
            ("livetest Tue, Dec 1, 2026, 7:00 PM \u2013 9:30 PM EST", "12-01 19:00", "12-01 21:30"),
            ("livetest Tue 12/1/2026 7:00 PM - 9:30 PM", "12-01 19:00", "12-01 21:30"),
            (
                "livetest Dec 1, 2026 07:00 PM Eastern Time (US and Canada) for 1h",
                "12-01 19:00",
                "12-01 20:00",
            ),
            (
                "livetest When: Tuesday, December 1, 2026 7:00 PM-9:30 PM (UTC-05:00) Eastern Time (US & Canada)",
                "12-01 19:00",
                "12-01 21:30",
            ),
            ("livetest Tuesday 1 December 2026 at 19:00 to 21:30", "12-01 19:00", "12-01 21:30"),
            (
                "livetest Friday, November 27 \u00b7 8:00 \u2013 9:00am",
                "11-27 08:00",
                "11-27 09:00",
            ),
            # the paste says Friday, but 28 November is a Saturday: asked, not guessed
            ("livetest Friday, November 28 \u00b7 8:00 \u2013 9:00am", "!unparseable"),
            ("livetest Dec 1 7:00 PM (UTC+08:00) Eastern Time", "!unparseable"),  # two zones
        ],
    ),
    # --------------------------------------------------------------------- C: polite words
    (
        "C polite filler",
        "2026-11-26 18:30",
        SH,
        {},
        [
            ("livetest from 8pm for 3h please", "11-26 20:00", "11-26 23:00"),
            ("livetest please from 8pm for 3h thx", "11-26 20:00", "11-26 23:00"),
            ("livetest from 8pm for 3h thanks!", "11-26 20:00", "11-26 23:00"),
            ("livetest 8pm-11pm, thank you", "11-26 20:00", "11-26 23:00"),
            ("livetest could you record 8pm to 11pm", "11-26 20:00", "11-26 23:00"),
            ("livetest pls 8-11pm ty", "11-26 20:00", "11-26 23:00"),
            ("livetest from 8pm to 11pm sharp, ok?", "11-26 20:00", "11-26 23:00"),
            ("livetest 请帮我今晚8点录3小时，谢谢", "11-26 20:00", "11-26 23:00"),
            ("livetest 麻烦今晚8点到11点录一下，多谢", "11-26 20:00", "11-26 23:00"),
            ("livetest 今晚8点录3小时好吗", "11-26 20:00", "11-26 23:00"),
            ("livetest 唔該今晚8點錄3個鐘", "11-26 20:00", "11-26 23:00"),
            ("livetest from 8pm for 3h cheers mate", "!unparseable"),  # `mate` is no time
        ],
    ),
    # ------------------------------------------------------------ C: a push URL as the stream
    (
        "C push URL",
        "2026-11-26 18:30",
        SH,
        {},
        [
            (
                "rtmp://5000.livepush.myqcloud.com/live/livetest?txSecret=abc123&txTime=6A7B8C9D from 8pm for 3h",
                "11-26 20:00",
                "11-26 23:00",
            ),
            (
                "rtmp://push.example.com:1935/live/livetest?txSecret=S3CRET 8pm for 1h",
                "11-26 20:00",
                "11-26 21:00",
            ),
            (
                "RTMP://push.example.com/live/livetest?txSecret=S3CRET今晚8点录3小时",
                "11-26 20:00",
                "11-26 23:00",
            ),
            (
                "webrtc://push.example.com/live/livetest?txSecret=S3CRET now for 1h",
                "now",
                "11-26 19:30",
            ),
            ("rtmp://push.example.com/livetest?txSecret=S3CRET 8pm for 1h", "!no_stream"),  # no app
            ("rtmp://push.example.com/live/livetest?txSecret=S3CRET 8pm", "!no_end"),
        ],
    ),
    # ---------------------------------------------------------------- C: Chinese long tail
    (
        "C Chinese",
        "2026-11-26 18:30",
        SH,
        {},
        [
            ("livetest 今晚10点到次日凌晨2点", "11-26 22:00", "11-27 02:00"),
            ("livetest 明晚10点到次日凌晨2点", "11-27 22:00", "11-28 02:00"),
            ("livetest 次日上午9点录1小时", "11-27 09:00", "11-27 10:00"),
            ("livetest 未来2小时", "now", "11-26 20:30"),
            ("livetest 未来两个小时", "now", "11-26 20:30"),
            ("livetest 接下来的90分钟", "now", "11-26 20:00"),
            ("livetest 再过半个小时开始录1小时", "11-26 19:00", "11-26 20:00"),
            ("livetest 再过10分钟录半小时", "11-26 18:40", "11-26 19:10"),
            ("livetest 30分钟后开始录1小时", "11-26 19:00", "11-26 20:00"),
            ("livetest 下周周一晚上8点录1小时", "11-30 20:00", "11-30 21:00"),
            ("livetest 下周的周一上午10点录1小时", "11-30 10:00", "11-30 11:00"),
            ("livetest 午夜12点开始录2小时", "11-27 00:00", "11-27 02:00"),
            ("livetest 今晚午夜12点录1小时", "11-27 00:00", "11-27 01:00"),
            ("livetest 下个月1号晚上8点录1小时", "12-01 20:00", "12-01 21:00"),
            ("livetest 本月28号晚上8点录1小时", "11-28 20:00", "11-28 21:00"),
            ("livetest 下月15号晚上8点录1小时", "12-15 20:00", "12-15 21:00"),
            ("livetest 今晚8点正录1小时", "11-26 20:00", "11-26 21:00"),
            ("livetest 8点正到10点", "11-27 08:00", "11-27 10:00"),
            ("livetest 后半夜2点录1小时", "11-27 02:00", "11-27 03:00"),
        ],
    ),
    # 今晨 typed at 05:30
    (
        "C Chinese",
        "2026-11-27 05:30",
        SH,
        {},
        [("livetest 今晨8点录1小时", "11-27 08:00", "11-27 09:00")],
    ),
    # ------------------------------------------------------------------------ C: Cantonese
    (
        "C Cantonese",
        "2026-11-26 18:30",
        "Asia/Hong_Kong",
        {},
        [
            ("livetest 聽日晚上8點錄2個鐘", "11-27 20:00", "11-27 22:00"),
            ("livetest 聽晚8點錄兩個鐘", "11-27 20:00", "11-27 22:00"),
            ("livetest 聽朝9點錄1個鐘", "11-27 09:00", "11-27 10:00"),
            ("livetest 聽日朝早9點到11點", "11-27 09:00", "11-27 11:00"),
            ("livetest 聽日晏晝2點錄1個鐘", "11-27 14:00", "11-27 15:00"),
            ("livetest 聽日下晝3點到5點", "11-27 15:00", "11-27 17:00"),
            ("livetest 而家開始錄個半鐘", "now", "11-26 20:00"),
            ("livetest 今晚8點錄3個鐘", "11-26 20:00", "11-26 23:00"),
            ("livetest 今晚8點錄個鐘", "11-26 20:00", "11-26 21:00"),
            ("livetest 禮拜六晚上8點錄2個鐘", "11-28 20:00", "11-28 22:00"),
            ("livetest 下個禮拜一晚上8點錄1個鐘", "11-30 20:00", "11-30 21:00"),
            ("livetest 今個禮拜六下晝3點錄1個鐘", "11-28 15:00", "11-28 16:00"),
            ("livetest 半個鐘之後開始錄1個鐘", "11-26 19:00", "11-26 20:00"),
            ("livetest 過10分鐘開始錄1個鐘", "11-26 18:40", "11-26 19:40"),
            ("livetest 後日晚上8點錄半個鐘", "11-28 20:00", "11-28 20:30"),
            ("livetest 琴日晚上8點錄2個鐘", "!past"),
        ],
    ),
    (
        "C Cantonese",
        "2026-11-27 05:30",
        "Asia/Hong_Kong",
        {},
        [("livetest 今朝9點錄半個鐘", "11-27 09:00", "11-27 09:30")],
    ),
    # after midnight, 聽日 may mean the day now starting (B)
    (
        "C Cantonese",
        "2026-11-27 00:30",
        "Asia/Hong_Kong",
        {},
        [
            (
                "livetest 聽日晚上8點錄2個鐘",
                "11-27 20:00",
                "11-27 22:00",
                [("11-28 20:00", "11-28 22:00")],
            )
        ],
    ),
    # -------------------------------------- C: public corpora's phrasing (Duckling EN/ZH style)
    (
        "C in the AM/PM",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest 3 in the AM for 1h", "11-27 03:00", "11-27 04:00"),
            ("livetest from 3 to 4 in the PM", "11-26 15:00", "11-26 16:00"),
            ("livetest 3:20 in afternoon for 1h", "11-26 15:20", "11-26 16:20"),
            # 12-hour clock, dated: 1 o'clock is afternoon first
            (
                "livetest tomorrow in between 1-2:30 ish",
                "11-27 13:00",
                "11-27 14:30",
                [("11-27 01:00", "11-27 02:30")],
            ),
        ],
    ),
    (
        "C lengths",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest in 2 more minutes for 1h", "11-26 10:02", "11-26 11:02"),
            ("livetest in 2 and an half hours for 1h", "11-26 12:30", "11-26 13:30"),
            ("livetest for two more hours", "now", "11-26 12:00"),
        ],
    ),
    (
        "C spelled-out dates",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest december first at 9am for 1h", "12-01 09:00", "12-01 10:00"),
            ("livetest the first of december at 9am for 1h", "12-01 09:00", "12-01 10:00"),
            ("livetest on the twenty-eighth at 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest saturday the twenty-eighth at 8pm for 2h", "11-28 20:00", "11-28 22:00"),
            ("livetest friday the twenty-eighth at 8pm for 2h", "!unparseable"),  # a Saturday
        ],
    ),
    (
        "C Chinese",
        "2026-11-26 18:30",
        SH,
        {},
        [("livetest 今星期五晚上8点录1小时", "11-27 20:00", "11-27 21:00")],
    ),
    # what the European hours and the unit-less minutes must not swallow (London, 10:00)
    (
        "C European hours",
        "2026-11-26 10:00",
        LDN,
        {},
        [
            ("livetest 3h starting 8pm", "11-26 20:00", "11-26 23:00"),  # a length, then the start
            ("livetest 16h开始录2小时", "11-26 16:00", "11-26 18:00"),
            ("livetest 3h 半小时", "now", "11-26 13:30"),  # lengths in a row add up
            ("livetest 3h to 5pm", "!unparseable"),  # a length and an end: which?
            ("livetest for 1 hour 30 seconds", "now", "11-26 11:00:30"),
            ("livetest for 90 minutes from today 11:30pm", "11-26 23:30", "11-27 01:00"),
        ],
    ),
    (
        "C past/to/half",
        "2026-11-26 10:00",
        NY,
        {},
        [
            ("livetest 11 till noon", "11-26 11:00", "11-26 12:00"),  # a range, not 11:49
            ("livetest 20 to midnight", "11-26 20:00", "11-27 00:00"),  # a range, not 23:40
            ("livetest twenty to midnight for 1h", "11-26 23:40", "11-27 00:40"),
        ],
    ),
]


def _wall(value: str, now: datetime, zone: ZoneInfo) -> datetime:
    if value == "now":
        return now
    if "T" in value:
        return datetime.fromisoformat(value)
    if len(value.split(" ")[0]) == 5:  # MM-DD
        value = f"{now.year}-{value}"
    return datetime.fromisoformat(value).replace(tzinfo=zone)


CASES = [
    pytest.param(now, tz, {}, case, id=f"{tz}@{now}|{case[0]}")
    for now, tz, cases in BLOCKS
    for case in cases
] + [
    pytest.param(now, tz, opts, case, id=f"{kind}|{tz}@{now}{opts or ''}|{case[0]}")
    for kind, now, tz, opts, cases in KINDS
    for case in cases
]


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 300
    codes = {c[1][1:] for _, _, cs in BLOCKS for c in cs if c[1].startswith("!")}
    assert codes >= {
        "no_stream",
        "unparseable",
        "no_end",
        "end_before_start",
        "too_long",
        "too_far",
        "past",
    }


@pytest.mark.parametrize(("now_s", "tz", "opts", "case"), CASES)
def test_corpus(now_s: str, tz: str, opts: dict, case: tuple) -> None:
    zone = ZoneInfo(tz)
    now = datetime.fromisoformat(now_s).replace(tzinfo=zone)
    text, expected = case[0], case[1]
    if expected.startswith("!"):
        with pytest.raises(ResolveError) as info:
            resolve(text, now, tz, **opts)
        assert info.value.code == expected[1:], info.value.message
        assert info.value.message
        return
    res = resolve(text, now, tz, **opts)
    w = res.window
    start, end = _wall(case[1], now, zone), _wall(case[2], now, zone)
    got = (w.start.isoformat(), w.end.isoformat(), w.starts_now)
    assert (w.start, w.end) == (start, end), got
    assert w.starts_now == (case[1] == "now"), got
    alts = case[3] if len(case) > 3 else []
    assert [(a.start, a.end) for a in res.alternatives] == [
        (_wall(a, now, zone), _wall(b, now, zone)) for a, b in alts
    ], [(a.start.isoformat(), a.end.isoformat()) for a in res.alternatives]
    for win in (w, *res.alternatives):
        # recordbot's limits hold, and times carry the offset of the user's zone
        assert limit_violation(win.start, win.end, now) is None
        assert win.start.utcoffset() == win.start.astimezone(zone).utcoffset()
        assert win.end.utcoffset() == win.end.astimezone(zone).utcoffset()
        assert win.start.microsecond == 0 and win.end.microsecond == 0
        assert win.end - win.start <= timedelta(hours=72)
        # the plan covers the window with consecutive Live tasks of at most 24h
        parts = plan(win, now)
        assert parts[0].start == win.start and parts[-1].end == win.end
        assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))
        assert all(p.end - p.start <= MAX_DURATION for p in parts)


TWO_READINGS = [c for c in CASES if len(c.values[3]) > 3 and c.values[3][3]]


@pytest.mark.parametrize(("now_s", "tz", "opts", "case"), TWO_READINGS)
def test_recordbot_parse_lists_the_other_readings(
    now_s: str, tz: str, opts: dict, case: tuple
) -> None:
    """Every case with two readings shows them in `recordbot parse`'s JSON `alternatives`."""
    zone = ZoneInfo(tz)
    now = datetime.fromisoformat(now_s).replace(tzinfo=zone)
    obj, ok = resolve_to_json(case[0], now.isoformat(), tz, **opts)
    assert ok, obj
    want = [(_wall(a, now, zone), _wall(b, now, zone)) for a, b in case[3]]
    got = [
        (datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"]))
        for a in obj["alternatives"]
    ]
    assert got == want, obj["alternatives"]
    assert all(a["starts_now"] is False for a in obj["alternatives"])
