"""The vote notice (SD-26, PV-06), polling stations, mobile ballot boxes (GC-16), the counting
officials (PV-14) and proxy voting (VC-19, GC-11, PV-07)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped

# VcOfficial.role: the people named on the vote notice (PV-06) and checked (PV-14).
#   chief_scrutineer  总监票人        scrutineer  监票人
#   caller            唱票人          counter     计票人
#   writer            代书人          box_scrutineer  流动票箱监票人 (box_id set, GC-16)
VC_OFFICIAL_ROLES = ("chief_scrutineer", "scrutineer", "caller", "counter", "writer", "box_scrutineer")


class VcPollingStation(Timestamped, Base):
    """Where villagers vote: the 选举大会 main venue (``main``) or a 投票站, with its hours."""

    __tablename__ = "vc_polling_station"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    main: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "中心会场"})
    name: Mapped[str] = mapped_column(String(60), info={"label": "名称"})
    place: Mapped[str] = mapped_column(String(120), info={"label": "地点"})
    opens_at: Mapped[str] = mapped_column(String(5), info={"label": "开始时间"})  # “8:00”
    closes_at: Mapped[str] = mapped_column(String(5), info={"label": "结束时间"})
    position: Mapped[int] = mapped_column(Integer, default=0, info={"label": "顺序"})


class VcStationGroup(Base):
    """A villager group served by one place of voting; every group by one place only."""

    __tablename__ = "vc_station_group"
    __table_args__ = (UniqueConstraint("election_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    station_id: Mapped[int] = mapped_column(ForeignKey("vc_polling_station.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("village_group.id", ondelete="CASCADE"),
                                          info={"label": "村民小组"})


class VcMobileBox(Timestamped, Base):
    """A 流动票箱 (GC-16): its round and, through VcMobileBoxVoter, the voters it serves."""

    __tablename__ = "vc_mobile_box"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60), info={"label": "名称"})
    area: Mapped[str] = mapped_column(Text, default="", info={"label": "流动范围和时间"})
    position: Mapped[int] = mapped_column(Integer, default=0, info={"label": "顺序"})


class VcMobileBoxVoter(Base):
    """A voter who votes into a mobile box, and why (老弱病残等确有困难者, GC-16)."""

    __tablename__ = "vc_mobile_box_voter"
    __table_args__ = (UniqueConstraint("election_id", "voter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    box_id: Mapped[int] = mapped_column(ForeignKey("vc_mobile_box.id", ondelete="CASCADE"))
    voter_id: Mapped[int] = mapped_column(ForeignKey("voter.id", ondelete="CASCADE"), info={"label": "选民"})
    reason: Mapped[str] = mapped_column(Text, info={"label": "原因"})


class VcOfficial(Base):
    """A 监票人, 唱票人, 计票人 … of the vote (PV-06, PV-14); a voter of the roll or typed in."""

    __tablename__ = "vc_official"
    __table_args__ = (UniqueConstraint("election_id", "id_number", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20), info={"label": "职责"})  # VC_OFFICIAL_ROLES
    box_id: Mapped[int | None] = mapped_column(ForeignKey("vc_mobile_box.id", ondelete="CASCADE"),
                                               nullable=True, info={"label": "流动票箱"})
    voter_id: Mapped[int | None] = mapped_column(ForeignKey("voter.id", ondelete="SET NULL"), nullable=True)
    name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    id_number: Mapped[str] = mapped_column(String(18), info={"label": "公民身份号码"})


class VcProxy(Timestamped, Base):
    """A written proxy authorisation (委托投票, VC-19, GC-11, PV-07): ``principal`` gives the
    vote to ``proxy``, who is the principal's ``kind`` of close relative (VC-29)."""

    __tablename__ = "vc_proxy"
    __table_args__ = (UniqueConstraint("election_id", "principal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election_process.id", ondelete="CASCADE"))
    principal_id: Mapped[int] = mapped_column(ForeignKey("voter.id", ondelete="CASCADE"),
                                              info={"label": "委托人"})
    proxy_id: Mapped[int] = mapped_column(ForeignKey("voter.id", ondelete="CASCADE"),
                                          info={"label": "受委托人"})
    kind: Mapped[str] = mapped_column(String(8), info={"label": "与委托人关系"})  # models.RELATIONSHIPS
    reason: Mapped[str] = mapped_column(Text, default="", info={"label": "委托原因"})
    authorised_on: Mapped[date] = mapped_column(Date, info={"label": "委托书日期"})
    # The day the committee registered it: the proxy deadline (PV-07) is judged on this day.
    registered_on: Mapped[date] = mapped_column(Date, info={"label": "办理日期"})
    card_number: Mapped[int | None] = mapped_column(Integer, nullable=True, info={"label": "委托投票证编号"})
    # The day the 委托投票公告 listing it was posted (VC-19: the list is published).
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True, info={"label": "公布日期"})
