"""Give views the app's clock, so tests can fix "now" for routing, deadlines and escalation."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request

from backend import clock


def current_time(request: Request) -> datetime:
    """Return now from the clock the app was built with."""
    return getattr(request.app.state, "now", clock.now)()


NowDep = Annotated[datetime, Depends(current_time)]


def local_date(at: datetime, tz: str) -> date:
    """Return the council's date at an instant."""
    return at.astimezone(ZoneInfo(tz)).date()
