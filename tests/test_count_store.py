"""The stored count: rounds, boxes, check-in, void rounds and re-votes, official results
(issue 12 items 2 and 9; GC-15, PT-11, VC-19)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import AuditEvent, CountCandidate, CountCheckin, CountRound
from tests import count_data
from tests.vc_polling_data import voter_id
from workflows.core.errors import InvalidInput
from workflows.count import checkin, checks, double_entry, entry, official, rounds, totals
from workflows.count.rounds import BoxFigures, BoxInput, ContestInput, RoundInput


def _enter_agreed(scope, round_id, lines, box=0):
    """Both passes enter the same lines; the box is agreed."""
    for operator in ("计票员甲", "计票员乙"):
        entry_id = count_data.entry(scope, round_id, operator, box=box)
        for line in lines:
            entry.record_ballot(scope, entry_id, line)
        state = double_entry.submit_entry(scope, entry_id)
    assert state == "agreed"


def test_open_round_stores_contests_candidates_numbers_and_boxes(session):
    scope, round_id = count_data.setup(session)
    view = rounds.round_view(scope, round_id)
    assert [(c.office, c.seats) for c in view.contests] == [("主任", 1), ("副主任", 1), ("委员", 5)]
    assert [p.number for c in view.contests for p in c.candidates] == list(range(1, 12))
    assert view.candidate_by_number[3].name == "李娜" and view.candidate_by_number[3].female
    assert [b.name for b in view.boxes] == ["中心会场票箱"]
    assert rounds.rounds(scope, "villager")[0].label == "第1轮投票"


def test_open_round_refuses_an_office_twice_and_no_seats(session):
    scope, _round_id = count_data.setup(session)
    day = date(2026, 12, 6)
    with pytest.raises(InvalidInput) as twice:
        rounds.open_round(scope, RoundInput("villager", "first", day, (ContestInput("主任", 1),
                                                                          ContestInput("主任", 1))))
    assert "只列一次" in str(twice.value.errors["contests"])
    with pytest.raises(InvalidInput) as party_office:
        rounds.open_round(scope, RoundInput("party", "first", day, (ContestInput("主任", 1),)))
    assert "书记" in str(party_office.value.errors["contests"])


def test_gc15_returned_more_than_voters_voids_the_round_and_sets_up_a_revote(session):
    """GC-15: 收回选票 > 投票人数 — check F.101 names both fields; the paper says so; confirming
    records the round void with its reason and opens the re-vote with the same ballot."""
    scope, round_id = count_data.setup(session)
    lines = ["1 3 5 6 7 8 9"] * 9 + ["2 4 5 6 7 10 11"]
    _enter_agreed(scope, round_id, lines)
    box = count_data.box_of(scope, round_id)
    rounds.set_box_figures(scope, box, BoxFigures(ballots_issued=12, voters=9, ballots_returned=10))
    found = checks.open_checks(checks.check_round(scope, round_id))
    f101 = next(c for c in found if c.code == "F.101")
    assert f101.fields == ("收回选票数", "投票人数") and "GC-15" in str(f101.text)
    with pytest.raises(InvalidInput):
        official.confirm(scope, round_id, "赵磊")  # an open check blocks the confirmation
    checks.paper_says_so(scope, round_id, f101, "赵磊", "票箱内确有10张选票，与投票人数不符")
    assert checks.open_checks(checks.check_round(scope, round_id)) == []
    done = official.confirm(scope, round_id, "赵磊")
    assert not done.tally.valid
    old = session.get(CountRound, round_id)
    assert old.void and "GC-15" in old.void_reason and old.official_by == "赵磊"
    new = rounds.round_view(scope, done.revote_round_id)
    assert new.kind == "revote" and new.number == 2 and not new.void
    assert [p.name for c in new.contests for p in c.candidates] == [
        p.name for c in rounds.round_view(scope, round_id).contests for p in c.candidates]
    assert [b.name for b in new.boxes] == ["中心会场票箱"]
    with pytest.raises(InvalidInput):
        rounds.set_box_figures(scope, box, BoxFigures(12, 10, 10))  # the void round stays as recorded


def test_pt11_party_round_returned_more_than_issued_is_void(session):
    """PT-11: the Party meeting's ballots returned against those issued (profile: party_ballots_base)."""
    scope, _ = count_data.setup(session)
    contest = ContestInput("委员会委员", 3, tuple(rounds.CandidateInput(n) for n in ("甲", "乙", "丙", "丁")))
    round_id = rounds.open_round(scope, RoundInput("party", "first", date(2026, 12, 1), (contest,),
                                                   (BoxInput("党员大会票箱", "meeting"),), expected=20, attended=18))
    box = count_data.box_of(scope, round_id)
    rounds.set_box_figures(scope, box, BoxFigures(ballots_issued=16, voters=18, ballots_returned=17))
    found = [c.code for c in checks.check_box(scope, box)]
    assert "F.102" in found
    assert not totals.decide(scope, round_id).valid


def test_checkin_by_name_and_id_number_once_per_round(session):
    scope, round_id = count_data.setup(session)
    roll = checkin.load_roll(scope)
    box = count_data.box_of(scope, round_id)
    wang = roll.find("王建国")[0]
    assert {p.name for p in roll.find("王")} == {"王建国", "王小明"}
    assert roll.find(wang.id_number[-6:]) == [wang]
    assert roll.find(" ".join(wang.id_number)) == [wang]  # spaces typed between digits
    assert "*" in wang.label and wang.id_number not in wang.label
    checkin.check_in(scope, box, wang.id, roll)
    with pytest.raises(InvalidInput) as twice:
        checkin.check_in(scope, box, wang.id, roll)
    assert "已在中心会场票箱领取选票" in str(twice.value.errors["voter_id"])
    assert checkin.box_counts(scope, round_id) == {box: 1}


def test_vc19_a_principal_votes_only_through_the_proxy(session):
    scope, round_id = count_data.setup(session)
    principal, proxy = voter_id(scope, "郑涛"), voter_id(scope, "吴刚")
    roll = checkin.load_roll(scope, {principal: proxy})
    box = count_data.box_of(scope, round_id)
    with pytest.raises(InvalidInput) as himself:
        checkin.check_in(scope, box, principal, roll)
    assert "委托吴刚投票" in str(himself.value.errors["voter_id"])
    checkin.check_in(scope, box, proxy, roll)
    checkin.check_in(scope, box, principal, roll, proxy_voter_id=proxy)
    assert [p.name for p in roll.principals_of(proxy)] == ["郑涛"]
    stored = session.scalars(select(CountCheckin).where(CountCheckin.round_id == round_id)).all()
    assert {(c.voter_id, c.proxy_voter_id) for c in stored} == {(proxy, None), (principal, proxy)}
    rounds.set_box_figures(scope, box, BoxFigures(3, 3, 3))
    assert "F.103" in [c.code for c in checks.check_box(scope, box)]  # 2 check-ins, 3 voters


def test_official_confirm_and_revert_with_reason_audited(session):
    """Item 9: the chief supervisor confirms (name, time); reverting needs a reason, audited."""
    scope, round_id = count_data.setup(session, registered=12)
    lines = ["1 3 5 6 7 8 9"] * 8 + ["2 4 10 11"] * 2
    _enter_agreed(scope, round_id, lines)
    rounds.set_box_figures(scope, count_data.box_of(scope, round_id), BoxFigures(12, 10, 10))
    done = official.confirm(scope, round_id, "赵磊")
    assert done.tally.valid and done.revote_round_id is None
    assert [o["elected"] for o in done.tally.as_dict()["contests"]] == [
        ["王建国"], ["李娜"], ["陈静", "杨帆", "赵磊", "黄敏", "周强"]]
    assert official.is_official(scope, round_id)
    with pytest.raises(InvalidInput):
        double_entry.start_entry(scope, count_data.box_of(scope, round_id), "计票员丙")
    with pytest.raises(InvalidInput) as no_reason:
        official.revert(scope, round_id, "赵磊", " ")
    assert "理由" in str(no_reason.value.errors["reason"])
    official.revert(scope, round_id, "赵磊", "第3号票箱计票单抄错")
    assert not official.is_official(scope, round_id)
    assert session.get(CountRound, round_id).revert_reason == "第3号票箱计票单抄错"
    events = session.scalars(select(AuditEvent.summary).where(AuditEvent.action.like("count.%"))).all()
    assert any("确认第1轮计票结果" in e for e in events)
    assert any("撤销第1轮计票结果的确认：第3号票箱计票单抄错" in e for e in events)


def test_candidate_id_numbers_are_masked_in_the_audit(session):
    scope, _round_id = count_data.setup(session)
    number = session.scalars(select(CountCandidate.id_number)).first()
    assert number
    details = session.scalars(select(AuditEvent.details).where(AuditEvent.entity == "count_candidate")).all()
    assert details and all(number not in d for d in details)
    assert any(number[:4] + "*" in d for d in details)


def test_a_box_is_confirmed_only_agreed_and_with_its_checks_dealt_with(session):
    scope, round_id = count_data.setup(session)
    box = count_data.box_of(scope, round_id)
    with pytest.raises(InvalidInput) as unagreed:
        official.confirm_box(scope, box, "黄敏")
    assert "核对一致" in str(unagreed.value.errors["general"])
    _enter_agreed(scope, round_id, ["1 3 5 6 7 8 9"] * 3)
    with pytest.raises(InvalidInput) as open_check:
        official.confirm_box(scope, box, "黄敏")
    assert "F.104" in str(open_check.value.errors["general"])  # 投票人数 not yet recorded
    rounds.set_box_figures(scope, box, BoxFigures(5, 3, 3))
    official.confirm_box(scope, box, "黄敏")
    assert rounds.round_view(scope, round_id).boxes[0].confirmed_by == "黄敏"
