"""Work area of 公布正式候选人 (vc.formal_candidates): the list by office in the profile's order
(SO-01, SO-04) and its posting before the legal day (SD-24), withdrawals after it with the
supplementary notice (PV-05), and the candidates' meetings with the villagers (VC-14)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr, tr_msg, tr_text
from ui.shell.pages import register_page
from ui.shell.stage_dialogs import date_editor
from ui.villager import formal_dialogs as dialogs
from ui.widgets.forms import heading
from ui.widgets.work_area import (
    GREEN,
    ORANGE,
    RED,
    Cell,
    PartyPage,
    fill_table,
    findings_label,
    hint_label,
    make_table,
    selected_id,
    selected_text,
    show_document,
    show_findings,
)
from workflows.core.text import format_date
from workflows.villager import candidates, formal
from workflows.villager.offices import OFFICE_LABELS

LIST_HEADERS = ("姓名", "职务", "序号", "性别", "出生年月", "提名得票", "备注")
CHANGE_HEADERS = ("姓名", "职务", "变动", "日期", "递补", "变动公告")
MEETING_HEADERS = ("日期", "时间", "地点", "到会人数", "公告", "备注")
TABLE_HEIGHT = 150  # a few rows each; the page scrolls


def _day(value) -> str:
    return format_date(value) if value else ""


@register_page("vc.formal_candidates")
class FormalCandidatesPage(PartyPage):
    """The list, its posting, the changes after it and the candidates' meetings."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent, content_height=820)
        self.setObjectName("vc_formal_candidates_page")
        self.findings = findings_label(self, "formal_findings")
        self.column.addWidget(self.findings)
        self._list_section()
        self._change_section()
        self._meeting_section()
        self.column.addStretch(1)
        self.refresh()

    # -- layout ------------------------------------------------------------------------
    def _dated_row(self, name: str, *buttons) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("公告日期"), self.content))
        editor = date_editor(self.ctx.today(), self.content)
        editor.setObjectName(name)
        setattr(self, name, editor)
        row.addWidget(editor)
        row.addLayout(self.buttons(*buttons))
        return row

    def _list_section(self) -> None:
        self.column.addWidget(heading(tr("正式候选人名单"), self.content))
        self.posting = QLabel(self.content)
        self.posting.setObjectName("posting_state")
        self.posting.setWordWrap(True)
        self.column.addWidget(self.posting)
        self.order_note = QLabel(self.content)
        self.order_note.setObjectName("order_sentence")
        self.order_note.setStyleSheet("font-weight: bold;")
        self.column.addWidget(self.order_note)
        self.table = make_table(self.content, LIST_HEADERS, "formal_table", stretch=6)
        self.table.setMinimumHeight(TABLE_HEIGHT)
        self.column.addWidget(self.table)
        self.column.addLayout(self._dated_row(
            "post_day", (tr("公布正式候选人名单"), "post_button", self.post_action),
            (tr("查看名单公告"), "view_list_button", self.view_list_action)))

    def _change_section(self) -> None:
        self.column.addWidget(heading(tr("公布后的变动"), self.content))
        self.withdrawal_rule = hint_label("", self.content, "withdrawal_rule")
        self.column.addWidget(self.withdrawal_rule)
        self.changes = make_table(self.content, CHANGE_HEADERS, "change_table")
        self.changes.setMaximumHeight(TABLE_HEIGHT)
        self.column.addWidget(self.changes)
        self.column.addLayout(self._dated_row(
            "change_day", (tr("书面放弃…"), "withdraw_button", self.withdraw_action),
            (tr("发布变动公告"), "post_changes_button", self.post_changes_action)))

    def _meeting_section(self) -> None:
        self.column.addWidget(heading(tr("正式候选人与村民见面会"), self.content))
        self.column.addLayout(self.buttons(
            (tr("安排见面会…"), "add_meeting_button", self.add_meeting_action),
            (tr("修改…"), "edit_meeting_button", self.edit_meeting_action),
            (tr("删除…"), "remove_meeting_button", self.remove_meeting_action)))
        self.meetings = make_table(self.content, MEETING_HEADERS, "meeting_table")
        self.meetings.setMaximumHeight(TABLE_HEIGHT)
        self.meetings.cellDoubleClicked.connect(lambda *_: self.edit_meeting_action())
        self.column.addWidget(self.meetings)
        self.column.addLayout(self._dated_row(
            "meeting_notice_day", (tr("打印见面会公告"), "meeting_notice_button", self.meeting_notice_action)))

    # -- reading -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload everything in one read."""
        with self.ctx.read_scope(self.election_id) as scope:
            blocks = formal.formal_list(scope)
            sentence = formal.order_sentence(scope)
            state = formal.posting_state(scope)
            rule = candidates.deadline_text(scope)
            changes = [c for c in candidates.changes(scope) if state.posted_on and c.happened_on >= state.posted_on]
            meetings = formal.meetings(scope)
            findings = formal.check(scope).items
            days = scope.profile.days("formal_candidates_days")
        self.order_note.setText(tr("名单顺序：{sentence}（各职务分别排列，与公告一致）").format(sentence=tr_text(sentence)))
        fill_table(self.table, [(e.candidate_id, (
            Cell(e.name, bold=block.office == "chair"), tr_text(OFFICE_LABELS[block.office]), str(index), e.sex,
            tr("{y}年{m}月").format(y=e.birth_date.year, m=e.birth_date.month), str(e.votes),
            tr("妇女候选人") if e.women_seat else ""))
            for block in blocks for index, e in enumerate(block.entries, start=1)])
        self._posting(state, days)
        self.view_list_button.setEnabled(state.document_id is not None)
        self.post_button.setEnabled(state.posted_on is None)  # later changes: the changes notice
        self.withdrawal_rule.setText(tr_msg(rule) + tr("。名单公布后的变动须发布变动公告，不重新计算公布期限（PV-05）。"))
        fill_table(self.changes, [(c.id, (
            c.name, tr_text(OFFICE_LABELS[c.office]), tr_text(formal.CHANGE_WORDS.get(c.kind, c.kind)),
            _day(c.happened_on), c.replacement or (tr("不再递补") if not c.filled else tr("无可递补人选")),
            _day(c.notice_on) or Cell(tr("未公告"), ORANGE))) for c in changes])
        fill_table(self.meetings, [(m.id, (
            _day(m.held_on), m.time_text, m.place, tr("{n}人").format(n=m.attendance) if m.attendance is not None
            else Cell(tr("未记录"), ORANGE if m.held_on < self.ctx.today() else None),
            Cell(tr("已公告"), GREEN) if m.notice_document_id else tr("未公告"), m.notes)) for m in meetings])
        show_findings(self.findings, findings, tr("正式候选人名单已公布，见面会已安排。"))

    def _posting(self, state: formal.PostingState, days: int) -> None:
        if state.posted_on:
            text = tr("名单已于{day}张榜公布").format(day=format_date(state.posted_on))
            if state.late_days:
                text += tr("，晚于法定最迟日期{due}，相差{n}日；本阶段不能完成，须依法推迟选举日").format(
                    due=_day(state.due), n=state.late_days)
            color = RED if state.late_days else GREEN
        elif state.due is None:
            text, color = tr("尚未设定村委会选举日，无法计算公布期限。"), RED
        elif state.days_left < 0:
            text = tr("名单最迟应于{due}（选举日{days}日前）公布，已逾期{n}日").format(
                due=format_date(state.due), days=days, n=-state.days_left)
            color = RED
        else:
            text = tr("名单最迟应于{due}（选举日{days}日前）张榜公布，还有{n}日").format(
                due=format_date(state.due), days=days, n=state.days_left)
            color = ORANGE if state.days_left <= 3 else GREEN
        self.posting.setText(text + tr("（SD-24）"))
        self.posting.setStyleSheet(f"color: {color};")

    # -- the list ----------------------------------------------------------------------
    def post_action(self) -> None:
        """Post the list on the chosen day (a late day is said first and confirmed)."""
        day = self.post_day.date().toPython()
        ok, warning = self.attempt(lambda scope: formal.timing_warning(scope, day), read_only=True)
        if not ok or (warning is not None and not interaction.confirm(
                self, tr("公布晚于法定日期"), tr_msg(warning) + tr("\n\n仍要公布吗？"))):
            return
        ok, document_id = self.attempt(lambda scope: formal.post_formal_list(scope, day).id)
        if ok:
            self.changed()
            show_document(self, self.ctx, document_id)

    def view_list_action(self) -> None:
        """Open the posted list notice."""
        ok, state = self.attempt(formal.posting_state, read_only=True)
        if ok and state.document_id is not None:
            show_document(self, self.ctx, state.document_id)

    # -- changes -----------------------------------------------------------------------
    def withdraw_action(self) -> None:
        """Record the selected formal candidate's written withdrawal."""
        ident = selected_id(self.table)
        if self.need_selection(ident, tr("书面放弃"), tr("请先在名单中选择一名正式候选人。")) and \
                dialogs.WithdrawalDialog(self.ctx, self.election_id, ident, selected_text(self.table), self).exec():
            self.changed()

    def post_changes_action(self) -> None:
        """Archive the supplementary notice of the changes since the list went up."""
        day = self.change_day.date().toPython()
        ok, document_id = self.attempt(lambda scope: formal.post_changes(scope, day).id)
        if ok:
            self.changed()
            show_document(self, self.ctx, document_id)

    # -- meetings ----------------------------------------------------------------------
    def add_meeting_action(self) -> None:
        """Arrange a meeting of the candidates with the villagers."""
        if dialogs.MeetingDialog(self.ctx, self.election_id, parent=self).exec():
            self.changed()

    def edit_meeting_action(self) -> None:
        """Correct the selected meeting or record its attendance."""
        ident = selected_id(self.meetings)
        if self.need_selection(ident, tr("修改"), tr("请先选择一次见面会。")) and \
                dialogs.MeetingDialog(self.ctx, self.election_id, ident, self).exec():
            self.changed()

    def remove_meeting_action(self) -> None:
        """Delete a meeting entered by mistake."""
        self.remove_selected(self.meetings, tr("删除见面会"), tr("请先选择一次见面会。"),
                             lambda: tr("删除{day}的见面会？").format(day=selected_text(self.meetings)),
                             formal.remove_meeting)

    def meeting_notice_action(self) -> None:
        """Print the notice of the selected meeting (the only one when there is one)."""
        ident = selected_id(self.meetings)
        if ident is None and self.meetings.rowCount() == 1:
            self.meetings.selectRow(0)
            ident = selected_id(self.meetings)
        if not self.need_selection(ident, tr("见面会公告"), tr("请先选择一次见面会。")):
            return
        day = self.meeting_notice_day.date().toPython()
        ok, document_id = self.attempt(lambda scope: formal.issue_meeting_notice(scope, ident, day).id)
        if ok:
            self.changed()
            show_document(self, self.ctx, document_id)
