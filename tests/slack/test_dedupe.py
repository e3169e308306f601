from bot.slack.dedupe import RecentDeliveries, delivery_key


def test_first_then_repeat_then_expiry():
    now = [0.0]
    seen = RecentDeliveries(ttl=10, clock=lambda: now[0])
    assert seen.first("a") and not seen.first("a") and seen.first("b")
    now[0] = 11
    assert seen.first("a")


def test_size_is_bounded():
    seen = RecentDeliveries(size=3, clock=lambda: 0.0)
    for key in "abcd":
        assert seen.first(key)
    assert seen.first("a")  # the oldest was dropped to keep the size


def test_missing_keys_are_always_handled():
    seen = RecentDeliveries()
    assert seen.first(None) and seen.first(None)


def test_delivery_key_tells_two_clicks_apart():
    one = {"trigger_id": "t1", "actions": [{"action_ts": "1.1"}]}
    two = {"trigger_id": "t1", "actions": [{"action_ts": "1.2"}]}
    assert delivery_key(one) != delivery_key(two)
    assert delivery_key({"trigger_id": "t9"}) == "t9:"
    assert delivery_key({}) is None


def test_an_events_retries_share_its_event_id():
    event = {"event_id": "Ev1", "event": {"type": "app_mention"}}
    assert delivery_key(event) == "event:Ev1" == delivery_key({**event, "trigger_id": "t"})
    assert delivery_key({"event_id": "Ev2"}) != delivery_key(event)
