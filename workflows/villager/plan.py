"""The villager committee's election work plan (选举工作方案, SD-22): drafted by the election
committee, discussed and adopted by the villagers' (representatives') meeting, published.

The plan is printed from one template filled with the village's data: the offices and their
seats with the 专职专选 positions, the committee, the legal calendar's dates, the profile's day
counts and the township plan's title (``basis_township_plan``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import Document
from printing.documents.work_plan import PlanSection, WorkPlanSpec
from workflows.core import documents
from workflows.core.calendar import Kind
from workflows.core.errors import InvalidInput
from workflows.core.findings import Findings
from workflows.core.paper import ORGANIC_LAW, election_committee_name, join_titles, references
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, format_date, msg
from workflows.villager import committee
from workflows.villager.committee_checks import seated
from workflows.villager.committee_documents import committee_roles, meeting_words, role_lines
from workflows.villager.seat_labels import seat_labels, seats_text, women_seat_required

PLAN_MEETINGS = ("villagers", "representatives")  # SD-22: 村民会议 or 村民代表会议


@dataclass(frozen=True)
class PlanInput:
    """When and by which meeting the plan was adopted, and when it was published."""

    adopted_by: str = ""
    adopted_on: date | None = None
    published_on: date | None = None


def plan_input(scope: ElectionScope) -> PlanInput:
    """The stored plan dates."""
    row = committee.record(scope)
    return PlanInput(row.plan_adopted_by, row.plan_adopted_on, row.plan_published_on)


def record_plan(scope: ElectionScope, data: PlanInput) -> None:
    """Store the adoption and publication of the plan (SD-22)."""
    errors: dict[str, Msg] = {}
    today, meeting = scope.today, committee.record(scope).meeting_on
    if data.adopted_on is not None:
        if data.adopted_by not in PLAN_MEETINGS:
            errors["adopted_by"] = msg("请选择讨论通过方案的会议：村民会议或村民代表会议")
        if data.adopted_on > today:
            errors["adopted_on"] = msg("通过日期{day}晚于今天", day=format_date(data.adopted_on))
        elif meeting is None or data.adopted_on < meeting:
            errors["adopted_on"] = msg("方案由村民选举委员会拟定，通过日期不能早于选举委员会推选产生之日")
    if data.published_on is not None:
        if data.adopted_on is None:
            errors["published_on"] = msg("方案须先经会议讨论通过，再公布")
        elif data.published_on > today:
            errors["published_on"] = msg("公布日期{day}晚于今天", day=format_date(data.published_on))
        elif data.published_on < data.adopted_on:
            errors["published_on"] = msg("公布日期早于通过日期")
    if errors:
        raise InvalidInput(errors)
    row = committee.record(scope, create=True)
    row.plan_adopted_by = data.adopted_by if data.adopted_on else ""
    row.plan_adopted_on, row.plan_published_on = data.adopted_on, data.published_on
    scope.session.flush()


def plan_findings(scope: ElectionScope) -> Findings:
    """SD-22: adopted by the villagers' (representatives') meeting and published."""
    found = Findings()
    severity = scope.profile.get("vc_plan_adoption")
    row = committee.record(scope)
    if row.plan_adopted_on is None:
        found.add(msg("选举工作方案尚未经村民会议或村民代表会议讨论通过"), "SD-22", severity)
    elif row.plan_published_on is None:
        found.add(msg("选举工作方案已于{day}讨论通过，尚未公布", day=format_date(row.plan_adopted_on)),
                  "SD-22", severity)
    return found


# --- the printed plan -------------------------------------------------------------------------

def _when(milestone) -> str:
    if milestone.done_on is not None:
        return f"{format_date(milestone.done_on)}已完成"
    if milestone.kind == Kind.DEADLINE:
        return f"{format_date(milestone.due)}前"
    if milestone.kind == Kind.WINDOW:
        return f"至{format_date(milestone.due)}"
    return format_date(milestone.due)


def schedule_rows(scope: ElectionScope, issued_on: date) -> list[list[str]]:
    """The villager-committee steps with their dates as of ``issued_on`` (the legal calendar)."""
    row = committee.record(scope)
    rows = [[format_date(row.meeting_on), "推选村民选举委员会"]] if row.meeting_on else []
    if row.plan_adopted_on:
        rows.append([format_date(row.plan_adopted_on), "选举工作方案经会议讨论通过"])
    for milestone in scope.schedule_on(issued_on).milestones:
        if milestone.track == "vc" and milestone.key != "audit_published":
            rows.append([_when(milestone), str(milestone.title)])
    return rows


def _sections(scope: ElectionScope, issued_on: date) -> list[PlanSection]:
    profile, election, row = scope.profile, scope.election, committee.record(scope)
    refs = references(profile, scope.township.name, scope.township.province)
    labels = seat_labels(scope)
    seats = [f"本届村民委员会由{seats_text(scope)}组成，由登记参加选举的村民直接选举产生。"]
    if labels:
        seats.append("其中，" + "、".join(label.text for label in labels) + "实行专职专选、定位产生。")
    if women_seat_required(scope):
        seats.append("村民委员会成员中应当有妇女成员，候选人中应当有适当的妇女名额。")
    lines = {line.role: line.names for line in role_lines(scope, committee_roles())}
    who = "，".join(f"{label}{'、'.join(lines[label])}" for label in lines if lines[label])
    day = format_date(election.committee_election_day) if election.committee_election_day else "另行公告"
    return [
        PlanSection("一、指导思想和工作依据", [
            f"依据{join_titles([ORGANIC_LAW, *refs.province_measures, *refs.township_plan])}，"
            "坚持党的领导、充分发扬民主、严格依法办事，结合本村实际，制定本方案。"]),
        PlanSection("二、村民委员会的职数", seats),
        PlanSection("三、村民选举委员会", [
            f"本村村民选举委员会经{meeting_words(scope)}推选产生，由{len(seated(scope))}人组成：{who}。"
            "村民选举委员会主持本届村民委员会选举工作。村民选举委员会成员被提名为村民委员会成员候选人的，"
            "应当退出村民选举委员会，按照原推选结果依次递补，也可以另行推选。"]) if row.meeting_on else
        PlanSection("三、村民选举委员会", ["村民选举委员会由村民会议、村民代表会议或者各村民小组会议推选产生。"]),
        PlanSection("四、选举日和工作步骤", [f"本届村民委员会选举日为{day}。主要工作步骤和时间安排如下："],
                    ["时间", "工作内容"], schedule_rows(scope, issued_on)),
        PlanSection("五、选民登记", [
            f"年满{profile.get('voting_age')}周岁（计算到选举日）、未被依法剥夺政治权利的村民，"
            f"按照{ORGANIC_LAW}第十三条的规定登记参加选举。登记参加选举的村民名单在选举日的"
            f"{profile.days('voter_list_days')}日前公布。村民对名单有异议的，可以自名单公布之日起"
            f"{profile.days('objection_filing_days')}日内向村民选举委员会申诉，村民选举委员会自收到申诉之日起"
            f"{profile.days('objection_decision_days')}日内作出处理决定，并公布处理结果。"]),
        PlanSection("六、候选人的提名和确定", [
            "村民委员会主任、副主任和委员的候选人由登记参加选举的村民直接提名，任何组织或者个人不得指定、委派。"
            "候选人名额应当多于应选名额。正式候选人名单在选举日的"
            f"{profile.days('formal_candidates_days')}日前分职务张榜公布。"]),
        PlanSection("七、投票选举", [
            f"村民选举委员会在选举日的{profile.days('vote_notice_days')}日前公布投票的时间、地点和方式。"
            "选举实行无记名投票、公开计票的方法，设立秘密写票处，选举结果当场公布。"
            f"选举是否有效、候选人是否当选，按照{ORGANIC_LAW}第十五条的规定确定。"]),
        PlanSection("八、工作要求", [
            "严格依法依规办事，法定程序一个不少，规定步骤一步不漏。严肃换届纪律，严禁拉票贿选，"
            "对以暴力、威胁、欺骗、贿赂等不正当手段妨害村民行使选举权、被选举权的，依法依规严肃处理。"]),
    ]


def plan_spec(scope: ElectionScope, issued_on: date) -> WorkPlanSpec:
    """The plan as of ``issued_on``: a draft (草案) until the meeting adopted it."""
    row = committee.record(scope)
    village, term = scope.village.name, scope.election.term_label
    adopted = row.plan_adopted_on is not None and row.plan_adopted_on <= issued_on
    title = f"{village}{term}村民委员会\n换届选举工作方案" + ("" if adopted else "（草案）")
    closing = (f"本方案经{format_date(row.plan_adopted_on)}本村{committee.MEETING_LABELS[row.plan_adopted_by]}"
               "讨论通过，自公布之日起施行。" if adopted
               else "本方案提请村民会议或者村民代表会议讨论通过后公布施行。")
    return WorkPlanSpec(
        title=title, intro=f"为做好本村{term}村民委员会换届选举工作，制定本方案。",
        sections=_sections(scope, issued_on), closing=closing,
        issuer=election_committee_name(village), date_text=format_date(issued_on))


def issue_plan(scope: ElectionScope, issued_on: date) -> Document:
    """Archive the plan (the draft before adoption); the adopted plan's first issue is its
    publication and records that date (SD-22)."""
    row = committee.record(scope)
    if row.meeting_on is None:
        raise InvalidInput({"general": msg("尚未记录推选村民选举委员会的会议：方案由选举委员会拟定")})
    if issued_on > scope.today or issued_on < row.meeting_on:
        raise InvalidInput({"issued_on": msg("日期应在选举委员会推选产生之日{day}至今天之间",
                                             day=format_date(row.meeting_on))})
    spec = plan_spec(scope, issued_on)
    document = documents.issue(scope.session, "work_plan", spec,
                               documents.Placement.of_election(scope.session, scope.election))
    if row.plan_adopted_on is not None and row.plan_adopted_on <= issued_on and row.plan_published_on is None:
        row.plan_published_on = issued_on
        scope.session.flush()
    return document
