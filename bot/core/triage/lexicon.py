"""Load and compile the per-language triage phrase lists in locales/<lang>/triage.yml."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.core.triage.normalise import CLAUSE, fold

LOCALES_DIR = Path(__file__).resolve().parents[3] / "locales"
FLAGS = ("safeguarding", "complaint", "advocacy")
_GAP, _LONG_GAP = "\x01", "\x02"
_MACRO = re.compile(r"@([a-z_]+)")


@dataclass(frozen=True)
class Rule:
    """One compiled phrase pattern (or several that must all match) raising one flag."""

    flag: str
    category: str
    patterns: tuple[re.Pattern[str], ...]
    source: str


@dataclass(frozen=True)
class Lexicon:
    """Everything triage and language detection know about one language."""

    code: str
    markers: frozenset[str]
    chars: str
    negators: frozenset[str]
    clause_words: frozenset[str]
    replacements: dict[str, str]
    fuzzy: tuple[str, ...]
    idioms: tuple[re.Pattern[str], ...]
    rules: tuple[Rule, ...]
    vocabulary: frozenset[str] = field(default_factory=frozenset)


class _WordLoader(yaml.SafeLoader):
    """YAML loader that reads every plain scalar as a string: phrase lists are full of no/yes/on/n/y."""


_WordLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag == "tag:yaml.org,2002:null"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) or "(?!)"


def compile_pattern(source: str, macros: dict[str, str], negators: frozenset[str]) -> re.Pattern[str]:
    """Compile one phrase: fold it like the text, expand @macros and ~ gaps, anchor it on token edges."""
    raw = source.replace("~~", _LONG_GAP).replace("~", _GAP)
    text = fold(raw)
    text = _MACRO.sub(lambda m: f"(?:{macros[m.group(1)]})", text)
    # A gap may skip filler words but never a negator or a clause break, so "dad ~ hits" misses "dad never hits".
    word = f"(?!(?:{_alternation(negators)})(?: |$))[^ {re.escape(CLAUSE)}]+ "
    text = text.replace(f"{_GAP} ", f"(?:{word}){{0,3}}").replace(f"{_LONG_GAP} ", f"(?:{word}){{0,6}}")
    text = text.replace(_GAP, "").replace(_LONG_GAP, "")
    return re.compile(f"(?<![^ ])(?:{text})(?![^ ])")


def _folded_map(mapping: dict[str, str] | None) -> dict[str, str]:
    return {fold(k): fold(v) for k, v in (mapping or {}).items()}


def _load(code: str, path: Path) -> Lexicon:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_WordLoader) or {}
    negators = frozenset(fold(w) for w in data.get("negators", []))
    macros = {name: "|".join(fold(v) for v in values) for name, values in (data.get("macros") or {}).items()}
    # Macros may refer to earlier macros (e.g. @person uses @family).
    for name, value in list(macros.items()):
        macros[name] = _MACRO.sub(lambda m: f"(?:{macros[m.group(1)]})", value)
    rules: list[Rule] = []
    for flag in FLAGS:
        for category, sources in (data.get(flag) or {}).items():
            for src in sources or []:
                rules.append(Rule(flag, category, (compile_pattern(src, macros, negators),), src))
    for combo in data.get("combos") or []:
        compiled = tuple(compile_pattern(src, macros, negators) for src in combo["all"])
        rules.append(Rule(combo["flag"], combo["category"], compiled, " + ".join(combo["all"])))
    markers = frozenset(fold(w) for w in data.get("markers", []))
    return Lexicon(
        code=code,
        markers=markers,
        chars=str(data.get("chars", "")),
        negators=negators,
        clause_words=frozenset(fold(w) for w in data.get("clause_words", [])),
        replacements=_folded_map(data.get("textspeak")) | _folded_map(data.get("spelling")),
        fuzzy=tuple(fold(w) for w in data.get("fuzzy", [])),
        idioms=tuple(compile_pattern(src, macros, negators) for src in data.get("idioms") or []),
        rules=tuple(rules),
        vocabulary=markers | frozenset(fold(w) for w in data.get("vocabulary", [])),
    )


@lru_cache(maxsize=None)
def lexicons() -> dict[str, Lexicon]:
    """Return every language's compiled lexicon, keyed by language code, English first."""
    paths = sorted(LOCALES_DIR.glob("*/triage.yml"), key=lambda p: (p.parent.name != "en", p.parent.name))
    return {p.parent.name: _load(p.parent.name, p) for p in paths}


def languages() -> tuple[str, ...]:
    """Return the language codes that have a triage phrase list."""
    return tuple(lexicons())
