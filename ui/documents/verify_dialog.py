"""核验: look a document up by its verification code and check a file against the archive."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING
from workflows.core import documents

OK_STYLE = "color: #2e7d32; font-weight: bold;"


class VerifyDialog(QDialog):
    """Enter a code → see the archived record, open the original, compare a PDF file."""

    def __init__(self, ctx: AppContext, code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.document_id: int | None = None
        self.setWindowTitle(tr("文书核验"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        hint = QLabel(tr("每份文书的每一页底部都印有核验码（及二维码）。输入核验码可查到档案中的原件；"
                         "选择一个 PDF 文件，可检查它与原件是否逐字节一致。"), self)
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.code = QLineEdit(code, self)
        self.code.setObjectName("code_edit")
        self.code.setPlaceholderText(tr("例如：7KQM-3XPA"))
        self.code.returnPressed.connect(self.lookup_action)
        find = QPushButton(tr("查找"), self)
        find.setObjectName("find_button")
        find.clicked.connect(self.lookup_action)
        row.addWidget(QLabel(tr("核验码："), self))
        row.addWidget(self.code, 1)
        row.addWidget(find)
        layout.addLayout(row)
        self.details = QFormLayout()
        self.fields = {}
        for key, label in (("title", "标题"), ("kind", "种类"), ("place", "所属"),
                           ("created", "生成时间"), ("operator", "操作人员"), ("pages", "页数"),
                           ("sha", "SHA-256")):
            value = QLabel(self)
            value.setObjectName(f"detail_{key}")
            value.setWordWrap(True)
            self.fields[key] = value
            self.details.addRow(tr(label) + "：", value)
        layout.addLayout(self.details)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(tr("查看档案原件"), self)
        self.open_button.setObjectName("open_button")
        self.open_button.clicked.connect(self.open_action)
        self.compare_button = QPushButton(tr("选择 PDF 文件比对…"), self)
        self.compare_button.setObjectName("compare_button")
        self.compare_button.clicked.connect(self.compare_action)
        for button in (self.open_button, self.compare_button):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.result = QLabel(self)
        self.result.setObjectName("verify_result")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        if code:
            self.lookup_action()

    def lookup_action(self) -> bool:
        """Find the archived document for the typed code."""
        with self.ctx.session() as session:
            document = documents.lookup(session, self.code.text())
            if document is None:
                self.document_id = None
                self._show_none()
                return False
            self.document_id = document.id
        self._show(document)
        return True

    def _show_none(self) -> None:
        for value in self.fields.values():
            value.clear()
        self.open_button.setEnabled(False)
        self.compare_button.setEnabled(False)
        self.result.setStyleSheet(ERROR_STYLE)
        self.result.setText(tr("档案中没有核验码为“{code}”的文书。").format(code=self.code.text().strip()))

    def _show(self, document: documents.ArchiveEntry) -> None:
        values = {
            "title": document.title, "kind": document.kind_label, "place": document.place,
            "created": document.created_at.strftime("%Y-%m-%d %H:%M"),
            "operator": document.operator, "pages": str(document.pages), "sha": document.sha256,
        }
        for key, text in values.items():
            self.fields[key].setText(text)
        self.open_button.setEnabled(True)
        self.compare_button.setEnabled(True)
        self.result.setStyleSheet(HINT_STYLE)
        self.result.setText(tr("已找到档案记录。"))

    def archived_bytes(self) -> bytes:
        """The archived PDF."""
        with self.ctx.session() as session:
            return documents.archived_file(session, self.document_id).pdf

    def open_action(self) -> None:
        """Show the archived original."""
        from ui.documents.document_viewer import DocumentViewer

        DocumentViewer(self.archived_bytes(), self.fields["title"].text(),
                       suggested_name=f"{self.fields['title'].text()}.pdf", parent=self,
                       info=tr("档案原件 · 核验码 {code}").format(code=self.code.text().strip())).exec()

    def ask_file(self) -> Path | None:
        """Which PDF to compare (overridden in tests)."""
        path, _filter = QFileDialog.getOpenFileName(self, tr("选择要核验的 PDF 文件"), "",
                                                    tr("PDF 文件 (*.pdf)"))
        return Path(path) if path else None

    def compare_action(self) -> bool | None:
        """Compare a chosen file with the archived bytes and say so plainly."""
        path = self.ask_file()
        if path is None:
            return None
        with self.ctx.session() as session:
            comparison = documents.compare(session, self.code.text(), path.read_bytes())
        self.result.setStyleSheet(OK_STYLE if comparison.identical else ERROR_STYLE)
        verdict = tr("一致：") if comparison.identical else tr("不一致：")
        self.result.setText(verdict + tr_msg(comparison.message))
        return comparison.identical
