"""Every locale has every key, with the same placeholders, and the code only uses keys that exist."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.core import i18n

ROOT = Path(__file__).resolve().parents[2]
PO_FILES = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))


def _messages_by_language() -> dict[str, dict[str, str]]:
    languages: dict[str, dict[str, str]] = {}
    for po_file in PO_FILES:
        lang = po_file.parts[-3]
        with po_file.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    languages.setdefault(lang, {})[str(message.id)] = str(message.string or "")
    return languages


MESSAGES = _messages_by_language()


def test_english_and_welsh_catalogues_exist():
    assert {"en", "cy"} <= set(MESSAGES)


@pytest.mark.parametrize("lang", sorted(MESSAGES))
def test_every_key_in_any_locale_exists_in_this_locale_with_text(lang):
    all_keys = set().union(*(m.keys() for m in MESSAGES.values()))
    missing = sorted(k for k in all_keys if not MESSAGES[lang].get(k))
    assert missing == []


@pytest.mark.parametrize("lang", sorted(MESSAGES))
def test_placeholders_match_the_default_language(lang):
    default = MESSAGES[i18n.DEFAULT_LANGUAGE]
    different = sorted(k for k, text in MESSAGES[lang].items()
                       if k in default and i18n.placeholders(text) != i18n.placeholders(default[k]))
    assert different == []


def test_every_locale_key_named_in_the_bot_code_exists():
    used: set[str] = set()
    for path in list((ROOT / "bot" / "actions").rglob("*.py")) + list((ROOT / "bot" / "core").rglob("*.py")):
        used |= set(re.findall(r'"((?:welcome|help|goodbye|fallback|language|button|prepare|confidentiality|'
                               r'readback|change|share|submit|reader|list|meeting_kind|safeguarding|complaint|advocacy|'
                               r'triage|when|contact|message)\.[a-z_.]+)"',
                               path.read_text(encoding="utf-8")))
    assert used, "the pattern found no keys"
    assert sorted(used - set(MESSAGES[i18n.DEFAULT_LANGUAGE])) == []
