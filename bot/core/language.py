"""Decide which language a child's message is in, without switching on weak evidence."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Mapping

from bot.core.triage.lexicon import languages, lexicons
from bot.core.triage.normalise import CLAUSE, tokens

DEFAULT_LANGUAGE = "en"
# A new conversation takes any clear lead; an ongoing one needs more (a phrase hit plus a marker word,
# or three marker words) so "Tak" or "Diolch" in an English chat stays English.
_FIRST_MESSAGE_SCORE, _SWITCH_SCORE = 1, 3
_PHRASE_WEIGHT = 2
# langdetect is unreliable on short text ("i want to die" -> af, "my dad hit me" -> cy).
_LANGDETECT_MIN_CHARS, _LANGDETECT_MIN_WORDS, _LANGDETECT_MIN_PROB = 25, 5, 0.90
# The learned language model (trained on bot/data/triage) votes like marker words, but only on messages
# of 3+ words: (min words, min probability, points). Two points alone never switch an ongoing conversation
# (that needs _SWITCH_SCORE); three points from a long, confident message can.
_MODEL_VOTES = ((3, 0.60, 2), (4, 0.85, 1))

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
_URDU_LETTERS = set("ٹڈڑںےۓھہ")
_ARABIC_ONLY_LETTERS = set("ةيكى")
_PERSIAN_WORDS = {"است", "می", "من", "را", "خیلی", "هست", "نمی", "برای", "دارم", "چرا", "کنم", "شما", "او"}
_URDU_WORDS = {"میں", "ہے", "ہیں", "کے", "کی", "کا", "نہیں", "مجھے", "ہوں", "اور", "کو", "سے", "کیا", "میرے", "میری"}


def _arabic_script_language(text: str) -> str | None:
    """Tell Arabic, Urdu and Persian apart by letters only one of them uses, then by common words."""
    if len(_ARABIC_SCRIPT.findall(text)) < max(1, len(_LETTER.findall(text)) // 2):
        return None
    words = set(re.findall(r"[\u0600-\u06ff\u200c]+", text))
    urdu = sum(ch in _URDU_LETTERS for ch in text) + 2 * len(words & _URDU_WORDS)
    persian = 2 * len(words & _PERSIAN_WORDS) + 2 * text.count("\u200c") + 2 * any(w.startswith("می") for w in words)
    arabic = sum(ch in _ARABIC_ONLY_LETTERS for ch in text) + 2 * sum(w.startswith("ال") for w in words)
    best = max((urdu, "ur"), (persian, "fa"), (arabic, "ar"))
    if best[0] > 0:
        return best[1]
    # Only shared letters: Persian/Urdu keyboards give پ چ ژ گ ک ی, Arabic keyboards do not.
    return "fa" if re.search("[پچژگکی]", text) else "ar"


def marker_scores(text: str, supported: Iterable[str], evidence: Mapping[str, int] | None = None) -> Counter[str]:
    """Score each language by its marker words, its distinctive letters and its triage phrase hits."""
    toks = set(tokens(text))
    lowered = text.casefold()
    scores: Counter[str] = Counter()
    lex = lexicons()
    for code in supported:
        if code not in lex:
            continue
        score = len(toks & lex[code].markers) + any(ch in lowered for ch in lex[code].chars)
        score += _PHRASE_WEIGHT * (evidence or {}).get(code, 0)
        if score:
            scores[code] = score
    return scores


def model_votes(text: str, supported: Iterable[str]) -> Counter[str]:
    """Return the learned language model's points for its best supported language (none on short text)."""
    words = [t for t in tokens(text) if t != CLAUSE]
    if len(words) < _MODEL_VOTES[0][0]:
        return Counter()
    from bot.core.triage.model import get_model

    allowed = set(supported)
    probs = {lang: p for lang, p in get_model().language_probabilities(text).items() if lang in allowed}
    if not probs:
        return Counter()
    best = max(probs, key=probs.get)
    points = sum(pts for min_words, min_prob, pts in _MODEL_VOTES
                 if len(words) >= min_words and probs[best] >= min_prob)
    return Counter({best: points}) if points else Counter()


def _langdetect(text: str, supported: Iterable[str]) -> tuple[str, float] | None:
    """Return langdetect's best supported language and its probability, seeded for repeatability."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    allowed = set(supported)
    try:
        ranked = [(p.lang, p.prob) for p in detect_langs(text) if p.lang in allowed]
    except LangDetectException:
        return None
    return ranked[0] if ranked else None


def detect(
    text: str,
    conversation_language: str | None = None,
    supported: Iterable[str] | None = None,
    evidence: Mapping[str, int] | None = None,
) -> tuple[str, bool]:
    """Return (language, confident) for text; keep the conversation's language unless evidence is strong."""
    supported = tuple(supported or languages())
    current = conversation_language if conversation_language in supported else DEFAULT_LANGUAGE
    script = _arabic_script_language(text)
    if evidence is None:
        # Imported here because triage itself calls detect(); the phrase lists are the strongest evidence.
        from bot.core.triage.engine import scan

        evidence = scan(text)[2]
    if script and script in supported:
        return script, True
    scores = marker_scores(text, supported, evidence)
    scores.update(model_votes(text, supported))
    if scores:
        # Ties go to the current language, then to the default: never switch on a coin toss.
        best, best_score = max(scores.items(), key=lambda kv: (kv[1], kv[0] == current, kv[0] == DEFAULT_LANGUAGE))
        if best == current:
            return current, best_score >= _SWITCH_SCORE
        needed = _FIRST_MESSAGE_SCORE if conversation_language is None else _SWITCH_SCORE
        if best_score >= needed and best_score - scores.get(current, 0) >= needed:
            return best, best_score >= _SWITCH_SCORE
    words = len(text.split())
    if len(text) >= _LANGDETECT_MIN_CHARS and words >= _LANGDETECT_MIN_WORDS:
        guess = _langdetect(text, supported)
        if guess and guess[1] >= _LANGDETECT_MIN_PROB:
            return guess[0], True
    return current, False
