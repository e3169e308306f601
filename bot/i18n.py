"""The language people read: gettext catalogs compiled with Babel, the current language, and
dates and times written for it (pure; no Slack).

The current language is a context variable set once at each boundary (a Slack listener, the
router, the notifier per notice, the shell) with `using(lang)`; below it, `_()` and `ngettext()`
translate into it. `N_()` marks a module-level text that is translated later with `_()`.

Catalogs live in `bot/locale/<en|zh_Hans|zh_Hant>/LC_MESSAGES/recordbot.po` with their compiled
`.mo` beside them (`make catalogs`; docs/i18n.md). Each is loaded on first use and kept, so a
command line that never shows a message never pays for Babel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from babel.support import Translations

LANGS = ("en", "zh-Hans", "zh-Hant")
DEFAULT = "en"
DOMAIN = "recordbot"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# A language's catalog folder (gettext's locale names use `_`) and Babel's locale for dates.
FOLDERS = {"en": "en", "zh-Hans": "zh_Hans", "zh-Hant": "zh_Hant"}

_current: ContextVar[str] = ContextVar("recordbot_lang", default=DEFAULT)
_catalogs: dict[str, Translations] = {}


def normalise(lang: str | None) -> str:
    """One of LANGS for a name people write (`zh_Hant`, `zh-hans`, `EN`); the default for
    anything else or None."""
    if not lang:
        return DEFAULT
    key = lang.strip().replace("_", "-").lower()
    for known in LANGS:
        if key == known.lower():
            return known
    return DEFAULT


def current() -> str:
    """The language set by the innermost `using`, else English."""
    return _current.get()


def is_chinese(lang: str | None = None) -> bool:
    return (lang or _current.get()) != "en"


@contextmanager
def using(lang: str | None) -> Iterator[str]:
    """Translate into `lang` (one of LANGS; None or unknown: the default) inside the block."""
    token = _current.set(normalise(lang))
    try:
        yield token.var.get()
    finally:
        _current.reset(token)


def catalog(lang: str) -> Translations:
    """The compiled catalog of `lang`, read once."""
    found = _catalogs.get(lang)
    if found is None:
        from babel.support import Translations

        path = LOCALE_DIR / FOLDERS[lang] / "LC_MESSAGES" / f"{DOMAIN}.mo"
        with path.open("rb") as fp:
            found = Translations(fp, domain=DOMAIN)
        _catalogs[lang] = found
    return found


def _(message: str) -> str:
    """`message` (an English msgid) in the current language."""
    return catalog(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language (Chinese has one form)."""
    return catalog(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks `message` for the catalogs without translating it (translate it later with `_()`)."""
    return message


# ---- which language a person uses -----------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTERS = re.compile(r"[A-Za-z]")


def script_of(text: str | None) -> str | None:
    """`zh-Hans` or `zh-Hant` when the text's Han characters say which; `zh` when it has Han
    characters both scripts share (停止, 列表); None when it has none."""
    if not text or not _HAN.search(text):
        return None
    from bot.han_scripts import SIMPLIFIED_ONLY, TRADITIONAL_ONLY

    simplified = sum(1 for c in text if c in SIMPLIFIED_ONLY)
    traditional = sum(1 for c in text if c in TRADITIONAL_ONLY)
    if traditional > simplified:
        return "zh-Hant"
    if simplified > traditional:
        return "zh-Hans"
    return "zh"


def lang_of_text(text: str | None) -> str | None:
    """The Chinese script `text` is written in: "zh-Hant" for Traditional, "zh-Hans" for
    Simplified (also when its characters are common to both); None with no Han characters."""
    found = script_of(text)
    return "zh-Hans" if found == "zh" else found


def lang_of_locale(slack_locale: str | None) -> str:
    """Slack's `locale` (`zh-CN`, `zh-TW`, `en-US`...) as one of LANGS: Taiwan, Hong Kong and
    Macau read Traditional, other Chinese Simplified, anything else English."""
    if not slack_locale:
        return DEFAULT
    parts = slack_locale.replace("_", "-").lower().split("-")
    if parts[0] != "zh":
        return DEFAULT
    if "hant" in parts or any(p in ("tw", "hk", "mo") for p in parts[1:]):
        return "zh-Hant"
    return "zh-Hans"


def pick(text: str | None, slack_locale: str | None) -> str:
    """The language to answer a command in: the script it was typed in (Traditional,
    Simplified; Han characters common to both follow a Chinese locale); English when it has
    Latin letters and no Han; the Slack locale when the text says nothing (empty, digits)."""
    found = script_of(text)
    by_locale = lang_of_locale(slack_locale)
    if found == "zh":
        return by_locale if by_locale != "en" else "zh-Hans"
    if found is not None:
        return found
    if text and _LETTERS.search(text):
        return "en"
    return by_locale


def lang_of_command(command: str | None) -> str:
    """The language of a stored `/record` command (a task's or a series'): its script, English
    for Latin letters; for what a background job writes about it (the scheduler, recovery)."""
    text = (command or "").strip()
    if text.lower().startswith("/record"):
        text = text[len("/record") :]
    return pick(text, None)


# ---- dates and times --------------------------------------------------------------------------

# Babel patterns per language: a date and time with the weekday, a time alone. English keeps the
# form recordbot always showed (`Sat 28 Nov 2026 20:00`).
_DATETIME = {
    "en": "EEE dd MMM yyyy HH:mm",
    "zh-Hans": "y年M月d日EEE HH:mm",
    "zh-Hant": "y年M月d日EEE HH:mm",
}
_DAY = {"en": "EEE d MMM", "zh-Hans": "M月d日EEE", "zh-Hant": "M月d日EEE"}
_DAY_TIME = {"en": "EEE HH:mm", "zh-Hans": "EEE HH:mm", "zh-Hant": "EEE HH:mm"}


def _format(dt: datetime, patterns: dict[str, str], lang: str | None) -> str:
    from babel.dates import format_datetime

    lang = lang or _current.get()
    return format_datetime(dt, patterns[lang], tzinfo=dt.tzinfo, locale=FOLDERS[lang])


def format_when(dt: datetime, lang: str | None = None) -> str:
    """`Sat 28 Nov 2026 20:00` / `2026年11月28日周六 20:00` (an aware `dt`, in its own zone)."""
    return _format(dt, _DATETIME, lang)


def format_day(dt: datetime, lang: str | None = None) -> str:
    """`Sat 28 Nov` / `11月28日周六`."""
    return _format(dt, _DAY, lang)


def format_weekday_time(dt: datetime, lang: str | None = None) -> str:
    """`Sat 20:00` / `周六 20:00` (a button's short label)."""
    return _format(dt, _DAY_TIME, lang)


def _zoned(text: str, dt: datetime, tz: str) -> str:
    offset = dt.strftime("%z")
    return _("{time} ({zone}, UTC{offset})").format(
        time=text, zone=tz, offset=f"{offset[:3]}:{offset[3:]}"
    )


def format_time(ts: float, tz: str, lang: str | None = None) -> str:
    """`Sat 28 Nov 2026 20:00 (Asia/Shanghai, UTC+08:00)`: a time in plain text that always
    names its zone."""
    with using(lang or _current.get()):
        local = datetime.fromtimestamp(ts, ZoneInfo(tz))
        return _zoned(format_when(local), local, tz)


def format_window(start: float, end: float, tz: str, lang: str | None = None) -> str:
    """`Fri 27 Nov 2026 20:00 to 23:00 (Asia/Shanghai, UTC+08:00)`: a window in plain text, its
    zone named once when both ends share its offset."""
    with using(lang or _current.get()):
        zone = ZoneInfo(tz)
        first, last = datetime.fromtimestamp(start, zone), datetime.fromtimestamp(end, zone)
        if first.utcoffset() != last.utcoffset():
            return _("{start} to {end}").format(
                start=format_time(start, tz), end=format_time(end, tz)
            )
        until = f"{last:%H:%M}" if first.date() == last.date() else format_when(last)
        return _zoned(_("{start} to {end}").format(start=format_when(first), end=until), first, tz)
