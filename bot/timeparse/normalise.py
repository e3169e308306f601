"""Command text made ready to read: control characters out, NFKC, Traditional -> Simplified for
the words the Chinese lexicon knows, one kind of dash, single spaces; and `_quote` for echoing
the user's words back in a message.
"""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TRAD = str.maketrans(
    {
        "錄": "录",
        "點": "点",
        "個": "个",
        "鐘": "钟",
        "週": "周",
        "後": "后",
        "現": "现",
        "開": "开",
        "時": "时",
        "從": "从",
        "禮": "礼",
        "號": "号",
        "兩": "两",
        "淩": "凌",
        "間": "间",
        "裡": "里",
        "裏": "里",
        "頭": "头",
        "結": "结",
        "為": "为",
        "製": "制",
        "這": "这",
        "於": "于",
        "請": "请",
        "幫": "帮",
        "馬": "马",
        "夠": "够",
        "東": "东",
        "區": "区",
        "倫": "伦",
        "紐": "纽",
        "約": "约",
        "灣": "湾",
        "國": "国",
        "韓": "韩",
        "卽": "即",
        "長": "长",
        # Cantonese and polite words
        "聽": "听",
        "晝": "昼",
        "尋": "寻",
        "謝": "谢",
        "該": "该",
        "勞": "劳",
        "駕": "驾",
        "嗎": "吗",
        "託": "托",
        "煩": "烦",
        "來": "来",
        "過": "过",
        "內": "内",
    }
)
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2053~\u301c"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_RECORD_PREFIX = re.compile(r"^\s*/record(?![A-Za-z0-9_])\s*", re.I)


def _lower_same_length(s: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def _normalise(text: str) -> str:
    text = _CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)  # NFKC can produce some
    text = text.translate(_TRAD).translate(_DASHES)
    text = re.sub(r"\s+", " ", text).strip()
    return text


def _quote(s: str, limit: int = 60) -> str:
    s = s.replace("`", "'").strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"
