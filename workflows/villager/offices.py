"""The offices of a villager committee and their seats (VC-01, VC-02, SD-20).

Every step of the track — nomination, candidates, the formal list, ballots and the count —
speaks of these three offices, in this order, with the seats set in the election setup.
"""

from __future__ import annotations

from enum import StrEnum

from models import ElectionProcess
from workflows.core.text import N_


class Office(StrEnum):
    """A seat of the villager committee."""

    CHAIR = "chair"  # 主任
    VICE_CHAIR = "vice_chair"  # 副主任
    MEMBER = "member"  # 委员


OFFICES = (Office.CHAIR, Office.VICE_CHAIR, Office.MEMBER)  # the order of every list and ballot
OFFICE_LABELS = {Office.CHAIR: N_("主任"), Office.VICE_CHAIR: N_("副主任"), Office.MEMBER: N_("委员")}


def seats(election: ElectionProcess) -> dict[Office, int]:
    """Seats per office as set up for the election (offices with no seat left out)."""
    counts = {Office.CHAIR: election.vc_chairs, Office.VICE_CHAIR: election.vc_vice_chairs,
              Office.MEMBER: election.vc_members}
    return {office: counts[office] for office in OFFICES if counts[office]}
