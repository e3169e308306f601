"""A Live API (2018-08-01) simulator on loopback: same wire format, signatures and rules as Tencent.

It backs the offline product (`recordbot shell`, `recordbot sim`) and every end-to-end test.
"""

from bot.live.sim.auth import tc3_signature
from bot.live.sim.rules import check_create_window
from bot.live.sim.simulator import (
    REGIONS,
    SIM_SECRET_ID,
    SIM_SECRET_KEY,
    LiveSimulator,
    serve,
)
from bot.live.sim.wire import ApiError

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
