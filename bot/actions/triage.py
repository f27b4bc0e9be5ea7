"""Answer what triage flagged: a disclosure of harm, a complaint, a request for an advocate.

Each action keeps the child's words (as the answer to an open question too), hands the flag to the
backend through bot.actions.flags (never dropped), and tells the child honestly what happens next.
Inside the questions, the rules in bot/data/rules/triage.yml run the form again afterwards.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import flags as flags_module
from bot.actions import language_offer
from bot.actions import settings as settings_module
from bot.actions.common import (ASK_ADVOCATE_PAYLOAD, HELP_PAYLOAD, LEAVE_MESSAGE_PAYLOAD, button, button_payload,
                                lang, latest_entity, latest_intent, menu_buttons, say, verbatim)
from bot.actions.prepare import FORM, question_open, record_current_answer
from bot.core import wording
from bot.core.handover import when_key
from bot.core.i18n import t

logger = logging.getLogger(__name__)

AGREE_ADVOCACY_PAYLOAD = "/agree_advocacy"
DECLINE_ADVOCACY_PAYLOAD = "/decline_advocacy"
RESUME_PAYLOAD = "/resume_questions"
STOP_PAYLOAD = "/stop_questions"
CHOOSE_CONTACT_INTENT = "choose_contact"
CONTACT_PREFERENCES = ("this_chat", "phone", "carer", "school")
WORKER_ROLES = ("social_worker", "personal_adviser")


def _slot_events(updates: dict[str, Any]) -> list[EventType]:
    return [SlotSet(name, value) for name, value in updates.items()]


def keep_as_answer(tracker: Tracker) -> list[EventType]:
    """If a question was open, keep the child's exact words as its answer too, so nothing they said is lost."""
    if not question_open(tracker) or button_payload(tracker) is not None:
        return []
    logger.info("triage %s: kept flagged words as the answer to %s", tracker.sender_id,
                tracker.get_slot("current_prompt_key"))
    return _slot_events(record_current_answer(tracker, verbatim(tracker))) + [
        SlotSet("current_prompt_key", None), SlotSet("current_prompt_text", None)]


def _in_form(tracker: Tracker) -> bool:
    return tracker.active_loop_name == FORM


def _worker(tracker: Tracker, language: str) -> str | None:
    """Return "your social worker" (or personal adviser) if one is allocated and the chat is enrolled."""
    roles = [r for r in tracker.get_slot("readers") or [] if r in WORKER_ROLES]
    if not tracker.get_slot("enrolled") or not roles:
        return None
    return wording.readers_phrase(language, roles)


def _when(outcome: flags_module.Outcome, flag_type: str, language: str) -> str:
    deadline = next((f.deadline for f in outcome.flags if f.type == flag_type), None)
    key = when_key(deadline, datetime.now(timezone.utc), settings_module.get().timezone)
    return t(language, f"when.{key}")


def _language_of_message(tracker: Tracker, language: str) -> str:
    return ((tracker.latest_message or {}).get("triage") or {}).get("language") or language


def _flags_raised(tracker: Tracker, default: str) -> set[str]:
    found = set(((tracker.latest_message or {}).get("triage") or {}).get("flags") or [])
    return found | {default}


def _next_steps(dispatcher: CollectingDispatcher, tracker: Tracker, language: str, key_in_form: str,
                extra: list[dict[str, str]] | None = None) -> None:
    """Say what the child can do now: carry on with the questions (they follow) or use the menu."""
    extra = extra or []
    if _in_form(tracker):
        say(dispatcher, language, key_in_form, buttons=[*extra, button(language, "button.stop_questions", STOP_PAYLOAD)])
    elif tracker.get_slot("enrolled"):
        say(dispatcher, language, "triage.what_next", buttons=[*extra, *menu_buttons(language)])
    else:
        # Not enrolled: nobody is allocated yet, so leaving a message for the duty team is the way in.
        say(dispatcher, language, "triage.what_next", buttons=[
            *extra, button(language, "button.leave_message", LEAVE_MESSAGE_PAYLOAD),
            button(language, "button.help", HELP_PAYLOAD)])


def _say_who_has_it(dispatcher: CollectingDispatcher, tracker: Tracker, language: str, routed: str | None) -> None:
    """Say who is being told of a disclosure: who the backend says has it, or (not known yet) who it will be."""
    worker = _worker(tracker, language)
    if routed == "allocated_worker":
        say(dispatcher, language, "safeguarding.who_allocated",
            worker=worker or wording.readers_phrase(language, ["social_worker"]))
    elif routed == "duty_team":
        say(dispatcher, language, "safeguarding.who_duty")
    elif routed == "managers":
        say(dispatcher, language, "safeguarding.who_managers")
    elif worker:
        # Not stored yet (or an older backend): their worker in working hours, else the duty team.
        say(dispatcher, language, "safeguarding.who_worker", worker=worker)
    else:
        say(dispatcher, language, "safeguarding.who_duty")


async def _hand_over(tracker: Tracker, flags: list[str], language: str, label: str) -> flags_module.Outcome:
    """Hand the child's latest typed message to the backend with these flags, words untouched."""
    facts = flags_module.message_facts(tracker)
    payload = flags_module.build_payload(
        tracker, flags=flags, message_text=verbatim(tracker), message_id=facts["message_id"],
        sent_at=facts["sent_at"], language=_language_of_message(tracker, language))
    outcome = await flags_module.send(payload)
    logger.info("triage %s: %s %s", tracker.sender_id, label, outcome.status)
    return outcome


def _routed_to(outcome: flags_module.Outcome, flag: str) -> str | None:
    """Return who the backend says has this flag, if it said."""
    return next((f.routed_to for f in outcome.flags if f.type == flag), None)


class ActionHandleDisclosure(Action):
    """Take a disclosure of harm seriously: pass it on now, say who and when, give help numbers."""

    def name(self) -> str:
        return "action_handle_disclosure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        raised = _flags_raised(tracker, "safeguarding")
        events = keep_as_answer(tracker)
        # An advocacy referral needs the child's consent first: offered below, never sent unasked.
        outcome = await _hand_over(tracker, sorted(raised - {"advocacy"}), language, "safeguarding")

        say(dispatcher, language, "safeguarding.heard")
        _say_who_has_it(dispatcher, tracker, language, _routed_to(outcome, "safeguarding"))
        if outcome.status == "sent":
            say(dispatcher, language, "safeguarding.when", when=_when(outcome, "safeguarding", language))
        else:
            say(dispatcher, language, "safeguarding.delayed")
        say(dispatcher, language, "safeguarding.numbers")
        advocate = [button(language, "button.ask_advocate", ASK_ADVOCATE_PAYLOAD)] if "advocacy" in raised else []
        _next_steps(dispatcher, tracker, language, "safeguarding.carry_on", advocate)
        events += _slot_events(language_offer.offer(dispatcher, tracker))
        return events


class ActionHandleComplaint(Action):
    """Acknowledge a complaint, keep its words, explain stage 1 and offer an advocate."""

    def name(self) -> str:
        return "action_handle_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        events = keep_as_answer(tracker)
        outcome = await _hand_over(tracker, ["complaint"], language, "complaint")

        say(dispatcher, language, "complaint.heard")
        worker = _worker(tracker, language)
        if _routed_to(outcome, "complaint") == "duty_team":
            # The backend sends an unverified sender's complaint to the duty team first: say so.
            say(dispatcher, language, "complaint.who_duty")
        elif worker:
            say(dispatcher, language, "complaint.who_worker", worker=worker)
        else:
            say(dispatcher, language, "complaint.who")
        say(dispatcher, language, "complaint.stage_one")
        if outcome.status != "sent":
            say(dispatcher, language, "triage.delayed")
        say(dispatcher, language, "complaint.advocate")
        _next_steps(dispatcher, tracker, language, "triage.carry_on",
                    [button(language, "button.ask_advocate", ASK_ADVOCATE_PAYLOAD)])
        events += _slot_events(language_offer.offer(dispatcher, tracker))
        return events


class ActionOfferAdvocate(Action):
    """Say what an advocate is and ask whether to refer the child (yes/no)."""

    def name(self) -> str:
        return "action_offer_advocate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        events = keep_as_answer(tracker)
        facts = flags_module.message_facts(tracker)
        typed = button_payload(tracker) is None
        # Their own words if they typed; if they pressed "I'd like an advocate", the words on that button.
        request = {"text": verbatim(tracker) if typed else t(language, "button.ask_advocate"),
                   "language": _language_of_message(tracker, language) if typed else language,
                   "sent_at": facts["sent_at"]}
        say(dispatcher, language, "advocacy.what")
        say(dispatcher, language, "advocacy.consent", buttons=[
            button(language, "button.advocacy_yes", AGREE_ADVOCACY_PAYLOAD),
            button(language, "button.advocacy_no", DECLINE_ADVOCACY_PAYLOAD)])
        events.append(SlotSet("advocacy_request", request))
        if typed:
            events += _slot_events(language_offer.offer(dispatcher, tracker))
        return events


class ActionAskContact(Action):
    """Ask how the advocacy service should get in touch."""

    def name(self) -> str:
        return "action_ask_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        say(dispatcher, language, "advocacy.contact_question", buttons=[
            button(language, f"contact.{pref}",
                   f"/{CHOOSE_CONTACT_INTENT}{json.dumps({'contact_preference': pref})}")
            for pref in CONTACT_PREFERENCES])
        return []


class ActionReferAdvocacy(Action):
    """Refer to the advocacy service with consent and how to get in touch; or respect a no."""

    def name(self) -> str:
        return "action_refer_advocacy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        consent = latest_intent(tracker) == CHOOSE_CONTACT_INTENT
        preference = latest_entity(tracker, "contact_preference") if consent else None
        if preference not in CONTACT_PREFERENCES:
            preference = None
        facts = flags_module.message_facts(tracker)
        request = tracker.get_slot("advocacy_request") or {
            "text": t(language, "button.ask_advocate"), "language": language, "sent_at": facts["sent_at"]}
        # Keyed by the message that gave (or refused) consent: a retry of it is the same referral.
        payload = flags_module.build_payload(
            tracker, flags=["advocacy"], message_text=request["text"], message_id=facts["message_id"],
            sent_at=request.get("sent_at") or facts["sent_at"], language=request.get("language") or language,
            advocacy_consent=consent, contact_preference=preference)
        outcome = await flags_module.send(payload)
        logger.info("triage %s: advocacy consent=%s %s", tracker.sender_id, consent, outcome.status)

        if consent:
            how = t(language, f"advocacy.how.{preference or 'this_chat'}")
            say(dispatcher, language, "advocacy.referred", how=how)
        else:
            worker = _worker(tracker, language)
            say(dispatcher, language, "advocacy.declined_worker" if worker else "advocacy.declined",
                **({"worker": worker} if worker else {}))
        if outcome.status != "sent":
            say(dispatcher, language, "triage.delayed")
        if not _in_form(tracker):
            _next_steps(dispatcher, tracker, language, "triage.carry_on")
        return [SlotSet("advocacy_request", None)]


class ActionStopQuestions(Action):
    """Stop the questions for now, keeping every answer, and say how to carry on."""

    def name(self) -> str:
        return "action_stop_questions"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        say(dispatcher, language, "triage.stopped", buttons=[
            button(language, "button.carry_on", RESUME_PAYLOAD), button(language, "button.help", HELP_PAYLOAD)])
        return []
