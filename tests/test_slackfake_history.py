"""The stand-in reads conversations back as Slack does: message metadata on chat.postMessage,
conversations.history and conversations.replies with their arguments, scopes and errors, and a
reply lost after Slack acted."""

from __future__ import annotations

from collections.abc import Iterator
from http.client import HTTPException

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackfake import SlackWebApiStandIn

META = {"event_type": "recordbot_notice", "event_payload": {"outbox_id": 7, "task": "t1"}}


@pytest.fixture(autouse=True)
def _clean(no_proxies: None) -> None:
    pass


@pytest.fixture
def slack() -> Iterator[SlackWebApiStandIn]:
    with SlackWebApiStandIn() as standin:
        standin.add_channel("C1", "general")
        standin.add_channel("C2", "elsewhere", is_member=False)
        standin.add_channel("G1", "secret", is_private=True)
        standin.add_user("U1")
        yield standin


@pytest.fixture
def client(slack: SlackWebApiStandIn) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.base_url, timeout=5)


def _err(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


def test_metadata_is_kept_and_shown_only_when_asked_for(client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C1", text="hi", metadata=META)
    plain = client.conversations_history(channel="C1")["messages"]
    assert [m["ts"] for m in plain] == [posted["ts"]] and "metadata" not in plain[0]
    full = client.conversations_history(channel="C1", include_all_metadata=True)["messages"]
    assert full[0]["metadata"] == META


@pytest.mark.parametrize(
    ("metadata", "error"),
    [
        ("{not json", "invalid_metadata_format"),
        ("[1, 2]", "invalid_metadata_format"),
        ({"event_payload": {"a": 1}}, "invalid_metadata_schema"),
        ({"event_type": "", "event_payload": {}}, "invalid_metadata_schema"),
        ({"event_type": "x", "event_payload": "not an object"}, "invalid_metadata_schema"),
        ({"event_type": "x", "event_payload": {"a": None}}, "invalid_metadata_schema"),
    ],
)
def test_bad_metadata_is_refused(
    slack: SlackWebApiStandIn, client: WebClient, metadata: object, error: str
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call(
            "chat.postMessage", json={"channel": "C1", "text": "hi", "metadata": metadata}
        )
    assert _err(excinfo) == error and slack.messages() == []


def test_history_is_top_level_newest_first_from_oldest_in_pages(client: WebClient) -> None:
    first = client.chat_postMessage(channel="C1", text="one")["ts"]
    client.chat_postMessage(channel="C1", text="reply", thread_ts=first)
    second = client.chat_postMessage(channel="C1", text="two")["ts"]
    third = client.chat_postMessage(channel="C1", text="three")["ts"]
    everything = client.conversations_history(channel="C1")["messages"]
    assert [m["ts"] for m in everything] == [third, second, first]  # no thread replies
    after = client.conversations_history(channel="C1", oldest=first)["messages"]
    assert [m["ts"] for m in after] == [third, second]  # oldest itself is left out
    inclusive = client.conversations_history(channel="C1", oldest=first, inclusive=True)
    assert len(inclusive["messages"]) == 3
    page = client.conversations_history(channel="C1", limit=2)
    assert [m["ts"] for m in page["messages"]] == [third, second] and page["has_more"]
    rest = client.conversations_history(
        channel="C1", limit=2, cursor=page["response_metadata"]["next_cursor"]
    )
    assert [m["ts"] for m in rest["messages"]] == [first] and not rest["has_more"]
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_history(channel="C1", cursor="bm9wZQ==")
    assert _err(excinfo) == "invalid_cursor"


def test_replies_are_the_thread_oldest_first(client: WebClient) -> None:
    parent = client.chat_postMessage(channel="C1", text="parent")["ts"]
    one = client.chat_postMessage(channel="C1", text="one", thread_ts=parent, metadata=META)["ts"]
    client.chat_postMessage(channel="C1", text="elsewhere")
    two = client.chat_postMessage(channel="C1", text="two", thread_ts=parent)["ts"]
    thread = client.conversations_replies(channel="C1", ts=parent, include_all_metadata=True)
    assert [m["ts"] for m in thread["messages"]] == [parent, one, two]
    assert thread["messages"][1]["metadata"] == META
    later = client.conversations_replies(channel="C1", ts=parent, oldest=one)["messages"]
    assert [m["ts"] for m in later] == [two]
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_replies(channel="C1", ts="1.000999")
    assert _err(excinfo) == "thread_not_found"


def test_reading_needs_the_history_scope_of_the_conversations_type_and_membership(
    client: WebClient,
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_history(channel="C404")
    assert _err(excinfo) == "channel_not_found"
    with pytest.raises(SlackApiError) as excinfo:  # chat:write.public posts here; reading: no
        client.conversations_history(channel="C2")
    assert _err(excinfo) == "not_in_channel"
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_replies(channel="U1", ts="1.000001")
    assert _err(excinfo) == "channel_not_found"  # a conversation ID, not a user's
    client.conversations_history(channel="D1")  # im:history is the manifest's (direct messages)
    with SlackWebApiStandIn(scopes=["chat:write", "channels:history"]) as narrow:
        narrow.add_channel("C1", "general")
        narrow.add_channel("G1", "secret", is_private=True)
        other = WebClient(token="xoxb-test", base_url=narrow.base_url, timeout=5)
        assert other.conversations_history(channel="C1")["ok"]
        with pytest.raises(SlackApiError) as excinfo:
            other.conversations_replies(channel="G1", ts="1.000001")
        answer = excinfo.value.response
        assert (answer["error"], answer["needed"]) == ("missing_scope", "groups:history")
    with SlackWebApiStandIn(scopes=["chat:write"]) as bare:
        bare.add_channel("C1", "general")
        other = WebClient(token="xoxb-test", base_url=bare.base_url, timeout=5)
        with pytest.raises(SlackApiError) as excinfo:
            other.conversations_history(channel="C1")
        assert excinfo.value.response["needed"] == "channels:history"


def test_the_manifest_grants_what_reading_back_needs(client: WebClient) -> None:
    ts = client.chat_postMessage(channel="G1", text="private")["ts"]
    assert client.conversations_history(channel="G1")["messages"][0]["ts"] == ts
    assert client.conversations_replies(channel="G1", ts=ts)["messages"][0]["ts"] == ts


def test_a_lost_reply_leaves_the_message_posted(slack: SlackWebApiStandIn) -> None:
    client = WebClient(token="xoxb-test", base_url=slack.base_url, timeout=5, retry_handlers=[])
    slack.lose_reply_next("chat.postMessage")
    with pytest.raises((OSError, HTTPException)):
        client.chat_postMessage(channel="C1", text="sent, unheard")
    assert [m["text"] for m in slack.messages("C1")] == ["sent, unheard"]
    assert client.chat_postMessage(channel="C1", text="heard")["ok"]
