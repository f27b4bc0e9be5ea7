"""Decide, without I/O, who must act on a flag, by when, and who hears when nobody did."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from backend.config import Settings
from backend.flags.models import FlagType
from backend.staff.models import StaffRole

DUTY_TEAM = StaffRole.DUTY.value
MANAGERS = StaffRole.MANAGER.value
ADVOCACY_SERVICE = StaffRole.ADVOCATE.value
# Complaints go to managers until councils ask for a separate complaints role; change it here only.
COMPLAINTS_TEAM = StaffRole.MANAGER.value
# Teams whose members see every flag routed to the team, allocated or not.
TEAM_ROLES: tuple[str, ...] = (DUTY_TEAM, MANAGERS, ADVOCACY_SERVICE)
# Allocation roles that make someone "the child's worker" for a handover.
ALLOCATED_WORKER_ROLES: tuple[str, ...] = (StaffRole.SOCIAL_WORKER.value, StaffRole.PERSONAL_ADVISER.value)
# A team with nobody active in it hands its flags to the first of these that has someone.
FALLBACK_TEAMS: tuple[str, ...] = (MANAGERS, DUTY_TEAM)
ADVOCACY_ACK_WORKING_DAYS = 1
MESSAGE_ACK_WORKING_DAYS = 1
COMPLAINT_STAGE_ONE_WORKING_DAYS = 10


@dataclass(frozen=True)
class WorkingHours:
    """The council's working week: hours, weekdays (Monday = 0) and bank holidays, in its timezone."""

    start: time
    end: time
    days: frozenset[int]
    holidays: frozenset[date]
    tz: ZoneInfo

    @classmethod
    def from_settings(cls, settings: Settings) -> "WorkingHours":
        """Build the working week from settings."""
        return cls(start=settings.working_hours_start, end=settings.working_hours_end,
                   days=frozenset(settings.working_days), holidays=frozenset(settings.bank_holidays),
                   tz=ZoneInfo(settings.timezone))

    def is_working_day(self, day: date) -> bool:
        """Return whether a local date is a working day."""
        return day.weekday() in self.days and day not in self.holidays

    def is_working_time(self, at: datetime) -> bool:
        """Return whether an instant falls inside working hours where the council is."""
        local = at.astimezone(self.tz)
        return self.is_working_day(local.date()) and self.start <= local.time() < self.end

    def local_date(self, at: datetime) -> date:
        """Return the council's date at an instant."""
        return at.astimezone(self.tz).date()

    def add_working_days(self, at: datetime, days: int) -> datetime:
        """Return the close of the `days`-th working day after the day of `at` (UTC)."""
        day, counted = self.local_date(at), 0
        while counted < days:
            day += timedelta(days=1)
            counted += self.is_working_day(day)
        return datetime.combine(day, self.end, tzinfo=self.tz).astimezone(timezone.utc)


@dataclass(frozen=True)
class Policy:
    """Everything routing and deadlines depend on, taken from settings once."""

    hours: WorkingHours
    safeguarding_ack: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> "Policy":
        """Build the policy from settings."""
        return cls(hours=WorkingHours.from_settings(settings),
                   safeguarding_ack=timedelta(minutes=settings.safeguarding_ack_minutes))


@dataclass(frozen=True)
class Target:
    """A team (every active member of a role) or one member of staff to hand a flag to."""

    team: str | None = None
    staff_id: int | None = None


def route(*, flag_type: str, verified: bool, allocated_worker_ids: Sequence[int], in_working_hours: bool,
          refer_to_advocacy: bool) -> list[Target]:
    """Return who a new flag goes to; the first target owns it, the others are told."""
    workers = [Target(staff_id=staff_id) for staff_id in allocated_worker_ids]
    if not verified:
        # Nobody knows whose conversation this is: the duty team finds out, whatever was flagged.
        return [Target(team=DUTY_TEAM)]
    if flag_type == FlagType.SAFEGUARDING:
        # A disclosure must reach someone who is working now.
        return workers if workers and in_working_hours else [Target(team=DUTY_TEAM)]
    if flag_type == FlagType.COMPLAINT:
        return [Target(team=COMPLAINTS_TEAM), *workers]
    if flag_type == FlagType.ADVOCACY:
        if refer_to_advocacy:
            return [Target(team=ADVOCACY_SERVICE), *workers]
        # The child asked about an advocate but said no to a referral: their worker follows it up.
        return workers or [Target(team=DUTY_TEAM)]
    if flag_type == FlagType.MESSAGE:
        # A message left for a person: the child's worker reads it, or the duty team if nobody is allocated.
        return workers or [Target(team=DUTY_TEAM)]
    raise ValueError(f"unknown flag type {flag_type!r}")


def deadline(*, flag_type: str, raised_at: datetime, policy: Policy) -> datetime:
    """Return when a flag escalates unless a person has acted on it."""
    if flag_type == FlagType.SAFEGUARDING:
        return raised_at + policy.safeguarding_ack  # around the clock: the duty team is always on
    if flag_type == FlagType.ADVOCACY:
        return policy.hours.add_working_days(raised_at, ADVOCACY_ACK_WORKING_DAYS)
    if flag_type == FlagType.COMPLAINT:
        return policy.hours.add_working_days(raised_at, COMPLAINT_STAGE_ONE_WORKING_DAYS)
    if flag_type == FlagType.MESSAGE:
        return policy.hours.add_working_days(raised_at, MESSAGE_ACK_WORKING_DAYS)
    raise ValueError(f"unknown flag type {flag_type!r}")


def escalation_targets(*, flag_type: str) -> list[Target]:
    """Return who hears when a flag's deadline passes unanswered."""
    if flag_type == FlagType.SAFEGUARDING:
        return [Target(team=MANAGERS), Target(team=DUTY_TEAM)]
    return [Target(team=MANAGERS)]


def staffed(targets: Sequence[Target], *,
            has_members: Callable[[str], bool]) -> tuple[list[Target], list[tuple[str, str | None]]]:
    """Swap each team nobody is in for the first fallback team that has someone; return targets and swaps made.

    A swap is (empty team, fallback team), or (empty team, None) when no fallback has anyone either; then the
    empty team keeps the route, so the flag is still stored and visible to whoever joins that team.
    """
    resolved: list[Target] = []
    swaps: list[tuple[str, str | None]] = []
    for target in targets:
        if target.team is not None and not has_members(target.team):
            fallback = next((team for team in FALLBACK_TEAMS if team != target.team and has_members(team)), None)
            swaps.append((target.team, fallback))
            target = Target(team=fallback) if fallback else target
        if target not in resolved:
            resolved.append(target)
    return resolved, swaps


def routed_to(*, flag_type: str, team: str | None, staff_id: int | None) -> str:
    """Name who owns a flag in words the bot can repeat to the child."""
    if staff_id is not None:
        return "allocated_worker"
    if team == DUTY_TEAM:
        return "duty_team"
    if team == ADVOCACY_SERVICE:
        return "advocacy_service"
    if team == COMPLAINTS_TEAM and flag_type == FlagType.COMPLAINT:
        return "complaints_team"
    return "managers" if team == MANAGERS else str(team)
