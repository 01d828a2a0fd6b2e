"""What the qualification stage of the villager committee checks (SD-13…SD-15, SD-19, SD-24, SD-40).

* the review: every candidate answered on all ten items and reviewed by every unit of the
  three levels, a found disqualifier cancelling the candidacy (SD-24, SD-40);
* the inspection of those who passed, and their confirmation as formal candidates (SD-24);
* ages and structure of the 主任 and 副主任 nominees and of the whole list, as the Party
  track checks its 书记 (SD-13 age limit with its boundary day, SD-15 new heads, deputies,
  one young member with a diploma), severities from the profile;
* close relatives among all “两委” nominees: the Party track's candidates and the
  villager-committee candidates together (SD-19, VC-29), severity from the profile.
"""

from __future__ import annotations

from workflows.core import idcard, relatives
from workflows.core import qualification as shared
from workflows.core.findings import Findings, Severity
from workflows.core.policy import age_reference_problem
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.party import api as party
from workflows.villager import qualification as review
from workflows.villager.offices import Office
from workflows.voters import api as voters


def review_check(scope: ElectionScope) -> Findings:
    """Every candidate reviewed on the ten items and by every unit; cancellations applied."""
    findings = Findings()
    everyone = review.nominees(scope)
    if not everyone:
        findings.add(msg("尚无村委会候选人：须先在“海选提名”中确定各职务的候选人"), "SD-24")
    for row in everyone:
        if row.status == "disqualified":
            findings.add(msg("{name}（{office}）已取消候选人资格：{reason}", name=row.name,
                             office=review.office_label(row.office), reason=row.status_reason),
                         "SD-24 SD-40", Severity.WARNING, [row.id])
            continue
        state = review.review_state(scope, row)
        if state.reasons:  # stored before the profile or the date changed: settle it
            findings.add(msg("{name}的审查结论为取消资格，须按现行设置重新计算：{reason}", name=row.name,
                             reason="；".join(state.reasons)), "SD-24 SD-40", subjects=[row.id])
            continue
        missing = []
        if row.nominated_on is None:
            missing.append("尚未记录提名日期（“十不选”的时间范围从提名日起算）")
        elif state.reference is None:
            missing.append("尚未设定村委会选举日，无法计算“十不选”的时间范围")
        if state.missing_items:
            missing.append("“十不选”第{}项未填写".format("、".join(map(str, state.missing_items))))
        if state.missing_departments:
            missing.append("{}尚未出具审查意见".format("、".join(state.missing_departments)))
        if missing:
            findings.add(msg("{name}（{office}）：{missing}", name=row.name, office=review.office_label(row.office),
                             missing="；".join(missing)), "SD-24 SD-40", subjects=[row.id])
    return findings


def inspection_check(scope: ElectionScope) -> Findings:
    """Every candidate who passed the review inspected, decided on and confirmed (SD-24)."""
    findings = Findings()
    for row in review.nominees(scope, review.RUNNING):
        state = review.review_state(scope, row)
        if state.reasons or not state.complete:
            continue
        inspection = shared.inspection(scope.session, review.TABLES, row.id)
        if inspection is None:
            findings.add(msg("{name}尚未经乡镇党委考察", name=row.name), "SD-24", subjects=[row.id])
            continue
        missing = shared.inspection_missing(inspection)
        if missing:
            findings.add(msg("{name}的考察尚缺：{missing}", name=row.name, missing="、".join(missing)),
                         "SD-24", subjects=[row.id])
        elif row.status != "formal":
            findings.add(msg("{name}已通过审查和考察，尚未确定为正式候选人", name=row.name), "SD-24",
                         subjects=[row.id])
    return findings


def structure_check(scope: ElectionScope) -> Findings:
    """Ages of the 主任 and 副主任 nominees and one young member with a diploma (SD-13…SD-15)."""
    profile = scope.profile
    findings = Findings()
    severity = profile.get("structure_severity")
    running = review.nominees(scope, review.RUNNING)
    if severity == "off" or not running:
        return findings
    stale = age_reference_problem(profile, [scope.election.committee_election_day])
    if stale is not None:  # SD-13: an earlier term's date misleads every age
        findings.add(stale, "SD-13", Severity.WARNING)
    reference = review.age_reference(scope)
    if reference is None:
        findings.add(msg("未设定年龄计算截止日，也未设定村委会选举日，无法检查候选人年龄"), "SD-13 SD-15", severity)
        return findings
    feb29 = profile.get("feb29_birthday")
    recorded = review.posts(scope, [c.id for c in running])
    for row in running:
        age = idcard.age_on(row.birth_date, reference, feb29)
        if row.office == Office.CHAIR:
            if _chair_age(findings, scope, row, age, reference):
                continue
            post = recorded.get(row.id)
            if not (post and post.incumbent) and age > profile.get("new_head_max_age"):
                findings.add(msg("{name}（{age}周岁）为新提名的村委会主任候选人，超过{limit}周岁（特别优秀的可放宽）",
                                 name=row.name, age=age, limit=profile.get("new_head_max_age")),
                             "SD-15", severity, [row.id])
        elif row.office == Office.VICE_CHAIR:
            limit = profile.get("deputy_max_age_female" if row.sex == "女" else "deputy_max_age_male")
            if age > limit:
                findings.add(msg("{name}（{sex}，{age}周岁）为副主任候选人，超过副职{limit}周岁的要求",
                                 name=row.name, sex=row.sex, age=age, limit=limit), "SD-15", severity, [row.id])
    young, education = profile.get("young_member_age"), profile.get("young_member_education")
    facts = voters.particulars(scope.session, [c.voter_id for c in running])
    needed = party.education_rank(education)
    if not any(idcard.age_on(c.birth_date, reference, feb29) <= young
               and c.voter_id in facts and party.education_rank(facts[c.voter_id].education) >= needed
               for c in running):
        findings.add(msg("村委会候选人中没有{age}周岁以下且{education}以上学历的人选（每个“两委”班子原则上至少1名）",
                         age=young, education=education), "SD-15", severity)
    return findings


def _chair_age(findings: Findings, scope: ElectionScope, row, age: int, reference) -> bool:
    """SD-13 for a 主任 nominee (the SD-14 exception is for 书记 only); True when over the limit."""
    profile = scope.profile
    limit = profile.get("head_age_limit_female" if row.sex == "女" else "head_age_limit_male")
    cutoff = shared.years_before(reference, limit)
    by_birth = profile.get("age_limit_basis") == "born_before"
    over = row.birth_date < cutoff if by_birth else age >= limit
    if row.birth_date == cutoff:  # “60周岁以上” and “1961年1月1日前出生” disagree on this day
        findings.add(msg("{name}出生于{cutoff}，在{reference}当天满{limit}周岁：按“{limit}周岁以上”已达界限，"
                         "按“{cutoff}前出生”未达界限。现按“{basis}”判定为{result}",
                         name=row.name, cutoff=format_date(cutoff), reference=format_date(reference),
                         limit=limit, basis="出生日期" if by_birth else "周岁",
                         result="已达界限" if over else "未达界限"), "SD-13", Severity.NOTE, [row.id])
    if over:
        findings.add(msg("{name}（{sex}，{birth}出生，{age}周岁）为村委会主任候选人，已达{limit}周岁以上（年龄计算截至"
                         "{reference}），原则上不再提名为主任候选人",
                         name=row.name, sex=row.sex, birth=format_date(row.birth_date), age=age, limit=limit,
                         reference=format_date(reference)), "SD-13", profile.get("structure_severity"), [row.id])
    return over


def relatives_check(scope: ElectionScope) -> Findings:
    """Close relatives among the “两委” nominees: Party candidates and villager-committee
    candidates together (SD-19, VC-29); pairs among Party candidates alone are the Party
    track's own finding."""
    findings = Findings()
    running = review.nominees(scope, review.RUNNING)
    if not running:
        return findings
    people: dict[str, tuple[str, list[str], list[int]]] = {}  # ID number → name, roles, vc ids
    for row in running:
        name, roles, ids = people.setdefault(row.id_number, (row.name, [], []))
        roles.append(f"村委会{review.office_label(row.office)}候选人")
        ids.append(row.id)
    for other in party.running_candidates(scope):
        name, roles, ids = people.setdefault(other.id_number, (other.name, [], []))
        roles.append(f"村党组织{other.office}人选")
    pairs = relatives.pairs_among(scope.session, scope.township.id,
                                  [(name, number) for number, (name, _r, _i) in people.items()])
    for pair in pairs:
        a, b = people[pair.id_number_a], people[pair.id_number_b]
        if not a[2] and not b[2]:
            continue
        findings.add(msg("“两委”人选之间有近亲属关系，应当回避：{pair}（{name_a}：{roles_a}；{name_b}：{roles_b}）",
                         pair=pair.describe(), name_a=a[0], roles_a="、".join(a[1]), name_b=b[0],
                         roles_b="、".join(b[1])), "SD-19 VC-29", scope.profile.get("relatives_severity"),
                     a[2] + b[2])
    return findings


def all_checks(scope: ElectionScope) -> Findings:
    """Everything the stage checks, in the order the page shows it."""
    findings = Findings()
    for check in (review_check, inspection_check, structure_check, relatives_check):
        findings.extend(check(scope))
    return findings
