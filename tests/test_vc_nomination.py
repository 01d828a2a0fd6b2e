"""Open nomination (海选): ballots, totals, the ranking, and candidates chosen from it.

Rules: VC-12 (nominees and nominators are registered voters of the village), GC-19 (an office
named by more people than its seats is invalid on that ballot only), VC-13 and GC-12 (more
candidates than seats, the profile's range, the committee's number, ties at the cut-off),
SD-25 (no woman among the candidates), PV-05 (withdrawals before and after the deadline),
SD-40 (disqualification: the next moves up; ``nominated_on`` recorded).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import make_election
from tests.vc_nomination_data import COMMITTEE_DAY, add_person, village
from workflows.core.errors import InvalidInput
from workflows.core.findings import Severity
from workflows.core.policy import Setting
from workflows.core.scope import open_scope
from workflows.villager import candidates, nomination
from workflows.villager.nomination import BallotInput
from workflows.villager.offices import Office

HELD = date(2026, 11, 10)
DECIDED = date(2026, 11, 12)


def scope_of(session, election, profile=None):
    return open_scope(session, election, profile=profile)


def ballot(ids, chair=(), vice=(), member=()):
    return BallotInput({Office.CHAIR: [ids[n] for n in chair], Office.VICE_CHAIR: [ids[n] for n in vice],
                        Office.MEMBER: [ids[n] for n in member]})


def cast(scope, ids, times, **marks):
    for _ in range(times):
        nomination.record_ballot(scope, ballot(ids, **marks))


def votes(scope, office):
    return [(r.name, r.votes, r.rank) for r in nomination.ranking(scope)[office]]


def standing(scope, office):
    return [c.name for c in candidates.current(scope) if c.office == office]


def texts(findings, severity=Severity.BLOCKER):
    return [str(f.message) for f in findings.of(severity)]


@pytest.fixture
def jiangxi(session):
    election, ids = village(session)
    scope = scope_of(session, election)
    nomination.set_nomination(scope, HELD, nomination.BALLOTS)
    return scope, ids


# --- ballots (VC-12, GC-19) -------------------------------------------------------------------

def test_gc19_an_over_full_office_is_invalid_on_that_ballot_only(jiangxi):
    scope, ids = jiangxi
    result = nomination.record_ballot(scope, ballot(ids, chair=["王建国"], vice=["李强"],
                                                    member=["张伟", "刘洋", "陈刚", "杨帆"]))
    assert result.invalid_offices == (Office.MEMBER,)
    assert votes(scope, Office.CHAIR) == [("王建国", 1, 1)]
    assert votes(scope, Office.VICE_CHAIR) == [("李强", 1, 1)]
    assert votes(scope, Office.MEMBER) == []
    exactly = nomination.record_ballot(scope, ballot(ids, member=["张伟", "刘洋", "陈刚"]))
    assert exactly.invalid_offices == ()
    assert [name for name, *_ in votes(scope, Office.MEMBER)] == ["刘洋", "张伟", "陈刚"]
    assert nomination.invalid_counts(scope)[Office.MEMBER] == 1


def test_vc12_a_nominee_from_another_village_is_refused_with_the_reason(session, jiangxi):
    scope, ids = jiangxi
    other = make_election(session, scope.township, name="长岭村", committee=COMMITTEE_DAY)
    stranger = add_person(session, other, "马骏", "男", 40)
    with pytest.raises(InvalidInput) as refused:
        nomination.record_ballot(scope, BallotInput({Office.CHAIR: [stranger.id]}))
    assert "马骏登记在长岭村，不是本村登记参加选举的村民" in str(refused.value.errors["nominee"])
    assert nomination.ballot_count(scope) == 0
    assert "登记在长岭村" in str(nomination.why_not_nominable(scope, "马骏"))
    assert "不是本村登记参加选举的村民" in str(nomination.why_not_nominable(scope, "欧阳修"))


def test_vc12_a_removed_voter_cannot_be_nominated(session, jiangxi):
    scope, ids = jiangxi
    gone = add_person(session, scope.election, "钱进", "男", 50, status="removed")
    with pytest.raises(InvalidInput, match="已从本村选民名单中除名"):
        nomination.record_ballot(scope, BallotInput({Office.CHAIR: [gone.id]}))
    assert nomination.roll(scope).lookup("钱进") == []


def test_vc12_nominators_cannot_outnumber_the_registered_voters(jiangxi):
    scope, ids = jiangxi
    cast(scope, ids, len(ids), chair=["王建国"])
    with pytest.raises(InvalidInput, match="等于本村登记参加选举的村民人数16"):
        nomination.record_ballot(scope, ballot(ids, chair=["李强"]))


def test_undo_takes_back_the_last_ballot_only(jiangxi):
    scope, ids = jiangxi
    nomination.record_ballot(scope, ballot(ids, chair=["王建国"]))
    nomination.record_ballot(scope, ballot(ids, chair=["李强"]))
    assert nomination.undo_last_ballot(scope) == 2
    assert votes(scope, Office.CHAIR) == [("王建国", 1, 1)]
    assert nomination.record_ballot(scope, ballot(ids, chair=["李强"])).serial == 2


def test_a_blank_ballot_and_an_office_without_seats_are_refused(session, jiangxi):
    scope, ids = jiangxi
    with pytest.raises(InvalidInput, match="没有填写被提名人"):
        nomination.record_ballot(scope, BallotInput({}))
    scope.election.vc_vice_chairs = 0
    with pytest.raises(InvalidInput, match="本届不设副主任职位"):
        nomination.record_ballot(scope, ballot(ids, vice=["李强"]))


def test_the_roll_answers_a_name_then_an_id_fragment_for_namesakes(session, jiangxi):
    scope, ids = jiangxi
    twin = add_person(session, scope.election, "张伟", "男", 77)
    roll = nomination.roll(scope)
    assert [e.name for e in roll.lookup("张")][:2] == ["张伟", "张伟"]
    both = roll.lookup("张伟")
    assert len(both) == 2 and roll.namesakes(both[0]) == 2
    fragment = twin.id_number[-6:-2]
    assert [e.voter_id for e in roll.lookup(f"张伟 {fragment}")] == [twin.id]
    assert [e.voter_id for e in roll.lookup(f"张伟{fragment}")] == [twin.id]
    assert [e.voter_id for e in roll.lookup(twin.id_number)] == [twin.id]
    assert roll.lookup("欧阳") == []


def test_the_roll_takes_a_full_name_only_and_shows_namesakes_without_the_full_id(session, jiangxi):
    scope, ids = jiangxi
    twin = add_person(session, scope.election, "张伟", "男", 77)
    add_person(session, scope.election, "张伟民", "男", 78)
    roll = nomination.roll(scope)
    assert roll.unique("张伟") is None  # two voters of that name: a fragment must tell them apart
    assert roll.unique(f"张伟 {twin.id_number[-4:]}").voter_id == twin.id
    assert roll.unique("张伟民").name == "张伟民"
    assert roll.unique("王建") is None  # it only begins 王建国: picked from the list, never guessed
    assert roll.unique("王建国").voter_id == ids["王建国"]
    label = next(e for e in roll.entries if e.voter_id == twin.id).label
    assert twin.id_number not in label and label.endswith(twin.id_number[-4:]) and "*" in label


def test_ranking_shows_ties_with_a_shared_rank(jiangxi):
    scope, ids = jiangxi
    cast(scope, ids, 3, chair=["王建国"])
    cast(scope, ids, 2, chair=["李强"])
    cast(scope, ids, 2, chair=["张伟"])
    cast(scope, ids, 1, chair=["刘洋"])
    rows = nomination.ranking(scope)[Office.CHAIR]
    assert [(r.name, r.votes, r.rank, r.tied) for r in rows] == [
        ("王建国", 3, 1, False), ("李强", 2, 2, True), ("张伟", 2, 2, True), ("刘洋", 1, 4, False)]


# --- totals from tally sheets -------------------------------------------------------------------

def test_totals_are_checked_against_the_roll_and_the_nominators(session):
    election, ids = village(session)
    scope = scope_of(session, election)
    with pytest.raises(InvalidInput) as refused:
        nomination.set_nomination(scope, HELD, nomination.TOTALS, 17)
    assert "超过本村登记参加选举的村民16人" in str(refused.value.errors["nominators"])
    nomination.set_nomination(scope, HELD, nomination.TOTALS, 10)
    with pytest.raises(InvalidInput, match="超过提名人数10人"):
        nomination.record_total(scope, Office.CHAIR, ids["王建国"], 11)
    nomination.record_total(scope, Office.CHAIR, ids["王建国"], 6)
    with pytest.raises(InvalidInput, match="超过提名人数10乘以应选1名"):  # GC-19: one name per ballot
        nomination.record_total(scope, Office.CHAIR, ids["李强"], 5)
    nomination.record_total(scope, Office.CHAIR, ids["李强"], 4)
    assert votes(scope, Office.CHAIR) == [("王建国", 6, 1), ("李强", 4, 2)]
    with pytest.raises(InvalidInput, match="不能再逐张录入"):
        nomination.record_ballot(scope, ballot(ids, chair=["张伟"]))


# --- candidates from the ranking (VC-13, GC-12) ------------------------------------------------

def nominate_usual(scope, ids):
    """主任: 王建国 5, 李强 3, 张伟 1; 副主任: 刘洋 4, 陈刚 2; 委员: 杨帆 6, 赵磊 5, 黄勇 4, 周强 3, 李娜 2."""
    cast(scope, ids, 1, chair=["王建国"], vice=["刘洋"], member=["杨帆", "赵磊", "黄勇"])
    cast(scope, ids, 1, chair=["王建国"], vice=["刘洋"], member=["杨帆", "赵磊", "黄勇"])
    cast(scope, ids, 1, chair=["王建国"], vice=["刘洋"], member=["杨帆", "赵磊", "黄勇"])
    cast(scope, ids, 1, chair=["李强"], vice=["刘洋"], member=["杨帆", "赵磊", "周强"])
    cast(scope, ids, 1, chair=["李强"], vice=["陈刚"], member=["杨帆", "赵磊", "周强"])
    cast(scope, ids, 1, chair=["李强"], vice=["陈刚"], member=["杨帆", "黄勇", "周强"])
    cast(scope, ids, 1, chair=["王建国"], member=["李娜"])
    cast(scope, ids, 1, chair=["王建国"], member=["李娜"])
    cast(scope, ids, 1, chair=["张伟"])


def test_gc12_chair_is_n_plus_one_and_members_need_the_committees_number(jiangxi):
    """Jiangxi (规程): 主任、副主任 n+1 fixed; 委员 n+1…n+3, the committee decides within it."""
    scope, ids = jiangxi
    nominate_usual(scope, ids)
    quotas = candidates.quotas(scope)
    assert (quotas[Office.CHAIR].low, quotas[Office.CHAIR].high, quotas[Office.CHAIR].target) == (2, 2, 2)
    assert (quotas[Office.MEMBER].low, quotas[Office.MEMBER].high, quotas[Office.MEMBER].target) == (4, 6, None)
    with pytest.raises(InvalidInput, match="尚未确定委员的候选人数"):
        candidates.determine(scope, DECIDED)
    for wrong in (3, 7):  # one below n+1, one above n+3
        with pytest.raises(InvalidInput, match="候选人数须为4～6人"):
            candidates.decide_quota(scope, Office.MEMBER, wrong, DECIDED)
    candidates.decide_quota(scope, Office.MEMBER, 6, DECIDED, "选举委员会第二次会议")  # n+3: the upper end
    candidates.decide_quota(scope, Office.MEMBER, 4, DECIDED)  # n+1: the lower end
    result = candidates.determine(scope, DECIDED)
    assert standing(scope, Office.CHAIR) == ["王建国", "李强"]
    assert standing(scope, Office.VICE_CHAIR) == ["刘洋", "陈刚"]
    assert standing(scope, Office.MEMBER) == ["杨帆", "赵磊", "黄勇", "周强", "李娜"]  # SD-25: 李娜 added
    assert result.woman_voter == ids["李娜"]
    assert all(c.nominated_on == HELD for c in candidates.current(scope))
    assert texts(candidates.check(scope)) == []


def test_gc12_a_tie_at_the_cut_off_is_taken_whole_while_the_range_allows(jiangxi):
    scope, ids = jiangxi
    cast(scope, ids, 2, member=["杨帆", "赵磊", "黄勇"])
    cast(scope, ids, 1, member=["周强", "吴刚", "李娜"])
    cast(scope, ids, 1, chair=["王建国", ], vice=["刘洋"])
    cast(scope, ids, 1, chair=["李强"], vice=["陈刚"])
    candidates.decide_quota(scope, Office.MEMBER, 4, DECIDED)
    result = candidates.determine(scope, DECIDED)
    assert result.widened == {Office.MEMBER: 2}  # 周强, 吴刚, 李娜 tied at 4th: all taken (6 ≤ n+3)
    assert standing(scope, Office.MEMBER) == ["杨帆", "赵磊", "黄勇", "李娜", "吴刚", "周强"]
    assert "已全部列为候选人" in texts(candidates.check(scope), Severity.NOTE)[0]


def test_gc12_a_tie_beyond_the_range_needs_a_further_nomination_vote(jiangxi):
    scope, ids = jiangxi
    cast(scope, ids, 3, chair=["王建国"], vice=["刘洋"], member=["杨帆", "赵磊", "李娜"])
    cast(scope, ids, 2, chair=["李强"], vice=["陈刚"], member=["黄勇"])
    cast(scope, ids, 2, chair=["张伟"])
    candidates.decide_quota(scope, Office.MEMBER, 4, DECIDED)
    result = candidates.determine(scope, DECIDED)
    assert [t.places for t in result.ties] == [1]  # 主任 n+1 = 2: 李强 and 张伟 tied for the last place
    assert standing(scope, Office.CHAIR) == ["王建国"]
    blockers = texts(candidates.check(scope))
    assert any("须在他们之间再次提名，取1人" in b for b in blockers)
    tied = {c.name: c.id for c in candidates.nominees(scope) if c.office == Office.CHAIR}
    candidates.record_tiebreak(scope, {tied["李强"]: 3, tied["张伟"]: 5}, DECIDED)
    assert standing(scope, Office.CHAIR) == ["王建国", "张伟"]
    assert not any("再次提名" in b for b in texts(candidates.check(scope)))


def test_a_person_chosen_for_two_offices_chooses_and_the_next_moves_up(jiangxi):
    scope, ids = jiangxi
    cast(scope, ids, 3, chair=["王建国"], vice=["王建国"], member=["杨帆", "赵磊", "李娜"])
    cast(scope, ids, 2, chair=["李强"], vice=["刘洋"], member=["黄勇"])
    cast(scope, ids, 1, vice=["陈刚"])
    candidates.decide_quota(scope, Office.MEMBER, 4, DECIDED)
    candidates.determine(scope, DECIDED)
    assert standing(scope, Office.VICE_CHAIR) == ["王建国", "刘洋"]
    assert any("同时被确定为主任、副主任候选人" in b for b in texts(candidates.check(scope)))
    candidates.choose_office(scope, ids["王建国"], Office.CHAIR, DECIDED)
    assert standing(scope, Office.VICE_CHAIR) == ["刘洋", "陈刚"]
    declined = next(c for c in candidates.nominees(scope) if c.status == "declined")
    assert (declined.name, declined.office, declined.status_reason) == ("王建国", Office.VICE_CHAIR,
                                                                         "本人选择参加主任候选")
    assert texts(candidates.check(scope)) == []


def test_ballots_changed_after_the_choice_ask_for_a_new_choice(jiangxi):
    scope, ids = jiangxi
    nominate_usual(scope, ids)
    candidates.decide_quota(scope, Office.MEMBER, 4, DECIDED)
    candidates.determine(scope, DECIDED)
    nomination.record_ballot(scope, ballot(ids, chair=["张伟"]))
    assert any("须重新确定候选人" in b for b in texts(candidates.check(scope)))
    candidates.determine(scope, DECIDED)
    assert texts(candidates.check(scope)) == []


# --- SD-25: a woman among the candidates ---------------------------------------------------------

def test_sd25_the_woman_with_most_votes_takes_the_last_place_where_the_profile_says_so(session):
    election, ids = village(session)
    profile = open_scope(session, election).profile
    profile = profile.with_setting("woman_candidate_method", Setting("last_place", "测试", False))
    scope = scope_of(session, election, profile)
    nomination.set_nomination(scope, HELD, nomination.BALLOTS)
    nominate_usual(scope, ids)
    cast(scope, ids, 1, chair=["王芳"])  # a woman with one vote for 主任, fewer than 李娜's two
    candidates.decide_quota(scope, Office.MEMBER, 4, DECIDED)
    result = candidates.determine(scope, DECIDED)
    assert standing(scope, Office.MEMBER) == ["杨帆", "赵磊", "黄勇", "李娜"]  # 周强 gives way
    assert result.woman_replaces is not None
    assert next(c for c in candidates.current(scope) if c.name == "李娜").women_seat


def test_sd25_a_woman_nominated_only_for_chair_is_added_as_a_member_candidate(jiangxi):
    scope, ids = jiangxi
    cast(scope, ids, 3, chair=["王芳"])
    cast(scope, ids, 4, chair=["王建国"], vice=["刘洋"], member=["杨帆", "赵磊", "黄勇"])
    cast(scope, ids, 4, chair=["李强"], vice=["陈刚"], member=["周强"])
    candidates.decide_quota(scope, Office.MEMBER, 4, DECIDED)
    candidates.determine(scope, DECIDED)
    woman = next(c for c in candidates.current(scope) if c.name == "王芳")
    assert (woman.office, woman.votes, woman.women_seat) == (Office.MEMBER, 0, True)
    assert standing(scope, Office.CHAIR) == ["王建国", "李强"]


def test_sd25_no_woman_nominated_is_a_warning(session):
    election, ids = village(session, women=False)
    scope = scope_of(session, election)
    nomination.set_nomination(scope, HELD, nomination.BALLOTS)
    cast(scope, ids, 2, chair=["王建国"], vice=["刘洋"], member=["杨帆", "赵磊", "黄勇"])
    cast(scope, ids, 1, chair=["李强"], vice=["陈刚"], member=["周强"])
    candidates.decide_quota(scope, Office.MEMBER, 4, DECIDED)
    candidates.determine(scope, DECIDED)
    assert any("被提名人中没有妇女" in w for w in texts(candidates.check(scope), Severity.WARNING))


# --- leaving the list: PV-05, SD-40, VC-13 ------------------------------------------------------

@pytest.fixture
def zhejiang(session):
    """Zhejiang: written withdrawals up to 3 days before the vote (20 December) are filled."""
    election, ids = village(session, "zhejiang_2020")
    scope = open_scope(session, election, today=date(2026, 12, 19))
    nomination.set_nomination(scope, HELD, nomination.BALLOTS)
    nominate_usual(scope, ids)
    for office, number in ((Office.CHAIR, 2), (Office.VICE_CHAIR, 2), (Office.MEMBER, 4)):
        candidates.decide_quota(scope, office, number, DECIDED)
    candidates.determine(scope, DECIDED)
    return scope, ids


def by_name(scope, name, office):
    return next(c for c in candidates.nominees(scope) if c.name == name and c.office == office)


def test_pv05_a_withdrawal_on_the_deadline_is_filled_from_the_ranking(zhejiang):
    scope, ids = zhejiang
    assert candidates.withdrawal_deadline(scope) == date(2026, 12, 17)
    with pytest.raises(InvalidInput, match="书面提出"):
        candidates.withdraw(scope, by_name(scope, "李强", Office.CHAIR).id, date(2026, 12, 17), False)
    change = candidates.withdraw(scope, by_name(scope, "李强", Office.CHAIR).id, date(2026, 12, 17), True)
    assert change.filled
    assert standing(scope, Office.CHAIR) == ["王建国", "张伟"]
    assert candidates.changes(scope)[0].replacement == "张伟"


def test_pv05_a_withdrawal_after_the_deadline_is_recorded_but_not_filled(zhejiang):
    scope, ids = zhejiang
    change = candidates.withdraw(scope, by_name(scope, "周强", Office.MEMBER).id, date(2026, 12, 18), True)
    assert not change.filled and change.replacement_id is None
    assert standing(scope, Office.MEMBER) == ["杨帆", "赵磊", "黄勇", "李娜"]
    assert texts(candidates.check(scope)) == []  # 4 candidates for 3 seats: still contested


def test_vc13_a_late_withdrawal_that_leaves_no_margin_blocks(zhejiang):
    scope, ids = zhejiang
    candidates.withdraw(scope, by_name(scope, "李强", Office.CHAIR).id, date(2026, 12, 18), True)
    assert standing(scope, Office.CHAIR) == ["王建国"]
    assert any("主任应选1名，候选人只有1人，不能实行差额选举" in b for b in texts(candidates.check(scope)))


def test_sd40_disqualify_moves_the_next_up_and_confirm_makes_a_formal_candidate(jiangxi):
    scope, ids = jiangxi
    nominate_usual(scope, ids)
    candidates.decide_quota(scope, Office.MEMBER, 4, DECIDED)
    candidates.determine(scope, DECIDED)
    moved = candidates.disqualify(scope, by_name(scope, "李强", Office.CHAIR).id, "近3年受过刑事处罚", DECIDED)
    assert moved.name == "张伟" and moved.status == "candidate" and moved.nominated_on == HELD
    assert by_name(scope, "李强", Office.CHAIR).status == "disqualified"
    candidates.confirm(scope, by_name(scope, "王建国", Office.CHAIR).id, DECIDED)
    with pytest.raises(InvalidInput, match="不是候选人"):
        candidates.confirm(scope, by_name(scope, "李强", Office.CHAIR).id, DECIDED)
    record = next(c for c in candidates.current(scope) if c.name == "王建国")
    assert (record.status, record.office, record.votes, record.sex) == ("formal", Office.CHAIR, 5, "男")
    assert record.id_number and record.voter_id == ids["王建国"]
