"""Prompt plans chosen by age band and meeting type; answers recorded in plan order."""
import pytest

from bot.core import prompts
from bot.core.i18n import t
from bot.core.statement import build_payload, new_idempotency_key, record_answer


def test_under_8_gets_the_three_houses_after_an_emoji_feelings_question():
    plan = prompts.plan("under-8", "looked_after_review")
    assert [p.key for p in plan] == ["feel_now", "house_worries", "house_good", "house_dreams"]
    assert [t("en", c) for c in plan[0].choices] == ["😀", "😐", "😢"]


def test_8_to_11_gets_a_short_set():
    assert prompts.plan_keys("8-11", "child_in_need_review") == [
        "feel_home", "going_well", "not_going_well", "wish_change", "tell_meeting"]


def test_12_to_17_at_a_review_is_asked_about_coming_chairing_who_and_what_not_to_share():
    keys = prompts.plan_keys("12-17", "looked_after_review")
    assert keys[-4:] == ["attend", "chair", "who_there", "not_shared"]
    assert prompts.get("attend").choices and prompts.get("chair").choices


def test_12_to_17_at_a_child_protection_conference_is_not_offered_to_chair_it():
    keys = prompts.plan_keys("12-17", "child_protection_conference")
    assert "chair" not in keys and "attend" in keys


@pytest.mark.parametrize("age_band", ["12-17", "18-25"])
def test_pathway_plan_review_covers_home_money_education_health_and_people(age_band):
    keys = prompts.plan_keys(age_band, "pathway_plan_review")
    assert keys[:5] == ["pw_home", "pw_money", "pw_education_work", "pw_health", "pw_people"]


def test_18_to_25_without_a_meeting_still_gets_the_pathway_prompts():
    assert prompts.plan_keys("18-25", None)[0] == "pw_home"


def test_unknown_age_band_gets_the_short_plain_set():
    assert prompts.plan_keys(None, None) == prompts.plan_keys("8-11", None)


def test_every_prompt_and_choice_has_text_in_english():
    for prompt in prompts.PROMPTS.values():
        assert t("en", prompt.text_key) and t("en", prompt.label_key)
        assert all(t("en", choice) for choice in prompt.choices)


def test_recording_an_answer_again_replaces_it_and_keeps_plan_order():
    plan = ["a", "b", "c"]
    answers = record_answer([], plan, prompt_key="c", prompt_text="C?", answer_text=" 3 ", answered_at="t1")
    answers = record_answer(answers, plan, prompt_key="a", prompt_text="A?", answer_text="1\n", answered_at="t2")
    answers = record_answer(answers, plan, prompt_key="c", prompt_text="C?", answer_text="three", answered_at="t3")
    assert [(a["prompt_key"], a["answer_text"]) for a in answers] == [("a", "1\n"), ("c", "three")]


def test_payload_copies_answers_untouched_and_keys_are_unique_per_statement():
    answers = [{"prompt_key": "a", "prompt_text": "A?", "answer_text": "  x  ", "answered_at": "t"}]
    body = build_payload(idempotency_key="k", sender_id="webchat-1", channel="webchat", meeting_id=None,
                         language="cy", share_with_carers=False, answers=answers)
    assert body["answers"] == answers and body["meeting_id"] is None
    assert new_idempotency_key("webchat-1") != new_idempotency_key("webchat-1")
