"""Run the triage actions against a local stub backend: what the child hears, what the backend gets, outages."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.actions import flags as flags_module
from bot.actions.prepare import ActionAskCurrentAnswer, ActionShowConfidentiality, ValidatePrepareForm
from bot.actions.session import ActionFallback, ActionWelcome
from bot.actions.triage import (ActionAskContact, ActionHandleComplaint, ActionHandleDisclosure,
                                ActionOfferAdvocate, ActionReferAdvocacy, ActionStopQuestions)
from bot.core.i18n import t
from mysay_action_harness import SENDER, Conversation, buttons, enrolled_context, texts

pytestmark = pytest.mark.asyncio

ASK = ActionAskCurrentAnswer()
DISCLOSURE = "nothing my stepdad hits me when mum is at work"
POLISH_DISCLOSURE = "nic mój ojczym mnie bije kiedy mama jest w pracy"


async def in_questions(conv: Conversation, backend) -> None:
    """Open the chat, agree to the notice and wait at the first question, as the form would."""
    backend.contexts[SENDER] = enrolled_context()
    conv.user("/start_session", intent="start_session")
    await conv.run(ActionWelcome())
    conv.user("Get ready for my meeting", intent="prepare_meeting", button_payload="/prepare_meeting")
    await conv.run(ActionShowConfidentiality())
    conv.user("OK, let's start", intent="affirm", button_payload="/affirm")
    await conv.run(ASK)
    conv.active_loop = {"name": "prepare_form"}
    conv.slots["requested_slot"] = "current_answer"


def said(messages: list[dict]) -> str:
    return "\n".join(texts(messages))


async def test_disclosure_mid_form_is_sent_verbatim_with_transcript_and_kept_as_the_answer(backend, conversation):
    await in_questions(conversation, backend)
    question = conversation.slots["current_prompt_text"]
    typed = f"  {DISCLOSURE} 😢\n"
    conversation.user(typed, intent="disclose_harm", triage={"flags": ["safeguarding"], "language": "en",
                                                            "language_confident": True})
    reply = said(await conversation.run(ActionHandleDisclosure()))

    [sent] = backend.flags.values()
    assert sent["flags"] == ["safeguarding"] and sent["message_text"] == typed
    assert sent["idempotency_key"] == f"{SENDER}:{conversation.latest['message_id']}"
    assert sent["channel"] == "webchat" and sent["language"] == "en" and sent["advocacy_consent"] is None
    assert sent["transcript"][-1] == {"speaker": "child", "text": typed, "at": sent["sent_at"]}
    assert {"speaker": "bot", "text": question} == {k: sent["transcript"][-2][k] for k in ("speaker", "text")}
    assert {"speaker": "child", "text": "OK, let's start"} in [
        {k: turn[k] for k in ("speaker", "text")} for turn in sent["transcript"]], "a button shows as its words"

    assert "seriously" in reply and "secret" in reply and "999" in reply and "0800 1111" in reply
    assert "your social worker" in reply and "duty team" in reply
    answers = conversation.slots["answers"]
    assert answers[-1]["answer_text"] == typed and answers[-1]["prompt_text"] == question
    assert conversation.slots["prompt_cursor"] == 1, "the questions carry on at the next one"
    assert {"title": "Stop for now", "payload": "/stop_questions"} in buttons(conversation.said[-5:])


async def test_polish_disclosure_in_an_english_chat_is_answered_in_english_and_sent_as_polish(backend, conversation):
    await in_questions(conversation, backend)
    conversation.user(POLISH_DISCLOSURE, intent="disclose_harm",
                      triage={"flags": ["safeguarding"], "language": "pl", "language_confident": True})
    reply = said(await conversation.run(ActionHandleDisclosure()))
    [sent] = backend.flags.values()
    assert sent["language"] == "pl" and sent["message_text"] == POLISH_DISCLOSURE
    assert "999" in reply and "0800 1111" in reply and "Thank you for telling me" in reply
    assert "language_offered" not in {k for k, v in conversation.slots.items() if v}, "no Polish catalogue to offer"


async def test_someone_reads_it_today_only_when_the_backend_deadline_is_today(backend, conversation):
    backend.flag_deadline = (datetime.now(timezone.utc) + timedelta(minutes=1)).isoformat()
    conversation.user(DISCLOSURE, intent="disclose_harm")
    assert "read what you said today" in said(await conversation.run(ActionHandleDisclosure()))
    backend.flag_deadline = None
    conversation.user("he hit me again", intent="disclose_harm")
    assert "read what you said soon" in said(await conversation.run(ActionHandleDisclosure()))


async def test_a_chat_that_is_not_enrolled_hears_that_the_duty_team_is_told(backend, conversation):
    conversation.user(DISCLOSURE, intent="disclose_harm")
    reply = said(await conversation.run(ActionHandleDisclosure()))
    assert "duty team" in reply and "your social worker" not in reply
    assert len(backend.flags) == 1


@pytest.mark.parametrize(("routed_to", "hears", "not_hears"), [
    ("allocated_worker", "passing your words on now to your social worker.", "duty team instead"),
    ("duty_team", "passing your words on now to the duty team", "your social worker"),
    ("managers", "to a manager in the social work team", "duty team instead"),
])
async def test_the_child_hears_exactly_who_the_backend_gave_the_disclosure_to(backend, conversation, routed_to,
                                                                               hears, not_hears):
    await in_questions(conversation, backend)
    backend.flag_routed_to = routed_to
    conversation.user(DISCLOSURE, intent="disclose_harm")
    reply = said(await conversation.run(ActionHandleDisclosure()))
    assert hears in reply and not_hears not in reply
    assert "999" in reply and "0800 1111" in reply


async def test_welsh_child_hears_who_has_it_in_welsh(backend, conversation):
    await in_questions(conversation, backend)
    conversation.slots["language"] = "cy"
    backend.flag_routed_to = "duty_team"
    conversation.user(DISCLOSURE, intent="disclose_harm")
    assert "tîm dyletswydd" in said(await conversation.run(ActionHandleDisclosure()))


async def test_backend_outage_keeps_the_flag_gives_help_numbers_and_retries_until_stored(backend, conversation):
    backend.down = True
    conversation.user(DISCLOSURE, intent="disclose_harm")
    reply = said(await conversation.run(ActionHandleDisclosure()))
    assert "999" in reply and "0800 1111" in reply and "keep trying" in reply
    assert backend.flags == {}
    waiting = flags_module.outbox.pending(flags_module.outbox_dir())
    assert [p["message_text"] for p in waiting] == [DISCLOSURE]

    backend.down = False
    assert await flags_module.flush() == 1
    assert [b["message_text"] for b in backend.flags.values()] == [DISCLOSURE]
    assert flags_module.outbox.pending(flags_module.outbox_dir()) == []


async def test_a_retried_message_is_one_flag_for_the_backend(backend, conversation):
    conversation.user(DISCLOSURE, intent="disclose_harm")
    await conversation.run(ActionHandleDisclosure())
    await conversation.run(ActionHandleDisclosure())
    assert len(backend.flags) == 1
    posts = [r for r in backend.requests if r[1] == "/api/bot/flags"]
    assert len(posts) == 2 and posts[0][2]["idempotency_key"] == posts[1][2]["idempotency_key"]


async def test_disclosure_that_asks_for_an_advocate_offers_one_but_refers_nobody_without_consent(backend, conversation):
    conversation.user("my dad hits me and i want an advocate", intent="disclose_harm",
                      triage={"flags": ["advocacy", "safeguarding"], "language": "en", "language_confident": True})
    await conversation.run(ActionHandleDisclosure())
    [sent] = backend.flags.values()
    assert sent["flags"] == ["safeguarding"]
    assert "/ask_advocate" in [b["payload"] for b in buttons(conversation.said)]


async def test_complaint_is_stored_verbatim_explains_stage_one_and_offers_an_advocate(backend, conversation):
    await in_questions(conversation, backend)
    typed = "I want to complain about my foster carer she reads my texts!!"
    conversation.user(typed, intent="make_complaint")
    reply = said(await conversation.run(ActionHandleComplaint()))
    [sent] = backend.flags.values()
    assert sent["flags"] == ["complaint"] and sent["message_text"] == typed
    assert "10 working days" in reply and "complaints team" in reply and "advocate" in reply
    assert "/ask_advocate" in [b["payload"] for b in buttons(conversation.said)]
    assert conversation.slots["answers"][-1]["answer_text"] == typed


async def test_advocacy_request_asks_consent_and_contact_then_refers_with_both(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    conversation.slots.update(enrolled=True, readers=["social_worker", "iro"])
    typed = "can i have an advocate to help me at my meeting"
    conversation.user(typed, intent="ask_advocate")
    reply = said(await conversation.run(ActionOfferAdvocate()))
    assert "on your side" in reply and "don't work for social care" in reply
    assert [b["payload"] for b in buttons(conversation.said)] == ["/agree_advocacy", "/decline_advocacy"]
    assert backend.flags == {}, "nobody is referred before the child says yes"

    conversation.user("/agree_advocacy", intent="agree_advocacy", button_payload="/agree_advocacy")
    contact = await conversation.run(ActionAskContact())
    payloads = [b["payload"] for b in buttons(contact)]
    assert '/choose_contact{"contact_preference": "phone"}' in payloads and len(payloads) == 4

    conversation.user('/choose_contact{"contact_preference": "phone"}', intent="choose_contact",
                      button_payload='/choose_contact{"contact_preference": "phone"}',
                      entities=[{"entity": "contact_preference", "value": "phone"}])
    reply = said(await conversation.run(ActionReferAdvocacy()))
    [sent] = backend.flags.values()
    assert sent["flags"] == ["advocacy"] and sent["message_text"] == typed
    assert sent["advocacy_consent"] is True and sent["contact_preference"] == "phone"
    assert "within 1 working day" in reply and "by phone" in reply
    assert conversation.slots["advocacy_request"] is None


async def test_no_to_an_advocate_is_not_a_referral_and_says_how_to_ask_later(backend, conversation):
    conversation.slots.update(enrolled=True, readers=["social_worker"])
    conversation.user("I'd like an advocate", intent="ask_advocate", button_payload="/ask_advocate")
    await conversation.run(ActionOfferAdvocate())
    conversation.user("/decline_advocacy", intent="decline_advocacy", button_payload="/decline_advocacy")
    reply = said(await conversation.run(ActionReferAdvocacy()))
    [sent] = backend.flags.values()
    assert sent["advocacy_consent"] is False and sent["contact_preference"] is None
    assert sent["message_text"] == t("en", "button.ask_advocate"), "a pressed button is sent as its words"
    assert "won't ask the advocacy service" in reply and '"advocate"' in reply


async def test_stopping_keeps_the_answers_and_offers_to_carry_on(backend, conversation):
    said_now = await conversation.run(ActionStopQuestions())
    assert "kept your answers" in said(said_now)
    assert "/resume_questions" in [b["payload"] for b in buttons(said_now)]


async def test_a_long_welsh_answer_in_an_english_chat_offers_welsh_once(backend, conversation):
    await in_questions(conversation, backend)
    welsh = "Dw i eisiau siarad gyda rhywun am fy nghyfarfod achos dw i ddim yn hapus yn yr ysgol"
    conversation.user(welsh, triage={"flags": [], "language": "cy", "language_confident": True})
    said_now = await conversation.answer_form(ValidatePrepareForm(), ASK)
    offer = next(m for m in said_now if m.get("buttons") and "Gymraeg" in (m.get("text") or ""))
    assert [b["payload"] for b in offer["buttons"]] == ['/switch_language{"language": "cy"}',
                                                        '/switch_language{"language": "en"}']
    assert conversation.slots["language"] == "en", "never switched without the child choosing"
    assert conversation.slots["answers"][-1]["answer_text"] == welsh
    conversation.user(welsh + " eto", triage={"flags": [], "language": "cy", "language_confident": True})
    again = await conversation.answer_form(ValidatePrepareForm(), ASK)
    assert not any("Gymraeg" in (m.get("text") or "") for m in again), "offered once, not every message"


async def test_a_short_or_unsure_message_never_prompts_a_language_offer(backend, conversation):
    conversation.user("Diolch", triage={"flags": [], "language": "cy", "language_confident": True})
    said_now = await conversation.run(ActionFallback())
    assert not any("Gymraeg" in (m.get("text") or "") for m in said_now)


async def test_the_background_retry_hands_over_a_waiting_flag_without_the_child_writing_again(
        backend, conversation, monkeypatch):
    import asyncio

    from bot.actions import settings

    backend.down = True
    conversation.user(DISCLOSURE, intent="disclose_harm")
    await conversation.run(ActionHandleDisclosure())
    assert backend.flags == {}
    monkeypatch.setenv("MYSAY_FLAG_RETRY_S", "0.05")
    settings.get.cache_clear()
    backend.down = False
    flags_module.ensure_retrying()
    try:
        for _ in range(100):
            if backend.flags:
                break
            await asyncio.sleep(0.02)
        assert [b["message_text"] for b in backend.flags.values()] == [DISCLOSURE]
    finally:
        for task in flags_module._retry_tasks.values():
            task.cancel()
        flags_module._retry_tasks.clear()


async def test_complaint_from_a_chat_that_is_not_enrolled_says_the_duty_team_reads_it_first(backend, conversation):
    backend.flag_routed_to = "duty_team"
    conversation.user("i want to make a complaint about the care home", intent="make_complaint")
    reply = said(await conversation.run(ActionHandleComplaint()))
    assert reply.count(t("en", "complaint.who_duty")) == 1
    assert t("en", "complaint.who") not in reply


async def test_a_chat_that_is_not_enrolled_is_offered_to_leave_a_message_after_a_disclosure(backend, conversation):
    conversation.user(DISCLOSURE, intent="disclose_harm")
    await conversation.run(ActionHandleDisclosure())
    assert "/leave_message" in [b["payload"] for b in buttons(conversation.said)]
