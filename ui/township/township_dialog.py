"""Create or edit the township (乡镇): its province, and when creating, its rules preset.

The province is picked from the list of provincial-level units; picking it chooses the
province's preset where one is bundled (浙江, 北京, 上海, 江西 so far), else national law.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.signals import Changes
from ui.widgets.base_dialog import FormDialog
from workflows.core.errors import InvalidInput
from workflows.core.policy import presets, presets_for
from workflows.core.text import msg
from workflows.township.townships import (
    PROVINCES,
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
        self.province = QComboBox(self)
        self.province.addItem(tr("（请选择）"), "")
        for name in PROVINCES:
            self.province.addItem(name, name)
        if current.province and self.province.findData(current.province) < 0:
            self.province.addItem(current.province, current.province)  # entered before the list
        self.province.setCurrentIndex(max(0, self.province.findData(current.province)))
        self.province.setMaxVisibleItems(16)
        self.form.add("province", tr("省份"), self.province,
                      tr("村民委员会选举的具体办法由各省、自治区、直辖市规定（组织法第十五条）") if not township_id else "")
        self.preset = QComboBox(self)
        for key, preset in presets().items():
            self.preset.addItem(preset.name, key)
        if not township_id:
            self.form.add("preset", tr("规则配置"), self.preset,
                          tr("选省份时自动选用该省的预设（无本省预设的用全国法律）；之后可在“乡镇 → 规则配置”中逐项修改。"))
            self.province.currentIndexChanged.connect(self._province_chosen)
            self.preset.currentIndexChanged.connect(self._preset_chosen)
        else:  # the profile is edited in its own dialog; an unplaced box would float on the form
            self.preset.hide()
        self.finish_layout()

    def _province_chosen(self) -> None:
        """The province's own preset where bundled, else national law."""
        preset = presets_for(self.province.currentData() or "")[0]
        self.preset.setCurrentIndex(self.preset.findData(preset.key))

    def _preset_chosen(self) -> None:
        """A province's preset chosen first fills in its province."""
        province = presets()[self.preset.currentData()].province
        if province and not self.province.currentData():
            self.province.setCurrentIndex(self.province.findData(province))

    def data(self) -> TownshipInput:
        """The form's contents."""
        return TownshipInput(self.name.text(), self.county.text(), self.province.currentData() or "",
                             self.preset.currentData())

    def save(self) -> None:
        """Create or update the township."""
        if not self.township_id and not self.province.currentData():
            raise InvalidInput({"province": msg("请选择乡镇所在的省（自治区、直辖市）：选举规则按省区分")})
        with self.ctx.transaction() as session:
            if self.township_id:
                update_township(session, self.township_id, self.data())
            else:
                self.township_id = create_township(session, self.data()).id
        self.ctx.signals.report(Changes(township=True))
