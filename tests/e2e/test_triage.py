"""Triage on the real stack: a child who says something is wrong, on web chat, mid-form or not, is heard and handed over."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from tests.e2e.conversation import Chat, answer_all
from tests.support.stack import Stack

DISCLOSURE = "nothing my stepdad hits me when mum is at work"
POLISH_DISCLOSURE = "nic mój ojczym mnie bije kiedy mama jest w pracy"


def _flag_ids(stack: Stack, username: str) -> set[int]:
    response = stack.staff_get(username, "/api/flags")
    response.raise_for_status()
    return {f["id"] for f in response.json()}


def _new_flags(stack: Stack, before: set[int]) -> list[dict]:
    """Return the flags raised since `before`, in full, as the child's allocated social worker may read them."""
    new = sorted(_flag_ids(stack, "demo-sw") - before)
    details = []
    for flag_id in new:
        response = stack.staff_get("demo-sw", f"/api/flags/{flag_id}")
        response.raise_for_status()
        details.append(response.json())
    return details


def _working_hours_now() -> bool:
    # The backend's defaults (stack.py sets no override): Monday to Friday, 09:00-17:00, Europe/London.
    local = datetime.now(timezone.utc).astimezone(ZoneInfo("Europe/London"))
    return local.weekday() < 5 and 9 <= local.hour < 17


def _assert_safeguarding_reply(chat: Chat) -> None:
    text = chat.text
    assert "seriously" in text and "secret" in text, text
    assert "999" in text and "0800 1111" in text, text
    assert "/stop_questions" in chat.payloads, "the child may stop here"


def _disclose_mid_form(stack: Stack, words: str) -> tuple[Chat, list[dict], str]:
    before = _flag_ids(stack, "demo-sw")
    chat = Chat.open(stack, "DEMO12")
    chat.press("/prepare_meeting")
    chat.press("/affirm")
    first_question = chat.last[-1]["text"]
    assert "going well" in first_question
    chat.send(words)
    return chat, _new_flags(stack, before), first_question


def test_disclosure_mid_form_is_flagged_routed_answered_and_the_statement_still_completes(stack: Stack) -> None:
    chat, flags, first_question = _disclose_mid_form(stack, DISCLOSURE)

    _assert_safeguarding_reply(chat)
    assert chat.in_question() and chat.last[-1]["text"] != first_question, "the questions resume at the next one"

    [flag] = flags
    assert flag["type"] == "safeguarding" and flag["status"] == "open" and flag["channel"] == "webchat"
    [message] = flag["messages"]
    assert message["text"] == DISCLOSURE, "stored word for word"
    assert message["transcript"][-1]["text"] == DISCLOSURE
    assert any(t["speaker"] == "bot" and t["text"] == first_question for t in message["transcript"])
    if _working_hours_now():
        assert flag["routed_staff_id"] is not None, "in working hours the allocated social worker has it"
    else:
        assert flag["routed_team"] == "duty", "out of hours the duty team has it"
        assert flag["id"] in _flag_ids(stack, "demo-duty")

    marker = uuid.uuid4().hex
    answer_all(chat, [f"school {marker}", None, None, None, None, None])
    chat.press("/send_statement")
    chat.press("/deny")
    [statement] = [s for s in stack.statements("demo-sw")
                   if any(marker in a["answer_text"] for a in s["answers"])]
    stored = {a["prompt_key"]: a["answer_text"] for a in statement["answers"]}
    assert stored["going_well"] == DISCLOSURE, "the words answered the question too: nothing is lost"


def test_polish_disclosure_in_an_english_chat_is_flagged_and_answered_in_english(stack: Stack) -> None:
    chat, flags, _ = _disclose_mid_form(stack, POLISH_DISCLOSURE)
    _assert_safeguarding_reply(chat)
    assert "Thank you for telling me" in chat.text
    assert chat.in_question()
    [flag] = flags
    assert flag["type"] == "safeguarding" and flag["language"] == "pl"
    assert flag["messages"][0]["text"] == POLISH_DISCLOSURE


def test_an_idiom_mid_form_is_just_an_answer(stack: Stack) -> None:
    before = _flag_ids(stack, "demo-sw")
    chat = Chat.open(stack, "DEMO12")
    chat.press("/prepare_meeting")
    chat.press("/affirm")
    first = chat.last[-1]["text"]
    chat.send("this homework is killing me")
    assert chat.in_question() and chat.last[-1]["text"] != first
    assert "999" not in chat.text and "/stop_questions" not in chat.payloads
    assert _flag_ids(stack, "demo-sw") == before


def test_a_complaint_reaches_the_complaints_team_word_for_word_and_offers_an_advocate(stack: Stack) -> None:
    words = f"I want to complain about my foster carer, she reads all my texts!! {uuid.uuid4().hex[:6]}"
    before = _flag_ids(stack, "demo-sw")
    chat = Chat.open(stack, "DEMO12")
    chat.send(words)
    assert "10 working days" in chat.text and "complaints team" in chat.text
    assert "/ask_advocate" in chat.payloads

    [flag] = _new_flags(stack, before)
    assert flag["type"] == "complaint" and flag["routed_team"] == "manager"
    assert flag["messages"][0]["text"] == words
    assert flag["id"] in _flag_ids(stack, "demo-manager")
    assert flag["id"] not in _flag_ids(stack, "demo-advocate")
    as_complaints_team = stack.staff_get("demo-manager", f"/api/flags/{flag['id']}").json()
    assert as_complaints_team["messages"][0]["text"] == words, "the complaints team reads the exact words"


def test_an_advocacy_request_with_consent_reaches_the_advocacy_service_with_how_to_get_in_touch(stack: Stack) -> None:
    words = "can i have an advocate to help me at my meeting pls"
    before = _flag_ids(stack, "demo-sw")
    chat = Chat.open(stack, "DEMO12")
    chat.press("/prepare_meeting")
    chat.press("/affirm")
    chat.send(words)
    assert "on your side" in chat.text and "/agree_advocacy" in chat.payloads
    assert _flag_ids(stack, "demo-sw") == before, "nobody is referred before the child agrees"
    chat.press("/agree_advocacy")
    chat.press('/choose_contact{"contact_preference": "phone"}')
    assert "within 1 working day" in chat.text and "by phone" in chat.text
    assert chat.in_question(), "the questions are still there"

    [flag] = _new_flags(stack, before)
    assert flag["type"] == "advocacy" and flag["routed_team"] == "advocate"
    [message] = flag["messages"]
    assert message["text"] == words and message["advocacy_consent"] is True
    assert message["contact_preference"] == "phone"
    referrals = stack.staff_get("demo-advocate", "/api/referrals").json()
    assert flag["id"] in {r["flag_id"] for r in referrals}
    as_advocate = stack.staff_get("demo-advocate", f"/api/flags/{flag['id']}").json()
    assert as_advocate["messages"][0]["text"] == words, "the advocacy service reads the exact words"
    assert flag["id"] not in _flag_ids(stack, "demo-duty"), "an advocacy request is not the duty team's"
