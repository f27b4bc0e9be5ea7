"""Record that a conversation was seen, stopped or started, and delivery statuses; find where to reach a child."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend import audit
from backend.children.models import Child
from backend.clock import now
from backend.contacts.models import ChannelContact, Delivery
from backend.enrolment import service as enrolment_service
from backend.enrolment.models import ChannelIdentity
from backend.errors import NotFoundError

EVENTS = ("seen", "stop", "start")
# A provider may report statuses out of order; a later-stage status is never overwritten by an earlier one.
STATUS_RANK = {"accepted": 0, "scheduled": 0, "queued": 1, "sending": 2, "sent": 3, "delivered": 4, "read": 5,
               "undelivered": 4, "failed": 4, "canceled": 4}


def get(*, db_session: Session, sender_id: str) -> ChannelContact:
    """Return a conversation's contact, or NotFoundError."""
    contact = db_session.scalar(select(ChannelContact).where(ChannelContact.sender_id == sender_id))
    if contact is None:
        raise NotFoundError("contact_not_found")
    return contact


def _get_or_create(db_session: Session, *, channel: str, sender_id: str) -> ChannelContact:
    contact = db_session.scalar(select(ChannelContact).where(ChannelContact.sender_id == sender_id))
    if contact is None:
        contact = ChannelContact(channel=channel, sender_id=sender_id)
        db_session.add(contact)
        try:
            db_session.flush()
        except IntegrityError:  # created by a concurrent request: use that one
            db_session.rollback()
            contact = get(db_session=db_session, sender_id=sender_id)
    return contact


def record(*, db_session: Session, channel: str, sender_id: str, event: str, address: str | None = None,
           reason: str | None = None) -> ChannelContact:
    """Apply one event (seen / stop / start) to a conversation's contact; STOP and START are audited."""
    if event not in EVENTS:
        raise ValueError(f"unknown contact event {event!r}")
    contact = _get_or_create(db_session, channel=channel, sender_id=sender_id)
    if address:
        contact.address = address
    if event == "seen":
        contact.last_seen_at = now()
    elif event == "stop" and contact.stopped_at is None:
        contact.stopped_at, contact.stop_reason = now(), (reason or "keyword")[:32]
        _audit(db_session, contact, "contact.stopped")
    elif event == "start" and contact.stopped_at is not None:
        contact.stopped_at, contact.stop_reason = None, None
        _audit(db_session, contact, "contact.started")
    db_session.commit()
    return contact


def _audit(db_session: Session, contact: ChannelContact, action: str) -> None:
    identity = enrolment_service.get_identity(db_session=db_session, sender_id=contact.sender_id)
    audit.service.record(db_session=db_session, actor_type="service", actor_id=enrolment_service.BOT_ACTOR,
                         action=action, object_type="channel_contact", object_id=contact.id,
                         child_id=identity.child_id if identity else None)


def language(*, db_session: Session, sender_id: str) -> str | None:
    """Return the preferred language of the child behind a conversation, if it is enrolled."""
    identity = enrolment_service.get_identity(db_session=db_session, sender_id=sender_id)
    if identity is None:
        return None
    child = db_session.get(Child, identity.child_id)
    return child.preferred_language if child else None


def record_delivery(*, db_session: Session, provider_message_id: str, channel: str, sender_id: str, status: str,
                    error_code: str | None) -> Delivery:
    """Store the newest status of one outbound message (never moving back to an earlier stage)."""
    delivery = db_session.scalar(select(Delivery).where(Delivery.provider_message_id == provider_message_id))
    if delivery is None:
        delivery = Delivery(provider_message_id=provider_message_id, channel=channel, sender_id=sender_id,
                            status=status, error_code=error_code)
        db_session.add(delivery)
    elif STATUS_RANK.get(status, 0) >= STATUS_RANK.get(delivery.status, 0):
        delivery.status, delivery.error_code, delivery.updated_at = status, error_code, now()
    db_session.commit()
    return delivery


def last_used(*, db_session: Session, child_id: int) -> tuple[ChannelIdentity, ChannelContact | None] | None:
    """Return the child's conversation used most recently (and its contact), or None if they have none."""
    rows = db_session.execute(
        select(ChannelIdentity, ChannelContact)
        .outerjoin(ChannelContact, ChannelContact.sender_id == ChannelIdentity.sender_id)
        .where(ChannelIdentity.child_id == child_id)).all()
    if not rows:
        return None

    def last_activity(row) -> datetime:
        identity, contact = row
        seen = contact.last_seen_at if contact is not None and contact.last_seen_at else identity.linked_at
        return max(seen, identity.linked_at)

    identity, contact = max(rows, key=last_activity)
    return identity, contact
