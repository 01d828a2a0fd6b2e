"""Double entry (issue 12 item 7): two operators, blind, differences side by side, a supervisor
keeps one or sends the box back; only agreed entries count; who entered what is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import AuditEvent, CountEntry
from tests import count_data
from workflows.core.errors import InvalidInput
from workflows.count import double_entry, entry, rounds, totals

FIRST = ["1 3 5 6 7 8 9", "2 4 5 6 7", "1 3 10 11", "0"]
MISHEARD = ["1 3 5 6 7 8 9", "1 4 5 6 7", "1 3 10 11", "0"]  # ballot 2: 主任 1 for 2


def _pass(scope, round_id, operator, lines, mode="ballots"):
    entry_id = count_data.entry(scope, round_id, operator, mode)
    for line in lines:
        entry.record_ballot(scope, entry_id, line)
    return entry_id


def test_second_pass_is_blind_and_by_another_operator(session):
    scope, round_id = count_data.setup(session)
    box = count_data.box_of(scope, round_id)
    first = _pass(scope, round_id, "计票员甲", FIRST)
    with pytest.raises(InvalidInput) as same:
        double_entry.start_entry(scope, box, "计票员甲")
    assert "另一位录入人" in str(same.value.errors["operator"])
    with pytest.raises(InvalidInput):
        double_entry.start_entry(scope, box, "计票员乙", "sheet")  # the same way as the first pass
    second = double_entry.start_entry(scope, box, "计票员乙")
    assert double_entry.my_entry(scope, box, "计票员乙") == second
    assert double_entry.my_entry(scope, box, "计票员甲") == first
    assert entry.running_totals(scope, session.get(CountEntry, second),
                                rounds.round_view(scope, round_id)).ballots == 0  # sees nothing
    double_entry.submit_entry(scope, first)
    with pytest.raises(InvalidInput) as early:
        double_entry.compare(scope, box)  # nothing side by side until both are in
    assert "都提交后" in str(early.value.errors["general"])
    assert double_entry.box_state(scope, box) == "entering"
    with pytest.raises(InvalidInput):
        double_entry.start_entry(scope, box, "计票员丙")  # two passes at most
    with pytest.raises(InvalidInput):
        entry.record_ballot(scope, first, "1")  # submitted: no more changes


def test_equal_passes_are_agreed_and_only_agreed_entries_count(session):
    scope, round_id = count_data.setup(session)
    box = count_data.box_of(scope, round_id)
    first = _pass(scope, round_id, "计票员甲", FIRST)
    assert double_entry.submit_entry(scope, first) == "waiting"
    assert totals.round_totals(scope, round_id).boxes_pending == 1
    assert totals.round_totals(scope, round_id).totals.ballots == 0
    assert totals.round_totals(scope, round_id, agreed_only=False).totals.ballots == 4  # live display, 未核对
    second = _pass(scope, round_id, "计票员乙", FIRST)
    assert double_entry.submit_entry(scope, second) == "agreed"
    assert double_entry.agreed_entry(scope, box) == first
    agreed = totals.round_totals(scope, round_id)
    assert agreed.complete and agreed.totals == entry.recount_entry(scope, first)


def test_a_disagreement_shown_side_by_side_and_resolved_by_the_supervisor(session):
    scope, round_id = count_data.setup(session)
    box = count_data.box_of(scope, round_id)
    first = _pass(scope, round_id, "计票员甲", FIRST)
    double_entry.submit_entry(scope, first)
    second = _pass(scope, round_id, "计票员乙", MISHEARD)
    assert double_entry.submit_entry(scope, second) == "differs"
    comparison = double_entry.compare(scope, box)
    assert (comparison.first_operator, comparison.second_operator) == ("计票员甲", "计票员乙")
    assert [(d.field, d.first, d.second) for d in comparison.differences] == [
        ("主任·1号王建国", 2, 3), ("主任·2号张伟", 1, 0)]
    assert totals.round_totals(scope, round_id).boxes_pending == 1  # nothing counts yet
    double_entry.keep(scope, box, first, "赵磊", "核对原票，第2张主任为张伟")
    assert double_entry.box_state(scope, box) == "agreed"
    assert session.get(CountEntry, second).status == "superseded"
    chair = rounds.round_view(scope, round_id).contests[0]
    counted = totals.round_totals(scope, round_id).totals.contests[chair.id].votes
    assert counted == {chair.candidates[0].id: 2, chair.candidates[1].id: 1}
    summaries = session.scalars(select(AuditEvent.summary)).all()
    assert any("赵磊保留第1遍（计票员甲）：核对原票" in s for s in summaries)
    assert any("新增计票录入“第2遍录入（计票员乙）”" in s for s in summaries)


def test_sent_back_both_passes_enter_again(session):
    scope, round_id = count_data.setup(session)
    box = count_data.box_of(scope, round_id)
    double_entry.submit_entry(scope, _pass(scope, round_id, "计票员甲", FIRST))
    double_entry.submit_entry(scope, _pass(scope, round_id, "计票员乙", MISHEARD))
    with pytest.raises(InvalidInput):
        double_entry.send_back(scope, box, "赵磊", "")
    double_entry.send_back(scope, box, "赵磊", "两遍差异较多，重新唱票")
    assert double_entry.box_state(scope, box) == "open"
    again = _pass(scope, round_id, "计票员甲", FIRST)
    assert session.get(CountEntry, again).pass_no == 1
    double_entry.submit_entry(scope, again)
    assert double_entry.submit_entry(scope, _pass(scope, round_id, "计票员丙", FIRST)) == "agreed"
    assert any("退回重录" in s for s in session.scalars(select(AuditEvent.summary)))


def test_tally_sheets_entered_twice_compared_by_field(session):
    scope, round_id = count_data.setup(session)
    view = rounds.round_view(scope, round_id)
    chair, vice, members = view.contests

    def sheet(blank_members):
        return entry.SheetInput(10, 0, {
            chair.id: entry.ContestSheet({chair.candidates[0].id: 10}),
            vice.id: entry.ContestSheet({vice.candidates[0].id: 10}),
            members.id: entry.ContestSheet({p.id: 9 for p in members.candidates[:5]}, blank_members)})

    ids = []
    for operator, blank in (("计票员甲", 5), ("计票员乙", 4)):
        entry_id = count_data.entry(scope, round_id, operator, "sheet")
        entry.save_sheet(scope, entry_id, sheet(blank))
        ids.append(entry_id)
        state = double_entry.submit_entry(scope, entry_id)
    assert state == "differs"
    assert [(d.field, d.first, d.second) for d in double_entry.compare(scope, view.boxes[0].id).differences] == [
        ("委员·弃权", 5, 4)]
