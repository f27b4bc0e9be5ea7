"""Settings of the action server, read from the environment once."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


class SettingsError(RuntimeError):
    """A required setting is missing or unsafe."""


@dataclass(frozen=True)
class Settings:
    """Typed settings for the action server."""

    env: str
    backend_url: str
    bot_service_token: str
    backend_timeout_s: float
    outbox_dir: Path
    # Seconds between retries of flags the backend has not taken yet (0 = retry only when an action runs).
    flag_retry_s: float = 30.0
    # The council's timezone, to tell a child honestly whether someone will read their words "today".
    timezone: str = "Europe/London"


def load() -> Settings:
    """Read settings from the environment; refuse a missing service token in production."""
    env = os.environ.get("MYSAY_ENV", "development")
    token = os.environ.get("BOT_SERVICE_TOKEN", "")
    if env == "production" and not token:
        raise SettingsError("BOT_SERVICE_TOKEN must be set in production")
    return Settings(
        env=env,
        backend_url=os.environ.get("BACKEND_URL", "http://127.0.0.1:8000").rstrip("/"),
        bot_service_token=token,
        backend_timeout_s=float(os.environ.get("BACKEND_TIMEOUT_S", "5")),
        outbox_dir=Path(os.environ.get("MYSAY_OUTBOX_DIR", str(REPO_ROOT / "var" / "outbox"))),
        flag_retry_s=float(os.environ.get("MYSAY_FLAG_RETRY_S", "30")),
        timezone=os.environ.get("MYSAY_TIMEZONE", "Europe/London"),
    )


@lru_cache(maxsize=1)
def get() -> Settings:
    """Return the settings, read on first use (never at import time)."""
    return load()
