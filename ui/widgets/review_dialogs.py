"""The qualification review editor (十不选 and unit opinions) and the inspection form, shared by
the Party track's initial candidates and the villager-committee candidates.

Each track subclasses :class:`ReviewDialog` (what to load, how to store) and
:class:`InspectionDialog` (the candidate's name, the stored inspection, how to store); the
editors, shortcuts and the placing of refusals are here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING, OptionalDate, spin
from ui.widgets.work_area import hint_label
from workflows.core.errors import InvalidInput
from workflows.core.qualification import (
    CheckAnswer,
    DepartmentLine,
    DisqualifierLine,
    InspectionInput,
)
from workflows.core.text import Msg

ITEM_ANSWERS = (("未填", None), ("否", False), ("是", True))
DEPARTMENT_RESULTS = (("未填", None), ("无问题", True), ("有问题", False))


def _combo(parent: QWidget, choices, current) -> QComboBox:
    combo = QComboBox(parent)
    for text, value in choices:
        combo.addItem(tr(text), value)
    for index in range(combo.count()):
        if combo.itemData(index) is current:
            combo.setCurrentIndex(index)
    return combo


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _scroll(parent: QWidget, inner: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area


class ItemRow:
    """One 十不选 item's editors."""

    def __init__(self, parent: QWidget, grid: QGridLayout, line: DisqualifierLine, row: int) -> None:
        self.number = line.number
        title = QLabel(f"{line.number}. {line.title}", parent)
        title.setWordWrap(True)
        title.setMinimumWidth(360)
        grid.addWidget(title, row, 0)
        if line.window:
            window = QLabel(line.window, parent)
            window.setStyleSheet(HINT_STYLE)
            grid.addWidget(window, row + 1, 0)
        self.answer = _combo(parent, ITEM_ANSWERS, line.found)
        self.answer.setObjectName(f"item{line.number}_answer")
        self.evidence = QLineEdit(line.evidence, parent)
        self.evidence.setObjectName(f"item{line.number}_evidence")
        self.evidence.setPlaceholderText(tr("依据（勾选“是”时必填）"))
        self.event_on = OptionalDate(tr("发生日期"), line.event_on, parent)
        grid.addWidget(self.answer, row, 1, Qt.AlignTop)
        grid.addWidget(self.evidence, row, 2, Qt.AlignTop)
        grid.addWidget(self.event_on, row, 3, Qt.AlignTop)
        self.error = _error_label(parent)
        grid.addWidget(self.error, row + 1, 1, 1, 3)

    def value(self) -> CheckAnswer | None:
        """The answer, None when the item is left unanswered."""
        found = self.answer.currentData()
        if found is None:
            return None
        return CheckAnswer(self.number, found, self.evidence.text(), self.event_on.value())


class DepartmentRow:
    """One department's opinion editors."""

    def __init__(self, parent: QWidget, grid: QGridLayout, line: DepartmentLine, row: int, index: int,
                 caption: str = "") -> None:
        self.department = line.department
        label = QLabel(caption + line.department, parent)
        label.setWordWrap(True)
        grid.addWidget(label, row, 0)
        self.result = _combo(parent, DEPARTMENT_RESULTS, line.passed)
        self.result.setObjectName(f"department{index}_result")
        self.finding = QLineEdit(line.finding, parent)
        self.finding.setPlaceholderText(tr("有问题时写明具体问题"))
        self.reviewer = QLineEdit(line.reviewer, parent)
        self.leader = QLineEdit(line.leader, parent)
        self.reviewed_on = OptionalDate("", line.reviewed_on, parent)
        for column, widget in enumerate((self.result, self.finding, self.reviewer, self.leader,
                                         self.reviewed_on), start=1):
            grid.addWidget(widget, row, column)
        self.error = _error_label(parent)
        grid.addWidget(self.error, row + 1, 1, 1, 5)

    def fill(self, reviewer: str, leader: str, day: date) -> None:
        """无问题, with the given signatures and date (rows marked 有问题 are kept)."""
        if self.result.currentData() is False:
            return
        self.result.setCurrentIndex(self.result.findData(True))
        self.reviewer.setText(reviewer)
        self.leader.setText(leader)
        self.reviewed_on.set_value(day)


@dataclass(frozen=True)
class ReviewContent:
    """What the editor shows: the heading, the ten items and the units (with optional captions)."""

    name: str
    hint: str
    items: tuple[DisqualifierLine, ...]
    departments: tuple[DepartmentLine, ...]
    captions: tuple[str, ...] = ()  # one per unit (e.g. “【村级】”), or none
    rule_hint: str = "PT-26"


class ReviewDialog(QDialog):
    """The 资格联审 of one candidate: the ten items and every unit's signed opinion.

    Subclasses implement :meth:`load` (read the content) and :meth:`save` (store it or raise
    :class:`InvalidInput` keyed ``item<n>`` / ``department<index>``).
    """

    def __init__(self, ctx: AppContext, election_id: int, candidate_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.election_id, self.candidate_id = ctx, election_id, candidate_id
        data = self.load()
        self.setWindowTitle(tr("资格联审：{name}").format(name=data.name))
        self.resize(1120, 720)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        layout.addWidget(hint_label(data.hint, self))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._items_tab(data), tr("“十不选”"))
        self.tabs.addTab(self._departments_tab(data), tr("部门联审意见（{n}个部门）").format(n=len(data.departments)))
        layout.addWidget(self.tabs, 1)
        self.general_error = _error_label(self)
        self.general_error.setObjectName("general_error")
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText(tr("保存"))
        buttons.button(QDialogButtonBox.Ok).setObjectName("save_button")
        buttons.button(QDialogButtonBox.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.save_action)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def load(self) -> ReviewContent:  # pragma: no cover - abstract
        """Read what the editor shows."""
        raise NotImplementedError

    def save(self) -> None:  # pragma: no cover - abstract
        """Store the entries (one transaction), or raise InvalidInput."""
        raise NotImplementedError

    def _items_tab(self, data: ReviewContent) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        top = QHBoxLayout()
        none = QPushButton(tr("未填的各项均填“否”"), page)
        none.setObjectName("items_all_no_button")
        none.clicked.connect(self.all_items_no)
        top.addWidget(hint_label(tr("逐项填写；“是”须写明依据，有时间范围的项目填写事实发生日期"
                                    "（查处、处分、考核等的日期；不填日期视为在范围内）。"), page), 1)
        top.addWidget(none, 0, Qt.AlignTop)
        column.addLayout(top)
        inner = QWidget(page)
        grid = QGridLayout(inner)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        self.items = []
        for index, line in enumerate(data.items):
            self.items.append(ItemRow(inner, grid, line, index * 2))
        grid.setRowStretch(len(data.items) * 2, 1)
        column.addWidget(_scroll(page, inner), 1)
        return page

    def _departments_tab(self, data: ReviewContent) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        shortcut = QHBoxLayout()
        shortcut.addWidget(QLabel(tr("全部部门：无问题，经办人"), page))
        self.all_reviewer = QLineEdit(page)
        self.all_reviewer.setObjectName("all_reviewer")
        self.all_leader = QLineEdit(page)
        self.all_leader.setObjectName("all_leader")
        self.all_date = date_editor(self.ctx.today(), page)
        self.all_date.setObjectName("all_date")
        fill = QPushButton(tr("填入各部门"), page)
        fill.setObjectName("fill_departments_button")
        fill.clicked.connect(self.fill_departments)
        for widget in (self.all_reviewer, QLabel(tr("分管领导"), page), self.all_leader,
                       QLabel(tr("日期"), page), self.all_date, fill):
            shortcut.addWidget(widget)
        column.addLayout(shortcut)
        column.addWidget(hint_label(tr("填入后可逐行修改；已标“有问题”的部门不变。“谁审核谁负责”（{rule}）："
                                       "每个部门须有经办人、分管领导和日期。").format(rule=data.rule_hint), page))
        inner = QWidget(page)
        grid = QGridLayout(inner)
        for column_index, title in enumerate(("部门", "结果", "具体问题", "经办人", "分管领导", "日期")):
            label = QLabel(tr(title), inner)
            label.setStyleSheet("font-weight: bold;")
            grid.addWidget(label, 0, column_index)
        grid.setColumnStretch(2, 3)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(4, 1)
        captions = data.captions or ("",) * len(data.departments)
        self.departments = [DepartmentRow(inner, grid, line, 1 + index * 2, index, captions[index])
                            for index, line in enumerate(data.departments)]
        grid.setRowStretch(1 + len(data.departments) * 2, 1)
        column.addWidget(_scroll(page, inner), 1)
        return page

    # -- shortcuts ------------------------------------------------------------------
    def all_items_no(self) -> None:
        """Answer every unanswered item with 否."""
        for row in self.items:
            if row.answer.currentData() is None:
                row.answer.setCurrentIndex(row.answer.findData(False))

    def fill_departments(self) -> None:
        """Every department 无问题 with the same reviewer, leader and date."""
        if not self.all_reviewer.text().strip() or not self.all_leader.text().strip():
            self.general_error.setText(tr("请先填写经办人和分管领导，再填入各部门。"))
            self.general_error.show()
            return
        self.general_error.hide()
        for row in self.departments:
            row.fill(self.all_reviewer.text().strip(), self.all_leader.text().strip(),
                     self.all_date.date().toPython())

    def answers(self) -> list[CheckAnswer]:
        """The answered items."""
        return [a for a in (row.value() for row in self.items) if a is not None]

    # -- save -----------------------------------------------------------------------
    def save_action(self) -> None:
        """Save, or show each refusal under its row."""
        try:
            self.save()
        except InvalidInput as refused:
            self.show_errors(refused.errors)
            return
        self.accept()

    def show_errors(self, errors: dict[str, Msg]) -> None:
        """Each message under its item or department; a summary line at the bottom."""
        placed = set()
        for row in self.items:
            key = f"item{row.number}"
            self._show(row.error, errors.get(key))
            placed.add(key)
        for index, row in enumerate(self.departments):
            key = f"department{index}"
            self._show(row.error, errors.get(key))
            placed.add(key)
        items = [k for k in errors if k.startswith("item")]
        departments = [self.departments[int(k.removeprefix("department"))].department
                       for k in errors if k.startswith("department") and k.removeprefix("department").isdigit()
                       and 0 <= int(k.removeprefix("department")) < len(self.departments)]
        summary = []
        if items:
            summary.append(tr("“十不选”有 {n} 项需要补充").format(n=len(items)))
            self.tabs.setCurrentIndex(0)
        if departments:
            summary.append(tr("部门意见需要补充：{names}").format(names="、".join(departments)))
            if not items:
                self.tabs.setCurrentIndex(1)
        summary += [tr_msg(m) for k, m in errors.items() if k not in placed]
        self.general_error.setText(tr("未保存。") + "；".join(summary))
        self.general_error.show()

    @staticmethod
    def _show(label: QLabel, message: Msg | None) -> None:
        label.setText(tr_msg(message) if message else "")
        label.setVisible(message is not None)


# --- inspection --------------------------------------------------------------------------

APPROVALS = (("待审议", None), ("通过", True), ("不通过", False))


class InspectionDialog(FormDialog):
    """Democratic assessment, talks, site visit, conclusion and the decision (PT-27, SD-24).

    Subclasses give the candidate's name and stored inspection (:meth:`load`), the hint and
    the example of the deciding body (:meth:`texts`), and store the entries (:meth:`save`).
    """

    def __init__(self, ctx: AppContext, election_id: int, candidate_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.ctx, self.election_id, self.candidate_id = ctx, election_id, candidate_id
        name, data = self.load()
        hint, example = self.texts()
        self.setWindowTitle(tr("组织考察：{name}").format(name=name))
        self.body.insertWidget(0, hint_label(hint, self))
        form = self.form
        self.assessed = form.add("assessed", tr("参加民主测评"), spin(0, 10_000, data.assessed, tr(" 人")))
        self.excellent = form.add("excellent", tr("优秀"), spin(0, 10_000, data.excellent, tr(" 票")))
        self.competent = form.add("competent", tr("称职"), spin(0, 10_000, data.competent, tr(" 票")))
        self.basically = form.add("basically", tr("基本称职"), spin(0, 10_000, data.basically, tr(" 票")))
        self.incompetent = form.add("incompetent", tr("不称职"), spin(0, 10_000, data.incompetent, tr(" 票")))
        self.talks = form.add("talks", tr("个别谈话"), spin(0, 10_000, data.talks, tr(" 人")))
        self.site_visit = form.add("site_visit_on", tr("实地查看"), OptionalDate(tr("已查看，日期"),
                                                                             data.site_visit_on, self))
        self.conclusion = QPlainTextEdit(data.conclusion, self)
        self.conclusion.setObjectName("conclusion")
        self.conclusion.setMaximumHeight(80)
        self.conclusion.setTabChangesFocus(True)
        form.add("conclusion", tr("考察结论"), self.conclusion)
        self.approved = QComboBox(self)
        for text, value in APPROVALS:
            self.approved.addItem(tr(text), value)
        self.approved.setCurrentIndex([v for _t, v in APPROVALS].index(data.approved))
        form.add("approved", tr("审议结果"), self.approved)
        self.approved_by = form.add("approved_by", tr("审议机关"), QLineEdit(data.approved_by, self))
        self.approved_by.setPlaceholderText(example)
        self.approved_on = form.add("approved_on", tr("审议日期"), OptionalDate(tr("已审议，日期"),
                                                                            data.approved_on, self))
        self.finish_layout()

    def load(self) -> tuple[str, InspectionInput]:  # pragma: no cover - abstract
        """The candidate's name and the stored inspection (an empty one before any)."""
        raise NotImplementedError

    def texts(self) -> tuple[str, str]:  # pragma: no cover - abstract
        """The hint above the form and the example of the deciding body."""
        raise NotImplementedError

    def values(self) -> InspectionInput:
        """The form as the workflow's input."""
        return InspectionInput(
            self.assessed.value(), self.excellent.value(), self.competent.value(), self.basically.value(),
            self.incompetent.value(), self.talks.value(), self.site_visit.value(),
            self.conclusion.toPlainText(), self.approved.currentData(), self.approved_by.text(),
            self.approved_on.value())
