"""Seed the demo council: three children, their meetings and codes, and six staff logins."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import clock
from backend.allocations import service as allocations_service
from backend.children import service as children_service
from backend.children.models import Child
from backend.enrolment import service as enrolment_service
from backend.meetings import service as meetings_service
from backend.staff import service as staff_service
from backend.staff.models import Staff

DEMO_PASSWORD = "demo-password"
# Demo codes are public; they only ever work while demo mode is on (reusable is ignored otherwise).
DEMO_CODE_LIFETIME = timedelta(days=3650)
DEMO_CHILDREN = (
    # name, age, meeting type, meeting in N days, code
    ("Sam", 12, "looked_after_review", 10, "DEMO12"),
    ("Ava", 6, "child_in_need_review", 14, "DEMO6"),
    ("Jordan", 19, "pathway_plan_review", 21, "DEMO19"),
)
DEMO_STAFF = (
    # username, display name, role, allocated to every demo child
    ("demo-sw", "Demo Social Worker", "social_worker", True),
    ("demo-iro", "Demo IRO", "iro", True),
    ("demo-other", "Demo Other Social Worker", "social_worker", False),
    ("demo-advocate", "Demo Advocate", "advocate", False),
    ("demo-manager", "Demo Manager", "manager", False),
    ("demo-duty", "Demo Duty Worker", "duty", False),
)
SEED_ACTOR = "seed-demo"
# Reserved (RFC 2606): demo notifications reach a local test mail server, and nowhere real.
DEMO_EMAIL_DOMAIN = "demo.mysay.invalid"


def date_of_birth_for(*, age: int, today: date) -> date:
    """Return a birth date giving this age today, with the birthday about 100 days past."""
    anchor = today - timedelta(days=100)
    try:
        return anchor.replace(year=anchor.year - age)
    except ValueError:  # 29 February in a non-leap year
        return anchor.replace(year=anchor.year - age, day=28)


def _seed_staff(db_session: Session, actor: dict[str, str]) -> tuple[list[tuple[Staff, bool]], bool]:
    """Create whichever demo logins are missing (a login added later reaches older demo databases too)."""
    staff, created = [], False
    for username, name, role, allocated in DEMO_STAFF:
        member = staff_service.get_by_username(db_session=db_session, username=username)
        if member is None:
            member = staff_service.create(db_session=db_session, username=username, display_name=name, role=role,
                                          password=DEMO_PASSWORD, email=f"{username}@{DEMO_EMAIL_DOMAIN}", **actor)
            created = True
        staff.append((member, allocated))
    return staff, created


def seed(*, db_session: Session, secret_key: str, today: date | None = None) -> bool:
    """Create the demo logins that are missing, and the children unless any exists; return whether anything was."""
    actor = {"actor_type": "system", "actor_id": SEED_ACTOR}
    staff, created = _seed_staff(db_session, actor)
    if db_session.scalar(select(Child.id).limit(1)) is not None:
        return created
    today = today or clock.today()
    for name, age, meeting_type, in_days, code in DEMO_CHILDREN:
        child = children_service.create(db_session=db_session, display_name=name,
                                        date_of_birth=date_of_birth_for(age=age, today=today), **actor)
        meetings_service.create(db_session=db_session, child_id=child.id, type=meeting_type,
                                date=today + timedelta(days=in_days), **actor)
        enrolment_service.create(db_session=db_session, child_id=child.id, secret_key=secret_key,
                                 lifetime=DEMO_CODE_LIFETIME, code=code, reusable=True, **actor)
        for member, allocated in staff:
            if allocated:
                allocations_service.create(db_session=db_session, child_id=child.id, staff_id=member.id,
                                           role=member.role, start_date=today - timedelta(days=365), **actor)
    return True


def info_text() -> str:
    """Return the demo logins and codes for `make run` to print."""
    lines = ["Demo staff logins (password: %s):" % DEMO_PASSWORD]
    lines += [f"  {username:<14} {role}{'' if allocated else ' (not allocated)'}"
              for username, _name, role, allocated in DEMO_STAFF]
    lines.append("Demo enrolment codes (type one in the chat):")
    lines += [f"  {code:<7} {name}, aged {age}, {meeting.replace('_', ' ')} in {days} days"
              for name, age, meeting, days, code in DEMO_CHILDREN]
    return "\n".join(lines)
