"""Drive a web chat conversation through the real connector, step by step, asserting what the bot offers."""
from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from tests.support.stack import Stack

SKIP = "/skip_prompt"


@dataclass
class Chat:
    """One child's web chat session, remembering the last reply."""

    stack: Stack
    session: str = ""
    last: list[dict] = field(default_factory=list)

    @classmethod
    def open(cls, stack: Stack, code: str | None) -> "Chat":
        response = stack.webchat_session(code)
        assert response.status_code == 200, response.text
        chat = cls(stack=stack, session=response.json()["session"])
        chat.last = response.json()["messages"]
        return chat

    def send(self, text: str) -> list[dict]:
        """Send text (typed or a button's payload) and return the bot's messages."""
        response: httpx.Response = self.stack.webchat_send(self.session, text)
        assert response.status_code == 200, response.text
        self.last = response.json()["messages"]
        assert self.last, "the bot must always answer"
        return self.last

    @property
    def buttons(self) -> list[dict]:
        return [b for m in self.last for b in m.get("buttons", [])]

    @property
    def payloads(self) -> list[str]:
        return [b["payload"] for b in self.buttons]

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.last)

    def press(self, payload_prefix: str) -> list[dict]:
        """Press the offered button whose payload starts with payload_prefix (failing if none is offered)."""
        matches = [p for p in self.payloads if p.startswith(payload_prefix)]
        assert matches, f"expected a button {payload_prefix!r}, got {self.payloads}"
        return self.send(matches[0])

    def in_question(self) -> bool:
        """Tell whether the bot is asking one of the meeting questions (each offers a skip button)."""
        return SKIP in self.payloads

    def choice_payloads(self) -> list[str]:
        """Return the answer-choice buttons of the current question (plain text, not commands)."""
        return [p for p in self.payloads if not p.startswith("/")]


def answer_all(chat: Chat, answers: list[str | None]) -> list[str]:
    """Answer each question in turn: a string is typed, None presses the first choice (or skips).

    Returns the prompt text shown for each question, in order.
    """
    prompts: list[str] = []
    for answer in answers:
        assert chat.in_question(), f"expected a question, got {chat.text!r} {chat.payloads}"
        prompts.append(chat.last[-1]["text"])
        if answer is None:
            choices = chat.choice_payloads()
            chat.send(choices[0] if choices else SKIP)
        else:
            chat.send(answer)
    assert not chat.in_question(), "more questions than answers given"
    return prompts
