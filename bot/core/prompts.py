"""Choose the questions a child is asked before a meeting, by age band and meeting type."""
from __future__ import annotations

from dataclasses import dataclass

AGE_BANDS = ("under-8", "8-11", "12-17", "18-25")
PATHWAY_PLAN_REVIEW = "pathway_plan_review"
LOOKED_AFTER_REVIEW = "looked_after_review"

# Button payloads that are commands, not answers. They are recognised only from the
# connector's metadata.button_payload, so typed text can never be mistaken for them.
SKIP_PAYLOAD = "/skip_prompt"


@dataclass(frozen=True)
class Prompt:
    """One question: its locale key stem and the locale keys of its choice buttons."""

    key: str
    choices: tuple[str, ...] = ()

    @property
    def text_key(self) -> str:
        """Return the locale key of the question text."""
        return f"prompt.{self.key}"

    @property
    def label_key(self) -> str:
        """Return the locale key of the short label used in read-back and change buttons."""
        return f"prompt.{self.key}.label"


FEELINGS = ("choice.feel_happy", "choice.feel_ok", "choice.feel_sad")
ATTEND = ("choice.attend_yes", "choice.attend_part", "choice.attend_no", "choice.not_sure")
CHAIR = ("choice.chair_yes", "choice.chair_help", "choice.chair_no", "choice.not_sure")

PROMPTS: dict[str, Prompt] = {
    p.key: p
    for p in (
        # Under 8: the Three Houses.
        Prompt("feel_now", FEELINGS),
        Prompt("house_worries"),
        Prompt("house_good"),
        Prompt("house_dreams"),
        # 8 to 11 and older children.
        Prompt("feel_home", FEELINGS),
        Prompt("going_well"),
        Prompt("not_going_well"),
        Prompt("wish_change"),
        Prompt("tell_meeting"),
        # 12 to 17.
        Prompt("attend", ATTEND),
        Prompt("chair", CHAIR),
        Prompt("who_there"),
        Prompt("not_shared"),
        # Pathway plan review (care leavers, 16 to 25).
        Prompt("pw_home"),
        Prompt("pw_money"),
        Prompt("pw_education_work"),
        Prompt("pw_health"),
        Prompt("pw_people"),
        Prompt("anything_else"),
    )
}

_PLANS: dict[str, tuple[str, ...]] = {
    "under-8": ("feel_now", "house_worries", "house_good", "house_dreams"),
    "8-11": ("feel_home", "going_well", "not_going_well", "wish_change", "tell_meeting"),
    "12-17": ("going_well", "not_going_well", "wish_change", "attend", "chair", "who_there", "not_shared"),
    "pathway": ("pw_home", "pw_money", "pw_education_work", "pw_health", "pw_people", "attend", "anything_else"),
}


def plan(age_band: str | None, meeting_type: str | None) -> list[Prompt]:
    """Return the ordered prompts for a child of this age band preparing for this kind of meeting."""
    if meeting_type == PATHWAY_PLAN_REVIEW or age_band == "18-25":
        keys = _PLANS["pathway"]
    elif age_band in _PLANS:
        keys = _PLANS[age_band]
    else:
        # Unknown age: the 8-11 set is short and plain enough for anyone.
        keys = _PLANS["8-11"]
    if age_band == "12-17" and meeting_type != LOOKED_AFTER_REVIEW:
        # Only a looked after review can be chaired by the young person.
        keys = tuple(k for k in keys if k != "chair")
    return [PROMPTS[k] for k in keys]


def plan_keys(age_band: str | None, meeting_type: str | None) -> list[str]:
    """Return the prompt keys of plan(age_band, meeting_type)."""
    return [p.key for p in plan(age_band, meeting_type)]


def get(key: str) -> Prompt:
    """Return the prompt with this key (KeyError if unknown)."""
    return PROMPTS[key]
