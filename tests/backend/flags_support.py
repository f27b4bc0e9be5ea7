"""Helpers for the flag tests: a council clock, flag submissions and a local SMTP server."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backend import clock
from tests.support.smtp_sink import Received, SmtpSink  # noqa: F401  (shared with the end-to-end tests)

LONDON = ZoneInfo("Europe/London")


def next_monday() -> date:
    """Return a Monday one to seven days ahead, so demo-style allocations (from a year ago) are active."""
    today = clock.today()
    return today + timedelta(days=7 - today.weekday())


def london(day: date, hour: int, minute: int = 0) -> datetime:
    """Return an aware instant at a council wall-clock time."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def set_clock(client, at: datetime) -> None:
    """Fix the app's clock."""
    client.app.state.now = lambda: at


def flag_body(sender_id: str = "webchat-abc", *, flags=("safeguarding",), key: str | None = None,
              text: str = "he hits me", transcript: list[dict] | None = None, language: str = "en",
              advocacy_consent: bool | None = None, contact_preference: str | None = None) -> dict:
    """Return a valid flag submission."""
    return {"idempotency_key": key or f"{sender_id}:{uuid.uuid4().hex}", "sender_id": sender_id,
            "channel": sender_id.split("-")[0], "flags": list(flags), "message_text": text, "language": language,
            "sent_at": "2026-11-23T12:00:00Z",
            "transcript": transcript if transcript is not None else [
                {"speaker": "bot", "text": "How are things at home?", "at": "2026-11-23T11:59:00Z"},
                {"speaker": "child", "text": text, "at": "2026-11-23T12:00:00Z"}],
            "advocacy_consent": advocacy_consent, "contact_preference": contact_preference}
