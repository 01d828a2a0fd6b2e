"""先审计后换届 (SD-46): no work of the election stage, on either track, before the audit.

The audit milestone (``schedule.py``) sits on one track's first stage and blocks it until
the audit is recorded, and when the audit came after that stage's first step. This rule
covers the other track's first stage: a step of it done before the recorded audit blocks;
while no audit is recorded at all it warns (the milestone's track is blocked already).
"""

from __future__ import annotations

from workflows.core.findings import Finding, Severity
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers
from workflows.core.text import format_date, msg

FIRST_STAGES = ("party.recommendation", "vc.election_committee")


@register_blockers(*FIRST_STAGES)
def audit_before_the_election_stage(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """The other track's first stage while no audit is recorded; a step of this track done
    before a recorded audit (the milestone's own stage reports its deadline itself)."""
    if context.profile.get("audit_gate") != "election_stage":
        return []
    milestone = next((m for m in context.schedule.milestones if m.key == "audit_published"), None)
    if milestone is None or milestone.stage_key == stage.key:
        return []
    published = context.facts.get("audit_published")
    if published is None:
        return [Finding(msg("尚未记录离任经济责任审计结果的公布日期：先审计后换届，审计结果公布前"
                            "不得开展选举阶段的工作"), ("SD-46", "VC-33"), Severity.WARNING)]
    track = stage.track
    early = sorted((day, key) for key, day in context.facts.items()
                   if key != "audit_published" and day < published and _track_of(key) == track)
    if not early:
        return []
    from workflows.township.stage_rules.schedule import step_title

    day, key = early[0]
    return [Finding(msg("离任经济责任审计结果于{published}公布，而“{step}”已于{day}进行：先审计后换届，"
                        "审计结果公布前开展的选举阶段工作须在公布后重新进行",
                        published=format_date(published), step=step_title(key), day=format_date(day)),
                    ("SD-46", "VC-33"))]


def _track_of(key: str) -> str:
    return "party" if key.startswith(("party_", "stage:party.")) else "vc"
