"""Telegram through python-telegram-bot: secret-token webhooks, one turn per update_id, inline keyboards.

Rasa mounts the blueprint at /webhooks/telegram/, so `make telegram-webhook` registers
{PUBLIC_URL}/webhooks/telegram/webhook with Telegram's setWebhook and TELEGRAM_WEBHOOK_SECRET; Telegram then
sends that secret in X-Telegram-Bot-Api-Secret-Token on every update
(https://core.telegram.org/bots/api#setwebhook), which we compare in constant time.

The sender id is "telegram-" + the Telegram user id: a number Telegram gives this bot, not a phone number,
and the chat id we send to in a private chat. Only private chats are served. Logs carry ids only.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import re
from datetime import timedelta
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.common import (HELP_PAYLOAD, START_PAYLOAD, BackendLink, ButtonMemory, OnNewMessage, SeenIds,
                                 TextOnlyOutput, clean_buttons, hand_off, is_configured, is_production, join_code, metadata,
                                 neutralise, split_text)
from bot.core.i18n import resolve_language, t

logger = logging.getLogger(__name__)
# httpx logs every request URL at INFO, and a Bot API URL contains the bot token: keep both quiet.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("telegram").setLevel(logging.WARNING)

CHANNEL = "telegram"
SENDER_PREFIX = "telegram-"
MAX_BODY_BYTES = 256 * 1024
MAX_TEXT_CHARS = 10_000
TELEGRAM_TEXT_LIMIT = 4096  # UTF-16 code units per message (https://core.telegram.org/bots/api#sendmessage)
SEND_ATTEMPTS = 4
MAX_RETRY_AFTER_SECONDS = 30.0
DEFAULT_API_BASE_URL = "https://api.telegram.org"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{16,256}$")  # setWebhook's secret_token alphabet
_COMMAND = re.compile(r"^/(start|help)(?:@\w+)?(?:\s+(\S.*))?$", re.DOTALL | re.IGNORECASE)
_NOT_TEXT = (("sticker", "sticker"), ("voice", "voice"), ("video_note", "voice"), ("video", "voice"),
             ("audio", "voice"), ("animation", "photo"), ("photo", "photo"), ("document", "document"))


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _kind_of(message: Any) -> Optional[str]:
    """Name what a message carries that the bot cannot read, or None for plain text."""
    for attribute, kind in _NOT_TEXT:
        if getattr(message, attribute, None):
            return kind
    return None if message.text is not None else "other"


class TelegramOutput(TextOnlyOutput):
    """Send Rasa's replies with the Bot API: buttons become an inline keyboard under the message."""

    def __init__(self, channel: "TelegramInput") -> None:
        self._channel = channel

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._channel.send(recipient_id, text)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        offered = clean_buttons(buttons)
        positions = self._channel.buttons.add(recipient_id, offered)
        generation = self._channel.buttons.generation(recipient_id)
        # callback_data holds at most 64 bytes, so it carries a short token, never the payload itself.
        keyboard = [(button["title"], f"{generation}:{position}") for button, position in zip(offered, positions)]
        await self._channel.send(recipient_id, text, keyboard=keyboard)


class TelegramInput(InputChannel):
    """Rasa input channel for a Telegram bot; one instance serves the webhook and outbound sends."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramInput":
        """Build from credentials.yml; refuse development placeholders in production."""
        credentials = credentials or {}
        if not credentials.get("service_token"):
            cls.raise_missing_credentials_exception()
        token, secret = str(credentials.get("token") or ""), str(credentials.get("webhook_secret") or "")
        if is_production() and not is_configured(token, secret):
            raise ValueError("MYSAY_ENV=production: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET, "
                             "or remove bot.channels.telegram.TelegramInput from credentials.yml")
        return cls(token=token, webhook_secret=secret,
                   backend_url=str(credentials.get("backend_url") or "http://127.0.0.1:8000"),
                   service_token=str(credentials["service_token"]),
                   api_base_url=str(credentials.get("api_base_url") or os.environ.get("TELEGRAM_API_BASE_URL")
                                    or DEFAULT_API_BASE_URL))

    def __init__(self, *, token: str, webhook_secret: str, backend_url: str, service_token: str,
                 api_base_url: str = DEFAULT_API_BASE_URL, retry_delay: float = 0.5) -> None:
        self.configured = is_configured(token, webhook_secret)
        if self.configured and not _SECRET.match(webhook_secret):
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and -")
        if not self.configured:
            logger.warning("telegram.not_configured: webhooks get 403 and nothing is sent until TELEGRAM_* are set")
        self._token = token
        self._secret = webhook_secret.encode("utf-8")
        self.backend = BackendLink(backend_url, service_token, channel=CHANNEL)
        self.api_base_url = api_base_url.rstrip("/")
        self.retry_delay = retry_delay
        self.buttons = ButtonMemory()
        self.seen = SeenIds()
        self._stopped: set = set()
        self._languages: Dict[str, str] = {}
        self._bot: Any = None

    # --- the Bot API ---------------------------------------------------------------------------------------
    def bot(self) -> Any:
        """Return the python-telegram-bot Bot, created on first use inside the running event loop."""
        if self._bot is None:
            from telegram import Bot

            self._bot = Bot(self._token, base_url=f"{self.api_base_url}/bot")
        return self._bot

    def language_of(self, sender_id: str, hint: Optional[str] = None) -> str:
        return resolve_language(self._languages.get(sender_id) or hint)

    async def _call(self, sender_id: str, what: str, call: Any) -> Any:
        """Run one Bot API call, retrying where Telegram says it may work; None if it failed for good."""
        from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                return await call()
            except Forbidden:
                # "Forbidden: bot was blocked by the user": respect it like an SMS STOP.
                logger.info("telegram.%s.blocked sender_id=%s", what, sender_id)
                await self.mark_stopped(sender_id, reason="blocked")
                return None
            except RetryAfter as exc:
                wait = exc.retry_after.total_seconds() if isinstance(exc.retry_after, timedelta) else float(
                    exc.retry_after)
                if attempt == SEND_ATTEMPTS or wait > MAX_RETRY_AFTER_SECONDS:
                    logger.error("telegram.%s.failed sender_id=%s reason=flood retryable=true", what, sender_id)
                    return None
                await asyncio.sleep(wait)
            except BadRequest as exc:
                logger.error("telegram.%s.failed sender_id=%s reason=%s retryable=false", what, sender_id,
                             type(exc).__name__)
                return None
            except NetworkError as exc:  # includes TimedOut
                if attempt == SEND_ATTEMPTS:
                    logger.error("telegram.%s.failed sender_id=%s reason=%s retryable=true", what, sender_id,
                                 type(exc).__name__)
                    return None
                logger.warning("telegram.%s.retry sender_id=%s attempt=%d reason=%s", what, sender_id, attempt,
                               type(exc).__name__)
                await asyncio.sleep(self.retry_delay * 2 ** (attempt - 1))
        return None

    async def send(self, sender_id: str, text: str, *, keyboard: Optional[List[Any]] = None) -> int:
        """Send text (split within Telegram's limit) with an optional inline keyboard on the last part."""
        if not self.configured:
            logger.warning("telegram.send.not_configured sender_id=%s", sender_id)
            return 0
        if sender_id in self._stopped or not sender_id.startswith(SENDER_PREFIX):
            logger.info("telegram.send.suppressed sender_id=%s", sender_id)
            return 0
        from telegram import InlineKeyboardButton, InlineKeyboardMarkup

        chat_id = int(sender_id[len(SENDER_PREFIX):])
        parts = split_text(text, lambda part: _utf16_len(part) <= TELEGRAM_TEXT_LIMIT) or [""]
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(title, callback_data=data)]
                                       for title, data in keyboard]) if keyboard else None
        sent = 0
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if not part and not (last and markup):
                continue
            result = await self._call(sender_id, "send", lambda: self.bot().send_message(
                chat_id=chat_id, text=part or "…", reply_markup=markup if last else None))
            if result is None:
                return sent
            sent += 1
            logger.info("telegram.send.ok sender_id=%s message_id=%s", sender_id, result.message_id)
        return sent

    async def mark_stopped(self, sender_id: str, *, reason: str) -> None:
        self._stopped.add(sender_id)
        await self.backend.contact(sender_id, "stop", reason=reason)

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Return an output channel for messages sent outside a request (a worker's reply)."""
        return TelegramOutput(self)

    # --- receive -----------------------------------------------------------------------------------------
    def _authentic(self, request: Request) -> bool:
        presented = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        if not self.configured or not presented:
            return False
        return hmac.compare_digest(presented.encode("utf-8", "replace"), self._secret)

    async def _seen(self, sender_id: str, chat_id: int, hint: Optional[str]) -> str:
        """Record the contact (a message means the user has not blocked us); return the language to use."""
        contact = await self.backend.contact(sender_id, "seen", address=str(chat_id))
        if contact is not None and contact.stopped:
            await self.backend.contact(sender_id, "start", address=str(chat_id))
        self._stopped.discard(sender_id)
        if contact is not None and contact.language:
            self._languages[sender_id] = resolve_language(contact.language)
        return self.language_of(sender_id, hint)

    async def _start(self, on_new_message: OnNewMessage, sender_id: str, lang: str, code: Optional[str]) -> None:
        """Enrol with the code if there is one, then open the conversation with the welcome."""
        enrolled = False
        if code:
            error, language = await self.backend.enrol(code, sender_id)
            if error:
                await self.send(sender_id, t(lang, f"channels.{error}"))
            else:
                enrolled = True
                if language:
                    self._languages[sender_id] = lang = resolve_language(language)
        self.buttons.clear(sender_id)
        meta = metadata(channel=CHANNEL, verbatim=None, language=lang, enrolled=enrolled)
        await hand_off(on_new_message, TelegramOutput(self), sender_id=sender_id, text=START_PAYLOAD, meta=meta,
                       input_channel=CHANNEL)

    async def _message(self, on_new_message: OnNewMessage, message: Any) -> None:
        user = message.from_user
        if message.chat.type != "private" or user is None:
            logger.info("telegram.ignored chat_type=%s", message.chat.type)
            return
        sender_id = f"{SENDER_PREFIX}{user.id}"
        lang = await self._seen(sender_id, message.chat.id, user.language_code)
        text = message.text if message.text is not None else message.caption
        kind = _kind_of(message)
        if kind is not None:
            await self.send(sender_id, t(lang, f"channels.cannot_read.{kind}"))
            if not (text or "").strip():
                return
        if text is None or not text.strip():
            await self.send(sender_id, t(lang, "channels.empty"))
            return
        if len(text) > MAX_TEXT_CHARS:
            text = text[:MAX_TEXT_CHARS]  # Telegram caps messages at 4,096 characters; this never happens

        # Telegram's own commands are the only ones recognised, each mapped explicitly.
        command = _COMMAND.match(text.strip()) if message.text is not None else None
        if command and command.group(1).lower() == "start":
            await self._start(on_new_message, sender_id, lang, (command.group(2) or "").strip() or None)
            return
        code = join_code(text)
        if code is not None:
            await self._start(on_new_message, sender_id, lang, code)
            return
        if command:  # /help
            rasa_text, meta = HELP_PAYLOAD, metadata(channel=CHANNEL, verbatim=text, button_payload=HELP_PAYLOAD)
        else:
            button_payload = self.buttons.payload_for(sender_id, text)
            rasa_text = text if button_payload is not None else neutralise(text)
            meta = metadata(channel=CHANNEL, verbatim=text, button_payload=button_payload)
        self.buttons.clear(sender_id)
        await hand_off(on_new_message, TelegramOutput(self), sender_id=sender_id, text=rasa_text, meta=meta,
                       input_channel=CHANNEL)

    async def _callback(self, on_new_message: OnNewMessage, query: Any) -> None:
        """Answer the button press (so the spinner stops) and hand its payload to Rasa."""
        sender_id = f"{SENDER_PREFIX}{query.from_user.id}"
        if query.message is not None and getattr(query.message.chat, "type", "private") != "private":
            await self._call(sender_id, "answer", lambda: self.bot().answer_callback_query(query.id))
            return
        lang = await self._seen(sender_id, query.from_user.id, query.from_user.language_code)
        generation, _, position = (query.data or "").partition(":")
        offered = self.buttons.offered(sender_id)
        payload = None
        if generation and generation == self.buttons.generation(sender_id) and position.isdigit() \
                and int(position) < len(offered):
            payload = offered[int(position)]["payload"]
        if payload is None:
            await self._call(sender_id, "answer", lambda: self.bot().answer_callback_query(
                query.id, text=t(lang, "channels.button_old")))
            logger.info("telegram.callback.stale sender_id=%s", sender_id)
            return
        await self._call(sender_id, "answer", lambda: self.bot().answer_callback_query(query.id))
        self.buttons.clear(sender_id)
        await hand_off(on_new_message, TelegramOutput(self), sender_id=sender_id, text=payload,
                       meta=metadata(channel=CHANNEL, verbatim=payload, button_payload=payload),
                       input_channel=CHANNEL)

    async def _membership(self, member_update: Any) -> None:
        """Record that the user blocked (kicked) or unblocked the bot."""
        sender_id = f"{SENDER_PREFIX}{member_update.from_user.id}"
        status = member_update.new_chat_member.status
        if status == "kicked":
            await self.mark_stopped(sender_id, reason="blocked")
        elif status == "member":
            self._stopped.discard(sender_id)
            await self.backend.contact(sender_id, "start", address=str(member_update.chat.id))
        logger.info("telegram.membership sender_id=%s status=%s", sender_id, status)

    async def _update(self, on_new_message: OnNewMessage, data: Dict[str, Any]) -> int:
        """Handle one authenticated update; return the HTTP status for Telegram."""
        from telegram import Update

        update_id = data.get("update_id")
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return 400
        key = str(update_id)
        if not self.seen.first_time(key):
            logger.info("telegram.duplicate update_id=%s", update_id)
            return 200
        try:
            update = Update.de_json(data, self.bot())
            if update.callback_query is not None:
                await self._callback(on_new_message, update.callback_query)
            elif update.message is not None:
                await self._message(on_new_message, update.message)
            elif update.edited_message is not None:
                edited = update.edited_message
                if edited.chat.type == "private" and edited.from_user is not None:
                    sender_id = f"{SENDER_PREFIX}{edited.from_user.id}"
                    await self.send(sender_id, t(self.language_of(sender_id, edited.from_user.language_code),
                                                 "channels.edited"))
            elif update.my_chat_member is not None and update.my_chat_member.chat.type == "private":
                await self._membership(update.my_chat_member)
            else:
                logger.info("telegram.ignored update_id=%s", update_id)
        except Exception as exc:  # noqa: BLE001 - logged by id; a 500 makes Telegram deliver it again
            self.seen.forget(key)
            logger.error("telegram.update.failed update_id=%s error=%s", update_id, type(exc).__name__)
            return 500
        return 200

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Define the webhook Telegram posts updates to."""
        telegram = Blueprint("telegram_webhook", __name__)

        @telegram.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": self.configured})

        @telegram.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.empty(status=413)
            if not self._authentic(request):
                logger.warning("telegram.webhook.forbidden")
                return response.empty(status=403)
            try:
                data = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return response.empty(status=400)
            if not isinstance(data, dict):
                return response.empty(status=400)
            status = await self._update(on_new_message, data)
            return response.empty(status=status) if status != 200 else response.json({})

        return telegram
