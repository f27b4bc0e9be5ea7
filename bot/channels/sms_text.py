"""SMS text rules with no I/O: carrier keywords, GSM-7 / UCS-2 segment counting, splitting, numbered buttons."""
from __future__ import annotations

import math
import re
from typing import List, Optional, Sequence

from bot.channels.common import Button, split_text
from bot.core.i18n import t

# Carrier keywords, as Twilio's default opt-out handling recognises them
# (https://help.twilio.com/articles/223134027), plus the Welsh words a child in Wales might use.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "STOPIO"})
START_WORDS = frozenset({"START", "YES", "UNSTOP", "DECHRAU"})
HELP_WORDS = frozenset({"HELP", "INFO", "CYMORTH"})

# GSM 03.38 basic character set and its extension table (each extension character costs two septets).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")
GSM_SINGLE, GSM_PART = 160, 153  # septets in one segment / in each part of a concatenated message
UCS2_SINGLE, UCS2_PART = 70, 67  # UTF-16 code units, likewise
MAX_SEGMENTS = 10  # per message we send; Twilio accepts up to 1,600 characters, carriers prefer fewer
_NUMBER_REPLY = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def keyword(text: str) -> Optional[str]:
    """Return "stop", "start" or "help" if the whole message is a carrier keyword, else None."""
    word = re.sub(r"[\s.!]+$", "", text.strip()).upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    if word in HELP_WORDS:
        return "help"
    return None


def is_gsm7(text: str) -> bool:
    """Tell whether text can be sent in the GSM-7 alphabet (else it goes as UCS-2, 70 units a segment)."""
    return all(char in GSM_BASIC or char in GSM_EXTENSION for char in text)


def segments(text: str) -> int:
    """Return how many SMS segments text needs."""
    if is_gsm7(text):
        septets = sum(2 if char in GSM_EXTENSION else 1 for char in text)
        return 1 if septets <= GSM_SINGLE else math.ceil(septets / GSM_PART)
    units = len(text.encode("utf-16-le")) // 2  # an emoji outside the BMP is two units
    return 1 if units <= UCS2_SINGLE else math.ceil(units / UCS2_PART)


def split_for_sms(text: str, max_segments: int = MAX_SEGMENTS) -> List[str]:
    """Split text into messages of at most max_segments segments each, at sensible boundaries."""
    return split_text(text, lambda part: segments(part) <= max_segments)


def with_numbered_buttons(lang: str, text: str, buttons: Sequence[Button], positions: Sequence[int]) -> str:
    """Return text followed by the buttons as numbered options and "Reply 1, 2 or 3."."""
    if not buttons:
        return text
    numbers = [str(position + 1) for position in positions]
    lines = [f"{number} {button['title']}" for number, button in zip(numbers, buttons)]
    if len(numbers) == 1:
        choose = t(lang, "channels.choose_single", number=numbers[0])
    else:
        choose = t(lang, "channels.choose_one", first=t(lang, "list.sep").join(numbers[:-1]), last=numbers[-1])
    return "\n\n".join(part for part in (text, "\n".join(lines), choose) if part)


def chosen_position(text: str) -> Optional[int]:
    """Return the 0-based option a reply like "1" or " 2. " chooses, or None if it is not a bare number."""
    match = _NUMBER_REPLY.match(text or "")
    if not match or int(match.group(1)) < 1:
        return None
    return int(match.group(1)) - 1
