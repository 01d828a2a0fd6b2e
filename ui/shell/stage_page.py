"""The page of one stage: what it is, what blocks it, its deadlines, complete or reopen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr, tr_msg, tr_text
from ui.shell.backup_dialog import backup_before
from ui.shell.milestone_table import MilestoneTable
from ui.shell.pages import page_factory
from ui.shell.stage_dialogs import AdvanceDialog, FactDialog, ReopenDialog
from ui.signals import Changes
from ui.widgets.forms import HINT_STYLE, MARGIN, SPACING, heading
from workflows.core import backup, stages
from workflows.core.calendar import Kind
from workflows.core.paper import cite

BLOCKER_STYLE = "color: #c62828;"
WARNING_STYLE = "color: #e65100;"
OK_STYLE = "color: #2e7d32;"


class StagePage(QWidget):
    """Shows one stage of one election; completing and reopening go through the workflows."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.election_id: int | None = None
        self.stage_key: str | None = None
        self.custom: QWidget | None = None
        self.later_done: list[str] = []
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.column.setSpacing(SPACING)
        self._build()

    def _build(self) -> None:
        self.title = heading("", self)
        self.title.setObjectName("stage_title")
        self.status = QLabel(self)
        self.status.setObjectName("stage_status")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(HINT_STYLE)
        self.blockers = QLabel(self)
        self.blockers.setObjectName("stage_blockers")
        self.blockers.setWordWrap(True)
        self.blockers.setTextFormat(Qt.RichText)
        self.milestones = MilestoneTable(self)
        self.milestones.setObjectName("stage_milestones")
        self.milestones.record_requested.connect(self.record_action)
        for widget in (self.title, self.status, self.summary, self.blockers):
            self.column.addWidget(widget)
        # The stage's own work area (e.g. the voter list) gets the room; deadlines are a tab.
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("stage_tabs")
        calendar = QWidget(self.tabs)
        calendar_column = QVBoxLayout(calendar)
        calendar_column.addWidget(self.milestones)
        calendar_column.addLayout(self._fact_buttons())
        calendar_column.addStretch(1)
        self.calendar_tab = calendar
        self.tabs.addTab(calendar, tr("本阶段的法定日程"))
        self.column.addWidget(self.tabs, 1)
        self.column.addLayout(self._stage_buttons())

    def _fact_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.record_button = QPushButton(tr("记录所选事项的实际日期…"), self)
        self.record_button.setObjectName("record_fact_button")
        self.record_button.clicked.connect(lambda: self.record_action(None))
        self.clear_button = QPushButton(tr("清除所选日期"), self)
        self.clear_button.clicked.connect(self.clear_action)
        row.addWidget(self.record_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        return row

    def _stage_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.advance_button = QPushButton(tr("完成本阶段…"), self)
        self.advance_button.setObjectName("advance_button")
        self.advance_button.clicked.connect(self.advance_action)
        self.reopen_button = QPushButton(tr("重新打开…"), self)
        self.reopen_button.setObjectName("reopen_button")
        self.reopen_button.clicked.connect(self.reopen_action)
        row.addStretch(1)
        row.addWidget(self.reopen_button)
        row.addWidget(self.advance_button)
        return row

    def show_stage(self, election_id: int, stage_key: str) -> None:
        """Display a stage of an election."""
        self.election_id, self.stage_key = election_id, stage_key
        self.refresh()

    def changed_result(self, changes: Changes) -> None:
        """Redraw the report, and the work area unless it made the change itself."""
        self.refresh()
        self.refresh_work_area(changes)

    def refresh_work_area(self, changes: Changes) -> None:
        """Reload the stage's work area after a change made elsewhere."""
        if self.custom is not None and changes.origin is not self.custom and hasattr(self.custom, "refresh"):
            self.custom.refresh()

    def refresh(self) -> None:
        """Recompute the stage report and redraw (the work area keeps itself up to date)."""
        if self.election_id is None or self.stage_key is None:
            return
        with self.ctx.read_scope(self.election_id) as scope:
            view = stages.stage_view(scope, self.stage_key)
        report, milestones, warnings = view.report, view.milestones, view.calendar_warnings
        self.later_done = [tr_text(s.title) for s in view.later_done]
        stage = report.stage
        self.title.setText(tr_text(stage.title))
        self.status.setText(tr("状态：{status}").format(status=tr_text(stages.MARK_LABELS[view.mark])))
        basis = "、".join(cite(stage.rule_ids))
        self.summary.setText(tr_text(stage.summary) + (tr("　依据：{basis}").format(basis=basis) if basis else ""))
        self.summary.setToolTip(tr("规则编号：{ids}").format(ids=" ".join(stage.rule_ids)))
        self.blockers.setText(self._findings_html(report, warnings))
        ids = sorted({rule for f in report.blockers + report.warnings for rule in f.rule_ids})
        self.blockers.setToolTip(tr("规则编号：{ids}").format(ids=" ".join(ids)) if ids else "")
        self.milestones.show_milestones(milestones)
        self.advance_button.setEnabled(report.can_advance)
        self.reopen_button.setEnabled(report.status == stages.StageStatus.DONE)
        self._show_custom()

    @staticmethod
    def _findings_html(report: stages.StageReport, calendar_warnings) -> str:
        lines = []
        # Rule IDs are for the tooltip and the audit; the clerk reads the message itself.
        for blocker in report.blockers:
            lines.append(f"<div style='{BLOCKER_STYLE}'>■ {tr_msg(blocker.message)}</div>")
        for warning in list(report.warnings):
            lines.append(f"<div style='{WARNING_STYLE}'>▲ {tr_msg(warning.message)}</div>")
        for warning in calendar_warnings:
            lines.append(f"<div style='{WARNING_STYLE}'>▲ {tr_msg(warning)}</div>")
        if report.status == stages.StageStatus.DONE:
            lines.insert(0, f"<div style='{OK_STYLE}'>{tr('本阶段已完成。')}</div>")
        elif not report.blockers:
            lines.insert(0, f"<div style='{OK_STYLE}'>{tr('没有阻断事项，可以完成本阶段。')}</div>")
        else:
            lines.insert(0, f"<b>{tr('完成本阶段前须解决：')}</b>")
        return "".join(lines)

    def _show_custom(self) -> None:
        """Put the stage's own work area first; keep it when only the data changed."""
        key = (self.election_id, self.stage_key)
        if self.custom is not None and getattr(self.custom, "_stage_key", None) == key:
            return
        if self.custom is not None:
            self.tabs.removeTab(self.tabs.indexOf(self.custom))
            self.custom.deleteLater()
            self.custom = None
        factory = page_factory(self.stage_key)
        if factory is not None:
            self.custom = factory(self.ctx, self.election_id, self.tabs)
            self.custom._stage_key = key
            self.tabs.insertTab(0, self.custom, tr("本阶段工作"))
        self.tabs.setCurrentIndex(0)

    def _changed(self) -> None:
        self.ctx.signals.report(Changes(self.election_id, stages=True))

    def record_action(self, key: str | None) -> None:
        """Record the actual date of a deadline milestone of this stage."""
        milestone = self.milestones.selected_milestone()
        if key is not None:
            milestone = next(m for m in self.milestones.milestones if m.key == key)
        if milestone is None or milestone.kind != Kind.DEADLINE:
            interaction.inform(self, tr("记录日期"), tr("请先在上表中选择一个需要完成的事项。"))
            return
        dialog = FactDialog(tr_msg(milestone.title), milestone.due, milestone.done_on,
                            self.ctx.today(), self, milestone.late_reason)
        if not dialog.exec():
            return
        with self.ctx.scope(self.election_id) as scope:
            scope.record_fact(milestone.key, dialog.day.date().toPython(), dialog.note.text())
        self._changed()

    def clear_action(self) -> None:
        """Remove the recorded date of the selected milestone."""
        milestone = self.milestones.selected_milestone()
        if milestone is None or milestone.done_on is None:
            return
        if not interaction.confirm(self, tr("清除日期"), tr("清除“{title}”已记录的日期吗？").format(
                title=tr_msg(milestone.title))):
            return
        with self.ctx.scope(self.election_id) as scope:
            scope.clear_fact(milestone.key)
        self._changed()

    def advance_action(self) -> None:
        """Ask for the completion date and complete the stage if the workflow allows it."""
        stage = stages.STAGES[self.stage_key]
        dialog = AdvanceDialog(tr_text(stage.title), self.ctx.today(), self)
        if not dialog.exec():
            return
        day = dialog.day.date().toPython()
        with self.ctx.read_scope(self.election_id) as scope:
            check = stages.check_advance(scope, self.stage_key, day)
        if check.ok and not backup_before(self.ctx, backup.STAGE, self):
            return
        with self.ctx.scope(self.election_id) as scope:
            check = stages.check_advance(scope, self.stage_key, day)
            if check.ok:
                stages.advance(scope, self.stage_key, day, dialog.note.text())
        if not check.ok:
            interaction.error(self, "\n".join(tr_msg(reason) for reason in check.reasons))
        self._changed()

    def reopen_action(self) -> None:
        """Reopen the stage (and later done stages) with a reason."""
        dialog = ReopenDialog(tr_text(stages.STAGES[self.stage_key].title), self.later_done, self)
        if not dialog.exec():
            return
        if not backup_before(self.ctx, backup.STAGE, self):
            return
        with self.ctx.scope(self.election_id) as scope:
            stages.reopen(scope, self.stage_key, dialog.reason.toPlainText().strip())
        self._changed()
