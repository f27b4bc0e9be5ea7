"""Leave a message for a person: any conversation, enrolled or not, can write to the people who help children.

The child's words are taken verbatim by a one-slot form, handed to the backend as a `message` flag (with
whatever triage found in them, so a disclosure is acted on as one), and the child is told who reads it and by
when. An unenrolled conversation's message goes to the duty team, unverified: it links the sender to nobody.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import flags as flags_module
from bot.actions import settings as settings_module
from bot.actions.common import (ASK_ADVOCATE_PAYLOAD, DENY_PAYLOAD, HELP_PAYLOAD, LEAVE_MESSAGE_PAYLOAD,
                                SWITCH_LANGUAGE_INTENT, button, button_payload, lang, language_buttons, latest_entity, menu_buttons, say, verbatim)
from bot.core import wording
from bot.core.i18n import supported_languages, t

logger = logging.getLogger(__name__)

FORM = "message_form"
MESSAGE_SLOT = "left_message"
CANCELLED_SLOT = "message_cancelled"
WORKER_ROLES = ("social_worker", "personal_adviser")
# Triage flags raised beside the message. An advocacy referral needs consent first: it is offered, not sent.
TRIAGE_FLAGS = ("safeguarding", "complaint")


def leave_message_button(language: str) -> dict[str, str]:
    """Return the "Leave a message" button."""
    return button(language, "button.leave_message", LEAVE_MESSAGE_PAYLOAD)


def unenrolled_buttons(language: str) -> list[dict[str, str]]:
    """Return what a conversation nobody is linked to can do: help, leave a message, change language."""
    return [button(language, "button.help", HELP_PAYLOAD), leave_message_button(language),
            *language_buttons(language)]


def _worker(tracker: Tracker, language: str) -> str | None:
    """Return "your social worker" (or personal adviser) if the chat is enrolled and one is allocated."""
    roles = [r for r in tracker.get_slot("readers") or [] if r in WORKER_ROLES]
    if not tracker.get_slot("enrolled") or not roles:
        return None
    return wording.readers_phrase(language, roles)


def _by_when(deadline_iso: str | None, language: str) -> str | None:
    """Return "the end of today" or the deadline's date in words; None if the backend gave no deadline."""
    if not deadline_iso:
        return None
    try:
        deadline = datetime.fromisoformat(deadline_iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=timezone.utc)
    tz = ZoneInfo(settings_module.get().timezone)
    local = deadline.astimezone(tz)
    if local.date() == datetime.now(timezone.utc).astimezone(tz).date():
        return t(language, "message.when_today")
    return wording.meeting_date(language, local.date().isoformat())


class ActionAskLeftMessage(Action):
    """Ask for the message, saying first who will read it and that harm cannot be kept secret."""

    def name(self) -> str:
        return f"action_ask_{MESSAGE_SLOT}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        worker = _worker(tracker, language)
        cancel = [button(language, "button.cancel_message", DENY_PAYLOAD)]
        if worker:
            say(dispatcher, language, "message.ask_worker", worker=wording.sentence_start(worker), buttons=cancel)
        else:
            say(dispatcher, language, "message.ask_duty", buttons=cancel)
        return []


class ValidateMessageForm(FormValidationAction):
    """Keep the message exactly as typed; a button is never the message ("Don't send it" ends the form)."""

    def name(self) -> str:
        return f"validate_{FORM}"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        if tracker.get_slot(CANCELLED_SLOT) or tracker.get_slot(MESSAGE_SLOT):
            return []
        return [MESSAGE_SLOT]

    def validate_left_message(self, slot_value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """Replace Rasa's stripped text with the verbatim words; handle the cancel and language buttons."""
        payload = button_payload(tracker)
        if payload == DENY_PAYLOAD:
            return {MESSAGE_SLOT: None, CANCELLED_SLOT: True}
        if payload and payload.startswith(f"/{SWITCH_LANGUAGE_INTENT}"):
            requested = latest_entity(tracker, "language")
            if requested in supported_languages():
                return {MESSAGE_SLOT: None, "language": requested, "language_chosen": True}
            return {MESSAGE_SLOT: None}
        text = (tracker.latest_message or {}).get("text") or ""
        if (payload is not None and payload.startswith("/")) or (payload is None and text.startswith("/")):
            # An intent button from an earlier message, or the connector's own /start_session: ask again.
            return {MESSAGE_SLOT: None}
        words = verbatim(tracker)
        if not words.strip():
            return {MESSAGE_SLOT: None}
        return {MESSAGE_SLOT: words}


class ActionLeaveMessage(Action):
    """Send the message (and what triage found in it) to the backend; say who has it and by when."""

    def name(self) -> str:
        return "action_leave_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        reset = [SlotSet(MESSAGE_SLOT, None), SlotSet(CANCELLED_SLOT, None)]
        enrolled = bool(tracker.get_slot("enrolled"))
        next_buttons = menu_buttons(language) if enrolled else unenrolled_buttons(language)
        words = tracker.get_slot(MESSAGE_SLOT)
        if tracker.get_slot(CANCELLED_SLOT) or not words:
            say(dispatcher, language, "message.cancelled", buttons=next_buttons)
            return reset

        triage = (tracker.latest_message or {}).get("triage") or {}
        found = set(triage.get("flags") or [])
        facts = flags_module.message_facts(tracker)
        payload = flags_module.build_payload(
            tracker, flags=["message", *sorted(found & set(TRIAGE_FLAGS))], message_text=words,
            message_id=facts["message_id"], sent_at=facts["sent_at"],
            language=triage.get("language") or language)
        outcome = await flags_module.send(payload)
        logger.info("message %s: %s (triage %s)", tracker.sender_id, outcome.status, sorted(found))

        if "safeguarding" in found:
            say(dispatcher, language, "safeguarding.heard")
        message_flag = next((f for f in outcome.flags if f.type == "message"), None)
        when = _by_when(message_flag.deadline if message_flag else None, language)
        worker = _worker(tracker, language)
        to_worker = worker and (message_flag is None or message_flag.routed_to in (None, "allocated_worker"))
        if outcome.status != "sent" or when is None:
            say(dispatcher, language, "message.delayed")
        elif to_worker:
            say(dispatcher, language, "message.sent_worker", worker=worker, when=when)
        elif message_flag is not None and message_flag.routed_to == "managers":
            # Nobody is on the duty team's list: the backend gave it to the managers instead.
            say(dispatcher, language, "message.sent_managers", when=when)
        else:
            say(dispatcher, language, "message.sent_duty", when=when)
        if not enrolled:
            say(dispatcher, language, "message.code")
        extra = [button(language, "button.ask_advocate", ASK_ADVOCATE_PAYLOAD)] if "advocacy" in found else []
        say(dispatcher, language, "safeguarding.numbers" if "safeguarding" in found else "help.numbers",
            buttons=[*extra, *next_buttons])
        return reset
