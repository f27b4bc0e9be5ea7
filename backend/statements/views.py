"""Routes for the bot to submit statements and for allocated staff to read them."""
from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Depends, Response, status
from pydantic import AwareDatetime, BaseModel, Field

from backend import clock
from backend.auth.deps import SessionDep, SettingsDep, StaffDep, require_bot_service
from backend.schemas import AnswerText, ChannelName, IdempotencyKey, LanguageCode, PromptKey, PromptText, SenderId
from backend.statements import service
from backend.statements.models import Statement

bot_router = APIRouter(prefix="/api/bot", tags=["bot"], dependencies=[Depends(require_bot_service)])
staff_router = APIRouter(prefix="/api/statements", tags=["statements"])

MAX_ANSWERS = 100


class AnswerIn(BaseModel):
    """One prompt and the child's answer, verbatim."""

    prompt_key: PromptKey
    prompt_text: PromptText
    answer_text: AnswerText
    answered_at: AwareDatetime


class StatementIn(BaseModel):
    """A statement as the bot submits it."""

    idempotency_key: IdempotencyKey
    sender_id: SenderId
    channel: ChannelName
    meeting_id: int | None = None
    language: LanguageCode
    share_with_carers: bool = False
    answers: list[AnswerIn] = Field(min_length=1, max_length=MAX_ANSWERS)


class SubmittedOut(BaseModel):
    """The stored statement's id and whether this request created it."""

    id: int
    created: bool


class ChildRef(BaseModel):
    """The child a statement is from."""

    id: int
    display_name: str


class MeetingRef(BaseModel):
    """The meeting a statement is for."""

    id: int
    type: str
    date: date


class AnswerOut(BaseModel):
    """One prompt and answer exactly as stored."""

    prompt_key: str
    prompt_text: str
    answer_text: str
    answered_at: datetime


class StatementOut(BaseModel):
    """A statement as staff read it."""

    id: int
    child: ChildRef
    meeting: MeetingRef | None
    channel: str
    language: str
    share_with_carers: bool
    submitted_at: datetime
    answers: list[AnswerOut]

    @classmethod
    def of(cls, statement: Statement) -> "StatementOut":
        """Build the response from a stored statement."""
        meeting = statement.meeting
        return cls(
            id=statement.id,
            child=ChildRef(id=statement.child.id, display_name=statement.child.display_name),
            meeting=MeetingRef(id=meeting.id, type=meeting.type, date=meeting.date) if meeting else None,
            channel=statement.channel, language=statement.language,
            share_with_carers=statement.share_with_carers, submitted_at=statement.submitted_at,
            answers=[AnswerOut(prompt_key=a.prompt_key, prompt_text=a.prompt_text, answer_text=a.answer_text,
                               answered_at=a.answered_at) for a in statement.answers])


@bot_router.post("/statements", response_model=SubmittedOut, status_code=status.HTTP_201_CREATED)
def submit(body: StatementIn, response: Response, db_session: SessionDep) -> SubmittedOut:
    """Store a statement once; a repeated idempotency key returns the stored one with 200."""
    statement, created = service.submit(
        db_session=db_session, idempotency_key=body.idempotency_key, sender_id=body.sender_id,
        channel=body.channel, meeting_id=body.meeting_id, language=body.language,
        share_with_carers=body.share_with_carers,
        answers=[service.AnswerIn(**a.model_dump()) for a in body.answers])
    if not created:
        response.status_code = status.HTTP_200_OK
    return SubmittedOut(id=statement.id, created=created)


@staff_router.get("", response_model=list[StatementOut])
def list_statements(staff: StaffDep, db_session: SessionDep, settings: SettingsDep) -> list[StatementOut]:
    """List the statements the caller may read; each one listed is audited as read."""
    statements = service.get_all(db_session=db_session, staff=staff, on=clock.today(settings.timezone))
    return [StatementOut.of(s) for s in statements]


@staff_router.get("/{statement_id}", response_model=StatementOut)
def read_statement(statement_id: int, staff: StaffDep, db_session: SessionDep, settings: SettingsDep) -> StatementOut:
    """Return one statement the caller may read, audited; 404 otherwise."""
    statement = service.get(db_session=db_session, staff=staff, statement_id=statement_id,
                            on=clock.today(settings.timezone))
    return StatementOut.of(statement)
