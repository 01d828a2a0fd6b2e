"""海选提名 (VC-12, GC-19), candidates per office (VC-13, GC-12, SD-25), withdrawals (PV-05), the
formal list (SD-24, SO-01/SO-04) and the candidates' meeting (VC-14)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    # Votes in a further nomination vote among nominees tied at an office's cut-off (GC-12).
    tiebreak_votes: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "再次提名票数"})


class VcNomination(Timestamped, Base):
    """The election's open nomination (海选): its day, how it is entered, the formal list's posting."""

    __tablename__ = "vc_nomination"
    __table_args__ = (UniqueConstraint("election_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "提名日期"})
    # "ballots": nomination ballots entered one by one; "totals": totals per nominee from tally sheets.
    mode: Mapped[str] = mapped_column(String(8), default="ballots", info={"label": "录入方式"})
    # Totals mode: how many villagers handed in a nomination ballot (checked against the roll).
    nominators: Mapped[int] = mapped_column(Integer, default=0, info={"label": "提名人数"})
    determined_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "确定候选人日期"})
    formal_posted_on: Mapped[date | None] = mapped_column(Date, nullable=True,
                                                          info={"label": "正式候选人名单公布日期"})
    formal_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), nullable=True, info={"label": "正式候选人名单公告"})


class VcCandidateQuota(Timestamped, Base):
    """How many candidates an office gets, as the election committee decided within the profile's
    range (GC-12); an office whose range is one number needs no decision."""

    __tablename__ = "vc_candidate_quota"
    __table_args__ = (UniqueConstraint("election_id", "office"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    office: Mapped[str] = mapped_column(String(12), info={"label": "职务"})
    candidates: Mapped[int] = mapped_column(Integer, info={"label": "候选人数"})
    decided_on: Mapped[date] = mapped_column(Date, info={"label": "决定日期"})
    basis: Mapped[str] = mapped_column(Text, default="", info={"label": "决定依据"})


class VcNominationBallot(Base):
    """One nomination ballot (提名票) as entered; an office named by more people than its seats is
    invalid on this ballot only (GC-19)."""

    __tablename__ = "vc_nomination_ballot"
    __table_args__ = (UniqueConstraint("election_id", "serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    serial: Mapped[int] = mapped_column(Integer, info={"label": "录入序号"})
    invalid_offices: Mapped[str] = mapped_column(String(40), default="", info={"label": "无效职务"})


class VcNominationMark(Base):
    """One name written on a nomination ballot for one office (``valid`` is False when that
    office is invalid on the ballot)."""

    __tablename__ = "vc_nomination_mark"
    __table_args__ = (Index("ix_vc_nomination_mark_count", "election_id", "office", "voter_id", "valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    ballot_id: Mapped[int] = mapped_column(ForeignKey("vc_nomination_ballot.id", ondelete="CASCADE"),
                                           index=True)
    office: Mapped[str] = mapped_column(String(12), info={"label": "职务"})
    voter_id: Mapped[int] = mapped_column(ForeignKey("voter.id", ondelete="CASCADE"), info={"label": "被提名人"})
    valid: Mapped[bool] = mapped_column(Boolean, default=True, info={"label": "有效"})
    # Lets a ballot and its marks be inserted in one flush (one audit pass per ballot entered).
    ballot: Mapped[VcNominationBallot] = relationship()


class VcNominationTotal(Timestamped, Base):
    """Nomination votes of one nominee for one office, as summed on the tally sheets."""

    __tablename__ = "vc_nomination_total"
    __table_args__ = (UniqueConstraint("election_id", "office", "voter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    office: Mapped[str] = mapped_column(String(12), info={"label": "职务"})
    voter_id: Mapped[int] = mapped_column(ForeignKey("voter.id", ondelete="CASCADE"), info={"label": "被提名人"})
    votes: Mapped[int] = mapped_column(Integer, info={"label": "提名票数"})


class VcCandidateChange(Timestamped, Base):
    """A candidate who left the list — withdrew in writing (PV-05) or was disqualified (SD-40) —
    whether the place was filled from the ranking and by whom, and the supplementary notice."""

    __tablename__ = "vc_candidate_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("vc_candidate.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), info={"label": "变动"})  # withdrawal | disqualification
    happened_on: Mapped[date] = mapped_column(Date, info={"label": "日期"})
    reason: Mapped[str] = mapped_column(Text, default="", info={"label": "原因"})
    filled: Mapped[bool] = mapped_column(Boolean, default=True, info={"label": "依次递补"})
    replacement_id: Mapped[int | None] = mapped_column(
        ForeignKey("vc_candidate.id", ondelete="SET NULL"), nullable=True, info={"label": "递补人"})
    notice_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "补充公告日期"})
    notice_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), nullable=True, info={"label": "补充公告"})


class VcCandidateMeeting(Timestamped, Base):
    """A meeting of the candidates with the villagers (见面会, VC-14)."""

    __tablename__ = "vc_candidate_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date, info={"label": "日期"})
    time_text: Mapped[str] = mapped_column(String(40), default="", info={"label": "时间"})
    place: Mapped[str] = mapped_column(String(100), info={"label": "地点"})
    attendance: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "到会村民人数"})
    notes: Mapped[str] = mapped_column(Text, default="", info={"label": "情况记录"})
    notice_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), nullable=True, info={"label": "见面会公告"})
