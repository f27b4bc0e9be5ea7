"""Stratified k-fold cross-validation of triage (phrase rules ∪ learned layer) over bot/data/triage.

Each fold trains the learned layer on the other folds only, then runs the whole triage on the held-out
lines: phrase rules, learned flags at the chosen thresholds, and language detection (whose model votes
come from the fold's model too). The learned probabilities are kept, so a threshold sweep costs nothing.

Caveat: the phrase lists were written by people who had read much of this data, so the rules' share of
each CV figure is optimistic; the classifier's share is honest. Use the sweep to choose THRESHOLDS, and an
independent set (never tuned on) to report quality.

    PYTHONPATH=. .venv/bot/bin/python scripts/triage_cv.py [--folds 5] [--misses]
"""
from __future__ import annotations

import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable
from unittest import mock

from bot.core import language as language_detection
from bot.core.triage import engine, model as triage_model
from bot.core.triage.evaluation import TARGETS, Score
from bot.core.triage.lexicon import FLAGS
from bot.core.triage.model import THRESHOLDS, Example, TriageModel

_SEED = 0


@dataclass(frozen=True)
class Outcome:
    """What triage made of one held-out training line."""

    example: Example
    rules: frozenset[str]
    probs: dict[str, float] | None
    language: str
    denied: frozenset[str] = frozenset()


def stratum(example: Example) -> str:
    """Language and flag set: every fold gets its share of, say, Welsh advocacy lines."""
    return f"{example.language}:{''.join(sorted(f[0] for f in example.flags)) or '-'}"


def folds(examples: list[Example], k: int = 5, seed: int = _SEED) -> list[int]:
    """Return a fold number per example: shuffled within each stratum, dealt round-robin, deterministic."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, example in enumerate(examples):
        groups[stratum(example)].append(i)
    rng = random.Random(seed)
    assignment, dealt = [0] * len(examples), 0
    for key in sorted(groups):
        members = groups[key]
        rng.shuffle(members)
        for i in members:
            assignment[i] = dealt % k
            dealt += 1
    return assignment


@contextmanager
def _using(fold_model: TriageModel):
    """Make every get_model() call (learned flags, language votes) see this fold's model."""
    with mock.patch.object(triage_model, "get_model", lambda: fold_model):
        yield


def run(examples: list[Example], k: int = 5, seed: int = _SEED) -> list[Outcome]:
    """Train on k-1 folds, triage the held-out fold, k times; return one outcome per example, in order."""
    assignment = folds(examples, k, seed)
    outcomes: list[Outcome | None] = [None] * len(examples)
    for fold in range(k):
        train = [e for e, f in zip(examples, assignment) if f != fold]
        fold_model = TriageModel(train)
        with _using(fold_model):
            for i, (example, f) in enumerate(zip(examples, assignment)):
                if f != fold:
                    continue
                rules, _, evidence, denied = engine.scan(example.text)
                probs = engine.learned_probabilities(example.text, fold_model)
                lang, _ = language_detection.detect(example.text, None, evidence=evidence)
                outcomes[i] = Outcome(example, frozenset(rules), probs, lang, frozenset(denied))
    return [o for o in outcomes if o is not None]


def predicted(outcome: Outcome, thresholds: dict[str, float], layers: str = "both") -> set[str]:
    """Return the flags triage raises for an outcome: rules, learned layer, or both (as in production)."""
    if layers == "rules":
        return set(outcome.rules)
    if layers == "learned":
        return engine.learned_flags(outcome.probs, frozenset(), thresholds)
    return engine.combine(outcome.rules, outcome.probs, thresholds, outcome.denied)


def count(outcomes: Iterable[Outcome], thresholds: dict[str, float], layers: str = "both") -> Score:
    """Count hits, misses and false alarms for outcomes at the given thresholds."""
    counts = Score()
    for outcome in outcomes:
        counts.record(outcome.example.flags, predicted(outcome, thresholds, layers),
                      outcome.language == outcome.example.language)
    return counts


SWEEP = tuple(round(0.20 + 0.05 * i, 2) for i in range(14))  # 0.20 .. 0.85


# What a missed flag costs, counted in false alarms. The suggested threshold minimises
# MISS_COST * misses + false alarms over the sweep: a child whose disclosure or grievance is missed loses
# more than a worker who reads one message too many, but flooding workers with false alarms also hides
# the real ones. Raise a weight to favour that flag's recall. A missed disclosure of harm can leave a child
# unsafe while a false alarm costs a duty worker one read, so safeguarding weighs a miss at 5 false alarms.
MISS_COST = {"safeguarding": 5.0, "complaint": 1.5, "advocacy": 1.5}


def cost(c: Score, flag: str) -> float:
    """Return the weighted cost of a flag's misses and false alarms."""
    return MISS_COST[flag] * c.fn[flag] + c.fp[flag]


def suggest(outcomes: list[Outcome], flag: str, thresholds: dict[str, float]) -> float:
    """Return the sweep threshold with the lowest cost for flag (ties: the higher threshold)."""
    return min(SWEEP, key=lambda t: (cost(count(outcomes, thresholds | {flag: t}), flag), -t))


def _line(name: str, c: Score) -> str:
    cells = "  ".join(f"{flag[:4]} R {c.recall(flag):.3f} P {c.precision(flag):.3f} "
                      f"({c.tp[flag]}/{c.fn[flag]}/{c.fp[flag]})" for flag in FLAGS)
    return f"{name:<10} n={c.cases:<5} lang {c.language_accuracy():.3f}  {cells}"


def report(outcomes: list[Outcome], thresholds: dict[str, float] | None = None, misses: bool = False) -> str:
    """Return the CV report: overall by layer, per language, the threshold sweep and suggested thresholds."""
    thresholds = dict(thresholds or THRESHOLDS)
    out = [f"thresholds {thresholds}   counts are (tp/fn/fp)",
           "== overall by layer"]
    for layers in ("rules", "learned", "both"):
        out.append(_line(layers, count(outcomes, thresholds, layers)))
    out.append("== per language (rules ∪ learned)")
    for lang in sorted({o.example.language for o in outcomes}):
        out.append(_line(lang, count([o for o in outcomes if o.example.language == lang], thresholds)))
    out.append("== threshold sweep (rules ∪ learned; one flag varied, the others as above)")
    for flag in FLAGS:
        out.append(f"-- {flag} (target recall {TARGETS['recall'][flag]}, precision {TARGETS['precision'][flag]})")
        for t in SWEEP:
            c = count(outcomes, thresholds | {flag: t})
            mark = " <- current" if abs(t - thresholds[flag]) < 1e-9 else ""
            extra = (f"   complaint R {c.recall('complaint'):.3f} P {c.precision('complaint'):.3f}"
                     if flag == "safeguarding" else "")
            out.append(f"   {t:.2f}  R {c.recall(flag):.3f}  P {c.precision(flag):.3f}  "
                       f"(fn {c.fn[flag]:>3}, fp {c.fp[flag]:>3}, cost {cost(c, flag):6.1f}){extra}{mark}")
    suggestion = {flag: suggest(outcomes, flag, thresholds) for flag in FLAGS}
    out.append(f"== suggested (lowest cost, a miss costing {MISS_COST} false alarms): {suggestion}")
    if misses:
        out.append("== misses at current thresholds")
        for o in outcomes:
            got = predicted(o, thresholds)
            if got != o.example.flags or o.language != o.example.language:
                probs = {f[:4]: round(p, 2) for f, p in (o.probs or {}).items()}
                out.append(f"   [{o.example.language}] {o.example.text!r}: want {sorted(o.example.flags)}, "
                           f"got {sorted(got)} {o.language} {probs}")
    return "\n".join(out)
