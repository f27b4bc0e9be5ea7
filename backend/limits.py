"""Refuse request bodies over a size limit before they are read into memory."""
from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """Raised while streaming when a body without Content-Length passes the limit."""

    # An HTTPException, because FastAPI turns any other error while reading a body into a 400.
    def __init__(self) -> None:
        super().__init__(status_code=413, detail={"error": "body_too_large"})


class BodySizeLimit:
    """ASGI middleware: 413 when Content-Length or the streamed body exceeds the settings' max_body_bytes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count streamed bytes."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Settings are loaded in the lifespan, so the limit is looked up per request, not at construction.
        max_bytes = scope["app"].state.settings.max_body_bytes
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
            await self._refuse(send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)

    @staticmethod
    async def _refuse(send: Send) -> None:
        """Send a 413 without echoing anything from the request."""
        body = json.dumps({"detail": {"error": "body_too_large"}}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
