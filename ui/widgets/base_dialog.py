"""A dialog with a form, OK/Cancel buttons and one place for errors that fit no field."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui.i18n import tr, tr_msg
from ui.widgets.forms import ERROR_STYLE, MARGIN, SPACING, Form
from workflows.core.errors import InvalidInput
from workflows.core.text import Msg


def fit_to_screen(window: QWidget, width: int, height: int, share: float = 0.9) -> None:
    """Size a window as wished, but never beyond ``share`` of the screen it opens on (a
    1366×768 laptop at 150 % has 910×512 logical pixels); its tables scroll instead."""
    parent = window.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    room = screen.availableGeometry()
    window.resize(min(width, int(room.width() * share)), min(height, int(room.height() * share)))


class FormDialog(QDialog):
    """Subclasses fill ``self.form`` and implement :meth:`save` (raise InvalidInput to refuse)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.body.setSpacing(SPACING)
        self.form = Form(self)
        self.body.addWidget(self.form)
        self.general_error = QLabel(self)
        self.general_error.setObjectName("general_error")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.button(QDialogButtonBox.Ok).setText(tr("保存"))
        self.buttons.button(QDialogButtonBox.Ok).setObjectName("save_button")
        self.buttons.button(QDialogButtonBox.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.save_action)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        """Add the error line and the buttons after the subclass's own widgets."""
        self.body.addWidget(self.general_error)
        self.body.addWidget(self.buttons)

    def save(self) -> None:  # pragma: no cover - abstract
        """Validate and store; raise :class:`InvalidInput` to keep the dialog open."""
        raise NotImplementedError

    def save_action(self) -> None:
        """Try to save; show errors beside their fields, or close on success."""
        try:
            self.save()
        except InvalidInput as refused:
            self.show_errors(refused.errors)
            return
        self.accept()

    def show_errors(self, errors: dict[str, Msg]) -> None:
        """Show field errors, and the rest in the general error line."""
        self.form.show_errors(errors)
        rest = self.form.unplaced(errors)
        self.general_error.setText("\n".join(tr_msg(m) for m in rest))
        self.general_error.setVisible(bool(rest))
