"""Helpers for action tests: a local stub of the backend's service API (the outside edge) and a harness that runs real actions."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import settings

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "test-service-token"
SENDER = "webchat-t3st"


@dataclass
class StubBackend:
    """What the stub knows and saw: contexts by sender, stored statements by idempotency key, every request."""

    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)
    statements: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    # Flagged messages by idempotency key, as POST /api/bot/flags received them.
    flags: dict[str, dict[str, Any]] = field(default_factory=dict)
    flag_deadline: str | None = None  # deadline the stub answers with (None: none given)
    flag_routed_to: str | None = None  # who the stub says has the flag (None: not said, as an older backend)
    down: bool = False  # answer 503 to everything
    url: str = ""


def _handler(stub: StubBackend) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _reply(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._reply(401, {"detail": "unauthorised"})
                return False
            return True

        def do_GET(self) -> None:
            stub.requests.append(("GET", self.path, None))
            if stub.down:
                return self._reply(503, {"detail": "down"})
            if not self._authorised():
                return
            parts = self.path.split("/")
            if len(parts) == 6 and parts[1:4] == ["api", "bot", "conversations"] and parts[5] == "context":
                return self._reply(200, stub.contexts.get(parts[4], {"enrolled": False}))
            self._reply(404, {"detail": "not found"})

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            body = json.loads(raw.decode("utf-8"))
            stub.requests.append(("POST", self.path, body))
            if stub.down:
                return self._reply(503, {"detail": "down"})
            if not self._authorised():
                return
            if self.path == "/api/bot/flags":
                key = body["idempotency_key"]
                created = key not in stub.flags
                stub.flags.setdefault(key, body)
                flags = [{"id": i + 1, "type": t, "status": "open", "deadline": stub.flag_deadline,
                          **({"routed_to": stub.flag_routed_to} if stub.flag_routed_to else {})}
                         for i, t in enumerate(stub.flags[key]["flags"])]
                return self._reply(201 if created else 200, {"flags": flags, "created": created})
            if self.path != "/api/bot/statements":
                return self._reply(404, {"detail": "not found"})
            if body["sender_id"] not in stub.contexts:
                return self._reply(403, {"detail": {"error": "not_enrolled"}})
            key = body["idempotency_key"]
            if key in stub.statements:
                return self._reply(200, {"id": stub.statements[key]["id"], "created": False})
            stub.statements[key] = {"id": len(stub.statements) + 1, "body": body}
            self._reply(201, {"id": stub.statements[key]["id"], "created": True})

    return Handler


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Start the stub backend on a free loopback port and point the action settings at it."""
    stub = StubBackend()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("BACKEND_URL", stub.url)
    monkeypatch.setenv("BOT_SERVICE_TOKEN", TOKEN)
    monkeypatch.setenv("BACKEND_TIMEOUT_S", "2")
    monkeypatch.setenv("MYSAY_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("MYSAY_FLAG_RETRY_S", "0")  # tests call the retry themselves
    settings.get.cache_clear()
    yield stub
    server.shutdown()
    server.server_close()
    settings.get.cache_clear()


def enrolled_context(age_band: str = "12-17", meeting_type: str = "looked_after_review",
                     language: str = "en") -> dict[str, Any]:
    return {"enrolled": True, "first_name": "Sam", "age": 12, "age_band": age_band, "language": language,
            "next_meeting": {"id": 3, "type": meeting_type, "date": "2026-12-03"},
            "readers": ["social_worker", "iro"]}


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


class Conversation:
    """Run real actions against one conversation's slots, the way Rasa would, and keep what the bot said."""

    def __init__(self, domain: dict[str, Any], sender_id: str = SENDER) -> None:
        self.domain = domain
        self.sender_id = sender_id
        self.slots: dict[str, Any] = {
            name: spec.get("initial_value") for name, spec in domain["slots"].items()}
        self.slots["requested_slot"] = None
        self.latest: dict[str, Any] = {}
        self.active_loop: dict[str, Any] = {}  # e.g. {"name": "prepare_form"} while the questions run
        self.events: list[dict[str, Any]] = []
        self.said: list[dict[str, Any]] = []

    def user(self, verbatim: str, *, intent: str | None = None, button_payload: str | None = None,
             entities: list[dict[str, Any]] | None = None, with_metadata: bool = True,
             triage: dict[str, Any] | None = None) -> None:
        """Receive a message as the connector hands it to Rasa (text stripped, exact text in metadata)."""
        text = (button_payload or verbatim).strip()
        metadata = {"verbatim": verbatim, "channel": "webchat", "button_payload": button_payload} \
            if with_metadata else {}
        self.latest = {"text": text, "intent": {"name": intent or "nlu_fallback", "confidence": 1.0},
                       "entities": entities or [], "metadata": metadata,
                       "message_id": f"m{len(self.events)}", **({"triage": triage} if triage else {})}
        self.events.append({"event": "user", "text": text, "parse_data": dict(self.latest), "metadata": metadata,
                            "message_id": self.latest["message_id"], "timestamp": 1795435200.0 + len(self.events)})

    def tracker(self, extra_events: list[dict[str, Any]] | None = None) -> Tracker:
        return Tracker(self.sender_id, dict(self.slots), dict(self.latest), self.events + (extra_events or []),
                       False, None, dict(self.active_loop), "action_listen")

    async def run(self, action: Action, extra_events: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """Run one action; apply its slot events; return what it said."""
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, self.tracker(extra_events), self.domain)
        for event in events:
            if isinstance(event, dict) and event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        self.said.extend(dispatcher.messages)
        # Keep what the bot said in the events too, as Rasa does (transcripts are built from them).
        for message in dispatcher.messages:
            self.events.append({"event": "bot", "text": message.get("text"), "timestamp": 1795435200.0 + len(self.events),
                                "data": {"buttons": message.get("buttons") or []}})
        return dispatcher.messages

    async def answer_form(self, action_validate: Action, action_ask: Action) -> list[dict[str, Any]]:
        """Let the form validate the latest message (as current_answer), then ask the next question."""
        said = await self.run(action_validate,
                              [{"event": "slot", "name": "current_answer", "value": self.latest["text"]}])
        if self.slots.get("requested_slot") is not None or self._more_to_ask():
            said += await self.run(action_ask)
        return said

    def _more_to_ask(self) -> bool:
        if not self.slots.get("enrolled"):
            return False
        if self.slots.get("editing_prompt_key"):
            return True
        return int(self.slots.get("prompt_cursor") or 0) < len(self.slots.get("prompt_plan") or [])


@pytest.fixture
def conversation(domain: dict[str, Any]) -> Conversation:
    return Conversation(domain)


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("text") or "" for m in messages]


def buttons(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [b for m in messages for b in (m.get("buttons") or [])]

