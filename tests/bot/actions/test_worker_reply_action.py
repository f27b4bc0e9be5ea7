"""A worker's reply, triggered by the backend, is said to the child with a localised intro, words unchanged."""
from __future__ import annotations

import http.server
import json
import threading

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import settings
from bot.actions.replies import ActionWorkerReply
from bot.core.i18n import t

TOKEN = "reply-test-token"
REPLY = "Thank you Sam 😀\nI'll take this to the meeting."


@pytest.fixture
def backend(monkeypatch):
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            seen.append(self.path)
            ok = self.headers.get("Authorization") == f"Bearer {TOKEN}" and self.path == \
                "/api/bot/replies/7?sender_id=telegram-9"
            data = json.dumps({"id": 7, "text": REPLY, "author_role": "social_worker"} if ok else
                              {"detail": {"error": "reply_not_found"}}).encode()
            self.send_response(200 if ok else 404)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    monkeypatch.setenv("BACKEND_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("BOT_SERVICE_TOKEN", TOKEN)
    settings.get.cache_clear()
    yield seen
    settings.get.cache_clear()
    server.shutdown()
    server.server_close()


def _tracker(sender_id: str, reply_id: str | None, language: str = "en") -> Tracker:
    entities = [{"entity": "reply_id", "value": reply_id}] if reply_id else []
    return Tracker(sender_id, {"language": language}, {"intent": {"name": "worker_reply"}, "entities": entities,
                                                       "text": "EXTERNAL: worker_reply"},
                   [], False, None, {}, "action_listen")


@pytest.mark.asyncio
@pytest.mark.parametrize("language", ["en", "cy"])
async def test_worker_reply_is_said_with_an_intro_and_the_words_unchanged(backend, language) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionWorkerReply().run(dispatcher, _tracker("telegram-9", "7", language), {})
    assert events == []
    assert [m["text"] for m in dispatcher.messages] == [
        t(language, "reply.intro", who=t(language, "reader.social_worker")), REPLY]


@pytest.mark.asyncio
async def test_a_reply_for_another_conversation_or_without_id_says_nothing(backend) -> None:
    for tracker in (_tracker("telegram-10", "7"), _tracker("telegram-9", None)):
        dispatcher = CollectingDispatcher()
        assert await ActionWorkerReply().run(dispatcher, tracker, {}) == []
        assert dispatcher.messages == []
