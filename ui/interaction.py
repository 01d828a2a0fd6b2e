"""The one seam through which logic asks the user something or reports an error.

Tests replace these functions (e.g. ``interaction.confirm = lambda *a: True``) instead of
clicking through modal message boxes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ui.i18n import tr


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question; True for yes."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.Yes | QMessageBox.No,
                                  QMessageBox.No)
    return answer == QMessageBox.Yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something."""
    QMessageBox.information(parent, title, text)


def error(parent: QWidget | None, text: str, title: str | None = None) -> None:
    """Report an error in plain Chinese (never a traceback)."""
    QMessageBox.warning(parent, title or tr("无法完成"), text)
