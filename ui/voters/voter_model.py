"""The voter table: a Qt item model over queries, paging rows in as they are shown.

Only the ordered ids of the matching voters are held; rows are fetched 200 at a time and
the last pages are cached, so 100,000 voters filter, sort and scroll instantly.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ui import roles
from ui.context import AppContext
from ui.i18n import tr
from workflows.voters.voter_queries import (
    SearchTexts,
    ShownList,
    VoterFilter,
    VoterRow,
    matching_ids,
    rows_for,
    search_texts,
)

PAGE_SIZE = 200
PAGES_KEPT = 40


class VoterTableModel(QAbstractTableModel):
    """Columns are (header, sort key or None); rows come from :mod:`workflows.voter_queries`."""

    COLUMNS = (("序号", None), ("村民小组", "group"), ("姓名", "name"), ("性别", "sex"),
               ("出生日期", "birth_date"), ("年龄", "birth_date"), ("公民身份号码", "id_number"),
               ("登记类别", "category"), ("联系电话", None), ("证号", "card_number"),
               ("状态", "status"), ("备注", None))
    # The widest text each column usually shows (an 8-character minority name, a full ID).
    WIDEST = ("100000", "第十二村民小组", "阿依古丽·买买提", "性别", "0000-00-00", "年龄",
              "00000000000000000X", "户籍在本村不居住，本人", "00000000000", "00000", "已除名：迁出", "备注")

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.election_id: int | None = None
        self.election_day: date | None = None
        self.filter = VoterFilter()
        self.listed: list[int] = []  # the filter's voters without its text, in display order
        self.search: SearchTexts | None = None  # read on focus or the first keystroke
        self.shown: ShownList | None = None  # ``listed`` with its texts lined up
        self.ids: list[int] = []  # what the table shows
        self.pages: OrderedDict[int, dict[int, VoterRow]] = OrderedDict()

    def load(self, election_id: int, election_day: date | None, flt: VoterFilter | None = None) -> None:
        """Query the election's voters (the data may have changed); rows are fetched lazily."""
        self.election_id, self.election_day = election_id, election_day
        self.filter = flt or self.filter
        self.search = None
        with self.ctx.session() as session:
            self.listed = matching_ids(session, election_id, replace(self.filter, text=""))
        self._show(self.filter.text)

    def reload(self) -> None:
        """Re-run the query (after a change)."""
        if self.election_id is not None:
            self.load(self.election_id, self.election_day)

    def set_filter(self, flt: VoterFilter) -> None:
        """Apply a new filter: typing filters the list in memory, anything else re-queries."""
        if self.election_id is None:
            return
        if replace(flt, text="") == replace(self.filter, text=""):
            self.filter = flt
            self._show(flt.text)
        else:
            self.filter = flt
            with self.ctx.session() as session:
                self.listed = matching_ids(session, self.election_id, replace(flt, text=""))
            self._show(flt.text)

    def prepare_search(self) -> None:
        """Read what the search box looks at, before the first keystroke needs it."""
        if self.search is None and self.election_id is not None:
            with self.ctx.session() as session:
                self.search = search_texts(session, self.election_id)
        if self.search is not None and (self.shown is None or self.shown.ids is not self.listed):
            self.shown = self.search.over(self.listed)
            self.listed = self.shown.ids

    def _show(self, text: str) -> None:
        ids = self.listed
        if text.strip():
            self.prepare_search()
            ids = self.shown.matching(text)
        self.beginResetModel()
        self.ids = ids
        self.pages.clear()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=roles.DISPLAY):
        if role == roles.DISPLAY and orientation == Qt.Horizontal:
            return tr(self.COLUMNS[section][0])
        return None

    def row_at(self, position: int) -> VoterRow | None:
        """The voter shown at a row, fetching its page if needed."""
        page = position // PAGE_SIZE
        rows = self.pages.get(page)
        if rows is None:
            ids = self.ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
            with self.ctx.session() as session:
                rows = rows_for(session, ids, self.election_day)
            self.pages[page] = rows
            if len(self.pages) > PAGES_KEPT:
                self.pages.popitem(last=False)
        else:
            self.pages.move_to_end(page)
        return rows.get(self.ids[position])

    def data(self, index: QModelIndex, role=roles.DISPLAY):
        if role != roles.DISPLAY and role != roles.FOREGROUND and role != roles.ID:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == roles.ID:
            return row.id
        if role == roles.FOREGROUND:
            return None if row.registered else Qt.gray
        return self._text(index.row(), index.column(), row)

    @staticmethod
    def _text(position: int, column: int, row: VoterRow) -> str:
        values = (str(position + 1), row.group, row.name, row.sex,
                  f"{row.birth_date:%Y-%m-%d}", str(row.age), row.id_number, row.category,
                  row.phone, str(row.card_number or ""), row.status, row.notes)
        return values[column]

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        key = self.COLUMNS[column][1]
        if key is None:
            return
        self.set_filter(replace(self.filter, sort=key, descending=order == Qt.DescendingOrder))

    def voter_id(self, position: int) -> int:
        """The database id of the voter at a row."""
        return self.ids[position]
