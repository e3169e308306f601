import pytest

from bot.ttl import Expiring


def test_a_value_is_loaded_again_only_after_its_ttl():
    now = [0.0]
    loads = []
    value = Expiring(lambda: loads.append(now[0]) or len(loads), ttl=10, clock=lambda: now[0])
    assert value.get() == 1
    now[0] = 9.9
    assert value.get() == 1
    now[0] = 10.0
    assert value.get() == 2 and loads == [0.0, 10.0]


def test_a_failed_load_is_not_cached():
    attempts = []

    def load():
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("Slack is down")
        return "members"

    value = Expiring(load, ttl=300)
    with pytest.raises(RuntimeError):
        value.get()
    assert value.get() == "members" and len(attempts) == 2
