"""Cross-validate triage on its own training data (bot/data/triage) and sweep the learned thresholds.

    PYTHONPATH=. .venv/bot/bin/python scripts/triage_cv.py [--folds 5] [--seed 0] [--misses] [--lang xx]

Stratified by language and flag set; rules ∪ learned layer, as in production. Prints recall and precision
per flag and per language, the threshold sweep that justifies THRESHOLDS in bot/core/triage/model.py, and
the thresholds the sweep suggests. Deterministic: the same data and code print the same figures.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.triage import crossval  # noqa: E402
from bot.core.triage.model import load_examples  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--misses", action="store_true", help="list the training lines CV got wrong")
    parser.add_argument("--lang", help="list misses for this language only")
    args = parser.parse_args(argv)
    examples = load_examples()
    start = time.perf_counter()
    outcomes = crossval.run(examples, args.folds, args.seed)
    print(f"{args.folds}-fold CV over {len(examples)} training lines in {time.perf_counter() - start:.1f}s")
    print(crossval.report(outcomes, misses=args.misses and not args.lang))
    if args.lang:
        shown = [o for o in outcomes if o.example.language == args.lang]
        print(crossval.report(shown, misses=True).split("== misses at current thresholds")[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
