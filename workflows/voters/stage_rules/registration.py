"""Blockers of the voter-registration stage (VC-07…VC-11)."""

from __future__ import annotations

from sqlalchemy import func, select

from models import Objection, Voter, VoterCorrection
from workflows.core import audit
from workflows.core.findings import Finding, Severity
from workflows.core.scope import ElectionScope
from workflows.core.stages import StageDef, register_blockers, register_work
from workflows.core.text import format_date, msg

audit.register_entity_label("voter", "选民")
audit.register_entity_label("voter_publication", "选民名单公布")
audit.register_entity_label("voter_correction", "选民名单更正")
audit.register_entity_label("objection", "选民名单异议")
register_work("vc.registration")


@register_blockers("vc.registration")
def voters_registered(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """A list must exist before it can be published and the stage completed."""
    count = context.session.scalar(select(func.count()).select_from(Voter).where(
        Voter.election_id == context.election.id, Voter.status == "registered"))
    if count == 0:
        return [Finding(msg("尚未登记任何选民"), ("VC-07", "VC-08"))]
    return []


@register_blockers("vc.registration")
def objections_decided(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """VC-11: every objection decided; decisions after the 3-day limit are pointed out."""
    findings = []
    days = context.profile.days("objection_decision_days")
    for objection in context.session.scalars(select(Objection).where(
            Objection.election_id == context.election.id)):
        calendar = _calendar(context)
        due = calendar.within(objection.received_on, days)
        if objection.decided_on is None:
            late = (context.today - due).days
            text = "关于{about}的异议（{filed_by}，{received}收到）尚未作出处理决定，最迟{due}"
            if late > 0:
                text += "，已逾期{late}日"
            findings.append(Finding(msg(text, about=objection.about, filed_by=objection.filed_by,
                                        received=format_date(objection.received_on),
                                        due=format_date(due), late=late), ("VC-11",)))
        elif objection.decided_on > due:
            findings.append(Finding(msg("关于{about}的异议于{decided}作出决定，超过{days}日处理期限（最迟{due}）",
                                        about=objection.about, decided=format_date(objection.decided_on),
                                        days=days, due=format_date(due)), ("VC-11",), Severity.WARNING))
    return findings


@register_blockers("vc.registration")
def corrections_posted(context: ElectionScope, stage: StageDef) -> list[Finding]:
    """Corrections after publication must themselves be posted (补充公告)."""
    pending = context.session.scalar(select(func.count()).select_from(VoterCorrection).where(
        VoterCorrection.election_id == context.election.id, VoterCorrection.publication_id.is_(None)))
    if pending:
        return [Finding(msg("有{n}项名单更正尚未发布补充公告", n=pending), ("VC-10", "VC-11"))]
    return []


def _calendar(context: ElectionScope):
    from workflows.core.calendar import CalendarContext
    from workflows.core.holidays import WorkdayCalendar

    if context.workdays is None:
        context.workdays = WorkdayCalendar.load(context.session)
    return CalendarContext(context.election, context.profile, context.workdays, {})
