"""Score triage on the shared dev set and on eval/*.jsonl; with --check, fail below the targets."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.core.triage.evaluation import Score, load_cases, report, score  # noqa: E402

# The shared dev set lives beside the repository, not in it: <repo>/../shared/eval.
DEV_SET = REPO.parent / "shared" / "eval" / "dev_triage.jsonl"


def default_files() -> list[Path]:
    """Return the dev set (when present) and every held-out file under eval/."""
    files = [DEV_SET] if DEV_SET.is_file() else []
    if not files:
        print(f"skipping dev set: {DEV_SET} not found", file=sys.stderr)
    return files + sorted((REPO / "eval").glob("*.jsonl"))


def main(argv: list[str] | None = None) -> int:
    """Print per-file and overall scores; return 1 under --check when any file misses a target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="JSON-lines case files (default: dev + eval/*.jsonl)")
    parser.add_argument("--check", action="store_true", help="exit 1 if any file is below the targets")
    parser.add_argument("--misses", action="store_true", help="list the cases triage got wrong")
    args = parser.parse_args(argv)
    files = args.files or default_files()
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
