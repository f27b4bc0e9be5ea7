"""Table-driven tests of the Telegram connector against a local stub of the Bot API.

python-telegram-bot is pointed at the stub with base_url; updates are captured Update JSON shapes.
"""
from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any, Dict, List, Optional

import pytest

from bot.channels.telegram import TelegramInput
from bot.core.i18n import t
from tests.support.channel_stubs import telegram_update

from channel_harness import MENU, WEBHOOK_SECRET, Harness

USER = 777000111
TITLES = [b["title"] for b in MENU]


@dataclasses.dataclass
class Case:
    label: str
    update: Any  # an Update dict, raw bytes, or a callable(harness) -> Update dict
    status: int
    handled_text: Optional[str] = None
    verbatim: Any = None
    button_payload: Optional[str] = None
    sent: Optional[List[str]] = None  # texts sent with sendMessage, in order
    secret: Optional[str] = WEBHOOK_SECRET
    prepare: bool = False  # send "hi" first, so the menu is offered as an inline keyboard
    enrolled_code: Optional[str] = None
    answered: int = 0  # answerCallbackQuery calls
    repeat: int = 1  # the same update delivered this many times (Telegram retries)
    stopped: Optional[bool] = None  # the user's stop state the backend holds afterwards


def _press(position: int, stale: bool = False):
    def build(harness: Harness) -> Dict[str, Any]:
        generation = "000000" if stale else harness.tg.buttons.generation(f"telegram-{USER}")
        return telegram_update(USER, kind="callback_query", callback_data=f"{generation}:{position}")
    return build


THANKS = "Thanks. What next?"
CASES = [
    Case("Receive valid message", telegram_update(USER, text="I like football 😀\nمرحبا"), 200,
         handled_text="I like football 😀\nمرحبا", verbatim="I like football 😀\nمرحبا", sent=[THANKS]),
    Case("Receive invalid secret", telegram_update(USER, text="hi"), 403, secret="wrong-secret-0123456789"),
    Case("Receive missing secret", telegram_update(USER, text="hi"), 403, secret=None),
    Case("Receive missing body", b"", 400),
    Case("Receive body that is not an update", b'["update"]', 400),
    Case("Receive update without update_id", {"message": {"text": "hi"}}, 400),
    Case("Receive duplicate delivery of one update_id is one turn", telegram_update(USER, text="only once"), 200,
         handled_text="only once", verbatim="only once", sent=[THANKS], repeat=3),
    Case("Receive button press", _press(0), 200, handled_text="/prepare_meeting", verbatim="/prepare_meeting",
         button_payload="/prepare_meeting", sent=[THANKS], prepare=True, answered=1),
    Case("Receive choice button press keeps the choice's words", _press(2), 200, handled_text="😀 Happy",
         verbatim="😀 Happy", button_payload="😀 Happy", sent=[THANKS], prepare=True, answered=1),
    Case("Receive press of a button from an older turn", _press(0, stale=True), 200, prepare=True, answered=1),
    Case("Receive press of a button that was never offered", _press(9), 200, prepare=True, answered=1),
    Case("Receive intent syntax is neutralised", telegram_update(USER, text='/affirm{"a": 1}'), 200,
         handled_text='／affirm{"a": 1}', verbatim='/affirm{"a": 1}', sent=[THANKS]),
    Case("Receive offered payload typed is accepted", telegram_update(USER, text="/help"), 200,
         handled_text="/help", verbatim="/help", button_payload="/help", sent=[THANKS]),
    Case("Receive unknown command is neutralised text", telegram_update(USER, text="/restart"), 200,
         handled_text="／restart", verbatim="/restart", sent=[THANKS]),
    Case("Receive /start opens the conversation", telegram_update(USER, text="/start"), 200,
         handled_text="/start_session", sent=[THANKS]),
    Case("Receive sticker", telegram_update(USER, sticker={
        "file_id": "CAACAgIAAx", "file_unique_id": "AgAD", "type": "regular", "width": 512, "height": 512,
        "is_animated": False, "is_video": False}), 200, sent=[t("en", "channels.cannot_read.sticker")]),
    Case("Receive voice note", telegram_update(USER, voice={"file_id": "AwAC", "file_unique_id": "AgAD",
                                                            "duration": 3, "mime_type": "audio/ogg"}), 200,
         sent=[t("en", "channels.cannot_read.voice")]),
    Case("Receive photo with a caption reads the caption", telegram_update(USER, caption="my room 🛏️", photo=[
        {"file_id": "AgAC", "file_unique_id": "AQAD", "width": 90, "height": 67}]), 200,
         handled_text="my room 🛏️", verbatim="my room 🛏️", sent=[t("en", "channels.cannot_read.photo"), THANKS]),
    Case("Receive document in Welsh", telegram_update(USER, language_code="cy", document={
        "file_id": "BQAC", "file_unique_id": "AgAD", "file_name": "a.pdf"}), 200,
         sent=[t("cy", "channels.cannot_read.document")]),
    Case("Receive location", telegram_update(USER, location={"latitude": 51.5, "longitude": -3.2}), 200,
         sent=[t("en", "channels.cannot_read.other")]),
    # Telegram has no STOP keyword: "Stop bot" blocks it, and Telegram tells us with a my_chat_member update.
    Case("Receive STOP (the user stops and blocks the bot)",
         telegram_update(USER, kind="my_chat_member", status="kicked"), 200, stopped=True),
    Case("Receive edited message", telegram_update(USER, text="changed words", kind="edited_message"), 200,
         sent=[t("en", "channels.edited")]),
    Case("Receive group message is ignored", telegram_update(USER, text="hi", chat_type="group"), 200),
    Case("Receive enrolment code valid", telegram_update(USER, text="/start K7QM-2XPA"), 200,
         handled_text="/start_session", sent=[THANKS], enrolled_code="K7QM-2XPA"),
    Case("Receive enrolment code expired", telegram_update(USER, text="/start OLD-00001"), 200,
         handled_text="/start_session", sent=[t("en", "channels.code_expired"), THANKS],
         enrolled_code="OLD-00001"),
    Case("Receive enrolment code reused typed as JOIN", telegram_update(USER, text="join USED-0001"), 200,
         handled_text="/start_session", sent=[t("en", "channels.code_used"), THANKS], enrolled_code="USED-0001"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("case", CASES, ids=[case.label for case in CASES])
async def test_telegram_connector(channels: Harness, case: Case) -> None:
    if case.prepare:
        assert (await channels.post_telegram(telegram_update(USER, text="hi"))).status_code == 200
    channels.rasa.messages.clear()
    with channels.telegram.lock:
        channels.telegram.requests.clear()

    update = case.update(channels) if callable(case.update) else case.update
    for _ in range(case.repeat):
        reply = await channels.post_telegram(update, secret=case.secret)

    assert reply.status_code == case.status, reply.text
    assert channels.telegram.texts() == (case.sent or [])
    assert len(channels.telegram.calls("answerCallbackQuery")) == case.answered
    for call in channels.telegram.calls("sendMessage"):
        assert call["chat_id"] == USER
    if case.enrolled_code:
        (enrolment,) = channels.backend.enrolments
        assert enrolment == {"code": case.enrolled_code, "channel": "telegram", "sender_id": f"telegram-{USER}"}
    else:
        assert channels.backend.enrolments == []
    if case.stopped is not None:
        assert channels.backend.contacts[f"telegram-{USER}"]["stopped"] is case.stopped
    if case.handled_text is None:
        assert channels.rasa.messages == [], "nothing may reach Rasa"
        return
    (message,) = channels.rasa.messages
    assert message.text == case.handled_text
    assert message.sender_id == f"telegram-{USER}"
    assert message.input_channel == "telegram" and message.metadata["channel"] == "telegram"
    assert message.metadata["verbatim"] == case.verbatim
    assert message.metadata["button_payload"] == case.button_payload
    if case.handled_text == "/start_session":
        assert message.metadata["enrolled"] is (case.enrolled_code == "K7QM-2XPA")


# --- behaviour that needs more than one request ------------------------------------------------------------

@pytest.mark.asyncio
async def test_buttons_are_an_inline_keyboard_with_short_tokens_not_payloads(channels: Harness) -> None:
    await channels.post_telegram(telegram_update(USER, text="hi"))
    (call,) = channels.telegram.calls("sendMessage")
    rows = call["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == TITLES
    data = [row[0]["callback_data"] for row in rows]
    assert all(len(d.encode()) <= 64 and "/" not in d and "Happy" not in d for d in data)
    assert len(set(data)) == len(data)


@pytest.mark.asyncio
async def test_duplicate_update_id_is_one_turn(channels: Harness) -> None:
    update = telegram_update(USER, text="only once")
    for _ in range(3):
        assert (await channels.post_telegram(update)).status_code == 200
    assert [m.text for m in channels.rasa.messages] == ["only once"]
    assert channels.telegram.texts() == [THANKS]


@pytest.mark.asyncio
async def test_blocked_by_the_user_marks_the_identity_stopped_and_nothing_more_is_sent(channels: Harness) -> None:
    channels.telegram.blocked.add(USER)
    await channels.post_telegram(telegram_update(USER, text="hi"))
    sender_id = f"telegram-{USER}"
    assert channels.backend.contacts[sender_id]["stopped"] is True
    before = len(channels.telegram.calls("sendMessage"))
    await channels.tg.get_output_channel().send_text_message(sender_id, "a worker's reply")
    assert len(channels.telegram.calls("sendMessage")) == before, "no proactive message after a block"
    # Writing again means the user unblocked the bot.
    channels.telegram.blocked.clear()
    await channels.post_telegram(telegram_update(USER, text="I'm back"))
    assert channels.backend.contacts[sender_id]["stopped"] is False
    assert channels.telegram.texts(USER)[-1] == THANKS


@pytest.mark.asyncio
async def test_membership_update_kicked_marks_stopped(channels: Harness) -> None:
    await channels.post_telegram(telegram_update(USER, kind="my_chat_member", status="kicked"))
    assert channels.backend.contacts[f"telegram-{USER}"]["stopped"] is True


@pytest.mark.asyncio
async def test_proactive_message_with_buttons_can_be_pressed(channels: Harness) -> None:
    sender_id = f"telegram-{USER}"
    await channels.tg.get_output_channel().send_text_with_buttons(sender_id, "Your worker replied.",
                                                                  [{"title": "Help", "payload": "/help"}])
    (call,) = channels.telegram.calls("sendMessage")
    data = call["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await channels.post_telegram(telegram_update(USER, kind="callback_query", callback_data=data))
    assert channels.rasa.messages[-1].text == "/help"


@pytest.mark.asyncio
async def test_rasa_failure_is_a_500_logged_by_id_only_and_the_retry_is_handled(channels: Harness, caplog) -> None:
    channels.rasa.fail = True
    update = telegram_update(USER, text="my private words")
    with caplog.at_level(logging.DEBUG):
        assert (await channels.post_telegram(update)).status_code == 500
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "telegram.update.failed" in logged and "my private words" not in logged
    assert "telegram-token" not in logged, "the bot token is in Bot API URLs: never log them"
    channels.rasa.fail = False
    assert (await channels.post_telegram(update)).status_code == 200
    assert len(channels.rasa.messages) == 2


@pytest.mark.asyncio
async def test_long_reply_is_split_within_telegrams_limit(channels: Harness) -> None:
    channels.rasa.reply_text = "Mae dy farn di'n bwysig iawn i ni. 😀 " * 300
    await channels.post_telegram(telegram_update(USER, text="hi"))
    texts = channels.telegram.texts()
    assert len(texts) > 1 and all(len(x.encode("utf-16-le")) // 2 <= 4096 for x in texts)
    calls = channels.telegram.calls("sendMessage")
    assert [bool(c.get("reply_markup")) for c in calls] == [False] * (len(calls) - 1) + [True]


def test_placeholders_are_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYSAY_ENV", "production")
    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        TelegramInput.from_credentials({"token": "not-configured", "webhook_secret": "not-configured",
                                        "service_token": "t"})


@pytest.mark.asyncio
async def test_not_configured_channel_refuses_every_update(channels: Harness) -> None:
    channel = TelegramInput(token="not-configured", webhook_secret="not-configured", backend_url="http://x",
                            service_token="t")
    assert channel.configured is False
    assert json.dumps(channel.__class__.name()) == '"telegram"'


@pytest.mark.asyncio
async def test_make_telegram_webhook_registers_the_public_url_with_the_secret(channels: Harness) -> None:
    import importlib.util
    from pathlib import Path

    from channel_harness import BOT_TOKEN

    path = Path(__file__).resolve().parents[3] / "scripts" / "telegram_webhook.py"
    spec = importlib.util.spec_from_file_location("telegram_webhook", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    url = await script.register(BOT_TOKEN, WEBHOOK_SECRET, "https://mysay.example.org/", channels.telegram.url)
    (call,) = channels.telegram.calls("setWebhook")
    assert url == call["url"] == "https://mysay.example.org/webhooks/telegram/webhook"
    assert call["secret_token"] == WEBHOOK_SECRET
    assert json.loads(call["allowed_updates"]) == ["message", "edited_message", "callback_query", "my_chat_member"]
