"""A fixed clock (MYSAY_FIXED_NOW, escalate --now) lets tests and demos pick the hour; production refuses both."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from flags_support import flag_body, london, next_monday
from pydantic import ValidationError
from sqlalchemy import select

from backend import manage
from backend.config import Settings
from backend.flags.models import Flag

STRONG = "s" * 48
SATURDAY_NIGHT = london(next_monday() - timedelta(days=2), 22)


def test_production_refuses_to_start_with_a_fixed_clock():
    with pytest.raises(ValidationError) as error:
        Settings(env="production", secret_key=STRONG, bot_service_token=STRONG + "b",
                 fixed_now="2026-11-28T22:00:00+00:00")
    assert "MYSAY_FIXED_NOW is set" in str(error.value)


def test_a_fixed_clock_needs_a_utc_offset_and_blank_means_the_real_clock(monkeypatch):
    with pytest.raises(ValidationError):
        Settings(fixed_now="2026-11-28T22:00:00")
    monkeypatch.setenv("MYSAY_FIXED_NOW", "")
    assert Settings().fixed_now is None


def test_the_app_routes_and_sets_deadlines_by_the_fixed_clock(make_client, make, bot_headers):
    client = make_client(fixed_now=SATURDAY_NIGHT.isoformat())
    make.staff(username="duty", role="duty")
    response = client.post("/api/bot/flags", headers=bot_headers, json=flag_body("webchat-x"))
    [flag] = response.json()["flags"]
    assert flag["routed_to"] == "duty_team"
    assert datetime.fromisoformat(flag["deadline"]) == SATURDAY_NIGHT + timedelta(hours=1)
    assert client.app.state.now() == SATURDAY_NIGHT.astimezone(timezone.utc)


def test_manage_escalate_now_runs_one_pass_at_that_instant(monkeypatch, database_url, capsys, make_client, make,
                                                          bot_headers, db):
    client = make_client(fixed_now=SATURDAY_NIGHT.isoformat())
    make.staff(username="duty", role="duty")
    client.post("/api/bot/flags", headers=bot_headers, json=flag_body("webchat-x"))
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert manage.main(["escalate", "--now", (SATURDAY_NIGHT + timedelta(minutes=59)).isoformat()]) == 0
    assert "Escalated 0 flag(s)" in capsys.readouterr().out
    assert manage.main(["escalate", "--now", (SATURDAY_NIGHT + timedelta(hours=2)).isoformat()]) == 0
    assert "Escalated 1 flag(s)" in capsys.readouterr().out
    assert db.scalar(select(Flag.escalated_at)) == SATURDAY_NIGHT + timedelta(hours=2)


def test_manage_escalate_uses_the_fixed_clock_when_no_now_is_given(monkeypatch, database_url, capsys, make_client,
                                                                  make, bot_headers):
    client = make_client(fixed_now=SATURDAY_NIGHT.isoformat())
    make.staff(username="duty", role="duty")
    client.post("/api/bot/flags", headers=bot_headers, json=flag_body("webchat-x"))
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MYSAY_FIXED_NOW", SATURDAY_NIGHT.isoformat())
    assert manage.main(["escalate"]) == 0
    assert "Escalated 0 flag(s)" in capsys.readouterr().out


def test_manage_escalate_now_is_refused_in_production(monkeypatch, capsys):
    monkeypatch.setenv("MYSAY_ENV", "production")
    monkeypatch.setenv("MYSAY_SECRET_KEY", STRONG)
    monkeypatch.setenv("BOT_SERVICE_TOKEN", STRONG + "b")
    assert manage.main(["escalate", "--now", "2026-11-28T22:00:00Z"]) == 2
    assert "refused with MYSAY_ENV=production" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["tomorrow", "2026-11-28T22:00:00"])
def test_manage_escalate_now_needs_an_iso_instant_with_an_offset(value, capsys):
    with pytest.raises(SystemExit) as exit_:
        manage.main(["escalate", "--now", value])
    assert exit_.value.code == 2


def test_now_is_only_for_escalate(capsys):
    with pytest.raises(SystemExit):
        manage.main(["migrate", "--now", "2026-11-28T22:00:00Z"])
