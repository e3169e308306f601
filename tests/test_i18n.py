"""The catalogs and the language helpers: every message in every language, placeholders kept,
each .mo compiled from its .po; which language a person gets; dates written for it."""

from __future__ import annotations

import gettext
import re
import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot import i18n
from bot.i18n import _, lang_of_locale, lang_of_text, pick, using

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def _po(folder: str):
    with (i18n.LOCALE_DIR / folder / "LC_MESSAGES" / "recordbot.po").open("rb") as fp:
        return read_po(fp)


def _ids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, list | tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    s = message.string
    return tuple(s) if isinstance(s, list | tuple) else (s,)


@pytest.fixture(scope="module")
def in_code() -> set[str]:
    """Every msgid marked in bot/ (what `make catalogs` extracts)."""
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "bot"),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2)},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("folder", list(i18n.FOLDERS.values()))
def test_every_message_is_in_every_catalog_translated(folder: str, in_code: set[str]) -> None:
    catalog = _po(folder)
    have = {_ids(m)[0]: m for m in catalog if m.id}
    missing = sorted(in_code - have.keys())
    assert not missing, (
        f"{folder} lacks {len(missing)} messages (run `make catalogs`): {missing[:5]}"
    )
    for msgid, message in have.items():
        assert "fuzzy" not in message.flags, f"{folder}: fuzzy {msgid!r}"
        for text in _strings(message):
            assert text.strip(), f"{folder}: not translated: {msgid!r}"
            want = sorted(set(PLACEHOLDER.findall(" ".join(_ids(message)))))
            assert sorted(set(PLACEHOLDER.findall(text))) == want, (
                f"{folder}: placeholders differ in {msgid!r}: {text!r}"
            )


@pytest.mark.parametrize("folder", list(i18n.FOLDERS.values()))
def test_each_mo_is_compiled_from_its_po(folder: str) -> None:
    catalog = _po(folder)
    with (i18n.LOCALE_DIR / folder / "LC_MESSAGES" / "recordbot.mo").open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    for message in catalog:
        if not message.id:
            continue
        ids, strings = _ids(message), _strings(message)
        if len(ids) == 1:
            assert compiled.gettext(ids[0]) == strings[0], f"{folder}: stale .mo for {ids[0]!r}"
        else:
            assert compiled.ngettext(ids[0], ids[1], 1) == strings[0], f"{folder}: stale .mo"
    assert len(compiled._catalog) - 1 == sum(  # type: ignore[attr-defined]
        len(_strings(m)) for m in catalog if m.id
    ), f"{folder}: the .mo holds messages its .po does not (run `make catalogs`)"


def test_chinese_catalogs_are_not_english() -> None:
    for folder in ("zh_Hans", "zh_Hant"):
        for message in _po(folder):
            prose = re.sub(r"`[^`]*`|\{[a-z_0-9]*\}", "", _ids(message)[0])
            if message.id and re.search(r"[A-Za-z]{4,}", prose):
                assert re.search(r"[\u4e00-\u9fff]", _strings(message)[0]), (
                    f"{folder}: {_ids(message)[0]!r} left in English"
                )


def test_the_traditional_catalog_has_no_simplified_only_characters() -> None:
    from bot.han_scripts import SIMPLIFIED_ONLY

    for message in _po("zh_Hant"):
        for text in _strings(message):
            bad = {c for c in text if c in SIMPLIFIED_ONLY}
            assert not bad, f"zh_Hant: {bad} in {text!r}"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("livetest 今晚8点录3小时", "zh-Hans"),
        ("livetest 今晚8點錄3小時", "zh-Hant"),
        ("聽日朝早9點", "zh-Hant"),
        ("列表", "zh-Hans"),  # characters both scripts share
        ("livetest from 8pm for 3h", None),
        ("", None),
        (None, None),
    ],
)
def test_lang_of_text(text: str | None, want: str | None) -> None:
    assert lang_of_text(text) == want


@pytest.mark.parametrize(
    ("locale", "want"),
    [
        ("zh-CN", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("zh-Hant-HK", "zh-Hant"),
        ("zh", "zh-Hans"),
        ("en-US", "en"),
        ("ja-JP", "en"),
        (None, "en"),
    ],
)
def test_lang_of_locale(locale: str | None, want: str) -> None:
    assert lang_of_locale(locale) == want


@pytest.mark.parametrize(
    ("text", "locale", "want"),
    [
        ("livetest 今晚8點錄3小時", "en-US", "zh-Hant"),  # the script typed wins
        ("livetest 今晚8点录3小时", "zh-TW", "zh-Hans"),
        ("livetest from 8pm for 3h", "zh-CN", "en"),  # typed in English
        ("停止 12", "zh-TW", "zh-Hant"),  # shared characters follow a Chinese locale
        ("停止 12", "en-US", "zh-Hans"),
        ("", "zh-HK", "zh-Hant"),  # nothing typed: the locale
        ("#12", "zh-CN", "zh-Hans"),
        (None, None, "en"),
    ],
)
def test_pick(text: str | None, locale: str | None, want: str) -> None:
    assert pick(text, locale) == want


def test_using_nests_and_is_per_thread() -> None:
    seen = []
    with using("zh-Hant"):
        assert i18n.current() == "zh-Hant"
        with using("zh_hans"):
            assert i18n.current() == "zh-Hans"
        assert i18n.current() == "zh-Hant"
        thread = threading.Thread(target=lambda: seen.append(i18n.current()))
        thread.start()
        thread.join()
    assert i18n.current() == "en"
    assert seen == ["en"]  # a new thread starts in the default, not in another's language
    with using("fr"):
        assert i18n.current() == "en"


def test_translation_follows_the_current_language() -> None:
    msg = "{start} to {end}"
    assert _(msg) == msg
    with using("zh-Hans"):
        assert _(msg) == "{start} 至 {end}"
    with using("zh-Hant"):
        assert _(msg) == "{start} 至 {end}"


def test_dates_in_each_language() -> None:
    start, end = 1795000000, 1795010000  # Wed 18 Nov 2026, 19:06 to 21:53 in Shanghai
    assert (
        i18n.format_window(start, end, "Asia/Shanghai")
        == "Wed 18 Nov 2026 19:06 to 21:53 (Asia/Shanghai, UTC+08:00)"
    )
    assert (
        i18n.format_window(start, end, "Asia/Shanghai", "zh-Hans")
        == "2026年11月18日周三 19:06 至 21:53（Asia/Shanghai，UTC+08:00）"
    )
    assert i18n.format_time(start, "Asia/Shanghai", "zh-Hant") == (
        "2026年11月18日週三 19:06（Asia/Shanghai，UTC+08:00）"
    )
