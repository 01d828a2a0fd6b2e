"""Counting entry (issue 12 items 5 and 6): one line per ballot, the validity of each part of a
ballot (GC-14, PT-12, PV-09), write-ins (另选他人), undo, recount, tally sheets and coded checks."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from models import AuditEvent, CountBallot
from tests import count_data
from tests.vc_polling_data import voter_id
from workflows.core.errors import InvalidInput
from workflows.count import checks, entry, rounds, totals
from workflows.count.round import count_round
from workflows.count.rounds import BoxFigures, BoxInput

LINES = ["1 3 5 6 7 8 9", "2/4/5 6 7", "0", "1 3 5 10 11", "2 3 6 7 8 9 10", "*", "1 4 5 6", "1 3 11"]


def _votes(result, scope, round_id):
    """{name: votes} across the ballot, from an EntryTotals."""
    view = rounds.round_view(scope, round_id)
    return {p.name: result.contests.get(c.id).votes.get(p.id, 0) if result.contests.get(c.id) else 0
            for c in view.contests for p in c.candidates}


def test_gc14_too_many_marks_void_that_office_only(session):
    """GC-14, PT-12: two names for the one 主任 seat — the 主任 part is invalid, the rest counts."""
    scope, round_id = count_data.setup(session)
    entry_id = count_data.entry(scope, round_id)
    done = entry.record_ballot(scope, entry_id, "1 2 3 5 6")
    assert done.serial == 1 and not done.effect.void
    assert "主任选了2人，多于应选1名" in str(done.reasons[0]) and "GC-14" in str(done.reasons[0])
    view = rounds.round_view(scope, round_id)
    chair, vice, members = (done.totals.contests[c.id] for c in view.contests)
    assert (chair.invalid, chair.valid, chair.votes) == (1, 0, {})
    assert (vice.valid, sum(vice.votes.values()), vice.blank) == (1, 1, 0)
    assert (members.valid, sum(members.votes.values()), members.blank) == (1, 2, 3)
    stored = session.scalars(select(CountBallot.marks)).one()
    assert '"1":[' in stored and len(stored.split('"1":[')[1].split("]")[0].split(",")) == 2  # paper as read


def test_gc14_unreadable_mark_invalid_rest_of_the_part_stands(session):
    scope, round_id = count_data.setup(session)
    entry_id = count_data.entry(scope, round_id)
    done = entry.record_ballot(scope, entry_id, "1 / 3 / 5 ? 6")
    assert "无法辨认" in str(done.reasons[0])
    members = done.totals.contests[rounds.round_view(scope, round_id).contests[2].id]
    assert (members.valid, sum(members.votes.values()), members.blank) == (1, 2, 3)


def test_blank_and_void_ballots(session):
    scope, round_id = count_data.setup(session)
    entry_id = count_data.entry(scope, round_id)
    entry.record_ballot(scope, entry_id, "0")
    done = entry.record_ballot(scope, entry_id, "＊")  # full-width asterisk
    assert done.totals.ballots == 2 and done.totals.void == 1
    chair = done.totals.contests[rounds.round_view(scope, round_id).contests[0].id]
    assert (chair.valid, chair.blank) == (1, 1)


def test_lines_refused_name_what_is_wrong(session):
    scope, round_id = count_data.setup(session)
    entry_id = count_data.entry(scope, round_id)
    for line, words in (("", "请输入"), ("99", "没有99号"), ("1 1 3", "输入了两次"), ("3/1", "主任一栏没有3号"),
                        ("1 王五", "用“/”分栏"), ("1/2/3/4", "栏数多于")):
        with pytest.raises(InvalidInput) as refused:
            entry.record_ballot(scope, entry_id, line)
        assert words in str(refused.value.errors["line"]), line
    assert session.scalars(select(CountBallot)).all() == []


def test_write_in_normalised_and_matched_to_the_roll_with_confirmation(session):
    """Item 5: 另选他人 — spaces and full-width forms normalised; a new name is recorded only after
    the clerk confirms it (a voter of the roll offered); then reused without asking."""
    scope, round_id = count_data.setup(session)
    entry_id = count_data.entry(scope, round_id)
    asked = entry.record_ballot(scope, entry_id, "１ / ３ / ５ 欧阳　喆，郑 涛")
    assert asked.serial is None and session.scalars(select(CountBallot)).all() == []
    assert [(p.office, p.name) for p in asked.proposals] == [("委员", "欧阳喆"), ("委员", "郑涛")]
    offered = asked.proposals[0].roll
    assert [v[0] for v in offered] == [voter_id(scope, "欧阳喆")] and "*" in offered[0][1]
    members = rounds.round_view(scope, round_id).contests[2].id
    for proposal in asked.proposals:
        entry.confirm_write_in(scope, round_id, members, proposal.name, proposal.roll[0][0])
    done = entry.record_ballot(scope, entry_id, "1/3/5 欧阳喆、郑涛")
    assert done.serial == 1
    votes = _votes(done.totals, scope, round_id)
    assert votes["欧阳喆"] == 1 and votes["郑涛"] == 1 and votes["陈静"] == 1
    again = entry.record_ballot(scope, entry_id, "//欧 阳 喆")
    assert again.serial == 2 and _votes(again.totals, scope, round_id)["欧阳喆"] == 2
    assert entry.write_ins(scope, round_id) == [("委员", "欧阳喆"), ("委员", "郑涛")]
    unknown = entry.record_ballot(scope, entry_id, "//钱 芳")
    assert unknown.proposals[0].roll == ()  # not on the roll: confirmed by name only
    entry.confirm_write_in(scope, round_id, members, "钱芳")
    assert entry.record_ballot(scope, entry_id, "//钱芳").serial == 3


@pytest.mark.parametrize(("preset", "void"), [("national", False), ("zhejiang_2020", True)])
def test_pv09_one_person_in_two_offices_by_the_profile(session, preset, void):
    """PV-09: 王建国 for 主任 and written in for 委员 — each mark counts under the national rules;
    浙江 (ballot_two_posts_invalid) voids the whole ballot."""
    scope, round_id = count_data.setup(session, preset)
    members = rounds.round_view(scope, round_id).contests[2].id
    entry.confirm_write_in(scope, round_id, members, "王建国", voter_id(scope, "王建国"))
    done = entry.record_ballot(scope, count_data.entry(scope, round_id), "1/3/王建国 5")
    assert done.effect.void is void
    marks = sum(sum(c.votes.values()) for c in done.totals.contests.values())
    if void:
        assert "被选两项以上职务" in str(done.reasons[0]) and marks == 0
    else:
        assert marks == 4  # 主任, 副主任, and two 委员 marks (王建国 in two offices)


def test_undo_takes_back_the_last_ballot_only(session):
    scope, round_id = count_data.setup(session)
    entry_id = count_data.entry(scope, round_id)
    after_two = None
    for line in LINES[:3]:
        result = entry.record_ballot(scope, entry_id, line)
        after_two = after_two or (result.totals.copy() if result.serial == 2 else None)
    undone = entry.undo_last(scope, entry_id)
    assert undone.serial == 2 and undone.totals == after_two
    assert [b.serial for b in entry.ballots(scope, entry_id)] == [1, 2]
    assert entry.record_ballot(scope, entry_id, "2 4").serial == 3
    for _ in range(3):
        entry.undo_last(scope, entry_id)
    with pytest.raises(InvalidInput):
        entry.undo_last(scope, entry_id)
    assert any("删除唱票录入的选票“第3张”" in s for s in session.scalars(select(AuditEvent.summary)))


def test_recount_from_stored_ballots_equals_the_running_totals(session):
    scope, round_id = count_data.setup(session)
    entry_id = count_data.entry(scope, round_id)
    rng = random.Random(3)
    running = None
    for _ in range(120):
        running = entry.record_ballot(scope, entry_id, rng.choice(LINES)).totals
        if rng.random() < 0.1:
            running = entry.undo_last(scope, entry_id).totals
    entry._RUNNING.clear()  # nothing kept: the stored ballots alone
    assert entry.recount_entry(scope, entry_id) == running
    assert totals.round_totals(scope, round_id, agreed_only=False).totals == running


def test_a_permuted_ballot_order_gives_the_same_result(session):
    """Item 12: the same papers read in another order — same totals, same winners."""
    boxes = tuple(BoxInput(f"第{n}票箱") for n in (1, 2, 3))
    scope, round_id = count_data.setup(session, boxes=boxes)
    papers = LINES * 5
    orders = [papers, list(reversed(papers)), random.Random(9).sample(papers, len(papers))]
    results = []
    for box, order in enumerate(orders):
        entry_id = count_data.entry(scope, round_id, box=box)
        for line in order:
            entry.record_ballot(scope, entry_id, line)
        recounted = entry.recount_entry(scope, entry_id)
        facts = totals.round_facts(scope, round_id, recounted)
        results.append((recounted, count_round(facts, scope.profile).as_dict()))
    assert results[0] == results[1] == results[2]


def test_tally_sheet_check_f201_cleared_by_correction_or_paper_says_so(session):
    """Item 6: per office, votes + 弃权 = valid ballots × seats; a message names the fields; the
    clerk corrects the entry, or records that the paper itself says so."""
    scope, round_id = count_data.setup(session)
    view = rounds.round_view(scope, round_id)
    chair, vice, members = view.contests
    box = count_data.box_of(scope, round_id)
    rounds.set_box_figures(scope, box, BoxFigures(10, 10, 10))
    entry_id = count_data.entry(scope, round_id, mode="sheet")

    def sheet(chair_votes):
        return entry.SheetInput(10, 1, {
            chair.id: entry.ContestSheet({chair.candidates[0].id: chair_votes, chair.candidates[1].id: 2}, 1),
            vice.id: entry.ContestSheet({vice.candidates[0].id: 9}, 0),
            members.id: entry.ContestSheet({p.id: 8 for p in members.candidates[:5]}, 5)})

    entry.save_sheet(scope, entry_id, sheet(7))  # 7 + 2 + 1 = 10 ≠ 9 valid × 1
    found = checks.check_entry(scope, entry_id)
    f201 = next(c for c in found if c.code == "F.201")
    assert f201.fields == ("主任·得票合计", "主任·弃权", "主任·有效票")
    assert "应等于有效票9张×应选1名＝9" in str(f201.text)
    entry.save_sheet(scope, entry_id, sheet(6))  # corrected against the paper
    assert [c.code for c in checks.check_entry(scope, entry_id)] == []
    entry.save_sheet(scope, entry_id, sheet(7))
    f201 = checks.open_checks(checks.check_entry(scope, entry_id))[0]
    checks.paper_says_so(scope, round_id, f201, "赵磊", "计票单原件主任一栏即为7票")
    cleared = checks.check_entry(scope, entry_id)
    assert [(c.code, c.cleared) for c in cleared] == [("F.201", True)]
    assert checks.open_checks(cleared) == []
    with pytest.raises(InvalidInput):
        checks.paper_says_so(scope, round_id, f201, "赵磊", " ")  # the note is required


def test_f301_ballots_entered_against_the_box_record(session):
    scope, round_id = count_data.setup(session)
    box = count_data.box_of(scope, round_id)
    rounds.set_box_figures(scope, box, BoxFigures(10, 10, 3))
    entry_id = count_data.entry(scope, round_id)
    for line in LINES[:2]:
        entry.record_ballot(scope, entry_id, line)
    f301 = [c for c in checks.check_entry(scope, entry_id) if c.code == "F.301"]
    assert f301 and f301[0].fields == ("录入选票张数", "收回选票数")
    entry.record_ballot(scope, entry_id, LINES[2])
    assert [c.code for c in checks.check_entry(scope, entry_id)] == []
