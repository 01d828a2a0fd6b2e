"""村民选举委员会 (VC-05, VC-06, GC-01…GC-06, SD-21), the election work plan (SD-22) and the
专职专选 seat labels (SD-20) of the villager-committee track."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped

# How the election committee was chosen (VC-05): ElectionCommittee.chosen_by
#   villagers        村民会议 (quorum VC-27)
#   representatives  村民代表会议 (quorum VC-28)
#   groups           各村民小组会议 (each group's meeting: Organic Law art. 28)
EC_MEETINGS = ("villagers", "representatives", "groups")

# A member row's role (ElectionCommitteeMember.role): chair 主任, vice_chair 副主任, member 委员;
# "" for a person of the election result not seated (next in line to fill a seat, VC-06).
EC_ROLES = ("chair", "vice_chair", "member")

# Why a member left (ElectionCommitteeMember.left_reason):
#   nominated  nominated as a villager-committee candidate (VC-06, GC-06)
#   relative   a candidate's close relative where the profile says so (PV-02)
#   other      resigned, moved away, died … (出缺)
EC_LEAVE_REASONS = ("nominated", "relative", "other")


class ElectionCommittee(Timestamped, Base):
    """The election committee's choosing meeting, its list notice and filing, and the work plan."""

    __tablename__ = "vc_election_committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"),
                                             unique=True)
    chosen_by: Mapped[str] = mapped_column(String(16), default="", info={"label": "推选方式"})
    meeting_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "推选会议日期"})
    # The village meeting's bases and attendance (for 各村民小组会议 see CommitteeGroupMeeting).
    adults: Mapped[int] = mapped_column(Integer, default=0, info={"label": "本村十八周岁以上村民"})
    households: Mapped[int] = mapped_column(Integer, default=0, info={"label": "本村户数"})
    representatives: Mapped[int] = mapped_column(Integer, default=0, info={"label": "村民代表会议组成人员"})
    present: Mapped[int] = mapped_column(Integer, default=0, info={"label": "到会人数"})
    present_households: Mapped[int] = mapped_column(Integer, default=0, info={"label": "到会户代表（户）"})
    # SD-21: why the Party secretary is not the chair, when the meeting chose otherwise.
    chair_note: Mapped[str] = mapped_column(Text, default="", info={"label": "主任人选说明"})
    # The list notice (GC-04, GC-08): the last one issued and the seats it showed, so a change
    # of members after it asks for a supplementary notice.
    list_published_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "名单公告日期"})
    published_seats: Mapped[str] = mapped_column(Text, default="", info={"label": "已公告的成员"})
    filed_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "报乡镇备案日期"})
    # The work plan (SD-22): adopted by a villagers' (representatives') meeting, then published.
    plan_adopted_by: Mapped[str] = mapped_column(String(16), default="", info={"label": "方案通过会议"})
    plan_adopted_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "方案通过日期"})
    plan_published_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "方案公布日期"})


class CommitteeGroupMeeting(Base):
    """One villager group's meeting when the committee is chosen by 各村民小组会议 (art. 28)."""

    __tablename__ = "vc_committee_group"
    __table_args__ = (UniqueConstraint("election_id", "group_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    group_name: Mapped[str] = mapped_column(String(60), info={"label": "村民小组"})
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "会议日期"})
    adults: Mapped[int] = mapped_column(Integer, default=0, info={"label": "本组十八周岁以上村民"})
    households: Mapped[int] = mapped_column(Integer, default=0, info={"label": "本组户数"})
    present: Mapped[int] = mapped_column(Integer, default=0, info={"label": "到会人数"})
    present_households: Mapped[int] = mapped_column(Integer, default=0, info={"label": "到会户代表（户）"})


class ElectionCommitteeMember(Timestamped, Base):
    """One person of the election result: seated with a role, next in line, or gone.

    The rank (推选结果名次) is the order seats are filled in when a member leaves (VC-06);
    a member chosen later by a new election (另行推选) gets the next free rank.
    """

    __tablename__ = "vc_committee_member"
    __table_args__ = (UniqueConstraint("election_id", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    rank: Mapped[int] = mapped_column(Integer, info={"label": "推选结果名次"})
    name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    id_number: Mapped[str] = mapped_column(String(18), info={"label": "公民身份号码"})
    sex: Mapped[str] = mapped_column(String(2), info={"label": "性别"})
    birth_date: Mapped[date] = mapped_column(Date, info={"label": "出生日期"})
    votes: Mapped[int] = mapped_column(Integer, default=0, info={"label": "得票"})  # 0: not recorded
    role: Mapped[str] = mapped_column(String(12), default="", info={"label": "职务"})
    by_election: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "另行推选"})
    joined_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "任职日期"})
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("vc_committee_member.id", ondelete="SET NULL"), nullable=True, info={"label": "递补"})
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "退出日期"})
    left_reason: Mapped[str] = mapped_column(String(12), default="", info={"label": "退出原因"})
    note: Mapped[str] = mapped_column(Text, default="", info={"label": "说明"})


class SeatLabel(Base):
    """A 专职专选 position on an office (SD-20): “妇女委员” ×1 on 委员, “退役军人服务专干” ×1 …"""

    __tablename__ = "vc_seat_label"
    __table_args__ = (UniqueConstraint("election_id", "office", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    office: Mapped[str] = mapped_column(String(12), info={"label": "职务"})  # workflows.villager.offices
    label: Mapped[str] = mapped_column(String(40), info={"label": "岗位"})
    count: Mapped[int] = mapped_column(Integer, default=1, info={"label": "名额"})
    women: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "妇女名额（VC-02）"})
