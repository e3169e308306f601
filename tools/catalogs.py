"""Rebuild the message catalogs: extract every marked text from bot/, merge it into each
language's .po, copy English msgids into the English catalog, compile every .mo.

    .venv/bin/python tools/catalogs.py        (what `make catalogs` runs)

New texts arrive in zh_Hans and zh_Hant with an empty msgstr; tests/test_i18n.py fails until
they are translated (docs/i18n.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "bot" / "locale"
POT = LOCALE / "recordbot.pot"
FOLDERS = ("en", "zh_Hans", "zh_Hant")


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def main() -> int:
    pybabel(
        "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-k", "ngettext:1,2",
        "--no-location", "--sort-output", "--no-wrap", "--project", "recordbot",
        "-o", str(POT), str(ROOT / "bot"),
    )  # fmt: skip
    for folder in FOLDERS:
        po = LOCALE / folder / "LC_MESSAGES" / "recordbot.po"
        if not po.exists():
            pybabel(
                "init",
                "-D",
                "recordbot",
                "-i",
                str(POT),
                "-d",
                str(LOCALE),
                "-l",
                folder,
                "--no-wrap",
            )
        pybabel(
            "update", "-D", "recordbot", "-i", str(POT), "-d", str(LOCALE), "-l", folder,
            "--no-wrap", "--no-fuzzy-matching", "--ignore-obsolete",
        )  # fmt: skip
    fill_english(LOCALE / "en" / "LC_MESSAGES" / "recordbot.po")
    pybabel("compile", "-D", "recordbot", "-d", str(LOCALE), "--statistics")
    return 0


def fill_english(po: Path) -> None:
    """English is the source language: its msgstr is its msgid."""
    with po.open("rb") as fp:
        catalog = read_po(fp)
    for message in catalog:
        if message.id:
            message.string = message.id
    with po.open("wb") as fp:
        write_po(fp, catalog, width=0, omit_header=False, sort_output=True)


if __name__ == "__main__":
    sys.exit(main())
