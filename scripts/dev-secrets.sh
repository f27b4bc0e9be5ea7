#!/usr/bin/env bash
# Write random development secrets to var/dev-secrets.env once (git-ignored) and print export lines.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
f=var/dev-secrets.env
if [ ! -s "$f" ]; then
  umask 077
  gen() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  {
    echo "MYSAY_SECRET_KEY=$(gen)"
    echo "BOT_SERVICE_TOKEN=$(gen)"
    echo "WEBCHAT_SECRET=$(gen)"
    echo "RASA_AUTH_TOKEN=$(gen)"
  } > "$f"
fi
# Secrets added after the file was first written are appended once, keeping the existing ones.
for name in SENDER_ID_SECRET; do
  grep -q "^$name=" "$f" || { umask 077; echo "$name=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >> "$f"; }
done
sed 's/^/export /' "$f"
