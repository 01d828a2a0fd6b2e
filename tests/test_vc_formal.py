"""The formal candidates of the villager committee (vc.formal_candidates) at their boundaries.

Rule IDs: SD-24 (posted at least the profile's 5 days before the vote), CONV-04 (calendar days:
a holiday does not move the day), SO-01 / SO-04 (the printed order and the sentence naming it),
VC-13 (more candidates than seats), PV-05 (changes posted, the 5-day line not restarted),
VC-14 (the candidates meet the villagers before the vote). Candidates are reached through the real
nomination, review and inspection workflows (tests/test_vc_qualification.py).
"""

from __future__ import annotations

from datetime import date

import pytest

from models import CalendarDay
from tests.pdfs import compact
from tests.test_vc_qualification import inspected, review_all, set_rules, setup
from workflows.core import stages
from workflows.core.errors import InvalidInput
from workflows.core.scope import open_scope
from workflows.villager import candidates, formal
from workflows.villager import qualification as q

TODAY = date(2026, 11, 21)  # tests/conftest.py


def formal_candidates(session, preset="national", vote_day=date(2026, 11, 26)):
    """Every candidate reviewed and inspected: the formal candidates of a vote on ``vote_day``."""
    township, election = setup(session, preset)
    review_all(session, election)
    for row in q.nominee_rows(open_scope(session, election)):
        q.record_inspection(open_scope(session, election), row.id, inspected())
    election.committee_election_day = vote_day
    session.flush()
    return township, election


def own_blockers(session, election, today=TODAY) -> list[str]:
    report = stages.evaluate(open_scope(session, election, today=today), "vc.formal_candidates")
    return [str(b.message) for b in report.blockers if "前一阶段" not in str(b.message)]


def lateness(session, election, today=TODAY) -> list[str]:
    return [t for t in own_blockers(session, election, today) if "公布正式候选人名单" in t]


def hold_meeting(session, election, day=date(2026, 11, 23)) -> None:
    formal.save_meeting(open_scope(session, election), formal.MeetingInput(day, "上午9时", "村委会会议室"))


# --- nothing entered, nothing done ------------------------------------------------------------

def test_vc13_sd24_the_stage_cannot_complete_with_no_candidates(session):
    from tests.conftest import make_election, make_township

    election = make_election(session, make_township(session), committee=date(2026, 12, 20))
    texts = own_blockers(session, election)
    assert any("正式候选人只有0人，不能实行差额选举（VC-13）" in t for t in texts)
    assert any("尚未安排正式候选人与村民见面（VC-14）" in t for t in texts)
    assert any("尚未记录“公布正式候选人名单”的日期" in t for t in texts)


# --- the 5-day line (SD-24, CONV-04) ---------------------------------------------------------

def test_sd24_a_list_posted_five_days_before_the_vote_is_in_time(session):
    _, election = formal_candidates(session, vote_day=date(2026, 11, 26))
    formal.post_formal_list(open_scope(session, election), TODAY)
    hold_meeting(session, election)
    assert own_blockers(session, election) == []


def test_sd24_a_list_posted_four_days_before_blocks_with_the_days_missing(session):
    _, election = formal_candidates(session, vote_day=date(2026, 11, 25))
    scope = open_scope(session, election)
    assert formal.late_by(scope, TODAY) == 1
    formal.post_formal_list(scope, TODAY)  # lateness is said, not refused: the stage stays blocked
    hold_meeting(session, election, date(2026, 11, 22))
    assert lateness(session, election) == [
        "“公布正式候选人名单”于2026年11月21日完成，晚于法定最迟日期2026年11月20日，相差1日"]


@pytest.mark.parametrize(("posted", "late"), [(date(2026, 11, 21), False), (date(2026, 11, 22), True)])
def test_sd24_conv04_a_holiday_on_the_last_day_does_not_move_it(session, posted, late):
    """Calendar days: the last day (E−5) is a holiday and stays the last day, either way."""
    _, election = formal_candidates(session, vote_day=date(2026, 11, 26))
    session.add(CalendarDay(day=date(2026, 11, 21), is_workday=False, name="调休"))
    session.flush()
    formal.post_formal_list(open_scope(session, election, today=posted), posted)
    hold_meeting(session, election)
    assert bool(lateness(session, election, posted)) == late


def test_sd24_the_number_of_days_comes_from_the_profile(session):
    """Posted on E−5: in time under 5 days, a day late once the profile says 6."""
    township, election = formal_candidates(session, vote_day=date(2026, 11, 26))
    days = open_scope(session, election).profile.days("formal_candidates_days")
    set_rules(session, township, formal_candidates_days=days + 1)
    formal.post_formal_list(open_scope(session, election), TODAY)
    assert lateness(session, election)


# --- the order and the sentence that names it (SO-01, SO-04) -----------------------------------

def printed_text(document) -> str:
    return compact(document.pdf)


@pytest.mark.parametrize("order", ["stroke", "votes"])
def test_so01_so04_the_order_sentence_matches_the_printed_order(session, order):
    township, election = formal_candidates(session)
    set_rules(session, township, candidate_order=order)
    scope = open_scope(session, election)
    members = next(block for block in formal.formal_list(scope) if block.office == "member")
    names = [entry.name for entry in members.entries]
    if order == "votes":
        assert [e.votes for e in members.entries] == sorted((e.votes for e in members.entries), reverse=True)
    else:
        assert names == ["刘洋", "杨帆", "陈静"]  # 刘 6, 杨 7, 陈 7 strokes (then the next stroke)
    document = formal.post_formal_list(scope, TODAY)
    flat = printed_text(document)
    assert formal.ORDER_SENTENCES[order] in flat
    block = flat[flat.index("委员"):]
    positions = [block.index(name) for name in names]
    assert positions == sorted(positions)


# --- changes after the posting (PV-05) -------------------------------------------------------

def test_pv05_a_change_needs_its_notice_and_does_not_restart_the_five_days(session):
    _, election = formal_candidates(session, vote_day=date(2026, 11, 26))
    formal.post_formal_list(open_scope(session, election), TODAY)
    hold_meeting(session, election)
    member = next(c for c in candidates.current(open_scope(session, election)) if c.name == "杨帆")
    candidates.withdraw(open_scope(session, election), member.id, TODAY, True)
    texts = own_blockers(session, election)
    assert any("尚未通过资格审查" in t and "黄敏" in t for t in texts)  # moved up: reviewed first
    review_all(session, election)
    q.record_inspection(open_scope(session, election),
                        next(r.id for r in q.nominee_rows(open_scope(session, election)) if r.name == "黄敏"),
                        inspected())
    assert any("尚未发布变动公告" in t for t in own_blockers(session, election))
    formal.post_changes(open_scope(session, election), TODAY)
    assert own_blockers(session, election) == []
    assert open_scope(session, election).facts.get(formal.FACT) == TODAY  # the original posting stands


# --- the candidates meet the villagers (VC-14) -------------------------------------------------

def test_vc14_the_meeting_is_before_the_vote_and_its_attendance_is_recorded(session):
    _, election = formal_candidates(session, vote_day=date(2026, 11, 26))
    scope = open_scope(session, election)
    with pytest.raises(InvalidInput) as refused:
        formal.save_meeting(scope, formal.MeetingInput(date(2026, 11, 26), "", "村委会会议室"))
    assert "见面会应在选举日2026年11月26日之前举行" in str(refused.value.errors["held_on"])
    formal.post_formal_list(scope, TODAY)
    met = formal.save_meeting(scope, formal.MeetingInput(date(2026, 11, 20), "上午9时", "村委会会议室"))
    report = stages.evaluate(open_scope(session, election), "vc.formal_candidates")
    assert any("见面会尚未记录到会人数" in str(w.message) for w in report.warnings)
    formal.save_meeting(open_scope(session, election),
                        formal.MeetingInput(date(2026, 11, 20), "上午9时", "村委会会议室", 60), met.id)
    report = stages.evaluate(open_scope(session, election), "vc.formal_candidates")
    assert not any("到会人数" in str(w.message) for w in report.warnings)
