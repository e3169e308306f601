"""The stream part of a command: the first word, read as `name`, `app/name` or
`domain/app/name`, and refused with a reason when it is missing, malformed or a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import ResolveError
from bot.timeparse import messages
from bot.timeparse.lexicon import RULES
from bot.timeparse.normalise import _CJK, _lower_same_length, _quote
from bot.timeparse.tokens import _tokenize


@dataclass(frozen=True)
class StreamRef:
    """STREAM as typed: `name`, `app/name` or `domain/app/name` (app/domain None if not typed)."""

    name: str
    app: str | None = None
    domain: str | None = None


_NAME_RE = re.compile(r"[A-Za-z0-9_.\-]+")
_DOMAIN_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)*")
_STREAM_CHARS = re.compile(r"[A-Za-z0-9_.\-/]+")


# A push URL pasted as the stream: rtmp://domain[:port]/app/stream?txSecret=...&txTime=...
# (also rtmps://, webrtc://). The query holds the push secret: it is dropped here and never
# stored or echoed; the port is not part of Live's DomainName.
_PUSH_URL = re.compile(
    r"(?i:rtmps?|webrtc)://(?P<host>[^\s/?#:]+)(?::\d{1,5})?(?P<path>/[A-Za-z0-9_.\-/]*)?"
    r"(?P<query>[?#][\x21-\x7e]*)?"
)


def redact(text: str) -> str:
    """`text` with the query of any push URL in it (the push secret) removed, for logs and
    stored commands."""
    return _PUSH_URL.sub(
        lambda m: m.group(0)[: m.start("query") - m.start()] if m.group("query") else m.group(0),
        text,
    )


def _split_stream(text: str, lang: str) -> tuple[StreamRef, str, str]:
    """-> (stream, its token as typed, the rest). Raises no_stream."""

    def fail(why: str, **kw: object) -> ResolveError:
        return ResolveError(
            "no_stream",
            messages.text("no_stream", lang, why=messages.text(why, lang, **kw)),
            lang,
        )

    if not text:
        raise fail("no_stream.empty")
    url = _PUSH_URL.match(text)
    if url is not None:
        host, path = url.group("host"), (url.group("path") or "").strip("/")
        shown = f"{url.group(0).split('://')[0]}://{host}/{path}"  # as typed, without the secret
        rest = text[url.end() :].strip()
        parts = path.split("/") if path else []
        if len(parts) != 2 or not all(parts):
            raise fail("no_stream.url", token=_quote(shown, 60))
        text = f"{host}/{parts[0]}/{parts[1]} {rest}"
    first, _, rest = text.partition(" ")
    # Chinese without a space: `livetest今晚8点录3小时` -> `livetest` + `今晚8点录3小时`.
    m = _STREAM_CHARS.match(first)
    if m and m.end() < len(first) and _CJK.match(first, m.end()):
        first, rest = first[: m.end()], (first[m.end() :] + " " + rest).strip()
    typed = first  # quoted as typed in a refusal (`:tada:`, not `:tada`)
    first = first.rstrip(",;:")
    low = _lower_same_length(first)
    if not first or _looks_like_time(low):
        raise fail("no_stream.time", token=_quote(first, 40))
    parts = first.split("/")
    if len(parts) > 3 or not all(parts):
        raise fail("no_stream.chars", token=_quote(typed, 40))
    name = parts[-1]
    app = parts[-2] if len(parts) >= 2 else None
    domain = parts[-3] if len(parts) == 3 else None
    if (
        not _NAME_RE.fullmatch(name)
        or (app is not None and not _NAME_RE.fullmatch(app))
        or (domain is not None and not _DOMAIN_RE.fullmatch(domain))
        or len(first) > 256
    ):
        raise fail("no_stream.chars", token=_quote(typed, 40))
    return StreamRef(name, app, domain), first, rest.strip()


_TIMEISH = {
    "clock",
    "hdur",
    "allday",
    "hm",
    "date",
    "abs",
    "dur",
    "ord",
    "month",
    "weekday",
    "day",
    "part",
    "mod",
    "now",
    "ampm",
    "zone",
}


def _looks_like_time(token: str) -> bool:
    """True if the would-be stream token reads as a time word or expression (`8pm`, `now`)."""
    if not token:
        return True
    try:
        toks = _tokenize(token, RULES)
    except ResolveError:
        return False
    if not toks or any(t.kind == "unknown" for t in toks):
        return False
    if len(toks) == 1 and toks[0].kind == "num":
        raw = token[toks[0].start : toks[0].end]
        if not raw.isascii() or not raw.isdigit():  # `nine`, `1.5`: not a clock on its own
            return False
        v = int(raw)
        return len(raw) <= 4 and (v <= 24 or (v % 100 < 60 and v // 100 < 24))
    return any(t.kind in _TIMEISH or t.kind == "kw" for t in toks)
