"""The villager election committee (vc.election_committee) at its boundaries, through the workflows.

Rule IDs (shared/docs/rules-reference.md): GC-02, SD-21, PV-01 (size, odd number), GC-03 (close
relatives), VC-27, VC-28 (quorum), SD-21 (the Party secretary as chair), GC-08 (objection days of
the list notice), GC-04 (filing), VC-06, PV-02 (withdrawal and filling the seat), VC-05 (a stage
with nothing entered). Numbers come from each preset's profile, read in the tests.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import AuditEvent, Voter
from tests.conftest import TODAY, make_election
from tests.vc_nomination_data import PROVINCES, add_person
from workflows.core import relatives, stages
from workflows.core.errors import InvalidInput
from workflows.core.findings import Severity
from workflows.core.idcard import make_id
from workflows.core.policy import Setting
from workflows.core.scope import open_scope
from workflows.core.scope import township_profile as profile_of
from workflows.party import roster as party_roster
from workflows.township.townships import TownshipInput, create_township, save_profile
from workflows.villager import candidates, committee, committee_documents, nomination
from workflows.villager import committee_checks as checks
from workflows.villager.committee import MeetingInput, MemberInput

MEETING = date(2026, 11, 16)
NAMES = ["王建国", "李强", "张伟", "王芳", "陈静", "刘洋", "陈刚", "杨帆", "赵磊", "黄勇", "周强", "吴刚"]


def number(index: int) -> str:
    """A valid ID number for the index-th person of NAMES."""
    return make_id("360102", date(1970 + index, 1 + index % 12, 1 + index), 11 + 2 * index)


def scope_of(session, election):
    return open_scope(session, election, TODAY)


def set_rules(session, township, **values) -> None:
    profile = profile_of(township)
    for key, value in values.items():
        profile = profile.with_setting(key, Setting(value, "测试", True))
    save_profile(session, township.id, profile)


def setup(session, preset: str = "national"):
    township = create_township(session, TownshipInput("云溪镇", "青山县", PROVINCES.get(preset, "江西省"), preset))
    return township, make_election(session, township, committee=date(2026, 12, 20))


def seat(session, election, seated: int, waiting: int = 0, meeting: MeetingInput | None = None):
    """Record a valid representatives' meeting and the result: ``seated`` people with a role (主任,
    副主任, 委员…) then ``waiting`` next in line; returns {name: member id}."""
    scope = scope_of(session, election)
    committee.record_meeting(scope, meeting or MeetingInput("representatives", MEETING, representatives=30,
                                                            present=25))
    roles = ["chair", "vice_chair"] + ["member"] * (seated - 2)
    ids = {}
    for index in range(seated + waiting):
        role = roles[index] if index < seated else ""
        ids[NAMES[index]] = committee.add_member(scope_of(session, election), MemberInput(
            NAMES[index], number(index), index + 1, role, 20 - index))
    return ids


def findings_with(found, rule: str):
    return [f for f in found.items if rule in f.rule_ids]


def texts(found) -> list[str]:
    return [str(f.message) for f in found.items]


# --- size and odd number (GC-02, SD-21, PV-01) ---------------------------------------------------

@pytest.mark.parametrize("preset", ["national", "jiangxi_2021", "shanghai_2020"])
def test_gc02_sd21_pv01_the_profile_minimum_is_enough_and_one_fewer_blocks(session, preset):
    township, election = setup(session, preset)
    low = profile_of(township).get("ec_min_size")
    ids = seat(session, election, low, waiting=0)
    assert not any("少于" in t for t in texts(checks.composition_findings(scope_of(session, election))))
    committee.remove_member(scope_of(session, election), ids[NAMES[low - 1]])
    found = checks.composition_findings(scope_of(session, election))
    short = [f for f in found.items if "少于" in str(f.message)]
    assert [str(f.message) for f in short] == [f"村民选举委员会现有成员{low - 1}人，少于{low}人"]
    assert short[0].severity == Severity.BLOCKER and short[0].rule_ids == ("GC-02", "SD-21", "PV-01")


def test_pv01_zhejiang_nine_is_the_most_and_ten_blocks(session):
    township, election = setup(session, "zhejiang_2020")
    high = profile_of(township).get("ec_max_size")
    assert high == 9
    ids = seat(session, election, high + 1)
    found = checks.composition_findings(scope_of(session, election))
    assert "村民选举委员会现有成员10人，多于9人" in texts(found)
    assert findings_with(found, "PV-01")[0].severity == Severity.BLOCKER
    committee.remove_member(scope_of(session, election), ids[NAMES[high]])
    assert not any("多于" in t for t in texts(checks.composition_findings(scope_of(session, election))))


def test_pv01_national_has_no_upper_limit(session):
    township, election = setup(session, "national")
    assert profile_of(township).get("ec_max_size") == 0
    seat(session, election, 11)
    assert not any("多于" in t for t in texts(checks.composition_findings(scope_of(session, election))))


def test_gc02_sd21_an_even_number_is_a_warning_or_a_blocker_as_the_profile_says(session):
    township, election = setup(session, "national")
    seat(session, election, 4)
    even = [f for f in checks.composition_findings(scope_of(session, election)).items if "不是单数" in str(f.message)]
    assert [(str(f.message), f.severity) for f in even] == [("村民选举委员会现有成员4人，不是单数", Severity.WARNING)]
    set_rules(session, township, ec_odd="blocker")
    even = [f for f in checks.composition_findings(scope_of(session, election)).items if "不是单数" in str(f.message)]
    assert even[0].severity == Severity.BLOCKER and even[0].rule_ids == ("GC-02", "SD-21")


def test_gc02_five_is_odd_and_no_finding(session):
    _township, election = setup(session, "national")
    seat(session, election, 5)
    assert not any("不是单数" in t for t in texts(checks.composition_findings(scope_of(session, election))))


# --- close relatives (GC-03) -----------------------------------------------------------------------

@pytest.mark.parametrize(("preset", "severity"), [("national", Severity.WARNING), ("jiangxi_2021", Severity.BLOCKER)])
def test_gc03_close_relatives_on_the_committee_per_profile(session, preset, severity):
    township, election = setup(session, preset)
    seat(session, election, 5)
    relatives.record(session, township.id, ("张伟", number(2)), ("王芳", number(3)), "配偶")
    found = findings_with(checks.composition_findings(scope_of(session, election)), "GC-03")
    assert [(str(f.message), f.severity) for f in found] == [
        ("选举委员会成员之间有近亲属关系：王芳是张伟的配偶", severity)]


def test_gc03_a_relative_who_is_only_next_in_line_is_no_finding(session):
    township, election = setup(session, "jiangxi_2021")
    seat(session, election, 5, waiting=1)
    relatives.record(session, township.id, ("张伟", number(2)), ("刘洋", number(5)), "兄弟姐妹")
    assert findings_with(checks.composition_findings(scope_of(session, election)), "GC-03") == []


# --- the meeting's quorum (VC-27, VC-28) ---------------------------------------------------------------

def quorum(session, election, data: MeetingInput):
    committee.record_meeting(scope_of(session, election), data)
    return checks.quorum_lines(scope_of(session, election))


def test_vc27_more_than_half_of_the_adults_half_is_not_enough(session):
    _township, election = setup(session)
    line, = quorum(session, election, MeetingInput("villagers", MEETING, adults=100, present=50))
    assert not line.met and "到会50人，未达到本村十八周岁以上村民100人的超过二分之一（至少51人）" in line.text
    assert line.rule_ids == "VC-27 VC-05"
    line, = quorum(session, election, MeetingInput("villagers", MEETING, adults=100, present=51))
    assert line.met and not checks.meeting_findings(scope_of(session, election)).items


def test_vc27_two_thirds_of_households_exactly_is_enough_and_one_below_is_not(session):
    _township, election = setup(session)
    # 90 households: two thirds is 60; the adults' count (50 of 100) fails on its own
    line, = quorum(session, election, MeetingInput("villagers", MEETING, adults=100, households=90, present=50,
                                                   present_households=60))
    assert line.met and "到会户代表60户，达到本村户数90户的不少于三分之二（至少60户）" in line.text
    line, = quorum(session, election, MeetingInput("villagers", MEETING, adults=100, households=90, present=50,
                                                   present_households=59))
    assert not line.met
    found = checks.meeting_findings(scope_of(session, election))
    assert found.items[0].severity == Severity.BLOCKER and "会议不能有效推选选举委员会" in str(found.items[0].message)


def test_vc28_two_thirds_of_the_representatives_exactly_and_one_below(session):
    _township, election = setup(session)
    line, = quorum(session, election, MeetingInput("representatives", MEETING, representatives=30, present=20))
    assert line.met and line.rule_ids == "VC-28 VC-05" and "（至少20人）" in line.text
    line, = quorum(session, election, MeetingInput("representatives", MEETING, representatives=30, present=19))
    assert not line.met
    assert findings_with(checks.meeting_findings(scope_of(session, election)), "VC-28")


def test_vc05_attendance_above_the_base_and_a_future_day_are_refused(session):
    _township, election = setup(session)
    with pytest.raises(InvalidInput) as refused:
        committee.record_meeting(scope_of(session, election), MeetingInput(
            "representatives", date(2026, 11, 22), representatives=30, present=31))
    assert set(refused.value.errors) == {"meeting_on", "present"}


# --- the Party secretary as chair (SD-21) ----------------------------------------------------------------

def secretary(session, election, index: int) -> None:
    party_roster.save_member(scope_of(session, election), {
        "name": NAMES[index], "id_number": number(index), "sex": "男", "joined_on": date(1995, 7, 1),
        "full_member": True, "current_post": "党支部书记"})


def test_sd21_national_does_not_ask_for_the_secretary(session):
    _township, election = setup(session, "national")
    seat(session, election, 5)
    secretary(session, election, 1)
    assert checks.chair_findings(scope_of(session, election)).items == []


def test_sd21_jiangxi_the_secretary_as_chair_clears_and_another_chair_warns_until_explained(session):
    township, election = setup(session, "jiangxi_2021")
    seat(session, election, 5)
    assert [str(f.message) for f in checks.chair_findings(scope_of(session, election)).items][0].startswith(
        "尚未记录村党组织书记")
    secretary(session, election, 0)
    assert checks.chair_findings(scope_of(session, election)).items == []
    township2, election2 = township, make_election(session, township, "河口村", committee=date(2026, 12, 20))
    seat(session, election2, 5)
    secretary(session, election2, 1)
    found = checks.chair_findings(scope_of(session, election2)).items
    assert [(str(f.message), f.severity) for f in found] == [(
        "选举委员会主任王建国不是村党组织书记李强：应依法推选村党组织书记为主任，会议另有推选的请记录说明",
        Severity.WARNING)]
    set_rules(session, township2, ec_chair_party_secretary="blocker")
    assert checks.chair_findings(scope_of(session, election2)).items[0].severity == Severity.BLOCKER
    committee.set_chair_note(scope_of(session, election2), "李强因病不能主持")
    found = checks.chair_findings(scope_of(session, election2)).items
    assert found[0].severity == Severity.WARNING and "已记录说明：李强因病不能主持" in str(found[0].message)


# --- the list notice (GC-08) and the filing (GC-04) ---------------------------------------------------------

@pytest.mark.parametrize("days", [5, 7])
def test_gc08_the_list_notice_gives_the_profiles_objection_days(session, days):
    township, election = setup(session, "national")
    assert profile_of(township).get("ec_list_objection_days") == 5
    set_rules(session, township, ec_list_objection_days=days)
    seat(session, election, 5)
    spec = committee_documents.list_notice_spec(scope_of(session, election), TODAY)
    assert spec.objection == f"村民对名单有不同意见的，可在名单公布之日起{days}日内向村民委员会提出。"


def test_gc08_no_days_set_leaves_the_sentence_without_a_limit(session):
    township, election = setup(session, "national")
    set_rules(session, township, ec_list_objection_days=0)
    seat(session, election, 5)
    assert committee_documents.list_notice_spec(scope_of(session, election), TODAY).objection == (
        "村民对名单有不同意见的，可向村民委员会提出。")


def test_gc04_the_list_is_published_and_filed_on_days_from_the_meeting_to_today(session):
    _township, election = setup(session)
    seat(session, election, 5)
    found = texts(checks.publication_findings(scope_of(session, election)))
    assert found == ["尚未公布村民选举委员会成员名单", "尚未将选举委员会名单报乡镇人民政府备案"]
    for day in (date(2026, 11, 15), date(2026, 11, 22)):  # before the meeting, after today
        with pytest.raises(InvalidInput) as refused:
            committee_documents.issue_list_notice(scope_of(session, election), day)
        assert "issued_on" in refused.value.errors
    committee_documents.issue_list_notice(scope_of(session, election), MEETING)
    with pytest.raises(InvalidInput, match="没有变动"):  # nothing changed since
        committee_documents.issue_list_notice(scope_of(session, election), TODAY)
    document = committee_documents.issue_filing(scope_of(session, election), TODAY)
    assert document.kind == "committee_filing" and document.title == "关于推选产生石桥村村民选举委员会的报告"
    row = committee.record(scope_of(session, election))
    assert (row.list_published_on, row.filed_on) == (MEETING, TODAY)
    assert checks.publication_findings(scope_of(session, election)).items == []


# --- withdrawal and filling the seat (VC-06, PV-02) -----------------------------------------------------------

def on_roll(session, election, index: int) -> Voter:
    """The index-th person of NAMES as a registered voter (the same ID number as on the committee)."""
    voter = Voter(election_id=election.id, village_id=election.village_id, name=NAMES[index], sex="男",
                  id_number=number(index), birth_date=date(1970 + index, 1 + index % 12, 1 + index))
    session.add(voter)
    session.flush()
    return voter


def nominate(session, election, voter: Voter, office: str = "member") -> None:
    """The 海选 names ``voter`` for ``office`` and the committee determines the candidates."""
    scope = scope_of(session, election)
    for index in range(10):
        add_person(session, election, f"村民{index}", "女", 60 + index)
    nomination.set_nomination(scope, TODAY, nomination.TOTALS, 10)
    nomination.record_total(scope, office, voter.id, 8)
    for key, quota in candidates.quotas(scope).items():
        if not quota.fixed:
            candidates.decide_quota(scope, key, quota.low, TODAY)
    candidates.determine(scope, TODAY)


def test_vc06_a_nominated_member_must_withdraw_and_the_next_in_line_takes_the_seat_audited(session):
    _township, election = setup(session)
    ids = seat(session, election, 5, waiting=2)
    committee_documents.issue_list_notice(scope_of(session, election), MEETING)
    nominate(session, election, on_roll(session, election, 2))
    scope = scope_of(session, election)
    must = committee.members_who_must_withdraw(scope)
    assert [(c.name, c.reason, c.text) for c in must] == [("张伟", "nominated", "被提名为村民委员会委员候选人")]
    assert findings_with(checks.withdrawal_findings(scope), "VC-06")[0].severity == Severity.BLOCKER
    assert committee.next_in_line(scope).name == "刘洋"
    assert any("张伟" in str(b.message) for b in stages.evaluate(scope, "vc.nomination").blockers)

    successor = committee.withdraw(scope, ids["张伟"], committee.WithdrawalInput(TODAY, "nominated"))
    assert successor == ids["刘洋"]
    scope = scope_of(session, election)
    seated = [(r.name, r.role) for r in checks.seated(scope)]
    assert seated == [("王建国", "chair"), ("李强", "vice_chair"), ("王芳", "member"), ("陈静", "member"),
                      ("刘洋", "member")]
    assert committee.members_who_must_withdraw(scope) == [] and committee.vacancies(scope) == []
    assert checks.list_outdated(scope)
    assert committee_documents.changes(scope) == [
        "原村民选举委员会委员张伟因被提名为村民委员会成员候选人，已于2026年11月21日退出村民选举委员会。"
        "根据《中华人民共和国村民委员会组织法》第十二条规定，按照原推选结果依次递补刘洋为村民选举委员会成员。"]
    session.flush()
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity == "vc_committee_member",
                                                      AuditEvent.entity_id.in_([ids["张伟"], ids["刘洋"]]))).all()
    assert sorted(e.summary for e in events if e.action == "update") == [
        "修改村民选举委员会成员“刘洋”：职务、任职日期、递补", "修改村民选举委员会成员“张伟”：退出日期、退出原因"]
    document = committee_documents.issue_list_notice(scope, TODAY)
    assert document.title == "石桥村村民选举委员会成员名单补充公告"
    assert not checks.list_outdated(scope_of(session, election))


def test_vc06_a_nominated_person_next_in_line_is_passed_over(session):
    _township, election = setup(session)
    ids = seat(session, election, 5, waiting=2)
    nominate(session, election, on_roll(session, election, 5))
    scope = scope_of(session, election)
    assert committee.members_who_must_withdraw(scope) == []  # not seated
    assert committee.next_in_line(scope).name == "陈刚"
    committee.withdraw(scope, ids["王芳"], committee.WithdrawalInput(TODAY, "other", "迁出"))
    assert "陈刚" in [r.name for r in checks.seated(scope_of(session, election))]


def test_vc06_with_nobody_left_to_fill_the_seat_a_new_election_is_recorded(session):
    _township, election = setup(session)
    ids = seat(session, election, 5)
    scope = scope_of(session, election)
    with pytest.raises(InvalidInput) as refused:
        committee.withdraw(scope, ids["王芳"], committee.WithdrawalInput(TODAY, "other"))
    assert "另行推选" in str(refused.value.errors["fill"])
    committee.withdraw(scope, ids["王芳"], committee.WithdrawalInput(TODAY, "other", fill=False))
    assert [r.name for r in committee.vacancies(scope_of(session, election))] == ["王芳"]
    committee.by_election(scope_of(session, election), ids["王芳"], committee.ByElectionInput(
        "周强", number(10), TODAY, "representatives"))
    scope = scope_of(session, election)
    assert committee.vacancies(scope) == [] and len(checks.seated(scope)) == 5
    assert next(r for r in committee.members_of(scope) if r.name == "周强").rank == 6


@pytest.mark.parametrize(("preset", "must_leave"), [("national", False), ("zhejiang_2020", True)])
def test_pv02_a_candidates_close_relative_leaves_only_where_the_profile_says(session, preset, must_leave):
    township, election = setup(session, preset)
    seat(session, election, 5, waiting=1)
    candidate = on_roll(session, election, 9)  # 黄勇, not on the committee
    relatives.record(session, township.id, ("王芳", number(3)), (candidate.name, candidate.id_number), "配偶")
    nominate(session, election, candidate, "chair")
    must = committee.members_who_must_withdraw(scope_of(session, election))
    if must_leave:
        assert [(c.name, c.reason, c.text) for c in must] == [
            ("王芳", "relative", "村民委员会主任候选人黄勇是其配偶")]
        assert findings_with(checks.withdrawal_findings(scope_of(session, election)), "PV-02")
    else:
        assert must == []


# --- the stage (VC-05) -----------------------------------------------------------------------------------------

def test_vc05_the_stage_cannot_complete_with_nothing_entered(session):
    _township, election = setup(session, "jiangxi_2021")
    report = stages.evaluate(scope_of(session, election), "vc.election_committee")
    messages = [str(b.message) for b in report.blockers]
    assert not report.can_advance
    for expected in ("尚未记录推选村民选举委员会的会议", "尚未录入推选产生的选举委员会成员", "尚未公布村民选举委员会成员名单",
                     "尚未将选举委员会名单报乡镇人民政府备案", "选举工作方案尚未经村民会议或村民代表会议讨论通过"):
        assert any(m.startswith(expected) for m in messages), expected
    with pytest.raises(ValueError):
        stages.advance(scope_of(session, election), "vc.election_committee", TODAY)
