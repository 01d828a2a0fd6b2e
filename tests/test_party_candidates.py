"""Party candidates: recommendations, ranking, initial candidates and their checks, preliminary.

Rule IDs: PT-04, PT-09, PT-10, PT-16, PT-17, PT-17a, PT-19, SD-10, SD-13, SD-14, SD-15, SD-17,
SD-19, SO-14 (shared/docs/rules-reference.md).
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from models import PartyMember
from tests.conftest import TODAY, make_election, make_township
from workflows.core import relatives, stages
from workflows.core.errors import InvalidInput
from workflows.core.findings import Severity
from workflows.core.idcard import make_id
from workflows.core.policy import Setting
from workflows.core.scope import open_scope
from workflows.core.scope import township_profile as profile_of
from workflows.party import candidates as pc
from workflows.township.townships import save_profile

PARTY_DAY = date(2026, 12, 20)
SEED_TERM_DAY = date(2021, 1, 25)  # seed 003's term: its ages are counted on 2021-01-01 (SD-13)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_sequence = itertools.count(100)


def person_id(birth: date, sex: str = "男") -> str:
    """A valid ID number whose sex digit matches ``sex``."""
    while True:
        sequence = next(_sequence)
        if (sequence % 2 == 1) == (sex == "男"):
            return make_id("360102", birth, sequence)


def add_member(session, election, name: str, birth: date = date(1980, 5, 5), sex: str = "男",
               education: str = "高中", **flags) -> PartyMember:
    member = PartyMember(election_id=election.id, name=name, id_number=person_id(birth, sex), sex=sex,
                         birth_date=birth, education=education, **flags)
    session.add(member)
    session.flush()
    return member


def set_rules(session, township, **values) -> None:
    profile = profile_of(township)
    for key, value in values.items():
        profile = profile.with_setting(key, Setting(value, "测试", True))
    save_profile(session, township.id, profile)


def setup(session, preset: str = "national", seats: int = 5, deputies: int = 0, party: date = PARTY_DAY):
    township = make_township(session, preset)
    election = make_election(session, township, party=party)
    election.party_members, election.party_deputies = seats, deputies
    session.flush()
    return township, election


def recommend(session, election, members, participants=(60, 300)) -> None:
    """Both rounds, each member receiving fewer votes than the one before."""
    pc.record_round(open_scope(session, election), "member", date(2026, 11, 2), participants[0])
    pc.record_round(open_scope(session, election), "mass", date(2026, 11, 3), participants[1])
    for index, member in enumerate(members):
        pc.record_votes(open_scope(session, election), "member", member.name, member.id_number, 50 - index)
        pc.record_votes(open_scope(session, election), "mass", member.name, member.id_number, 200 - index)


def pool(session, election, count: int, recommend_them: bool = True):
    """``count`` members who satisfy the structure rules together (a young woman with 本科 first)."""
    members = [add_member(session, election, "李娜", date(1993, 3, 3), "女", "本科")]
    members += [add_member(session, election, SURNAMES[i] + "明") for i in range(count - 1)]
    if recommend_them:
        recommend(session, election, members)
    return members


def make_initial(session, election, count: int):
    return [pc.add_initial(open_scope(session, election), m.id_number) for m in pool(session, election, count)]


def texts(findings, severity=None) -> list[str]:
    return [str(f.message) for f in findings.items if severity is None or f.severity == severity]


# --- Recommendations (PT-09, PT-10) --------------------------------------------------

def test_pt10_votes_cannot_exceed_the_participants_of_their_round(session):
    _township, election = setup(session)
    member = add_member(session, election, "王明")
    with pytest.raises(InvalidInput) as refused:
        pc.record_votes(open_scope(session, election), "member", "王明", member.id_number, 3)
    assert "请先录入党员推荐的参加人数" in str(refused.value.errors["votes"])
    pc.record_round(open_scope(session, election), "member", date(2026, 11, 2), 40)
    with pytest.raises(InvalidInput) as refused:
        pc.record_votes(open_scope(session, election), "member", "王明", member.id_number, 41)
    assert str(refused.value.errors["votes"]) == "得票41票超过参加党员推荐的人数40人"
    pc.record_votes(open_scope(session, election), "member", "王明", member.id_number, 40)
    with pytest.raises(InvalidInput, match="最高得票为40票"):
        pc.record_round(open_scope(session, election), "member", date(2026, 11, 2), 39)


def test_pt10_ranking_adds_both_rounds_and_ties_share_a_rank(session):
    _township, election = setup(session)
    a, b, c = (add_member(session, election, name) for name in ("王明", "李明", "张明"))
    pc.record_round(open_scope(session, election), "member", date(2026, 11, 2), 50)
    pc.record_round(open_scope(session, election), "mass", date(2026, 11, 3), 200)
    for member, votes in ((a, (40, 100)), (b, (30, 110)), (c, (45, 150))):
        pc.record_votes(open_scope(session, election), "member", member.name, member.id_number, votes[0])
        pc.record_votes(open_scope(session, election), "mass", member.name, member.id_number, votes[1])
    rows = pc.ranking(open_scope(session, election))
    assert [(r.rank, r.name, r.member_votes, r.mass_votes, r.total) for r in rows] == [
        (1, "张明", 45, 150, 195), (2, "王明", 40, 100, 140), (2, "李明", 30, 110, 140)]
    assert all(r.eligible for r in rows)


def test_pt04_a_probationary_member_is_flagged_and_cannot_be_an_initial_candidate(session):
    _township, election = setup(session)
    probationer = add_member(session, election, "王明", full_member=False)
    disciplined = add_member(session, election, "李明", probation_discipline=True)
    outsider_id = person_id(date(1985, 1, 1))
    pc.record_round(open_scope(session, election), "member", date(2026, 11, 2), 50)
    for name, number in (("王明", probationer.id_number), ("李明", disciplined.id_number),
                         ("赵明", outsider_id)):
        pc.record_votes(open_scope(session, election), "member", name, number, 30)
    problems = {r.name: [str(p) for p in r.problems] for r in pc.ranking(open_scope(session, election))}
    assert problems == {"王明": ["预备党员"], "李明": ["留党察看期间"], "赵明": ["不在本村党员名册中"]}
    with pytest.raises(InvalidInput) as refused:
        pc.add_initial(open_scope(session, election), probationer.id_number)
    assert "预备党员，不能作为党组织委员候选人（PT-04" in str(refused.value.errors["id_number"])
    with pytest.raises(InvalidInput, match="不在本村党员名册中"):
        pc.nominate_by_township(open_scope(session, election), outsider_id, "选派干部")


def test_pt10_township_nomination_needs_a_reason_and_keeps_it(session):
    _township, election = setup(session)
    member = add_member(session, election, "王明")
    with pytest.raises(InvalidInput, match="此人未经党员推荐或群众推荐"):
        pc.add_initial(open_scope(session, election), member.id_number)
    with pytest.raises(InvalidInput):
        pc.nominate_by_township(open_scope(session, election), member.id_number, "  ")
    candidate = pc.nominate_by_township(open_scope(session, election), member.id_number, "致富带头人，群众公认",
                                        proposed_office="secretary")
    assert (candidate.source, candidate.proposed_office) == ("township", "secretary")
    assert candidate.nomination_reason == "致富带头人，群众公认"
    with pytest.raises(InvalidInput, match="已是初步人选"):
        pc.nominate_by_township(open_scope(session, election), member.id_number, "再次")
    pc.remove_initial(open_scope(session, election), candidate.id)
    assert pc.candidates(open_scope(session, election)) == []


OLD_ROWS = [  # source, status, status_reason as stored before migration 0008
    ("township", "initial", "镇党委直接提名理由：致富带头人\n群众公认"),
    ("township", "disqualified", "镇党委直接提名理由：选派干部\n取消资格：县公安局审查有问题：在查案件"),
    ("township", "not_approved", "镇党委直接提名理由：返乡创业\n考察未通过：测评不称职票过半\n群众认可度低"),
    ("recommended", "disqualified", "取消资格：“十不选”第2项（受过刑事处罚）：2001年判刑"),
    ("recommended", "reviewed", ""),
]


def test_migration_0008_moves_the_nomination_reason_out_of_the_status_reason(db_path):
    from sqlalchemy import create_engine, text

    from workflows.core.store import open_store, upgrade_to

    engine = create_engine(f"sqlite:///{db_path}")
    upgrade_to(engine, "0007_voter_list_indexes")
    stamp = "'2026-11-01'"
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO township (id, name, county, province, rules_profile, created_at, updated_at)"
            f" VALUES (1, '云溪镇', '青山县', '江西省', '', {stamp}, {stamp})"))
        connection.execute(text(
            "INSERT INTO village (id, township_id, name, population, households, notes, created_at,"
            f" updated_at) VALUES (1, 1, '石桥村', 1500, 400, '', {stamp}, {stamp})"))
        connection.execute(text(
            "INSERT INTO election_process (id, village_id, term_label, party_members, party_deputies,"
            " vc_chairs, vc_vice_chairs, vc_members, notes, created_at, updated_at)"
            f" VALUES (1, 1, '第十二届', 5, 0, 1, 1, 3, '', {stamp}, {stamp})"))
        for ident, (source, status, reason) in enumerate(OLD_ROWS, start=1):
            connection.execute(text(
                "INSERT INTO party_candidate (id, election_id, name, id_number, sex, birth_date, education,"
                " source, proposed_office, incumbent, status, status_reason, preliminary_office,"
                " age_exception, tiebreak, tiebreak_reason, created_at, updated_at) VALUES (:id, 1, :name,"
                " :number, '男', '1980-05-05', '', :source, 'member', 0, :status, :reason, '', '', 0, '',"
                f" {stamp}, {stamp})"), {"id": ident, "name": f"候选人{ident}",
                                         "number": person_id(date(1980, 5, 5)), "source": source,
                                         "status": status, "reason": reason})
        connection.execute(text(
            "INSERT INTO department_review (id, candidate_id, department, passed, finding, reviewer,"
            " leader, reviewed_on) VALUES (1, 2, '县公安局', 0, '在查案件', '甲', '乙', '2026-11-10')"))
    engine.dispose()
    store = open_store(f"sqlite:///{db_path}")
    with store.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT nomination_reason, status_reason FROM party_candidate ORDER BY id")).all()
        reviews = connection.execute(text("SELECT count(*) FROM department_review")).scalar()
    store.dispose()
    assert [tuple(row) for row in rows] == [
        ("致富带头人\n群众公认", ""),
        ("选派干部", "取消资格：县公安局审查有问题：在查案件"),
        ("返乡创业", "考察未通过：测评不称职票过半\n群众认可度低"),
        ("", "取消资格：“十不选”第2项（受过刑事处罚）：2001年判刑"),
        ("", ""),
    ]
    assert reviews == 1  # the column is added in place: nothing cascades from a table copy


# --- Initial candidates: number (SD-10) ----------------------------------------------

@pytest.mark.parametrize(("seats", "method", "required"), [
    (3, "ratio", 5), (5, "ratio", 8), (6, "ratio", 9), (7, "ratio", 11),
    (3, "plus", 5), (5, "plus", 7), (6, "plus", 8), (7, "plus", 9),
])
def test_sd10_initial_candidates_at_least_the_required_number(session, seats, method, required):
    township, election = setup(session, seats=seats)
    set_rules(session, township, party_initial_method=method)
    members = pool(session, election, required)
    for member in members[:-1]:
        pc.add_initial(open_scope(session, election), member.id_number)
    short = pc.initial_check(open_scope(session, election))
    assert f"应选{seats}名，初步人选须不少于{required}人，现有{required - 1}人" in texts(short, Severity.BLOCKER)
    pc.add_initial(open_scope(session, election), members[-1].id_number)
    assert pc.initial_check(open_scope(session, election)).ok


def test_sd10_at_five_seats_the_seed_example_of_seven_is_shown_beside_the_rule(session):
    township, election = setup(session, seats=5)
    note = texts(pc.initial_check(open_scope(session, election)), Severity.NOTE)
    assert note == ["实施方案的例子为应选5名不少于7人，而“不少于应选人数的1.5倍”按进一法为8人；"
                    "现行设置要求不少于8人。两种理解相差1人，请乡镇确定后执行"]
    set_rules(session, township, party_initial_method="plus")
    assert texts(pc.initial_check(open_scope(session, election)), Severity.NOTE) == []  # n + 2 = 7 matches


def test_sd10_no_note_at_three_seats_where_both_readings_agree(session):
    _township, election = setup(session, seats=3)
    assert texts(pc.initial_check(open_scope(session, election)), Severity.NOTE) == []


# --- Structure (SD-13, SD-14, SD-15, SD-17) ------------------------------------------

def secretary(session, election, birth: date, sex: str = "男", **options):
    member = add_member(session, election, "郑书记", birth, sex)
    return pc.nominate_by_township(open_scope(session, election), member.id_number, "现任书记",
                                   proposed_office="secretary", **options)


def test_sd13_sd14_over_age_secretary_follows_the_profile_severity_and_the_exception_clears_it(session):
    """SD-13 is “原则上”: the profile's severity is obeyed — the seed's warning warns, a township
    that made it a blocker blocks; a recorded approval (SD-14) leaves a note."""
    township, election = setup(session, "jiangxi_2021", seats=3, party=SEED_TERM_DAY)  # ages on 2021-01-01
    make_initial(session, election, 4)
    candidate = secretary(session, election, date(1960, 12, 31), incumbent=True)
    warned = pc.initial_check(open_scope(session, election))
    assert warned.ok
    assert any("郑书记（男，1960年12月31日出生，60周岁）拟任书记，已达60周岁以上" in t
               for t in texts(warned, Severity.WARNING))
    assert pc.needs_age_exception(open_scope(session, election), candidate.id)
    set_rules(session, township, structure_severity="blocker")
    blocked = pc.initial_check(open_scope(session, election))
    assert blocked.blockers[0].rule_ids == ("SD-13", "SD-14")
    pc.set_age_exception(open_scope(session, election), candidate.id, "县换届领导小组2020年12月20日审定同意留任")
    allowed = pc.initial_check(open_scope(session, election))
    assert allowed.ok
    assert any("已记录留任审批" in t for t in texts(allowed, Severity.NOTE))


def test_sd13_an_age_reference_date_of_an_earlier_term_warns_on_the_stage_page(session):
    """SD-13: the age reference date belongs to the term; the seed's 2021-01-01 in a 2026
    election warns, on the initial-candidates stage page too; this term's date does not."""
    township, election = setup(session, "jiangxi_2021", seats=3)
    make_initial(session, election, 5)
    stale = [f for f in pc.initial_check(open_scope(session, election)).warnings if f.rule_ids == ("SD-13",)]
    assert len(stale) == 1 and "2021年1月1日是以往换届的日期" in str(stale[0].message)
    report = stages.evaluate(open_scope(session, election), "party.initial_candidates")
    assert any("以往换届" in str(w.message) for w in report.warnings)
    set_rules(session, township, age_reference_date="2026-01-01")
    assert not any(f.rule_ids == ("SD-13",) for f in pc.initial_check(open_scope(session, election)).items)


def test_sd13_female_secretary_limit_is_55(session):
    _township, election = setup(session, "jiangxi_2021", seats=3, party=SEED_TERM_DAY)
    make_initial(session, election, 4)
    secretary(session, election, date(1965, 12, 31), "女", incumbent=True)
    assert any("已达55周岁以上" in t for t in texts(pc.initial_check(open_scope(session, election)), Severity.WARNING))


@pytest.mark.parametrize(("basis", "over"), [("born_before", False), ("age", True)])
def test_sd13_born_on_the_cutoff_day_differs_by_basis_and_is_pointed_out(session, basis, over):
    township, election = setup(session, "jiangxi_2021", seats=3, party=SEED_TERM_DAY)
    set_rules(session, township, age_limit_basis=basis)
    make_initial(session, election, 4)
    secretary(session, election, date(1961, 1, 1), incumbent=True)
    findings = pc.initial_check(open_scope(session, election))
    assert any("原则上不再提名" in t for t in texts(findings, Severity.WARNING)) is over
    note = next(t for t in texts(findings, Severity.NOTE) if "郑书记出生于1961年1月1日" in t)
    assert "按“60周岁以上”已达界限，按“1961年1月1日前出生”未达界限" in note


def test_sd15_new_secretary_over_45_warns_unless_incumbent(session):
    _township, election = setup(session, "jiangxi_2021", seats=3, party=SEED_TERM_DAY)
    make_initial(session, election, 4)
    candidate = secretary(session, election, date(1974, 6, 1))  # 46 on 2021-01-01
    assert "郑书记（46周岁）为新提名的书记人选，超过45周岁（特别优秀的可放宽）" in texts(
        pc.initial_check(open_scope(session, election)), Severity.WARNING)
    pc.set_office(open_scope(session, election), candidate.id, "secretary", incumbent=True)
    assert pc.initial_check(open_scope(session, election)).warnings == []


def test_sd15_deputy_age_limits_by_sex(session):
    _township, election = setup(session, "jiangxi_2021", seats=3, party=SEED_TERM_DAY)
    make_initial(session, election, 4)
    man = add_member(session, election, "钱明", date(1965, 6, 1))  # 55: allowed
    woman = add_member(session, election, "孙丽", date(1970, 6, 1), "女")  # 50: allowed
    older = add_member(session, election, "周丽", date(1970, 1, 1), "女")  # 51: too old
    for member in (man, woman, older):
        pc.nominate_by_township(open_scope(session, election), member.id_number, "工作需要", proposed_office="deputy")
    assert texts(pc.initial_check(open_scope(session, election)), Severity.WARNING) == [
        "周丽（女，51周岁）拟任副书记，超过副职50周岁的要求"]


@pytest.mark.parametrize("severity", ["warning", "blocker", "off"])
def test_sd15_sd17_women_and_young_member_per_severity(session, severity):
    township, election = setup(session, "jiangxi_2021", seats=3, party=SEED_TERM_DAY)
    set_rules(session, township, structure_severity=severity)
    members = [add_member(session, election, SURNAMES[i] + "明", date(1975, 1, 1)) for i in range(5)]
    recommend(session, election, members)
    for member in members:
        pc.add_initial(open_scope(session, election), member.id_number)
    findings = pc.initial_check(open_scope(session, election))
    expected = ["初步人选中没有女性",
                "初步人选中没有35周岁以下且大专以上学历的人选（每个“两委”班子原则上至少1名）"]
    if severity == "off":
        assert findings.items == []
    else:
        assert texts(findings, Severity(severity)) == expected
        assert [f.rule_ids for f in findings.items] == [("SD-17",), ("SD-15",)]


def test_sd15_young_member_needs_the_education_too(session):
    _township, election = setup(session, "jiangxi_2021", seats=3, party=SEED_TERM_DAY)
    young = add_member(session, election, "李娜", date(1990, 1, 1), "女", "高中（中专）")
    others = [add_member(session, election, SURNAMES[i] + "明") for i in range(4)]
    recommend(session, election, [young, *others])
    for member in (young, *others):
        pc.add_initial(open_scope(session, election), member.id_number)
    assert len(pc.initial_check(open_scope(session, election)).warnings) == 1
    next(c for c in pc.candidates(open_scope(session, election)) if c.name == "李娜").education = "大学专科"
    session.flush()
    assert pc.initial_check(open_scope(session, election)).warnings == []


@pytest.mark.parametrize(("preset", "severity"), [("national", Severity.WARNING), ("jiangxi_2021", Severity.BLOCKER)])
def test_sd19_close_relatives_among_initial_candidates(session, preset, severity):
    township, election = setup(session, preset, seats=3)
    first, second, *_ = make_initial(session, election, 5)
    relatives.record(session, township.id, (first.name, first.id_number), (second.name, second.id_number),
                     "配偶")
    findings = pc.initial_check(open_scope(session, election))
    assert texts(findings, severity) == [f"初步人选之间有近亲属关系，应当回避：{second.name}是{first.name}的配偶"]
    assert set(findings.items[-1].subject_ids) == {first.id, second.id}


def test_so14_identical_names_need_a_manual_order_with_a_reason(session):
    _township, election = setup(session, seats=3)
    members = pool(session, election, 4)
    twins = [add_member(session, election, "王伟", date(1980, 1, 1)), add_member(session, election, "王 伟")]
    recommend(session, election, members + twins)
    made = [pc.add_initial(open_scope(session, election), m.id_number) for m in members + twins]
    assert texts(pc.initial_check(open_scope(session, election))) == [
        "初步人选中有2人同名“王伟”，须由组织部门另定排列次序并记录理由"]
    with pytest.raises(InvalidInput):
        pc.set_tiebreak(open_scope(session, election), made[-1].id, 1, "")
    pc.set_tiebreak(open_scope(session, election), made[-2].id, 2, "县委组织部确定：年长者在后")
    pc.set_tiebreak(open_scope(session, election), made[-1].id, 1, "县委组织部确定：年长者在后")
    assert pc.initial_check(open_scope(session, election)).ok
    assert [c.id for c in pc.candidates(open_scope(session, election)) if c.name.replace(" ", "") == "王伟"] == [
        made[-1].id, made[-2].id]


# --- Preliminary candidates (PT-16, PT-17, PT-17a, PT-19) ----------------------------

def passed(session, election, count: int):
    """``count`` candidates that passed review and inspection (status set directly)."""
    made = make_initial(session, election, count)
    for candidate in made:
        candidate.status = "inspected"
    session.flush()
    return made


@pytest.mark.parametrize(("seats", "warned"), [(3, False), (5, False), (6, True), (7, True)])
def test_pt17_n_plus_one_and_pt17a_margin_warning(session, seats, warned):
    _township, election = setup(session, seats=seats)
    made = passed(session, election, seats + 2)
    pc.choose_preliminary(open_scope(session, election), [c.id for c in made[:seats]], made[0].id)
    findings = pc.preliminary_check(open_scope(session, election))
    assert texts(findings, Severity.BLOCKER) == [
        f"委员候选人预备人选应为{seats + 1}人（比应选{seats}名多1人），现有{seats}人"]
    pc.choose_preliminary(open_scope(session, election), [c.id for c in made[:seats + 1]], made[0].id)
    findings = pc.preliminary_check(open_scope(session, election))
    assert findings.ok
    warnings = texts(findings, Severity.WARNING)
    assert bool(warnings) is warned
    if seats == 6:
        assert warnings[0].startswith("应选6名，预备人选7人，差额1人不足应选人数的20%（须不少于8人）")
        assert findings.warnings[0].rule_ids == ("PT-16", "PT-17a")


def test_pt19_one_secretary_among_the_committee_candidates_and_the_deputies(session):
    _township, election = setup(session, seats=3, deputies=1)
    made = passed(session, election, 5)
    committee = [c.id for c in made[:4]]
    with pytest.raises(InvalidInput) as refused:
        pc.choose_preliminary(open_scope(session, election), committee, made[4].id)
    assert "书记候选人预备人选须是委员候选人预备人选之一" in str(refused.value.errors["secretary"])
    with pytest.raises(InvalidInput, match="同一人"):
        pc.choose_preliminary(open_scope(session, election), committee, made[0].id, [made[0].id])
    pc.choose_preliminary(open_scope(session, election), committee, None)
    assert texts(pc.preliminary_check(open_scope(session, election))) == [
        "书记候选人预备人选应为1人（等额），现有0人", "副书记候选人预备人选应为1人（等额），现有0人"]
    pc.choose_preliminary(open_scope(session, election), committee, made[0].id, [made[1].id])
    assert pc.preliminary_check(open_scope(session, election)).ok
    assert [c.preliminary_office for c in made] == ["secretary", "deputy", "member", "member", ""]
    assert [c.status for c in made] == ["preliminary"] * 4 + ["inspected"]


def test_pt17_only_candidates_who_passed_review_and_inspection(session):
    _township, election = setup(session, seats=3)
    made = make_initial(session, election, 5)
    with pytest.raises(InvalidInput, match="未通过资格联审和考察的人员不能作为预备人选"):
        pc.choose_preliminary(open_scope(session, election), [c.id for c in made[:4]], made[0].id)


# --- Stage blockers ------------------------------------------------------------------

def stage_blockers(session, election, key: str) -> list[tuple[str, tuple[str, ...]]]:
    township_profile = profile_of(election.village.township)
    report = stages.evaluate(open_scope(session, election, TODAY, profile=township_profile), key)
    return [(str(b.message), b.rule_ids) for b in report.blockers]


def test_pt09_recommendation_stage_needs_both_rounds_with_votes(session):
    _township, election = setup(session)
    assert ("尚未记录党员推荐的日期和参加人数", ("PT-09", "PT-10")) in stage_blockers(
        session, election, "party.recommendation")
    pc.record_round(open_scope(session, election), "member", date(2026, 11, 2), 50)
    pc.record_round(open_scope(session, election), "mass", date(2026, 11, 3), 120)
    found = stage_blockers(session, election, "party.recommendation")
    assert ("尚未录入党员推荐的得票", ("PT-10",)) in found
    member = add_member(session, election, "王明")
    pc.record_votes(open_scope(session, election), "member", "王明", member.id_number, 30)
    pc.record_votes(open_scope(session, election), "mass", "王明", member.id_number, 90)
    assert [b for b in stage_blockers(session, election, "party.recommendation") if "PT-10" in b[1]] == []


def test_initial_stage_reports_the_initial_check(session):
    _township, election = setup(session, seats=5)
    make_initial(session, election, 7)
    found = stage_blockers(session, election, "party.initial_candidates")
    assert ("应选5名，初步人选须不少于8人，现有7人", ("PT-10", "SD-10")) in found


def test_stage_checks_write_nothing(session):
    _township, election = setup(session)
    session.flush()
    before = (len(session.new), len(session.dirty))
    stage_blockers(session, election, "party.recommendation")
    stage_blockers(session, election, "party.approval")
    assert (len(session.new), len(session.dirty)) == before
    assert pc.track(open_scope(session, election)).id is None
