"""Migrations build exactly the modelled schema; demo seeding is idempotent and demo-mode only."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from backend import demo, manage
from backend.children.models import Child
from backend.children.service import age_on
from backend.enrolment.models import EnrolmentCode
from backend.models import Base


def test_migrations_create_exactly_the_modelled_schema(client):
    with client.app.state.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrations_downgrade_and_upgrade_cleanly(tmp_path):
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    manage.migrate(database_url=url)
    config = Config(str(manage.ALEMBIC_INI))
    config.attributes.update(database_url=url, configure_logging=False)
    command.downgrade(config, "base")
    command.upgrade(config, "head")


def test_seed_demo_creates_the_three_children_at_the_right_ages_once(db, secrets_):
    assert demo.seed(db_session=db, secret_key=secrets_.secret_key) is True
    assert demo.seed(db_session=db, secret_key=secrets_.secret_key) is False
    today = demo.clock.today()
    ages = {c.display_name: age_on(date_of_birth=c.date_of_birth, on=today) for c in db.scalars(select(Child))}
    assert ages == {"Sam": 12, "Ava": 6, "Jordan": 19}
    assert db.scalar(select(func.count()).select_from(EnrolmentCode).where(EnrolmentCode.reusable)) == 3


def test_demo_journey_enrol_submit_and_read_as_demo_sw(make_client, db, secrets_, bot_headers):
    demo.seed(db_session=db, secret_key=secrets_.secret_key)
    client = make_client(demo=True)
    enrolled = client.post("/api/bot/enrolments", headers=bot_headers,
                           json={"code": "demo12", "channel": "webchat", "sender_id": "webchat-demo"})
    assert enrolled.status_code == 200
    context = client.get("/api/bot/conversations/webchat-demo/context", headers=bot_headers).json()
    assert (context["first_name"], context["age_band"], context["readers"]) == ("Sam", "12-17", ["social_worker", "iro"])
    assert context["next_meeting"]["type"] == "looked_after_review"
    client.post("/api/bot/statements", headers=bot_headers, json={
        "idempotency_key": "webchat-demo:1", "sender_id": "webchat-demo", "channel": "webchat",
        "meeting_id": context["next_meeting"]["id"], "language": "en", "share_with_carers": True,
        "answers": [{"prompt_key": "going_well", "prompt_text": "What is going well?", "answer_text": "ok",
                     "answered_at": "2026-11-23T12:00:00Z"}]})

    def statements_for(username):
        token = client.post("/api/auth/token", data={"username": username, "password": demo.DEMO_PASSWORD})
        return client.get("/api/statements", headers={"Authorization": f"Bearer {token.json()['access_token']}"}).json()

    assert len(statements_for("demo-sw")) == 1 and len(statements_for("demo-iro")) == 1
    assert statements_for("demo-other") == [] and statements_for("demo-manager") == []


def test_seed_demo_command_does_nothing_when_demo_mode_is_off(monkeypatch, database_url, capsys, client, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MYSAY_DEMO", "0")
    assert manage.main(["seed-demo"]) == 0
    assert "nothing seeded" in capsys.readouterr().out
    assert db.scalar(select(func.count()).select_from(Child)) == 0


def test_seed_demo_command_seeds_then_skips_and_prints_no_secret(monkeypatch, database_url, capsys, client, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MYSAY_ENV", "development")
    monkeypatch.setenv("MYSAY_DEMO", "1")
    monkeypatch.setenv("MYSAY_SECRET_KEY", "seed-command-secret-key")
    assert manage.main(["seed-demo"]) == 0
    assert manage.main(["seed-demo"]) == 0
    out = capsys.readouterr().out
    assert "Seeded demo data." in out and "already has children" in out
    assert "seed-command-secret-key" not in out and "demo-password" not in out
    assert db.scalar(select(func.count()).select_from(Child)) == 3


def test_demo_info_lists_logins_and_codes(monkeypatch, capsys):
    monkeypatch.setenv("MYSAY_ENV", "development")
    monkeypatch.setenv("MYSAY_DEMO", "1")
    manage.main(["demo-info"])
    out = capsys.readouterr().out
    for expected in ("demo-sw", "demo-iro", "demo-other", "demo-advocate", "demo-manager", "demo-password",
                     "DEMO12", "DEMO6", "DEMO19"):
        assert expected in out
