"""Store where each conversation can be reached, whether it said STOP, and how outbound messages fared."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import now
from backend.db import Base, UTCDateTime


class ChannelContact(Base):
    """One conversation's address on its channel, enrolled or not.

    `address` is the phone number (SMS) or chat id (Telegram): the only place a phone number is kept, and
    only because a worker's reply must be sent to it. The bot's sender ids and all logs carry a keyed hash.
    """

    __tablename__ = "channel_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender_id: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str | None] = mapped_column(String(64), default=None)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Set by STOP (SMS), a block (Telegram) or the carrier refusing delivery; cleared by START.
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    stop_reason: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Delivery(Base):
    """The latest status the provider reported for one outbound message (e.g. Twilio's MessageStatus)."""

    __tablename__ = "message_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_message_id: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender_id: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(32))
    error_code: Mapped[str | None] = mapped_column(String(16), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
