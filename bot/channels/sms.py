"""SMS through Twilio: signed webhooks, one turn per MessageSid, numbered buttons, STOP honoured, async sends.

Rasa mounts the blueprint at /webhooks/twilio/ (url_prefix), so Twilio is configured with:

    A message comes in:   POST {PUBLIC_URL}/webhooks/twilio/webhook
    Status callback:      POST {PUBLIC_URL}/webhooks/twilio/status   (set on every message we send)

Every request must carry a valid X-Twilio-Signature, computed by Twilio over the public URL it called and
the form fields (https://www.twilio.com/docs/usage/security#validating-requests); we check it against
PUBLIC_URL + path, so it works behind a proxy or tunnel. The sender id is "sms-" + an HMAC of the E.164
number, so trackers and logs never hold the number; the backend keeps the number (channel_contacts) only
so that a worker's reply can be sent. Logs carry ids only: never text or phone numbers.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Text, Tuple
from urllib.parse import parse_qs, urlsplit

from rasa.core.channels.channel import InputChannel, OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot.channels import sms_text
from bot.channels.common import (START_PAYLOAD, BackendLink, ButtonMemory, OnNewMessage, SeenIds, TextOnlyOutput,
                                 clean_buttons, hand_off, is_configured, is_production, join_code, keyed_sender_id,
                                 metadata, neutralise)
from bot.core.i18n import resolve_language, t

logger = logging.getLogger(__name__)
# Twilio's own HTTP logging is verbose and names the recipient in URLs and errors: keep it quiet.
logging.getLogger("twilio").setLevel(logging.WARNING)

CHANNEL = "sms"
SENDER_PREFIX = "sms-"
URL_PREFIX = "twilio"
MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_CHARS = 10_000
SEND_ATTEMPTS = 4
ADDRESS_MEMORY = 10_000
DEFAULT_API_BASE_URL = "https://api.twilio.com"
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")
# Twilio error 21610: the recipient replied STOP (https://www.twilio.com/docs/api/errors/21610).
TWILIO_UNSUBSCRIBED = 21610
TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class SendError(Exception):
    """A message could not be sent; `retryable` says whether trying again may work."""

    def __init__(self, reason: str, retryable: bool, code: Optional[int] = None) -> None:
        super().__init__(reason)
        self.retryable = retryable
        self.code = code


def _media_kind(content_type: Optional[str]) -> str:
    """Name what kind of attachment an MMS carried, for the kind reply."""
    kind = (content_type or "").split("/", 1)[0]
    return {"image": "photo", "audio": "voice", "video": "voice"}.get(kind, "document" if kind else "other")


class _MultiForm(dict):
    """Form fields as RequestValidator reads them: every value of a repeated field is signed."""

    def getall(self, name: str) -> List[str]:
        return self[name]


def _form(request: Request) -> Optional[Dict[str, List[str]]]:
    """Parse the url-encoded body keeping blank fields (Twilio signs "ToState=" too); None if unreadable."""
    try:
        return parse_qs((request.body or b"").decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        return None


def _twiml(status: int = 200) -> HTTPResponse:
    return response.text(TWIML_EMPTY if status == 200 else "", status=status, content_type="text/xml")


class SmsOutput(TextOnlyOutput):
    """Send Rasa's replies as SMS: buttons become numbered options; custom JSON is for web chat only."""

    def __init__(self, channel: "SmsInput", language: Optional[str] = None) -> None:
        self._channel = channel
        self._language = language

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._channel.send(recipient_id, text)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        offered = clean_buttons(buttons)
        positions = self._channel.buttons.add(recipient_id, offered)
        lang = self._language or self._channel.language_of(recipient_id)
        await self._channel.send(recipient_id, sms_text.with_numbered_buttons(lang, text, offered, positions))


class SmsInput(InputChannel):
    """Rasa input channel for SMS via Twilio; one instance serves inbound webhooks and outbound sends."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    def url_prefix(self) -> Text:
        return URL_PREFIX

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SmsInput":
        """Build from credentials.yml; refuse development placeholders in production."""
        credentials = credentials or {}
        if not credentials.get("service_token") or not credentials.get("sender_secret"):
            cls.raise_missing_credentials_exception()
        twilio = [str(credentials.get(key) or "") for key in ("account_sid", "auth_token", "phone_number")]
        if is_production() and not is_configured(*twilio, str(credentials.get("public_url") or "")):
            raise ValueError("MYSAY_ENV=production: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER "
                             "and PUBLIC_URL, or remove bot.channels.sms.SmsInput from credentials.yml")
        return cls(
            account_sid=twilio[0], auth_token=twilio[1], phone_number=twilio[2],
            public_url=str(credentials.get("public_url") or "http://localhost:5005"),
            sender_secret=str(credentials["sender_secret"]),
            backend_url=str(credentials.get("backend_url") or "http://127.0.0.1:8000"),
            service_token=str(credentials["service_token"]),
            api_base_url=str(credentials.get("api_base_url") or os.environ.get("TWILIO_API_BASE_URL")
                             or DEFAULT_API_BASE_URL),
        )

    def __init__(self, *, account_sid: str, auth_token: str, phone_number: str, public_url: str,
                 sender_secret: str, backend_url: str, service_token: str,
                 api_base_url: str = DEFAULT_API_BASE_URL, retry_delay: float = 0.5) -> None:
        if len(sender_secret) < 16:
            raise ValueError("sms sender_secret (SENDER_ID_SECRET) must be at least 16 characters")
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("PUBLIC_URL must be an absolute http(s) URL")
        self.configured = is_configured(account_sid, auth_token, phone_number)
        if not self.configured:
            logger.warning("sms.not_configured: webhooks get 403 and nothing is sent until TWILIO_* are set")
        self._account_sid = account_sid
        self._validator = RequestValidator(auth_token) if self.configured else None
        self._auth_token = auth_token
        self.phone_number = phone_number
        self.public_url = public_url.rstrip("/")
        self._sender_secret = sender_secret
        self.backend = BackendLink(backend_url, service_token, channel=CHANNEL)
        self.api_base_url = api_base_url.rstrip("/")
        self.retry_delay = retry_delay
        self.buttons = ButtonMemory()
        self.seen = SeenIds()
        self._addresses: "OrderedDict[str, str]" = OrderedDict()
        self._languages: "OrderedDict[str, str]" = OrderedDict()
        self._stopped: set = set()
        self._client: Any = None

    # --- identity ------------------------------------------------------------------------------------------
    def sender_id_for(self, number: str) -> str:
        """Return the conversation key for a phone number: never the number itself."""
        return keyed_sender_id(SENDER_PREFIX, number, self._sender_secret)

    def _remember(self, store: "OrderedDict[str, str]", key: str, value: str) -> None:
        store[key] = value
        store.move_to_end(key)
        while len(store) > ADDRESS_MEMORY:
            store.popitem(last=False)

    def language_of(self, sender_id: str) -> str:
        return resolve_language(self._languages.get(sender_id))

    def is_stopped(self, sender_id: str) -> bool:
        return sender_id in self._stopped

    # --- authenticate ----------------------------------------------------------------------------------------
    def _signed(self, request: Request, form: Dict[str, List[str]]) -> bool:
        """Check X-Twilio-Signature over PUBLIC_URL + path (+ query) and the form fields."""
        signature = request.headers.get("X-Twilio-Signature")
        if not signature or self._validator is None:
            return False
        url = self.public_url + request.path + (f"?{request.query_string}" if request.query_string else "")
        return self._validator.validate(url, _MultiForm(form), signature)

    # --- send --------------------------------------------------------------------------------------------
    def _twilio(self) -> Any:
        """Return the Twilio client, created on first use inside the running event loop."""
        if self._client is None:
            from twilio.http.async_http_client import AsyncTwilioHttpClient
            from twilio.rest import Client

            self._client = Client(self._account_sid, self._auth_token,
                                  http_client=AsyncTwilioHttpClient(timeout=15))
            self._client.api.base_url = self.api_base_url  # a local stub in tests
        return self._client

    async def _create(self, to: str, body: str) -> str:
        """Ask Twilio to send one message; return its sid or raise SendError saying if a retry may work."""
        from aiohttp import ClientError
        from twilio.base.exceptions import TwilioRestException

        try:
            message = await self._twilio().messages.create_async(
                to=to, from_=self.phone_number, body=body,
                status_callback=f"{self.public_url}/webhooks/{URL_PREFIX}/status")
        except TwilioRestException as exc:
            # https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions
            retryable = exc.status == 429 or exc.status >= 500
            raise SendError(f"twilio {exc.status}", retryable, exc.code) from None
        except (ClientError, asyncio.TimeoutError, OSError) as exc:
            raise SendError(type(exc).__name__, True) from None
        return str(message.sid)

    async def _address(self, sender_id: str) -> Optional[str]:
        """Return the number to send to (asking the backend after a restart), or None if we must not send."""
        if sender_id in self._stopped:
            return None
        address = self._addresses.get(sender_id)
        if address is not None:
            return address
        contact = await self.backend.lookup(sender_id)
        if contact is None or contact.address is None:
            return None
        if contact.stopped:
            self._stopped.add(sender_id)
            return None
        self._remember(self._addresses, sender_id, contact.address)
        return contact.address

    async def send(self, sender_id: str, text: str, *, even_if_stopped: bool = False) -> int:
        """Send text to a conversation in as few messages as SMS limits allow; return how many were sent."""
        if not self.configured:
            logger.warning("sms.send.not_configured sender_id=%s", sender_id)
            return 0
        address = self._addresses.get(sender_id) if even_if_stopped else await self._address(sender_id)
        if address is None:
            logger.info("sms.send.suppressed sender_id=%s reason=%s", sender_id,
                        "stopped" if sender_id in self._stopped else "no_address")
            return 0
        sent = 0
        parts = sms_text.split_for_sms(text)
        for index, part in enumerate(parts):
            for attempt in range(1, SEND_ATTEMPTS + 1):
                try:
                    sid = await self._create(address, part)
                except SendError as exc:
                    if exc.code == TWILIO_UNSUBSCRIBED:
                        logger.info("sms.send.unsubscribed sender_id=%s", sender_id)
                        await self.mark_stopped(sender_id, reason="carrier")
                        return sent
                    if exc.retryable and attempt < SEND_ATTEMPTS:
                        logger.warning("sms.send.retry sender_id=%s part=%d attempt=%d reason=%s", sender_id,
                                       index + 1, attempt, exc)
                        await asyncio.sleep(self.retry_delay * 2 ** (attempt - 1))
                        continue
                    logger.error("sms.send.failed sender_id=%s part=%d/%d reason=%s code=%s retryable=%s",
                                 sender_id, index + 1, len(parts), exc, exc.code, exc.retryable)
                    return sent
                sent += 1
                logger.info("sms.send.ok sender_id=%s message_sid=%s part=%d/%d segments=%d", sender_id, sid,
                            index + 1, len(parts), sms_text.segments(part))
                break
        return sent

    async def mark_stopped(self, sender_id: str, *, reason: str) -> None:
        self._stopped.add(sender_id)
        await self.backend.contact(sender_id, "stop", reason=reason)

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Return an output channel for messages sent outside a request (a worker's reply)."""
        return SmsOutput(self)

    # --- receive -----------------------------------------------------------------------------------------
    async def _keyword(self, word: str, sender_id: str, number: str) -> bool:
        """Honour STOP / START / HELP; return True if the message was a keyword and is fully handled."""
        lang = self.language_of(sender_id)
        if word == "stop":
            self._remember(self._addresses, sender_id, number)
            self._stopped.add(sender_id)
            await self.backend.contact(sender_id, "stop", address=number, reason="keyword")
            # One confirmation is what carriers expect after STOP; nothing after it.
            await self.send(sender_id, t(lang, "sms.stopped"), even_if_stopped=True)
            logger.info("sms.keyword.stop sender_id=%s", sender_id)
            return True
        if word == "start":
            if sender_id not in self._stopped:
                return False  # "yes" from a number that never stopped is an answer, not a keyword
            self._stopped.discard(sender_id)
            await self.backend.contact(sender_id, "start", address=number)
            await self.send(sender_id, t(lang, "sms.started"))
            logger.info("sms.keyword.start sender_id=%s", sender_id)
            return True
        await self.send(sender_id, t(lang, "sms.help"), even_if_stopped=True)
        logger.info("sms.keyword.help sender_id=%s", sender_id)
        return True

    async def _receive(self, on_new_message: OnNewMessage, form: Dict[str, str]) -> int:
        """Handle one verified inbound message; return the status for Twilio."""
        number, sid, body = form.get("From", ""), form.get("MessageSid", ""), form.get("Body")
        if not _E164.match(number) or not _MESSAGE_SID.match(sid) or body is None:
            return 400
        if len(body) > MAX_TEXT_CHARS:
            return 413
        if not self.seen.first_time(sid):
            logger.info("sms.duplicate message_sid=%s", sid)
            return 200
        sender_id = self.sender_id_for(number)
        self._remember(self._addresses, sender_id, number)
        try:
            await self._handle(on_new_message, sender_id, number, body, form)
        except Exception as exc:  # noqa: BLE001 - any failure is logged by id, never with the text
            self.seen.forget(sid)
            logger.error("sms.message.failed sender_id=%s message_sid=%s error=%s", sender_id, sid,
                         type(exc).__name__)
            return 500
        return 200

    async def _handle(self, on_new_message: OnNewMessage, sender_id: str, number: str, body: str,
                      form: Dict[str, str]) -> None:
        word = sms_text.keyword(body)
        if word == "stop":
            await self._keyword(word, sender_id, number)
            return
        contact = await self.backend.contact(sender_id, "seen", address=number)
        if contact is not None:
            if contact.stopped:
                self._stopped.add(sender_id)
            else:
                self._stopped.discard(sender_id)
            if contact.language:
                self._remember(self._languages, sender_id, resolve_language(contact.language))
        if word and await self._keyword(word, sender_id, number):
            return
        lang = self.language_of(sender_id)
        output = SmsOutput(self)

        code = join_code(body)
        if code is not None:
            error, language = await self.backend.enrol(code, sender_id)
            if error:
                await self.send(sender_id, t(lang, f"channels.{error}"))
                return
            if language:
                self._remember(self._languages, sender_id, resolve_language(language))
            self.buttons.clear(sender_id)
            await hand_off(on_new_message, output, sender_id=sender_id, text=START_PAYLOAD, input_channel=CHANNEL,
                           meta=metadata(channel=CHANNEL, verbatim=None, enrolled=True,
                                         language=resolve_language(language)))
            return

        if int(form.get("NumMedia") or 0) > 0:
            # Pictures and voice notes cannot be read; say so kindly, then take any words that came with them.
            await self.send(sender_id, t(lang, f"channels.cannot_read.{_media_kind(form.get('MediaContentType0'))}"))
            if not body.strip():
                return
        if not body.strip():
            await self.send(sender_id, t(lang, "channels.empty"))
            return

        # normalise: a number chooses an offered button; only an offered payload may reach Rasa as "/intent"
        offered = self.buttons.offered(sender_id)
        position = sms_text.chosen_position(body)
        button_payload = None
        if position is not None and position < len(offered):
            button_payload = offered[position]["payload"]
        elif position is None:
            button_payload = self.buttons.payload_for(sender_id, body)
        if button_payload is not None:
            # The child chose an option: its words are the option's, as when a web chat button is pressed.
            rasa_text, meta = button_payload, metadata(channel=CHANNEL, verbatim=button_payload,
                                                       button_payload=button_payload, typed=body)
        else:
            rasa_text, meta = neutralise(body), metadata(channel=CHANNEL, verbatim=body)
        self.buttons.clear(sender_id)
        await hand_off(on_new_message, output, sender_id=sender_id, text=rasa_text, meta=meta,
                       input_channel=CHANNEL)

    async def _status(self, form: Dict[str, str]) -> int:
        """Record a delivery status callback against the outbound message."""
        sid, status, number = form.get("MessageSid", ""), form.get("MessageStatus", ""), form.get("To", "")
        if not _MESSAGE_SID.match(sid) or not re.fullmatch(r"[a-z_]{1,32}", status) or not _E164.match(number):
            return 400
        sender_id = self.sender_id_for(number)
        error_code = form.get("ErrorCode") or None
        if error_code == str(TWILIO_UNSUBSCRIBED):
            await self.mark_stopped(sender_id, reason="carrier")
        stored = await self.backend.delivery(sender_id, sid, status, error_code)
        logger.info("sms.status sender_id=%s message_sid=%s status=%s stored=%s", sender_id, sid, status, stored)
        return 200 if stored else 503

    def _authenticated_form(self, request: Request, what: str) -> Tuple[Dict[str, str], Optional[int]]:
        """Return (the signed form's fields, None), or ({}, the status to refuse with: 413 or 403)."""
        if len(request.body or b"") > MAX_BODY_BYTES:
            return {}, 413
        fields = _form(request)
        if fields is None or not self._signed(request, fields):
            logger.warning("sms.%s.forbidden", what)
            return {}, 403
        return {key: values[0] for key, values in fields.items()}, None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Define the inbound message webhook and the delivery status callback."""
        twilio = Blueprint("twilio_sms_webhook", __name__)

        @twilio.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": self.configured})

        @twilio.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            fields, refused = self._authenticated_form(request, "webhook")
            if refused is not None:
                return _twiml(refused)
            return _twiml(await self._receive(on_new_message, fields))

        @twilio.route("/status", methods=["POST"])
        async def status(request: Request) -> HTTPResponse:
            fields, refused = self._authenticated_form(request, "status")
            if refused is not None:
                return _twiml(refused)
            return _twiml(await self._status(fields))

        return twilio
