"""Store staff accounts: who they are, their role, and an argon2 hash of their password."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import now
from backend.db import Base, UTCDateTime


class StaffRole(StrEnum):
    """Job roles in children's social care."""

    SOCIAL_WORKER = "social_worker"
    IRO = "iro"
    PERSONAL_ADVISER = "personal_adviser"
    ADVOCATE = "advocate"
    DUTY = "duty"
    MANAGER = "manager"
    ADMIN = "admin"


def _in_list(column: str, values) -> str:
    """Render a CHECK ... IN (...) clause from an enum."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class Staff(Base):
    """One member of staff who signs in to the backend."""

    __tablename__ = "staff"
    __table_args__ = (CheckConstraint(_in_list("role", StaffRole), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
