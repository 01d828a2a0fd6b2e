"""Township (乡镇), its villages (行政村) and their villager groups (村民小组)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped

if TYPE_CHECKING:
    from models.election import ElectionProcess


class Township(Timestamped, Base):
    """A township election office's own unit; owns the rules profile in force."""

    __tablename__ = "township"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), info={"label": "名称"})
    county: Mapped[str] = mapped_column(String(60), default="", info={"label": "县（市、区）"})
    province: Mapped[str] = mapped_column(String(30), default="", info={"label": "省份"})
    # The rules profile as JSON: {"preset": key, "values": {param: value}} (workflows.policy).
    rules_profile: Mapped[str] = mapped_column(Text, default="", info={"label": "规则配置"})

    villages: Mapped[list[Village]] = relationship(
        back_populates="township", cascade="all, delete-orphan", order_by="Village.name"
    )


class Village(Timestamped, Base):
    """An administrative village (行政村) whose two committees are elected."""

    __tablename__ = "village"
    __table_args__ = (UniqueConstraint("township_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("township.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60), info={"label": "名称"})
    population: Mapped[int] = mapped_column(Integer, default=0, info={"label": "人口"})
    households: Mapped[int] = mapped_column(Integer, default=0, info={"label": "户数"})
    notes: Mapped[str] = mapped_column(Text, default="", info={"label": "备注"})

    township: Mapped[Township] = relationship(back_populates="villages")
    groups: Mapped[list[VillageGroup]] = relationship(
        back_populates="village", cascade="all, delete-orphan", order_by="VillageGroup.position"
    )
    elections: Mapped[list[ElectionProcess]] = relationship(
        back_populates="village", cascade="all, delete-orphan"
    )


class VillageGroup(Base):
    """A villager group (村民小组); voters are listed and posted per group."""

    __tablename__ = "village_group"
    __table_args__ = (UniqueConstraint("village_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60), info={"label": "名称"})
    position: Mapped[int] = mapped_column(Integer, default=0, info={"label": "顺序"})
    households: Mapped[int] = mapped_column(Integer, default=0, info={"label": "户数"})

    village: Mapped[Village] = relationship(back_populates="groups")
