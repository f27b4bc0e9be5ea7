"""FastAPI dependencies that authenticate staff and the bot service."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer
from sqlalchemy.orm import Session

from backend.auth import service
from backend.config import Settings
from backend.db import get_session
from backend.staff.models import Staff

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
service_bearer = HTTPBearer(auto_error=False, description="BOT_SERVICE_TOKEN")


def get_settings(request: Request) -> Settings:
    """Return the settings loaded in the app lifespan."""
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]


def _unauthorized() -> HTTPException:
    """Return the 401 that tells a client to send a bearer token."""
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail={"error": "unauthorized"},
                         headers={"WWW-Authenticate": "Bearer"})


def current_staff(db_session: SessionDep, settings: SettingsDep,
                  token: Annotated[str | None, Depends(oauth2_scheme)]) -> Staff:
    """Return the signed-in, active staff member or answer 401."""
    if not token:
        raise _unauthorized()
    staff_id = service.staff_id_from_token(token=token, secret_key=settings.secret_key_value())
    staff = db_session.get(Staff, staff_id) if staff_id is not None else None
    if staff is None or not staff.is_active:
        raise _unauthorized()
    return staff


def require_bot_service(settings: SettingsDep,
                        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(service_bearer)]) -> None:
    """Answer 401 unless the request carries the bot's service token."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not service.is_service_token(
            presented=credentials.credentials, expected=settings.bot_service_token_value()):
        raise _unauthorized()


StaffDep = Annotated[Staff, Depends(current_staff)]
