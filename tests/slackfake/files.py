"""Uploading a file as Slack's files_upload_v2 does: files.getUploadURLExternal, the bytes POSTed
to the upload URL it gave, then files.completeUploadExternal sharing it (scope files:write); and
conversations.open for the app's direct message with a person (scope im:write)."""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING, Any

from .model import JSON, _ApiError

if TYPE_CHECKING:
    from .standin import SlackWebApiStandIn


def _files_get_upload_url_external(s: SlackWebApiStandIn, args: JSON) -> JSON:
    filename, length = args.get("filename"), args.get("length")
    if not filename:
        raise _ApiError("invalid_arguments", ["missing required field: filename"])
    try:
        size = int(length)
    except (TypeError, ValueError):
        raise _ApiError("invalid_arguments", ["missing required field: length"]) from None
    if size <= 0:
        raise _ApiError("invalid_arguments", ["length must be a positive integer"])
    file_id = "F" + secrets.token_hex(5).upper()
    s.uploads[file_id] = {"filename": filename, "length": size, "data": None}
    return {"ok": True, "upload_url": f"{s.root_url}upload/{file_id}", "file_id": file_id}


def receive_upload(s: SlackWebApiStandIn, file_id: str, data: bytes) -> tuple[int, str]:
    """The POST to an upload URL: 200 and `OK - <bytes>` as Slack answers, 404 for no such URL."""
    upload = s.uploads.get(file_id)
    if upload is None:
        return 404, "Not Found"
    upload["data"] = data
    return 200, f"OK - {len(data)}"


def _files_complete_upload_external(s: SlackWebApiStandIn, args: JSON) -> JSON:
    raw = args.get("files")
    try:
        files = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        files = None
    if not isinstance(files, list) or not files:
        raise _ApiError("invalid_arguments", ["missing required field: files"])
    channel = args.get("channel_id") or args.get("channels")
    if channel:
        channel = s._channel(channel, for_posting=True)
    done: list[dict[str, Any]] = []
    for f in files:
        upload = s.uploads.get(f.get("id")) if isinstance(f, dict) else None
        if upload is None or upload["data"] is None:
            raise _ApiError("file_not_found")
        if len(upload["data"]) != upload["length"]:
            raise _ApiError("file_upload_size_mismatch")  # the bytes differ from `length`
        shared = {"id": f["id"], "title": f.get("title") or upload["filename"], "channel": channel,
                  "filename": upload["filename"], "data": upload["data"],
                  "initial_comment": args.get("initial_comment")}  # fmt: skip
        s.shared_files.append(shared)
        done.append({"id": f["id"], "title": shared["title"]})
    return {"ok": True, "files": done}


def _conversations_open(s: SlackWebApiStandIn, args: JSON) -> JSON:
    users = [u for u in str(args.get("users") or "").split(",") if u]
    if len(users) != 1 or users[0] not in s._users:
        raise _ApiError("user_not_found")
    return {"ok": True, "channel": {"id": "D" + users[0][1:]}}
