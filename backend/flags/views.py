"""Routes for the bot to raise flags and for staff to see, acknowledge and close them."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, Response, status
from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from backend.auth.deps import SessionDep, SettingsDep, StaffDep, require_bot_service
from backend.flags import routing, service
from backend.flags import transcript as transcripts
from backend.flags.deps import NowDep, local_date
from backend.flags.models import Flag, FlagStatus, FlagType
from backend.notifications import service as notifications_service
from backend.schemas import AnswerText, ChannelName, IdempotencyKey, LanguageCode, PromptText, SenderId

bot_router = APIRouter(prefix="/api/bot", tags=["bot"], dependencies=[Depends(require_bot_service)])
staff_router = APIRouter(prefix="/api/flags", tags=["flags"])

log = logging.getLogger("mysay.flags")
NoteText = Annotated[PromptText, StringConstraints(min_length=1)]


class FlagsIn(BaseModel):
    """A message triage flagged, as the bot submits it."""

    idempotency_key: IdempotencyKey
    sender_id: SenderId
    channel: ChannelName
    flags: list[FlagType] = Field(min_length=1, max_length=len(FlagType))
    message_text: AnswerText
    language: LanguageCode
    sent_at: AwareDatetime
    # Never a reason to refuse the message: a malformed turn is stored marked, a bad transcript as one marker.
    transcript: Annotated[list[dict[str, Any]], BeforeValidator(transcripts.clean)] = Field(default_factory=list)
    advocacy_consent: bool | None = None
    contact_preference: Annotated[PromptText, StringConstraints(max_length=200)] | None = None

    @model_validator(mode="after")
    def _sender_in_channel(self) -> "FlagsIn":
        """Refuse a sender_id not namespaced by its channel."""
        if not self.sender_id.startswith(f"{self.channel}-"):
            raise ValueError("sender_id must start with '<channel>-'")
        return self


class RaisedFlag(BaseModel):
    """A flag the message raised or joined, and who has it (so the bot can tell the child honestly)."""

    id: int
    type: str
    status: str
    deadline: datetime
    routed_to: str

    @classmethod
    def of(cls, flag: Flag) -> "RaisedFlag":
        """Build the answer from a stored flag."""
        return cls(id=flag.id, type=flag.type, status=flag.status, deadline=flag.deadline,
                   routed_to=routing.routed_to(flag_type=flag.type, team=flag.routed_team,
                                               staff_id=flag.routed_staff_id))


class RaisedOut(BaseModel):
    """The flags behind a submitted message and whether this request stored it."""

    flags: list[RaisedFlag]
    created: bool


class ChildRef(BaseModel):
    """The child a flag is about."""

    id: int
    display_name: str


class FlagOut(BaseModel):
    """A flag as it appears in a queue: no child's words."""

    id: int
    type: str
    status: str
    deadline: datetime
    child: ChildRef | None
    verified: bool
    created_at: datetime
    language: str
    channel: str
    routed_team: str | None
    routed_staff_id: int | None
    acknowledged_at: datetime | None
    escalated_at: datetime | None
    closed_at: datetime | None
    referral_id: int | None

    @classmethod
    def of(cls, flag: Flag) -> "FlagOut":
        """Build the summary from a stored flag."""
        child = ChildRef(id=flag.child.id, display_name=flag.child.display_name) if flag.child else None
        return cls(id=flag.id, type=flag.type, status=flag.status, deadline=flag.deadline, child=child,
                   verified=flag.verified, created_at=flag.created_at, language=flag.language, channel=flag.channel,
                   routed_team=flag.routed_team, routed_staff_id=flag.routed_staff_id,
                   acknowledged_at=flag.acknowledged_at, escalated_at=flag.escalated_at, closed_at=flag.closed_at,
                   referral_id=flag.referral.id if flag.referral else None)


class TurnOut(BaseModel):
    """One turn of the transcript exactly as stored; a malformed one also has `invalid`: the parts not kept."""

    model_config = ConfigDict(extra="allow")

    speaker: str
    text: str
    at: str


class MessageOut(BaseModel):
    """A flagged message exactly as the child typed it."""

    id: int
    text: str
    language: str
    sent_at: datetime
    received_at: datetime
    transcript: list[TurnOut]
    advocacy_consent: bool | None
    contact_preference: str | None


class RouteOut(BaseModel):
    """A team or member of staff the flag was handed to."""

    team: str | None
    staff_id: int | None
    reason: str
    created_at: datetime


class FlagDetailOut(FlagOut):
    """A flag with the child's words, the conversation around them, routes and outcome."""

    acknowledged_by_staff_id: int | None
    closed_by_staff_id: int | None
    outcome_note: str | None
    messages: list[MessageOut]
    routes: list[RouteOut]

    @classmethod
    def of(cls, flag: Flag) -> "FlagDetailOut":
        """Build the full view from a stored flag."""
        return cls(**FlagOut.of(flag).model_dump(), acknowledged_by_staff_id=flag.acknowledged_by_staff_id,
                   closed_by_staff_id=flag.closed_by_staff_id, outcome_note=flag.outcome_note,
                   messages=[MessageOut(id=m.id, text=m.text, language=m.language, sent_at=m.sent_at,
                                        received_at=m.received_at, transcript=[TurnOut(**t) for t in m.transcript],
                                        advocacy_consent=m.advocacy_consent,
                                        contact_preference=m.contact_preference) for m in flag.messages],
                   routes=[RouteOut(team=r.team, staff_id=r.staff_id, reason=r.reason, created_at=r.created_at)
                           for r in flag.routes])


class CloseIn(BaseModel):
    """What was done about the flag, in the worker's words."""

    outcome: NoteText


def send_after_commit(request: Request, background: BackgroundTasks, now: datetime) -> None:
    """Send the notifications just committed once the response is on its way (the loop retries failures)."""
    background.add_task(notifications_service.send_pending, session_factory=request.app.state.sessionmaker,
                        settings=request.app.state.settings, now=now)


@bot_router.post("/flags", response_model=RaisedOut, status_code=status.HTTP_201_CREATED)
def raise_flags(body: FlagsIn, request: Request, response: Response, background: BackgroundTasks,
                db_session: SessionDep, settings: SettingsDep, now: NowDep) -> RaisedOut:
    """Store a flagged message once and hand its flags over; a repeated idempotency key answers 200."""
    message = service.MessageIn(
        text=body.message_text, language=body.language, sent_at=body.sent_at,
        transcript=body.transcript,
        advocacy_consent=body.advocacy_consent, contact_preference=body.contact_preference)
    flags, created = service.submit(db_session=db_session, idempotency_key=body.idempotency_key,
                                    sender_id=body.sender_id, channel=body.channel, flag_types=body.flags,
                                    message=message, policy=routing.Policy.from_settings(settings), now=now)
    if created:
        send_after_commit(request, background, now)
        if invalid := transcripts.invalid_count(body.transcript):
            log.warning("flag message kept with malformed transcript turns flags=%s invalid_turns=%s",
                        [f.id for f in flags], invalid)
    else:
        response.status_code = status.HTTP_200_OK
    return RaisedOut(flags=[RaisedFlag.of(f) for f in flags], created=created)


@staff_router.get("", response_model=list[FlagOut])
def list_flags(staff: StaffDep, db_session: SessionDep, settings: SettingsDep, now: NowDep,
               flag_status: Annotated[FlagStatus | None, Query(alias="status")] = None) -> list[FlagOut]:
    """List the flags the caller may see, most urgent first (no child's words, so not audited as a read)."""
    flags = service.get_all(db_session=db_session, staff=staff, on=local_date(now, settings.timezone), status=flag_status)
    return [FlagOut.of(f) for f in flags]


@staff_router.get("/{flag_id}", response_model=FlagDetailOut)
def read_flag(flag_id: int, staff: StaffDep, db_session: SessionDep, settings: SettingsDep,
              now: NowDep) -> FlagDetailOut:
    """Return one flag with the child's words, audited as flag.read; 404 if the caller may not see it."""
    flag = service.get(db_session=db_session, staff=staff, flag_id=flag_id, on=local_date(now, settings.timezone))
    return FlagDetailOut.of(flag)


@staff_router.post("/{flag_id}/acknowledge", response_model=FlagOut)
def acknowledge(flag_id: int, staff: StaffDep, db_session: SessionDep, settings: SettingsDep,
                now: NowDep) -> FlagOut:
    """Say you have it: stops escalation; 409 unless the flag is open or escalated."""
    flag = service.acknowledge(db_session=db_session, staff=staff, flag_id=flag_id,
                               on=local_date(now, settings.timezone), now=now)
    return FlagOut.of(flag)


@staff_router.post("/{flag_id}/close", response_model=FlagOut)
def close(flag_id: int, body: CloseIn, staff: StaffDep, db_session: SessionDep, settings: SettingsDep,
          now: NowDep) -> FlagOut:
    """Close the flag with what was done; 409 if it is already closed."""
    flag = service.close(db_session=db_session, staff=staff, flag_id=flag_id, outcome=body.outcome,
                         on=local_date(now, settings.timezone), now=now)
    return FlagOut.of(flag)
