"""Tell the time in one place so tests and services agree on "now" and "today"."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/London"


def now() -> datetime:
    """Return the current aware UTC time."""
    return datetime.now(timezone.utc)


def today(tz: str = DEFAULT_TIMEZONE) -> date:
    """Return today's date where the council is, which decides ages and upcoming meetings."""
    return datetime.now(ZoneInfo(tz)).date()
