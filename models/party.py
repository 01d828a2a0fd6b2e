"""The village Party organisation's term change (“两推一选”, PT-*, SD-10…SD-47)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped

RELATIONSHIPS = ("配偶", "父母", "子女", "兄弟姐妹", "祖父母", "外祖父母", "孙子女", "外孙子女")  # VC-29


class PartyMember(Timestamped, Base):
    """A Party member of the village organisation, as rostered for this term's meeting."""

    __tablename__ = "party_member"
    __table_args__ = (UniqueConstraint("election_id", "id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    id_number: Mapped[str] = mapped_column(String(18), info={"label": "公民身份号码"})
    sex: Mapped[str] = mapped_column(String(2), info={"label": "性别"})
    birth_date: Mapped[date] = mapped_column(Date, info={"label": "出生日期"})
    ethnicity: Mapped[str] = mapped_column(String(20), default="", info={"label": "民族"})
    education: Mapped[str] = mapped_column(String(20), default="", info={"label": "文化程度"})
    joined_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "入党时间"})
    full_member: Mapped[bool] = mapped_column(Boolean, default=True, info={"label": "正式党员"})
    probation_discipline: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "留党察看"})
    rights_suspended: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "被留置、逮捕"})
    mobile: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "流动党员"})
    organisation: Mapped[str] = mapped_column(String(60), default="", info={"label": "所在党组织"})
    current_post: Mapped[str] = mapped_column(String(60), default="", info={"label": "现任职务"})
    phone: Mapped[str] = mapped_column(String(20), default="", info={"label": "联系电话"})
    notes: Mapped[str] = mapped_column(Text, default="", info={"label": "备注"})
    # Server mode: saving a form after another user changed the record is refused (store).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", info={"label": "版本"})
    __mapper_args__ = {"version_id_col": version}


class Relative(Base):
    """A close-relative relationship (VC-29, 民法典 1045): ``b`` is ``a``'s ``kind``."""

    __tablename__ = "relative"
    __table_args__ = (UniqueConstraint("township_id", "id_number_a", "id_number_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("township.id", ondelete="CASCADE"))
    name_a: Mapped[str] = mapped_column(String(60), info={"label": "甲"})
    id_number_a: Mapped[str] = mapped_column(String(18), info={"label": "甲身份证号"})
    name_b: Mapped[str] = mapped_column(String(60), info={"label": "乙"})
    id_number_b: Mapped[str] = mapped_column(String(18), info={"label": "乙身份证号"})
    kind: Mapped[str] = mapped_column(String(8), info={"label": "关系"})
    notes: Mapped[str] = mapped_column(Text, default="", info={"label": "说明"})


class PartyTrack(Base):
    """Dates and figures of the Party track that are one per election."""

    __tablename__ = "party_track"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"),
                                             unique=True)
    member_round_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "党员推荐日期"})
    member_round_participants: Mapped[int] = mapped_column(Integer, default=0, info={"label": "党员推荐参加人数"})
    mass_round_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "群众推荐日期"})
    mass_round_participants: Mapped[int] = mapped_column(Integer, default=0, info={"label": "群众推荐参加人数"})
    review_reference: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "资格审查基准日"})
    publicity_start: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "公示开始"})
    publicity_end: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "公示结束"})
    publicity_outcome: Mapped[str] = mapped_column(Text, default="", info={"label": "公示结果"})
    request_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "请示日期"})
    reply_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "批复日期"})
    reply_number: Mapped[str] = mapped_column(String(60), default="", info={"label": "批复文号"})
    reply_text: Mapped[str] = mapped_column(Text, default="", info={"label": "批复内容"})
    attendance_reported_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "应到会人数报批日期"})
    attendance_approved_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "镇党委批准日期"})
    # PT-15: the members' meeting's decision on committee seats left empty
    vacancy_choice: Mapped[str] = mapped_column(String(8), default="", info={"label": "空缺名额的决定"})  # reelect | reduce
    vacancy_decided_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "空缺名额决定日期"})
    vacancy_unfilled: Mapped[int] = mapped_column(Integer, default=0, info={"label": "空缺名额"})
    vacancy_consent: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "同意减少名额的人数"})


class Recommendation(Base):
    """Votes one person received in one round (党员推荐 / 群众推荐)."""

    __tablename__ = "recommendation"
    __table_args__ = (UniqueConstraint("election_id", "round", "id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    round: Mapped[str] = mapped_column(String(8), info={"label": "轮次"})  # "member" | "mass"
    name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    id_number: Mapped[str] = mapped_column(String(18), info={"label": "公民身份号码"})
    votes: Mapped[int] = mapped_column(Integer, default=0, info={"label": "得票"})


class PartyCandidate(Timestamped, Base):
    """A person moving through the Party track: initial → reviewed → inspected → preliminary."""

    __tablename__ = "party_candidate"
    __table_args__ = (UniqueConstraint("election_id", "id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("party_member.id", ondelete="SET NULL"),
                                                  nullable=True)
    name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    id_number: Mapped[str] = mapped_column(String(18), info={"label": "公民身份号码"})
    sex: Mapped[str] = mapped_column(String(2), info={"label": "性别"})
    birth_date: Mapped[date] = mapped_column(Date, info={"label": "出生日期"})
    education: Mapped[str] = mapped_column(String(20), default="", info={"label": "文化程度"})
    source: Mapped[str] = mapped_column(String(12), default="recommended", info={"label": "来源"})
    proposed_office: Mapped[str] = mapped_column(String(12), default="member", info={"label": "拟任"})
    incumbent: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "现任班子成员"})
    status: Mapped[str] = mapped_column(String(12), default="initial", info={"label": "状态"})
    nomination_reason: Mapped[str] = mapped_column(Text, default="", server_default="",
                                                   info={"label": "镇党委提名理由"})
    # The day the clerk records as the nomination (SD-40 counts the 十不选 windows from it),
    # never the day the record was typed.
    nominated_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "提名日期"})
    status_reason: Mapped[str] = mapped_column(Text, default="", info={"label": "取消资格原因"})
    preliminary_office: Mapped[str] = mapped_column(String(12), default="", info={"label": "预备人选职务"})
    age_exception: Mapped[str] = mapped_column(Text, default="", info={"label": "超龄留任审批"})
    tiebreak: Mapped[int] = mapped_column(Integer, default=0, info={"label": "同名排序"})
    tiebreak_reason: Mapped[str] = mapped_column(Text, default="", info={"label": "同名排序理由"})
    # Server mode: saving a form after another user changed the record is refused (store).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", info={"label": "版本"})
    __mapper_args__ = {"version_id_col": version}


class DisqualifierCheck(Base):
    """One of the 十不选 items (SD-40) for one candidate: found or not, with evidence."""

    __tablename__ = "disqualifier_check"
    __table_args__ = (UniqueConstraint("candidate_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("party_candidate.id", ondelete="CASCADE"))
    item: Mapped[int] = mapped_column(Integer, info={"label": "条目"})
    found: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "存在"})
    event_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "事实发生日期"})
    evidence: Mapped[str] = mapped_column(Text, default="", info={"label": "依据"})


class DepartmentReview(Base):
    """A reviewing department's opinion on one candidate (PT-26: signed and sealed)."""

    __tablename__ = "department_review"
    __table_args__ = (UniqueConstraint("candidate_id", "department"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("party_candidate.id", ondelete="CASCADE"))
    department: Mapped[str] = mapped_column(String(40), info={"label": "审查单位"})
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True, info={"label": "无问题"})
    finding: Mapped[str] = mapped_column(Text, default="", info={"label": "审查意见"})
    reviewer: Mapped[str] = mapped_column(String(60), default="", info={"label": "经办人"})
    leader: Mapped[str] = mapped_column(String(60), default="", info={"label": "分管领导"})
    reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "审查日期"})


class Inspection(Base):
    """The inspection (考察) of one candidate (PT-27)."""

    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("party_candidate.id", ondelete="CASCADE"),
                                              unique=True)
    assessed: Mapped[int] = mapped_column(Integer, default=0, info={"label": "参加民主测评人数"})
    excellent: Mapped[int] = mapped_column(Integer, default=0, info={"label": "优秀"})
    competent: Mapped[int] = mapped_column(Integer, default=0, info={"label": "称职"})
    basically: Mapped[int] = mapped_column(Integer, default=0, info={"label": "基本称职"})
    incompetent: Mapped[int] = mapped_column(Integer, default=0, info={"label": "不称职"})
    talks: Mapped[int] = mapped_column(Integer, default=0, info={"label": "个别谈话人数"})
    site_visit_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "实地查看日期"})
    conclusion: Mapped[str] = mapped_column(Text, default="", info={"label": "考察结论"})
    approved: Mapped[bool | None] = mapped_column(Boolean, nullable=True, info={"label": "审议通过"})
    approved_by: Mapped[str] = mapped_column(String(60), default="", info={"label": "审议机关"})
    approved_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "审议日期"})


class AttendanceExclusion(Base):
    """A member not counted in the expected attendance (应到会人数, PT-06, PT-07)."""

    __tablename__ = "attendance_exclusion"
    __table_args__ = (UniqueConstraint("member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("party_member.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(Text, info={"label": "情形"})
    detail: Mapped[str] = mapped_column(Text, default="", info={"label": "具体情况"})
    member_consulted: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "已征求本人意见"})
    family_consulted: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "已征求家属意见"})
    township_approved_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "镇党委同意日期"})
    meeting_adopted_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "党员大会通过日期"})
