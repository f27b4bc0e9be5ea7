"""Store advocacy referrals and where each one is in the advocacy service's hands."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.clock import now
from backend.db import Base, UTCDateTime
from backend.staff.models import _in_list

if TYPE_CHECKING:
    from backend.children.models import Child
    from backend.flags.models import Flag


class ReferralStatus(StrEnum):
    """An advocacy referral's lifecycle."""

    REFERRED = "referred"
    PICKED_UP = "picked_up"
    CONTACTED = "contacted"
    APPOINTMENT_BOOKED = "appointment_booked"
    CLOSED = "closed"


class Referral(Base):
    """A child's request for an advocate, handed to the advocacy service."""

    __tablename__ = "referrals"
    __table_args__ = (CheckConstraint(_in_list("status", ReferralStatus), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), unique=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), default=None, index=True)
    status: Mapped[str] = mapped_column(String(24), default=ReferralStatus.REFERRED.value)
    advocacy_consent: Mapped[bool | None] = mapped_column(default=None)
    contact_preference: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    picked_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    picked_up_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # [{"at": iso, "staff_id": int, "note": str}], the advocate's words, oldest first.
    contact_notes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    outcome_note: Mapped[str | None] = mapped_column(Text, default=None)

    flag: Mapped["Flag"] = relationship(lazy="joined")
    child: Mapped["Child | None"] = relationship(lazy="joined")
