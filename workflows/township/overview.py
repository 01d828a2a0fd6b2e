"""The township dashboard: one row per village — current stages, next deadline, late steps.

Everything is loaded with a handful of queries for the whole township (not per village),
because the overview is the first screen and must stay instant with 40 villages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ElectionProcess, StageState, Township, Village
from workflows.core import names
from workflows.core.calendar import Milestone, load_facts
from workflows.core.holidays import WorkdayCalendar
from workflows.core.stages import StageContext, Track, current_stage
from workflows.core.text import Msg, msg
from workflows.township.townships import profile_of


@dataclass(frozen=True)
class VillageRow:
    """One line of the township overview."""

    village_id: int
    village_name: str
    election_id: int | None
    term_label: str
    party_stage: Msg
    vc_stage: Msg
    next_milestone: Milestone | None
    late: list[Milestone] = field(default_factory=list)

    @property
    def days_left(self) -> int | None:
        """Days until the next deadline (negative when late)."""
        return self.next_milestone.days_left if self.next_milestone else None


def township_overview(session: Session, township: Township, today: date) -> list[VillageRow]:
    """Rows for every village of the township, in surname-stroke order of the village names."""
    profile = profile_of(township)
    workdays = WorkdayCalendar.load(session)
    villages = session.scalars(select(Village).where(Village.township_id == township.id)).all()
    elections = _newest_elections(session, [v.id for v in villages])
    states, facts = _stage_data(session, [e.id for e in elections.values()])
    rows = []
    for village in names.ordered(session, villages, lambda v: v.name):
        election = elections.get(village.id)
        if election is None:
            unset = msg("未设置换届")
            rows.append(VillageRow(village.id, village.name, None, "", unset, unset, None))
            continue
        context = StageContext(session, election, profile, today, workdays,
                               states[election.id], facts[election.id])
        rows.append(VillageRow(
            village.id, village.name, election.id, election.term_label,
            _stage_label(context, Track.PARTY), _stage_label(context, Track.VC),
            context.schedule.next_open(), context.schedule.late()))
    return rows


def _newest_elections(session: Session, village_ids: list[int]) -> dict[int, ElectionProcess]:
    newest: dict[int, ElectionProcess] = {}
    query = select(ElectionProcess).where(ElectionProcess.village_id.in_(village_ids))
    for election in session.scalars(query.order_by(ElectionProcess.id)):
        newest[election.village_id] = election
    return newest


def _stage_data(session: Session, election_ids: list[int]):
    """Stage states and known dates per election, three queries in all."""
    states: dict[int, dict[str, StageState]] = defaultdict(dict)
    for state in session.scalars(select(StageState).where(StageState.election_id.in_(election_ids))):
        states[state.election_id][state.stage_key] = state
    return states, load_facts(session, election_ids)


def _stage_label(context: StageContext, track: Track) -> Msg:
    stage = current_stage(context, track)
    if stage is None:
        return msg("已全部完成")
    return msg("{title}", title=stage.title)
