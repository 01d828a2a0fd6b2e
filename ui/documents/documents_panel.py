"""A village's documents: generate, compose, open, print or save, and check them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr
from ui.signals import Changes

ID_ROLE = Qt.UserRole + 1
HEADERS = ("核验码", "编号", "种类", "标题", "生成时间", "操作人员", "页数")


class DocumentsPanel(QWidget):
    """The “文书” tab of a village."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.village_id: int | None = None
        self.election_id: int | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._actions())
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("documents_table")
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        self.table.cellDoubleClicked.connect(lambda *_: self.open_action())
        layout.addWidget(self.table, 1)

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, name, slot in (
            (tr("生成工作日程公告"), "schedule_button", self.schedule_action),
            (tr("拟写公告…"), "free_notice_button", self.free_notice_action),
            (tr("当选证书…"), "certificate_button", self.certificate_action),
            (tr("打开"), "open_button", self.open_action),
            (tr("打印所选…"), "print_button", self.print_action),
            (tr("另存所选…"), "save_button", self.save_action),
            (tr("核验…"), "verify_button", self.verify_action),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def show_village(self, village_id: int, election_id: int | None) -> None:
        """List the village's archived documents."""
        self.village_id, self.election_id = village_id, election_id
        self.refresh()

    def refresh(self) -> None:
        """Reload the table."""
        if self.village_id is None:
            return
        from workflows.core import documents  # reportlab: loaded when a village is opened

        with self.ctx.session() as session:
            rows = documents.document_rows(session, village_id=self.village_id)
        cells = [(d.id, d.code, str(d.notice_number or ""), d.kind_label, d.title,
                  d.created_at.strftime("%Y-%m-%d %H:%M"), d.operator, str(d.pages))
                 for d in rows]
        self.table.setRowCount(len(cells))
        for row, (ident, *texts) in enumerate(cells):
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, ident)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)

    def selected_ids(self) -> list[int]:
        """Ids of the selected documents (in table order)."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.table.item(row, 0).data(ID_ROLE) for row in rows]

    def _issued(self, document_id: int) -> None:
        self.refresh()
        self.ctx.signals.report(Changes(self.election_id, documents=True, origin=self))
        self.open_document(document_id)

    def schedule_action(self) -> None:
        """Generate, archive and show the schedule notice from the legal calendar."""
        if self.election_id is None:
            interaction.inform(self, tr("工作日程公告"), tr("请先设置本村换届选举。"))
            return
        from ui.documents.schedule_notice_dialog import ScheduleNoticeDialog

        dialog = ScheduleNoticeDialog(self.ctx, self.election_id, self)
        if dialog.exec() and dialog.document_id is not None:
            self._issued(dialog.document_id)

    def free_notice_action(self) -> None:
        """Compose, archive and show a notice."""
        from ui.documents.free_notice_dialog import FreeNoticeDialog
        from workflows.township import notices

        with self.ctx.session() as session:
            issuers = notices.issuers_of_village(session, self.village_id)
        dialog = FreeNoticeDialog(issuers, self.ctx.today(), self)
        if not dialog.exec():
            return
        with self.ctx.transaction() as session:
            document_id = notices.issue_free_notice(session, dialog.spec(), election_id=self.election_id,
                                                    village_id=self.village_id).id
        self._issued(document_id)

    def certificate_action(self) -> None:
        """Fill and print an election certificate (当选证书)."""
        from ui.documents.certificate_dialog import CertificateDialog

        dialog = CertificateDialog(self.ctx, self.village_id, self.election_id, self)
        if dialog.exec() and dialog.document_id is not None:
            self._issued(dialog.document_id)

    def open_document(self, document_id: int) -> None:
        """Show an archived document in the viewer."""
        open_archived(self, self.ctx, document_id)

    def open_action(self) -> None:
        """Open the first selected document."""
        ids = self.selected_ids()
        if ids:
            self.open_document(ids[0])

    def _batch_items(self) -> list[tuple[str, object]]:
        from workflows.core import documents

        with self.ctx.session() as session:
            chosen = [documents.archived_file(session, ident) for ident in self.selected_ids()]
        return [(f"{d.title}-{d.code}", (lambda data=d.pdf: data)) for d in chosen]

    def print_action(self) -> None:
        """Print the selected documents in the background."""
        items = self._batch_items()
        if not items:
            interaction.inform(self, tr("打印"), tr("请先选择要打印的文书。"))
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.documents.batch_dialog import BatchDialog

        printer = QPrinter(QPrinter.HighResolution)
        if QPrintDialog(printer, self).exec():
            dialog = BatchDialog(items, "print", printer=printer, parent=self)
            dialog.start()
            dialog.exec()

    def save_action(self) -> None:
        """Save the selected documents as PDF files into a folder, in the background."""
        items = self._batch_items()
        if not items:
            interaction.inform(self, tr("另存"), tr("请先选择要保存的文书。"))
            return
        from pathlib import Path

        from ui.documents.batch_dialog import BatchDialog

        folder = QFileDialog.getExistingDirectory(self, tr("保存到文件夹"))
        if folder:
            dialog = BatchDialog(items, "save", folder=Path(folder), parent=self)
            dialog.start()
            dialog.exec()

    def verify_action(self) -> None:
        """Open the verification dialog (with the selected document's code)."""
        from ui.documents.verify_dialog import VerifyDialog

        code = ""
        ids = self.selected_ids()
        if ids:
            code = self.table.item(self.table.currentRow(), 0).text()
        VerifyDialog(self.ctx, code, self).exec()


def open_archived(parent: QWidget, ctx: AppContext, document_id: int) -> None:
    """Show an archived document in the viewer, with its code and hash."""
    from ui.documents.document_viewer import DocumentViewer
    from workflows.core import documents

    with ctx.session() as session:
        document = documents.archived_file(session, document_id)
    info = tr("核验码 {code} · SHA-256 {sha}…").format(code=document.code, sha=document.sha256[:16])
    DocumentViewer(document.pdf, document.title, suggested_name=f"{document.title}.pdf",
                   parent=parent, info=info).exec()
