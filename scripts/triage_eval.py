"""Score triage on the shared dev set, eval/*.jsonl and eval/independent*/. With --check (as `make test` runs
it), score only the sets triage was tuned on (dev and eval/*.jsonl) and fail below the targets."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.core.triage.evaluation import Score, load_cases, report, score  # noqa: E402

# The shared dev set lives beside the repository, not in it: <repo>/../shared/eval.
DEV_SET = REPO.parent / "shared" / "eval" / "dev_triage.jsonl"


def default_files(check: bool = False) -> list[Path]:
    """Return the dev set (when present) and the tuned held-out file(s) under eval/; unless check, also the
    independent sets (--check gates on what triage was tuned on, and leaves the blind sets unread)."""
    files = [DEV_SET] if DEV_SET.is_file() else []
    if not files:
        print(f"skipping dev set: {DEV_SET} not found", file=sys.stderr)
    return files + sorted((REPO / "eval").glob("*.jsonl")) + ([] if check else independent_files())


def independent_files() -> list[Path]:
    """Return the sets written blind by others (eval/independent*/): reported, never gated by --check."""
    return sorted((REPO / "eval").glob("independent*/*.jsonl"))


def main(argv: list[str] | None = None) -> int:
    """Print per-file and overall scores; return 1 under --check when any file misses a target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="JSON-lines case files (default: dev + eval/*.jsonl)")
    parser.add_argument("--check", action="store_true", help="exit 1 if any file is below the targets")
    parser.add_argument("--misses", action="store_true", help="list the cases triage got wrong")
    args = parser.parse_args(argv)
    files = args.files or default_files(args.check)
    if not files:
        print("no case files to score", file=sys.stderr)
        return 0
    overall, failed = Score(), False
    for path in files:
        result = score(load_cases(path))
        overall.add(result)
        print(report(str(path), result))
        if args.misses:
            for miss in result.misses:
                print(f"   MISS {miss}")
        shortfalls = result.shortfalls()
        for line in shortfalls:
            print(f"   BELOW TARGET {line}")
        failed |= bool(shortfalls)
    if len(files) > 1:
        print(report("overall", overall))
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
