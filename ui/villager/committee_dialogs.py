"""Dialogs of the election-committee page: the choosing meeting (VC-05, VC-27, VC-28), a person
of the result, the chair note (SD-21), a withdrawal and how the seat is filled (VC-06, PV-02),
a 专职专选 label (SD-20) and the work plan's adoption (SD-22).

Each collects an input dataclass and hands it to the workflow, whose refusals show beside the
fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import tr, tr_text
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import HINT_STYLE, OptionalDate, spin
from ui.widgets.work_area import hint_label, narrow
from workflows.core.text import format_date
from workflows.villager import committee, plan, seat_labels
from workflows.villager.committee_checks import share
from workflows.villager.offices import OFFICE_LABELS, seats

NOT_SEATED = ""  # the role of one of the result who is not seated (next in line, VC-06)
GROUP_HEADERS = ("村民小组", "会议日期", "十八周岁以上村民", "户数", "到会人数", "到会户代表（户）")
GROUP_NUMBERS = ("adults", "households", "present", "present_households")
WIDTH, GROUPS_WIDTH = 720, 820


def meeting_combo(parent: QWidget, keys=committee.MEETING_LABELS, current: str = "") -> QComboBox:
    """村民会议 / 村民代表会议 / 各村民小组会议 (or the keys given)."""
    combo = QComboBox(parent)
    for key in keys:
        combo.addItem(tr_text(committee.MEETING_LABELS[key]), key)
    combo.setCurrentIndex(combo.findData(current))
    return combo


def role_combo(parent: QWidget, current: str, with_unseated: bool = True) -> QComboBox:
    """主任 / 副主任 / 委员 (/ not seated: next in line)."""
    combo = QComboBox(parent)
    for key, label in committee.ROLE_LABELS.items():
        combo.addItem(tr_text(label), key)
    if with_unseated:
        combo.addItem(tr("未任职（依次递补人选）"), NOT_SEATED)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def choose(combo: QComboBox, key: str) -> None:
    """Pick an entry by its key (keyboard users and tests)."""
    combo.setCurrentIndex(combo.findData(key))


def _text_box(parent: QWidget, text: str = "", height: int = 80) -> QPlainTextEdit:
    box = QPlainTextEdit(text, parent)
    box.setMaximumHeight(height)
    box.setTabChangesFocus(True)
    return box


# --- the choosing meeting -----------------------------------------------------------------

class MeetingDialog(FormDialog):
    """How the committee was chosen: the meeting, its day, its bases and attendance (VC-05)."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("推选村民选举委员会的会议"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            data = committee.meeting_input(scope)
            profile = scope.profile
            rules = {key: share(profile.threshold(key)) for key in (
                "villagers_meeting_quorum", "villagers_meeting_household_quorum",
                "representatives_meeting_quorum", "group_meeting_quorum", "group_meeting_household_quorum")}
        rules_text = QLabel("\n".join((
            tr("村民会议：到会的十八周岁以上村民{v}，或户的代表{vh}（VC-27）；").format(
                v=rules["villagers_meeting_quorum"], vh=rules["villagers_meeting_household_quorum"]),
            tr("村民代表会议：到会人员{r}（VC-28）；").format(r=rules["representatives_meeting_quorum"]),
            tr("各村民小组会议：每组到会的十八周岁以上村民{g}，或户的代表{gh}。").format(
                g=rules["group_meeting_quorum"], gh=rules["group_meeting_household_quorum"]))), self)
        rules_text.setObjectName("quorum_rules")
        rules_text.setStyleSheet(HINT_STYLE)  # unwrapped lines: the dialog sizes itself right
        self.body.insertWidget(0, rules_text)
        self.chosen_by = self.form.add("chosen_by", tr("推选方式"), meeting_combo(self, current=data.chosen_by))
        self.meeting_on = self.form.add("meeting_on", tr("会议日期"), narrow(
            date_editor(data.meeting_on or ctx.today(), self), 200), tr("各村民小组会议：填最后一个小组开会的日期"))
        self.adults = self.form.add("adults", tr("本村十八周岁以上村民"), narrow(spin(value=data.adults, suffix=tr(" 人")), 160))
        self.households = self.form.add("households", tr("本村户数"), narrow(spin(value=data.households, suffix=tr(" 户")), 160))
        self.representatives = self.form.add("representatives", tr("村民代表会议组成人员"),
                                             narrow(spin(value=data.representatives, suffix=tr(" 人")), 160))
        self.present = self.form.add("present", tr("到会人数"), narrow(spin(value=data.present, suffix=tr(" 人")), 160))
        self.present_households = self.form.add("present_households", tr("到会户代表所代表的户数"),
                                                narrow(spin(value=data.present_households, suffix=tr(" 户")), 160),
                                                tr("按户的代表核对时填写；两项满足其一即可"))
        self.groups = self._group_table(data)
        self.form.add("groups", tr("各村民小组会议"), self.groups)
        self.chosen_by.currentIndexChanged.connect(self._way_changed)
        self._way_changed()
        self.finish_layout()

    def _group_table(self, data: committee.MeetingInput) -> QTableWidget:
        table = QTableWidget(len(data.groups), len(GROUP_HEADERS), self)
        table.setObjectName("group_table")
        table.setHorizontalHeaderLabels([tr(h) for h in GROUP_HEADERS])
        table.verticalHeader().hide()
        table.setSelectionMode(QAbstractItemView.NoSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        table.setMinimumHeight(150)
        table.setMaximumHeight(220)
        for row, group in enumerate(data.groups):
            item = QTableWidgetItem(group.group_name)
            item.setFlags(Qt.ItemIsEnabled)
            table.setItem(row, 0, item)
            table.setCellWidget(row, 1, OptionalDate(tr("已开会"), group.held_on, table))
            for column, key in enumerate(GROUP_NUMBERS, start=2):
                table.setCellWidget(row, column, spin(value=getattr(group, key)))
        table.verticalHeader().setDefaultSectionSize(30)
        return table

    def _way_changed(self) -> None:
        way = self.chosen_by.currentData()
        visible = {"adults": way == "villagers", "households": way == "villagers",
                   "present_households": way == "villagers", "representatives": way == "representatives",
                   "present": way in ("villagers", "representatives"), "groups": way == "groups"}
        for name, shown in visible.items():
            self.form.layout_.setRowVisible(getattr(self, name).parentWidget(), shown)
        self.setMinimumWidth(GROUPS_WIDTH if way == "groups" else WIDTH)  # the group table's six columns
        self.adjustSize()

    def set_group(self, name: str, held_on, adults: int, households: int, present: int,
                  present_households: int = 0) -> None:
        """Fill one group's line (keyboard users and tests)."""
        for row in range(self.groups.rowCount()):
            if self.groups.item(row, 0).text() == name:
                self.groups.cellWidget(row, 1).set_value(held_on)
                for column, value in enumerate((adults, households, present, present_households), start=2):
                    self.groups.cellWidget(row, column).setValue(value)

    def _group_rows(self) -> tuple[committee.GroupAttendance, ...]:
        rows = []
        for row in range(self.groups.rowCount()):
            numbers = [self.groups.cellWidget(row, column).value() for column in range(2, 6)]
            held_on = self.groups.cellWidget(row, 1).value()
            if held_on is not None or any(numbers):
                rows.append(committee.GroupAttendance(self.groups.item(row, 0).text(), held_on, *numbers))
        return tuple(rows)

    def save(self) -> None:
        """Store through the committee workflow."""
        data = committee.MeetingInput(
            self.chosen_by.currentData() or "", self.meeting_on.date().toPython(), self.adults.value(),
            self.households.value(), self.representatives.value(), self.present.value(),
            self.present_households.value(), self._group_rows())
        with self.ctx.scope(self.election_id) as scope:
            committee.record_meeting(scope, data)


# --- people of the result -----------------------------------------------------------------

class MemberDialog(FormDialog):
    """One person of the election result: name, ID number, 名次, role and votes."""

    def __init__(self, ctx: AppContext, election_id: int, member_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("修改推选结果") if member_id else tr("录入推选结果"), parent)
        self.ctx, self.election_id, self.member_id = ctx, election_id, member_id
        with ctx.read_scope(election_id) as scope:
            rows = committee.members_of(scope)
            current = next((r for r in rows if r.id == member_id), None)
            values = ((current.name, current.id_number, current.rank, current.role, current.votes) if current
                      else ("", "", max((r.rank for r in rows), default=0) + 1, "member", 0))
        name, number, rank, role, votes = values
        self.body.insertWidget(0, hint_label(tr(
            "按推选会议的结果逐人录入，名次即推选结果的顺序：成员退出时按此顺序依次递补（VC-06）。"
            "未任职的人选请选“未任职（依次递补人选）”。"), self))
        self.name = self.form.add("name", tr("姓名"), QLineEdit(name, self))
        self.id_number = self.form.add("id_number", tr("公民身份号码"), QLineEdit(number, self))
        self.rank = self.form.add("rank", tr("推选结果名次"), narrow(spin(1, 99, rank), 120))
        self.role = self.form.add("role", tr("职务"), role_combo(self, role))
        self.votes = self.form.add("votes", tr("得票"), narrow(spin(0, 100_000, votes, tr(" 票")), 160),
                                   tr("未记录得票的填 0"))
        self.finish_layout()

    def save(self) -> None:
        """Store through the committee workflow."""
        data = committee.MemberInput(self.name.text(), self.id_number.text(), self.rank.value(),
                                     self.role.currentData(), self.votes.value())
        with self.ctx.scope(self.election_id) as scope:
            if self.member_id is None:
                committee.add_member(scope, data)
            else:
                committee.update_member(scope, self.member_id, data)


class ChairNoteDialog(FormDialog):
    """SD-21: why the meeting chose someone other than the Party secretary as chair."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("主任人选说明"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            note = committee.record(scope).chair_note
        self.body.insertWidget(0, hint_label(tr(
            "村党组织书记一般应依法推选为村民选举委员会主任（SD-21）。会议另行推选的，请写明原因；清空即删除说明。"),
            self))
        self.note = self.form.add("note", tr("说明"), _text_box(self, note))
        self.finish_layout()

    def save(self) -> None:
        """Store through the committee workflow."""
        with self.ctx.scope(self.election_id) as scope:
            committee.set_chair_note(scope, self.note.toPlainText())


# --- withdrawal and the seat ----------------------------------------------------------------

class WithdrawDialog(FormDialog):
    """A member leaves (VC-06, PV-02): the day, the reason, and whether the next in line fills the seat."""

    def __init__(self, ctx: AppContext, election_id: int, member_id: int, parent: QWidget | None = None) -> None:
        with ctx.read_scope(election_id) as scope:
            member = next(r for r in committee.members_of(scope) if r.id == member_id)
            name, role = member.name, committee.ROLE_LABELS.get(member.role, "")
            cause = committee.withdrawal_causes(scope).get(member_id)
            successor = committee.next_in_line(scope)
            successor_name = successor.name if successor is not None else ""
        super().__init__(tr("记录退出：{name}").format(name=name), parent)
        self.ctx, self.election_id, self.member_id = ctx, election_id, member_id
        self.body.insertWidget(0, hint_label(tr(
            "{name}（{role}）退出村民选举委员会。{cause}席位按原推选结果依次递补，也可以另行推选（VC-06）。").format(
            name=name, role=tr_text(role), cause=tr("原因：{text}。").format(text=cause.text) if cause else ""), self))
        self.reason = QComboBox(self)
        for key, label in committee.LEAVE_LABELS.items():
            self.reason.addItem(tr_text(label), key)
        choose(self.reason, cause.reason if cause else "other")
        self.form.add("reason", tr("退出原因"), self.reason)
        self.left_on = self.form.add("left_on", tr("退出日期"), narrow(date_editor(ctx.today(), self), 200))
        self.note = self.form.add("note", tr("说明"), QLineEdit(self))
        self.fill = QRadioButton(tr("按原推选结果依次递补：{name}").format(name=successor_name) if successor_name
                                 else tr("按原推选结果依次递补（已没有可递补的人选）"), self)
        self.fill.setObjectName("fill_choice")
        self.later = QRadioButton(tr("暂不递补，另行推选（推选后在本页记录）"), self)
        self.later.setObjectName("later_choice")
        self.choice = QButtonGroup(self)  # the two sit in separate form cells
        self.choice.addButton(self.fill)
        self.choice.addButton(self.later)
        (self.fill if successor_name else self.later).setChecked(True)
        self.form.add("fill", tr("席位"), self.fill)
        self.form.add("later", "", self.later)
        self.finish_layout()

    def save(self) -> None:
        """Store through the committee workflow."""
        data = committee.WithdrawalInput(self.left_on.date().toPython(), self.reason.currentData(),
                                         self.note.text(), self.fill.isChecked())
        with self.ctx.scope(self.election_id) as scope:
            committee.withdraw(scope, self.member_id, data)


class FillDialog(FormDialog):
    """Fill an open seat later from the original result (VC-06): the day the next in line takes it."""

    def __init__(self, ctx: AppContext, election_id: int, departed_id: int, parent: QWidget | None = None) -> None:
        with ctx.read_scope(election_id) as scope:
            departed = next(r for r in committee.members_of(scope) if r.id == departed_id)
            name, left_on = departed.name, departed.left_on
            successor = committee.next_in_line(scope)
            successor_name = successor.name if successor is not None else ""
        super().__init__(tr("递补{name}的席位").format(name=name), parent)
        self.ctx, self.election_id, self.departed_id = ctx, election_id, departed_id
        self.body.insertWidget(0, hint_label(tr(
            "{name}已于{day}退出。按原推选结果依次递补：{successor}。").format(
            name=name, day=format_date(left_on), successor=successor_name or tr("已没有可递补的人选，请记录另行推选")),
            self))
        self.day = self.form.add("day", tr("递补日期"), narrow(date_editor(ctx.today(), self), 200))
        self.finish_layout()

    def save(self) -> None:
        """Store through the committee workflow."""
        with self.ctx.scope(self.election_id) as scope:
            committee.fill_from_result(scope, self.departed_id, self.day.date().toPython())


class ByElectionDialog(FormDialog):
    """Someone a new meeting chose for a departed member's seat (另行推选, VC-06)."""

    def __init__(self, ctx: AppContext, election_id: int, departed_id: int, parent: QWidget | None = None) -> None:
        with ctx.read_scope(election_id) as scope:
            name = next(r.name for r in committee.members_of(scope) if r.id == departed_id)
        super().__init__(tr("另行推选：填补{name}的席位").format(name=name), parent)
        self.ctx, self.election_id, self.departed_id = ctx, election_id, departed_id
        self.body.insertWidget(0, hint_label(tr(
            "另行推选由村民会议、村民代表会议或各村民小组会议进行；当选者排在原推选结果之后。"), self))
        self.name = self.form.add("name", tr("姓名"), QLineEdit(self))
        self.id_number = self.form.add("id_number", tr("公民身份号码"), QLineEdit(self))
        self.chosen_by = self.form.add("chosen_by", tr("推选会议"), meeting_combo(self, current="representatives"))
        self.chosen_on = self.form.add("chosen_on", tr("推选日期"), narrow(date_editor(ctx.today(), self), 200))
        self.role = self.form.add("role", tr("职务"), role_combo(self, "member", with_unseated=False))
        self.votes = self.form.add("votes", tr("得票"), narrow(spin(0, 100_000, 0, tr(" 票")), 160))
        self.finish_layout()

    def save(self) -> None:
        """Store through the committee workflow."""
        data = committee.ByElectionInput(self.name.text(), self.id_number.text(), self.chosen_on.date().toPython(),
                                         self.chosen_by.currentData() or "", self.role.currentData(),
                                         self.votes.value())
        with self.ctx.scope(self.election_id) as scope:
            committee.by_election(scope, self.departed_id, data)


# --- seat labels and the work plan -------------------------------------------------------------

class SeatLabelDialog(FormDialog):
    """A 专职专选 position (SD-20): some of an office's seats set aside for a kind of person."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("添加专职专选岗位"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            counts = seats(scope.election)
        self.body.insertWidget(0, hint_label(tr(
            "专职专选、定位产生的岗位（SD-20）随提名、候选人名单、选票和计票一直带下去；妇女名额保证村民委员会有妇女成员（VC-02）。"),
            self))
        self.office = QComboBox(self)
        for office, n in counts.items():
            self.office.addItem(tr("{office}（职数{n}名）").format(office=tr_text(OFFICE_LABELS[office]), n=n),
                                office.value)
        self.office.setCurrentIndex(max(0, self.office.findData("member")))
        self.form.add("office", tr("职务"), self.office)
        self.label = QComboBox(self)
        self.label.setEditable(True)
        self.label.addItems(list(seat_labels.SUGGESTED))
        self.label.setCurrentIndex(-1)
        self.form.add("label", tr("岗位名称"), self.label, tr("可从列表选择，也可直接填写"))
        self.count = self.form.add("count", tr("名额"), narrow(spin(1, 9, 1, tr(" 名")), 120))
        self.women = QCheckBox(tr("妇女名额（须由女性担任）"), self)
        self.women.setObjectName("women")
        self.form.add("women", "", self.women)
        self.label.currentTextChanged.connect(self._label_changed)
        self.finish_layout()

    def _label_changed(self, text: str) -> None:
        self.women.setChecked(any(word in text for word in seat_labels.WOMEN_WORDS))

    def save(self) -> None:
        """Store through the seat-label workflow."""
        data = seat_labels.SeatLabelInput(self.office.currentData() or "", self.label.currentText(),
                                          self.count.value(), self.women.isChecked())
        with self.ctx.scope(self.election_id) as scope:
            seat_labels.add_seat_label(scope, data)


class PlanDialog(FormDialog):
    """SD-22: which meeting discussed and adopted the work plan, and when."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("选举工作方案的通过"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            self.stored = plan.plan_input(scope)
        self.body.insertWidget(0, hint_label(tr(
            "选举工作方案由村民选举委员会拟定，经村民会议或村民代表会议讨论通过后公布（SD-22）。"
            "公布即在本页打印方案，打印日期记为公布日期。"), self))
        self.adopted_by = self.form.add("adopted_by", tr("讨论通过的会议"), meeting_combo(
            self, plan.PLAN_MEETINGS, self.stored.adopted_by or "representatives"))
        self.adopted_on = self.form.add("adopted_on", tr("通过日期"), OptionalDate(tr("已通过"), self.stored.adopted_on,
                                                                                   self))
        self.finish_layout()

    def save(self) -> None:
        """Store through the plan workflow (the publication date stays as printed)."""
        data = plan.PlanInput(self.adopted_by.currentData() or "", self.adopted_on.value(),
                              self.stored.published_on)
        with self.ctx.scope(self.election_id) as scope:
            plan.record_plan(scope, data)
