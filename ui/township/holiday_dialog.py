"""The holiday table: the clerk's own holidays and make-up working days, and covered years."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import tr
from ui.signals import Changes
from ui.widgets.forms import HINT_STYLE, MARGIN, SPACING
from workflows.core import holidays


class HolidayDialog(QDialog):
    """Add or remove entered days; mark a year's arrangement as completely entered."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("节假日表"))
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        years = holidays.bundled_years()
        note = QLabel(tr("程序自带 {first}—{last} 年的法定节假日和调休上班日。其他年份请按国务院办公厅公布的安排"
                         "逐日录入，录完后标记该年“已完整录入”；未录入的年份按周一至周五计算工作日，并在日程中提示。")
                      .format(first=years.start, last=years.stop - 1), self)
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        layout.addWidget(note)
        layout.addLayout(self._entry_row())
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("holiday_table")
        self.table.setHorizontalHeaderLabels([tr("日期"), tr("类型"), tr("名称")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        layout.addWidget(self.table, 1)
        remove = QPushButton(tr("删除所选日期"), self)
        remove.clicked.connect(self.remove_action)
        layout.addWidget(remove)
        layout.addLayout(self._year_row())
        self.years_label = QLabel(self)
        self.years_label.setObjectName("complete_years")
        layout.addWidget(self.years_label)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.button(QDialogButtonBox.Close).setText(tr("关闭"))
        close.rejected.connect(self.accept)
        layout.addWidget(close)
        self.reload()

    def _entry_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.day = QDateEdit(QDate.currentDate(), self)
        self.day.setObjectName("holiday_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.kind = QComboBox(self)
        self.kind.setObjectName("holiday_kind")
        self.kind.addItem(tr("放假（休）"), False)
        self.kind.addItem(tr("调休上班（班）"), True)
        self.name = QLineEdit(self)
        self.name.setObjectName("holiday_name")
        self.name.setPlaceholderText(tr("如：春节"))
        add = QPushButton(tr("录入"), self)
        add.setObjectName("holiday_add")
        add.clicked.connect(self.add_action)
        for widget in (self.day, self.kind, self.name):
            row.addWidget(widget)
        row.addWidget(add)
        return row

    def _year_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year + 1)
        self.year_source = QLineEdit(self)
        self.year_source.setPlaceholderText(tr("依据，如：国办发明电〔2026〕×号"))
        mark = QPushButton(tr("标记为已完整录入"), self)
        mark.setObjectName("year_mark")
        mark.clicked.connect(self.mark_year_action)
        unmark = QPushButton(tr("取消标记"), self)
        unmark.clicked.connect(self.unmark_year_action)
        for widget in (QLabel(tr("年份："), self), self.year, self.year_source, mark, unmark):
            row.addWidget(widget)
        return row

    def reload(self) -> None:
        """Show the stored days and complete years."""
        with self.ctx.session() as session:
            rows = holidays.clerk_days(session)
            years = holidays.complete_years(session)
        year_text = "、".join(f"{year}年（{source}）" if source else f"{year}年" for year, source in years)
        self.table.setRowCount(len(rows))
        for index, (day, is_workday, name) in enumerate(rows):
            self.table.setItem(index, 0, QTableWidgetItem(day.isoformat()))
            self.table.setItem(index, 1, QTableWidgetItem(tr("班") if is_workday else tr("休")))
            self.table.setItem(index, 2, QTableWidgetItem(name))
        self.years_label.setText(tr("已完整录入的年份：") + (year_text or tr("无")))

    def _changed(self) -> None:
        self.reload()
        self.ctx.signals.report(Changes(township=True))

    def add_action(self) -> None:
        """Store the entered day."""
        with self.ctx.transaction() as session:
            holidays.set_day(session, self.day.date().toPython(), self.kind.currentData(),
                             self.name.text())
        self._changed()

    def remove_action(self) -> None:
        """Delete the selected days."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        days = [date.fromisoformat(self.table.item(row, 0).text()) for row in rows]
        with self.ctx.transaction() as session:
            for day in days:
                holidays.remove_day(session, day)
        self._changed()

    def mark_year_action(self) -> None:
        """Mark the chosen year as completely entered."""
        with self.ctx.transaction() as session:
            holidays.mark_year_complete(session, self.year.value(), self.year_source.text())
        self._changed()

    def unmark_year_action(self) -> None:
        """Withdraw the chosen year's mark."""
        with self.ctx.transaction() as session:
            holidays.unmark_year(session, self.year.value())
        self._changed()
