"""Edit a township's rules profile: every rule number with its source and check mark.

The table shows each value beside the national preset's where they differ; the editor
below says what the law fixes (a value outside it is 已核对 only as a recorded local
deviation), which stage will read a parameter no stage reads yet, and warns about an age
reference date of an earlier term (SD-13).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr, tr_msg, tr_text
from ui.signals import Changes
from ui.township.profile_editors import ValueEditor, editor_for, value_text
from ui.widgets.forms import ERROR_STYLE, MARGIN, SPACING
from workflows.core.errors import InvalidInput
from workflows.core.paper import clerk_text
from workflows.core.policy import (
    DEFAULT_PRESET,
    LAW,
    RulesProfile,
    Setting,
    law_problem,
    outside_law,
    presets,
    presets_for,
    validate,
    value_error,
)
from workflows.core.policy_catalog import (
    AWAITING_READER,
    BY_KEY,
    CATALOG,
    FUTURE_PROCEDURES,
    SECTIONS,
)
from workflows.core.stages import STAGES
from workflows.core.text import Msg
from workflows.township.townships import (
    profile_warnings,
    save_profile,
    township_input,
    township_name_and_profile,
)

UNVERIFIED_COLOR = QColor("#e65100")
ERROR_COLOR = QColor("#c62828")
DEVIATION_COLOR = QColor("#6a1b9a")
DIFFERS_BACKGROUND = QColor("#fff8e1")
KEY_ROLE = Qt.UserRole + 1
COLUMNS = ("规则项", "取值", "规则编号", "出处", "核对", "全国预设（不同时）")


class ProfileDialog(QDialog):
    """A table of all rule values, an editor for the selected one, save with validation."""

    def __init__(self, ctx: AppContext, township_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.township_id = township_id
        with ctx.session() as session:
            name, self.profile = township_name_and_profile(session, township_id)
            self.province = township_input(session, township_id).province
        self.national = presets()[DEFAULT_PRESET]
        self.setWindowTitle(tr("规则配置 — {name}").format(name=name))
        self.items: dict[str, QTreeWidgetItem] = {}
        self.errors: dict[str, Msg] = {}
        self.warnings: dict[str, Msg] = {}
        self.editor: ValueEditor | None = None
        self.resize(1180, 720)
        self._build()
        self.fill_tree()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        layout.addLayout(self._preset_row())
        splitter = QSplitter(Qt.Vertical, self)
        self.tree = QTreeWidget(splitter)
        self.tree.setObjectName("profile_tree")
        self.tree.setHeaderLabels([tr(c) for c in COLUMNS])
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(0, 320)
        header.resizeSection(1, 200)
        header.resizeSection(2, 110)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        header.resizeSection(4, 70)
        header.resizeSection(5, 170)
        self.tree.currentItemChanged.connect(self.select_action)
        splitter.addWidget(self.tree)
        splitter.addWidget(self._editor_box())
        splitter.setStretchFactor(0, 3)
        splitter.setSizes([430, 250])
        layout.addWidget(splitter, 1)
        self.summary = QLabel(self)
        self.summary.setObjectName("profile_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Save).setText(tr("保存"))
        buttons.button(QDialogButtonBox.Save).setObjectName("save_button")
        buttons.button(QDialogButtonBox.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.save_action)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _preset_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.preset_label = QLabel(self)
        self.preset_combo = QComboBox(self)
        self.preset_combo.setObjectName("preset_combo")
        for preset in presets_for(self.province):
            self.preset_combo.addItem(preset.name, preset.key)
        self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(self.profile.preset)))
        reset = QPushButton(tr("全部按此预设重置"), self)
        reset.setObjectName("reset_button")
        reset.clicked.connect(self.reset_action)
        row.addWidget(self.preset_label, 1)
        row.addWidget(QLabel(tr("预设："), self))
        row.addWidget(self.preset_combo)
        row.addWidget(reset)
        return row

    def _editor_box(self) -> QGroupBox:
        box = QGroupBox(tr("修改所选规则"), self)
        column = QVBoxLayout(box)
        self.param_title = QLabel(tr("请在上表中选择一项规则。"), box)
        self.param_title.setWordWrap(True)
        column.addWidget(self.param_title)
        self.param_facts = QLabel(box)
        self.param_facts.setObjectName("param_facts")
        self.param_facts.setWordWrap(True)
        self.param_facts.setStyleSheet("color: #424242;")
        column.addWidget(self.param_facts)
        self.editor_slot = QVBoxLayout()
        column.addLayout(self.editor_slot)
        source_row = QHBoxLayout()
        self.source = QLineEdit(box)
        self.source.setObjectName("source_edit")
        self.verified = QCheckBox(tr("已核对原文"), box)
        self.verified.setObjectName("verified_check")
        source_row.addWidget(QLabel(tr("出处："), box))
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.verified)
        column.addLayout(source_row)
        deviation_row = QHBoxLayout()
        self.deviation = QLineEdit(box)
        self.deviation.setObjectName("deviation_edit")
        self.deviation.setPlaceholderText(tr("取值超出法律规定时填写：本地规定的文件名称和条款"))
        self.deviation_label = QLabel(tr("本地偏离依据："), box)
        deviation_row.addWidget(self.deviation_label)
        deviation_row.addWidget(self.deviation, 1)
        column.addLayout(deviation_row)
        self.param_warning = QLabel(box)
        self.param_warning.setObjectName("param_warning")
        self.param_warning.setStyleSheet(f"color: {UNVERIFIED_COLOR.name()};")
        self.param_warning.setWordWrap(True)
        column.addWidget(self.param_warning)
        self.param_error = QLabel(box)
        self.param_error.setObjectName("param_error")
        self.param_error.setStyleSheet(ERROR_STYLE)
        self.param_error.setWordWrap(True)
        column.addWidget(self.param_error)
        self.apply_button = QPushButton(tr("应用修改"), box)
        self.apply_button.setObjectName("apply_button")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply_action)
        column.addWidget(self.apply_button, 0, Qt.AlignRight)
        return box

    def fill_tree(self) -> None:
        """Rebuild the table from the in-memory profile."""
        self._refresh_warnings()
        self.tree.clear()
        self.items.clear()
        for section, label in SECTIONS:
            parent = QTreeWidgetItem(self.tree, [tr_text(label)])
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            parent.setFirstColumnSpanned(True)
            for param in (p for p in CATALOG if p.section == section):
                item = QTreeWidgetItem(parent)
                item.setData(0, KEY_ROLE, param.key)
                self.items[param.key] = item
                self._show_item(param.key)
            parent.setExpanded(True)
        self._update_summary()

    def _show_item(self, key: str) -> None:
        param = BY_KEY[key]
        setting = self.profile.setting(key)
        item = self.items[key]
        item.setText(0, tr_text(param.label))
        item.setText(1, value_text(param, setting.value))
        item.setText(2, " ".join(param.rule_ids))
        item.setText(3, clerk_text(setting.source))
        item.setToolTip(3, setting.source)  # as stored, with its rule IDs
        deviation = bool(setting.deviation.strip()) and outside_law(key, setting.value) is not None
        if deviation:
            item.setText(4, tr("本地偏离"))
            item.setForeground(4, QBrush(DEVIATION_COLOR))
            item.setToolTip(4, tr("本地偏离依据：{text}").format(text=setting.deviation))
        else:
            item.setText(4, tr("已核对") if setting.verified else tr("未核对"))
            item.setForeground(4, QBrush(UNVERIFIED_COLOR if not setting.verified else QColor("#2e7d32")))
            item.setToolTip(4, "")
        national = self.national.values.get(key)
        differs = national is not None and national.value != setting.value
        item.setText(5, value_text(param, national.value) if differs else "")
        item.setToolTip(5, national.source if differs else "")
        for column in range(len(COLUMNS)):
            item.setBackground(column, QBrush(DIFFERS_BACKGROUND) if differs else QBrush())
        color = ERROR_COLOR if key in self.errors else UNVERIFIED_COLOR if key in self.warnings else None
        for column in range(4):
            item.setForeground(column, QBrush(color) if color else QBrush())
        if key in self.errors:
            item.setToolTip(1, tr_msg(self.errors[key]))
        elif key in self.warnings:
            item.setToolTip(1, tr_msg(self.warnings[key]))
        else:
            item.setToolTip(1, "")

    def _update_summary(self) -> None:
        preset = presets().get(self.profile.preset)
        self.preset_label.setText(tr("基于预设：{name}").format(name=preset.name if preset else "—"))
        unverified = len(self.profile.unverified())
        text = tr("共 {n} 项规则，其中 {u} 项未核对原文（橙色标出），使用前请人工核对。").format(
            n=len(CATALOG), u=unverified)
        differing = len(self.profile.differing_from(DEFAULT_PRESET))
        if self.profile.preset != DEFAULT_PRESET or differing:
            text += " " + tr("与全国法律预设不同的 {n} 项底色标出，右栏列出全国的取值。").format(n=differing)
        deviations = len(self.profile.deviations())
        if deviations:
            text += " " + tr("{n} 项按本地规定偏离法律（紫色“本地偏离”）。").format(n=deviations)
        if self.warnings:
            names = "、".join(tr_text(BY_KEY[key].label) for key in self.warnings)
            text += " " + tr("请注意（橙色字）：{names}，见该项下方的说明。").format(names=names)
        if self.errors:
            text += " " + tr("有 {n} 项设置不合理（红色标出），修正后才能保存。").format(n=len(self.errors))
        self.summary.setText(text)

    def selected_key(self) -> str | None:
        """The parameter whose row is selected."""
        item = self.tree.currentItem()
        return item.data(0, KEY_ROLE) if item else None

    def select_action(self, *_args) -> None:
        """Show the selected parameter in the editor below the table."""
        key = self.selected_key()
        if self.editor is not None:
            self.editor.deleteLater()
            self.editor = None
        self.apply_button.setEnabled(key is not None)
        if key is None:
            return
        param = BY_KEY[key]
        setting = self.profile.setting(key)
        title = f"<b>{tr_text(param.label)}</b>　（{' '.join(param.rule_ids)}）"
        if param.help:
            title += f"<br><span style='color:#616161'>{tr_text(param.help)}</span>"
        self.param_title.setText(title)
        self.editor = editor_for(param, self)
        self.editor.set_value(setting.value)
        self.editor_slot.addWidget(self.editor)
        self.source.setText(setting.source)
        self.verified.setChecked(setting.verified)
        self.deviation.setText(setting.deviation)
        law = LAW.get(key)
        self.deviation.setEnabled(law is not None)
        self.deviation_label.setEnabled(law is not None)
        self.param_facts.setText(self._facts(key))
        self.param_warning.setText(tr_msg(self.warnings[key]) if key in self.warnings else "")
        self.param_error.setText(tr_msg(self.errors[key]) if key in self.errors else "")

    def _facts(self, key: str) -> str:
        """What the law fixes, the national preset's value, and the stage still to read it."""
        param = BY_KEY[key]
        lines = []
        law = LAW.get(key)
        if law is not None:
            lines.append(tr("法律规定：{text}（{citation}）。超出的取值只能作为本地偏离，写明依据后才能标为已核对。")
                         .format(text=law.text, citation=law.citation))
        national = self.national.values.get(key)
        if national is not None and national.value != self.profile.get(key):
            lines.append(tr("全国法律预设：{value}（{source}）").format(
                value=value_text(param, national.value), source=clerk_text(national.source)))
        stage = AWAITING_READER.get(key)
        if stage is not None:
            title = STAGES[stage].title if stage in STAGES else FUTURE_PROCEDURES[stage]
            lines.append(tr("程序目前尚未按此项检查，将在“{stage}”阶段使用。").format(stage=tr_text(title)))
        return "\n".join(lines)

    def _refresh_warnings(self) -> None:
        with self.ctx.session() as session:
            self.warnings = profile_warnings(session, self.township_id, self.profile, self.ctx.today())

    def select(self, key: str) -> None:
        """Select a parameter's row (used by tests and after a refused save)."""
        if self.tree.currentItem() is self.items[key]:
            self.select_action()
        else:
            self.tree.setCurrentItem(self.items[key])
        self.tree.scrollToItem(self.items[key], QTreeWidget.PositionAtCenter)

    def apply_action(self) -> bool:
        """Take the edited value into the profile if it is acceptable; else explain why not."""
        key = self.selected_key()
        if key is None or self.editor is None:
            return False
        value = self.editor.value()
        problem = value_error(key, value)
        setting = Setting(value, self.source.text().strip(), self.verified.isChecked(),
                          self.deviation.text().strip() if key in LAW else "")
        problem = problem or law_problem(key, setting)
        if problem is not None:
            self.param_error.setText(tr_msg(problem))
            return False
        self.profile = self.profile.with_setting(key, setting)
        self.errors.pop(key, None)
        self.param_error.setText("")
        self._refresh_warnings()
        self.param_warning.setText(tr_msg(self.warnings[key]) if key in self.warnings else "")
        self.param_facts.setText(self._facts(key))
        for shown in self.items:
            self._show_item(shown)
        self._update_summary()
        return True

    def reset_action(self) -> None:
        """Replace every value by the chosen preset's, after confirmation."""
        key = self.preset_combo.currentData()
        if not interaction.confirm(self, tr("按预设重置"),
                                   tr("所有规则都将改为预设“{name}”的取值，本乡镇的修改会丢失。继续吗？")
                                   .format(name=presets()[key].name)):
            return
        self.profile = RulesProfile.from_preset(key)
        self.errors = {}
        self.fill_tree()

    def save_action(self) -> None:
        """Validate the whole profile and store it; show refused values in red."""
        self.errors = {error.key: error.message for error in validate(self.profile)}
        if not self.errors:
            try:
                with self.ctx.transaction() as session:
                    save_profile(session, self.township_id, self.profile)
            except InvalidInput as refused:
                self.errors = refused.errors
        if self.errors:
            for key in self.items:
                self._show_item(key)
            self._update_summary()
            self.select(next(iter(self.errors)))
            return
        self.ctx.signals.report(Changes(township=True))
        self.accept()
