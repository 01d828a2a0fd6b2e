"""Queries behind the voter table: filtered, sorted id lists and pages of rows.

The GUI keeps only the ordered ids of the matching voters (100,000 ints are ~1 MB) and
fetches the visible rows page by page, so filtering and scrolling stay instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import CATEGORY_LABELS, VillageGroup, Voter
from workflows.core.idcard import age_on

SORTABLE = {
    "group": VillageGroup.position, "name": Voter.name, "sex": Voter.sex,
    "birth_date": Voter.birth_date, "id_number": Voter.id_number, "category": Voter.category,
    "status": Voter.status, "card_number": Voter.card_number,
}


@dataclass(frozen=True)
class VoterFilter:
    """What the clerk typed and chose above the table."""

    text: str = ""  # part of a name, ID number or phone
    group_id: int | None = None
    category: int | None = None
    status: str | None = "registered"  # None: everyone
    sort: str = "group"
    descending: bool = False


def matching_ids(session: Session, election_id: int, flt: VoterFilter) -> list[int]:
    """Ids of the voters matching the filter, in display order."""
    query = (select(Voter.id).outerjoin(VillageGroup, VillageGroup.id == Voter.group_id)
             .where(Voter.election_id == election_id))
    text = flt.text.strip()
    if text:
        pattern = f"%{text}%"
        query = query.where(or_(Voter.name.like(pattern), Voter.id_number.like(f"{text.upper()}%"),
                                Voter.id_number.like(f"%{text.upper()}"), Voter.phone.like(pattern)))
    if flt.group_id is not None:
        query = query.where(Voter.group_id == flt.group_id)
    if flt.category is not None:
        query = query.where(Voter.category == flt.category)
    if flt.status is not None:
        query = query.where(Voter.status == flt.status)
    column = SORTABLE.get(flt.sort, VillageGroup.position)
    order = column.desc() if flt.descending else column.asc()
    query = query.order_by(order, Voter.id)
    return list(session.scalars(query))


@dataclass(frozen=True)
class VoterRow:
    """A voter as the table shows it."""

    id: int
    group: str
    name: str
    sex: str
    birth_date: date
    age: int
    id_number: str
    category: str
    phone: str
    status: str
    card_number: int | None
    notes: str


def rows_for(session: Session, ids: list[int], election_day: date | None) -> dict[int, VoterRow]:
    """The display rows of the given voters (one query)."""
    query = (select(Voter, VillageGroup.name).outerjoin(VillageGroup, VillageGroup.id == Voter.group_id)
             .where(Voter.id.in_(ids)))
    result = {}
    for voter, group in session.execute(query):
        age = age_on(voter.birth_date, election_day) if election_day else 0
        status = "在册" if voter.status == "registered" else f"已除名：{voter.removal_reason}"
        result[voter.id] = VoterRow(voter.id, group or "", voter.name, voter.sex, voter.birth_date,
                                    age, voter.id_number, CATEGORY_LABELS.get(voter.category, ""),
                                    voter.phone, status, voter.card_number, voter.notes)
    return result
