"""The bot hands flagged messages over once, verbatim, deduplicated per conversation, routed to someone working now."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flags_support import flag_body, london, next_monday, set_clock
from sqlalchemy import func, select

from backend.audit.models import AuditEvent
from backend.flags.models import Flag, FlagMessage, FlagRoute
from backend.notifications.models import Notification
from backend.referrals.models import Referral

MONDAY = next_monday()


@pytest.fixture
def sam(make, client):
    """Return (child, sender_id, social worker) for an enrolled child with an allocated worker, on Monday 10:00."""
    child = make.child(name="Sam")
    worker = make.staff(username="sw")
    make.allocate(child, worker)
    sender = make.enrolled(child)
    set_clock(client, london(MONDAY, 10))
    return child, sender, worker


def _routes(db, flag_id):
    """Return the flag's routes as (team, staff_id, reason)."""
    return [(r.team, r.staff_id, r.reason) for r in db.scalars(select(FlagRoute).where(FlagRoute.flag_id == flag_id)
                                                               .order_by(FlagRoute.id))]


def test_flag_is_created_with_deadline_and_201(sam, raise_flag):
    response = raise_flag(flag_body(sam[1]))
    assert response.status_code == 201
    body = response.json()
    assert body["created"] is True
    [flag] = body["flags"]
    assert (flag["type"], flag["status"]) == ("safeguarding", "open")
    assert flag["deadline"].startswith(f"{MONDAY.isoformat()}T11:00:00")  # 60 minutes (London is UTC in winter)


def test_flag_submission_needs_the_bot_credential(client):
    assert client.post("/api/bot/flags", json=flag_body()).status_code == 401


def test_same_idempotency_key_returns_the_same_flags_with_200_and_stores_nothing_new(sam, raise_flag, db):
    body = flag_body(sam[1], flags=["safeguarding", "complaint"])
    first = raise_flag(body)
    again = raise_flag(body)
    assert again.status_code == 200
    assert again.json() == {"flags": first.json()["flags"], "created": False}
    assert db.scalar(select(func.count()).select_from(FlagMessage)) == 1
    assert db.scalar(select(func.count()).select_from(Flag)) == 2
    notified = db.scalar(select(func.count()).select_from(Notification))
    raise_flag(body)
    assert db.scalar(select(func.count()).select_from(Notification)) == notified


def test_idempotency_key_reused_by_another_conversation_is_409(sam, raise_flag):
    body = flag_body(sam[1], key="shared-key")
    raise_flag(body)
    other = flag_body("webchat-other", key="shared-key")
    assert raise_flag(other).status_code == 409


def test_message_and_transcript_are_stored_byte_for_byte(sam, raise_flag, db):
    text = "  he hit me 😢\r\nplz dont tell him  \u200b\tÉcole e\u0301  "
    transcript = [{"speaker": "bot", "text": "Hi Sam 👋\n", "at": "2026-11-23T11:58:00Z"},
                  {"speaker": "child", "text": "  ok\n\n", "at": "2026-11-23T11:59:00+00:00"},
                  {"speaker": "child", "text": text, "at": "2026-11-23T12:00:00Z"}]
    raise_flag(flag_body(sam[1], text=text, transcript=transcript, language="pl"))
    message = db.scalar(select(FlagMessage))
    assert message.text == text and message.text.encode() == text.encode()
    assert [t["text"] for t in message.transcript] == [t["text"] for t in transcript]
    assert [t["speaker"] for t in message.transcript] == ["bot", "child", "child"]
    assert message.language == "pl"


def test_same_type_in_one_conversation_joins_the_open_flag(sam, raise_flag, db):
    first = raise_flag(flag_body(sam[1], text="first")).json()["flags"][0]
    second = raise_flag(flag_body(sam[1], text="second")).json()
    assert second["created"] is True
    assert second["flags"][0]["id"] == first["id"]
    assert db.scalar(select(func.count()).select_from(Flag)) == 1
    flag = db.get(Flag, first["id"])
    db.refresh(flag)
    assert [m.text for m in flag.messages] == ["first", "second"]
    assert db.scalar(select(func.count()).select_from(AuditEvent)
                     .where(AuditEvent.action == "flag.message_added")) == 1


def test_other_type_or_other_conversation_gets_its_own_flag(sam, make, raise_flag, db):
    safeguarding = raise_flag(flag_body(sam[1])).json()["flags"][0]["id"]
    complaint = raise_flag(flag_body(sam[1], flags=["complaint"])).json()["flags"][0]["id"]
    other_sender = make.enrolled(sam[0], sender_id="sms-xyz")
    other = raise_flag(flag_body(other_sender)).json()["flags"][0]["id"]
    assert len({safeguarding, complaint, other}) == 3


def test_after_a_flag_is_closed_the_next_message_opens_a_new_one(sam, make, client, raise_flag):
    flag_id = raise_flag(flag_body(sam[1])).json()["flags"][0]["id"]
    closed = client.post(f"/api/flags/{flag_id}/close", headers=make.login("sw"), json={"outcome": "Visited."})
    assert closed.status_code == 200
    assert raise_flag(flag_body(sam[1])).json()["flags"][0]["id"] != flag_id


def test_unenrolled_sender_is_unverified_and_goes_to_duty(client, make, raise_flag, db):
    duty = make.staff(username="duty", role="duty")
    set_clock(client, london(MONDAY, 10))
    response = raise_flag(flag_body("telegram-999"))
    assert response.status_code == 201
    flag = db.get(Flag, response.json()["flags"][0]["id"])
    assert (flag.child_id, flag.verified, flag.routed_team) == (None, False, "duty")
    assert _routes(db, flag.id) == [("duty", None, "raised")]
    assert [n.staff_id for n in db.scalars(select(Notification))] == [duty.id]


def test_safeguarding_in_hours_goes_to_the_allocated_worker(sam, raise_flag, db):
    flag_id = raise_flag(flag_body(sam[1])).json()["flags"][0]["id"]
    assert _routes(db, flag_id) == [(None, sam[2].id, "raised")]
    assert db.get(Flag, flag_id).routed_staff_id == sam[2].id


def test_safeguarding_out_of_hours_goes_to_the_duty_team(sam, make, client, raise_flag, db):
    duty = make.staff(username="duty", role="duty")
    set_clock(client, london(MONDAY, 19))
    flag_id = raise_flag(flag_body(sam[1])).json()["flags"][0]["id"]
    assert _routes(db, flag_id) == [("duty", None, "raised")]
    assert [n.staff_id for n in db.scalars(select(Notification))] == [duty.id]


def test_safeguarding_on_a_configured_bank_holiday_goes_to_the_duty_team(make_client, make, bot_headers, db):
    client = make_client(bank_holidays=[MONDAY])
    child = make.child()
    make.allocate(child, make.staff(username="sw"))
    sender = make.enrolled(child)
    set_clock(client, london(MONDAY, 11))
    flag_id = client.post("/api/bot/flags", headers=bot_headers, json=flag_body(sender)).json()["flags"][0]["id"]
    assert _routes(db, flag_id) == [("duty", None, "raised")]


def test_safeguarding_with_nobody_allocated_goes_to_the_duty_team(make, client, raise_flag, db):
    sender = make.enrolled(make.child())
    set_clock(client, london(MONDAY, 10))
    flag_id = raise_flag(flag_body(sender)).json()["flags"][0]["id"]
    assert _routes(db, flag_id) == [("duty", None, "raised")]


def test_complaint_goes_to_managers_and_the_worker_is_told(sam, make, raise_flag, db):
    manager = make.staff(username="boss", role="manager")
    flag = raise_flag(flag_body(sam[1], flags=["complaint"])).json()["flags"][0]
    assert _routes(db, flag["id"]) == [("manager", None, "raised"), (None, sam[2].id, "raised")]
    assert {n.staff_id for n in db.scalars(select(Notification))} == {manager.id, sam[2].id}
    assert flag["deadline"].startswith((MONDAY + timedelta(days=14)).isoformat())  # 10 working days


def test_advocacy_request_is_referred_to_the_advocacy_service(sam, make, raise_flag, db):
    advocate = make.staff(username="adv", role="advocate")
    flag = raise_flag(flag_body(sam[1], flags=["advocacy"], advocacy_consent=True,
                                contact_preference="text me after school")).json()["flags"][0]
    assert _routes(db, flag["id"]) == [("advocate", None, "raised"), (None, sam[2].id, "raised")]
    referral = db.scalar(select(Referral))
    assert (referral.flag_id, referral.status, referral.contact_preference) == (
        flag["id"], "referred", "text me after school")
    assert {n.staff_id for n in db.scalars(select(Notification))} == {advocate.id, sam[2].id}
    assert flag["deadline"].startswith(f"{(MONDAY + timedelta(days=1)).isoformat()}T17:00")


def test_advocacy_without_consent_makes_no_referral_and_stays_with_the_worker(sam, raise_flag, db):
    flag_id = raise_flag(flag_body(sam[1], flags=["advocacy"], advocacy_consent=False)).json()["flags"][0]["id"]
    assert db.scalar(select(func.count()).select_from(Referral)) == 0
    assert _routes(db, flag_id) == [(None, sam[2].id, "raised")]


def test_every_route_writes_an_audit_event(sam, make, raise_flag, db):
    make.staff(username="boss", role="manager")
    flag_id = raise_flag(flag_body(sam[1], flags=["complaint"])).json()["flags"][0]["id"]
    events = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "flag",
                                                        AuditEvent.object_id == str(flag_id))).all()
    assert events == ["flag.raised", "flag.routed", "flag.routed"]


@pytest.mark.parametrize(("label", "change"), [
    ("unknown flag type", {"flags": ["bullying"]}),
    ("no flags", {"flags": []}),
    ("sender not namespaced by its channel", {"sender_id": "sms-abc"}),
    ("sent_at without a timezone", {"sent_at": "2026-11-23T12:00:00"}),
    ("no message text", {"message_text": None}),
    ("message text not a string", {"message_text": ["he hits me"]}),
    ("NUL in the message", {"message_text": "nul\u0000byte"}),
])
def test_bad_submissions_are_422_without_echoing_the_words(raise_flag, label, change):
    body = flag_body(text="my secret words") | change
    response = raise_flag(body)
    assert response.status_code == 422, label
    assert "my secret words" not in response.text
