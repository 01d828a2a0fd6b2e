"""Work area of the members' meeting: 应到会人数 with its exclusions and the report (PT-04…PT-08),
then the meeting itself — attendance, the committee vote, re-votes and empty seats (PT-08,
PT-13…PT-15)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QWidget

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr, tr_msg
from ui.shell.pages import register_page
from ui.shell.stage_dialogs import date_editor
from ui.widgets.forms import Form, OptionalDate, heading
from ui.widgets.work_area import (
    GREEN,
    GREY,
    ORANGE,
    RED,
    Cell,
    PartyPage,
    fill_table,
    hint_label,
    make_table,
    narrow,
    selected_id,
    selected_text,
    show_document,
)
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date
from workflows.party import attendance, vote
from workflows.party import documents as party_documents

EXCLUSION_HEADERS = ("姓名", "情形", "具体情况", "本人意见", "家属意见", "镇党委同意", "党员大会通过", "状态",
                     "尚缺")
STATE_COLORS = {attendance.ExclusionState.COUNTED: GREEN, attendance.ExclusionState.PENDING: ORANGE,
                attendance.ExclusionState.INVALID: RED, attendance.ExclusionState.VOID: GREY}
FIGURES = (("total", "党员总数"), ("probationary", "预备党员"), ("without_rights", "无表决权的正式党员"),
           ("eligible", "有表决权的党员"), ("excluded", "不计入应到会人数"), ("expected", "应到会人数"),
           ("quorum", "会议有效须到会"))


def _day(value) -> str:
    return format_date(value) if value else ""


@register_page("party.meeting")
class MeetingPage(PartyPage):
    """The figures behind 应到会人数, the exclusions, the report to the township."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent)
        self.setObjectName("party_meeting_page")
        self.content.setMinimumHeight(1100)
        top = QHBoxLayout()
        figures = QWidget(self)
        grid = QFormLayout(figures)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        self.figures: dict[str, QLabel] = {}
        for key, label in FIGURES:
            value = QLabel(figures)
            value.setObjectName(f"figure_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            grid.addRow(tr(label) + tr("："), value)
            self.figures[key] = value
        top.addWidget(figures, 1)
        self.column.addLayout(top)
        self.column.addWidget(heading(tr("不计入应到会人数的党员"), self))
        self.column.addWidget(hint_label(tr(
            "征求本人和家属意见、报镇党委同意后，方可从应到会人数中减除；还须在党员大会上通过（PT-07）。"
            "手续不全的仍计入应到会人数。"), self))
        self.column.addLayout(self.buttons(
            (tr("添加不计入人员…"), "add_exclusion_button", self.add_action),
            (tr("修改…"), "edit_exclusion_button", self.edit_action),
            (tr("删除…"), "remove_exclusion_button", self.remove_action)))
        self.table = make_table(self, EXCLUSION_HEADERS, "exclusion_table", stretch=8)
        self.table.cellDoubleClicked.connect(lambda *_: self.edit_action())
        self.column.addWidget(self.table, 1)
        self.column.addWidget(heading(tr("报镇党委审批"), self))
        self.report_state = QLabel(self)
        self.report_state.setObjectName("report_state")
        self.report_state.setWordWrap(True)
        self.column.addWidget(self.report_state)
        self.form = Form(self)
        self.reported_on = self.form.add("reported_on", tr("报批日期"), narrow(date_editor(ctx.today(), self), 200))
        self.approved_on = self.form.add("approved_on", tr("镇党委批准"),
                                         narrow(OptionalDate(tr("已批准，日期"), None, self), 300))
        self.column.addWidget(self.form)
        self.column.addLayout(self.buttons(
            (tr("记录报批"), "record_report_button", self.report_action),
            (tr("打印应到会人数报告"), "print_report_button", self.print_action)))
        self._vote_section()
        self.refresh()

    def _vote_section(self) -> None:
        from ui.party.vote_dialogs import RoundPanel

        self.column.addWidget(heading(tr("党员大会选举委员会委员"), self))
        self.meeting_state = QLabel(self)
        self.meeting_state.setObjectName("meeting_state")
        self.meeting_state.setWordWrap(True)
        self.column.addWidget(self.meeting_state)
        self.column.addLayout(self.buttons(
            (tr("记录到会人数…"), "attendance_button", self.attendance_action),
            (tr("就票数相等者再投票…"), "tie_button", self.tie_action),
            (tr("空缺名额的处理…"), "unfilled_button", self.unfilled_action)))
        self.round_panel = RoundPanel(self, self.content)
        self.column.addWidget(self.round_panel)
        self.committee_state = QLabel(self)
        self.committee_state.setObjectName("committee_state")
        self.committee_state.setWordWrap(True)
        self.column.addWidget(self.committee_state)

    def refresh(self) -> None:
        """Reload the figures, the exclusions and the report dates."""
        with self.ctx.read_scope(self.election_id) as scope:
            figures = attendance.expected_attendance(scope)
            track = attendance.attendance_report(scope)
            approved_figure = attendance.approved_figure(scope)
        self.member_count = figures.total
        self._show_figures(figures)
        fill_table(self.table, [(line.exclusion_id, (
            line.name, Cell(line.category, tooltip=line.category), line.detail,
            tr("已征求") if line.member_consulted else Cell(tr("未征求"), RED),
            tr("已征求") if line.family_consulted else Cell(tr("未征求"), RED),
            _day(line.township_approved_on) or Cell(tr("未同意"), RED),
            _day(line.meeting_adopted_on) or Cell(tr("待通过"), ORANGE),
            Cell(line.state_text, STATE_COLORS[line.state]),
            Cell("；".join(line.problems), RED if line.state == attendance.ExclusionState.INVALID else ORANGE)))
            for line in figures.exclusions], max_width=220)
        if track.reported_on:
            self.reported_on.setDate(QDate(track.reported_on))
        self.approved_on.set_value(track.approved_on)
        self.form.show_errors({})
        if track.approved_on:
            state = tr("已于{reported}报镇党委，{approved}批准应到会{n}人。").format(
                reported=_day(track.reported_on), approved=_day(track.approved_on), n=approved_figure)
            if approved_figure is not None and approved_figure != figures.expected:
                state += tr("按现在的名册和排除情况应为{now}人，请核实后重新报批（PT-06）。").format(now=figures.expected)
            color = GREEN if approved_figure == figures.expected else RED
        elif track.reported_on:
            state, color = tr("已于{day}报镇党委，尚未记录批准。").format(day=_day(track.reported_on)), ORANGE
        else:
            state, color = tr("应到会人数须在党员大会前报镇党委批准（PT-06）。"), ORANGE
        self.report_state.setText(state)
        self.report_state.setStyleSheet(f"color: {color};")
        self._refresh_vote()

    def _refresh_vote(self) -> None:
        with self.ctx.read_scope(self.election_id) as scope:
            rounds = vote.committee_rounds(scope)
            state = vote.committee_state(scope)
            shown = state.pending_round_id if state and state.pending_round_id else (rounds[-1].id if rounds else None)
            self.round_panel.show_round(scope, shown)
            quorum = vote.quorum(scope, rounds[0].id) if rounds else None
            ready = vote.approved(scope)
        if quorum is None:
            text = tr("党员大会召开时，记录实到会有选举权的党员人数，然后录入委员选举的计票单。") if ready else \
                tr("镇党委批复候选人预备人选后，方可进行选举（PT-17）。")
            self.meeting_state.setText(text)
            self.meeting_state.setStyleSheet(f"color: {ORANGE};")
        else:
            self.meeting_state.setText(tr_msg(quorum.reasons[0]))
            self.meeting_state.setStyleSheet(f"color: {GREEN if quorum.valid else RED};")
        self.attendance_button.setEnabled(ready and (not rounds or rounds[0].official_by is None))
        self.tie_button.setEnabled(bool(state and state.tie_among and not state.pending_round_id))
        self.unfilled_button.setEnabled(bool(state and not state.pending_round_id and not state.tie_among
                                             and state.unfilled > 0 and not state.choice))
        self.committee_state.setText(self._committee_text(state))

    def _committee_text(self, state) -> str:
        if state is None:
            return ""
        names = "、".join(m.name for m in state.elected) or tr("无")
        text = tr("已当选委员（应选{seats}名）：{names}。").format(seats=state.seats, names=names)
        if state.tie_among:
            text += tr("另有{n}人票数相等，争{seats}个名额，须就这几人再投票（PT-14）。").format(
                n=len(state.tie_among), seats=state.tie_seats)
        elif state.pending_round_id is None and state.unfilled > 0:
            text += tr("尚缺{n}名，须记录大会决定：再次选举或减少名额（PT-15）。").format(n=state.unfilled)
        elif state.complete:
            text += tr("委员会委员已全部选出。")
        return text

    # -- the vote --------------------------------------------------------------------------
    def attendance_action(self) -> None:
        """Record 实到会人数 (opens the committee vote the first time)."""
        from ui.party.vote_dialogs import AttendanceDialog

        with self.ctx.read_scope(self.election_id) as scope:
            rounds = vote.committee_rounds(scope)
        if AttendanceDialog(self.ctx, self.election_id, rounds[0].id if rounds else None, self).exec():
            self.changed()

    def tie_action(self) -> None:
        """PT-14: open the re-vote among the tied."""
        if not interaction.confirm(self, tr("再投票"), tr("就票数相等的候选人再投票，得票多的当选。开始再投票吗？")):
            return
        ok, _ = self.attempt(lambda scope: vote.open_tie_revote(scope, self.ctx.today()))
        if ok:
            self.changed()

    def unfilled_action(self) -> None:
        """PT-15: the meeting's decision on the empty seats."""
        from ui.party.vote_dialogs import UnfilledDialog

        with self.ctx.read_scope(self.election_id) as scope:
            unfilled = vote.committee_state(scope).unfilled
        if UnfilledDialog(self.ctx, self.election_id, unfilled, self).exec():
            self.changed()

    def _show_figures(self, figures: attendance.AttendanceFigures) -> None:
        full_without = [p for p in figures.without_rights if p.full_member]
        counted = [line for line in figures.exclusions if line.state == attendance.ExclusionState.COUNTED]
        invalid = [line for line in figures.exclusions if line.state == attendance.ExclusionState.INVALID]
        quorum = figures.quorum
        texts = {
            "total": tr("{n} 名").format(n=figures.total),
            "probationary": tr("{n} 名（没有表决权、选举权和被选举权，PT-04）").format(n=figures.probationary),
            "without_rights": tr("{n} 名").format(n=len(full_without)) + (
                "：" + "；".join(f"{p.name}（{'；'.join(p.reasons)}）" for p in full_without) if full_without else ""),
            "eligible": tr("{n} 名").format(n=figures.eligible),
            "excluded": tr("{n} 名（已生效 {a} 名，镇党委已同意、待党员大会通过 {b} 名）").format(
                n=figures.excluded, a=len(counted), b=len(figures.pending)) + (
                tr("；另有 {c} 名手续不全，仍计入").format(c=len(invalid)) if invalid else ""),
            "expected": tr("{n} 人").format(n=figures.expected),
            "quorum": tr("{word}应到会人数的{share}，即至少 {m} 人到会，会议方为有效（PT-08）").format(
                word=quorum.word, share=quorum.share, m=quorum.minimum),
        }
        for key, text in texts.items():
            self.figures[key].setText(text)
        self.figures["expected"].setStyleSheet("font-weight: bold;")
        self.figures["without_rights"].setStyleSheet(f"color: {RED};" if full_without else "")
        self.figures["excluded"].setStyleSheet(f"color: {RED};" if invalid else "")

    # -- exclusions --------------------------------------------------------------------
    def add_action(self) -> None:
        """Record a member who is not to be counted."""
        from ui.party.dialogs import ExclusionDialog

        if ExclusionDialog(self.ctx, self.election_id, parent=self).exec():
            self.changed()

    def edit_action(self) -> None:
        """Correct or complete the selected exclusion."""
        from ui.party.dialogs import ExclusionDialog

        ident = selected_id(self.table)
        if self.need_selection(ident, tr("修改"), tr("请先选择一条记录。")) and \
                ExclusionDialog(self.ctx, self.election_id, ident, self).exec():
            self.changed()

    def remove_action(self) -> None:
        """Count the selected member again."""
        ident = selected_id(self.table)
        if not self.need_selection(ident, tr("删除"), tr("请先选择一条记录。")):
            return
        name = selected_text(self.table)
        if not interaction.confirm(self, tr("删除记录"), tr("删除后{name}计入应到会人数。确定删除吗？").format(name=name)):
            return
        ok, _ = self.attempt(lambda scope: attendance.remove_exclusion(scope, ident))
        if ok:
            self.changed()

    # -- report --------------------------------------------------------------------------
    def report_action(self) -> None:
        """Record when the figure was reported and approved; refusals beside the fields."""
        try:
            with self.ctx.scope(self.election_id) as scope:
                attendance.record_attendance_report(scope, self.reported_on.date().toPython(),
                                                    self.approved_on.value())
        except InvalidInput as refused:
            self.form.show_errors(refused.errors)
            return
        self.changed()

    def print_action(self) -> None:
        """Archive and show the report of 应到会人数 (dated the report day)."""
        if not self.member_count:
            interaction.error(self, tr("尚未录入党员名册，不能生成应到会人数报告。"))
            return
        day = self.reported_on.date().toPython()
        ok, document_id = self.attempt(lambda scope: party_documents.issue_attendance_report(scope, day).id)
        if ok:
            show_document(self, self.ctx, document_id)
