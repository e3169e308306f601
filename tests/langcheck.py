"""What a Chinese card may hold in Latin letters: names and codes, nothing a person must read in
English. `english_words(text)` lists the rest."""

from __future__ import annotations

import re

# Names (of products, the bot, commands) and codes people copy rather than read.
ALLOWED = {
    "recordbot", "Slack", "TaskId", "RequestId", "TASKID", "CSV", "HLS", "UTC", "GMT", "VOD", "COS",
    "SIMULATED", "file_id", "API", "IANA", "RECORDBOT_FILE_HOSTS", "RECORDBOT_LANG", "Tencent",
}  # fmt: skip
_CODE = re.compile(r"`[^`]*`")  # inline code: commands, stream names, TaskIds, error codes
_SKIP = re.compile(
    r"<[^>]*>"  # Slack's tokens: mentions, links, <!date^...|fallback>
    r"|:[a-z0-9_+-]+:"  # emoji
    r"|https?://\S+"
    r"|/record\b"
    r"|\b[A-Z][A-Za-z]*(?:\.[A-Z][A-Za-z]*)+\b"  # error codes: FailedOperation.TaskConflict
    r"|\b\d+(?:\.\d+)?\s?(?:MB|GB|KB)\b"
    r"|\b[A-Za-z]+/[A-Za-z_/+-]+"  # zones: Asia/Shanghai, Etc/UTC
    r"|\S*\d\S*"  # anything with a digit: ids, times, 5000.live.push.com
)


def english_words(text: str, *names: str) -> list[str]:
    """Latin-letter words in `text` that are neither names, codes nor one of `names` (stream
    names, user names in the card)."""
    rest = _SKIP.sub(" ", _CODE.sub(" ", text))
    for name in names:
        rest = rest.replace(name, " ")
    words = re.findall(r"[A-Za-z][A-Za-z_'-]*", rest)
    return [w for w in words if w not in ALLOWED and not _is_code(w)]


def _is_code(word: str) -> bool:
    """Keys and identifiers: `TENCENTCLOUD_SECRET_KEY`, `MFA`, `SecretId`, `record_edit`."""
    return bool(
        re.fullmatch(r"[A-Z0-9_]+", word)
        or re.search(r"[a-z][A-Z]", word)
        or ("_" in word and word == word.lower())
    )
