"""Objections to the voter list (VC-11): register, decide within the limit, publish results."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import interaction, roles
from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import HINT_STYLE, MARGIN, SPACING
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date
from workflows.voters import publication, registration

HEADERS = ("收到日期", "申诉人", "所涉村民", "内容", "申诉期至", "最迟决定", "决定", "决定日期", "结果公告")


class ObjectionForm(FormDialog):
    """Record a received objection; the filing window and decision deadline are shown."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("登记异议"), parent)
        self.ctx, self.election_id = ctx, election_id
        self.filed_by = self.form.add("filed_by", tr("申诉人"), QLineEdit(self))
        self.about = self.form.add("about", tr("所涉村民"), QLineEdit(self), tr("对谁的登记（或漏登）有异议"))
        self.content = QPlainTextEdit(self)
        self.content.setObjectName("content")
        self.content.setMaximumHeight(90)
        self.form.add("content", tr("申诉内容"), self.content)
        self.received = self.form.add("received_on", tr("收到日期"), date_editor(ctx.today(), self))
        self.deadlines = QLabel(self)
        self.deadlines.setObjectName("deadlines")
        self.deadlines.setWordWrap(True)
        self.deadlines.setStyleSheet(HINT_STYLE)
        self.body.addWidget(self.deadlines)
        self.received.dateChanged.connect(self.update_deadlines)
        self.finish_layout()
        self.update_deadlines()

    def update_deadlines(self) -> None:
        """Filing window end and decision deadline for the chosen receipt day (VC-11)."""
        day = self.received.date().toPython()
        with self.ctx.read_scope(self.election_id) as scope:
            filing_end, decide_by = registration.objection_deadlines(scope, day)
        lines = []
        if filing_end is None:
            lines.append(tr("选民名单尚未公布。"))
        else:
            late = day > filing_end
            lines.append(tr("申诉期：名单公布之日起至{end}。").format(end=format_date(filing_end))
                         + (tr("本件已超过申诉期。") if late else ""))
        lines.append(tr("处理决定最迟应于{day}作出（收到之日起算，遇休息日顺延）。").format(day=format_date(decide_by)))
        self.deadlines.setText("\n".join(lines))

    def save(self) -> None:
        """Register through the workflow."""
        data = registration.ObjectionInput(self.filed_by.text(), self.about.text(),
                                           self.content.toPlainText(), self.received.date().toPython())
        with self.ctx.scope(self.election_id) as scope:
            registration.register_objection(scope, data)


class DecisionForm(FormDialog):
    """The committee's decision on one objection."""

    def __init__(self, ctx: AppContext, election_id: int, objection_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("处理决定"), parent)
        self.ctx, self.election_id, self.objection_id = ctx, election_id, objection_id
        with ctx.read_scope(election_id) as scope:
            objection = registration.objection_view(scope, objection_id)
        text = tr("{filed_by}于{day}对{about}的登记提出异议：{content}").format(
            filed_by=objection.filed_by, day=format_date(objection.received_on),
            about=objection.about, content=objection.content)
        label = QLabel(text, self)
        label.setWordWrap(True)
        self.body.insertWidget(0, label)
        self.upheld = QComboBox(self)
        self.upheld.addItem(tr("异议成立"), True)
        self.upheld.addItem(tr("异议不成立"), False)
        self.form.add("upheld", tr("审查结论"), self.upheld)
        self.decision = QPlainTextEdit(self)
        self.decision.setObjectName("decision")
        self.decision.setMaximumHeight(90)
        self.form.add("decision", tr("处理决定"), self.decision,
                      tr("如：予以补登并列入补充公告；或：维持原登记。名单的增删请在名单中办理（作为更正）。"))
        self.day = self.form.add("decided_on", tr("决定日期"), date_editor(ctx.today(), self))
        self.finish_layout()

    def save(self) -> None:
        """Record the decision through the workflow."""
        with self.ctx.scope(self.election_id) as scope:
            registration.decide_objection(scope, self.objection_id, self.upheld.currentData(), self.decision.toPlainText(),
                                          self.day.date().toPython())


class ObjectionsDialog(QDialog):
    """All objections of the election with their deadlines; register, decide, publish."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.election_id = ctx, election_id
        self.setWindowTitle(tr("选民名单异议"))
        self.resize(1000, 480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        row = QHBoxLayout()
        for text, name, slot in ((tr("登记异议…"), "add_objection_button", self.add_action),
                                 (tr("作出处理决定…"), "decide_button", self.decide_action),
                                 (tr("公布所选异议的处理结果…"), "publish_results_button", self.publish_action)):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("objection_table")
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload the objections with their computed deadlines."""
        with self.ctx.read_scope(self.election_id) as scope:
            views = registration.objection_views(scope)
        rows = [(o.id, format_date(o.received_on), o.filed_by, o.about, o.content,
                 format_date(o.filing_end) if o.filing_end else "—", format_date(o.decide_by),
                 ("成立：" if o.upheld else "不成立：") + o.decision if o.decided else "未处理",
                 format_date(o.decided_on) if o.decided_on else "", "已公布" if o.published else "")
                for o in views]
        self.table.setRowCount(len(rows))
        for index, (ident, *cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(roles.ID, ident)
                item.setToolTip(text)
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
        for column in (3, 6):  # long texts: full text in the tooltip
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 220))
        self.table.horizontalHeader().setStretchLastSection(True)

    def selected_ids(self) -> list[int]:
        """Objections of the selected rows."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.table.item(r, 0).data(roles.ID) for r in rows]

    def add_action(self) -> None:
        """Register a new objection."""
        if ObjectionForm(self.ctx, self.election_id, self).exec():
            self.refresh()

    def decide_action(self) -> None:
        """Decide the selected objection."""
        ids = self.selected_ids()
        if not ids:
            interaction.inform(self, tr("处理决定"), tr("请先选择一件异议。"))
            return
        if DecisionForm(self.ctx, self.election_id, ids[0], self).exec():
            self.refresh()

    def publish_action(self) -> None:
        """Print the result notice of the selected, decided objections."""
        ids = self.selected_ids()
        if not ids:
            interaction.inform(self, tr("公布处理结果"), tr("请先选择已作出决定的异议。"))
            return
        try:
            with self.ctx.scope(self.election_id) as scope:
                ident = publication.publish_objection_results(scope, ids, self.ctx.today()).id
        except InvalidInput as refused:
            interaction.error(self, "；".join(tr_msg(m) for m in refused.errors.values()))
            return
        self.refresh()
        from ui.documents.documents_panel import open_archived

        open_archived(self, self.ctx, ident)
