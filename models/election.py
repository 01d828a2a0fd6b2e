"""One village's election process for one term (本届换届) and its stage states."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped, utcnow

if TYPE_CHECKING:
    from models.township import Village


class ElectionProcess(Timestamped, Base):
    """Both tracks of a village's term change: the Party organisation and the villager committee.

    Seats: the Party committee has ``party_members`` members in all, of whom one is the
    secretary and ``party_deputies`` are deputy secretaries; the villager committee has
    one chair, ``vc_vice_chairs`` vice chairs and ``vc_members`` further members.
    """

    __tablename__ = "election_process"
    __table_args__ = (UniqueConstraint("village_id", "term_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id", ondelete="CASCADE"))
    term_label: Mapped[str] = mapped_column(String(20), info={"label": "届次"})
    party_election_day: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "党员大会选举日"})
    committee_election_day: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "村委会选举日"})
    party_members: Mapped[int] = mapped_column(Integer, default=5, info={"label": "党组织委员职数"})
    party_deputies: Mapped[int] = mapped_column(Integer, default=0, info={"label": "副书记职数"})
    vc_chairs: Mapped[int] = mapped_column(Integer, default=1, info={"label": "主任职数"})
    vc_vice_chairs: Mapped[int] = mapped_column(Integer, default=1, info={"label": "副主任职数"})
    vc_members: Mapped[int] = mapped_column(Integer, default=3, info={"label": "委员职数"})
    notes: Mapped[str] = mapped_column(Text, default="", info={"label": "备注"})

    village: Mapped[Village] = relationship(back_populates="elections")
    stages: Mapped[list[StageState]] = relationship(
        back_populates="election", cascade="all, delete-orphan"
    )
    facts: Mapped[list[MilestoneFact]] = relationship(
        back_populates="election", cascade="all, delete-orphan"
    )

    @property
    def vc_total(self) -> int:
        """Seats on the villager committee in all."""
        return self.vc_chairs + self.vc_vice_chairs + self.vc_members


class StageState(Base):
    """The stored status of one stage of one election: open, done or reopened.

    Not audited automatically: the stage machine writes an explicit, readable event
    (advance, reopen, with the reason) for every transition.
    """

    __tablename__ = "stage_state"
    __audited__ = False
    __table_args__ = (UniqueConstraint("election_id", "stage_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(
        ForeignKey("election_process.id", ondelete="CASCADE")
    )
    stage_key: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(12), default="open")
    # The day the step was completed in the village (may differ from when it was entered).
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(60), default="")

    election: Mapped[ElectionProcess] = relationship(back_populates="stages")


class MilestoneFact(Base):
    """The day a dated step actually happened (e.g. the voter list was posted).

    The legal calendar compares these dates with the deadlines; stage modules record
    them automatically when the program itself performs the step, and the clerk can
    record them by hand for steps done on paper.
    """

    __tablename__ = "milestone_fact"
    __table_args__ = (UniqueConstraint("election_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(
        ForeignKey("election_process.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(60), info={"label": "事项"})
    day: Mapped[date] = mapped_column(Date, info={"label": "日期"})
    note: Mapped[str] = mapped_column(Text, default="", info={"label": "说明"})

    election: Mapped[ElectionProcess] = relationship(back_populates="facts")
