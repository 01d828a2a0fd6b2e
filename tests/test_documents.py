"""Issuing documents: archive, verification codes, numbering, reproducibility (issue 3)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from tests.conftest import TODAY, make_election, make_township
from tests.pdfs import compact, fonts_embedded, pages_text, personal_data
from tests.vc_committee_data import seat_committee
from workflows.core import documents, stages
from workflows.core.documents import normalise_code
from workflows.core.errors import InvalidInput
from workflows.core.policy import Setting
from workflows.core.scope import open_scope, township_profile
from workflows.township import notices


@pytest.fixture
def election(session):
    township = make_township(session, "jiangxi_2021")
    return make_election(session, township, party=TODAY + timedelta(days=10),
                         committee=TODAY + timedelta(days=40))


def test_schedule_notice_lists_the_milestones_with_their_basis(session, election):
    document = notices.issue_schedule_notice(open_scope(session, election), TODAY)
    flat = compact(document.pdf)
    assert "石桥村“两委”换届选举工作日程公告" in flat
    assert "（第1号）" in flat
    assert "公布选民名单" in flat and "《村民委员会组织法》第十四条" in flat
    assert "2026年12月11日前" in flat  # voter list: election day 12月31日 − 20
    assert signature(flat) == ("云溪镇换届选举工作领导小组", "2026年11月21日")  # exists from the start
    assert "石桥村村民选举委员会" not in flat  # not yet elected: it signs nothing
    assert "特此公告" in flat


def signature(flat: str) -> tuple[str, str]:
    """(issuer, date) under the closing line, whatever seal mark the layout adds."""
    tail = flat.rsplit("特此公告", 1)[1]
    issuer, day = re.match(r"(.+?)(?:（章）|（公章）)?(\d{4}年\d{1,2}月\d{1,2}日)", tail).groups()
    return issuer, day


def elect_committee(session, election, day):
    """Complete stage vc.election_committee on ``day``: the committee exists from then on."""
    seat_committee(session, election, day)
    stages.advance(open_scope(session, election, day), "vc.election_committee", day)


def table_rows(document) -> list[str]:
    """The extracted lines of the notice's table that start with a date."""
    return [line for page in pages_text(document.pdf) for line in page.splitlines()
            if re.match(r"\s*\d{4}年\d{1,2}月\d{1,2}日", line)]


def test_vc05_committee_not_yet_elected_signs_no_schedule_notice(session, election):
    """VC-05/GC-01, paper-formats §13: the villager election committee is elected in stage
    vc.election_committee; before that day it is not among the issuers and cannot sign,
    from that day on it signs the villager-committee items only."""
    elected_on = TODAY + timedelta(days=2)
    assert notices.ELECTION_COMMITTEE not in [i.key for i in notices.schedule_issuers(
        open_scope(session, election), TODAY)]
    with pytest.raises(InvalidInput, match="尚未产生"):
        notices.issue_schedule_notice(open_scope(session, election), TODAY, notices.ELECTION_COMMITTEE)
    elect_committee(session, election, elected_on)
    with pytest.raises(InvalidInput, match="尚未产生"):
        notices.issue_schedule_notice(open_scope(session, election), elected_on - timedelta(days=1),
                                      notices.ELECTION_COMMITTEE)
    document = notices.issue_schedule_notice(open_scope(session, election), elected_on,
                                             notices.ELECTION_COMMITTEE)
    flat = compact(document.pdf)
    assert "石桥村第十二届村民委员会换届选举工作日程公告" in flat
    assert signature(flat) == ("石桥村村民选举委员会", "2026年11月23日")
    assert "公布选民名单" in flat and "投票选举日" in flat
    assert "党员大会" not in flat and "预备人选" not in flat  # Party items are not the committee's
    assert "村党组织换届选举的日程由村党组织另行公告" in flat


def test_vc05_free_notice_issuers_include_the_election_committee_only_once_elected(session, election):
    """The issuers offered for a clerk's notice: a committee that does not exist yet is not one."""
    before = notices.issuers_of_village(session, election.village_id, TODAY)
    assert "石桥村村民选举委员会" not in before
    assert before == ["石桥村村民委员会", "中共石桥村支部委员会", "云溪镇换届选举工作领导小组"]
    elect_committee(session, election, TODAY + timedelta(days=1))
    assert "石桥村村民选举委员会" not in notices.issuers_of_village(session, election.village_id, TODAY)
    after = notices.issuers_of_village(session, election.village_id, TODAY + timedelta(days=1))
    assert after[0] == "石桥村村民选举委员会"


@pytest.mark.parametrize("issuer, name", [(notices.BRANCH, "中共石桥村支部委员会"),
                                          (notices.TOWNSHIP_PARTY, "中共云溪镇委员会")])
def test_pt17_party_items_are_announced_by_a_party_body_without_the_villager_items(
        session, election, issuer, name):
    """PT-17/PT-21 items belong to the township Party committee's or the branch's notice;
    the villager-committee items wait for the election committee (paper-formats §13)."""
    flat = compact(notices.issue_schedule_notice(open_scope(session, election), TODAY, issuer).pdf)
    assert "石桥村党组织换届选举工作日程公告" in flat and signature(flat) == (name, "2026年11月21日")
    assert "党员大会选举日" in flat and "镇党委批复预备人选" in flat
    assert "公布选民名单" not in flat and "投票选举日" not in flat
    assert "村民委员会换届选举的日程待村民选举委员会推选产生后另行公告" in flat
    assert "《中国共产党基层组织选举工作条例》" in flat and "《中华人民共和国村民委员会组织法》" not in flat


def test_conv04_no_deadline_already_past_on_a_notice_dated_after_it(session, election):
    """A notice dated after a deadline never prints that deadline as still to come: a step
    done by the notice's date says 已完成 with its date, an undone past step is left out, and
    a step recorded only after the notice's date is not shown as done on it."""
    scope = open_scope(session, election)
    scope.record_fact("audit_published", TODAY - timedelta(days=5))  # done before the notice
    scope.record_fact("party_publicity_started", TODAY + timedelta(days=14))  # done after it
    issued_on = TODAY + timedelta(days=12)  # after the members' meeting (TODAY + 10)
    document = notices.issue_schedule_notice(open_scope(session, election), issued_on)
    flat = compact(document.pdf)
    assert "2026年11月16日已完成离任经济责任审计结果公布" in flat
    assert "党员大会选举日" not in flat and "镇党委批复预备人选" not in flat
    assert "预备人选公示最迟开始" not in flat  # done only on 12月5日, due before the notice
    rows = table_rows(document)
    assert rows and all("已完成" in row or _day_of(row) >= issued_on for row in rows)


def _day_of(row: str):
    from datetime import date

    year, month, day = map(int, re.match(r"\s*(\d{4})年(\d{1,2})月(\d{1,2})日", row).groups())
    return date(year, month, day)


def test_vc20_sd22_basis_names_the_real_documents_from_the_profile(session, election):
    """依据 names documents by title in 《》: the Organic Law, the province's measures and the
    township's own plan, taken from the rules profile (basis_province_measures, basis_township_plan)."""
    flat = compact(notices.issue_schedule_notice(open_scope(session, election), TODAY).pdf)
    assert ("根据《中华人民共和国村民委员会组织法》《江西省村民委员会选举办法》《中国共产党基层组织选举工作条例》"
            "和《云溪镇村“两委”换届选举工作实施方案》，") in flat
    assert "《江西省村民委员会选举办法》民政部《村民委员会选举规程》" in flat  # 委托投票: PV-07, GC-11
    assert "乡镇换届选举工作实施方案" not in flat and "省村民委员会选举办法" not in flat.replace("江西省村民", "")
    assert "{" not in flat


def test_vc20_without_a_province_no_measures_are_cited_and_an_edited_plan_title_is(session):
    township = make_township(session, "national", name="白沙镇")
    township.province = ""
    township.rules_profile = township_profile(township).with_setting(
        "basis_township_plan", Setting(["白沙镇2026年村级换届选举工作方案"], "乡镇文件", True)).to_json()
    session.flush()
    election = make_election(session, township, committee=TODAY + timedelta(days=40))
    flat = compact(notices.issue_schedule_notice(open_scope(session, election), TODAY).pdf)
    assert "根据《中华人民共和国村民委员会组织法》和《白沙镇2026年村级换届选举工作方案》，" in flat
    assert "村民委员会选举办法》" not in flat and "{省份}" not in flat


def test_article_references_are_never_split_across_lines(session, election):
    """GB/T 9704 practice: 第…条 stays on one line (the 依据 column is broken by hand)."""
    from reportlab.lib.units import mm

    from printing.documents.schedule_notice import keep_articles

    assert keep_articles("《村民委员会组织法》第三十五条", 14 * 12.0) == "《村民委员会组织法》\n第三十五条"
    assert keep_articles("《村民委员会组织法》第十四条", 14 * 12.0) == "《村民委员会组织法》第十四条"
    assert keep_articles("《民法典》第二百零一条、第二百零三条", 10 * 12.0).split("\n") == [
        "《民法典》", "第二百零一条、", "第二百零三条"]
    assert keep_articles("《中国共产党基层组织选举工作条例》", 62 * mm - 6)  # no article: plain wrapping
    document = notices.issue_schedule_notice(open_scope(session, election), TODAY)
    for page in pages_text(document.pdf):
        for line in page.splitlines():
            assert not re.search(r"第[一二三四五六七八九十百零]*$", line.strip()), line
            assert not re.match(r"^[一二三四五六七八九十百零]+条", line.strip()), line


def test_every_page_carries_the_verification_code_and_fonts_are_embedded(session, election):
    document = notices.issue_schedule_notice(open_scope(session, election), TODAY)
    assert all(document.code in page for page in pages_text(document.pdf))
    assert fonts_embedded(document.pdf) and all(embedded for _n, embedded in fonts_embedded(document.pdf))
    assert not any("STSong" in name for name, _e in fonts_embedded(document.pdf))
    page = PdfReader(__import__("io").BytesIO(document.pdf)).pages[0]
    assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (595.3, 841.9)


def test_notices_of_an_election_are_numbered_in_sequence(session, election):
    first = notices.issue_schedule_notice(open_scope(session, election), TODAY)
    spec = notices.free_notice_spec("关于推选村民选举委员会的公告", "一、推选时间\n\n2026年11月25日上午。",
                                    "石桥村村民委员会", TODAY)
    second = notices.issue_free_notice(session, spec, election_id=election.id)
    assert (first.notice_number, second.notice_number) == (1, 2)
    assert "（第2号）" in compact(second.pdf)


def test_archive_record_matches_the_bytes_and_a_changed_byte_fails(session, election):
    document = notices.issue_schedule_notice(open_scope(session, election), TODAY)
    assert documents.compare(session, document.code, document.pdf).identical
    tampered = bytearray(document.pdf)
    position = tampered.index(b"/Title") + 8
    tampered[position] ^= 0x01
    result = documents.compare(session, document.code, bytes(tampered))
    assert not result.identical and "不一致" in str(result.message)
    assert "不存在" in str(documents.compare(session, "2222-2222", document.pdf).message)


def test_codes_are_found_however_they_are_typed(session, election):
    document = notices.issue_schedule_notice(open_scope(session, election), TODAY)
    loose = document.code.lower().replace("-", " ")
    assert documents.find(session, loose).id == document.id
    assert normalise_code(documents.QR_PREFIX + document.code) == document.code


def test_the_archived_spec_reproduces_the_same_bytes(session, election):
    document = notices.issue_schedule_notice(open_scope(session, election), TODAY)
    assert documents.reproduce(document) == document.pdf


def test_free_notice_body_keeps_paragraphs_and_headings(session, election):
    spec = notices.free_notice_spec("关于召开村民代表会议的公告",
                                    "经研究，定于下周召开村民代表会议。\n\n一、会议时间\n\n2026年11月28日上午九时。",
                                    "石桥村村民委员会", TODAY)
    assert spec.paragraphs == ["经研究，定于下周召开村民代表会议。", "一、会议时间", "2026年11月28日上午九时。"]
    assert spec.headings == [1]
    flat = compact(notices.issue_free_notice(session, spec, election_id=election.id).pdf)
    assert "关于召开村民代表会议的公告" in flat and "一、会议时间" in flat and "2026年11月21日" in flat


def test_the_document_record_is_audited_without_the_bytes(session, election):
    from sqlalchemy import select

    from models import AuditEvent

    notices.issue_schedule_notice(open_scope(session, election), TODAY)
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "document")).one()
    assert "字节>" in event.details and len(event.details) < 2000
    assert event.summary.startswith("新增文书“石桥村")


def test_certificate_full_page_and_overlay(session, election):
    from printing.documents.certificate import CertificateSpec

    spec = CertificateSpec("欧阳喆当选证书", "青山民选证字第1号", "欧阳喆",
                           "经2026年12月31日云溪镇石桥村村民依法直接选举，当选为石桥村第十二届村民委员会主任。",
                           ["青山县民政局", "云溪镇人民政府"], "2027年1月1日")
    full = documents.issue(session, "certificate", spec, documents.Placement.of_election(session, election))
    flat = compact(full.pdf)
    assert "当选证书" in flat and "欧阳喆同志" in flat and "青山县民政局" in flat
    overlay = documents.preview("certificate", __import__("dataclasses").replace(spec, overlay=True))
    assert "当选证书" not in compact(overlay) and "欧阳喆同志" in compact(overlay)


def test_public_documents_never_show_full_ids_or_phones(session, election):
    document = notices.issue_schedule_notice(open_scope(session, election), TODAY)
    assert personal_data(document.pdf) == []


def test_all_kinds_are_registered_with_a_spec_and_render():
    from printing.documents import kinds

    assert {"schedule_notice", "free_notice", "certificate", "voter_list", "voter_supplement",
            "objection_result", "voter_cards"} <= set(kinds())


def voter_list_pdf(notes: bool = False) -> bytes:
    from printing.documents.voter_list import VoterListRow, VoterListSpec, render
    from printing.layout import Footer

    rows = [VoterListRow("阿依古丽·买买提", "女", "1994年8月", "上屋组", "3", "外出务工" if notes else ""),
            VoterListRow("王堃", "男", "1966年11月", "上屋组", "1"),
            VoterListRow("欧阳喆", "男", "2007年12月", "上屋组", "2")]
    spec = VoterListSpec("石桥村第十二届村民委员会选举\n参加选举村民名单公告", "（第2号）",
                         "现将上屋组3人名单公布如下：", rows, ["特此公告"], "石桥村村民选举委员会", "2026年11月9日")
    return render(spec, Footer("AB12-CD34"))


def test_voter_list_prints_categories_in_words_and_drops_an_empty_remarks_column():
    lines = pages_text(voter_list_pdf())[0].splitlines()
    assert "序号 姓名 性别 出生年月 村民小组 登记类别" in lines
    assert "1 阿依古丽·买买提 女 1994年8月 上屋组 居住本村一年以上" in lines
    assert "2 王堃 男 1966年11月 上屋组 户籍在本村并居住" in lines
    assert "3 欧阳喆 男 2007年12月 上屋组 户籍在本村不居住" in lines
    with_notes = pages_text(voter_list_pdf(notes=True))[0].splitlines()
    assert "序号 姓名 性别 出生年月 村民小组 登记类别 备注" in with_notes
    assert "1 阿依古丽·买买提 女 1994年8月 上屋组 居住本村一年以上 外出务工" in with_notes


def test_voter_list_pdf_title_names_the_group():
    metadata = PdfReader(__import__("io").BytesIO(voter_list_pdf())).metadata
    assert metadata.title == "石桥村第十二届村民委员会选举参加选举村民名单公告（上屋组）"
