"""Routes for issuing enrolment codes (staff) and enrolling conversations (bot)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field, model_validator

from backend import clock
from backend.auth.deps import SessionDep, SettingsDep, StaffDep, require_bot_service
from backend.enrolment import service
from backend.schemas import ChannelName, SenderId

staff_router = APIRouter(prefix="/api/children", tags=["enrolment"])
bot_router = APIRouter(prefix="/api/bot", tags=["bot"], dependencies=[Depends(require_bot_service)])


class CodeOut(BaseModel):
    """A freshly issued code, shown to the worker once."""

    code: str
    expires_at: datetime


class EnrolmentIn(BaseModel):
    """A code typed by a child in a conversation."""

    code: str = Field(min_length=1, max_length=64)
    channel: ChannelName
    sender_id: SenderId

    @model_validator(mode="after")
    def _sender_in_channel(self) -> "EnrolmentIn":
        """Refuse a sender_id not namespaced by its channel."""
        if not self.sender_id.startswith(f"{self.channel}-"):
            raise ValueError("sender_id must start with '<channel>-'")
        return self


class EnrolmentOut(BaseModel):
    """The result of a successful enrolment."""

    enrolled: bool = True
    language: str


class MeetingRef(BaseModel):
    """A meeting as the bot sees it."""

    id: int
    type: str
    date: date


class ContextOut(BaseModel):
    """What the bot needs to tailor a conversation; only `enrolled` when it is not enrolled."""

    enrolled: bool
    first_name: str | None = None
    age: int | None = None
    age_band: str | None = None
    language: str | None = None
    next_meeting: MeetingRef | None = None
    readers: list[str] | None = None


def _today(settings) -> date:
    """Return today in the council's timezone."""
    return clock.today(settings.timezone)


@staff_router.post("/{child_id}/enrolment-codes", status_code=status.HTTP_201_CREATED, response_model=CodeOut)
def issue_code(child_id: int, staff: StaffDep, db_session: SessionDep, settings: SettingsDep) -> CodeOut:
    """Issue a one-time code for a child the caller is allocated to."""
    row, plain = service.issue(db_session=db_session, staff=staff, child_id=child_id,
                               secret_key=settings.secret_key_value(),
                               lifetime=timedelta(days=settings.enrolment_code_days), on=_today(settings))
    return CodeOut(code=plain, expires_at=row.expires_at)


@bot_router.post("/enrolments", response_model=EnrolmentOut)
def enrol(body: EnrolmentIn, db_session: SessionDep, settings: SettingsDep) -> EnrolmentOut:
    """Link the conversation to the child whose code was typed."""
    child = service.enrol(db_session=db_session, code=body.code, channel=body.channel, sender_id=body.sender_id,
                          secret_key=settings.secret_key_value(), demo=settings.demo)
    return EnrolmentOut(language=child.preferred_language)


@bot_router.get("/conversations/{sender_id}/context", response_model=ContextOut, response_model_exclude_unset=True)
def context(sender_id: str, db_session: SessionDep, settings: SettingsDep) -> ContextOut:
    """Describe the child behind a conversation, or say it is not enrolled."""
    return ContextOut(**service.conversation_context(db_session=db_session, sender_id=sender_id,
                                                     on=_today(settings)))
