"""The audit history: every change with who and when, filterable by village, and chain check."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import roles
from ui.context import AppContext
from ui.i18n import tr
from ui.widgets.forms import ERROR_STYLE, MARGIN, SPACING
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
        return None


class AuditDialog(QDialog):
    """Browse the audit log and verify its hash chain."""

    def __init__(self, ctx: AppContext, township_id: int | None, village_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.township_id = township_id
        self.setWindowTitle(tr("审计记录"))
        self.resize(1000, 640)
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
        verify = QPushButton(tr("校验审计记录是否被改动"), self)
        verify.setObjectName("verify_button")
        verify.clicked.connect(self.verify_action)
        top.addWidget(QLabel(tr("村："), self))
        top.addWidget(self.village_filter)
        top.addStretch(1)
        top.addWidget(verify)
        layout.addLayout(top)
        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("audit_table")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        self.result = QLabel(self)
        self.result.setObjectName("verify_result")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        if village_id is not None:
            self.village_filter.setCurrentIndex(max(0, self.village_filter.findData(village_id)))
        self.reload()

    def _villages(self) -> dict[int, str]:
        with self.ctx.session() as session:
            return audit.village_names(session, self.township_id)

    def reload(self) -> None:
        """Load events for the chosen village (or all)."""
        village_id = self.village_filter.currentData()
        with self.ctx.session() as session:
            events = audit.recent_events(session, village_id, ROW_LIMIT)
        rows = [self._row(e) for e in events]
        self.model.load(rows)
        self.table.resizeColumnsToContents()

    def _row(self, event: audit.EventRow) -> tuple:
        moment = event.occurred_at
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        local = moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        village = self.village_names.get(event.village_id, "")
        return (event.id, local, event.operator, village, audit.event_label(event.action),
                event.summary)

    def verify_action(self) -> None:
        """Recompute the chain and show the first broken event, if any."""
        with self.ctx.session() as session:
            report = audit.verify(session)
        if report.ok:
            self.result.setStyleSheet("color: #2e7d32;")
            self.result.setText(tr("审计记录完整：共 {n} 条，逐条核对哈希链无误。").format(n=report.checked))
        else:
            self.result.setStyleSheet(ERROR_STYLE)
            self.result.setText(tr("审计记录被改动！") + report.problem)
