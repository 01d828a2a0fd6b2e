"""A table of legal-calendar milestones with their status colours."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ui.i18n import tr, tr_msg, tr_text
from workflows.core.calendar import STATUS_LABELS, Kind, Milestone, Status
from workflows.core.paper import cite
from workflows.core.text import format_date

STATUS_COLORS = {
    Status.DONE: "#2e7d32",
    Status.LATE: "#c62828",
    Status.DUE_SOON: "#e65100",
    Status.UPCOMING: "#424242",
    Status.CLOSED: "#757575",
}
KEY_ROLE = Qt.UserRole + 1


def days_text(milestone: Milestone) -> str:
    """“逾期3日”, “今天”, “还有5日”, or the recorded date for done steps."""
    if milestone.status == Status.DONE:
        return tr("已于{day}").format(day=format_date(milestone.done_on))
    if milestone.status == Status.CLOSED:
        return tr("已截止")
    if milestone.days_left < 0:
        return tr("逾期{n}日").format(n=-milestone.days_left)
    if milestone.days_left == 0:
        return tr("今天")
    return tr("还有{n}日").format(n=milestone.days_left)


class MilestoneTable(QTableWidget):
    """Date, what, status, rule, basis; double-click asks to record a deadline's date."""

    record_requested = Signal(str)
    HEADERS = ("日期", "事项", "状态", "依据", "计算方法")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels([tr(h) for h in self.HEADERS])
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.Stretch)
        self.cellDoubleClicked.connect(self._double_clicked)
        self.milestones: list[Milestone] = []

    def show_milestones(self, milestones: list[Milestone]) -> None:
        """Fill the table."""
        self.milestones = milestones
        self.setRowCount(len(milestones))
        for row, milestone in enumerate(milestones):
            color = QBrush(QColor(STATUS_COLORS[milestone.status]))
            status = tr_text(STATUS_LABELS[milestone.status])
            if milestone.done_late_by:
                status = tr("逾期{n}日完成").format(n=milestone.done_late_by)
                if milestone.late_unexplained:
                    status += tr("，未写明原因")
                color = QBrush(QColor(STATUS_COLORS[Status.LATE]))
            cells = (
                format_date(milestone.due),
                tr_msg(milestone.title),
                f"{status}　{days_text(milestone)}",
                "、".join(cite(milestone.rule_ids)) or "—",
                tr_msg(milestone.basis),
            )
            rules = tr("规则编号：{ids}").format(ids=" ".join(milestone.rule_ids))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(KEY_ROLE, milestone.key)
                item.setToolTip(f"{text}\n{rules}" if column == 3 else text)
                if column == 2:
                    item.setForeground(color)
                self.setItem(row, column, item)
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.Stretch)

    def selected_milestone(self) -> Milestone | None:
        """The milestone of the selected row."""
        row = self.currentRow()
        return self.milestones[row] if 0 <= row < len(self.milestones) else None

    def _double_clicked(self, row: int, _column: int) -> None:
        milestone = self.milestones[row]
        if milestone.kind == Kind.DEADLINE:
            self.record_requested.emit(milestone.key)
