"""Store children's statements and their answers exactly as typed."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.clock import now
from backend.db import Base, UTCDateTime

if TYPE_CHECKING:
    from backend.children.models import Child
    from backend.meetings.models import Meeting


class Statement(Base):
    """One submission of a child's views, usually before a meeting."""

    __tablename__ = "statements"
    __table_args__ = (Index("ix_statements_child_id_submitted_at", "child_id", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), default=None)
    channel: Mapped[str] = mapped_column(String(32))
    sender_id: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(16))
    share_with_carers: Mapped[bool] = mapped_column(default=False)
    # The bot retries deliveries; the unique key turns every retry into the same one statement.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    child: Mapped["Child"] = relationship(lazy="joined")
    meeting: Mapped["Meeting | None"] = relationship(lazy="joined")
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="statement", order_by="Answer.position", cascade="all, delete-orphan", lazy="selectin")


class Answer(Base):
    """One prompt and the child's answer to it, verbatim: Text columns, never stripped or normalised."""

    __tablename__ = "statement_answers"
    __table_args__ = (UniqueConstraint("statement_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"))
    position: Mapped[int]
    prompt_key: Mapped[str] = mapped_column(String(100))
    prompt_text: Mapped[str] = mapped_column(Text)
    answer_text: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)

    statement: Mapped[Statement] = relationship(back_populates="answers")
