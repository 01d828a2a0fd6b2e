"""The work area of the voter-registration stage: the list, import, publication, objections."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr
from ui.shell.pages import register_page
from ui.signals import Changes
from ui.voters.voter_model import VoterTableModel
from ui.widgets.forms import HINT_STYLE, SPACING
from workflows.voters import registration
from workflows.voters.voter_queries import CATEGORY_LABELS, VoterFilter

SEARCH_DELAY_MS = 150  # typing pauses longer than this between words


@register_page("vc.registration")
class RegistrationPage(QWidget):
    """Voters of the election with every registration action above them."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.election_id = ctx, election_id
        self.setObjectName("registration_page")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, SPACING, 0, 0)
        self.status = QLabel(self)
        self.status.setObjectName("registration_status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(HINT_STYLE)
        layout.addWidget(self.status)
        layout.addLayout(self._buttons(
            (tr("下载花名册模板…"), "template_button", self.template_action),
            (tr("导入花名册…"), "import_button", self.import_action),
            (tr("登记选民…"), "add_voter_button", self.add_action),
            (tr("修改…"), "edit_voter_button", self.edit_action),
            (tr("除名…"), "remove_voter_button", self.remove_action)))
        layout.addLayout(self._buttons(
            (tr("公布选民名单…"), "publish_button", self.publish_action),
            (tr("发布补充公告…"), "supplement_button", self.supplement_action),
            (tr("异议登记与处理…"), "objections_button", self.objections_action),
            (tr("打印选民证…"), "cards_button", self.cards_action),
            (tr("导出名单（报县）…"), "export_button", self.export_action)))
        layout.addLayout(self._filters())
        self.model = VoterTableModel(ctx, self)
        self.table = QTableView(self)
        self.table.setObjectName("voter_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_action())
        self._size_columns()
        layout.addWidget(self.table, 1)
        self.refresh()

    def _buttons(self, *specs) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, name, slot in specs:
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("voter_search")
        self.search.setPlaceholderText(tr("按姓名、身份证号码或电话查找"))
        self.search.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.installEventFilter(self)  # focus: read the search texts before typing
        self.group = QComboBox(self)
        self.group.setObjectName("group_filter")
        self.category = QComboBox(self)
        self.category.setObjectName("category_filter")
        self.category.addItem(tr("全部类别"), None)
        for key, label in CATEGORY_LABELS.items():
            self.category.addItem(f"{key} {label[:10]}…" if len(label) > 10 else f"{key} {label}", key)
        self.state = QComboBox(self)
        self.state.setObjectName("status_filter")
        for label, key in ((tr("在册"), "registered"), (tr("已除名"), "removed"), (tr("全部"), None)):
            self.state.addItem(label, key)
        for combo in (self.group, self.category, self.state):
            combo.currentIndexChanged.connect(self.apply_filter)
        row.addWidget(self.search, 2)
        row.addWidget(self.group, 1)
        row.addWidget(self.category, 1)
        row.addWidget(self.state)
        return row

    # -- data ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload groups, the status line and the table."""
        with self.ctx.read_scope(self.election_id) as scope:
            groups = registration.group_choices(scope)
            summary = registration.summary(scope)
            day = scope.election.committee_election_day
        current = self.group.currentData()
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem(tr("全部小组"), None)
        for name, ident in groups.items():
            self.group.addItem(name, ident)
        self.group.setCurrentIndex(max(0, self.group.findData(current)))
        self.group.blockSignals(False)
        self.status.setText(summary)
        self.model.load(self.election_id, day, self.current_filter())

    def _size_columns(self) -> None:
        """Widths from the longest value each column can hold, set once: measuring the
        rows themselves would page a thousand voters in from the database."""
        metrics = self.table.fontMetrics()
        padding = 3 * metrics.horizontalAdvance("0")
        for column, sample in enumerate(VoterTableModel.WIDEST):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + padding)

    def current_filter(self) -> VoterFilter:
        """The filter from the search box and the combos."""
        return VoterFilter(self.search.text(), self.group.currentData(), self.category.currentData(),
                           self.state.currentData(), self.model.filter.sort, self.model.filter.descending)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.search and event.type() == QEvent.Type.FocusIn:
            self.model.prepare_search()
        return super().eventFilter(watched, event)

    def apply_filter(self) -> None:
        """Re-query with the current filter."""
        self.model.set_filter(self.current_filter())

    def selected_voter_id(self) -> int | None:
        """The voter of the current row."""
        index = self.table.currentIndex()
        return self.model.voter_id(index.row()) if index.isValid() else None

    def _changed(self, documents: bool = False) -> None:
        """Redraw the list, then tell the other screens (which redraw blockers, not this)."""
        self.refresh()
        self.ctx.signals.report(Changes(self.election_id, voters=True, documents=documents,
                                        origin=self))

    # -- actions ---------------------------------------------------------------------
    def template_action(self) -> None:
        """Save the roster template for this village."""
        from ui.voters.registration_dialogs import save_template

        save_template(self, self.ctx, self.election_id)

    def import_action(self) -> None:
        """Import a roster file (preview first)."""
        from ui.widgets.import_dialog import RosterImportDialog

        if RosterImportDialog(self.ctx, self.election_id, self).exec():
            self.refresh()  # the dialog reported the change

    def add_action(self) -> None:
        """Register one voter by hand."""
        from ui.voters.voter_dialog import VoterDialog

        if VoterDialog(self.ctx, self.election_id, parent=self).exec():
            self.refresh()  # the dialog reported the change

    def edit_action(self) -> None:
        """Edit the selected voter."""
        from ui.voters.voter_dialog import VoterDialog

        voter_id = self.selected_voter_id()
        if voter_id is None:
            interaction.inform(self, tr("修改"), tr("请先在名单中选择一位选民。"))
            return
        if VoterDialog(self.ctx, self.election_id, voter_id, self).exec():
            self.refresh()  # the dialog reported the change

    def remove_action(self) -> None:
        """Take the selected voter off the list, with a reason."""
        from ui.voters.registration_dialogs import RemoveDialog

        voter_id = self.selected_voter_id()
        if voter_id is None:
            interaction.inform(self, tr("除名"), tr("请先在名单中选择一位选民。"))
            return
        if RemoveDialog(self.ctx, self.election_id, voter_id, self).exec():
            self._changed()

    def publish_action(self) -> None:
        """Publish the voter list (notices per villager group)."""
        from ui.voters.registration_dialogs import PublishDialog

        if PublishDialog(self.ctx, self.election_id, self).exec():
            self._changed(documents=True)

    def supplement_action(self) -> None:
        """Publish the pending corrections as a supplementary notice."""
        from ui.voters.registration_dialogs import publish_supplement

        if publish_supplement(self, self.ctx, self.election_id):
            self._changed(documents=True)

    def objections_action(self) -> None:
        """Register and decide objections (VC-11)."""
        from ui.voters.objection_dialog import ObjectionsDialog

        ObjectionsDialog(self.ctx, self.election_id, self).exec()
        self._changed(documents=True)

    def cards_action(self) -> None:
        """Print voter cards for the listed voters."""
        from ui.voters.registration_dialogs import print_cards

        if print_cards(self, self.ctx, self.election_id, self.current_filter()):
            self._changed(documents=True)

    def export_action(self) -> None:
        """Export the complete list for the county (with personal data)."""
        from ui.voters.registration_dialogs import export_list

        export_list(self, self.ctx, self.election_id)

    def select_row(self, position: int) -> None:
        """Select a row (keyboard users and tests)."""
        self.table.selectRow(position)
        self.table.setCurrentIndex(self.model.index(position, 0))


