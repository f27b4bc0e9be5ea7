"""Table-driven tests of the web chat connector (in the style of nyaruka/courier's handlertest).

Each case runs against a real Sanic app serving the connector's blueprint on a loopback port. A recording
handler stands in for Rasa (it answers like a tiny bot) and a local HTTP server stands in for the backend's
enrolment endpoint. Nothing outside this machine is contacted.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Any, List, Optional

import pytest

from bot.channels.webchat import MAX_TEXT_CHARS, SessionSigner
from bot.core.i18n import t

from webchat_harness import SERVICE_TOKEN, SESSION_SECRET, WELCOME_BUTTONS, Harness, free_port

VALID = object()  # replaced by a session token minted by the server for this case
FORGED = object()  # replaced by a token signed with the wrong secret


# --- the table ---------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Case:
    label: str
    path: str
    body: Any
    status: int
    error: Optional[str] = None
    reply_texts: Optional[List[str]] = None  # texts of the messages returned to the page
    handled_text: Optional[str] = None  # UserMessage.text that reached "Rasa"; None: nothing reached it
    verbatim: Any = None
    button_payload: Optional[str] = None
    prepare_welcome: bool = True  # open a session first (the welcome offers WELCOME_BUTTONS)
    enrolled_code: Optional[str] = None  # code the backend stub must have been asked about


VERBATIM = "  Hello there 😀\nمرحبا بكم — I said it my way!  \n\n"
TEN_THOUSAND = ("a😀" * (MAX_TEXT_CHARS // 2))
CASES = [
    Case("Create session without code", "session", {}, 200,
         reply_texts=["Hello! I'm MySay."], handled_text="/start_session", prepare_welcome=False),
    Case("Create session with valid code", "session", {"enrolment_code": " demo12 ", "language": "en"}, 200,
         reply_texts=["Hello! I'm MySay."], handled_text="/start_session", prepare_welcome=False,
         enrolled_code="demo12"),
    Case("Create session with unknown code", "session", {"enrolment_code": "NOPE99"}, 400,
         error="code_unknown", prepare_welcome=False, enrolled_code="NOPE99"),
    Case("Create session with used code", "session", {"enrolment_code": "USED01"}, 400,
         error="code_used", prepare_welcome=False, enrolled_code="USED01"),
    Case("Create session with expired code", "session", {"enrolment_code": "OLD001"}, 400,
         error="code_expired", prepare_welcome=False, enrolled_code="OLD001"),
    Case("Create session with non-JSON body", "session", b"code=DEMO12", 400,
         error="bad_request", prepare_welcome=False),
    Case("Send valid message", "message", {"session": VALID, "text": "I like football"}, 200,
         reply_texts=["Thank you.", "What else?"], handled_text="I like football", verbatim="I like football"),
    Case("Send with forged session", "message", {"session": FORGED, "text": "hi"}, 401,
         error="session_invalid"),
    Case("Send with missing session", "message", {"text": "hi"}, 401, error="session_invalid"),
    Case("Send with a client-chosen sender is still refused", "message",
         {"sender": "webchat-mine", "session": "webchat-mine", "text": "hi"}, 401, error="session_invalid"),
    Case("Send missing text", "message", {"session": VALID}, 400, error="bad_request"),
    Case("Send text that is not a string", "message", {"session": VALID, "text": ["hi"]}, 400,
         error="bad_request"),
    Case("Send non-JSON body", "message", b"not json", 400, error="bad_request"),
    Case("Send empty text", "message", {"session": VALID, "text": "  \n\t "}, 200,
         reply_texts=[t("en", "webchat.empty")]),
    Case("Send 10,000 characters", "message", {"session": VALID, "text": TEN_THOUSAND}, 200,
         reply_texts=["Thank you.", "What else?"], handled_text=TEN_THOUSAND, verbatim=TEN_THOUSAND),
    Case("Send 10,001 characters", "message", {"session": VALID, "text": TEN_THOUSAND + "b"}, 413,
         error="too_long"),
    Case("Send body over 64 KB", "message", {"session": VALID, "text": "x" * 70_000}, 413, error="too_long"),
    Case("Send intent syntax /affirm{...} is neutralised but verbatim kept", "message",
         {"session": VALID, "text": ' /affirm{"share_with_carers": true}'}, 200,
         reply_texts=["Thank you.", "What else?"], handled_text='／affirm{"share_with_carers": true}',
         verbatim=' /affirm{"share_with_carers": true}'),
    Case("Send double-slash intent syntax is neutralised", "message", {"session": VALID, "text": "//deny"}, 200,
         reply_texts=["Thank you.", "What else?"], handled_text="／／deny", verbatim="//deny"),
    Case("Button payload just offered passes through", "message", {"session": VALID, "text": "/prepare_meeting"},
         200, reply_texts=["Thank you.", "What else?"], handled_text="/prepare_meeting",
         verbatim="/prepare_meeting", button_payload="/prepare_meeting"),
    Case("Payload not offered is neutralised", "message", {"session": VALID, "text": "/start_session"}, 200,
         reply_texts=["Thank you.", "What else?"], handled_text="／start_session", verbatim="/start_session"),
    Case("Verbatim keeps leading/trailing spaces, newlines, emoji, Arabic", "message",
         {"session": VALID, "text": VERBATIM}, 200, reply_texts=["Thank you.", "What else?"],
         handled_text=VERBATIM.strip(), verbatim=VERBATIM),
]


def _fill(body: Any, token: str) -> Any:
    if not isinstance(body, dict):
        return body
    forged = SessionSigner("a-different-secret-0123456789").mint()[0]
    return {key: token if value is VALID else forged if value is FORGED else value for key, value in body.items()}


@pytest.mark.asyncio
@pytest.mark.parametrize("case", CASES, ids=[case.label for case in CASES])
async def test_webchat_connector(harness: Harness, case: Case) -> None:
    token = await harness.new_session() if case.prepare_welcome else ""
    harness.handler.messages.clear()
    harness.backend.requests.clear()

    reply = await harness.post(case.path, _fill(case.body, token))

    assert reply.status_code == case.status, reply.text
    assert reply.headers["Cache-Control"] == "no-store"
    data = reply.json()
    if case.error:
        assert data["error"] == case.error
        assert data["message"] and "Traceback" not in data["message"]
        assert "messages" not in data
    else:
        assert [m.get("text") for m in data["messages"] if "text" in m] == case.reply_texts
    if case.path == "session" and case.status == 200:
        assert SessionSigner(SESSION_SECRET).verify(data["session"]) is not None
        assert data["messages"][0]["buttons"] == WELCOME_BUTTONS

    if case.enrolled_code is not None:
        (request,) = harness.backend.requests
        assert request["auth"] == f"Bearer {SERVICE_TOKEN}"
        assert request["json"]["code"] == case.enrolled_code.strip()
        assert request["json"]["channel"] == "webchat"
        assert request["json"]["sender_id"].startswith("webchat-")
    else:
        assert harness.backend.requests == []

    if case.handled_text is None:
        assert harness.handler.messages == [], "nothing may reach Rasa"
        return
    (message,) = harness.handler.messages
    assert message.text == case.handled_text
    assert message.input_channel == "webchat"
    assert message.sender_id.startswith("webchat-")
    if token:
        assert message.sender_id == SessionSigner(SESSION_SECRET).verify(token)
    assert message.metadata["channel"] == "webchat"
    assert message.metadata["verbatim"] == case.verbatim
    assert message.metadata["button_payload"] == case.button_payload
    if case.path == "session":
        assert message.metadata["enrolled"] is bool(case.enrolled_code)
        assert message.metadata["language"] == "en"
        if case.enrolled_code:
            assert harness.backend.requests[0]["json"]["sender_id"] == message.sender_id


# --- behaviour that needs more than one request ------------------------------------------------------------

@pytest.mark.asyncio
async def test_reply_passes_custom_payloads_and_drops_recipient(harness: Harness) -> None:
    token = await harness.new_session()
    data = (await harness.post("message", {"session": token, "text": "hello"})).json()
    assert data["messages"][-1] == {"custom": {"kind": "progress", "step": 2}}
    assert all("recipient_id" not in m for m in data["messages"])
    assert all("buttons" not in m for m in data["messages"])


@pytest.mark.asyncio
async def test_offered_payload_is_accepted_only_until_the_next_reply(harness: Harness) -> None:
    token = await harness.new_session()
    await harness.post("message", {"session": token, "text": "/prepare_meeting"})
    await harness.post("message", {"session": token, "text": "/prepare_meeting"})  # no longer offered
    first, second = harness.handler.messages[1:]
    assert (first.text, first.metadata["button_payload"]) == ("/prepare_meeting", "/prepare_meeting")
    assert (second.text, second.metadata["button_payload"]) == ("／prepare_meeting", None)


@pytest.mark.asyncio
async def test_payload_offered_to_one_child_is_neutralised_for_another(harness: Harness) -> None:
    await harness.new_session()
    other = await harness.new_session()
    harness.channel.buttons.remember(
        harness.handler.messages[0].sender_id, [{"title": "Yes", "payload": "/affirm"}])
    await harness.post("message", {"session": other, "text": "/affirm"})
    assert harness.handler.messages[-1].text == "／affirm"


@pytest.mark.asyncio
async def test_empty_text_offers_the_last_buttons_again(harness: Harness) -> None:
    token = await harness.new_session()
    data = (await harness.post("message", {"session": token, "text": "   ", "language": "cy"})).json()
    assert data["messages"] == [{"text": t("cy", "webchat.empty"), "buttons": WELCOME_BUTTONS}]


@pytest.mark.asyncio
async def test_each_session_gets_its_own_server_chosen_sender(harness: Harness) -> None:
    tokens = {await harness.new_session() for _ in range(3)}
    senders = {message.sender_id for message in harness.handler.messages}
    assert len(tokens) == 3 and len(senders) == 3


@pytest.mark.asyncio
async def test_rasa_failure_is_a_kind_500_logged_with_ids_only(harness: Harness,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    token = await harness.new_session()
    harness.handler.fail = True
    secret_words = "my private words"
    with caplog.at_level(logging.DEBUG, logger="bot.channels.webchat"):
        reply = await harness.post("message", {"session": token, "text": secret_words})
    assert reply.status_code == 500
    assert reply.json() == {"error": "server", "message": t("en", "webchat.error.server")}
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "webchat.message.failed" in logged
    assert secret_words not in logged and token.split(".")[1] not in logged


@pytest.mark.asyncio
async def test_session_creation_never_logs_the_code_or_token(harness: Harness,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="bot.channels.webchat"):
        reply = await harness.post("session", {"enrolment_code": "DEMO12"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert reply.status_code == 200
    assert "DEMO12" not in logged and reply.json()["session"].split(".")[1] not in logged


@pytest.mark.asyncio
async def test_backend_unreachable_is_a_kind_503(harness: Harness) -> None:
    harness.channel.backend_url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    reply = await harness.post("session", {"enrolment_code": "DEMO12", "language": "cy"})
    assert reply.status_code == 503
    assert reply.json() == {"error": "backend_unavailable", "message": t("cy", "webchat.error.backend_unavailable")}
    assert harness.handler.messages == []


@pytest.mark.asyncio
async def test_too_long_message_names_the_limit_in_the_childs_language(harness: Harness) -> None:
    token = await harness.new_session()
    reply = await harness.post("message", {"session": token, "text": "y" * 10_001, "language": "cy"})
    assert reply.json()["message"] == t("cy", "webchat.error.too_long", limit="10,000")


def test_session_tokens_carry_at_least_128_random_bits_and_resist_tampering() -> None:
    signer = SessionSigner(SESSION_SECRET)
    token, sender_id = signer.mint()
    random_part, signature = token.split(".")
    assert len(random_part) * 6 >= 128 and sender_id == f"webchat-{random_part}"
    assert signer.verify(token) == sender_id
    assert SessionSigner(SESSION_SECRET).verify(token) == sender_id  # stateless: survives a restart
    for bad in (f"{random_part}.{signature[:-1]}0" if signature[-1] != "0" else f"{random_part}.{signature[:-1]}1",
                f"{random_part[:-1]}A.{signature}" if random_part[-1] != "A" else f"{random_part[:-1]}B.{signature}",
                random_part, f"{token}.x", "", None, 42, "é" * 32 + "." + signature):
        assert signer.verify(bad) is None, bad


def test_button_memory_forgets_the_least_recently_seen_sender_beyond_its_bound() -> None:
    from bot.channels.webchat import ButtonMemory

    memory = ButtonMemory(max_senders=2)
    memory.remember("webchat-a", [{"title": "Yes", "payload": "/affirm"}])
    memory.remember("webchat-b", [])
    memory.offered("webchat-a")  # a was seen more recently than b
    memory.remember("webchat-c", [])
    assert len(memory) == 2
    assert memory.offered("webchat-a") == [{"title": "Yes", "payload": "/affirm"}]
    assert memory.offered("webchat-b") == []


@pytest.mark.asyncio
async def test_message_sent_outside_a_request_waits_for_the_page(harness: Harness) -> None:
    token = await harness.new_session()
    sender_id = harness.handler.messages[0].sender_id
    output = harness.channel.get_output_channel()
    await output.send_text_message(sender_id, "A reply from your social worker:")
    await output.send_text_with_buttons(sender_id, "What next?", [{"title": "Help", "payload": "/help"}])
    assert harness.handler.messages[1:] == [], "nothing goes to Rasa"
    polled = (await harness.post("poll", {"session": token})).json()
    assert polled["messages"] == [{"text": "A reply from your social worker:"},
                                  {"text": "What next?", "buttons": [{"title": "Help", "payload": "/help"}]}]
    assert (await harness.post("poll", {"session": token})).json() == {"messages": []}
    await harness.post("message", {"session": token, "text": "/help"})
    assert harness.handler.messages[-1].metadata["button_payload"] == "/help", "a queued button can be pressed"


@pytest.mark.asyncio
async def test_queued_messages_come_first_in_the_next_reply_and_poll_needs_a_session(harness: Harness) -> None:
    token = await harness.new_session()
    sender_id = harness.handler.messages[0].sender_id
    await harness.channel.get_output_channel().send_text_message(sender_id, "Queued")
    data = (await harness.post("message", {"session": token, "text": "hi"})).json()
    assert [m.get("text") for m in data["messages"]][:2] == ["Queued", "Thank you."]
    assert (await harness.post("poll", {"session": "forged.token"})).status_code == 401
