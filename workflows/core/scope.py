"""The election scope: one village's election with what every rule of an action needs.

An action (a clerk's click, a stage check, a document) opens one scope from the election's
id and passes it down: the election, its village and township, the township's rules
profile, today's date, the working-day calendar, the legal schedule and the stage states.
Each is read once per scope, never looked up again by the helpers it is passed to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ElectionProcess, StageState, Township, Village
from workflows.core import config
from workflows.core.calendar import (
    CalendarContext,
    Schedule,
    build_schedule,
    clear_fact,
    load_facts,
    load_reasons,
    record_fact,
)
from workflows.core.holidays import WorkdayCalendar
from workflows.core.paper import number_format
from workflows.core.policy import RulesProfile

if TYPE_CHECKING:
    from workflows.core.stages import StageStatus


def township_profile(township: Township) -> RulesProfile:
    """The township's rules profile (parsed once per stored text)."""
    return RulesProfile.from_json(township.rules_profile)


@dataclass
class ElectionScope:
    """Everything an action on one election may look at; built once, passed down."""

    session: Session
    election: ElectionProcess
    village: Village
    township: Township
    profile: RulesProfile
    today: date
    preloaded_workdays: WorkdayCalendar | None = None
    preloaded_states: dict[str, StageState] | None = None  # batch loaders (overview) fill these
    preloaded_facts: dict[str, date] | None = None
    preloaded_reasons: dict[str, str] | None = None

    @property
    def election_id(self) -> int:
        return self.election.id

    def notice_number(self) -> Callable[[int], str]:
        """How this township writes the number line of the village's notices."""
        return number_format(self.profile, self.village.name)

    @cached_property
    def workdays(self) -> WorkdayCalendar:
        """Working days and holidays (CONV-06), read once per scope."""
        return self.preloaded_workdays or WorkdayCalendar.load(self.session)

    @cached_property
    def facts(self) -> dict[str, date]:
        """Dates of the steps done on paper, by milestone key."""
        if self.preloaded_facts is not None:
            return self.preloaded_facts
        return load_facts(self.session, [self.election.id])[self.election.id]

    @cached_property
    def reasons(self) -> dict[str, str]:
        """The notes recorded with those dates (why a step was late)."""
        if self.preloaded_reasons is not None:
            return self.preloaded_reasons
        return load_reasons(self.session, [self.election.id])[self.election.id]

    @cached_property
    def schedule(self) -> Schedule:
        """The election's legal calendar, computed once per scope."""
        return self.schedule_on(self.today)

    def schedule_on(self, day: date) -> Schedule:
        """The legal calendar as it stood on ``day`` (a notice dated that day)."""
        return build_schedule(CalendarContext(self.election, self.profile, self.workdays,
                                              self.facts, self.reasons), day)

    @cached_property
    def states(self) -> dict[str, StageState]:
        """Stored stage states by key (missing = open, never touched)."""
        if self.preloaded_states is not None:
            return self.preloaded_states
        rows = self.session.scalars(
            select(StageState).where(StageState.election_id == self.election.id))
        return {state.stage_key: state for state in rows}

    def status(self, stage_key: str) -> StageStatus:
        """The stage's status; a stage never touched is open."""
        from workflows.core.stages import StageStatus

        state = self.states.get(stage_key)
        return StageStatus(state.status) if state else StageStatus.OPEN

    def is_done(self, stage_key: str) -> bool:
        """Whether the stage's work is done: completed, and its work is one the program
        records (a stage completed before that counts as not done)."""
        from workflows.core.stages import StageStatus, is_supported

        return self.status(stage_key) == StageStatus.DONE and is_supported(stage_key)

    def record_fact(self, key: str, day: date, note: str = "") -> None:
        """Record (or correct) the day a dated step happened; the schedule follows."""
        record_fact(self.session, self.election, key, day, note)
        self._forget_facts()

    def clear_fact(self, key: str) -> None:
        """Remove a recorded date (e.g. entered by mistake)."""
        clear_fact(self.session, self.election, key)
        self._forget_facts()

    def _forget_facts(self) -> None:
        self.preloaded_facts = self.preloaded_reasons = None
        for name in ("facts", "reasons", "schedule"):
            self.__dict__.pop(name, None)


def open_scope(session: Session, election: int | ElectionProcess, today: date | None = None,
               profile: RulesProfile | None = None) -> ElectionScope:
    """The scope of one stored election (by id or entity) under its township's rules.

    ``profile`` replaces the township's (what-if checks, tests of a preset); ``today``
    defaults to the program's today (pinned by ``VEW_TODAY`` in demos and tests).
    """
    if not isinstance(election, ElectionProcess):
        found = session.get(ElectionProcess, election)
        if found is None:
            raise LookupError(f"election {election} not found")
        election = found
    village = session.get(Village, election.village_id)
    township = session.get(Township, village.township_id)
    return ElectionScope(session, election, village, township,
                         profile or township_profile(township), today or config.today())
