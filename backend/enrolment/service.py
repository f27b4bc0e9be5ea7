"""Issue one-time enrolment codes and link conversations to children with them."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend import access, audit
from backend.children import service as children_service
from backend.children.models import Child
from backend.clock import now
from backend.enrolment.models import ChannelIdentity, EnrolmentCode
from backend.errors import ConflictError, GoneError, NotFoundError
from backend.meetings import service as meetings_service
from backend.staff.models import Staff

# No 0/O, 1/I/L: codes are read aloud and copied from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
BOT_ACTOR = "bot"


def normalise_code(code: str) -> str:
    """Return the code upper-cased without spaces or dashes, as it is hashed."""
    return re.sub(r"[\s\-]+", "", code).upper()


def hash_code(*, code: str, secret_key: str) -> str:
    """Return the keyed hash stored instead of the code, so a database leak does not reveal live codes."""
    return hmac.new(secret_key.encode(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


def generate_code() -> str:
    """Return a fresh random code like K7QM-2XPA."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def create(*, db_session: Session, child_id: int, secret_key: str, lifetime: timedelta,
           created_by: Staff | None = None, code: str | None = None, reusable: bool = False,
           actor_type: str = "system", actor_id: str = "system") -> tuple[EnrolmentCode, str]:
    """Store a new code for a child and audit it; return the row and the plain code (shown once)."""
    plain = code or generate_code()
    row = EnrolmentCode(code_hash=hash_code(code=plain, secret_key=secret_key), child_id=child_id,
                        created_by_staff_id=created_by.id if created_by else None,
                        expires_at=now() + lifetime, reusable=reusable)
    db_session.add(row)
    db_session.flush()
    audit.service.record(db_session=db_session, actor_type=actor_type, actor_id=actor_id,
                         action="enrolment.code_created", object_type="enrolment_code", object_id=row.id,
                         child_id=child_id)
    db_session.commit()
    return row, plain


def issue(*, db_session: Session, staff: Staff, child_id: int, secret_key: str, lifetime: timedelta,
          on: date) -> tuple[EnrolmentCode, str]:
    """Issue a code for a child the staff member is allocated to; anyone else gets NotFoundError."""
    if not access.can_read_child(db_session, staff=staff, child_id=child_id, on=on):
        raise NotFoundError("child_not_found")
    return create(db_session=db_session, child_id=child_id, secret_key=secret_key, lifetime=lifetime,
                  created_by=staff, actor_type="staff", actor_id=str(staff.id))


def get_identity(*, db_session: Session, sender_id: str, channel: str | None = None) -> ChannelIdentity | None:
    """Return the identity for a conversation, if it is enrolled."""
    query = select(ChannelIdentity).where(ChannelIdentity.sender_id == sender_id)
    if channel is not None:
        query = query.where(ChannelIdentity.channel == channel)
    return db_session.scalar(query)


def enrol(*, db_session: Session, code: str, channel: str, sender_id: str, secret_key: str,
          demo: bool) -> Child:
    """Link a conversation to the code's child, using up a one-time code; audit the link."""
    row = db_session.scalar(select(EnrolmentCode).where(
        EnrolmentCode.code_hash == hash_code(code=code, secret_key=secret_key)))
    if row is None:
        raise NotFoundError("code_unknown")
    if row.expires_at <= now():
        raise GoneError("code_expired")
    identity = get_identity(db_session=db_session, sender_id=sender_id)
    if not (row.reusable and demo):
        if row.used_at is not None:
            if identity is not None and identity.child_id == row.child_id:
                return children_service.get(db_session=db_session, child_id=row.child_id)  # a retried request
            raise ConflictError("code_used")
        # Conditional update: of two simultaneous uses of one code, exactly one wins.
        claimed = db_session.execute(update(EnrolmentCode)
                                     .where(EnrolmentCode.id == row.id, EnrolmentCode.used_at.is_(None))
                                     .values(used_at=now()))
        if claimed.rowcount != 1:
            db_session.rollback()
            raise ConflictError("code_used")
    if identity is None:
        identity = ChannelIdentity(channel=channel, sender_id=sender_id, child_id=row.child_id)
        db_session.add(identity)
    else:
        # A new code is fresh proof of whose conversation this is; it replaces the old link.
        identity.channel, identity.child_id, identity.linked_at = channel, row.child_id, now()
    db_session.flush()
    audit.service.record(db_session=db_session, actor_type="service", actor_id=BOT_ACTOR,
                         action="enrolment.linked", object_type="channel_identity", object_id=identity.id,
                         child_id=row.child_id)
    db_session.commit()
    return children_service.get(db_session=db_session, child_id=row.child_id)


def conversation_context(*, db_session: Session, sender_id: str, on: date) -> dict[str, Any]:
    """Return what the bot needs to tailor a conversation, or {"enrolled": False}."""
    identity = get_identity(db_session=db_session, sender_id=sender_id)
    if identity is None:
        return {"enrolled": False}
    child = children_service.get(db_session=db_session, child_id=identity.child_id)
    meeting = meetings_service.next_for_child(db_session=db_session, child_id=child.id, on=on)
    return {
        "enrolled": True,
        "first_name": children_service.first_name(child=child),
        "age": children_service.age_on(date_of_birth=child.date_of_birth, on=on),
        "age_band": children_service.age_band(date_of_birth=child.date_of_birth, on=on),
        "language": child.preferred_language,
        "next_meeting": ({"id": meeting.id, "type": meeting.type, "date": meeting.date.isoformat()}
                         if meeting else None),
        "readers": access.readers(db_session, child_id=child.id, on=on),
    }
