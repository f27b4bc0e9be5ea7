"""Load the backend's typed settings from the environment, failing fast on unsafe production values."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'var' / 'mysay.db'}"

# Every development fallback starts with this marker so production can recognise and refuse it.
DEV_SECRET_MARKER = "INSECURE-DEV-ONLY-"
DEV_SECRET_KEY = DEV_SECRET_MARKER + "mysay-secret-key"
DEV_BOT_SERVICE_TOKEN = DEV_SECRET_MARKER + "bot-service-token"
MIN_PRODUCTION_SECRET_LENGTH = 32


class SettingsError(ValueError):
    """Raised when the environment cannot be run safely."""


class Settings(BaseSettings):
    """Hold every backend setting; see docs/bot-backend-api.md for the environment variables."""

    # hide_input_in_errors: a validation error must never echo a secret into a log.
    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore", frozen=True, hide_input_in_errors=True)

    env: Literal["development", "production"] = Field("development", validation_alias="MYSAY_ENV")
    demo: bool = Field(True, validation_alias="MYSAY_DEMO")
    database_url: str = Field(DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    secret_key: SecretStr | None = Field(None, validation_alias="MYSAY_SECRET_KEY")
    bot_service_token: SecretStr | None = Field(None, validation_alias="BOT_SERVICE_TOKEN")
    access_token_minutes: int = Field(60, gt=0, le=24 * 60, validation_alias="MYSAY_ACCESS_TOKEN_MINUTES")
    enrolment_code_days: int = Field(7, gt=0, le=90, validation_alias="MYSAY_ENROLMENT_CODE_DAYS")
    timezone: str = Field("Europe/London", validation_alias="MYSAY_TIMEZONE")
    max_body_bytes: int = Field(256 * 1024, gt=0, validation_alias="MYSAY_MAX_BODY_BYTES")

    @property
    def is_production(self) -> bool:
        """Return whether unsafe defaults must be refused."""
        return self.env == "production"

    @model_validator(mode="after")
    def _secure_defaults(self) -> "Settings":
        """Fill development secrets, or refuse missing and development secrets in production."""
        secrets = {"MYSAY_SECRET_KEY": ("secret_key", DEV_SECRET_KEY),
                   "BOT_SERVICE_TOKEN": ("bot_service_token", DEV_BOT_SERVICE_TOKEN)}
        if not self.is_production:
            for _name, (field, default) in secrets.items():
                if getattr(self, field) is None or not getattr(self, field).get_secret_value():
                    object.__setattr__(self, field, SecretStr(default))
            return self
        problems = []
        for name, (field, _default) in secrets.items():
            value = getattr(self, field)
            raw = value.get_secret_value() if value is not None else ""
            if not raw:
                problems.append(f"{name} is not set")
            elif raw.startswith(DEV_SECRET_MARKER):
                problems.append(f"{name} is a development default")
            elif len(raw) < MIN_PRODUCTION_SECRET_LENGTH:
                problems.append(f"{name} is shorter than {MIN_PRODUCTION_SECRET_LENGTH} characters")
        if problems:
            raise SettingsError("MYSAY_ENV=production refuses to start: " + "; ".join(problems)
                                + ". Generate secrets with: python -c 'import secrets; print(secrets.token_urlsafe(48))'")
        # Demo data (known passwords, reusable codes) must never be live in production.
        object.__setattr__(self, "demo", False)
        return self

    def secret_key_value(self) -> str:
        """Return the JWT and code-hashing key."""
        assert self.secret_key is not None  # filled by the validator
        return self.secret_key.get_secret_value()

    def bot_service_token_value(self) -> str:
        """Return the bot's service credential."""
        assert self.bot_service_token is not None  # filled by the validator
        return self.bot_service_token.get_secret_value()
