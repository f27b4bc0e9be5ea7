"""Shared request field types that keep text verbatim yet storable in SQLite and PostgreSQL."""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints


def _storable(text: str) -> str:
    """Refuse text no database can store (NUL, lone surrogates) instead of altering it."""
    if "\x00" in text:
        raise ValueError("text contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text is not valid Unicode") from exc
    return text  # unchanged: never strip or normalise a child's words


MAX_ANSWER_CHARS = 10_000
MAX_PROMPT_CHARS = 2_000

ChannelName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
SenderId = Annotated[str, StringConstraints(min_length=3, max_length=200, pattern=r"^[a-z][a-z0-9_]{0,31}-\S+$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
AnswerText = Annotated[str, StringConstraints(max_length=MAX_ANSWER_CHARS), AfterValidator(_storable)]
PromptText = Annotated[str, StringConstraints(max_length=MAX_PROMPT_CHARS), AfterValidator(_storable)]
PromptKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,100}$")]
IdempotencyKey = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^\S+$")]
