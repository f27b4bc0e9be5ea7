"""Schedule meetings and find a child's next one."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import audit
from backend.errors import NotFoundError
from backend.meetings.models import Meeting, MeetingType


def get(*, db_session: Session, meeting_id: int) -> Meeting:
    """Return one meeting or raise NotFoundError."""
    meeting = db_session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("meeting_not_found")
    return meeting


def get_all(*, db_session: Session, child_id: int) -> Sequence[Meeting]:
    """Return a child's meetings by date."""
    return db_session.scalars(
        select(Meeting).where(Meeting.child_id == child_id).order_by(Meeting.date, Meeting.id)).all()


def next_for_child(*, db_session: Session, child_id: int, on: date) -> Meeting | None:
    """Return the child's earliest meeting dated on or after a date."""
    return db_session.scalars(
        select(Meeting).where(Meeting.child_id == child_id, Meeting.date >= on)
        .order_by(Meeting.date, Meeting.id).limit(1)).first()


def create(*, db_session: Session, child_id: int, type: MeetingType | str, date: date,
           actor_type: str = "system", actor_id: str = "system") -> Meeting:
    """Schedule a meeting for a child and audit it."""
    meeting = Meeting(child_id=child_id, type=MeetingType(type).value, date=date)
    db_session.add(meeting)
    db_session.flush()
    audit.service.record(db_session=db_session, actor_type=actor_type, actor_id=actor_id,
                         action="meeting.created", object_type="meeting", object_id=meeting.id, child_id=child_id)
    db_session.commit()
    return meeting
