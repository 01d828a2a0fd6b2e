"""Surname-stroke order with the clerk's own stroke data (SO-10…SO-16).

The bundled table (``workflows.stroke_order``) lacks some rare name characters; the clerk
enters them once (``StrokeOverride``) and every list in the program — voter lists, the
overview, Party candidates, ballots — uses them from then on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import StrokeOverride
from workflows.core import audit
from workflows.core.errors import InvalidInput
from workflows.core.stroke_order import (
    check_override,
    find_unknown_chars,
    sort_by_name,
    stroke_data,
)
from workflows.core.text import msg

T = TypeVar("T")
audit.register_entity_label("stroke_override", "笔画数据")


def overrides(session: Session) -> dict[str, tuple[int, str]]:
    """The clerk's stroke data: character → (count, sequence)."""
    return {row.char: (row.count, row.sequence) for row in session.scalars(select(StrokeOverride))}


def override_rows(session: Session) -> list[tuple[str, int, str, str]]:
    """The clerk's stroke data as rows: (character, count, sequence, note), by count."""
    return [(row.char, row.count, row.sequence, row.note)
            for row in session.scalars(select(StrokeOverride).order_by(StrokeOverride.count))]


def ordered(session: Session, items: Iterable[T], name_of: Callable[[T], str]) -> list[T]:
    """Items in surname-stroke order of their names, using the clerk's stroke data."""
    return sort_by_name(items, name_of, overrides(session))


def unknown(session: Session, names: Iterable[str]) -> dict[str, list[str]]:
    """Characters of ``names`` whose stroke sequence is still unknown → names containing them."""
    return find_unknown_chars(list(names), overrides(session))


def set_override(session: Session, char: str, count: int, sequence: str, note: str = "") -> StrokeOverride:
    """Enter (or correct) one character's stroke count and sequence (1横 2竖 3撇 4点 5折)."""
    char = char.strip()
    if len(char) != 1:
        raise InvalidInput({"char": msg("请填写一个汉字")})
    sequence = sequence.strip().replace(" ", "")
    problem = check_override(count, sequence)
    if problem:
        raise InvalidInput({"sequence" if "笔顺" in problem else "count": msg("{text}", text=problem)})
    row = session.scalars(select(StrokeOverride).where(StrokeOverride.char == char)).first()
    if row is None:
        row = StrokeOverride(char=char)
        session.add(row)
    row.count, row.sequence, row.note = count, sequence, note.strip()
    session.flush()
    return row


def remove_override(session: Session, char: str) -> None:
    """Forget an entered character (the bundled table applies again)."""
    row = session.scalars(select(StrokeOverride).where(StrokeOverride.char == char)).first()
    if row is not None:
        session.delete(row)
        session.flush()


def bundled(char: str) -> tuple[int, str] | None:
    """What the bundled table says about a character (to show beside the clerk's entry)."""
    return stroke_data(char)
