"""What other domains may use of the Party track (their only import from ``party``)."""

from __future__ import annotations

from dataclasses import dataclass

from workflows.core.scope import ElectionScope
from workflows.party import candidates as _candidates


@dataclass(frozen=True)
class PartyNominee:
    """A Party-committee candidate still in the running (SD-19 compares “两委” nominees)."""

    name: str
    id_number: str
    office: str  # 书记 / 副书记 / 委员 as proposed


def running_candidates(scope: ElectionScope) -> list[PartyNominee]:
    """The Party track's initial candidates not disqualified nor rejected at inspection."""
    return [PartyNominee(c.name, c.id_number, _candidates.OFFICE_LABELS.get(c.proposed_office, "委员"))
            for c in _candidates.active(scope)]


__all__ = ["PartyNominee", "running_candidates"]
