"""The legal calendar: day counting at its boundaries (CONV-03…06), milestones and status."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from models import ElectionProcess
from workflows.core.calendar import CalendarContext, Status, build_schedule
from workflows.core.holidays import WorkdayCalendar
from workflows.core.policy import RulesProfile, Setting

TODAY = date(2026, 11, 21)


def context(profile=None, facts=None, workdays=None, **days) -> CalendarContext:
    election = ElectionProcess(
        party_election_day=days.get("party"), committee_election_day=days.get("committee"),
        party_members=5, vc_chairs=1, vc_vice_chairs=1, vc_members=3)
    return CalendarContext(election, profile or RulesProfile.from_preset("national"),
                           workdays or WorkdayCalendar(), facts or {})


def milestone(schedule, key):
    return next(m for m in schedule.milestones if m.key == key)


def strict(profile: RulesProfile) -> RulesProfile:
    old = profile.setting("days_before_rule")
    return profile.with_setting("days_before_rule", Setting("strict", old.source, old.verified))


def test_vc10_voter_list_latest_day_is_exactly_20_days_before():
    schedule = build_schedule(context(committee=date(2026, 12, 20)), TODAY)
    assert milestone(schedule, "voter_list_published").due == date(2026, 11, 30)


def test_vc10_strict_reading_needs_one_more_day():
    """CONV-04: strict reading — 20 whole days between publication and the vote."""
    ctx = context(strict(RulesProfile.from_preset("national")), committee=date(2026, 12, 20))
    assert milestone(build_schedule(ctx, TODAY), "voter_list_published").due == date(2026, 11, 29)


def test_vc10_publication_on_the_last_day_is_on_time_and_one_day_later_is_late():
    on_time = build_schedule(context(committee=date(2026, 12, 20),
                                     facts={"voter_list_published": date(2026, 11, 30)}), TODAY)
    late = build_schedule(context(committee=date(2026, 12, 20),
                                  facts={"voter_list_published": date(2026, 12, 1)}), TODAY)
    assert milestone(on_time, "voter_list_published").done_late_by == 0
    assert milestone(late, "voter_list_published").done_late_by == 1


def test_vc11_objection_deadline_landing_on_national_day_moves_past_the_holiday():
    """VC-11, CONV-03/05: 9月28日 + 5 = 10月3日 (国庆假期) → 10月8日, the first working day."""
    ctx = context(committee=date(2026, 10, 25), facts={"voter_list_published": date(2026, 9, 28)})
    schedule = build_schedule(ctx, TODAY)
    assert milestone(schedule, "objection_filing_end").due == date(2026, 10, 8)
    # the decision: 10月8日 + 3 = 10月11日 (Sunday) → Monday 10月12日
    assert milestone(schedule, "objection_decision_end").due == date(2026, 10, 12)


def test_vc11_deadline_on_a_make_up_working_saturday_is_not_moved():
    """CONV-06: 2026年10月10日 is a Saturday worked in lieu (调休上班)."""
    ctx = context(committee=date(2026, 10, 30), facts={"voter_list_published": date(2026, 10, 5)})
    assert milestone(build_schedule(ctx, TODAY), "objection_filing_end").due == date(2026, 10, 10)


def test_vc11_without_extension_the_deadline_stays_on_the_holiday():
    profile = RulesProfile.from_preset("national")
    old = profile.setting("extend_on_rest_day")
    profile = profile.with_setting("extend_on_rest_day", Setting(False, old.source, old.verified))
    ctx = context(profile, committee=date(2026, 10, 25),
                  facts={"voter_list_published": date(2026, 9, 28)})
    assert milestone(build_schedule(ctx, TODAY), "objection_filing_end").due == date(2026, 10, 3)


def test_sd24_sd26_vc26_dates_from_the_election_day():
    schedule = build_schedule(context(committee=date(2026, 12, 20)), TODAY)
    assert milestone(schedule, "formal_candidates_published").due == date(2026, 12, 15)
    assert milestone(schedule, "vote_notice_published").due == date(2026, 12, 17)
    assert milestone(schedule, "vote_held").due == date(2026, 12, 20)
    assert milestone(schedule, "handover_done").due == date(2026, 12, 30)  # Wednesday


def test_vc26_handover_counts_from_the_day_the_committee_was_elected_and_skips_rest_days():
    """VC-26: 10 days from the vote on 9月24日 → 10月4日 (国庆) → 10月8日."""
    ctx = context(committee=date(2026, 9, 24), facts={"stage:vc.vote": date(2026, 9, 24)})
    assert milestone(build_schedule(ctx, TODAY), "handover_done").due == date(2026, 10, 8)


def test_pt17_publicity_of_five_working_days_counts_back_across_national_day():
    """PT-17, CONV-06: meeting 10月12日; publicity ends 10月10日 (worked Saturday);
    five working days back: 10月10、9、8日, 9月30、29日 → starts 9月29日."""
    schedule = build_schedule(context(party=date(2026, 10, 12)), TODAY)
    assert milestone(schedule, "party_publicity_started").due == date(2026, 9, 29)
    assert milestone(schedule, "party_approval").due == date(2026, 10, 11)


def test_a_year_without_holiday_data_warns_and_falls_back_to_weekdays():
    """CONV-06: the bundled table ends in 2026; 2027 is counted Monday–Friday, with a warning."""
    schedule = build_schedule(context(committee=date(2027, 1, 20)), TODAY)
    assert [w.args["year"] for w in schedule.warnings] == [2027]
    assert "按周一至周五" in str(schedule.warnings[0])
    assert WorkdayCalendar().is_workday(date(2027, 1, 1))  # a Friday, unknown to the table


def test_the_override_table_covers_a_missing_year():
    workdays = WorkdayCalendar({date(2027, 1, 1): (False, "元旦")}, {2027})
    ctx = context(committee=date(2027, 1, 20), workdays=workdays,
                  facts={"voter_list_published": date(2026, 12, 27)})
    schedule = build_schedule(ctx, TODAY)
    assert schedule.warnings == []
    # 12月27日 + 5 = 1月1日 (entered as a holiday) → Monday 1月4日 (2日、3日 are a weekend)
    assert milestone(schedule, "objection_filing_end").due == date(2027, 1, 4)


def test_status_due_soon_upcoming_late_and_done():
    ctx = context(committee=TODAY + timedelta(days=23))  # voter list due in 3 days
    assert milestone(build_schedule(ctx, TODAY), "voter_list_published").status == Status.DUE_SOON
    ctx = context(committee=TODAY + timedelta(days=24))
    assert milestone(build_schedule(ctx, TODAY), "voter_list_published").status == Status.UPCOMING
    ctx = context(committee=TODAY + timedelta(days=19))
    late = milestone(build_schedule(ctx, TODAY), "voter_list_published")
    assert (late.status, late.days_left) == (Status.LATE, -1)
    ctx = context(committee=TODAY + timedelta(days=19), facts={"voter_list_published": TODAY})
    assert milestone(build_schedule(ctx, TODAY), "voter_list_published").status == Status.DONE


def test_milestones_are_in_date_order_and_carry_rule_ids():
    schedule = build_schedule(context(party=date(2026, 12, 1), committee=date(2027, 1, 10)), TODAY)
    dues = [m.due for m in schedule.milestones]
    assert dues == sorted(dues)
    assert all(m.rule_ids for m in schedule.milestones)
    keys = {m.key for m in schedule.milestones}
    assert {"voter_list_published", "objection_filing_end", "formal_candidates_published",
            "vote_notice_published", "handover_done", "party_publicity_started"} <= keys


@settings(max_examples=300, deadline=None)
@given(start=st.dates(date(2004, 1, 1), date(2026, 12, 1)), days=st.integers(0, 30))
def test_extended_deadline_is_the_first_working_day_on_or_after_start_plus_n(start, days):
    """CONV-03/05 as a property: never earlier than start + N, and only rest days skipped."""
    end = context().within(start, days)
    workdays = WorkdayCalendar()
    assert end >= start + timedelta(days=days)
    assert workdays.is_workday(end)
    skipped = [start + timedelta(days=days + i) for i in range((end - start).days - days)]
    assert not any(workdays.is_workday(day) for day in skipped)


def test_vc10_a_list_posted_late_stays_late_until_a_reason_is_recorded():
    """Issue 9, 3.3: a date recorded after the deadline keeps the item red on the overview
    and in the banner (``Schedule.late()``) until the clerk writes why."""
    facts = {"voter_list_published": date(2026, 12, 1)}
    unexplained = build_schedule(context(committee=date(2026, 12, 20), facts=facts), TODAY)
    assert [m.key for m in unexplained.late()] == ["voter_list_published"]
    explained_context = context(committee=date(2026, 12, 20), facts=facts)
    explained_context.reasons["voter_list_published"] = "原定张榜日暴雨，次日补贴"
    explained = build_schedule(explained_context, TODAY)
    item = milestone(explained, "voter_list_published")
    assert item.done_late_by == 1 and item.late_reason == "原定张榜日暴雨，次日补贴"
    assert explained.late() == []
    on_time = build_schedule(context(committee=date(2026, 12, 20),
                                     facts={"voter_list_published": date(2026, 11, 30)}), TODAY)
    assert on_time.late() == []
