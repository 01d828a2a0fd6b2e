"""What other domains may use of voter registration (their only import from ``voters``).

The Party member roster is read and checked like the voter roster: the same tolerant
row checks (ID number, birth date, sex, duplicates) with the cell-level findings. The
villager-committee track reads a nominee's particulars from the roll (:func:`particulars`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Voter
from workflows.voters.roster import Finding, RosterRules, RowChecker, parse_date


@dataclass(frozen=True)
class VoterParticulars:
    """What the roll says of a voter beyond name, ID number, sex and birth date."""

    ethnicity: str
    education: str
    political_status: str


def particulars(session: Session, voter_ids: Iterable[int]) -> dict[int, VoterParticulars]:
    """The particulars of the given voters by id (voters not found are left out)."""
    ids = list(set(voter_ids))
    if not ids:
        return {}
    rows = session.execute(select(Voter.id, Voter.ethnicity, Voter.education, Voter.political_status)
                           .where(Voter.id.in_(ids)))
    return {row.id: VoterParticulars(row.ethnicity or "", row.education or "", row.political_status or "")
            for row in rows}


__all__ = ["Finding", "RosterRules", "RowChecker", "VoterParticulars", "parse_date", "particulars"]
