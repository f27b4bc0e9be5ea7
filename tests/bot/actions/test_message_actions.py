"""Leave a message: asked honestly, kept verbatim, handed to the backend with its triage flags, told who and when."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import flags as flags_module
from bot.actions.message import ActionAskLeftMessage, ActionLeaveMessage, ValidateMessageForm
from bot.actions.session import ActionHelp, ActionWelcome
from bot.core.i18n import t
from mysay_action_harness import SENDER, Conversation, buttons, enrolled_context, texts

pytestmark = pytest.mark.asyncio

WORDS = "  hi i'm in care in Cardiff 🙏\nplease can someone ring me after school  "


def said(messages: list[dict]) -> str:
    return "\n".join(texts(messages))


async def write(conv: Conversation, typed: str, **user: object) -> list[dict]:
    """Ask for the message, receive it, let the form validate it, then send it, as the rules do."""
    conv.user("Leave a message", intent="leave_message", button_payload="/leave_message")
    asked = await conv.run(ActionAskLeftMessage())
    conv.active_loop = {"name": "message_form"}
    conv.slots["requested_slot"] = "left_message"
    conv.user(typed, **user)
    await conv.run(ValidateMessageForm(), [{"event": "slot", "name": "left_message", "value": typed.strip()}])
    dispatcher = CollectingDispatcher()
    assert await ValidateMessageForm().required_slots(["left_message"], dispatcher, conv.tracker(), {}) == []
    conv.active_loop = {}
    return asked + await conv.run(ActionLeaveMessage())


async def test_the_welcome_and_help_offer_an_unenrolled_child_a_message_button(backend, conversation):
    conversation.user("/start_session", intent="start_session")
    welcome = await conversation.run(ActionWelcome())
    conversation.user("help", intent="help")
    help_ = await conversation.run(ActionHelp())
    for messages in (welcome, help_):
        assert {"title": t("en", "button.leave_message"), "payload": "/leave_message"} in buttons(messages)


async def test_unenrolled_message_is_sent_verbatim_to_the_duty_team_and_the_child_is_told_who_and_when(backend,
                                                                                                   conversation):
    backend.flag_deadline = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    reply = said(await write(conversation, WORDS, triage={"flags": [], "language": "en"}))
    [sent] = backend.flags.values()
    assert sent["flags"] == ["message"] and sent["message_text"] == WORDS, "stored exactly as typed"
    assert sent["sender_id"] == SENDER and sent["channel"] == "webchat"
    assert "duty team" in reply and "don't know who you are" in reply, "asked honestly before anything is shared"
    assert "I've sent your message to the duty team" in reply and "by " in reply
    assert "JOIN" in reply and "0800 1111" in reply and "999" in reply
    assert conversation.slots["left_message"] is None and conversation.slots["message_cancelled"] is None


async def test_a_message_that_discloses_harm_raises_safeguarding_with_it_and_gives_help_numbers(backend, conversation):
    typed = "my stepdad hits me please help"
    reply = said(await write(conversation, typed, intent="disclose_harm",
                             triage={"flags": ["safeguarding", "advocacy"], "language": "en"}))
    [sent] = backend.flags.values()
    assert sent["flags"] == ["message", "safeguarding"] and sent["message_text"] == typed
    assert "seriously" in reply and "999" in reply and "0800 1111" in reply
    assert "/ask_advocate" in [b["payload"] for b in buttons(conversation.said)], "advocacy is offered, not sent"


async def test_an_enrolled_childs_message_is_for_their_worker(backend, conversation):
    backend.contexts[SENDER] = enrolled_context()
    conversation.slots.update(enrolled=True, readers=["social_worker", "iro"])
    backend.flag_deadline = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    reply = said(await write(conversation, "can we meet at school instead"))
    assert "Your social worker will read it" in reply and "sent your message to your social worker" in reply
    assert "JOIN" not in reply
    backend.flag_deadline = None


async def test_dont_send_it_sends_nothing(backend, conversation):
    reply = said(await write(conversation, t("en", "button.cancel_message"), intent="deny", button_payload="/deny"))
    assert backend.flags == {} and t("en", "message.cancelled") in reply


async def test_a_backend_outage_keeps_the_message_and_says_so(backend, conversation):
    backend.down = True
    reply = said(await write(conversation, WORDS))
    assert "keep trying" in reply and "0800 1111" in reply
    assert [p["message_text"] for p in flags_module.outbox.pending(flags_module.outbox_dir())] == [WORDS]


async def test_welsh_conversation_is_asked_and_answered_in_welsh(backend, conversation):
    conversation.slots["language"] = "cy"
    reply = said(await write(conversation, "helo, dw i angen help"))
    assert "tîm dyletswydd" in reply
