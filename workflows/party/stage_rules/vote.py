"""Blockers of the vote: the members' meeting (PT-08, PT-11, PT-13…PT-15), the officers
(PT-18, PT-19) and the report with its 批复 (PT-21). Nothing entered → nothing completes."""

from __future__ import annotations

from workflows.core.findings import Finding
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers, register_work
from workflows.core.text import msg
from workflows.count import checks
from workflows.party import vote

register_work("party.officers", "party.report")


@register_blockers("party.meeting")
def committee_vote(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Attendance and the committee vote recorded, confirmed, ties and empty seats dealt with."""
    state = vote.committee_state(context)
    if state is None:
        return [Finding(msg("尚未记录党员大会实到会人数和委员会委员选举"), ("PT-08", "PT-13"))]
    if state.pending_round_id is not None:
        return _pending(context, state.pending_round_id)
    if state.tie_among:
        return [Finding(msg("有{n}人赞成票相等，争最后{seats}个名额，须就这几人再投票", n=len(state.tie_among),
                            seats=state.tie_seats), ("PT-14",))]
    if not state.elected and not state.choice:
        return [Finding(msg("没有候选人赞成票过半数，委员会委员尚未选出"), ("PT-13", "PT-15"))]
    if state.unfilled > 0:
        return [Finding(msg("委员尚缺{n}名：不得按得票多少补足，须记录大会决定——对空缺名额再次选举，"
                            "或经多数党员同意减少名额", n=state.unfilled), ("PT-15",))]
    return []


def _pending(context: ElectionScope, round_id: int) -> list[Finding]:
    quorum = vote.quorum(context, round_id)
    if not quorum.valid:
        return [Finding(quorum.reasons[0], ("PT-08",))]
    sheet = vote.sheet_state(context, round_id)
    if sheet.state != "agreed":
        return [Finding(msg("计票单尚未经两人分别录入并核对一致"), ("PT-13",))]
    open_checks = checks.open_checks(checks.check_round(context, round_id))
    if open_checks:
        return [Finding(c.text, ("PT-11",)) for c in open_checks]
    return [Finding(msg("计票结果尚未经总监票人确认"), ("PT-13",))]


@register_blockers("party.officers")
def officers_vote(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """The first full meeting held and every officer elected 等额."""
    view = vote.officers_round(context)
    if view is None:
        return [Finding(msg("尚未记录委员会全体会议选举书记、副书记"), ("PT-18", "PT-19"))]
    if view.official_by is None:
        return _pending(context, view.id)
    if vote.officers_done(context) is None:
        return [Finding(msg("书记、副书记有人赞成票未过半数，未当选，须重新酝酿后再选举"), ("PT-13", "PT-19"))]
    return []


@register_blockers("party.report")
def result_report(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """The report printed and sent, the township's reply recorded."""
    state = vote.report_state(context)
    if state.sent_on is None:
        return [Finding(msg("尚未打印选举结果报告并报镇党委"), ("PT-21",))]
    if state.reply_on is None:
        return [Finding(msg("尚未记录镇党委对选举结果的批复（日期、文号）"), ("PT-21",))]
    return []
