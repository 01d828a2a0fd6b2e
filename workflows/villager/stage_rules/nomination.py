"""Blockers of the open nomination (海选): VC-12, VC-13, GC-12, GC-19, SD-25."""

from __future__ import annotations

from dataclasses import replace

from workflows.core import audit
from workflows.core.findings import Finding, Severity
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers, register_work
from workflows.villager import candidates
from workflows.villager.offices import OFFICE_LABELS

register_work("vc.nomination")

audit.register_entity_label("vc_nomination", "海选提名")
audit.register_entity_label("vc_nomination_ballot", "候选人提名票")
audit.register_entity_label("vc_nomination_mark", "提名票上的被提名人")
audit.register_entity_label("vc_nomination_total", "提名得票合计")
audit.register_entity_label("vc_candidate_quota", "候选人名额")
audit.register_entity_label("vc_candidate", "村委会被提名人")
audit.register_entity_label("vc_candidate_change", "候选人变动")
audit.register_entity_label("vc_candidate_meeting", "候选人见面会")
audit.register_name_resolver("vc_nomination", lambda row: "海选提名")
audit.register_name_resolver("vc_nomination_ballot", lambda row: f"第{row.serial}张提名票")
audit.register_name_resolver("vc_candidate", lambda row: f"{row.name}（{OFFICE_LABELS.get(row.office, row.office)}）")
audit.register_name_resolver("vc_candidate_quota",
                             lambda row: f"{OFFICE_LABELS.get(row.office, row.office)}候选人名额")


@register_blockers("vc.nomination")
def nomination_done(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """The nomination entered, candidates chosen per office; notes are shown like warnings."""
    return [replace(f, severity=Severity.WARNING) if f.severity == Severity.NOTE else f
            for f in candidates.check(context).items]
