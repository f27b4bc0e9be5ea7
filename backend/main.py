"""Build the FastAPI app: settings and database in the lifespan, routers, error mapping, size limits."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timezone

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from backend import clock, models  # noqa: F401  (models registers every mapper before the first query)
from backend.auth.views import router as auth_router
from backend.config import Settings
from backend.contacts.views import bot_router as contacts_bot_router
from backend.db import make_engine, make_sessionmaker
from backend.enrolment.views import bot_router as enrolment_bot_router
from backend.enrolment.views import staff_router as enrolment_staff_router
from backend.errors import DomainError
from backend.flags import escalation
from backend.flags.views import bot_router as flags_bot_router
from backend.flags.views import staff_router as flags_staff_router
from backend.limits import BodySizeLimit
from backend.referrals.views import router as referrals_router
from backend.replies.views import bot_router as replies_bot_router
from backend.replies.views import staff_router as replies_staff_router
from backend.statements.views import bot_router as statements_bot_router
from backend.statements.views import staff_router as statements_staff_router

log = logging.getLogger("mysay.backend")


def _clock(settings: Settings, now: Callable[[], datetime]) -> Callable[[], datetime]:
    """Return the app's clock: MYSAY_FIXED_NOW (development only) unless the caller chose one."""
    if settings.fixed_now is None or now is not clock.now:
        return now
    fixed = settings.fixed_now.astimezone(timezone.utc)
    log.warning("clock fixed at %s by MYSAY_FIXED_NOW (tests and demos only)", fixed.isoformat())
    return lambda: fixed


def create_app(settings: Settings | None = None, *, now: Callable[[], datetime] = clock.now) -> FastAPI:
    """Return the app; settings are read from the environment at startup unless given; `now` is its clock."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Load settings and open the database pool for the app's lifetime."""
        app.state.settings = settings or Settings()
        engine = make_engine(app.state.settings.database_url)
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        app.state.now = _clock(app.state.settings, now)
        log.info("backend started env=%s demo=%s db=%s", app.state.settings.env, app.state.settings.demo,
                 engine.dialect.name)
        interval = app.state.settings.escalation_interval_seconds
        # Reads app.state.now at each pass, so a test that fixes the clock fixes the loop's clock too.
        loop = (asyncio.create_task(escalation.run_forever(
            session_factory=app.state.sessionmaker, settings=app.state.settings, now=lambda: app.state.now(),
            interval_seconds=interval)) if interval > 0 else None)
        try:
            yield
        finally:
            if loop is not None:
                loop.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await loop
            engine.dispose()

    app = FastAPI(title="MySay backend", lifespan=lifespan)
    app.add_middleware(BodySizeLimit)

    @app.exception_handler(DomainError)
    async def domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        """Map a domain error to its status with a machine-readable code."""
        return JSONResponse({"detail": {"error": exc.code}}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        """Answer 422 naming the bad fields, without echoing their values (they may be a child's words)."""
        fields = [{"loc": list(err.get("loc", ())), "type": err.get("type"), "msg": err.get("msg")}
                  for err in exc.errors()]
        return JSONResponse({"detail": {"error": "invalid_request", "fields": fields}}, status_code=422)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        """Say the process is up."""
        return {"status": "ok"}

    for router in (auth_router, enrolment_staff_router, enrolment_bot_router, statements_bot_router,
                   statements_staff_router, flags_bot_router, flags_staff_router, referrals_router):
        app.include_router(router)
    # Channels (SMS, Telegram): contacts, STOP, delivery statuses; workers' replies passed to the child.
    for router in (contacts_bot_router, replies_bot_router, replies_staff_router):
        app.include_router(router)
    return app


app = create_app()
