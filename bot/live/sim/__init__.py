"""A Live API (2018-08-01) simulator on loopback: same wire format, signatures and rules as Tencent.

It backs the offline product (`recordbot shell`, `recordbot sim`) and every end-to-end test, so it
is strict: requests are signed and checked (TC3-HMAC-SHA256, and the legacy HmacSHA1/HmacSHA256
form), every reply is HTTP 200 `application/json` in the `{"Response": {...}}` envelope, and the
recording rules are the documented ones. Given a callback URL, it sends Live's callbacks there
as its tasks start and end (signed, retried on anything but HTTP 200), by its own clock.

simulator.py  LiveSimulator: the gateway's order, the rate limit, the test hooks, the call log
wire.py       a request read into action + typed parameters; the reply envelope
auth.py       signature checks: TC3-HMAC-SHA256, the legacy v1 form, the timestamp skew
rules.py      the recording rules and the task state (create, stop, delete, describe)
notify.py     Live's callbacks as tasks start and end: what each carries, signing, delivery
server.py     the HTTP server and its handler
console.py    `recordbot sim`: serve() in the foreground

Where Tencent's documents are silent, each file lists the choices it makes.
"""

from bot.live.sim.auth import tc3_signature
from bot.live.sim.console import serve
from bot.live.sim.rules import check_create_window
from bot.live.sim.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, LiveSimulator
from bot.live.sim.wire import ApiError
from bot.windows import REGIONS

__all__ = [
    "REGIONS",
    "SIM_SECRET_ID",
    "SIM_SECRET_KEY",
    "ApiError",
    "LiveSimulator",
    "check_create_window",
    "serve",
    "tc3_signature",
]
