"""Issuing documents: archive, verification codes, numbering, reproducibility (issue 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pypdf import PdfReader

from tests.conftest import TODAY, make_election, make_township
from tests.pdfs import compact, fonts_embedded, pages_text, personal_data
from workflows.core import documents
from workflows.core.documents import normalise_code
from workflows.core.scope import open_scope
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
    assert "石桥村村民选举委员会" in flat and "2026年11月21日" in flat
    assert "特此公告" in flat


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
