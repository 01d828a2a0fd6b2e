"""The qualification review and inspection of villager-committee candidates (vc.qualification).

Rule IDs: SD-13, SD-15, SD-19, SD-24, SD-40, VC-29, CONV-01 (shared/docs/rules-reference.md).
Candidates are built through the real nomination workflow (海选 totals, numbers, determine).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from models import PartyMember, Voter
from tests.conftest import make_election, make_township
from workflows.core import documents, relatives, stages
from workflows.core import qualification as shared
from workflows.core.errors import InvalidInput
from workflows.core.findings import Severity
from workflows.core.idcard import make_id
from workflows.core.policy import Setting
from workflows.core.scope import open_scope
from workflows.core.scope import township_profile as profile_of
from workflows.party import candidates as pc
from workflows.township.townships import save_profile
from workflows.villager import candidates as vc
from workflows.villager import nomination
from workflows.villager import qualification as q
from workflows.villager import qualification_checks as checks
from workflows.villager import qualification_form as vc_form
from workflows.villager.offices import Office

COMMITTEE_DAY = date(2027, 1, 10)
NOMINATED = date(2026, 11, 10)
DETERMINED = date(2026, 11, 12)
REVIEWED = date(2026, 11, 15)
_sequence = itertools.count(300)


def person_id(birth: date, sex: str) -> str:
    while True:
        sequence = next(_sequence) % 1000
        if (sequence % 2 == 1) == (sex == "男"):
            return make_id("360102", birth, sequence)


def add_voter(session, election, name, birth=date(1985, 5, 5), sex="男", education="高中") -> Voter:
    voter = Voter(election_id=election.id, village_id=election.village_id, name=name, sex=sex,
                  id_number=person_id(birth, sex), birth_date=birth, education=education,
                  ethnicity="汉族", political_status="群众")
    session.add(voter)
    session.flush()
    return voter


def set_rules(session, township, **values) -> None:
    profile = profile_of(township)
    for key, value in values.items():
        profile = profile.with_setting(key, Setting(value, "测试", True))
    save_profile(session, township.id, profile)


def scope_of(session, election):
    return open_scope(session, election)


def setup(session, preset="national", people=None):
    """One 主任 and two 委员 seats; nominees per office with falling votes; candidates chosen."""
    township = make_township(session, preset)
    election = make_election(session, township, committee=COMMITTEE_DAY)
    election.vc_chairs, election.vc_vice_chairs, election.vc_members = 1, 0, 2
    session.flush()
    people = people or {
        Office.CHAIR: [("王建国", date(1980, 5, 1), "男", "高中"), ("李强", date(1982, 1, 1), "男", "高中"),
                       ("赵磊", date(1983, 1, 1), "男", "高中")],
        Office.MEMBER: [("陈静", date(1995, 8, 1), "女", "大专"), ("刘洋", date(1984, 7, 1), "男", "高中"),
                        ("杨帆", date(1978, 9, 1), "男", "高中"), ("黄敏", date(1990, 2, 2), "女", "高中")],
    }
    nominate(session, election, people)
    return township, election


def nominate(session, election, people) -> None:
    """Register the nominees and 100 other villagers, enter the 海选 totals, choose the candidates."""
    for index in range(100):
        add_voter(session, election, f"村民{index}", date(1970, 1, 1) + timedelta(days=index), "男女"[index % 2])
    voters = {}
    for rows in people.values():
        for name, birth, sex, education in rows:
            voters[name] = voters.get(name) or add_voter(session, election, name, birth, sex, education)
    scope = scope_of(session, election)
    nomination.set_nomination(scope, NOMINATED, nomination.TOTALS, 100)
    for office, rows in people.items():
        for index, (name, *_rest) in enumerate(rows):
            nomination.record_total(scope, office, voters[name].id, 30 - 3 * index)
    for office, quota in vc.quotas(scope).items():
        if not quota.fixed:
            vc.decide_quota(scope, office, quota.low, DETERMINED)
    vc.determine(scope, DETERMINED)


def by_name(session, election) -> dict[str, q.NomineeRow]:
    return {row.name: row for row in q.nominee_rows(scope_of(session, election))}


def clear(office_units, day=REVIEWED, problem: dict | None = None) -> list[q.UnitOpinion]:
    problem = problem or {}
    return [q.UnitOpinion(name, name not in problem, problem.get(name, ""), "李建军", "王红梅", day)
            for name in office_units]


def no_items(found: dict | None = None) -> list[shared.CheckAnswer]:
    found = found or {}
    return [shared.CheckAnswer(n, n in found, found.get(n, ("", None))[0], found.get(n, ("", None))[1])
            for n in range(1, shared.ITEM_COUNT + 1)]


def review_all(session, election, problem=None):
    scope = scope_of(session, election)
    units = q.units(scope)
    for row in q.nominee_rows(scope):
        if row.running:
            q.record_review(scope_of(session, election), row.id, no_items(), clear(units, problem=problem))


def inspected(approved=True, day=date(2026, 11, 18)) -> q.InspectionInput:
    return q.InspectionInput(30, 20, 9, 1, 0, 12, date(2026, 11, 17), "群众基础好，符合条件。" if approved
                             else "群众反映较大，不宜作为候选人。", approved, "镇党委会议", day)


def blocker_texts(session, election) -> list[str]:
    """The stage's own blockers (not the order rule: the earlier stages are other engineers' work)."""
    report = stages.evaluate(scope_of(session, election), "vc.qualification")
    own = {"SD-13", "SD-15", "SD-19", "SD-24", "SD-40", "VC-29"}
    return [str(b.message) for b in report.blockers if own & set(b.rule_ids)]


# --- who is reviewed, by which units (SD-24) -----------------------------------------------------

def test_sd24_the_units_come_from_the_profile_at_three_levels(session):
    township, election = setup(session)
    scope = scope_of(session, election)
    units = q.units(scope)
    levels = [shared.review_level(u) for u in units]
    assert levels[0] == shared.VILLAGE and levels[1] == shared.TOWNSHIP
    assert set(levels[2:]) == {shared.COUNTY}
    assert shared.review_level("乡村振兴局") == shared.COUNTY  # a county bureau, not the township
    set_rules(session, township, vc_review_departments=["村民选举委员会（初审）", "乡镇党委（初审）", "县民政局"])
    assert q.units(scope_of(session, election)) == ["村民选举委员会（初审）", "乡镇党委（初审）", "县民政局"]


def test_sd24_candidates_are_reviewed_nominees_are_not(session):
    _, election = setup(session)
    rows = by_name(session, election)
    assert set(rows) == {"王建国", "李强", "陈静", "刘洋", "杨帆"}  # 主任 2, 委员 3 (national: seats + 1)
    assert [r.office for r in q.nominee_rows(scope_of(session, election))][:2] == ["chair", "chair"]
    assert all(r.status == "candidate" and r.nominated_on == NOMINATED for r in rows.values())


def test_sd24_sd40_the_stage_is_blocked_until_every_candidate_is_reviewed_by_every_unit(session):
    _, election = setup(session)
    texts = blocker_texts(session, election)
    assert any("王建国（主任）：“十不选”第1、2、3、4、5、6、7、8、9、10项未填写" in t for t in texts)
    assert any("村党组织（初审）、乡镇党委（初审）、县委组织部" in t for t in texts)
    scope = scope_of(session, election)
    row = by_name(session, election)["王建国"]
    q.record_review(scope, row.id, no_items(), clear(q.units(scope)[:-1]))
    assert any(t == "王建国（主任）：司法行政尚未出具审查意见" for t in blocker_texts(session, election))
    review_all(session, election)
    texts = blocker_texts(session, election)
    assert not any("尚未出具" in t or "未填写" in t for t in texts)
    assert "王建国尚未经乡镇党委考察" in texts


def test_sd24_inspection_confirms_the_formal_candidates_and_the_stage_completes(session):
    _, election = setup(session)
    scope = scope_of(session, election)
    row = by_name(session, election)["王建国"]
    with pytest.raises(InvalidInput) as refused:
        q.record_inspection(scope, row.id, inspected())
    assert "资格联审尚未完成" in str(refused.value.errors["candidate"])
    review_all(session, election)
    for row in by_name(session, election).values():
        q.record_inspection(scope_of(session, election), row.id, inspected())
    rows = by_name(session, election)
    assert {r.status for r in rows.values()} == {"formal"}
    assert rows["王建国"].inspection == "通过"
    assert blocker_texts(session, election) == []
    with pytest.raises(InvalidInput) as refused:  # a confirmed candidate's decision is not “pending” again
        q.record_inspection(scope_of(session, election), rows["王建国"].id, inspected(approved=None))
    assert "不能改回" in str(refused.value.errors["approved"])


def test_sd24_the_review_waits_for_the_nomination_date(session):
    _, election = setup(session)
    scope = scope_of(session, election)
    row = q.nominee(scope, by_name(session, election)["王建国"].id)
    row.nominated_on = None
    session.flush()
    with pytest.raises(InvalidInput) as refused:
        q.record_review(scope_of(session, election), row.id, no_items())
    assert "提名日期尚未记录" in str(refused.value.errors["nominated_on"])
    assert any("王建国（主任）：尚未记录提名日期" in t for t in blocker_texts(session, election))


# --- a disqualifier cancels; the next of the ranking moves up (SD-40) -----------------------------

def test_sd40_a_found_item_cancels_and_the_next_nominee_moves_up(session):
    _, election = setup(session)
    scope = scope_of(session, election)
    chair = by_name(session, election)["王建国"]
    answers = no_items({2: ("2019年因寻衅滋事被判处有期徒刑", date(2019, 3, 1))})
    assert q.preview(scope, chair.id, answers, []) and not by_name(session, election)["王建国"].reasons
    q.record_review(scope, chair.id, answers, [])
    rows = by_name(session, election)
    assert rows["王建国"].status == "disqualified" and "“十不选”第2项" in rows["王建国"].reason
    assert rows["赵磊"].status == "candidate" and rows["赵磊"].items_answered == 0  # moved up, to be reviewed
    texts = blocker_texts(session, election)
    assert any(t.startswith("赵磊（主任）：") for t in texts)
    warnings = [f for f in checks.review_check(scope_of(session, election)).items if f.severity == Severity.WARNING]
    assert any("王建国（主任）已取消候选人资格" in str(f.message) for f in warnings)
    with pytest.raises(InvalidInput):
        q.record_review(scope_of(session, election), chair.id, no_items(), [])


def test_sd40_windows_count_from_the_nomination_date_at_their_boundaries(session):
    """“未满5年” (item 10) excludes the day exactly 5 years back; “近3年” (item 4) includes it."""
    _, election = setup(session)
    scope = scope_of(session, election)
    rows = by_name(session, election)
    five_years = date(NOMINATED.year - 5, NOMINATED.month, NOMINATED.day)
    three_years = date(NOMINATED.year - 3, NOMINATED.month, NOMINATED.day)
    q.record_review(scope, rows["刘洋"].id, no_items({10: ("拉票被查处", five_years)}), [])
    q.record_review(scope, rows["杨帆"].id, no_items({4: ("考核不称职", three_years - timedelta(days=1))}), [])
    assert by_name(session, election)["刘洋"].status == "candidate"  # 已满5年: no longer applies
    assert by_name(session, election)["杨帆"].status == "candidate"  # before the 近3年 window
    q.record_review(scope_of(session, election), rows["陈静"].id,
                    no_items({4: ("考核不称职", three_years)}), [])
    q.record_review(scope_of(session, election), rows["刘洋"].id,
                    no_items({10: ("拉票被查处", five_years + timedelta(days=1))}), [])
    after = by_name(session, election)
    assert after["陈静"].status == "disqualified" and after["刘洋"].status == "disqualified"
    assert after["黄敏"].status == "candidate"  # the only nominee left moves up


def test_sd24_a_unit_problem_or_a_failed_inspection_cancels(session):
    _, election = setup(session)
    scope = scope_of(session, election)
    units = q.units(scope)
    rows = by_name(session, election)
    q.record_review(scope, rows["刘洋"].id, no_items(), clear(units, date(2026, 11, 16), {"公安": "涉嫌寻衅滋事"}))
    assert by_name(session, election)["刘洋"].reason == "资格审查未通过：公安审查有问题：涉嫌寻衅滋事"
    q.record_review(scope_of(session, election), rows["杨帆"].id, no_items(), clear(units))
    q.record_inspection(scope_of(session, election), rows["杨帆"].id, inspected(approved=False))
    after = by_name(session, election)
    assert after["杨帆"].status == "disqualified" and after["杨帆"].reason.startswith("考察未通过")
    assert [c.kind for c in vc.changes(scope_of(session, election))] == ["disqualification"] * 2


def test_sd24_missing_signatures_refuse_the_unit_and_store_nothing(session):
    _, election = setup(session)
    scope = scope_of(session, election)
    units = q.units(scope)
    row = by_name(session, election)["王建国"]
    opinions = clear(units)
    opinions[3] = q.UnitOpinion(units[3], True, "", "", "王红梅", REVIEWED)
    with pytest.raises(InvalidInput) as refused:
        q.record_review(scope, row.id, no_items({3: ("", None)}), opinions)
    assert "请填写经办人" in str(refused.value.errors["department3"])
    assert "请填写依据" in str(refused.value.errors["item3"])


# --- ages and structure (SD-13, SD-15) ----------------------------------------------------------

def _structure(session, election):
    return checks.structure_check(scope_of(session, election))


def test_sd13_a_chair_nominee_at_the_age_limit_is_flagged_with_the_profiles_severity(session):
    people = {Office.CHAIR: [("王建国", date(1967, 1, 10), "男", "高中"), ("李强", date(1982, 1, 1), "男", "大专")],
              Office.MEMBER: [("陈静", date(1995, 8, 1), "女", "大专"), ("刘洋", date(1984, 7, 1), "男", "高中"),
                              ("杨帆", date(1978, 9, 1), "男", "高中")]}
    township, election = setup(session, people=people)
    set_rules(session, township, structure_severity="blocker", age_limit_basis="age")
    found = [f for f in _structure(session, election).items if "已达60周岁以上" in str(f.message)]
    assert found and found[0].severity == Severity.BLOCKER and "已达60周岁以上" in str(found[0].message)
    assert any("王建国（男，1967年1月10日出生，60周岁）" in t for t in blocker_texts(session, election))
    set_rules(session, township, age_limit_basis="born_before")  # born on the cut-off day: not before it
    notes = [f for f in _structure(session, election).items if "SD-13" in f.rule_ids]
    assert [f.severity for f in notes] == [Severity.NOTE] and "未达界限" in str(notes[0].message)
    set_rules(session, township, age_limit_basis="age", structure_severity="warning")
    assert not any("已达60周岁" in t for t in blocker_texts(session, election))
    set_rules(session, township, structure_severity="off")
    assert _structure(session, election).items == []


def test_sd13_one_day_younger_is_under_the_limit(session):
    people = {Office.CHAIR: [("王建国", date(1967, 1, 11), "男", "高中"), ("李强", date(1982, 1, 1), "男", "大专")],
              Office.MEMBER: [("陈静", date(1995, 8, 1), "女", "大专"), ("刘洋", date(1984, 7, 1), "男", "高中"),
                              ("杨帆", date(1978, 9, 1), "男", "高中")]}
    township, election = setup(session, people=people)
    set_rules(session, township, structure_severity="blocker", age_limit_basis="age", new_head_max_age=60)
    assert not [f for f in _structure(session, election).items if "SD-13" in f.rule_ids]


def test_sd15_a_new_chair_over_45_unless_incumbent_and_one_young_member(session):
    people = {Office.CHAIR: [("王建国", date(1981, 1, 9), "男", "高中"), ("李强", date(1982, 1, 11), "男", "高中")],
              Office.MEMBER: [("陈静", date(1995, 8, 1), "女", "高中"), ("刘洋", date(1984, 7, 1), "男", "高中"),
                              ("杨帆", date(1978, 9, 1), "男", "高中")]}
    township, election = setup(session, people=people)
    set_rules(session, township, structure_severity="warning")
    texts = [str(f.message) for f in _structure(session, election).items]
    assert any("王建国（46周岁）为新提名的村委会主任候选人，超过45周岁" in t for t in texts)
    assert any("没有35周岁以下且大专以上学历" in t for t in texts)
    q.set_post(scope_of(session, election), by_name(session, election)["王建国"].id, "村委会主任", True)
    texts = [str(f.message) for f in _structure(session, election).items]
    assert not any("新提名的村委会主任" in t for t in texts)
    assert by_name(session, election)["王建国"].current_post == "村委会主任"


def test_sd15_vice_chair_age_limits_by_sex(session):
    people = {Office.CHAIR: [("王建国", date(1980, 5, 1), "男", "大专"), ("李强", date(1982, 1, 1), "男", "高中")],
              Office.VICE_CHAIR: [("孙丽", date(1976, 1, 9), "女", "高中"), ("周强", date(1972, 1, 10), "男", "高中")],
              Office.MEMBER: [("陈静", date(1995, 8, 1), "女", "大专"), ("刘洋", date(1984, 7, 1), "男", "高中")]}
    _, election = _setup_with_vice(session, people)
    texts = [str(f.message) for f in _structure(session, election).items]
    assert any(t.startswith("孙丽（女，51周岁）为副主任候选人，超过副职50周岁") for t in texts)
    assert not any(t.startswith("周强") for t in texts)  # 55 on the day: not over 55


def _setup_with_vice(session, people):
    township = make_township(session, "national", name="柳溪镇")
    set_rules(session, township, structure_severity="warning")
    election = make_election(session, township, committee=COMMITTEE_DAY)
    election.vc_chairs, election.vc_vice_chairs, election.vc_members = 1, 1, 1
    session.flush()
    nominate(session, election, people)
    return township, election


# --- close relatives among all “两委” nominees (SD-19, VC-29) ------------------------------------

def test_sd19_relatives_between_party_candidates_and_villager_nominees_with_the_relationship(session):
    township, election = setup(session)
    member = PartyMember(election_id=election.id, name="王秀英", id_number=person_id(date(1982, 3, 3), "女"),
                            sex="女", birth_date=date(1982, 3, 3), education="高中")
    session.add(member)
    session.flush()
    scope = scope_of(session, election)
    pc.record_round(scope, "member", date(2026, 11, 2), 40)
    pc.record_votes(scope, "member", member.name, member.id_number, 30)
    pc.add_initial(scope, member.id_number, nominated_on=date(2026, 11, 3))
    chair = q.nominee(scope, by_name(session, election)["王建国"].id)
    relatives.record(session, township.id, (chair.name, chair.id_number), (member.name, member.id_number), "配偶")
    found = checks.relatives_check(scope_of(session, election)).items
    assert len(found) == 1 and found[0].severity == Severity.WARNING  # national: warning
    text = str(found[0].message)
    assert "王秀英是王建国的配偶" in text and "村委会主任候选人" in text and "村党组织委员人选" in text
    assert found[0].subject_ids == (chair.id,)
    set_rules(session, township, relatives_severity="blocker")
    assert any("王秀英是王建国的配偶" in t for t in blocker_texts(session, election))
    set_rules(session, township, relatives_severity="off")
    assert checks.relatives_check(scope_of(session, election)).items == []


def test_sd19_relatives_among_villager_nominees_and_one_person_on_both_lists(session):
    township, election = setup(session)
    rows = {r.name: q.nominee(scope_of(session, election), r.id) for r in q.nominee_rows(scope_of(session, election))}
    relatives.record(session, township.id, (rows["刘洋"].name, rows["刘洋"].id_number),
                     (rows["陈静"].name, rows["陈静"].id_number), "兄弟姐妹")
    found = checks.relatives_check(scope_of(session, election)).items
    assert [str(f.message).split("（")[0] for f in found] == ["“两委”人选之间有近亲属关系，应当回避：陈静是刘洋的兄弟姐妹"]


# --- the printed 资格联审表 -------------------------------------------------------------------------

def test_the_villager_form_has_the_village_box_the_office_and_the_county_rows(session):
    _, election = setup(session)
    review_all(session, election)
    spec = vc_form.qualification_spec(scope_of(session, election))
    person = spec.candidates[0]
    assert person.proposed_office == "村民委员会主任" and person.village_review.department == "村党组织（初审）"
    assert person.township_review.opinion == "无问题" and person.village_review.reviewer == "李建军"
    assert "县委组织部" in spec.departments and "村党组织（初审）" not in spec.departments
    assert len(person.reviews) == len(spec.departments)
    document = vc_form.issue_qualification_form(scope_of(session, election))
    assert document.kind == "qualification_form" and documents.count_pages(document.pdf) == len(spec.candidates)
