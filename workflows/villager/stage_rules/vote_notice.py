"""Blockers of the vote notice and proxy voting (SD-26, PV-06, GC-16, PV-14, VC-19, GC-11, PV-07).

The notice's date and the proxy deadline are milestones of the legal calendar
(``vote_notice_published``, ``proxy_deadline`` in ``township/stage_rules/schedule.py``); a notice
posted late blocks through them. This module adds what the arrangements and the proxies lack.
"""

from __future__ import annotations

from workflows.core import audit
from workflows.core.findings import Finding, Severity
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers, register_work
from workflows.core.text import msg
from workflows.villager import polling_checks, vote_notice

register_work("vc.vote_notice")

for table, label in (("vc_polling_station", "投票地点"), ("vc_station_group", "投票地点负责的村民小组"),
                     ("vc_mobile_box", "流动票箱"), ("vc_mobile_box_voter", "使用流动票箱的选民"),
                     ("vc_official", "监票、唱票、计票人员"), ("vc_proxy", "委托投票")):
    audit.register_entity_label(table, label)


@register_blockers("vc.vote_notice")
def vote_notice_rules(scope: ElectionScope, stage: StageDef) -> list[Finding]:
    """The arrangements and proxies as the stage needs them, and a notice that still matches."""
    findings = list(polling_checks.findings(scope).items)
    if vote_notice.posted_differs(scope):
        findings.append(Finding(msg("投票公告张贴后，投票地点、流动票箱或工作人员有变动，请重新公告变动的内容"),
                                ("SD-26", "PV-06"), Severity.WARNING))
    return findings
