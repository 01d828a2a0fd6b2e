"""近亲属关系: record relationships (VC-29) used by every avoidance check (SD-19, VC-30, SD-21)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import roles
from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.signals import Changes
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING
from workflows.core import relatives
from workflows.core.errors import InvalidInput


class RelativesDialog(QDialog):
    """The township's recorded close-relative relationships; add and delete."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("近亲属关系"))
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        note = QLabel(tr("近亲属指配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女（《民法典》第1045条）。"
                         "按身份证号码记录一次，“两委”人选回避、选举委员会成员、村务监督委员会人选的检查都会用到。"), self)
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        layout.addWidget(note)
        grid = QGridLayout()
        self.name_a, self.id_a = QLineEdit(self), QLineEdit(self)
        self.name_b, self.id_b = QLineEdit(self), QLineEdit(self)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind_combo")
        for kind in relatives.RELATIONSHIPS:
            self.kind.addItem(kind, kind)
        for column, (label, widget) in enumerate(((tr("甲 姓名"), self.name_a), (tr("甲 身份证号"), self.id_a))):
            grid.addWidget(QLabel(label, self), 0, column * 2)
            grid.addWidget(widget, 0, column * 2 + 1)
        for column, (label, widget) in enumerate(((tr("乙 姓名"), self.name_b), (tr("乙 身份证号"), self.id_b))):
            grid.addWidget(QLabel(label, self), 1, column * 2)
            grid.addWidget(widget, 1, column * 2 + 1)
        grid.addWidget(QLabel(tr("乙是甲的"), self), 2, 0)
        grid.addWidget(self.kind, 2, 1)
        add = QPushButton(tr("记录"), self)
        add.setObjectName("add_relative_button")
        add.clicked.connect(self.add_action)
        grid.addWidget(add, 2, 3)
        layout.addLayout(grid)
        self.error = QLabel(self)
        self.error.setObjectName("relative_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("relatives_table")
        self.table.setHorizontalHeaderLabels([tr("甲"), tr("乙"), tr("关系"), tr("身份证号（甲/乙）")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        remove = QPushButton(tr("删除所选"), self)
        remove.clicked.connect(self.remove_action)
        layout.addWidget(remove)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.button(QDialogButtonBox.Close).setText(tr("关闭"))
        close.rejected.connect(self.accept)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        """Show the recorded relationships of this township."""
        with self.ctx.session() as session:
            rows = [(r.id, r.name_a, r.name_b, r.kind, r.masked_ids)
                    for r in relatives.township_relatives(session, self.ctx.township_id)]
        self.table.setRowCount(len(rows))
        for index, (ident, *cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(roles.ID, ident)
                self.table.setItem(index, column, item)

    def add_action(self) -> bool:
        """Record “乙是甲的…” after validating both ID numbers."""
        try:
            with self.ctx.transaction() as session:
                relatives.record(session, self.ctx.township_id, (self.name_a.text(), self.id_a.text()),
                                 (self.name_b.text(), self.id_b.text()), self.kind.currentData())
        except InvalidInput as refused:
            self.error.setText("；".join(tr_msg(m) for m in refused.errors.values()))
            return False
        self.error.clear()
        for edit in (self.name_b, self.id_b):
            edit.clear()
        self.reload()
        self.ctx.signals.report(Changes(township=True))
        return True

    def remove_action(self) -> None:
        """Delete the selected relationships."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        ids = [self.table.item(row, 0).data(roles.ID) for row in rows]
        with self.ctx.transaction() as session:
            relatives.remove(session, ids)
        self.reload()
        self.ctx.signals.report(Changes(township=True))
