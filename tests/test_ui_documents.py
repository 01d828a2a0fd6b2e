"""pytest-qt: documents of a village — generate, open in the viewer, verify a file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel

from models import Document
from tests.conftest import TODAY, make_election, make_township
from ui.context import AppContext
from ui.documents.document_viewer import DocumentViewer
from ui.documents.documents_panel import DocumentsPanel
from ui.documents.schedule_notice_dialog import ScheduleNoticeDialog
from ui.documents.verify_dialog import VerifyDialog
from ui.signals import AppSignals
from workflows.core.config import Settings


@pytest.fixture
def ctx(store):
    settings = Settings()
    settings.operator = "王芳"
    return AppContext(store, settings, AppSignals())


@pytest.fixture
def panel(ctx, qtbot, monkeypatch):
    with ctx.transaction() as session:
        township = make_township(session)
        ctx.township_id = township.id
        election = make_election(session, township, party=TODAY + timedelta(days=10),
                                 committee=TODAY + timedelta(days=40))
        ids = (election.village_id, election.id)
    shown = []
    monkeypatch.setattr(DocumentViewer, "exec", lambda self: shown.append(self) or 0)
    # The clerk keeps today's date and the offered issuer, and presses 生成并存档.
    monkeypatch.setattr(ScheduleNoticeDialog, "exec", lambda dialog: dialog.save_action() or dialog.result())
    widget = DocumentsPanel(ctx)
    qtbot.addWidget(widget)
    widget.show_village(*ids)
    widget.shown = shown
    return widget


def test_generating_the_schedule_notice_archives_it_and_opens_the_viewer(panel, ctx):
    panel.schedule_action()
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 2).text() == "换届选举工作日程公告"
    viewer = panel.shown[-1]
    assert viewer.page_count() >= 1
    assert viewer.findChild(QLabel, "page_label").text().startswith("第 1 页")
    assert "核验码" in viewer.findChild(QLabel, "info_label").text()


def test_verify_dialog_finds_the_code_and_compares_files(panel, ctx, qtbot, tmp_path):
    panel.schedule_action()
    with ctx.session() as session:
        document = session.query(Document).one()
        code, data = document.code, document.pdf
    dialog = VerifyDialog(ctx, code.lower())
    qtbot.addWidget(dialog)
    assert dialog.fields["title"].text() == "石桥村“两委”换届选举工作日程公告"
    original = tmp_path / "original.pdf"
    original.write_bytes(data)
    dialog.ask_file = lambda: original
    assert dialog.compare_action() is True
    assert dialog.result.text().startswith("一致")
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x20
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(bytes(changed))
    dialog.ask_file = lambda: forged
    assert dialog.compare_action() is False
    assert "不一致" in dialog.result.text()
    dialog.code.setText("ZZZZ-ZZZZ")
    assert dialog.lookup_action() is False


def test_the_schedule_notice_is_signed_only_by_bodies_that_exist_on_its_date(panel, ctx, qtbot):
    """Issue 9, 1.5 (VC-05): before the villager election committee is elected it cannot
    sign; the leading group announces both tracks, a Party body only the Party items."""
    dialog = ScheduleNoticeDialog(ctx, panel.election_id)
    qtbot.addWidget(dialog)
    names = [dialog.issuer.itemText(i) for i in range(dialog.issuer.count())]
    assert names[0].endswith("换届选举工作领导小组") and not any("村民选举委员会" in n for n in names)
    assert "村党组织换届、村委会换届" in dialog.scope_line.text()
    dialog.issuer.setCurrentIndex(names.index(next(n for n in names if n.endswith("支部委员会"))))
    assert "村党组织换届的日程" in dialog.scope_line.text()
