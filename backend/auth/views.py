"""Sign staff in with the OAuth2 password flow."""
from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from backend.auth import service
from backend.auth.deps import SessionDep, SettingsDep
from backend.staff import service as staff_service

router = APIRouter(prefix="/api/auth", tags=["auth"])


class TokenOut(BaseModel):
    """An OAuth2 bearer token."""

    access_token: str
    token_type: str = "bearer"


@router.post("/token", response_model=TokenOut)
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], db_session: SessionDep,
          settings: SettingsDep) -> TokenOut:
    """Exchange a username and password for an access token."""
    staff = staff_service.sign_in(db_session=db_session, username=form.username, password=form.password)
    if staff is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail={"error": "invalid_credentials"},
                            headers={"WWW-Authenticate": "Bearer"})
    token = service.create_access_token(staff_id=staff.id, secret_key=settings.secret_key_value(),
                                        lifetime=timedelta(minutes=settings.access_token_minutes))
    return TokenOut(access_token=token)
