"""应到会人数 (PT-06, PT-07, PT-07a), the quorum (PT-08) and the party.meeting blockers."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import AuditEvent, MilestoneFact, PartyMember, PartyTrack
from tests.conftest import TODAY, make_election, make_township
from workflows.core import stages
from workflows.core.errors import InvalidInput
from workflows.core.idcard import make_id
from workflows.core.policy import Setting
from workflows.core.scope import open_scope
from workflows.core.scope import township_profile as profile_of
from workflows.party import attendance
from workflows.party import roster as party_roster
from workflows.party.attendance import ExclusionState, add_exclusion, expected_attendance
from workflows.township.townships import save_profile

MEETING = date(2026, 11, 30)
ILL = "年老体弱卧床不起和长期生病生活不能自理的"
SERVING = "正在服刑的"  # PT-07a: the 中组部 wording of category ③, not in the seed's list


@pytest.fixture
def township(session):
    return make_township(session)


@pytest.fixture
def election(session, township):
    return make_election(session, township, party=MEETING, committee=date(2026, 12, 20))


def add_members(session, election, count: int, **flags) -> list[PartyMember]:
    """``count`` members named 党员00, 党员01 … in order of addition, full members by default."""
    start = session.scalar(select(func.count()).select_from(PartyMember))
    members = [PartyMember(election_id=election.id, name=f"党员{n:02d}", sex="男",
                           id_number=make_id("360102", date(1960, 1, 1), 2 * n + 1),
                           birth_date=date(1960, 1, 1), joined_on=date(1990, 7, 1), **flags)
               for n in range(start, start + count)]
    session.add_all(members)
    session.flush()
    return members


def report(session, election, today=TODAY):
    profile = profile_of(election.village.township)
    return stages.evaluate(open_scope(session, election, today, profile=profile), "party.meeting")


def texts(findings, rule: str) -> list[str]:
    return [str(f.message) for f in findings if rule in f.rule_ids]


def about_exclusions(findings) -> list[str]:
    """PT-07 findings about exclusions (the calendar's approval milestone also cites PT-07)."""
    return [text for text in texts(findings, "PT-07") if "不计入应到会人数" in text]


def set_profile(session, township, key, value):
    profile = profile_of(township)
    old = profile.setting(key)
    save_profile(session, township.id, profile.with_setting(key, Setting(value, old.source, old.verified)))


def test_pt06_expected_attendance_counts_only_members_with_rights(session, election):
    add_members(session, election, 9)
    add_members(session, election, 2, full_member=False)
    add_members(session, election, 1, rights_suspended=True)
    figures = expected_attendance(open_scope(session, election))
    assert (figures.total, figures.probationary, figures.eligible, figures.expected) == (12, 2, 9, 9)
    assert len(figures.without_rights) == 3


def test_pt07_exclusion_without_township_approval_does_not_count_and_blocks(session, election):
    members = add_members(session, election, 9)
    add_exclusion(open_scope(session, election), members[0].id, ILL, "卧床三年", True, True)
    figures = expected_attendance(open_scope(session, election))
    assert figures.expected == 9
    assert figures.exclusions[0].state == ExclusionState.INVALID
    assert about_exclusions(report(session, election).blockers) == [
        "党员00不计入应到会人数的手续不全：未报镇党委同意（PT-07）；手续完备前仍计入应到会人数"]


def test_pt07_with_consent_and_approval_it_counts_pending_the_meetings_adoption(session, election):
    members = add_members(session, election, 9)
    exclusion = add_exclusion(open_scope(session, election), members[0].id, ILL, "", True, True, date(2026, 11, 18))
    figures = expected_attendance(open_scope(session, election))
    assert (figures.expected, figures.excluded) == (8, 1)
    assert figures.exclusions[0].state == ExclusionState.PENDING
    before = report(session, election)
    assert about_exclusions(before.blockers) == []
    assert about_exclusions(before.warnings) == ["党员00不计入应到会人数已经镇党委同意，须在党员大会上通过"]
    on_the_day = report(session, election, today=MEETING)
    assert about_exclusions(on_the_day.blockers) == [
        "党员大会2026年11月30日召开，尚未记录大会通过党员00不计入应到会人数"]
    attendance.update_exclusion(open_scope(session, election, MEETING), exclusion.id, ILL, "", True, True,
                                date(2026, 11, 18), MEETING)
    assert expected_attendance(open_scope(session, election)).exclusions[0].state == ExclusionState.COUNTED
    assert about_exclusions(report(session, election, today=MEETING).blockers) == []


def test_pt07_missing_consent_is_listed(session, election):
    members = add_members(session, election, 1)
    exclusion = add_exclusion(open_scope(session, election), members[0].id, ILL, township_approved_on=date(2026, 11, 18))
    assert attendance.exclusion_problems(exclusion) == [
        "未征求本人意见（PT-07）", "未征求家属意见（PT-07）", "尚待党员大会通过（PT-07）"]


def test_pt07a_category_outside_the_profile_list_is_refused_until_added(session, township, election):
    members = add_members(session, election, 9)
    with pytest.raises(InvalidInput) as refused:
        add_exclusion(open_scope(session, election), members[0].id, SERVING, "", True, True, date(2026, 11, 18))
    assert "不在本乡镇规则配置" in str(refused.value.errors["category"])
    categories = profile_of(township).get("party_exclusion_categories")
    set_profile(session, township, "party_exclusion_categories", categories + [SERVING])
    add_exclusion(open_scope(session, election), members[0].id, SERVING, "", True, True, date(2026, 11, 18))
    assert expected_attendance(open_scope(session, election)).expected == 8
    set_profile(session, township, "party_exclusion_categories", categories)  # removed again
    assert expected_attendance(open_scope(session, election)).expected == 9
    assert texts(report(session, election).blockers, "PT-07a")


def test_pt07_members_without_rights_and_second_exclusions_are_refused(session, election):
    probationary = add_members(session, election, 1, full_member=False)[0]
    with pytest.raises(InvalidInput) as refused:
        add_exclusion(open_scope(session, election), probationary.id, ILL)
    assert "本身没有表决权（预备党员" in str(refused.value.errors["member_id"])
    member = add_members(session, election, 1)[0]
    add_exclusion(open_scope(session, election), member.id, ILL)
    with pytest.raises(InvalidInput, match="请修改原记录"):
        add_exclusion(open_scope(session, election), member.id, ILL)
    with pytest.raises(InvalidInput) as refused:
        add_exclusion(open_scope(session, election), add_members(session, election, 1, mobile=True)[0].id, ILL,
                      township_approved_on=date(2026, 11, 20), meeting_adopted_on=date(2026, 11, 19))
    assert "早于镇党委同意日期" in str(refused.value.errors["meeting_adopted_on"])


def test_removing_an_exclusion_counts_the_member_again_and_is_audited(session, election):
    member = add_members(session, election, 3)[0]
    exclusion = add_exclusion(open_scope(session, election), member.id, ILL, "", True, True, date(2026, 11, 18))
    assert expected_attendance(open_scope(session, election)).expected == 2
    attendance.remove_exclusion(open_scope(session, election), exclusion.id)
    assert expected_attendance(open_scope(session, election)).expected == 3
    summaries = session.scalars(select(AuditEvent.summary).where(
        AuditEvent.entity == "attendance_exclusion")).all()
    assert summaries == ["新增不计入应到会人数的党员“党员00”", "删除不计入应到会人数的党员“党员00”"]
    add_exclusion(open_scope(session, election), member.id, ILL)
    party_roster.delete_member(open_scope(session, election), member.id)
    assert expected_attendance(open_scope(session, election)).exclusions == []
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.entity == "attendance_exclusion")) == 4


@pytest.mark.parametrize(("comparison", "word", "minimum"), [("gt", "超过", 41), ("ge", "不少于", 40)])
def test_pt08_quorum_boundary_at_50_expected(session, township, election, comparison, word, minimum):
    """PT-08: 应到会50人 → 超过4/5 needs 41 present, 不少于4/5 needs 40."""
    quorum = dict(profile_of(township).get("party_quorum"), comparison=comparison)
    set_profile(session, township, "party_quorum", quorum)
    add_members(session, election, 50)
    figures = expected_attendance(open_scope(session, election))
    assert (figures.expected, figures.quorum.minimum, figures.quorum.word) == (50, minimum, word)
    assert figures.quorum.text == (f"到会有选举权的党员须{word}应到会人数（50人）的4/5，"
                                   f"即至少{minimum}人，会议方为有效（PT-08）")


def test_report_and_approval_are_recorded_as_the_calendar_milestone(session, election):
    members = add_members(session, election, 8)
    add_exclusion(open_scope(session, election), members[0].id, ILL, "", True, True, date(2026, 11, 18))
    assert texts(report(session, election).blockers, "PT-06") == [
        "尚未记录“应到会人数报镇党委批准”的日期（最迟2026年11月29日）"]
    attendance.record_attendance_report(open_scope(session, election), date(2026, 11, 18), date(2026, 11, 20))
    track = session.scalars(select(PartyTrack)).one()
    assert (track.attendance_reported_on, track.attendance_approved_on) == (date(2026, 11, 18),
                                                                          date(2026, 11, 20))
    fact = session.scalars(select(MilestoneFact)).one()
    assert (fact.key, fact.day, fact.note) == ("party_expected_attendance", date(2026, 11, 20), "应到会7人")
    assert texts(report(session, election).blockers, "PT-06") == []
    add_members(session, election, 1, mobile=True)
    assert texts(report(session, election).warnings, "PT-06") == [
        "镇党委批准的应到会人数为7人，按现在的名册和排除情况应为8人，请核实后重新报批"]
    with pytest.raises(InvalidInput, match="批准日期早于报批日期"):
        attendance.record_attendance_report(open_scope(session, election), date(2026, 11, 18), date(2026, 11, 17))


def test_pt25_party_meeting_needs_a_roster_and_counts_all_full_members_for_the_branch_size(session, election):
    """PT-04: no roster blocks. PT-25: 正式党员7人以上设支部委员会 — every full member counts,
    also one under 留党察看 or with rights suspended; 预备党员 do not."""
    assert texts(report(session, election).blockers, "PT-04") == [
        "尚未录入党员名册，无法确定有表决权的党员和应到会人数"]
    add_members(session, election, 5)
    add_members(session, election, 2, full_member=False)
    assert texts(report(session, election).warnings, "PT-25") == [
        "正式党员只有5名，不足7名：按规定不设支部委员会，只设书记1名，必要时设副书记1名"]
    add_members(session, election, 1, probation_discipline=True)
    add_members(session, election, 1, rights_suspended=True)
    assert texts(report(session, election).warnings, "PT-25") == []


def test_attendance_report_data_for_the_township(session, election):
    members = add_members(session, election, 9)
    add_members(session, election, 1, full_member=False)
    add_exclusion(open_scope(session, election), members[0].id, ILL, "卧床", True, True, date(2026, 11, 18))
    attendance.record_attendance_report(open_scope(session, election), date(2026, 11, 18))
    data = attendance.attendance_report(open_scope(session, election))
    assert (data.township, data.village, data.term) == ("云溪镇", "石桥村", "第十二届")
    assert (data.total, data.probationary, data.eligible, data.expected, data.quorum_minimum) == (
        10, 1, 9, 8, 7)
    assert data.without_rights == [attendance.NonVoter(
        "党员09", False, ["预备党员，没有表决权、选举权和被选举权（PT-04）"])]
    assert (data.quorum_word, data.quorum_share) == ("超过", "五分之四")
    assert (data.exclusions[0].name, data.exclusions[0].state_text) == (
        "党员00", "镇党委已同意，待党员大会通过")
    assert (data.reported_on, data.approved_on) == (date(2026, 11, 18), None)
