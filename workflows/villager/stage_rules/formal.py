"""Blockers of the formal candidates' stage: SD-24, VC-13, PV-05, VC-14 (the posting deadline is
the ``formal_candidates_published`` milestone of workflows/township/stage_rules/schedule.py)."""

from __future__ import annotations

from dataclasses import replace

from workflows.core.findings import Finding, Severity
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers, register_work
from workflows.villager import formal

register_work("vc.formal_candidates")


@register_blockers("vc.formal_candidates")
def formal_list_posted(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Everyone reviewed, more candidates than seats, changes published, the meeting arranged."""
    return [replace(f, severity=Severity.WARNING) if f.severity == Severity.NOTE else f
            for f in formal.check(context).items]
