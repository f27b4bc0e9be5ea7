"""Write and read audit events inside the caller's transaction."""
from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import ACTOR_TYPES, AuditEvent

log = logging.getLogger("mysay.audit")


def record(*, db_session: Session, actor_type: str, actor_id: str | int, action: str, object_type: str,
           object_id: str | int, child_id: int | None = None) -> AuditEvent:
    """Add an audit event to the current transaction; the caller's commit makes it durable."""
    if actor_type not in ACTOR_TYPES:
        raise ValueError(f"unknown actor type {actor_type!r}")
    event = AuditEvent(actor_type=actor_type, actor_id=str(actor_id), action=action,
                       object_type=object_type, object_id=str(object_id), child_id=child_id)
    db_session.add(event)
    log.info("%s actor=%s:%s %s=%s child=%s", action, actor_type, actor_id, object_type, object_id, child_id)
    return event


def get_all(*, db_session: Session, action: str | None = None, object_type: str | None = None,
            object_id: str | int | None = None) -> Sequence[AuditEvent]:
    """Return audit events, oldest first, optionally filtered."""
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if object_type is not None:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == str(object_id))
    return db_session.scalars(query).all()
