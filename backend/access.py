"""Decide which staff may read which child's words: the one place access is checked."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from backend.allocations.models import Allocation
from backend.allocations.service import active_on
from backend.staff.models import Staff, StaffRole

# Roles that receive a child's statement; the bot tells the child these are the readers.
READER_ROLES: tuple[str, ...] = (StaffRole.SOCIAL_WORKER, StaffRole.IRO, StaffRole.PERSONAL_ADVISER)


def readable_child_ids(*, staff: Staff, on: date) -> Select[tuple[int]]:
    """Return a query for the ids of children the staff member may read on a date."""
    return (select(Allocation.child_id)
            .where(Allocation.staff_id == staff.id, Allocation.role.in_(READER_ROLES), active_on(on))
            .distinct())


def can_read_child(db_session: Session, *, staff: Staff, child_id: int, on: date) -> bool:
    """Return whether the staff member holds an active reader allocation to the child on a date."""
    if not staff.is_active:
        return False
    allocated = db_session.scalar(readable_child_ids(staff=staff, on=on).where(Allocation.child_id == child_id))
    return allocated is not None


def readers(db_session: Session, *, child_id: int, on: date) -> list[str]:
    """Return the reader roles allocated to a child on a date, in READER_ROLES order."""
    roles = set(db_session.scalars(select(Allocation.role).where(
        Allocation.child_id == child_id, Allocation.role.in_(READER_ROLES), active_on(on))))
    return [str(role) for role in READER_ROLES if role in roles]
