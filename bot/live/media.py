"""Where Live's recorded files are served from: which `video_url`s may be shown as links (pure).

A file callback's `video_url` is linked only when it is http(s) on one of Tencent's VOD or COS
hosts, or on a host listed in RECORDBOT_FILE_HOSTS; anything else is shown as plain text. The
callback signature covers only the key and `t`, so a captured `(t, sign)` pair signs any body
until `t` passes: a forged callback must not put a link of its choosing in the channel
(docs/callbacks.md).

Tencent's hosts, as its documents show them:
- VOD: `<SubAppId>.vod2.myqcloud.com` (the recording callback's example `video_url`) and
  `<SubAppId>.vod-qcloud.com` (VOD's API examples);
- COS: `<BucketName-APPID>.cos.<Region>.myqcloud.com` and the path-style
  `cos.<Region>.myqcloud.com` (COS's bucket naming and domain pages), and the same under
  `tencentcos.cn` (COS's SDK examples). COS's static-website hosts (`cos-website`) are not
  included: they serve pages, not files.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import urlsplit

VOD_SUFFIXES = (".vod2.myqcloud.com", ".vod-qcloud.com")
COS_HOST = re.compile(r"(?:[a-z0-9-]+\.)?cos\.[a-z0-9-]+\.(?:myqcloud\.com|tencentcos\.cn)")
HOST_NAME = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def tencent_file_host(host: str) -> bool:
    """Is `host` one of Tencent's VOD or COS hosts?"""
    host = host.lower()
    return host.endswith(VOD_SUFFIXES) or COS_HOST.fullmatch(host) is not None


def is_host_name(text: str) -> bool:
    """A DNS host name (`media.example.com`): no scheme, port, path or wildcard."""
    return HOST_NAME.fullmatch(text.lower()) is not None


def linkable(url: object, extra_hosts: Collection[str] = ()) -> bool:
    """May this URL from a callback be shown as a link? Only plain http(s) to Tencent's VOD/COS
    hosts or to `extra_hosts` (exact names), with nothing that could make a reader see one host
    and a browser open another (user info, backslashes, spaces, non-ASCII)."""
    if not isinstance(url, str) or not url.isascii() or len(url) > 2000:
        return False
    if any(c.isspace() or not c.isprintable() or c in '\\<>|"`' for c in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or "@" in parts.netloc:
        return False
    host = (parts.hostname or "").rstrip(".").lower()
    if not is_host_name(host):
        return False
    return host in extra_hosts or tencent_file_host(host)
