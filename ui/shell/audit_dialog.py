"""The audit history: every change with who and when, before → after, and the full check.

The list shows the newest events (filterable by village); the pane below it shows the
chosen event field by field, before → after, ID and phone numbers masked. The current
anchor (the chain's head, as printed on documents) is shown at the top; the check button
runs ``audit.verify``: chain, triggers, and every audited row against the log.
"""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import roles
from ui.context import AppContext
from ui.i18n import tr
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING
from workflows.core import audit

ROW_LIMIT = 20000


class AuditModel(QAbstractTableModel):
    """Audit events, newest first (read-only)."""

    HEADERS = ("编号", "时间", "操作人", "村", "操作", "内容")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple] = []

    def load(self, rows: list[tuple]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=roles.DISPLAY):
        if role == roles.DISPLAY and orientation == Qt.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=roles.DISPLAY):
        if role == roles.DISPLAY or role == roles.TOOLTIP:
            return self.rows[index.row()][index.column()]
        if role == roles.ALIGNMENT and index.column() == 0:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


class ChangesModel(QAbstractTableModel):
    """One event's fields: before → after."""

    HEADERS = ("字段", "修改前", "修改后")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str]] = []

    def load(self, changes: list[audit.FieldChange]) -> None:
        """Show these changes."""
        self.beginResetModel()
        self.rows = [(change.label, change.before, change.after) for change in changes]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=roles.DISPLAY):
        if role == roles.DISPLAY and orientation == Qt.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=roles.DISPLAY):
        if role == roles.DISPLAY or role == roles.TOOLTIP:
            return self.rows[index.row()][index.column()]
        return None


class AuditDialog(QDialog):
    """Browse the audit log, see each change field by field, and check everything."""

    def __init__(self, ctx: AppContext, township_id: int | None, village_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.township_id = township_id
        self.setWindowTitle(tr("审计记录"))
        self.resize(1100, 700)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        top = QHBoxLayout()
        self.village_filter = QComboBox(self)
        self.village_filter.setObjectName("village_filter")
        self.village_filter.addItem(tr("全部"), None)
        self.village_names = self._villages()
        for vid, name in self.village_names.items():
            self.village_filter.addItem(name, vid)
        self.village_filter.currentIndexChanged.connect(self.reload)
        self.anchor = QLabel(self)
        self.anchor.setObjectName("anchor")
        self.anchor.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.anchor.setToolTip(tr("审计链当前的锚点，与签发文书页脚所印的“审计锚点”同一种码。"
                                  "纸面上的锚点仍在链上，说明打印之前的审计记录没有被改写或截断。"))
        verify = QPushButton(tr("全面核对"), self)
        verify.setObjectName("verify_button")
        verify.setToolTip(tr("核对哈希链、保护审计记录的触发器，以及各表每一条数据是否与审计记录一致"))
        verify.clicked.connect(self.verify_action)
        top.addWidget(QLabel(tr("村："), self))
        top.addWidget(self.village_filter)
        top.addStretch(1)
        top.addWidget(self.anchor)
        top.addSpacing(SPACING)
        top.addWidget(verify)
        layout.addLayout(top)

        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("audit_table")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._show_changes)

        self.changes = ChangesModel(self)
        self.change_table = QTableView(self)
        self.change_table.setObjectName("change_table")
        self.change_table.setModel(self.changes)
        self.change_table.setAlternatingRowColors(True)
        self.change_table.setWordWrap(False)
        self.change_table.verticalHeader().hide()
        header = self.change_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.change_title = QLabel(tr("选中一条记录，查看各字段修改前后的值（身份证号码、电话号码按公示要求遮盖）"), self)
        self.change_title.setObjectName("change_title")
        self.change_title.setStyleSheet(HINT_STYLE)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setSpacing(SPACING // 2)
        lower_layout.addWidget(self.change_title)
        lower_layout.addWidget(self.change_table)
        splitter = QSplitter(Qt.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        self.result = QLabel(self)
        self.result.setObjectName("verify_result")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.problems = QPlainTextEdit(self)
        self.problems.setObjectName("verify_problems")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(140)
        self.problems.hide()
        layout.addWidget(self.problems)
        if village_id is not None:
            self.village_filter.setCurrentIndex(max(0, self.village_filter.findData(village_id)))
        self.reload()

    def _villages(self) -> dict[int, str]:
        with self.ctx.session() as session:
            return audit.village_names(session, self.township_id)

    def reload(self) -> None:
        """Load events for the chosen village (or all) and the current anchor."""
        village_id = self.village_filter.currentData()
        with self.ctx.session() as session:
            events = audit.recent_events(session, village_id, ROW_LIMIT)
            anchor = audit.head(session)
        self.anchor.setText(tr("当前审计锚点：{code}").format(code=anchor.code))
        rows = [self._row(e) for e in events]
        self.model.load(rows)
        self.table.resizeColumnsToContents()
        self.changes.load([])
        if rows:
            self.table.selectRow(0)

    def _row(self, event: audit.EventRow) -> tuple:
        moment = event.occurred_at
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        local = moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        village = self.village_names.get(event.village_id, "")
        return (event.id, local, event.operator, village, audit.event_label(event.action),
                event.summary)

    def _show_changes(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.changes.load([])
            return
        row = self.model.rows[current.row()]
        with self.ctx.session() as session:
            changes = audit.event_changes(session, row[0])
        self.changes.load(changes)
        self.change_title.setText(tr("第 {id} 号：{summary}").format(id=row[0], summary=row[5]))

    def verify_action(self) -> None:
        """Check the chain, its guards and every audited row; list what is wrong."""
        with self.ctx.session() as session:
            report = audit.verify(session)
        if report.ok:
            self.result.setStyleSheet("color: #2e7d32;")
            self.result.setText(tr("审计记录完整：共 {n} 条，逐条核对哈希链无误；保护审计记录的触发器齐全；"
                                   "{rows} 条数据与审计记录一致。").format(n=report.checked,
                                                                        rows=report.rows_checked))
            self.problems.hide()
            return
        lines = report.lines()
        self.result.setStyleSheet(ERROR_STYLE)
        self.result.setText(tr("核对发现 {n} 处问题：审计记录或数据在程序之外被改动过，逐条见下。")
                            .format(n=len(lines)))
        self.problems.setPlainText("\n".join(lines))
        self.problems.show()

