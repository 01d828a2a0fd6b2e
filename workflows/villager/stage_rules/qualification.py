"""Blockers of vc.qualification: the three-level review and the inspection of every candidate
(SD-24, SD-40), ages and structure (SD-13…SD-15), close relatives among the “两委” nominees
(SD-19, VC-29) — severities of the last two from the profile."""

from __future__ import annotations

from dataclasses import replace

from workflows.core import audit
from workflows.core.findings import Finding, Findings, Severity
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers, register_work
from workflows.villager import qualification_checks as checks

register_work("vc.qualification")

audit.register_entity_label("vc_disqualifier_check", "村委会候选人“十不选”审查")
audit.register_entity_label("vc_department_review", "村委会候选人联审意见")
audit.register_entity_label("vc_inspection", "村委会候选人考察")
audit.register_entity_label("vc_nominee_post", "村委会候选人现任职务")
audit.register_name_resolver("vc_disqualifier_check", lambda row: f"第{row.item}项")
audit.register_name_resolver("vc_department_review", lambda row: row.department)
audit.register_name_resolver("vc_inspection", lambda row: "乡镇党委考察")
audit.register_name_resolver("vc_nominee_post", lambda row: row.current_post or "现任职务")


def _blockers(findings: Findings) -> list[Finding]:
    """Notes are shown like warnings: the township should see them before deciding."""
    return [replace(f, severity=Severity.WARNING) if f.severity == Severity.NOTE else f
            for f in findings.items]


@register_blockers("vc.qualification")
def review_done(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Every candidate answered on the ten items and reviewed by every unit (SD-24, SD-40)."""
    return _blockers(checks.review_check(context))


@register_blockers("vc.qualification")
def inspected(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Every candidate who passed inspected by the township Party committee and confirmed (SD-24)."""
    return _blockers(checks.inspection_check(context))


@register_blockers("vc.qualification")
def structure(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Ages of the 主任 and 副主任 candidates, a young member (SD-13…SD-15; the profile's severity)."""
    return _blockers(checks.structure_check(context))


@register_blockers("vc.qualification")
def relatives(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Close relatives among the “两委” nominees (SD-19, VC-29; the profile's severity)."""
    return _blockers(checks.relatives_check(context))
