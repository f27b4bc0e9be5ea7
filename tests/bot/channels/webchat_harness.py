"""Stand-ins for the web chat tests: a stub backend, a recording "Rasa" and the connector on a live Sanic app."""
from __future__ import annotations

import dataclasses
from typing import Any, Dict, List

import httpx
import pytest_asyncio
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.webchat import WebChatInput
from tests.support.channel_stubs import _StubServer
from tests.support.stack import free_port

SERVICE_TOKEN = "service-token-for-tests-0123456789"
SESSION_SECRET = "session-secret-for-tests-0123456789"
QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
WELCOME_BUTTONS = [{"title": "Get ready for my meeting", "payload": "/prepare_meeting"}]


# --- stand-ins at the outside edge -------------------------------------------------------------------------

class StubBackend(_StubServer):
    """Answer POST /api/bot/enrolments the way docs/bot-backend-api.md says, recording every request."""

    STATUS_BY_CODE = {"DEMO12": 200, "USED01": 409, "OLD001": 410}

    def answer(self, method: str, path: str, params: Dict[str, Any], headers: Dict[str, str]):
        self.requests.append({"path": path, "auth": headers.get("Authorization"), "json": params})
        if headers.get("Authorization") != f"Bearer {SERVICE_TOKEN}":
            return 401, {"detail": "unauthorised"}
        if method != "POST" or path != "/api/bot/enrolments":
            return 404, {"detail": "not found"}
        status = self.STATUS_BY_CODE.get(params.get("code", "").strip().upper(), 404)
        errors = {404: "code_unknown", 409: "code_used", 410: "code_expired"}
        return status, ({"enrolled": True, "language": "en"} if status == 200 else
                        {"detail": {"error": errors[status]}})


class RecordingHandler:
    """Stand in for Rasa's agent: record each UserMessage and answer like a tiny bot."""

    def __init__(self) -> None:
        self.messages: List[UserMessage] = []
        self.fail = False

    async def __call__(self, message: UserMessage) -> None:
        self.messages.append(message)
        if self.fail:
            raise RuntimeError("the model could not be loaded")
        if message.text == "/start_session":
            await message.output_channel.send_text_with_buttons(
                message.sender_id, "Hello! I'm MySay.", WELCOME_BUTTONS)
        else:
            await message.output_channel.send_text_message(message.sender_id, "Thank you.\n\nWhat else?")
            await message.output_channel.send_custom_json(message.sender_id, {"kind": "progress", "step": 2})


@dataclasses.dataclass
class Harness:
    url: str
    handler: RecordingHandler
    backend: StubBackend
    channel: WebChatInput
    client: httpx.AsyncClient

    async def post(self, path: str, body: Any) -> httpx.Response:
        if isinstance(body, (bytes, str)):
            return await self.client.post(f"{self.url}/webhooks/webchat/{path}", content=body,
                                          headers={"Content-Type": "application/json"})
        return await self.client.post(f"{self.url}/webhooks/webchat/{path}", json=body)

    async def new_session(self) -> str:
        reply = await self.post("session", {})
        assert reply.status_code == 200, reply.text
        return reply.json()["session"]


@pytest_asyncio.fixture
async def harness() -> Harness:
    backend = StubBackend()
    handler = RecordingHandler()
    channel = WebChatInput.from_credentials({
        "backend_url": backend.url, "service_token": SERVICE_TOKEN,
        "session_secret": SESSION_SECRET, "quick_exit_url": QUICK_EXIT_URL})
    Sanic.test_mode = True
    app = Sanic(f"webchat_test_{free_port()}")
    app.blueprint(channel.blueprint(handler), url_prefix="/webhooks/webchat")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    await server.startup()
    async with httpx.AsyncClient(timeout=10) as client:
        yield Harness(f"http://127.0.0.1:{port}", handler, backend, channel, client)
    await server.before_stop()
    server.close()
    await server.wait_closed()
    backend.close()
