"""Pass a worker's reply to the child: the backend triggers `worker_reply` through Rasa's trigger_intent API."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.backend_client import BackendClient, BackendError, BackendUnavailable
from bot.actions.common import lang, latest_entity, say
from bot.core import wording

logger = logging.getLogger(__name__)

REPLY_ENTITY = "reply_id"


@dataclass(frozen=True)
class WorkerReply:
    id: int
    text: str
    author_role: str | None


class RepliesClient(BackendClient):
    """The backend's service API for worker replies (GET /api/bot/replies/{id})."""

    async def get_reply(self, sender_id: str, reply_id: int) -> WorkerReply:
        """Return a reply for this conversation's child; BackendRejected (404) if it is not theirs."""
        response = await self._request("reply", "GET",
                                       f"/api/bot/replies/{reply_id}?sender_id={quote(sender_id, safe='')}")
        try:
            body = response.json()
            return WorkerReply(id=int(body["id"]), text=str(body["text"]), author_role=body.get("author_role"))
        except (ValueError, KeyError, TypeError) as exc:
            raise BackendUnavailable("unexpected response body") from exc


class ActionWorkerReply(Action):
    """Say who replied, then their words exactly as written (the backend chose this conversation)."""

    def name(self) -> str:
        return "action_worker_reply"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        reply_id = latest_entity(tracker, REPLY_ENTITY)
        if reply_id is None or not reply_id.isdigit():
            logger.warning("worker_reply %s: no reply id", tracker.sender_id)
            return []
        try:
            reply = await RepliesClient.from_settings().get_reply(tracker.sender_id, int(reply_id))
        except BackendError as exc:
            logger.warning("worker_reply %s reply=%s not fetched: %s", tracker.sender_id, reply_id,
                           type(exc).__name__)
            return []
        language = lang(tracker)
        roles = [reply.author_role] if reply.author_role in wording.KNOWN_READERS else []
        say(dispatcher, language, "reply.intro", who=wording.readers_phrase(language, roles))
        dispatcher.utter_message(text=reply.text)
        logger.info("worker_reply %s reply=%s passed on", tracker.sender_id, reply.id)
        return []
