"""Blockers of the election committee's stage (VC-05, VC-06, VC-27, VC-28, GC-01…GC-08, SD-20…SD-22,
PV-01, PV-02), and of the later stages a nominated member may not sit through (VC-06).

The committee's work is done when the meeting reached its quorum, the committee has its size,
chair and no close relatives (as the profile says), its list is published and filed, the work
plan adopted and published; from nomination on, every member nominated (or, per the profile,
a candidate's relative) has left and the seat was filled.
"""

from __future__ import annotations

from workflows.core.findings import Finding
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers, register_work
from workflows.villager import committee_checks, plan, seat_labels

register_work("vc.election_committee")


@register_blockers("vc.election_committee")
def committee_rules(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """The meeting, the committee, its list and filing, the seat labels, the work plan."""
    found = committee_checks.meeting_findings(context)
    found.extend(committee_checks.composition_findings(context))
    found.extend(committee_checks.publication_findings(context))
    found.extend(committee_checks.withdrawal_findings(context, with_list=False))
    found.extend(seat_labels.seat_label_findings(context))
    found.extend(plan.plan_findings(context))
    return found.items


@register_blockers("vc.nomination", "vc.qualification")
def nominees_off_the_committee(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """VC-06 (PV-02): a nominated member still on the committee, a seat left open, a change
    not yet published block nomination and review."""
    return committee_checks.withdrawal_findings(context).items
