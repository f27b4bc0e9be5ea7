"""The chat page in a real (headless) Chromium against the real stack, driven by the keyboard only."""
from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOT = Path("/tmp/mysay-chat.png")
REPLY_TIMEOUT = 60
MAX_TURNS = 40
# Buttons the driver presses when they are offered, best first (keys in locales/en/LC_MESSAGES/*.po).
# Anything else offered (Help, Skip this one, Change an answer, Cymraeg...) is answered by typing instead.
PREFERRED_BUTTON_KEYS = ("button.prepare", "button.start", "button.send", "button.no", "button.try_again")
SEND_KEY = "button.send"
SHARE_KEYS = ("button.yes", "button.no")

pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
                                reason="needs Debian's chromium and chromedriver (make browser-deps)")


# --- the English catalogue, read without babel (the backend environment does not have it) ------------------

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(literal: str) -> str:
    return re.sub(r'\\(.)', lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal.strip()[1:-1])


def read_catalogue(lang: str = "en") -> dict[str, str]:
    """Return msgid → msgstr over every .po file of a language (enough of gettext for our own files)."""
    messages: dict[str, str] = {}
    for po_file in sorted((ROOT / "locales" / lang / "LC_MESSAGES").glob("*.po")):
        field, current = None, {"msgid": "", "msgstr": ""}
        for line in po_file.read_text(encoding="utf-8").splitlines() + [""]:
            line = line.strip()
            if line.startswith(("msgid ", "msgstr ")):
                if line.startswith("msgid ") and current["msgid"]:
                    messages[current["msgid"]] = current["msgstr"]
                    current = {"msgid": "", "msgstr": ""}
                field, literal = line.split(" ", 1)
                current[field] = _unquote(literal)
            elif line.startswith('"') and field:
                current[field] += _unquote(line)
            elif not line or line.startswith("#"):
                field = None if not line else field
        if current["msgid"]:
            messages[current["msgid"]] = current["msgstr"]
    return messages


# --- the browser -------------------------------------------------------------------------------------------

@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    profile = tempfile.mkdtemp(prefix="mysay-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--window-size=480,1000", "--lang=en-GB"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def press(driver: webdriver.Chrome, *keys: str) -> None:
    """Send keys to whatever has focus, as a person at a keyboard would."""
    ActionChains(driver).send_keys(*keys).perform()


def type_text(driver: webdriver.Chrome, text: str) -> None:
    """Type text into the focused element; a line break is Shift+Enter (plain Enter sends)."""
    for index, line in enumerate(text.split("\n")):
        if index:
            ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
        if line:
            press(driver, line)


def active(driver: webdriver.Chrome) -> dict:
    return driver.execute_script(
        "var e = document.activeElement;"
        "return {id: e.id, tag: e.tagName.toLowerCase(), text: (e.textContent || '').trim(),"
        "        choice: e.classList.contains('choice')};")


def tab_until(driver: webdriver.Chrome, wanted, limit: int = 25) -> None:
    """Press Tab until the focused element satisfies wanted(active element info)."""
    for _ in range(limit):
        if wanted(active(driver)):
            return
        press(driver, Keys.TAB)
    raise AssertionError(f"could not reach the wanted element by Tab; focus is on {active(driver)}")


def events(driver: webdriver.Chrome) -> int:
    return int(driver.find_element("tag name", "body").get_attribute("data-events") or 0)


def wait_for_event(driver: webdriver.Chrome, before: int) -> str:
    """Wait until the page shows a new reply or notice; return which."""
    try:
        WebDriverWait(driver, REPLY_TIMEOUT).until(lambda d: events(d) > before)
    except TimeoutException:
        raise AssertionError(f"no reply within {REPLY_TIMEOUT}s; conversation so far:\n{transcript(driver)}")
    return driver.find_element("tag name", "body").get_attribute("data-last-event")


def transcript(driver: webdriver.Chrome) -> str:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#log .msg, #log .choices')).map(function (e) {"
        "  return (e.classList.contains('choices') ? '   [' : e.className + ': ') + e.innerText; }).join('\\n');")


def offered_titles(driver: webdriver.Chrome) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#log .choices button')).map(function (b) {"
        "  return b.textContent; });")


def open_chat(driver: webdriver.Chrome, rasa_url: str, lang: str = "en") -> None:
    driver.get(f"{rasa_url}/webhooks/webchat/?lang={lang}")
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element("tag name", "body").get_attribute("data-script") == "loaded")


def start_by_keyboard(driver: webdriver.Chrome, code: str) -> None:
    before = events(driver)
    tab_until(driver, lambda a: a["id"] == "code")
    if code:
        press(driver, code)
    press(driver, Keys.ENTER)
    kind = wait_for_event(driver, before)
    assert kind == "reply", driver.find_element("id", "start-error").text


# --- tests -------------------------------------------------------------------------------------------------

def test_child_prepares_for_meeting_by_keyboard_and_worker_receives_words_verbatim(stack, browser) -> None:
    catalogue = read_catalogue("en")
    preferred = [catalogue[key] for key in PREFERRED_BUTTON_KEYS]
    send_title, share_titles = catalogue[SEND_KEY], {catalogue[key] for key in SHARE_KEYS}
    marker = secrets.token_hex(3)
    answers = [
        f"  Football with my friends ☺ ({marker})\nand art club on Fridays  ",
        f"Sometimes school is hard. My friend Amir says مرحبا every morning ({marker})",
        f"I would like to see my brother more often ({marker})",
    ]
    typed: list[str] = []

    open_chat(browser, stack.rasa_url)
    start_by_keyboard(browser, "DEMO12")

    sent = False
    for _ in range(MAX_TURNS):
        titles = offered_titles(browser)
        choice = next((title for title in preferred if title in titles), None)
        before = events(browser)
        if choice is not None:
            # focus is already on the first choice after a reply; Tab along to the one we want
            tab_until(browser, lambda a, c=choice: a["choice"] and a["text"] == c)
            press(browser, Keys.ENTER)
        else:
            answer = (answers[len(typed)] if len(typed) < len(answers)
                      else f"Nothing more, thanks ({marker} {len(typed)})")
            tab_until(browser, lambda a: a["id"] == "message")
            type_text(browser, answer)
            press(browser, Keys.ENTER)
            typed.append(answer)
        kind = wait_for_event(browser, before)
        assert kind == "reply", f"the page showed a problem:\n{transcript(browser)}"
        if choice == send_title:
            sent = True
        elif sent and choice in share_titles:
            break
    else:
        raise AssertionError(f"the conversation did not finish in {MAX_TURNS} turns:\n{transcript(browser)}")

    assert typed, "the conversation asked nothing in free text"
    assert browser.find_element("id", "message").get_attribute("value") == ""
    browser.save_screenshot(str(SCREENSHOT))

    deadline = time.monotonic() + 30
    while True:
        mine = [s for s in stack.statements("demo-sw")
                if any(marker in answer["answer_text"] for answer in s["answers"])]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert len(mine) == 1, f"expected one statement with this run's answers; conversation:\n{transcript(browser)}"
    statement = mine[0]
    stored = [answer["answer_text"] for answer in statement["answers"]]
    for answer in typed:
        assert answer in stored, f"not stored verbatim: {answer!r} not in {stored!r}"
    assert statement["channel"] == "webchat"


def test_quick_exit_by_keyboard_leaves_at_once_and_clears_session_storage(stack, browser) -> None:
    open_chat(browser, stack.rasa_url)
    press(browser, Keys.TAB)
    assert active(browser)["id"] == "quick-exit", "Quick exit must be first in the tab order"
    start_by_keyboard(browser, "")
    assert browser.execute_script("return sessionStorage.length") > 0
    history_before = browser.execute_script("return history.length")

    for _ in range(25):  # from the conversation, back up the page by keyboard to the Quick exit button
        if active(browser)["id"] == "quick-exit":
            break
        ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    assert active(browser)["id"] == "quick-exit"
    press(browser, Keys.ENTER)

    WebDriverWait(browser, 10).until(lambda d: d.current_url == stack.quick_exit_url)
    assert browser.execute_script("return history.length") == history_before, "the chat must not stay in history"
    open_chat(browser, stack.rasa_url)  # same tab, same origin: its sessionStorage must be empty
    assert browser.execute_script("return sessionStorage.length") == 0
    assert browser.find_element("id", "start").is_displayed()


def test_pressing_escape_twice_leaves_at_once(stack, browser) -> None:
    open_chat(browser, stack.rasa_url)
    start_by_keyboard(browser, "")
    press(browser, Keys.ESCAPE, Keys.ESCAPE)
    WebDriverWait(browser, 10).until(lambda d: d.current_url == stack.quick_exit_url)


def test_page_fits_a_320px_screen_and_reads_in_welsh(stack, browser) -> None:
    browser.set_window_size(320, 800)
    open_chat(browser, stack.rasa_url, lang="cy")
    assert browser.find_element("tag name", "html").get_attribute("lang") == "cy"
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    font_px = browser.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_px >= 18
    label = browser.find_element("css selector", "label[for=code]").text
    assert label == read_catalogue("cy")["webchat.code_label"]
