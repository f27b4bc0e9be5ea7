"""Fold and tokenise a message so phrase lists match the many ways children type the same words."""
from __future__ import annotations

import re
import unicodedata
from typing import Mapping, Sequence

# Clause breaks: a negation before one never reaches a phrase after it ("no, he hits me").
CLAUSE = "|"
_CLAUSE_PUNCT = re.compile(r"[.,!?;:\n\r\u060c\u061b\u061f\u06d4()\[\]\"“”«»]+")
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
# Hyphens join compounds (mam-gu, bate-me, mi-e); children type them as spaces or not at all.
_OTHER = re.compile(r"[^\w|]+")
_REPEATS = re.compile(r"([^\W\d_])\1+")

# Letters NFD does not decompose but children commonly type without (Polish ł, Turkish ı, etc.).
_LATIN_EXTRA = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "đ": "d", "ß": "s", "æ": "ae", "œ": "oe"})
# Arabic-script variants that keyboards and writers mix freely; fold to one form each.
_ARABIC_FOLD = str.maketrans({
    "ى": "ي", "ی": "ي", "ې": "ي", "ے": "ي",
    "ك": "ک",
    "ة": "ه", "ہ": "ه", "ە": "ه", "ۀ": "ه", "ۃ": "ه",
    "ں": "ن",
    "\u0640": "",   # tatweel is decoration
    "\u200c": "",   # ZWNJ: Persian می‌خواهم is also typed میخواهم
    "\u200d": "",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
})


def fold(text: str) -> str:
    """Casefold, drop accents and marks, unify Arabic-script variants and collapse repeated letters."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LATIN_EXTRA)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    text = text.translate(_ARABIC_FOLD)
    # Collapsing every run (not only 3+) keeps "kill"/"kil" and "hiiits"/"hits" identical on both sides.
    return _REPEATS.sub(r"\1", text)


def tokens(text: str) -> list[str]:
    """Return folded tokens with clause breaks kept as CLAUSE tokens."""
    text = _APOSTROPHES.sub("", fold(text))
    text = _CLAUSE_PUNCT.sub(f" {CLAUSE} ", text)
    text = _OTHER.sub(" ", text.replace("_", " "))
    return text.split()


def edit_distance_le1(a: str, b: str) -> bool:
    """Return whether a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def expand(
    toks: Sequence[str],
    replacements: Mapping[str, str],
    fuzzy: Sequence[str] = (),
    vocabulary: frozenset[str] = frozenset(),
) -> str:
    """Rewrite text-speak and misspelt tokens to canonical words and join them into matchable text."""
    out: list[str] = []
    for tok in toks:
        if tok in replacements:
            out.append(replacements[tok])
            continue
        # Only long, curated keywords are fuzzed: short ones have real-word neighbours (abused/amused).
        if len(tok) >= 6 and tok not in vocabulary:
            hit = next((kw for kw in fuzzy if edit_distance_le1(tok, kw)), None)
            if hit:
                out.append(hit)
                continue
        out.append(tok)
    return " ".join(out)
