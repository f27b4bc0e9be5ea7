"""Ask Rasa to start a bot turn in a conversation (its trigger_intent API), authenticated with its token."""
from __future__ import annotations

import logging
from urllib.parse import quote

import httpx

log = logging.getLogger("mysay.replies")

TIMEOUT_SECONDS = 30.0


def trigger_intent(*, rasa_url: str, auth_token: str, sender_id: str, intent: str,
                   entities: dict[str, object]) -> bool:
    """Trigger intent in a conversation, replying on the channel it last used; return whether Rasa took it.

    Rasa 3.6: POST /conversations/{id}/trigger_intent?output_channel=latest&token=...
    with {"name": intent, "entities": {...}}; "latest" makes Rasa answer on the conversation's latest input
    channel, through that channel's get_output_channel().
    """
    url = f"{rasa_url.rstrip('/')}/conversations/{quote(sender_id, safe='')}/trigger_intent"
    try:
        response = httpx.post(url, params={"output_channel": "latest", "token": auth_token},
                              json={"name": intent, "entities": entities}, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        log.warning("rasa trigger_intent unreachable sender_id=%s error=%s", sender_id, type(exc).__name__)
        return False
    if response.status_code != 200:
        log.error("rasa trigger_intent refused sender_id=%s status=%s", sender_id, response.status_code)
        return False
    return True
