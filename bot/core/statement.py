"""Build a child's statement: record answers in plan order, make the idempotency key and payload."""
from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Any


def utc_now_iso() -> str:
    """Return the current UTC time as an ISO 8601 string ending in Z."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_idempotency_key(sender_id: str) -> str:
    """Return a fresh idempotency key for one statement of this conversation."""
    return f"{sender_id}:{secrets.token_hex(16)}"


def record_answer(
    answers: list[dict[str, Any]] | None,
    plan_keys: list[str],
    *,
    prompt_key: str,
    prompt_text: str,
    answer_text: str,
    answered_at: str,
) -> list[dict[str, Any]]:
    """Return answers with this one added (or replacing an earlier answer to the same prompt), in plan order."""
    kept = [dict(a) for a in (answers or []) if a.get("prompt_key") != prompt_key]
    kept.append(
        {
            "prompt_key": prompt_key,
            "prompt_text": prompt_text,
            "answer_text": answer_text,
            "answered_at": answered_at,
        }
    )
    order = {key: i for i, key in enumerate(plan_keys)}
    return sorted(kept, key=lambda a: order.get(a["prompt_key"], len(order)))


def build_payload(
    *,
    idempotency_key: str,
    sender_id: str,
    channel: str,
    meeting_id: int | None,
    language: str,
    share_with_carers: bool,
    answers: list[dict[str, Any]],
) -> dict[str, Any]:
    """Return the body of POST /api/bot/statements (answers copied untouched)."""
    return {
        "idempotency_key": idempotency_key,
        "sender_id": sender_id,
        "channel": channel,
        "meeting_id": meeting_id,
        "language": language,
        "share_with_carers": bool(share_with_carers),
        "answers": [dict(a) for a in answers],
    }
