"""The stand-in's HTTP side: the loopback request handler, decoding Web API bodies the ways
Slack accepts, and routing each request (tokens, injected failures) to a method or a
response_url."""

from __future__ import annotations

import email.parser
import email.policy
import json
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from .files import receive_upload
from .methods import _METHODS, _NO_TOKEN_METHODS
from .model import JSON, Call, _ApiError
from .responses import _handle_response_url
from .scopes import check_method_scope, scope_headers

if TYPE_CHECKING:
    from .standin import SlackWebApiStandIn


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
            elif path.startswith("/upload/"):
                status, text = receive_upload(standin, path[len("/upload/") :], self._read())
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
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
            status, extra, body = _handle_api(standin, method, args, token, headers)
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
            for key in ("blocks", "view", "attachments", "metadata"):
                if isinstance(args.get(key), str):
                    try:
                        args[key] = json.loads(args[key])
                    except ValueError:
                        pass
            # Record before answering so wait_for() never misses a call the client saw.
            standin._record_call(Call(method, args, headers, status, body, time.monotonic()))
            if standin._take_lost_reply(method):
                self.close_connection = True  # done, but the client hears nothing back
                return
            self._send(status, body, extra)

        def _response_url(self, rid: str) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, body = _handle_response_url(standin, rid.strip("/"), self._read(), headers)
            self._send(status, body)

    return Handler


def _handle_api(
    s: SlackWebApiStandIn, method: str, args: JSON, token: str | None, headers: dict[str, str]
) -> tuple[int, dict[str, str], JSON]:
    """Run one Web API method; returns (status, extra headers, body)."""
    delay = s._take_delay(method)
    if delay:
        s._stopping.wait(delay)
    failure = s._take_failure(method)
    if failure is not None:
        extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
        return failure.status, extra, {"ok": False, "error": failure.error}
    handler = _METHODS.get(method)
    if handler is None:
        return 200, {}, {"ok": False, "error": "unknown_method"}
    try:
        _check_token(s, method, token)
    except _ApiError as exc:
        return 200, {}, exc.body()
    extra = scope_headers(s, method, token)
    try:
        check_method_scope(s, method, token)
        with s._lock:
            body = handler(s, args)
    except _ApiError as exc:
        return 200, extra, exc.body()
    return 200, extra, body


def _check_token(s: SlackWebApiStandIn, method: str, token: str | None) -> None:
    if not token:
        raise _ApiError("not_authed")
    # A custom step's just-in-time token (`bot_access_token`) is a bot token too.
    if token not in (s.bot_token, s.app_token) and token not in s._workflow_tokens:
        raise _ApiError("invalid_auth")
    is_app_token = token == s.app_token
    if (method == "apps.connections.open") != is_app_token:
        raise _ApiError("not_allowed_token_type")


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


def _bearer(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None
