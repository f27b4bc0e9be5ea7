"""Get ready for a meeting: the confidentiality notice, then one question at a time in a form."""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import context as context_module
from bot.actions import language_offer
from bot.actions.backend_client import BackendError
from bot.actions.common import (AFFIRM_PAYLOAD, DENY_PAYLOAD, HELP_PAYLOAD, SWITCH_LANGUAGE_INTENT, button,
                                button_payload, lang, latest_entity, menu_buttons, say,
                                verbatim)
from bot.actions.message import unenrolled_buttons
from bot.actions.statement import retry_pending
from bot.core import prompts, wording
from bot.core.i18n import supported_languages, t
from bot.core.statement import new_idempotency_key, record_answer, utc_now_iso

logger = logging.getLogger(__name__)

FORM = "prepare_form"
ANSWER_SLOT = "current_answer"


def question_open(tracker: Tracker) -> bool:
    """Tell whether a question of the form is waiting for the child's answer."""
    return (tracker.active_loop_name == FORM and tracker.get_slot("requested_slot") == ANSWER_SLOT
            and bool(tracker.get_slot("current_prompt_key")))


def record_current_answer(tracker: Tracker, answer_text: str) -> dict[str, Any]:
    """Return the slot updates that keep answer_text as the answer to the open question and move on."""
    editing = tracker.get_slot("editing_prompt_key")
    cursor = int(tracker.get_slot("prompt_cursor") or 0)
    advance: dict[str, Any] = {"editing_prompt_key": None} if editing else {"prompt_cursor": cursor + 1}
    answers = record_answer(
        tracker.get_slot("answers"), tracker.get_slot("prompt_plan") or [],
        prompt_key=tracker.get_slot("current_prompt_key"), prompt_text=tracker.get_slot("current_prompt_text") or "",
        answer_text=answer_text, answered_at=utc_now_iso())
    return {"answers": answers, **advance}


def _next_prompt_key(tracker: Tracker) -> str | None:
    editing = tracker.get_slot("editing_prompt_key")
    if editing:
        return editing
    plan = tracker.get_slot("prompt_plan") or []
    cursor = int(tracker.get_slot("prompt_cursor") or 0)
    return plan[cursor] if cursor < len(plan) else None


class ActionShowConfidentiality(Action):
    """Before anything is shared, say plainly who will read it and that harm cannot be kept secret."""

    def name(self) -> str:
        return "action_show_confidentiality"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        events: list[EventType] = []
        enrolled = tracker.get_slot("enrolled")
        if enrolled is None:
            # The backend was unreachable when the chat opened: ask again before deciding.
            try:
                context, language, events = await context_module.load(tracker, language)
            except BackendError:
                say(dispatcher, language, "welcome.backend_down",
                    buttons=[button(language, "button.help", HELP_PAYLOAD)])
                return []
            enrolled = context.enrolled
        if not enrolled:
            say(dispatcher, language, "prepare.not_enrolled", buttons=unenrolled_buttons(language))
            return events
        slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        slot = lambda name: slots[name] if name in slots else tracker.get_slot(name)  # noqa: E731
        events += await retry_pending(dispatcher, tracker, language)
        readers = wording.sentence_start(wording.readers_phrase(language, slot("readers")))
        say(dispatcher, language, "confidentiality.notice", readers=readers, buttons=[
            button(language, "button.start", AFFIRM_PAYLOAD), button(language, "button.not_now", DENY_PAYLOAD)])
        plan = prompts.plan_keys(slot("age_band"), slot("meeting_type"))
        logger.info("prepare %s: plan of %d prompts", tracker.sender_id, len(plan))
        return events + [
            SlotSet("prompt_plan", plan), SlotSet("prompt_cursor", 0), SlotSet("answers", []),
            SlotSet("editing_prompt_key", None), SlotSet(ANSWER_SLOT, None),
            SlotSet("current_prompt_key", None), SlotSet("current_prompt_text", None),
            SlotSet("statement_key", new_idempotency_key(tracker.sender_id)), SlotSet("share_with_carers", None),
        ]


class ActionNotNow(Action):
    """Stop kindly when the child does not want to start now."""

    def name(self) -> str:
        return "action_not_now"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        say(dispatcher, language, "prepare.not_now", buttons=menu_buttons(language))
        return []


class ActionAskCurrentAnswer(Action):
    """Ask the next question of the plan (or the one being changed), with its choices and a skip button."""

    def name(self) -> str:
        return f"action_ask_{ANSWER_SLOT}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        key = _next_prompt_key(tracker)
        if key is None:
            return []
        prompt = prompts.get(key)
        text = t(language, prompt.text_key)
        buttons = [{"title": t(language, c), "payload": t(language, c)} for c in prompt.choices]
        buttons.append(button(language, "button.skip", prompts.SKIP_PAYLOAD))
        dispatcher.utter_message(text=text, buttons=buttons)
        return [SlotSet("current_prompt_key", key), SlotSet("current_prompt_text", text)]


class ValidatePrepareForm(FormValidationAction):
    """Record each answer verbatim; keep asking while questions remain."""

    def name(self) -> str:
        return f"validate_{FORM}"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        if not tracker.get_slot("enrolled"):
            # Only reachable by typing "yes" after the not-enrolled message: end the form, kindly.
            language = lang(tracker)
            say(dispatcher, language, "prepare.not_enrolled", buttons=unenrolled_buttons(language))
            return []
        return [ANSWER_SLOT] if _next_prompt_key(tracker) else []

    def validate_current_answer(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """Append the child's exact words to the statement; a skip or language button is not an answer."""
        key = tracker.get_slot("current_prompt_key")
        editing = tracker.get_slot("editing_prompt_key")
        cursor = int(tracker.get_slot("prompt_cursor") or 0)
        advance: dict[str, Any] = {"editing_prompt_key": None} if editing else {"prompt_cursor": cursor + 1}
        payload = button_payload(tracker)

        if payload == prompts.SKIP_PAYLOAD:
            logger.info("prepare %s: skipped %s", tracker.sender_id, key)
            return {ANSWER_SLOT: None, **advance}
        if payload and payload.startswith(f"/{SWITCH_LANGUAGE_INTENT}"):
            requested = latest_entity(tracker, "language")
            if requested in supported_languages():
                return {ANSWER_SLOT: None, "language": requested, "language_chosen": True}
            return {ANSWER_SLOT: None}
        text = (tracker.latest_message or {}).get("text") or ""
        if payload is None and text.startswith("/"):
            # Only the connector itself can send "/..." without a button (e.g. /start_session on reload):
            # not the child's words, so ask the same question again.
            return {ANSWER_SLOT: None}
        if payload is not None and payload.startswith("/"):
            # An intent button from an earlier message: not an answer either.
            return {ANSWER_SLOT: None}
        if key is None:
            return {ANSWER_SLOT: None}

        logger.info("prepare %s: answered %s", tracker.sender_id, key)
        # Written in another supported language at length? Offer it (never switch without asking).
        offered = language_offer.offer(dispatcher, tracker)
        return {ANSWER_SLOT: None, **record_current_answer(tracker, verbatim(tracker)), **offered}
