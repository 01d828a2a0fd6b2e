"""Pieces shared by the Party-track pages and dialogs: small tables, findings, the page base.

The Party pages show tens of rows at most (members of one village, candidates), so plain
``QTableWidget``s filled from workflow rows are enough here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import interaction, roles
from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.signals import Changes
from ui.widgets.forms import HINT_STYLE, SPACING
from workflows.core.errors import InvalidInput
from workflows.core.findings import SEVERITY_ORDER, Severity

if TYPE_CHECKING:
    from workflows.core.scope import ElectionScope

RED = "#c62828"
ORANGE = "#e65100"
GREY = "#616161"
GREEN = "#2e7d32"
SEVERITY_STYLE = {Severity.BLOCKER: (RED, "■"), Severity.WARNING: (ORANGE, "▲"), Severity.NOTE: (GREY, "●")}


@dataclass(frozen=True)
class Cell:
    """A table cell with an optional colour and tooltip."""

    text: str
    color: str | None = None
    tooltip: str | None = None
    bold: bool = False


def make_table(parent: QWidget, headers: Sequence[str], name: str,
               stretch: int | None = None) -> QTableWidget:
    """A read-only, row-selecting table."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([tr(h) for h in headers])
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.Interactive)
    header.setStretchLastSection(stretch is None)
    table._stretch = stretch
    return table


def fill_table(table: QTableWidget, rows: Iterable[tuple[object, Sequence[str | Cell]]],
               max_width: int = 260) -> None:
    """Replace the rows; each row is (id, cells). Keeps the selected id selected."""
    keep = selected_id(table)
    rows = list(rows)
    table.setRowCount(len(rows))
    for index, (ident, cells) in enumerate(rows):
        for column, cell in enumerate(cells):
            if not isinstance(cell, Cell):
                cell = Cell(str(cell))
            item = QTableWidgetItem(cell.text)
            item.setData(roles.ID, ident)
            item.setToolTip(cell.tooltip if cell.tooltip is not None else cell.text)
            if cell.color:
                item.setForeground(QColor(cell.color))
            if cell.bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(index, column, item)
    table.resizeColumnsToContents()
    for column in range(table.columnCount()):
        if table.columnWidth(column) > max_width:
            table.setColumnWidth(column, max_width)
    stretch = getattr(table, "_stretch", None)
    if stretch is not None:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.Stretch)
    if keep is not None:
        select_id(table, keep)


def selected_id(table: QTableWidget):
    """The id of the current row, or None."""
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    row = rows[0].row() if rows else -1
    if row < 0 or table.item(row, 0) is None:
        return None
    return table.item(row, 0).data(roles.ID)


def selected_text(table: QTableWidget, column: int = 0) -> str:
    """The text of a column in the selected row ("" when nothing is selected)."""
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    item = table.item(rows[0].row(), column) if rows else None
    return item.text() if item is not None else ""


def select_id(table: QTableWidget, ident) -> bool:
    """Select the row with ``ident`` (keyboard users, tests, keeping a selection)."""
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.data(roles.ID) == ident:
            table.selectRow(row)
            table.setCurrentCell(row, 0)
            return True
    return False


def select_text(table: QTableWidget, text: str, column: int = 0) -> bool:
    """Select the first row whose cell in ``column`` shows ``text`` (tests)."""
    for row in range(table.rowCount()):
        item = table.item(row, column)
        if item is not None and item.text() == text:
            table.selectRow(row)
            table.setCurrentCell(row, 0)
            return True
    return False


def column_texts(table: QTableWidget, column: int) -> list[str]:
    """What a column shows, top to bottom (tests, summaries)."""
    return [table.item(row, column).text() if table.item(row, column) else ""
            for row in range(table.rowCount())]


def finding_line(finding) -> str:
    """One finding as HTML: coloured by severity, with its rule IDs."""
    color, mark = SEVERITY_STYLE.get(finding.severity, (ORANGE, "▲"))
    text = html.escape(tr_msg(finding.message))  # rule IDs: in the label's tooltip
    return f"<div style='color:{color}'>{mark} {text}</div>"


def findings_html(items: Iterable, ok_text: str = "") -> str:
    """Blockers first, then warnings, then notes (order kept within a severity)."""
    items = sorted(items, key=lambda f: SEVERITY_ORDER.get(f.severity, 1))
    if not items:
        return f"<div style='color:{GREEN}'>{html.escape(ok_text)}</div>" if ok_text else ""
    return "".join(finding_line(f) for f in items)


def show_findings(label: QLabel, items: Iterable, ok_text: str = "") -> None:
    """Findings in a label: messages as text, their rule IDs in the tooltip."""
    items = list(items)
    label.setText(findings_html(items, ok_text))
    ids = sorted({rule for finding in items for rule in finding.rule_ids})
    label.setToolTip(tr("规则编号：{ids}").format(ids=" ".join(ids)) if ids else "")


def findings_label(parent: QWidget, name: str) -> QLabel:
    """A label showing findings as rich text (selectable, wrapped)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.RichText)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


def hint_label(text: str, parent: QWidget, name: str = "") -> QLabel:
    """A grey, wrapped explanatory line."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    if name:
        label.setObjectName(name)
    return label


def narrow(widget: QWidget, width: int) -> QWidget:
    """Cap a form editor's width so short values do not stretch across the page."""
    widget.setMaximumWidth(width)
    return widget


def refusal_text(refused: InvalidInput) -> str:
    """A workflow refusal as plain Chinese lines."""
    return "\n".join(tr_msg(m) for m in refused.errors.values())


def show_document(parent: QWidget, ctx: AppContext, document_id: int) -> None:
    """Announce a newly archived document and open it in the viewer."""
    from ui.documents import documents_panel

    ctx.signals.report(Changes(documents=True))
    documents_panel.open_archived(parent, ctx, document_id)


class PartyPage(QWidget):
    """Base of a Party stage's work area: ``refresh()`` reloads; changes go through workflows.

    The content sits in a scroll area: on a small screen (1366×768) the stage page above
    leaves little height, and the page scrolls instead of squeezing its tables to nothing.
    """

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None,
                 content_height: int = 0) -> None:
        super().__init__(parent)
        self.ctx, self.election_id = ctx, election_id
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.content = QWidget(self.scroll)
        self.content.setMinimumHeight(content_height)
        self.scroll.setWidget(self.content)
        outer.addWidget(self.scroll)
        self.column = QVBoxLayout(self.content)
        self.column.setContentsMargins(0, SPACING, SPACING // 2, 0)
        self.column.setSpacing(SPACING)

    def refresh(self) -> None:  # pragma: no cover - abstract
        """Reload everything shown."""
        raise NotImplementedError

    def changed(self) -> None:
        """Redraw, then tell the other screens (the stage's blockers, the overview row)."""
        self.refresh()
        self.ctx.signals.report(Changes(self.election_id, stages=True, origin=self))

    def attempt(self, action: Callable[[ElectionScope], object],
                read_only: bool = False) -> tuple[bool, object]:
        """Run ``action(scope)`` in one transaction on the election (or a read session);
        show a refusal in plain Chinese.

        Returns (True, the action's result), or (False, None) when refused: nothing stored.
        """
        opened = self.ctx.read_scope if read_only else self.ctx.scope
        try:
            with opened(self.election_id) as scope:
                return True, action(scope)
        except InvalidInput as refused:
            interaction.error(self, refusal_text(refused))
            return False, None

    def buttons(self, *specs: tuple[str, str, Callable[[], None]]) -> QHBoxLayout:
        """A row of buttons (text, objectName, slot), left-aligned."""
        row = QHBoxLayout()
        for text, name, slot in specs:
            button = QPushButton(text, self.content)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            row.addWidget(button)
            setattr(self, name, button)
        row.addStretch(1)
        return row

    def need_selection(self, ident, title: str, what: str) -> bool:
        """Tell the user to select a row first; True when something is selected."""
        if ident is None:
            interaction.inform(self, title, what)
            return False
        return True

    def remove_selected(self, table: QTableWidget, title: str, missing: str, question: Callable[[], str],
                        remove: Callable[[ElectionScope, object], object], parent: QWidget | None = None) -> None:
        """The common “delete the selected row” action: ``missing`` when no row is selected,
        then ``question()`` to confirm, ``remove(scope, id)`` in one transaction, redraw."""
        ident = selected_id(table)
        if not self.need_selection(ident, title, missing):
            return
        if interaction.confirm(parent or self, title, question()) and self.attempt(
                lambda scope: remove(scope, ident))[0]:
            self.changed()
