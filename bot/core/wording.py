"""Turn backend facts (readers, meeting type and date) into plain words in the child's language."""
from __future__ import annotations

from datetime import date

from babel.dates import format_date

from bot.core.i18n import catalogue, resolve_language, t

KNOWN_READERS = ("social_worker", "iro", "personal_adviser")


def readers_phrase(lang: str | None, readers: list[str] | None) -> str:
    """Return who will read the statement, e.g. "Your social worker and your IRO (the person who runs your review)"."""
    names = [t(lang, f"reader.{r}") for r in (readers or []) if r in KNOWN_READERS]
    if not names:
        return t(lang, "reader.none")
    if len(names) == 1:
        return names[0]
    return t(lang, "list.and", first=t(lang, "list.sep").join(names[:-1]), last=names[-1])


def meeting_kind(lang: str | None, meeting_type: str | None) -> str:
    """Return the plain name of a kind of meeting."""
    key = f"meeting_kind.{meeting_type}"
    if meeting_type and key in catalogue(resolve_language(lang)) | catalogue("en"):
        return t(lang, key)
    return t(lang, "meeting_kind.other")


def meeting_date(lang: str | None, iso_date: str | None) -> str | None:
    """Return a meeting date as words, e.g. "Thursday 3 December"; None if absent or unreadable."""
    if not iso_date:
        return None
    try:
        day = date.fromisoformat(iso_date[:10])
    except ValueError:
        return None
    return format_date(day, "EEEE d MMMM", locale=resolve_language(lang))


def sentence_start(text: str) -> str:
    """Return text with its first letter in upper case, to begin a sentence."""
    return text[:1].upper() + text[1:]
