"""Dialogs and the round panel of the Party vote: attendance, the count — the tally sheet
(赞成 / 不赞成 / 弃权 per candidate) or the ballots one by one during 唱票, keyboard only —,
the supervisor's choice between two passes, the chief scrutineer's confirmation, the PT-15
decision and the officers' slate."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.count.ballot_dialog import BallotEntryDialog
from ui.count.live_display import LiveDisplay, open_display
from ui.i18n import tr, tr_msg
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from ui.widgets.forms import spin
from ui.widgets.work_area import GREEN, ORANGE, RED, Cell, fill_table, hint_label, make_table
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date, msg
from workflows.party import vote

QUORUM_CHOICES = (("", "按规则配置"), ("gt", "超过"), ("ge", "不少于"))
RESULT_HEADERS = ("职务", "姓名", "赞成", "不赞成", "弃权", "结果")
STATE_TEXTS = {"open": ("尚未计票：计票单或逐张唱票，须由两人分别录入（双人录入）。", ORANGE),
               "entering": ("计票录入中。", ORANGE),
               "waiting": ("第一遍已由{first}录入，须由另一人录入第二遍（看不到第一遍）。", ORANGE),
               "differs": ("两遍录入不一致，须由监票人核对原始计票单后保留一遍或退回重录。", RED),
               "agreed": ("两遍录入一致。", GREEN)}


def _day(value) -> str:
    return format_date(value) if value else ""


class AttendanceDialog(FormDialog):
    """The meeting's day and 实到会有选举权党员 (PT-08); opens the committee vote the first time."""

    def __init__(self, ctx: AppContext, election_id: int, round_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("党员大会到会人数"), parent)
        self.ctx, self.election_id, self.round_id = ctx, election_id, round_id
        with ctx.read_scope(election_id) as scope:
            expected = vote.expected_figure(scope)
            view = vote.round_view(scope, round_id) if round_id else None
            day = view.held_on if view else (scope.election.party_election_day or ctx.today())
        self.body.insertWidget(0, hint_label(tr(
            "应到会人数以镇党委批准的为准；到会有选举权的党员须达到规定比例，会议方为有效（PT-08）。"), self))
        self.form.add("expected", tr("应到会人数"), QLabel(tr("{n} 人").format(n=expected), self))
        self.held_on = self.form.add("held_on", tr("会议日期"), date_editor(min(day, ctx.today()), self))
        self.held_on.setEnabled(view is None)
        self.attended = self.form.add("attended", tr("实到会有选举权的党员"),
                                      spin(0, 100_000, view.attended if view else expected, tr(" 人")))
        self.attended.setObjectName("attended_spin")
        self.quorum = QComboBox(self)
        for key, label in QUORUM_CHOICES:
            self.quorum.addItem(tr(label), key)
        self.quorum.setEnabled(view is None)
        self.form.add("quorum", tr("到会比例的比较"), self.quorum,
                      tr("选举办法另有规定时选择；一般按规则配置"))
        self.finish_layout()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            if self.round_id:
                vote.set_attendance(scope, self.round_id, self.attended.value())
            else:
                vote.open_meeting(scope, self.held_on.date().toPython(), self.attended.value(),
                                  self.quorum.currentData() or None)


class TallySheetDialog(FormDialog):
    """One clerk's pass of the tally sheet: ballots, then 赞成 / 不赞成 / 弃权 per candidate.

    Tab moves along a candidate's line, then to the next candidate; Enter saves."""

    def __init__(self, ctx: AppContext, election_id: int, round_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("录入计票单"), parent)
        self.ctx, self.election_id, self.round_id = ctx, election_id, round_id
        self.state = ""
        with ctx.read_scope(election_id) as scope:
            view = vote.round_view(scope, round_id)
            taken = vote.sheet_state(scope, round_id).operators
        self.body.insertWidget(0, hint_label(tr(
            "按监票人签字的计票单录入。两人分别录入，第二人看不到第一人的数字；两遍一致才计入结果。"), self))
        default = ctx.operator if ctx.operator not in taken else ""
        self.operator = self.form.add("operator", tr("录入人"), QLineEdit(default, self))
        self.operator.setObjectName("operator_edit")
        attended = view.attended or 0
        self.issued = self.form.add("issued", tr("发出选票"), spin(0, 100_000, attended, tr(" 张")))
        self.returned = self.form.add("returned", tr("收回选票"), spin(0, 100_000, 0, tr(" 张")))
        self.void_ballots = self.form.add("void_ballots", tr("无效票"), spin(0, 100_000, 0, tr(" 张")))
        for name, editor in (("issued_spin", self.issued), ("returned_spin", self.returned),
                             ("void_spin", self.void_ballots)):
            editor.setObjectName(name)
        self.rows: dict[int, tuple[QSpinBox, QSpinBox, QSpinBox]] = {}
        self.body.addWidget(self._grid(view))
        self.form.add("sheet", "", QWidget(self))
        self.finish_layout()
        self.setTabOrder(self.operator, self.issued)

    def _grid(self, view) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        inner = QWidget(area)
        grid = QGridLayout(inner)
        for column, text in enumerate(("职务", "姓名", "赞成", "不赞成", "弃权")):
            grid.addWidget(QLabel(tr(text), inner), 0, column)
        row = 1
        for contest in view.contests:
            for person in contest.candidates:
                grid.addWidget(QLabel(contest.office, inner), row, 0)
                grid.addWidget(QLabel(person.name, inner), row, 1)
                spins = tuple(spin(0, 100_000, 0) for _ in range(3))
                for column, box in enumerate(spins, start=2):
                    box.setMinimumWidth(80)
                    box.setObjectName(f"sheet_{person.id}_{column - 2}")
                    grid.addWidget(box, row, column)
                self.rows[person.id] = spins
                row += 1
        grid.setRowStretch(row, 1)
        grid.setColumnStretch(5, 1)
        area.setWidget(inner)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        area.setMinimumHeight(120)  # 1366×768 at 150 %: the dialog must fit 512 px; the grid scrolls
        area.setMinimumWidth(inner.sizeHint().width() + 40)
        return area

    def fill(self, issued: int, returned: int, void: int, lines: dict[int, tuple[int, int, int]]) -> None:
        """Type the figures in (keyboard users' shortcut for tests and corrections)."""
        self.issued.setValue(issued)
        self.returned.setValue(returned)
        self.void_ballots.setValue(void)
        for candidate_id, figures in lines.items():
            for box, value in zip(self.rows[candidate_id], figures, strict=True):
                box.setValue(value)

    def save(self) -> None:
        lines = tuple(vote.VoteLine(cid, *(box.value() for box in boxes)) for cid, boxes in self.rows.items())
        figures = vote.SheetFigures(self.issued.value(), self.returned.value(), self.void_ballots.value(), lines)
        if not self.operator.text().strip():
            raise InvalidInput({"operator": msg("请填写录入人姓名")})
        with self.ctx.scope(self.election_id) as scope:
            self.state = vote.record_sheet(scope, self.round_id, self.operator.text(), figures)


class SupervisorDialog(FormDialog):
    """Two differing passes side by side: keep one (the paper decides) or send both back."""

    def __init__(self, ctx: AppContext, election_id: int, round_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("两遍录入不一致"), parent)
        self.ctx, self.election_id, self.round_id = ctx, election_id, round_id
        with ctx.read_scope(election_id) as scope:
            state = vote.sheet_state(scope, round_id)
        table = make_table(self, ("栏目", f"第一遍（{state.operators[0]}）", f"第二遍（{state.operators[1]}）"),
                           "difference_table")
        fill_table(table, [(i, (name, str(a), Cell(str(b), RED))) for i, (name, a, b)
                           in enumerate(state.differences)])
        table.setMinimumHeight(120)
        self.body.insertWidget(0, table)
        self.choice = QComboBox(self)
        self.choice.setObjectName("keep_choice")
        for entry_id, operator in zip(state.pass_ids, state.operators, strict=True):
            self.choice.addItem(tr("保留{operator}的录入").format(operator=operator), entry_id)
        self.choice.addItem(tr("两遍都退回，重新录入"), None)
        self.form.add("choice", tr("处理"), self.choice)
        self.by = self.form.add("by", tr("监票人"), QLineEdit(self))
        self.by.setObjectName("supervisor_edit")
        self.finish_layout()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            entry_id = self.choice.currentData()
            if entry_id is None:
                vote.send_back(scope, self.round_id, self.by.text(), tr("监票人核对原始计票单后退回重录"))
            else:
                vote.keep_pass(scope, self.round_id, entry_id, self.by.text())


class ConfirmDialog(FormDialog):
    """The chief scrutineer (总监票人) confirms the result."""

    def __init__(self, ctx: AppContext, election_id: int, round_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("确认计票结果"), parent)
        self.ctx, self.election_id, self.round_id = ctx, election_id, round_id
        self.revote_round_id = None
        self.body.insertWidget(0, hint_label(tr("确认后结果不能再修改；确有错误须撤销确认并写明理由。"), self))
        self.by = self.form.add("by", tr("总监票人"), QLineEdit(self))
        self.by.setObjectName("chief_edit")
        self.finish_layout()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            self.revote_round_id = vote.confirm(scope, self.round_id, self.by.text())


class PaperDialog(FormDialog):
    """The scrutineers looked at the paper: it shows exactly what was entered (PT-11, F.1xx)."""

    def __init__(self, ctx: AppContext, election_id: int, round_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("原始票据核对"), parent)
        self.ctx, self.election_id, self.round_id = ctx, election_id, round_id
        self.body.insertWidget(0, hint_label(tr(
            "核对提示不能靠改数字消除：录入有误的，请退回重录；原始票据确实如此的，在此写明核对情况。"), self))
        self.by = self.form.add("by", tr("监票人"), QLineEdit(self))
        self.by.setObjectName("paper_by_edit")
        self.note = self.form.add("note", tr("核对情况"), QLineEdit(self))
        self.note.setObjectName("paper_note_edit")
        self.finish_layout()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            vote.paper_says_so(scope, self.round_id, self.by.text(), self.note.text())


class UnfilledDialog(FormDialog):
    """PT-15: the meeting decides what happens to the seats left empty."""

    def __init__(self, ctx: AppContext, election_id: int, unfilled: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("委员名额空缺的处理"), parent)
        self.ctx, self.election_id = ctx, election_id
        self.body.insertWidget(0, hint_label(tr(
            "赞成票过半数的少于应选名额，空缺{n}名，不得在未过半数者中按得票多少补足。可在未当选人中再酝酿、"
            "对空缺名额再次选举；接近应选名额的，经多数党员同意可减少名额（PT-15）。").format(n=unfilled), self))
        self.choice = QComboBox(self)
        self.choice.setObjectName("unfilled_choice")
        for key, label in vote.CHOICES.items():
            self.choice.addItem(tr(label), key)
        self.form.add("choice", tr("大会决定"), self.choice)
        self.day = self.form.add("day", tr("日期"), date_editor(ctx.today(), self))
        self.consent = self.form.add("consent", tr("同意减少名额的党员"), spin(0, 100_000, 0, tr(" 人")),
                                     tr("仅减少名额时填写"))
        self.consent.setObjectName("consent_spin")
        self.finish_layout()

    def save(self) -> None:
        with self.ctx.scope(self.election_id) as scope:
            vote.record_unfilled_choice(scope, self.choice.currentData(), self.day.date().toPython(),
                                        self.consent.value())


class OfficersDialog(FormDialog):
    """The committee's first full meeting: day, members present, the 等额 slate (PT-18, PT-19)."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("委员会第一次全体会议"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            state = vote.committee_state(scope)
            slate = vote.proposed_slate(scope)
            deputies = scope.election.party_deputies
        members = list(state.elected) if state else []
        self.body.insertWidget(0, hint_label(tr(
            "由新当选的委员会全体委员等额选举书记、副书记（PT-18、PT-19）；默认为镇党委批复的书记、副书记候选人。"),
            self))
        self.held_on = self.form.add("held_on", tr("会议日期"), date_editor(ctx.today(), self))
        self.attended = self.form.add("attended", tr("到会委员"), spin(0, 100, len(members), tr(" 人")))
        self.secretary = self.form.add("secretary", tr("书记候选人"), self._combo(members, slate.secretary))
        self.secretary.setObjectName("secretary_combo")
        self.deputies = []
        for index in range(deputies):
            chosen = slate.deputies[index] if index < len(slate.deputies) else None
            combo = self.form.add("deputies", tr("副书记候选人"), self._combo(members, chosen))
            combo.setObjectName(f"deputy_combo_{index}")
            self.deputies.append(combo)
        self.finish_layout()

    def _combo(self, members, current) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(tr("（请选择）"), None)
        for member in members:
            combo.addItem(member.name, member.candidate_id)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def save(self) -> None:
        slate = vote.OfficerSlate(self.secretary.currentData(), tuple(c.currentData() for c in self.deputies))
        with self.ctx.scope(self.election_id) as scope:
            vote.open_officers(scope, self.held_on.date().toPython(), slate, self.attended.value())


class RoundPanel(QWidget):
    """One round of the vote: the double entry's state, the result, and its buttons."""

    def __init__(self, page, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page, self.round_id = page, None
        self.display: LiveDisplay | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setObjectName("round_title")
        self.title.setStyleSheet("font-weight: bold;")
        column.addWidget(self.title)
        self.state = QLabel(self)
        self.state.setObjectName("round_state")
        self.state.setWordWrap(True)
        column.addWidget(self.state)
        column.addLayout(page.buttons(
            (tr("录入计票单…"), "sheet_button", self.sheet_action),
            (tr("逐张唱票录入…"), "party_ballots_button", self.ballots_action),
            (tr("打开大屏显示"), "party_display_button", self.display_action),
            (tr("核对两遍录入…"), "supervise_button", self.supervise_action),
            (tr("原始票据如此…"), "paper_button", self.paper_action),
            (tr("确认计票结果…"), "confirm_button", self.confirm_action)))
        self.table = make_table(self, RESULT_HEADERS, "result_table")
        self.table.setMinimumHeight(150)
        column.addWidget(self.table)
        self.reasons = QLabel(self)
        self.reasons.setObjectName("round_reasons")
        self.reasons.setWordWrap(True)
        column.addWidget(self.reasons)

    def show_round(self, scope, round_id: int | None) -> None:
        """Show ``round_id`` (None: nothing opened yet)."""
        self.round_id = round_id
        self.setVisible(round_id is not None)
        if round_id is None:
            return
        view = vote.round_view(scope, round_id)
        sheet = vote.sheet_state(scope, round_id)
        result = vote.round_result(scope, round_id)
        official = view.official_by is not None
        self.title.setText(tr("{label}（{day}）").format(label=view.label, day=_day(view.held_on))
                           + (tr("：已由{by}确认").format(by=view.official_by) if official else ""))
        text, color = STATE_TEXTS.get(sheet.state, ("", ORANGE))
        if official:
            text, color = tr("计票结果已确认。"), GREEN
        pending = vote.open_checks(scope, round_id) if sheet.state == "agreed" and not official else []
        if pending:
            text, color = tr(text) + "\n" + "\n".join(f"{c.code}　{tr_msg(c.text)}" for c in pending), RED
        elif sheet.state == "agreed" and not official:
            text = tr(text) + tr("请总监票人核对后确认计票结果。")
        self.state.setText(tr(text).format(first=sheet.operators[0] if sheet.operators else ""))
        self.state.setStyleSheet(f"color: {color};")
        self.page.paper_button.setEnabled(bool(pending))
        can_enter = not official and sheet.state in ("open", "waiting", "entering")
        for button, enabled in ((self.page.sheet_button, can_enter), (self.page.party_ballots_button, can_enter),
                                (self.page.supervise_button, not official and sheet.state == "differs"),
                                (self.page.confirm_button, not official and sheet.state == "agreed"
                                 and not pending)):
            button.setEnabled(enabled)
        lines = result.lines if result else ()
        fill_table(self.table, [(line.candidate_id, (
            line.office, line.name, str(line.yes), str(line.no), str(line.abstain),
            Cell(tr("当选"), GREEN, bold=True) if line.elected else
            Cell(tr("票数相等，须再投票"), ORANGE) if line.tied else Cell(tr("未当选"))))
            for line in lines])
        self.reasons.setText("\n".join(tr_msg(r) for r in result.tally.reasons) if result else "")
        self.reasons.setStyleSheet("" if not result or result.valid else f"color: {RED};")

    def sheet_action(self) -> None:
        dialog = TallySheetDialog(self.page.ctx, self.page.election_id, self.round_id, self.page)
        if dialog.exec():
            self.page.changed()

    def ballots_action(self) -> None:
        """The clerk's own ballot-by-ballot pass (resumed if paused), blind to the other's."""
        operator = self.page.ctx.operator
        done, entry_id = self.page.attempt(lambda scope: vote.start_ballots(scope, self.round_id, operator))
        if not done:
            return
        title = tr("逐张唱票录入（录入人：{name}）").format(name=operator)
        PartyBallotDialog(self.page, self.round_id, entry_id, title).exec()
        self.page.changed()

    def display_action(self) -> None:
        """The running 赞成 votes on a projector or TV (a second window)."""
        self.display = open_display(self.display, self.page.ctx, self.page.election_id, "party")

    def supervise_action(self) -> None:
        if SupervisorDialog(self.page.ctx, self.page.election_id, self.round_id, self.page).exec():
            self.page.changed()

    def paper_action(self) -> None:
        if PaperDialog(self.page.ctx, self.page.election_id, self.round_id, self.page).exec():
            self.page.changed()

    def confirm_action(self) -> None:
        if ConfirmDialog(self.page.ctx, self.page.election_id, self.round_id, self.page).exec():
            self.page.changed()


class PartyBallotDialog(BallotEntryDialog):
    """The ballots of the meeting one by one (``1 2 -4``: 赞成 1 and 2, 不赞成 4, 弃权 the rest);
    on submitting, the ballots issued are asked (the ballots read are the 收回)."""

    def __init__(self, page, round_id: int, entry_id: int, title: str) -> None:
        self.round_id, self.issued = round_id, 0
        super().__init__(page, entry_id, title, self._finish)

    def _finish(self, scope) -> str:
        return vote.submit_ballots(scope, self.round_id, self.entry_id, self.issued)

    def submit(self) -> None:
        issued = ask_issued(self, self.view.attended or self.totals.ballots)
        if issued is None:
            return
        self.issued = issued
        super().submit()


def ask_issued(parent: QWidget, default: int) -> int | None:
    """The number of ballots handed out at the meeting (None when cancelled)."""
    value, ok = QInputDialog.getInt(parent, tr("发出选票"), tr("本次会议发出选票张数："), default, 0, 100_000)
    return value if ok else None
