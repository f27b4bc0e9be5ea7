"""Store a worker's reply to a child's statement and what happened when it was passed on."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import now
from backend.db import Base, UTCDateTime

# pending: stored, not passed on yet; sent: the bot took it for the child's channel; stopped: the child's
# channel said STOP (nothing sent); no_channel: the child has no conversation to send to; failed: the bot
# could not be reached or refused it (tried again at next_attempt_at, up to MAX_ATTEMPTS in all).
REPLY_STATUSES = ("pending", "sent", "stopped", "no_channel", "failed")


class WorkerReply(Base):
    """A worker's words to a child about their statement, stored exactly as written."""

    __tablename__ = "worker_replies"
    __table_args__ = (CheckConstraint(f"status IN ({', '.join(repr(s) for s in REPLY_STATUSES)})", name="status"),
                      Index("ix_worker_replies_status_next_attempt_at", "status", "next_attempt_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # The conversation it was passed to (the one the child used last).
    sender_id: Mapped[str | None] = mapped_column(String(200), default=None)
    channel: Mapped[str | None] = mapped_column(String(32), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # How many times it was offered to Rasa, and when to try again after a failure (null: not again).
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
