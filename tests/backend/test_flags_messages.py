"""A message left for a person ("leave a message"): stored verbatim, routed, deadlined, audited and notified without words."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flags_support import flag_body, london, next_monday, set_clock
from sqlalchemy import select

from backend.audit.models import AuditEvent
from backend.enrolment.models import ChannelIdentity
from backend.flags import escalation
from backend.flags.models import Flag
from backend.notifications.models import Notification

MONDAY = next_monday()
WORDS = "  please can someone ring me 🙏\nI don't have a code yet  "


@pytest.fixture
def duty(make, client):
    set_clock(client, london(MONDAY, 21))  # out of hours: the duty team is on
    return make.staff(username="duty", role="duty")


def test_unenrolled_message_goes_to_the_duty_team_unverified_with_a_next_working_day_deadline(
        raise_flag, duty, client, db, make):
    response = raise_flag(flag_body("sms-0123abcd", flags=["message"], text=WORDS))
    assert response.status_code == 201, response.text
    [raised] = response.json()["flags"]
    assert (raised["type"], raised["status"], raised["routed_to"]) == ("message", "open", "duty_team")
    assert raised["deadline"].startswith(f"{(MONDAY + timedelta(days=1)).isoformat()}T17:00:00")

    headers = make.login("duty")
    [queued] = client.get("/api/flags", headers=headers).json()
    assert (queued["type"], queued["verified"], queued["child"], queued["routed_team"]) == ("message", False, None,
                                                                                          "duty")
    detail = client.get(f"/api/flags/{queued['id']}", headers=headers).json()
    assert [m["text"] for m in detail["messages"]] == [WORDS], "stored byte for byte"
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(queued["id"]))).all()
    assert {"flag.raised", "flag.routed", "flag.read"} <= set(actions)
    assert db.scalar(select(ChannelIdentity).where(ChannelIdentity.sender_id == "sms-0123abcd")) is None, \
        "leaving a message links the sender to nobody"
    assert db.scalars(select(Notification.staff_id).where(Notification.flag_id == queued["id"])).all() == [duty.id]


def test_a_message_that_triage_flags_raises_both_flags_from_one_stored_message(raise_flag, duty, db):
    response = raise_flag(flag_body("telegram-42", flags=["message", "safeguarding"], text="he hits me, help"))
    types = {f["type"]: f for f in response.json()["flags"]}
    assert set(types) == {"message", "safeguarding"}
    assert all(f["routed_to"] == "duty_team" for f in types.values())
    assert types["safeguarding"]["deadline"] < types["message"]["deadline"], "the disclosure keeps its own clock"
    flags = db.scalars(select(Flag).where(Flag.sender_id == "telegram-42")).all()
    assert [m.id for m in flags[0].messages] == [m.id for m in flags[1].messages]


def test_an_enrolled_childs_message_goes_to_their_worker(raise_flag, make, client):
    child = make.child(name="Sam")
    worker = make.staff(username="sw")
    make.allocate(child, worker)
    sender = make.enrolled(child, sender_id="sms-sam")
    set_clock(client, london(MONDAY, 10))
    [raised] = raise_flag(flag_body(sender, flags=["message"])).json()["flags"]
    assert raised["routed_to"] == "allocated_worker"


def test_unacknowledged_message_escalates_to_managers_and_the_email_never_carries_the_words(
        raise_flag, duty, make, client, db):
    manager = make.staff(username="boss", role="manager")
    [raised] = raise_flag(flag_body("sms-77aa", flags=["message"], text=WORDS)).json()["flags"]
    escalation.escalate_due(db_session=db, now=london(MONDAY + timedelta(days=1), 17, 1))
    flag = db.get(Flag, raised["id"], populate_existing=True)
    assert flag.status == "escalated"
    assert manager.id in db.scalars(select(Notification.staff_id).where(Notification.flag_id == flag.id)).all()


def test_acknowledged_message_does_not_escalate(raise_flag, duty, make, client, db):
    [raised] = raise_flag(flag_body("sms-88bb", flags=["message"])).json()["flags"]
    assert client.post(f"/api/flags/{raised['id']}/acknowledge", headers=make.login("duty")).status_code == 200
    assert escalation.escalate_due(db_session=db, now=london(MONDAY + timedelta(days=3), 9)) == []


def test_notification_email_names_the_message_flag_by_id_only(duty, client):
    from datetime import datetime, timezone

    from backend.notifications import mailer

    email = mailer.compose(about=mailer.About(kind="flag.routed", flag_id=9, flag_type="message",
                                              deadline=datetime(2026, 11, 24, 17, tzinfo=timezone.utc)),
                           to="duty@example.org", settings=client.app.state.settings)
    assert "message flag 9" in email["Subject"] and WORDS.strip() not in email.get_content()
