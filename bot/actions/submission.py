"""Send a statement to the backend without ever dropping it: keep it in a slot and the outbox until stored."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.actions import outbox
from bot.actions import settings as settings_module
from bot.actions.backend_client import BackendClient, BackendRejected, BackendUnavailable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What happened to one attempt: sent (with the backend id), waiting (retry later) or rejected."""

    status: str  # "sent" | "waiting" | "rejected"
    statement_id: int | None = None
    error: str | None = None


async def send(payload: dict[str, Any], client: BackendClient | None = None) -> Outcome:
    """Try once to store the statement; on an outage keep a durable copy for a later retry."""
    client = client or BackendClient.from_settings()
    directory = settings_module.get().outbox_dir
    key = payload["idempotency_key"]
    try:
        result = await client.submit_statement(payload)
    except BackendUnavailable as exc:
        logger.warning("statement %s not sent yet: %s", _short(key), exc)
        outbox.save(directory, payload)
        return Outcome("waiting", error=str(exc))
    except BackendRejected as exc:
        # Kept in the outbox too: a person can look at it; retrying the same request will not help.
        logger.error("statement %s rejected: %s %s", _short(key), exc.status, exc.error)
        outbox.save(directory, payload)
        return Outcome("rejected", error=exc.error)
    outbox.remove(directory, key)
    logger.info("statement %s stored as %s (created=%s)", _short(key), result.id, result.created)
    return Outcome("sent", statement_id=result.id)


async def flush_outbox(client: BackendClient | None = None, skip_key: str | None = None) -> int:
    """Retry every statement in the outbox (other conversations' too); return how many were stored."""
    client = client or BackendClient.from_settings()
    directory = settings_module.get().outbox_dir
    stored = 0
    for payload in outbox.pending(directory):
        if payload.get("idempotency_key") == skip_key:
            continue
        try:
            await client.submit_statement(payload)
        except BackendUnavailable:
            break
        except BackendRejected:
            continue
        outbox.remove(directory, payload["idempotency_key"])
        stored += 1
    return stored


def _short(key: str) -> str:
    # The key is "<sender_id>:<random>"; log only the random part's prefix.
    return key.rsplit(":", 1)[-1][:8]
