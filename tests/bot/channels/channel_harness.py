"""Stand-ins for the SMS and Telegram tests: a stub backend, a tiny "Rasa", the connectors on a live Sanic app.

The Twilio Messages API and the Telegram Bot API are local stubs (tests/support/channel_stubs.py) that the
real twilio and python-telegram-bot clients are pointed at.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Dict, List, Optional

import httpx
import pytest_asyncio
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.sms import SmsInput
from bot.channels.telegram import TelegramInput
from tests.support.channel_stubs import TelegramStub, TwilioStub, _StubServer
from tests.support.stack import free_port

SERVICE_TOKEN = "service-token-for-tests-0123456789"
SENDER_SECRET = "sender-secret-for-tests-0123456789"
ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "twilio-auth-token-for-tests"
TWILIO_NUMBER = "+447700900999"
PUBLIC_URL = "https://mysay.example.org"
BOT_TOKEN = "123456:telegram-token-for-tests"
WEBHOOK_SECRET = "telegram-webhook-secret-0123456789"
MENU = [{"title": "Get ready for my meeting", "payload": "/prepare_meeting"},
        {"title": "Help", "payload": "/help"},
        {"title": "😀 Happy", "payload": "😀 Happy"}]


class StubBackend(_StubServer):
    """The backend's service API as the connectors use it: enrolments, contacts, deliveries."""

    STATUS_BY_CODE = {"DEMO12": 200, "K7QM-2XPA": 200, "USED-0001": 409, "OLD-00001": 410}

    def __init__(self) -> None:
        self.contacts: Dict[str, Dict[str, Any]] = {}
        self.deliveries: Dict[str, Dict[str, Any]] = {}
        self.enrolments: List[Dict[str, Any]] = []
        super().__init__()

    def answer(self, method: str, path: str, params: Dict[str, Any], headers: Dict[str, str]):
        self.requests.append({"method": method, "path": path, "json": params})
        if headers.get("Authorization") != f"Bearer {SERVICE_TOKEN}":
            return 401, {"detail": {"error": "unauthorized"}}
        if method == "POST" and path == "/api/bot/enrolments":
            self.enrolments.append(params)
            status = self.STATUS_BY_CODE.get(params["code"].strip().upper(), 404)
            errors = {404: "code_unknown", 409: "code_used", 410: "code_expired"}
            return status, ({"enrolled": True, "language": "en"} if status == 200 else
                            {"detail": {"error": errors[status]}})
        if method == "POST" and path == "/api/bot/contacts":
            contact = self.contacts.setdefault(params["sender_id"], {"stopped": False, "address": None})
            if params.get("address"):
                contact["address"] = params["address"]
            if params["event"] == "stop":
                contact["stopped"] = True
            elif params["event"] == "start":
                contact["stopped"] = False
            return 200, {"stopped": contact["stopped"], "language": None}
        if method == "GET" and path.startswith("/api/bot/contacts/"):
            contact = self.contacts.get(path.rsplit("/", 1)[-1])
            return (200, contact) if contact else (404, {"detail": {"error": "contact_not_found"}})
        if method == "PUT" and path.startswith("/api/bot/deliveries/"):
            self.deliveries[path.rsplit("/", 1)[-1]] = params
            return 200, {"stored": True}
        return 404, {"detail": {"error": "not_found"}}


class TinyRasa:
    """Stand in for Rasa's agent: record each UserMessage; answer with text and the menu buttons."""

    def __init__(self) -> None:
        self.messages: List[UserMessage] = []
        self.fail = False
        self.reply_text = "Thanks. What next?"

    async def __call__(self, message: UserMessage) -> None:
        self.messages.append(message)
        if self.fail:
            raise RuntimeError("the model could not be loaded")
        await message.output_channel.send_response(message.sender_id, {"text": self.reply_text,
                                                                       "buttons": [dict(b) for b in MENU]})
        await message.output_channel.send_custom_json(message.sender_id, {"kind": "progress"})


@dataclasses.dataclass
class Harness:
    url: str
    rasa: TinyRasa
    backend: StubBackend
    twilio: TwilioStub
    telegram: TelegramStub
    sms: SmsInput
    tg: TelegramInput
    client: httpx.AsyncClient

    async def post_sms(self, form: Optional[Dict[str, str]], *, signature: Optional[str] = None,
                       path: str = "webhook") -> httpx.Response:
        return await self.client.post(f"{self.url}/webhooks/twilio/{path}", data=form or {},
                                      headers={"X-Twilio-Signature": signature} if signature else {})

    async def post_telegram(self, update: Any, *, secret: Optional[str] = WEBHOOK_SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        if isinstance(update, (bytes, str)):
            return await self.client.post(f"{self.url}/webhooks/telegram/webhook", content=update,
                                          headers={**headers, "Content-Type": "application/json"})
        return await self.client.post(f"{self.url}/webhooks/telegram/webhook", json=update, headers=headers)


@pytest_asyncio.fixture
async def channels() -> Harness:
    backend, twilio, telegram, rasa = StubBackend(), TwilioStub(), TelegramStub(), TinyRasa()
    sms = SmsInput.from_credentials({
        "account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN, "phone_number": TWILIO_NUMBER,
        "public_url": PUBLIC_URL, "sender_secret": SENDER_SECRET, "backend_url": backend.url,
        "service_token": SERVICE_TOKEN, "api_base_url": twilio.url})
    sms.retry_delay = 0.01
    tg = TelegramInput.from_credentials({
        "token": BOT_TOKEN, "webhook_secret": WEBHOOK_SECRET, "backend_url": backend.url,
        "service_token": SERVICE_TOKEN, "api_base_url": telegram.url})
    tg.retry_delay = 0.01
    Sanic.test_mode = True
    app = Sanic(f"channels_test_{free_port()}")
    app.blueprint(sms.blueprint(rasa), url_prefix=f"/webhooks/{sms.url_prefix()}")
    app.blueprint(tg.blueprint(rasa), url_prefix=f"/webhooks/{tg.url_prefix()}")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    await server.startup()
    async with httpx.AsyncClient(timeout=30) as client:
        yield Harness(f"http://127.0.0.1:{port}", rasa, backend, twilio, telegram, sms, tg, client)
    await server.before_stop()
    server.close()
    await server.wait_closed()
    if sms._client is not None:
        await sms._client.http_client.close()
    for stub in (backend, twilio, telegram):
        stub.close()
