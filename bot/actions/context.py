"""Fetch what the backend knows about the conversation and turn it into slot events."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from bot.actions.backend_client import BackendClient, Context
from bot.core.i18n import resolve_language


async def load(tracker: Tracker, current_language: str, *,
               chosen: bool = False) -> tuple[Context, str, list[EventType]]:
    """Return the context, the language to use, and the slot events; raises BackendError if unreachable."""
    context = await BackendClient.from_settings().get_context(tracker.sender_id)
    picked = [SlotSet("language", current_language), SlotSet("language_chosen", True)] if chosen else []
    if not context.enrolled:
        return context, current_language, [SlotSet("enrolled", False), *picked]
    keep = chosen or tracker.get_slot("language_chosen")
    language = current_language if keep else resolve_language(context.language)
    meeting = context.next_meeting
    return context, language, [
        *picked,
        SlotSet("enrolled", True),
        SlotSet("language", language),
        SlotSet("age_band", context.age_band),
        SlotSet("meeting_id", meeting.id if meeting else None),
        SlotSet("meeting_type", meeting.type if meeting else None),
        SlotSet("meeting_date", meeting.date if meeting else None),
        SlotSet("readers", context.readers),
    ]
