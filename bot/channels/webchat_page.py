"""Render the web chat page server-side in the child's language, and serve its own script and styles."""
from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Dict
from urllib.parse import quote

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.core.i18n import catalogue, resolve_language, supported_languages, t

STATIC_DIR = Path(__file__).resolve().parent / "webchat_static"
STATIC_FILES = {
    "chat.js": "text/javascript; charset=utf-8",
    "chat.css": "text/css; charset=utf-8",
}
# Everything the page needs comes from this server: no CDN, no web fonts, no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_COMMON_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # the quick-exit site must not learn where the child came from
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# Strings the script shows after the page has loaded (errors, labels for who said what).
SCRIPT_KEYS = (
    "webchat.you_said", "webchat.bot_said", "webchat.typing", "webchat.restart_button",
    "webchat.welcome_back", "webchat.error.network", "webchat.error.server", "webchat.error.session_invalid",
)


def api_headers() -> Dict[str, str]:
    """Return headers for every JSON answer: not cached, not framed, not sniffed."""
    return {**_COMMON_HEADERS, "Cache-Control": "no-store"}


def _language_links(lang: str) -> str:
    links = []
    for other in supported_languages():
        if other == lang:
            continue
        name = catalogue(other).get("webchat.language_name", other)
        links.append(f'<a class="lang" href="?lang={quote(other)}" lang="{escape(other)}" '
                     f'hreflang="{escape(other)}">{escape(name)}</a>')
    return "".join(links)


def _script_strings(lang: str) -> str:
    data = {key.removeprefix("webchat.").replace(".", "_"): t(lang, key) for key in SCRIPT_KEYS}
    # a JSON data block is never executed, so the CSP allows it; "<" is escaped so it cannot close the tag
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def render_page(request: Request, *, quick_exit_url: str) -> HTTPResponse:
    """Return the chat page for ?lang= (English by default), with its texts from the locales."""
    if not request.path.endswith("/"):
        # the page uses relative URLs (static/…, session, message), so it must be served as a folder
        query = f"?{request.query_string}" if request.query_string else ""
        return response.redirect(request.path.rsplit("/", 1)[-1] + "/" + query, status=308)
    lang = resolve_language(request.args.get("lang"))
    # Only a language the child picked on the page overrides the one their worker recorded.
    chosen = "true" if request.args.get("lang") else "false"

    def s(key: str) -> str:
        return escape(t(lang, key))

    html = f"""<!doctype html>
<html lang="{escape(lang)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>{s("webchat.page_title")}</title>
<link rel="stylesheet" href="static/chat.css">
<script src="static/chat.js" defer></script>
</head>
<body data-lang="{escape(lang)}" data-lang-chosen="{chosen}" data-quick-exit="{escape(quick_exit_url)}" data-state="start">
<header class="top">
  <button type="button" id="quick-exit" class="quick-exit"
          aria-describedby="quick-exit-hint">{s("webchat.quick_exit")}</button>
  <p class="brand">{s("webchat.brand")}</p>
</header>
<div class="subbar">
  <nav class="langs" aria-label="{s("webchat.language_nav")}">{_language_links(lang)}</nav>
  <p id="quick-exit-hint" class="exit-hint">{s("webchat.quick_exit_hint")}</p>
</div>
<main id="main">
  <section id="start" class="start" aria-labelledby="start-title">
    <h1 id="start-title">{s("webchat.start_heading")}</h1>
    <p>{s("webchat.start_intro")}</p>
    <form id="start-form" novalidate>
      <label for="code">{s("webchat.code_label")}</label>
      <p id="code-hint" class="hint">{s("webchat.code_hint")}</p>
      <input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters"
             spellcheck="false" aria-describedby="code-hint start-error">
      <p id="start-error" class="error" role="alert" hidden></p>
      <button type="submit" id="start-button" class="primary">{s("webchat.start_button")}</button>
    </form>
  </section>
  <section id="chat" class="chat" aria-labelledby="chat-title" hidden>
    <h1 id="chat-title" class="visually-hidden">{s("webchat.chat_heading")}</h1>
    <div id="log" class="log" role="log" aria-live="polite" aria-relevant="additions" tabindex="-1"></div>
    <p id="status" class="status" role="status"></p>
    <form id="composer" class="composer" novalidate>
      <label for="message">{s("webchat.message_label")}</label>
      <p id="message-hint" class="hint">{s("webchat.message_hint")}</p>
      <div class="composer-row">
        <textarea id="message" name="message" rows="3" aria-describedby="message-hint"></textarea>
        <button type="submit" id="send" class="primary">{s("webchat.send_button")}</button>
      </div>
    </form>
  </section>
  <noscript><p class="error">{s("webchat.noscript")}</p></noscript>
</main>
<script type="application/json" id="webchat-strings">{_script_strings(lang)}</script>
</body>
</html>
"""
    return response.html(html, headers={**_COMMON_HEADERS, "Cache-Control": "no-store",
                                        "Content-Language": lang})


@lru_cache(maxsize=None)
def _read_static(filename: str) -> bytes:
    return (STATIC_DIR / filename).read_bytes()


def static_file(filename: str) -> HTTPResponse:
    """Return one of the page's own files (a fixed list, so no path from the request reaches the disk)."""
    if filename not in STATIC_FILES:
        return response.text("Not found", status=404, headers=_COMMON_HEADERS)
    return response.raw(_read_static(filename), content_type=STATIC_FILES[filename],
                        headers={**_COMMON_HEADERS, "Cache-Control": "no-cache"})
