"""Take statements from the bot exactly once and let allocated staff read them, auditing every read."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend import access, audit
from backend.enrolment import service as enrolment_service
from backend.errors import ConflictError, InvalidError, NotFoundError, PermissionDenied
from backend.meetings.models import Meeting
from backend.staff.models import Staff
from backend.statements.models import Answer, Statement

log = logging.getLogger("mysay.statements")


@dataclass(frozen=True)
class AnswerIn:
    """One answer as received from the bot; texts are kept exactly as given."""

    prompt_key: str
    prompt_text: str
    answer_text: str
    answered_at: datetime


def _find_by_key(db_session: Session, idempotency_key: str) -> Statement | None:
    """Return the statement already stored under an idempotency key."""
    return db_session.scalar(select(Statement).where(Statement.idempotency_key == idempotency_key))


def _same_sender(existing: Statement, sender_id: str) -> Statement:
    """Return the existing statement, refusing a key reused by another conversation."""
    if existing.sender_id != sender_id:
        raise ConflictError("idempotency_key_conflict")
    return existing


def submit(*, db_session: Session, idempotency_key: str, sender_id: str, channel: str,
           meeting_id: int | None, language: str, share_with_carers: bool,
           answers: Sequence[AnswerIn]) -> tuple[Statement, bool]:
    """Store a statement once per idempotency key and audit it; return it and whether it is new."""
    existing = _find_by_key(db_session, idempotency_key)
    if existing is not None:
        return _same_sender(existing, sender_id), False
    identity = enrolment_service.get_identity(db_session=db_session, sender_id=sender_id, channel=channel)
    if identity is None:
        raise PermissionDenied("not_enrolled")
    if meeting_id is not None:
        meeting = db_session.get(Meeting, meeting_id)
        if meeting is None or meeting.child_id != identity.child_id:
            raise InvalidError("meeting_not_found")
    statement = Statement(
        child_id=identity.child_id, meeting_id=meeting_id, channel=channel, sender_id=sender_id,
        language=language, share_with_carers=share_with_carers, idempotency_key=idempotency_key,
        answers=[Answer(position=position, prompt_key=a.prompt_key, prompt_text=a.prompt_text,
                        answer_text=a.answer_text, answered_at=a.answered_at)
                 for position, a in enumerate(answers)])
    db_session.add(statement)
    try:
        db_session.flush()
        audit.service.record(db_session=db_session, actor_type="service", actor_id=enrolment_service.BOT_ACTOR,
                             action="statement.submitted", object_type="statement", object_id=statement.id,
                             child_id=statement.child_id)
        db_session.commit()
    except IntegrityError:
        # A concurrent delivery of the same statement committed first: answer with that one.
        db_session.rollback()
        existing = _find_by_key(db_session, idempotency_key)
        if existing is None:
            raise
        return _same_sender(existing, sender_id), False
    return statement, True


def _readable(*, staff: Staff, on: date):
    """Return a query for statements the staff member may read on a date."""
    return select(Statement).where(Statement.child_id.in_(access.readable_child_ids(staff=staff, on=on)))


def _audit_reads(db_session: Session, *, staff: Staff, statements: Sequence[Statement]) -> None:
    """Write one statement.read event per statement shown, and commit them."""
    for statement in statements:
        audit.service.record(db_session=db_session, actor_type="staff", actor_id=staff.id,
                             action="statement.read", object_type="statement", object_id=statement.id,
                             child_id=statement.child_id)
    db_session.commit()


def get(*, db_session: Session, staff: Staff, statement_id: int, on: date) -> Statement:
    """Return one statement the staff member may read, auditing the read; otherwise NotFoundError."""
    statement = db_session.get(Statement, statement_id)
    # Not allocated looks exactly like not existing, so ids cannot be probed.
    if statement is None or not access.can_read_child(db_session, staff=staff, child_id=statement.child_id, on=on):
        raise NotFoundError("statement_not_found")
    _audit_reads(db_session, staff=staff, statements=[statement])
    return statement


def get_all(*, db_session: Session, staff: Staff, on: date) -> Sequence[Statement]:
    """Return every statement the staff member may read, newest first, auditing each read."""
    if not staff.is_active:
        return []
    statements = db_session.scalars(
        _readable(staff=staff, on=on).order_by(Statement.submitted_at.desc(), Statement.id.desc())).all()
    _audit_reads(db_session, staff=staff, statements=statements)
    return statements
