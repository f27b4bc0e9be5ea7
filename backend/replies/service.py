"""Let an allocated worker reply to a child's statement, and pass the reply to the child through the bot."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend import access, audit, clock
from backend.config import Settings
from backend.contacts import service as contacts_service
from backend.enrolment import service as enrolment_service
from backend.errors import NotFoundError
from backend.replies import rasa
from backend.replies.models import WorkerReply
from backend.staff.models import Staff
from backend.statements.models import Statement

log = logging.getLogger("mysay.replies")

REPLY_INTENT = "worker_reply"
# A reply Rasa did not take is offered again after 1, 2, 4 and 8 minutes, then left `failed` for a person.
MAX_ATTEMPTS = 5
# A claimed retry is not taken by another worker (the app's loop, cron) until this lease runs out.
CLAIM_LEASE = timedelta(minutes=5)


def retry_delay(*, attempts: int) -> timedelta:
    """Return how long to wait after a failed attempt: 1, 2, 4, 8 ... minutes."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


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


def send(*, db_session: Session, reply: WorkerReply, rasa_url: str | None, rasa_auth_token: str | None,
         now: datetime | None = None) -> WorkerReply:
    """Pass a reply to the conversation the child used last, unless it said STOP; record and audit the outcome.

    One attempt: a failure is scheduled for another (next_attempt_at) until MAX_ATTEMPTS; retry_due makes it.
    The conversation and its STOP are looked up again on every attempt.
    """
    at = now or clock.now()
    reply.attempts += 1
    reply.next_attempt_at = None
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
            reply.sent_at = at if taken else None
            if not taken and reply.attempts < MAX_ATTEMPTS:
                reply.next_attempt_at = at + retry_delay(attempts=reply.attempts)
    audit.service.record(db_session=db_session, actor_type="system", actor_id="replies",
                         action=f"worker_reply.{reply.status}", object_type="worker_reply", object_id=reply.id,
                         child_id=reply.child_id)
    db_session.commit()
    return reply


def _claim(db_session: Session, *, reply_id: int, attempts: int, now: datetime) -> bool:
    """Take a due retry for this worker; of two workers racing for it (app loop, cron), exactly one wins."""
    claimed = db_session.execute(
        update(WorkerReply)
        .where(WorkerReply.id == reply_id, WorkerReply.status == "failed", WorkerReply.attempts == attempts,
               WorkerReply.next_attempt_at <= now)
        .values(next_attempt_at=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False))
    db_session.commit()
    return claimed.rowcount == 1


def retry_due(*, session_factory: Callable[[], Session], settings: Settings, now: datetime,
              limit: int = 50) -> int:
    """Offer every failed reply whose next attempt is due to Rasa again; return how many Rasa took."""
    token = settings.rasa_auth_token.get_secret_value() if settings.rasa_auth_token else None
    if not (settings.rasa_url and token):
        return 0
    sent = 0
    with session_factory() as db_session:
        due = db_session.execute(
            select(WorkerReply.id, WorkerReply.attempts)
            .where(WorkerReply.status == "failed", WorkerReply.next_attempt_at <= now)
            .order_by(WorkerReply.next_attempt_at, WorkerReply.id).limit(limit)).all()
        for reply_id, attempts in due:
            if not _claim(db_session, reply_id=reply_id, attempts=attempts, now=now):
                continue
            reply = db_session.get(WorkerReply, reply_id, populate_existing=True)
            assert reply is not None
            send(db_session=db_session, reply=reply, rasa_url=settings.rasa_url, rasa_auth_token=token, now=now)
            log.info("worker reply retried id=%s attempt=%s status=%s", reply.id, reply.attempts, reply.status)
            sent += reply.status == "sent"
    return sent


def get_for_conversation(*, db_session: Session, reply_id: int, sender_id: str) -> tuple[WorkerReply, Staff]:
    """Return a reply (and its author) only to a conversation linked to the reply's child."""
    reply = db_session.get(WorkerReply, reply_id)
    identity = enrolment_service.get_identity(db_session=db_session, sender_id=sender_id)
    if reply is None or identity is None or identity.child_id != reply.child_id:
        raise NotFoundError("reply_not_found")
    return reply, db_session.get(Staff, reply.staff_id)
