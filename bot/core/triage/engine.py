"""Raise safeguarding, complaint and advocacy flags on one message in any supported language."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.core import language as language_detection
from bot.core.triage.lexicon import Lexicon, Rule, lexicons
from bot.core.triage.normalise import CLAUSE, expand, tokens

# Safeguarding looks only two words back for a negator: a wider window let "nobody knows he touches me"
# cancel itself, and a missed disclosure costs far more than a false alarm.
_NEGATION_WINDOW = {"safeguarding": 2, "complaint": 3, "advocacy": 3}


@dataclass(frozen=True)
class TriageResult:
    """Flags raised on one message, the message's language, and why each flag was raised."""

    flags: frozenset[str]
    language: str
    language_confident: bool
    reasons: tuple[str, ...]


def _blank(view: str, idioms: tuple[re.Pattern[str], ...]) -> str:
    """Replace idiom spans ("dying to see", "hit the ball") with clause breaks so nothing matches inside."""
    for idiom in idioms:
        view = idiom.sub(lambda m: " ".join(CLAUSE for _ in m.group(0).split()), view)
    return view


def _negated(view: str, start: int, lex: Lexicon, window: int) -> bool:
    """Return whether a negator sits within `window` words before start, in the same clause."""
    before = view[:start].split()[-window:]
    for word in reversed(before):
        if word == CLAUSE or word in lex.clause_words:
            return False
        if word in lex.negators:
            return True
    return False


def _rule_fires(rule: Rule, view: str, lex: Lexicon) -> tuple[bool, bool]:
    """Return (fires, seen): seen counts even a negated phrase as evidence of the language."""
    seen = False
    for pattern in rule.patterns:
        live = False
        for match in pattern.finditer(view):
            seen = True
            if not _negated(view, match.start(), lex, _NEGATION_WINDOW[rule.flag]):
                live = True
                break
        if not live:
            return False, seen
    return True, seen


def scan(text: str) -> tuple[set[str], list[str], Counter[str]]:
    """Return flags, reasons and per-language phrase evidence for text, checking every language's lists."""
    toks = tokens(text)
    flags: set[str] = set()
    reasons: list[str] = []
    evidence: Counter[str] = Counter()
    for code, lex in lexicons().items():
        view = _blank(expand(toks, lex.replacements, lex.fuzzy, lex.vocabulary), lex.idioms)
        for rule in lex.rules:
            fires, seen = _rule_fires(rule, view, lex)
            if seen:
                evidence[code] += 1
            if fires:
                flags.add(rule.flag)
                reasons.append(f"{rule.flag}.{rule.category} ({code}): {rule.source}")
    return flags, reasons, evidence


def idiom_free(text: str) -> tuple[str, bool]:
    """Return (text with every idiom span blanked, whether any idiom was found), for the learned layer."""
    toks, found = tokens(text), False
    for lex in lexicons().values():
        if not lex.idioms:
            continue
        view = expand(toks, lex.replacements, lex.fuzzy, lex.vocabulary)
        blanked = _blank(view, lex.idioms)
        if blanked != view:
            toks, found = blanked.split(), True
    return " ".join(toks), found


# A disclosure of harm reads like a grievance ("they lock me in my room"), so once safeguarding is raised
# the learned complaint flag needs this much more confidence. Phrase rules are unaffected.
_COMPLAINT_MARGIN_AFTER_SAFEGUARDING = 0.15


# When an idiom explains a message, what is left ("i | | | last night") is mostly filler the model has
# never seen alone; it is classified only if this many words are left that are not any language's markers.
_MIN_CONTENT_AFTER_IDIOM = 3


def _content_words(view: str) -> int:
    markers = frozenset().union(*(lex.markers for lex in lexicons().values()))
    return sum(1 for t in view.split() if t != CLAUSE and t not in markers)


def learned_probabilities(text: str, model=None) -> dict[str, float] | None:
    """Return the learned layer's flag probabilities, idioms blanked first; None when it stays out."""
    from bot.core.triage.model import features, get_model

    guarded, idiom = idiom_free(text)
    if not features(guarded):
        return None
    if idiom and _content_words(guarded) < _MIN_CONTENT_AFTER_IDIOM:
        return None
    return (model or get_model()).flag_probabilities(guarded)


def learned_flags(probs: dict[str, float] | None, raised: set[str] | frozenset[str] = frozenset(),
                  thresholds: dict[str, float] | None = None) -> set[str]:
    """Return the flags whose probability reaches its threshold (complaint needs more after safeguarding)."""
    from bot.core.triage.model import THRESHOLDS

    if probs is None:
        return set()
    thresholds = dict(thresholds or THRESHOLDS)
    if "safeguarding" in raised or probs["safeguarding"] >= thresholds["safeguarding"]:
        thresholds["complaint"] += _COMPLAINT_MARGIN_AFTER_SAFEGUARDING
    return {f for f, p in probs.items() if p >= thresholds[f]}


def learned(text: str, raised: set[str] | frozenset[str] = frozenset()) -> tuple[set[str], list[str]]:
    """Return the learned layer's flags and reasons, with idioms blanked first so they never count."""
    probs = learned_probabilities(text)
    flags = learned_flags(probs, raised)
    return flags, [f"{f}.learned: p={probs[f]:.2f}" for f in sorted(flags)]


def triage(text: str, conversation_language: str | None = None) -> TriageResult:
    """Triage one message: flags to raise (phrase rules ∪ learned layer), its language and the reasons."""
    flags, reasons, evidence = scan(text or "")
    extra, extra_reasons = learned(text or "", flags)
    flags |= extra
    reasons += [r for r in extra_reasons if r.split(".")[0] not in {x.split(".")[0] for x in reasons}]
    lang, confident = language_detection.detect(
        text or "", conversation_language, evidence=evidence
    )
    return TriageResult(frozenset(flags), lang, confident, tuple(reasons))
