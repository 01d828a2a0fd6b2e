"""Ask who is using the program; the name goes into every audit event."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ui.i18n import tr
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import HINT_STYLE
from workflows.core.config import Settings
from workflows.core.errors import InvalidInput
from workflows.core.text import msg


class OperatorDialog(FormDialog):
    """Enter or change the operator's name (remembered on this computer)."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(tr("操作人员"), parent)
        self.settings = settings
        note = QLabel(tr("每一项修改都会连同操作人员姓名记入审计记录。姓名会保存在本机，下次无需再填。"), self)
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        self.body.insertWidget(0, note)
        self.name = self.form.add("name", tr("姓名"), QLineEdit(settings.operator, self))
        self.name.setPlaceholderText(tr("例如：乡镇换届办 王芳"))
        self.finish_layout()

    def save(self) -> None:
        """Store the name; an empty name is refused."""
        name = self.name.text().strip()
        if not name:
            raise InvalidInput({"name": msg("请填写操作人员姓名")})
        if len(name) > 60:
            raise InvalidInput({"name": msg("姓名过长")})
        self.settings.operator = name
