"""What every channel shares: intent-injection guard, offered buttons, duplicate guard, metadata, backend calls.

Each connector has one shape (as nyaruka/courier's handlers): authenticate → parse and validate → build the
sender id → normalise → hand off to Rasa. The pieces used by more than one connector live here, so web chat,
SMS and Telegram normalise a message the same way. Logs carry ids only: never text, codes or addresses.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple
from urllib.parse import quote

import httpx
from rasa.core.channels.channel import OutputChannel, UserMessage

logger = logging.getLogger(__name__)

BUTTON_MEMORY_SENDERS = 10_000
MAX_BUTTONS_PER_SENDER = 50
SEEN_IDS = 50_000
SEEN_TTL_SECONDS = 24 * 3600
BACKEND_TIMEOUT_SECONDS = 10.0
MAX_CODE_CHARS = 64
START_PAYLOAD = "/start_session"
HELP_PAYLOAD = "/help"
# A value that marks a channel as not configured: `make run` exports it so development starts without
# Twilio or Telegram; the connector then refuses every webhook and sends nothing. Production refuses it.
NOT_CONFIGURED = "not-configured"
ENROLMENT_ERRORS = {404: "code_unknown", 409: "code_used", 410: "code_expired"}
# "JOIN K7QM-2XPA" (or the Welsh "YMUNO ...") links an SMS or Telegram conversation to a child.
_JOIN = re.compile(r"^\s*(?:join|ymuno|code|cod)\s*[:\-]?\s+([A-Za-z0-9][A-Za-z0-9 \-]{2,30})\s*$", re.IGNORECASE)
# A full-width solidus looks like "/" to a reader but is not Rasa's intent prefix.
_NEUTRAL_SLASH = "\uff0f"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
Button = Dict[str, str]


def neutralise(text: str) -> str:
    """Return text that Rasa will not read as `/intent{json}`: a leading "/" becomes a look-alike."""
    stripped = text.lstrip()
    if not stripped.startswith("/"):
        return text
    slashes = len(stripped) - len(stripped.lstrip("/"))
    return _NEUTRAL_SLASH * slashes + stripped[slashes:]


def metadata(*, channel: str, verbatim: Optional[str], button_payload: Optional[str] = None,
             **extra: Any) -> Dict[str, Any]:
    """Return the metadata every channel puts on a UserMessage (the actions read verbatim text from it)."""
    return {"verbatim": verbatim, "channel": channel, "button_payload": button_payload, **extra}


def join_code(text: str) -> Optional[str]:
    """Return the enrolment code in "JOIN <code>", or None if the text is not a join request."""
    match = _JOIN.match(text or "")
    return match.group(1).strip() if match else None


def clean_buttons(buttons: Any) -> List[Button]:
    """Return Rasa buttons as [{"title", "payload"}], dropping any without a payload."""
    return [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in buttons or [] if isinstance(b, dict) and b.get("payload") is not None]


def is_configured(*values: Optional[str]) -> bool:
    """Tell whether every value is a real setting (not empty, not the development placeholder)."""
    return all(value and value != NOT_CONFIGURED and not value.startswith("${") for value in values)


def is_production() -> bool:
    """Return whether MYSAY_ENV says production (placeholders are then refused at start)."""
    return os.environ.get("MYSAY_ENV", "development") == "production"


def keyed_sender_id(prefix: str, address: str, secret: str) -> str:
    """Return prefix + a keyed hash of an address, so trackers and logs never hold a phone number."""
    digest = hmac.new(secret.encode("utf-8"), address.encode("utf-8"), hashlib.sha256).hexdigest()
    return prefix + digest[:32]


class ButtonMemory:
    """Remember, per sender, the buttons offered since their last message, in a bounded LRU.

    Only a payload we offered may reach Rasa as `/intent`. Each new offer has a short random generation id
    (Telegram puts it in callback_data) so a press on a button from an older turn is recognised as stale.
    Per process: with several Rasa replicas, route a conversation to one replica (sticky sessions) or a
    payload the other replica offered is treated as typed text (neutralised, never injected).
    """

    def __init__(self, max_senders: int = BUTTON_MEMORY_SENDERS) -> None:
        self._max = max_senders
        self._offers: "OrderedDict[str, Tuple[str, List[Button]]]" = OrderedDict()

    def _put(self, sender_id: str, generation: str, buttons: List[Button]) -> None:
        self._offers[sender_id] = (generation, buttons[-MAX_BUTTONS_PER_SENDER:])
        self._offers.move_to_end(sender_id)
        while len(self._offers) > self._max:
            self._offers.popitem(last=False)

    def remember(self, sender_id: str, buttons: List[Button]) -> None:
        """Replace what this sender was offered."""
        self._put(sender_id, secrets.token_hex(3), list(buttons))

    def clear(self, sender_id: str) -> None:
        """Start a new turn for this sender: nothing offered yet."""
        self.remember(sender_id, [])

    def add(self, sender_id: str, buttons: List[Button]) -> List[int]:
        """Add buttons to this turn's offer; return their positions (0-based) in the offer."""
        generation, offered = self._offers.get(sender_id, (secrets.token_hex(3), []))
        if len(offered) + len(buttons) > MAX_BUTTONS_PER_SENDER:
            generation, offered = secrets.token_hex(3), []
        start = len(offered)
        self._put(sender_id, generation, offered + list(buttons))
        return list(range(start, start + len(buttons)))

    def generation(self, sender_id: str) -> str:
        """Return the id of this sender's current offer ("" if none)."""
        return self._offers.get(sender_id, ("", []))[0]

    def offered(self, sender_id: str) -> List[Button]:
        found = self._offers.get(sender_id)
        if found is None:
            return []
        self._offers.move_to_end(sender_id)
        return found[1]

    def payload_for(self, sender_id: str, text: str) -> Optional[str]:
        """Return text if it is exactly a payload offered to this sender, else None."""
        return text if text in {button["payload"] for button in self.offered(sender_id)} else None

    def __len__(self) -> int:
        return len(self._offers)


class SeenIds:
    """Remember provider message ids for a day (bounded), so a retried delivery becomes one user turn.

    In memory, per process: a delivery retried across a restart can be handled twice. Twilio and Telegram
    retry within minutes, so this covers what they do; several replicas need a shared store (Redis).
    """

    def __init__(self, max_ids: int = SEEN_IDS, ttl_seconds: float = SEEN_TTL_SECONDS) -> None:
        self._max = max_ids
        self._ttl = ttl_seconds
        self._seen: "OrderedDict[str, float]" = OrderedDict()

    def first_time(self, key: str) -> bool:
        """Record key; return False if it was already seen (a duplicate delivery)."""
        now = time.monotonic()
        while self._seen:
            oldest_key, at = next(iter(self._seen.items()))
            if now - at < self._ttl and len(self._seen) <= self._max:
                break
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True

    def forget(self, key: str) -> None:
        """Forget key, so the provider's retry is handled (used when handling failed)."""
        self._seen.pop(key, None)


@dataclass(frozen=True)
class Contact:
    """What the backend knows about a channel address: whether it may be sent to."""

    stopped: bool
    address: Optional[str] = None
    language: Optional[str] = None  # the child's language, if the conversation is enrolled


class BackendLink:
    """Call the backend's service API for the connectors: enrolment, contacts (STOP/START), deliveries."""

    def __init__(self, backend_url: str, service_token: str, *, channel: str,
                 timeout: float = BACKEND_TIMEOUT_SECONDS) -> None:
        self.backend_url = backend_url.rstrip("/")
        self._token = service_token
        self.channel = channel
        self._timeout = timeout

    async def _call(self, what: str, method: str, path: str, sender_id: str,
                    json: Optional[Dict[str, Any]] = None) -> Optional[httpx.Response]:
        """Return the response, or None if the backend could not be reached."""
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                return await client.request(method, f"{self.backend_url}{path}", json=json,
                                            headers={"Authorization": f"Bearer {self._token}"})
        except httpx.HTTPError as exc:
            logger.warning("%s.%s.unreachable sender_id=%s error=%s", self.channel, what, sender_id,
                           type(exc).__name__)
            return None

    async def enrol(self, code: str, sender_id: str) -> Tuple[Optional[str], Optional[str]]:
        """Link the conversation to a child; return (error kind or None, language the backend holds)."""
        if len(code) > MAX_CODE_CHARS:
            return "code_unknown", None
        reply = await self._call("enrol", "POST", "/api/bot/enrolments", sender_id,
                                 {"code": code, "channel": self.channel, "sender_id": sender_id})
        if reply is None:
            return "backend_unavailable", None
        if reply.status_code in ENROLMENT_ERRORS:
            logger.info("%s.enrol.refused sender_id=%s status=%s", self.channel, sender_id, reply.status_code)
            return ENROLMENT_ERRORS[reply.status_code], None
        if reply.status_code != 200:
            logger.error("%s.enrol.failed sender_id=%s status=%s", self.channel, sender_id, reply.status_code)
            return "backend_unavailable", None
        try:
            language = reply.json().get("language")
        except ValueError:
            language = None
        logger.info("%s.enrol.ok sender_id=%s", self.channel, sender_id)
        return None, language if isinstance(language, str) else None

    async def contact(self, sender_id: str, event: str, address: Optional[str] = None,
                      reason: Optional[str] = None) -> Optional[Contact]:
        """Record that an address was seen, stopped or started; return its state (None if unreachable)."""
        body = {"channel": self.channel, "sender_id": sender_id, "event": event, "address": address,
                "reason": reason}
        reply = await self._call(f"contact_{event}", "POST", "/api/bot/contacts", sender_id, body)
        if reply is None or reply.status_code != 200:
            if reply is not None:
                logger.error("%s.contact_%s.failed sender_id=%s status=%s", self.channel, event, sender_id,
                             reply.status_code)
            return None
        body = reply.json()
        language = body.get("language")
        return Contact(stopped=bool(body.get("stopped")), language=language if isinstance(language, str) else None)

    async def lookup(self, sender_id: str) -> Optional[Contact]:
        """Return where to send to a sender and whether they stopped (None if unknown or unreachable)."""
        reply = await self._call("lookup", "GET", f"/api/bot/contacts/{quote(sender_id, safe='')}", sender_id)
        if reply is None or reply.status_code != 200:
            return None
        body = reply.json()
        address = body.get("address")
        return Contact(stopped=bool(body.get("stopped")), address=address if isinstance(address, str) else None)

    async def delivery(self, sender_id: str, provider_message_id: str, status: str,
                       error_code: Optional[str] = None) -> bool:
        """Record the delivery status of one outbound message; return whether the backend stored it."""
        reply = await self._call("delivery", "PUT",
                                 f"/api/bot/deliveries/{quote(provider_message_id, safe='')}", sender_id,
                                 {"channel": self.channel, "sender_id": sender_id, "status": status,
                                  "error_code": error_code})
        return reply is not None and reply.status_code == 200


async def hand_off(on_new_message: OnNewMessage, output_channel: Any, *, sender_id: str, text: str,
                   meta: Dict[str, Any], input_channel: str) -> UserMessage:
    """Give one normalised message to Rasa; the output channel sends (or collects) the replies."""
    message = UserMessage(text, output_channel, sender_id, input_channel=input_channel, metadata=meta)
    await on_new_message(message)
    logger.info("%s.message.handled sender_id=%s message_id=%s", input_channel, sender_id, message.message_id)
    return message


def split_text(text: str, fits: Callable[[str], bool]) -> List[str]:
    """Split text into parts that each fit, preferring paragraph, then sentence, then word boundaries.

    Never splits a surrogate pair or a grapheme's combining marks from their base character.
    """
    text = text.strip("\n")
    if fits(text):
        return [text] if text else []
    parts: List[str] = []
    rest = text
    while rest:
        if fits(rest):
            parts.append(rest)
            break
        # the longest prefix that fits (binary search on characters)
        low, high = 1, len(rest)
        while low < high:
            middle = (low + high + 1) // 2
            if fits(rest[:middle]):
                low = middle
            else:
                high = middle - 1
        limit = low
        while limit > 1 and limit < len(rest) and (_is_combining(rest[limit]) or rest[limit - 1] == "\u200d"):
            limit -= 1
        cut = _best_cut(rest[:limit])
        if cut <= 0:
            cut = limit
        part = rest[:cut].rstrip()
        parts.append(part if part else rest[:cut])
        rest = rest[cut:].lstrip()
    return parts


_SENTENCE_END = re.compile(r"[.!?。！？](?:[\"'”’)\]]*)\s+")


def _best_cut(prefix: str) -> int:
    """Return where to cut a prefix: after a paragraph, a sentence, a line, a word; 0 if nowhere good."""
    floor = len(prefix) // 3  # do not make a tiny first part just to end at a boundary
    for pattern in ("\n\n",):
        at = prefix.rfind(pattern)
        if at > floor:
            return at + len(pattern)
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(prefix)]
    if sentence_ends and sentence_ends[-1] > floor:
        return sentence_ends[-1]
    for pattern in ("\n", " "):
        at = prefix.rfind(pattern)
        if at > floor:
            return at + 1
    return 0


def _is_combining(char: str) -> bool:
    import unicodedata

    return unicodedata.combining(char) != 0 or char in "\u200d\ufe0f" or 0x1F3FB <= ord(char) <= 0x1F3FF


class TextOnlyOutput(OutputChannel):
    """An output channel that carries text and buttons only; images, attachments and custom JSON are skipped."""

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        logger.debug("%s.custom.skipped sender_id=%s", self.name(), recipient_id)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        logger.debug("%s.image.skipped sender_id=%s", self.name(), recipient_id)

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        logger.debug("%s.attachment.skipped sender_id=%s", self.name(), recipient_id)
