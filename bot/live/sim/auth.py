"""Request signatures as Tencent checks them: TC3-HMAC-SHA256, the legacy v1 form, the clock skew.

Choices where Tencent's documents are silent (callers must not rely on more than this):
- No Authorization at all -> `AuthFailure.InvalidAuthorization`.
- `Host` must name the endpoint the simulator serves, as Tencent's must name the service's
  (`live.tencentcloudapi.com`): `HOST:PORT` of the address it listens on, or `localhost:PORT`
  when that address is a loopback one (any Host when it listens on every address). The SDK, and so tccli, sends the endpoint exactly as configured as `Host`, so
  `--endpoint http://127.0.0.1:9000` arrives as `Host: http://127.0.0.1:9000`; the simulator
  serves plain http, so it reads an `http://` prefix as naming that endpoint. Anything else ->
  `AuthFailure.SignatureFailure` (the signature covers Host; no code is documented for this).
- `X-TC-Token` (the v1 form: `Token`) is the temporary credentials' token. For long-term keys,
  like the simulator's fixed ones, none is needed and an empty one counts as absent; a non-empty
  token that is not the one issued with the key -> `AuthFailure.TokenFailure` (the documented
  common code, "Token error"), checked after the signature. Keys given a token need it.
- The timestamp check uses the simulator's clock: a simulator with a fake clock needs a client
  whose signing time agrees (time-machine), or every call is `AuthFailure.SignatureExpire`.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import UTC, datetime

from bot.live.sim.wire import ApiError, Call, Request

SERVICE = "live"
MAX_TIMESTAMP_SKEW = 300  # seconds; Tencent refuses a signature more than five minutes off

_TC3_AUTH = re.compile(
    r"TC3-HMAC-SHA256\s+Credential=(?P<sid>[^/,\s]+)/(?P<date>[^/,\s]+)/(?P<service>[^/,\s]+)"
    r"/tc3_request,\s*SignedHeaders=(?P<headers>[^,\s]+),\s*Signature=(?P<sig>[0-9a-fA-F]+)\s*"
)


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def tc3_signature(secret_key: str, date: str, service: str, string_to_sign: str) -> str:
    """TC3-HMAC-SHA256: key derived from the secret, the date and the service."""
    k_date = _hmac(("TC3" + secret_key).encode("utf-8"), date)
    k_service = _hmac(k_date, service)
    k_signing = _hmac(k_service, "tc3_request")
    return hmac.new(k_signing, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


class Authenticator:
    """Checks each request's Host against the endpoint, its signature against the known keys,
    its token, and its timestamp against `clock`.

    `credentials` maps SecretId -> SecretKey; `tokens` maps a SecretId of temporary credentials
    to its token. `hosts` answers the `host:port` names the endpoint is reached by (None: any).
    """

    def __init__(
        self,
        credentials: dict[str, str],
        clock: Callable[[], float],
        *,
        tokens: dict[str, str] | None = None,
        hosts: Callable[[], frozenset[str] | None] | None = None,
    ) -> None:
        self._credentials = credentials
        self._tokens = tokens or {}
        self._clock = clock
        self._hosts = hosts

    def check(self, req: Request, call: Call) -> None:
        """Refuse the request unless it names this endpoint as Host and carries a valid TC3 or
        v1 signature of a known key (with that key's token, if it has one)."""
        self._check_host(req)
        if "authorization" in req.headers:
            secret_id = self._check_tc3(req, call)
            token = req.headers.get("x-tc-token", "")
        elif "x-tc-action" not in req.headers and "Signature" in call.raw:
            secret_id = self._check_v1(req, call)
            token = str(call.raw.get("Token", ""))
        else:
            raise ApiError(
                "AuthFailure.InvalidAuthorization",
                "The request carries no Authorization header (TC3-HMAC-SHA256) and no Signature.",
            )
        self._check_token(secret_id, token.strip())

    def _check_host(self, req: Request) -> None:
        names = self._hosts() if self._hosts is not None else None
        if names is None:
            return
        host = req.headers.get("host", "").strip().lower()
        named = host.removeprefix("http://")
        if named not in names:
            endpoint = sorted(names)[0] if names else "?"
            raise ApiError(
                "AuthFailure.SignatureFailure",
                f"The Host header `{host or '(none)'}` does not name this endpoint; sign and send "
                f"requests for `{endpoint}` (the endpoint is part of the signature).",
            )

    def _check_token(self, secret_id: str, token: str) -> None:
        issued = self._tokens.get(secret_id)
        if issued is None and not token:
            return
        if issued is None:
            raise ApiError(
                "AuthFailure.TokenFailure",
                "Token error: this SecretId is a long-term key and takes no X-TC-Token; "
                "remove the token or use the temporary credentials it belongs to.",
            )
        if not hmac.compare_digest(issued.encode("utf-8"), token.encode("utf-8")):
            raise ApiError(
                "AuthFailure.TokenFailure",
                "Token error: X-TC-Token is missing or is not the token of these temporary "
                "credentials.",
            )

    def _check_timestamp(self, value: str) -> int:
        if not value:
            raise ApiError(
                "MissingParameter", "The request is missing a required parameter `Timestamp`."
            )
        if not re.fullmatch(r"\d+", value):
            raise ApiError("InvalidParameter", "The value of `Timestamp` must be a Unix time.")
        ts = int(value)
        if abs(self._clock() - ts) > MAX_TIMESTAMP_SKEW:
            raise ApiError(
                "AuthFailure.SignatureExpire",
                "Signature expired: the request Timestamp and server time differ by more than "
                "5 minutes. Check that the local clock is right.",
            )
        return ts

    def _secret_for(self, secret_id: str) -> str:
        key = self._credentials.get(secret_id)
        if key is None:
            raise ApiError(
                "AuthFailure.SecretIdNotFound",
                "The SecretId is not found; check that it is right and still enabled.",
            )
        return key

    def _check_tc3(self, req: Request, call: Call) -> str:
        """Check a TC3-HMAC-SHA256 signature; returns its SecretId."""
        m = _TC3_AUTH.fullmatch(req.headers["authorization"].strip())
        if m is None:
            raise ApiError(
                "AuthFailure.InvalidAuthorization",
                "The Authorization header does not follow the TC3-HMAC-SHA256 format.",
            )
        signed = m["headers"].split(";")
        if "content-type" not in signed or "host" not in signed:
            raise ApiError(
                "AuthFailure.InvalidAuthorization",
                "SignedHeaders must include content-type and host.",
            )
        secret_key = self._secret_for(m["sid"])
        ts = self._check_timestamp(call.timestamp)
        if m["date"] != datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d"):
            raise ApiError(
                "AuthFailure.SignatureFailure",
                "The credential date does not match the UTC date of X-TC-Timestamp.",
            )
        if m["service"] != SERVICE:
            raise ApiError(
                "AuthFailure.SignatureFailure",
                f"The credential scope must name service `{SERVICE}`.",
            )
        canonical_headers = "".join(
            f"{name}:{req.headers.get(name, '').strip().lower()}\n" for name in signed
        )
        if req.headers.get("x-tc-content-sha256") == "UNSIGNED-PAYLOAD":
            payload_hash = _sha256_hex(b"UNSIGNED-PAYLOAD")
        else:
            payload_hash = _sha256_hex(b"" if req.method == "GET" else req.body)
        canonical_request = "\n".join(
            [req.method, req.path, req.query, canonical_headers, m["headers"], payload_hash]
        )
        string_to_sign = "\n".join(
            [
                "TC3-HMAC-SHA256",
                call.timestamp,
                f"{m['date']}/{m['service']}/tc3_request",
                _sha256_hex(canonical_request.encode("utf-8")),
            ]
        )
        expected = tc3_signature(secret_key, m["date"], m["service"], string_to_sign)
        if not hmac.compare_digest(expected, m["sig"].lower()):
            raise ApiError(
                "AuthFailure.SignatureFailure",
                "The provided credentials could not be validated. Please check your signature is correct.",
            )
        return m["sid"]

    def _check_v1(self, req: Request, call: Call) -> str:
        """Check a legacy HmacSHA1/HmacSHA256 signature; returns its SecretId."""
        raw = call.raw
        method = raw.get("SignatureMethod", "HmacSHA1")
        digests = {"HmacSHA1": hashlib.sha1, "HmacSHA256": hashlib.sha256}
        if method not in digests:
            raise ApiError("InvalidParameter", f"SignatureMethod `{method}` is not supported.")
        secret_id = str(raw.get("SecretId", ""))
        secret_key = self._secret_for(secret_id)
        self._check_timestamp(call.timestamp)
        fields = {k.replace("_", "."): v for k, v in raw.items() if k != "Signature"}
        query = "&".join(f"{k}={fields[k]}" for k in sorted(fields))
        plain = f"{req.method}{req.headers.get('host', '')}{req.path}?{query}"
        digest = hmac.new(secret_key.encode("utf-8"), plain.encode("utf-8"), digests[method])
        expected = binascii.b2a_base64(digest.digest())[:-1].decode()
        if not hmac.compare_digest(expected, str(raw.get("Signature", ""))):
            raise ApiError(
                "AuthFailure.SignatureFailure",
                "The provided credentials could not be validated. Please check your signature is correct.",
            )
        return secret_id
