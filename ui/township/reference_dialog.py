"""外乡镇选民名单: other townships' published voter lists, for the double-registration check (VC-09)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
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

from ui import interaction, roles
from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.signals import Changes
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date
from workflows.voters import reference_lists

COLUMNS = ("公布名单的乡镇", "届次", "人数", "文件", "导入日期")


class ReferenceListsDialog(QDialog):
    """Import, replace and delete other townships' lists; they serve the VC-09 check only."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("外乡镇选民名单（查重复登记）"))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        note = QLabel(tr("已在户籍所在村或居住村登记参加选举的，不得再参加其他地方的本届选举（《村民委员会组织法》"
                         "第十三条）。本乡镇各村的登记已直接比对；邻近乡镇公布的选民名单（Excel，含姓名、公民身份号码、"
                         "所在村三列）可在此导入，只用于查重复登记，只与同一届次的选举比对。再次导入同一乡镇同一届次的"
                         "名单即替换原名单；导入、替换和删除都记入审计记录。"), self)
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        layout.addWidget(note)
        grid = QGridLayout()
        self.source = QLineEdit(self)
        self.source.setObjectName("source_township")
        self.source.setPlaceholderText(tr("例如：白水镇"))
        with ctx.session() as session:
            term = reference_lists.current_term(session, ctx.township_id)
        self.term = QLineEdit(term or "第十二届", self)
        self.term.setObjectName("term_label")
        self.path = QLineEdit(self)
        self.path.setObjectName("file_path")
        self.path.setReadOnly(True)
        choose = QPushButton(tr("选择文件…"), self)
        choose.clicked.connect(self.choose_action)
        grid.addWidget(QLabel(tr("公布名单的乡镇"), self), 0, 0)
        grid.addWidget(self.source, 0, 1)
        grid.addWidget(QLabel(tr("届次"), self), 0, 2)
        grid.addWidget(self.term, 0, 3)
        grid.addWidget(QLabel(tr("名单文件"), self), 1, 0)
        grid.addWidget(self.path, 1, 1, 1, 3)
        grid.addWidget(choose, 1, 4)
        add = QPushButton(tr("导入"), self)
        add.setObjectName("import_reference_button")
        add.clicked.connect(self.import_action)
        grid.addWidget(add, 1, 5)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        self.error = QLabel(self)
        self.error.setObjectName("reference_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("reference_table")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        remove = QPushButton(tr("删除所选名单"), self)
        remove.setObjectName("remove_reference_button")
        remove.clicked.connect(self.remove_action)
        layout.addWidget(remove, 0, Qt.AlignLeft)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.button(QDialogButtonBox.Close).setText(tr("关闭"))
        close.rejected.connect(self.accept)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        """Show the lists imported for this township."""
        with self.ctx.session() as session:
            rolls = reference_lists.reference_rolls(session, self.ctx.township_id)
        self.table.setRowCount(len(rolls))
        for row, roll in enumerate(rolls):
            cells = (roll.source_township, roll.term_label, str(roll.voter_count), roll.file_name,
                     format_date(roll.imported_on))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(roles.ID, roll.id)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)

    def choose_action(self) -> None:
        """Pick the Excel file of the other township's list."""
        path, _ = QFileDialog.getOpenFileName(self, tr("选择选民名单文件"), "", tr("Excel 文件 (*.xlsx *.xls)"))
        if path:
            self.path.setText(path)

    def import_action(self) -> bool:
        """Read the file (refused whole on any bad row) and store it, replacing the same round's."""
        if not self.path.text():
            self.error.setText(tr("请先选择名单文件。"))
            return False
        source, term = self.source.text().strip(), self.term.text().strip()
        existing = [r for r in self._rolls() if (r.source_township, r.term_label) == (source, term)]
        if existing and not interaction.confirm(self, tr("替换名单"), tr(
                "已导入{source}{term}的名单（{n}人），导入后将被替换。继续吗？").format(
                source=source, term=term, n=existing[0].voter_count)):
            return False
        try:
            preview = reference_lists.read_reference_list(Path(self.path.text()))
            with self.ctx.transaction() as session:
                roll = reference_lists.import_reference_list(session, self.ctx.township_id, source, term,
                                                             preview, self.ctx.today())
                count = roll.voter_count
        except InvalidInput as refused:
            self.error.setText("；".join(tr_msg(m) for m in refused.errors.values()))
            return False
        self.error.setText("")
        self.path.clear()
        self.reload()
        self.ctx.signals.report(Changes(township=True))
        interaction.inform(self, tr("导入完成"), tr("已导入{source}{term}选民名单{n}人，只用于查重复登记。").format(
            source=source, term=term, n=count))
        return True

    def _rolls(self):
        with self.ctx.session() as session:
            return reference_lists.reference_rolls(session, self.ctx.township_id)

    def remove_action(self) -> None:
        """Delete the selected lists after confirmation."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        ids = [self.table.item(row, 0).data(roles.ID) for row in rows]
        if not ids or not interaction.confirm(self, tr("删除名单"), tr("删除所选的{n}份名单吗？").format(n=len(ids))):
            return
        with self.ctx.transaction() as session:
            for ident in ids:
                reference_lists.remove_reference_roll(session, self.ctx.township_id, ident)
        self.reload()
        self.ctx.signals.report(Changes(township=True))
