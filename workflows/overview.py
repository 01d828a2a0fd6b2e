"""The township dashboard: one row per village — current stages, next deadline, late steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Township, Village
from workflows.calendar import Milestone
from workflows.holidays import WorkdayCalendar
from workflows.stages import StageContext, Track, current_stage
from workflows.text import Msg, msg
from workflows.townships import current_election, profile_of


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
    """Rows for every village of the township, in name order."""
    profile = profile_of(township)
    workdays = WorkdayCalendar.load(session)
    villages = session.scalars(
        select(Village).where(Village.township_id == township.id)
        .options(selectinload(Village.groups)).order_by(Village.name)
    ).all()
    return [_row(session, village, profile, workdays, today) for village in villages]


def _row(session, village, profile, workdays, today) -> VillageRow:
    election = current_election(session, village)
    if election is None:
        unset = msg("未设置换届")
        return VillageRow(village.id, village.name, None, "", unset, unset, None)
    context = StageContext(session, election, profile, today, workdays)
    schedule = context.schedule
    return VillageRow(
        village.id, village.name, election.id, election.term_label,
        _stage_label(context, Track.PARTY), _stage_label(context, Track.VC),
        schedule.next_open(), schedule.late(),
    )


def _stage_label(context: StageContext, track: Track) -> Msg:
    stage = current_stage(context, track)
    if stage is None:
        return msg("已全部完成")
    return msg("{title}", title=stage.title)
