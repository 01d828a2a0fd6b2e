"""The editable working-day table that overrides or extends the bundled holiday data."""

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class CalendarDay(Base):
    """A day whose status the clerk has set: a holiday (休) or a make-up working day (班)."""

    __tablename__ = "calendar_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True, info={"label": "日期"})
    is_workday: Mapped[bool] = mapped_column(Boolean, info={"label": "是否上班"})
    name: Mapped[str] = mapped_column(String(40), default="", info={"label": "名称"})


class CalendarYear(Base):
    """A year whose holiday arrangement the clerk has entered completely (no fallback warning)."""

    __tablename__ = "calendar_year"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    source: Mapped[str] = mapped_column(String(120), default="")


class StrokeOverride(Base):
    """A character's stroke count and sequence entered by the clerk (SO-13: characters the
    bundled table lacks, or where the county's reference differs)."""

    __tablename__ = "stroke_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    char: Mapped[str] = mapped_column(String(2), unique=True, info={"label": "字"})
    count: Mapped[int] = mapped_column(Integer, info={"label": "笔画数"})
    sequence: Mapped[str] = mapped_column(String(64), default="", info={"label": "笔顺"})
    note: Mapped[str] = mapped_column(String(120), default="", info={"label": "依据"})
