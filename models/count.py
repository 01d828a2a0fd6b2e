"""The stored count of both tracks (issue 12): rounds with their contests and candidates, the
ballot boxes with their check-ins, the entries of each box (ballot by ballot or tally sheet,
two blind passes), and the decisions that clear a check.

Every row carries ``election_id`` so its audit events are filed under the village. The paper
is stored as read (the marks on a ballot, the figures on a sheet); what counts is decided by
``workflows.count`` from those, never written back over them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped

COUNT_TRACKS = ("villager", "party")
# CountRound.kind: first round, 另行选举 (runoff), a re-vote after a void round or among the
# tied (revote), the Party committee's officers (officers, PT-18/PT-19).
COUNT_ROUND_KINDS = ("first", "runoff", "revote", "officers")
COUNT_BOX_KINDS = ("main", "station", "mobile", "meeting")
COUNT_ENTRY_MODES = ("ballots", "sheet")
# CountEntry.status: draft (being entered), submitted (finished by its operator), agreed (the
# one that counts for its box), sent_back (both passes to be entered again), superseded.
COUNT_ENTRY_STATUSES = ("draft", "submitted", "agreed", "sent_back", "superseded")
COUNT_RESOLUTIONS = ("corrected", "paper_says_so")


def _election() -> Mapped[int]:
    return mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))


class CountRound(Timestamped, Base):
    """One vote of one track: its kind, day, the facts of the roll or meeting, void or official."""

    __tablename__ = "count_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = _election()
    track: Mapped[str] = mapped_column(String(8), info={"label": "选举类别"})  # COUNT_TRACKS
    kind: Mapped[str] = mapped_column(String(8), info={"label": "轮次类别"})  # COUNT_ROUND_KINDS
    number: Mapped[int] = mapped_column(Integer, default=1, info={"label": "轮次"})
    held_on: Mapped[date] = mapped_column(Date, info={"label": "投票日期"})
    registered: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "登记选民数"})
    expected: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "应到会人数"})
    attended: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "实到会人数"})
    quorum: Mapped[str | None] = mapped_column(String(2), nullable=True, info={"label": "到会人数比较"})
    void: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "本轮无效"})
    void_reason: Mapped[str] = mapped_column(Text, default="", info={"label": "无效原因"})
    revote_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("count_round.id", ondelete="SET NULL"), nullable=True, info={"label": "重新投票所替代的轮次"})
    official_by: Mapped[str | None] = mapped_column(String(60), nullable=True, info={"label": "确认人"})
    official_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True,
                                                         info={"label": "确认时间"})
    revert_reason: Mapped[str] = mapped_column(Text, default="", info={"label": "撤销确认的理由"})


class CountContest(Base):
    """One office on the ballot of a round, with its seats (GC-18: a separate women's seat)."""

    __tablename__ = "count_contest"
    __table_args__ = (UniqueConstraint("round_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = _election()
    round_id: Mapped[int] = mapped_column(ForeignKey("count_round.id", ondelete="CASCADE"))
    office: Mapped[str] = mapped_column(String(12), info={"label": "职务"})
    seats: Mapped[int] = mapped_column(Integer, info={"label": "应选人数"})
    position: Mapped[int] = mapped_column(Integer, info={"label": "顺序"})
    women_seat: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "妇女委员专职"})
    # PV-10: a re-vote among candidates tied for the last seats — most votes wins, no threshold
    tie_revote: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "就票数相等者再次投票"})


class CountCandidate(Base):
    """A name of a contest: a listed candidate, or a write-in (另选他人) added as it is read."""

    __tablename__ = "count_candidate"
    __table_args__ = (UniqueConstraint("contest_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = _election()
    contest_id: Mapped[int] = mapped_column(ForeignKey("count_contest.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, info={"label": "顺序"})
    name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    id_number: Mapped[str] = mapped_column(String(18), default="", info={"label": "公民身份号码"})
    female: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "女性"})
    write_in: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "另选他人"})
    # Where the name comes from: vc_candidate, party_member, voter (a write-in matched to the roll).
    source: Mapped[str] = mapped_column(String(16), default="", info={"label": "来源"})
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "来源编号"})


class CountBox(Timestamped, Base):
    """A ballot box of a round (main venue, station, mobile box, or the Party meeting's box)."""

    __tablename__ = "count_box"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = _election()
    round_id: Mapped[int] = mapped_column(ForeignKey("count_round.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60), info={"label": "票箱"})
    kind: Mapped[str] = mapped_column(String(8), info={"label": "票箱类别"})  # COUNT_BOX_KINDS
    position: Mapped[int] = mapped_column(Integer, default=0, info={"label": "顺序"})
    station_id: Mapped[int | None] = mapped_column(
        ForeignKey("vc_polling_station.id", ondelete="SET NULL"), nullable=True, info={"label": "投票站"})
    mobile_box_id: Mapped[int | None] = mapped_column(
        ForeignKey("vc_mobile_box.id", ondelete="SET NULL"), nullable=True, info={"label": "流动票箱"})
    ballots_issued: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "发出选票数"})
    voters: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "投票人数"})
    ballots_returned: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "收回选票数"})
    confirmed_by: Mapped[str | None] = mapped_column(String(60), nullable=True, info={"label": "核对人"})
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True,
                                                          info={"label": "核对时间"})


class CountCheckin(Base):
    """One vote handed out: whose vote it is, and the proxy who cast it (VC-19) if any."""

    __tablename__ = "count_checkin"
    __table_args__ = (UniqueConstraint("round_id", "voter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = _election()
    round_id: Mapped[int] = mapped_column(ForeignKey("count_round.id", ondelete="CASCADE"))
    box_id: Mapped[int] = mapped_column(ForeignKey("count_box.id", ondelete="CASCADE"), index=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voter.id", ondelete="CASCADE"), info={"label": "选民"})
    proxy_voter_id: Mapped[int | None] = mapped_column(
        ForeignKey("voter.id", ondelete="SET NULL"), nullable=True, info={"label": "受委托人"})
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), info={"label": "领票时间"})


class CountEntry(Base):
    """One operator's entry of one box: ballot by ballot or from the tally sheet; pass 1 or 2."""

    __tablename__ = "count_entry"
    __table_args__ = (Index("ix_count_entry_box_pass", "box_id", "pass_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = _election()
    box_id: Mapped[int] = mapped_column(ForeignKey("count_box.id", ondelete="CASCADE"))
    operator: Mapped[str] = mapped_column(String(60), info={"label": "录入人"})
    pass_no: Mapped[int] = mapped_column(Integer, default=1, info={"label": "录入遍次"})
    mode: Mapped[str] = mapped_column(String(8), info={"label": "录入方式"})  # COUNT_ENTRY_MODES
    status: Mapped[str] = mapped_column(String(10), default="draft", info={"label": "状态"})
    # Tally sheet: the ballots taken from the box and those void as a whole (PT-12, GC-14).
    returned: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "收回选票数"})
    void_ballots: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "废票数"})
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), info={"label": "开始时间"})
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True,
                                                          info={"label": "提交时间"})


class CountBallot(Base):
    """One paper ballot as read aloud: per contest the names marked (JSON), or void as a whole.

    ``marks`` is ``{"<contest id>": [candidate id or null for an unreadable mark, ...]}``;
    what counts (too many marks, one person in two offices) is decided when it is read.
    """

    __tablename__ = "count_ballot"
    __table_args__ = (UniqueConstraint("entry_id", "serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = _election()
    entry_id: Mapped[int] = mapped_column(ForeignKey("count_entry.id", ondelete="CASCADE"))
    serial: Mapped[int] = mapped_column(Integer, info={"label": "序号"})
    marks: Mapped[str] = mapped_column(Text, default="{}", info={"label": "所选"})
    void: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "整张无效"})


class CountSheetLine(Base):
    """A figure of a tally sheet: a candidate's votes, or a contest's blank or invalid count."""

    __tablename__ = "count_sheet_line"
    __table_args__ = (UniqueConstraint("entry_id", "contest_id", "candidate_id", "line"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = _election()
    entry_id: Mapped[int] = mapped_column(ForeignKey("count_entry.id", ondelete="CASCADE"))
    contest_id: Mapped[int] = mapped_column(ForeignKey("count_contest.id", ondelete="CASCADE"))
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("count_candidate.id", ondelete="CASCADE"),
                                                     nullable=True)
    line: Mapped[str] = mapped_column(String(8), info={"label": "栏目"})  # votes | blank | invalid
    votes: Mapped[int] = mapped_column(Integer, info={"label": "票数"})


class CountDecision(Base):
    """How a coded check was cleared: the entry corrected, or the paper itself says so."""

    __tablename__ = "count_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = _election()
    round_id: Mapped[int] = mapped_column(ForeignKey("count_round.id", ondelete="CASCADE"))
    box_id: Mapped[int | None] = mapped_column(ForeignKey("count_box.id", ondelete="CASCADE"), nullable=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("count_entry.id", ondelete="CASCADE"),
                                                 nullable=True)
    code: Mapped[str] = mapped_column(String(12), info={"label": "检查代码"})
    field: Mapped[str] = mapped_column(String(60), default="", info={"label": "栏目"})
    resolution: Mapped[str] = mapped_column(String(16), info={"label": "处理"})  # COUNT_RESOLUTIONS
    decided_by: Mapped[str] = mapped_column(String(60), info={"label": "处理人"})
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), info={"label": "处理时间"})
    note: Mapped[str] = mapped_column(Text, default="", info={"label": "说明"})
