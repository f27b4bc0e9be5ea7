"""Store notifications as an outbox: written with the change they announce, sent after it commits."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.clock import now
from backend.db import Base, UTCDateTime
from backend.staff.models import _in_list

if TYPE_CHECKING:
    from backend.staff.models import Staff


class NotificationKind(StrEnum):
    """What a notification tells its recipient."""

    FLAG_ROUTED = "flag.routed"
    FLAG_ESCALATED = "flag.escalated"
    FLAG_MESSAGE_ADDED = "flag.message_added"


class NotificationStatus(StrEnum):
    """Pending until sent; failed after the last attempt or when it can never be sent."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Notification(Base):
    """One message to one member of staff; it names a flag by id, never the child or their words."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(_in_list("kind", NotificationKind), name="kind"),
        CheckConstraint(_in_list("status", NotificationStatus), name="status"),
        Index("ix_notifications_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(32))
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=NotificationStatus.PENDING.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    # An exception class and SMTP code only: provider messages can echo addresses.
    error: Mapped[str | None] = mapped_column(String(200), default=None)

    staff: Mapped["Staff"] = relationship(lazy="joined")
