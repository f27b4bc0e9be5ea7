"""Measure the light NLU/core pipeline against Rasa's default DIET + TED one: train time, load, parse latency.

Run from the repo root:  PYTHONPATH=. RASA_TELEMETRY_ENABLED=false .venv/bot/bin/python bench/pipeline.py
Writes nothing outside a temporary directory; prints a Markdown table (copied into bench/pipeline.md).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RASA = ROOT / ".venv" / "bot" / "bin" / "rasa"
PYTHON = ROOT / ".venv" / "bot" / "bin" / "python"
PARSES = 200

# Rasa 3.6's default config (what `rasa init` writes, uncommented), with our custom fallback action.
DIET_TED = """
recipe: default.v1
language: en
assistant_id: mysay-bench
pipeline:
  - name: WhitespaceTokenizer
  - name: RegexFeaturizer
  - name: LexicalSyntacticFeaturizer
  - name: CountVectorsFeaturizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 1
    max_ngram: 4
  - name: DIETClassifier
    epochs: 100
    constrain_similarities: true
  - name: EntitySynonymMapper
  - name: ResponseSelector
    epochs: 100
    constrain_similarities: true
  - name: FallbackClassifier
    threshold: 0.3
    ambiguity_threshold: 0.1
policies:
  - name: MemoizationPolicy
  - name: RulePolicy
    core_fallback_threshold: 0.3
    core_fallback_action_name: action_mysay_fallback
    enable_fallback_prediction: true
  - name: UnexpecTEDIntentPolicy
    max_history: 5
    epochs: 100
  - name: TEDPolicy
    max_history: 5
    epochs: 100
    constrain_similarities: true
"""

MESSAGES = ["hi", "get ready for my meeting", "help plz", "yeah", "nah not now", "send it", "change an answer",
            "i want to go home to my mum", "my dad shouts at me", "football 😀", "cymraeg", "bye",
            "idk", "stop", "wat do i do", "my reveiw"]

PARSE_SNIPPET = r"""
import asyncio, json, resource, sys, time
t0 = time.perf_counter()
from rasa.core.agent import Agent
agent = Agent.load(sys.argv[1])
load_s = time.perf_counter() - t0
messages = json.loads(sys.argv[2]); n = int(sys.argv[3])
async def main():
    await agent.parse_message("warm up")
    lat = []
    for i in range(n):
        s = time.perf_counter(); await agent.parse_message(messages[i % len(messages)]); lat.append(time.perf_counter() - s)
    return sorted(lat)
lat = asyncio.run(main())
print(json.dumps({"load_s": load_s, "p50_ms": 1000 * lat[len(lat) // 2], "p95_ms": 1000 * lat[int(len(lat) * 0.95)],
                  "mean_ms": 1000 * sum(lat) / len(lat), "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(name: str, config: Path, out: Path) -> dict[str, float]:
    """Train one config, then load it in a fresh process and parse PARSES messages."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run([str(RASA), "train", "--config", str(config), "--domain", "domain.yml", "--data", "bot/data",
                    "--out", str(out), "--fixed-model-name", name, "--quiet"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    train_s = time.perf_counter() - start
    model = out / f"{name}.tar.gz"
    result = subprocess.run([str(PYTHON), "-c", PARSE_SNIPPET, str(model), json.dumps(MESSAGES), str(PARSES)],
                            cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    return {"train_s": train_s, "model_mb": model.stat().st_size / 1e6, **numbers}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        diet = tmp_path / "diet_ted.yml"
        diet.write_text(DIET_TED)
        rows = {"light (config.yml)": measure("light", ROOT / "config.yml", tmp_path),
                "DIET + TED (Rasa default)": measure("diet_ted", diet, tmp_path)}
    print(f"| pipeline | rasa train (s) | model (MB) | load (s) | parse p50 (ms) | parse p95 (ms) | "
          f"parse mean (ms) | peak RSS after {PARSES} parses (MB) |")
    print("|---|---|---|---|---|---|---|---|")
    for label, r in rows.items():
        print(f"| {label} | {r['train_s']:.1f} | {r['model_mb']:.1f} | {r['load_s']:.1f} | {r['p50_ms']:.2f} | "
              f"{r['p95_ms']:.2f} | {r['mean_ms']:.2f} | {r['max_rss_mb']:.0f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
