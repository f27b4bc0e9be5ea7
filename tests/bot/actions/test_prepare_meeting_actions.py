"""Run the real actions against a local stub backend: verbatim answers, skip by button, outages, retries."""
from __future__ import annotations

import json

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.prepare import (ActionAskCurrentAnswer, ActionShowConfidentiality, ValidatePrepareForm)
from bot.actions.session import ActionSwitchLanguage, ActionWelcome
from bot.actions.statement import (ActionAskShare, ActionOfferChange, ActionReadBack, ActionStartChange,
                                   ActionSubmitStatement)
from bot.core import prompts
from bot.core.i18n import t
from mysay_action_harness import SENDER, Conversation, buttons, enrolled_context, texts

pytestmark = pytest.mark.asyncio

ASK = ActionAskCurrentAnswer()
VALIDATE = ValidatePrepareForm()


async def start_questions(conv: Conversation) -> None:
    conv.user("/start_session", intent="start_session")
    await conv.run(ActionWelcome())
    conv.user("Get ready for my meeting", intent="prepare_meeting", button_payload="/prepare_meeting")
    await conv.run(ActionShowConfidentiality())
    conv.user("OK, let's start", intent="affirm", button_payload="/affirm")
    await conv.run(ASK)


async def answer_all(conv: Conversation, answers: list[str]) -> None:
    for answer in answers:
        conv.user(answer)
        await conv.answer_form(VALIDATE, ASK)


async def send(conv: Conversation, share: bool = False) -> list[dict]:
    conv.user("Send it", intent="send_statement", button_payload="/send_statement")
    await conv.run(ActionAskShare())
    conv.user("Yes" if share else "No", intent="affirm" if share else "deny",
              button_payload="/affirm" if share else "/deny")
    return await conv.run(ActionSubmitStatement())


async def test_welcome_greets_an_enrolled_child_by_name_with_the_meeting_in_plain_words(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    conversation.user("/start_session", intent="start_session")
    said = await conversation.run(ActionWelcome())
    assert any("Sam" in x for x in texts(said))
    assert any("your review meeting" in x and "Thursday 3 December" in x for x in texts(said))
    payloads = [b["payload"] for b in buttons(said)]
    assert "/prepare_meeting" in payloads and "/help" in payloads
    assert {"title": "Cymraeg", "payload": '/switch_language{"language": "cy"}'} in buttons(said)
    assert conversation.slots["age_band"] == "12-17" and conversation.slots["meeting_id"] == 3
    assert conversation.slots["readers"] == ["social_worker", "iro"]


async def test_welcome_explains_mysay_and_help_numbers_to_a_child_who_is_not_enrolled(backend, conversation):
    conversation.user("/start_session", intent="start_session")
    said = " ".join(texts(await conversation.run(ActionWelcome())))
    assert "code" in said and "0800 1111" in said and "999" in said
    assert conversation.slots["enrolled"] is False


async def test_welcome_uses_the_childs_preferred_language(backend, conversation):
    backend.contexts[SENDER] = enrolled_context(language="cy")
    conversation.user("/start_session", intent="start_session")
    said = await conversation.run(ActionWelcome())
    assert conversation.slots["language"] == "cy"
    assert "Rhagfyr" in " ".join(texts(said))


async def test_confidentiality_notice_names_the_readers_before_any_question(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    conversation.user("/start_session", intent="start_session")
    await conversation.run(ActionWelcome())
    conversation.user("Get ready for my meeting", intent="prepare_meeting", button_payload="/prepare_meeting")
    said = await conversation.run(ActionShowConfidentiality())
    assert texts(said)[0] == (
        "Your social worker and your IRO (the person who runs your review) will read what you write. "
        "If you tell me someone is hurting you or you are not safe, I can't keep that a secret. "
        "I will have to tell someone who can help keep you safe.")
    assert [b["payload"] for b in buttons(said)] == ["/affirm", "/deny"]


async def test_verbatim_answers_with_spaces_newlines_emoji_and_arabic_are_what_gets_submitted(
        backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    await start_questions(conversation)
    typed = ["  football 😀\nand school  ", "\tمدرستي جيدة\n", "no", "Yes, I want to come", "idk",
             "mum,  nan\n\nand my dog 🐶", " stop "]
    plan = conversation.slots["prompt_plan"]
    assert len(plan) == len(typed)
    await answer_all(conversation, typed)
    readback = await conversation.run(ActionReadBack())
    assert "  football 😀\nand school  " in " ".join(texts(readback))
    said = await send(conversation)
    assert len(backend.statements) == 1
    body = next(iter(backend.statements.values()))["body"]
    assert [a["answer_text"] for a in body["answers"]] == typed
    assert [a["prompt_key"] for a in body["answers"]] == plan
    assert body["answers"][0]["prompt_text"] == t("en", "prompt.going_well")
    assert all(a["answered_at"].endswith("Z") for a in body["answers"])
    assert body["sender_id"] == SENDER and body["channel"] == "webchat" and body["meeting_id"] == 3
    assert body["share_with_carers"] is False and body["language"] == "en"
    assert any("Thursday 3 December" in x for x in texts(said))


async def test_metadata_is_read_from_the_last_user_event_when_latest_message_lacks_it(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    await start_questions(conversation)
    conversation.user("  spaced  ")
    conversation.latest.pop("metadata")
    await conversation.answer_form(VALIDATE, ASK)
    assert conversation.slots["answers"][0]["answer_text"] == "  spaced  "


async def test_skip_happens_only_by_button_and_typed_skip_words_are_answers(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    await start_questions(conversation)
    conversation.user("Skip this one")  # typed, not pressed
    await conversation.answer_form(VALIDATE, ASK)
    conversation.user("Skip this one", button_payload=prompts.SKIP_PAYLOAD, intent="skip_prompt")
    await conversation.answer_form(VALIDATE, ASK)
    answers = conversation.slots["answers"]
    assert [a["answer_text"] for a in answers] == ["Skip this one"]
    assert conversation.slots["prompt_cursor"] == 2
    readback = texts(await conversation.run(ActionReadBack()))
    assert any("(You skipped this one.)" in x for x in readback)


async def test_emoji_choice_buttons_send_plain_text_that_is_stored_as_the_answer(backend, conversation):
    backend.contexts[SENDER] = enrolled_context(age_band="under-8")
    conversation.user("/start_session", intent="start_session")
    await conversation.run(ActionWelcome())
    conversation.user("Get ready", intent="prepare_meeting", button_payload="/prepare_meeting")
    await conversation.run(ActionShowConfidentiality())
    conversation.user("OK", intent="affirm", button_payload="/affirm")
    asked = await conversation.run(ASK)
    assert [b["payload"] for b in buttons(asked)] == ["😀", "😐", "😢", prompts.SKIP_PAYLOAD]
    conversation.user("😢", button_payload="😢")
    await conversation.answer_form(VALIDATE, ASK)
    assert conversation.slots["answers"][0] | {"answered_at": None} == {
        "prompt_key": "feel_now", "prompt_text": t("en", "prompt.feel_now"), "answer_text": "😢",
        "answered_at": None}


async def test_changing_an_answer_asks_it_again_and_replaces_it(backend, conversation):
    backend.contexts[SENDER] = enrolled_context(age_band="8-11", meeting_type="child_in_need_review")
    await start_questions(conversation)
    await answer_all(conversation, ["😀", "my friends", "maths", "more time with mum", "no"])
    conversation.user("Change an answer", intent="change_answer", button_payload="/change_answer")
    offered = await conversation.run(ActionOfferChange())
    choose = next(b for b in buttons(offered) if "not_going_well" in b["payload"])
    assert choose["title"] == t("en", "prompt.not_going_well.label")
    conversation.user(choose["title"], intent="choose_answer", button_payload=choose["payload"],
                      entities=[{"entity": "prompt_key", "value": "not_going_well"}])
    await conversation.run(ActionStartChange())
    asked = await conversation.run(ASK)
    assert t("en", "prompt.not_going_well") in texts(asked)
    conversation.user(" maths and english ")
    await conversation.answer_form(VALIDATE, ASK)
    assert conversation.slots["editing_prompt_key"] is None
    answers = conversation.slots["answers"]
    assert [a["answer_text"] for a in answers] == ["😀", "my friends", " maths and english ", "more time with mum", "no"]
    await send(conversation, share=True)
    body = next(iter(backend.statements.values()))["body"]
    assert body["answers"][2]["answer_text"] == " maths and english " and body["share_with_carers"] is True


async def test_switching_language_mid_question_asks_the_same_question_in_welsh(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    await start_questions(conversation)
    payload = '/switch_language{"language": "cy"}'
    conversation.user("Cymraeg", intent="switch_language", button_payload=payload,
                      entities=[{"entity": "language", "value": "cy"}])
    said = await conversation.answer_form(VALIDATE, ASK)
    assert conversation.slots["language"] == "cy" and conversation.slots["answers"] == []
    assert texts(said) == [t("cy", "prompt.going_well")]
    assert conversation.slots["current_prompt_text"] == t("cy", "prompt.going_well")


async def test_the_connectors_own_start_session_payload_mid_form_is_not_an_answer(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    await start_questions(conversation)
    conversation.user("/start_session", intent="start_session", with_metadata=False)
    await conversation.answer_form(VALIDATE, ASK)
    assert conversation.slots["answers"] == [] and conversation.slots["prompt_cursor"] == 0


async def test_backend_outage_keeps_the_statement_and_a_retry_stores_it_once_with_the_same_key(
        backend, conversation, tmp_path):
    backend.contexts[SENDER] = enrolled_context()
    await start_questions(conversation)
    await answer_all(conversation, ["a", "b", "c", "d", "e", "f", "g"])
    backend.down = True
    said = await send(conversation)
    assert backend.statements == {}
    pending = conversation.slots["pending_statement"]
    assert [a["answer_text"] for a in pending["answers"]] == ["a", "b", "c", "d", "e", "f", "g"]
    assert "saved" in texts(said)[0]
    assert [b["payload"] for b in buttons(said)] == ["/retry_send"]
    outbox_files = list((tmp_path / "outbox").glob("*.json"))
    assert len(outbox_files) == 1
    assert json.loads(outbox_files[0].read_text(encoding="utf-8")) == pending

    conversation.user("Try again", intent="retry_send", button_payload="/retry_send")
    await conversation.run(ActionSubmitStatement())  # still down: still kept
    assert conversation.slots["pending_statement"] == pending

    backend.down = False
    conversation.user("Try again", intent="retry_send", button_payload="/retry_send")
    said = await conversation.run(ActionSubmitStatement())
    assert list(backend.statements) == [pending["idempotency_key"]]
    assert conversation.slots["pending_statement"] is None
    assert not list((tmp_path / "outbox").glob("*.json"))
    assert any("sent" in x for x in texts(said))
    posted_keys = {body["idempotency_key"] for method, _, body in backend.requests if method == "POST"}
    assert posted_keys == {pending["idempotency_key"]}


async def test_a_pending_statement_is_retried_on_the_next_turn(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    await start_questions(conversation)
    await answer_all(conversation, ["a", "b", "c", "d", "e", "f", "g"])
    backend.down = True
    await send(conversation)
    backend.down = False
    conversation.user("hi", intent="greet")
    said = await conversation.run(ActionWelcome())
    assert len(backend.statements) == 1 and conversation.slots["pending_statement"] is None
    assert any("sent now" in x for x in texts(said))


async def test_unreachable_backend_is_an_outage_not_a_crash(backend, conversation, monkeypatch):
    from bot.actions import settings
    backend.contexts[SENDER] = enrolled_context()
    await start_questions(conversation)
    await answer_all(conversation, ["a", "b", "c", "d", "e", "f", "g"])
    monkeypatch.setenv("BACKEND_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    settings.get.cache_clear()
    await send(conversation)
    assert conversation.slots["pending_statement"]["answers"][0]["answer_text"] == "a"


async def test_the_same_statement_sent_twice_is_stored_once(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    await start_questions(conversation)
    key = conversation.slots["statement_key"]
    assert key.startswith(f"{SENDER}:")
    await answer_all(conversation, ["a", "b", "c", "d", "e", "f", "g"])
    snapshot = dict(conversation.slots)
    await send(conversation)
    conversation.slots = snapshot  # a duplicate delivery of the same turn
    await send(conversation)
    assert list(backend.statements) == [key]
    assert [r[2]["idempotency_key"] for r in backend.requests if r[0] == "POST"] == [key, key]


async def test_a_child_who_is_not_enrolled_is_never_asked_questions(backend, conversation):
    conversation.user("/start_session", intent="start_session")
    await conversation.run(ActionWelcome())
    conversation.user("my meeting", intent="prepare_meeting")
    said = await conversation.run(ActionShowConfidentiality())
    assert "code" in texts(said)[0]
    dispatcher = CollectingDispatcher()
    assert await VALIDATE.required_slots(["current_answer"], dispatcher, conversation.tracker(), {}) == []
    assert "code" in dispatcher.messages[0]["text"]


async def test_getting_ready_after_an_outage_at_welcome_fetches_the_context_again(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    backend.down = True
    conversation.user("/start_session", intent="start_session")
    said = await conversation.run(ActionWelcome())
    assert "999" in texts(said)[0] and conversation.slots["enrolled"] is None
    backend.down = False
    conversation.user("Get ready for my meeting", intent="prepare_meeting")
    said = await conversation.run(ActionShowConfidentiality())
    assert texts(said)[0].startswith("Your social worker and your IRO")
    assert conversation.slots["enrolled"] is True and len(conversation.slots["prompt_plan"]) == 7
