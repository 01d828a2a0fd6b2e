"""Create or edit the township (乡镇) and choose its rules preset."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.signals import Changes
from ui.widgets.base_dialog import FormDialog
from workflows.core.policy import presets
from workflows.township.townships import (
    TownshipInput,
    create_township,
    township_input,
    update_township,
)


class TownshipDialog(FormDialog):
    """The township's name, county and province; the rules preset when creating."""

    def __init__(self, ctx: AppContext, township_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("编辑乡镇") if township_id else tr("新建乡镇"), parent)
        self.ctx = ctx
        self.township_id = township_id
        current = TownshipInput("")
        if township_id:
            with ctx.session() as session:
                current = township_input(session, township_id)
        self.name = self.form.add("name", tr("乡镇名称"), QLineEdit(current.name, self))
        self.name.setPlaceholderText(tr("例如：云溪镇"))
        self.county = self.form.add("county", tr("县（市、区）"), QLineEdit(current.county, self))
        self.province = self.form.add("province", tr("省份"), QLineEdit(current.province, self))
        self.preset = QComboBox(self)
        for key, preset in presets().items():
            self.preset.addItem(preset.name, key)
        if not township_id:
            self.form.add("preset", tr("规则配置"), self.preset,
                          tr("之后可在“乡镇 → 规则配置”中逐项修改。"))
        self.finish_layout()

    def data(self) -> TownshipInput:
        """The form's contents."""
        return TownshipInput(self.name.text(), self.county.text(), self.province.text(),
                             self.preset.currentData())

    def save(self) -> None:
        """Create or update the township."""
        with self.ctx.transaction() as session:
            if self.township_id:
                update_township(session, self.township_id, self.data())
            else:
                self.township_id = create_township(session, self.data()).id
        self.ctx.signals.report(Changes(township=True))
