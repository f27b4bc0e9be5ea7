"""Let an allocated worker reply to a child's statement, and pass the reply to the child through the bot."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from backend import access, audit
from backend.clock import now
from backend.contacts import service as contacts_service
from backend.enrolment import service as enrolment_service
from backend.errors import NotFoundError
from backend.replies import rasa
from backend.replies.models import WorkerReply
from backend.staff.models import Staff
from backend.statements.models import Statement

REPLY_INTENT = "worker_reply"


def create(*, db_session: Session, staff: Staff, statement_id: int, text: str, on: date) -> WorkerReply:
    """Store a reply to a statement the staff member may read, audited; anyone else gets NotFoundError."""
    statement = db_session.get(Statement, statement_id)
    if statement is None or not access.can_read_child(db_session, staff=staff, child_id=statement.child_id, on=on):
        raise NotFoundError("statement_not_found")
    reply = WorkerReply(statement_id=statement.id, child_id=statement.child_id, staff_id=staff.id, text=text)
    db_session.add(reply)
    db_session.flush()
    audit.service.record(db_session=db_session, actor_type="staff", actor_id=staff.id, action="statement.replied",
                         object_type="worker_reply", object_id=reply.id, child_id=statement.child_id)
    db_session.commit()
    return reply


def send(*, db_session: Session, reply: WorkerReply, rasa_url: str | None, rasa_auth_token: str | None) -> WorkerReply:
    """Pass a reply to the conversation the child used last, unless it said STOP; record and audit the outcome."""
    target = contacts_service.last_used(db_session=db_session, child_id=reply.child_id)
    if target is None:
        reply.status = "no_channel"
    else:
        identity, contact = target
        reply.sender_id, reply.channel = identity.sender_id, identity.channel
        if contact is not None and contact.stopped_at is not None:
            reply.status = "stopped"
        else:
            # Commit first: the bot fetches the reply from us while Rasa handles the trigger.
            db_session.commit()
            taken = bool(rasa_url and rasa_auth_token) and rasa.trigger_intent(
                rasa_url=rasa_url, auth_token=rasa_auth_token, sender_id=identity.sender_id,
                intent=REPLY_INTENT, entities={"reply_id": str(reply.id)})
            reply.status = "sent" if taken else "failed"
            reply.sent_at = now() if taken else None
    audit.service.record(db_session=db_session, actor_type="system", actor_id="replies",
                         action=f"worker_reply.{reply.status}", object_type="worker_reply", object_id=reply.id,
                         child_id=reply.child_id)
    db_session.commit()
    return reply


def get_for_conversation(*, db_session: Session, reply_id: int, sender_id: str) -> tuple[WorkerReply, Staff]:
    """Return a reply (and its author) only to a conversation linked to the reply's child."""
    reply = db_session.get(WorkerReply, reply_id)
    identity = enrolment_service.get_identity(db_session=db_session, sender_id=sender_id)
    if reply is None or identity is None or identity.child_id != reply.child_id:
        raise NotFoundError("reply_not_found")
    return reply, db_session.get(Staff, reply.staff_id)
