"""The vc.formal_candidates page: the list by office in the profile's order with its order
sentence (SO-01, SO-04), posting before the legal day and a late posting warned and blocked
with the days missing (SD-24), a withdrawal after it with the supplementary notice (PV-05),
the candidates' meeting and its notice (VC-14), and the stage completing."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from models import Document, StageState
from tests.conftest import TODAY, make_election, make_township
from tests.test_vc_qualification import (
    by_name,
    inspected,
    nominate,
    review_all,
    scope_of,
    set_rules,
)
from tests.ui_support import answer, record_interaction
from ui.context import AppContext
from ui.fonts import register_ui_font
from ui.signals import AppSignals
from ui.villager import formal_dialogs as dialogs
from ui.villager.formal_page import FormalCandidatesPage
from ui.widgets.work_area import column_texts, select_text
from workflows.core import stages
from workflows.core.config import Settings
from workflows.core.scope import open_scope
from workflows.villager import formal
from workflows.villager import qualification as q
from workflows.villager.offices import Office

COMMITTEE_DAY = date(2027, 1, 10)
PEOPLE = {
    Office.CHAIR: [("王建国", date(1975, 5, 1), "男", "高中"), ("李强", date(1982, 1, 1), "男", "高中"),
                   ("赵磊", date(1983, 1, 1), "男", "高中")],
    Office.MEMBER: [("陈静", date(1995, 8, 1), "女", "大专"), ("刘洋", date(1984, 7, 1), "男", "高中"),
                    ("杨帆", date(1978, 9, 1), "男", "高中"), ("黄敏", date(1990, 2, 2), "女", "高中")],
}
EARLIER = ("vc.election_committee", "vc.registration", "vc.nomination", "vc.qualification")


def confirm_all(session, election) -> None:
    """Review and inspect every standing candidate: they become formal candidates (SD-24)."""
    review_all(session, election)
    for row in by_name(session, election).values():
        if row.status == "candidate":
            q.record_inspection(scope_of(session, election), row.id, inspected())


def build(ctx, preset: str, committee_day: date, **rules) -> int:
    with ctx.transaction() as session:
        township = make_township(session, preset)
        ctx.township_id = township.id
        if rules:
            set_rules(session, township, **rules)
        election = make_election(session, township, committee=committee_day)
        election.vc_chairs, election.vc_vice_chairs, election.vc_members = 1, 0, 2
        session.flush()
        nominate(session, election, PEOPLE)
        confirm_all(session, election)
        # The earlier stages are other pages' work (their own tests complete them); here they stand done.
        for key in EARLIER:
            session.add(StageState(election_id=election.id, stage_key=key, status="done", completed_on=TODAY))
        return election.id


@pytest.fixture
def ctx(store, qapp):
    register_ui_font(qapp)  # the program's own font, as on the clerk's screen
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def seen(monkeypatch):
    return record_interaction(monkeypatch)


def shot(widget, name: str, tmp_path: Path, size=(1366, 768)) -> None:
    """Save what the widget shows (UI_SHOT_DIR keeps them for looking at)."""
    folder = Path(os.environ.get("UI_SHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    if size:
        widget.resize(*size)
    else:
        widget.adjustSize()
    widget.grab().save(str(folder / f"{name}.png"))


def blockers(ctx, election_id) -> list[str]:
    with ctx.read_scope(election_id) as scope:
        return [str(b.message) for b in stages.evaluate(scope, "vc.formal_candidates").blockers]


def archived(ctx, document_id):
    with ctx.transaction() as session:
        document = session.get(Document, document_id)
        return document.kind, bytes(document.pdf)


def save_pdf(pdf: bytes, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("UI_SHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.pdf").write_bytes(pdf)


def pdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def test_the_list_is_posted_changed_met_and_the_stage_completes(qtbot, ctx, seen, monkeypatch, tmp_path):
    election_id = build(ctx, "jiangxi_2021", COMMITTEE_DAY)
    page = FormalCandidatesPage(ctx, election_id)
    qtbot.addWidget(page)
    assert column_texts(page.table, 0) == ["王建国", "李强", "刘洋", "杨帆", "陈静"]  # by office, then strokes
    assert column_texts(page.table, 1) == ["主任", "主任", "委员", "委员", "委员"]
    assert column_texts(page.table, 2) == ["1", "2", "1", "2", "3"]
    assert "按姓氏笔画为序" in page.order_note.text()
    assert "最迟应于2027年1月5日（选举日5日前）张榜公布，还有45日" in page.posting.text()
    assert "尚未安排正式候选人与村民见面" in page.findings.text() and "VC-14" in page.findings.toolTip()
    shot(page, "formal_page_before", tmp_path)

    page.post_day.setDate(date(2026, 11, 20))
    page.post_action()
    assert seen["confirm"] == [] and seen["error"] == [] and len(seen["documents"]) == 1
    kind, pdf = archived(ctx, seen["documents"][0])
    assert kind == "vc_formal_candidates"
    text = pdf_text(pdf)
    assert "按姓氏笔画为序" in text and text.index("王建国") < text.index("李强") < text.index("刘洋") \
        < text.index("杨帆") < text.index("陈静")
    assert "3601" not in text  # no ID numbers on the wall
    save_pdf(pdf, "formal_list", tmp_path)
    assert "名单已于2026年11月20日张榜公布" in page.posting.text() and page.view_list_button.isEnabled()
    assert not page.post_button.isEnabled()
    page.post_action()  # a second posting is refused: changes go in the changes notice
    assert "此后的变动请发布变动公告" in seen["error"][-1]

    def withdrawn(dialog):
        shot(dialog, "formal_withdrawal_dialog", tmp_path, None)
        dialog.received_on.setDate(date(2026, 11, 21))
        dialog.in_writing.setChecked(True)
        dialog.reason.setText("因身体原因")

    def unwritten(dialog):
        dialog.received_on.setDate(date(2026, 11, 21))

    opened = answer(monkeypatch, dialogs.WithdrawalDialog, unwritten, withdrawn)
    select_text(page.table, "陈静")
    page.withdraw_action()
    assert "须本人书面提出" in opened[0].form.errors["in_writing"].text() and opened[0].result() == 0
    page.withdraw_action()
    assert opened[1].result() == QDialog.Accepted
    assert column_texts(page.changes, 0) == ["陈静"] and column_texts(page.changes, 4) == ["黄敏"]
    assert column_texts(page.changes, 5) == ["未公告"]
    assert "黄敏尚未通过资格审查" in page.findings.text() and "尚未发布变动公告" in page.findings.text()
    page.change_day.setDate(date(2026, 11, 21))
    page.post_changes_action()
    assert "递补人选黄敏尚未通过资格审查" in seen["error"][-1]
    with ctx.transaction() as session:  # the moved-up nominee is reviewed on the qualification page
        confirm_all(session, open_scope(session, election_id).election)
    page.refresh()
    assert "黄敏" in column_texts(page.table, 0)
    page.post_changes_action()
    assert len(seen["documents"]) == 2 and column_texts(page.changes, 5) == ["2026年11月21日"]
    kind, pdf = archived(ctx, seen["documents"][-1])
    assert kind == "vc_candidate_changes" and "陈静" in pdf_text(pdf) and "黄敏" in pdf_text(pdf)
    save_pdf(pdf, "formal_changes", tmp_path)

    def no_place(dialog):
        dialog.set_day(date(2026, 11, 28))

    def arranged(dialog):
        dialog.set_day(date(2026, 11, 25))
        dialog.place.setText("村委会大会议室")
        dialog.time_text.setText("上午9时")
        shot(dialog, "formal_meeting_dialog", tmp_path, None)

    def attended(dialog):
        dialog.attendance.set_value(40)

    meetings = answer(monkeypatch, dialogs.MeetingDialog, no_place, arranged, attended)
    page.add_meeting_action()
    assert "请填写见面会地点" in meetings[0].form.errors["place"].text()
    assert page.meetings.rowCount() == 0
    page.add_meeting_action()
    assert column_texts(page.meetings, 0) == ["2026年11月25日"]
    assert column_texts(page.meetings, 2) == ["村委会大会议室"]
    select_text(page.meetings, "2026年11月25日")
    page.edit_meeting_action()  # not held yet: no attendance
    assert "见面会尚未举行，不能记录到会人数" in meetings[2].form.errors["attendance"].text()
    assert column_texts(page.meetings, 3) == ["未记录"]
    page.meeting_notice_day.setDate(date(2026, 11, 21))
    page.meeting_notice_action()
    assert column_texts(page.meetings, 4) == ["已公告"]
    kind, pdf = archived(ctx, seen["documents"][-1])
    assert kind == "vc_candidate_meeting" and "村委会大会议室" in pdf_text(pdf)
    save_pdf(pdf, "formal_meeting", tmp_path)
    shot(page, "formal_page_done", tmp_path)

    assert blockers(ctx, election_id) == []
    with ctx.scope(election_id) as scope:
        assert stages.check_advance(scope, "vc.formal_candidates", TODAY).ok
        stages.advance(scope, "vc.formal_candidates", TODAY)
    with ctx.read_scope(election_id) as scope:
        assert scope.is_done("vc.formal_candidates")


def test_a_late_posting_is_warned_then_blocks_with_the_days_missing(qtbot, ctx, seen, tmp_path):
    election_id = build(ctx, "jiangxi_2021", date(2026, 11, 24), candidate_order="votes")
    page = FormalCandidatesPage(ctx, election_id)
    qtbot.addWidget(page)
    with ctx.read_scope(election_id) as scope:
        due = formal.posting_state(scope).due
        days = scope.profile.days("formal_candidates_days")
    missing = (TODAY - due).days
    assert missing > 0 and f"已逾期{missing}日" in page.posting.text()
    assert "按提名得票多少为序" in page.order_note.text()  # SO-04 in this profile
    votes = [int(v) for v in column_texts(page.table, 5)]
    assert votes[:2] == sorted(votes[:2], reverse=True) and votes[2:] == sorted(votes[2:], reverse=True)

    page.post_day.setDate(TODAY)
    seen["answer"] = False
    page.post_action()
    assert f"相差{missing}日" in seen["confirm"][0] and f"选举日{days}日前" in seen["confirm"][0]
    assert seen["documents"] == []
    with ctx.read_scope(election_id) as scope:
        assert formal.posting_state(scope).posted_on is None  # nothing stored

    seen["answer"] = True
    page.post_action()
    assert len(seen["documents"]) == 1
    assert f"相差{missing}日" in page.posting.text()
    shot(page, "formal_page_late", tmp_path)
    assert any(f"相差{missing}日" in b for b in blockers(ctx, election_id))
    with ctx.read_scope(election_id) as scope:
        assert not stages.check_advance(scope, "vc.formal_candidates", TODAY).ok
    kind, pdf = archived(ctx, seen["documents"][0])
    assert "按提名得票多少为序" in pdf_text(pdf)
