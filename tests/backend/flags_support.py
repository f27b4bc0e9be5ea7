"""Helpers for the flag tests: a council clock, flag submissions and a local SMTP server."""
from __future__ import annotations

import email
import socketserver
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from email.message import Message
from zoneinfo import ZoneInfo

from backend import clock

LONDON = ZoneInfo("Europe/London")


def next_monday() -> date:
    """Return a Monday one to seven days ahead, so demo-style allocations (from a year ago) are active."""
    today = clock.today()
    return today + timedelta(days=7 - today.weekday())


def london(day: date, hour: int, minute: int = 0) -> datetime:
    """Return an aware instant at a council wall-clock time."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def set_clock(client, at: datetime) -> None:
    """Fix the app's clock."""
    client.app.state.now = lambda: at


def flag_body(sender_id: str = "webchat-abc", *, flags=("safeguarding",), key: str | None = None,
              text: str = "he hits me", transcript: list[dict] | None = None, language: str = "en",
              advocacy_consent: bool | None = None, contact_preference: str | None = None) -> dict:
    """Return a valid flag submission."""
    return {"idempotency_key": key or f"{sender_id}:{uuid.uuid4().hex}", "sender_id": sender_id,
            "channel": sender_id.split("-")[0], "flags": list(flags), "message_text": text, "language": language,
            "sent_at": "2026-11-23T12:00:00Z",
            "transcript": transcript if transcript is not None else [
                {"speaker": "bot", "text": "How are things at home?", "at": "2026-11-23T11:59:00Z"},
                {"speaker": "child", "text": text, "at": "2026-11-23T12:00:00Z"}],
            "advocacy_consent": advocacy_consent, "contact_preference": contact_preference}


@dataclass
class Received:
    """One email the sink accepted."""

    mail_from: str
    rcpt_to: list[str]
    raw: bytes

    @property
    def message(self) -> Message:
        """Return the parsed email."""
        return email.message_from_bytes(self.raw)

    @property
    def body(self) -> str:
        """Return the decoded text body."""
        payload = self.message.get_payload(decode=True)
        return payload.decode() if isinstance(payload, bytes) else str(payload)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Speak just enough SMTP (RFC 5321) for smtplib: greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        sink: SmtpSink = self.server.sink  # type: ignore[attr-defined]
        self._reply("220 sink.test ESMTP")
        mail_from, rcpts, lines, in_data = "", [], [], False
        while line := self.rfile.readline():
            if in_data:
                if line in (b".\r\n", b".\n"):
                    in_data = False
                    if sink.fail_data:
                        self._reply("451 4.3.0 try again later")
                    else:
                        sink.received.append(Received(mail_from, rcpts, b"".join(lines)))
                        self._reply("250 2.0.0 queued")
                    mail_from, rcpts, lines = "", [], []
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)  # dot-unstuffing
                continue
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 sink.test")
            elif verb == "MAIL":
                mail_from = command.split(":", 1)[1].strip()
                self._reply("250 2.1.0 ok")
            elif verb == "RCPT":
                rcpts.append(command.split(":", 1)[1].strip().strip("<>"))
                self._reply("250 2.1.5 ok")
            elif verb == "DATA":
                in_data = True
                self._reply("354 end with <CRLF>.<CRLF>")
            elif verb in ("RSET", "NOOP"):
                self._reply("250 2.0.0 ok")
            elif verb == "QUIT":
                self._reply("221 2.0.0 bye")
                return
            else:
                self._reply("502 5.5.2 not implemented")


@dataclass
class SmtpSink:
    """A local SMTP server that keeps what it receives; set fail_data to answer 451 to every message."""

    received: list[Received] = field(default_factory=list)
    fail_data: bool = False
    port: int = 0

    def __post_init__(self) -> None:
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
        self._server.daemon_threads = True
        self._server.sink = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the server."""
        self._server.shutdown()
        self._server.server_close()
