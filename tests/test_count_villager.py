"""The villager committee's count (workflows/count): every boundary of VC-15, VC-16, VC-17,
GC-15, PV-10, PV-12, the women's seat (VC-02, GC-18) and one ballot's validity (GC-14, PV-09)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workflows.core.policy import RulesProfile, Setting
from workflows.count.ballots import Ballot, ballots_cast, read_ballot
from workflows.count.results import Candidate, Contest, RoundFacts
from workflows.count.round import count_round

NATIONAL = RulesProfile.from_preset("national")
ZHEJIANG = RulesProfile.from_preset("zhejiang_2020")  # tie_revote, two posts on a ballot void
BEIJING = RulesProfile.from_preset("beijing")  # tie_revote, vacancy ≥4 with the chair, spoiled counted


def contest(office: str, seats: int, *votes: int, women: tuple[int, ...] = (), names=None) -> Contest:
    names = names or [f"{office}{i + 1}" for i in range(len(votes))]
    return Contest(office, seats, tuple(Candidate(n, v, i in women) for i, (n, v) in enumerate(zip(names, votes,
                                                                                                 strict=True))))


def first(*contests: Contest, registered=800, voters=600, profile=NATIONAL, **facts):
    return count_round(RoundFacts("villager", "first", registered, voters, contests=contests, **facts), profile)


def runoff(*contests: Contest, ballots_cast=300, profile=NATIONAL, **facts):
    return count_round(RoundFacts("villager", "runoff", ballots_cast=ballots_cast, contests=contests, **facts),
                       profile)


def result(tally, office: str) -> dict:
    return next(c for c in tally.as_dict()["contests"] if c["office"] == office)


def reasons(tally) -> str:
    return "\n".join(tally.as_dict()["reasons"])


def with_value(profile: RulesProfile, key: str, value) -> RulesProfile:
    return profile.with_setting(key, Setting(value, "测试", False))


# --- VC-16: more than half of those who voted ------------------------------------------------

@pytest.mark.parametrize(("voters", "votes", "elected"), [
    (400, 200, False), (400, 201, True),  # even: exactly half is not elected
    (401, 200, False), (401, 201, True),  # odd: 2·201 = 402 > 401
    (1, 1, True), (2, 1, False),
])
def test_vc16_elected_needs_strictly_more_than_half_of_those_who_voted(voters, votes, elected):
    tally = first(contest("主任", 1, votes, voters - votes), registered=voters, voters=voters)
    assert tally.valid
    assert (result(tally, "主任")["elected"] == ["主任1"]) is elected
    assert "VC-16" in reasons(tally)


def test_vc16_base_follows_the_profile_when_it_is_ballots_cast():
    profile = with_value(NATIONAL, "vc_elected_threshold",
                         {"num": 1, "den": 2, "comparison": "gt", "base": "ballots_cast"})
    tally = first(contest("主任", 1, 201, 150), voters=410, ballots_cast=400, profile=profile)
    assert result(tally, "主任")["elected"] == ["主任1"]  # 201 of 400 cast, though not of 410 voters


def test_vc16_more_passing_than_seats_go_by_votes():
    tally = first(contest("委员", 2, 320, 400, 350, 100), voters=600)
    assert result(tally, "委员")["elected"] == ["委员2", "委员3"]
    assert result(tally, "委员")["unfilled"] == 0


# --- VC-15: more than half of the registered voted; GC-15: ballots returned ------------------

@pytest.mark.parametrize(("registered", "voters", "valid"), [
    (600, 300, False), (600, 301, True), (601, 300, False), (601, 301, True)])
def test_vc15_turnout_of_exactly_half_is_invalid(registered, voters, valid):
    tally = first(contest("主任", 1, voters, 0), registered=registered, voters=voters)
    assert tally.valid is valid
    assert "VC-15" in reasons(tally)
    if not valid:
        assert result(tally, "主任") == {"office": "主任", "elected": [], "unfilled": 1,
                                        "tie_revote_among": [], "runoff_candidates": []}


@pytest.mark.parametrize(("returned", "valid"), [(500, True), (501, False)])
def test_gc15_ballots_returned_equal_to_voters_valid_one_more_void(returned, valid):
    tally = first(contest("主任", 1, 400, 90), voters=500, returned=returned)
    assert tally.valid is valid
    assert "GC-15" in reasons(tally)
    assert result(tally, "主任")["elected"] == (["主任1"] if valid else [])


def test_gc15_the_profile_may_compare_with_ballots_issued_and_the_other_number_is_a_hint():
    profile = with_value(NATIONAL, "ballots_returned_base", "issued")
    tally = first(contest("主任", 1, 400, 90), voters=500, issued=510, returned=505, profile=profile)
    assert tally.valid
    assert "多于投票人数500人；本规则配置以发出选票为准" in reasons(tally)
    assert not first(contest("主任", 1, 400, 90), voters=500, issued=504, returned=505, profile=profile).valid


def test_gc15_issued_base_without_issued_compares_with_voters():
    profile = with_value(NATIONAL, "ballots_returned_base", "issued")
    assert not first(contest("主任", 1, 400, 90), voters=500, returned=501, profile=profile).valid


# --- PV-10: a tie across the last seat ---------------------------------------------------------

def test_pv10_a_tie_at_the_last_seat_is_a_revote_among_the_tied_where_the_profile_says_so():
    tally = first(contest("委员", 3, 500, 400, 350, 350, 350, 100), profile=ZHEJIANG)
    member = result(tally, "委员")
    assert member["elected"] == ["委员1", "委员2"]
    assert member["tie_revote_among"] == ["委员3", "委员4", "委员5"]
    assert member["unfilled"] == 1 and member["runoff_candidates"] == []
    assert "PV-10" in reasons(tally)


def test_pv10_without_the_revote_rule_the_tied_lead_the_runoff_for_the_short_seat():
    member = result(first(contest("委员", 3, 500, 400, 350, 350, 350, 100)), "委员")
    assert member["elected"] == ["委员1", "委员2"] and member["tie_revote_among"] == []
    assert member["unfilled"] == 1 and member["runoff_candidates"] == ["委员3", "委员4", "委员5"]


def test_pv10_a_tie_that_fits_the_seats_elects_everyone_tied():
    member = result(first(contest("委员", 3, 500, 350, 350, 100), profile=ZHEJIANG), "委员")
    assert member["elected"] == ["委员1", "委员2", "委员3"] and member["tie_revote_among"] == []


def test_pv10_two_people_with_one_name_are_told_apart_by_list_order():
    tally = first(contest("委员", 1, 350, 350, names=["王芳", "王芳"]), profile=ZHEJIANG)
    assert result(tally, "委员")["tie_revote_among"] == ["王芳", "王芳"]
    tally = first(contest("委员", 2, 350, 320, 10, names=["王芳", "李明", "王芳"]))
    assert result(tally, "委员")["elected"] == ["王芳", "李明"]


# --- One person elected to two offices ---------------------------------------------------------

def test_one_person_elected_to_two_offices_keeps_the_higher_and_the_other_seat_is_short():
    chair = Contest("主任", 1, (Candidate("张三", 400), Candidate("李四", 190)))
    member = Contest("委员", 2, (Candidate("张三", 420), Candidate("王五", 380), Candidate("赵六", 250),
                               Candidate("钱七", 200)))
    tally = first(chair, member)
    assert result(tally, "主任")["elected"] == ["张三"]
    assert result(tally, "委员")["elected"] == ["王五"]
    assert result(tally, "委员")["unfilled"] == 1
    assert result(tally, "委员")["runoff_candidates"] == ["赵六", "钱七"]  # 张三 stands no more
    assert "按较高的职务主任当选" in reasons(tally)


def test_an_id_tells_two_people_of_one_name_in_two_offices_apart():
    chair = Contest("主任", 1, (Candidate("张三", 400, person="1"),))
    member = Contest("委员", 1, (Candidate("张三", 420, person="2"),))
    assert result(first(chair, member), "委员")["elected"] == ["张三"]


def test_a_person_elected_higher_leaves_a_tie_and_the_rest_fit():
    chair = Contest("主任", 1, (Candidate("张三", 400),))
    member = Contest("委员", 1, (Candidate("张三", 350), Candidate("王五", 350)))
    assert result(first(chair, member, profile=ZHEJIANG), "委员")["elected"] == ["王五"]


# --- VC-17: the 另行选举 --------------------------------------------------------------------------

@pytest.mark.parametrize(("cast", "votes", "elected"), [
    (300, 100, True), (300, 99, False),  # exactly one third is enough (不少于)
    (301, 100, False), (301, 101, True), (302, 101, True), (302, 100, False)])
def test_vc17_runoff_needs_at_least_a_third_of_ballots_cast(cast, votes, elected):
    tally = runoff(contest("委员", 1, votes, votes - 1 if votes else 0), ballots_cast=cast)
    assert (result(tally, "委员")["elected"] == ["委员1"]) is elected
    assert "VC-17" in reasons(tally)


def test_vc17_runoff_elects_by_most_votes():
    tally = runoff(contest("委员", 2, 120, 150, 110), ballots_cast=300)
    assert result(tally, "委员")["elected"] == ["委员2", "委员1"]


def test_vc17_runoff_candidates_are_unfilled_plus_one_with_all_tied_at_the_cut_off():
    member = result(first(contest("委员", 3, 400, 290, 280, 280, 100), voters=600), "委员")
    assert member["elected"] == ["委员1"] and member["unfilled"] == 2
    assert member["runoff_candidates"] == ["委员2", "委员3", "委员4"]
    member = result(first(contest("委员", 2, 400, 290, 280, 280, 100), voters=600), "委员")
    assert member["runoff_candidates"] == ["委员2", "委员3", "委员4"]  # 1 + 1, and the tie at 280


def test_vc17_the_number_of_runoff_candidates_comes_from_the_profile():
    profile = with_value(NATIONAL, "vc_runoff_candidates_extra", 2)
    member = result(first(contest("委员", 3, 400, 290, 280, 270, 260, 100), voters=600, profile=profile), "委员")
    assert member["unfilled"] == 2 and member["runoff_candidates"] == ["委员2", "委员3", "委员4", "委员5"]


def test_vc17_too_few_unelected_all_stand():
    member = result(first(contest("委员", 3, 400, 100)), "委员")
    assert member["unfilled"] == 2 and member["runoff_candidates"] == ["委员2"]


def test_pv10_a_tie_in_the_runoff():
    tied = runoff(contest("委员", 1, 120, 120, 60), profile=ZHEJIANG)
    assert result(tied, "委员")["tie_revote_among"] == ["委员1", "委员2"]
    assert result(runoff(contest("委员", 1, 120, 120, 60)), "委员")["unfilled"] == 1


def test_vc17_runoff_base_may_be_the_voters_by_profile():
    profile = with_value(NATIONAL, "vc_runoff_threshold",
                         {"num": 1, "den": 3, "comparison": "ge", "base": "voters"})
    tally = count_round(RoundFacts("villager", "runoff", voters=330, ballots_cast=300,
                                   contests=(contest("委员", 1, 105, 90),)), profile)
    assert result(tally, "委员")["elected"] == []  # 105 < 330 / 3


def test_vc15_applies_to_the_runoff_when_the_registered_are_given():
    tally = runoff(contest("委员", 1, 200), registered=1000, voters=400, ballots_cast=400)
    assert not tally.valid and "VC-15" in reasons(tally)


# --- PV-12: seats still short after the 另行选举 -------------------------------------------------

def test_pv12_vacancy_needs_the_number_elected_and_the_chair_by_profile():
    short = contest("委员", 2, 150, 60, 50)
    assert "不足名额可以空缺" in reasons(runoff(short, profile=BEIJING, elected_before=3, chair_elected=True))
    assert "不能空缺" in reasons(runoff(short, profile=BEIJING, elected_before=3, chair_elected=False))
    assert "不能空缺" in reasons(runoff(short, profile=BEIJING, elected_before=2, chair_elected=True))
    assert "本规则配置未作规定（PV-12）" in reasons(runoff(short))


# --- VC-02, GC-18: the women's seat -------------------------------------------------------------

def test_gc18_reserved_the_woman_over_the_threshold_takes_the_seat_of_the_lowest_member():
    tally = first(contest("委员", 3, 500, 450, 400, 350, women=(3,)), women_seat="reserved")
    member = result(tally, "委员")
    assert sorted(member["elected"]) == ["委员1", "委员2", "委员4"] and member["unfilled"] == 0
    assert "委员3因此让出名额" in reasons(tally)


def test_gc18_reserved_without_a_woman_over_the_threshold_the_seat_goes_to_the_runoff():
    tally = first(contest("委员", 3, 500, 450, 400, 250, 200, women=(3, 4)), women_seat="reserved")
    assert result(tally, "委员")["elected"] == ["委员1", "委员2"]
    assert result(tally, "妇女委员") == {"office": "妇女委员", "elected": [], "unfilled": 1, "tie_revote_among": [],
                                      "runoff_candidates": ["委员4", "委员5"]}


def test_gc18_runoff_form_is_a_separate_womens_seat_in_the_runoff():
    tally = first(contest("委员", 3, 500, 450, 400, 350, 100, women=(3, 4)))  # the default form
    assert result(tally, "委员")["elected"] == ["委员1", "委员2"]
    assert result(tally, "委员")["unfilled"] == 0
    assert result(tally, "妇女委员")["runoff_candidates"] == ["委员4", "委员5"]
    assert "单列为妇女委员职位" in reasons(tally) and "GC-18" in reasons(tally)


def test_gc18_the_form_comes_from_the_profile_when_the_round_does_not_say():
    profile = with_value(NATIONAL, "vc_women_seat_form", "reserved")
    tally = first(contest("委员", 3, 500, 450, 400, 350, women=(3,)), profile=profile)
    assert sorted(result(tally, "委员")["elected"]) == ["委员1", "委员2", "委员4"]
    off = first(contest("委员", 3, 500, 450, 400, 350, women=(3,)), profile=with_value(NATIONAL, "vc_women_seat_form",
                                                                                 "none"))
    assert result(off, "委员")["elected"] == ["委员1", "委员2", "委员3"]


def test_gc18_nothing_changes_when_a_woman_is_elected_or_none_is_marked():
    plain = first(contest("委员", 2, 500, 450, 400))
    assert result(plain, "委员")["elected"] == ["委员1", "委员2"]
    assert "候选人中没有标明妇女" in reasons(plain)
    woman_chair = first(contest("主任", 1, 500, 90, women=(0,)), contest("委员", 2, 500, 450, 400, women=(2,)))
    assert result(woman_chair, "委员")["elected"] == ["委员1", "委员2"]
    assert len(woman_chair.outcomes) == 2


def test_gc18_the_womens_seat_of_a_runoff_elects_only_women():
    seat = Contest("妇女委员", 1, (Candidate("孙八", 90, True), Candidate("周九", 120, True)))
    assert result(runoff(seat), "妇女委员")["elected"] == ["周九"]


# --- GC-14, PV-09, PT-12: one ballot; 已投选票总数 ------------------------------------------------

SEATS = {"主任": 1, "委员": 2}


def test_gc14_more_marks_than_seats_void_that_office_only():
    reading = read_ballot(Ballot({"主任": ("甲",), "委员": ("乙", "丙", "丁")}), SEATS, NATIONAL)
    assert not reading.void and reading.counted == {"主任": ("甲",)}
    assert "GC-14" in str(reading.reasons[0])


def test_gc14_an_unreadable_part_is_invalid_the_rest_counts():
    reading = read_ballot(Ballot({"委员": ("乙", None)}), SEATS, NATIONAL)
    assert reading.counted == {"委员": ("乙",)}


def test_pv09_one_person_in_two_offices_voids_the_ballot_where_the_profile_says_so():
    ballot = Ballot({"主任": ("甲",), "委员": ("甲", "乙")})
    assert read_ballot(ballot, SEATS, ZHEJIANG).void
    assert read_ballot(ballot, SEATS, NATIONAL).counted == {"主任": ("甲",), "委员": ("甲", "乙")}


def test_pt12_a_marked_paper_is_void():
    assert read_ballot(Ballot({"主任": ("甲",)}, marked_paper=True), SEATS, NATIONAL).void


def test_pv09_void_ballots_count_in_ballots_cast_where_the_profile_says_so():
    assert ballots_cast(300, 5, BEIJING) == 300
    assert ballots_cast(300, 5, NATIONAL) == 295
    with pytest.raises(ValueError):
        ballots_cast(3, 5, NATIONAL)


def test_the_round_facts_are_plain_data():
    facts = RoundFacts("villager", contests=(contest("主任", 1, 3),))
    assert replace(facts, voters=5).voters == 5


def test_gc18_reserved_women_tied_for_the_seat_revote_where_the_profile_says_so():
    member = contest("委员", 3, 300, 290, 280, 260, 260, women=(3, 4))
    tally = first(member, voters=500, profile=ZHEJIANG, women_seat="reserved")
    assert result(tally, "委员")["elected"] == ["委员1", "委员2"]
    assert result(tally, "妇女委员")["tie_revote_among"] == ["委员4", "委员5"]
    national = first(member, voters=500, women_seat="reserved")
    assert result(national, "妇女委员")["runoff_candidates"] == ["委员4", "委员5"]


# --- PV-13: close relatives among the elected (浙江办法第31条; 上海办法第2条) ----------------------

SPOUSES = (("张三", "李梅", "李梅是张三的配偶"),)


def test_pv13_of_two_relatives_the_higher_office_serves_and_the_next_over_half_succeeds():
    """浙江第31条: 保留职务最高者; 因回避出缺的, 按得票过半数的顺序依次递补."""
    chair = Contest("主任", 1, (Candidate("张三", 400), Candidate("王五", 150)))
    member = Contest("委员", 2, (Candidate("李梅", 450), Candidate("赵六", 380), Candidate("钱七", 320),
                               Candidate("孙八", 290)))
    tally = first(chair, member, relatives=SPOUSES)
    assert result(tally, "主任")["elected"] == ["张三"]
    assert result(tally, "委员")["elected"] == ["赵六", "钱七"]  # 钱七 (320 of 600 > half) succeeds 李梅
    assert "李梅与张三是近亲属（李梅是张三的配偶），当选人之间应当回避：张三职务较高" in reasons(tally)
    assert "由得票达到当选票数的钱七依次递补（PV-13）" in reasons(tally)


def test_pv13_in_one_office_more_votes_serves_and_nobody_over_half_leaves_the_seat_short():
    member = Contest("委员", 2, (Candidate("张三", 420), Candidate("李梅", 380), Candidate("赵六", 300)))
    tally = first(member, relatives=SPOUSES)  # 赵六 has exactly half of 600: no successor
    assert result(tally, "委员")["elected"] == ["张三"]
    assert result(tally, "委员")["unfilled"] == 1
    assert result(tally, "委员")["runoff_candidates"] == ["赵六"]  # 李梅 could not serve beside 张三
    assert "张三得票较多" in reasons(tally) and "名额空缺（PV-13）" in reasons(tally)


def test_pv13_equal_votes_in_one_office_go_to_a_revote_between_the_two():
    member = Contest("委员", 2, (Candidate("张三", 400), Candidate("李梅", 400), Candidate("赵六", 200)))
    tally = first(member, relatives=SPOUSES, profile=ZHEJIANG)
    assert result(tally, "委员")["elected"] == []
    assert result(tally, "委员")["tie_revote_among"] == ["张三", "李梅"]
    assert "须就二人再次投票" in reasons(tally)


def test_pv13_relatives_the_profile_does_not_name_or_not_both_elected_change_nothing():
    member = Contest("委员", 2, (Candidate("张三", 420), Candidate("李梅", 380), Candidate("赵六", 320)))
    assert result(first(member), "委员")["elected"] == ["张三", "李梅"]
    loser = Contest("委员", 2, (Candidate("张三", 420), Candidate("赵六", 380), Candidate("李梅", 320)))
    assert result(first(loser, relatives=SPOUSES), "委员")["elected"] == ["张三", "赵六"]
    assert "PV-13" not in reasons(first(loser, relatives=SPOUSES))


def test_pv13_a_successor_related_to_someone_serving_is_passed_over():
    member = Contest("委员", 2, (Candidate("张三", 420), Candidate("李梅", 380), Candidate("李华", 360),
                               Candidate("赵六", 340)))
    family = SPOUSES + (("张三", "李华", "李华是张三的子女"),)
    tally = first(member, relatives=family)
    assert result(tally, "委员")["elected"] == ["张三", "赵六"]


def test_pv13_vc02_the_only_woman_giving_way_turns_the_empty_seat_into_the_womens_seat():
    """PV-13 then VC-02/GC-18: 李梅 gives way to her husband the 主任, nobody else passed half,
    no woman is left — the empty 委员 seat is elected as a women's seat in the 另行选举."""
    chair = Contest("主任", 1, (Candidate("张三", 400),))
    member = Contest("委员", 2, (Candidate("李梅", 450, True), Candidate("赵六", 380), Candidate("钱七", 200),
                               Candidate("周九", 150, True)))
    tally = first(chair, member, relatives=SPOUSES)
    assert result(tally, "委员")["elected"] == ["赵六"] and result(tally, "委员")["unfilled"] == 0
    women = result(tally, "妇女委员")
    assert women["unfilled"] == 1 and women["runoff_candidates"] == ["周九"]  # 李梅 could not serve
    assert "空缺的1个委员名额单列为妇女委员职位" in reasons(tally)


def test_pv13_a_man_succeeding_a_woman_who_gave_way_is_said_to_need_the_township():
    chair = Contest("主任", 1, (Candidate("张三", 400),))
    member = Contest("委员", 2, (Candidate("李梅", 450, True), Candidate("赵六", 380), Candidate("钱七", 320)))
    tally = first(chair, member, relatives=SPOUSES)
    assert result(tally, "委员")["elected"] == ["赵六", "钱七"]
    assert "请报乡镇指导（VC-02、PV-13）" in reasons(tally)


# --- PV-10: the re-vote among the tied is decided by most votes, without the ⅓ threshold ----------

def test_pv10_a_revote_among_the_tied_elects_the_most_votes_even_below_a_third():
    """浙江办法第28条: 就票数相等的候选人再次投票，以得票多的当选 — no threshold, unlike VC-17."""
    tied = Contest("委员", 1, (Candidate("赵六", 90), Candidate("钱七", 80)), tie_revote=True)
    tally = runoff(tied, ballots_cast=300)  # 90 < 100 = ⅓ of 300
    assert result(tally, "委员")["elected"] == ["赵六"]
    assert "就票数相等者再次投票" in reasons(tally) and "PV-10" in reasons(tally)
    short = Contest("委员", 1, (Candidate("赵六", 90), Candidate("钱七", 80)))
    assert result(runoff(short, ballots_cast=300), "委员")["elected"] == []  # a 另行选举 needs ⅓ (VC-17)


def test_pv10_a_revote_tied_again_is_tied_again():
    tied = Contest("委员", 1, (Candidate("赵六", 90), Candidate("钱七", 90)), tie_revote=True)
    assert result(runoff(tied, profile=ZHEJIANG), "委员")["tie_revote_among"] == ["赵六", "钱七"]
