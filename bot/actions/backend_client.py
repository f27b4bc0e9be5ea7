"""Typed async client for the backend's service API (/api/bot/*), see docs/bot-backend-api.md."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from bot.actions import settings as settings_module

logger = logging.getLogger(__name__)


class BackendError(Exception):
    """The backend did not do what was asked."""


class BackendUnavailable(BackendError):
    """The backend could not be reached or failed (timeout, connection error, 5xx); retrying may work."""


class BackendRejected(BackendError):
    """The backend refused the request (4xx); retrying the same request will not help."""

    def __init__(self, status: int, error: str | None) -> None:
        super().__init__(f"backend rejected request: {status} {error}")
        self.status = status
        self.error = error


@dataclass(frozen=True)
class Meeting:
    id: int
    type: str
    date: str


@dataclass(frozen=True)
class Context:
    enrolled: bool
    first_name: str | None = None
    age_band: str | None = None
    language: str | None = None
    next_meeting: Meeting | None = None
    readers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SubmitResult:
    id: int
    created: bool


@dataclass(frozen=True)
class RaisedFlag:
    id: int
    type: str
    status: str | None = None
    deadline: str | None = None
    # Who owns it: "allocated_worker", "duty_team", "managers", "advocacy_service", "complaints_team" (optional).
    routed_to: str | None = None


@dataclass(frozen=True)
class FlagsResult:
    flags: list[RaisedFlag]
    created: bool


class BackendClient:
    """Call the backend with the bot's service credential; map failures to BackendError subclasses."""

    def __init__(self, base_url: str, token: str, timeout_s: float = 5.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = httpx.Timeout(timeout_s)
        self._transport = transport

    @classmethod
    def from_settings(cls) -> "BackendClient":
        """Return a client configured from the environment."""
        s = settings_module.get()
        return cls(s.backend_url, s.bot_service_token, s.backend_timeout_s)

    async def _request(self, what: str, method: str, path: str, json: Any = None) -> httpx.Response:
        try:
            async with httpx.AsyncClient(base_url=self._base_url, headers=self._headers,
                                         timeout=self._timeout, transport=self._transport) as client:
                response = await client.request(method, path, json=json)
        except httpx.HTTPError as exc:
            logger.warning("backend %s failed: %s", what, type(exc).__name__)
            raise BackendUnavailable(type(exc).__name__) from exc
        logger.info("backend %s -> %s", what, response.status_code)
        if response.status_code >= 500:
            raise BackendUnavailable(f"status {response.status_code}")
        if response.status_code >= 400:
            raise BackendRejected(response.status_code, _error_code(response))
        return response

    async def get_context(self, sender_id: str) -> Context:
        """Return what the backend knows about this conversation (enrolment, age band, next meeting)."""
        response = await self._request("context", "GET", f"/api/bot/conversations/{quote(sender_id, safe='')}/context")
        body = _json(response)
        if not body.get("enrolled"):
            return Context(enrolled=False)
        meeting = body.get("next_meeting")
        return Context(
            enrolled=True,
            first_name=body.get("first_name"),
            age_band=body.get("age_band"),
            language=body.get("language"),
            next_meeting=Meeting(id=meeting["id"], type=meeting["type"], date=meeting["date"]) if meeting else None,
            readers=list(body.get("readers") or []),
        )

    async def submit_statement(self, payload: dict[str, Any]) -> SubmitResult:
        """Store a statement; the same idempotency key again returns the first one, created=False."""
        response = await self._request("statement", "POST", "/api/bot/statements", json=payload)
        body = _json(response)
        try:
            return SubmitResult(id=int(body["id"]), created=bool(body.get("created", True)))
        except (KeyError, TypeError, ValueError) as exc:
            raise BackendUnavailable("unexpected response body") from exc


    async def raise_flags(self, payload: dict[str, Any]) -> FlagsResult:
        """Hand flagged words to the backend; the same idempotency key again returns the same flags, created=False."""
        response = await self._request("flags", "POST", "/api/bot/flags", json=payload)
        body = _json(response)
        try:
            flags = [RaisedFlag(id=int(f["id"]), type=str(f["type"]), status=f.get("status"),
                                deadline=f.get("deadline"), routed_to=f.get("routed_to"))
                     for f in body.get("flags") or []]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BackendUnavailable("unexpected response body") from exc
        return FlagsResult(flags=flags, created=bool(body.get("created", True)))


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as exc:
        raise BackendUnavailable("response is not JSON") from exc
    if not isinstance(body, dict):
        raise BackendUnavailable("response is not an object")
    return body


def _error_code(response: httpx.Response) -> str | None:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return None
    if isinstance(detail, dict):
        return detail.get("error")
    return None
