"""The legal calendar's milestones for both tracks (VC-10, VC-11, SD-24, SD-26, VC-26, PT-17…)."""

from __future__ import annotations

from datetime import date, timedelta

from workflows.core import audit
from workflows.core.calendar import CalendarContext, Draft, Kind, register_milestones
from workflows.core.text import format_date, msg

FACT_TITLES = {
    "audit_published": "离任经济责任审计结果公布",
    "voter_list_published": "公布选民名单",
    "formal_candidates_published": "公布正式候选人名单",
    "vote_notice_published": "公布投票时间、地点和方式",
    "vote_held": "投票选举日",
    "handover_done": "新老村委会工作移交完成",
    "vc_results_official": "村委会选举结果确认",
    "party_publicity_started": "预备人选公示开始",
    "party_approval": "镇党委批复预备人选",
    "party_expected_attendance": "应到会人数报镇党委批准",
    "party_meeting_held": "党员大会选举日",
    "party_report_sent": "选举结果书面报告镇党委",
    "party_member_round": "党员推荐",
    "party_mass_round": "群众推荐",
}
audit.register_name_resolver("milestone_fact", lambda fact: FACT_TITLES.get(fact.key, fact.key))


def _days_before_basis(day: date, days: int, strict: bool):
    if strict:  # CONV-04, the strict reading: N whole days between the act and the vote
        return msg("选举日{day}之前，中间相隔满{days}日", day=format_date(day), days=days)
    return msg("选举日{day}的{days}日前", day=format_date(day), days=days)


def first_election_step(facts: dict[str, date]) -> tuple[str, date] | None:
    """The first dated step of the election stage of either track (SD-46), as recorded.

    Every recorded fact but the audit itself is a step of the election stage: the two
    recommendation rounds open the Party track (seed 003: 两推), the election committee's
    completion (``stage:vc.election_committee``) the villager-committee track, and every
    later step and stage comes after them. Ties go to the Party track.
    """
    steps = [(day, not key.startswith(("party_", "stage:party.")), key)
             for key, day in facts.items() if key != "audit_published"]
    if not steps:
        return None
    day, _vc_first, key = min(steps)
    return key, day


def step_title(key: str) -> str:
    """A recorded step in words (“党员推荐”, “推选村民选举委员会”)."""
    if key.startswith("stage:"):
        from workflows.core.stages import STAGES

        stage = STAGES.get(key.removeprefix("stage:"))
        return str(stage.title) if stage else key
    return FACT_TITLES.get(key, key)


def _first_stage(key: str) -> str:
    party = key.startswith(("party_", "stage:party."))
    return "party.recommendation" if party else "vc.election_committee"


@register_milestones
def audit_milestone(context: CalendarContext) -> list[Draft]:
    """Term-end audit results public before the vote (VC-33), or — 先审计后换届 (SD-46) — on or
    before the day the first step of the election stage of either track was done.

    Under SD-46 the deadline is that step's day once one is recorded (an audit dated after it
    blocks the stage the step belongs to); before any step, the day before the first election
    day stands in, on the first stage of the Party track when it has a day (else the
    villager committee's). ``workflows/township/stage_rules/audit_gate.py`` gates the other
    track's first stage while no audit is recorded.
    """
    election = context.election
    days = [d for d in (election.party_election_day, election.committee_election_day) if d]
    gate = context.profile.get("audit_gate")
    if gate == "election_stage":
        first = first_election_step(context.facts)
        if first is not None:
            key, due = first
            stage = _first_stage(key)
            basis = msg("先审计后换届：不晚于{step}之日", step=step_title(key))
        elif days:
            stage = "party.recommendation" if election.party_election_day else "vc.election_committee"
            due = min(days) - timedelta(days=1)
            basis = msg("先审计后换届：选举阶段的工作开始之前")
        else:
            return []
    else:
        if not days:
            return []
        stage = "vc.vote_notice"
        basis = msg("离任审计结果应在村委会选举之前公布")
        due = (election.committee_election_day or min(days)) - timedelta(days=1)
    return [Draft("audit_published", stage, msg("离任经济责任审计结果公布"),
                  ("VC-33", "SD-46"), due, basis)]


@register_milestones
def committee_milestones(context: CalendarContext) -> list[Draft]:
    """Villager-committee dates counted from the election day."""
    day = context.election.committee_election_day
    if day is None:
        return []
    profile = context.profile
    strict = profile.get("days_before_rule") == "strict"

    def before(days_key: str) -> tuple[date, object]:
        days = profile.days(days_key)
        return context.days_before(day, days), _days_before_basis(day, days, strict)

    list_due, list_basis = before("voter_list_days")
    published = context.facts.get("voter_list_published", list_due)
    filing_end = context.within(published, profile.days("objection_filing_days"))
    decision_end = context.within(filing_end, profile.days("objection_decision_days"))
    formal_due, formal_basis = before("formal_candidates_days")
    notice_due, notice_basis = before("vote_notice_days")
    proxy_due, proxy_basis = before("proxy_deadline_days")
    return [
        Draft("voter_list_published", "vc.registration", msg("公布选民名单"), ("VC-10", "CONV-04"),
              list_due, list_basis),
        Draft("objection_filing_end", "vc.registration", msg("选民名单异议申诉截止"),
              ("VC-11", "CONV-05"), filing_end,
              msg("名单公布日{day}起{n}日内", day=format_date(published),
                  n=profile.days("objection_filing_days")), Kind.WINDOW),
        Draft("objection_decision_end", "vc.registration", msg("异议处理决定最迟作出"),
              ("VC-11", "CONV-05"), decision_end,
              msg("最后一日收到的申诉，自收到之日起{n}日内", n=profile.days("objection_decision_days")),
              Kind.WINDOW),
        Draft("formal_candidates_published", "vc.formal_candidates", msg("公布正式候选人名单"),
              ("SD-24", "GC-13", "CONV-04"), formal_due, formal_basis),
        Draft("proxy_deadline", "vc.vote_notice", msg("委托投票办理截止"), ("PV-07", "GC-11"),
              proxy_due, proxy_basis, Kind.WINDOW),
        Draft("vote_notice_published", "vc.vote_notice", msg("公布投票时间、地点和方式"),
              ("SD-26", "CONV-04"), notice_due, notice_basis),
        Draft("vote_held", "vc.vote", msg("投票选举日"), ("VC-15", "VC-18"), day,
              msg("选举设置中的村委会选举日"), Kind.EVENT, ("vote_held", "stage:vc.vote")),
        _handover(context, day),
    ]


def _handover(context: CalendarContext, election_day: date) -> Draft:
    """Handover within N days of the new committee's election (VC-26), rest days extended; the
    day is the one the results became official (workflows/villager/results.py), else the vote."""
    elected = context.facts.get("vc_results_official", context.facts.get("stage:vc.vote", election_day))
    days = context.profile.days("handover_days")
    return Draft("handover_done", "vc.handover", msg("新老村委会工作移交完成"),
                 ("VC-26", "SD-32", "CONV-05"), context.within(elected, days),
                 msg("新一届村委会产生之日{day}起{n}日内", day=format_date(elected), n=days))


@register_milestones
def party_milestones(context: CalendarContext) -> list[Draft]:
    """Party-track dates counted back from the members' meeting (PT-06, PT-17, PT-21)."""
    day = context.election.party_election_day
    if day is None:
        return []
    profile = context.profile
    days = profile.days("party_publicity_days")
    publicity_end = day - timedelta(days=2)  # the 请示 and 批复 need the day before the meeting
    if profile.get("party_publicity_working"):
        start = context.workdays.subtract_working_days(publicity_end, days)
        unit = "个工作日"
    else:
        start = publicity_end - timedelta(days=max(days - 1, 0))
        unit = "日"
    eve = day - timedelta(days=1)
    report_days = profile.days("party_report_days")
    return [
        Draft("party_publicity_started", "party.publicity", msg("预备人选公示最迟开始"),
              ("PT-17",), start,
              msg("公示{n}{unit}，须在党员大会{day}前两日结束（留出请示、批复时间）",
                  n=days, unit=unit, day=format_date(day))),
        Draft("party_approval", "party.approval", msg("镇党委批复预备人选"), ("PT-17",), eve,
              msg("党员大会{day}之前", day=format_date(day))),
        Draft("party_expected_attendance", "party.meeting", msg("应到会人数报镇党委批准"),
              ("PT-06", "PT-07"), eve, msg("党员大会{day}之前", day=format_date(day))),
        Draft("party_meeting_held", "party.meeting", msg("党员大会选举日"), ("PT-08", "PT-18"), day,
              msg("选举设置中的党员大会选举日"), Kind.EVENT,
              ("party_meeting_held", "stage:party.meeting")),
        Draft("party_report_sent", "party.report", msg("选举结果书面报告镇党委"), ("PT-21",),
              day + timedelta(days=report_days),
              msg("党员大会{day}后{n}日内（实施方案要求“及时”，天数为规则配置的建议值）",
                  day=format_date(day), n=report_days)),
    ]
