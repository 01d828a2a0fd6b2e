"""笔画数据补录: characters the bundled stroke table lacks, entered once for every list."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.signals import Changes
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING, spin
from workflows.core import names
from workflows.core.errors import InvalidInput


class StrokeDialog(QDialog):
    """List and edit the clerk's stroke data; check a list of names for unknown characters."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("笔画数据补录"))
        self.resize(720, 600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        note = QLabel(tr("名单按姓氏笔画排序（先比笔画数，再比笔顺：1横 2竖 3撇 4点 5折）。程序自带的笔画表没有收录的字，"
                         "在此录入一次，所有名单都会使用。录入前请核对《通用规范汉字表》或新华字典。"), self)
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        layout.addWidget(note)
        layout.addLayout(self._entry_row())
        self.error = QLabel(self)
        self.error.setObjectName("stroke_error")
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("stroke_table")
        self.table.setHorizontalHeaderLabels([tr("字"), tr("笔画数"), tr("笔顺"), tr("依据")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        remove = QPushButton(tr("删除所选"), self)
        remove.clicked.connect(self.remove_action)
        layout.addWidget(remove)
        layout.addWidget(QLabel(tr("检查名单（每行一个姓名）："), self))
        self.names = QPlainTextEdit(self)
        self.names.setObjectName("names_edit")
        self.names.setMaximumHeight(110)
        layout.addWidget(self.names)
        check = QPushButton(tr("检查未收录的字"), self)
        check.setObjectName("check_names_button")
        check.clicked.connect(self.check_action)
        layout.addWidget(check)
        self.result = QLabel(self)
        self.result.setObjectName("check_result")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.button(QDialogButtonBox.Close).setText(tr("关闭"))
        close.rejected.connect(self.accept)
        layout.addWidget(close)
        self.reload()

    def _entry_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.char = QLineEdit(self)
        self.char.setObjectName("char_edit")
        self.char.setMaxLength(1)
        self.char.setMaximumWidth(50)
        self.count = spin(1, 64, 1, tr(" 画"))
        self.sequence = QLineEdit(self)
        self.sequence.setObjectName("sequence_edit")
        self.sequence.setPlaceholderText(tr("笔顺，如 1234521"))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(tr("依据"))
        save = QPushButton(tr("录入"), self)
        save.setObjectName("stroke_save")
        save.clicked.connect(self.save_action)
        for widget in (QLabel(tr("字："), self), self.char, self.count, self.sequence, self.note, save):
            row.addWidget(widget)
        return row

    def reload(self) -> None:
        """Show the entered characters."""
        with self.ctx.session() as session:
            rows = names.override_rows(session)
        self.table.setRowCount(len(rows))
        for index, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(str(value)))

    def save_action(self) -> bool:
        """Store one character's data (refused with the reason if inconsistent)."""
        try:
            with self.ctx.transaction() as session:
                names.set_override(session, self.char.text(), self.count.value(), self.sequence.text(),
                                   self.note.text())
        except InvalidInput as refused:
            self.error.setText("；".join(tr_msg(m) for m in refused.errors.values()))
            return False
        self.error.clear()
        self.reload()
        self.ctx.signals.report(Changes(township=True))
        return True

    def remove_action(self) -> None:
        """Delete the selected characters."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        chars = [self.table.item(row, 0).text() for row in rows]
        with self.ctx.transaction() as session:
            for char in chars:
                names.remove_override(session, char)
        self.reload()

    def check_action(self) -> None:
        """List characters of the pasted names that still lack stroke data."""
        lines = [line.strip() for line in self.names.toPlainText().splitlines() if line.strip()]
        with self.ctx.session() as session:
            found = names.unknown(session, lines)
        if not found:
            self.result.setText(tr("所有字都已收录，可以正确排序。"))
            return
        self.result.setText(tr("未收录笔顺的字：") + "；".join(
            f"“{char}”（{'、'.join(holders)}）" for char, holders in found.items()))
