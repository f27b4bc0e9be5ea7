"""Issue and check staff access tokens (JWT, HS256) and the bot's service credential."""
from __future__ import annotations

import hmac
from datetime import timedelta

import jwt

from backend.clock import now

ALGORITHM = "HS256"
AUDIENCE = "mysay-staff"


def create_access_token(*, staff_id: int, secret_key: str, lifetime: timedelta) -> str:
    """Return a signed token naming the staff member, valid for the lifetime."""
    issued = now()
    claims = {"sub": str(staff_id), "aud": AUDIENCE, "iat": issued, "exp": issued + lifetime}
    return jwt.encode(claims, secret_key, algorithm=ALGORITHM)


def staff_id_from_token(*, token: str, secret_key: str) -> int | None:
    """Return the staff id in a valid, unexpired token, else None."""
    try:
        # Pinning the algorithm list refuses "alg: none" and key-confusion tokens.
        claims = jwt.decode(token, secret_key, algorithms=[ALGORITHM], audience=AUDIENCE,
                            options={"require": ["sub", "exp", "aud"]})
        return int(claims["sub"])
    except (jwt.InvalidTokenError, ValueError):
        return None


def is_service_token(*, presented: str, expected: str) -> bool:
    """Compare the presented service token in constant time."""
    return hmac.compare_digest(presented.encode(), expected.encode())
