"""Offer a language the child seems to be writing in: only on a long, confident message, only for locales we speak."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import button, lang, switch_language_payload, verbatim
from bot.core.i18n import supported_languages, t

# Fewer words than this never prompt an offer, however sure detection says it is ("Tak", "Diolch yn fawr").
MIN_WORDS = 4


def detected_language(tracker: Tracker) -> str | None:
    """Return the language triage confidently found in a long latest message, if it differs from the chat's."""
    found = (tracker.latest_message or {}).get("triage") or {}
    code = found.get("language")
    if not found.get("language_confident") or not isinstance(code, str):
        return None
    if len(verbatim(tracker).split()) < MIN_WORDS or code == lang(tracker):
        return None
    return code


def offer(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """Ask, in both languages' words, whether to switch; return slot updates (empty when nothing was offered)."""
    code = detected_language(tracker)
    if code is None or code not in supported_languages() or tracker.get_slot("language_offered") == code:
        # Other languages (no catalogue yet) are still triaged; the bot answers in the chat's language.
        return {}
    current = lang(tracker)
    dispatcher.utter_message(text=t(code, "language.offer"), buttons=[
        button(code, "language.name", switch_language_payload(code)),
        button(current, "language.keep", switch_language_payload(current)),
    ])
    return {"language_offered": code}
