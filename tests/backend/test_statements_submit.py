"""The bot submits statements exactly once, and every character the child typed is kept."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from backend.statements import service as statements_service
from backend.statements.models import Answer, Statement

VERBATIM = [
    "  football 😀\nand school  ",
    "مرحبا، أنا بخير 🙂",
    "line one\r\nline two\r\n\r\n",
    "\tTAB  and   spaces\u00a0nbsp ",
    "e\u0301 (decomposed) vs \u00e9 (composed) 👩🏽‍🦱",
    "x" * 9_999 + "😀",  # 10,000 characters, the last one outside the BMP
    " ",
]


def _count(db, model) -> int:
    """Return the number of rows of a model."""
    return db.scalar(select(func.count()).select_from(model))


def test_answers_round_trip_byte_for_byte(make, submit, statement_body, client):
    child = make.child()
    sender = make.enrolled(child)
    make.allocate(child, make.staff(username="sw"))
    answers = [{"prompt_key": f"q{i}", "prompt_text": f"  Prompt {i}?\n", "answer_text": text,
                "answered_at": "2026-11-23T12:00:00+01:00"} for i, text in enumerate(VERBATIM)]
    response = submit(statement_body(sender, answers=answers))
    assert response.status_code == 201
    stored = client.get(f"/api/statements/{response.json()['id']}", headers=make.login("sw")).json()
    assert [a["answer_text"] for a in stored["answers"]] == VERBATIM
    assert [a["answer_text"].encode("utf-8") for a in stored["answers"]] == [t.encode("utf-8") for t in VERBATIM]
    assert [a["prompt_text"] for a in stored["answers"]] == [a["prompt_text"] for a in answers]
    assert [a["prompt_key"] for a in stored["answers"]] == [f"q{i}" for i in range(len(VERBATIM))]


def test_answers_are_stored_verbatim_in_the_database(make, submit, statement_body, db):
    sender = make.enrolled(make.child())
    answers = [{"prompt_key": "q", "prompt_text": "Q", "answer_text": t, "answered_at": "2026-11-23T12:00:00Z"}
               for t in VERBATIM]
    submit(statement_body(sender, answers=answers))
    assert list(db.scalars(select(Answer.answer_text).order_by(Answer.position))) == VERBATIM


def test_same_idempotency_key_returns_the_first_statement_and_stores_nothing_new(make, submit, statement_body, db):
    sender = make.enrolled(make.child())
    body = statement_body(sender)
    first = submit(body)
    again = submit(body | {"answers": [dict(body["answers"][0], answer_text="different")]})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == {"id": first.json()["id"], "created": True}
    assert again.json() == {"id": first.json()["id"], "created": False}
    assert _count(db, Statement) == 1 and _count(db, Answer) == 1


def test_idempotency_race_returns_the_winner_after_unique_violation(make, submit, statement_body, db, monkeypatch):
    sender = make.enrolled(make.child())
    body = statement_body(sender)
    winner = submit(body).json()["id"]
    # Simulate losing the race: the pre-check sees nothing, so the insert hits the unique constraint.
    real_find = statements_service._find_by_key
    pre_checks: list[str] = []

    def find_after_losing_race(session, key):
        if not pre_checks:
            pre_checks.append(key)
            return None
        return real_find(session, key)

    monkeypatch.setattr(statements_service, "_find_by_key", find_after_losing_race)
    response = submit(body)
    assert response.status_code == 200
    assert response.json() == {"id": winner, "created": False}
    assert _count(db, Statement) == 1


def test_concurrent_duplicate_deliveries_create_one_statement(make, submit, statement_body, db):
    sender = make.enrolled(make.child())
    body = statement_body(sender)
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda _i: submit(body), range(6)))
    assert sorted(r.status_code for r in responses) == [200] * 5 + [201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert _count(db, Statement) == 1


def test_idempotency_key_reused_by_another_conversation_is_409(make, submit, statement_body):
    child = make.child()
    first, other = make.enrolled(child, sender_id="webchat-a"), make.enrolled(child, sender_id="webchat-b")
    body = statement_body(first)
    submit(body)
    response = submit(body | {"sender_id": other})
    assert response.status_code == 409


def test_submission_is_audited_as_service_without_the_words(make, submit, statement_body, client):
    from backend.audit.models import AuditEvent

    child = make.child()
    sender = make.enrolled(child)
    statement_id = submit(statement_body(sender)).json()["id"]
    with client.app.state.sessionmaker() as db:
        event = db.scalar(select(AuditEvent).where(AuditEvent.action == "statement.submitted"))
    assert (event.actor_type, event.object_type, event.object_id, event.child_id) == (
        "service", "statement", str(statement_id), child.id)


def test_unenrolled_sender_is_403_not_enrolled(submit, statement_body, client):
    response = submit(statement_body("webchat-stranger"))
    assert response.status_code == 403
    assert response.json() == {"detail": {"error": "not_enrolled"}}


def test_meeting_of_another_child_is_422(make, submit, statement_body):
    sender = make.enrolled(make.child(name="Ann"))
    someone_elses = make.meeting(make.child(name="Bo"))
    assert submit(statement_body(sender, meeting_id=someone_elses.id)).status_code == 422
    assert submit(statement_body(sender, meeting_id=999_999)).status_code == 422


def test_own_meeting_is_linked(make, submit, statement_body, client):
    child = make.child()
    meeting = make.meeting(child)
    sender = make.enrolled(child)
    make.allocate(child, make.staff(username="sw"))
    statement_id = submit(statement_body(sender, meeting_id=meeting.id)).json()["id"]
    body = client.get(f"/api/statements/{statement_id}", headers=make.login("sw")).json()
    assert body["meeting"] == {"id": meeting.id, "type": "looked_after_review", "date": meeting.date.isoformat()}


def test_answer_over_10000_characters_is_422_and_not_echoed(make, submit, statement_body):
    sender = make.enrolled(make.child())
    secret_words = "my private words " * 700
    answers = [{"prompt_key": "q", "prompt_text": "Q", "answer_text": secret_words,
                "answered_at": "2026-11-23T12:00:00Z"}]
    response = submit(statement_body(sender, answers=answers))
    assert response.status_code == 422
    assert "private words" not in response.text


def test_statement_of_about_200_kb_is_accepted(make, submit, statement_body):
    sender = make.enrolled(make.child())
    answers = [{"prompt_key": f"q{i}", "prompt_text": "Q", "answer_text": "é" * 10_000,
                "answered_at": "2026-11-23T12:00:00Z"} for i in range(10)]  # ~200 KB as UTF-8
    assert submit(statement_body(sender, answers=answers)).status_code == 201


def test_body_over_the_size_limit_is_413_before_it_is_parsed(client, bot_headers):
    payload = b'{"padding": "' + b"a" * 300_000 + b'"}'
    response = client.post("/api/bot/statements", headers=bot_headers | {"content-type": "application/json"},
                           content=payload)
    assert response.status_code == 413
    assert response.json() == {"detail": {"error": "body_too_large"}}


def test_streamed_body_without_length_over_the_limit_is_413(client, bot_headers):
    chunks = (b"a" * 65_536 for _ in range(6))  # no Content-Length: the limit is counted as it streams
    response = client.post("/api/bot/statements", headers=bot_headers | {"content-type": "application/json"},
                           content=chunks)
    assert response.status_code == 413


def test_text_no_database_can_store_is_422_not_altered(make, client, bot_headers, statement_body):
    sender = make.enrolled(make.child())
    body = statement_body(sender)
    body["answers"][0]["answer_text"] = "nul\u0000byte"
    assert client.post("/api/bot/statements", headers=bot_headers, json=body).status_code == 422
    raw = ('{"idempotency_key": "webchat-abc:lone", "sender_id": "%s", "channel": "webchat", "language": "en",'
           ' "answers": [{"prompt_key": "q", "prompt_text": "Q", "answer_text": "half \\ud83d pair",'
           ' "answered_at": "2026-11-23T12:00:00Z"}]}' % sender)
    response = client.post("/api/bot/statements", headers=bot_headers | {"content-type": "application/json"},
                           content=raw.encode())
    assert response.status_code == 422


def test_answered_at_without_timezone_is_422(make, submit, statement_body):
    sender = make.enrolled(make.child())
    body = statement_body(sender)
    body["answers"][0]["answered_at"] = "2026-11-23T12:00:00"
    assert submit(body).status_code == 422
