"""Time zones as commands name them: `UTC+8`-style offsets, IANA names in any case, the
abbreviations (`ET`, `CET`; `CST` and the other ambiguous ones read in the light of the user's
zone), city names and Chinese zone words; `load_zone` and `zone_name`.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

_FIXED_RE = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.I)


def _fixed(sign: str, hh: str, mm: str | None) -> tzinfo | None:
    h, m = int(hh), int(mm or 0)
    if h > 14 or m > 59:
        return None
    off = timedelta(hours=h, minutes=m) * (-1 if sign == "-" else 1)
    if not off:
        return UTC
    total = int(off.total_seconds()) // 60
    name = f"UTC{'+' if total >= 0 else '-'}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
    return timezone(off, name)


_ZONE_MAP: dict[str, str] | None = None


def _zone_map() -> dict[str, str]:
    global _ZONE_MAP
    if _ZONE_MAP is None:
        from zoneinfo import available_timezones

        _ZONE_MAP = {k.lower(): k for k in available_timezones()}
    return _ZONE_MAP


def _try_zoneinfo(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except Exception:
        return None


def load_zone(name: str) -> tzinfo | None:
    """An IANA name (any case), `UTC`, or `UTC+8`-style offset -> tzinfo; None if unknown."""
    if not isinstance(name, str):
        return None
    name = name.strip()
    if not name or len(name) > 64 or ".." in name or "\x00" in name:
        return None
    if name.upper() in ("UTC", "Z", "GMT", "ETC/UTC"):
        return UTC
    m = _FIXED_RE.match(name)
    if m and (name[:1] in "+-" or name[:3].lower() in ("utc", "gmt")):
        return _fixed(*m.groups())
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-/]*", name):
        return None
    z = _try_zoneinfo(name)
    if z is not None:
        return z
    guess = "/".join(
        "_".join(w[:1].upper() + w[1:].lower() for w in part.split("_")) for part in name.split("/")
    )
    z = _try_zoneinfo(guess)
    if z is not None:
        return z
    key = _zone_map().get(name.lower())
    return _try_zoneinfo(key) if key else None


def zone_name(z: tzinfo) -> str:
    """How a zone is named to people: its IANA key, or `UTC+08:00` for a fixed offset."""
    key = getattr(z, "key", None)
    if key:
        return str(key)
    if z is UTC:
        return "UTC"
    name = z.tzname(None)
    return name or str(z)


# Unambiguous abbreviations and names -> IANA zone (DST-aware: `EST` in July means US Eastern).
_ABBR: dict[str, tuple[str, str]] = {
    "utc": ("UTC", "UTC"),
    "gmt": ("UTC", "GMT (UTC)"),
    "et": ("America/New_York", "US Eastern time"),
    "est": ("America/New_York", "US Eastern time"),
    "edt": ("America/New_York", "US Eastern time"),
    "eastern": ("America/New_York", "US Eastern time"),
    "ct": ("America/Chicago", "US Central time"),
    "cdt": ("America/Chicago", "US Central time"),
    "central": ("America/Chicago", "US Central time"),
    "mt": ("America/Denver", "US Mountain time"),
    "mst": ("America/Denver", "US Mountain time"),
    "mdt": ("America/Denver", "US Mountain time"),
    "mountain": ("America/Denver", "US Mountain time"),
    "pt": ("America/Los_Angeles", "US Pacific time"),
    "pst": ("America/Los_Angeles", "US Pacific time"),
    "pdt": ("America/Los_Angeles", "US Pacific time"),
    "pacific": ("America/Los_Angeles", "US Pacific time"),
    "akst": ("America/Anchorage", "Alaska time"),
    "akdt": ("America/Anchorage", "Alaska time"),
    "hst": ("Pacific/Honolulu", "Hawaii time"),
    "cet": ("Europe/Berlin", "Central European time"),
    "cest": ("Europe/Berlin", "Central European time"),
    "wet": ("Europe/Lisbon", "Western European time"),
    "eet": ("Europe/Athens", "Eastern European time"),
    "eest": ("Europe/Athens", "Eastern European time"),
    "msk": ("Europe/Moscow", "Moscow time"),
    "jst": ("Asia/Tokyo", "Japan time"),
    "kst": ("Asia/Seoul", "Korea time"),
    "hkt": ("Asia/Hong_Kong", "Hong Kong time"),
    "sgt": ("Asia/Singapore", "Singapore time"),
    "pht": ("Asia/Manila", "Philippine time"),
    "wib": ("Asia/Jakarta", "Western Indonesia time"),
    "ict": ("Asia/Bangkok", "Indochina time"),
    "aest": ("Australia/Sydney", "Australian Eastern time"),
    "aedt": ("Australia/Sydney", "Australian Eastern time"),
    "awst": ("Australia/Perth", "Australian Western time"),
    "nzst": ("Pacific/Auckland", "New Zealand time"),
    "nzdt": ("Pacific/Auckland", "New Zealand time"),
}
_AMBIGUOUS_ABBR = ("cst", "ist", "bst", "ast")

_CITY: dict[str, str] = {
    "beijing": "Asia/Shanghai",
    "china": "Asia/Shanghai",
    "shanghai": "Asia/Shanghai",
    "hong kong": "Asia/Hong_Kong",
    "hongkong": "Asia/Hong_Kong",
    "taipei": "Asia/Taipei",
    "tokyo": "Asia/Tokyo",
    "japan": "Asia/Tokyo",
    "seoul": "Asia/Seoul",
    "korea": "Asia/Seoul",
    "singapore": "Asia/Singapore",
    "india": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "bangkok": "Asia/Bangkok",
    "jakarta": "Asia/Jakarta",
    "dubai": "Asia/Dubai",
    "moscow": "Europe/Moscow",
    "london": "Europe/London",
    "uk": "Europe/London",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "new york": "America/New_York",
    "nyc": "America/New_York",
    "chicago": "America/Chicago",
    "denver": "America/Denver",
    "los angeles": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "sydney": "Australia/Sydney",
}
_CN_ZONES: dict[str, str] = {
    "北京时间": "Asia/Shanghai",
    "东八区": "Asia/Shanghai",
    "中国时间": "Asia/Shanghai",
    "香港时间": "Asia/Hong_Kong",
    "台北时间": "Asia/Taipei",
    "东京时间": "Asia/Tokyo",
    "日本时间": "Asia/Tokyo",
    "韩国时间": "Asia/Seoul",
    "新加坡时间": "Asia/Singapore",
    "伦敦时间": "Europe/London",
    "英国时间": "Europe/London",
    "纽约时间": "America/New_York",
    "美东时间": "America/New_York",
    "美西时间": "America/Los_Angeles",
    "洛杉矶时间": "America/Los_Angeles",
    "印度时间": "Asia/Kolkata",
    "格林尼治时间": "UTC",
    "世界标准时间": "UTC",
}

_CHINA_ZONES = {
    "Asia/Shanghai",
    "Asia/Chongqing",
    "Asia/Chungking",
    "Asia/Harbin",
    "Asia/Urumqi",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Taipei",
    "PRC",
    "ROC",
    "Hongkong",
}


def _ambiguous_abbr(abbr: str, user_zone: str, lang: str) -> tuple[str, str]:
    """Read CST/IST/BST/AST in the light of the user's own zone -> (IANA key, meaning)."""
    area = user_zone.split("/")[0]
    if abbr == "cst":
        if user_zone in _CHINA_ZONES:
            own = user_zone if user_zone.startswith("Asia/") else "Asia/Shanghai"
            return own, "China Standard Time"
        if area in ("America", "US", "Canada", "CST6CDT") or user_zone in ("EST5EDT", "CST6CDT"):
            return "America/Chicago", "US Central time"
        if lang == "zh" or area == "Asia":
            return "Asia/Shanghai", "China Standard Time"
        return "America/Chicago", "US Central time"
    if abbr == "ist":
        if user_zone in ("Europe/Dublin", "Eire"):
            return "Europe/Dublin", "Irish Standard Time"
        if user_zone in ("Asia/Jerusalem", "Asia/Tel_Aviv", "Israel"):
            return "Asia/Jerusalem", "Israel Standard Time"
        return "Asia/Kolkata", "India Standard Time"
    if abbr == "bst":
        if user_zone == "Asia/Dhaka":
            return "Asia/Dhaka", "Bangladesh Standard Time"
        return "Europe/London", "British Summer Time (UK time)"
    # ast
    if area == "Asia":
        return "Asia/Riyadh", "Arabia Standard Time"
    return "America/Halifax", "Atlantic time"
