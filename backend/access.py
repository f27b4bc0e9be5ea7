"""Decide which staff may read which child's words: the one place access is checked."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import Session

from backend.allocations.models import Allocation
from backend.allocations.service import active_on
from backend.flags.models import Flag, FlagRoute
from backend.flags.routing import ADVOCACY_SERVICE, ALLOCATED_WORKER_ROLES, TEAM_ROLES
from backend.referrals.models import Referral
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


def allocated_worker_ids(db_session: Session, *, child_id: int, on: date) -> list[int]:
    """Return the active social workers and personal advisers allocated to a child on a date, oldest first."""
    return list(db_session.scalars(
        select(Allocation.staff_id).join(Staff, Staff.id == Allocation.staff_id)
        .where(Allocation.child_id == child_id, Allocation.role.in_(ALLOCATED_WORKER_ROLES), active_on(on),
               Staff.is_active)
        # The longest-standing allocation first: that worker owns the flag, the others are told.
        .group_by(Allocation.staff_id).order_by(func.min(Allocation.id))))


def _team_queue(staff: Staff) -> ColumnElement[bool]:
    """Return the condition for flags routed to the staff member's team, if their role is a team."""
    if staff.role not in TEAM_ROLES:
        return false()
    return Flag.id.in_(select(FlagRoute.flag_id).where(FlagRoute.team == staff.role))


def visible_flags(*, staff: Staff, on: date) -> Select[tuple[Flag]]:
    """Return a query for flags the staff member may see: their allocated children's, and their team's queue."""
    if not staff.is_active:
        return select(Flag).where(false())
    return select(Flag).where(or_(Flag.child_id.in_(readable_child_ids(staff=staff, on=on)), _team_queue(staff)))


def can_see_flag(db_session: Session, *, staff: Staff, flag_id: int, on: date) -> bool:
    """Return whether the staff member may see a flag and read the messages behind it."""
    return db_session.scalar(visible_flags(staff=staff, on=on).where(Flag.id == flag_id)) is not None


def visible_referrals(*, staff: Staff, on: date) -> Select[tuple[Referral]]:
    """Return a query for referrals: the advocacy service sees those sent to it, allocated readers their children's."""
    if not staff.is_active:
        return select(Referral).where(false())
    if staff.role == ADVOCACY_SERVICE:
        return select(Referral).where(Referral.flag_id.in_(
            select(FlagRoute.flag_id).where(FlagRoute.team == ADVOCACY_SERVICE)))
    return select(Referral).where(Referral.child_id.in_(readable_child_ids(staff=staff, on=on)))


def can_act_on_referral(*, staff: Staff) -> bool:
    """Return whether the staff member works for the advocacy service and so moves referrals on."""
    return staff.is_active and staff.role == ADVOCACY_SERVICE
