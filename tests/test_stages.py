"""The stage machine: blockers from data, order, deadlines, advance and reopen with audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from models import AuditEvent, StageState
from tests.conftest import TODAY, add_voter, make_election, make_township
from tests.vc_committee_data import seat_committee
from workflows.core import stages
from workflows.core.calendar import record_fact
from workflows.core.findings import Finding, Severity
from workflows.core.policy import RulesProfile
from workflows.core.scope import ElectionScope, open_scope
from workflows.core.stages import register_blockers
from workflows.core.text import msg


def ctx(session, election, preset="national") -> ElectionScope:
    return open_scope(session, election, TODAY, profile=RulesProfile.from_preset(preset))


def messages(report) -> list[str]:
    return [str(b.message) for b in report.blockers]


def test_stages_of_both_tracks_in_order():
    assert [s.key for s in stages.PARTY_STAGES][:3] == [
        "party.recommendation", "party.initial_candidates", "party.qualification"]
    assert stages.VC_STAGES[1].key == "vc.registration"
    assert stages.VC_STAGES[-1].key == "vc.archive"


def test_missing_election_day_blocks_the_track(session):
    election = make_election(session, make_township(session))
    report = stages.evaluate(ctx(session, election), "vc.election_committee")
    assert "尚未设定村委会选举日（在“选举设置”中填写）" in messages(report)
    assert not report.can_advance


def test_a_stage_waits_for_the_one_before(session):
    election = make_election(session, make_township(session), committee=TODAY + timedelta(days=60))
    report = stages.evaluate(ctx(session, election), "vc.registration")
    assert "前一阶段“推选村民选举委员会”尚未完成" in messages(report)


def test_vc10_an_unrecorded_publication_blocks_then_an_on_time_one_clears(session):
    election = make_election(session, make_township(session), committee=TODAY + timedelta(days=30))
    seat_committee(session, election)
    context = ctx(session, election)
    stages.advance(context, "vc.election_committee", TODAY)
    add_voter(session, election)
    report = stages.evaluate(ctx(session, election), "vc.registration")
    assert messages(report) == ["尚未记录“公布选民名单”的日期（最迟2026年12月1日）"]
    record_fact(session, election, "voter_list_published", date(2026, 12, 1))
    session.flush()
    assert stages.evaluate(ctx(session, election), "vc.registration").blockers == []


def test_vc10_publication_19_days_before_blocks_with_the_days_missing(session):
    """VC-10, CONV-04: published on E−19 is one day short of the 20 days."""
    election_day = TODAY + timedelta(days=30)
    election = make_election(session, make_township(session), committee=election_day)
    seat_committee(session, election)
    stages.advance(ctx(session, election), "vc.election_committee", TODAY)
    add_voter(session, election)
    record_fact(session, election, "voter_list_published", election_day - timedelta(days=19))
    report = stages.evaluate(ctx(session, election), "vc.registration")
    assert messages(report) == ["“公布选民名单”于2026年12月2日完成，晚于法定最迟日期2026年12月1日，相差1日"]
    assert report.blockers[0].rule_ids == ("VC-10", "CONV-04")


def test_a_deadline_passed_without_the_step_blocks_as_late(session):
    election = make_election(session, make_township(session), committee=TODAY + timedelta(days=15))
    seat_committee(session, election)
    stages.advance(ctx(session, election), "vc.election_committee", TODAY)
    report = stages.evaluate(ctx(session, election), "vc.registration")
    assert any("已逾期5日" in m for m in messages(report))


def test_sd46_jiangxi_requires_the_audit_before_the_first_stage(session):
    township = make_township(session, "jiangxi_2021")
    election = make_election(session, township, party=TODAY + timedelta(days=20),
                             committee=TODAY + timedelta(days=60))
    def audit_blockers():
        report = stages.evaluate(ctx(session, election, "jiangxi_2021"), "party.recommendation")
        return [str(b.message) for b in report.blockers if "SD-46" in b.rule_ids]

    assert audit_blockers() == ["尚未记录“离任经济责任审计结果公布”的日期（最迟2026年12月10日）"]
    record_fact(session, election, "audit_published", TODAY - timedelta(days=3))
    assert audit_blockers() == []


def test_vc01_seats_outside_the_profile_range_block(session):
    election = make_election(session, make_township(session), committee=TODAY + timedelta(days=60))
    election.vc_members = 6  # 1 + 1 + 6 = 8 > 7
    report = stages.evaluate(ctx(session, election), "vc.election_committee")
    assert "村民委员会职数共8人，不在3～7人范围内" in messages(report)


def test_advance_records_who_when_and_refuses_a_future_date(session):
    election = make_election(session, make_township(session), committee=TODAY + timedelta(days=60))
    check = stages.check_advance(ctx(session, election), "vc.election_committee", TODAY + timedelta(days=1))
    assert not check.ok and "晚于今天" in str(check.reasons[-1])
    seat_committee(session, election)
    stages.advance(ctx(session, election), "vc.election_committee", TODAY, "村民代表会议推选")
    context = ctx(session, election)
    assert context.status("vc.election_committee") == stages.StageStatus.DONE
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "stage.advance")).one()
    assert event.operator == "测试员"
    assert "完成阶段“推选村民选举委员会”" in event.summary
    assert event.election_id == election.id and event.village_id == election.village_id
    with pytest.raises(ValueError, match="该阶段已完成"):
        stages.advance(ctx(session, election), "vc.election_committee", TODAY)


def test_reopen_needs_a_reason_and_reopens_later_done_stages_too(session):
    election = make_election(session, make_township(session), committee=TODAY + timedelta(days=60))
    seat_committee(session, election)
    stages.advance(ctx(session, election), "vc.election_committee", TODAY)
    record_fact(session, election, "voter_list_published", TODAY)
    add_voter(session, election)
    stages.advance(ctx(session, election), "vc.registration", TODAY)
    assert not stages.check_reopen(ctx(session, election), "vc.election_committee", "  ").ok
    reopened = stages.reopen(ctx(session, election), "vc.election_committee", "成员被提名为候选人，须递补")
    assert reopened == ["vc.election_committee", "vc.registration"]
    context = ctx(session, election)
    assert context.status("vc.registration") == stages.StageStatus.REOPENED
    assert stages.current_stage(context, stages.Track.VC).key == "vc.election_committee"
    reasons = session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "stage.reopen")).all()
    assert reasons == ["重新打开阶段“推选村民选举委员会”：成员被提名为候选人，须递补",
                       "重新打开阶段“选民登记与名单公布”：成员被提名为候选人，须递补"]


def test_stage_modules_add_blockers_without_editing_the_machine(session):
    """A later module declares a stage's work and registers a rule; the machine applies it."""
    was_supported = stages.is_supported("vc.nomination")  # now a real domain's: leave it as found
    stages.register_work("vc.nomination")

    @register_blockers("vc.nomination")
    def nomination_rule(context, stage):
        return [Finding(msg("示例规则：提名票尚未统计"), ("GC-19",)),
                Finding(msg("示例警告"), (), Severity.WARNING)]

    try:
        election = make_election(session, make_township(session), committee=TODAY + timedelta(days=60))
        report = stages.evaluate(ctx(session, election), "vc.nomination")
        assert "示例规则：提名票尚未统计" in messages(report)
        assert [str(w.message) for w in report.warnings] == ["示例警告"]
        other = stages.evaluate(ctx(session, election), "vc.vote")
        assert "示例规则：提名票尚未统计" not in messages(other)
    finally:
        stages._BLOCKERS["vc.nomination"].remove(nomination_rule)
        if not was_supported:
            stages._SUPPORTED.discard("vc.nomination")


def test_a_stage_whose_work_is_not_supported_can_never_be_completed(session):
    """Issue 9, 3.6: a stage is done only when its work is done — an empty 工作移交 stage
    is refused whatever its dates say."""
    election = make_election(session, make_township(session), committee=TODAY + timedelta(days=60))
    context = ctx(session, election)
    report = stages.evaluate(context, "vc.handover")
    assert not report.can_advance
    assert any("本阶段的工作尚未支持" in text for text in messages(report))
    check = stages.check_advance(context, "vc.handover", TODAY)
    assert not check.ok and any("尚未支持" in str(reason) for reason in check.reasons)


def test_a_stage_completed_before_its_work_was_supported_is_shown_so_and_counts_as_not_done(session):
    """Databases from earlier versions: a stage done without a work area shows 已完成（无记录）,
    is not done for the order rule or the overview, and is the track's current stage."""
    # vc.handover: a stage whose work no domain implements yet (vc.nomination and vc.results now
    # have their own).
    election = make_election(session, make_township(session), committee=TODAY + timedelta(days=60))
    session.add(StageState(election_id=election.id, stage_key="vc.handover", status="done",
                           completed_on=TODAY))
    session.flush()
    context = ctx(session, election)
    assert context.status("vc.handover") == stages.StageStatus.DONE
    assert not context.is_done("vc.handover")
    assert stages.mark_of(context, "vc.handover") == stages.StageMark.DONE_WITHOUT_RECORD
    assert str(stages.MARK_LABELS[stages.StageMark.DONE_WITHOUT_RECORD]) == "已完成（无记录）"


def test_stages_not_reached_say_not_started_and_the_current_one_in_progress(session):
    """Issue 9, 3.6: 未开始 for stages not reached, 进行中 only for the current one."""
    election = make_election(session, make_township(session), committee=TODAY + timedelta(days=60))
    context = ctx(session, election)
    assert stages.mark_of(context, "vc.election_committee") == stages.StageMark.CURRENT
    assert stages.mark_of(context, "vc.registration") == stages.StageMark.PENDING
    assert str(stages.MARK_LABELS[stages.StageMark.PENDING]) == "未开始"


def test_sd46_the_audit_must_be_published_by_the_first_step_of_the_election_stage(session):
    """SD-46 (先审计后换届): the deadline is the day of the first step of either track — in seed
    003 the Party track's 两推 — not the election day; an audit dated after it blocks."""
    from workflows.party import candidates as pc

    township = make_township(session, "jiangxi_2021")
    election = make_election(session, township, party=TODAY + timedelta(days=20),
                             committee=TODAY + timedelta(days=60))

    def blockers(stage):
        report = stages.evaluate(ctx(session, election, "jiangxi_2021"), stage)
        return [str(b.message) for b in report.blockers if "SD-46" in b.rule_ids]

    warnings = stages.evaluate(ctx(session, election, "jiangxi_2021"), "vc.election_committee").warnings
    assert [str(w.message) for w in warnings if "SD-46" in w.rule_ids] == [
        "尚未记录离任经济责任审计结果的公布日期：先审计后换届，审计结果公布前不得开展选举阶段的工作"]
    pc.record_round(ctx(session, election, "jiangxi_2021"), "member", TODAY - timedelta(days=5), 40)
    milestone = next(m for m in ctx(session, election, "jiangxi_2021").schedule.milestones
                     if m.key == "audit_published")
    assert (milestone.due, milestone.stage_key) == (TODAY - timedelta(days=5), "party.recommendation")
    assert "党员推荐" in str(milestone.basis)
    record_fact(session, election, "audit_published", TODAY - timedelta(days=3))  # after the 两推
    assert blockers("party.recommendation") == [
        "“离任经济责任审计结果公布”于2026年11月18日完成，晚于法定最迟日期2026年11月16日，相差2日"]
    assert blockers("vc.election_committee") == []  # no villager-committee step came before it
    record_fact(session, election, "audit_published", TODAY - timedelta(days=5))  # the same day: in time
    assert blockers("party.recommendation") == [] and blockers("vc.election_committee") == []


def test_sd46_a_villager_committee_step_before_the_audit_blocks_that_track(session):
    township = make_township(session, "jiangxi_2021")
    election = make_election(session, township, committee=TODAY + timedelta(days=60))
    record_fact(session, election, "stage:vc.election_committee", TODAY - timedelta(days=9))
    record_fact(session, election, "party_member_round", TODAY - timedelta(days=4))
    record_fact(session, election, "audit_published", TODAY - timedelta(days=6))
    context = ctx(session, election, "jiangxi_2021")
    milestone = next(m for m in context.schedule.milestones if m.key == "audit_published")
    assert (milestone.stage_key, milestone.done_late_by) == ("vc.election_committee", 3)
    party = [str(b.message) for b in stages.evaluate(context, "party.recommendation").blockers
             if "SD-46" in b.rule_ids]
    assert party == []  # the 两推 came after the audit


def test_vc33_national_law_only_needs_the_audit_before_the_vote(session):
    township = make_township(session, "national")
    election = make_election(session, township, party=TODAY + timedelta(days=20),
                             committee=TODAY + timedelta(days=60))
    record_fact(session, election, "party_member_round", TODAY - timedelta(days=5))
    milestone = next(m for m in ctx(session, election).schedule.milestones if m.key == "audit_published")
    assert (milestone.stage_key, milestone.due) == ("vc.vote_notice", TODAY + timedelta(days=59))
