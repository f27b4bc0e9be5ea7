"""Escalate flags nobody acted on in time and send pending notifications: one pass, or a loop in the app."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from backend import audit
from backend.config import Settings
from backend.flags import routing
from backend.flags.models import Flag, FlagStatus, FlagType, RouteReason
from backend.flags.service import add_routes, staffed_targets
from backend.notifications import service as notifications
from backend.notifications.models import NotificationKind
from backend.replies import service as replies

log = logging.getLogger("mysay.escalation")

ESCALATION_ACTOR = "escalation"


def _overdue(now: datetime):
    """Return the condition for flags past their deadline that nobody has acted on, escalated at most once."""
    # Safeguarding and advocacy wait for an acknowledgement; a complaint's stage-1 deadline is for the
    # response, so an acknowledged complaint still escalates until it is closed.
    unanswered = or_(Flag.status == FlagStatus.OPEN.value,
                     and_(Flag.type == FlagType.COMPLAINT.value, Flag.status == FlagStatus.ACKNOWLEDGED.value))
    return and_(Flag.escalated_at.is_(None), Flag.deadline <= now, unanswered)


def escalate(*, db_session: Session, flag_id: int, now: datetime) -> bool:
    """Escalate one overdue flag to the managers (and duty team for safeguarding); False if no longer due."""
    changed = db_session.execute(update(Flag).where(Flag.id == flag_id, _overdue(now))
                                 .values(status=FlagStatus.ESCALATED.value, escalated_at=now)
                                 .execution_options(synchronize_session=False))
    if changed.rowcount != 1:
        db_session.rollback()  # acknowledged or escalated by someone else meanwhile
        return False
    flag = db_session.get(Flag, flag_id, populate_existing=True)
    assert flag is not None
    system = {"actor_type": "system", "actor_id": ESCALATION_ACTOR}
    audit.service.record(db_session=db_session, **system, action="flag.escalated", object_type="flag",
                         object_id=flag.id, child_id=flag.child_id)
    targets = staffed_targets(db_session=db_session, flag=flag, targets=routing.escalation_targets(flag_type=flag.type))
    add_routes(db_session=db_session, flag=flag, targets=targets, reason=RouteReason.ESCALATED,
               kind=NotificationKind.FLAG_ESCALATED, now=now, **system)
    db_session.commit()
    log.warning("flag escalated flag=%s type=%s", flag.id, flag.type)
    return True


def escalate_due(*, db_session: Session, now: datetime) -> list[int]:
    """Escalate every overdue flag, each in its own transaction; return the ids escalated."""
    due = db_session.scalars(select(Flag.id).where(_overdue(now)).order_by(Flag.deadline, Flag.id)).all()
    return [flag_id for flag_id in due if escalate(db_session=db_session, flag_id=flag_id, now=now)]


@dataclass(frozen=True)
class PassReport:
    """What one escalation pass did."""

    escalated: list[int]
    notifications: notifications.SendReport
    replies_sent: int = 0  # workers' replies that failed before and reached the bot on this pass


def run_pass(*, session_factory: Callable[[], Session], settings: Settings, now: datetime) -> PassReport:
    """Escalate overdue flags, send whatever notifications are due, and retry workers' replies that failed."""
    with session_factory() as db_session:
        escalated = escalate_due(db_session=db_session, now=now)
    sent = notifications.send_pending(session_factory=session_factory, settings=settings, now=now)
    replies_sent = replies.retry_due(session_factory=session_factory, settings=settings, now=now)
    return PassReport(escalated=escalated, notifications=sent, replies_sent=replies_sent)


async def run_forever(*, session_factory: Callable[[], Session], settings: Settings,
                      now: Callable[[], datetime], interval_seconds: float) -> None:
    """Run a pass every interval until cancelled; a failed pass is logged by class only and retried next time."""
    while True:
        await asyncio.sleep(interval_seconds)
        try:
            await asyncio.to_thread(run_pass, session_factory=session_factory, settings=settings, now=now())
        except Exception as exc:  # noqa: BLE001  (the loop must outlive one bad pass)
            # Only the class: database errors carry statement parameters, which can be a child's words.
            log.error("escalation pass failed error=%s", type(exc).__name__)
