"""A number nobody has enrolled leaves a message by SMS; the duty team reads it, unverified and verbatim.

Real backend, action server and Rasa; Twilio's Messages API is a local stub; inbound SMS are signed as Twilio
signs them. Nothing here links the number to a child: only an enrolment code can.
"""
from __future__ import annotations

import hashlib
import hmac
import sqlite3
import uuid

from tests.e2e.channel_conversation import Phone, en
from tests.support.stack import Stack


def _sms_sender_id(stack: Stack, number: str) -> str:
    """Return the sender id the SMS connector gives a number (keyed hash; see bot/channels/common.py)."""
    digest = hmac.new(stack.env["SENDER_ID_SECRET"].encode(), number.encode(), hashlib.sha256).hexdigest()
    return "sms-" + digest[:32]


def test_unenrolled_sms_number_leaves_a_message_the_duty_team_reads_unverified_and_verbatim(stack: Stack) -> None:
    marker = uuid.uuid4().hex
    phone = Phone(stack, "+447700901" + str(100 + int(marker[:6], 16) % 800))
    phone.send("hello")
    assert "0800 1111" in phone.text and "999" in phone.text, "help numbers without a code"
    phone.choose(en("button.leave_message"))
    assert "duty team" in phone.text and "don't know who you are" in phone.text, "told who reads it, first"

    words = f"Hi, I'm in foster care 🙏 can someone ring me after 4?\nref {marker}"
    phone.send(words)
    assert "I've sent your message to the duty team" in phone.text and "JOIN" in phone.text
    assert "0800 1111" in phone.text

    queue = stack.staff_get("demo-duty", "/api/flags?status=open").json()
    candidates = [f for f in queue if f["type"] == "message" and f["channel"] == "sms"]
    found = []
    for summary in candidates:
        detail = stack.staff_get("demo-duty", f"/api/flags/{summary['id']}").json()
        if any(marker in m["text"] for m in detail["messages"]):
            found.append(detail)
    assert len(found) == 1, "one message flag in the duty team's queue"
    [flag] = found
    assert flag["verified"] is False and flag["child"] is None and flag["routed_team"] == "duty"
    assert flag["deadline"] and flag["status"] == "open", "it must be acknowledged by its deadline"
    assert [m["text"] for m in flag["messages"]] == [words], "the words exactly as texted"

    sender_id = _sms_sender_id(stack, phone.number)
    with sqlite3.connect(stack.database_path) as db:
        linked = db.execute("SELECT COUNT(*) FROM channel_identities WHERE sender_id = ?", (sender_id,)).fetchone()
        flagged = db.execute("SELECT child_id FROM flags WHERE id = ?", (flag["id"],)).fetchone()
    assert linked == (0,) and flagged == (None,), "leaving a message links the number to no child"
    assert phone.number not in str(flag), "staff see no phone number in the flag"
