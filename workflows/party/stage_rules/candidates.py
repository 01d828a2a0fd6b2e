"""Blockers of the Party track from the two recommendations to the township's approval.

PT-09/PT-10 (recommendations), SD-10…SD-19 and SO-14 (initial candidates), PT-26/SD-40
(joint review), PT-27 (inspection), PT-16/PT-17/PT-17a/PT-19 (preliminary candidates),
PT-17 (publicity, request and approval).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from models import Recommendation
from workflows.core import audit
from workflows.core.findings import Finding, Findings, Severity
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers, register_work
from workflows.core.text import msg
from workflows.party import candidates as party_candidates
from workflows.party import review as party_review

register_work("party.recommendation", "party.initial_candidates", "party.qualification",
              "party.inspection", "party.preliminary", "party.publicity", "party.approval")

audit.register_entity_label("party_track", "党组织换届进程")
audit.register_entity_label("recommendation", "推荐得票")
audit.register_entity_label("party_candidate", "党组织候选人")
audit.register_entity_label("disqualifier_check", "“十不选”审查")
audit.register_entity_label("department_review", "联审部门意见")
audit.register_entity_label("inspection", "组织考察")
audit.register_name_resolver("recommendation", lambda row: f"{row.name}（{party_candidates.ROUNDS.get(row.round, row.round)}）")
audit.register_name_resolver("disqualifier_check", lambda row: f"第{row.item}项")
audit.register_name_resolver("department_review", lambda row: row.department)
audit.register_name_resolver("party_track", lambda row: "党组织换届进程")
audit.register_name_resolver("inspection", lambda row: "组织考察")


def _blockers(findings: Findings) -> list[Finding]:
    """Notes are shown like warnings: the township should see them before deciding."""
    return [replace(f, severity=Severity.WARNING) if f.severity == Severity.NOTE else f
            for f in findings.items]


@register_blockers("party.recommendation")
def rounds_recorded(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Both rounds held, with participants, and the votes entered (PT-09, PT-10)."""
    track = party_candidates.track(context)
    blockers = []
    for key, label in party_candidates.ROUNDS.items():
        if getattr(track, f"{key}_round_on") is None or not getattr(track, f"{key}_round_participants"):
            blockers.append(Finding(msg("尚未记录{round}的日期和参加人数", round=label), ("PT-09", "PT-10")))
            continue
        tallies = context.session.scalar(select(func.count()).select_from(Recommendation).where(
            Recommendation.election_id == context.election.id, Recommendation.round == key))
        if not tallies:
            blockers.append(Finding(msg("尚未录入{round}的得票", round=label), ("PT-10",)))
    return blockers


@register_blockers("party.initial_candidates")
def initial_candidates(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Number, eligibility, structure, relatives and identical names (SD-10…SD-19, SO-14)."""
    return _blockers(party_candidates.initial_check(context))


@register_blockers("party.qualification")
def qualification(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Every candidate answered on the ten items and reviewed by every department (PT-26, SD-40)."""
    return _blockers(party_review.qualification_check(context))


@register_blockers("party.inspection")
def inspection(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Every remaining candidate inspected and decided on (PT-27)."""
    return _blockers(party_review.inspection_check(context))


@register_blockers("party.preliminary")
def preliminary(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """n + the profile's extra committee candidates, one secretary, the deputies; the margin warning (PT-16, PT-17)."""
    return _blockers(party_candidates.preliminary_check(context))


@register_blockers("party.publicity")
def publicity(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Publicity long enough, over, and its outcome recorded (PT-17)."""
    return _blockers(party_review.publicity_check(context))


@register_blockers("party.approval")
def approval(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Request after the publicity, the township's reply after it ended (PT-17)."""
    return _blockers(party_review.approval_check(context))
