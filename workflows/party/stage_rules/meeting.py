"""Blockers of the members' meeting: roster (PT-04), branch size (PT-25), 应到会人数 (PT-06, PT-07).

The township's approval of 应到会人数 is a deadline milestone of the legal calendar
(``party_expected_attendance`` in ``schedule.py``), so it is not repeated here.
"""

from __future__ import annotations

from workflows.core.findings import Finding, Severity
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers, register_work
from workflows.core.text import format_date, msg
from workflows.party.attendance import (
    AWAITING_ADOPTION,
    AttendanceFigures,
    ExclusionLine,
    ExclusionState,
    approved_figure,
    expected_attendance,
)

register_work("party.meeting")  # 应到会人数 here; the vote in stage_rules/vote.py


@register_blockers("party.meeting")
def attendance_rules(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """A roster must exist; then the branch size, the exclusions and the approved figure."""
    figures = expected_attendance(context)
    if figures.total == 0:
        return [Finding(msg("尚未录入党员名册，无法确定有表决权的党员和应到会人数"), ("PT-04", "PT-06"))]
    findings = _branch_size(context, figures)
    for line in figures.exclusions:
        findings += _exclusion_findings(context, line)
    return findings + _changed_since_approval(context, figures)


def _branch_size(context: ElectionScope, figures: AttendanceFigures) -> list[Finding]:
    """PT-25: fewer 正式党员 than a branch committee needs. Every full member counts, also one
    under 留党察看 or whose rights are suspended (they are still 正式党员); 预备党员 do not."""
    minimum = context.profile.get("party_committee_min_members")
    if figures.full_members >= minimum:
        return []
    return [Finding(msg("正式党员只有{n}名，不足{minimum}名：按规定不设支部委员会，"
                        "只设书记1名，必要时设副书记1名", n=figures.full_members, minimum=minimum),
                    ("PT-25",), Severity.WARNING)]


def _exclusion_findings(context: ElectionScope, line: ExclusionLine) -> list[Finding]:
    """PT-07: consent and approval missing block; adoption is due at the meeting itself."""
    if line.state == ExclusionState.VOID:
        return [Finding(msg("{name}本身没有表决权，“不计入应到会人数”的记录不起作用，可以删除",
                            name=line.name), ("PT-04", "PT-07"), Severity.WARNING)]
    if line.state == ExclusionState.INVALID:
        missing = [p for p in line.problems if p != AWAITING_ADOPTION]
        rules = ("PT-07", "PT-07a") if any("PT-07a" in p for p in missing) else ("PT-07",)
        return [Finding(msg("{name}不计入应到会人数的手续不全：{missing}；手续完备前仍计入应到会人数",
                            name=line.name, missing="；".join(missing)), rules)]
    if line.state == ExclusionState.PENDING:
        return [_awaiting_adoption(context, line)]
    return []


def _awaiting_adoption(context: ElectionScope, line: ExclusionLine) -> Finding:
    day = context.election.party_election_day
    if day is not None and context.today >= day:
        return Finding(msg("党员大会{day}召开，尚未记录大会通过{name}不计入应到会人数",
                           day=format_date(day), name=line.name), ("PT-07",))
    return Finding(msg("{name}不计入应到会人数已经镇党委同意，须在党员大会上通过",
                       name=line.name), ("PT-07",), Severity.WARNING)


def _changed_since_approval(context: ElectionScope, figures: AttendanceFigures) -> list[Finding]:
    """PT-06: the roster or the exclusions changed after the township approved the figure."""
    approved = approved_figure(context)
    if approved is None or approved == figures.expected:
        return []
    return [Finding(msg("镇党委批准的应到会人数为{approved}人，按现在的名册和排除情况应为{now}人，"
                        "请核实后重新报批", approved=approved, now=figures.expected),
                    ("PT-06",), Severity.WARNING)]
