"""Channel contacts (STOP / START, addresses, delivery statuses) and workers' replies passed back through Rasa."""
from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from backend.audit.models import AuditEvent
from backend.contacts.models import Delivery
from tests.support.channel_stubs import _StubServer

RASA_TOKEN = "rasa-token-for-tests"


class StubRasa(_StubServer):
    """Rasa's HTTP API: record trigger_intent calls; answer `status`."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.status = 200
        super().__init__()

    def answer(self, method: str, path: str, params: dict, headers: dict) -> tuple[int, dict]:
        parts = urlsplit(path)
        self.calls.append({"path": parts.path, "query": parse_qs(parts.query), "json": params})
        return self.status, {"tracker": {}}


@pytest.fixture
def rasa():
    stub = StubRasa()
    yield stub
    stub.close()


@pytest.fixture
def replying_client(make_client, rasa):
    return make_client(rasa_url=rasa.url, rasa_auth_token=RASA_TOKEN)


def _contact(client, headers, event, sender_id="sms-abc123", **extra):
    return client.post("/api/bot/contacts", headers=headers,
                       json={"channel": sender_id.split("-")[0], "sender_id": sender_id, "event": event, **extra})


def _actions(db) -> list[str]:
    return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_contact_events_record_address_and_stop_start_with_audit(client, db, bot_headers):
    assert _contact(client, bot_headers, "seen", address="+447700900123").json() == {"stopped": False,
                                                                                   "language": None}
    assert _contact(client, bot_headers, "stop", reason="keyword").json()["stopped"] is True
    assert _contact(client, bot_headers, "stop").json()["stopped"] is True  # idempotent, audited once
    assert client.get("/api/bot/contacts/sms-abc123", headers=bot_headers).json() == {
        "address": "+447700900123", "stopped": True}
    assert _contact(client, bot_headers, "start").json()["stopped"] is False
    assert _actions(db) == ["contact.stopped", "contact.started"]


def test_contact_api_needs_the_service_token_and_a_namespaced_sender(client, bot_headers):
    assert _contact(client, {}, "seen").status_code == 401
    assert client.post("/api/bot/contacts", headers=bot_headers,
                       json={"channel": "sms", "sender_id": "telegram-1", "event": "seen"}).status_code == 422
    assert _contact(client, bot_headers, "seen", address="not a number").status_code == 422
    assert client.get("/api/bot/contacts/sms-unknown", headers=bot_headers).status_code == 404


def test_enrolled_contact_reports_the_childs_language(make, client, bot_headers):
    child = make.child(language="cy")
    make.enrolled(child, sender_id="sms-cy1")
    assert _contact(client, bot_headers, "seen", sender_id="sms-cy1").json()["language"] == "cy"


def test_delivery_status_is_recorded_and_never_moves_back(client, db, bot_headers):
    def put(status, error_code=None):
        return client.put("/api/bot/deliveries/SM" + "a" * 32, headers=bot_headers,
                          json={"channel": "sms", "sender_id": "sms-abc", "status": status, "error_code": error_code})
    assert put("sent").status_code == 200
    assert put("delivered").status_code == 200
    assert put("sent").status_code == 200  # arrived late
    delivery = db.scalar(select(Delivery))
    db.refresh(delivery)
    assert (delivery.status, delivery.sender_id) == ("delivered", "sms-abc")


@pytest.fixture
def statement(make, submit, statement_body):
    """Return (child, worker, statement id) for an enrolled child with an allocated worker."""
    child = make.child(name="Sam")
    worker = make.staff(username="sw")
    make.allocate(child, worker)
    response = submit(statement_body(make.enrolled(child, sender_id="sms-sam1")))
    return child, worker, response.json()["id"]


def test_allocated_worker_reply_reaches_the_childs_last_channel_through_rasa(replying_client, make, statement,
                                                                            rasa, db, bot_headers):
    child, _worker, statement_id = statement
    make.enrolled(child, sender_id="telegram-555")  # linked later: the channel used last
    headers = make.login("sw")
    reply = replying_client.post(f"/api/statements/{statement_id}/reply", headers=headers,
                                 json={"text": "Thank you Sam 😀\nI'll tell the meeting."})
    assert reply.status_code == 201, reply.text
    assert reply.json()["status"] == "sent" and reply.json()["channel"] == "telegram"
    (call,) = rasa.calls
    assert call["path"] == "/conversations/telegram-555/trigger_intent"
    assert call["query"] == {"output_channel": ["latest"], "token": [RASA_TOKEN]}
    assert call["json"] == {"name": "worker_reply", "entities": {"reply_id": str(reply.json()["id"])}}
    fetched = replying_client.get(f"/api/bot/replies/{reply.json()['id']}", headers=bot_headers,
                                  params={"sender_id": "telegram-555"})
    assert fetched.json() == {"id": reply.json()["id"], "text": "Thank you Sam 😀\nI'll tell the meeting.",
                              "author_role": "social_worker"}
    assert "statement.replied" in _actions(db) and "worker_reply.sent" in _actions(db)


def test_a_reply_is_never_given_to_another_conversation(replying_client, make, statement, bot_headers):
    _child, _worker, statement_id = statement
    reply = replying_client.post(f"/api/statements/{statement_id}/reply", headers=make.login("sw"),
                                 json={"text": "hello"}).json()
    other = make.child(name="Ava")
    make.enrolled(other, sender_id="sms-ava1")
    for sender_id in ("sms-ava1", "sms-nobody"):
        assert replying_client.get(f"/api/bot/replies/{reply['id']}", headers=bot_headers,
                                   params={"sender_id": sender_id}).status_code == 404


def test_stopped_channel_gets_no_reply(replying_client, make, statement, rasa, bot_headers):
    _child, _worker, statement_id = statement
    _contact(replying_client, bot_headers, "stop", sender_id="sms-sam1")
    reply = replying_client.post(f"/api/statements/{statement_id}/reply", headers=make.login("sw"),
                                 json={"text": "hello"})
    assert reply.json()["status"] == "stopped" and rasa.calls == []


def test_rasa_unreachable_is_recorded_as_failed(replying_client, make, statement, rasa):
    rasa.status = 500
    _child, _worker, statement_id = statement
    reply = replying_client.post(f"/api/statements/{statement_id}/reply", headers=make.login("sw"),
                                 json={"text": "hello"})
    assert reply.status_code == 201 and reply.json()["status"] == "failed"


def test_only_allocated_staff_may_reply(replying_client, make, statement, rasa):
    _child, _worker, statement_id = statement
    make.staff(username="other")
    assert replying_client.post(f"/api/statements/{statement_id}/reply", headers=make.login("other"),
                                json={"text": "hello"}).status_code == 404
    assert replying_client.post(f"/api/statements/{statement_id}/reply", json={"text": "x"}).status_code == 401
    assert replying_client.post(f"/api/statements/{statement_id}/reply", headers=make.login("sw"),
                                json={"text": ""}).status_code == 422
    assert rasa.calls == []


# --- a reply the bot did not take is offered again, a bounded number of times, never after STOP ---------------

def _retry(client, at):
    from backend.replies import service as replies

    state = client.app.state
    return replies.retry_due(session_factory=state.sessionmaker, settings=state.settings, now=at)


def _failed_reply(replying_client, make, statement, rasa):
    rasa.status = 500
    _child, _worker, statement_id = statement
    reply = replying_client.post(f"/api/statements/{statement_id}/reply", headers=make.login("sw"),
                                 json={"text": "Thank you 😀"}).json()
    assert (reply["status"], reply["attempts"]) == ("failed", 1) and reply["next_attempt_at"] is not None
    return reply


def test_failed_reply_is_retried_when_due_and_reaches_the_child_once_rasa_is_back(replying_client, make, statement,
                                                                                   rasa, db):
    from backend.replies.models import WorkerReply

    reply = _failed_reply(replying_client, make, statement, rasa)
    due = datetime.fromisoformat(reply["next_attempt_at"])
    rasa.status = 200
    assert _retry(replying_client, due - timedelta(seconds=1)) == 0 and len(rasa.calls) == 1, "not before it is due"
    assert _retry(replying_client, due) == 1
    assert len(rasa.calls) == 2 and rasa.calls[-1]["json"]["entities"] == {"reply_id": str(reply["id"])}
    stored = db.get(WorkerReply, reply["id"], populate_existing=True)
    assert (stored.status, stored.attempts, stored.next_attempt_at) == ("sent", 2, None)
    assert _retry(replying_client, due + timedelta(hours=1)) == 0 and len(rasa.calls) == 2, "sent once"
    assert _actions(db).count("worker_reply.failed") == 1 and "worker_reply.sent" in _actions(db)


def test_retries_are_bounded_and_back_off(replying_client, make, statement, rasa, db):
    from backend.replies import service as replies
    from backend.replies.models import WorkerReply

    reply = _failed_reply(replying_client, make, statement, rasa)
    at = datetime.fromisoformat(reply["next_attempt_at"])
    gaps = []
    for _ in range(10):
        _retry(replying_client, at)
        stored = db.get(WorkerReply, reply["id"], populate_existing=True)
        if stored.next_attempt_at is None:
            break
        gaps.append(stored.next_attempt_at - at)
        at = stored.next_attempt_at
    assert (stored.status, stored.attempts) == ("failed", replies.MAX_ATTEMPTS)
    assert len(rasa.calls) == replies.MAX_ATTEMPTS
    assert gaps == [timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]
    assert _retry(replying_client, at + timedelta(days=1)) == 0 and len(rasa.calls) == replies.MAX_ATTEMPTS


def test_a_failed_reply_is_never_retried_to_a_conversation_that_said_stop(replying_client, make, statement, rasa,
                                                                          db, bot_headers):
    from backend.replies.models import WorkerReply

    reply = _failed_reply(replying_client, make, statement, rasa)
    _contact(replying_client, bot_headers, "stop", sender_id="sms-sam1")
    rasa.status = 200
    assert _retry(replying_client, datetime.fromisoformat(reply["next_attempt_at"])) == 0
    assert len(rasa.calls) == 1, "nothing after STOP"
    stored = db.get(WorkerReply, reply["id"], populate_existing=True)
    assert (stored.status, stored.next_attempt_at) == ("stopped", None)
    assert "worker_reply.stopped" in _actions(db)


def test_the_escalation_pass_retries_due_replies(replying_client, make, statement, rasa):
    from backend.flags import escalation

    reply = _failed_reply(replying_client, make, statement, rasa)
    rasa.status = 200
    state = replying_client.app.state
    report = escalation.run_pass(session_factory=state.sessionmaker, settings=state.settings,
                                 now=datetime.fromisoformat(reply["next_attempt_at"]))
    assert report.replies_sent == 1 and len(rasa.calls) == 2
