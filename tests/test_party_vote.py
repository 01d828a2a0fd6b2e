"""The Party members' meeting through the stored count (issue 12 item 3): PT-08 at its
boundary (超过 / 不少于), PT-11 void round and re-vote, PT-13 exactly half not elected,
PT-14 a tie for the last seat re-voted among the tied, PT-15 empty seats with the meeting's
choice (re-elect or reduce with a majority's consent), PT-18/PT-19 officers 等额 from the
elected, PT-21 the report and its 批复; the stages blocked with nothing entered.

A village of 3 seats has 应到会 10 (12 members, one probationary, one without rights) and
four preliminary candidates; one of 5 seats has 应到会 18 and six candidates."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.conftest import TODAY
from tests.party_vote_data import (
    MEETING_DAY,
    candidate_ids,
    enter_twice,
    party_at_meeting,
    scope_of,
    sheet,
)
from workflows.core import stages
from workflows.core.errors import InvalidInput
from workflows.count import entry
from workflows.party import vote


@pytest.fixture
def session(store):
    with store.transaction("测试") as session:
        yield session


@pytest.fixture
def small(session):
    """3 seats, no deputy; 应到会 10."""
    return scope_of(session, party_at_meeting(session, seats=3, deputies=0))


def blockers(scope, key: str) -> list[tuple[str, tuple]]:
    fresh = scope_of(scope.session, scope.election.id)
    return [(str(b.message), b.rule_ids) for b in stages.evaluate(fresh, key).blockers]


def counted(scope, yes: list[int], attended: int = 10, **more) -> int:
    """Open the meeting, enter the sheet twice, confirm; the round's id."""
    round_id = vote.open_meeting(scope, MEETING_DAY, attended, more.pop("quorum", None))
    assert enter_twice(scope, round_id, sheet(scope, round_id, yes, **more)) == "agreed"
    vote.confirm(scope, round_id, "孙总监")
    return round_id


# --- nothing entered -----------------------------------------------------------------------

def test_the_three_stages_are_blocked_with_nothing_entered(small):
    assert blockers(small, "party.meeting") == [("尚未记录党员大会实到会人数和委员会委员选举", ("PT-08", "PT-13"))]
    assert ("尚未记录委员会全体会议选举书记、副书记", ("PT-18", "PT-19")) in blockers(small, "party.officers")
    assert ("尚未打印选举结果报告并报镇党委", ("PT-21",)) in blockers(small, "party.report")
    assert all(stages.is_supported(key) for key in ("party.meeting", "party.officers", "party.report"))


def test_the_ballot_lists_the_approved_candidates_in_stroke_order(small):
    round_id = vote.open_meeting(small, MEETING_DAY, 10)
    view = vote.round_view(small, round_id)
    assert [p.name for p in view.contests[0].candidates] == ["苏宏波", "邹建福", "陈莲静", "孟文涛"]
    assert (view.expected, view.attended, view.contests[0].seats) == (10, 10, 3)
    with pytest.raises(InvalidInput):
        vote.open_meeting(small, MEETING_DAY, 10)  # one meeting
    assert blockers(small, "party.meeting") == [("计票单尚未经两人分别录入并核对一致", ("PT-13",))]


def test_pt12_so02_the_printed_ballot_lists_them_in_that_order_and_carries_no_mark(small):
    from tests.pdfs import compact

    round_id = vote.open_meeting(small, MEETING_DAY, 10)
    document = vote.issue_ballots(small, round_id)
    flat = compact(document.pdf)
    positions = [flat.index(name) for name in ["苏宏波", "邹建福", "陈莲静", "孟文涛"]]
    assert positions == sorted(positions) and "按姓氏笔画为序" in flat
    assert document.code not in flat and "核验" not in flat  # PT-12: no code or mark on a ballot
    assert "中共" in flat and "委员选票" in flat


def test_attendance_beyond_the_expected_or_a_future_day_is_refused(small):
    with pytest.raises(InvalidInput) as refused:
        vote.open_meeting(small, MEETING_DAY, 11)
    assert "多于应到会10人" in str(refused.value.errors["attended"])
    with pytest.raises(InvalidInput) as refused:
        vote.open_meeting(small, TODAY.replace(day=TODAY.day + 1), 9)
    assert "held_on" in refused.value.errors


# --- PT-08 ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("attended", "quorum", "valid"), [
    (8, None, False),  # the profile: 超过 4/5 of 10 — 8 is exactly 4/5, not more
    (8, "gt", False),
    (9, "gt", True),
    (8, "ge", True),  # 不少于 4/5
    (7, "ge", False),
])
def test_pt08_quorum_at_the_boundary_through_the_stored_round(small, attended, quorum, valid):
    round_id = vote.open_meeting(small, MEETING_DAY, attended, quorum)
    assert vote.quorum(small, round_id).valid is valid
    figures = sheet(small, round_id, [attended] * 3 + [0])
    if valid:
        assert enter_twice(small, round_id, figures) == "agreed"
        assert vote.round_result(small, round_id).valid
        return
    with pytest.raises(InvalidInput) as refused:
        vote.record_sheet(small, round_id, "王芳", figures)
    assert "PT-08" in str(refused.value.errors["general"])
    assert blockers(small, "party.meeting")[0][1] == ("PT-08",)


def test_attendance_corrected_before_the_count(small):
    round_id = vote.open_meeting(small, MEETING_DAY, 8)
    assert not vote.quorum(small, round_id).valid
    vote.set_attendance(small, round_id, 9)
    assert vote.quorum(small, round_id).valid


# --- PT-11 ------------------------------------------------------------------------------------

def test_pt11_more_ballots_returned_than_issued_voids_the_round_and_opens_a_revote(small):
    round_id = vote.open_meeting(small, MEETING_DAY, 10)
    enter_twice(small, round_id, sheet(small, round_id, [8, 8, 8, 2], returned=10, issued=9))
    assert [c.code for c in vote.open_checks(small, round_id)] == ["F.102"]
    with pytest.raises(InvalidInput):
        vote.confirm(small, round_id, "孙总监")
    vote.paper_says_so(small, round_id, "赵监票", "清点：发出9张，收回10张")
    revote = vote.confirm(small, round_id, "孙总监")
    assert revote is not None
    state = vote.committee_state(small)
    assert state.pending_round_id == revote and state.elected == ()
    assert [p.name for p in vote.round_view(small, revote).contests[0].candidates] == ["苏宏波", "邹建福", "陈莲静", "孟文涛"]


# --- PT-13, PT-15 -----------------------------------------------------------------------------

def test_pt13_exactly_half_is_not_elected_and_pt15_seats_are_not_filled_from_below_half(small):
    round_id = counted(small, [6, 6, 5, 3])
    result = vote.round_result(small, round_id)
    assert [line.name for line in result.elected()] == ["苏宏波", "邹建福"]
    assert not next(line for line in result.lines if line.yes == 5).elected  # 5 of 10: exactly half
    state = vote.committee_state(small)
    assert (len(state.elected), state.unfilled, state.complete) == (2, 1, False)
    assert blockers(small, "party.meeting")[0][1] == ("PT-15",)


def test_pt15_reducing_the_seats_needs_a_majority_of_those_present(small):
    counted(small, [6, 6, 5, 3])
    with pytest.raises(InvalidInput) as refused:
        vote.record_unfilled_choice(small, "reduce", TODAY, consent=5)  # half is not a majority
    assert "至少6人" in str(refused.value.errors["consent"])
    assert vote.record_unfilled_choice(small, "reduce", TODAY, consent=6) is None
    state = vote.committee_state(small)
    assert (state.seats, state.unfilled, state.complete) == (2, 0, True)
    assert blockers(small, "party.meeting") == []
    assert "减少名额" in vote.choice_text(small)


def test_pt15_the_empty_seat_re_elected_among_the_not_elected(small):
    counted(small, [6, 6, 5, 3])
    again = vote.record_unfilled_choice(small, "reelect", TODAY)
    view = vote.round_view(small, again)
    assert (view.kind, view.contests[0].seats) == ("revote", 1)
    assert sorted(p.name for p in view.contests[0].candidates) == sorted(["陈莲静", "孟文涛"])
    assert blockers(small, "party.meeting") == [("计票单尚未经两人分别录入并核对一致", ("PT-13",))]
    enter_twice(small, again, sheet(small, again, [7, 3]))
    vote.confirm(small, again, "孙总监")
    state = vote.committee_state(small)
    assert state.complete and len(state.elected) == 3
    assert blockers(small, "party.meeting") == []


def test_no_decision_needed_when_every_seat_is_filled(small):
    counted(small, [9, 8, 7, 2])
    with pytest.raises(InvalidInput):
        vote.record_unfilled_choice(small, "reelect", TODAY)


# --- PT-14 ------------------------------------------------------------------------------------

def test_pt14_over_full_by_votes_and_a_tie_for_the_last_seat_is_voted_again(small):
    counted(small, [9, 8, 6, 6])
    state = vote.committee_state(small)
    assert [m.name for m in state.elected] == ["苏宏波", "邹建福"]
    assert (len(state.tie_among), state.tie_seats) == (2, 1)
    assert blockers(small, "party.meeting")[0][1] == ("PT-14",)
    revote = vote.open_tie_revote(small, TODAY)
    view = vote.round_view(small, revote)
    assert [p.name for p in view.contests[0].candidates] == ["陈莲静", "孟文涛"]
    enter_twice(small, revote, sheet(small, revote, [4, 6]))
    vote.confirm(small, revote, "孙总监")
    state = vote.committee_state(small)
    assert [m.name for m in state.elected] == ["苏宏波", "邹建福", "孟文涛"] and state.complete
    assert blockers(small, "party.meeting") == []


def test_pt14_over_full_without_a_tie_takes_the_most_votes(small):
    counted(small, [9, 8, 7, 6])
    assert [m.name for m in vote.committee_state(small).elected] == ["苏宏波", "邹建福", "陈莲静"]


# --- double entry -----------------------------------------------------------------------------

def test_two_passes_differing_in_votes_against_are_shown_side_by_side_and_only_agreed_ones_count(small):
    """Issue 12 item 7: 不赞成 and 弃权 are figures of the double entry like 赞成 — a difference is
    shown field by field and the supervisor keeps one pass or sends the sheet back."""
    round_id = vote.open_meeting(small, MEETING_DAY, 10)
    first = sheet(small, round_id, [9, 8, 7, 2])
    second = vote.SheetFigures(first.issued, first.returned, first.void_ballots,
                               (*first.lines[:3], vote.VoteLine(first.lines[3].candidate_id, 2, 7, 1)))
    assert vote.record_sheet(small, round_id, "王芳", first) == "waiting"
    with pytest.raises(InvalidInput):
        vote.record_sheet(small, round_id, "王芳", first)  # the same clerk cannot enter twice
    assert vote.record_sheet(small, round_id, "李明", second) == "differs"
    state = vote.sheet_state(small, round_id)
    fourth = first.lines[3]
    assert [(f.split("·", 2)[-1], a, b) for f, a, b in state.differences] == [
        ("不赞成", fourth.no, 7), ("弃权", fourth.abstain, 1)]
    assert vote.round_result(small, round_id) is None  # nothing counts until they agree
    vote.send_back(small, round_id, "孙总监", "第4号候选人的不赞成票两遍不一致，重新录入")
    assert vote.sheet_state(small, round_id).state == "open"


def test_a_line_with_more_marks_than_valid_ballots_is_refused(small):
    round_id = vote.open_meeting(small, MEETING_DAY, 10)
    ids = candidate_ids(small, round_id)
    lines = tuple(vote.VoteLine(cid, 6, 4, 1) for cid in ids)
    with pytest.raises(InvalidInput) as refused:
        vote.record_sheet(small, round_id, "王芳", vote.SheetFigures(10, 10, 0, lines))
    assert "合计多于有效票10张" in str(refused.value.errors["sheet"])


# --- officers, report -------------------------------------------------------------------------

def test_officers_equal_to_the_seats_from_the_elected_members(session):
    scope = scope_of(session, party_at_meeting(session))  # 5 seats, 1 deputy, 应到会 18
    round_id = vote.open_meeting(scope, MEETING_DAY, 18)
    enter_twice(scope, round_id, sheet(scope, round_id, [15, 14, 13, 12, 11, 3]))
    vote.confirm(scope, round_id, "孙总监")
    stages.advance(scope_of(session, scope.election.id), "party.meeting", MEETING_DAY)
    slate = vote.proposed_slate(scope)
    members = [m.candidate_id for m in vote.committee_state(scope).elected]
    outsider = candidate_ids(scope, round_id)[-1]  # 高成涛, not elected
    with pytest.raises(InvalidInput) as refused:
        vote.open_officers(scope, MEETING_DAY, vote.OfficerSlate(outsider, slate.deputies))
    assert "PT-18" in str(refused.value.errors["secretary"])
    with pytest.raises(InvalidInput) as refused:
        vote.open_officers(scope, MEETING_DAY, vote.OfficerSlate(slate.secretary, ()))
    assert "等额" in str(refused.value.errors["deputies"])
    assert slate.secretary in members and len(slate.deputies) == 1
    officers = vote.open_officers(scope, MEETING_DAY)
    view = vote.round_view(scope, officers)
    assert [(c.office, c.seats, len(c.candidates)) for c in view.contests] == [("书记", 1, 1), ("副书记", 1, 1)]
    assert (view.expected, view.attended) == (5, 5)
    enter_twice(scope, officers, sheet(scope, officers, [5, 2]))  # the deputy: 2 of 5, not elected
    vote.confirm(scope, officers, "孙总监")
    assert vote.officers_done(scope) is None
    assert blockers(scope, "party.officers")[0][1] == ("PT-13", "PT-19")
    with pytest.raises(InvalidInput):
        vote.issue_report(scope, TODAY)


def test_the_report_printed_and_the_reply_recorded(session):
    scope = scope_of(session, party_at_meeting(session))
    round_id = vote.open_meeting(scope, MEETING_DAY, 18)
    enter_twice(scope, round_id, sheet(scope, round_id, [15, 14, 13, 12, 11, 3]))
    vote.confirm(scope, round_id, "孙总监")
    officers = vote.open_officers(scope, MEETING_DAY)
    enter_twice(scope, officers, sheet(scope, officers, [5, 4]))
    vote.confirm(scope, officers, "孙总监")
    with pytest.raises(InvalidInput) as refused:
        vote.record_reply(scope, TODAY, "云委字〔2026〕30号")
    assert "general" in refused.value.errors
    spec = vote.report_spec(scope, TODAY)
    assert (spec.expected, spec.attended, spec.seats, spec.committee_size) == (18, 18, 5, 5)
    assert [v.elected for v in spec.committee] == [True] * 5 + [False]
    assert spec.quorum_text == "超过应到会人数的五分之四，符合规定"
    assert [(o.office, o.yes) for o in spec.officers] == [("书记", 5), ("副书记", 4)]
    document = vote.issue_report(scope, MEETING_DAY)
    assert document.kind == "party_result_report"
    with pytest.raises(InvalidInput) as refused:
        vote.record_reply(scope, MEETING_DAY.replace(day=MEETING_DAY.day - 1), "云委字〔2026〕30号")
    assert "早于报告日期" in str(refused.value.errors["reply_on"])
    with pytest.raises(InvalidInput) as refused:
        vote.record_reply(scope, TODAY, " ")
    assert "number" in refused.value.errors
    vote.record_reply(scope, TODAY, "云委字〔2026〕30号")
    assert vote.report_state(scope) == vote.ReportState(MEETING_DAY, TODAY, "云委字〔2026〕30号")
    assert not [b for b in blockers(scope, "party.report") if "PT-21" in b[1]]


# --- migration 0018 ---------------------------------------------------------------------------

def test_migration_0018_moves_the_old_notes_into_sheet_lines_audited_and_back(store):
    # (the downgrade's own audit replay waits for the next upgrade: the models have the new column)
    """Databases of 0017 kept 不赞成/弃权 in a dated fact's JSON note: the upgrade makes them lines of
    the tally sheet with one audit event each; the downgrade moves them back, audited too."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import func, select

    from models import AuditEvent, CountSheetLine, MilestoneFact
    from workflows.core import audit
    from workflows.core.store import MIGRATIONS_DIR, upgrade_to

    with store.transaction("测试") as session:
        scope = scope_of(session, party_at_meeting(session, seats=3, deputies=0))
        round_id = vote.open_meeting(scope, MEETING_DAY, 10)
        figures = sheet(scope, round_id, [9, 8, 7, 2])
        assert enter_twice(scope, round_id, figures) == "agreed"
        election_id = scope.election.id
        before = [(line.yes, line.no, line.abstain) for line in vote.round_result(scope, round_id).lines]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0017_count")
    with store.transaction("测试") as session:
        notes = session.scalars(select(MilestoneFact.note).where(MilestoneFact.key.like("party_sheet:%"))).all()
        assert len(notes) == 2 and all(json.loads(n) for n in notes)  # both passes, as 0017 kept them
        assert session.scalar(select(func.count()).select_from(CountSheetLine).where(
            CountSheetLine.line.in_(("against", "abstain")))) == 0
    upgrade_to(store, "head")
    with store.transaction("测试") as session:
        assert session.scalar(select(func.count()).select_from(MilestoneFact).where(
            MilestoneFact.key.like("party_sheet:%"))) == 0
        after = [(line.yes, line.no, line.abstain)
                 for line in vote.round_result(scope_of(session, election_id), round_id).lines]
        assert after == before
        assert audit.verify(session).ok
        moved = session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.operator == audit.UPGRADE_OPERATOR, AuditEvent.entity == "count_sheet_line"))
        assert moved == 2 * 2 * len(before) * 2  # 不赞成 and 弃权, both passes, out and back in


# --- ballot by ballot (issue 12 item 5a) -------------------------------------------------------

PARTY_BALLOTS = ["1 2 3"] * 5 + ["1 2 -4"] * 2 + ["1 -3 -4", "-1 -2 -3 -4", "*"]  # 10 read, 1 void


def test_pt13_ballots_read_one_by_one_give_yes_no_and_abstain_per_candidate(small):
    """PT-13 on 赞成 votes; 不赞成 as marked (-n); a candidate marked neither way abstains."""
    round_id = vote.open_meeting(small, MEETING_DAY, 10)
    for operator in ("王芳", "李明"):
        entry_id = vote.start_ballots(small, round_id, operator)
        for line in PARTY_BALLOTS:
            entry.record_ballot(small, entry_id, line)
        assert vote.submit_ballots(small, round_id, entry_id, 10) in ("waiting", "agreed")
    assert vote.sheet_state(small, round_id).state == "agreed"
    result = vote.round_result(small, round_id)
    lines = [(line.yes, line.no, line.abstain) for line in result.lines]
    assert lines == [(8, 1, 0), (7, 1, 1), (5, 2, 2), (0, 4, 5)]  # each line sums to the 9 valid ballots
    # PT-13: more than half of the 10 attending — 8, 7 elected; 5 is exactly half, not elected (PT-15)
    assert [line.yes for line in result.lines if line.elected] == [8, 7]
    assert result.returned == 10 and result.void_ballots == 1


def test_pt12_more_yes_marks_than_seats_void_the_ballot_for_the_office_and_no_marks_are_refused_twice(small):
    round_id = vote.open_meeting(small, MEETING_DAY, 10)
    entry_id = vote.start_ballots(small, round_id, "王芳")
    done = entry.record_ballot(small, entry_id, "1 2 3 4")  # 4 赞成 for 3 seats (PT-12)
    figures = done.totals.contests[result_contest(small, round_id)]
    assert figures.invalid == 1 and not figures.votes and not figures.against and not figures.abstain
    with pytest.raises(InvalidInput) as refused:
        entry.record_ballot(small, entry_id, "1 -1")
    assert "既标了赞成又标了不赞成" in str(refused.value.errors["line"])


def test_a_villager_ballot_has_no_against_marks(session):
    from tests.test_vc_formal import formal_candidates
    from workflows.core.scope import open_scope
    from workflows.count import double_entry, rounds
    from workflows.villager import vote as villager_vote

    _township, election = formal_candidates(session)
    scope = open_scope(session, election.id)
    round_id = villager_vote.set_up_first_round(scope)
    entry_id = double_entry.start_entry(scope, rounds.round_view(scope, round_id).boxes[0].id, "王芳")
    with pytest.raises(InvalidInput) as refused:
        entry.record_ballot(scope, entry_id, "1 -2")
    assert "没有“不赞成”一栏" in str(refused.value.errors["line"])


def result_contest(scope, round_id) -> int:
    return vote.round_view(scope, round_id).contests[0].id


def test_migration_0019_moves_the_pt15_decision_from_a_json_note_to_the_track_audited(store):
    """0018 kept the PT-15 decision as JSON in a dated fact's note: the upgrade makes it the
    Party track's columns, the fact's removal audited; the decision reads the same after."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import select

    from models import MilestoneFact
    from workflows.core import audit
    from workflows.core.store import MIGRATIONS_DIR, upgrade_to

    with store.transaction("测试") as session:
        scope = scope_of(session, party_at_meeting(session, seats=3, deputies=0))
        counted(scope, [6, 6, 5, 3])
        vote.record_unfilled_choice(scope, "reduce", TODAY, consent=6)
        election_id, before = scope.election.id, vote.choice_text(scope)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0018_count_details")
    with store.engine.connect() as connection:
        note = connection.execute(text("SELECT note FROM milestone_fact WHERE key = 'party_unfilled_choice'")).scalar()
    assert json.loads(note) == {"choice": "reduce", "consent": 6, "unfilled": 1}
    upgrade_to(store, "head")
    with store.transaction("测试") as session:
        scope = scope_of(session, election_id)
        assert vote.choice_text(scope) == before and vote.committee_state(scope).seats == 2
        assert session.scalars(select(MilestoneFact).where(MilestoneFact.key == "party_unfilled_choice")).first() is None
        assert audit.verify(session).ok


def test_migrations_0018_0019_leave_a_fact_they_cannot_read_as_it_is(store):
    """A hostile or damaged note (edited with sqlite3) never stops the upgrade nor is guessed at:
    the fact stays, audited, and the database opens."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import select

    from models import MilestoneFact
    from tests.conftest import make_election, make_township
    from workflows.core import audit
    from workflows.core.store import MIGRATIONS_DIR, upgrade_to

    with store.transaction("测试") as session:
        election = make_election(session, make_township(session))
        for key, note in (("party_sheet:abc", '{"1": [2, 3]}'), ("party_sheet:7", "{坏"),
                          ("party_unfilled_choice", '["reduce"]')):
            session.add(MilestoneFact(election_id=election.id, key=key, day=TODAY, note=note))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0017_count")
    upgrade_to(store, "head")
    with store.transaction("测试") as session:
        kept = sorted(session.scalars(select(MilestoneFact.key).where(MilestoneFact.election_id == election.id)))
        assert kept == ["party_sheet:7", "party_sheet:abc", "party_unfilled_choice"]
        assert audit.verify(session).ok
