"""The village Party organisation's count (workflows/count/party.py): PT-08 attendance with
超过 / 不少于, PT-11 ballots returned, PT-13 majority and its base, PT-14 over-full and ties,
PT-15 no filling from below half, PT-18/PT-19 officers 等额."""

from __future__ import annotations

import pytest

from workflows.core.policy import RulesProfile, Setting
from workflows.count.results import Candidate, Contest, RoundFacts
from workflows.count.round import count_round

NATIONAL = RulesProfile.from_preset("national")


def contest(office: str, seats: int, *votes: int) -> Contest:
    return Contest(office, seats, tuple(Candidate(f"党员{i + 1}", v) for i, v in enumerate(votes)))


def meeting(*contests: Contest, expected=50, attended=45, profile=NATIONAL, **facts):
    return count_round(RoundFacts("party", expected=expected, attended=attended, contests=contests, **facts),
                       profile)


def committee(tally) -> dict:
    return tally.as_dict()["contests"][0]


def reasons(tally) -> str:
    return "\n".join(tally.as_dict()["reasons"])


def with_value(key: str, value) -> RulesProfile:
    return NATIONAL.with_setting(key, Setting(value, "测试", False))


# --- PT-08: attendance ------------------------------------------------------------------------

@pytest.mark.parametrize(("expected", "attended", "over", "not_less"), [
    (50, 40, False, True),  # exactly 4/5: 超过 refuses, 不少于 accepts
    (50, 41, True, True),
    (50, 39, False, False),
    (51, 40, False, False),  # 4/5 of 51 is 40.8
    (51, 41, True, True),
    (5, 4, False, True),
])
def test_pt08_quorum_over_versus_not_less_than_four_fifths(expected, attended, over, not_less):
    seat = contest("委员会委员", 1, attended)
    assert meeting(seat, expected=expected, attended=attended).valid is over  # the profile: 超过
    assert meeting(seat, expected=expected, attended=attended, quorum="gt").valid is over
    assert meeting(seat, expected=expected, attended=attended, quorum="ge").valid is not_less
    ge = with_value("party_quorum", {"num": 4, "den": 5, "comparison": "ge", "base": "expected"})
    assert meeting(seat, expected=expected, attended=attended, profile=ge).valid is not_less
    assert "PT-08" in reasons(meeting(seat, expected=expected, attended=attended))


def test_pt08_an_invalid_meeting_elects_nobody():
    tally = meeting(contest("委员会委员", 3, 39, 39, 39, 10), expected=50, attended=39)
    assert committee(tally) == {"office": "委员会委员", "elected": [], "unfilled": 3, "tie_revote_among": [],
                                "runoff_candidates": []}
    assert "会议无效" in reasons(tally)


# --- PT-11: ballots returned ------------------------------------------------------------------

def test_pt11_both_numbers_checked_by_default():
    seat = contest("委员会委员", 1, 30)
    assert meeting(seat, issued=45, returned=45).valid
    assert not meeting(seat, issued=44, returned=45).valid  # more than issued
    assert not meeting(seat, attended=44, issued=46, returned=45).valid  # more than voted (attended)
    assert not meeting(seat, voters=44, issued=46, returned=45).valid


def test_pt11_issued_only_by_profile():
    profile = with_value("party_ballots_base", "issued")
    tally = meeting(contest("委员会委员", 1, 30), attended=44, issued=46, returned=45, profile=profile)
    assert tally.valid and "不作判定" in reasons(tally)


# --- PT-13: more than half of those present ---------------------------------------------------

@pytest.mark.parametrize(("attended", "yes", "elected"), [
    (40, 20, False), (40, 21, True), (41, 20, False), (41, 21, True), (45, 22, False), (45, 23, True)])
def test_pt13_exactly_half_is_not_elected(attended, yes, elected):
    tally = meeting(contest("委员会委员", 1, yes), expected=50, attended=attended, quorum="ge")
    assert tally.valid
    assert (committee(tally)["elected"] == ["党员1"]) is elected
    assert "PT-13" in reasons(tally)


def test_pt13_base_may_be_those_expected_by_profile():
    profile = with_value("party_elected", {"num": 1, "den": 2, "comparison": "gt", "base": "expected"})
    assert committee(meeting(contest("委员会委员", 1, 25), expected=50, attended=45, profile=profile))[
        "elected"] == []
    assert committee(meeting(contest("委员会委员", 1, 26), expected=50, attended=45, profile=profile))[
        "elected"] == ["党员1"]


# --- PT-14: more passing than seats -------------------------------------------------------------

def test_pt14_over_full_goes_by_votes():
    tally = meeting(contest("委员会委员", 3, 30, 40, 25, 35, 10))
    assert committee(tally)["elected"] == ["党员2", "党员4", "党员1"]
    assert committee(tally)["unfilled"] == 0


def test_pt14_a_tie_for_the_last_seat_is_a_revote_among_the_tied():
    tally = meeting(contest("委员会委员", 3, 40, 35, 30, 30, 30, 10))
    result = committee(tally)
    assert result["elected"] == ["党员1", "党员2"]
    assert result["tie_revote_among"] == ["党员3", "党员4", "党员5"]
    assert result["runoff_candidates"] == []
    assert "PT-14" in reasons(tally)


# --- PT-15: fewer passing than seats -------------------------------------------------------------

def test_pt15_no_filling_from_below_half_unfilled_and_the_next_step():
    tally = meeting(contest("委员会委员", 5, 40, 35, 30, 22, 22, 21), attended=45)  # 23 needed
    result = committee(tally)
    assert result["elected"] == ["党员1", "党员2", "党员3"]
    assert result["unfilled"] == 2 and result["runoff_candidates"] == []
    assert "不足2名" in reasons(tally) and "减少名额（PT-15）" in reasons(tally)


# --- PT-18, PT-19: the officers ---------------------------------------------------------------

def test_pt19_officers_elected_equal_number_by_the_committee():
    tally = meeting(contest("书记", 1, 4), contest("副书记", 1, 3), expected=5, attended=5)
    assert [c["elected"] for c in tally.as_dict()["contests"]] == [["党员1"], ["党员1"]]
    assert "PT-19" not in reasons(tally)


def test_pt19_officers_with_more_candidates_than_seats_are_flagged():
    tally = meeting(contest("书记", 1, 3, 2), expected=5, attended=5)
    assert "应等额选举" in reasons(tally) and "PT-19" in reasons(tally)
    assert committee(tally)["elected"] == ["党员1"]


def test_pt13_an_officer_without_a_majority_of_the_committee_is_not_elected():
    tally = meeting(contest("书记", 1, 2), expected=5, attended=4)
    assert committee(tally)["elected"] == [] and committee(tally)["unfilled"] == 1
