"""Fetch what the backend knows about the conversation and turn it into slot events."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from bot.actions.backend_client import BackendClient, Context
from bot.core.i18n import resolve_language


async def load(tracker: Tracker, current_language: str) -> tuple[Context, str, list[EventType]]:
    """Return the context, the language to use, and the slot events; raises BackendError if unreachable."""
    context = await BackendClient.from_settings().get_context(tracker.sender_id)
    if not context.enrolled:
        return context, current_language, [SlotSet("enrolled", False)]
    language = current_language if tracker.get_slot("language_chosen") else resolve_language(context.language)
    meeting = context.next_meeting
    return context, language, [
        SlotSet("enrolled", True),
        SlotSet("language", language),
        SlotSet("age_band", context.age_band),
        SlotSet("meeting_id", meeting.id if meeting else None),
        SlotSet("meeting_type", meeting.type if meeting else None),
        SlotSet("meeting_date", meeting.date if meeting else None),
        SlotSet("readers", context.readers),
    ]
