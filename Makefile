# MySay: `make run` starts everything with demo data; `make test` runs every test.
# Both create whatever is missing first (environments, database, Rasa model) and nothing more.
SHELL := /bin/bash
.DEFAULT_GOAL := help

BOT_VENV := .venv/bot
BACKEND_VENV := .venv/backend
BOT_PY := $(BOT_VENV)/bin/python
BACKEND_PY := $(BACKEND_VENV)/bin/python
MODEL := models/mysay.tar.gz
RASA_DATA := config.yml domain.yml $(shell find bot/data -name '*.yml' 2>/dev/null)
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test setup venvs model migrate test-backend test-bot test-rasa test-e2e test-browser \
        browser-deps bench clean

help:
	@echo "make run   - set up what is missing, then start backend, action server and Rasa with demo data"
	@echo "make test  - set up what is missing, then run every test"

venvs: $(BOT_VENV)/.installed $(BACKEND_VENV)/.installed

# Each environment is rebuilt only when its pinned requirements change.
$(BOT_VENV)/.installed: requirements/bot.txt scripts/find-python.sh
	@py=$$(scripts/find-python.sh 3.10 "bot (Rasa Open Source 3.6 needs Python 3.10)") || exit 1; \
	  rm -rf $(BOT_VENV); $$py -m venv $(BOT_VENV)
	$(BOT_PY) -m pip install -q -r requirements/bot.txt
	@touch $@

$(BACKEND_VENV)/.installed: requirements/backend.txt scripts/find-python.sh
	@py=$$(scripts/find-python.sh 3.12 "backend") || py=$$(scripts/find-python.sh 3.13 "backend" 2>/dev/null) \
	  || py=$$(scripts/find-python.sh 3.11 "backend" 2>/dev/null) \
	  || { scripts/find-python.sh 3.12 "backend (Python 3.11 or newer)"; exit 1; }; \
	  rm -rf $(BACKEND_VENV); $$py -m venv $(BACKEND_VENV)
	$(BACKEND_PY) -m pip install -q -r requirements/backend.txt
	@touch $@

var:
	@mkdir -p var

migrate: $(BACKEND_VENV)/.installed | var
	@$(BACKEND_PY) -m backend.manage migrate

# Rasa is retrained only when its configuration or training data changed.
model: $(MODEL)
$(MODEL): $(BOT_VENV)/.installed $(RASA_DATA)
	$(BOT_VENV)/bin/rasa train --quiet --data bot/data --fixed-model-name mysay --out models

setup: venvs migrate model

run: setup
	@scripts/run.sh

browser-deps:
	@scripts/ensure-chromium.sh

test: setup browser-deps
	@scripts/test.sh

test-backend: $(BACKEND_VENV)/.installed
	$(BACKEND_PY) -m pytest -q tests/backend

test-bot: $(BOT_VENV)/.installed
	$(BOT_PY) -m pytest -q tests/bot

test-e2e: setup
	$(BACKEND_PY) -m pytest -q tests/e2e

test-browser: setup browser-deps
	$(BACKEND_PY) -m pytest -q tests/browser

bench: setup
	$(BACKEND_PY) bench/chat_latency.py

clean:
	rm -rf .venv models var .rasa

# --- triage (bot/core/triage) -------------------------------------------------------------------
# `make -s triage < cases.jsonl` prints one JSON line per input line and nothing else.
.PHONY: triage triage-eval
triage: $(BOT_VENV)/.installed
	@$(BOT_PY) scripts/triage.py

triage-eval: $(BOT_VENV)/.installed
	$(BOT_PY) scripts/triage_eval.py
# --- end triage ---------------------------------------------------------------------------------

# --- channels (bot/channels) --------------------------------------------------------------------
# Register the Telegram webhook with its secret (needs TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, PUBLIC_URL).
.PHONY: telegram-webhook
telegram-webhook: $(BOT_VENV)/.installed
	@$(BOT_PY) scripts/telegram_webhook.py
# --- end channels -------------------------------------------------------------------------------
