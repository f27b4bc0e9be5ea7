"""Create and look up children, and work out their age band for age-appropriate prompts."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import audit
from backend.children.models import Child
from backend.errors import NotFoundError

AGE_BANDS = ("under-8", "8-11", "12-17", "18-25")


def age_on(*, date_of_birth: date, on: date) -> int:
    """Return age in whole years on a date (a 29 February birthday counts from 1 March)."""
    if on < date_of_birth:
        raise ValueError("date is before date of birth")
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def age_band(*, date_of_birth: date, on: date) -> str:
    """Return the age band (under-8, 8-11, 12-17, 18-25) on a date."""
    age = age_on(date_of_birth=date_of_birth, on=on)
    if age < 8:
        return "under-8"
    if age < 12:
        return "8-11"
    if age < 18:
        return "12-17"
    # Care leavers are supported to 25; anyone older still gets the adult prompts, never none.
    return "18-25"


def first_name(*, child: Child) -> str:
    """Return the name the bot greets the child by."""
    parts = child.display_name.split()
    return parts[0] if parts else child.display_name


def get(*, db_session: Session, child_id: int) -> Child:
    """Return one child or raise NotFoundError."""
    child = db_session.get(Child, child_id)
    if child is None:
        raise NotFoundError("child_not_found")
    return child


def get_all(*, db_session: Session) -> Sequence[Child]:
    """Return every child, oldest record first."""
    return db_session.scalars(select(Child).order_by(Child.id)).all()


def create(*, db_session: Session, display_name: str, date_of_birth: date, preferred_language: str = "en",
           communication_needs: str | None = None, actor_type: str = "system", actor_id: str = "system") -> Child:
    """Record a child and audit it."""
    child = Child(display_name=display_name, date_of_birth=date_of_birth,
                  preferred_language=preferred_language, communication_needs=communication_needs)
    db_session.add(child)
    db_session.flush()
    audit.service.record(db_session=db_session, actor_type=actor_type, actor_id=actor_id,
                         action="child.created", object_type="child", object_id=child.id, child_id=child.id)
    db_session.commit()
    return child
