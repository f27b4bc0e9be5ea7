"""Store triage flags, the child's messages behind them (verbatim) and where each flag was routed."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.clock import now
from backend.db import Base, UTCDateTime
from backend.staff.models import StaffRole, _in_list

if TYPE_CHECKING:
    from backend.children.models import Child
    from backend.referrals.models import Referral


class FlagType(StrEnum):
    """What triage found in a message."""

    SAFEGUARDING = "safeguarding"
    COMPLAINT = "complaint"
    ADVOCACY = "advocacy"
    # Not found by triage: words the child chose to leave for a person ("leave a message"); triage still
    # runs on them and raises its own flags beside this one.
    MESSAGE = "message"


class FlagStatus(StrEnum):
    """Where a flag is in its handover: open until a person acknowledges it, escalated if nobody did in time."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    ESCALATED = "escalated"
    CLOSED = "closed"


class RouteReason(StrEnum):
    """Why a route was added to a flag."""

    RAISED = "raised"
    ESCALATED = "escalated"


class Flag(Base):
    """One concern raised from a conversation, owned by a person or team until it is closed."""

    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(_in_list("type", FlagType), name="type"),
        CheckConstraint(_in_list("status", FlagStatus), name="status"),
        Index("ix_flags_status_deadline", "status", "deadline"),
        Index("ix_flags_child_id", "child_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=FlagStatus.OPEN.value)
    # Null for a conversation that is not enrolled: the flag is unverified and goes to the duty team.
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), default=None)
    verified: Mapped[bool] = mapped_column(default=False)
    sender_id: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    # "<sender_id>|<type>" while the flag is not closed, else null: at most one open flag per type and
    # conversation, enforced by the database even when two deliveries race.
    open_key: Mapped[str | None] = mapped_column(String(240), unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    routed_team: Mapped[str | None] = mapped_column(String(32), default=None)
    routed_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    acknowledged_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    # The worker's words about what was done; never the child's.
    outcome_note: Mapped[str | None] = mapped_column(Text, default=None)

    child: Mapped["Child | None"] = relationship(lazy="joined")
    messages: Mapped[list["FlagMessage"]] = relationship(
        secondary="flag_entries", order_by="FlagMessage.id", lazy="selectin", viewonly=True)
    routes: Mapped[list["FlagRoute"]] = relationship(order_by="FlagRoute.id", lazy="selectin", viewonly=True)
    referral: Mapped["Referral | None"] = relationship(lazy="selectin", viewonly=True)


class FlagMessage(Base):
    """One flagged message exactly as the child typed it, with the conversation around it."""

    __tablename__ = "flag_messages"
    __table_args__ = (Index("ix_flag_messages_sender_id", "sender_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The bot retries deliveries; the unique key makes every retry the same one message.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    sender_id: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(32))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), default=None)
    language: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # [{"speaker": "child"|"bot", "text": ..., "at": iso}], texts verbatim.
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    advocacy_consent: Mapped[bool | None] = mapped_column(default=None)
    contact_preference: Mapped[str | None] = mapped_column(Text, default=None)


class FlagEntry(Base):
    """Attach a message to a flag: one message may raise several flags, one flag may gather several messages."""

    __tablename__ = "flag_entries"

    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("flag_messages.id"), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class FlagRoute(Base):
    """One team or member of staff a flag was handed to, and why."""

    __tablename__ = "flag_routes"
    __table_args__ = (
        CheckConstraint("(team IS NULL) <> (staff_id IS NULL)", name="target"),
        CheckConstraint(_in_list("team", StaffRole), name="team"),
        CheckConstraint(_in_list("reason", RouteReason), name="reason"),
        Index("ix_flag_routes_flag_id", "flag_id"),
        Index("ix_flag_routes_team", "team"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"))
    team: Mapped[str | None] = mapped_column(String(32), default=None)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    reason: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
