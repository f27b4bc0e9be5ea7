"""The demo council has a duty worker, added even to a demo database seeded before it existed."""
from __future__ import annotations

from sqlalchemy import func, select

from backend import demo
from backend.staff import service as staff_service
from backend.staff.models import Staff


def test_seed_creates_demo_duty_once(db, secrets_):
    assert demo.seed(db_session=db, secret_key=secrets_.secret_key) is True
    assert demo.seed(db_session=db, secret_key=secrets_.secret_key) is False
    duty = staff_service.get_by_username(db_session=db, username="demo-duty")
    assert duty is not None and duty.role == "duty"
    assert staff_service.authenticate(db_session=db, username="demo-duty", password=demo.DEMO_PASSWORD) is not None


def test_seed_adds_demo_duty_to_an_older_demo_database(db, secrets_):
    demo.seed(db_session=db, secret_key=secrets_.secret_key)
    db.delete(staff_service.get_by_username(db_session=db, username="demo-duty"))
    db.commit()
    assert demo.seed(db_session=db, secret_key=secrets_.secret_key) is True
    assert db.scalar(select(func.count()).select_from(Staff).where(Staff.username == "demo-duty")) == 1
    assert db.scalar(select(func.count()).select_from(Staff)) == len(demo.DEMO_STAFF)
