"""The vote notice and polling (issue 11 item 7): places of voting (SD-26), mobile boxes (GC-16),
counting officials (PV-06, PV-14) and the notice's date (SD-26, PV-06, CONV-04)."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from models import CalendarDay
from tests.vc_polling_data import arrange, build, make_candidate, person_id, relate, voter_id
from workflows.core import stages
from workflows.core.errors import InvalidInput
from workflows.core.scope import open_scope
from workflows.villager import officials, polling, polling_checks, vote_notice


def texts(found) -> list[str]:
    return [str(f.message) for f in found.items]


def stage_blockers(scope) -> list[str]:
    return [str(f.message) for f in stages.evaluate(scope, "vc.vote_notice").blockers]


def pdf_text(document) -> str:
    import io

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(document.pdf)).pages)


@pytest.fixture
def scope(session):
    return open_scope(session, build(session))


# --- places of voting (SD-26) -------------------------------------------------------------

def test_sd26_every_group_is_served_by_one_place_only(scope):
    upper, lower = polling.group_names(scope)
    polling.save_station(scope, polling.StationInput("选举大会会场", "村委会大院", "8:00", "12:00", (upper,), True))
    assert "以下村民小组尚无负责的投票地点：下屋组" in texts(polling_checks.arrangement_findings(scope))
    with pytest.raises(InvalidInput) as refused:
        polling.save_station(scope, polling.StationInput("第1投票站", "祠堂", "8:00", "11:00", (upper, lower)))
    assert str(refused.value.errors["group_ids"]) == "上屋组已由选举大会会场负责；每个村民小组只由一个投票地点负责"
    station = polling.save_station(scope, polling.StationInput("第1投票站", "祠堂", "8:00", "11:00", (lower,)))
    assert not any("尚无负责" in t for t in texts(polling_checks.arrangement_findings(scope)))
    assert [(r.name, r.group_names, r.hours) for r in polling.stations(scope)] == [
        ("选举大会会场", ("上屋组",), "8时至12时"), ("第1投票站", ("下屋组",), "8时至11时")]
    polling.remove_station(scope, station)
    assert polling.unserved_groups(scope) == ["下屋组"]


def test_sd26_one_main_venue_and_hours_that_make_sense(scope):
    upper, _lower = polling.group_names(scope)
    polling.save_station(scope, polling.StationInput("选举大会会场", "村委会大院", "8:00", "12:00", (upper,), True))
    with pytest.raises(InvalidInput) as refused:
        polling.save_station(scope, polling.StationInput("会场", "", "9点", "8:00", (), True))
    errors = {key: str(value) for key, value in refused.value.errors.items()}
    assert errors == {"name": "已经登记了选举大会会场，请修改原记录", "place": "请填写地点",
                      "opens_at": "时间格式为“8:00”"}
    with pytest.raises(InvalidInput) as refused:
        polling.save_station(scope, polling.StationInput("第1投票站", "祠堂", "11：30", "11时30分", ()))
    assert str(refused.value.errors["closes_at"]) == "结束时间应晚于开始时间"
    assert polling.parse_clock("8时30分") == "8:30" and polling.clock_text("14:05") == "14时5分"


# --- mobile boxes (GC-16) ----------------------------------------------------------------

def test_gc16_a_mobile_box_needs_the_profiles_three_scrutineers(scope):
    box = arrange(scope, box_scrutineers=2)
    found = texts(polling_checks.arrangement_findings(scope))
    assert "第1号流动票箱只有2名监票人，每个流动票箱至少须有3名监票人" in found
    officials.add_official(scope, officials.OfficialInput("box_scrutineer", voter_id(scope, "刘洋"), box_id=box))
    assert polling_checks.arrangement_findings(scope).blockers == []


def test_gc16_the_number_of_scrutineers_comes_from_the_profile(session):
    from workflows.core.policy import RulesProfile, Setting

    profile = RulesProfile.from_preset("national").with_setting(
        "mobile_box_scrutineers", Setting(4, "本乡镇规定", False))
    scope = open_scope(session, build(session), profile=profile)
    arrange(scope)
    assert "第1号流动票箱只有3名监票人，每个流动票箱至少须有4名监票人" in texts(
        polling_checks.arrangement_findings(scope))


def test_gc16_each_voter_of_a_mobile_box_has_a_reason_and_one_box(scope):
    box = arrange(scope)
    with pytest.raises(InvalidInput) as refused:
        polling.add_box_voter(scope, box, voter_id(scope, "王建国"), "  ")
    assert "老弱病残等确有困难" in str(refused.value.errors["reason"])
    with pytest.raises(InvalidInput) as refused:
        polling.add_box_voter(scope, box, voter_id(scope, "郑涛"), "年老体弱")
    assert str(refused.value.errors["voter_id"]) == "郑涛已在第1号流动票箱的名单上"
    polling.add_box_voter(scope, box, voter_id(scope, "欧阳喆"), "身有残疾，行动不便")
    (row,) = polling.boxes(scope)
    assert [(v.name, v.reason) for v in row.voters] == [("欧阳喆", "身有残疾，行动不便"), ("郑涛", "患病卧床")]


def test_gc16_an_empty_box_warns(scope):
    polling.save_box(scope, polling.BoxInput("第2号流动票箱"))
    found = polling_checks.arrangement_findings(scope)
    assert "第2号流动票箱尚未登记使用的选民：流动票箱只为确有困难的选民设立" in [str(f.message) for f in found.warnings]


# --- officials (PV-06, PV-14) --------------------------------------------------------------

def test_pv06_the_notice_names_a_scrutineer_a_caller_and_a_counter(scope):
    found = texts(polling_checks.arrangement_findings(scope))
    assert {"尚未确定监票人", "尚未确定唱票人", "尚未确定计票人"} <= set(found)


def test_pv14_a_candidate_may_not_count_the_votes_under_any_profile(scope):
    make_candidate(scope, "王建国")
    with pytest.raises(InvalidInput) as refused:
        officials.add_official(scope, officials.OfficialInput("scrutineer", voter_id(scope, "王建国")))
    assert "王建国是村民委员会成员候选人" in str(refused.value.errors["voter_id"])


def test_pv14_national_profile_lets_a_candidates_relative_serve(scope):
    make_candidate(scope, "王建国")
    relate(scope, "王建国", "王小明", "子女")
    officials.add_official(scope, officials.OfficialInput("caller", voter_id(scope, "王小明")))


@pytest.mark.parametrize(("preset", "kind", "refused"), [
    ("zhejiang_2020", "配偶", True), ("zhejiang_2020", "兄弟姐妹", True), ("zhejiang_2020", "孙子女", False),
    ("beijing", "孙子女", True), ("beijing", "配偶", True), ("beijing", "兄弟姐妹", False)])
def test_pv14_an_official_who_is_a_candidates_relative_is_refused_per_profile(session, preset, kind, refused):
    """Zhejiang: spouse, parents, children, siblings; Beijing: spouse and lineal relatives."""
    scope = open_scope(session, build(session, preset))
    make_candidate(scope, "王建国")
    relate(scope, "王建国", "李娜", kind)
    data = officials.OfficialInput("counter", voter_id(scope, "李娜"))
    if not refused:
        officials.add_official(scope, data)
        return
    with pytest.raises(InvalidInput) as error:
        officials.add_official(scope, data)
    assert str(error.value.errors["voter_id"]).startswith(f"李娜与候选人王建国是近亲属（李娜是王建国的{kind}）")


def test_pv14_an_implied_relative_is_found_too(session):
    """Two children of one recorded parent are siblings (VC-29), so Zhejiang refuses the other."""
    scope = open_scope(session, build(session, "zhejiang_2020"))
    make_candidate(scope, "王建国")
    relate(scope, "王建国", "张伟", "父母")
    relate(scope, "刘洋", "张伟", "父母")
    with pytest.raises(InvalidInput) as error:
        officials.add_official(scope, officials.OfficialInput("scrutineer", voter_id(scope, "刘洋")))
    assert "由已记录的关系推知" in str(error.value.errors["voter_id"])


def test_pv14_an_official_who_becomes_a_candidate_later_blocks_the_stage(scope):
    arrange(scope)
    make_candidate(scope, "孙丽", "member")
    found = polling_checks.arrangement_findings(scope)
    assert any("孙丽是村民委员会成员候选人" in str(f.message) for f in found.blockers)
    assert next(r for r in officials.officials(scope) if r.name == "孙丽").problem is not None


def test_an_official_not_on_the_roll_is_typed_in_with_a_valid_id_number(scope):
    with pytest.raises(InvalidInput) as refused:
        officials.add_official(scope, officials.OfficialInput("writer", name="钱进", id_number="123"))
    assert "id_number" in refused.value.errors
    officials.add_official(scope, officials.OfficialInput("writer", name="钱进", id_number=person_id(20)))
    with pytest.raises(InvalidInput) as refused:
        officials.add_official(scope, officials.OfficialInput("writer", name="钱进", id_number=person_id(20)))
    assert str(refused.value.errors["name"]) == "钱进已是代书人"
    assert [r.masked_id.count("*") for r in officials.officials(scope)] == [10]


# --- the notice (SD-26, PV-06, CONV-04) -----------------------------------------------------

def notice_scope(session, vote_day: date, today: date, preset: str = "national"):
    election_id = build(session, preset, vote_day)
    scope = open_scope(session, election_id, today=today)
    arrange(scope)
    return election_id


def late(session, election_id, today) -> list[str]:
    return [b for b in stage_blockers(open_scope(session, election_id, today=today)) if "公布投票时间" in b]


def test_sd26_a_notice_three_days_before_the_vote_is_in_time(session):
    election_id = notice_scope(session, date(2026, 11, 24), date(2026, 11, 21))
    vote_notice.issue(open_scope(session, election_id, today=date(2026, 11, 21)), date(2026, 11, 21))
    assert late(session, election_id, date(2026, 11, 21)) == []


def test_sd26_a_notice_two_days_before_the_vote_is_late_and_blocks(session):
    election_id = notice_scope(session, date(2026, 11, 23), date(2026, 11, 21))
    scope = open_scope(session, election_id, today=date(2026, 11, 21))
    assert "晚于法定最迟日期2026年11月20日" in str(vote_notice.timing_warning(scope, date(2026, 11, 21)))
    vote_notice.issue(scope, date(2026, 11, 21))  # posted anyway: the stage stays blocked
    assert late(session, election_id, date(2026, 11, 21)) == [
        "“公布投票时间、地点和方式”于2026年11月21日完成，晚于法定最迟日期2026年11月20日，相差1日"]


def test_sd26_conv04_a_holiday_on_the_last_day_does_not_move_it(session):
    """Calendar days: the last day falls on National Day (a holiday) and stays there."""
    election_id = notice_scope(session, date(2026, 10, 4), date(2026, 10, 2))
    session.add(CalendarDay(day=date(2026, 10, 1), is_workday=False, name="国庆节"))
    session.flush()
    scope = open_scope(session, election_id, today=date(2026, 10, 2))
    vote_notice.issue(scope, date(2026, 10, 2))
    assert late(session, election_id, date(2026, 10, 2)) == [
        "“公布投票时间、地点和方式”于2026年10月2日完成，晚于法定最迟日期2026年10月1日，相差1日"]


@pytest.mark.parametrize(("day", "in_time"), [(date(2026, 11, 16), True), (date(2026, 11, 17), False)])
def test_pv06_zhejiang_posts_five_days_before(session, day, in_time):
    election_id = notice_scope(session, date(2026, 11, 21), date(2026, 11, 17), "zhejiang_2020")
    vote_notice.issue(open_scope(session, election_id, today=date(2026, 11, 17)), day)
    assert (late(session, election_id, date(2026, 11, 17)) == []) == in_time


def test_sd26_the_notice_is_refused_while_the_arrangements_are_incomplete(scope):
    with pytest.raises(InvalidInput) as refused:
        vote_notice.issue(scope, date(2026, 11, 21))
    assert "尚未登记选举大会会场" in str(refused.value.errors["issued_on"])
    arrange(scope)
    with pytest.raises(InvalidInput) as refused:
        vote_notice.issue(scope, date(2026, 11, 22))
    assert str(refused.value.errors["issued_on"]) == "公告日期2026年11月22日晚于今天"


def test_sd26_pv06_the_notice_prints_places_groups_boxes_officials_and_how_to_vote(scope):
    arrange(scope)
    make_candidate(scope, "王建国")
    document = vote_notice.issue(scope, date(2026, 11, 21))
    text = pdf_text(document).replace("\n", "")
    for expected in ("投票公告", "（第1号）", "召开选举大会与设立投票站相结合", "选举日为2026年12月6日（星期日）",
                     "选举大会会场设在村委会大院，上屋组的选民在选举大会会场投票", "下屋组祠堂", "8时至11时30分",
                     "第1号流动票箱", "使用的选民：郑涛", "监票人：刘洋、杨帆、陈静", "总监票人：赵磊",
                     "监票人：周强、黄敏", "秘密写票处", "委托投票证", "须于2026年12月3日以前",
                     "选举日和投票现场不办理委托", "主任1名、副主任1名、委员3名", "石桥村村民选举委员会"):
        assert expected in text, expected
    assert person_id(12) not in text and "*" not in text  # no ID numbers on the wall
    assert open_scope(scope.session, scope.election.id).facts["vote_notice_published"] == date(2026, 11, 21)


def test_sd26_a_change_after_the_notice_warns(scope):
    arrange(scope)
    vote_notice.issue(scope, date(2026, 11, 21))
    assert vote_notice.posted_differs(scope) is False
    officials.add_official(scope, officials.OfficialInput("writer", voter_id(scope, "王小明")))
    assert vote_notice.posted_differs(scope) is True
    warnings = [str(f.message) for f in stages.evaluate(open_scope(scope.session, scope.election.id),
                                                        "vc.vote_notice").warnings]
    assert any("投票公告张贴后" in w for w in warnings)
