"""response_urls hosted by the stand-in, with Slack's limits on them: a few uses, within half
an hour, each POST a valid message."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .blocks import MAX_MESSAGE_BLOCKS, validate_blocks
from .model import JSON, ResponsePost

if TYPE_CHECKING:
    from .standin import SlackWebApiStandIn

# Limits Slack enforces on a response_url.
RESPONSE_URL_TTL_S = 30 * 60.0
RESPONSE_URL_USES = 5
# Pass as `method` to fail_next / delay_next to act on response_url POSTs instead.
RESPONSE_URL = "response_url"


def _handle_response_url(
    s: SlackWebApiStandIn, rid: str, raw: bytes, headers: dict[str, str]
) -> tuple[int, JSON]:
    url = f"{s.root_url}response/{rid}"
    status, error, body = 200, None, None
    delay = s._take_delay(RESPONSE_URL)
    if delay:
        s._stopping.wait(delay)
    failure = s._take_failure(RESPONSE_URL)
    with s._lock:
        entry = s._response_urls.get(rid)
        if failure is not None:
            status, error = failure.status, failure.error
        elif entry is None:
            status, error = 404, "no_service"
        elif s._now() - entry.issued_at > s.response_url_ttl:
            status, error = 404, "expired_url"
        elif entry.uses >= s.response_url_uses:
            status, error = 404, "used_url"
        else:
            try:
                parsed = json.loads(raw or b"null")
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                body = parsed
                error = _response_problem(parsed)
                if error is not None:
                    status = 400
                else:
                    entry.uses += 1
            else:
                status, error = 400, "invalid_payload"
    s._record_response(ResponsePost(rid, url, body, raw, headers, status, error, time.monotonic()))
    return status, ({"ok": True} if status == 200 else {"ok": False, "error": error})


def _response_problem(body: JSON) -> str | None:
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


def _response_id(url_or_id: str) -> str:
    return (
        urlsplit(url_or_id).path.rstrip("/").rsplit("/", 1)[-1] if "/" in url_or_id else url_or_id
    )
