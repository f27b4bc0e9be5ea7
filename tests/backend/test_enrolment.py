"""Enrolment codes link a conversation to a child once, expire, and are only stored hashed."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.audit.models import AuditEvent
from backend.enrolment.models import ChannelIdentity, EnrolmentCode


def enrol(client, headers, code, sender_id="webchat-abc"):
    """Post an enrolment for a sender."""
    return client.post("/api/bot/enrolments", headers=headers,
                       json={"code": code, "channel": sender_id.split("-")[0], "sender_id": sender_id})


def test_valid_code_links_conversation_and_returns_childs_language(make, client, bot_headers):
    code = make.code(make.child(language="cy"))
    response = enrol(client, bot_headers, code)
    assert response.status_code == 200
    assert response.json() == {"enrolled": True, "language": "cy"}


def test_code_is_one_time_for_a_second_conversation(make, client, bot_headers):
    code = make.code(make.child())
    assert enrol(client, bot_headers, code, "webchat-first").status_code == 200
    response = enrol(client, bot_headers, code, "telegram-999")
    assert response.status_code == 409
    assert response.json() == {"detail": {"error": "code_used"}}


def test_retried_enrolment_from_the_same_conversation_still_succeeds(make, client, bot_headers):
    code = make.code(make.child())
    assert enrol(client, bot_headers, code).status_code == 200
    assert enrol(client, bot_headers, code).status_code == 200


def test_expired_code_is_410(make, client, bot_headers):
    code = make.code(make.child(), days=-0.001)
    response = enrol(client, bot_headers, code)
    assert response.status_code == 410
    assert response.json() == {"detail": {"error": "code_expired"}}


def test_unknown_code_is_404(client, bot_headers):
    response = enrol(client, bot_headers, "ZZZZ-ZZZZ")
    assert response.status_code == 404
    assert response.json() == {"detail": {"error": "code_unknown"}}


@pytest.mark.parametrize("typed", ["k7qm-2xpa", "  K7QM2XPA  ", "k7qm 2xpa", "K7QM - 2XPA\n"])
def test_code_matches_ignoring_case_spaces_and_dashes(make, client, bot_headers, typed):
    make.code(make.child(), code="K7QM-2XPA")
    assert enrol(client, bot_headers, typed).status_code == 200


def test_only_a_keyed_hash_of_the_code_is_stored(make, db):
    code = make.code(make.child())
    stored = db.scalar(select(EnrolmentCode.code_hash))
    assert re.fullmatch(r"[0-9a-f]{64}", stored)
    assert code.replace("-", "") not in stored and code not in stored


def test_reusable_demo_code_works_for_many_conversations_in_demo_mode(make, make_client, bot_headers):
    make.code(make.child(), code="DEMO12", reusable=True, days=3650)
    demo_client = make_client(demo=True)
    for sender in ("webchat-one", "webchat-two", "telegram-3"):
        assert enrol(demo_client, bot_headers, "demo12", sender).status_code == 200


def test_reusable_flag_is_ignored_outside_demo_mode(make, client, bot_headers):
    make.code(make.child(), code="DEMO12", reusable=True, days=3650)
    assert enrol(client, bot_headers, "DEMO12", "webchat-one").status_code == 200
    assert enrol(client, bot_headers, "DEMO12", "webchat-two").status_code == 409


def test_enrolment_is_audited_without_the_code(make, client, bot_headers, db):
    child = make.child()
    code = make.code(child)
    enrol(client, bot_headers, code)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "enrolment.linked"))
    assert (event.actor_type, event.actor_id, event.child_id) == ("service", "bot", child.id)
    assert code not in f"{event.object_type} {event.object_id}"


def test_new_code_relinks_a_conversation_to_its_child(make, client, bot_headers, db):
    first, second = make.child(name="Ann"), make.child(name="Bo")
    enrol(client, bot_headers, make.code(first))
    enrol(client, bot_headers, make.code(second))
    assert db.scalar(select(func.count()).select_from(ChannelIdentity)) == 1
    assert db.scalar(select(ChannelIdentity.child_id)) == second.id


@pytest.mark.parametrize(("channel", "sender_id"), [("webchat", "telegram-1"), ("webchat", "abc"),
                                                    ("Web Chat", "Web Chat-1")])
def test_sender_id_must_be_namespaced_by_its_channel(client, bot_headers, channel, sender_id):
    response = client.post("/api/bot/enrolments", headers=bot_headers,
                           json={"code": "DEMO12", "channel": channel, "sender_id": sender_id})
    assert response.status_code == 422


def test_allocated_worker_issues_a_short_unambiguous_code_that_enrols(make, client, bot_headers, db):
    child = make.child()
    make.allocate(child, make.staff(username="sw"))
    response = client.post(f"/api/children/{child.id}/enrolment-codes", headers=make.login("sw"))
    assert response.status_code == 201
    code = response.json()["code"]
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)
    assert response.json()["expires_at"]
    assert db.scalar(select(func.count()).select_from(AuditEvent)
                     .where(AuditEvent.action == "enrolment.code_created", AuditEvent.actor_type == "staff")) == 1
    assert enrol(client, bot_headers, code).status_code == 200


def test_issued_code_expires_after_seven_days(make, client, db):
    child = make.child()
    make.allocate(child, make.staff(username="sw"))
    client.post(f"/api/children/{child.id}/enrolment-codes", headers=make.login("sw"))
    row = db.scalar(select(EnrolmentCode))
    assert timedelta(days=7) - (row.expires_at - row.created_at) < timedelta(seconds=5)


@pytest.mark.parametrize("case", ["unallocated", "ended", "advocate", "no such child"])
def test_code_issue_is_404_for_staff_not_allocated_as_reader(make, client, case):
    child = make.child()
    staff = make.staff(username="staff", role="advocate" if case == "advocate" else "social_worker")
    if case == "ended":
        make.allocate(child, staff, end=make.today - timedelta(days=1))
    elif case == "advocate":
        make.allocate(child, staff)
    child_id = child.id + 1000 if case == "no such child" else child.id
    response = client.post(f"/api/children/{child_id}/enrolment-codes", headers=make.login("staff"))
    assert response.status_code == 404


def test_context_for_unknown_conversation_says_not_enrolled(client, bot_headers):
    response = client.get("/api/bot/conversations/telegram-42/context", headers=bot_headers)
    assert response.json() == {"enrolled": False}


def test_context_describes_child_next_meeting_and_readers_in_order(make, client, bot_headers):
    child = make.child(name="Sam Smith", age=12)
    make.meeting(child, in_days=-3)
    later = make.meeting(child, in_days=30, type="child_protection_conference")
    soonest = make.meeting(child, in_days=0)
    make.allocate(child, make.staff(username="iro", role="iro"))
    make.allocate(child, make.staff(username="sw", role="social_worker"))
    make.allocate(child, make.staff(username="adv", role="advocate"))
    make.allocate(child, make.staff(username="old", role="personal_adviser"), end=make.today - timedelta(days=1))
    sender = make.enrolled(child)
    response = client.get(f"/api/bot/conversations/{sender}/context", headers=bot_headers)
    assert response.status_code == 200
    assert response.json() == {
        "enrolled": True, "first_name": "Sam", "age": 12, "age_band": "12-17", "language": "en",
        "next_meeting": {"id": soonest.id, "type": "looked_after_review", "date": soonest.date.isoformat()},
        "readers": ["social_worker", "iro"]}
    assert later.id != soonest.id


def test_context_next_meeting_is_null_when_none_is_upcoming(make, client, bot_headers):
    child = make.child(age=19)
    make.meeting(child, in_days=-1)
    sender = make.enrolled(child, sender_id="sms-0f3a")
    body = client.get(f"/api/bot/conversations/{sender}/context", headers=bot_headers).json()
    assert body["next_meeting"] is None and body["age_band"] == "18-25" and body["readers"] == []
