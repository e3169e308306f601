"""A strict local stand-in for Slack, for end-to-end tests over real HTTP.

`SlackWebApiStandIn` answers the Web API methods recordbot uses the way Slack does (same
errors, same limits) and hosts `response_url`s; the module-level helpers build and sign the
requests Slack sends to an app's `/slack/events`. Test support code, not product code.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit
from zoneinfo import ZoneInfo

__all__ = [
    "RESPONSE_URL",
    "free_port",
    "response_url_of",
    "Call",
    "ResponsePost",
    "SlackWebApiStandIn",
    "block_actions_body",
    "post",
    "post_signed",
    "sign",
    "slash_command_body",
    "validate_blocks",
    "view_submission_body",
]

JSON = dict[str, Any]

# Placeholders for payload fields a test did not fill: `.invalid` never resolves, so a bot
# that answers an unset response_url fails loudly instead of reaching the real Slack.
UNSET_RESPONSE_URL = "https://hooks.slack.invalid/commands/T1/0/unset"
UNSET_TRIGGER_ID = "0000000000.0000000000.unset"

# Limits Slack enforces (Block Kit reference, views.open, chat.postMessage).
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
TRIGGER_TTL_S = 3.0
RESPONSE_URL_TTL_S = 30 * 60.0
RESPONSE_URL_USES = 5
# Pass as `method` to fail_next / delay_next to act on response_url POSTs instead.
RESPONSE_URL = "response_url"

_BLOCK_TYPES = {
    "actions", "context", "context_actions", "divider", "file", "header", "image", "input",
    "markdown", "rich_text", "section", "table", "video",
}  # fmt: skip
_TZ_LABELS = {
    "Asia/Shanghai": "China Standard Time",
    "Asia/Hong_Kong": "Hong Kong Standard Time",
    "Asia/Tokyo": "Japan Standard Time",
    "Asia/Singapore": "Singapore Standard Time",
    "Europe/London": "Greenwich Mean Time",
    "America/New_York": "Eastern Standard Time",
    "America/Los_Angeles": "Pacific Standard Time",
    "UTC": "Coordinated Universal Time",
}


@dataclass(frozen=True)
class Call:
    """One Web API request as the stand-in received it, and what it answered."""

    method: str
    args: JSON  # decoded arguments (JSON, form, multipart, query); the token is removed
    headers: dict[str, str]  # lower-case names
    status: int = 200
    response: JSON = field(default_factory=dict)
    at: float = 0.0  # time.monotonic() on arrival

    @property
    def ok(self) -> bool:
        """Whether Slack would have said ok: true."""
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return self.response.get("error")


@dataclass(frozen=True)
class ResponsePost:
    """One POST to a response_url, accepted or not."""

    url_id: str
    url: str
    body: JSON | None  # None when the body was not a JSON object
    raw: bytes
    headers: dict[str, str]
    status: int
    error: str | None = None
    at: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class _User:
    id: str
    name: str
    real_name: str
    tz: str | None
    tz_label: str | None
    deleted: bool = False
    is_bot: bool = False


@dataclass
class _Channel:
    id: str
    name: str
    is_private: bool = False
    is_member: bool = True


@dataclass
class _ResponseUrl:
    id: str
    issued_at: float
    uses: int = 0


@dataclass
class _Failure:
    error: str
    status: int
    retry_after: int | None
    times: int


class _ApiError(Exception):
    """A Slack error answer: {"ok": false, "error": ...} plus optional detail."""

    def __init__(self, error: str, messages: list[str] | None = None, *, errors: bool = False):
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.with_errors = errors  # chat.* put block problems in a top-level "errors" too

    def body(self) -> JSON:
        out: JSON = {"ok": False, "error": self.error}
        if self.messages:
            if self.with_errors:
                out["errors"] = list(self.messages)
            out["response_metadata"] = {"messages": [f"[ERROR] {m}" for m in self.messages]}
        return out


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
        self._ephemerals: list[JSON] = []
        self._views: dict[str, JSON] = {}
        self._triggers: dict[str, tuple[float, str, bool]] = {}  # id -> (issued, user, used)
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._failures: dict[str, list[_Failure]] = {}
        self._delays: dict[str, list[float]] = {}
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
    ) -> None:
        """Register a user for users.info; tz=None models a profile without a time zone."""
        if tz is not None:
            ZoneInfo(tz)  # a typo in a test should fail here, not as a wrong hour later
        uname = name or user_id.lower()
        with self._lock:
            self._users[user_id] = _User(
                id=user_id, name=uname, real_name=real_name or uname.title(), tz=tz,
                tz_label=tz_label, deleted=deleted, is_bot=is_bot,
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

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Hold the next `times` calls of `method` (or "response_url" POSTs) for `seconds`
        before answering: slow Slack, without slowing anything else."""
        with self._lock:
            self._delays.setdefault(method, []).extend([seconds] * times)

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

    # --- Web API

    def _handle_api(
        self, method: str, args: JSON, token: str | None, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], JSON]:
        """Run one Web API method; returns (status, extra headers, body)."""
        delay = self._take_delay(method)
        if delay:
            self._stopping.wait(delay)
        failure = self._take_failure(method)
        if failure is not None:
            extra = (
                {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            )
            return failure.status, extra, {"ok": False, "error": failure.error}
        handler = _METHODS.get(method)
        if handler is None:
            return 200, {}, {"ok": False, "error": "unknown_method"}
        try:
            self._check_token(method, token)
            with self._lock:
                body = handler(self, args)
        except _ApiError as exc:
            return 200, {}, exc.body()
        extra = {"x-oauth-scopes": "chat:write,commands,users:read,channels:read,groups:read"}
        return 200, (extra if method == "auth.test" else {}), body

    def _check_token(self, method: str, token: str | None) -> None:
        if not token:
            raise _ApiError("not_authed")
        if token not in (self.bot_token, self.app_token):
            raise _ApiError("invalid_auth")
        is_app_token = token == self.app_token
        if (method == "apps.connections.open") != is_app_token:
            raise _ApiError("not_allowed_token_type")

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

    def _check_content(self, args: JSON, *, require: bool = True) -> list[Any] | None:
        """Text/blocks checks shared by chat.postMessage, postEphemeral and update."""
        text = args.get("text")
        blocks = _decode_json_arg(args, "blocks", "invalid_blocks_format")
        attachments = _decode_json_arg(args, "attachments", "invalid_attachments")
        if require and not text and not blocks and not attachments:
            raise _ApiError("no_text")
        if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
            raise _ApiError("msg_too_long")
        if blocks is not None:
            if not isinstance(blocks, list):
                raise _ApiError("invalid_blocks_format")
            problems = validate_blocks(blocks, max_blocks=MAX_MESSAGE_BLOCKS)
            if problems:
                raise _ApiError("invalid_blocks", problems, errors=True)
        return blocks

    def _user_obj(self, user: _User) -> JSON:
        obj: JSON = {
            "id": user.id,
            "team_id": self.team_id,
            "name": user.name,
            "deleted": user.deleted,
            "real_name": user.real_name,
            "is_bot": user.is_bot,
            "profile": {
                "real_name": user.real_name,
                "display_name": user.name,
                "team": self.team_id,
            },
        }
        if user.tz is not None:
            now = datetime.now(ZoneInfo(user.tz))
            offset = now.utcoffset()
            obj["tz"] = user.tz
            obj["tz_label"] = user.tz_label or _TZ_LABELS.get(user.tz) or now.tzname()
            obj["tz_offset"] = int(offset.total_seconds()) if offset is not None else 0
        return obj

    def _check_view(self, view: Any, allowed_types: tuple[str, ...]) -> JSON:
        """Slack answers view problems with invalid_arguments and json-pointer messages."""
        if isinstance(view, str):
            try:
                view = json.loads(view)
            except ValueError:
                raise _ApiError(
                    "invalid_arguments", ["invalid view JSON [json-pointer:/view]"]
                ) from None
        if not isinstance(view, dict):
            raise _ApiError("invalid_arguments", ["missing required field: view"])
        problems: list[str] = []
        vtype = view.get("type")
        if vtype not in allowed_types:
            problems.append(f"must be one of {list(allowed_types)} [json-pointer:/view/type]")
        if vtype == "modal":
            problems += _text_problems(view.get("title"), "/view/title", 24, plain_only=True)
            for key in ("submit", "close"):
                if key in view:
                    problems += _text_problems(view[key], f"/view/{key}", 24, plain_only=True)
        blocks = view.get("blocks")
        if not isinstance(blocks, list):
            problems.append("missing required field: blocks [json-pointer:/view/blocks]")
        else:
            problems += validate_blocks(blocks, max_blocks=MAX_VIEW_BLOCKS, pointer="/view/blocks")
            if vtype == "modal" and "submit" not in view:
                if any(isinstance(b, dict) and b.get("type") == "input" for b in blocks):
                    problems.append(
                        "submit is required when an input block is present [json-pointer:/view/submit]"
                    )
        for key, limit in (("callback_id", 255), ("private_metadata", 3000), ("external_id", 255)):
            value = view.get(key)
            if value is not None and (not isinstance(value, str) or len(value) > limit):
                problems.append(
                    f"must be a string of at most {limit} characters [json-pointer:/view/{key}]"
                )
        if problems:
            raise _ApiError("invalid_arguments", problems)
        return view

    def _store_view(self, view: JSON, view_id: str, user_id: str, previous: JSON | None) -> JSON:
        stored: JSON = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view["type"],
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "root_view_id": (previous or {}).get("root_view_id", view_id),
            "previous_view_id": None,
            "app_id": self.app_id,
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        for key in ("title", "submit", "close"):
            if key in view:
                stored[key] = view[key]
        self._views[view_id] = {**stored, "_user_id": user_id}
        return stored

    # --- response_url

    def _handle_response_url(
        self, rid: str, raw: bytes, headers: dict[str, str]
    ) -> tuple[int, JSON]:
        url = f"{self.root_url}response/{rid}"
        status, error, body = 200, None, None
        delay = self._take_delay(RESPONSE_URL)
        if delay:
            self._stopping.wait(delay)
        failure = self._take_failure(RESPONSE_URL)
        with self._lock:
            entry = self._response_urls.get(rid)
            if failure is not None:
                status, error = failure.status, failure.error
            elif entry is None:
                status, error = 404, "no_service"
            elif self._now() - entry.issued_at > self.response_url_ttl:
                status, error = 404, "expired_url"
            elif entry.uses >= self.response_url_uses:
                status, error = 404, "used_url"
            else:
                try:
                    parsed = json.loads(raw or b"null")
                except ValueError:
                    parsed = None
                if isinstance(parsed, dict):
                    body = parsed
                    error = self._response_problem(parsed)
                    if error is not None:
                        status = 400
                    else:
                        entry.uses += 1
                else:
                    status, error = 400, "invalid_payload"
        self._record_response(
            ResponsePost(rid, url, body, raw, headers, status, error, time.monotonic())
        )
        return status, ({"ok": True} if status == 200 else {"ok": False, "error": error})

    def _response_problem(self, body: JSON) -> str | None:
        if body.get("delete_original"):
            return None
        if body.get("response_type") not in (None, "ephemeral", "in_channel"):
            return "invalid_payload"
        blocks = body.get("blocks")
        if not body.get("text") and not blocks and not body.get("attachments"):
            return "no_text"
        if blocks is not None:
            if not isinstance(blocks, list):
                return "invalid_blocks_format"
            if validate_blocks(blocks, max_blocks=MAX_MESSAGE_BLOCKS):
                return "invalid_blocks"
        return None


# ---------------------------------------------------------------------- Web API methods


def _auth_test(s: SlackWebApiStandIn, args: JSON) -> JSON:
    return {
        "ok": True,
        "url": f"https://{s.team_domain}.slack.com/",
        "team": "Recordbot Test",
        "user": "recordbot",
        "team_id": s.team_id,
        "user_id": s.bot_user_id,
        "bot_id": s.bot_id,
        "is_enterprise_install": False,
    }


def _users_info(s: SlackWebApiStandIn, args: JSON) -> JSON:
    user = s._users.get(str(args.get("user", "")))
    if user is None:
        raise _ApiError("user_not_found")
    return {"ok": True, "user": s._user_obj(user)}


def _chat_post_message(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel = s._channel(args.get("channel"), for_posting=True)
    blocks = s._check_content(args)
    ts = s._next_ts()
    message: JSON = {
        "type": "message",
        "subtype": "bot_message",
        "text": args.get("text", ""),
        "user": s.bot_user_id,
        "bot_id": s.bot_id,
        "app_id": s.app_id,
        "team": s.team_id,
        "ts": ts,
    }
    if blocks is not None:
        message["blocks"] = blocks
    if args.get("thread_ts"):
        message["thread_ts"] = args["thread_ts"]
    s._messages[(channel, ts)] = {**message, "channel": channel}
    return {"ok": True, "channel": channel, "ts": ts, "message": message}


def _chat_post_ephemeral(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel = s._channel(args.get("channel"), for_posting=True)
    user = args.get("user")
    if not user:
        raise _ApiError("invalid_arguments", ["missing required field: user"])
    if user not in s._users:
        raise _ApiError("user_not_found")
    blocks = s._check_content(args)
    ts = s._next_ts()
    s._ephemerals.append(
        {"channel": channel, "user": user, "ts": ts, "text": args.get("text", ""), "blocks": blocks}
    )
    return {"ok": True, "message_ts": ts}


def _chat_update(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel = s._channel(args.get("channel"), for_posting=False)
    ts = args.get("ts")
    stored = s._messages.get((channel, str(ts)))
    if stored is None:
        raise _ApiError("message_not_found")
    if stored.get("bot_id") != s.bot_id:
        raise _ApiError("cant_update_message")
    blocks = s._check_content(args)
    stored["text"] = args.get("text", "")
    if blocks is not None:
        stored["blocks"] = blocks
    stored["edited"] = {"user": s.bot_user_id, "ts": s._next_ts()}
    message = {k: v for k, v in stored.items() if k != "channel"}
    return {
        "ok": True,
        "channel": channel,
        "ts": stored["ts"],
        "text": stored["text"],
        "message": message,
    }


def _chat_get_permalink(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel = s._channel(args.get("channel"), for_posting=False)
    ts = str(args.get("message_ts", ""))
    if (channel, ts) not in s._messages:
        raise _ApiError("message_not_found")
    return {
        "ok": True,
        "channel": channel,
        "permalink": f"https://{s.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}",
    }


def _views_open(s: SlackWebApiStandIn, args: JSON) -> JSON:
    trigger_id = args.get("trigger_id")
    if not trigger_id:
        raise _ApiError("invalid_arguments", ["missing required field: trigger_id"])
    entry = s._triggers.get(str(trigger_id))
    if entry is None:
        raise _ApiError("invalid_trigger_id")
    issued, user_id, used = entry
    if used:
        raise _ApiError("exchanged_trigger_id")
    if s._now() - issued > s.trigger_ttl:
        raise _ApiError("expired_trigger_id")
    view = s._check_view(args.get("view"), ("modal",))
    s._triggers[str(trigger_id)] = (issued, user_id, True)
    stored = s._store_view(view, "V" + secrets.token_hex(5).upper(), user_id, None)
    return {"ok": True, "view": stored}


def _views_update(s: SlackWebApiStandIn, args: JSON) -> JSON:
    view_id, external_id = args.get("view_id"), args.get("external_id")
    if not view_id and not external_id:
        raise _ApiError("invalid_arguments", ["either view_id or external_id is required"])
    current = (
        s._views.get(str(view_id))
        if view_id
        else next(
            (v for v in s._views.values() if external_id and v.get("external_id") == external_id),
            None,
        )
    )
    if current is None:
        raise _ApiError("not_found")
    if args.get("hash") and args["hash"] != current["hash"]:
        raise _ApiError("hash_conflict")
    view = s._check_view(args.get("view"), ("modal", "home"))
    stored = s._store_view(view, current["id"], current.get("_user_id", ""), current)
    return {"ok": True, "view": stored}


def _views_publish(s: SlackWebApiStandIn, args: JSON) -> JSON:
    user_id = args.get("user_id")
    if not user_id:
        raise _ApiError("invalid_arguments", ["missing required field: user_id"])
    if user_id not in s._users:
        raise _ApiError("user_not_found")
    view = s._check_view(args.get("view"), ("home",))
    existing = next(
        (v for v in s._views.values() if v["type"] == "home" and v.get("_user_id") == user_id), None
    )
    view_id = existing["id"] if existing else "V" + secrets.token_hex(5).upper()
    return {"ok": True, "view": s._store_view(view, view_id, str(user_id), existing)}


def _conversations_info(s: SlackWebApiStandIn, args: JSON) -> JSON:
    channel_id = s._channel(args.get("channel"), for_posting=False)
    chan = s._channels.get(channel_id)
    if chan is None:  # a DM
        return {"ok": True, "channel": {"id": channel_id, "is_im": True, "is_channel": False}}
    return {
        "ok": True,
        "channel": {
            "id": chan.id,
            "name": chan.name,
            "is_channel": not chan.is_private,
            "is_group": False,
            "is_im": False,
            "is_private": chan.is_private,
            "is_archived": False,
            "is_member": chan.is_member,
            "context_team_id": s.team_id,
        },
    }


def _usergroups_users_list(s: SlackWebApiStandIn, args: JSON) -> JSON:
    group = args.get("usergroup")
    if not group:
        raise _ApiError("invalid_arguments", ["missing required field: usergroup"])
    if group not in s._usergroups:
        raise _ApiError("no_such_subteam")
    return {"ok": True, "users": list(s._usergroups[group])}


def _apps_connections_open(s: SlackWebApiStandIn, args: JSON) -> JSON:
    url = (
        s.socket_mode_url
        or f"wss://wss-standin.invalid/link/?ticket={secrets.token_hex(8)}&app_id={s.app_id}"
    )
    return {"ok": True, "url": url}


def _api_test(s: SlackWebApiStandIn, args: JSON) -> JSON:
    return {"ok": True, "args": {k: v for k, v in args.items() if isinstance(v, str)}}


_METHODS: dict[str, Callable[[SlackWebApiStandIn, JSON], JSON]] = {
    "api.test": _api_test,
    "auth.test": _auth_test,
    "users.info": _users_info,
    "chat.postMessage": _chat_post_message,
    "chat.postEphemeral": _chat_post_ephemeral,
    "chat.update": _chat_update,
    "chat.getPermalink": _chat_get_permalink,
    "views.open": _views_open,
    "views.update": _views_update,
    "views.publish": _views_publish,
    "conversations.info": _conversations_info,
    "usergroups.users.list": _usergroups_users_list,
    "apps.connections.open": _apps_connections_open,
}
# api.test needs no token at Slack either.
_NO_TOKEN_METHODS = {"api.test"}


# ---------------------------------------------------------------------- Block Kit checks


def validate_blocks(blocks: list[Any], *, max_blocks: int, pointer: str = "/blocks") -> list[str]:
    """Problems Slack would refuse in a block list, as Slack-style json-pointer messages.

    Covers the limits a bot trips on (counts, text lengths, ids); not every Block Kit rule.
    """
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"no more than {max_blocks} items allowed [json-pointer:{pointer}]")
    seen_block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"{pointer}/{i}"
        if not isinstance(block, dict):
            problems.append(f"must provide an object [json-pointer:{where}]")
            continue
        btype = block.get("type")
        if not isinstance(btype, str):
            problems.append(f"missing required field: type [json-pointer:{where}]")
            continue
        if btype not in _BLOCK_TYPES:
            problems.append(f"unsupported type: {btype} [json-pointer:{where}/type]")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not 0 < len(block_id) <= 255:
                problems.append(f"must be 1 to 255 characters [json-pointer:{where}/block_id]")
            elif block_id in seen_block_ids:
                problems.append(f"duplicate block_id: {block_id} [json-pointer:{where}/block_id]")
            else:
                seen_block_ids.add(block_id)
        problems += _block_problems(btype, block, where)
    return problems


def _block_problems(btype: str, block: JSON, where: str) -> list[str]:
    problems: list[str] = []
    if btype == "section":
        if "text" not in block and "fields" not in block:
            problems.append(f"must provide text or fields [json-pointer:{where}]")
        if "text" in block:
            problems += _text_problems(block["text"], f"{where}/text", 3000)
        if "fields" in block:
            fields = block["fields"]
            if not isinstance(fields, list) or not 0 < len(fields) <= 10:
                problems.append(f"must have 1 to 10 items [json-pointer:{where}/fields]")
            else:
                for j, f in enumerate(fields):
                    problems += _text_problems(f, f"{where}/fields/{j}", 2000)
        if "accessory" in block:
            problems += _element_problems(block["accessory"], f"{where}/accessory")
    elif btype == "header":
        problems += _text_problems(block.get("text"), f"{where}/text", 150, plain_only=True)
    elif btype == "actions":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 0 < len(elements) <= 25:
            problems.append(f"must have 1 to 25 items [json-pointer:{where}/elements]")
        else:
            action_ids: set[str] = set()
            for j, el in enumerate(elements):
                problems += _element_problems(el, f"{where}/elements/{j}")
                aid = el.get("action_id") if isinstance(el, dict) else None
                if isinstance(aid, str):
                    if aid in action_ids:
                        problems.append(
                            f"duplicate action_id: {aid} [json-pointer:{where}/elements/{j}/action_id]"
                        )
                    action_ids.add(aid)
    elif btype == "context":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 0 < len(elements) <= 10:
            problems.append(f"must have 1 to 10 items [json-pointer:{where}/elements]")
        else:
            for j, el in enumerate(elements):
                if isinstance(el, dict) and el.get("type") == "image":
                    continue
                problems += _text_problems(el, f"{where}/elements/{j}", 3000)
    elif btype == "input":
        problems += _text_problems(block.get("label"), f"{where}/label", 2000, plain_only=True)
        if "hint" in block:
            problems += _text_problems(block["hint"], f"{where}/hint", 2000, plain_only=True)
        problems += _element_problems(block.get("element"), f"{where}/element")
    elif btype == "image":
        if not block.get("image_url") and not block.get("slack_file"):
            problems.append(f"missing required field: image_url [json-pointer:{where}]")
        alt = block.get("alt_text")
        if not isinstance(alt, str) or not 0 < len(alt) <= 2000:
            problems.append(f"must be 1 to 2000 characters [json-pointer:{where}/alt_text]")
    return problems


def _element_problems(el: Any, where: str) -> list[str]:
    if not isinstance(el, dict):
        return [f"must provide an object [json-pointer:{where}]"]
    if not isinstance(el.get("type"), str):
        return [f"missing required field: type [json-pointer:{where}]"]
    problems: list[str] = []
    aid = el.get("action_id")
    if aid is not None and (not isinstance(aid, str) or not 0 < len(aid) <= 255):
        problems.append(f"must be 1 to 255 characters [json-pointer:{where}/action_id]")
    if el["type"] == "button":
        problems += _text_problems(el.get("text"), f"{where}/text", 75, plain_only=True)
        value = el.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > 2000):
            problems.append(f"must be at most 2000 characters [json-pointer:{where}/value]")
        url = el.get("url")
        if url is not None and (not isinstance(url, str) or len(url) > 3000):
            problems.append(f"must be at most 3000 characters [json-pointer:{where}/url]")
        if "style" in el and el["style"] not in ("primary", "danger"):
            problems.append(f"must be primary or danger [json-pointer:{where}/style]")
    if "placeholder" in el:
        problems += _text_problems(el["placeholder"], f"{where}/placeholder", 150, plain_only=True)
    return problems


def _text_problems(obj: Any, where: str, limit: int, *, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict):
        return [f"must provide an object [json-pointer:{where}]"]
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if obj.get("type") not in allowed:
        return [f"must be one of {list(allowed)} [json-pointer:{where}/type]"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"must be more than 0 characters [json-pointer:{where}/text]"]
    if len(text) > limit:
        return [f"must be less than {limit + 1} characters [json-pointer:{where}/text]"]
    return []


def _decode_json_arg(args: JSON, key: str, error: str) -> Any:
    """Form bodies carry blocks/view/attachments as JSON strings; JSON bodies may too."""
    value = args.get(key)
    if isinstance(value, str):
        if not value:
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise _ApiError(error) from None
    return value


# ---------------------------------------------------------------------- HTTP plumbing


def _response_id(url_or_id: str) -> str:
    return (
        urlsplit(url_or_id).path.rstrip("/").rsplit("/", 1)[-1] if "/" in url_or_id else url_or_id
    )


def _parse_body(content_type: str, raw: bytes) -> JSON:
    """Decode a Web API body the ways Slack accepts; raises _ApiError like Slack does."""
    ctype = content_type.split(";", 1)[0].strip().lower()
    if not raw:
        return {}
    if not ctype:
        raise _ApiError("missing_post_type")
    if ctype == "application/json":
        try:
            data = json.loads(raw)
        except ValueError:
            raise _ApiError("invalid_json") from None
        if not isinstance(data, dict):
            raise _ApiError("invalid_json")
        return data
    if ctype == "application/x-www-form-urlencoded":
        try:
            return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=True))
        except (UnicodeDecodeError, ValueError):
            raise _ApiError("invalid_form_data") from None
    if ctype == "multipart/form-data":
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw
        )
        if not msg.is_multipart():
            raise _ApiError("invalid_form_data")
        out: JSON = {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                out[str(name)] = payload
            else:
                out[str(name)] = payload.decode("utf-8")
        return out
    raise _ApiError("invalid_post_type")


def _make_handler(standin: SlackWebApiStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "SlackStandIn/1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # keep test output clean; every call is recorded instead

        def do_GET(self) -> None:
            self._api()

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            if path.startswith("/response/"):
                self._response_url(path[len("/response/") :])
            else:
                self._api()

        def _read(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _send(self, status: int, body: JSON, extra: Mapping[str, str] | None = None) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _api(self) -> None:
            parts = urlsplit(self.path)
            if not parts.path.startswith("/api/"):
                self._send(404, {"ok": False, "error": "not_found"})
                return
            method = parts.path[len("/api/") :]
            headers = {k.lower(): v for k, v in self.headers.items()}
            raw = self._read()
            args: JSON = dict(parse_qsl(parts.query, keep_blank_values=True))
            try:
                args.update(_parse_body(headers.get("content-type", ""), raw))
            except _ApiError as exc:
                self._finish_api(method, args, headers, 200, {}, exc.body())
                return
            token = _bearer(headers.get("authorization"))
            body_token = args.pop("token", None)
            if token is None and headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")
            ):
                token = body_token  # Slack takes a token as a POST parameter, not in JSON
            if method in _NO_TOKEN_METHODS:
                token = token or standin.bot_token
            status, extra, body = standin._handle_api(method, args, token, headers)
            self._finish_api(method, args, headers, status, extra, body)

        def _finish_api(
            self,
            method: str,
            args: JSON,
            headers: dict[str, str],
            status: int,
            extra: Mapping[str, str],
            body: JSON,
        ) -> None:
            for key in ("blocks", "view", "attachments"):
                if isinstance(args.get(key), str):
                    try:
                        args[key] = json.loads(args[key])
                    except ValueError:
                        pass
            # Record before answering so wait_for() never misses a call the client saw.
            standin._record_call(Call(method, args, headers, status, body, time.monotonic()))
            self._send(status, body, extra)

        def _response_url(self, rid: str) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, body = standin._handle_response_url(rid.strip("/"), self._read(), headers)
            self._send(status, body)

    return Handler


def _bearer(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


# ---------------------------------------------------------------------- requests from Slack


def sign(signing_secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack sends with a request to the app: the v0 signature over `v0:{ts}:{body}`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode("ascii") + b":" + body
    digest = hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


def slash_command_body(
    text: str,
    user_id: str = "U1",
    user_name: str = "alice",
    channel_id: str = "C1",
    command: str = "/record",
    response_url: str | None = None,
    trigger_id: str | None = None,
    team_id: str = "T1",
    *,
    channel_name: str = "general",
    team_domain: str = "recordbot-test",
    api_app_id: str = "A1",
    token: str = "verification-token",
) -> bytes:
    """A slash command as Slack posts it: form-encoded, every field Slack sends."""
    return urlencode(
        {
            "token": token,
            "team_id": team_id,
            "team_domain": team_domain,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user_name,
            "command": command,
            "text": text,
            "api_app_id": api_app_id,
            "is_enterprise_install": "false",
            "response_url": response_url or UNSET_RESPONSE_URL,
            "trigger_id": trigger_id or UNSET_TRIGGER_ID,
        }
    ).encode("utf-8")


def block_actions_body(
    action_id: str,
    value: str,
    user_id: str = "U1",
    channel_id: str = "C1",
    response_url: str | None = None,
    trigger_id: str | None = None,
    block_id: str = "b",
    container: JSON | None = None,
    *,
    user_name: str = "alice",
    channel_name: str = "general",
    team_id: str = "T1",
    team_domain: str = "recordbot-test",
    api_app_id: str = "A1",
    message: JSON | None = None,
    button_text: str = "Button",
    action_ts: str | None = None,
    token: str = "verification-token",
) -> bytes:
    """A button click as Slack posts it (`payload=<json>`).

    With no `message`, the click is on an ephemeral card: the container says is_ephemeral
    and, as at Slack, the payload carries no copy of the message. Pass `message` (with its
    `ts`) for a click on a channel message.
    """
    now = f"{time.time():.6f}"
    if container is None:
        container = {
            "type": "message",
            "message_ts": (message or {}).get("ts", now),
            "channel_id": channel_id,
            "is_ephemeral": message is None,
        }
    payload: JSON = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id},
        "api_app_id": api_app_id,
        "token": token,
        "container": container,
        "trigger_id": trigger_id or UNSET_TRIGGER_ID,
        "team": {"id": team_id, "domain": team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_name},
        "state": {"values": {}},
        "response_url": response_url or UNSET_RESPONSE_URL,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": action_ts or now,
            }
        ],
    }
    if message is not None:
        payload["message"] = message
    return urlencode({"payload": json.dumps(payload)}).encode("utf-8")


def view_submission_body(
    callback_id: str,
    state_values: JSON,
    private_metadata: str,
    user_id: str = "U1",
    view_id: str = "V1",
    *,
    user_name: str = "alice",
    team_id: str = "T1",
    team_domain: str = "recordbot-test",
    api_app_id: str = "A1",
    trigger_id: str | None = None,
    view: JSON | None = None,
    response_urls: list[JSON] | None = None,
    token: str = "verification-token",
) -> bytes:
    """A modal submission as Slack posts it; `state_values` is
    `{block_id: {action_id: {"type": ..., "value": ...}}}`. `view` supplies the rest of the
    view (blocks, title, hash) when the test has it."""
    base: JSON = {
        "type": "modal",
        "blocks": [],
        "title": {"type": "plain_text", "text": "Record"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "submit": {"type": "plain_text", "text": "Submit"},
        "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
        "clear_on_close": False,
        "notify_on_close": False,
        "previous_view_id": None,
        "external_id": "",
        "app_installed_team_id": team_id,
        "bot_id": "BBOT",
    }
    base.update({k: v for k, v in (view or {}).items() if not k.startswith("_")})
    base.update(
        {
            "id": view_id,
            "team_id": team_id,
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": state_values},
            "root_view_id": base.get("root_view_id") or view_id,
            "app_id": api_app_id,
        }
    )
    payload: JSON = {
        "type": "view_submission",
        "team": {"id": team_id, "domain": team_domain},
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id},
        "api_app_id": api_app_id,
        "token": token,
        "trigger_id": trigger_id or UNSET_TRIGGER_ID,
        "view": base,
        "response_urls": response_urls or [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    return urlencode({"payload": json.dumps(payload)}).encode("utf-8")


_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post(
    url: str, body: bytes, headers: Mapping[str, str], timeout: float = 5
) -> tuple[int, dict[str, str], bytes]:
    """POST like Slack's servers do, ignoring proxy variables (loopback must stay loopback).

    Returns (status, lower-cased headers, body) for any HTTP status; raises only when no
    HTTP answer came (refused, timeout).
    """
    req = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with _NO_PROXY_OPENER.open(req, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def post_signed(
    url: str,
    signing_secret: str,
    body: bytes,
    timestamp: int | None = None,
    timeout: float = 5,
) -> tuple[int, dict[str, str], bytes]:
    """`post` with `sign` headers: one request exactly as Slack would deliver it."""
    return post(url, body, sign(signing_secret, body, timestamp), timeout=timeout)


def response_url_of(body: bytes) -> str:
    """The response_url inside a slash-command or interaction body built by this module."""
    form = dict(parse_qsl(body.decode()))
    return (
        form["response_url"]
        if "response_url" in form
        else json.loads(form["payload"])["response_url"]
    )


def free_port() -> int:
    """A loopback port nobody listens on right now (for a bot run as its own process)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
