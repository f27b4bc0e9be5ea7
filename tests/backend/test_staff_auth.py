"""Staff sign in with the OAuth2 password flow; passwords are argon2 hashes; bad tokens get 401."""
from __future__ import annotations

from datetime import timedelta

import jwt
from sqlalchemy import select

from backend.auth.service import create_access_token
from backend.staff.models import Staff

PASSWORD = "correct horse battery staple"  # the password conftest's factory gives every account


def test_login_with_right_password_returns_bearer_token(make, client):
    make.staff(username="sw")
    response = client.post("/api/auth/token", data={"username": "sw", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"
    assert client.get("/api/statements", headers={"Authorization": f"Bearer {response.json()['access_token']}"}
                      ).status_code == 200


def test_login_with_bad_password_is_401(make, client):
    make.staff(username="sw")
    response = client.post("/api/auth/token", data={"username": "sw", "password": "wrong"})
    assert response.status_code == 401
    assert "access_token" not in response.text


def test_login_with_unknown_username_is_401(client):
    assert client.post("/api/auth/token", data={"username": "nobody", "password": PASSWORD}).status_code == 401


def test_password_is_stored_as_argon2id_hash_not_plaintext(make, db):
    make.staff(username="sw")
    stored = db.scalar(select(Staff.password_hash).where(Staff.username == "sw"))
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_deactivated_staff_cannot_log_in_or_use_an_old_token(make, client, db):
    staff = make.staff(username="sw")
    headers = make.login("sw")
    staff = db.get(Staff, staff.id)
    staff.is_active = False
    db.commit()
    assert client.post("/api/auth/token", data={"username": "sw", "password": PASSWORD}).status_code == 401
    assert client.get("/api/statements", headers=headers).status_code == 401


def test_staff_api_without_token_is_401(client):
    assert client.get("/api/statements").status_code == 401
    assert client.get("/api/statements/1").status_code == 401
    assert client.post("/api/children/1/enrolment-codes").status_code == 401


def test_expired_token_is_401(make, client, secrets_):
    staff = make.staff(username="sw")
    token = create_access_token(staff_id=staff.id, secret_key=secrets_.secret_key, lifetime=timedelta(seconds=-1))
    assert client.get("/api/statements", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_token_signed_with_another_key_or_alg_none_is_401(make, client):
    staff = make.staff(username="sw")
    forged = create_access_token(staff_id=staff.id, secret_key="another-key-entirely-xxxxxxxxxxxx",
                                 lifetime=timedelta(minutes=5))
    unsigned = jwt.encode({"sub": str(staff.id), "aud": "mysay-staff"}, key=None, algorithm="none")
    for token in (forged, unsigned):
        assert client.get("/api/statements", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_bot_service_token_is_not_a_staff_token(client, bot_headers):
    assert client.get("/api/statements", headers=bot_headers).status_code == 401
