"""The township overview (home page): one sortable row per village, late ones in red."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ui import roles
from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.widgets.forms import HINT_STYLE, MARGIN, SPACING, heading
from workflows.core.calendar import Status
from workflows.core.text import format_date
from workflows.township.overview import VillageRow, township_overview, village_row
from workflows.township.townships import township_name

SORT_ROLE = roles.SORT
VILLAGE_ROLE = roles.ID
LATE_COLOR = QColor("#c62828")
SOON_COLOR = QColor("#e65100")


class OverviewModel(QAbstractTableModel):
    """Rows of :class:`VillageRow`; column constants name the columns."""

    VILLAGE, TERM, PARTY, VC, NEXT, DUE, DAYS, LATE = range(8)
    HEADERS = ("村", "届次", "村党组织换届（当前阶段）", "村委会换届（当前阶段）", "下一期限",
               "最迟日期", "剩余天数", "逾期事项")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[VillageRow] = []
        self.cells: list[tuple[str, ...]] = []  # display texts, computed once per load
        self.bold = QFont()
        self.bold.setBold(True)

    def load(self, rows: list[VillageRow]) -> None:
        """Replace all rows (texts are rendered here, not on every paint)."""
        self.beginResetModel()
        self.rows = rows
        self.cells = [tuple(self._text(row, column) for column in range(len(self.HEADERS)))
                      for row in rows]
        self.endResetModel()

    def replace_row(self, position: int, row: VillageRow) -> None:
        """Put a recomputed row in place (the proxy re-sorts it)."""
        self.rows[position] = row
        self.cells[position] = tuple(self._text(row, column) for column in range(len(self.HEADERS)))
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.HEADERS) - 1))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=roles.DISPLAY):
        if role == roles.DISPLAY and orientation == Qt.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=roles.DISPLAY):
        row = self.rows[index.row()]
        column = index.column()
        if role == roles.DISPLAY:
            return self.cells[index.row()][column]
        if role == SORT_ROLE:
            return self._sort_value(index.row(), column)
        if role == VILLAGE_ROLE:
            return row.village_id
        if role == roles.FOREGROUND:
            return self._color(row, column)
        if role == roles.FONT and column in (self.VILLAGE, self.DAYS) and row.late:
            return self.bold
        if role == roles.TOOLTIP and row.late:
            return tr("逾期：") + self.cells[index.row()][self.LATE]
        return None

    def _text(self, row: VillageRow, column: int) -> str:
        upcoming = row.next_milestone
        if column == self.VILLAGE:
            return row.village_name
        if column == self.TERM:
            return row.term_label
        if column == self.PARTY:
            return tr_msg(row.party_stage)
        if column == self.VC:
            return tr_msg(row.vc_stage)
        if column == self.NEXT:
            return tr_msg(upcoming.title) if upcoming else "—"
        if column == self.DUE:
            return format_date(upcoming.due) if upcoming else ""
        if column == self.DAYS:
            return self._days_text(row)
        if column == self.LATE:
            return "；".join(tr_msg(m.title) for m in row.late)
        return ""

    @staticmethod
    def _days_text(row: VillageRow) -> str:
        days = row.days_left
        if days is None:
            return ""
        if days < 0:
            return tr("逾期{n}日").format(n=-days)
        if days == 0:
            return tr("今天到期")
        return tr("{n}日").format(n=days)

    def _sort_value(self, position: int, column: int):
        row = self.rows[position]
        if column == self.DAYS:
            return row.days_left if row.days_left is not None else 10**6
        if column == self.DUE:
            return row.next_milestone.due.toordinal() if row.next_milestone else 10**7
        if column == self.LATE:
            return len(row.late)
        return self.cells[position][column]

    def _color(self, row: VillageRow, column: int):
        if row.late:
            return QBrush(LATE_COLOR)
        if row.next_milestone and row.next_milestone.status == Status.DUE_SOON and column >= self.NEXT:
            return QBrush(SOON_COLOR)
        return None


class OverviewPage(QWidget):
    """Home page: the township's villages at a glance; double-click opens a village."""

    village_activated = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        self.title = heading(tr("乡镇总览"), self)
        self.title.setObjectName("overview_title")
        self.hint = QLabel(tr("每村一行：两条线各自的当前阶段、下一个法定期限和剩余天数；逾期的村以红色显示。"
                              "点击列标题排序，双击一行进入该村。"), self)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setWordWrap(True)
        self.model = OverviewModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setObjectName("overview_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._activated)
        for widget in (self.title, self.hint):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        """Recompute every village's row."""
        if self.ctx.township_id is None:
            self.model.load([])
            return
        with self.ctx.session() as session:
            rows = township_overview(session, self.ctx.township_id, self.ctx.today())
            name = township_name(session, self.ctx.township_id)
        self.title.setText(tr("{name} · 乡镇总览").format(name=name))
        self.model.load(rows)
        self.table.sortByColumn(OverviewModel.DAYS, Qt.AscendingOrder)
        self.table.resizeColumnsToContents()

    def refresh_election(self, election_id: int | None) -> None:
        """Recompute the one row of the village whose election changed."""
        position = next((i for i, row in enumerate(self.model.rows) if row.election_id == election_id), None)
        if position is None:
            self.refresh()
            return
        with self.ctx.session() as session:
            row = village_row(session, self.model.rows[position].village_id, self.ctx.today())
        self.model.replace_row(position, row)

    def rows(self) -> list[VillageRow]:
        """The rows shown (in model order)."""
        return list(self.model.rows)

    def _activated(self, index: QModelIndex) -> None:
        self.village_activated.emit(index.data(VILLAGE_ROLE))
