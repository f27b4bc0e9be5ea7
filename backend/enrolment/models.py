"""Store enrolment codes (hashed) and the channel identities they link to a child."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import now
from backend.db import Base, UTCDateTime


class EnrolmentCode(Base):
    """A short code a worker gives a child to link their chat to their record; only its HMAC is kept."""

    __tablename__ = "enrolment_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    created_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Honoured only in demo mode, so the public demo codes can be tried again and again.
    reusable: Mapped[bool] = mapped_column(default=False)


class ChannelIdentity(Base):
    """A conversation (channel + sender_id) linked to one child."""

    __tablename__ = "channel_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    # sender_id is namespaced by channel ("telegram-123"), so it is unique on its own and is the
    # only key the bot has when it asks for a conversation's context.
    sender_id: Mapped[str] = mapped_column(String(200), unique=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
