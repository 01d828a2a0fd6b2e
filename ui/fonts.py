"""Register the bundled Chinese UI font so the program never depends on system fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from workflows.core.config import RESOURCES

UI_FONT_FILES = ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf")
UI_POINT_SIZE = 10


def register_ui_font(app: QApplication) -> str | None:
    """Load the bundled fonts and make the sans one the application font; return its family."""
    family = None
    for name in UI_FONT_FILES:
        path = RESOURCES / "fonts" / name
        if not path.exists():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else None)
    if family:
        app.setFont(QFont(family, UI_POINT_SIZE))
    return family
