"""Saturday night on the real stack (fixed clock, local SMTP server): a disclosure reaches the duty team and escalates."""
from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conversation import Chat
from tests.support.smtp_sink import SmtpSink
from tests.support.stack import Stack, start_stack

DISCLOSURE = "my stepdad hit me again tonight and locked me in my room"
DISCLOSURE_WORDS = ("stepdad", "locked", "tonight")
CHILD_NAME = "Sam"  # the demo child behind DEMO12
DUTY_EMAIL = "demo-duty@demo.mysay.invalid"
MANAGER_EMAIL = "demo-manager@demo.mysay.invalid"


def _coming_saturday() -> date:
    # Ahead of the real date, so the demo allocations (started a year before the real date) are active.
    today = datetime.now(ZoneInfo("Europe/London")).date()
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7)


SATURDAY_22 = datetime.combine(_coming_saturday(), time(22, 0), tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def sink() -> SmtpSink:
    server = SmtpSink()
    yield server
    server.close()


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory, sink: SmtpSink) -> Stack:
    """Start a stack of its own whose backend clock stands at Saturday 22:00 in London, emailing the local sink."""
    running = start_stack(tmp_path_factory.mktemp("night"), {
        "MYSAY_FIXED_NOW": SATURDAY_22.isoformat(),
        "MYSAY_SMTP_HOST": "127.0.0.1",
        "MYSAY_SMTP_PORT": str(sink.port),
        "MYSAY_ESCALATION_INTERVAL_SECONDS": "0",  # escalation runs only when the test says, at the time it says
    })
    yield running
    running.stop()


def _disclose_mid_form(stack: Stack) -> tuple[Chat, dict, str]:
    """Disclose at the first question; return the chat, the new flag as the duty team reads it, and the question."""
    before = {f["id"] for f in stack.staff_get("demo-duty", "/api/flags").json()}
    chat = Chat.open(stack, "DEMO12")
    chat.press("/prepare_meeting")
    chat.press("/affirm")
    question = chat.last[-1]["text"]
    chat.send(DISCLOSURE)
    [new_id] = {f["id"] for f in stack.staff_get("demo-duty", "/api/flags").json()} - before
    flag = stack.staff_get("demo-duty", f"/api/flags/{new_id}").json()
    return chat, flag, question


@pytest.fixture(scope="module")
def disclosure(night: Stack) -> tuple[Chat, dict, str]:
    return _disclose_mid_form(night)


def _flag(stack: Stack, username: str, flag_id: int) -> dict:
    response = stack.staff_get(username, f"/api/flags/{flag_id}")
    response.raise_for_status()
    return response.json()


def test_the_child_hears_the_duty_team_will_be_told_gets_999_and_childline_and_the_questions_resume(disclosure):
    chat, _flag_, question = disclosure
    assert "seriously" in chat.text and "secret" in chat.text
    assert "passing your words on now to the duty team" in chat.text, chat.text
    assert "If they are not at work right now" not in chat.text, "the bot knows who has it: no guessing"
    assert "999" in chat.text and "0800 1111" in chat.text
    assert chat.in_question() and chat.last[-1]["text"] != question, "the form resumes at the next question"


def test_out_of_hours_the_flag_is_the_duty_teams_and_visible_to_the_allocated_social_worker_only(night, disclosure):
    _chat, flag, question = disclosure
    assert (flag["type"], flag["status"], flag["channel"]) == ("safeguarding", "open", "webchat")
    assert (flag["routed_team"], flag["routed_staff_id"]) == ("duty", None)
    assert datetime.fromisoformat(flag["deadline"]) == SATURDAY_22 + timedelta(hours=1)
    [message] = flag["messages"]
    assert message["text"] == DISCLOSURE
    assert any(t["speaker"] == "bot" and t["text"] == question for t in message["transcript"])
    assert [(r["team"], r["reason"]) for r in flag["routes"]] == [("duty", "raised")]
    assert _flag(night, "demo-sw", flag["id"])["messages"][0]["text"] == DISCLOSURE, "the child's own worker"
    for outsider in ("demo-other", "demo-advocate", "demo-manager"):
        assert night.staff_get(outsider, f"/api/flags/{flag['id']}").status_code == 404, outsider


def test_the_duty_worker_is_emailed_without_the_childs_words_or_name(disclosure, sink):
    _chat, flag, _question = disclosure
    emails = [e for e in sink.wait_for(1, to=DUTY_EMAIL) if f"flag {flag['id']} " in e.message["Subject"]]
    assert [e.message["Subject"] for e in emails] == [f"MySay: safeguarding flag {flag['id']} needs you"]
    raw = emails[0].raw.decode("utf-8", "replace")
    assert f"/api/flags/{flag['id']}" in raw
    assert CHILD_NAME not in raw and not any(word in raw for word in DISCLOSURE_WORDS)


def test_nobody_acknowledging_within_the_hour_escalates_it_to_the_manager_and_duty_team_with_an_audit_row(
        night, disclosure, sink):
    _chat, flag, _question = disclosure
    night.manage("escalate", "--now", (SATURDAY_22 + timedelta(minutes=59)).isoformat())
    assert _flag(night, "demo-duty", flag["id"])["status"] == "open", "not before its deadline"

    done = night.manage("escalate", "--now", (SATURDAY_22 + timedelta(hours=2)).isoformat())
    assert "Escalated" in done.stdout
    escalated = _flag(night, "demo-duty", flag["id"])
    assert escalated["status"] == "escalated"
    assert datetime.fromisoformat(escalated["escalated_at"]) == SATURDAY_22 + timedelta(hours=2)
    assert [(r["team"], r["reason"]) for r in escalated["routes"]][1:] == [("manager", "escalated"),
                                                                           ("duty", "escalated")]
    assert _flag(night, "demo-manager", flag["id"])["id"] == flag["id"], "now in the managers' queue"
    for address in (MANAGER_EMAIL, DUTY_EMAIL):
        subjects = [e.message["Subject"] for e in sink.wait_for(1, to=address)]
        assert any(f"flag {flag['id']} " in s for s in subjects), address
        bodies = [e.body for e in sink.received if address in e.rcpt_to and f"Flag: {flag['id']}" in e.body]
        assert any("escalated to you" in b for b in bodies), address
    with sqlite3.connect(night.database_path) as db:
        rows = db.execute("SELECT actor_type, actor_id FROM audit_events WHERE action = 'flag.escalated' "
                          "AND object_type = 'flag' AND object_id = ?", (str(flag["id"]),)).fetchall()
    assert rows == [("system", "escalation")]


def test_a_disclosure_the_duty_worker_acknowledges_does_not_escalate(night):
    _chat, flag, _question = _disclose_mid_form(night)
    acknowledged = night.staff_post("demo-duty", f"/api/flags/{flag['id']}/acknowledge")
    assert acknowledged.status_code == 200 and acknowledged.json()["status"] == "acknowledged"

    night.manage("escalate", "--now", (SATURDAY_22 + timedelta(hours=2)).isoformat())
    after = _flag(night, "demo-duty", flag["id"])
    assert (after["status"], after["escalated_at"]) == ("acknowledged", None)
    assert [r["reason"] for r in after["routes"]] == ["raised"]
