"""Table-driven tests of the SMS (Twilio) connector, in the style of nyaruka/courier's handlertest.

Requests are signed with the twilio package's own RequestValidator; replies go through the real twilio
client to a local stub of Twilio's Messages API; a stub backend answers enrolment, contact and delivery calls.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Dict, List, Optional

import pytest
from twilio.request_validator import RequestValidator

from bot.channels import sms_text
from bot.channels.sms import SmsInput
from bot.core.i18n import t
from tests.support.channel_stubs import message_sid, twilio_inbound_form, twilio_signature, twilio_status_form

from channel_harness import AUTH_TOKEN, MENU, PUBLIC_URL, SENDER_SECRET, TWILIO_NUMBER, Harness

NUMBER = "+447700900123"
URL = f"{PUBLIC_URL}/webhooks/twilio/webhook"
MENU_TEXT = "Thanks. What next?\n\n1 Get ready for my meeting\n2 Help\n3 😀 Happy\n\nReply 1, 2 or 3."


def sign(form: Dict[str, str], url: str = URL) -> str:
    return RequestValidator(AUTH_TOKEN).compute_signature(url, form)


@dataclasses.dataclass
class Case:
    label: str
    body: Optional[str]
    status: int
    handled_text: Optional[str] = None  # what reached "Rasa"; None: nothing did
    verbatim: Optional[str] = None
    button_payload: Optional[str] = None
    sent: Optional[List[str]] = None  # SMS bodies sent back, in order
    signature: str = "valid"  # valid | invalid | missing | other_url
    prepare: Optional[str] = None  # a first message, so the menu is offered
    extra: Dict[str, str] = dataclasses.field(default_factory=dict)
    enrolled_code: Optional[str] = None
    repeat: int = 1  # the same request delivered this many times (Twilio retries)
    stopped: Optional[bool] = None  # the number's STOP state the backend holds afterwards


CASES = [
    Case("Receive valid message", "I like football 😀\nand school", 200, handled_text="I like football 😀\nand school",
         verbatim="I like football 😀\nand school", sent=[MENU_TEXT]),
    Case("Receive invalid signature", "hello", 403, signature="invalid", sent=[]),
    Case("Receive missing signature", "hello", 403, signature="missing", sent=[]),
    Case("Receive signature made for another URL", "hello", 403, signature="other_url", sent=[]),
    Case("Receive missing body", None, 400, sent=[]),
    Case("Receive duplicate delivery of one MessageSid is one turn", "I said this once", 200,
         handled_text="I said this once", verbatim="I said this once", sent=[MENU_TEXT], repeat=3),
    Case("Receive empty body", "   ", 200, sent=[t("en", "channels.empty")]),
    Case("Receive button reply by number", " 1 ", 200, handled_text="/prepare_meeting",
         verbatim="/prepare_meeting", button_payload="/prepare_meeting", sent=[MENU_TEXT], prepare="hi"),
    Case("Receive choice reply by number keeps the choice's words", "3", 200, handled_text="😀 Happy",
         verbatim="😀 Happy", button_payload="😀 Happy", sent=[MENU_TEXT], prepare="hi"),
    Case("Receive number with nothing offered is text", "2", 200, handled_text="2", verbatim="2", sent=[MENU_TEXT]),
    Case("Receive number out of range is text", "7", 200, handled_text="7", verbatim="7", sent=[MENU_TEXT],
         prepare="hi"),
    Case("Receive intent syntax is neutralised, verbatim kept", '/affirm{"x": 1}', 200,
         handled_text='／affirm{"x": 1}', verbatim='/affirm{"x": 1}', sent=[MENU_TEXT]),
    Case("Receive non-text MMS gets a kind reply", "", 200, extra={"NumMedia": "1",
         "MediaContentType0": "image/jpeg", "MediaUrl0": "https://api.twilio.com/2010-04-01/Accounts/x/Media/y"},
         sent=[t("en", "channels.cannot_read.photo")]),
    Case("Receive STOP", "Stop", 200, sent=[t("en", "sms.stopped")], stopped=True),
    Case("Receive UNSUBSCRIBE", "UNSUBSCRIBE", 200, sent=[t("en", "sms.stopped")]),
    Case("Receive HELP", "help", 200, sent=[t("en", "sms.help")]),
    Case("Receive YES when not stopped is an answer", "YES", 200, handled_text="YES", verbatim="YES",
         sent=[MENU_TEXT]),
    Case("Receive enrolment code valid", "JOIN k7qm-2xpa", 200, handled_text="/start_session", sent=[MENU_TEXT],
         enrolled_code="k7qm-2xpa"),
    Case("Receive enrolment code expired", "join OLD-00001", 200, sent=[t("en", "channels.code_expired")],
         enrolled_code="OLD-00001"),
    Case("Receive enrolment code reused", "JOIN USED-0001", 200, sent=[t("en", "channels.code_used")],
         enrolled_code="USED-0001"),
    Case("Receive enrolment code unknown", "YMUNO NOPE-9999", 200, sent=[t("en", "channels.code_unknown")],
         enrolled_code="NOPE-9999"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("case", CASES, ids=[case.label for case in CASES])
async def test_sms_connector(channels: Harness, case: Case) -> None:
    if case.prepare is not None:
        form = twilio_inbound_form(body=case.prepare, number=NUMBER)
        assert (await channels.post_sms(form, signature=sign(form))).status_code == 200
    channels.rasa.messages.clear()
    with channels.twilio.lock:
        channels.twilio.requests.clear()

    form = twilio_inbound_form(body=case.body, number=NUMBER, **case.extra)
    signature = {"valid": sign(form), "invalid": sign(form)[:-2] + "AA", "missing": None,
                 "other_url": sign(form, "http://127.0.0.1:5005/webhooks/twilio/webhook")}[case.signature]
    for _ in range(case.repeat):
        reply = await channels.post_sms(form, signature=signature)

    assert reply.status_code == case.status, reply.text
    if case.status == 200:
        assert reply.headers["content-type"].startswith("text/xml") and "<Response>" in reply.text
    assert case.body is None or case.body not in reply.text or not case.body.strip()
    assert channels.twilio.sent() == (case.sent or [])
    for request in channels.twilio.requests:
        assert request["to"] == NUMBER and request["from"] == TWILIO_NUMBER
        assert request["status_callback"] == f"{PUBLIC_URL}/webhooks/twilio/status"
    if case.enrolled_code:
        (enrolment,) = channels.backend.enrolments
        assert enrolment["code"] == case.enrolled_code and enrolment["channel"] == "sms"
        assert enrolment["sender_id"] == channels.sms.sender_id_for(NUMBER)
    if case.stopped is not None:
        assert channels.backend.contacts[channels.sms.sender_id_for(NUMBER)]["stopped"] is case.stopped

    if case.handled_text is None:
        assert channels.rasa.messages == [], "nothing may reach Rasa"
        return
    (message,) = channels.rasa.messages
    assert message.text == case.handled_text
    assert message.sender_id == channels.sms.sender_id_for(NUMBER)
    assert message.input_channel == "sms" and message.metadata["channel"] == "sms"
    assert message.metadata["verbatim"] == case.verbatim
    assert message.metadata["button_payload"] == case.button_payload
    if case.enrolled_code:
        assert message.metadata["enrolled"] is True


# --- behaviour that needs more than one request ------------------------------------------------------------

async def _send(channels: Harness, body: str, **form_fields: str):
    form = twilio_inbound_form(body=body, number=NUMBER, **form_fields)
    reply = await channels.post_sms(form, signature=sign(form))
    assert reply.status_code == 200
    return form


@pytest.mark.asyncio
async def test_duplicate_delivery_of_one_message_sid_is_one_turn(channels: Harness) -> None:
    form = twilio_inbound_form(body="I said this once", number=NUMBER)
    for _ in range(3):
        assert (await channels.post_sms(form, signature=sign(form))).status_code == 200
    assert [m.text for m in channels.rasa.messages] == ["I said this once"]
    assert len(channels.twilio.sent()) == 1


@pytest.mark.asyncio
async def test_stopped_number_gets_nothing_more_until_start_but_its_words_still_reach_triage(channels: Harness) -> None:
    await _send(channels, "STOP")
    sender_id = channels.sms.sender_id_for(NUMBER)
    assert channels.backend.contacts[sender_id]["stopped"] is True
    await _send(channels, "someone is hurting me")
    assert [m.text for m in channels.rasa.messages] == ["someone is hurting me"], "triage still sees it"
    await channels.sms.get_output_channel().send_text_message(sender_id, "a worker's reply")
    assert channels.twilio.sent() == [t("en", "sms.stopped")], "no reply and no proactive message after STOP"

    await _send(channels, "yes")  # YES is START for a stopped number
    assert channels.backend.contacts[sender_id]["stopped"] is False
    await _send(channels, "hello again")
    assert channels.twilio.sent() == [t("en", "sms.stopped"), t("en", "sms.started"), MENU_TEXT]


@pytest.mark.asyncio
async def test_a_stop_recorded_by_the_backend_survives_a_restart(channels: Harness) -> None:
    sender_id = channels.sms.sender_id_for(NUMBER)
    channels.backend.contacts[sender_id] = {"stopped": True, "address": NUMBER}
    await channels.sms.get_output_channel().send_text_message(sender_id, "a worker's reply")
    assert channels.twilio.sent() == []


@pytest.mark.asyncio
async def test_proactive_message_after_a_restart_finds_the_number_through_the_backend(channels: Harness) -> None:
    sender_id = channels.sms.sender_id_for(NUMBER)
    channels.backend.contacts[sender_id] = {"stopped": False, "address": NUMBER}
    await channels.sms.get_output_channel().send_text_with_buttons(
        sender_id, "Your worker replied.", [{"title": "Help", "payload": "/help"}])
    assert channels.twilio.sent(NUMBER) == ["Your worker replied.\n\n1 Help\n\nReply 1."]


@pytest.mark.asyncio
@pytest.mark.parametrize("failures, attempts, delivered", [
    ([(503, 20500)], 2, True), ([(429, 20429), (500, None)], 3, True),
    ([(503, None)] * 4, 4, False), ([(400, 21211)], 1, False)],
    ids=["5xx retried", "429 then 5xx retried", "gives up after 4 attempts", "4xx never retried"])
async def test_sends_are_retried_only_when_twilio_says_they_may_work(channels: Harness, failures, attempts,
                                                                    delivered, caplog) -> None:
    channels.twilio.fail_next = list(failures)
    with caplog.at_level(logging.DEBUG):
        await _send(channels, "my secret words")
    assert len(channels.twilio.requests) == attempts
    assert all(request["body"] == MENU_TEXT for request in channels.twilio.requests), "the same message each time"
    assert channels.twilio.sent() == ([MENU_TEXT] if delivered else [])
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "my secret words" not in logged and NUMBER not in logged and NUMBER[1:] not in logged
    assert "Thanks. What next?" not in logged


@pytest.mark.asyncio
async def test_twilio_unsubscribed_error_marks_the_number_stopped(channels: Harness) -> None:
    channels.twilio.fail_next = [(400, 21610)]
    await _send(channels, "hello")
    sender_id = channels.sms.sender_id_for(NUMBER)
    assert channels.backend.contacts[sender_id]["stopped"] is True
    assert channels.sms.is_stopped(sender_id)


@pytest.mark.asyncio
async def test_long_reply_is_split_at_word_boundaries_within_ten_segments_and_keeps_emoji(channels: Harness) -> None:
    sentence = "Dy eiriau di sy'n bwysig 😀 and we will read every one of them carefully. "
    channels.rasa.reply_text = (sentence * 40).strip()
    await _send(channels, "hi")
    parts = channels.twilio.sent()
    assert len(parts) > 1
    assert all(sms_text.segments(part) <= sms_text.MAX_SEGMENTS for part in parts)
    assert all(part.endswith((".", "3.")) for part in parts[:-1]), "each part ends at a sentence"
    assert " ".join(parts).split() == (channels.rasa.reply_text + "\n\n" + MENU_TEXT.split("\n\n", 1)[1]).split()


@pytest.mark.asyncio
async def test_status_callback_is_signed_and_recorded_against_the_outbound_message(channels: Harness) -> None:
    sid = message_sid()
    form = twilio_status_form(sid=sid, status="delivered", to=NUMBER, from_=TWILIO_NUMBER)
    url = f"{PUBLIC_URL}/webhooks/twilio/status"
    assert (await channels.post_sms(form, path="status")).status_code == 403
    assert channels.backend.deliveries == {}
    reply = await channels.post_sms(form, path="status", signature=sign(form, url))
    assert reply.status_code == 200
    assert channels.backend.deliveries[sid] == {"channel": "sms", "sender_id": channels.sms.sender_id_for(NUMBER),
                                                "status": "delivered", "error_code": None}


@pytest.mark.asyncio
async def test_rasa_failure_is_a_500_logged_by_id_and_the_retry_is_handled(channels: Harness, caplog) -> None:
    channels.rasa.fail = True
    form = twilio_inbound_form(body="my private words", number=NUMBER)
    with caplog.at_level(logging.DEBUG):
        assert (await channels.post_sms(form, signature=sign(form))).status_code == 500
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "sms.message.failed" in logged and "my private words" not in logged and NUMBER not in logged
    channels.rasa.fail = False
    assert (await channels.post_sms(form, signature=sign(form))).status_code == 200
    assert len(channels.rasa.messages) == 2


def test_sender_id_is_a_keyed_hash_that_never_contains_the_number() -> None:
    channel = SmsInput(account_sid="AC" + "1" * 32, auth_token="x" * 32, phone_number=TWILIO_NUMBER,
                       public_url=PUBLIC_URL, sender_secret=SENDER_SECRET, backend_url="http://127.0.0.1:1",
                       service_token="t")
    other = SmsInput(account_sid="AC" + "1" * 32, auth_token="x" * 32, phone_number=TWILIO_NUMBER,
                     public_url=PUBLIC_URL, sender_secret="another-secret-0123456789", backend_url="http://x",
                     service_token="t")
    sender_id = channel.sender_id_for(NUMBER)
    assert sender_id.startswith("sms-") and len(sender_id) == 4 + 32
    assert "7700900123" not in sender_id and sender_id == channel.sender_id_for(NUMBER)
    assert other.sender_id_for(NUMBER) != sender_id and channel.sender_id_for("+447700900124") != sender_id


def test_signature_helper_for_e2e_matches_twilios_request_validator() -> None:
    form = twilio_inbound_form(body="héllo 😀 & = +", number=NUMBER)
    assert twilio_signature(AUTH_TOKEN, URL, form) == RequestValidator(AUTH_TOKEN).compute_signature(URL, form)


def test_placeholders_are_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYSAY_ENV", "production")
    with pytest.raises(ValueError, match="TWILIO_ACCOUNT_SID"):
        SmsInput.from_credentials({"account_sid": "not-configured", "auth_token": "not-configured",
                                   "phone_number": "not-configured", "public_url": PUBLIC_URL,
                                   "sender_secret": SENDER_SECRET, "service_token": "t"})


@pytest.mark.parametrize("text, expected", [
    ("hello", 1), ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3), ("€" * 80, 1), ("€" * 81, 2),
    ("😀" * 35, 1), ("😀" * 36, 2), ("ŵ" * 70, 1), ("ŵ" * 71, 2), ("مرحبا" * 14, 1)])
def test_segments_follow_gsm7_and_ucs2_limits(text: str, expected: int) -> None:
    assert sms_text.segments(text) == expected


def test_keywords_are_whole_messages_only() -> None:
    assert [sms_text.keyword(w) for w in ("STOP", " stop. ", "Stopall", "quit", "START", "unstop", "info", "Help!")] \
        == ["stop", "stop", "stop", "stop", "start", "start", "help", "help"]
    assert sms_text.keyword("please stop asking") is None and sms_text.keyword("helpful") is None


def test_a_message_that_does_not_fit_is_split_without_breaking_an_emoji_sequence() -> None:
    text = ("👩🏽‍🦱" * 200)
    parts = sms_text.split_for_sms(text, max_segments=2)
    assert "".join(parts) == text and all(sms_text.segments(p) <= 2 for p in parts)
