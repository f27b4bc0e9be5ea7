"""The learned layer generalises beyond the phrase lists, keeps idioms quiet and trains deterministically."""
import numpy as np
import pytest

from bot.core.triage import triage
from bot.core.triage import model as triage_model
from bot.core.triage.engine import scan

S, C, A = "safeguarding", "complaint", "advocacy"

# Hand-written for this test, not in bot/data/triage, and (checked below) missed by the phrase rules alone.
UNSEEN = [
    ("my stepdad wallops me when mum is at work", S),
    ("nobody would care if i just vanished", S),
    ("im saving my tablets up for one night", S),
    ("my uncle keeps coming in my room when everyones asleep", S),
    ("my sw has ignored my last ten messages", C),
    ("they had the meeting about me without even telling me", C),
    ("i want someone there at the panel to speak up for me", A),
]

QUIET = [
    "mum will kill me if im late lol",
    "i could murder a pizza",
    "im dead 💀",
    "this revision is killing me",
    "i got battered at fifa last night",
    "the canteen chips were rank today",
    "what is an iro",
    "whats a pathway plan",
]


@pytest.mark.parametrize("text,flag", UNSEEN)
def test_learned_layer_catches_unseen_wording(text, flag):
    assert all(e.text != text for e in triage_model.load_examples())
    assert flag in triage(text).flags


def test_unseen_examples_need_the_learned_layer():
    # Otherwise the test above would only be testing the phrase lists.
    missed_by_rules = [text for text, flag in UNSEEN if flag not in scan(text)[0]]
    assert len(missed_by_rules) >= 3


@pytest.mark.parametrize("text", QUIET)
def test_idioms_games_and_questions_stay_quiet(text):
    assert triage(text).flags == frozenset(), triage(text).reasons


def test_learned_reason_is_recorded():
    result = triage("my stepdad wallops me when mum is at work")
    assert any(r.startswith("safeguarding.") for r in result.reasons)


def test_training_is_deterministic():
    examples = triage_model.load_examples()
    first, second = triage_model.TriageModel(examples), triage_model.TriageModel(examples)
    for flag in first.flag_models:
        assert np.array_equal(first.flag_models[flag].coef_, second.flag_models[flag].coef_)
    assert np.array_equal(first.language_model.feature_log_prob_, second.language_model.feature_log_prob_)
    text = "my carer shouts at me and takes my phone"
    assert first.flag_probabilities(text) == second.flag_probabilities(text)


def test_training_data_is_well_formed_and_covers_every_language_and_flag():
    examples = triage_model.load_examples()
    assert len(examples) >= 1500
    languages = {e.language for e in examples}
    assert {"en", "cy", "pl", "ro", "ar", "ur", "es", "pt", "fr", "tr", "fa", "sq"} <= languages
    for lang in languages:
        flags = [e.flags for e in examples if e.language == lang]
        assert any(S in f for f in flags) and any(C in f for f in flags) and any(not f for f in flags), lang


@pytest.mark.parametrize("line", ["X some text", "S", "SQ text"])
def test_bad_training_lines_are_rejected(line):
    with pytest.raises(ValueError):
        triage_model.parse_line(line, "en")


def test_comments_and_blanks_are_skipped():
    assert triage_model.parse_line("# comment", "en") is None
    assert triage_model.parse_line("   ", "en") is None
    assert triage_model.parse_line("SC he hits me and nobody listens", "en").flags == {S, C}


def test_emoji_and_negated_words_reach_the_word_features_but_not_the_character_ones():
    text = triage_model.features("my brother ate my chips 😂😂")
    assert text.split()[-2:] == ["~1f602", "~1f602"]
    assert triage_model._words_only(text) == "my brother ate my chips"
    assert triage_model.features("😂") == ""  # an emoji alone is not a message to classify
    # Negation reaches two words, in any supported language, and stops at a clause break.
    assert triage_model.features("tata mnie nie bije").split()[-1] == "~not_bije"
    assert "~not_" not in triage_model.features("tata mnie bije")
    assert triage_model.features("no, he hits me").split()[-3:] == ["he", "hits", "me"]


def test_batch_files_count_as_their_language(tmp_path):
    (tmp_path / "pl.txt").write_text("S tata mnie bije\n", encoding="utf-8")
    (tmp_path / "pl.extra.txt").write_text("- wygralismy mecz\n", encoding="utf-8")
    examples = triage_model.load_examples(tmp_path)
    assert [(e.language, e.text) for e in examples] == [("pl", "wygralismy mecz"), ("pl", "tata mnie bije")]
