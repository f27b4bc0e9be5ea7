"""Allocate staff to children and answer "who is allocated on this date"."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from backend import audit
from backend.allocations.models import Allocation
from backend.errors import InvalidError, NotFoundError
from backend.staff.models import StaffRole


def active_on(on: date) -> ColumnElement[bool]:
    """Return the SQL condition for an allocation active on a date."""
    return and_(Allocation.start_date <= on, or_(Allocation.end_date.is_(None), Allocation.end_date >= on))


def get(*, db_session: Session, allocation_id: int) -> Allocation:
    """Return one allocation or raise NotFoundError."""
    allocation = db_session.get(Allocation, allocation_id)
    if allocation is None:
        raise NotFoundError("allocation_not_found")
    return allocation


def get_all(*, db_session: Session, child_id: int | None = None, staff_id: int | None = None,
            on: date | None = None) -> Sequence[Allocation]:
    """Return allocations, optionally for one child or staff member and active on a date."""
    query = select(Allocation).order_by(Allocation.id)
    if child_id is not None:
        query = query.where(Allocation.child_id == child_id)
    if staff_id is not None:
        query = query.where(Allocation.staff_id == staff_id)
    if on is not None:
        query = query.where(active_on(on))
    return db_session.scalars(query).all()


def create(*, db_session: Session, child_id: int, staff_id: int, role: StaffRole | str, start_date: date,
           end_date: date | None = None, actor_type: str = "system", actor_id: str = "system") -> Allocation:
    """Allocate a staff member to a child and audit it."""
    if end_date is not None and end_date < start_date:
        raise InvalidError("end_before_start")
    allocation = Allocation(child_id=child_id, staff_id=staff_id, role=StaffRole(role).value,
                            start_date=start_date, end_date=end_date)
    db_session.add(allocation)
    db_session.flush()
    audit.service.record(db_session=db_session, actor_type=actor_type, actor_id=actor_id,
                         action="allocation.created", object_type="allocation", object_id=allocation.id,
                         child_id=child_id)
    db_session.commit()
    return allocation


def end(*, db_session: Session, allocation_id: int, end_date: date, actor_type: str = "system",
        actor_id: str = "system") -> Allocation:
    """End an allocation; it stays active up to and including end_date."""
    allocation = get(db_session=db_session, allocation_id=allocation_id)
    if end_date < allocation.start_date:
        raise InvalidError("end_before_start")
    allocation.end_date = end_date
    audit.service.record(db_session=db_session, actor_type=actor_type, actor_id=actor_id,
                         action="allocation.ended", object_type="allocation", object_id=allocation.id,
                         child_id=allocation.child_id)
    db_session.commit()
    return allocation
