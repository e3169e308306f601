"""The stand-in itself: `SlackWebApiStandIn` answers the Web API methods recordbot uses the way
Slack does (same errors, same limits) and hosts `response_url`s; tests set up its world,
inject failures and read what it saw. Test support code, not product code.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterable
from http.server import ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

from .functions import Execution, function_object, manifest_functions, parameter_problems
from .model import JSON, Call, ResponsePost, _ApiError, _Channel, _Failure, _ResponseUrl, _User
from .payloads import (
    app_mention_event,
    block_actions_body,
    event_callback_body,
    function_executed_event,
    message_action_body,
    message_im_event,
    shortcut_body,
    slash_command_body,
    view_submission_body,
)
from .responses import RESPONSE_URL_TTL_S, RESPONSE_URL_USES, _response_id
from .scopes import manifest_bot_scopes
from .server import _make_handler
from .views import TRIGGER_TTL_S


class SlackWebApiStandIn:
    """Slack's Web API and response_urls on 127.0.0.1, strict enough to catch real mistakes.

    Point the bot at it with `WebClient(token=..., base_url=standin.base_url)` (or
    `SLACK_API_URL=standin.base_url`); slack_sdk joins base_url and the method name with
    `urljoin`, so the trailing slash of `.../api/` matters.
    """

    def __init__(
        self,
        bot_token: str = "xoxb-test",
        app_token: str = "xapp-test",
        *,
        strict_channels: bool = True,
        team_id: str = "T1",
        team_domain: str = "recordbot-test",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        app_id: str = "A1",
        socket_mode_url: str | None = None,
        trigger_ttl: float = TRIGGER_TTL_S,
        response_url_ttl: float = RESPONSE_URL_TTL_S,
        response_url_uses: int = RESPONSE_URL_USES,
        scopes: Iterable[str] | None = None,
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.strict_channels = strict_channels
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.socket_mode_url = socket_mode_url
        self.trigger_ttl = trigger_ttl
        self.response_url_ttl = response_url_ttl
        self.response_url_uses = response_url_uses
        # The bot token's scopes: the manifest's unless a test gives others.
        self.scopes = tuple(manifest_bot_scopes() if scopes is None else scopes)

        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._skew = 0.0
        self._ts_seq = 0
        self._calls: list[Call] = []
        self._responses: list[ResponsePost] = []
        self._users: dict[str, _User] = {}
        self._channels: dict[str, _Channel] = {}
        self._usergroups: dict[str, list[str]] = {}
        self._messages: dict[tuple[str, str], JSON] = {}
        self.uploads: dict[str, JSON] = {}  # files.getUploadURLExternal -> the bytes POSTed
        self.shared_files: list[JSON] = []  # files.completeUploadExternal, in order
        self._ephemerals: list[JSON] = []
        self._views: dict[str, JSON] = {}
        self._triggers: dict[str, tuple[float, str, bool]] = {}  # id -> (issued, user, used)
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._executions: dict[str, Execution] = {}
        self._workflow_tokens: set[str] = set()
        self._failures: dict[str, list[_Failure]] = {}
        self._delays: dict[str, list[float]] = {}
        self._lost_replies: dict[str, int] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> SlackWebApiStandIn:
        """Listen on an ephemeral loopback port in a daemon thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        server.daemon_threads = True
        server.block_on_close = False  # a delayed handler must not hold up stop()
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01},
            name="slack-standin", daemon=True,
        )  # fmt: skip
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; pending delays are cut short."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._server = None
        self._thread = None

    def __enter__(self) -> SlackWebApiStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("stand-in not started")
        return int(self._server.server_address[1])

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def base_url(self) -> str:
        """Web API base URL with its trailing slash, as SLACK_API_URL wants it."""
        return f"{self.root_url}api/"

    # ------------------------------------------------------------------ world setup

    def add_user(
        self,
        user_id: str,
        tz: str | None = "Asia/Shanghai",
        name: str | None = None,
        *,
        real_name: str | None = None,
        tz_label: str | None = None,
        deleted: bool = False,
        is_bot: bool = False,
        locale: str = "en-US",
    ) -> None:
        """Register a user for users.info; tz=None models a profile without a time zone;
        `locale` (Slack's, `zh-TW`) is in users.info's answer only with `include_locale`."""
        if tz is not None:
            ZoneInfo(tz)  # a typo in a test should fail here, not as a wrong hour later
        uname = name or user_id.lower()
        with self._lock:
            self._users[user_id] = _User(
                id=user_id, name=uname, real_name=real_name or uname.title(), tz=tz,
                tz_label=tz_label, deleted=deleted, is_bot=is_bot, locale=locale,
            )  # fmt: skip

    def add_channel(
        self, channel_id: str, name: str, *, is_private: bool = False, is_member: bool = True
    ) -> None:
        """Register a channel; is_member=False makes chat.postMessage answer not_in_channel."""
        with self._lock:
            self._channels[channel_id] = _Channel(channel_id, name, is_private, is_member)

    def add_usergroup(self, group_id: str, users: list[str]) -> None:
        """Register a user group (S…) and its members, for usergroups.users.list."""
        with self._lock:
            self._usergroups[group_id] = list(users)

    def issue_trigger(self, user_id: str = "U1") -> str:
        """A trigger_id views.open accepts once, within `trigger_ttl` seconds."""
        tid = f"{int(time.time())}.{secrets.randbelow(10**10):010d}.{secrets.token_hex(16)}"
        with self._lock:
            self._triggers[tid] = (self._now(), user_id, False)
        return tid

    def new_response_url(self) -> str:
        """A response_url on this server: `response_url_uses` POSTs within `response_url_ttl`."""
        rid = secrets.token_hex(12)
        with self._lock:
            self._response_urls[rid] = _ResponseUrl(rid, self._now())
        return f"{self.root_url}response/{rid}"

    def advance(self, seconds: float) -> None:
        """Move the stand-in's clock forward, to expire triggers and response_urls without sleeping."""
        with self._lock:
            self._skew += seconds

    # ------------------------------------------------------------------ failure injection

    def fail_next(
        self,
        method: str,
        error: str = "ratelimited",
        status: int = 200,
        times: int = 1,
        retry_after: int | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` with an error; a 429 carries Retry-After
        (default 1 s), as Slack's rate limiter does. `method="response_url"` fails the next
        response_url POSTs (any URL) with `status` and does not use them up."""
        if status == 429 and retry_after is None:
            retry_after = 1
        with self._lock:
            self._failures.setdefault(method, []).append(
                _Failure(error, status, retry_after, times)
            )

    def rate_limit_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls of `method` as Slack's rate limiter does: HTTP 429,
        `Retry-After: retry_after` (whole seconds) and `{"ok": false, "error": "ratelimited"}`."""
        self.fail_next(method, "ratelimited", status=429, times=times, retry_after=retry_after)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Hold the next `times` calls of `method` (or "response_url" POSTs) for `seconds`
        before answering: slow Slack, without slowing anything else."""
        with self._lock:
            self._delays.setdefault(method, []).extend([seconds] * times)

    def lose_reply_next(self, method: str, times: int = 1) -> None:
        """Carry out the next `times` calls of `method`, then close the connection without an
        answer: Slack acted, and the caller cannot know it (a reply lost on its way back)."""
        with self._lock:
            self._lost_replies[method] = self._lost_replies.get(method, 0) + times

    # ------------------------------------------------------------------ observation

    @property
    def calls(self) -> list[Call]:
        """Every Web API call so far, oldest first (a snapshot)."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until `count` calls of `method` arrived (for flows that finish after the ack).

        Raises AssertionError naming what did arrive, so a failing test says why.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                got = [c for c in self._calls if c.method == method]
                if len(got) >= count:
                    return got
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self._calls]
                    raise AssertionError(
                        f"waited {timeout}s for {count} {method} call(s), got {len(got)}; "
                        f"calls seen: {seen}"
                    )
                self._changed.wait(left)

    @property
    def responses(self) -> list[ResponsePost]:
        """Every POST to any response_url so far, oldest first (a snapshot)."""
        with self._lock:
            return list(self._responses)

    def responses_to(self, url_or_id: str) -> list[ResponsePost]:
        rid = _response_id(url_or_id)
        with self._lock:
            return [r for r in self._responses if r.url_id == rid]

    def wait_for_responses(
        self, count: int = 1, timeout: float = 5.0, url: str | None = None
    ) -> list[ResponsePost]:
        """Block until `count` accepted response_url POSTs arrived (to `url` if given)."""
        rid = _response_id(url) if url else None
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                got = [
                    r for r in self._responses if r.ok and (rid is None or r.url_id == rid)
                ]  # fmt: skip
                if len(got) >= count:
                    return got
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"waited {timeout}s for {count} response_url post(s), got {len(got)}; "
                        f"all posts: {[(r.status, r.error) for r in self._responses]}"
                    )
                self._changed.wait(left)

    def messages(self, channel: str | None = None) -> list[JSON]:
        """Messages posted (and updated) through chat.*, oldest first."""
        with self._lock:
            out = sorted(self._messages.values(), key=lambda m: float(m["ts"]))
        return [m for m in out if channel is None or m["channel"] == channel]

    @property
    def ephemerals(self) -> list[JSON]:
        """chat.postEphemeral messages (Slack keeps no copy of these; chat.update can't reach them)."""
        with self._lock:
            return list(self._ephemerals)

    @property
    def views(self) -> dict[str, JSON]:
        """Views opened, updated or published, by view id."""
        with self._lock:
            return dict(self._views)

    def clear(self) -> None:
        """Forget recorded calls and responses (the world: users, channels, messages stays)."""
        with self._lock:
            self._calls.clear()
            self._responses.clear()

    # ------------------------------------------------------------------ request bodies

    def slash_command_body(self, text: str, **kwargs: Any) -> bytes:
        """`slash_command_body` with a fresh response_url and trigger from this stand-in."""
        kwargs.setdefault("team_id", self.team_id)
        kwargs.setdefault("team_domain", self.team_domain)
        kwargs.setdefault("api_app_id", self.app_id)
        kwargs.setdefault("response_url", self.new_response_url())
        kwargs.setdefault("trigger_id", self.issue_trigger(kwargs.get("user_id", "U1")))
        return slash_command_body(text, **kwargs)

    def block_actions_body(self, action_id: str, value: str, **kwargs: Any) -> bytes:
        """`block_actions_body` with a fresh response_url and trigger from this stand-in."""
        kwargs.setdefault("team_id", self.team_id)
        kwargs.setdefault("team_domain", self.team_domain)
        kwargs.setdefault("api_app_id", self.app_id)
        kwargs.setdefault("response_url", self.new_response_url())
        kwargs.setdefault("trigger_id", self.issue_trigger(kwargs.get("user_id", "U1")))
        return block_actions_body(action_id, value, **kwargs)

    def dm_channel(self, user_id: str) -> str:
        """The id of the bot's direct-message conversation with a user (as chat.postMessage to
        the user's id answers it)."""
        return "D" + user_id[1:]

    def event_body(self, event: JSON, event_id: str | None = None) -> bytes:
        """An Events API delivery of `event` for this app and its bot user."""
        return event_callback_body(
            event, team_id=self.team_id, api_app_id=self.app_id,
            bot_user_id=self.bot_user_id, event_id=event_id,
        )  # fmt: skip

    def app_mention_body(
        self, text: str, user: str = "U1", channel: str = "C1", **kw: Any
    ) -> bytes:
        kw.setdefault("team", self.team_id)
        return self.event_body(app_mention_event(text, user, channel, **kw))

    def message_im_body(self, text: str, user: str | None = "U1", **kw: Any) -> bytes:
        """A direct message to the bot from `user` (in their conversation with the bot)."""
        kw.setdefault("team", self.team_id)
        channel = kw.pop("channel", None) or self.dm_channel(user or "UBOT")
        return self.event_body(message_im_event(text, user, channel, **kw))

    def shortcut_body(self, callback_id: str, user_id: str = "U1") -> bytes:
        """A global shortcut with a fresh trigger."""
        return shortcut_body(
            callback_id, user_id, self.issue_trigger(user_id),
            team_id=self.team_id, team_domain=self.team_domain,
        )  # fmt: skip

    def message_action_body(
        self, callback_id: str, message: JSON, user_id: str = "U1", channel_id: str = "C1"
    ) -> bytes:
        """A message shortcut on `message` with a fresh trigger and response_url."""
        return message_action_body(
            callback_id, message, user_id, channel_id, self.issue_trigger(user_id),
            self.new_response_url(), team_id=self.team_id, team_domain=self.team_domain,
        )  # fmt: skip

    def start_function(self, callback_id: str, inputs: JSON) -> tuple[bytes, Execution]:
        """Run the custom step `callback_id` (declared in the manifest) with `inputs`, as a
        workflow would: the `function_executed` delivery and its execution, running until the
        app completes it. Inputs Slack would never send (a required one missing, a wrong type)
        fail the test here."""
        spec = manifest_functions()[callback_id]
        problems = parameter_problems(spec.get("input_parameters") or {}, inputs, "input")
        if problems:
            raise ValueError(f"Slack would not run {callback_id} with these inputs: {problems}")
        execution = Execution(
            "Fx" + secrets.token_hex(5).upper(), callback_id,
            "xwfp-" + secrets.token_hex(12), dict(inputs),
        )  # fmt: skip
        with self._lock:
            self._executions[execution.id] = execution
            self._workflow_tokens.add(execution.token)
        event = function_executed_event(
            function_object(callback_id, self.app_id), inputs, execution.id, execution.token
        )
        return self.event_body(event), execution

    def wait_for_execution(self, execution_id: str, timeout: float = 10.0) -> Execution:
        """Block until the app completed or failed the execution; a snapshot of it."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                execution = self._executions[execution_id]
                if execution.state != "running":
                    return Execution(**vars(execution))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"execution {execution_id} still running after {timeout}s")
                self._changed.wait(left)

    def submission_for_view(
        self, view_id: str, state_values: JSON, user_id: str | None = None
    ) -> bytes:
        """A view_submission for a modal the bot opened here, with its callback_id,
        private_metadata, blocks and hash, as Slack would send when the user submits it."""
        with self._lock:
            view = self._views.get(view_id)
            if view is None:
                raise KeyError(f"no view {view_id!r}; views: {sorted(self._views)}")
            view = json.loads(json.dumps(view))
        return view_submission_body(
            view.get("callback_id", ""),
            state_values,
            view.get("private_metadata", ""),
            user_id=user_id or view.get("_user_id", "U1"),
            view_id=view_id,
            team_id=self.team_id,
            team_domain=self.team_domain,
            api_app_id=self.app_id,
            trigger_id=self.issue_trigger(user_id or view.get("_user_id", "U1")),
            view=view,
        )

    # ------------------------------------------------------------------ internals

    def _now(self) -> float:
        return time.monotonic() + self._skew

    def _next_ts(self) -> str:
        with self._lock:
            self._ts_seq += 1
            return f"{int(time.time())}.{self._ts_seq:06d}"

    def _take_failure(self, method: str) -> _Failure | None:
        with self._lock:
            queue = self._failures.get(method)
            if not queue:
                return None
            failure = queue[0]
            failure.times -= 1
            if failure.times <= 0:
                queue.pop(0)
            return failure

    def _take_lost_reply(self, method: str) -> bool:
        with self._lock:
            left = self._lost_replies.get(method, 0)
            if left:
                self._lost_replies[method] = left - 1
            return left > 0

    def _take_delay(self, method: str) -> float:
        with self._lock:
            queue = self._delays.get(method)
            return queue.pop(0) if queue else 0.0

    def _record_call(self, call: Call) -> None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()

    def _record_response(self, post: ResponsePost) -> None:
        with self._changed:
            self._responses.append(post)
            self._changed.notify_all()

    def _channel(self, channel_id: Any, *, for_posting: bool) -> str:
        """Resolve a channel argument as Slack does; a user ID means the app's DM with them."""
        if not isinstance(channel_id, str) or not channel_id:
            raise _ApiError("channel_not_found")
        if channel_id[:1] in ("U", "W") and channel_id in self._users:
            return "D" + channel_id[1:]
        if channel_id.startswith("D"):
            return channel_id
        chan = self._channels.get(channel_id)
        if chan is None:
            if self.strict_channels:
                raise _ApiError("channel_not_found")
            chan = self._channels[channel_id] = _Channel(channel_id, channel_id.lower())
        if chan.is_private and not chan.is_member:
            raise _ApiError("channel_not_found")  # Slack hides private channels it can't see
        if for_posting and not chan.is_member:
            raise _ApiError("not_in_channel")
        return chan.id
