"""Web chat channel: a server-chosen, signed session; verbatim text in metadata; no intent injection.

One shape, as nyaruka/courier's handlers: authenticate → parse and validate → build the sender id →
normalise → hand off to Rasa. Routes (Rasa mounts the blueprint at /webhooks/webchat/):

    GET  /                 the chat page (?lang=en|cy)          see bot/channels/webchat_page.py
    GET  /static/<file>    its script and style sheet
    POST /session          {"enrolment_code"?, "language"?} → {"session", "messages"}
    POST /message          {"session", "text", "language"?}  → {"messages"}  (queued messages first)
    POST /poll             {"session"}                        → {"messages"}  queued since the last request

A page cannot be pushed to, so messages Rasa sends outside a request (a worker's reply, through
get_output_channel) wait in a bounded per-session queue in this process until the page's next request.

Logs carry ids only: never message text, enrolment codes or session tokens.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Text, Tuple
from urllib.parse import urlsplit

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import webchat_page
from bot.channels.common import (START_PAYLOAD, BackendLink, ButtonMemory, OnNewMessage, clean_buttons,
                                 hand_off, metadata, neutralise)
from bot.core.i18n import resolve_language, t

logger = logging.getLogger(__name__)

CHANNEL = "webchat"
SENDER_PREFIX = "webchat-"
MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_CHARS = 10_000
MAX_CODE_CHARS = 64
# secrets.token_urlsafe(24): 192 random bits as 32 URL-safe characters (never contains ".").
_RANDOM_PART = re.compile(r"[A-Za-z0-9_-]{32}")
__all__ = ["ButtonMemory", "SessionSigner", "WebChatInput", "neutralise"]  # ButtonMemory, neutralise: from common


class SessionSigner:
    """Mint and verify stateless session tokens: random + "." + HMAC-SHA256(secret, random)."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode("utf-8")

    def _sign(self, random_part: str) -> str:
        return hmac.new(self._key, random_part.encode("ascii"), hashlib.sha256).hexdigest()

    def mint(self) -> Tuple[str, str]:
        """Return a new (token, sender_id); the sender id is derived from the server's randomness only."""
        random_part = secrets.token_urlsafe(24)
        return f"{random_part}.{self._sign(random_part)}", SENDER_PREFIX + random_part

    def verify(self, token: Any) -> Optional[str]:
        """Return the sender id a token was minted for, or None if it is missing, malformed or forged."""
        if not isinstance(token, str) or len(token) > 200 or token.count(".") != 1:
            return None
        random_part, signature = token.split(".")
        if not _RANDOM_PART.fullmatch(random_part):
            return None
        if not hmac.compare_digest(signature.encode("ascii", "replace"), self._sign(random_part).encode("ascii")):
            return None
        return SENDER_PREFIX + random_part


def _reply_messages(collected: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Shape Rasa's collected bot messages for the page: text, buttons (title, payload), image, custom."""
    messages = []
    for bot_message in collected:
        out: Dict[str, Any] = {}
        for key in ("text", "image", "attachment", "custom"):
            if bot_message.get(key) is not None:
                out[key] = bot_message[key]
        buttons = clean_buttons(bot_message.get("buttons"))
        if buttons:
            out["buttons"] = buttons
        if out:
            messages.append(out)
    return messages


class Outbox:
    """Hold messages for pages that cannot be pushed to, per sender, bounded (oldest senders dropped first)."""

    def __init__(self, max_senders: int = 10_000, max_messages: int = 50) -> None:
        self._max_senders, self._max_messages = max_senders, max_messages
        self._queued: "OrderedDict[str, List[Dict[str, Any]]]" = OrderedDict()

    def put(self, sender_id: str, messages: List[Dict[str, Any]]) -> None:
        queued = (self._queued.pop(sender_id, []) + messages)[-self._max_messages:]
        self._queued[sender_id] = queued
        while len(self._queued) > self._max_senders:
            self._queued.popitem(last=False)

    def take(self, sender_id: str) -> List[Dict[str, Any]]:
        return self._queued.pop(sender_id, [])


class WebChatQueue(CollectingOutputChannel):
    """Output channel for messages sent outside a request: they wait in the outbox for the page."""

    def __init__(self, outbox: Outbox) -> None:
        super().__init__()
        self._outbox = outbox

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    async def _persist_message(self, message: Dict[str, Any]) -> None:
        await super()._persist_message(message)
        self._outbox.put(message["recipient_id"], _reply_messages([message]))
        logger.info("webchat.queued sender_id=%s", message["recipient_id"])


def _json(body: Dict[str, Any], status: int = 200) -> HTTPResponse:
    return response.json(body, status=status, headers=webchat_page.api_headers(), dumps=json.dumps,
                         ensure_ascii=False)


def _kind_error(lang: str, error: str, status: int, **params: Any) -> HTTPResponse:
    return _json({"error": error, "message": t(lang, f"webchat.error.{error}", **params)}, status)


def _too_long(lang: str) -> HTTPResponse:
    return _kind_error(lang, "too_long", 413, limit=f"{MAX_TEXT_CHARS:,}")


def _read_body(request: Request, *, allow_empty: bool) -> Tuple[Optional[Dict[str, Any]], Optional[HTTPResponse]]:
    """Return (the JSON object in the body, None), or (None, the kind error to answer with).

    An allowed empty body is {}; an oversized one is a 413; anything but a JSON object is a 400.
    """
    raw = request.body or b""
    if len(raw) > MAX_BODY_BYTES:
        return None, _too_long(resolve_language(None))
    if not raw.strip() and allow_empty:
        return {}, None
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        return None, _kind_error(resolve_language(None), "bad_request", 400)
    return body, None


def _language(body: Dict[str, Any], fallback: Optional[str] = None) -> str:
    requested = body.get("language")
    return resolve_language(requested if isinstance(requested, str) else fallback)


class WebChatInput(InputChannel):
    """Rasa input channel for MySay's own chat page."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WebChatInput":
        """Build the channel from credentials.yml (values come from the environment); fail fast on gaps."""
        credentials = credentials or {}
        if not credentials.get("session_secret") or not credentials.get("service_token"):
            cls.raise_missing_credentials_exception()
        return cls(
            backend_url=str(credentials.get("backend_url") or "http://127.0.0.1:8000"),
            service_token=str(credentials["service_token"]),
            session_secret=str(credentials["session_secret"]),
            quick_exit_url=str(credentials.get("quick_exit_url") or "https://www.bbc.co.uk/weather"),
        )

    def __init__(self, *, backend_url: str, service_token: str, session_secret: str, quick_exit_url: str) -> None:
        if len(session_secret) < 16:
            raise ValueError("webchat session_secret must be at least 16 characters")
        exit_parts = urlsplit(quick_exit_url)
        if exit_parts.scheme not in ("http", "https") or not exit_parts.netloc:
            raise ValueError("webchat quick_exit_url must be an absolute http(s) URL")
        self.backend_url = backend_url.rstrip("/")
        self._service_token = service_token
        self.signer = SessionSigner(session_secret)
        self.quick_exit_url = quick_exit_url
        self.buttons = ButtonMemory()
        self.outbox = Outbox()

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Return a queue for messages sent outside a request; the page collects them (see Outbox)."""
        return WebChatQueue(self.outbox)

    async def _enrol(self, code: str, sender_id: str) -> Tuple[Optional[str], Optional[str]]:
        """Link the conversation to a child; return (error kind or None, language the backend holds)."""
        return await BackendLink(self.backend_url, self._service_token, channel=CHANNEL).enrol(code, sender_id)

    async def _hand_off(
        self, on_new_message: OnNewMessage, sender_id: str, text: str, meta: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        """Give one message to Rasa, remember the buttons it offers, and return its replies."""
        collector = CollectingOutputChannel()
        await hand_off(on_new_message, collector, sender_id=sender_id, text=text, meta=meta,
                       input_channel=CHANNEL)
        messages = _reply_messages(collector.messages)
        self.buttons.remember(sender_id, [button for m in messages for button in m.get("buttons", [])])
        return messages

    def _remember_buttons(self, sender_id: str, queued: List[Dict[str, Any]]) -> None:
        """Let the buttons of queued messages (a worker's reply) be pressed like any just offered."""
        if queued:
            self.buttons.add(sender_id, [button for m in queued for button in m.get("buttons", [])])

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Define the chat page, its static files and the two JSON endpoints."""
        webchat = Blueprint("webchat_webhook", __name__)

        @webchat.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            return webchat_page.render_page(request, quick_exit_url=self.quick_exit_url)

        @webchat.route("/static/<filename>", methods=["GET"])
        async def static(request: Request, filename: str) -> HTTPResponse:
            return webchat_page.static_file(filename)

        @webchat.route("/session", methods=["POST"])
        async def create_session(request: Request) -> HTTPResponse:
            body, refused = _read_body(request, allow_empty=True)
            if refused is not None:
                return refused
            lang = _language(body)
            code = body.get("enrolment_code")
            if code is not None and not isinstance(code, str):
                return _kind_error(lang, "bad_request", 400)
            code = (code or "").strip()

            token, sender_id = self.signer.mint()
            enrolled = False
            if code:
                if len(code) > MAX_CODE_CHARS:
                    return _kind_error(lang, "code_unknown", 400)
                error, backend_language = await self._enrol(code, sender_id)
                if error == "backend_unavailable":
                    return _kind_error(lang, error, 503)
                if error:
                    return _kind_error(lang, error, 400)
                enrolled = True
                if not isinstance(body.get("language"), str):
                    lang = resolve_language(backend_language)

            meta = metadata(channel=CHANNEL, verbatim=None, language=lang, enrolled=enrolled,
                            language_chosen=isinstance(body.get("language"), str))
            try:
                messages = await self._hand_off(on_new_message, sender_id, START_PAYLOAD, meta)
            except Exception as exc:  # noqa: BLE001 - any failure in Rasa is a kind 500, never a stack trace
                logger.error("webchat.session.failed sender_id=%s error=%s", sender_id, type(exc).__name__)
                return _kind_error(lang, "server", 500)
            logger.info("webchat.session.created sender_id=%s enrolled=%s", sender_id, enrolled)
            return _json({"session": token, "messages": messages})

        @webchat.route("/message", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, refused = _read_body(request, allow_empty=False)
            if refused is not None:
                return refused
            lang = _language(body)

            # authenticate: the sender id comes from the signed token, never from the client
            sender_id = self.signer.verify(body.get("session"))
            if sender_id is None:
                return _kind_error(lang, "session_invalid", 401)

            text = body.get("text")
            if not isinstance(text, str):
                return _kind_error(lang, "bad_request", 400)
            if not text.strip():
                reply: Dict[str, Any] = {"text": t(lang, "webchat.empty")}
                offered = self.buttons.offered(sender_id)
                if offered:
                    reply["buttons"] = offered
                return _json({"messages": [reply]})
            if len(text) > MAX_TEXT_CHARS:
                return _too_long(lang)

            # normalise: only a payload we just offered may reach Rasa as `/intent`
            button_payload = self.buttons.payload_for(sender_id, text)
            rasa_text = text if button_payload is not None else neutralise(text)
            meta = metadata(channel=CHANNEL, verbatim=text, button_payload=button_payload)
            queued = self.outbox.take(sender_id)
            try:
                messages = await self._hand_off(on_new_message, sender_id, rasa_text, meta)
            except Exception as exc:  # noqa: BLE001 - any failure in Rasa is a kind 500, never a stack trace
                self.outbox.put(sender_id, queued)
                logger.error("webchat.message.failed sender_id=%s error=%s", sender_id, type(exc).__name__)
                return _kind_error(lang, "server", 500)
            self._remember_buttons(sender_id, queued)
            return _json({"messages": queued + messages})

        @webchat.route("/poll", methods=["POST"])
        async def poll(request: Request) -> HTTPResponse:
            body, refused = _read_body(request, allow_empty=False)
            if refused is not None:
                return refused
            sender_id = self.signer.verify(body.get("session"))
            if sender_id is None:
                return _kind_error(_language(body), "session_invalid", 401)
            queued = self.outbox.take(sender_id)
            self._remember_buttons(sender_id, queued)
            return _json({"messages": queued})

        return webchat
