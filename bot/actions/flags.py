"""Hand flagged words to the backend exactly once, and never drop them: outbox on an outage, retried until stored."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker

from bot.actions import outbox
from bot.actions import settings as settings_module
from bot.actions.backend_client import BackendClient, BackendRejected, BackendUnavailable, RaisedFlag
from bot.actions.common import channel
from bot.core.handover import iso_utc, transcript

logger = logging.getLogger(__name__)

_retry_tasks: dict[int, asyncio.Task] = {}


@dataclass(frozen=True)
class Outcome:
    """What happened to one hand-over: sent (with the flags the backend holds), waiting, or rejected."""

    status: str  # "sent" | "waiting" | "rejected"
    flags: list[RaisedFlag] = field(default_factory=list)


def outbox_dir() -> Path:
    """Return where flags wait for the backend (beside, not among, waiting statements)."""
    return settings_module.get().outbox_dir / "flags"


def latest_user_event(tracker: Tracker) -> dict[str, Any]:
    """Return the latest user event (the message being handled)."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return event
    return {}


def message_facts(tracker: Tracker) -> dict[str, Any]:
    """Return the id, time and language facts of the latest message, as a flag needs them."""
    event = latest_user_event(tracker)
    latest = tracker.latest_message or {}
    message_id = latest.get("message_id") or event.get("message_id") or (event.get("parse_data") or {}).get("message_id")
    return {"message_id": str(message_id or f"t{event.get('timestamp', '')}"),
            "sent_at": iso_utc(event.get("timestamp")),
            "triage": latest.get("triage") or {}}


def build_payload(tracker: Tracker, *, flags: list[str], message_text: str, message_id: str, sent_at: str,
                  language: str, advocacy_consent: bool | None = None,
                  contact_preference: str | None = None, key_suffix: str = "") -> dict[str, Any]:
    """Return the body of POST /api/bot/flags (see docs/bot-backend-api.md); words are copied untouched."""
    return {
        "idempotency_key": f"{tracker.sender_id}:{message_id}{key_suffix}",
        "sender_id": tracker.sender_id,
        "channel": channel(tracker),
        "flags": sorted(set(flags)),
        "message_text": message_text,
        "language": language,
        "sent_at": sent_at,
        "transcript": transcript(tracker.events or []),
        "advocacy_consent": advocacy_consent,
        "contact_preference": contact_preference,
    }


async def send(payload: dict[str, Any], client: BackendClient | None = None) -> Outcome:
    """Try once to hand the flags over, first retrying any that are waiting; keep a durable copy until stored."""
    client = client or BackendClient.from_settings()
    ensure_retrying()
    directory = outbox_dir()
    key = payload["idempotency_key"]
    # Written before the first attempt: if the action server dies mid-request, the flag is not lost.
    outbox.save(directory, payload)
    await flush(client, skip_key=key)
    try:
        result = await client.raise_flags(payload)
    except BackendUnavailable as exc:
        logger.warning("flags %s waiting: %s", _short(key), exc)
        return Outcome("waiting")
    except BackendRejected as exc:
        # Kept in the outbox for a person to look at: retrying the same request will not help.
        logger.error("flags %s rejected: %s %s", _short(key), exc.status, exc.error)
        return Outcome("rejected")
    outbox.remove(directory, key)
    logger.info("flags %s stored: %s (created=%s)", _short(key), [f.id for f in result.flags], result.created)
    return Outcome("sent", result.flags)


async def flush(client: BackendClient | None = None, skip_key: str | None = None) -> int:
    """Retry every waiting flag, oldest first; return how many the backend stored now."""
    client = client or BackendClient.from_settings()
    directory = outbox_dir()
    stored = 0
    for payload in outbox.pending(directory):
        key = payload.get("idempotency_key")
        if not key or key == skip_key:
            continue
        try:
            await client.raise_flags(payload)
        except BackendUnavailable:
            break
        except BackendRejected:
            continue
        outbox.remove(directory, key)
        stored += 1
    if stored:
        logger.info("flags outbox: %d stored on retry", stored)
    return stored


def ensure_retrying() -> None:
    """Start (once per event loop) a background task that retries waiting flags, so none waits for a child's next message."""
    interval = settings_module.get().flag_retry_s
    if interval <= 0:
        return
    loop = asyncio.get_running_loop()
    task = _retry_tasks.get(id(loop))
    if task is not None and not task.done():
        return
    _retry_tasks[id(loop)] = loop.create_task(_retry_forever(interval))


async def _retry_forever(interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await flush()
        except Exception:  # noqa: BLE001 - the retry loop must outlive any one failure
            logger.exception("flags outbox retry failed")


def _short(key: str) -> str:
    # The key is "<sender_id>:<message_id>"; log only the message id's prefix.
    return key.split(":", 2)[1][:8] if ":" in key else "?"
