"""海选提名 (VC-12, GC-19), candidates per office (VC-13, GC-12, SD-25), withdrawals (PV-05), the
formal list (SD-24, SO-01/SO-04) and the candidates' meeting (VC-14)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped

# A nominee's way through the track (VcCandidate.status):
#   nominee       on the nomination ranking of an office, not (yet) a candidate
#   candidate     chosen as a candidate of that office (VC-13, GC-12, SD-25)
#   formal        confirmed after the qualification review, on the formal list (SD-24)
#   declined      nominated for two offices, stands for the other one (recorded choice)
#   withdrawn     withdrew in writing (PV-05; status_on is the day it was received)
#   disqualified  failed the qualification review (SD-40); status_reason says why
VC_CANDIDATE_STATUSES = ("nominee", "candidate", "formal", "declined", "withdrawn", "disqualified")


class VcCandidate(Timestamped, Base):
    """One registered voter nominated for one office of the villager committee."""

    __tablename__ = "vc_candidate"
    __table_args__ = (UniqueConstraint("election_id", "voter_id", "office"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    voter_id: Mapped[int] = mapped_column(ForeignKey("voter.id", ondelete="CASCADE"))
    # Copied from the roll when nominated: the record stays readable as it was nominated.
    name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    id_number: Mapped[str] = mapped_column(String(18), info={"label": "公民身份号码"})
    sex: Mapped[str] = mapped_column(String(2), info={"label": "性别"})
    birth_date: Mapped[date] = mapped_column(Date, info={"label": "出生日期"})
    office: Mapped[str] = mapped_column(String(12), info={"label": "职务"})  # workflows.villager.offices
    nomination_votes: Mapped[int] = mapped_column(Integer, default=0, info={"label": "提名票数"})
    status: Mapped[str] = mapped_column(String(12), default="nominee", info={"label": "状态"})
    status_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "状态日期"})
    status_reason: Mapped[str] = mapped_column(Text, default="", info={"label": "原因"})
    women_seat: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "妇女名额（SD-25）"})
    # The nomination day (SD-40 counts the 十不选 windows from it), never the day it was typed.
    nominated_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "提名日期"})
