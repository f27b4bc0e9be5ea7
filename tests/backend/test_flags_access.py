"""Staff see only the flags they may see; reading a child's words and every verb are audited; bad moves are 409."""
from __future__ import annotations

import pytest
from flags_support import flag_body, london, next_monday, set_clock
from sqlalchemy import select

from backend.audit.models import AuditEvent

MONDAY = next_monday()
WORDS = "my stepdad hurt me last night"


@pytest.fixture
def world(make, client, bot_headers):
    """Raise a safeguarding flag (Sam, allocated worker), a complaint (Sam) and an unverified flag; return ids."""
    sam = make.child(name="Sam Smith")
    make.allocate(sam, make.staff(username="sw"))
    make.allocate(sam, make.staff(username="iro", role="iro"))
    make.staff(username="other")
    make.staff(username="duty", role="duty")
    make.staff(username="boss", role="manager")
    make.staff(username="adv", role="advocate")
    sender = make.enrolled(sam)
    set_clock(client, london(MONDAY, 10))

    def raise_(body):
        return client.post("/api/bot/flags", headers=bot_headers, json=body).json()["flags"][0]["id"]

    return {"child": sam,
            "safeguarding": raise_(flag_body(sender, text=WORDS)),
            "complaint": raise_(flag_body(sender, flags=["complaint"], text="nobody listens")),
            "advocacy": raise_(flag_body(sender, flags=["advocacy"], advocacy_consent=True, text="I want an advocate")),
            "unverified": raise_(flag_body("telegram-77", text="help"))}


def _listed(client, make, username):
    """Return the flag ids a staff member sees in their list."""
    return sorted(f["id"] for f in client.get("/api/flags", headers=make.login(username)).json())


def test_allocated_worker_sees_their_childs_flags_but_not_the_unverified_one(client, make, world):
    assert _listed(client, make, "sw") == sorted([world["safeguarding"], world["complaint"], world["advocacy"]])


def test_unallocated_social_worker_sees_nothing_and_gets_404(client, make, world, db):
    headers = make.login("other")
    assert client.get("/api/flags", headers=headers).json() == []
    response = client.get(f"/api/flags/{world['safeguarding']}", headers=headers)
    assert response.status_code == 404
    assert response.json() == client.get("/api/flags/999999", headers=headers).json()
    assert client.post(f"/api/flags/{world['safeguarding']}/acknowledge", headers=headers).status_code == 404
    assert client.post(f"/api/flags/{world['safeguarding']}/close", headers=headers,
                       json={"outcome": "x"}).status_code == 404
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == "flag.read")).all() == []


def test_team_queues_see_what_was_routed_to_their_team(client, make, world):
    assert _listed(client, make, "duty") == [world["unverified"]]
    assert _listed(client, make, "boss") == [world["complaint"]]
    assert _listed(client, make, "adv") == [world["advocacy"]]


def test_list_shows_the_child_but_none_of_their_words(client, make, world):
    listed = client.get("/api/flags", headers=make.login("sw"))
    assert WORDS not in listed.text
    flag = next(f for f in listed.json() if f["id"] == world["safeguarding"])
    assert flag["child"] == {"id": world["child"].id, "display_name": "Sam Smith"}
    assert {"id", "type", "status", "deadline", "child", "created_at", "language", "channel"} <= set(flag)
    unverified = client.get("/api/flags", headers=make.login("duty")).json()[0]
    assert (unverified["child"], unverified["verified"]) == (None, False)


def test_reading_a_flag_shows_the_verbatim_message_and_is_audited(client, make, world, db):
    response = client.get(f"/api/flags/{world['safeguarding']}", headers=make.login("sw"))
    assert response.status_code == 200
    body = response.json()
    assert body["messages"][0]["text"] == WORDS
    assert body["messages"][0]["transcript"][-1] == {"speaker": "child", "text": WORDS, "at": "2026-11-23T12:00:00+00:00"}
    reads = db.scalars(select(AuditEvent).where(AuditEvent.action == "flag.read")).all()
    assert [(e.object_id, e.child_id, e.actor_type) for e in reads] == [
        (str(world["safeguarding"]), world["child"].id, "staff")]


def test_acknowledge_and_close_are_audited_and_the_outcome_is_kept(client, make, world, db):
    headers = make.login("sw")
    flag_id = world["safeguarding"]
    acknowledged = client.post(f"/api/flags/{flag_id}/acknowledge", headers=headers).json()
    assert acknowledged["status"] == "acknowledged" and acknowledged["acknowledged_at"]
    closed = client.post(f"/api/flags/{flag_id}/close", headers=headers, json={"outcome": "Visited; safety plan."})
    assert closed.json()["status"] == "closed"
    assert client.get(f"/api/flags/{flag_id}", headers=headers).json()["outcome_note"] == "Visited; safety plan."
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "flag",
                                                         AuditEvent.object_id == str(flag_id),
                                                         AuditEvent.actor_type == "staff")).all()
    assert actions == ["flag.acknowledged", "flag.closed", "flag.read"]


def test_invalid_flag_transitions_are_409(client, make, world):
    headers = make.login("sw")
    flag_id = world["safeguarding"]
    client.post(f"/api/flags/{flag_id}/acknowledge", headers=headers)
    again = client.post(f"/api/flags/{flag_id}/acknowledge", headers=headers)
    assert again.status_code == 409 and again.json() == {"detail": {"error": "invalid_transition"}}
    client.post(f"/api/flags/{flag_id}/close", headers=headers, json={"outcome": "done"})
    assert client.post(f"/api/flags/{flag_id}/close", headers=headers, json={"outcome": "done"}).status_code == 409
    assert client.post(f"/api/flags/{flag_id}/acknowledge", headers=headers).status_code == 409


def test_closing_needs_an_outcome(client, make, world):
    response = client.post(f"/api/flags/{world['safeguarding']}/close", headers=make.login("sw"), json={"outcome": ""})
    assert response.status_code == 422


def test_flags_need_a_signed_in_staff_member(client, world):
    assert client.get("/api/flags").status_code == 401
    assert client.get(f"/api/flags/{world['safeguarding']}").status_code == 401


def test_list_can_be_filtered_by_status(client, make, world):
    headers = make.login("sw")
    client.post(f"/api/flags/{world['complaint']}/acknowledge", headers=headers)
    open_ids = [f["id"] for f in client.get("/api/flags?status=open", headers=headers).json()]
    assert world["complaint"] not in open_ids and world["safeguarding"] in open_ids
