"""Read the statement back, let the child change an answer, choose who sees it, and send it."""
from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import submission
from bot.actions.common import (AFFIRM_PAYLOAD, CHANGE_PAYLOAD, DENY_PAYLOAD, RETRY_PAYLOAD, SEND_PAYLOAD,
                                button, channel, lang, latest_entity, latest_intent, menu_buttons, say)
from bot.core import prompts, wording
from bot.core.i18n import t
from bot.core.statement import build_payload, new_idempotency_key

logger = logging.getLogger(__name__)

CHOOSE_INTENT = "choose_answer"


def _answers_by_key(tracker: Tracker) -> dict[str, dict[str, Any]]:
    return {a["prompt_key"]: a for a in tracker.get_slot("answers") or []}


def _asked_keys(tracker: Tracker) -> list[str]:
    plan = tracker.get_slot("prompt_plan") or []
    cursor = int(tracker.get_slot("prompt_cursor") or 0)
    return list(plan[:cursor])


def _reset_statement() -> list[EventType]:
    return [SlotSet("answers", []), SlotSet("prompt_plan", None), SlotSet("prompt_cursor", 0),
            SlotSet("statement_key", None), SlotSet("share_with_carers", None),
            SlotSet("current_prompt_key", None), SlotSet("current_prompt_text", None),
            SlotSet("editing_prompt_key", None)]


def _when(tracker: Tracker, language: str) -> str:
    date = wording.meeting_date(language, tracker.get_slot("meeting_date"))
    return t(language, "submit.when_meeting", date=date) if date else t(language, "submit.when_soon")


def _tell_outcome(dispatcher: CollectingDispatcher, tracker: Tracker, language: str,
                  outcome: submission.Outcome, share: bool, later: bool = False) -> None:
    if outcome.status == "sent":
        readers = wording.sentence_start(wording.readers_phrase(language, tracker.get_slot("readers")))
        say(dispatcher, language, "submit.sent_later" if later else "submit.sent",
            readers=readers, when=_when(tracker, language))
        if share:
            say(dispatcher, language, "submit.carers_too")
        say(dispatcher, language, "submit.what_next", buttons=menu_buttons(language))
    elif outcome.status == "waiting":
        if not later:
            say(dispatcher, language, "submit.waiting",
                buttons=[button(language, "button.try_again", RETRY_PAYLOAD)])
    else:
        say(dispatcher, language, "submit.rejected", buttons=menu_buttons(language))


async def retry_pending(dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> list[EventType]:
    """Try again to send a statement the backend has not stored yet; say so only if it worked now."""
    pending = tracker.get_slot("pending_statement")
    try:
        await submission.flush_outbox(skip_key=pending.get("idempotency_key") if pending else None)
    except OSError:
        logger.exception("outbox flush failed")
    if not pending:
        return []
    outcome = await submission.send(pending)
    if outcome.status == "waiting":
        return []
    _tell_outcome(dispatcher, tracker, language, outcome, bool(pending.get("share_with_carers")), later=True)
    return [SlotSet("pending_statement", None)]


class ActionReadBack(Action):
    """Show every prompt with the child's own words, then offer Send it / Change an answer."""

    def name(self) -> str:
        return "action_read_back"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        if not tracker.get_slot("enrolled"):
            say(dispatcher, language, "prepare.not_enrolled", buttons=menu_buttons(language))
            return []
        answers = _answers_by_key(tracker)
        say(dispatcher, language, "readback.intro")
        for key in _asked_keys(tracker):
            answer = answers.get(key)
            if answer:
                say(dispatcher, language, "readback.item", prompt=answer["prompt_text"], answer=answer["answer_text"])
            else:
                say(dispatcher, language, "readback.skipped", prompt=t(language, prompts.get(key).text_key))
        if answers:
            say(dispatcher, language, "readback.question", buttons=[
                button(language, "button.send", SEND_PAYLOAD), button(language, "button.change", CHANGE_PAYLOAD)])
        else:
            say(dispatcher, language, "readback.nothing", buttons=[
                button(language, "button.change", CHANGE_PAYLOAD), *menu_buttons(language)[1:]])
        return []


class ActionOfferChange(Action):
    """Ask which answer to change, one button per question asked."""

    def name(self) -> str:
        return "action_offer_change"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        keys = _asked_keys(tracker)
        if not keys:
            say(dispatcher, language, "fallback.text", buttons=menu_buttons(language))
            return []
        buttons = [{"title": t(language, prompts.get(k).label_key),
                    "payload": f"/{CHOOSE_INTENT}{json.dumps({'prompt_key': k})}"} for k in keys]
        say(dispatcher, language, "change.which", buttons=buttons)
        return []


class ActionStartChange(Action):
    """Remember which answer the child wants to change; the form then asks that question again."""

    def name(self) -> str:
        return "action_start_change"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        key = latest_entity(tracker, "prompt_key")
        if key not in _asked_keys(tracker):
            # Leave editing unset: the form then finishes at once and reads the statement back.
            return [SlotSet("editing_prompt_key", None), SlotSet("current_answer", None)]
        say(dispatcher, lang(tracker), "change.again")
        return [SlotSet("editing_prompt_key", key), SlotSet("current_answer", None)]


class ActionAskShare(Action):
    """Ask whether parents or carers may see the statement too."""

    def name(self) -> str:
        return "action_ask_share"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        readers = wording.sentence_start(wording.readers_phrase(language, tracker.get_slot("readers")))
        say(dispatcher, language, "share.question", readers=readers, buttons=[
            button(language, "button.yes", AFFIRM_PAYLOAD), button(language, "button.no", DENY_PAYLOAD)])
        return []


class ActionSubmitStatement(Action):
    """Send the statement once (idempotency key per statement); on an outage keep it and offer to try again."""

    def name(self) -> str:
        return "action_submit_statement"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        language = lang(tracker)
        pending = tracker.get_slot("pending_statement")
        answers = tracker.get_slot("answers") or []
        if pending and (latest_intent(tracker) == "retry_send" or not answers):
            outcome = await submission.send(pending)
            _tell_outcome(dispatcher, tracker, language, outcome, bool(pending.get("share_with_carers")))
            return [] if outcome.status == "waiting" else [SlotSet("pending_statement", None)]

        if not tracker.get_slot("enrolled") or not answers:
            say(dispatcher, language, "submit.nothing", buttons=menu_buttons(language))
            return []
        share = latest_intent(tracker) == "affirm"
        key = tracker.get_slot("statement_key") or new_idempotency_key(tracker.sender_id)
        meeting_id = tracker.get_slot("meeting_id")
        payload = build_payload(
            idempotency_key=key, sender_id=tracker.sender_id, channel=channel(tracker),
            meeting_id=int(meeting_id) if meeting_id is not None else None,
            language=language, share_with_carers=share, answers=answers)
        outcome = await submission.send(payload)
        _tell_outcome(dispatcher, tracker, language, outcome, share)
        events = _reset_statement()
        if outcome.status == "waiting":
            # The statement now lives in pending_statement (and the outbox) until the backend has it.
            events.append(SlotSet("pending_statement", payload))
        return events
