"""Load the backend's typed settings from the environment, failing fast on unsafe production values."""
from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'var' / 'mysay.db'}"

# Every development fallback starts with this marker so production can recognise and refuse it.
DEV_SECRET_MARKER = "INSECURE-DEV-ONLY-"
DEV_SECRET_KEY = DEV_SECRET_MARKER + "mysay-secret-key"
DEV_BOT_SERVICE_TOKEN = DEV_SECRET_MARKER + "bot-service-token"
MIN_PRODUCTION_SECRET_LENGTH = 32
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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
    # Triage handover: who is working now, how long a flag may wait, how staff are told.
    working_hours_start: time = Field(time(9, 0), validation_alias="MYSAY_WORKING_HOURS_START")
    working_hours_end: time = Field(time(17, 0), validation_alias="MYSAY_WORKING_HOURS_END")
    working_days: Annotated[tuple[int, ...], NoDecode] = Field((0, 1, 2, 3, 4), validation_alias="MYSAY_WORKING_DAYS")
    bank_holidays: Annotated[tuple[date, ...], NoDecode] = Field((), validation_alias="MYSAY_BANK_HOLIDAYS")
    safeguarding_ack_minutes: int = Field(60, gt=0, le=24 * 60, validation_alias="MYSAY_SAFEGUARDING_ACK_MINUTES")
    escalation_interval_seconds: int = Field(60, ge=0, validation_alias="MYSAY_ESCALATION_INTERVAL_SECONDS")
    public_url: str = Field("http://127.0.0.1:8000", validation_alias="MYSAY_PUBLIC_URL")
    smtp_host: str | None = Field(None, validation_alias="MYSAY_SMTP_HOST")
    smtp_port: int = Field(25, gt=0, lt=65536, validation_alias="MYSAY_SMTP_PORT")
    smtp_from: str = Field("mysay@localhost", validation_alias="MYSAY_SMTP_FROM")
    smtp_starttls: bool = Field(False, validation_alias="MYSAY_SMTP_STARTTLS")
    smtp_username: str | None = Field(None, validation_alias="MYSAY_SMTP_USERNAME")
    smtp_password: SecretStr | None = Field(None, validation_alias="MYSAY_SMTP_PASSWORD")
    # Rasa's HTTP API, for messages the backend starts (a worker's reply): trigger_intent with Rasa's token.
    rasa_url: str | None = Field("http://127.0.0.1:5005", validation_alias="RASA_URL")
    rasa_auth_token: SecretStr | None = Field(None, validation_alias="RASA_AUTH_TOKEN")
    # Tests and demos only: the app's clock stands still at this instant (routing, deadlines, escalation).
    fixed_now: AwareDatetime | None = Field(None, validation_alias="MYSAY_FIXED_NOW")

    @field_validator("working_days", mode="before")
    @classmethod
    def _parse_weekdays(cls, value: object) -> object:
        """Read "mon,tue,wed,thu,fri" (or weekday numbers, Monday = 0) into weekday numbers."""
        if isinstance(value, str):
            names = [part.strip().lower()[:3] for part in value.split(",") if part.strip()]
            return tuple(int(name) if name.isdigit() else WEEKDAYS.index(name) for name in names)
        return value

    @field_validator("bank_holidays", mode="before")
    @classmethod
    def _parse_dates(cls, value: object) -> object:
        """Read "2026-12-25,2026-12-28" into dates."""
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("smtp_host", "smtp_username", "fixed_now", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """Treat an empty variable as unset, so MYSAY_SMTP_HOST= turns email off."""
        return None if value == "" else value

    @model_validator(mode="after")
    def _working_hours_make_sense(self) -> "Settings":
        """Refuse working hours that end before they start or name no working day."""
        if self.working_hours_end <= self.working_hours_start:
            raise ValueError("MYSAY_WORKING_HOURS_END must be after MYSAY_WORKING_HOURS_START")
        if not self.working_days or any(not 0 <= day <= 6 for day in self.working_days):
            raise ValueError("MYSAY_WORKING_DAYS must name weekdays, e.g. mon,tue,wed,thu,fri")
        return self

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
        if self.fixed_now is not None:
            problems.append("MYSAY_FIXED_NOW is set (a fixed clock is for tests and demos only)")
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
