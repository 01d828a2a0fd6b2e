"""Dialogs of the formal-candidates page: a written withdrawal after the list (PV-05) and the
candidates' meeting with the villagers (VC-14). Each hands an input to the workflow, whose
refusals show beside the fields."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from ui.widgets.work_area import hint_label, narrow
from workflows.villager import candidates, formal, nomination


class WithdrawalDialog(FormDialog):
    """A formal candidate's written withdrawal: filled from the ranking only by the deadline (PV-05)."""

    def __init__(self, ctx: AppContext, election_id: int, candidate_id: int, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("{name}：书面放弃候选资格").format(name=name), parent)
        self.ctx, self.election_id, self.candidate_id = ctx, election_id, candidate_id
        with ctx.read_scope(election_id) as scope:
            rule = candidates.deadline_text(scope)
        self.body.insertWidget(0, hint_label(tr_msg(rule) + tr(
            "。名单公布后的变动另发变动公告，不重新计算公布期限（PV-05）。"), self))
        self.received_on = self.form.add("on", tr("收到书面申请的日期"), narrow(date_editor(ctx.today(), self), 200))
        self.in_writing = self.form.add("in_writing", tr("书面申请"), QCheckBox(tr("已收到本人签名的书面申请"), self))
        self.reason = self.form.add("reason", tr("原因（可选）"), QLineEdit(self), tr("如：因身体原因"))
        self.finish_layout()

    def save(self) -> None:
        """Record through the candidates workflow."""
        with self.ctx.scope(self.election_id) as scope:
            candidates.withdraw(scope, self.candidate_id, self.received_on.date().toPython(),
                                self.in_writing.isChecked(), self.reason.text())


class AttendanceField(QWidget):
    """“已举行” and the number of villagers who came (empty until the meeting was held)."""

    def __init__(self, value: int | None, maximum: int, parent: QWidget) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.held = QCheckBox(tr("已举行，到会村民"), self)
        self.count = QSpinBox(self)
        self.count.setRange(0, max(maximum, 1))
        self.count.setSuffix(tr(" 人"))
        self.count.setValue(value or 0)
        self.held.setChecked(value is not None)
        self.count.setEnabled(value is not None)
        self.held.toggled.connect(self.count.setEnabled)
        row.addWidget(self.held)
        row.addWidget(self.count)
        row.addStretch(1)

    def value(self) -> int | None:
        """The attendance, None while not held."""
        return self.count.value() if self.held.isChecked() else None

    def set_value(self, value: int | None) -> None:
        """Show a number (held) or nothing (not yet held)."""
        self.held.setChecked(value is not None)
        self.count.setValue(value or 0)


class MeetingDialog(FormDialog):
    """A meeting of the formal candidates with the villagers: date, time, place, attendance (VC-14)."""

    def __init__(self, ctx: AppContext, election_id: int, meeting_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("修改见面会") if meeting_id else tr("安排见面会"), parent)
        self.ctx, self.election_id, self.meeting_id = ctx, election_id, meeting_id
        with ctx.read_scope(election_id) as scope:
            current = next((m for m in formal.meetings(scope) if m.id == meeting_id), None)
            roll = nomination.registered_count(scope)
        self.body.insertWidget(0, hint_label(tr(
            "选举委员会组织正式候选人与村民见面，由候选人介绍履职设想、回答村民提问（VC-14）。"
            "先安排日期和地点并公告；举行后补记到会人数。"), self))
        day = current.held_on if current else ctx.today()
        self.held_on = self.form.add("held_on", tr("日期"), narrow(date_editor(day, self), 200))
        self.time_text = self.form.add("time_text", tr("时间"), narrow(QLineEdit(current.time_text if current else "",
                                                                               self), 200), tr("如：上午9时"))
        self.place = self.form.add("place", tr("地点"), QLineEdit(current.place if current else "", self))
        self.attendance = self.form.add("attendance", tr("到会人数"), AttendanceField(
            current.attendance if current else None, roll, self))
        self.notes = self.form.add("notes", tr("备注（可选）"), QLineEdit(current.notes if current else "", self))
        self.finish_layout()

    def set_day(self, day: date) -> None:
        """Choose the meeting's date (keyboard users and tests)."""
        self.held_on.setDate(QDate(day))

    def data(self) -> formal.MeetingInput:
        """The meeting as entered."""
        return formal.MeetingInput(self.held_on.date().toPython(), self.time_text.text(), self.place.text(),
                                   self.attendance.value(), self.notes.text())

    def save(self) -> None:
        """Store through the formal-candidates workflow."""
        with self.ctx.scope(self.election_id) as scope:
            formal.save_meeting(scope, self.data(), self.meeting_id)
