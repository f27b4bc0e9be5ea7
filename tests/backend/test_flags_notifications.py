"""Staff are emailed that something needs them, after commit, with retries; no child's name or words, anywhere."""
from __future__ import annotations

import logging
import socket
from datetime import timedelta

import pytest
from flags_support import SmtpSink, flag_body, london, next_monday, set_clock
from sqlalchemy import select

from backend.flags import escalation
from backend.notifications import service as notifications_service
from backend.notifications.models import Notification
from backend.staff import service as staff_service

MONDAY = next_monday()
NIGHT = london(MONDAY, 22)
WORDS = "mum's boyfriend locked me in again"
NAME = "Zephyrine Quill"


@pytest.fixture
def sink():
    """Run a local SMTP server for the test."""
    server = SmtpSink()
    yield server
    server.close()


def _staff(db, username, role, email="{u}@council.test"):
    """Create a staff member with an email address."""
    return staff_service.create(db_session=db, username=username, display_name=username.title(), role=role,
                                password="correct horse battery staple",
                                email=email.format(u=username) if email else None)


def _raise(client, make, bot_headers, *, at=NIGHT, flags=("safeguarding",)):
    """Raise a flag for an enrolled, allocated child at a fixed time; return its id."""
    child = make.child(name=NAME)
    make.allocate(child, make.staff(username="sw"))
    set_clock(client, at)
    body = flag_body(make.enrolled(child), flags=flags, text=WORDS,
                     transcript=[{"speaker": "child", "text": WORDS, "at": "2026-11-23T22:00:00Z"}])
    response = client.post("/api/bot/flags", headers=bot_headers, json=body)
    assert response.status_code == 201
    return response.json()["flags"][0]["id"]


def _no_child_in(text: str) -> bool:
    """Return whether a text is free of the child's words and name."""
    return all(fragment not in text for fragment in (WORDS, "locked me", NAME, "Zephyrine", "Quill"))


def test_duty_team_is_emailed_after_commit_without_the_childs_words_or_name(make_client, make, db, bot_headers, sink):
    client = make_client(smtp_host="127.0.0.1", smtp_port=sink.port, smtp_from="mysay@council.test",
                         public_url="https://mysay.council.test")
    duty = _staff(db, "duty", "duty")
    flag_id = _raise(client, make, bot_headers)
    [email] = sink.received
    assert email.rcpt_to == ["duty@council.test"]
    assert email.message["From"] == "mysay@council.test"
    assert email.message["Subject"] == f"MySay: safeguarding flag {flag_id} needs you"
    assert f"https://mysay.council.test/api/flags/{flag_id}" in email.body
    assert _no_child_in(email.raw.decode("utf-8", "replace"))
    notification = db.scalar(select(Notification).where(Notification.staff_id == duty.id))
    db.refresh(notification)
    assert (notification.status, notification.attempts, notification.sent_at) == ("sent", 1, NIGHT)


def test_with_email_off_notifications_are_recorded_only(client, make, db, bot_headers):
    duty = _staff(db, "duty", "duty")
    _raise(client, make, bot_headers)
    [notification] = db.scalars(select(Notification)).all()
    assert (notification.staff_id, notification.kind, notification.status) == (duty.id, "flag.routed", "pending")
    report = notifications_service.send_pending(session_factory=client.app.state.sessionmaker,
                                                settings=client.app.state.settings, now=NIGHT)
    assert report.sent == 0


def test_a_refused_message_is_retried_later_and_then_sent(make_client, make, db, bot_headers, sink):
    client = make_client(smtp_host="127.0.0.1", smtp_port=sink.port)
    _staff(db, "duty", "duty")
    sink.fail_data = True
    _raise(client, make, bot_headers)
    notification = db.scalar(select(Notification))
    db.refresh(notification)
    assert (notification.status, notification.attempts, notification.error) == ("pending", 1, "SMTPDataError 451")
    settings, factory = client.app.state.settings, client.app.state.sessionmaker
    sink.fail_data = False
    too_soon = notifications_service.send_pending(session_factory=factory, settings=settings,
                                                  now=NIGHT + timedelta(seconds=30))
    assert too_soon.sent == 0
    later = notifications_service.send_pending(session_factory=factory, settings=settings,
                                               now=NIGHT + timedelta(minutes=1))
    assert later.sent == 1 and len(sink.received) == 1
    db.refresh(notification)
    assert (notification.status, notification.attempts, notification.error) == ("sent", 2, None)


def test_delivery_gives_up_after_the_last_attempt(make_client, make, db, bot_headers):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    client = make_client(smtp_host="127.0.0.1", smtp_port=closed_port)
    _staff(db, "duty", "duty")
    _raise(client, make, bot_headers)
    at = NIGHT
    for _ in range(notifications_service.MAX_ATTEMPTS):
        at += timedelta(hours=1)
        notifications_service.send_pending(session_factory=client.app.state.sessionmaker,
                                           settings=client.app.state.settings, now=at)
    notification = db.scalar(select(Notification))
    db.refresh(notification)
    assert (notification.status, notification.attempts, notification.error) == (
        "failed", notifications_service.MAX_ATTEMPTS, "ConnectionRefusedError")


def test_staff_without_an_email_address_fail_without_retrying(make_client, make, db, bot_headers, sink):
    client = make_client(smtp_host="127.0.0.1", smtp_port=sink.port)
    _staff(db, "duty", "duty", email=None)
    _raise(client, make, bot_headers)
    notification = db.scalar(select(Notification))
    db.refresh(notification)
    assert (notification.status, notification.error) == ("failed", "no_email")
    assert sink.received == []


def test_escalation_emails_managers_and_duty_without_the_childs_words(make_client, make, db, bot_headers, sink):
    client = make_client(smtp_host="127.0.0.1", smtp_port=sink.port)
    _staff(db, "duty", "duty")
    _staff(db, "boss", "manager")
    flag_id = _raise(client, make, bot_headers, at=london(MONDAY, 10))  # in hours: to the worker (no email)
    assert sink.received == []
    escalation.run_pass(session_factory=client.app.state.sessionmaker, settings=client.app.state.settings,
                        now=london(MONDAY, 11))
    assert sorted(r for e in sink.received for r in e.rcpt_to) == ["boss@council.test", "duty@council.test"]
    for email in sink.received:
        assert "not acknowledged in time" in email.body and f"Flag: {flag_id}" in email.body
        assert _no_child_in(email.raw.decode("utf-8", "replace"))


def test_logs_carry_ids_never_the_childs_words_or_name(make_client, make, db, bot_headers, sink, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client(smtp_host="127.0.0.1", smtp_port=sink.port)
    _staff(db, "duty", "duty")
    _staff(db, "boss", "manager")
    flag_id = _raise(client, make, bot_headers)
    client.get(f"/api/flags/{flag_id}", headers=make.login("duty"))
    escalation.run_pass(session_factory=client.app.state.sessionmaker, settings=client.app.state.settings,
                        now=NIGHT + timedelta(hours=2))
    assert caplog.records
    assert _no_child_in(caplog.text)
