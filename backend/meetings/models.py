"""Store the meetings a child's views are gathered for."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import now
from backend.db import Base, UTCDateTime
from backend.staff.models import _in_list


class MeetingType(StrEnum):
    """Statutory meetings where the child's views must be heard."""

    LOOKED_AFTER_REVIEW = "looked_after_review"
    CHILD_PROTECTION_CONFERENCE = "child_protection_conference"
    CHILD_IN_NEED_REVIEW = "child_in_need_review"
    PATHWAY_PLAN_REVIEW = "pathway_plan_review"


class Meeting(Base):
    """One meeting about a child on a date."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(_in_list("type", MeetingType), name="type"),
        Index("ix_meetings_child_id_date", "child_id", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    type: Mapped[str] = mapped_column(String(40))
    date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
