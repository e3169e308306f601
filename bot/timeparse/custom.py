"""How people write times where they live: the 12-hour or the 24-hour clock, and day/month or
month/day dates. From the Slack locale when it says (`en-US`, `en_GB`), else from the custom of
the user's zone; a small table, not a census: a zone or locale it does not list is "unknown".

What the resolver does with the answers (docs/time-rules.md, "Two readings"):
- on the 12-hour clock, a bare hour 1-11 (`at 7`, `sat 1-4`) has two readings, am and pm, and
  both are offered; on the 24-hour clock it is read as written (`at 7` = 07:00), with a note;
- a date like `3/12` (both numbers 12 or less) is read in the order of the locale or zone; when
  neither says, both readings are offered, month/day first.
"""

from __future__ import annotations

from dataclasses import dataclass

# Regions (the part after `-` or `_` in a locale) whose people write the 12-hour clock, and those
# whose people write the 24-hour clock. A region in neither falls back to the zone.
_CLOCK12_REGIONS = frozenset({"US", "CA", "AU", "NZ", "IN", "PH", "PK", "BD", "EG", "SA"})
_CLOCK24_REGIONS = frozenset(
    {"GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "ES", "PT", "IT", "SE", "NO", "DK", "FI",
     "PL", "CZ", "RU", "UA", "TR", "BR", "AR", "CN", "TW", "HK", "JP", "SG"}
)  # fmt: skip
# Date order by region: month first, day first.
_MONTH_FIRST_REGIONS = frozenset({"US", "PH", "CN", "TW", "JP", "KR"})
_DAY_FIRST_REGIONS = frozenset(
    {"GB", "IE", "AU", "NZ", "IN", "PK", "BD", "EG", "SA", "DE", "AT", "CH", "FR", "BE", "NL",
     "ES", "PT", "IT", "SE", "NO", "DK", "FI", "PL", "CZ", "RU", "UA", "TR", "BR", "AR", "LA",
     "HK", "SG"}
)  # fmt: skip

# Zones whose custom is the 12-hour clock: the Americas (but Brazil and Argentina), Australia,
# New Zealand, India, the Philippines, Pakistan, Bangladesh, Egypt, Saudi Arabia. Europe, China,
# Japan and every zone not listed keep the 24-hour clock.
_CLOCK12_PREFIXES = ("America/", "US/", "Canada/", "Australia/")
_CLOCK12_ZONES = frozenset(
    {"Pacific/Auckland", "NZ", "Pacific/Honolulu", "Asia/Kolkata", "Asia/Calcutta",
     "Asia/Manila", "Asia/Karachi", "Asia/Dhaka", "Africa/Cairo", "Egypt", "Asia/Riyadh"}
)  # fmt: skip
_CLOCK24_AMERICAS = frozenset(
    {"America/Sao_Paulo", "America/Bahia", "America/Fortaleza", "America/Recife",
     "America/Belem", "America/Manaus", "America/Cuiaba", "America/Campo_Grande",
     "America/Porto_Velho", "America/Boa_Vista", "America/Rio_Branco", "America/Noronha",
     "America/Maceio", "America/Araguaina", "America/Santarem", "America/Buenos_Aires",
     "America/Montevideo"}
)  # fmt: skip

# Zones whose custom writes the month first (the United States; China, Japan, Korea, the
# Philippines, which write year/month/day and month/day for short), and the day first (Europe,
# Australia, New Zealand, India, Africa, most of Latin America).
_MONTH_FIRST_ZONES = frozenset(
    {"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
     "America/Los_Angeles", "America/Anchorage", "America/Adak", "America/Boise",
     "America/Detroit", "America/Juneau", "America/Sitka", "America/Nome", "America/Yakutat",
     "America/Metlakatla", "America/Menominee", "Pacific/Honolulu", "Asia/Manila",
     "Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "PRC", "Asia/Taipei",
     "ROC", "Asia/Tokyo", "Japan", "Asia/Seoul", "ROK"}
)  # fmt: skip
_MONTH_FIRST_PREFIXES = ("US/", "America/Indiana/", "America/Kentucky/", "America/North_Dakota/")
_DAY_FIRST_PREFIXES = ("Europe/", "Australia/", "Africa/", "America/Argentina/")
_DAY_FIRST_ZONES = frozenset(
    {"Pacific/Auckland", "NZ", "Asia/Kolkata", "Asia/Calcutta", "Asia/Karachi", "Asia/Dhaka",
     "Asia/Hong_Kong", "Hongkong", "Asia/Singapore", "Singapore", "Asia/Dubai", "Asia/Riyadh",
     "America/Sao_Paulo", "America/Mexico_City", "America/Bogota", "America/Lima",
     "America/Santiago", "America/Buenos_Aires", "America/Montevideo", "GB", "Eire"}
)  # fmt: skip


@dataclass(frozen=True)
class Custom:
    """How the person writes times: `clock12` (bare hours 1-11 have am and pm readings) and
    `order` ("md", "dm", or None when unknown: both readings)."""

    clock12: bool = False
    order: str | None = None


def _region(locale: str | None) -> str:
    if not locale or not isinstance(locale, str):
        return ""
    parts = locale.replace("_", "-").split("-")
    return parts[1].upper() if len(parts) > 1 else ""


def _zone_clock12(zone: str) -> bool:
    if zone in _CLOCK12_ZONES:
        return True
    if zone in _CLOCK24_AMERICAS or zone.startswith("America/Argentina/"):
        return False
    return zone.startswith(_CLOCK12_PREFIXES)


def _zone_order(zone: str) -> str | None:
    if zone in _MONTH_FIRST_ZONES or zone.startswith(_MONTH_FIRST_PREFIXES):
        return "md"
    if (
        zone in _DAY_FIRST_ZONES
        or zone in _CLOCK24_AMERICAS
        or zone.startswith(_DAY_FIRST_PREFIXES)
    ):
        return "dm"
    return None


def custom_for(zone: str, locale: str | None = None, clock12: bool | None = None) -> Custom:
    """The custom for a user in IANA `zone` with Slack `locale`; `clock12` overrides the clock."""
    region = _region(locale)
    if clock12 is None:
        if region in _CLOCK12_REGIONS:
            clock12 = True
        elif region in _CLOCK24_REGIONS:
            clock12 = False
        else:
            clock12 = _zone_clock12(zone)
    if region in _MONTH_FIRST_REGIONS:
        order: str | None = "md"
    elif region in _DAY_FIRST_REGIONS:
        order = "dm"
    else:
        order = _zone_order(zone)
    return Custom(bool(clock12), order)
