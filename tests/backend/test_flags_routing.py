"""The routing table and the council's working week decide who gets a flag and by when, without I/O."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from backend.config import Settings
from backend.flags.routing import Policy, Target, WorkingHours, deadline, escalation_targets, route

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 23)
CHRISTMAS = date(2026, 12, 25)  # a Friday
HOURS = WorkingHours(start=time(9), end=time(17), days=frozenset(range(5)),
                     holidays=frozenset({CHRISTMAS, date(2026, 12, 28)}), tz=LONDON)
POLICY = Policy(hours=HOURS, safeguarding_ack=timedelta(minutes=60))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """Return a London wall-clock instant."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(("label", "instant", "working"), [
    ("Monday 09:00 opens the day", at(MONDAY, 9), True),
    ("Monday 16:59 is still in hours", at(MONDAY, 16, 59), True),
    ("Monday 17:00 is out of hours", at(MONDAY, 17), False),
    ("Monday 08:59 is out of hours", at(MONDAY, 8, 59), False),
    ("Saturday noon is out of hours", at(MONDAY + timedelta(days=5), 12), False),
    ("Christmas Day (a Friday) noon is a bank holiday", at(CHRISTMAS, 12), False),
    ("a summer Monday 09:30 BST is in hours", at(date(2026, 7, 6), 9, 30), True),
    ("08:30 UTC on a summer Monday is 09:30 BST", datetime(2026, 7, 6, 8, 30, tzinfo=timezone.utc), True),
])
def test_working_time_follows_council_hours_weekends_and_bank_holidays(label, instant, working):
    assert HOURS.is_working_time(instant) is working, label


@pytest.mark.parametrize(("label", "flag_type", "verified", "workers", "in_hours", "refer", "expected"), [
    ("safeguarding in hours goes to the allocated worker", "safeguarding", True, [7], True, False,
     [Target(staff_id=7)]),
    ("safeguarding in hours with two workers goes to both, the first owns it", "safeguarding", True, [7, 8], True,
     False, [Target(staff_id=7), Target(staff_id=8)]),
    ("safeguarding out of hours goes to the duty team", "safeguarding", True, [7], False, False,
     [Target(team="duty")]),
    ("safeguarding with nobody allocated goes to the duty team", "safeguarding", True, [], True, False,
     [Target(team="duty")]),
    ("an unverified sender's safeguarding goes to the duty team", "safeguarding", False, [], True, False,
     [Target(team="duty")]),
    ("a complaint goes to the complaints team and the worker is told", "complaint", True, [7], False, False,
     [Target(team="manager"), Target(staff_id=7)]),
    ("an advocacy request goes to the advocacy service and the worker is told", "advocacy", True, [7], True, True,
     [Target(team="advocate"), Target(staff_id=7)]),
    ("advocacy without consent to refer stays with the worker", "advocacy", True, [7], True, False,
     [Target(staff_id=7)]),
    ("advocacy without consent and nobody allocated goes to duty", "advocacy", True, [], True, False,
     [Target(team="duty")]),
    ("an unverified complaint goes to the duty team", "complaint", False, [], True, False, [Target(team="duty")]),
])
def test_routing_table(label, flag_type, verified, workers, in_hours, refer, expected):
    assert route(flag_type=flag_type, verified=verified, allocated_worker_ids=workers, in_working_hours=in_hours,
                 refer_to_advocacy=refer) == expected, label


def test_safeguarding_deadline_is_the_acknowledgement_window_around_the_clock():
    raised = at(MONDAY + timedelta(days=5), 23, 30)  # Saturday night
    assert deadline(flag_type="safeguarding", raised_at=raised, policy=POLICY) == raised + timedelta(minutes=60)


@pytest.mark.parametrize(("label", "raised", "due"), [
    ("Monday morning is due by close of Tuesday", at(MONDAY, 10), at(MONDAY + timedelta(days=1), 17)),
    ("Friday afternoon is due by close of Monday", at(MONDAY + timedelta(days=4), 16), at(MONDAY + timedelta(days=7), 17)),
    ("Saturday is due by close of Monday", at(MONDAY + timedelta(days=5), 12), at(MONDAY + timedelta(days=7), 17)),
    ("Christmas Eve skips Christmas, the weekend and the bank holiday Monday", at(date(2026, 12, 24), 12),
     at(date(2026, 12, 29), 17)),
])
def test_advocacy_deadline_is_one_working_day(label, raised, due):
    assert deadline(flag_type="advocacy", raised_at=raised, policy=POLICY) == due, label


def test_complaint_deadline_is_ten_working_days():
    assert deadline(flag_type="complaint", raised_at=at(MONDAY, 10), policy=POLICY) == at(date(2026, 12, 7), 17)


def test_safeguarding_escalates_to_managers_and_duty_others_to_managers():
    assert escalation_targets(flag_type="safeguarding") == [Target(team="manager"), Target(team="duty")]
    assert escalation_targets(flag_type="complaint") == [Target(team="manager")]
    assert escalation_targets(flag_type="advocacy") == [Target(team="manager")]


def test_policy_reads_hours_and_bank_holidays_from_the_environment(monkeypatch):
    monkeypatch.setenv("MYSAY_BANK_HOLIDAYS", "2026-12-25, 2026-12-28")
    monkeypatch.setenv("MYSAY_WORKING_HOURS_START", "08:30")
    monkeypatch.setenv("MYSAY_WORKING_DAYS", "mon,tue,wed,thu")
    monkeypatch.setenv("MYSAY_SAFEGUARDING_ACK_MINUTES", "30")
    policy = Policy.from_settings(Settings())
    assert policy.hours.holidays == {CHRISTMAS, date(2026, 12, 28)}
    assert policy.hours.is_working_time(at(MONDAY, 8, 45))
    assert not policy.hours.is_working_time(at(MONDAY + timedelta(days=4), 10))  # Friday is not a working day here
    assert policy.safeguarding_ack == timedelta(minutes=30)


def test_settings_refuse_working_hours_that_end_before_they_start():
    with pytest.raises(ValueError):
        Settings(working_hours_start=time(17), working_hours_end=time(9))
