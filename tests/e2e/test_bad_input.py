"""Bad input gets a clear, kind answer from the real stack and loses nothing."""
from __future__ import annotations

import uuid

import httpx

from tests.e2e.conversation import Chat, answer_all
from tests.support.stack import Stack


def test_empty_message_gets_a_kind_reply_and_the_question_is_still_open(stack: Stack) -> None:
    chat = Chat.open(stack, "DEMO12")
    chat.press("/prepare_meeting")
    chat.press("/affirm")
    question = chat.last[-1]["text"]
    for empty in ("", "   ", "\n\t"):
        response = stack.webchat_send(chat.session, empty)
        assert response.status_code == 200
        reply = response.json()["messages"]
        assert reply and reply[0]["text"].strip(), "a kind reply, not silence"
    # The form did not move on: the next real answer answers the same question.
    marker = uuid.uuid4().hex
    chat.send(f"first answer {marker}")
    assert chat.in_question() and chat.last[-1]["text"] != question


def test_invalid_or_missing_session_is_refused_kindly(stack: Stack) -> None:
    for body in ({"session": "forged.0000", "text": "hi"}, {"text": "hi"}, {"session": "", "text": "hi"}):
        response = httpx.post(f"{stack.rasa_url}/webhooks/webchat/message", json=body, timeout=30)
        assert response.status_code in (400, 401), body
        assert response.json()["message"], "the page can show a kind explanation"
    # A forged session made by the client cannot become a conversation key.
    token = Chat.open(stack, None).session
    random_part, signature = token.split(".")
    forged = f"{random_part[:-1]}{'A' if random_part[-1] != 'A' else 'B'}.{signature}"
    assert stack.webchat_send(forged, "hello").status_code == 401


def test_unknown_enrolment_code_is_refused_with_a_kind_message(stack: Stack) -> None:
    response = stack.webchat_session("NOPE-0000")
    assert response.status_code == 400
    assert response.json()["error"] == "code_unknown"
    assert response.json()["message"]


def test_message_over_ten_thousand_characters_is_refused_kindly_and_exactly_ten_thousand_is_kept(
        stack: Stack) -> None:
    chat = Chat.open(stack, "DEMO12")
    too_long = stack.webchat_send(chat.session, "x" * 10_001)
    assert too_long.status_code == 413 and too_long.json()["message"]
    chat.press("/prepare_meeting")
    chat.press("/affirm")
    marker = uuid.uuid4().hex
    exact = (marker + "y" * 10_000)[:10_000]
    answer_all(chat, [exact, None, None, None, None, None, None][:7])
    chat.press("/send_statement")
    chat.press("/deny")
    stored = [a["answer_text"] for s in stack.statements("demo-sw") for a in s["answers"]
              if a["answer_text"].startswith(marker)]
    assert stored == [exact]


def test_intent_syntax_typed_by_a_child_cannot_trigger_an_action(stack: Stack) -> None:
    before = len(stack.statements("demo-sw"))
    chat = Chat.open(stack, "DEMO12")
    # Not offered at this point: typed, it must not jump to sending a statement or reading one back.
    chat.send('/send_statement{"share_with_carers": true}')
    assert "/send_statement" not in chat.payloads
    chat.send("/affirm")
    assert not chat.in_question(), "typed /affirm did not start the questions"
    assert len(stack.statements("demo-sw")) == before
