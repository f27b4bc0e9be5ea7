"""Routes for the advocacy service's queue of referrals."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel, StringConstraints

from backend.auth.deps import SessionDep, SettingsDep, StaffDep
from backend.flags.deps import NowDep, local_date
from backend.referrals import service
from backend.referrals.models import Referral
from backend.schemas import PromptText

router = APIRouter(prefix="/api/referrals", tags=["referrals"])

NoteText = Annotated[PromptText, StringConstraints(min_length=1)]


class ChildRef(BaseModel):
    """The child who asked for an advocate."""

    id: int
    display_name: str


class ContactNoteOut(BaseModel):
    """One contact with the child, in the advocate's words."""

    at: str
    staff_id: int
    note: str


class ReferralOut(BaseModel):
    """A referral as the advocacy service's queue shows it: no child's words."""

    id: int
    flag_id: int
    status: str
    child: ChildRef | None
    language: str
    channel: str
    created_at: datetime
    deadline: datetime
    picked_up_at: datetime | None
    picked_up_by_staff_id: int | None
    contacted_at: datetime | None
    appointment_at: datetime | None
    closed_at: datetime | None

    @classmethod
    def of(cls, referral: Referral) -> "ReferralOut":
        """Build the summary from a stored referral."""
        child = ChildRef(id=referral.child.id, display_name=referral.child.display_name) if referral.child else None
        return cls(id=referral.id, flag_id=referral.flag_id, status=referral.status, child=child,
                   language=referral.flag.language, channel=referral.flag.channel, created_at=referral.created_at,
                   deadline=referral.flag.deadline, picked_up_at=referral.picked_up_at,
                   picked_up_by_staff_id=referral.picked_up_by_staff_id, contacted_at=referral.contacted_at,
                   appointment_at=referral.appointment_at, closed_at=referral.closed_at)


class ReferralDetailOut(ReferralOut):
    """A referral with the child's consent and contact preference and the advocate's notes."""

    advocacy_consent: bool | None
    contact_preference: str | None
    contact_notes: list[ContactNoteOut]
    outcome_note: str | None
    closed_by_staff_id: int | None

    @classmethod
    def of(cls, referral: Referral) -> "ReferralDetailOut":
        """Build the full view from a stored referral."""
        return cls(**ReferralOut.of(referral).model_dump(), advocacy_consent=referral.advocacy_consent,
                   contact_preference=referral.contact_preference,
                   contact_notes=[ContactNoteOut(**n) for n in referral.contact_notes],
                   outcome_note=referral.outcome_note, closed_by_staff_id=referral.closed_by_staff_id)


class NoteIn(BaseModel):
    """A note in the advocate's words."""

    note: NoteText


class AppointmentIn(BaseModel):
    """When the advocate will meet the child."""

    appointment_at: AwareDatetime


class CloseIn(BaseModel):
    """How the referral ended, in the advocate's words."""

    outcome: NoteText


@router.get("", response_model=list[ReferralOut])
def list_referrals(staff: StaffDep, db_session: SessionDep, settings: SettingsDep, now: NowDep) -> list[ReferralOut]:
    """List the referrals the caller may see: the advocacy service's queue, or an allocated worker's children's."""
    return [ReferralOut.of(r) for r in service.get_all(db_session=db_session, staff=staff,
                                                       on=local_date(now, settings.timezone))]


@router.get("/{referral_id}", response_model=ReferralDetailOut)
def read_referral(referral_id: int, staff: StaffDep, db_session: SessionDep, settings: SettingsDep,
                  now: NowDep) -> ReferralDetailOut:
    """Return one referral, audited as referral.read; 404 if the caller may not see it."""
    return ReferralDetailOut.of(service.get(db_session=db_session, staff=staff, referral_id=referral_id,
                                            on=local_date(now, settings.timezone)))


@router.post("/{referral_id}/pick-up", response_model=ReferralDetailOut)
def pick_up(referral_id: int, staff: StaffDep, db_session: SessionDep, settings: SettingsDep,
            now: NowDep) -> ReferralDetailOut:
    """Take the referral for the advocacy service; acknowledges its flag."""
    return ReferralDetailOut.of(service.pick_up(db_session=db_session, staff=staff, referral_id=referral_id,
                                                on=local_date(now, settings.timezone), now=now))


@router.post("/{referral_id}/record-contact", response_model=ReferralDetailOut)
def record_contact(referral_id: int, body: NoteIn, staff: StaffDep, db_session: SessionDep, settings: SettingsDep,
                   now: NowDep) -> ReferralDetailOut:
    """Record a contact with the child."""
    return ReferralDetailOut.of(service.record_contact(db_session=db_session, staff=staff, referral_id=referral_id,
                                                       note=body.note, on=local_date(now, settings.timezone),
                                                       now=now))


@router.post("/{referral_id}/record-appointment", response_model=ReferralDetailOut)
def record_appointment(referral_id: int, body: AppointmentIn, staff: StaffDep, db_session: SessionDep,
                       settings: SettingsDep, now: NowDep) -> ReferralDetailOut:
    """Record the appointment booked with the child."""
    return ReferralDetailOut.of(service.record_appointment(
        db_session=db_session, staff=staff, referral_id=referral_id, appointment_at=body.appointment_at,
        on=local_date(now, settings.timezone), now=now))


@router.post("/{referral_id}/close", response_model=ReferralDetailOut)
def close(referral_id: int, body: CloseIn, staff: StaffDep, db_session: SessionDep, settings: SettingsDep,
          now: NowDep) -> ReferralDetailOut:
    """Close the referral with its outcome; closes the flag too."""
    return ReferralDetailOut.of(service.close(db_session=db_session, staff=staff, referral_id=referral_id,
                                              outcome=body.outcome, on=local_date(now, settings.timezone), now=now))
