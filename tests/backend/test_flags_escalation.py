"""A flag nobody acknowledges in time escalates, exactly once, to the managers (and duty for safeguarding)."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from flags_support import flag_body, london, next_monday, set_clock
from sqlalchemy import select

from backend import manage
from backend.audit.models import AuditEvent
from backend.flags import escalation
from backend.flags.models import Flag, FlagRoute
from backend.notifications.models import Notification

MONDAY = next_monday()
RAISED = london(MONDAY, 10)


@pytest.fixture
def team(make):
    """Return the duty worker and manager."""
    return make.staff(username="duty", role="duty"), make.staff(username="boss", role="manager")


@pytest.fixture
def safeguarding_flag(make, client, bot_headers, team):
    """Return the id of a safeguarding flag raised Monday 10:00 for a child with an allocated worker."""
    child = make.child()
    make.allocate(child, make.staff(username="sw"))
    set_clock(client, RAISED)
    response = client.post("/api/bot/flags", headers=bot_headers, json=flag_body(make.enrolled(child)))
    return response.json()["flags"][0]["id"]


def _escalate(client, at):
    """Run one escalation pass at a fixed time."""
    return escalation.run_pass(session_factory=client.app.state.sessionmaker, settings=client.app.state.settings,
                               now=at)


def _flag(client, flag_id) -> Flag:
    """Read the flag afresh."""
    with client.app.state.sessionmaker() as session:
        return session.get(Flag, flag_id)


def test_safeguarding_does_not_escalate_before_its_deadline(client, safeguarding_flag):
    assert _escalate(client, RAISED + timedelta(minutes=59)).escalated == []
    assert _flag(client, safeguarding_flag).status == "open"


def test_unacknowledged_safeguarding_escalates_to_managers_and_duty_after_an_hour(client, db, safeguarding_flag, team):
    report = _escalate(client, RAISED + timedelta(minutes=60))
    assert report.escalated == [safeguarding_flag]
    flag = _flag(client, safeguarding_flag)
    assert (flag.status, flag.escalated_at) == ("escalated", RAISED + timedelta(minutes=60))
    routes = [(r.team, r.reason) for r in db.scalars(select(FlagRoute).where(FlagRoute.reason == "escalated"))]
    assert routes == [("manager", "escalated"), ("duty", "escalated")]
    escalated_to = {n.staff_id for n in db.scalars(select(Notification).where(Notification.kind == "flag.escalated"))}
    assert escalated_to == {team[0].id, team[1].id}
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == "escalation")).all()
    assert actions == ["flag.escalated", "flag.routed", "flag.routed"]


def test_escalation_happens_once(client, safeguarding_flag):
    assert _escalate(client, RAISED + timedelta(hours=2)).escalated == [safeguarding_flag]
    assert _escalate(client, RAISED + timedelta(hours=3)).escalated == []


def test_acknowledging_in_time_stops_escalation(client, make, safeguarding_flag):
    set_clock(client, RAISED + timedelta(minutes=30))
    response = client.post(f"/api/flags/{safeguarding_flag}/acknowledge", headers=make.login("sw"))
    assert response.status_code == 200 and response.json()["status"] == "acknowledged"
    assert _escalate(client, RAISED + timedelta(hours=5)).escalated == []


def test_an_escalated_flag_can_still_be_acknowledged(client, make, safeguarding_flag):
    _escalate(client, RAISED + timedelta(hours=2))
    response = client.post(f"/api/flags/{safeguarding_flag}/acknowledge", headers=make.login("duty"))
    assert response.json()["status"] == "acknowledged"


def test_advocacy_escalates_after_one_working_day_unless_picked_up(make, client, bot_headers, team):
    child = make.child()
    make.staff(username="adv", role="advocate")
    set_clock(client, RAISED)
    body = flag_body(make.enrolled(child), flags=["advocacy"], advocacy_consent=True)
    flag_id = client.post("/api/bot/flags", headers=bot_headers, json=body).json()["flags"][0]["id"]
    assert _escalate(client, london(MONDAY + timedelta(days=1), 16, 59)).escalated == []
    assert _escalate(client, london(MONDAY + timedelta(days=1), 17)).escalated == [flag_id]


def test_an_acknowledged_complaint_still_escalates_if_not_closed_in_ten_working_days(make, client, bot_headers, team):
    child = make.child()
    set_clock(client, RAISED)
    body = flag_body(make.enrolled(child), flags=["complaint"])
    flag_id = client.post("/api/bot/flags", headers=bot_headers, json=body).json()["flags"][0]["id"]
    assert client.post(f"/api/flags/{flag_id}/acknowledge", headers=make.login("boss")).status_code == 200
    assert _escalate(client, london(MONDAY + timedelta(days=14), 16)).escalated == []
    assert _escalate(client, london(MONDAY + timedelta(days=14), 17)).escalated == [flag_id]


def test_manage_escalate_runs_one_pass(monkeypatch, database_url, capsys, client, safeguarding_flag):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setattr(manage.clock, "now", lambda: RAISED + timedelta(hours=1))
    assert manage.main(["escalate"]) == 0
    assert "Escalated 1 flag(s)" in capsys.readouterr().out
    assert _flag(client, safeguarding_flag).status == "escalated"


def test_the_app_runs_escalation_in_the_background(make_client, make, bot_headers):
    client = make_client(escalation_interval_seconds=1)
    make.staff(username="duty", role="duty")
    set_clock(client, RAISED)
    flag_id = client.post("/api/bot/flags", headers=bot_headers,
                          json=flag_body("telegram-42")).json()["flags"][0]["id"]
    set_clock(client, RAISED + timedelta(hours=2))
    deadline = time.monotonic() + 10
    while _flag(client, flag_id).status != "escalated" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _flag(client, flag_id).status == "escalated"
