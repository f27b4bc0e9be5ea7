"""Look up every child-facing string from the gettext catalogues in locales/<lang>/LC_MESSAGES/*.po."""
from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
DEFAULT_LANGUAGE = "en"


def supported_languages() -> list[str]:
    """Return the language codes that have a catalogue directory, default language first."""
    langs = sorted(p.name for p in LOCALES_DIR.iterdir() if (p / "LC_MESSAGES").is_dir())
    return sorted(langs, key=lambda code: code != DEFAULT_LANGUAGE)


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """Return key → text for one language, merged over every .po file of that language."""
    messages: dict[str, str] = {}
    for po_file in sorted((LOCALES_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale=None):
                if message.id and message.string:
                    messages[str(message.id)] = str(message.string)
    return messages


def resolve_language(lang: str | None) -> str:
    """Map a requested language to a supported one (falling back to the default)."""
    if lang and lang in supported_languages():
        return lang
    if lang and "-" in lang and lang.split("-")[0] in supported_languages():
        return lang.split("-")[0]
    return DEFAULT_LANGUAGE


def placeholders(text: str) -> set[str]:
    """Return the {named} placeholders used in a message."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def t(lang: str | None, key: str, **params: object) -> str:
    """Return the text for key in lang (default language if missing there), with params filled in."""
    lang = resolve_language(lang)
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"missing locale key {key!r}")
    return text.format(**params) if params else text
