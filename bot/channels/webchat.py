"""Web chat channel: a server-chosen, signed session; verbatim text in metadata; no intent injection.

One shape, as nyaruka/courier's handlers: authenticate → parse and validate → build the sender id →
normalise → hand off to Rasa. Routes (Rasa mounts the blueprint at /webhooks/webchat/):

    GET  /                 the chat page (?lang=en|cy)          see bot/channels/webchat_page.py
    GET  /static/<file>    its script and style sheet
    POST /session          {"enrolment_code"?, "language"?} → {"session", "messages"}
    POST /message          {"session", "text", "language"?}  → {"messages"}

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
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple
from urllib.parse import urlsplit

import httpx
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import webchat_page
from bot.core.i18n import resolve_language, t

logger = logging.getLogger(__name__)

CHANNEL = "webchat"
SENDER_PREFIX = "webchat-"
MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_CHARS = 10_000
MAX_CODE_CHARS = 64
BUTTON_MEMORY_SENDERS = 10_000
START_PAYLOAD = "/start_session"
BACKEND_TIMEOUT_SECONDS = 10.0
# secrets.token_urlsafe(24): 192 random bits as 32 URL-safe characters (never contains ".").
_RANDOM_PART = re.compile(r"[A-Za-z0-9_-]{32}")
_ENROLMENT_ERRORS = {404: "code_unknown", 409: "code_used", 410: "code_expired"}
# A full-width solidus looks like "/" to a reader but is not Rasa's intent prefix.
_NEUTRAL_SLASH = "\uff0f"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


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


class ButtonMemory:
    """Remember, per sender, the buttons last offered, in a bounded LRU.

    Per process: with several Rasa replicas, route a conversation to one replica (sticky sessions) or a
    payload the other replica offered is treated as typed text (neutralised, never injected).
    """

    def __init__(self, max_senders: int = BUTTON_MEMORY_SENDERS) -> None:
        self._max = max_senders
        self._buttons: "OrderedDict[str, List[Dict[str, str]]]" = OrderedDict()

    def remember(self, sender_id: str, buttons: List[Dict[str, str]]) -> None:
        self._buttons[sender_id] = buttons
        self._buttons.move_to_end(sender_id)
        while len(self._buttons) > self._max:
            self._buttons.popitem(last=False)

    def offered(self, sender_id: str) -> List[Dict[str, str]]:
        buttons = self._buttons.get(sender_id)
        if buttons is None:
            return []
        self._buttons.move_to_end(sender_id)
        return buttons

    def __len__(self) -> int:
        return len(self._buttons)


def neutralise(text: str) -> str:
    """Return text that Rasa will not read as `/intent{json}`: a leading "/" becomes a look-alike."""
    stripped = text.lstrip()
    if not stripped.startswith("/"):
        return text
    slashes = len(stripped) - len(stripped.lstrip("/"))
    return _NEUTRAL_SLASH * slashes + stripped[slashes:]


def _reply_messages(collected: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Shape Rasa's collected bot messages for the page: text, buttons (title, payload), image, custom."""
    messages = []
    for bot_message in collected:
        out: Dict[str, Any] = {}
        for key in ("text", "image", "attachment", "custom"):
            if bot_message.get(key) is not None:
                out[key] = bot_message[key]
        buttons = [
            {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
            for button in bot_message.get("buttons") or []
            if isinstance(button, dict) and button.get("payload") is not None
        ]
        if buttons:
            out["buttons"] = buttons
        if out:
            messages.append(out)
    return messages


def _json(body: Dict[str, Any], status: int = 200) -> HTTPResponse:
    return response.json(body, status=status, headers=webchat_page.api_headers(), dumps=json.dumps,
                         ensure_ascii=False)


def _kind_error(lang: str, error: str, status: int, **params: Any) -> HTTPResponse:
    return _json({"error": error, "message": t(lang, f"webchat.error.{error}", **params)}, status)


def _too_long(lang: str) -> HTTPResponse:
    return _kind_error(lang, "too_long", 413, limit=f"{MAX_TEXT_CHARS:,}")


def _parse_body(request: Request, *, allow_empty: bool) -> Optional[Dict[str, Any]]:
    """Return the JSON object in the body, {} for an allowed empty body, None if it is not a JSON object."""
    raw = request.body or b""
    if not raw.strip() and allow_empty:
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


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

    async def _enrol(self, code: str, sender_id: str) -> Tuple[Optional[str], Optional[str]]:
        """Link the conversation to a child; return (error kind or None, language the backend holds)."""
        try:
            async with httpx.AsyncClient(timeout=BACKEND_TIMEOUT_SECONDS) as client:
                reply = await client.post(
                    f"{self.backend_url}/api/bot/enrolments",
                    json={"code": code, "channel": CHANNEL, "sender_id": sender_id},
                    headers={"Authorization": f"Bearer {self._service_token}"},
                )
        except httpx.HTTPError as exc:
            logger.warning("webchat.enrol.unreachable sender_id=%s error=%s", sender_id, type(exc).__name__)
            return "backend_unavailable", None
        if reply.status_code in _ENROLMENT_ERRORS:
            logger.info("webchat.enrol.refused sender_id=%s status=%s", sender_id, reply.status_code)
            return _ENROLMENT_ERRORS[reply.status_code], None
        if reply.status_code != 200:
            logger.error("webchat.enrol.failed sender_id=%s status=%s", sender_id, reply.status_code)
            return "backend_unavailable", None
        try:
            language = reply.json().get("language")
        except ValueError:
            language = None
        logger.info("webchat.enrol.ok sender_id=%s", sender_id)
        return None, language if isinstance(language, str) else None

    async def _hand_off(
        self, on_new_message: OnNewMessage, sender_id: str, text: str, metadata: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        """Give one message to Rasa, remember the buttons it offers, and return its replies."""
        collector = CollectingOutputChannel()
        message = UserMessage(text, collector, sender_id, input_channel=CHANNEL, metadata=metadata)
        await on_new_message(message)
        messages = _reply_messages(collector.messages)
        self.buttons.remember(sender_id, [button for m in messages for button in m.get("buttons", [])])
        logger.info("webchat.message.handled sender_id=%s message_id=%s replies=%d",
                    sender_id, message.message_id, len(messages))
        return messages

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
            if len(request.body or b"") > MAX_BODY_BYTES:
                return _too_long(resolve_language(None))
            body = _parse_body(request, allow_empty=True)
            if body is None:
                return _kind_error(resolve_language(None), "bad_request", 400)
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

            metadata = {"verbatim": None, "channel": CHANNEL, "button_payload": None,
                        "language": lang, "enrolled": enrolled}
            try:
                messages = await self._hand_off(on_new_message, sender_id, START_PAYLOAD, metadata)
            except Exception as exc:  # noqa: BLE001 - any failure in Rasa is a kind 500, never a stack trace
                logger.error("webchat.session.failed sender_id=%s error=%s", sender_id, type(exc).__name__)
                return _kind_error(lang, "server", 500)
            logger.info("webchat.session.created sender_id=%s enrolled=%s", sender_id, enrolled)
            return _json({"session": token, "messages": messages})

        @webchat.route("/message", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > MAX_BODY_BYTES:
                return _too_long(resolve_language(None))
            body = _parse_body(request, allow_empty=False)
            if body is None:
                return _kind_error(resolve_language(None), "bad_request", 400)
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
            offered_payloads = {button["payload"] for button in self.buttons.offered(sender_id)}
            button_payload = text if text in offered_payloads else None
            rasa_text = text if button_payload is not None else neutralise(text)
            metadata = {"verbatim": text, "channel": CHANNEL, "button_payload": button_payload}
            try:
                messages = await self._hand_off(on_new_message, sender_id, rasa_text, metadata)
            except Exception as exc:  # noqa: BLE001 - any failure in Rasa is a kind 500, never a stack trace
                logger.error("webchat.message.failed sender_id=%s error=%s", sender_id, type(exc).__name__)
                return _kind_error(lang, "server", 500)
            return _json({"messages": messages})

        return webchat
