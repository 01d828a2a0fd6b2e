"""The vc.qualification page: the three-level review, a cancellation with the next nominee moving
up, the inspection confirming the formal candidates, the present post and the printed form
(SD-15, SD-24, SD-40)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from tests.conftest import make_election, make_township
from tests.test_vc_qualification import COMMITTEE_DAY, nominate
from tests.ui_support import answer, record_interaction
from ui.context import AppContext
from ui.signals import AppSignals
from ui.villager import qualification_dialogs as dialogs
from ui.villager.qualification_page import VcQualificationPage
from ui.widgets.work_area import column_texts, select_text
from workflows.core.config import Settings
from workflows.villager.offices import Office

PEOPLE = {
    Office.CHAIR: [("王建国", date(1975, 5, 1), "男", "高中"), ("李强", date(1982, 1, 1), "男", "高中"),
                   ("赵磊", date(1983, 1, 1), "男", "高中")],
    Office.MEMBER: [("陈静", date(1995, 8, 1), "女", "大专"), ("刘洋", date(1984, 7, 1), "男", "高中"),
                    ("杨帆", date(1978, 9, 1), "男", "高中"), ("黄敏", date(1990, 2, 2), "女", "高中")],
}


@pytest.fixture
def ctx(store):
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def election_id(ctx):
    with ctx.transaction() as session:
        township = make_township(session, "jiangxi_2021")
        ctx.township_id = township.id
        election = make_election(session, township, committee=COMMITTEE_DAY)
        election.vc_chairs, election.vc_vice_chairs, election.vc_members = 1, 0, 2
        session.flush()
        nominate(session, election, PEOPLE)
        return election.id


@pytest.fixture
def seen(monkeypatch):
    return record_interaction(monkeypatch)


def all_clear(dialog):
    dialog.all_items_no()
    dialog.all_reviewer.setText("李建军")
    dialog.all_leader.setText("王红梅")
    dialog.all_date.setDate(QDate(2026, 11, 15))
    dialog.fill_departments()


def test_the_qualification_page_reviews_inspects_and_prints(qtbot, ctx, election_id, seen, monkeypatch, tmp_path):
    page = VcQualificationPage(ctx, election_id)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    names = column_texts(page.table, 0)
    assert names == ["王建国", "李强", "刘洋", "杨帆", "陈静"]  # by office, then surname strokes
    assert column_texts(page.table, 1) == ["主任", "主任", "委员", "委员", "委员"]
    assert column_texts(page.table, 6) == ["0/19"] * 5
    assert "村级初审（1个单位）、乡镇初审（1个）和县级联审（17个部门）" in page.note.text()
    assert "尚未出具审查意见" in page.findings.text() and "SD-24" in page.findings.toolTip()

    def item_found(dialog):
        all_clear(dialog)
        assert dialog.departments[0].result.currentText() == "无问题"
        dialog.items[9].answer.setCurrentIndex(2)  # item 10: 是
        dialog.items[9].evidence.setText("2024年因拉票被查处")
        dialog.items[9].event_on.set_value(date(2024, 3, 1))

    fills = [item_found if name == "刘洋" else all_clear for name in names]
    opened = answer(monkeypatch, dialogs.VcReviewDialog, *fills)
    for name in names:
        select_text(page.table, name)
        page.review_action()
    assert "村级 · 村党组织（初审）" in [w.text() for w in opened[0].findChildren(type(opened[0].general_error))]
    assert len(seen["confirm"]) == 1 and "2024年因拉票被查处" in seen["confirm"][0]
    conclusions = dict(zip(column_texts(page.table, 0), column_texts(page.table, 8), strict=True))
    assert conclusions["刘洋"].startswith("已取消资格") and "“十不选”第10项" in conclusions["刘洋"]
    assert conclusions["黄敏"] == "审查未完成"  # moved up in the 委员 ranking, to be reviewed
    assert conclusions["王建国"] == "联审通过，待考察审议"
    page.grab().save(str(tmp_path / "vc_qualification.png"))

    answer(monkeypatch, dialogs.VcReviewDialog, all_clear)
    select_text(page.table, "黄敏")
    page.review_action()

    def inspected(dialog):
        dialog.assessed.setValue(30)
        dialog.excellent.setValue(25)
        dialog.competent.setValue(5)
        dialog.talks.setValue(10)
        dialog.site_visit.set_value(date(2026, 11, 17))
        dialog.conclusion.setPlainText("群众基础好，符合条件。")
        dialog.approved.setCurrentIndex(1)
        dialog.approved_by.setText("镇党委会议")
        dialog.approved_on.set_value(date(2026, 11, 18))

    running = [n for n in column_texts(page.table, 0) if n != "刘洋"]
    answer(monkeypatch, dialogs.VcInspectionDialog, *[inspected] * len(running))
    for name in running:
        select_text(page.table, name)
        page.inspect_action()
    conclusions = dict(zip(column_texts(page.table, 0), column_texts(page.table, 8), strict=True))
    assert {conclusions[n] for n in running} == {"已确定为正式候选人"}
    assert "■" not in page.findings.text()

    def post(dialog):
        dialog.post.setText("村委会委员")
        dialog.incumbent.setChecked(True)

    answer(monkeypatch, dialogs.PostDialog, post)
    select_text(page.table, "王建国")
    page.post_action()
    page.print_action()
    assert len(seen["documents"]) == 1 and seen["error"] == []
    page.grab().save(str(tmp_path / "vc_qualification_done.png"))


def test_refusals_show_beside_the_rows_and_nothing_is_stored(qtbot, ctx, election_id, seen, monkeypatch):
    page = VcQualificationPage(ctx, election_id)
    qtbot.addWidget(page)

    def unsigned(dialog):
        dialog.all_items_no()
        dialog.items[2].answer.setCurrentIndex(2)  # 是 without evidence
        dialog.departments[1].result.setCurrentIndex(1)  # 无问题 without signatures

    opened = answer(monkeypatch, dialogs.VcReviewDialog, unsigned)
    select_text(page.table, "王建国")
    page.review_action()
    dialog = opened[0]
    assert dialog.result() == 0
    assert "第3项勾选为“是”，请填写依据" in dialog.items[2].error.text()
    assert "请填写经办人" in dialog.departments[1].error.text()
    assert column_texts(page.table, 5)[0] == "0/10"
    inspections = answer(monkeypatch, dialogs.VcInspectionDialog, lambda d: None)
    page.inspect_action()
    assert "王建国的资格联审尚未完成" in inspections[0].general_error.text()
    assert inspections[0].result() == 0
