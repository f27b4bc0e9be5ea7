"""A safeguarding message is never lost to a malformed transcript or an empty team, and the bot hears who has it."""
from __future__ import annotations

import logging

import pytest
from flags_support import flag_body, london, next_monday, set_clock
from sqlalchemy import select

from backend.flags import routing
from backend.flags.models import Flag, FlagMessage, FlagRoute
from backend.flags.routing import Target
from backend.notifications.models import Notification

MONDAY = next_monday()
WORDS = "he hits me when mum is out 😢"
GOOD_TURN = {"speaker": "bot", "text": "How are things at home?", "at": "2026-11-23T11:59:00Z"}


@pytest.fixture
def post(client, bot_headers):
    """Return a function that posts a flag submission through the bot API."""
    return lambda body: client.post("/api/bot/flags", headers=bot_headers, json=body)


@pytest.fixture
def sam(make, client):
    """Return (sender_id, social worker) for an enrolled child with an allocated worker."""
    child = make.child(name="Sam")
    worker = make.staff(username="sw")
    make.allocate(child, worker)
    return make.enrolled(child), worker


@pytest.mark.parametrize(("label", "bad_turn", "kept", "invalid"), [
    ("unknown speaker", {"speaker": "mum", "text": "stop it", "at": "2026-11-23T11:59:30Z"},
     {"speaker": "unknown", "text": "stop it", "at": "2026-11-23T11:59:30+00:00"}, ["speaker"]),
    ("time without an offset", {"speaker": "child", "text": "i hate it here", "at": "2026-11-23T11:59:30"},
     {"speaker": "child", "text": "i hate it here", "at": ""}, ["at"]),
    ("NUL in the text", {"speaker": "child", "text": "nul\u0000", "at": "2026-11-23T11:59:30Z"},
     {"speaker": "child", "text": "", "at": "2026-11-23T11:59:30+00:00"}, ["text"]),
    ("not an object", "just a string", {"speaker": "unknown", "text": "", "at": ""}, ["speaker", "text", "at"]),
])
def test_a_malformed_transcript_turn_is_marked_and_the_message_is_still_stored(sam, post, db, label, bad_turn,
                                                                                 kept, invalid):
    child_turn = {"speaker": "child", "text": WORDS, "at": "2026-11-23T12:00:00Z"}
    response = post(flag_body(sam[0], text=WORDS, transcript=[GOOD_TURN, bad_turn, child_turn]))
    assert response.status_code == 201, label
    [message] = db.scalars(select(FlagMessage)).all()
    assert message.text == WORDS
    assert message.transcript[0] == {**GOOD_TURN, "at": "2026-11-23T11:59:00+00:00"}
    assert message.transcript[1] == {**kept, "invalid": invalid}
    assert message.transcript[2]["text"] == WORDS and "invalid" not in message.transcript[2]


def test_a_transcript_that_is_not_a_list_is_one_marker_and_too_long_keeps_the_latest_turns(sam, post, db):
    assert post(flag_body(sam[0], key="webchat-abc:1", transcript={"oops": True})).status_code == 201
    turns = [{"speaker": "child", "text": str(n), "at": "2026-11-23T12:00:00Z"} for n in range(60)]
    body = flag_body(sam[0], key="webchat-abc:2", transcript=turns)
    assert post(body).status_code == 201
    first, second = db.scalars(select(FlagMessage).order_by(FlagMessage.id)).all()
    assert first.transcript == [{"speaker": "unknown", "text": "", "at": "", "invalid": ["speaker", "text", "at"]}]
    assert [t["text"] for t in second.transcript] == [str(n) for n in range(10, 60)]


def test_staff_read_the_marked_turn_and_the_log_carries_ids_only(sam, post, make, client, caplog):
    bad = {"speaker": "child", "text": WORDS, "at": "yesterday"}
    with caplog.at_level(logging.WARNING, logger="mysay.flags"):
        flag_id = post(flag_body(sam[0], text=WORDS, transcript=[bad])).json()["flags"][0]["id"]
    assert f"flags=[{flag_id}] invalid_turns=1" in caplog.text and WORDS not in caplog.text
    detail = client.get(f"/api/flags/{flag_id}", headers=make.login("sw")).json()
    assert detail["messages"][0]["transcript"] == [{"speaker": "child", "text": WORDS, "at": "", "invalid": ["at"]}]


@pytest.mark.parametrize(("when", "staff", "routed_to"), [
    (10, [], "allocated_worker"),
    (22, [("duty", "duty")], "duty_team"),
])
def test_the_bot_is_told_who_has_a_safeguarding_flag(sam, post, make, client, when, staff, routed_to):
    for username, role in staff:
        make.staff(username=username, role=role)
    set_clock(client, london(MONDAY, when))
    [flag] = post(flag_body(sam[0])).json()["flags"]
    assert flag["routed_to"] == routed_to


def test_complaints_and_advocacy_say_their_teams(sam, post, make, client):
    make.staff(username="boss", role="manager")
    make.staff(username="adv", role="advocate")
    set_clock(client, london(MONDAY, 10))
    flags = post(flag_body(sam[0], flags=["complaint", "advocacy"], advocacy_consent=True)).json()["flags"]
    assert {f["type"]: f["routed_to"] for f in flags} == {"complaint": "complaints_team",
                                                           "advocacy": "advocacy_service"}


def test_with_no_duty_staff_an_out_of_hours_disclosure_goes_to_the_managers_with_a_warning(sam, post, make, client,
                                                                                          db, caplog):
    boss = make.staff(username="boss", role="manager")
    set_clock(client, london(MONDAY, 22))
    with caplog.at_level(logging.WARNING, logger="mysay.flags"):
        [flag] = post(flag_body(sam[0], text=WORDS)).json()["flags"]
    assert flag["routed_to"] == "managers"
    stored = db.get(Flag, flag["id"])
    assert (stored.routed_team, stored.routed_staff_id) == ("manager", None)
    assert [(r.team, r.reason) for r in db.scalars(select(FlagRoute))] == [("manager", "raised")]
    assert [n.staff_id for n in db.scalars(select(Notification))] == [boss.id]
    assert f"flag={flag['id']}" in caplog.text and "team=duty fallback=manager" in caplog.text
    assert WORDS not in caplog.text
    assert client.get("/api/flags", headers=make.login("boss")).json()[0]["id"] == flag["id"]


def test_with_nobody_in_any_team_the_flag_is_still_stored_for_the_duty_team(post, db, caplog):
    with caplog.at_level(logging.WARNING, logger="mysay.flags"):
        response = post(flag_body("telegram-7", text=WORDS))
    assert response.status_code == 201 and response.json()["flags"][0]["routed_to"] == "duty_team"
    assert db.scalar(select(FlagMessage.text)) == WORDS
    assert "team=duty fallback=none" in caplog.text


def test_escalation_to_an_empty_duty_team_reaches_the_managers_once():
    targets, swaps = routing.staffed(routing.escalation_targets(flag_type="safeguarding"),
                                     has_members=lambda team: team == "manager")
    assert targets == [Target(team="manager")]
    assert swaps == [("duty", "manager")]
