"""What other domains may use of the Party track (their only import from ``party``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from models import PartyMember
from workflows.core.scope import ElectionScope
from workflows.party import candidates as _candidates


@dataclass(frozen=True)
class PartyNominee:
    """A Party-committee candidate still in the running (SD-19 compares “两委” nominees)."""

    name: str
    id_number: str
    office: str  # 书记 / 副书记 / 委员 as proposed


def education_rank(text: str) -> int:
    """Level of an education entry (大专 = 4; 0 unknown), as the Party track ranks it (SD-15)."""
    return _candidates.education_rank(text)


def running_candidates(scope: ElectionScope) -> list[PartyNominee]:
    """The Party track's initial candidates not disqualified nor rejected at inspection."""
    return [PartyNominee(c.name, c.id_number, _candidates.OFFICE_LABELS.get(c.proposed_office, "委员"))
            for c in _candidates.active(scope)]


@dataclass(frozen=True)
class PartySecretary:
    """Who the Party track knows as the village Party organisation's secretary, and from what."""

    name: str
    id_number: str
    basis: str  # “镇党委批复的书记候选人预备人选” / “党员名册现任职务：党支部书记”


# A 现任职务 naming the organisation's secretary: 书记, 党支部书记, 村党委书记 … but not 副书记
# nor the discipline secretary (纪委书记, 纪检委员).
_SECRETARY_POST = re.compile(r"(?<!副)书记")


def secretaries(scope: ElectionScope) -> list[PartySecretary]:
    """The secretary as the Party track knows it (SD-21 wants the secretary to chair the villager
    election committee): the secretary candidate the township approved (批复) for the new term,
    then every rostered member whose present post is the secretary; empty when neither is recorded."""
    found: list[PartySecretary] = []
    if _candidates.track(scope).reply_on is not None:
        found += [PartySecretary(c.name, c.id_number, "镇党委批复的书记候选人预备人选")
                  for c in _candidates.preliminary_candidates(scope)
                  if c.preliminary_office == _candidates.SECRETARY]
    members = scope.session.scalars(select(PartyMember).where(
        PartyMember.election_id == scope.election.id).order_by(PartyMember.id))
    known = {person.id_number for person in found}
    for member in members:
        post = member.current_post.strip()
        if _SECRETARY_POST.search(post) and "纪" not in post and member.id_number not in known:
            found.append(PartySecretary(member.name, member.id_number, f"党员名册现任职务：{post}"))
            known.add(member.id_number)
    return found


__all__ = ["PartyNominee", "PartySecretary", "running_candidates", "secretaries"]
