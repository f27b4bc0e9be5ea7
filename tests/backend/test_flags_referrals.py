"""The advocacy service sees only its referrals and moves each one on, one audited step at a time."""
from __future__ import annotations

import pytest
from flags_support import flag_body, london, next_monday, set_clock
from sqlalchemy import select

from backend.audit.models import AuditEvent

MONDAY = next_monday()


@pytest.fixture
def referral(make, client, bot_headers):
    """Raise an advocacy request and a safeguarding flag for Sam; return the referral id."""
    sam = make.child(name="Sam")
    make.allocate(sam, make.staff(username="sw"))
    make.staff(username="adv", role="advocate")
    make.staff(username="adv2", role="advocate")
    sender = make.enrolled(sam)
    set_clock(client, london(MONDAY, 10))
    client.post("/api/bot/flags", headers=bot_headers, json=flag_body(sender))
    client.post("/api/bot/flags", headers=bot_headers,
                json=flag_body(sender, flags=["advocacy"], advocacy_consent=True, contact_preference="phone",
                               text="can I have someone on my side"))
    [listed] = client.get("/api/referrals", headers=make.login("adv")).json()
    return listed["id"]


def test_advocate_sees_only_advocacy_referrals_and_flags(client, make, referral, db):
    headers = make.login("adv")
    assert [f["type"] for f in client.get("/api/flags", headers=headers).json()] == ["advocacy"]
    detail = client.get(f"/api/referrals/{referral}", headers=headers).json()
    assert (detail["status"], detail["contact_preference"], detail["child"]["display_name"]) == (
        "referred", "phone", "Sam")
    reads = db.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "referral.read")).all()
    assert reads == [str(referral)]


def test_other_staff_cannot_see_or_move_referrals(client, make, referral):
    make.staff(username="other")
    headers = make.login("other")
    assert client.get("/api/referrals", headers=headers).json() == []
    assert client.get(f"/api/referrals/{referral}", headers=headers).status_code == 404
    assert client.post(f"/api/referrals/{referral}/pick-up", headers=headers).status_code == 404


def test_allocated_worker_sees_the_referral_but_only_the_advocacy_service_moves_it(client, make, referral):
    headers = make.login("sw")
    assert [r["id"] for r in client.get("/api/referrals", headers=headers).json()] == [referral]
    response = client.post(f"/api/referrals/{referral}/pick-up", headers=headers)
    assert response.status_code == 403 and response.json() == {"detail": {"error": "advocacy_service_only"}}


def test_full_referral_lifecycle_is_audited_step_by_step(client, make, referral, db):
    headers = make.login("adv")
    picked = client.post(f"/api/referrals/{referral}/pick-up", headers=headers).json()
    assert picked["status"] == "picked_up"
    flag = client.get(f"/api/flags/{picked['flag_id']}", headers=headers).json()
    assert flag["status"] == "acknowledged"  # picking up stops the one-working-day clock
    contacted = client.post(f"/api/referrals/{referral}/record-contact", headers=headers,
                            json={"note": "Spoke on the phone."}).json()
    assert contacted["status"] == "contacted" and contacted["contact_notes"][0]["note"] == "Spoke on the phone."
    booked = client.post(f"/api/referrals/{referral}/record-appointment", headers=headers,
                         json={"appointment_at": f"{MONDAY.isoformat()}T15:30:00+00:00"}).json()
    assert booked["status"] == "appointment_booked"
    assert booked["appointment_at"].startswith(f"{MONDAY.isoformat()}T15:30:00")
    closed = client.post(f"/api/referrals/{referral}/close", headers=headers,
                         json={"outcome": "Advocate attended the review."}).json()
    assert (closed["status"], closed["outcome_note"]) == ("closed", "Advocate attended the review.")
    assert client.get(f"/api/flags/{picked['flag_id']}", headers=headers).json()["status"] == "closed"
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.actor_type == "staff",
                                                         AuditEvent.action.like("referral.%"))).all()
    assert actions == ["referral.picked_up", "referral.contact_recorded", "referral.appointment_recorded",
                       "referral.closed"]
    flag_actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "flag",
                                                              AuditEvent.actor_type == "staff",
                                                              AuditEvent.object_id == str(picked["flag_id"]))).all()
    assert flag_actions == ["flag.acknowledged", "flag.read", "flag.closed", "flag.read"]


@pytest.mark.parametrize(("label", "steps", "bad"), [
    ("contact before pick-up", [], ("record-contact", {"note": "hi"})),
    ("appointment before contact", ["pick-up"], ("record-appointment", {"appointment_at": "2026-12-01T10:00:00Z"})),
    ("close before pick-up", [], ("close", {"outcome": "x"})),
    ("pick up twice", ["pick-up"], ("pick-up", None)),
])
def test_invalid_referral_transitions_are_409(client, make, referral, label, steps, bad):
    headers = make.login("adv")
    for step in steps:
        assert client.post(f"/api/referrals/{referral}/{step}", headers=headers).status_code == 200
    verb, body = bad
    response = client.post(f"/api/referrals/{referral}/{verb}", headers=headers, json=body)
    assert response.status_code == 409, label
    assert response.json() == {"detail": {"error": "invalid_transition"}}


def test_nothing_moves_a_closed_referral(client, make, referral):
    headers = make.login("adv")
    client.post(f"/api/referrals/{referral}/pick-up", headers=headers)
    client.post(f"/api/referrals/{referral}/close", headers=headers, json={"outcome": "Child declined."})
    for verb, body in (("pick-up", None), ("record-contact", {"note": "x"}), ("close", {"outcome": "x"})):
        assert client.post(f"/api/referrals/{referral}/{verb}", headers=headers, json=body).status_code == 409


def test_appointment_needs_a_timezone(client, make, referral):
    headers = make.login("adv")
    client.post(f"/api/referrals/{referral}/pick-up", headers=headers)
    client.post(f"/api/referrals/{referral}/record-contact", headers=headers, json={"note": "ok"})
    response = client.post(f"/api/referrals/{referral}/record-appointment", headers=headers,
                           json={"appointment_at": "2026-12-01T10:00:00"})
    assert response.status_code == 422
