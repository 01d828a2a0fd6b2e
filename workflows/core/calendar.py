"""The legal calendar: dated milestones of one village's election, with their status.

Counting follows the rules profile: “选举日N日前” (CONV-04), “自…之日起N日内” with
the rest-day extension (CONV-03, CONV-05), and working days (CONV-06). Stage modules
add their own milestones through :func:`register_milestones`, without editing this
module, and record the dates steps actually happened as ``MilestoneFact`` rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ElectionProcess, MilestoneFact, StageState
from workflows.core.holidays import WorkdayCalendar
from workflows.core.policy import RulesProfile
from workflows.core.text import N_, Msg, format_date, msg

DUE_SOON_DAYS = 3  # “due within 3 days” on the dashboard


class Status(StrEnum):
    """Where a milestone stands today."""

    DONE = "done"
    LATE = "late"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"
    CLOSED = "closed"  # a window (e.g. for objections) whose last day has passed


STATUS_LABELS = {
    Status.DONE: N_("已完成"),
    Status.LATE: N_("已逾期"),
    Status.DUE_SOON: N_("即将到期"),
    Status.UPCOMING: N_("未到期"),
    Status.CLOSED: N_("已截止"),
}


class Kind(StrEnum):
    """What a milestone's date means."""

    DEADLINE = "deadline"  # an act that must be done (and recorded) by the date
    WINDOW = "window"  # the last day of a period others may use (objections, proxies)
    EVENT = "event"  # the day something is scheduled to happen (the vote)


@dataclass(frozen=True)
class Milestone:
    """A dated step: what must happen by when, on which rule, and whether it did."""

    key: str
    track: str  # "party" or "vc"
    stage_key: str
    kind: Kind
    title: Msg
    rule_ids: tuple[str, ...]
    due: date
    basis: Msg
    done_on: date | None = None
    status: Status = Status.UPCOMING
    days_left: int = 0
    late_reason: str = ""  # why a deadline was met late, as recorded with the date

    @property
    def done_late_by(self) -> int:
        """Days by which a recorded deadline was missed (0 if on time or not done)."""
        if self.kind != Kind.DEADLINE or self.done_on is None:
            return 0
        return max(0, (self.done_on - self.due).days)

    @property
    def late_unexplained(self) -> bool:
        """Done after its deadline with no reason recorded: still shown as late."""
        return self.done_late_by > 0 and not self.late_reason.strip()


@dataclass(frozen=True)
class Schedule:
    """Milestones in date order, plus warnings about the counting (e.g. missing holidays)."""

    milestones: list[Milestone]
    warnings: list[Msg] = field(default_factory=list)

    def next_open(self) -> Milestone | None:
        """The earliest milestone still to come or overdue (late ones first, being earlier)."""
        pending = (Status.LATE, Status.DUE_SOON, Status.UPCOMING)
        return next((m for m in self.milestones if m.status in pending), None)

    def for_stage(self, stage_key: str) -> list[Milestone]:
        """The milestones belonging to one stage."""
        return [m for m in self.milestones if m.stage_key == stage_key]

    def late(self) -> list[Milestone]:
        """Milestones past their date and not done, or done late with no reason recorded."""
        return [m for m in self.milestones if m.status == Status.LATE or m.late_unexplained]


@dataclass(frozen=True)
class CalendarContext:
    """What milestone rules compute from: the election, its facts and the counting rules."""

    election: ElectionProcess
    profile: RulesProfile
    workdays: WorkdayCalendar
    facts: dict[str, date]
    reasons: dict[str, str] = field(default_factory=dict)  # notes recorded with the facts

    def days_before(self, day: date, days: int) -> date:
        """Latest day for “选举日N日前” (CONV-04: lenient ≤ E−N, strict ≤ E−N−1)."""
        strict = self.profile.get("days_before_rule") == "strict"
        return day - timedelta(days=days + (1 if strict else 0))

    def within(self, start: date, days: int) -> date:
        """Last day of “自…之日起N日内” (CONV-05), moved past rest days (CONV-03)."""
        end = start + timedelta(days=days)
        if self.profile.get("extend_on_rest_day"):
            end = self.workdays.next_workday(end)
        return end


@dataclass(frozen=True)
class Draft:
    """A milestone before its status is known: the rule's output."""

    key: str
    stage_key: str
    title: Msg
    rule_ids: tuple[str, ...]
    due: date
    basis: Msg
    kind: Kind = Kind.DEADLINE
    done_by: tuple[str, ...] = ()  # fact keys, first present wins; default: (key,)

    @property
    def track(self) -> str:
        """The track, from the stage key's prefix (``vc.`` or ``party.``)."""
        return self.stage_key.split(".", 1)[0]


MilestoneRule = Callable[[CalendarContext], list[Draft]]
_RULES: list[MilestoneRule] = []


def register_milestones(rule: MilestoneRule) -> MilestoneRule:
    """Add a function producing milestones (usable as a decorator)."""
    _RULES.append(rule)
    return rule


def load_facts(session: Session, election_ids: list[int]) -> dict[int, dict[str, date]]:
    """Known dates per election: recorded milestone facts and ``stage:<key>`` completions.

    Facts have one home, the ``milestone_fact`` table: stage modules record a fact there
    when the program performs the step (e.g. publishing the voter list), so one query per
    table serves one election or a whole township.
    """
    facts: dict[int, dict[str, date]] = {election_id: {} for election_id in election_ids}
    done = select(StageState.election_id, StageState.stage_key, StageState.completed_on).where(
        StageState.election_id.in_(election_ids), StageState.status == "done",
        StageState.completed_on.is_not(None))
    for election_id, key, day in session.execute(done):
        facts[election_id][f"stage:{key}"] = day
    recorded = select(MilestoneFact.election_id, MilestoneFact.key, MilestoneFact.day).where(
        MilestoneFact.election_id.in_(election_ids))
    for election_id, key, day in session.execute(recorded):
        facts[election_id][key] = day
    return facts


def load_reasons(session: Session, election_ids: list[int]) -> dict[int, dict[str, str]]:
    """The notes recorded with the facts (why a step was late), per election."""
    reasons: dict[int, dict[str, str]] = {election_id: {} for election_id in election_ids}
    recorded = select(MilestoneFact.election_id, MilestoneFact.key, MilestoneFact.note).where(
        MilestoneFact.election_id.in_(election_ids), MilestoneFact.note != "")
    for election_id, key, note in session.execute(recorded):
        reasons[election_id][key] = note
    return reasons


def build_schedule(context: CalendarContext, today: date) -> Schedule:
    """Compute and date-order every registered milestone for one election."""
    from workflows.core.domains import load_milestone_rules

    load_milestone_rules()

    drafts = [draft for rule in _RULES for draft in rule(context)]
    milestones = sorted(
        (_with_status(draft, context.facts, context.reasons, today) for draft in drafts),
        key=lambda m: (m.due, m.track, m.key),
    )
    warnings = context.workdays.warnings(m.due for m in milestones)
    return Schedule(milestones, warnings)


def schedule_for(
    session: Session, election: ElectionProcess, profile: RulesProfile, today: date,
    workdays: WorkdayCalendar | None = None,
) -> Schedule:
    """The schedule of a stored election, with facts read from the database."""
    workdays = workdays or WorkdayCalendar.load(session)
    context = CalendarContext(election, profile, workdays, load_facts(session, [election.id])[election.id])
    return build_schedule(context, today)


def _with_status(draft: Draft, facts: dict[str, date], reasons: dict[str, str],
                 today: date) -> Milestone:
    keys = draft.done_by or (draft.key,)
    done_on = next((facts[key] for key in keys if key in facts), None)
    reason = next((reasons[key] for key in keys if key in facts and reasons.get(key)), "")
    days_left = (draft.due - today).days
    if done_on is not None:
        status = Status.DONE
    elif days_left < 0:
        status = Status.CLOSED if draft.kind == Kind.WINDOW else Status.LATE
    elif days_left <= DUE_SOON_DAYS:
        status = Status.DUE_SOON
    else:
        status = Status.UPCOMING
    return Milestone(
        draft.key, draft.track, draft.stage_key, draft.kind, draft.title, draft.rule_ids,
        draft.due, draft.basis, done_on, status, days_left, reason,
    )


def describe_days_before(day: date, days: int) -> Msg:
    """Explain a “N日前” date for the basis column."""
    return msg("选举日{day}的{days}日前", day=format_date(day), days=days)


def record_fact(session: Session, election: ElectionProcess, key: str, day: date,
                note: str = "") -> MilestoneFact:
    """Record (or correct) the day a dated step happened."""
    fact = session.scalars(select(MilestoneFact).where(
        MilestoneFact.election_id == election.id, MilestoneFact.key == key)).first()
    if fact is None:
        fact = MilestoneFact(election_id=election.id, key=key)
        session.add(fact)
    fact.day = day
    fact.note = note.strip()
    session.flush()
    return fact


def clear_fact(session: Session, election: ElectionProcess, key: str) -> None:
    """Remove a recorded date (e.g. entered by mistake)."""
    fact = session.scalars(select(MilestoneFact).where(
        MilestoneFact.election_id == election.id, MilestoneFact.key == key)).first()
    if fact is not None:
        session.delete(fact)
        session.flush()
