"""Run the real app on a migrated database: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set."""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from backend import clock
from backend.allocations import service as allocations_service
from backend.children import service as children_service
from backend.config import Settings
from backend.db import make_engine
from backend.demo import date_of_birth_for
from backend.enrolment import service as enrolment_service
from backend.main import create_app
from backend.manage import migrate
from backend.meetings import service as meetings_service
from backend.models import Base
from backend.staff import service as staff_service

BOT_TOKEN = "test-bot-service-token"
SECRET_KEY = "test-secret-key-for-signing-tokens"
PASSWORD = "correct horse battery staple"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _with_search_path(url: str, schema: str) -> str:
    """Return the URL with libpq options that put every connection in one schema."""
    parsed = make_url(url)
    return parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield the URL of a database migrated to head by Alembic, dropped afterwards."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'mysay.db'}"
        migrate(database_url=url)
        yield url
        return
    base_url = os.environ["TEST_DATABASE_URL"]
    # A fresh schema per session keeps everything else in the shared database untouched.
    schema = f"mysay_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = _with_search_path(base_url, schema)
        migrate(database_url=url)
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def make_settings(database_url: str) -> Callable[..., Settings]:
    """Return a factory for test settings on the migrated database."""

    def factory(**overrides) -> Settings:
        values = {"env": "development", "demo": False, "database_url": database_url,
                  "secret_key": SECRET_KEY, "bot_service_token": BOT_TOKEN} | overrides
        return Settings(**values)

    return factory


@pytest.fixture
def make_client(make_settings) -> Iterator[Callable[..., TestClient]]:
    """Return a factory for clients of the real app; every table is emptied after the test."""
    opened: list[TestClient] = []

    def factory(**overrides) -> TestClient:
        client = TestClient(create_app(make_settings(**overrides)))
        client.__enter__()
        opened.append(client)
        return client

    yield factory
    if opened:
        engine = opened[0].app.state.engine
        with engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    """Return a client of the app with demo mode off."""
    return make_client()


@pytest.fixture
def db(client: TestClient) -> Iterator[Session]:
    """Yield a session on the app's database."""
    with client.app.state.sessionmaker() as session:
        yield session


@pytest.fixture
def secrets_() -> SimpleNamespace:
    """Return the test credentials: bot_token, secret_key, password."""
    return SimpleNamespace(bot_token=BOT_TOKEN, secret_key=SECRET_KEY, password=PASSWORD)


@pytest.fixture
def bot_headers() -> dict[str, str]:
    """Return the bot's service credential header."""
    return {"Authorization": f"Bearer {BOT_TOKEN}"}


class Factory:
    """Create records through the real service verbs, as the app would."""

    def __init__(self, db: Session, client: TestClient) -> None:
        self.db = db
        self.client = client
        self.today = clock.today()

    def child(self, *, name: str = "Sam", age: int = 12, language: str = "en"):
        """Create a child who is `age` today."""
        return children_service.create(db_session=self.db, display_name=name, preferred_language=language,
                                       date_of_birth=date_of_birth_for(age=age, today=self.today))

    def staff(self, *, username: str = "sw", role: str = "social_worker", password: str = PASSWORD):
        """Create a staff account."""
        return staff_service.create(db_session=self.db, username=username, display_name=username.title(),
                                    role=role, password=password)

    def allocate(self, child, staff, *, role: str | None = None, start: date | None = None,
                 end: date | None = None):
        """Allocate staff to a child, by default from a year ago with no end."""
        return allocations_service.create(db_session=self.db, child_id=child.id, staff_id=staff.id,
                                          role=role or staff.role,
                                          start_date=start or self.today - timedelta(days=365), end_date=end)

    def meeting(self, child, *, type: str = "looked_after_review", in_days: int = 10):
        """Schedule a meeting for a child."""
        return meetings_service.create(db_session=self.db, child_id=child.id, type=type,
                                       date=self.today + timedelta(days=in_days))

    def code(self, child, *, code: str | None = None, days: float = 7, reusable: bool = False) -> str:
        """Store an enrolment code for a child and return it in plain."""
        _row, plain = enrolment_service.create(db_session=self.db, child_id=child.id, secret_key=SECRET_KEY,
                                               lifetime=timedelta(days=days), code=code, reusable=reusable)
        return plain

    def enrolled(self, child, *, sender_id: str = "webchat-abc") -> str:
        """Enrol a conversation for a child through the bot API and return its sender_id."""
        response = self.client.post("/api/bot/enrolments", headers={"Authorization": f"Bearer {BOT_TOKEN}"},
                                    json={"code": self.code(child), "channel": sender_id.split("-")[0],
                                          "sender_id": sender_id})
        assert response.status_code == 200, response.text
        return sender_id

    def login(self, username: str, password: str = PASSWORD) -> dict[str, str]:
        """Sign in and return the Authorization header."""
        response = self.client.post("/api/auth/token", data={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def make(db: Session, client: TestClient) -> Factory:
    """Return a factory for records on the app's database."""
    return Factory(db, client)


def _statement_body(sender_id: str = "webchat-abc", *, key: str | None = None, meeting_id: int | None = None,
                   answers: list[dict] | None = None) -> dict:
    """Return a valid statement submission."""
    return {"idempotency_key": key or f"{sender_id}:{uuid.uuid4().hex}", "sender_id": sender_id,
            "channel": sender_id.split("-")[0], "meeting_id": meeting_id, "language": "en",
            "share_with_carers": False,
            "answers": answers or [{"prompt_key": "going_well", "prompt_text": "What is going well?",
                                    "answer_text": "football", "answered_at": "2026-11-23T12:00:00Z"}]}


@pytest.fixture
def statement_body() -> Callable[..., dict]:
    """Return the builder of valid statement submissions."""
    return _statement_body


@pytest.fixture
def raise_flag(client: TestClient, bot_headers: dict[str, str]) -> Callable[..., object]:
    """Return a function that posts a flag submission through the bot API."""

    def post(body: dict):
        return client.post("/api/bot/flags", headers=bot_headers, json=body)

    return post


@pytest.fixture
def submit(client: TestClient, bot_headers: dict[str, str]) -> Callable[..., object]:
    """Return a function that submits a statement through the bot API."""

    def post(body: dict):
        return client.post("/api/bot/statements", headers=bot_headers, json=body)

    return post
