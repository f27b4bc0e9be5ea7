"""Run triage on every message inside Rasa's NLU pipeline, so every channel, flow and form gets it.

The decision is bot.core.triage (plain Python, the same code `make triage` runs); this component only
puts its result where Rasa can act on it:

- `parse_data["triage"]`: {"flags": [...], "language": "xx", "language_confident": bool} for every
  typed message, which actions read from `tracker.latest_message`;
- when a flag is raised, the intent becomes the triage intent of the most urgent flag (safeguarding →
  `disclose_harm`, complaint → `make_complaint`, advocacy → `ask_advocate`) with confidence 1.0, so
  rules interrupt any form and answer it. These intents have no NLU examples: only triage sets them.

Text starting with "/" is skipped: our connectors let it through only as a button payload they just
offered (a typed "/..." is neutralised to a look-alike slash first), and a button is never a disclosure.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.core.triage import triage

logger = logging.getLogger(__name__)

TRIAGE_KEY = "triage"
LANGUAGE_SLOT = "language"
# Most urgent first: a message that discloses harm and complains is handled as a disclosure.
INTENT_BY_FLAG = (("safeguarding", "disclose_harm"), ("complaint", "make_complaint"), ("advocacy", "ask_advocate"))
TRIAGE_INTENTS = tuple(intent for _, intent in INTENT_BY_FLAG)


def intent_for(flags: frozenset[str] | set[str]) -> Optional[str]:
    """Return the intent of the most urgent flag raised, or None when nothing was flagged."""
    return next((intent for flag, intent in INTENT_BY_FLAG if flag in flags), None)


def _is_offered_choice(message: Message) -> bool:
    """Tell whether the text is an answer-choice button we offered (our words, not the child's own)."""
    metadata = message.get("metadata") or {}
    payload = metadata.get("button_payload") if isinstance(metadata, dict) else None
    return bool(payload) and payload == message.get(TEXT)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TriageClassifier(GraphComponent, IntentClassifier):
    """Flag safeguarding, complaint and advocacy on every message and route flagged ones to triage intents."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """Run after an intent classifier, so triage overrides what it (and FallbackClassifier) decided."""
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Return the default config: none needed (phrase lists in locales/, training data in bot/data/triage)."""
        return {}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TriageClassifier":
        """Create the component, training triage's learned layer now so no child's message waits for it."""
        from bot.core.triage.model import get_model

        get_model()
        return cls(config)

    def process(self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None) -> List[Message]:
        """Triage each message; on a flag, set the triage intent with confidence 1.0."""
        conversation_language = tracker.get_slot(LANGUAGE_SLOT) if tracker is not None else None
        for message in messages:
            text = message.get(TEXT) or ""
            if text.lstrip().startswith("/") or _is_offered_choice(message):
                continue
            result = triage(text, conversation_language)
            message.set(TRIAGE_KEY, {
                "flags": sorted(result.flags),
                "language": result.language,
                "language_confident": result.language_confident,
            }, add_to_output=True)
            intent = intent_for(result.flags)
            if intent is None:
                continue
            # Logs carry no words: only which flags fired.
            logger.info("triage flags=%s", ",".join(sorted(result.flags)))
            ranked = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, dict(ranked), add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent]
            message.set(INTENT_RANKING_KEY, [dict(ranked), *ranking], add_to_output=True)
        return messages
