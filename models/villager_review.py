"""The qualification review of villager-committee nominees (十不选 and department opinions, SD-24,
SD-40) and their inspection.

The three review tables have the columns of the Party track's (``disqualifier_check``,
``department_review``, ``inspection``) so one shared module stores both
(:mod:`workflows.core.qualification`); they hang on ``vc_candidate`` instead.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class VcDisqualifierCheck(Base):
    """One of the 十不选 items (SD-40) for one nominee: found or not, with evidence."""

    __tablename__ = "vc_disqualifier_check"
    __table_args__ = (UniqueConstraint("candidate_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("vc_candidate.id", ondelete="CASCADE"))
    item: Mapped[int] = mapped_column(Integer, info={"label": "条目"})
    found: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "存在"})
    event_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "事实发生日期"})
    evidence: Mapped[str] = mapped_column(Text, default="", info={"label": "依据"})


class VcDepartmentReview(Base):
    """A reviewing unit's signed opinion on one nominee (SD-24: village, township, county)."""

    __tablename__ = "vc_department_review"
    __table_args__ = (UniqueConstraint("candidate_id", "department"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("vc_candidate.id", ondelete="CASCADE"))
    department: Mapped[str] = mapped_column(String(60), info={"label": "审查单位"})
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True, info={"label": "无问题"})
    finding: Mapped[str] = mapped_column(Text, default="", info={"label": "审查意见"})
    reviewer: Mapped[str] = mapped_column(String(60), default="", info={"label": "经办人"})
    leader: Mapped[str] = mapped_column(String(60), default="", info={"label": "分管领导"})
    reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "审查日期"})


class VcInspection(Base):
    """The township Party committee's inspection (考察) of one nominee (SD-24)."""

    __tablename__ = "vc_inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("vc_candidate.id", ondelete="CASCADE"),
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


class VcNomineePost(Base):
    """What the review knows of a nominee's present post: printed on the 资格联审表, and
    whether a 主任 nominee is newly nominated (SD-15 reads it)."""

    __tablename__ = "vc_nominee_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("vc_candidate.id", ondelete="CASCADE"),
                                              unique=True)
    current_post: Mapped[str] = mapped_column(String(60), default="", info={"label": "现任职务"})
    incumbent: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "现任村委会成员"})
