"""Children prepare for a meeting by SMS and by Telegram, and a worker's reply reaches each on their channel.

Real backend, action server and Rasa; Twilio's Messages API and the Telegram Bot API are local stubs that
record what was sent; inbound SMS are signed exactly as Twilio signs them.
"""
from __future__ import annotations

import uuid

import httpx

from tests.e2e.channel_conversation import Phone, TelegramUser, en
from tests.support.stack import Stack

SKIP = en("button.skip")


def _statement_with(stack: Stack, marker: str) -> dict:
    found = [s for s in stack.statements("demo-sw") if any(marker in a["answer_text"] for a in s["answers"])]
    assert len(found) == 1, f"expected one statement with the marker, found {len(found)}"
    return found[0]


def _reply(stack: Stack, statement_id: int, text: str) -> dict:
    token = stack.staff_token("demo-sw")
    response = httpx.post(f"{stack.backend_url}/api/statements/{statement_id}/reply", json={"text": text},
                          headers={"Authorization": f"Bearer {token}"}, timeout=60)
    assert response.status_code == 201, response.text
    return response.json()


def test_sms_child_prepares_for_a_meeting_gets_the_workers_reply_and_nothing_after_stop(stack: Stack) -> None:
    marker = uuid.uuid4().hex
    phone = Phone(stack, "+447700900" + str(100 + int(marker[:6], 16) % 800))
    phone.send("JOIN DEMO12")
    assert "Sam" in phone.text and "Reply 1" in phone.text
    phone.choose(en("button.prepare"))
    assert "secret" in phone.text, "told who reads it and that harm can't be kept secret"
    phone.choose(en("button.start"))
    answers = 0
    while SKIP in phone.options():
        answers += 1
        phone.send(f"answer {answers} by text 😀 {marker}\nsecond line")
    assert answers >= 5
    assert marker in phone.text, "the answers are read back before sending"
    phone.choose(en("button.send"))
    phone.choose(en("button.no"))

    statement = _statement_with(stack, marker)
    assert statement["channel"] == "sms"
    assert any(a["answer_text"] == f"answer 1 by text 😀 {marker}\nsecond line" for a in statement["answers"])

    words = f"Thank you Sam 🙂 I'll make sure the meeting hears this. {marker}"
    reply = _reply(stack, statement["id"], words)
    assert (reply["status"], reply["channel"]) == ("sent", "sms")
    texts = stack.twilio.wait_for(lambda requests: any(words == r["body"] for r in requests))
    assert [r["body"] for r in texts if r["to"] == phone.number][-1] == words, "the worker's words, unchanged"

    phone.send("STOP")
    assert phone.last == [en("sms.stopped")]
    before = len(stack.twilio.sent(phone.number))
    assert _reply(stack, statement["id"], "Are you still there?")["status"] == "stopped"
    phone.send("hello?")
    assert len(stack.twilio.sent(phone.number)) == before, "a stopped number receives nothing"


def test_telegram_young_person_prepares_for_a_meeting_and_gets_the_workers_reply(stack: Stack) -> None:
    marker = uuid.uuid4().hex
    user = TelegramUser(stack, 900_000_000 + int(marker[:6], 16))
    user.send("/start DEMO6")
    assert "Ava" in user.text
    user.press(en("button.prepare"))
    user.press(en("button.start"))
    answers = 0
    while SKIP in user.buttons():
        answers += 1
        user.send(f"my answer {answers} 🐶 {marker}")
    assert answers >= 3
    user.press(en("button.send"))
    user.press(en("button.yes"))

    statement = _statement_with(stack, marker)
    assert statement["channel"] == "telegram" and statement["share_with_carers"] is True
    assert f"my answer 1 🐶 {marker}" in [a["answer_text"] for a in statement["answers"]]
    assert stack.telegram.calls("answerCallbackQuery"), "button presses are answered"

    words = f"Thank you Ava 🌈 {marker}"
    reply = _reply(stack, statement["id"], words)
    assert (reply["status"], reply["channel"]) == ("sent", "telegram")
    stack.telegram.wait_for(lambda requests: any(r.get("text") == words for r in requests))
    texts = [call["text"] for call in stack.telegram.calls("sendMessage", user.user_id)]
    assert texts[-1] == words and "social worker" in texts[-2]


def test_unsigned_sms_and_unauthenticated_telegram_updates_are_refused(stack: Stack) -> None:
    sms = httpx.post(f"{stack.rasa_url}/webhooks/twilio/webhook", timeout=30,
                     data={"From": "+447700900555", "Body": "hi", "MessageSid": "SM" + "0" * 32})
    telegram = httpx.post(f"{stack.rasa_url}/webhooks/telegram/webhook", timeout=30,
                          json={"update_id": 1, "message": {"text": "hi"}},
                          headers={"X-Telegram-Bot-Api-Secret-Token": "wrong-secret-0123456789"})
    assert (sms.status_code, telegram.status_code) == (403, 403)
