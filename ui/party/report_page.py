"""Work area of the report: the 选举结果报告 to the township Party committee and its 批复 (PT-21)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.shell.pages import register_page
from ui.shell.stage_dialogs import date_editor
from ui.widgets.forms import Form, heading
from ui.widgets.work_area import GREEN, ORANGE, PartyPage, hint_label, narrow, show_document
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date
from workflows.party import vote


@register_page("party.report")
class ReportPage(PartyPage):
    """Print the report (dated the day it goes to the township), then record the reply."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent, content_height=420)
        self.setObjectName("party_report_page")
        self.column.addWidget(heading(tr("选举结果报告"), self))
        self.column.addWidget(hint_label(tr(
            "新一届委员会将党员大会和委员会全体会议的选举情况书面报告镇党委，镇党委及时批复（PT-21）。"), self))
        self.state = QLabel(self)
        self.state.setObjectName("report_vote_state")
        self.state.setWordWrap(True)
        self.column.addWidget(self.state)
        self.report_form = Form(self)
        self.report_day = self.report_form.add("day", tr("报告日期"), narrow(date_editor(ctx.today(), self), 200))
        self.column.addWidget(self.report_form)
        self.column.addLayout(self.buttons((tr("打印选举结果报告"), "print_result_button", self.print_action)))
        self.column.addWidget(heading(tr("镇党委批复"), self))
        self.reply_form = Form(self)
        self.reply_on = self.reply_form.add("reply_on", tr("批复日期"), narrow(date_editor(ctx.today(), self), 200))
        self.number = self.reply_form.add("number", tr("批复文号"), narrow(QLineEdit(self), 300))
        self.number.setObjectName("reply_number_edit")
        self.column.addWidget(self.reply_form)
        self.column.addLayout(self.buttons((tr("记录批复"), "record_reply_button", self.reply_action)))
        self.column.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.read_scope(self.election_id) as scope:
            state = vote.report_state(scope)
            ready = vote.officers_done(scope) is not None
        if state.reply_on:
            text = tr("已于{sent}报告镇党委，镇党委{reply}批复（{number}）。").format(
                sent=format_date(state.sent_on), reply=format_date(state.reply_on), number=state.reply_number)
            color = GREEN
            self.reply_on.setDate(QDate(state.reply_on))
            self.number.setText(state.reply_number)
        elif state.sent_on:
            text, color = tr("已于{sent}报告镇党委，尚未记录批复。").format(sent=format_date(state.sent_on)), ORANGE
        elif ready:
            text, color = tr("书记、副书记已选出，可以打印选举结果报告。"), ORANGE
        else:
            text, color = tr("书记、副书记选出后，方可报告选举结果。"), ORANGE
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {color};")
        self.print_result_button.setEnabled(ready)
        self.record_reply_button.setEnabled(state.sent_on is not None)

    def print_action(self) -> None:
        day = self.report_day.date().toPython()
        ok, document_id = self.attempt(lambda scope: vote.issue_report(scope, day).id)
        if ok:
            self.changed()
            show_document(self, self.ctx, document_id)

    def reply_action(self) -> None:
        try:
            with self.ctx.scope(self.election_id) as scope:
                vote.record_reply(scope, self.reply_on.date().toPython(), self.number.text())
        except InvalidInput as refused:
            self.reply_form.show_errors(refused.errors)
            return
        self.reply_form.show_errors({})
        self.changed()
