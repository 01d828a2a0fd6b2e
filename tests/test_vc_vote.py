"""The villager vote and results (vc.vote, vc.results; issue 12 items 1, 2, 4, 9, 10) through the
real workflows: the first round from the formal list (SD-24) with one box per place of voting,
ballots for the roll plus the spare share, a box counted twice and agreed, a void round on more
ballots returned than voters (GC-15) with its re-vote, the women's seat in the 另行选举 (VC-02,
GC-18, VC-17), official and reverted (audited), the handover (VC-26) counted from the official
date, and a results date before the election day refused.

Formal list of ``formal_candidates``: 主任 1 seat — 1 王建国, 2 李强; 委员 2 seats — 3 刘洋,
4 杨帆, 5 陈静 (a woman); 107 registered voters.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import AuditEvent, CountRound, Document, Township
from tests.test_vc_formal import formal_candidates
from workflows.core import stages
from workflows.core.errors import InvalidInput
from workflows.core.scope import open_scope
from workflows.count import checks, double_entry, entry, official, rounds
from workflows.count.results import WOMEN_SEAT
from workflows.count.rounds import BoxFigures
from workflows.villager import polling, results, vote
from workflows.villager.stage_rules import vote as vote_rules  # noqa: F401  (registers the blockers)

VOTE_DAY = date(2026, 11, 20)  # the day before tests/conftest.py's today
TODAY = date(2026, 11, 21)
NO_WOMAN = ["1 3 4"] * 40 + ["2 3 5"] * 20  # 王建国 40; 刘洋 60, 杨帆 40, 陈静 20: no woman elected


def scope_of(session, election):
    return open_scope(session, election.id if hasattr(election, "id") else election)


@pytest.fixture
def village(session):
    _township, election = formal_candidates(session, vote_day=VOTE_DAY)
    scope = scope_of(session, election)
    polling.save_station(scope, polling.StationInput("选举大会会场", "村委会大院", "08:00", "12:00", main=True))
    polling.save_box(scope, polling.BoxInput("第1号流动票箱", "山后组"))
    return election


def count_box(scope, box_id: int, lines: list[str], voters: int | None = None, returned: int | None = None) -> None:
    """The box's record, then two operators' equal ballot-by-ballot passes, agreed and confirmed."""
    voters = len(lines) if voters is None else voters
    returned = len(lines) if returned is None else returned
    rounds.set_box_figures(scope, box_id, BoxFigures(voters + 5, voters, returned))
    for operator in ("计票员甲", "计票员乙"):
        entry_id = double_entry.start_entry(scope, box_id, operator)
        for line in lines:
            entry.record_ballot(scope, entry_id, line)
        double_entry.submit_entry(scope, entry_id)
    assert double_entry.box_state(scope, box_id) == "agreed"


def empty_box(scope, box_id: int) -> None:
    count_box(scope, box_id, [])


def blockers(session, election, key: str) -> list[str]:
    report = stages.evaluate(scope_of(session, election), key)
    return [str(b.message) for b in report.blockers if "前一阶段" not in str(b.message)]


def test_sd24_the_first_round_comes_from_the_formal_list_with_a_box_per_place(session, village):
    scope = scope_of(session, village)
    assert any("尚未设置投票" in t for t in blockers(session, village, "vc.vote"))
    round_id = vote.set_up_first_round(scope)
    view = rounds.round_view(scope, round_id)
    assert [(c.office, c.seats, [p.name for p in c.candidates]) for c in view.contests] == [
        ("主任", 1, ["王建国", "李强"]), ("委员", 2, ["刘洋", "杨帆", "陈静"])]
    assert [p.female for p in view.contests[1].candidates] == [False, False, True]
    assert [b.name for b in view.boxes] == ["选举大会会场", "第1号流动票箱"]
    assert [b.kind for b in view.boxes] == ["main", "mobile"]
    assert view.registered == 107 and view.held_on == VOTE_DAY
    stored = session.scalars(select(CountRound)).one()
    assert stored.track == "villager" and stored.kind == "first"
    with pytest.raises(InvalidInput):
        vote.set_up_first_round(scope)
    # ballots: 107 registered + 5 % spare (a township's choice while no preset has the key), no mark
    assert vote.ballot_quantity(scope) == 107 + 6
    document = vote.issue_ballots(scope, round_id)
    assert session.get(Document, document.id).kind == "vc_ballot"
    spec = vote.ballot_spec(scope, round_id, 1)
    assert [o.candidates for o in spec.offices] == [["王建国", "李强"], ["刘洋", "杨帆", "陈静"]]
    texts = blockers(session, village, "vc.vote")
    assert any("尚未经两人分别录入" in t for t in texts) and any("尚未由总监票人确认" in t for t in texts)


def test_gc15_more_ballots_returned_than_voters_voids_the_round_and_sets_up_the_revote(session, village):
    scope = scope_of(session, village)
    round_id = vote.set_up_first_round(scope)
    main, mobile = (b.id for b in rounds.round_view(scope, round_id).boxes)
    count_box(scope, main, NO_WOMAN + ["1 3 4"], voters=60, returned=61)
    empty_box(scope, mobile)
    found = checks.open_checks(checks.check_round(scope, round_id))
    assert [c.code for c in found] == ["F.101"]
    with pytest.raises(InvalidInput):
        official.confirm_box(scope, main, "监票人甲")
    checks.paper_says_so(scope, round_id, found[0], "总监票人", "箱内确有61张选票")
    for box in (main, mobile):
        official.confirm_box(scope, box, "监票人甲")
    confirmed = results.confirm_results(scope, round_id, "总监票人王", TODAY)
    assert not confirmed.tally.valid and any("GC-15" in str(r) for r in confirmed.tally.reasons)
    revote = rounds.round_view(scope, confirmed.revote_round_id)
    assert revote.kind == "revote" and [b.name for b in revote.boxes] == ["选举大会会场", "第1号流动票箱"]
    assert vote.current_round(scope).id == revote.id
    assert session.get(CountRound, round_id).void
    assert results.elected_list(scope) == []
    assert scope_of(session, village).facts.get(results.RESULTS_FACT) is None


def first_round_counted(session, village, lines=NO_WOMAN):
    scope = scope_of(session, village)
    round_id = vote.set_up_first_round(scope)
    main, mobile = (b.id for b in rounds.round_view(scope, round_id).boxes)
    count_box(scope, main, lines)
    empty_box(scope, mobile)
    for box in (main, mobile):
        official.confirm_box(scope, box, "监票人甲")
    return scope, round_id


def test_vc26_a_results_date_before_the_election_day_is_refused_and_the_handover_counts_from_it(session, village):
    scope, round_id = first_round_counted(session, village)
    with pytest.raises(InvalidInput) as refused:
        results.confirm_results(scope, round_id, "总监票人王", date(2026, 11, 19))
    assert "早于选举日" in str(refused.value.errors["on"])
    assert not official.is_official(scope, round_id)
    assert any("尚未由总监票人确认" in t for t in blockers(session, village, "vc.vote"))
    confirmed = results.confirm_results(scope, round_id, "总监票人王", TODAY)
    assert confirmed.tally.valid
    fresh = scope_of(session, village)
    assert fresh.facts[results.RESULTS_FACT] == TODAY
    handover = next(m for m in fresh.schedule.milestones if m.key == "handover_done")
    assert "2026年11月21日" in str(handover.basis)
    assert blockers(session, village, "vc.vote") == []
    # revert: audited, the fact withdrawn, the notice reprinted as a correction
    results.revert_results(fresh, round_id, "总监票人王", "发现委员一栏抄错")
    assert not official.is_official(fresh, round_id)
    assert scope_of(session, village).facts.get(results.RESULTS_FACT) is None
    events = [e.summary for e in session.scalars(select(AuditEvent)) if "撤销" in (e.summary or "")]
    assert any("发现委员一栏抄错" in e for e in events)
    results.confirm_results(scope_of(session, village), round_id, "总监票人王", TODAY)
    spec = results.notice_spec(scope_of(session, village), round_id, TODAY)
    assert spec.correction and "发现委员一栏抄错" in spec.correction_text


def test_vc02_gc18_vc17_no_woman_elected_the_womens_seat_goes_to_the_runoff(session, village):
    scope, round_id = first_round_counted(session, village)
    confirmed = results.confirm_results(scope, round_id, "总监票人王", TODAY)
    outcomes = {o.office: o for o in confirmed.tally.outcomes}
    assert outcomes["主任"].names(outcomes["主任"].elected) == ["王建国"]
    assert outcomes["委员"].names(outcomes["委员"].elected) == ["刘洋"]
    assert outcomes[WOMEN_SEAT].unfilled == 1
    plan = vote.runoff_plan(scope, round_id, confirmed.tally)
    assert [(p.office, p.seats, [c.name for c in p.candidates], p.women_seat) for p in plan] == [
        (WOMEN_SEAT, 1, ["陈静"], True)]
    assert any("GC-18" in " ".join(f.rule_ids) for f in stages.evaluate(scope, "vc.results").blockers)
    runoff_id = vote.set_up_runoff(scope, round_id, confirmed.tally, TODAY)
    view = rounds.round_view(scope, runoff_id)
    assert view.kind == "runoff" and [(c.office, c.seats, c.women_seat) for c in view.contests] == [
        (WOMEN_SEAT, 1, True)]
    assert [b.name for b in view.boxes] == ["选举大会会场", "第1号流动票箱"]
    assert vote.ballot_spec(scope, runoff_id, 1).offices[0].note == "只能选妇女"
    with pytest.raises(InvalidInput):
        vote.set_up_runoff(scope, round_id, confirmed.tally, TODAY)
    main, mobile = (b.id for b in view.boxes)
    count_box(scope, main, ["1"] * 55 + ["0"] * 5)
    empty_box(scope, mobile)
    for box in (main, mobile):
        official.confirm_box(scope, box, "监票人甲")
    assert results.confirm_results(scope, runoff_id, "总监票人王", TODAY).tally.valid
    elected = [(p.office, p.seat, p.name) for p in results.elected_list(scope)]
    assert elected == [("主任", "主任", "王建国"), ("委员", "委员", "刘洋"), ("委员", WOMEN_SEAT, "陈静")]
    certificates = results.issue_certificates(scope, TODAY)
    assert [d.kind for d in certificates] == ["certificate"] * 3
    bodies = [s.body for s in results.certificate_specs(scope, TODAY)]
    assert bodies[2].endswith("第十二届村民委员会委员。") and "2026年11月21日" in bodies[2]
    assert all("尚未张贴公布" in t for t in blockers(session, village, "vc.results"))
    assert results.issue_notice(scope, round_id, TODAY).kind == "vc_results_notice"
    results.issue_notice(scope, runoff_id, TODAY)
    assert blockers(session, village, "vc.results") == []
    assert results.issue_count_report(scope, round_id).kind == "count_report"
    assert results.workbook_bytes(scope)[:2] == b"PK"


def test_vc19_the_roll_for_check_in_marks_the_valid_proxies(session, village):
    scope = scope_of(session, village)
    roll = vote.vote_roll(scope)
    assert len(roll.people) == 107
    assert roll.proxies == vote.proxy_map(scope)


def test_a_count_as_recorded_elects_a_woman_and_completes_both_stages(session, village):
    scope = scope_of(session, village)
    tally = results.count_as_recorded(scope, TODAY)
    assert tally.valid
    assert {(p.office, p.name) for p in results.elected_list(scope)} == {("主任", "王建国"), ("委员", "陈静"),
                                                                          ("委员", "刘洋")}
    assert blockers(session, village, "vc.vote") == []
    results.issue_notice(scope, vote.current_round(scope).id, TODAY)
    assert blockers(session, village, "vc.results") == []


@pytest.mark.parametrize(("after", "accepted"), [(30, True), (31, False)])
def test_pv11_the_runoff_is_held_within_the_profiles_days(session, village, after, accepted):
    """PV-11 (浙江第29条: 投票当日或者30日内): the 30th day after the vote is the last one."""
    from datetime import timedelta

    from tests.test_vc_qualification import set_rules

    set_rules(session, session.get(Township, scope_of(session, village).township.id), runoff_days=30)
    scope, round_id = first_round_counted(session, village)
    confirmed = results.confirm_results(scope, round_id, "总监票人王", TODAY)
    day = VOTE_DAY + timedelta(days=after)
    if accepted:
        assert vote.set_up_runoff(scope_of(session, village), round_id, confirmed.tally, day)
    else:
        with pytest.raises(InvalidInput) as refused:
            vote.set_up_runoff(scope_of(session, village), round_id, confirmed.tally, day)
        assert "最迟2026年12月20日（PV-11）" in str(refused.value.errors["held_on"])


def warnings(session, election, key: str) -> list[str]:
    return [str(w.message) for w in stages.evaluate(scope_of(session, election), key).warnings]


@pytest.mark.parametrize(("days", "posted_after", "late"), [(0, 0, False), (0, 1, True), (1, 0, False), (1, 1, False)])
def test_pv15_the_results_notice_is_posted_within_the_profiles_days_of_the_vote(session, village, days, posted_after,
                                                                                 late):
    """PV-15 (组织法第15条 当场公布 = 0 days; 浙江第32条 当日或次日 = 1 day): the stage waits for
    the notice; a notice later than the profile allows is recorded and warned of, never refused."""
    from datetime import timedelta

    from tests.test_vc_qualification import set_rules

    set_rules(session, session.get(Township, scope_of(session, village).township.id), elected_list_days=days)
    scope, round_id = results_in(session, village)
    assert any("尚未张贴公布" in t for t in blockers(session, village, "vc.results"))
    posted = VOTE_DAY + timedelta(days=posted_after)
    results.issue_notice(scope, round_id, posted)
    assert scope_of(session, village).facts[results.notice_fact(round_id)] == posted
    assert blockers(session, village, "vc.results") == []
    assert any("晚于应公布的最迟日期" in t for t in warnings(session, village, "vc.results")) == late


def results_in(session, village):
    """A first round with a woman elected, confirmed on the day after the vote."""
    scope, round_id = first_round_counted(session, village, ["1 3 5"] * 60)
    results.confirm_results(scope, round_id, "总监票人王", TODAY)
    return scope_of(session, village), round_id


def test_pv15_a_notice_before_the_vote_or_of_an_unconfirmed_round_is_refused_and_a_revert_takes_it_down(
        session, village):
    scope, round_id = first_round_counted(session, village, ["1 3 5"] * 60)
    with pytest.raises(InvalidInput):
        results.issue_notice(scope, round_id, VOTE_DAY)  # not yet confirmed
    results.confirm_results(scope, round_id, "总监票人王", TODAY)
    with pytest.raises(InvalidInput) as refused:
        results.issue_notice(scope, round_id, date(2026, 11, 19))
    assert "应在投票日2026年11月20日至今天之间" in str(refused.value.errors["on"])
    results.issue_notice(scope, round_id, VOTE_DAY)
    results.revert_results(scope_of(session, village), round_id, "总监票人王", "委员票数抄错")
    results.confirm_results(scope_of(session, village), round_id, "总监票人王", TODAY)
    assert any("尚未张贴公布" in t for t in blockers(session, village, "vc.results"))  # the correction is due


@pytest.mark.parametrize(("target", "warned"), [(0, False), (33, False), (34, True)])
def test_sd17_fewer_women_elected_than_the_target_share_is_warned_of(session, village, target, warned):
    """SD-17 (力争村委会女性比例30%以上): 1 woman of 3 elected is 33⅓ % — a target, never a bar."""
    from tests.test_vc_qualification import set_rules

    set_rules(session, session.get(Township, scope_of(session, village).township.id),
              vc_women_target_percent=target)
    scope, round_id = results_in(session, village)
    results.issue_notice(scope, round_id, VOTE_DAY)
    assert blockers(session, village, "vc.results") == []
    assert any("SD-17" in " ".join(w.rule_ids) for w in
               stages.evaluate(scope_of(session, village), "vc.results").warnings) == warned


def test_pv13_two_brothers_elected_the_higher_office_serves_and_the_empty_seat_goes_to_the_runoff(session, village):
    """PV-13 (浙江办法第31条, profile ``core``): 王建国 (主任) and 刘洋 (委员) are brothers by the
    township's relatives records: 刘洋 gives way, nobody else passed half, the 委员 seat goes to the
    另行选举 without him; the results, the notice and the certificates follow the count."""
    from sqlalchemy import select as query

    from models import CountCandidate
    from tests.test_vc_qualification import set_rules
    from workflows.core import relatives

    township = session.get(Township, scope_of(session, village).township.id)
    set_rules(session, township, elected_relatives_avoidance="core")
    scope, round_id = first_round_counted(session, village, ["1 3 5"] * 40 + ["1 3 4"] * 20)
    numbers = {c.name: c.id_number for c in session.scalars(query(CountCandidate))}
    relatives.record(session, township.id, ("王建国", numbers["王建国"]), ("刘洋", numbers["刘洋"]), "兄弟姐妹")
    confirmed = results.confirm_results(scope_of(session, village), round_id, "总监票人王", TODAY)
    outcomes = {o.office: o for o in confirmed.tally.outcomes}
    assert outcomes["委员"].names(outcomes["委员"].elected) == ["陈静"]
    assert outcomes["委员"].names(outcomes["委员"].runoff_candidates) == ["杨帆"]
    assert any("刘洋与王建国是近亲属" in str(r) and "PV-13" in str(r) for r in confirmed.tally.reasons)
    scope = scope_of(session, village)
    assert [(p.office, p.name) for p in results.elected_list(scope)] == [("主任", "王建国"), ("委员", "陈静")]
    assert [(p.office, p.seats, [c.name for c in p.candidates]) for p in vote.runoff_plan(
        scope, round_id, confirmed.tally)] == [("委员", 1, ["杨帆"])]
    notice = results.notice_spec(scope, round_id, TODAY)
    member = next(o for o in notice.offices if o.office == "委员")
    assert [line.name for line in member.lines if line.elected] == ["陈静"]
    assert [s.name for s in results.certificate_specs(scope, TODAY)] == ["王建国", "陈静"]


def test_pv10_the_tied_are_voted_again_by_most_votes_without_the_runoff_threshold(session, village):
    """PV-10 (浙江办法第28条 以得票多的当选): the re-vote between two 委员 tied for the last seat is set
    up as such, and its winner needs no ⅓ of the ballots cast (VC-17 is for the 另行选举 only)."""
    from tests.test_vc_qualification import set_rules

    set_rules(session, session.get(Township, scope_of(session, village).township.id), tie_revote=True)
    lines = ["1 3 5"] * 16 + ["1 4 5"] * 16 + ["1 3 4"] * 16 + ["1 5"] * 12  # 刘洋 32, 杨帆 32, 陈静 44 of 60
    scope, round_id = first_round_counted(session, village, lines)
    confirmed = results.confirm_results(scope, round_id, "总监票人王", TODAY)
    member = next(o for o in confirmed.tally.outcomes if o.office == "委员")
    assert member.names(member.elected) == ["陈静"] and member.names(member.tie_revote_among) == ["刘洋", "杨帆"]
    revote_id = vote.set_up_runoff(scope_of(session, village), round_id, confirmed.tally, TODAY)
    view = rounds.round_view(scope_of(session, village), revote_id)
    assert [(c.office, c.seats, c.tie_revote) for c in view.contests] == [("委员", 1, True)]
    ballot = vote.ballot_spec(scope_of(session, village), revote_id, 1)
    assert ballot.title.endswith("村民委员会再次投票选票") and ballot.offices[0].note == "就票数相等的候选人再次投票"
    assert ballot.offices[0].write_in_cells == 0  # no 另选他人 in a re-vote among the tied
    with pytest.raises(InvalidInput) as refused:
        entry.parse_line(view, "王五")  # a write-in typed during 唱票
    assert "不能另选他人（PV-10）" in str(refused.value.errors["line"])
    scope = scope_of(session, village)
    main, mobile = (b.id for b in view.boxes)
    count_box(scope, main, ["1"] * 10 + ["2"] * 5 + ["0"] * 45)  # 10 and 5 of 60 cast: below ⅓
    empty_box(scope, mobile)
    for box in (main, mobile):
        official.confirm_box(scope, box, "监票人甲")
    runoff = results.confirm_results(scope, revote_id, "总监票人王", TODAY).tally
    assert runoff.outcomes[0].names(runoff.outcomes[0].elected) == ["刘洋"]
    assert "票数相等的候选人再次投票" in results.notice_spec(scope_of(session, village), revote_id, TODAY).intro
    assert [(p.office, p.name) for p in results.elected_list(scope_of(session, village))] == [
        ("主任", "王建国"), ("委员", "陈静"), ("委员", "刘洋")]
