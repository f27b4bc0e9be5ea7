"""The chat page and its files as served by the connector; the web chat catalogues in every language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.channels.webchat import WebChatInput
from bot.channels.webchat_page import STATIC_DIR
from bot.core.i18n import catalogue, placeholders, supported_languages, t

from webchat_harness import QUICK_EXIT_URL, Harness

ROOT = Path(__file__).resolve().parents[3]


async def get(harness: Harness, path: str):
    return await harness.client.get(f"{harness.url}/webhooks/webchat/{path}")


@pytest.mark.asyncio
@pytest.mark.parametrize("query, lang", [("", "en"), ("?lang=en", "en"), ("?lang=cy", "cy"), ("?lang=fr", "en"),
                                         ("?lang=%22%3E%3Cscript%3E", "en")])
async def test_page_is_rendered_in_the_requested_language_with_a_strict_policy(harness: Harness, query, lang) -> None:
    reply = await get(harness, query)
    assert reply.status_code == 200
    html = reply.text
    assert f'<html lang="{lang}"' in html
    assert f"<title>{t(lang, 'webchat.page_title')}</title>" in html
    assert t(lang, "webchat.quick_exit") in html
    assert reply.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "unsafe-inline" not in reply.headers["Content-Security-Policy"]
    assert reply.headers["Referrer-Policy"] == "no-referrer"
    assert reply.headers["Cache-Control"] == "no-store"
    assert f'data-quick-exit="{QUICK_EXIT_URL}"' in html
    scripts = re.findall(r"<script\b[^>]*>", html)  # our own file, and a JSON data block that never runs
    assert scripts == ['<script src="static/chat.js" defer>', '<script type="application/json" id="webchat-strings">']
    assert "<" not in html.split('id="webchat-strings">')[1].split("</script>")[0]


@pytest.mark.asyncio
async def test_page_puts_quick_exit_first_and_labels_every_field(harness: Harness) -> None:
    html = (await get(harness, "")).text
    first_control = re.search(r"<(button|a|input|textarea)\b[^>]*>", html.split("<body", 1)[1]).group(0)
    assert 'id="quick-exit"' in first_control
    for field in ("code", "message"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert 'aria-live="polite"' in html and 'role="log"' in html


@pytest.mark.asyncio
async def test_page_without_trailing_slash_redirects_so_relative_urls_work(harness: Harness) -> None:
    reply = await harness.client.get(f"{harness.url}/webhooks/webchat?lang=cy")
    assert reply.status_code == 308
    assert reply.headers["Location"] == "webchat/?lang=cy"


@pytest.mark.asyncio
@pytest.mark.parametrize("name, content_type", [("chat.js", "text/javascript"), ("chat.css", "text/css")])
async def test_static_files_are_served_with_their_type(harness: Harness, name: str, content_type: str) -> None:
    reply = await get(harness, f"static/{name}")
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith(content_type)
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["../webchat.py", "..%2Fwebchat.py", "secret.txt", "chat.js.map"])
async def test_only_the_listed_static_files_can_be_read(harness: Harness, name: str) -> None:
    assert (await get(harness, f"static/{name}")).status_code == 404


@pytest.mark.parametrize("name", ["chat.js", "chat.css"])
def test_static_files_load_nothing_from_other_sites(name: str) -> None:
    text = (STATIC_DIR / name).read_text(encoding="utf-8")
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", text)


def test_script_never_writes_html_and_keeps_the_session_in_session_storage_only() -> None:
    script = (STATIC_DIR / "chat.js").read_text(encoding="utf-8")
    assert ".innerHTML" not in script and "document.write" not in script and "eval(" not in script
    assert "localStorage" not in script and "document.cookie" not in script
    assert "location.replace" in script


def test_webchat_catalogues_have_the_same_keys_and_placeholders_in_every_language() -> None:
    english = {key: text for key, text in catalogue("en").items() if key.startswith("webchat.")}
    assert len(english) > 20
    for lang in supported_languages():
        other = {key: text for key, text in catalogue(lang).items() if key.startswith("webchat.")}
        assert set(other) == set(english), lang
        for key, text in english.items():
            assert placeholders(other[key]) == placeholders(text), (lang, key)


def test_every_webchat_key_the_code_uses_exists() -> None:
    sources = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "bot" / "channels").glob("webchat*.py"))
    used = set(re.findall(r'"(webchat\.[a-z_.]+)"', sources))
    used |= {f"webchat.error.{kind}" for kind in ("code_unknown", "code_used", "code_expired", "backend_unavailable",
                                                   "session_invalid", "bad_request", "too_long", "server")}
    assert used - set(catalogue("en")) == set()


@pytest.mark.parametrize("credentials", [
    {"service_token": "x" * 20},
    {"session_secret": "s" * 32},
    {"service_token": "x" * 20, "session_secret": "short"},
    {"service_token": "x" * 20, "session_secret": "s" * 32, "quick_exit_url": "javascript:alert(1)"},
])
def test_channel_refuses_to_start_without_sound_settings(credentials: dict) -> None:
    with pytest.raises(Exception):
        WebChatInput.from_credentials(credentials)
