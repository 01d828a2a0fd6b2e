"""Work areas of the publicity of the preliminary candidates and the township's approval (PT-17)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr
from ui.shell.pages import register_page
from ui.shell.stage_dialogs import date_editor
from ui.widgets.forms import Form, heading
from ui.widgets.work_area import (
    GREEN,
    ORANGE,
    PartyPage,
    findings_label,
    hint_label,
    narrow,
    show_document,
    show_findings,
)
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date
from workflows.party import candidates as party_candidates
from workflows.party import documents as party_documents
from workflows.party import review as party_review

PHONE_KEY = "party_office_phone"
ADDRESS_KEY = "party_office_address"


def preliminary_text(names: party_candidates.PreliminaryList) -> str:
    """“书记：甲；副书记：乙；委员：甲、乙、丙…” of the chosen preliminary candidates."""
    if not names.committee:
        return tr("尚未确定预备人选。")
    parts = []
    for chosen, label in ((names.secretaries, tr("书记候选人")), (names.deputies, tr("副书记候选人"))):
        if chosen:
            parts.append(f"{label}：{'、'.join(chosen)}")
    parts.append(tr("委员候选人（{n}人）：{names}").format(n=len(names.committee),
                                                     names="、".join(names.committee)))
    return tr("预备人选　") + "；".join(parts)


@register_page("party.publicity")
class PublicityPage(PartyPage):
    """Dates (length checked against the profile), outcome, the office's contact, the notice."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent)
        self.setObjectName("party_publicity_page")
        self.content.setMinimumHeight(400)
        self.required = 0
        self.working = True
        self.chosen = QLabel(self)
        self.chosen.setObjectName("preliminary_names")
        self.chosen.setWordWrap(True)
        self.column.addWidget(self.chosen)
        self.form = Form(self)
        today = ctx.today()
        self.start = self.form.add("start", tr("公示开始"), narrow(date_editor(today, self), 200))
        self.end = self.form.add("end", tr("公示结束"), narrow(date_editor(today, self), 200))
        self.length = QLabel(self)
        self.length.setObjectName("publicity_length")
        self.form.add("length", tr("公示期"), self.length)
        self.outcome = self.form.add("outcome", tr("公示结果"), narrow(QLineEdit(self), 560),
                                     tr("公示期满后填写，如“公示期间未收到反映问题”；收到反映的，写明核查结论"))
        self.outcome.setPlaceholderText(tr("公示期间未收到反映问题"))
        self.phone = self.form.add("phone", tr("受理电话"),
                                   narrow(QLineEdit(str(ctx.settings.get(PHONE_KEY, "") or ""), self), 260))
        self.address = self.form.add("address", tr("来信地址"),
                                     narrow(QLineEdit(str(ctx.settings.get(ADDRESS_KEY, "") or ""), self), 560),
                                     tr("印在公示上；下次自动填入"))
        self.column.addWidget(self.form)
        self.column.addLayout(self.buttons(
            (tr("记录公示"), "record_publicity_button", self.record_action),
            (tr("打印公示"), "print_publicity_button", self.print_action)))
        self.column.addWidget(hint_label(tr("“打印公示”先按上面的日期记录公示，再生成公示文书（编号、核验码）。"), self))
        self.findings = findings_label(self, "publicity_findings")
        self.column.addWidget(self.findings)
        self.column.addStretch(1)
        self.start.dateChanged.connect(self.update_length)
        self.end.dateChanged.connect(self.update_length)
        self.refresh()

    def refresh(self) -> None:
        """Reload the stored publicity, the names and the checks."""
        with self.ctx.read_scope(self.election_id) as scope:
            plan = party_review.publicity_plan(scope)
            names = party_candidates.preliminary_list(scope)
            findings = party_review.publicity_check(scope)
        self.required, self.working = plan.required, plan.working
        self.chosen.setText(preliminary_text(names))
        for editor, day in ((self.start, plan.start), (self.end, plan.end)):
            editor.blockSignals(True)
            editor.setDate(QDate(day))
            editor.blockSignals(False)
        self.outcome.setText(plan.outcome)
        self.form.show_errors({})
        self.update_length()
        show_findings(self.findings, findings.items, tr("公示已记录，期满且结果已登记。"))

    def update_length(self) -> None:
        """The chosen period in (working) days against the required length."""
        start, end = self.start.date().toPython(), self.end.date().toPython()
        unit = tr("个工作日") if self.working else tr("日")
        if end < start:
            self.length.setText(tr("结束日期早于开始日期"))
            self.length.setStyleSheet(f"color: {ORANGE};")
            return
        with self.ctx.read_scope(self.election_id) as scope:
            days = party_review.publicity_length(scope, start, end)
        enough = days >= self.required
        self.length.setText(tr("共{k}{unit}（含首尾两日），规定不少于{n}{unit}{verdict}").format(
            k=days, n=self.required, unit=unit, verdict=tr("") if enough else tr("，不足")))
        self.length.setStyleSheet(f"color: {GREEN if enough else ORANGE};")

    def _has_preliminary(self) -> bool:
        with self.ctx.read_scope(self.election_id) as scope:
            return bool(party_candidates.preliminary_list(scope).committee)

    def _remember_contact(self) -> None:
        for key, editor in ((PHONE_KEY, self.phone), (ADDRESS_KEY, self.address)):
            if editor.text().strip() != (self.ctx.settings.get(key, "") or ""):
                self.ctx.settings.set(key, editor.text().strip())

    def _record(self, scope) -> None:
        party_review.record_publicity(scope, self.start.date().toPython(), self.end.date().toPython(),
                                      self.outcome.text())

    def record_action(self) -> bool:
        """Record the publicity's dates and outcome; refusals beside the fields."""
        self._remember_contact()
        try:
            with self.ctx.scope(self.election_id) as scope:
                self._record(scope)
        except InvalidInput as refused:
            self.form.show_errors(refused.errors)
            return False
        self.changed()
        return True

    def print_action(self) -> None:
        """Record the dates, then archive and show the 公示."""
        if not self._has_preliminary():
            interaction.error(self, tr("尚未确定预备人选，不能生成公示。"))
            return
        self._remember_contact()
        phone, address = self.phone.text().strip(), self.address.text().strip()
        try:
            with self.ctx.scope(self.election_id) as scope:
                self._record(scope)
                document_id = party_documents.issue_publicity(scope, self.start.date().toPython(), phone,
                                                              address).id
        except InvalidInput as refused:
            self.form.show_errors(refused.errors)
            return
        self.changed()
        show_document(self, self.ctx, document_id)


@register_page("party.approval")
class ApprovalPage(PartyPage):
    """The 请示 (generated from the stored data) and the township's 批复."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent)
        self.setObjectName("party_approval_page")
        self.content.setMinimumHeight(400)
        self.chosen = hint_label("", self, "approval_names")
        self.column.addWidget(self.chosen)
        self.column.addWidget(heading(tr("请示"), self))
        self.request_state = QLabel(self)
        self.request_state.setObjectName("request_state")
        self.request_state.setWordWrap(True)
        self.column.addWidget(self.request_state)
        self.column.addLayout(self.buttons((tr("生成请示…"), "request_button", self.request_action)))
        self.column.addWidget(heading(tr("镇党委批复"), self))
        self.form = Form(self)
        self.reply_on = self.form.add("reply_on", tr("批复日期"), narrow(date_editor(ctx.today(), self), 200))
        self.reply_number = self.form.add("reply_number", tr("批复文号"), narrow(QLineEdit(self), 300))
        self.reply_number.setPlaceholderText(tr("如：云委字〔2026〕12号"))
        self.reply_text = QPlainTextEdit(self)
        self.reply_text.setObjectName("reply_text")
        self.reply_text.setMaximumHeight(70)
        self.reply_text.setMaximumWidth(560)
        self.reply_text.setTabChangesFocus(True)
        self.form.add("reply_text", tr("批复内容"), self.reply_text)
        self.column.addWidget(self.form)
        self.column.addLayout(self.buttons((tr("记录批复"), "reply_button", self.reply_action)))
        self.findings = findings_label(self, "approval_findings")
        self.column.addWidget(self.findings)
        self.column.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """Reload the request, the reply and the checks."""
        with self.ctx.read_scope(self.election_id) as scope:
            track = party_candidates.track_facts(scope)
            names = party_candidates.preliminary_list(scope)
            findings = party_review.approval_check(scope)
        self.chosen.setText(preliminary_text(names))
        self.publicity_end = track.publicity_end
        request_on, reply = track.request_on, (track.reply_on, track.reply_number, track.reply_text)
        period = (tr("公示期{start}至{end}。").format(start=format_date(track.publicity_start),
                                                 end=format_date(track.publicity_end))
                  if track.publicity_end else tr("尚未记录公示。"))
        self.request_state.setText(period + (tr("已于{day}向镇党委请示。").format(day=format_date(request_on))
                                             if request_on else tr("尚未请示。")))
        if reply[0] is not None:
            self.reply_on.setDate(QDate(reply[0]))
        elif request_on is not None:
            self.reply_on.setDate(QDate(max(request_on, self.ctx.today())))
        self.reply_number.setText(reply[1])
        self.reply_text.setPlainText(reply[2])
        self.form.show_errors({})
        show_findings(self.findings, findings.items, tr("请示和批复已记录。"))

    def suggested_request_day(self) -> date:
        """The day after the publicity ended, but not after today."""
        if self.publicity_end is None:
            return self.ctx.today()
        return min(self.publicity_end + timedelta(days=1), self.ctx.today())

    def request_action(self) -> None:
        """Generate the 请示 (records its date) and show it."""
        from ui.party.dialogs import RequestDialog

        with self.ctx.read_scope(self.election_id) as scope:
            chosen = party_candidates.preliminary_list(scope).committee
        if not chosen:
            interaction.error(self, tr("尚未确定预备人选，不能生成请示。"))
            return

        dialog = RequestDialog(self.ctx, self.election_id, self.suggested_request_day(), self)
        if dialog.exec():
            self.changed()
            show_document(self, self.ctx, dialog.document_id)

    def reply_action(self) -> None:
        """Record the township's written approval; refusals beside the fields."""
        try:
            with self.ctx.scope(self.election_id) as scope:
                party_review.record_reply(scope, self.reply_on.date().toPython(), self.reply_number.text(),
                                          self.reply_text.toPlainText())
        except InvalidInput as refused:
            self.form.show_errors(refused.errors)
            return
        self.changed()
