"""The township dashboard: one row per village — current stages, next deadline, late steps.

Everything is loaded with a handful of queries for the whole township (not per village),
because the overview is the first screen and must stay instant with 40 villages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ElectionProcess, StageState, Township, Village
from workflows.core import names
from workflows.core.calendar import Milestone, load_facts, load_reasons
from workflows.core.holidays import WorkdayCalendar
from workflows.core.scope import ElectionScope, open_scope, township_profile
from workflows.core.stages import Track, TrackView, current_stage, navigator
from workflows.core.text import Msg, msg
from workflows.township.townships import current_election


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
    finished: bool = False  # both tracks done, every stage (no deadline left is not enough)

    @property
    def days_left(self) -> int | None:
        """Days until the next deadline (negative when late)."""
        return self.next_milestone.days_left if self.next_milestone else None


def township_overview(session: Session, township_id: int, today: date) -> list[VillageRow]:
    """Rows for every village of the township, in surname-stroke order of the village names."""
    villages = session.scalars(select(Village).where(Village.township_id == township_id)).all()
    return _rows(session, names.ordered(session, villages, lambda v: v.name), today)


def village_row(session: Session, village_id: int, today: date) -> VillageRow:
    """The overview row of one village (after a change to its election)."""
    return _rows(session, [session.get(Village, village_id)], today)[0]


def _rows(session: Session, villages: list[Village], today: date) -> list[VillageRow]:
    """Overview rows with a handful of queries in all, whatever the number of villages."""
    if not villages:
        return []
    township = session.get(Township, villages[0].township_id)
    profile = township_profile(township)
    workdays = WorkdayCalendar.load(session)
    elections = _newest_elections(session, [v.id for v in villages])
    states, facts, reasons = _stage_data(session, [e.id for e in elections.values()])
    rows = []
    for village in villages:
        election = elections.get(village.id)
        if election is None:
            unset = msg("未设置换届")
            rows.append(VillageRow(village.id, village.name, None, "", unset, unset, None))
            continue
        context = ElectionScope(session, election, village, township, profile, today, workdays,
                                states[election.id], facts[election.id], reasons[election.id])
        rows.append(VillageRow(
            village.id, village.name, election.id, election.term_label,
            _stage_label(context, Track.PARTY), _stage_label(context, Track.VC),
            context.schedule.next_open(), context.schedule.late(),
            all(current_stage(context, track) is None for track in (Track.PARTY, Track.VC))))
    return rows


def _newest_elections(session: Session, village_ids: list[int]) -> dict[int, ElectionProcess]:
    newest: dict[int, ElectionProcess] = {}
    query = select(ElectionProcess).where(ElectionProcess.village_id.in_(village_ids))
    for election in session.scalars(query.order_by(ElectionProcess.id)):
        newest[election.village_id] = election
    return newest


def _stage_data(session: Session, election_ids: list[int]):
    """Stage states, known dates and their notes per election, four queries in all."""
    states: dict[int, dict[str, StageState]] = defaultdict(dict)
    for state in session.scalars(select(StageState).where(StageState.election_id.in_(election_ids))):
        states[state.election_id][state.stage_key] = state
    return states, load_facts(session, election_ids), load_reasons(session, election_ids)


def _stage_label(context: ElectionScope, track: Track) -> Msg:
    stage = current_stage(context, track)
    if stage is None:
        return msg("已全部完成")
    return msg("{title}", title=stage.title)


@dataclass(frozen=True)
class VillageView:
    """A village page's content: the village, its newest election and that election's state."""

    village_id: int
    name: str
    population: int
    households: int
    group_count: int
    election_id: int | None = None
    term_label: str = ""
    party_election_day: date | None = None
    committee_election_day: date | None = None
    seats: tuple[int, int, int, int] = (0, 0, 0, 0)  # chairs, vice chairs, members, party members
    tracks: list[TrackView] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    calendar_warnings: list[Msg] = field(default_factory=list)


def village_view(session: Session, village_id: int, today: date) -> VillageView | None:
    """What the village page shows; None when the village no longer exists."""
    village = session.get(Village, village_id)
    if village is None:
        return None
    view = VillageView(village.id, village.name, village.population, village.households,
                       len(village.groups))
    election = current_election(session, village_id)
    if election is None:
        return view
    scope = open_scope(session, election, today)
    return replace(
        view, election_id=election.id, term_label=election.term_label,
        party_election_day=election.party_election_day,
        committee_election_day=election.committee_election_day,
        seats=(election.vc_chairs, election.vc_vice_chairs, election.vc_members,
               election.party_members),
        tracks=navigator(scope), milestones=scope.schedule.milestones,
        calendar_warnings=scope.schedule.warnings)
