"""Start the real backend, action server and Rasa as processes on free loopback ports, for end-to-end tests."""
from __future__ import annotations

import http.server
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.support.channel_stubs import TelegramStub, TwilioStub

ROOT = Path(__file__).resolve().parents[2]
BOT_PY = ROOT / ".venv" / "bot" / "bin" / "python"
RASA = ROOT / ".venv" / "bot" / "bin" / "rasa"
BACKEND_PY = ROOT / ".venv" / "backend" / "bin" / "python"
MODEL = ROOT / "models" / "mysay.tar.gz"
DEMO_PASSWORD = "demo-password"


def free_port() -> int:
    """Return a TCP port on loopback that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _ExitPage(http.server.BaseHTTPRequestHandler):
    """Serve the neutral page the chat's quick-exit button goes to (the real one is an outside website)."""

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        body = b"<!doctype html><title>Weather</title><h1>Weather today</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Stack:
    """A running MySay: backend, action server and Rasa, with a fresh demo database."""

    workdir: Path
    backend_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    exit_port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    # Local stand-ins for Twilio's Messages API and the Telegram Bot API (the SMS and Telegram channels' edge).
    twilio: TwilioStub | None = None
    telegram: TelegramStub | None = None

    @property
    def backend_url(self) -> str:
        return f"http://127.0.0.1:{self.backend_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    @property
    def quick_exit_url(self) -> str:
        return f"http://127.0.0.1:{self.exit_port}/weather"

    @property
    def database_path(self) -> Path:
        return self.workdir / "mysay.db"

    def start(self, extra_env: dict[str, str] | None = None) -> "Stack":
        """Migrate and seed a fresh database, start the three processes and wait until each answers.

        `extra_env` overrides any setting for all three processes and `manage` (e.g. MYSAY_FIXED_NOW, MYSAY_SMTP_*).
        """
        if not MODEL.exists():
            raise RuntimeError("no trained model: run `make model` first")
        self.twilio, self.telegram = TwilioStub(), TelegramStub()
        self.env = {
            **os.environ,
            "MYSAY_ENV": "development",
            "MYSAY_DEMO": "1",
            "DATABASE_URL": f"sqlite:///{self.database_path}",
            "MYSAY_SECRET_KEY": secrets.token_hex(32),
            "BOT_SERVICE_TOKEN": secrets.token_hex(32),
            "WEBCHAT_SECRET": secrets.token_hex(32),
            "RASA_AUTH_TOKEN": secrets.token_hex(32),
            "BACKEND_URL": self.backend_url,
            "ACTION_ENDPOINT_URL": f"{self.actions_url}/webhook",
            "QUICK_EXIT_URL": self.quick_exit_url,
            "RASA_TELEMETRY_ENABLED": "false",
            "PYTHONPATH": str(ROOT),
            "SANIC_HOST": "127.0.0.1",
            "MYSAY_OUTBOX_DIR": str(self.workdir / "outbox"),
            "RASA_URL": self.rasa_url,
            # SMS and Telegram, pointed at the local stubs; Twilio signs for PUBLIC_URL.
            "PUBLIC_URL": self.rasa_url,
            "SENDER_ID_SECRET": secrets.token_hex(32),
            "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
            "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
            "TWILIO_PHONE_NUMBER": "+447700900999",
            "TWILIO_API_BASE_URL": self.twilio.url,
            "TELEGRAM_BOT_TOKEN": f"{secrets.randbelow(10**9)}:{secrets.token_urlsafe(24)}",
            "TELEGRAM_WEBHOOK_SECRET": secrets.token_urlsafe(32),
            "TELEGRAM_API_BASE_URL": self.telegram.url,
            **(extra_env or {}),
        }
        server = http.server.ThreadingHTTPServer(("127.0.0.1", self.exit_port), _ExitPage)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._exit_server = server
        for command in ("migrate", "seed-demo"):
            subprocess.run([str(BACKEND_PY), "-m", "backend.manage", command], cwd=ROOT, env=self.env,
                           check=True, capture_output=True)
        self._spawn("backend", [str(BACKEND_PY), "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1",
                                "--port", str(self.backend_port)])
        self._spawn("actions", [str(BOT_PY), "-m", "rasa_sdk", "--actions", "bot.actions",
                                "-p", str(self.actions_port)])
        self._spawn("rasa", [str(RASA), "run", "--enable-api", "--auth-token", self.env["RASA_AUTH_TOKEN"],
                             "-i", "127.0.0.1", "-p", str(self.rasa_port), "--credentials",
                             str(ROOT / "credentials.yml"), "--endpoints", str(ROOT / "endpoints.yml"),
                             "--model", str(MODEL)])
        self.wait_until_up("backend", f"{self.backend_url}/health")
        self.wait_until_up("actions", f"{self.actions_url}/health")
        self.wait_until_up("rasa", f"{self.rasa_url}/status?token={self.env['RASA_AUTH_TOKEN']}", timeout=180)
        return self

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def wait_until_up(self, name: str, url: str, timeout: float = 90) -> None:
        """Poll url until it answers 200, failing with the process's log if it dies or times out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[name].poll() is not None:
                raise RuntimeError(f"{name} exited early:\n{self.log_tail(name)}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{name} did not answer within {timeout}s:\n{self.log_tail(name)}")

    def log_tail(self, name: str, lines: int = 60) -> str:
        path = self.workdir / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def stop(self) -> None:
        """Stop every process (terminate, then kill after a grace period)."""
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if getattr(self, "_exit_server", None):
            self._exit_server.shutdown()
        for stub in (self.twilio, self.telegram):
            if stub is not None:
                stub.close()

    def restart(self, name: str) -> None:
        """Stop one process and start it again with the same arguments (to test outages)."""
        proc = self.procs[name]
        proc.terminate()
        proc.wait(timeout=15)
        self._spawn(name, proc.args)

    # --- staff side ---------------------------------------------------------------------------------------
    def staff_token(self, username: str, password: str = DEMO_PASSWORD) -> str:
        """Log a staff member in through the OAuth2 password flow and return the bearer token."""
        response = httpx.post(f"{self.backend_url}/api/auth/token",
                              data={"username": username, "password": password}, timeout=10)
        response.raise_for_status()
        return response.json()["access_token"]

    def staff_get(self, username: str, path: str) -> httpx.Response:
        token = self.staff_token(username)
        return httpx.get(f"{self.backend_url}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=10)

    def staff_post(self, username: str, path: str, body: dict | None = None) -> httpx.Response:
        token = self.staff_token(username)
        return httpx.post(f"{self.backend_url}{path}", json=body, headers={"Authorization": f"Bearer {token}"},
                          timeout=10)

    def manage(self, *argv: str) -> subprocess.CompletedProcess[str]:
        """Run `python -m backend.manage` against this stack's database and settings (e.g. escalate --now ...)."""
        return subprocess.run([str(BACKEND_PY), "-m", "backend.manage", *argv], cwd=ROOT, env=self.env, check=True,
                              capture_output=True, text=True, timeout=60)

    def statements(self, username: str) -> list[dict]:
        """Return the statements a staff member can read through the staff API."""
        response = self.staff_get(username, "/api/statements")
        response.raise_for_status()
        return response.json()

    # --- child side (web chat API) -------------------------------------------------------------------------
    def webchat_session(self, enrolment_code: str | None = None, **extra: object) -> httpx.Response:
        body = {"enrolment_code": enrolment_code, **extra} if enrolment_code else dict(extra)
        return httpx.post(f"{self.rasa_url}/webhooks/webchat/session", json=body, timeout=60)

    def webchat_send(self, session: str, text: str) -> httpx.Response:
        return httpx.post(f"{self.rasa_url}/webhooks/webchat/message", json={"session": session, "text": text},
                          timeout=60)


def start_stack(tmp_path: Path, extra_env: dict[str, str] | None = None) -> Stack:
    """Start a stack, printing the process logs if it fails to come up."""
    stack = Stack(workdir=tmp_path)
    try:
        return stack.start(extra_env)
    except Exception:
        stack.stop()
        for name in ("backend", "actions", "rasa"):
            sys.stderr.write(f"--- {name} log ---\n{stack.log_tail(name)}\n")
        raise
