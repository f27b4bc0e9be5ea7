"""Drive SMS and Telegram conversations through the real connectors, reading replies from the local stubs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.support.channel_stubs import telegram_update, twilio_inbound_form, twilio_signature
from tests.support.stack import Stack

ROOT = Path(__file__).resolve().parents[2]


def en(key: str) -> str:
    """Return a one-line English message from the locale files (the backend environment has no babel)."""
    for po in (ROOT / "locales" / "en" / "LC_MESSAGES").glob("*.po"):
        match = re.search(rf'^msgid "{re.escape(key)}"\nmsgstr "(.*)"$', po.read_text(encoding="utf-8"), re.M)
        if match:
            return match.group(1).replace('\\"', '"')
    raise KeyError(key)


@dataclass
class Phone:
    """A child's phone texting MySay's Twilio number; `last` holds the texts that came back."""

    stack: Stack
    number: str
    last: list[str] = field(default_factory=list)

    def send(self, body: str) -> list[str]:
        twilio = self.stack.twilio
        before = len(twilio.sent(self.number))
        form = twilio_inbound_form(body=body, number=self.number, to=self.stack.env["TWILIO_PHONE_NUMBER"])
        url = f"{self.stack.env['PUBLIC_URL']}/webhooks/twilio/webhook"
        response = httpx.post(f"{self.stack.rasa_url}/webhooks/twilio/webhook", data=form, timeout=60,
                              headers={"X-Twilio-Signature": twilio_signature(self.stack.env["TWILIO_AUTH_TOKEN"],
                                                                              url, form)})
        assert response.status_code == 200, response.text
        self.last = twilio.sent(self.number)[before:]
        return self.last

    @property
    def text(self) -> str:
        return "\n".join(self.last)

    def options(self) -> dict[str, str]:
        """Return title → number of the options offered in the last texts ("1 Get ready for my meeting")."""
        found: dict[str, str] = {}
        for text in self.last:
            for number, title in re.findall(r"^(\d{1,2}) (.+)$", text, re.M):
                found[title] = number
        return found

    def choose(self, title: str) -> list[str]:
        options = self.options()
        assert title in options, f"expected option {title!r}, got {list(options)}"
        return self.send(options[title])


@dataclass
class TelegramUser:
    """A young person writing to MySay's Telegram bot; `last` holds the bot's sendMessage calls."""

    stack: Stack
    user_id: int
    last: list[dict] = field(default_factory=list)

    def _post(self, update: dict) -> None:
        before = len(self.stack.telegram.calls("sendMessage", self.user_id))
        response = httpx.post(f"{self.stack.rasa_url}/webhooks/telegram/webhook", json=update, timeout=60,
                              headers={"X-Telegram-Bot-Api-Secret-Token": self.stack.env["TELEGRAM_WEBHOOK_SECRET"]})
        assert response.status_code == 200, response.text
        self.last = self.stack.telegram.calls("sendMessage", self.user_id)[before:]

    def send(self, text: str) -> list[dict]:
        self._post(telegram_update(self.user_id, text=text))
        return self.last

    @property
    def text(self) -> str:
        return "\n".join(call["text"] for call in self.last)

    def buttons(self) -> dict[str, str]:
        return {button["text"]: button["callback_data"] for call in self.last
                for row in (call.get("reply_markup") or {}).get("inline_keyboard", []) for button in row}

    def press(self, title: str) -> list[dict]:
        buttons = self.buttons()
        assert title in buttons, f"expected button {title!r}, got {list(buttons)}"
        self._post(telegram_update(self.user_id, kind="callback_query", callback_data=buttons[title]))
        return self.last
