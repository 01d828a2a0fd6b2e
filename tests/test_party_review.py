"""Joint qualification review, inspection, publicity and approval of Party candidates.

Rule IDs: PT-17, PT-26, PT-27, SD-40, CONV-01, CONV-06 (shared/docs/rules-reference.md).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from models import MilestoneFact
from tests.conftest import TODAY
from tests.test_party_candidates import add_member, make_initial, set_rules, setup
from workflows.core import stages
from workflows.core.errors import InvalidInput
from workflows.core.scope import open_scope
from workflows.core.scope import township_profile as profile_of
from workflows.party import candidates as pc
from workflows.party import review as pr

REFERENCE = date(2026, 11, 1)


def scope_of(session, candidate):
    """The scope of the candidate's election, opened afresh (profile changes apply)."""
    return open_scope(session, candidate.election_id)


def answer_all(session, candidate, found: dict[int, tuple[str, date | None]] | None = None) -> None:
    """Answer the ten items: “否” except those in ``found`` (item → evidence, event date)."""
    found = found or {}
    pr.record_checks(scope_of(session, candidate), candidate.id, [
        pr.CheckAnswer(item, item in found, *found.get(item, ("", None))) for item in range(1, 11)])


def all_departments(session, candidate, problem: str = "") -> None:
    scope = scope_of(session, candidate)
    for index, department in enumerate(pr.departments(scope.profile)):
        bad = bool(problem) and index == 1
        pr.record_department_review(scope, candidate.id, department, passed=not bad, reviewer="刘干事",
                                    leader="陈部长", reviewed_on=date(2026, 11, 10),
                                    finding=problem if bad else "")


def one_candidate(session, preset: str = "national"):
    township, election = setup(session, preset, seats=3)
    candidate = make_initial(session, election, 1)[0]
    pr.set_review_reference(open_scope(session, election), REFERENCE)
    return township, election, candidate


# --- SD-40 time windows ------------------------------------------------------------------

@pytest.mark.parametrize("item", [4, 5])
def test_sd40_recent_years_exactly_three_years_back_is_inside(session, item):
    _township, election, candidate = one_candidate(session)
    answer_all(session, candidate, {item: ("2023年度考核不称职", date(2023, 11, 1))})
    assert candidate.status == "disqualified"
    assert f"“十不选”第{item}项" in candidate.status_reason


@pytest.mark.parametrize("item", [4, 5])
def test_sd40_recent_years_three_years_and_one_day_back_is_outside(session, item):
    _township, election, candidate = one_candidate(session)
    answer_all(session, candidate, {item: ("2023年度考核不称职", date(2023, 10, 31))})
    assert candidate.status == "initial"  # not disqualified; departments still to review
    assert pr.review_state(scope_of(session, candidate), candidate).reasons == ()


def test_sd40_bribery_exactly_five_years_back_is_no_longer_within_five_years(session):
    _township, election, candidate = one_candidate(session)
    answer_all(session, candidate, {10: ("2021年11月1日因拉票被查处", date(2021, 11, 1))})
    assert pr.review_state(scope_of(session, candidate), candidate).reasons == ()
    answer_all(session, candidate, {10: ("2021年11月2日因拉票被查处", date(2021, 11, 2))})
    assert candidate.status == "disqualified"
    assert "“十不选”第10项" in candidate.status_reason


def test_sd40_items_without_a_window_and_items_without_a_date_count(session):
    _township, election, candidate = one_candidate(session)
    answer_all(session, candidate, {2: ("2001年受过刑事处罚", date(2001, 1, 1))})
    assert candidate.status == "disqualified"
    answer_all(session, candidate, {5: ("正在接受立案审查调查", None)})
    assert candidate.status == "disqualified"


def test_sd40_windows_shift_by_calendar_years_from_29_february():
    assert pc.years_before(date(2024, 2, 29), 3) == date(2021, 2, 28)
    assert pc.years_before(date(2024, 2, 29), 4) == date(2020, 2, 29)


def test_sd40_windows_count_from_the_recorded_nomination_date_never_the_day_typed(session):
    """SD-40: the reference is the nomination date the clerk records — not the day the record
    was typed —, else the members' meeting when the profile says so, or one fixed date."""
    township, election = setup(session, seats=3)
    candidate = make_initial(session, election, 1)[0]
    candidate.created_at = datetime(2026, 10, 31, 17, 0, tzinfo=UTC)  # typed in on 1 November
    session.flush()
    assert pr.review_reference(open_scope(session, election), candidate) is None
    with pytest.raises(InvalidInput) as refused:
        answer_all(session, candidate)
    assert "请先记录" in str(refused.value.errors["nominated_on"])
    assert any("尚未记录提名日期（“十不选”的时间范围从提名日起算）" in str(f.message)
               for f in pr.qualification_check(open_scope(session, election)).items)
    with pytest.raises(InvalidInput, match="晚于今天"):
        pc.set_nomination_date(open_scope(session, election), candidate.id, TODAY + timedelta(days=1))
    pc.set_nomination_date(open_scope(session, election), candidate.id, date(2026, 10, 20))
    assert pr.review_reference(open_scope(session, election), candidate) == date(2026, 10, 20)
    answer_all(session, candidate, {10: ("2021年10月21日因拉票被查处", date(2021, 10, 21))})
    assert candidate.status == "disqualified"  # within 5 years of 20 October 2026
    pc.set_nomination_date(open_scope(session, election), candidate.id, date(2026, 10, 22))
    assert candidate.status == "initial"  # the date moved: five full years have passed
    set_rules(session, township, disqualifier_reference="election")
    assert pr.review_reference(open_scope(session, election), candidate) == date(2026, 12, 20)
    pr.set_review_reference(open_scope(session, election), date(2026, 11, 5))
    assert pr.review_reference(open_scope(session, election), candidate) == date(2026, 11, 5)


def test_sd40_the_nomination_date_is_entered_with_the_candidate(session):
    _township, election = setup(session, seats=3)
    member = add_member(session, election, "郑明")
    candidate = pc.nominate_by_township(open_scope(session, election), member.id_number, "致富带头人",
                                        nominated_on=date(2026, 11, 3))
    assert pc.candidate_facts(open_scope(session, election), candidate.id).nominated_on == date(2026, 11, 3)
    election.party_election_day = TODAY - timedelta(days=1)  # a meeting already held
    with pytest.raises(InvalidInput, match="晚于党员大会选举日"):
        pc.set_nomination_date(open_scope(session, election), candidate.id, TODAY)


def test_sd40_found_item_needs_evidence(session):
    _township, _election, candidate = one_candidate(session)
    with pytest.raises(InvalidInput) as refused:
        pr.record_check(scope_of(session, candidate), candidate.id, 3, True)
    assert str(refused.value.errors["item3"]) == "第3项勾选为“是”，请填写依据"
    with pytest.raises(InvalidInput):
        pr.record_check(scope_of(session, candidate), candidate.id, 11, False)


def test_a_multi_line_township_reason_survives_and_the_cancellation_is_kept_apart(session):
    _township, election = setup(session, seats=3)
    member = add_member(session, election, "郑明")
    reason = "致富带头人，群众公认\n县委组织部选派，2024年起驻村"
    candidate = pc.nominate_by_township(open_scope(session, election), member.id_number, reason)
    pr.set_review_reference(open_scope(session, election), REFERENCE)
    answer_all(session, candidate)
    all_departments(session, candidate)
    assert candidate.status == "reviewed"
    assert (candidate.nomination_reason, candidate.status_reason) == (reason, "")
    answer_all(session, candidate, {2: ("2001年受过刑事处罚", date(2001, 1, 1))})
    assert candidate.status == "disqualified"
    assert candidate.nomination_reason == reason
    assert candidate.status_reason == "取消资格：“十不选”第2项（受过刑事处罚，存在“村霸”和涉黑涉恶问题，" \
        "加入邪教、组织或参与非法宗教活动）：2001年受过刑事处罚"
    row = next(r for r in pr.candidate_rows(open_scope(session, election)) if r.id == candidate.id)
    assert (row.nomination_reason, row.reason) == (reason, candidate.status_reason)
    assert pr.review_summary(scope_of(session, candidate), candidate.id).nomination_reason == reason


# --- Departments (PT-26) -----------------------------------------------------------------

def test_pt26_department_review_needs_result_reviewer_leader_and_date(session):
    _township, _election, candidate = one_candidate(session)
    with pytest.raises(InvalidInput) as refused:
        pr.record_department_review(scope_of(session, candidate), candidate.id, "县委组织部", passed=False, reviewer="",
                                    leader="", reviewed_on=None)
    assert set(refused.value.errors) == {"finding", "reviewer", "leader", "reviewed_on"}
    with pytest.raises(InvalidInput, match="不是规则设置中的联审部门"):
        pr.record_department_review(scope_of(session, candidate), candidate.id, "气象局", passed=True, reviewer="甲", leader="乙",
                                    reviewed_on=date(2026, 11, 10))


def test_pt26_a_department_problem_cancels_the_candidacy(session):
    _township, _election, candidate = one_candidate(session)
    answer_all(session, candidate)
    all_departments(session, candidate, problem="有未结信访事项")
    assert candidate.status == "disqualified"
    assert candidate.status_reason == "取消资格：县委组织部审查有问题：有未结信访事项"


def test_pt26_qualification_stage_needs_every_item_and_every_department(session):
    _township, election, candidate = one_candidate(session)
    pr.record_check(scope_of(session, candidate), candidate.id, 1, False)
    findings = pr.qualification_check(open_scope(session, election))
    assert len(findings.blockers) == 1
    text = str(findings.blockers[0].message)
    assert text.startswith(f"{candidate.name}：“十不选”第2、3、4、5、6、7、8、9、10项未填写；乡镇党委（初审）、县委组织部")
    answer_all(session, candidate)
    all_departments(session, candidate)
    assert candidate.status == "reviewed"
    assert pr.qualification_check(open_scope(session, election)).items == []


def test_pt26_profile_change_asks_for_recomputation(session):
    township, election, candidate = one_candidate(session)
    answer_all(session, candidate, {4: ("2022年度考核不称职", date(2022, 11, 1))})
    all_departments(session, candidate)
    assert candidate.status == "reviewed"  # four years back: outside “近3年”
    set_rules(session, township, disqualifier_recent_years=5)
    findings = pr.qualification_check(open_scope(session, election))
    assert f"{candidate.name}的审查结论须按现行设置重新计算" in [str(f.message) for f in findings.blockers]
    pr.refresh_all(open_scope(session, election))
    assert candidate.status == "disqualified"


# --- The printed form --------------------------------------------------------------------

def test_pt26_review_summary_for_the_printed_form(session):
    _township, election, candidate = one_candidate(session, "jiangxi_2021")
    answer_all(session, candidate, {10: ("2022年因拉票贿选被查处", date(2022, 3, 1))})
    form = pr.review_summary(scope_of(session, candidate), candidate.id)
    assert isinstance(form, pr.QualificationFormData)
    assert (form.township, form.village, form.term_label) == ("云溪镇", "石桥村", "第十二届")
    assert (form.name, form.sex, form.proposed_office, form.source) == ("李娜", "女", "委员", "两推产生")
    assert form.age == 27  # on 2021-01-01 (the preset's age reference date)
    assert form.reference_date == REFERENCE
    assert [line.answer for line in form.items] == ["否"] * 9 + ["是"]
    assert form.items[9].counted and form.items[9].evidence == "2022年因拉票贿选被查处"
    assert form.items[3].window == "近3年：2023年11月1日以后（含当日）"
    assert form.items[9].window == "未满5年：2021年11月1日以后（不含当日）"
    assert len(form.departments) == 18 and form.departments[0].result == ""
    assert form.conclusion.startswith("取消资格：“十不选”第10项")


# --- Inspection (PT-27) ------------------------------------------------------------------

def reviewed_candidate(session):
    township, election, candidate = one_candidate(session)
    answer_all(session, candidate)
    all_departments(session, candidate)
    return election, candidate


GOOD = pr.InspectionInput(assessed=40, excellent=30, competent=8, basically=1, incompetent=0, talks=12,
                          site_visit_on=date(2026, 11, 12), conclusion="政治过硬，群众认可")


def test_pt27_assessment_grades_cannot_exceed_the_assessed(session):
    _election, candidate = reviewed_candidate(session)
    with pytest.raises(InvalidInput) as refused:
        pr.record_inspection(scope_of(session, candidate), candidate.id, pr.InspectionInput(assessed=10, excellent=8, competent=3))
    assert str(refused.value.errors["assessed"]) == "各等次合计11人，多于参加测评的10人"
    with pytest.raises(InvalidInput) as refused:
        pr.record_inspection(scope_of(session, candidate), candidate.id, pr.InspectionInput(assessed=-1, approved=True))
    assert {"assessed", "conclusion", "approved_by", "approved_on"} <= set(refused.value.errors)


def test_pt27_inspection_needs_all_parts_and_a_decision(session):
    election, candidate = reviewed_candidate(session)
    assert [str(f.message) for f in pr.inspection_check(open_scope(session, election)).blockers] == [
        f"{candidate.name}尚未考察"]
    pr.record_inspection(scope_of(session, candidate), candidate.id, pr.InspectionInput(assessed=40, excellent=30))
    assert [str(f.message) for f in pr.inspection_check(open_scope(session, election)).blockers] == [
        f"{candidate.name}的考察尚缺：个别谈话、实地查看、考察结论、审议结果"]
    approved = pr.InspectionInput(**{**GOOD.__dict__, "approved": True, "approved_by": "县换届领导小组",
                                     "approved_on": date(2026, 11, 15)})
    pr.record_inspection(scope_of(session, candidate), candidate.id, approved)
    assert candidate.status == "inspected"
    assert pr.inspection_check(open_scope(session, election)).items == []


def test_pt27_a_candidate_not_approved_leaves_the_list(session):
    election, candidate = reviewed_candidate(session)
    rejected = pr.InspectionInput(**{**GOOD.__dict__, "conclusion": "群众认可度低", "approved": False,
                                     "approved_by": "县换届领导小组", "approved_on": date(2026, 11, 15)})
    pr.record_inspection(scope_of(session, candidate), candidate.id, rejected)
    assert (candidate.status, candidate.status_reason) == ("not_approved", "考察未通过：群众认可度低")
    findings = pr.inspection_check(open_scope(session, election))
    assert findings.ok and len(findings.warnings) == 1
    with pytest.raises(InvalidInput):
        pc.choose_preliminary(open_scope(session, election), [candidate.id], candidate.id)


def test_pt27_inspection_only_after_the_review(session):
    _township, _election, candidate = one_candidate(session)
    with pytest.raises(InvalidInput, match="资格联审尚未完成"):
        pr.record_inspection(scope_of(session, candidate), candidate.id, GOOD)


def test_candidate_rows_show_the_progress(session):
    election, candidate = reviewed_candidate(session)
    row = pr.candidate_rows(open_scope(session, election))[0]
    assert (row.name, row.status_label, row.items_answered, row.departments_done, row.departments_total,
            row.inspection) == (candidate.name, "已通过资格联审", 10, 11, 11, "未考察")


# --- Publicity and approval (PT-17) ------------------------------------------------------

def with_preliminary(session, seats: int = 3):
    _township, election = setup(session, seats=seats)
    made = make_initial(session, election, seats + 1)
    for candidate in made:
        candidate.status = "inspected"
    pc.choose_preliminary(open_scope(session, election), [c.id for c in made], made[0].id)
    return election


def test_pt17_publicity_of_four_working_days_over_national_day_is_too_short(session):
    election = with_preliminary(session)
    findings = pr.record_publicity(open_scope(session, election), date(2026, 9, 28), date(2026, 10, 8), "无异议")
    assert [str(f.message) for f in findings.blockers] == [
        "公示期2026年9月28日至2026年10月8日共4个工作日，少于规定的5个工作日"]
    assert findings.blockers[0].rule_ids == ("PT-17", "CONV-06")
    fact = session.scalars(select(MilestoneFact).where(MilestoneFact.election_id == election.id,
                                                       MilestoneFact.key == "party_publicity_started")).one()
    assert fact.day == date(2026, 9, 28)
    assert pr.record_publicity(open_scope(session, election), date(2026, 9, 28), date(2026, 10, 9), "无异议").ok


def test_pt17_publicity_in_calendar_days_when_configured(session):
    township, election = setup(session, seats=3)
    set_rules(session, township, party_publicity_working=False)
    findings = pr.publicity_check(open_scope(session, election))
    assert "尚未确定预备人选" in [str(f.message) for f in findings.items]
    short = pr.record_publicity(open_scope(session, election), date(2026, 10, 1), date(2026, 10, 4), "")
    assert "公示期2026年10月1日至2026年10月4日共4日，少于规定的5日" in [str(f.message) for f in short.items]
    pr.record_publicity(open_scope(session, election), date(2026, 10, 1), date(2026, 10, 5), "")
    texts = [str(f.message) for f in pr.publicity_check(open_scope(session, election, date(2026, 10, 5))).items]
    assert not any("少于规定" in text for text in texts)
    assert "公示期到2026年10月5日才结束" in texts
    assert "尚未记录公示结果（如“公示期间未收到反映”）" in texts


def test_pt17_reply_before_the_publicity_ends_is_blocked(session):
    election = with_preliminary(session)
    pr.record_publicity(open_scope(session, election), date(2026, 11, 2), date(2026, 11, 6), "公示期间未收到反映")
    with pytest.raises(InvalidInput, match="请先记录向镇党委请示的日期"):
        pr.record_reply(open_scope(session, election), date(2026, 11, 6), "云溪党字〔2026〕8号")
    pr.record_request(open_scope(session, election), date(2026, 11, 5))
    with pytest.raises(InvalidInput, match="批复日期早于请示日期"):
        pr.record_reply(open_scope(session, election), date(2026, 11, 4), "云溪党字〔2026〕8号")
    pr.record_reply(open_scope(session, election), date(2026, 11, 6), "云溪党字〔2026〕8号", "同意")
    findings = pr.approval_check(open_scope(session, election))
    assert [str(f.message) for f in findings.blockers] == ["批复日期2026年11月6日不在公示期满（2026年11月6日）之后"]
    assert [str(f.message) for f in findings.warnings] == [
        "请示日期2026年11月5日在公示结束2026年11月6日之前；应在公示期满后请示"]
    pr.record_request(open_scope(session, election), date(2026, 11, 9))
    pr.record_reply(open_scope(session, election), date(2026, 11, 10), "云溪党字〔2026〕8号", "同意")
    assert pr.approval_check(open_scope(session, election)).items == []
    fact = session.scalars(select(MilestoneFact).where(MilestoneFact.election_id == election.id,
                                                       MilestoneFact.key == "party_approval")).one()
    assert fact.day == date(2026, 11, 10)


# --- The whole track through the stage machine -------------------------------------------

def rule_blockers(session, election, key: str) -> list[str]:
    """Blockers of this module's rules (order and deadline blockers left aside)."""
    context = open_scope(session, election, TODAY, profile=profile_of(election.village.township))
    report = stages.evaluate(context, key)
    ours = {"PT-04", "PT-09", "PT-10", "PT-17", "PT-19", "PT-26", "PT-27", "SD-10", "SD-40", "SO-14"}
    return [str(b.message) for b in report.blockers if ours & set(b.rule_ids)]


def test_stages_from_initial_candidates_to_approval(session):
    _township, election = setup(session, seats=3)
    made = make_initial(session, election, 5)
    assert rule_blockers(session, election, "party.initial_candidates") == []
    assert len(rule_blockers(session, election, "party.qualification")) == 5
    for candidate in made:
        pc.set_nomination_date(open_scope(session, election), candidate.id, date(2026, 11, 5))
        answer_all(session, candidate, {5: ("2025年受撤职处分", date(2025, 1, 1))} if candidate is made[4] else None)
        all_departments(session, candidate)
    assert rule_blockers(session, election, "party.qualification") == []
    assert made[4].status == "disqualified"
    assert len(rule_blockers(session, election, "party.inspection")) == 4
    decided = pr.InspectionInput(**{**GOOD.__dict__, "approved": True, "approved_by": "县换届领导小组",
                                    "approved_on": date(2026, 11, 15)})
    for candidate in made[:4]:
        pr.record_inspection(scope_of(session, candidate), candidate.id, decided)
    assert rule_blockers(session, election, "party.inspection") == []
    assert rule_blockers(session, election, "party.preliminary") == [
        "委员候选人预备人选应为4人（比应选3名多1人），现有0人", "书记候选人预备人选应为1人（等额），现有0人"]
    pc.choose_preliminary(open_scope(session, election), [c.id for c in made[:4]], made[1].id)
    assert rule_blockers(session, election, "party.preliminary") == []
    pr.record_publicity(open_scope(session, election), date(2026, 11, 9), date(2026, 11, 13), "公示期间未收到反映")
    assert rule_blockers(session, election, "party.publicity") == []
    pr.record_request(open_scope(session, election), date(2026, 11, 16))
    pr.record_reply(open_scope(session, election), date(2026, 11, 17), "云溪党字〔2026〕8号", "同意")
    assert rule_blockers(session, election, "party.approval") == []
