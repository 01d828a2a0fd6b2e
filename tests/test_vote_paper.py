"""The paper of the vote and count (issue 12, items 1 and 10): ballots carry no code, QR code,
anchor or any mark (PT-12); write-in winners appear with their votes only (SD-26); a
correction is titled 更正公告; public paper holds no full ID or phone number; fonts are
embedded; signatures never stand alone on a page; the results workbook holds no formula."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader

from printing.documents import kind, spec_from_json, spec_to_json
from printing.documents.count_report import CountLine, CountSheet, OfficeCount
from printing.documents.results_workbook import (
    ELECTED_SHEET,
    FACTS_SHEET,
    VOTES_SHEET,
    ElectedRow,
    Fact,
    ResultsWorkbookSpec,
    VoteRow,
    results_workbook,
)
from printing.documents.vc_results_notice import OfficeResult, ResultLine, declared
from printing.layout import Footer
from tests import pdfs
from tests.paper_refs import vote_specs

FOOTER = Footer("VOTE-7Q3K", "https://example.org/v/VOTE-7Q3K", anchor="ABCD-EF01-2345-6789")
OTHER_FOOTER = Footer("ZZZZ-0000", "https://example.org/v/ZZZZ-0000", anchor="9999-8888-7777-6666")
BALLOTS = {
    "vc_ballot": ("vc_ballot", vote_specs.vc_ballot),
    "vc_ballot_runoff": ("vc_ballot", vote_specs.vc_runoff_ballot),
    "party_ballot": ("party_ballot", vote_specs.party_ballot),
    "party_ballot_officers": ("party_ballot", vote_specs.party_officers_ballot),
}
OTHERS = {
    "ballot_count_sheet": ("ballot_count_sheet", vote_specs.ballot_count_sheet),
    "vc_results_notice": ("vc_results_notice", vote_specs.vc_results_notice),
    "vc_results_correction": ("vc_results_notice", lambda: vote_specs.vc_results_notice(correction=True)),
    "count_report": ("count_report", vote_specs.count_report),
    "party_result_report": ("party_result_report", vote_specs.party_result_report),
}
ALL = {**BALLOTS, **OTHERS}


def render(key: str, spec, footer: Footer = FOOTER) -> bytes:
    return kind(key).render(spec, footer)


def page_xobjects(data: bytes) -> list[int]:
    """Number of XObjects (images, forms such as our QR code) on each page."""
    counts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources", {})
        xobjects = resources.get("/XObject", {}) if resources else {}
        counts.append(len(xobjects.get_object()) if xobjects else 0)
    return counts


# ----------------------------------------------------------------------------- ballots: no mark


@pytest.mark.parametrize("name", list(BALLOTS))
def test_a_ballot_carries_no_code_anchor_qr_or_page_number(name):
    key, make = BALLOTS[name]
    data = render(key, make())
    text = pdfs.compact(data)
    for trace in ("VOTE-7Q3K", "ABCD-EF01", "核验码", "审计锚点", "example.org", "页", "—1—"):
        assert trace not in text, trace
    assert page_xobjects(data) == [0] * len(page_xobjects(data))  # no QR code, no image


def test_the_check_for_a_qr_code_sees_one_on_a_notice():
    data = render("vc_results_notice", vote_specs.vc_results_notice())
    assert all(count >= 1 for count in page_xobjects(data))
    assert "VOTE-7Q3K" in pdfs.compact(data)


@pytest.mark.parametrize("name", list(BALLOTS))
def test_every_ballot_is_the_same_paper_whatever_the_archive_code(name):
    key, make = BALLOTS[name]
    spec = dataclasses.replace(make(), copies=4)
    data = render(key, spec)
    assert data == render(key, spec, OTHER_FOOTER)  # the code never reaches the paper
    assert data == render(key, spec, Footer(note="预览件 · 未存档 · 不得张贴"))
    reader = PdfReader(io.BytesIO(data))
    streams = {page.get_contents().get_data() for page in reader.pages}
    assert len(streams) == 1  # every page (and every ballot on it) identical


def test_ballot_states_the_seats_candidates_in_order_and_write_in_cells():
    spec = vote_specs.vc_ballot()
    text = pdfs.compact(render("vc_ballot", dataclasses.replace(spec, copies=1)))
    assert "主任（应选1名）" in text and "副主任（应选1名）" in text and "委员（应选3名）" in text
    assert text.count("另选他人") >= 1 + 1 + 3  # one cell a seat, besides the instructions
    positions = [text.index(name) for name in spec.offices[2].candidates]
    assert positions == sorted(positions)  # the list order
    assert "秘密写票处" in text and "○" in text and "×" in text


def test_runoff_ballot_has_the_separate_womens_line_and_two_fit_on_a_page():
    spec = vote_specs.vc_runoff_ballot()
    data = render("vc_ballot", spec)
    text = pdfs.compact(data)
    assert "妇女委员（应选1名）" in text and "只能选妇女" in text
    assert len(PdfReader(io.BytesIO(data)).pages) == 1  # two copies, one A4 page
    three = render("vc_ballot", dataclasses.replace(spec, copies=3))
    assert len(PdfReader(io.BytesIO(three)).pages) == 2


def test_party_ballot_has_the_three_marks_and_write_in_lines():
    text = pdfs.compact(render("party_ballot", vote_specs.party_ballot()))
    for mark in ("赞成", "不赞成", "弃权"):
        assert mark in text
    assert "应选5名，候选人6名，差额1名" in text
    officers = pdfs.compact(render("party_ballot", vote_specs.party_officers_ballot()))
    assert "书记（应选1名，等额选举）" in officers and "副书记（应选1名，等额选举）" in officers


# ----------------------------------------------------------------------------- results notice


def test_a_write_in_winner_is_listed_with_the_votes_only():
    data = render("vc_results_notice", vote_specs.vc_results_notice())
    text = pdfs.compact(data)
    assert "吴海" in text and "290" in text and "另选他人" in text
    assert "吴海290另选他人" in text  # its row: the votes, never 当选
    declarations = text.split("、选举结果")[-1].split("另行选举")[0]
    assert "王堃当选为" in declarations and "张𠮷当选为" in declarations
    assert "吴海" not in declarations
    office = OfficeResult("副主任", 1, [ResultLine("吴海", 290, elected=True, write_in=True),
                                       ResultLine("李玥", 188)])
    assert declared(office) == []


def test_the_results_notice_states_the_facts_the_shortfall_and_the_runoff():
    text = pdfs.compact(render("vc_results_notice", vote_specs.vc_results_notice()))
    for fact in ("登记参加选举的村民921人", "参加投票561人", "委托投票23人", "选举有效", "有效票552张",
                 "无效票9张", "尚缺委员1名", "单列妇女委员", "特此公告", "石桥村村民选举委员会（章）"):
        assert fact in text, fact
    assert "更正" not in text


def test_the_results_are_listed_by_votes():
    text = pdfs.compact(render("vc_results_notice", vote_specs.vc_results_notice()))
    assert text.index("吴海") < text.index("李玥") < text.index("刘䶮")  # 290, 188, 172


def test_a_correction_is_titled_and_says_what_was_corrected():
    spec = vote_specs.vc_results_notice(correction=True)
    text = pdfs.compact(render("vc_results_notice", spec))
    assert "选举结果更正公告" in text
    assert re.sub(r"\s+", "", spec.correction_text)[:30] in text
    assert PdfReader(io.BytesIO(render("vc_results_notice", spec))).metadata.title.endswith("更正公告")


# ----------------------------------------------------------------------------- all kinds


@pytest.mark.parametrize("name", list(ALL))
def test_no_full_id_or_phone_number_and_fonts_embedded(name):
    key, make = ALL[name]
    data = render(key, make())
    assert pdfs.personal_data(data) == []
    fonts = pdfs.fonts_embedded(data)
    assert fonts and all(embedded for _name, embedded in fonts), fonts


@pytest.mark.parametrize("name", list(ALL))
def test_the_archive_rebuilds_the_same_pdf_from_the_stored_spec(name):
    key, make = ALL[name]
    spec = make()
    again = spec_from_json(kind(key).spec_type, spec_to_json(spec))
    assert again == spec
    assert render(key, again) == render(key, spec)


def _last_page_body(data: bytes, tail: list[str]) -> str:
    """What the last page holds besides the signature, the closing and the footer."""
    last = pdfs.pages_text(data)[-1]
    for part in tail:
        last = last.replace(part, "")
    last = re.sub(r"核验码\S*|审计锚点\S*|VOTE-7Q3K|ABCD-EF01-2345-6789|—\s*\d+\s*—|日期[:：]|[年月日时分（签字）：\s]",
                  "", last)
    return last


@pytest.mark.parametrize("extra", range(4, 40, 3))
def test_the_notice_signature_never_stands_alone(extra):
    spec = vote_specs.vc_results_notice()
    many = OfficeResult("委员", 3, [ResultLine(f"候选人{i:02d}", 300 - i) for i in range(extra)])
    spec = dataclasses.replace(spec, offices=[*spec.offices[:2], many])
    data = render("vc_results_notice", spec)
    if len(pdfs.pages_text(data)) < 2:
        return
    body = _last_page_body(data, ["石桥村村民选举委员会（章）", "2026年12月6日", "特此公告"])
    assert body.strip(), f"{extra} rows: the signature stands alone on the last page"


@pytest.mark.parametrize("extra", range(4, 40, 3))
def test_the_count_report_signatures_never_stand_alone(extra):
    spec = vote_specs.count_report()
    lines = [CountLine(f"候选人{i:02d}", 300 - i) for i in range(extra)]
    sheet = CountSheet("合计", 561, 561, 561, 552, 9, [OfficeCount("委员", 3, lines, blank=4)], total=True)
    data = render("count_report", dataclasses.replace(spec, sheets=[sheet]))
    if len(pdfs.pages_text(data)) < 2:
        return
    body = _last_page_body(data, ["总监票人", "监票人", "唱票人", "计票人"])
    assert re.search(r"候选人\d\d|弃权", body), f"{extra} rows: the signatures stand alone"


# ----------------------------------------------------------------------------- workbook


def test_results_workbook_writes_text_never_a_formula():
    from openpyxl import load_workbook

    hostile = ["=HYPERLINK(\"http://x\",\"点击\")", "+1+1", "-2", "@SUM(A1)"]
    spec = ResultsWorkbookSpec(
        "石桥村第十二届村民委员会选举结果（报乡镇备案）",
        [Fact("登记参加选举的村民", 921), Fact("参加投票", 561), Fact("备注", hostile[1])],
        [VoteRow("主任", 1, "王堃", 402, result="当选"), VoteRow("主任", 1, hostile[0], 3, write_in=True),
         VoteRow("委员", 3, vote_specs.LONG_NAME, 301, result="当选")],
        [ElectedRow("主任", "王堃", "男", "1980年5月", "高中", "中共党员", 402, hostile[2]),
         ElectedRow("委员", hostile[3], "女", votes=12)])
    book = load_workbook(io.BytesIO(results_workbook(spec)))
    assert book.sheetnames == [FACTS_SHEET, VOTES_SHEET, ELECTED_SHEET]
    values = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value is not None:
                    values[cell.value] = cell
    for text in hostile:
        assert text in values and values[text].data_type == "s"
    votes = book[VOTES_SHEET]
    assert [c.value for c in votes[2]] == ["职务", "应选名额", "序号", "姓名", "得票数", "另选他人", "结果"]
    assert [c.value for c in votes[3]] == ["主任", 1, 1, "王堃", 402, None, "当选"]
    assert votes[4][5].value == "是"
    assert votes[5][2].value == 1  # numbered within the office


def test_pv10_a_revote_among_the_tied_has_no_write_in_cells_nor_their_instruction():
    """PV-10: only the tied stand — no 另选他人 column, no sentence about it, no one-office rule
    for a single office; the ordinary ballot keeps both (paper-formats §8a)."""
    from printing.documents.vc_ballot import BallotOffice, VcBallotSpec

    spec = VcBallotSpec(title="石桥村第十二届村民委员会再次投票选票", date_text="2026年12月13日",
                        offices=[BallotOffice("委员", 1, ["赵建国", "周小红"], write_ins=0,
                                              note="就票数相等的候选人再次投票")],
                        issuer="石桥村村民选举委员会", copies=1)
    text = pdfs.compact(render("vc_ballot", spec))
    assert "就票数相等的候选人再次投票" in text and "另选他人" not in text and "两个以上职务" not in text
    ordinary = pdfs.compact(render("vc_ballot", vote_specs.vc_ballot()))
    assert "另选他人" in ordinary and "两个以上职务" in ordinary
