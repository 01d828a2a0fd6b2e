"""Publication of the voter list, objections, supplements, cards and the county export."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import Voter
from tests.conftest import make_township
from tests.pdfs import compact, pages_text, personal_data
from tests.rosters import person, write_roster
from tests.vc_committee_data import seat_committee
from workflows.core import stages
from workflows.core.errors import InvalidInput
from workflows.core.roster_read import read_workbook
from workflows.core.scope import open_scope
from workflows.core.scope import township_profile as profile_of
from workflows.township.townships import (
    ElectionInput,
    VillageInput,
    save_election,
    save_village,
)
from workflows.voters import publication, registration

GROUPS = ["第一村民小组", "第二村民小组"]
ROWS = [person("张伟", date(1980, 5, 1), 11), person("王芳", date(1975, 3, 8), 22, 村民小组="2组"),
        person("李娜", date(1990, 10, 1), 32), person("丁一", date(1966, 1, 9), 41)]


def setup_election(session, tmp_path, election_day: date, today: date):
    township = make_township(session)
    village = save_village(session, township.id, VillageInput("石桥村", 1500, 400, GROUPS))
    election = save_election(session, village.id, ElectionInput("第十二届", None, election_day))
    preview = registration.prepare_import(open_scope(session, election), read_workbook(
        write_roster(tmp_path / "r.xlsx", {"表": ROWS})))
    registration.commit_import(open_scope(session, election, today), preview)
    seat_committee(session, election, today)
    context = open_scope(session, election, today, profile=profile_of(township))
    stages.advance(context, "vc.election_committee", today)
    return election


def blockers(session, election, today) -> list[str]:
    context = open_scope(session, election, today, profile=profile_of(election.village.township))
    return [str(b.message) for b in stages.evaluate(context, "vc.registration").blockers]


def test_publishing_posts_one_notice_per_group_in_stroke_order_without_ids(session, tmp_path):
    election = setup_election(session, tmp_path, date(2026, 12, 20), date(2026, 11, 21))
    issued = publication.publish_list(open_scope(session, election), date(2026, 11, 25))
    assert len(issued) == 2
    first = compact(issued[0].pdf)
    assert "石桥村第十二届村民委员会选举参加选举村民名单公告" in first
    # SO-10: 丁 (2 strokes) first; 李 and 张 both 7 strokes, 李 starts with 横(1), 张 with 折(5)
    assert first.index("丁一") < first.index("李娜") < first.index("张伟")
    assert "本村登记参加第十二届村民委员会选举的村民共4人（第一村民小组3人，第二村民小组1人）" in first
    assert "自名单公布之日起5日内（2026年11月30日以前）" in first
    assert "1980年5月" in first and "1980-05-01" not in first
    for document in issued:
        assert personal_data(document.pdf) == []
        assert document.notice_number == issued[0].notice_number  # one notice, posted per group
    with pytest.raises(InvalidInput, match="已经公布过"):
        publication.publish_list(open_scope(session, election), date(2026, 11, 26))


def test_vc10_publication_19_days_before_blocks_the_stage_with_the_days_missing(session, tmp_path):
    election = setup_election(session, tmp_path, date(2026, 12, 20), date(2026, 11, 21))
    warnings = publication.publication_warnings(open_scope(session, election), date(2026, 12, 1))
    assert "晚于法定最迟日期2026年11月30日" in str(warnings[0]) and "相差1日" in str(warnings[0])
    publication.publish_list(open_scope(session, election), date(2026, 12, 1))
    found = blockers(session, election, date(2026, 12, 2))
    assert "“公布选民名单”于2026年12月1日完成，晚于法定最迟日期2026年11月30日，相差1日" in found


def test_vc10_publication_exactly_20_days_before_is_on_time(session, tmp_path):
    election = setup_election(session, tmp_path, date(2026, 12, 20), date(2026, 11, 21))
    assert publication.publication_warnings(open_scope(session, election), date(2026, 11, 30)) == []
    publication.publish_list(open_scope(session, election), date(2026, 11, 30))
    assert blockers(session, election, date(2026, 11, 30)) == []


def test_vc11_objection_deadlines_across_national_day(session, tmp_path):
    """Published 9月28日: filing ends 10月3日 → 10月8日 (国庆); received 10月8日 → decide by 10月12日."""
    election = setup_election(session, tmp_path, date(2026, 10, 30), date(2026, 9, 20))
    publication.publish_list(open_scope(session, election), date(2026, 9, 28))
    filing_end, decide_by = registration.objection_deadlines(open_scope(session, election), date(2026, 10, 8))
    assert (filing_end, decide_by) == (date(2026, 10, 8), date(2026, 10, 12))


def test_vc11_an_undecided_objection_blocks_and_a_decided_one_is_posted(session, tmp_path):
    election = setup_election(session, tmp_path, date(2026, 12, 20), date(2026, 11, 21))
    publication.publish_list(open_scope(session, election), date(2026, 11, 25))
    objection = registration.register_objection(open_scope(session, election), registration.ObjectionInput(
        "赵强", "李娜", "李娜户籍已迁出", date(2026, 11, 27)))
    found = blockers(session, election, date(2026, 12, 1))
    assert any("关于李娜的异议（赵强，2026年11月27日收到）尚未作出处理决定，最迟2026年11月30日，已逾期1日" in b
               for b in found)
    registration.decide_objection(open_scope(session, election), objection.id, False, "经核实户籍仍在本村，维持原登记", date(2026, 11, 29))
    assert blockers(session, election, date(2026, 12, 1)) == []
    notice = publication.publish_objection_results(open_scope(session, election), [objection.id], date(2026, 11, 29))
    flat = compact(notice.pdf)
    assert "赵某于2026年11月27日对李娜的登记提出异议" in flat and "异议不成立" in flat
    assert "赵强" not in flat


def test_vc11_objection_result_says_the_outcome_once_and_masks_the_objector(session, tmp_path):
    """VC-11 (results are made public) + privacy (paper-formats §13): the objector's full name
    is not posted (王建国 → 王某, 欧阳志远 → 欧阳某); a decision the clerk began with
    “异议成立，” does not make the notice say 异议成立 twice."""
    election = setup_election(session, tmp_path, date(2026, 12, 20), date(2026, 11, 21))
    publication.publish_list(open_scope(session, election), date(2026, 11, 25))
    first = registration.register_objection(open_scope(session, election), registration.ObjectionInput(
        "王建国", "李娜", "李娜户籍已迁出", date(2026, 11, 26)))
    second = registration.register_objection(open_scope(session, election), registration.ObjectionInput(
        "欧阳志远", "张伟", "张伟已去世", date(2026, 11, 26)))
    registration.decide_objection(open_scope(session, election), first.id, True,
                                  "异议成立，将李娜从名单中删除，列入补正公告。", date(2026, 11, 27))
    registration.decide_objection(open_scope(session, election), second.id, False,
                                  "经审查，异议不成立：张伟健在，维持原登记", date(2026, 11, 27))
    notice = publication.publish_objection_results(open_scope(session, election), [first.id, second.id],
                                                   date(2026, 11, 27))
    flat = compact(notice.pdf)
    assert flat.count("异议成立") == 1 and flat.count("异议不成立") == 1
    assert "经审查，异议成立。处理决定：将李娜从名单中删除，列入补正公告。" in flat
    assert "经审查，异议不成立。处理决定：张伟健在，维持原登记。" in flat
    assert "王某于2026年11月26日" in flat and "欧阳某于2026年11月26日" in flat
    assert "王建国" not in flat and "欧阳志远" not in flat
    assert "石桥村" in flat.split("关于选民名单异议处理结果的公告")[0]  # the title names the village


def test_corrections_after_publication_go_into_the_supplement(session, tmp_path):
    election = setup_election(session, tmp_path, date(2026, 12, 20), date(2026, 11, 21))
    publication.publish_list(open_scope(session, election), date(2026, 11, 25))
    target = session.scalar(select(Voter.id).where(Voter.name == "王芳"))
    registration.remove_voter(open_scope(session, election, date(2026, 11, 26)), target, "已迁出")
    assert "有1项名单更正尚未发布补充公告" in blockers(session, election, date(2026, 11, 27))
    document = publication.publish_supplement(open_scope(session, election), date(2026, 11, 27))
    flat = compact(document.pdf)
    assert "一、删除" in flat and "王芳" in flat and "已迁出" in flat and "补正后，本村登记参加选举的村民共3人" in flat
    assert "自本公告公布之日起5日内（2026年12月2日以前）向村民选举委员会提出申诉" in flat
    assert personal_data(document.pdf) == []
    assert blockers(session, election, date(2026, 11, 27)) == []
    with pytest.raises(InvalidInput, match="没有待发布"):
        publication.publish_supplement(open_scope(session, election), date(2026, 11, 28))


def test_vc11_supplement_objection_deadline_is_its_own_and_extended_past_national_day(session, tmp_path):
    """VC-11 with CONV-03/CONV-05: the 补正公告 opens its own 5-day objection window from its
    own posting; posted 2026年9月28日, day 5 is 10月3日 (国庆), so the last day is 10月8日."""
    election = setup_election(session, tmp_path, date(2026, 10, 30), date(2026, 9, 20))
    publication.publish_list(open_scope(session, election), date(2026, 9, 22))
    target = session.scalar(select(Voter.id).where(Voter.name == "王芳"))
    registration.remove_voter(open_scope(session, election, date(2026, 9, 25)), target, "已迁出")
    document = publication.publish_supplement(open_scope(session, election), date(2026, 9, 28))
    flat = compact(document.pdf)
    assert "村民对补正后的名单有不同意见的，可以自本公告公布之日起5日内（2026年10月8日以前）" in flat
    assert "村民选举委员会自收到申诉之日起3日内作出处理决定" in flat


def test_voter_cards_are_numbered_masked_and_eight_to_a_page(session, tmp_path):
    election = setup_election(session, tmp_path, date(2026, 12, 20), date(2026, 11, 21))
    more = [person(f"孙{c}", date(1970, 1, i + 1), 100 + i) for i, c in enumerate("一二三四五六七八九十")]
    preview = registration.prepare_import(open_scope(session, election), read_workbook(
        write_roster(tmp_path / "more.xlsx", {"表": ROWS + more})))
    registration.commit_import(open_scope(session, election), preview)
    ids = list(session.scalars(select(Voter.id).where(Voter.election_id == election.id)))
    document = publication.issue_voter_cards(open_scope(session, election), ids)
    pages = pages_text(document.pdf)
    assert len(pages) == 2  # 14 cards, 8 per page
    flat = compact(document.pdf)
    assert "参选证" in flat and "No.00001" in flat and "2026年12月20日" in flat  # GC-20: national preset
    assert "3601**********" in flat and personal_data(document.pdf) == []
    numbers = sorted(session.scalars(select(Voter.card_number).where(Voter.election_id == election.id)))
    assert numbers == list(range(1, 15))


def test_county_export_has_full_data(session, tmp_path):
    from printing.workbooks import full_list

    election = setup_election(session, tmp_path, date(2026, 12, 20), date(2026, 11, 21))
    rows = registration.county_rows(open_scope(session, election))
    path = full_list(tmp_path / "county.xlsx", "石桥村", list(registration.COUNTY_HEADER), rows,
                     registration.PERSONAL_DATA_WARNING)
    sheet = load_workbook(path).active
    assert "个人信息" in sheet["A2"].value
    assert sheet["F4"].value == ROWS[0]["公民身份号码"]
