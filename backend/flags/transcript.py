"""Keep the conversation around a flagged message, marking a malformed turn instead of refusing the message."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, TypeAdapter, ValidationError

from backend.schemas import AnswerText

MAX_TURNS = 50
UNKNOWN_SPEAKER = "unknown"
# Each part of a turn is checked alone, so a bad timestamp never costs the child's words beside it.
_PARTS: dict[str, TypeAdapter[Any]] = {
    "speaker": TypeAdapter(Literal["child", "bot"]),
    "text": TypeAdapter(AnswerText),
    "at": TypeAdapter(AwareDatetime),
}
_EMPTY = {"speaker": UNKNOWN_SPEAKER, "text": "", "at": ""}


def _turn(raw: object) -> dict[str, Any]:
    """Return one turn as stored: valid parts verbatim, and `invalid` naming any part that could not be kept."""
    given = raw if isinstance(raw, dict) else {}
    turn: dict[str, Any] = {}
    invalid: list[str] = []
    for part, adapter in _PARTS.items():
        try:
            value = adapter.validate_python(given.get(part))
        except ValidationError:
            turn[part] = _EMPTY[part]
            invalid.append(part)
            continue
        turn[part] = value.isoformat() if part == "at" else value
    if invalid:
        turn["invalid"] = invalid
    return turn


def clean(raw: object) -> list[dict[str, Any]]:
    """Return the transcript to store: the last MAX_TURNS turns, bad ones marked; never raises."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        return [_turn(None)]  # one marker: something was sent here, but not a list of turns
    return [_turn(item) for item in raw[-MAX_TURNS:]]


def invalid_count(turns: list[dict[str, Any]]) -> int:
    """Return how many stored turns are marked invalid."""
    return sum(1 for turn in turns if turn.get("invalid"))
