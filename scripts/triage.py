"""Triage JSON lines from stdin: one {"flags": [...], "language": "xx"} line out per line in, in order.

A line that is blank, not JSON, or has no string "text" still gets exactly one output line,
{"flags": [], "language": "en", "error": "..."}, so outputs stay aligned with inputs. An optional
"conversation_language" field is passed through to language detection.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.triage import triage  # noqa: E402


def handle(line: str) -> dict:
    """Return the output record for one input line."""
    try:
        case = json.loads(line)
    except json.JSONDecodeError:
        return {"flags": [], "language": "en", "error": "invalid JSON"}
    if not isinstance(case, dict) or not isinstance(case.get("text"), str):
        return {"flags": [], "language": "en", "error": "missing string field 'text'"}
    conversation = case.get("conversation_language")
    result = triage(case["text"], conversation if isinstance(conversation, str) else None)
    return {"flags": sorted(result.flags), "language": result.language}


def main() -> int:
    """Stream stdin to stdout, flushing each line so callers can pipe interactively."""
    for line in sys.stdin:
        record = handle(line) if line.strip() else {"flags": [], "language": "en", "error": "blank line"}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
