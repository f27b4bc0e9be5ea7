"""The shared dev set and the CLI meet the triage targets and contracts."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.triage.evaluation import load_cases, score

REPO = Path(__file__).resolve().parents[3]
DEV_SET = REPO.parent / "shared" / "eval" / "dev_triage.jsonl"


@pytest.mark.skipif(not DEV_SET.is_file(), reason="shared dev set not present beside the repository")
def test_dev_set_meets_recall_precision_and_language_targets():
    result = score(load_cases(DEV_SET))
    assert result.shortfalls() == [], result.misses


def test_cli_writes_one_line_per_input_line_in_order():
    lines = ['{"text": "my dad hit me"}', "", "not json", '{"text": "Chcę złożyć skargę"}', '{"x": 1}']
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "triage.py")],
        input="\n".join(lines) + "\n", capture_output=True, text=True, check=True,
    )
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0] == {"flags": ["safeguarding"], "language": "en"}
    assert out[1]["error"] and out[2]["error"] and out[4]["error"]
    assert out[3] == {"flags": ["complaint"], "language": "pl"}


def test_check_gates_on_tuned_sets_and_plain_runs_also_report_the_blind_sets():
    import importlib.util

    spec = importlib.util.spec_from_file_location("triage_eval", REPO / "scripts" / "triage_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    blind = module.independent_files()
    assert blind and all(p.parent.name.startswith("independent") for p in blind)
    gated = module.default_files(check=True)
    assert REPO / "eval" / "heldout_triage.jsonl" in gated
    assert not set(blind) & set(gated)  # make test never reads (or fails on) the blind sets
    assert set(blind) <= set(module.default_files())
