"""The NLU triage component flags every typed message and hands flagged ones to the triage intents."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.triage import TRIAGE_INTENTS, TriageClassifier, intent_for

ROOT = Path(__file__).resolve().parents[3]
MODEL = ROOT / "models" / "mysay.tar.gz"


def _classified(text: str, intent: str = "nlu_fallback", tracker: DialogueStateTracker | None = None) -> Message:
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.35},
                            "intent_ranking": [{"name": intent, "confidence": 0.35},
                                               {"name": "greet", "confidence": 0.2}]})
    return TriageClassifier({}).process([message], tracker)[0]


def _tracker(language: str) -> DialogueStateTracker:
    domain = Domain.from_dict({"slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}}})
    tracker = DialogueStateTracker.from_events("webchat-x", [], slots=domain.slots)
    tracker.update(SlotSet("language", language))
    return tracker


@pytest.mark.parametrize("text, intent, flags", [
    ("nothing my stepdad hits me when mum is at work", "disclose_harm", ["safeguarding"]),
    ("nic mój ojczym mnie bije kiedy mama jest w pracy", "disclose_harm", ["safeguarding"]),
    ("I want to complain about my foster carer she reads my texts", "make_complaint", ["complaint"]),
    ("can i have an advocate to help me at my meeting", "ask_advocate", ["advocacy"]),
])
def test_a_flagged_message_gets_its_triage_intent_with_full_confidence(text, intent, flags):
    message = _classified(text)
    assert message.get("intent") == {"name": intent, "confidence": 1.0}
    assert message.get("intent_ranking")[0] == {"name": intent, "confidence": 1.0}
    assert message.get("triage")["flags"] == flags
    assert "triage" in message.as_dict(only_output_properties=True), "actions read it from parse_data"


def test_safeguarding_wins_when_a_message_also_complains_or_asks_for_an_advocate():
    assert intent_for({"complaint", "safeguarding", "advocacy"}) == "disclose_harm"
    assert intent_for({"complaint", "advocacy"}) == "make_complaint"
    assert intent_for(set()) is None


def test_an_idiom_keeps_the_classifiers_intent_and_records_no_flag():
    message = _classified("this homework is killing me", intent="nlu_fallback")
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("triage")["flags"] == []


def test_a_button_payload_is_not_triaged():
    message = Message(data={"text": '/choose_answer{"prompt_key": "hit_me"}'})
    TriageClassifier({}).process([message])
    assert message.get("triage") is None


def test_an_answer_choice_we_offered_is_not_triaged_but_the_same_words_typed_are():
    # Our own button words ("Yes, I want to come") are not a disclosure; typed words always go through.
    words = "my dad hits me"
    offered = Message(data={"text": words, "metadata": {"button_payload": words},
                            "intent": {"name": "nlu_fallback", "confidence": 0.3}})
    TriageClassifier({}).process([offered])
    assert offered.get("triage") is None and offered.get("intent")["name"] == "nlu_fallback"
    assert _classified(words).get("intent")["name"] == "disclose_harm"


def test_a_neutralised_typed_command_is_still_triaged():
    # The connectors turn a typed "/" into a full-width look-alike, so it is the child's words.
    message = _classified("\uff0fdisclose_harm my dad hits me")
    assert message.get("intent")["name"] == "disclose_harm"


def test_language_is_reported_against_the_conversation_language_from_the_tracker():
    welsh = "Dw i eisiau siarad gyda rhywun am fy nghyfarfod achos dw i ddim yn hapus yn yr ysgol"
    found = _classified(welsh, tracker=_tracker("en")).get("triage")
    assert found["language"] == "cy" and found["language_confident"] is True
    short = _classified("Diolch", tracker=_tracker("en")).get("triage")
    assert short["language"] == "en", "a short message never moves the conversation"


def test_the_pipeline_runs_triage_last_so_nothing_overrides_it():
    pipeline = [c["name"] for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]]
    assert pipeline[-1] == "bot.nlu.triage.TriageClassifier"
    assert pipeline.index("FallbackClassifier") < pipeline.index("bot.nlu.triage.TriageClassifier")


def test_triage_intents_have_no_training_examples_so_only_triage_sets_them():
    for path in (ROOT / "bot" / "data" / "nlu").glob("*.yml"):
        intents = {item.get("intent") for item in yaml.safe_load(path.read_text())["nlu"]}
        assert not intents & set(TRIAGE_INTENTS), path


@pytest.mark.skipif(not MODEL.exists(), reason="no trained model: run `make model`")
def test_the_trained_model_flags_a_disclosure_that_nlu_alone_would_not_understand():
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    parsed = asyncio.run(agent.parse_message("nothing my stepdad hits me when mum is at work"))
    assert parsed["intent"] == {"name": "disclose_harm", "confidence": 1.0}
    assert parsed["triage"]["flags"] == ["safeguarding"]
    idiom = asyncio.run(agent.parse_message("this homework is killing me"))
    assert idiom["intent"]["name"] not in TRIAGE_INTENTS
