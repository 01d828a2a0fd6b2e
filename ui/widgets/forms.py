"""Form-building helpers: a field with its label and an error line right below it.

Dialogs are built in code with these helpers and the named spacing constants, so every
form looks the same and shows each validation message beside the field it concerns.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import tr, tr_msg
from workflows.core.text import Msg

SPACING = 8
MARGIN = 14
ERROR_STYLE = "color: #c62828;"
HINT_STYLE = "color: #616161;"


class Form(QWidget):
    """A two-column form whose fields each have an error label under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setVerticalSpacing(SPACING)
        self.layout_.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        self.errors: dict[str, QLabel] = {}

    def add(self, name: str, label: str, editor: QWidget, hint: str = "") -> QWidget:
        """Add a field; ``name`` is the key validation errors use."""
        cell = QWidget(self)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(editor)
        if hint:
            note = QLabel(hint, cell)
            note.setStyleSheet(HINT_STYLE)
            # Wrapping labels confuse the initial dialog size (height-for-width); wrap long ones only.
            note.setWordWrap(len(hint) > 40)
            column.addWidget(note)
        error = QLabel(cell)
        error.setObjectName(f"{name}_error")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self.errors[name] = error
        editor.setObjectName(editor.objectName() or name)
        self.layout_.addRow(label, cell)
        return editor

    def show_errors(self, errors: dict[str, Msg]) -> None:
        """Show each message beside its field and hide the others."""
        for name, label in self.errors.items():
            if name in errors:
                label.setText(tr_msg(errors[name]))
                label.show()
            else:
                label.clear()
                label.hide()

    def unplaced(self, errors: dict[str, Msg]) -> list[Msg]:
        """Errors for fields this form does not have."""
        return [message for name, message in errors.items() if name not in self.errors]


def spin(minimum: int = 0, maximum: int = 1_000_000, value: int = 0, suffix: str = "") -> QSpinBox:
    """An integer field."""
    box = QSpinBox()
    box.setRange(minimum, maximum)
    box.setValue(value)
    if suffix:
        box.setSuffix(suffix)
    box.setAccelerated(True)
    return box


class OptionalDate(QWidget):
    """A date that may be left undecided (checkbox + calendar popup)."""

    def __init__(self, label: str, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(label, self)
        self.editor = QDateEdit(self)
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat("yyyy年M月d日")
        row.addWidget(self.enabled)
        row.addWidget(self.editor, 1)
        self.enabled.toggled.connect(self.editor.setEnabled)
        self.set_value(value)

    def set_value(self, value: date | None) -> None:
        """Show a date, or mark it undecided."""
        self.enabled.setChecked(value is not None)
        self.editor.setEnabled(value is not None)
        self.editor.setDate(QDate(value) if value else QDate.currentDate())

    def value(self) -> date | None:
        """The chosen date, None when undecided."""
        return self.editor.date().toPython() if self.enabled.isChecked() else None


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    """A section heading."""
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    return label


def undecided() -> str:
    """Label for an undecided date."""
    return tr("未定")
