"""Compose an ad-hoc notice (公告): title, body, issuing body, date; preview before issuing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from ui.i18n import tr
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from workflows.core.documents import preview
from workflows.core.errors import InvalidInput
from workflows.core.text import msg
from workflows.township.notices import free_notice_spec

BODY_HINT = "段落之间空一行；“一、……”这样的短行作为小标题（黑体）。"


class FreeNoticeDialog(FormDialog):
    """Collects the notice; the caller renders, previews and archives it."""

    def __init__(self, issuers: list[str], today: date, parent: QWidget | None = None) -> None:
        super().__init__(tr("拟写公告"), parent)
        self.setMinimumWidth(640)
        self.title = self.form.add("title", tr("标题"), QLineEdit(self))
        self.title.setPlaceholderText(tr("例如：关于召开村民代表会议推选村民选举委员会的公告"))
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("body")
        self.body.setMinimumHeight(260)
        self.form.add("body", tr("正文"), self.body, tr(BODY_HINT))
        self.issuer = QComboBox(self)
        self.issuer.setObjectName("issuer")
        self.issuer.setEditable(True)
        self.issuer.addItems(issuers)
        self.form.add("issuer", tr("发布机关"), self.issuer)
        self.day = self.form.add("date", tr("成文日期"), date_editor(today, self))
        self.closing = QComboBox(self)
        self.closing.addItem(tr("特此公告"), "特此公告")
        self.closing.addItem(tr("不加结尾语"), "")
        self.form.add("closing", tr("结尾语"), self.closing)
        self.preview_button = QPushButton(tr("预览…"), self)
        self.preview_button.setObjectName("preview_button")
        self.preview_button.clicked.connect(self.preview_action)
        self.buttons.addButton(self.preview_button, self.buttons.ButtonRole.ActionRole)
        self.finish_layout()
        self.buttons.button(self.buttons.StandardButton.Ok).setText(tr("发布并存档"))

    def values(self) -> tuple[str, str, str, date, str]:
        """Title, body, issuer, date, closing."""
        return (self.title.text(), self.body.toPlainText(), self.issuer.currentText(),
                self.day.date().toPython(), self.closing.currentData())

    def check(self) -> None:
        """Refuse an empty title, body or issuer."""
        title, body, issuer, _day, _closing = self.values()
        errors = {}
        if not title.strip():
            errors["title"] = msg("请填写标题")
        if not body.strip():
            errors["body"] = msg("请填写正文")
        if not issuer.strip():
            errors["issuer"] = msg("请填写发布机关")
        if errors:
            raise InvalidInput(errors)

    def save(self) -> None:
        """Validate only; the caller issues the document after the dialog closes."""
        self.check()

    def spec(self):
        """The notice as a document spec."""
        title, body, issuer, day, closing = self.values()
        return free_notice_spec(title, body, issuer, day, closing)

    def preview_action(self) -> None:
        """Render without archiving (marked 预览) and show it."""
        try:
            self.check()
        except InvalidInput as refused:
            self.show_errors(refused.errors)
            return
        self.show_errors({})
        from ui.documents.document_viewer import DocumentViewer

        data = preview("free_notice", self.spec())
        DocumentViewer(data, tr("预览：") + self.title.text(), parent=self,
                       info=tr("预览件，未存档，无核验码")).exec()

    def set_date(self, day: date) -> None:
        """Set the date of issue (tests)."""
        self.day.setDate(QDate(day))
