"""A local SMTP server (stdlib only) that keeps every email it is sent, for tests of notifications."""
from __future__ import annotations

import email
import socketserver
import threading
import time
from dataclasses import dataclass, field
from email.message import Message


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

    def wait_for(self, count: int, *, to: str | None = None, timeout: float = 15) -> list[Received]:
        """Return the emails (to one address, if given) once there are at least `count`, or fail after timeout."""
        deadline = time.monotonic() + timeout
        while True:
            found = [r for r in self.received if to is None or to in r.rcpt_to]
            if len(found) >= count or time.monotonic() > deadline:
                assert len(found) >= count, f"expected {count} email(s) to {to or 'anyone'}, got {len(found)}"
                return found
            time.sleep(0.1)

    def close(self) -> None:
        """Stop the server."""
        self._server.shutdown()
        self._server.server_close()
