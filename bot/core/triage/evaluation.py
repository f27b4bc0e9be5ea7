"""Score triage against labelled JSON-lines cases: recall and precision per flag, language accuracy."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from bot.core.triage.engine import triage
from bot.core.triage.lexicon import FLAGS

TARGETS = {
    "recall": {"safeguarding": 0.98, "complaint": 0.95, "advocacy": 0.95},
    "precision": {"safeguarding": 0.90, "complaint": 0.90, "advocacy": 0.90},
    "language_accuracy": 0.97,
}


@dataclass
class Score:
    """Counts for one set of cases, with the cases triage got wrong."""

    cases: int = 0
    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAGS, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAGS, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAGS, 0))
    language_right: int = 0
    misses: list[str] = field(default_factory=list)

    def recall(self, flag: str) -> float:
        """Return the share of labelled flags that triage raised (1.0 when there were none)."""
        labelled = self.tp[flag] + self.fn[flag]
        return self.tp[flag] / labelled if labelled else 1.0

    def precision(self, flag: str) -> float:
        """Return the share of raised flags that were labelled (1.0 when none were raised)."""
        raised = self.tp[flag] + self.fp[flag]
        return self.tp[flag] / raised if raised else 1.0

    def language_accuracy(self) -> float:
        """Return the share of cases whose language triage named correctly."""
        return self.language_right / self.cases if self.cases else 1.0

    def record(self, want: set[str] | frozenset[str], got: set[str] | frozenset[str], language_right: bool) -> None:
        """Count one case: each flag as a hit, a miss or a false alarm, and whether its language was right."""
        self.cases += 1
        self.language_right += language_right
        for flag in FLAGS:
            if flag in want and flag in got:
                self.tp[flag] += 1
            elif flag in want:
                self.fn[flag] += 1
            elif flag in got:
                self.fp[flag] += 1

    def add(self, other: "Score") -> None:
        """Fold another score's counts into this one."""
        self.cases += other.cases
        self.language_right += other.language_right
        self.misses += other.misses
        for flag in FLAGS:
            self.tp[flag] += other.tp[flag]
            self.fp[flag] += other.fp[flag]
            self.fn[flag] += other.fn[flag]

    def shortfalls(self) -> list[str]:
        """Return every target this score misses, as readable lines."""
        out = [f"{flag} recall {self.recall(flag):.3f} < {target}"
               for flag, target in TARGETS["recall"].items() if self.recall(flag) < target]
        out += [f"{flag} precision {self.precision(flag):.3f} < {target}"
                for flag, target in TARGETS["precision"].items() if self.precision(flag) < target]
        if self.language_accuracy() < TARGETS["language_accuracy"]:
            out.append(f"language accuracy {self.language_accuracy():.3f} < {TARGETS['language_accuracy']}")
        return out


def load_cases(path: Path) -> list[dict]:
    """Read labelled cases (text, flags, lang, optional conversation_language) from a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(cases: Iterable[dict]) -> Score:
    """Run triage on each case and count hits, misses, false alarms and language errors."""
    result = Score()
    for case in cases:
        got = triage(case["text"], case.get("conversation_language"))
        want = set(case.get("flags", []))
        result.record(want, got.flags, got.language == case.get("lang", "en"))
        if want != got.flags or got.language != case.get("lang", "en"):
            result.misses.append(
                f"{case['text']!r}: want {sorted(want)} {case.get('lang')}, got {sorted(got.flags)} {got.language}"
            )
    return result


def report(name: str, result: Score) -> str:
    """Return a few readable lines summarising one score."""
    lines = [f"== {name}: {result.cases} cases, language accuracy {result.language_accuracy():.3f}"]
    for flag in FLAGS:
        lines.append(
            f"   {flag:<12} recall {result.recall(flag):.3f}  precision {result.precision(flag):.3f}"
            f"  (tp {result.tp[flag]}, fn {result.fn[flag]}, fp {result.fp[flag]})"
        )
    return "\n".join(lines)
