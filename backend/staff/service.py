"""Create staff accounts and check their passwords with argon2."""
from __future__ import annotations

from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import audit
from backend.errors import NotFoundError
from backend.staff.models import Staff, StaffRole

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a miss costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(*, password: str) -> str:
    """Return an argon2id hash of the password."""
    return _hasher.hash(password)


def get(*, db_session: Session, staff_id: int) -> Staff:
    """Return one staff member or raise NotFoundError."""
    staff = db_session.get(Staff, staff_id)
    if staff is None:
        raise NotFoundError("staff_not_found")
    return staff


def get_by_username(*, db_session: Session, username: str) -> Staff | None:
    """Return the staff member with this username, if any."""
    return db_session.scalar(select(Staff).where(Staff.username == username))


def get_all(*, db_session: Session) -> Sequence[Staff]:
    """Return every staff member."""
    return db_session.scalars(select(Staff).order_by(Staff.id)).all()


def create(*, db_session: Session, username: str, display_name: str, role: StaffRole | str, password: str,
           email: str | None = None, actor_type: str = "system", actor_id: str = "system") -> Staff:
    """Create a staff account with a hashed password and audit it."""
    staff = Staff(username=username, display_name=display_name, email=email, role=StaffRole(role).value,
                  password_hash=hash_password(password=password))
    db_session.add(staff)
    db_session.flush()
    audit.service.record(db_session=db_session, actor_type=actor_type, actor_id=actor_id,
                         action="staff.created", object_type="staff", object_id=staff.id)
    db_session.commit()
    return staff


def authenticate(*, db_session: Session, username: str, password: str) -> Staff | None:
    """Return the active staff member if the password matches, else None."""
    staff = get_by_username(db_session=db_session, username=username)
    try:
        _hasher.verify(staff.password_hash if staff else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if staff is None or not staff.is_active:
        return None
    if _hasher.check_needs_rehash(staff.password_hash):
        # Parameters were raised since this hash was made; upgrade it while we hold the password.
        staff.password_hash = hash_password(password=password)
        db_session.commit()
    return staff


def sign_in(*, db_session: Session, username: str, password: str) -> Staff | None:
    """Authenticate a staff member and audit the sign-in; return None on bad credentials."""
    staff = authenticate(db_session=db_session, username=username, password=password)
    if staff is None:
        return None
    audit.service.record(db_session=db_session, actor_type="staff", actor_id=staff.id, action="staff.signed_in",
                         object_type="staff", object_id=staff.id)
    db_session.commit()
    return staff
