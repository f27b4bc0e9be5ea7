"""Settings refuse unsafe production values; the app answers health checks."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from backend.config import DEV_SECRET_MARKER, Settings

STRONG = "s" * 48


def test_health_says_ok_without_credentials(client):
    assert client.get("/health").json() == {"status": "ok"}


def test_development_fills_missing_secrets_with_marked_dev_defaults():
    settings = Settings(env="development", secret_key=None, bot_service_token=None)
    assert settings.secret_key_value().startswith(DEV_SECRET_MARKER)
    assert settings.bot_service_token_value().startswith(DEV_SECRET_MARKER)
    assert settings.demo is True


@pytest.mark.parametrize(("secret_key", "bot_token", "problem"), [
    (None, STRONG, "MYSAY_SECRET_KEY is not set"),
    (STRONG, None, "BOT_SERVICE_TOKEN is not set"),
    (DEV_SECRET_MARKER + STRONG, STRONG, "MYSAY_SECRET_KEY is a development default"),
    (STRONG, DEV_SECRET_MARKER + STRONG, "BOT_SERVICE_TOKEN is a development default"),
    ("short", STRONG, "MYSAY_SECRET_KEY is shorter"),
])
def test_production_refuses_missing_dev_or_weak_secrets(secret_key, bot_token, problem):
    with pytest.raises(ValidationError) as error:
        Settings(env="production", secret_key=secret_key, bot_service_token=bot_token)
    assert problem in str(error.value)


def test_production_refusal_never_echoes_the_secret():
    leaked = DEV_SECRET_MARKER + "do-not-print-me-0123456789"
    with pytest.raises(ValidationError) as error:
        Settings(env="production", secret_key=leaked, bot_service_token=STRONG)
    assert "do-not-print-me" not in str(error.value)


def test_production_reads_environment_and_forces_demo_off(monkeypatch):
    monkeypatch.setenv("MYSAY_ENV", "production")
    monkeypatch.setenv("MYSAY_DEMO", "1")
    monkeypatch.setenv("MYSAY_SECRET_KEY", STRONG)
    monkeypatch.setenv("BOT_SERVICE_TOKEN", STRONG + "b")
    settings = Settings()
    assert settings.is_production and settings.demo is False


def test_database_url_defaults_to_sqlite_file_under_var(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert Settings().database_url.endswith("/var/mysay.db")
    assert Settings().database_url.startswith("sqlite:///")
