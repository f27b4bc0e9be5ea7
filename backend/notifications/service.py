"""Queue notifications inside the caller's transaction and send them after it commits, retrying."""
from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.config import Settings
from backend.flags.models import Flag
from backend.notifications import mailer
from backend.notifications.models import Notification, NotificationKind, NotificationStatus

log = logging.getLogger("mysay.notifications")

MAX_ATTEMPTS = 5
# A claimed notification is not tried again by another worker until this lease runs out.
CLAIM_LEASE = timedelta(minutes=5)


def retry_delay(*, attempts: int) -> timedelta:
    """Return how long to wait after a failed attempt: 1, 2, 4, 8 ... minutes."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def queue(*, db_session: Session, staff_ids: Iterable[int], kind: NotificationKind | str, now: datetime,
          flag_id: int) -> list[Notification]:
    """Add one pending notification per staff member to the current transaction; the caller commits."""
    rows = [Notification(staff_id=staff_id, kind=NotificationKind(kind).value, flag_id=flag_id, created_at=now,
                         next_attempt_at=now)
            for staff_id in dict.fromkeys(staff_ids)]
    db_session.add_all(rows)
    return rows


def get_all(*, db_session: Session, flag_id: int | None = None,
            status: NotificationStatus | str | None = None) -> Sequence[Notification]:
    """Return notifications, oldest first, optionally for one flag or in one status."""
    query = select(Notification).order_by(Notification.id)
    if flag_id is not None:
        query = query.where(Notification.flag_id == flag_id)
    if status is not None:
        query = query.where(Notification.status == NotificationStatus(status).value)
    return db_session.scalars(query).all()


@dataclass
class SendReport:
    """How many notifications one pass sent, gave up on, and left to retry."""

    sent: int = 0
    failed: int = 0
    retrying: int = 0


def _about(db_session: Session, notification: Notification) -> mailer.About:
    """Return the flag id, type and deadline a notification points at."""
    flag = db_session.get(Flag, notification.flag_id)
    assert flag is not None  # every notification kind is about a flag
    return mailer.About(kind=notification.kind, flag_id=flag.id, flag_type=flag.type, deadline=flag.deadline)


def _claim(db_session: Session, *, notification_id: int, attempts: int, now: datetime) -> bool:
    """Take a notification for this attempt; of two workers racing for it, exactly one wins."""
    claimed = db_session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.status == NotificationStatus.PENDING.value,
               Notification.attempts == attempts)
        .values(attempts=attempts + 1, next_attempt_at=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False))
    db_session.commit()
    return claimed.rowcount == 1


def send_one(*, db_session: Session, notification_id: int, attempts: int, settings: Settings,
             now: datetime) -> str | None:
    """Claim and send one notification; return its resulting status, or None if another worker has it."""
    if not _claim(db_session, notification_id=notification_id, attempts=attempts, now=now):
        return None
    notification = db_session.get(Notification, notification_id, populate_existing=True)
    assert notification is not None
    if not notification.staff.email or not notification.staff.is_active:
        notification.status, notification.error = NotificationStatus.FAILED.value, "no_email"
        db_session.commit()
        log.warning("notification failed id=%s staff=%s error=no_email", notification.id, notification.staff_id)
        return notification.status
    message = mailer.compose(about=_about(db_session, notification), to=notification.staff.email, settings=settings)
    try:
        mailer.send(message=message, settings=settings)
    except (smtplib.SMTPException, OSError) as exc:
        notification.error = mailer.describe(exc)
        if notification.attempts >= MAX_ATTEMPTS:
            notification.status = NotificationStatus.FAILED.value
        else:
            notification.next_attempt_at = now + retry_delay(attempts=notification.attempts)
        db_session.commit()
        log.warning("notification attempt failed id=%s attempt=%s error=%s", notification.id,
                    notification.attempts, notification.error)
        return notification.status
    notification.status, notification.sent_at, notification.error = NotificationStatus.SENT.value, now, None
    db_session.commit()
    log.info("notification sent id=%s staff=%s kind=%s", notification.id, notification.staff_id, notification.kind)
    return notification.status


def send_pending(*, session_factory: Callable[[], Session], settings: Settings, now: datetime,
                 limit: int = 100) -> SendReport:
    """Send the notifications that are due; with no SMTP host, email is off and they stay recorded only."""
    report = SendReport()
    if not settings.smtp_host:
        return report
    with session_factory() as db_session:
        due = db_session.execute(
            select(Notification.id, Notification.attempts)
            .where(Notification.status == NotificationStatus.PENDING.value, Notification.next_attempt_at <= now)
            .order_by(Notification.id).limit(limit)).all()
        for notification_id, attempts in due:
            status = send_one(db_session=db_session, notification_id=notification_id, attempts=attempts,
                              settings=settings, now=now)
            if status == NotificationStatus.SENT:
                report.sent += 1
            elif status == NotificationStatus.FAILED:
                report.failed += 1
            elif status == NotificationStatus.PENDING:
                report.retrying += 1
    return report
