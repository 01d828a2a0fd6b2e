"""Small dialogs of the stage page: complete a stage, reopen it, record a date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ui.i18n import tr
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE
from workflows.core.errors import InvalidInput
from workflows.core.text import msg


def date_editor(value: date, parent: QWidget) -> QDateEdit:
    """A calendar-popup date field in Chinese format."""
    editor = QDateEdit(QDate(value), parent)
    editor.setCalendarPopup(True)
    editor.setDisplayFormat("yyyy年M月d日")
    return editor


class AdvanceDialog(FormDialog):
    """Ask on which day the stage was completed, and an optional note."""

    def __init__(self, stage_title: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(tr("完成阶段"), parent)
        self.body.insertWidget(0, QLabel(tr("确认“{title}”已完成。").format(title=stage_title), self))
        self.day = self.form.add("completed_on", tr("完成日期"), date_editor(today, self))
        self.note = self.form.add("note", tr("说明（可选）"), QLineEdit(self))
        self.today = today
        self.finish_layout()

    def save(self) -> None:
        """Refuse a completion date in the future."""
        if self.day.date().toPython() > self.today:
            raise InvalidInput({"completed_on": msg("完成日期不能晚于今天")})


class ReopenDialog(FormDialog):
    """Ask why a completed stage must be reopened; list the later stages that reopen too."""

    def __init__(self, stage_title: str, later: list[str], parent: QWidget | None = None) -> None:
        super().__init__(tr("重新打开阶段"), parent)
        text = tr("重新打开“{title}”。").format(title=stage_title)
        if later:
            text += tr("其后已完成的阶段也将一并重新打开：{stages}。").format(stages="、".join(later))
        note = QLabel(text, self)
        note.setWordWrap(True)
        self.body.insertWidget(0, note)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setMaximumHeight(90)
        self.form.add("reason", tr("理由"), self.reason, tr("理由将记入审计记录。"))
        self.finish_layout()

    def save(self) -> None:
        """A reason is required."""
        if not self.reason.toPlainText().strip():
            raise InvalidInput({"reason": msg("请填写重新打开的理由")})


class FactDialog(FormDialog):
    """Record the day a dated step actually happened."""

    def __init__(self, title: str, due: date, current: date | None, today: date,
                 parent: QWidget | None = None, note_text: str = "") -> None:
        super().__init__(tr("记录日期"), parent)
        note = QLabel(tr("“{title}”的实际日期（法定最迟：{due}）。").format(
            title=title, due=due.strftime("%Y-%m-%d")), self)
        note.setStyleSheet(HINT_STYLE)
        note.setWordWrap(True)
        self.body.insertWidget(0, note)
        self.today, self.due = today, due
        # Today (or the date already recorded), never the deadline: a date is what happened.
        self.day = self.form.add("day", tr("日期"), date_editor(current or today, self))
        self.note = self.form.add("note", tr("说明"), QLineEdit(note_text or "", self))
        self.late_hint = QLabel(self)
        self.late_hint.setObjectName("late_hint")
        self.late_hint.setWordWrap(True)
        self.late_hint.setStyleSheet(ERROR_STYLE)
        self.body.addWidget(self.late_hint)
        self.day.dateChanged.connect(self.update_hint)
        self.finish_layout()
        self.update_hint()

    def update_hint(self) -> None:
        """Past the deadline: say so, and that the reason belongs in 说明."""
        late = (self.day.date().toPython() - self.due).days
        self.late_hint.setText(tr("该日期晚于法定最迟日期{n}日。请在“说明”中写明原因；写明原因之前，"
                                  "本事项在总览和提示栏中仍以红色显示。").format(n=late) if late > 0 else "")
        self.late_hint.setVisible(late > 0)

    def save(self) -> None:
        """A step cannot have happened in the future."""
        if self.day.date().toPython() > self.today:
            raise InvalidInput({"day": msg("日期不能晚于今天")})
