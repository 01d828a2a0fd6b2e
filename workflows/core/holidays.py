"""Working days: Chinese public holidays and make-up working days (CONV-06).

Bundled data comes from the ``chinesecalendar`` package (which covers a fixed range of
years); the clerk's own table (``CalendarDay``/``CalendarYear``) overrides it and can
extend it to later years once the State Council publishes them. A year neither source
covers falls back to Monday–Friday, and :meth:`WorkdayCalendar.warnings` says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CalendarDay, CalendarYear
from workflows.core.text import Msg, msg

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@cache
def bundled_years() -> range:
    """Years the bundled holiday data covers."""
    from chinese_calendar import constants

    return range(min(constants.holidays).year, max(constants.holidays).year + 1)


@dataclass
class WorkdayCalendar:
    """Answers “is this a working day?” from bundled data, overrides and a fallback."""

    overrides: dict[date, tuple[bool, str]] = field(default_factory=dict)
    complete_years: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, session: Session) -> WorkdayCalendar:
        """The calendar with the clerk's stored overrides."""
        days = session.scalars(select(CalendarDay)).all()
        years = session.scalars(select(CalendarYear.year)).all()
        return cls({d.day: (d.is_workday, d.name) for d in days}, set(years))

    def covered(self, year: int) -> bool:
        """Whether the holidays of ``year`` are known (bundled or entered completely)."""
        return year in self.complete_years or year in bundled_years()

    def is_workday(self, day: date) -> bool:
        """True on working days, including make-up Saturdays and Sundays (调休上班)."""
        if day in self.overrides:
            return self.overrides[day][0]
        if day.year in bundled_years():
            import chinese_calendar

            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def day_name(self, day: date) -> str:
        """The holiday or make-up day's name, empty for ordinary days."""
        if day in self.overrides:
            return self.overrides[day][1]
        if day.year in bundled_years():
            import chinese_calendar

            is_holiday, name = chinese_calendar.get_holiday_detail(day)
            if name:
                return HOLIDAY_NAMES.get(name, name) + ("" if is_holiday else "调休上班")
        return ""

    def next_workday(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next one (CONV-03 顺延)."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day

    def subtract_working_days(self, end: date, count: int) -> date:
        """The working day that starts a run of ``count`` working days ending on ``end``."""
        day = end
        while not self.is_workday(day):
            day -= timedelta(days=1)
        remaining = count - 1
        while remaining > 0:
            day -= timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return day

    def warnings(self, days: Iterable[date]) -> list[Msg]:
        """One warning per year among ``days`` whose holidays are not known."""
        years = sorted({day.year for day in days if not self.covered(day.year)})
        return [
            msg(
                "{year}年的法定节假日安排未收录，该年按周一至周五计算工作日，"
                "遇节假日的期限可能不准。请在“节假日表”中录入国务院公布的安排。",
                year=year,
            )
            for year in years
        ]


def set_day(session: Session, day: date, is_workday: bool, name: str = "") -> CalendarDay:
    """Record a holiday (休) or a make-up working day (班), replacing any earlier entry."""
    entry = session.scalars(select(CalendarDay).where(CalendarDay.day == day)).first()
    if entry is None:
        entry = CalendarDay(day=day)
        session.add(entry)
    entry.is_workday = is_workday
    entry.name = name.strip()
    session.flush()
    return entry


def remove_day(session: Session, day: date) -> None:
    """Forget an entered day (the bundled data or Monday–Friday applies again)."""
    entry = session.scalars(select(CalendarDay).where(CalendarDay.day == day)).first()
    if entry is not None:
        session.delete(entry)
        session.flush()


def mark_year_complete(session: Session, year: int, source: str) -> None:
    """Declare that every holiday of ``year`` has been entered (removes the fallback warning)."""
    if session.scalars(select(CalendarYear).where(CalendarYear.year == year)).first() is None:
        session.add(CalendarYear(year=year, source=source.strip()))
        session.flush()


def unmark_year(session: Session, year: int) -> None:
    """Withdraw a year's completeness mark."""
    entry = session.scalars(select(CalendarYear).where(CalendarYear.year == year)).first()
    if entry is not None:
        session.delete(entry)
        session.flush()


def clerk_days(session: Session) -> list[tuple[date, bool, str]]:
    """The clerk's own entries: (day, is a working day, name), in date order."""
    return [(row.day, row.is_workday, row.name)
            for row in session.scalars(select(CalendarDay).order_by(CalendarDay.day))]


def complete_years(session: Session) -> list[tuple[int, str]]:
    """Years the clerk marked as fully entered: (year, source), in order."""
    return [(row.year, row.source)
            for row in session.scalars(select(CalendarYear).order_by(CalendarYear.year))]
