"""Routes for staff to reply to a statement and for the bot to fetch the reply it is passing on."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, StringConstraints

from backend.auth.deps import SessionDep, SettingsDep, StaffDep, require_bot_service
from backend.flags.deps import NowDep, local_date
from backend.replies import service
from backend.schemas import PromptText, SenderId

staff_router = APIRouter(prefix="/api/statements", tags=["replies"])
bot_router = APIRouter(prefix="/api/bot", tags=["bot"], dependencies=[Depends(require_bot_service)])

ReplyText = Annotated[PromptText, StringConstraints(min_length=1)]


class ReplyIn(BaseModel):
    """A worker's words to the child, sent exactly as written."""

    text: ReplyText


class ReplyOut(BaseModel):
    """The stored reply and what happened when it was passed on."""

    id: int
    statement_id: int
    status: str
    channel: str | None
    created_at: datetime
    sent_at: datetime | None
    attempts: int
    next_attempt_at: datetime | None  # set while a failed reply waits to be offered to the bot again


class BotReplyOut(BaseModel):
    """A reply as the bot passes it to the child."""

    id: int
    text: str
    author_role: str | None


@staff_router.post("/{statement_id}/reply", status_code=status.HTTP_201_CREATED, response_model=ReplyOut)
def reply(statement_id: int, body: ReplyIn, staff: StaffDep, db_session: SessionDep,
          settings: SettingsDep, now: NowDep) -> ReplyOut:
    """Store a reply to a statement the caller may read and pass it to the child on their last channel."""
    stored = service.create(db_session=db_session, staff=staff, statement_id=statement_id, text=body.text,
                            on=local_date(now, settings.timezone))
    token = settings.rasa_auth_token.get_secret_value() if settings.rasa_auth_token else None
    sent = service.send(db_session=db_session, reply=stored, rasa_url=settings.rasa_url, rasa_auth_token=token,
                        now=now)
    return ReplyOut(id=sent.id, statement_id=sent.statement_id, status=sent.status, channel=sent.channel,
                    created_at=sent.created_at, sent_at=sent.sent_at, attempts=sent.attempts,
                    next_attempt_at=sent.next_attempt_at)


@bot_router.get("/replies/{reply_id}", response_model=BotReplyOut)
def bot_reply(reply_id: int, sender_id: Annotated[SenderId, Query()], db_session: SessionDep) -> BotReplyOut:
    """Return a reply to the conversation it is for; 404 to any other."""
    found, author = service.get_for_conversation(db_session=db_session, reply_id=reply_id, sender_id=sender_id)
    return BotReplyOut(id=found.id, text=found.text, author_role=author.role if author else None)
