"""Store who did what to which record; never the child's words."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import now
from backend.db import Base, UTCDateTime

ACTOR_TYPES = ("staff", "service", "system")


class AuditEvent(Base):
    """One audited action; rows are only ever added."""

    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint("actor_type IN ('staff', 'service', 'system')", name="actor_type"),
        Index("ix_audit_events_child_id_at", "child_id", "at"),
        Index("ix_audit_events_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), default=None)
