"""Voter registration (选民登记): registered villagers, publications, corrections, objections."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped, utcnow

CATEGORY_LABELS = {
    1: "户籍在本村并居住",
    2: "户籍在本村不居住，本人表示参加选举",
    3: "户籍不在本村，在本村居住一年以上，本人申请并经会议同意",
}


class Voter(Timestamped, Base):
    """A villager registered to vote in one election (VC-07, VC-08).

    ``village_id`` repeats the election's village so that the township-wide duplicate
    check (VC-09) is one indexed query.
    """

    __tablename__ = "voter"
    __table_args__ = (
        UniqueConstraint("election_id", "id_number"),
        # The voter table at 100,000 rows: a search scans this covering index, not the table.
        Index("ix_voter_list_search", "election_id", "status", "name", "id_number", "phone",
              "group_id"),
        Index("ix_voter_list_group", "election_id", "status", "group_id"),
        Index("ix_voter_list_id_number", "election_id", "status", "id_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("village_group.id", ondelete="SET NULL"), nullable=True, info={"label": "村民小组"})
    name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    sex: Mapped[str] = mapped_column(String(2), info={"label": "性别"})
    ethnicity: Mapped[str] = mapped_column(String(20), default="", info={"label": "民族"})
    id_number: Mapped[str] = mapped_column(String(18), index=True, info={"label": "公民身份号码"})
    birth_date: Mapped[date] = mapped_column(Date, info={"label": "出生日期"})
    education: Mapped[str] = mapped_column(String(20), default="", info={"label": "文化程度"})
    political_status: Mapped[str] = mapped_column(String(20), default="", info={"label": "政治面貌"})
    category: Mapped[int] = mapped_column(Integer, default=1, info={"label": "登记类别"})
    phone: Mapped[str] = mapped_column(String(20), default="", info={"label": "联系电话"})
    notes: Mapped[str] = mapped_column(Text, default="", info={"label": "备注"})
    residence_since: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "居住起始日期"})
    applied_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "申请日期"})
    approved_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "会议同意日期"})
    status: Mapped[str] = mapped_column(String(12), default="registered", info={"label": "状态"})
    removal_reason: Mapped[str] = mapped_column(Text, default="", info={"label": "除名原因"})
    card_number: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "证号"})
    source: Mapped[str] = mapped_column(String(12), default="manual", info={"label": "来源"})
    # Server mode: saving a form after another user changed the record is refused (store).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", info={"label": "版本"})
    __mapper_args__ = {"version_id_col": version}


class VoterPublication(Base):
    """A posted voter list: the first list (公布) or a supplementary notice (补充公告)."""

    __tablename__ = "voter_publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), info={"label": "种类"})  # "list" | "supplement"
    published_on: Mapped[date] = mapped_column(Date, info={"label": "公布日期"})
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), nullable=True)
    voter_count: Mapped[int] = mapped_column(Integer, default=0, info={"label": "人数"})


class VoterCorrection(Base):
    """A change to the list after it was published: always with a reason, posted later."""

    __tablename__ = "voter_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    voter_id: Mapped[int | None] = mapped_column(ForeignKey("voter.id", ondelete="SET NULL"),
                                                 nullable=True)
    action: Mapped[str] = mapped_column(String(12), info={"label": "更正"})  # add | remove | change
    voter_name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    group_name: Mapped[str] = mapped_column(String(60), default="", info={"label": "村民小组"})
    reason: Mapped[str] = mapped_column(Text, info={"label": "原因"})
    changed_on: Mapped[date] = mapped_column(Date, info={"label": "日期"})
    publication_id: Mapped[int | None] = mapped_column(
        ForeignKey("voter_publication.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Objection(Base):
    """An objection to the voter list (VC-11): filed within 5 days, decided within 3."""

    __tablename__ = "objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    filed_by: Mapped[str] = mapped_column(String(60), info={"label": "申诉人"})
    about: Mapped[str] = mapped_column(String(60), info={"label": "所涉村民"})
    voter_id: Mapped[int | None] = mapped_column(ForeignKey("voter.id", ondelete="SET NULL"),
                                                 nullable=True)
    content: Mapped[str] = mapped_column(Text, info={"label": "申诉内容"})
    received_on: Mapped[date] = mapped_column(Date, info={"label": "收到日期"})
    decision: Mapped[str] = mapped_column(Text, default="", info={"label": "处理决定"})
    upheld: Mapped[bool | None] = mapped_column(nullable=True, info={"label": "是否成立"})
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "决定日期"})
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), nullable=True)


class ReferenceRoll(Base):
    """Another township's published voter list, imported only to find double registrations
    (VC-09) in the same election round; replaced by importing that township's list again."""

    __tablename__ = "reference_roll"
    __table_args__ = (UniqueConstraint("township_id", "source_township", "term_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("township.id", ondelete="CASCADE"))
    source_township: Mapped[str] = mapped_column(String(60), info={"label": "公布名单的乡镇"})
    term_label: Mapped[str] = mapped_column(String(20), info={"label": "届次"})
    file_name: Mapped[str] = mapped_column(String(200), default="", info={"label": "文件"})
    imported_on: Mapped[date] = mapped_column(Date, info={"label": "导入日期"})
    voter_count: Mapped[int] = mapped_column(Integer, default=0, info={"label": "人数"})


class ReferenceVoter(Base):
    """One person on an imported reference list (name, ID number, village); not audited row
    by row — the import and its replacement are audited as one event each."""

    __tablename__ = "reference_voter"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    roll_id: Mapped[int] = mapped_column(ForeignKey("reference_roll.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    id_number: Mapped[str] = mapped_column(String(18), index=True, info={"label": "公民身份号码"})
    village: Mapped[str] = mapped_column(String(60), default="", info={"label": "村"})
