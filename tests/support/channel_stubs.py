"""Local stand-ins for the outside edge of the SMS and Telegram channels (standard library only).

- TwilioStub: Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json), recording what was sent.
- TelegramStub: the Telegram Bot API (POST /bot{token}/{method}), recording every call.
- twilio_signature: X-Twilio-Signature exactly as Twilio computes it (HMAC-SHA1 over URL + sorted fields,
  https://www.twilio.com/docs/usage/security#validating-requests); tests/bot checks it against the twilio
  package's RequestValidator, so the e2e tests (run from the backend environment) can sign without twilio.
- Captured payload shapes: twilio_inbound_form, twilio_status_form, telegram_update.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import json
import secrets
import threading
import time
from typing import Any, Callable
from urllib.parse import parse_qs


def twilio_signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    """Return the X-Twilio-Signature Twilio would send for a form POST to url."""
    signed = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    return base64.b64encode(hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()).decode()


def message_sid() -> str:
    return "SM" + secrets.token_hex(16)


def twilio_inbound_form(*, body: str | None, number: str = "+447700900123", to: str = "+447700900999",
                        sid: str | None = None, account_sid: str = "AC" + "0" * 32, **extra: str) -> dict[str, str]:
    """Return the form fields Twilio posts for an inbound SMS (captured shape, values made up)."""
    form = {
        "ToCountry": "GB", "ToState": "", "SmsMessageSid": sid or message_sid(), "NumMedia": "0",
        "ToCity": "", "FromZip": "", "SmsSid": "", "FromState": "", "SmsStatus": "received", "FromCity": "",
        "FromCountry": "GB", "To": to, "ToZip": "", "NumSegments": "1", "MessageSid": "", "AccountSid": account_sid,
        "From": number, "ApiVersion": "2010-04-01",
    }
    form["SmsSid"] = form["MessageSid"] = form["SmsMessageSid"]
    if body is not None:
        form["Body"] = body
    form.update(extra)
    return form


def twilio_status_form(*, sid: str, status: str, to: str = "+447700900123", from_: str = "+447700900999",
                       account_sid: str = "AC" + "0" * 32, error_code: str | None = None) -> dict[str, str]:
    """Return the form fields of a Twilio status callback (captured shape)."""
    form = {"SmsSid": sid, "SmsStatus": status, "MessageStatus": status, "To": to, "MessageSid": sid,
            "AccountSid": account_sid, "From": from_, "ApiVersion": "2010-04-01"}
    if error_code:
        form["ErrorCode"] = error_code
    return form


_update_ids = iter(range(10_000_000, 20_000_000))


def telegram_user(user_id: int, language_code: str = "en") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Alex", "language_code": language_code}


def telegram_update(user_id: int, *, text: str | None = None, update_id: int | None = None,
                    kind: str = "message", language_code: str = "en", chat_type: str = "private",
                    callback_data: str | None = None, **message_extra: Any) -> dict[str, Any]:
    """Return an Update as Telegram posts it (captured shape): message, edited_message or callback_query."""
    user = telegram_user(user_id, language_code)
    chat = {"id": user_id, "first_name": "Alex", "type": chat_type} if chat_type == "private" else {
        "id": -100123, "title": "Group", "type": chat_type}
    message: dict[str, Any] = {"message_id": 100 + (update_id or 0) % 1000, "from": user, "chat": chat,
                               "date": int(time.time())}
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}]
    message.update(message_extra)
    update: dict[str, Any] = {"update_id": update_id if update_id is not None else next(_update_ids)}
    if kind == "callback_query":
        bot_message = {"message_id": 99, "from": {"id": 42, "is_bot": True, "first_name": "MySay"}, "chat": chat,
                       "date": int(time.time()), "text": "Which one?"}
        update["callback_query"] = {"id": str(secrets.randbelow(10**18)), "from": user, "message": bot_message,
                                    "chat_instance": "-5000", "data": callback_data}
    elif kind == "edited_message":
        update["edited_message"] = {**message, "edit_date": int(time.time())}
    elif kind == "my_chat_member":
        update["my_chat_member"] = {
            "chat": chat, "from": user, "date": int(time.time()),
            "old_chat_member": {"user": {"id": 42, "is_bot": True, "first_name": "MySay"}, "status": "member"},
            "new_chat_member": {"user": {"id": 42, "is_bot": True, "first_name": "MySay"},
                                "status": message_extra.get("status", "kicked"),
                                **({"until_date": 0} if message_extra.get("status", "kicked") == "kicked" else {})}}
    else:
        update[kind] = message
    return update


class _StubServer:
    """A threaded HTTP server on loopback that records requests and answers through `answer`."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                self.do_POST()

            def do_PUT(self) -> None:  # noqa: N802 - http.server naming
                self.do_POST()

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = json.loads(raw or b"{}")
                else:
                    params = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
                with stub.lock:
                    status, reply = stub.answer(self.command, self.path, params, dict(self.headers))
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def answer(self, method: str, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
        raise NotImplementedError

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, predicate: Callable[[list[dict[str, Any]]], bool], timeout: float = 30) -> list[dict]:
        """Wait until the recorded requests satisfy predicate; return them (asserting on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                snapshot = list(self.requests)
            if predicate(snapshot):
                return snapshot
            time.sleep(0.05)
        raise AssertionError(f"stub never saw the expected requests; saw {len(snapshot)}")


class TwilioStub(_StubServer):
    """Twilio's Messages API: records each message; `fail_next` queues (status, twilio error code) answers."""

    def __init__(self) -> None:
        self.fail_next: list[tuple[int, int | None]] = []
        super().__init__()

    def answer(self, method: str, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
        if not path.endswith("/Messages.json"):
            return 404, {"code": 20404, "message": "not found", "status": 404}
        self.requests.append({"path": path, "to": params.get("To"), "from": params.get("From"),
                              "body": params.get("Body"), "status_callback": params.get("StatusCallback"),
                              "auth": headers.get("Authorization")})
        if self.fail_next:
            status, code = self.fail_next.pop(0)
            self.requests[-1]["status"] = status
            return status, {"code": code, "message": "stubbed failure", "more_info": "", "status": status}
        self.requests[-1]["status"] = 201
        sid = message_sid()
        return 201, {"sid": sid, "status": "queued", "to": params.get("To"), "from": params.get("From"),
                     "body": params.get("Body"), "num_segments": "1", "direction": "outbound-api",
                     "account_sid": path.split("/")[3], "api_version": "2010-04-01"}

    def sent(self, to: str | None = None) -> list[str]:
        with self.lock:
            return [r["body"] for r in self.requests if r["status"] == 201 and (to is None or r["to"] == to)]


class TelegramStub(_StubServer):
    """The Bot API: records each call; chats in `blocked` answer 403 "bot was blocked by the user"."""

    def __init__(self) -> None:
        self.blocked: set[int] = set()
        self._message_ids = iter(range(1000, 10**9))
        super().__init__()

    def answer(self, method: str, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
        method = path.rsplit("/", 1)[-1]  # the Bot API method, e.g. sendMessage
        decoded = {k: (json.loads(v) if k in ("reply_markup", "chat_id") and isinstance(v, str) else v)
                   for k, v in params.items()}
        self.requests.append({"method": method, "path": path, **decoded})
        chat_id = decoded.get("chat_id")
        if method == "sendMessage" and chat_id in self.blocked:
            return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
        if method == "sendMessage":
            return 200, {"ok": True, "result": {"message_id": next(self._message_ids), "date": int(time.time()),
                                                 "chat": {"id": chat_id, "type": "private", "first_name": "Alex"},
                                                 "text": decoded.get("text", "")}}
        if method in ("answerCallbackQuery", "setWebhook"):
            return 200, {"ok": True, "result": True}
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": 42, "is_bot": True, "first_name": "MySay",
                                                "username": "mysay_test_bot"}}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    def calls(self, method: str, chat_id: int | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.requests if r["method"] == method and (chat_id is None or r.get("chat_id") == chat_id)]

    def texts(self, chat_id: int | None = None) -> list[str]:
        return [r["text"] for r in self.calls("sendMessage", chat_id)]
