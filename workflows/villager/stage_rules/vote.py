"""Blockers of the villager vote and its results (vc.vote, vc.results; issue 12 item 4).

vc.vote: the round is set up (SD-26, VC-15), every box counted twice and agreed (double entry),
its coded checks dealt with (GC-14, GC-15) and confirmed by the scrutineers, the round's result
confirmed by the chief supervisor; a void round (GC-15, VC-15) waits for its re-vote. vc.results:
the results are official, the 另行选举 (VC-17) and the women's seat (VC-02, GC-18) held. The
handover deadline (VC-26) counts from the day the results became official
(``vc_results_official``, see :mod:`workflows.villager.results`).
"""

from __future__ import annotations

from workflows.core.errors import InvalidInput
from workflows.core.findings import Finding, Severity
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers, register_work
from workflows.core.text import format_date, msg
from workflows.count import checks, double_entry, rounds
from workflows.villager import results, vote

register_work("vc.vote", "vc.results")

BLOCKER = Severity.BLOCKER


@register_blockers("vc.vote")
def vote_rules(scope: ElectionScope, stage: StageDef) -> list[Finding]:
    """The current round counted, checked, agreed and confirmed."""
    row = vote.current_round(scope)
    if row is None:
        if any(r.void for r in vote.villager_rounds(scope)):
            return [Finding(msg("本轮投票无效，请组织重新投票（GC-15、VC-15）"), ("GC-15", "VC-15"), BLOCKER)]
        return [Finding(msg("尚未设置投票：请从正式候选人名单设置选票和票箱"), ("SD-26", "VC-15"), BLOCKER)]
    findings = _void_history(scope, row)
    if row.official:
        return findings
    view = rounds.round_view(scope, row.id)
    findings += _boxes(scope, view)
    found = checks.open_checks(checks.check_round(scope, row.id))
    shown = [c for c in found if c.code != "F.403"]
    if shown:
        codes = "、".join(sorted({c.code for c in shown}))
        findings.append(Finding(msg("{label}还有{n}项计票核对未处理（{codes}）：请更正录入，或记录“纸质选票如此”",
                                    label=row.label, n=len(shown), codes=codes), ("GC-14", "GC-15"), BLOCKER))
    findings.append(Finding(msg("{label}的计票结果尚未由总监票人确认", label=row.label), ("VC-16", "SD-26"), BLOCKER))
    return findings


def _void_history(scope: ElectionScope, row) -> list[Finding]:
    if row.kind == "revote":
        return [Finding(msg("上一轮投票无效，本轮为重新投票（GC-15）"), ("GC-15",), Severity.NOTE)]
    return []


def _boxes(scope: ElectionScope, view: rounds.RoundView) -> list[Finding]:
    findings = []
    states = {box.name: double_entry.box_state(scope, box.id) for box in view.boxes}
    unagreed = [name for name, state in states.items() if state != "agreed"]
    if unagreed:
        findings.append(Finding(msg("{boxes}的计票尚未经两人分别录入并核对一致", boxes="、".join(unagreed)),
                                ("GC-15", "SD-26"), BLOCKER))
    unconfirmed = [b.name for b in view.boxes if not b.confirmed_by and states[b.name] == "agreed"]
    if unconfirmed:
        findings.append(Finding(msg("{boxes}尚未由监票人核对确认", boxes="、".join(unconfirmed)),
                                ("GC-15", "PV-06"), BLOCKER))
    return findings


@register_blockers("vc.results")
def results_rules(scope: ElectionScope, stage: StageDef) -> list[Finding]:
    """Official results; no seat left to a runoff still to be held."""
    row = vote.current_round(scope)
    if row is None or not row.official:
        return [Finding(msg("选举结果尚未经总监票人确认，不能公布"), ("VC-16", "SD-26"), BLOCKER)]
    try:
        tally = results.round_tally(scope, row.id)
    except InvalidInput:
        return [Finding(msg("本轮计票数据不全，不能判定选举结果"), ("VC-16",), BLOCKER)]
    plan = vote.runoff_plan(scope, row.id, tally) if row.kind != "runoff" else []
    findings = []
    for part in plan:
        rule = ("VC-02", "GC-18") if part.women_seat else (("PV-10",) if part.why == "tie" else ("VC-17",))
        findings.append(Finding(msg("{office}尚有{n}个名额未选出，须{how}", office=part.office, n=part.seats,
                                    how="就得票相等的人重新投票" if part.why == "tie" else "另行选举"), rule, BLOCKER))
    return findings + _notices(scope) + _women_share(scope)


def _notices(scope: ElectionScope) -> list[Finding]:
    """Each confirmed round's results notice posted, within the profile's days of the vote (PV-15)."""
    findings = []
    days = scope.profile.get("elected_list_days")
    when = msg("当场") if days == 0 else msg("投票后{days}日内", days=days)
    for row in vote.villager_rounds(scope):
        if not row.official or row.void:
            continue
        posted = results.notice_posted(scope, row.id)
        deadline = results.notice_deadline(scope, row.id)
        if posted is None:
            findings.append(Finding(msg("{label}的选举结果公告尚未张贴公布（应{when}公布，最迟{day}）", label=row.label,
                                        when=when, day=format_date(deadline)), ("PV-15", "SD-26"), BLOCKER))
        elif posted > deadline:
            findings.append(Finding(msg("{label}的选举结果公告于{posted}张贴，晚于应公布的最迟日期{day}", label=row.label,
                                        posted=format_date(posted), day=format_date(deadline)),
                                    ("PV-15", "SD-26"), Severity.WARNING))
    return findings


def _women_share(scope: ElectionScope) -> list[Finding]:
    """SD-17: strive for the profile's share of women on the committee (a target, not a bar)."""
    target = scope.profile.get("vc_women_target_percent")
    elected = results.elected_list(scope)
    if not target or not elected or results.open_seats(scope):
        return []
    women = sum(1 for p in elected if p.female)
    if 100 * women >= target * len(elected):
        return []
    return [Finding(msg("当选的村委会成员{n}人中女性{women}人，未达到女性成员{target}%以上的目标", n=len(elected),
                        women=women, target=target), ("SD-17",), Severity.WARNING)]
