"""Every /api/bot endpoint demands the bot's service token and nothing else will do."""
from __future__ import annotations

import pytest

BOT_TOKEN = "test-bot-service-token"  # as configured by conftest

BOT_CALLS = [
    ("post", "/api/bot/enrolments", {"code": "DEMO12", "channel": "webchat", "sender_id": "webchat-abc"}),
    ("get", "/api/bot/conversations/webchat-abc/context", None),
    ("post", "/api/bot/statements", {}),
]
BAD_HEADERS = {
    "missing": {},
    "wrong token": {"Authorization": "Bearer not-the-token"},
    "token prefix only": {"Authorization": f"Bearer {BOT_TOKEN[:-1]}"},
    "wrong scheme": {"Authorization": f"Basic {BOT_TOKEN}"},
}


@pytest.mark.parametrize(("method", "path", "body"), BOT_CALLS, ids=[p for _m, p, _b in BOT_CALLS])
@pytest.mark.parametrize("headers", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_bot_endpoint_is_401_without_the_service_token(client, method, path, body, headers):
    response = client.request(method, path, headers=headers, json=body)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_bot_endpoint_refuses_a_staff_token(make, client):
    make.staff(username="sw")
    response = client.get("/api/bot/conversations/webchat-abc/context", headers=make.login("sw"))
    assert response.status_code == 401


def test_bot_endpoint_accepts_the_service_token(client, bot_headers):
    response = client.get("/api/bot/conversations/webchat-abc/context", headers=bot_headers)
    assert response.status_code == 200
    assert response.json() == {"enrolled": False}
