"""Build what a flag carries to the backend (transcript around the message) and when a child can expect a reply."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Optional
from zoneinfo import ZoneInfo

TRANSCRIPT_TURNS = 20


def iso_utc(timestamp: float | None) -> str:
    """Return a Unix timestamp (or now) as ISO 8601 UTC ending in Z."""
    moment = datetime.fromtimestamp(timestamp, timezone.utc) if timestamp else datetime.now(timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _child_words(event: Mapping[str, Any], offered: Mapping[str, str]) -> Optional[str]:
    """Return what the child sent, exactly: typed text verbatim, a pressed button as the words on it."""
    metadata = event.get("metadata") or (event.get("parse_data") or {}).get("metadata") or {}
    payload = metadata.get("button_payload")
    if isinstance(payload, str) and payload:
        return offered.get(payload, payload)
    verbatim = metadata.get("verbatim")
    if isinstance(verbatim, str):
        return verbatim
    if "verbatim" in metadata:
        return None  # the connector's own message (e.g. /start_session), not the child's
    text = event.get("text")
    return text if isinstance(text, str) and text else None


def transcript(events: Iterable[Mapping[str, Any]], turns: int = TRANSCRIPT_TURNS) -> list[dict[str, str]]:
    """Return the last `turns` child and bot messages of a tracker's events, oldest first, child's verbatim."""
    out: list[dict[str, str]] = []
    offered: dict[str, str] = {}
    for event in events:
        kind = event.get("event")
        if kind == "bot":
            text = event.get("text")
            if text:
                out.append({"speaker": "bot", "text": text, "at": iso_utc(event.get("timestamp"))})
            buttons = (event.get("data") or {}).get("buttons") or []
            if buttons:
                offered = {b["payload"]: b.get("title", "") for b in buttons if isinstance(b, dict) and "payload" in b}
        elif kind == "user":
            words = _child_words(event, offered)
            if words is not None:
                out.append({"speaker": "child", "text": words, "at": iso_utc(event.get("timestamp"))})
        elif kind == "session_started":
            offered = {}
    return out[-turns:]


def when_key(deadline_iso: str | None, now: datetime, tz_name: str) -> str:
    """Return "today" if the backend's deadline falls on the council's today, else "soon" (never a promise of a time)."""
    if not deadline_iso:
        return "soon"
    try:
        deadline = datetime.fromisoformat(deadline_iso.replace("Z", "+00:00"))
    except ValueError:
        return "soon"
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=timezone.utc)
    tz = ZoneInfo(tz_name)
    return "today" if deadline.astimezone(tz).date() == now.astimezone(tz).date() else "soon"
