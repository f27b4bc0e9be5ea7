#!/usr/bin/env bash
# Start backend, action server and Rasa together; stop all three on Ctrl-C or when one of them dies.
set -euo pipefail
cd "$(dirname "$0")/.."
export MYSAY_ENV="${MYSAY_ENV:-development}"
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD"
if [ "$MYSAY_ENV" = development ]; then eval "$(scripts/dev-secrets.sh)"; fi
: "${BOT_SERVICE_TOKEN:?set BOT_SERVICE_TOKEN (production needs real secrets)}"
: "${WEBCHAT_SECRET:?set WEBCHAT_SECRET}" "${RASA_AUTH_TOKEN:?set RASA_AUTH_TOKEN}"
export BACKEND_PORT="${BACKEND_PORT:-8000}" RASA_PORT="${RASA_PORT:-5005}" ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export BACKEND_HOST="${BACKEND_HOST:-127.0.0.1}" RASA_HOST="${RASA_HOST:-127.0.0.1}"
export BACKEND_URL="${BACKEND_URL:-http://127.0.0.1:$BACKEND_PORT}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}"
export QUICK_EXIT_URL="${QUICK_EXIT_URL:-https://www.bbc.co.uk/weather}"
# SMS and Telegram: PUBLIC_URL is what Twilio and Telegram call (a tunnel or proxy in front of Rasa). Channels
# not set up run as "not-configured" in development: their webhooks refuse everything and nothing is sent.
export PUBLIC_URL="${PUBLIC_URL:-http://localhost:$RASA_PORT}" RASA_URL="${RASA_URL:-http://127.0.0.1:$RASA_PORT}"
if [ "$MYSAY_ENV" = development ]; then
  for v in TWILIO_ACCOUNT_SID TWILIO_AUTH_TOKEN TWILIO_PHONE_NUMBER TELEGRAM_BOT_TOKEN TELEGRAM_WEBHOOK_SECRET; do
    export "$v=${!v:-not-configured}"
  done
fi
: "${SENDER_ID_SECRET:?set SENDER_ID_SECRET (keys the hash that replaces phone numbers in SMS sender ids)}"
mkdir -p var/log

.venv/backend/bin/python -m backend.manage migrate
.venv/backend/bin/python -m backend.manage seed-demo

pids=()
cleanup() { trap - EXIT INT TERM; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

.venv/backend/bin/python -m uvicorn backend.main:app --host "$BACKEND_HOST" --port "$BACKEND_PORT" \
  --no-access-log >> var/log/backend.log 2>&1 &
pids+=($!)
# The action server has no authentication of its own: keep it on loopback (design.md, known traps).
SANIC_HOST=127.0.0.1 .venv/bot/bin/python -m rasa_sdk --actions bot.actions -p "$ACTIONS_PORT" \
  >> var/log/actions.log 2>&1 &
pids+=($!)
.venv/bot/bin/rasa run --enable-api --auth-token "$RASA_AUTH_TOKEN" -i "$RASA_HOST" -p "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml --model models/mysay.tar.gz \
  >> var/log/rasa.log 2>&1 &
pids+=($!)

wait_for() { for _ in $(seq 1 240); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; return 1; }
wait_for "http://127.0.0.1:$BACKEND_PORT/health" || { echo "The backend did not start: see var/log/backend.log" >&2; exit 1; }
wait_for "http://127.0.0.1:$ACTIONS_PORT/health" || { echo "The action server did not start: see var/log/actions.log" >&2; exit 1; }
wait_for "http://127.0.0.1:$RASA_PORT/" || { echo "Rasa did not start: see var/log/rasa.log" >&2; exit 1; }

cat <<MSG

MySay is running ($MYSAY_ENV).
  Chat page (web chat, served by the bot):  http://localhost:$RASA_PORT/webhooks/webchat/
  Backend API and docs:                     http://localhost:$BACKEND_PORT/docs
  Health:                                   http://localhost:$BACKEND_PORT/health
  Logs:                                     var/log/ (ids only, never children's words)
MSG
.venv/backend/bin/python -m backend.manage demo-info || true
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
echo "A MySay process stopped; shutting the others down (see var/log/)." >&2
exit 1
