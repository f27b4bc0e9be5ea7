"""Only staff allocated now as social worker, IRO or personal adviser read a child's words; every read is audited."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.audit.models import AuditEvent


def _reads(db, staff_id=None) -> int:
    """Count statement.read audit events, optionally by one staff member."""
    query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "statement.read")
    if staff_id is not None:
        query = query.where(AuditEvent.actor_id == str(staff_id))
    return db.scalar(query)


@pytest.fixture
def sam_statement(make, submit, statement_body):
    """Return (child, statement id) for a child with one submitted statement."""
    child = make.child(name="Sam")
    response = submit(statement_body(make.enrolled(child)))
    return child, response.json()["id"]


@pytest.mark.parametrize("role", ["social_worker", "iro", "personal_adviser"])
def test_allocated_reader_lists_and_reads_the_statement(make, client, sam_statement, role):
    child, statement_id = sam_statement
    make.allocate(child, make.staff(username="reader", role=role))
    headers = make.login("reader")
    listed = client.get("/api/statements", headers=headers).json()
    assert [s["id"] for s in listed] == [statement_id]
    assert listed[0]["child"] == {"id": child.id, "display_name": "Sam"}
    assert set(listed[0]) == {"id", "child", "meeting", "channel", "language", "share_with_carers",
                              "submitted_at", "answers"}
    assert client.get(f"/api/statements/{statement_id}", headers=headers).status_code == 200


@pytest.mark.parametrize("role", ["advocate", "duty", "manager", "admin"])
def test_allocation_in_a_non_reader_role_gives_no_access(make, client, sam_statement, role):
    child, statement_id = sam_statement
    make.allocate(child, make.staff(username="other", role=role))
    headers = make.login("other")
    assert client.get("/api/statements", headers=headers).json() == []
    assert client.get(f"/api/statements/{statement_id}", headers=headers).status_code == 404


def test_unallocated_worker_gets_empty_list_and_404(make, client, sam_statement, db):
    child, statement_id = sam_statement
    make.allocate(child, make.staff(username="sw"))
    other = make.staff(username="other")
    headers = make.login("other")
    assert client.get("/api/statements", headers=headers).json() == []
    response = client.get(f"/api/statements/{statement_id}", headers=headers)
    assert response.status_code == 404
    assert response.json() == client.get("/api/statements/999999", headers=headers).json()
    assert _reads(db, other.id) == 0


def test_ended_allocation_loses_access_the_day_after_it_ends(make, client, sam_statement):
    child, statement_id = sam_statement
    make.allocate(child, make.staff(username="ended"), end=make.today - timedelta(days=1))
    make.allocate(child, make.staff(username="last-day"), end=make.today)
    ended, last_day = make.login("ended"), make.login("last-day")
    assert client.get("/api/statements", headers=ended).json() == []
    assert client.get(f"/api/statements/{statement_id}", headers=ended).status_code == 404
    assert client.get(f"/api/statements/{statement_id}", headers=last_day).status_code == 200


def test_allocation_starting_tomorrow_gives_no_access_yet(make, client, sam_statement):
    child, statement_id = sam_statement
    make.allocate(child, make.staff(username="new"), start=make.today + timedelta(days=1))
    assert client.get(f"/api/statements/{statement_id}", headers=make.login("new")).status_code == 404


def test_worker_sees_only_their_own_childrens_statements(make, client, submit, statement_body, sam_statement):
    child, statement_id = sam_statement
    ava = make.child(name="Ava", age=6)
    ava_statement = submit(statement_body(make.enrolled(ava, sender_id="telegram-77"))).json()["id"]
    make.allocate(ava, make.staff(username="ava-sw"))
    listed = client.get("/api/statements", headers=make.login("ava-sw")).json()
    assert [s["id"] for s in listed] == [ava_statement]
    assert client.get(f"/api/statements/{statement_id}", headers=make.login("ava-sw")).status_code == 404


def test_every_statement_listed_or_opened_writes_one_read_audit(make, client, submit, statement_body, db):
    child = make.child()
    sender = make.enrolled(child)
    ids = [submit(statement_body(sender)).json()["id"] for _ in range(3)]
    sw = make.staff(username="sw")
    make.allocate(child, sw)
    headers = make.login("sw")
    assert len(client.get("/api/statements", headers=headers).json()) == 3
    assert _reads(db, sw.id) == 3
    client.get(f"/api/statements/{ids[0]}", headers=headers)
    client.get(f"/api/statements/{ids[0]}", headers=headers)
    assert _reads(db, sw.id) == 5
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "statement.read")).all()
    assert {(e.actor_type, e.object_type, e.child_id) for e in events} == {("staff", "statement", child.id)}
    assert sorted({int(e.object_id) for e in events}) == sorted(ids)


def test_audit_trail_never_holds_the_childs_words(make, client, submit, statement_body, db):
    child = make.child()
    words = "UNIQUE-CHILD-WORDS-42"
    answers = [{"prompt_key": "q", "prompt_text": "Q", "answer_text": words, "answered_at": "2026-11-23T12:00:00Z"}]
    statement_id = submit(statement_body(make.enrolled(child), answers=answers)).json()["id"]
    make.allocate(child, make.staff(username="sw"))
    client.get(f"/api/statements/{statement_id}", headers=make.login("sw"))
    for event in db.scalars(select(AuditEvent)):
        row = " ".join(str(getattr(event, c)) for c in ("actor_id", "action", "object_type", "object_id"))
        assert words not in row and "Sam" not in row
