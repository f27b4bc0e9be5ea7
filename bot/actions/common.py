"""Helpers shared by the actions: the child's language, their verbatim words, buttons, localised utterances."""
from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.core.i18n import resolve_language, supported_languages, t

PREPARE_PAYLOAD = "/prepare_meeting"
HELP_PAYLOAD = "/help"
AFFIRM_PAYLOAD = "/affirm"
DENY_PAYLOAD = "/deny"
SEND_PAYLOAD = "/send_statement"
CHANGE_PAYLOAD = "/change_answer"
RETRY_PAYLOAD = "/retry_send"
LEAVE_MESSAGE_PAYLOAD = "/leave_message"
ASK_ADVOCATE_PAYLOAD = "/ask_advocate"
SWITCH_LANGUAGE_INTENT = "switch_language"


def lang(tracker: Tracker) -> str:
    """Return the conversation's language (a supported locale)."""
    return resolve_language(tracker.get_slot("language"))


def message_metadata(tracker: Tracker) -> dict[str, Any]:
    """Return the metadata the channel put on the latest user message.

    rasa-sdk exposes it as tracker.latest_message["metadata"] (Rasa copies UserUttered.metadata into
    parse_data); older trackers only carry it on the event, so fall back to the last user event.
    """
    metadata = (tracker.latest_message or {}).get("metadata")
    if isinstance(metadata, dict) and metadata:
        return metadata
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            event_metadata = event.get("metadata") or (event.get("parse_data") or {}).get("metadata")
            return event_metadata if isinstance(event_metadata, dict) else {}
    return {}


def verbatim(tracker: Tracker) -> str:
    """Return the latest user message exactly as typed (Rasa strips whitespace from text; metadata does not)."""
    value = message_metadata(tracker).get("verbatim")
    if isinstance(value, str):
        return value
    return (tracker.latest_message or {}).get("text") or ""


def button_payload(tracker: Tracker) -> str | None:
    """Return the payload of the button the child pressed for the latest message, or None if they typed."""
    value = message_metadata(tracker).get("button_payload")
    return value if isinstance(value, str) and value else None


def channel(tracker: Tracker) -> str:
    """Return the channel of the latest user message."""
    value = message_metadata(tracker).get("channel") or tracker.get_latest_input_channel()
    if value:
        return str(value)
    return tracker.sender_id.split("-", 1)[0] if "-" in tracker.sender_id else "unknown"


def button(language: str, title_key: str, payload: str, **params: object) -> dict[str, str]:
    """Return one button whose title comes from the locale files."""
    return {"title": t(language, title_key, **params), "payload": payload}


def switch_language_payload(code: str) -> str:
    """Return the payload of the button that switches to this language."""
    return f"/{SWITCH_LANGUAGE_INTENT}{json.dumps({'language': code})}"


def language_buttons(language: str) -> list[dict[str, str]]:
    """Return one button per other language, each titled in its own language."""
    return [button(code, "language.name", switch_language_payload(code))
            for code in supported_languages() if code != language]


def menu_buttons(language: str) -> list[dict[str, str]]:
    """Return the main menu: get ready, help, and the language switch."""
    return [button(language, "button.prepare", PREPARE_PAYLOAD),
            button(language, "button.help", HELP_PAYLOAD),
            *language_buttons(language)]


def say(dispatcher: CollectingDispatcher, language: str, key: str,
        buttons: list[dict[str, str]] | None = None, **params: object) -> None:
    """Send the localised text for key, with optional buttons."""
    dispatcher.utter_message(text=t(language, key, **params), buttons=buttons or [])


def latest_entity(tracker: Tracker, name: str) -> str | None:
    """Return the value of the first entity called name in the latest message."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == name and entity.get("value") is not None:
            return str(entity["value"])
    return None


def latest_intent(tracker: Tracker) -> str | None:
    """Return the intent of the latest message, a pressed button's payload taking precedence over NLU."""
    payload = button_payload(tracker)
    if payload and payload.startswith("/"):
        return payload[1:].split("{", 1)[0]
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")
