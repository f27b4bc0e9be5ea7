"""What a flag carries: the transcript around the message (child's words verbatim) and an honest "today" or "soon"."""
from datetime import datetime, timezone

from bot.core.handover import transcript, when_key


def _user(text, verbatim=None, payload=None, ts=1.0):
    metadata = {"verbatim": verbatim if verbatim is not None else text, "button_payload": payload}
    return {"event": "user", "text": text.strip(), "timestamp": ts, "metadata": metadata}


def test_transcript_keeps_the_childs_exact_words_and_shows_buttons_by_their_words():
    events = [
        {"event": "user", "text": "/start_session", "timestamp": 1.0, "metadata": {"verbatim": None}},
        {"event": "bot", "text": "What would you like to do?", "timestamp": 2.0,
         "data": {"buttons": [{"title": "Get ready for my meeting", "payload": "/prepare_meeting"}]}},
        _user("/prepare_meeting", payload="/prepare_meeting", ts=3.0),
        {"event": "bot", "text": "What is going well for you?", "timestamp": 4.0, "data": {}},
        _user("my dad hits me", verbatim="  my dad hits me 😢\n", ts=5.0),
    ]
    assert transcript(events) == [
        {"speaker": "bot", "text": "What would you like to do?", "at": "1970-01-01T00:00:02Z"},
        {"speaker": "child", "text": "Get ready for my meeting", "at": "1970-01-01T00:00:03Z"},
        {"speaker": "bot", "text": "What is going well for you?", "at": "1970-01-01T00:00:04Z"},
        {"speaker": "child", "text": "  my dad hits me 😢\n", "at": "1970-01-01T00:00:05Z"},
    ]


def test_transcript_keeps_only_the_last_twenty_turns():
    events = [_user(f"m{i}", ts=float(i + 1)) for i in range(30)]
    turns = transcript(events)
    assert len(turns) == 20 and turns[0]["text"] == "m10" and turns[-1]["text"] == "m29"


def test_today_only_when_the_deadline_is_on_the_councils_today():
    now = datetime(2026, 11, 23, 22, 30, tzinfo=timezone.utc)
    assert when_key("2026-11-23T23:30:00Z", now, "Europe/London") == "today"
    assert when_key("2026-11-24T00:30:00+00:00", now, "Europe/London") == "soon"
    assert when_key(None, now, "Europe/London") == "soon"
    assert when_key("not a date", now, "Europe/London") == "soon"
