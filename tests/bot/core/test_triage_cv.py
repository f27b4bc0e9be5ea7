"""Cross-validation folds are stratified and repeatable, and never train on the lines they score."""
from collections import Counter

from bot.core.triage import crossval
from bot.core.triage.model import THRESHOLDS, load_examples


def test_folds_are_deterministic_and_stratified():
    examples = load_examples()
    first, second = crossval.folds(examples, 5), crossval.folds(examples, 5)
    assert first == second
    sizes = Counter(first)
    assert max(sizes.values()) - min(sizes.values()) <= 1
    for key in {crossval.stratum(e) for e in examples}:
        per_fold = Counter(f for e, f in zip(examples, first) if crossval.stratum(e) == key)
        assert max(per_fold.values()) - min(per_fold.get(k, 0) for k in range(5)) <= 1, key


def test_cross_validation_scores_every_line_once_on_a_small_sample():
    examples = load_examples()[::10]
    outcomes = crossval.run(examples, k=3)
    assert [o.example for o in outcomes] == examples
    counts = crossval.count(outcomes, THRESHOLDS)
    assert counts.cases == len(examples)
    report = crossval.report(outcomes)
    assert "threshold sweep" in report and "suggested" in report
