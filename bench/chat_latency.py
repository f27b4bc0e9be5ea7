"""Measure web chat round-trip latency and process memory on the real stack; print the figures.

Usage: make bench   (or: .venv/backend/bin/python bench/chat_latency.py [--messages N])
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.stack import start_stack  # noqa: E402


def rss_mb(pid: int) -> float:
    """Return the resident memory of a process in MB, read from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200, help="free-text messages to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        stack = start_stack(Path(tmp))
        startup = time.perf_counter() - started
        try:
            session_times, message_times, flagged_times = [], [], []
            for _ in range(max(1, args.messages // 20)):
                t0 = time.perf_counter()
                session = stack.webchat_session("DEMO12").json()["session"]
                session_times.append(time.perf_counter() - t0)
                for i in range(20):
                    # An ordinary answer (triage raises nothing), then every fifth a disclosure, which takes
                    # the safeguarding path: the flag is stored, routed and answered.
                    text = f"my dad hit me again ({i})" if i % 5 == 4 else f"answer {i}: school was fine today"
                    t0 = time.perf_counter()
                    response = stack.webchat_send(session, text)
                    (flagged_times if i % 5 == 4 else message_times).append(time.perf_counter() - t0)
                    response.raise_for_status()
            quantiles = statistics.quantiles(message_times, n=100)
            print(f"stack start-up (migrate, seed, 3 processes, model load): {startup:.1f} s")
            print(f"web chat session + welcome: median {statistics.median(session_times) * 1000:.0f} ms "
                  f"over {len(session_times)}")
            print(f"web chat disclosure round trip (flag stored and routed) over {len(flagged_times)} messages: "
                  f"median {statistics.median(flagged_times) * 1000:.0f} ms, max {max(flagged_times) * 1000:.0f} ms")
            print(f"web chat ordinary answer round trip over {len(message_times)} messages: "
                  f"median {statistics.median(message_times) * 1000:.0f} ms, p95 {quantiles[94] * 1000:.0f} ms, "
                  f"max {max(message_times) * 1000:.0f} ms")
            for name, proc in stack.procs.items():
                print(f"RSS {name}: {rss_mb(proc.pid):.0f} MB")
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
