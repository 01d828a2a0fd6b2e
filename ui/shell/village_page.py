"""A village's election: header, stage navigator of both tracks, stage page, full calendar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import tr, tr_msg, tr_text
from ui.icons import status_icon
from ui.shell.milestone_table import MilestoneTable
from ui.shell.stage_page import StagePage
from ui.signals import Changes
from ui.widgets.forms import HINT_STYLE, MARGIN, SPACING, heading
from workflows.core import stages
from workflows.core.text import format_date
from workflows.township.overview import VillageView, village_view

STAGE_ROLE = Qt.UserRole + 1


class VillagePage(QWidget):
    """Everything about one village's current election."""

    edit_village_requested = Signal(int)
    setup_election_requested = Signal(int, object)  # village id, election id or None
    audit_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.village_id: int | None = None
        self.election_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        layout.addLayout(self._header())
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._no_election())
        self.stack.addWidget(self._tabs())
        layout.addWidget(self.stack, 1)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        column = QVBoxLayout()
        self.name = heading("", self)
        self.name.setObjectName("village_name")
        self.details = QLabel(self)
        self.details.setObjectName("village_details")
        self.details.setStyleSheet(HINT_STYLE)
        column.addWidget(self.name)
        column.addWidget(self.details)
        row.addLayout(column, 1)
        for text, name, slot in (
            (tr("选举设置…"), "setup_election_button", self._setup_election),
            (tr("编辑村…"), "edit_village_button", lambda: self.edit_village_requested.emit(self.village_id)),
            (tr("本村审计记录"), "village_audit_button", lambda: self.audit_requested.emit(self.village_id)),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        return row

    def _no_election(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        label = QLabel(tr("本村尚未设置本届换届选举。请先设置届次、选举日和职数。"), page)
        label.setWordWrap(True)
        button = QPushButton(tr("设置本村换届选举…"), page)
        button.setObjectName("create_election_button")
        button.clicked.connect(self._setup_election)
        column.addWidget(label)
        column.addWidget(button, 0, Qt.AlignLeft)
        column.addStretch(1)
        return page

    def _tabs(self) -> QTabWidget:
        tabs = QTabWidget(self)
        tabs.setObjectName("village_tabs")
        splitter = QSplitter(Qt.Horizontal, tabs)
        self.navigator = QTreeWidget(splitter)
        self.navigator.setObjectName("stage_navigator")
        self.navigator.setHeaderHidden(True)
        self.navigator.setMinimumWidth(250)
        self.navigator.currentItemChanged.connect(self._stage_selected)
        self.stage_page = StagePage(self.ctx, splitter)
        self.stage_page.setObjectName("stage_page")
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.stage_page)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 800])
        tabs.addTab(splitter, tr("换届阶段"))
        self.calendar = MilestoneTable(tabs)
        self.calendar.setObjectName("village_calendar")
        self.calendar_warnings = QLabel(tabs)
        self.calendar_warnings.setWordWrap(True)
        self.calendar_warnings.setStyleSheet("color: #e65100;")
        calendar_page = QWidget(tabs)
        calendar_layout = QVBoxLayout(calendar_page)
        calendar_layout.addWidget(self.calendar_warnings)
        calendar_layout.addWidget(self.calendar, 1)
        tabs.addTab(calendar_page, tr("法定日程"))
        from ui.documents.documents_panel import DocumentsPanel

        self.documents = DocumentsPanel(self.ctx, tabs)
        tabs.addTab(self.documents, tr("文书"))
        return tabs

    def _setup_election(self) -> None:
        self.setup_election_requested.emit(self.village_id, self.election_id)

    def show_village(self, village_id: int) -> None:
        """Display a village (its newest election)."""
        self.village_id = village_id
        self.refresh(select_current=True)

    def changed_result(self, changes: Changes) -> None:
        """Redraw what an action changed, if it concerns this village's election."""
        if self.village_id is None or (changes.election_id not in (None, self.election_id)):
            return
        if changes.overview:
            self.refresh()  # shows the stage again: its report is recomputed once
            self.stage_page.refresh_work_area(changes)
            return
        if changes.voters and self.election_id is not None:
            self.stage_page.changed_result(changes)  # blockers depend on the voters
        if changes.documents and changes.origin is not self.documents:
            self.documents.refresh()

    def refresh(self, select_current: bool = False) -> None:
        """Reload the village, the navigator and the current stage page."""
        if self.village_id is None:
            return
        with self.ctx.session() as session:
            view = village_view(session, self.village_id, self.ctx.today())
        if view is None:
            return
        self.name.setText(view.name)
        self.election_id = view.election_id
        if view.election_id is None:
            self.details.setText(tr("户籍人口 {p} 人，{h} 户，{g} 个村民小组").format(
                p=view.population, h=view.households, g=view.group_count))
            self.stack.setCurrentIndex(0)
            return
        self.details.setText(self._details_text(view))
        self.stack.setCurrentIndex(1)
        self.documents.show_village(self.village_id, self.election_id)
        self._fill_navigator(view.tracks, select_current)
        self.calendar.show_milestones(view.milestones)
        self.calendar_warnings.setText("\n".join(tr_msg(w) for w in view.calendar_warnings))
        self.calendar_warnings.setVisible(bool(view.calendar_warnings))

    @staticmethod
    def _details_text(view: VillageView) -> str:
        def day(value):
            return format_date(value) if value else tr("未定")

        chairs, vice_chairs, members, party_members = view.seats
        return tr("{term}　党员大会选举日：{party}　村委会选举日：{vc}　"
                  "村委会职数：主任{c}、副主任{v}、委员{m}　党组织委员{p}名").format(
            term=view.term_label, party=day(view.party_election_day),
            vc=day(view.committee_election_day), c=chairs, v=vice_chairs, m=members,
            p=party_members)

    def _fill_navigator(self, entries, select_current: bool) -> None:
        previous = self.stage_page.stage_key
        self.navigator.blockSignals(True)
        self.navigator.clear()
        chosen = None
        for view in entries:
            track, current, rows = view.track, view.current, view.stages
            top = QTreeWidgetItem(self.navigator, [tr_text(stages.TRACK_LABELS[track])])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(top.flags() & ~Qt.ItemIsSelectable)
            for index, (stage, kind) in enumerate(rows, start=1):
                item = QTreeWidgetItem(top, [f"{index}. {tr_text(stage.title)}"])
                item.setIcon(0, status_icon(kind.value))
                item.setData(0, STAGE_ROLE, stage.key)
                item.setToolTip(0, tr_text(stage.summary) + "\n" + tr_text(stages.MARK_LABELS[kind]))
                wanted = (current.key if current and select_current else previous)
                if stage.key == wanted or (chosen is None and select_current and current is None
                                           and track == stages.Track.VC and index == len(rows)):
                    chosen = item
            top.setExpanded(True)
        if chosen is None:
            chosen = self.navigator.topLevelItem(0).child(0)
        self.navigator.setCurrentItem(chosen)
        self.navigator.blockSignals(False)
        self._stage_selected(chosen)  # once, with the signal blocked above

    def select_stage(self, stage_key: str) -> None:
        """Select a stage in the navigator (keyboard users and tests)."""
        for i in range(self.navigator.topLevelItemCount()):
            top = self.navigator.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, STAGE_ROLE) == stage_key:
                    self.navigator.setCurrentItem(top.child(j))
                    return

    def _stage_selected(self, item: QTreeWidgetItem | None, *_args) -> None:
        if item is None or self.election_id is None:
            return
        key = item.data(0, STAGE_ROLE)
        if key:
            self.stage_page.show_stage(self.election_id, key)
