"""Create or edit a village and its villager groups (村民小组)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.signals import Changes
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import spin
from workflows.core.text import chinese_number
from workflows.township.townships import VillageInput, save_village, village_input


def numbered_group(index: int) -> str:
    """第一村民小组, 第十二村民小组 …"""
    return f"第{chinese_number(index)}村民小组"


class VillageDialog(FormDialog):
    """Name, population, households and the ordered list of groups."""

    def __init__(self, ctx: AppContext, township_id: int, village_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("编辑村") if village_id else tr("新建村"), parent)
        self.ctx = ctx
        self.township_id = township_id
        self.village_id = village_id
        current = VillageInput("")
        if village_id:
            with ctx.session() as session:
                current = village_input(session, village_id)
        self.name = self.form.add("name", tr("村名"), QLineEdit(current.name, self))
        self.name.setPlaceholderText(tr("例如：石桥村"))
        self.population = self.form.add("population", tr("户籍人口"),
                                        spin(-1_000_000, 1_000_000, current.population, tr(" 人")))
        self.households = self.form.add("households", tr("户数"),
                                        spin(-1_000_000, 1_000_000, current.households, tr(" 户")))
        self.groups = QPlainTextEdit("\n".join(current.groups), self)
        self.groups.setObjectName("groups")
        self.groups.setPlaceholderText(tr("每行一个村民小组，按张榜顺序排列"))
        self.groups.setMinimumHeight(140)
        self.form.add("groups", tr("村民小组"), self.groups, tr("选民名单按村民小组分别张榜公布。"))
        self.form.layout_.addRow("", self._generator())
        self.notes = self.form.add("notes", tr("备注"), QLineEdit(current.notes, self))
        self.finish_layout()

    def _generator(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group_count = spin(1, 60, 6, tr(" 个"))
        button = QPushButton(tr("按数量生成“第×村民小组”"), row)
        button.setObjectName("generate_groups")
        button.clicked.connect(self.generate_groups_action)
        layout.addWidget(self.group_count)
        layout.addWidget(button, 1)
        return row

    def generate_groups_action(self) -> None:
        """Fill the group list with numbered groups."""
        names = [numbered_group(i) for i in range(1, self.group_count.value() + 1)]
        self.groups.setPlainText("\n".join(names))

    def data(self) -> VillageInput:
        """The form's contents (blank lines ignored)."""
        groups = [line for line in self.groups.toPlainText().splitlines() if line.strip()]
        return VillageInput(self.name.text(), self.population.value(), self.households.value(),
                            groups, self.notes.text())

    def save(self) -> None:
        """Create or update the village."""
        with self.ctx.transaction() as session:
            self.village_id = save_village(session, self.township_id, self.data(), self.village_id).id
        self.ctx.signals.report(Changes(villages=True))
