"""Move advocacy referrals through the advocacy service's hands, one audited verb per step."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from backend import access, audit
from backend.errors import ConflictError, NotFoundError, PermissionDenied
from backend.flags import service as flags_service
from backend.flags.models import FlagStatus
from backend.referrals.models import Referral, ReferralStatus
from backend.staff.models import Staff

S = ReferralStatus
# verb -> (statuses it may start from, status it leaves the referral in)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "picked_up": ((S.REFERRED,), S.PICKED_UP),
    "contact_recorded": ((S.PICKED_UP, S.CONTACTED), S.CONTACTED),
    "appointment_recorded": ((S.CONTACTED, S.APPOINTMENT_BOOKED), S.APPOINTMENT_BOOKED),
    "closed": ((S.PICKED_UP, S.CONTACTED, S.APPOINTMENT_BOOKED), S.CLOSED),
}


def _visible(db_session: Session, *, staff: Staff, referral_id: int, on: date) -> Referral:
    """Return a referral the caller may see, else NotFoundError."""
    referral = db_session.scalar(access.visible_referrals(staff=staff, on=on).where(Referral.id == referral_id))
    if referral is None:
        raise NotFoundError("referral_not_found")
    return referral


def get(*, db_session: Session, staff: Staff, referral_id: int, on: date) -> Referral:
    """Return one referral the caller may see, auditing the read."""
    referral = _visible(db_session, staff=staff, referral_id=referral_id, on=on)
    audit.service.record(db_session=db_session, actor_type="staff", actor_id=staff.id, action="referral.read",
                         object_type="referral", object_id=referral.id, child_id=referral.child_id)
    db_session.commit()
    return referral


def get_all(*, db_session: Session, staff: Staff, on: date) -> Sequence[Referral]:
    """Return the referrals the caller may see, oldest first (the advocacy service's queue)."""
    return db_session.scalars(access.visible_referrals(staff=staff, on=on).order_by(Referral.id)).unique().all()


def _move(db_session: Session, *, staff: Staff, referral_id: int, on: date, verb: str,
          values: dict[str, Any]) -> Referral:
    """Apply one transition if the caller is the advocacy service and the status allows it, and audit it."""
    referral = _visible(db_session, staff=staff, referral_id=referral_id, on=on)
    if not access.can_act_on_referral(staff=staff):
        raise PermissionDenied("advocacy_service_only")
    allowed, target = TRANSITIONS[verb]
    # Conditional on the current status, so two advocates cannot both pick up one referral.
    changed = db_session.execute(
        update(Referral).where(Referral.id == referral.id, Referral.status.in_([str(s) for s in allowed]))
        .values(status=str(target), **values).execution_options(synchronize_session=False))
    if changed.rowcount != 1:
        db_session.rollback()
        raise ConflictError("invalid_transition")
    audit.service.record(db_session=db_session, actor_type="staff", actor_id=staff.id, action=f"referral.{verb}",
                         object_type="referral", object_id=referral.id, child_id=referral.child_id)
    return referral


def _done(db_session: Session, referral: Referral) -> Referral:
    """Commit and return the referral as stored."""
    db_session.commit()
    db_session.refresh(referral)
    return referral


def pick_up(*, db_session: Session, staff: Staff, referral_id: int, on: date, now: datetime) -> Referral:
    """Take a referral for the advocacy service; this acknowledges its flag, stopping escalation."""
    referral = _move(db_session, staff=staff, referral_id=referral_id, on=on, verb="picked_up",
                     values={"picked_up_at": now, "picked_up_by_staff_id": staff.id})
    if referral.flag.status in flags_service.ACKNOWLEDGEABLE:
        flags_service.acknowledge_flag(db_session=db_session, flag=referral.flag, staff=staff, now=now)
    return _done(db_session, referral)


def record_contact(*, db_session: Session, staff: Staff, referral_id: int, note: str, on: date,
                   now: datetime) -> Referral:
    """Record that the advocate reached the child, with a note in the advocate's words."""
    current = _visible(db_session, staff=staff, referral_id=referral_id, on=on)
    notes = [*current.contact_notes, {"at": now.isoformat(), "staff_id": staff.id, "note": note}]
    referral = _move(db_session, staff=staff, referral_id=referral_id, on=on, verb="contact_recorded",
                     values={"contacted_at": now, "contact_notes": notes})
    return _done(db_session, referral)


def record_appointment(*, db_session: Session, staff: Staff, referral_id: int, appointment_at: datetime, on: date,
                       now: datetime) -> Referral:
    """Record (or move) the appointment booked with the child."""
    referral = _move(db_session, staff=staff, referral_id=referral_id, on=on, verb="appointment_recorded",
                     values={"appointment_at": appointment_at})
    return _done(db_session, referral)


def close(*, db_session: Session, staff: Staff, referral_id: int, outcome: str, on: date, now: datetime) -> Referral:
    """Close a referral with an outcome note, closing its flag too if it is still open."""
    referral = _move(db_session, staff=staff, referral_id=referral_id, on=on, verb="closed",
                     values={"closed_at": now, "closed_by_staff_id": staff.id, "outcome_note": outcome})
    if referral.flag.status != FlagStatus.CLOSED:
        flags_service.close_flag(db_session=db_session, flag=referral.flag, staff=staff, outcome=outcome, now=now)
    return _done(db_session, referral)
