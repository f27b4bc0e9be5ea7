"""Time triage: one-off training of the learned layer, then per-message latency over the dev set.

    PYTHONPATH=. .venv/bot/bin/python bench/triage.py [cases.jsonl ...]
    PYTHONPATH=. .venv/bot/bin/python bench/triage.py --cv   # cross-validation (scripts/triage_cv.py)

Prints the one-off training time, the first get_model() call, and p50/p95/max per
message over the dev set and eval/heldout_triage.jsonl (each message run 5 times).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.core.triage import model as triage_model  # noqa: E402
from bot.core.triage.engine import triage  # noqa: E402
from bot.core.triage.evaluation import load_cases  # noqa: E402


def main(argv: list[str]) -> int:
    if "--cv" in argv:
        sys.path.insert(0, str(REPO / "scripts"))
        import triage_cv

        return triage_cv.main([a for a in argv if a != "--cv"])
    files = [Path(a) for a in argv] or [REPO.parent / "shared" / "eval" / "dev_triage.jsonl",
                                        REPO / "eval" / "heldout_triage.jsonl"]
    texts = [c["text"] for f in files if f.is_file() for c in load_cases(f)]
    examples = triage_model.load_examples()
    start = time.perf_counter()
    triage_model.TriageModel(examples)
    print(f"training: {time.perf_counter() - start:.2f}s on {len(examples)} examples")
    triage_model.get_model.cache_clear()
    start = time.perf_counter()
    triage_model.get_model()
    print(f"first get_model() in process: {time.perf_counter() - start:.2f}s")
    triage("warm up")
    timings = []
    for _ in range(5):
        for text in texts:
            start = time.perf_counter()
            triage(text)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"per message over {len(texts)} messages x5: p50 {statistics.median(timings):.2f} ms, "
          f"p95 {p95:.2f} ms, max {timings[-1]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
