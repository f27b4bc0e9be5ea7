"""Raise flags from the bot exactly once per message, route them, and let the right staff act on them."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend import access, audit
from backend.enrolment import service as enrolment_service
from backend.errors import ConflictError, NotFoundError
from backend.flags import routing
from backend.flags.models import Flag, FlagEntry, FlagMessage, FlagRoute, FlagStatus, FlagType, RouteReason
from backend.notifications import service as notifications
from backend.notifications.models import NotificationKind
from backend.referrals.models import Referral
from backend.staff.models import Staff

log = logging.getLogger("mysay.flags")

NOT_CLOSED = (FlagStatus.OPEN.value, FlagStatus.ACKNOWLEDGED.value, FlagStatus.ESCALATED.value)
ACKNOWLEDGEABLE = (FlagStatus.OPEN.value, FlagStatus.ESCALATED.value)


@dataclass(frozen=True)
class MessageIn:
    """One flagged message as received from the bot; every text is kept exactly as given."""

    text: str
    language: str
    sent_at: datetime
    transcript: list[dict[str, Any]] = field(default_factory=list)
    advocacy_consent: bool | None = None
    contact_preference: str | None = None


def open_key(*, sender_id: str, flag_type: str) -> str:
    """Return the key that allows one open flag per type and conversation."""
    return f"{sender_id}|{flag_type}"


def _message_by_key(db_session: Session, idempotency_key: str) -> FlagMessage | None:
    """Return the message already stored under an idempotency key."""
    return db_session.scalar(select(FlagMessage).where(FlagMessage.idempotency_key == idempotency_key))


def _flags_of(db_session: Session, message: FlagMessage) -> list[Flag]:
    """Return the flags a stored message raised or joined, in the order they were attached."""
    return list(db_session.scalars(select(Flag).join(FlagEntry, FlagEntry.flag_id == Flag.id)
                                   .where(FlagEntry.message_id == message.id).order_by(Flag.id)))


def _replay(db_session: Session, message: FlagMessage, sender_id: str) -> list[Flag]:
    """Return the flags of an already stored message, refusing a key reused by another conversation."""
    if message.sender_id != sender_id:
        raise ConflictError("idempotency_key_conflict")
    return _flags_of(db_session, message)


def _team_members(db_session: Session, team: str) -> list[int]:
    """Return the ids of active staff in a team (a role)."""
    return list(db_session.scalars(select(Staff.id).where(Staff.role == team, Staff.is_active).order_by(Staff.id)))


def staffed_targets(*, db_session: Session, flag: Flag, targets: Sequence[routing.Target]) -> list[routing.Target]:
    """Replace teams nobody is in with the managers (or duty team), logging each swap by ids."""
    resolved, swaps = routing.staffed(targets, has_members=lambda team: bool(_team_members(db_session, team)))
    for empty, fallback in swaps:
        # Ids only: a council must staff the team, and until then someone else must have the flag.
        log.warning("flag team has nobody active flag=%s type=%s child=%s team=%s fallback=%s", flag.id, flag.type,
                    flag.child_id, empty, fallback or "none")
    return resolved


def add_routes(*, db_session: Session, flag: Flag, targets: Sequence[routing.Target], reason: RouteReason,
               kind: NotificationKind, now: datetime, actor_type: str, actor_id: str) -> list[FlagRoute]:
    """Hand a flag to teams or staff: one route row, one audit event and notifications per target."""
    routes = []
    for target in targets:
        route = FlagRoute(flag_id=flag.id, team=target.team, staff_id=target.staff_id, reason=reason.value,
                          created_at=now)
        db_session.add(route)
        routes.append(route)
        audit.service.record(db_session=db_session, actor_type=actor_type, actor_id=actor_id, action="flag.routed",
                             object_type="flag", object_id=flag.id, child_id=flag.child_id)
        recipients = [target.staff_id] if target.staff_id is not None else _team_members(db_session, target.team)
        if not recipients:
            log.warning("flag route has nobody to tell flag=%s team=%s", flag.id, target.team)
        notifications.queue(db_session=db_session, staff_ids=recipients, kind=kind, flag_id=flag.id, now=now)
    return routes


def _raise(db_session: Session, *, flag_type: str, child_id: int | None, sender_id: str, channel: str,
           message: FlagMessage, policy: routing.Policy, now: datetime) -> Flag:
    """Create a new open flag for a message, route it, and refer it to advocacy when asked."""
    verified = child_id is not None
    workers = (access.allocated_worker_ids(db_session, child_id=child_id, on=policy.hours.local_date(now))
               if child_id is not None else [])
    refer = flag_type == FlagType.ADVOCACY and verified and message.advocacy_consent is not False
    targets = routing.route(flag_type=flag_type, verified=verified, allocated_worker_ids=workers,
                            in_working_hours=policy.hours.is_working_time(now), refer_to_advocacy=refer)
    flag = Flag(type=flag_type, status=FlagStatus.OPEN.value, child_id=child_id, verified=verified,
                sender_id=sender_id, channel=channel, language=message.language,
                open_key=open_key(sender_id=sender_id, flag_type=flag_type), created_at=now,
                deadline=routing.deadline(flag_type=flag_type, raised_at=now, policy=policy))
    db_session.add(flag)
    db_session.flush()
    targets = staffed_targets(db_session=db_session, flag=flag, targets=targets)
    owner = targets[0]
    flag.routed_team, flag.routed_staff_id = owner.team, owner.staff_id
    db_session.add(FlagEntry(flag_id=flag.id, message_id=message.id, added_at=now))
    bot = {"actor_type": "service", "actor_id": enrolment_service.BOT_ACTOR}
    audit.service.record(db_session=db_session, **bot, action="flag.raised", object_type="flag", object_id=flag.id,
                         child_id=child_id)
    add_routes(db_session=db_session, flag=flag, targets=targets, reason=RouteReason.RAISED,
               kind=NotificationKind.FLAG_ROUTED, now=now, **bot)
    if refer:
        referral = Referral(flag_id=flag.id, child_id=child_id, advocacy_consent=message.advocacy_consent,
                            contact_preference=message.contact_preference, created_at=now)
        db_session.add(referral)
        db_session.flush()
        audit.service.record(db_session=db_session, **bot, action="referral.created", object_type="referral",
                             object_id=referral.id, child_id=child_id)
    return flag


def _attach(db_session: Session, *, flag: Flag, message: FlagMessage, now: datetime) -> Flag:
    """Add a message to a flag that is still open, telling whoever acknowledged it."""
    db_session.add(FlagEntry(flag_id=flag.id, message_id=message.id, added_at=now))
    audit.service.record(db_session=db_session, actor_type="service", actor_id=enrolment_service.BOT_ACTOR,
                         action="flag.message_added", object_type="flag", object_id=flag.id, child_id=flag.child_id)
    if flag.acknowledged_by_staff_id is not None:
        notifications.queue(db_session=db_session, staff_ids=[flag.acknowledged_by_staff_id],
                            kind=NotificationKind.FLAG_MESSAGE_ADDED, flag_id=flag.id, now=now)
    return flag


def _store(db_session: Session, *, idempotency_key: str, sender_id: str, channel: str, flag_types: Sequence[str],
           message_in: MessageIn, policy: routing.Policy, now: datetime) -> list[Flag]:
    """Store the message and raise or join one flag per type, inside one transaction."""
    identity = enrolment_service.get_identity(db_session=db_session, sender_id=sender_id, channel=channel)
    child_id = identity.child_id if identity is not None else None
    message = FlagMessage(idempotency_key=idempotency_key, sender_id=sender_id, channel=channel, child_id=child_id,
                          language=message_in.language, text=message_in.text, transcript=message_in.transcript,
                          sent_at=message_in.sent_at, received_at=now,
                          advocacy_consent=message_in.advocacy_consent,
                          contact_preference=message_in.contact_preference)
    db_session.add(message)
    db_session.flush()
    flags = []
    for flag_type in dict.fromkeys(FlagType(t).value for t in flag_types):
        existing = db_session.scalar(select(Flag).where(
            Flag.open_key == open_key(sender_id=sender_id, flag_type=flag_type)))
        if existing is not None:
            flags.append(_attach(db_session, flag=existing, message=message, now=now))
        else:
            flags.append(_raise(db_session, flag_type=flag_type, child_id=child_id, sender_id=sender_id,
                                channel=channel, message=message, policy=policy, now=now))
    return flags


def submit(*, db_session: Session, idempotency_key: str, sender_id: str, channel: str, flag_types: Sequence[str],
           message: MessageIn, policy: routing.Policy, now: datetime) -> tuple[list[Flag], bool]:
    """Store a flagged message once per idempotency key; return its flags and whether this call stored it."""
    existing = _message_by_key(db_session, idempotency_key)
    if existing is not None:
        return _replay(db_session, existing, sender_id), False
    for attempt in range(2):
        try:
            flags = _store(db_session, idempotency_key=idempotency_key, sender_id=sender_id, channel=channel,
                           flag_types=flag_types, message_in=message, policy=policy, now=now)
            db_session.commit()
            return flags, True
        except IntegrityError:
            # A concurrent delivery committed first: the same message (answer with it), or another message
            # that opened the same flag (try once more, and join it).
            db_session.rollback()
            existing = _message_by_key(db_session, idempotency_key)
            if existing is not None:
                return _replay(db_session, existing, sender_id), False
            if attempt:
                raise
    raise AssertionError("unreachable")


def _visible(db_session: Session, *, staff: Staff, flag_id: int, on: date) -> Flag:
    """Return a flag the staff member may see; anything else is NotFoundError, so ids cannot be probed."""
    flag = db_session.get(Flag, flag_id)
    if flag is None or not access.can_see_flag(db_session, staff=staff, flag_id=flag_id, on=on):
        raise NotFoundError("flag_not_found")
    return flag


def get(*, db_session: Session, staff: Staff, flag_id: int, on: date) -> Flag:
    """Return one flag with the child's messages, auditing the read; NotFoundError if the caller may not see it."""
    flag = _visible(db_session, staff=staff, flag_id=flag_id, on=on)
    audit.service.record(db_session=db_session, actor_type="staff", actor_id=staff.id, action="flag.read",
                         object_type="flag", object_id=flag.id, child_id=flag.child_id)
    db_session.commit()
    return flag


def get_all(*, db_session: Session, staff: Staff, on: date, status: str | None = None) -> Sequence[Flag]:
    """Return the flags the staff member may see, most urgent first; the list carries no child's words."""
    query = access.visible_flags(staff=staff, on=on)
    if status is not None:
        query = query.where(Flag.status == FlagStatus(status).value)
    return db_session.scalars(query.order_by(Flag.deadline, Flag.id)).all()


def _transition(db_session: Session, *, flag: Flag, allowed: Sequence[str], values: dict[str, Any]) -> None:
    """Move a flag on only if it is still in an allowed status, so concurrent verbs cannot both win."""
    changed = db_session.execute(update(Flag).where(Flag.id == flag.id, Flag.status.in_(allowed)).values(**values)
                                 .execution_options(synchronize_session=False))
    if changed.rowcount != 1:
        db_session.rollback()
        raise ConflictError("invalid_transition")


def acknowledge_flag(*, db_session: Session, flag: Flag, staff: Staff, now: datetime) -> Flag:
    """Record that a person has the flag, stopping its escalation clock; no commit (callers compose verbs)."""
    values: dict[str, Any] = {"status": FlagStatus.ACKNOWLEDGED.value}
    if flag.acknowledged_at is None:
        values |= {"acknowledged_at": now, "acknowledged_by_staff_id": staff.id}
    _transition(db_session, flag=flag, allowed=ACKNOWLEDGEABLE, values=values)
    audit.service.record(db_session=db_session, actor_type="staff", actor_id=staff.id, action="flag.acknowledged",
                         object_type="flag", object_id=flag.id, child_id=flag.child_id)
    return flag


def close_flag(*, db_session: Session, flag: Flag, staff: Staff, outcome: str, now: datetime) -> Flag:
    """Close a flag with the worker's note of what was done; no commit (callers compose verbs)."""
    _transition(db_session, flag=flag, allowed=NOT_CLOSED,
                values={"status": FlagStatus.CLOSED.value, "open_key": None, "closed_at": now,
                        "closed_by_staff_id": staff.id, "outcome_note": outcome})
    audit.service.record(db_session=db_session, actor_type="staff", actor_id=staff.id, action="flag.closed",
                         object_type="flag", object_id=flag.id, child_id=flag.child_id)
    return flag


def acknowledge(*, db_session: Session, staff: Staff, flag_id: int, on: date, now: datetime) -> Flag:
    """Acknowledge a flag the caller may see; 409 unless it is open or escalated."""
    flag = _visible(db_session, staff=staff, flag_id=flag_id, on=on)
    acknowledge_flag(db_session=db_session, flag=flag, staff=staff, now=now)
    db_session.commit()
    db_session.refresh(flag)
    return flag


def close(*, db_session: Session, staff: Staff, flag_id: int, outcome: str, on: date, now: datetime) -> Flag:
    """Close a flag the caller may see with an outcome note; 409 if it is already closed."""
    flag = _visible(db_session, staff=staff, flag_id=flag_id, on=on)
    close_flag(db_session=db_session, flag=flag, staff=staff, outcome=outcome, now=now)
    db_session.commit()
    db_session.refresh(flag)
    return flag
