"""Welcome, help, goodbye, fallback and the language switch."""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import context as context_module
from bot.actions import language_offer
from bot.actions.backend_client import BackendError
from bot.actions.common import (HELP_PAYLOAD, button, lang, language_buttons, latest_entity, menu_buttons,
                                message_metadata,
                                say)
from bot.actions.message import leave_message_button, unenrolled_buttons
from bot.actions.statement import retry_pending
from bot.core import wording
from bot.core.i18n import resolve_language, supported_languages

logger = logging.getLogger(__name__)


def _language_chosen_on_page(tracker: Tracker) -> str | None:
    """Return the language the child picked on the channel (e.g. the chat page's ?lang=), if any."""
    meta = message_metadata(tracker)
    requested = meta.get("language") if meta.get("language_chosen") else None
    return requested if requested in supported_languages() else None


class ActionWelcome(Action):
    """Greet the child: by name with their next meeting if enrolled, else explain MySay and how to join."""

    def name(self) -> str:
        return "action_welcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        chosen = _language_chosen_on_page(tracker)
        language = chosen or lang(tracker)
        try:
            context, language, events = await context_module.load(tracker, language, chosen=bool(chosen))
        except BackendError as exc:
            logger.warning("welcome without context for %s: %s", tracker.sender_id, type(exc).__name__)
            say(dispatcher, language, "welcome.backend_down", buttons=[button(language, "button.help", HELP_PAYLOAD)])
            return []

        if not context.enrolled:
            say(dispatcher, language, "welcome.not_enrolled")
            say(dispatcher, language, "help.numbers", buttons=unenrolled_buttons(language))
            return events

        meeting = context.next_meeting
        say(dispatcher, language, "welcome.enrolled", name=context.first_name or "")
        if meeting:
            say(dispatcher, language, "welcome.meeting", kind=wording.meeting_kind(language, meeting.type),
                date=wording.meeting_date(language, meeting.date) or meeting.date)
        else:
            say(dispatcher, language, "welcome.no_meeting")
        say(dispatcher, language, "welcome.what_next", buttons=menu_buttons(language))
        events += await retry_pending(dispatcher, tracker, language)
        return events


class ActionSwitchLanguage(Action):
    """Switch the conversation to the language on the button the child pressed."""

    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        requested = latest_entity(tracker, "language")
        if requested not in supported_languages():
            language = lang(tracker)
            say(dispatcher, language, "language.choose", buttons=language_buttons(language))
            return []
        language = resolve_language(requested)
        say(dispatcher, language, "language.switched", buttons=menu_buttons(language))
        return [SlotSet("language", language), SlotSet("language_chosen", True)]


class ActionHelp(Action):
    """Explain what MySay does, how to use it, and where to get help now."""

    def name(self) -> str:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        say(dispatcher, language, "help.text")
        if tracker.get_slot("enrolled"):
            say(dispatcher, language, "help.numbers", buttons=menu_buttons(language))
        else:
            # Without a code they can still leave a message for the duty team.
            say(dispatcher, language, "help.numbers",
                buttons=[leave_message_button(language), *language_buttons(language)])
        return await retry_pending(dispatcher, tracker, language)


class ActionGoodbye(Action):
    """Say goodbye and how to come back."""

    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        events = await retry_pending(dispatcher, tracker, language)
        say(dispatcher, language, "goodbye.text")
        return events


class ActionFallback(Action):
    """Say kindly that the bot did not understand, and offer the buttons."""

    def name(self) -> str:
        return "action_mysay_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        events = await retry_pending(dispatcher, tracker, language)
        buttons = menu_buttons(language) if tracker.get_slot("enrolled") else unenrolled_buttons(language)
        say(dispatcher, language, "fallback.text", buttons=buttons)
        # A long message in another language we speak is probably why we did not understand: offer it.
        events += [SlotSet(name, value) for name, value in language_offer.offer(dispatcher, tracker).items()]
        # Like Rasa's own fallback: forget the message we did not understand, so it cannot steer what comes next.
        # The revert goes first: it undoes every event since that message, and these slot events must stay.
        return [UserUtteranceReverted(), *events]
