"""Store which member of staff is allocated to which child, in what role, and when."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import Base
from backend.staff.models import StaffRole, _in_list


class Allocation(Base):
    """A staff member's allocation to a child; end_date is the last day it is active (inclusive)."""

    __tablename__ = "allocations"
    __table_args__ = (
        CheckConstraint(_in_list("role", StaffRole), name="role"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        Index("ix_allocations_staff_child", "staff_id", "child_id"),
        Index("ix_allocations_child_id", "child_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    role: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
