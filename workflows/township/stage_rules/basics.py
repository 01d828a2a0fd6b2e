"""Blockers every election has from the start: election days, seats, the term-end audit."""

from __future__ import annotations

from workflows.core.findings import Finding
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers
from workflows.core.text import msg


@register_blockers("vc.*")
def committee_day_set(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """The villager-committee track needs its election day to date every step (VC-10)."""
    if context.election.committee_election_day is None:
        return [Finding(msg("尚未设定村委会选举日（在“选举设置”中填写）"), ("VC-10",))]
    return []


@register_blockers("party.*")
def party_day_set(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """The Party track needs the members' meeting day to date its steps (PT-17)."""
    if context.election.party_election_day is None:
        return [Finding(msg("尚未设定党员大会选举日（在“选举设置”中填写）"), ("PT-17",))]
    return []


@register_blockers("vc.election_committee", "vc.formal_candidates")
def committee_seats_in_range(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """The villager committee has 3 to 7 members (VC-01), odd where the profile says so."""
    size = context.profile.get("vc_size")
    total = context.election.vc_total
    high = size["max"] if size["max"] is not None else total
    if not size["min"] <= total <= high:
        return [Finding(msg("村民委员会职数共{total}人，不在{low}～{high}人范围内",
                            total=total, low=size["min"], high=high), ("VC-01",))]
    if context.profile.get("vc_size_odd") and total % 2 == 0:
        return [Finding(msg("村民委员会职数共{total}人，规则要求为单数", total=total), ("VC-01",))]
    return []


@register_blockers("party.recommendation", "party.preliminary")
def party_seats_in_range(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """The Party committee size stays within the profile's range (PT-25)."""
    size = context.profile.get("party_committee_size")
    members = context.election.party_members
    high = size["max"] if size["max"] is not None else members
    if not size["min"] <= members <= high:
        return [Finding(msg("党组织委员职数{n}名，不在{low}～{high}名范围内",
                            n=members, low=size["min"], high=high), ("PT-25",))]
    if context.election.party_deputies >= members:
        return [Finding(msg("副书记职数应少于委员职数"), ("PT-25",))]
    return []
