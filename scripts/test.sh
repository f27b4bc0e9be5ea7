#!/usr/bin/env bash
# Run every MySay test suite; keep going after a failure so one run shows everything, then fail if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD"
BOT_PY=.venv/bot/bin/python BACKEND_PY=.venv/backend/bin/python
failed=() passed=()
step() {
  local name="$1"; shift
  echo "=== $name"
  if "$@"; then passed+=("$name"); else failed+=("$name"); echo "!!! $name failed"; fi
}
step "backend unit tests (SQLite${TEST_DATABASE_URL:+ and PostgreSQL})" $BACKEND_PY -m pytest -q -p no:cacheprovider tests/backend
step "setup script tests" $BACKEND_PY -m pytest -q -p no:cacheprovider tests/scripts
step "bot unit tests" $BOT_PY -m pytest -q -p no:cacheprovider tests/bot
step "rasa data validate" .venv/bot/bin/rasa data validate --data bot/data --quiet
step "rasa test stories" .venv/bot/bin/rasa test core --model models/mysay.tar.gz --stories tests/bot/stories \
  --fail-on-prediction-errors --out var/rasa-test-results --quiet
if [ -f scripts/triage_eval.py ]; then step "triage evaluation" $BOT_PY scripts/triage_eval.py --check; fi
step "end-to-end tests" $BACKEND_PY -m pytest -q -p no:cacheprovider tests/e2e
step "browser tests" $BACKEND_PY -m pytest -q -p no:cacheprovider tests/browser
echo
for f in "${failed[@]}"; do echo "  FAILED: $f"; done
echo "suites: ${#passed[@]} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
