"""Work area of 推选村民选举委员会 (vc.election_committee): the choosing meeting and its quorum
(VC-05, VC-27, VC-28), the people of the result with role and rank (GC-01…GC-03, SD-21, PV-01),
withdrawals of nominated members and how their seats are filled (VC-06, PV-02), the list notice
and the filing (GC-04, GC-08), 专职专选 labels (SD-20) and the work plan (SD-22).

The rules live in ``workflows.villager``; this page shows their findings and calls their steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr, tr_text
from ui.shell.pages import register_page
from ui.shell.stage_dialogs import date_editor
from ui.villager import committee_dialogs as dialogs
from ui.widgets.forms import SPACING, heading
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
from workflows.core import idcard, relatives
from workflows.core.text import format_date
from workflows.villager import committee, committee_checks, committee_documents, plan, seat_labels

MEMBER_HEADERS = ("名次", "姓名", "公民身份号码", "性别", "职务", "得票", "状态", "提示")
WITHDRAWAL_HEADERS = ("姓名", "职务", "情况", "原因")
LABEL_HEADERS = ("职务", "岗位", "名额", "妇女名额")
TABLE_HEIGHT = 150
SEVERITY_COLORS = {"blocker": RED, "warning": ORANGE}
GREY_TEXT = "#757575"


def _day(value) -> str:
    return format_date(value) if value else ""


def _wrapped(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def _column(widget: QWidget) -> QVBoxLayout:
    column = QVBoxLayout(widget)
    column.setContentsMargins(0, SPACING, 0, 0)
    column.setSpacing(SPACING)
    return column


def _dated_button(page: CommitteePage, parent: QWidget, caption: str, name: str, text: str, slot):
    """A row: caption, a date editor (today) and a button; returns (row, editor)."""
    row = QHBoxLayout()
    row.addWidget(QLabel(caption, parent))
    editor = date_editor(page.ctx.today(), parent)
    editor.setObjectName(f"{name}_day")
    row.addWidget(editor)
    row.addLayout(page.buttons((text, f"{name}_button", slot)))
    return row, editor


# --- the choosing meeting ------------------------------------------------------------------

class MeetingTab(QWidget):
    """How the committee was chosen and each quorum line (met or not, with its rule IDs)."""

    def __init__(self, page: CommitteePage) -> None:
        super().__init__(page)
        self.page = page
        column = _column(self)
        self.findings = findings_label(self, "meeting_findings")
        column.addWidget(self.findings)
        column.addLayout(page.buttons((tr("记录推选会议…"), "meeting_button", self.meeting_action)))
        self.summary = _wrapped(self, "meeting_summary")
        column.addWidget(self.summary)
        column.addWidget(heading(tr("到会人数核对"), self))
        self.quorum = findings_label(self, "quorum_lines")
        column.addWidget(self.quorum)
        column.addStretch(1)

    def refresh(self, scope) -> None:
        """Reload from an open read scope."""
        row = committee.record(scope)
        if not row.chosen_by:
            self.summary.setText(tr("尚未记录推选会议。"))
        else:
            way = tr_text(committee.MEETING_LABELS[row.chosen_by])
            self.summary.setText(tr("{day}召开{way}推选村民选举委员会。").format(
                day=_day(row.meeting_on) or tr("（日期未填）"), way=way) + self._figures(row))
        lines = committee_checks.quorum_lines(scope)
        self.quorum.setText("".join(
            f"<div style='color:{GREEN if line.met else RED}'>{'✔' if line.met else '✘'} {line.subject}："
            f"{line.text}（{line.rule_ids}）</div>" for line in lines) or tr("记录会议后在此核对到会人数。"))
        show_findings(self.findings, committee_checks.meeting_findings(scope).items, tr("推选会议到会人数符合规定"))

    @staticmethod
    def _figures(row) -> str:
        if row.chosen_by == "villagers":
            return tr("本村十八周岁以上村民{a}人、{h}户；到会{p}人，到会户代表代表{ph}户。").format(
                a=row.adults, h=row.households, p=row.present, ph=row.present_households)
        if row.chosen_by == "representatives":
            return tr("村民代表会议组成人员{r}人，到会{p}人。").format(r=row.representatives, p=row.present)
        return ""

    def meeting_action(self) -> None:
        """Record or correct the meeting."""
        if dialogs.MeetingDialog(self.page.ctx, self.page.election_id, self).exec():
            self.page.changed()


# --- the members and their withdrawals --------------------------------------------------------

@dataclass(frozen=True)
class _MemberView:
    """What the table shows of one person of the result (read inside the scope)."""

    id: int
    cells: tuple


def _status(row) -> Cell:
    if row.left_on is not None:
        return Cell(tr("已退出（{day}）").format(day=_day(row.left_on)), GREY_TEXT)
    if not row.role:
        return Cell(tr("依次递补人选"))
    if row.by_election:
        return Cell(tr("另行推选（{day}）").format(day=_day(row.joined_on)), GREEN)
    if row.replaces_id is not None:
        return Cell(tr("递补（{day}）").format(day=_day(row.joined_on)), GREEN)
    return Cell(tr("在任"), GREEN)


def member_views(scope) -> list[_MemberView]:
    """Every person of the result, by rank, with why they must leave and their relatives."""
    causes = committee.withdrawal_causes(scope)
    seated = committee_checks.seated(scope)
    color = SEVERITY_COLORS.get(scope.profile.get("ec_relatives"))
    kin: dict[str, list[str]] = {}
    for pair in relatives.pairs_among(scope.session, scope.township.id, [(r.name, r.id_number) for r in seated]):
        for number in (pair.id_number_a, pair.id_number_b):
            kin.setdefault(number, []).append(pair.describe())
    views = []
    for row in committee.members_of(scope):
        cause = causes.get(row.id)
        notes = ([tr("须退出：{text}").format(text=cause.text)] if cause else []) + kin.get(row.id_number, [])
        hint = Cell("；".join(notes), RED if cause else color) if notes else Cell(row.note)
        role = tr_text(committee.ROLE_LABELS[row.role]) if row.role else "—"
        views.append(_MemberView(row.id, (
            str(row.rank), Cell(row.name, RED if cause else None, bold=row.role == "chair"), idcard.mask(row.id_number),
            row.sex, role, str(row.votes) if row.votes else "", _status(row), hint)))
    return views


class MembersTab(QWidget):
    """The result by rank; who must withdraw and the open seats; the chair note (SD-21)."""

    def __init__(self, page: CommitteePage) -> None:
        super().__init__(page)
        self.page = page
        column = _column(self)
        self.findings = findings_label(self, "composition_findings")
        column.addWidget(self.findings)
        column.addLayout(page.buttons(
            (tr("录入成员…"), "add_member_button", self.add_action),
            (tr("修改…"), "edit_member_button", self.edit_action),
            (tr("删除…"), "remove_member_button", self.remove_action)))
        self.table = make_table(self, MEMBER_HEADERS, "member_table", stretch=7)
        self.table.setMinimumHeight(TABLE_HEIGHT)
        self.table.cellDoubleClicked.connect(lambda *_: self.edit_action())
        column.addWidget(self.table, 1)
        chair = QHBoxLayout()
        self.chair_note = hint_label("", self, "chair_note")
        chair.addWidget(self.chair_note, 1)
        chair.addLayout(page.buttons((tr("主任人选说明…"), "chair_note_button", self.chair_note_action)))
        column.addLayout(chair)
        column.addWidget(heading(tr("退出与递补"), self))
        column.addWidget(hint_label(tr(
            "成员被提名为村民委员会成员候选人的，应当退出村民选举委员会，按原推选结果依次递补，也可以另行推选（VC-06）；"
            "变动后须公布补充名单。"), self))
        column.addLayout(page.buttons(
            (tr("记录退出…"), "withdraw_button", self.withdraw_action),
            (tr("依次递补…"), "fill_button", self.fill_action),
            (tr("记录另行推选…"), "by_election_button", self.by_election_action),
            (tr("公布补充名单"), "supplement_button", page.notices.list_action)))
        self.withdrawals = make_table(self, WITHDRAWAL_HEADERS, "withdrawal_table", stretch=3)
        self.withdrawals.setMaximumHeight(TABLE_HEIGHT - 30)
        column.addWidget(self.withdrawals)

    def refresh(self, scope) -> None:
        """Reload from an open read scope."""
        fill_table(self.table, [(v.id, v.cells) for v in member_views(scope)])
        rows = []
        for cause in committee.members_who_must_withdraw(scope):
            rows.append((cause.member_id, (Cell(cause.name, RED), self._role(scope, cause.member_id),
                                           Cell(tr("须退出"), RED), cause.text)))
        for row in committee.vacancies(scope):
            reason = tr_text(committee.LEAVE_LABELS[row.left_reason])
            rows.append((row.id, (row.name, tr_text(committee.ROLE_LABELS[row.role]),
                                  Cell(tr("席位待递补或另行推选"), ORANGE),
                                  tr("{day}退出：{reason}").format(day=_day(row.left_on), reason=reason))))
        fill_table(self.withdrawals, rows)
        self.page.supplement_button.setEnabled(committee_checks.list_outdated(scope))
        # who must withdraw is in the page's banner above the tabs
        show_findings(self.findings, committee_checks.composition_findings(scope).items,
                      tr("成员人数、主任和近亲属回避符合规定"))
        note = committee.record(scope).chair_note
        asked = scope.profile.get("ec_chair_party_secretary") != "off"
        self.chair_note.setText(tr("主任人选说明：{note}").format(note=note) if note else tr(
            "本乡镇要求村党组织书记任选举委员会主任；会议另行推选的，请记录说明（SD-21）。"))
        self.chair_note.setVisible(asked or bool(note))
        self.page.chair_note_button.setVisible(asked or bool(note))

    @staticmethod
    def _role(scope, member_id: int) -> str:
        role = next(r.role for r in committee.members_of(scope) if r.id == member_id)
        return tr_text(committee.ROLE_LABELS[role]) if role else "—"

    def _selected(self, table, title: str, what: str):
        ident = selected_id(table)
        return ident if self.page.need_selection(ident, title, what) else None

    def add_action(self) -> None:
        """Enter one person of the result."""
        if dialogs.MemberDialog(self.page.ctx, self.page.election_id, parent=self).exec():
            self.page.changed()

    def edit_action(self) -> None:
        """Correct the selected person."""
        ident = self._selected(self.table, tr("修改"), tr("请先选择一名成员。"))
        if ident is not None and dialogs.MemberDialog(self.page.ctx, self.page.election_id, ident, self).exec():
            self.page.changed()

    def remove_action(self) -> None:
        """Delete a person entered by mistake (a departure is a withdrawal)."""
        ident = self._selected(self.table, tr("删除"), tr("请先选择一名成员。"))
        if ident is not None and interaction.confirm(self, tr("删除成员"), tr(
                "删除{name}？只删除录入错误的人；成员退出请用“记录退出”。").format(name=selected_text(self.table, 1))) \
                and self.page.attempt(lambda scope: committee.remove_member(scope, ident))[0]:
            self.page.changed()

    def chair_note_action(self) -> None:
        """Record why the Party secretary is not the chair (SD-21)."""
        if dialogs.ChairNoteDialog(self.page.ctx, self.page.election_id, self).exec():
            self.page.changed()

    def _withdrawal_target(self, title: str) -> int | None:
        """The row chosen below, else the one chosen in the members table."""
        ident = selected_id(self.withdrawals)
        if ident is None:
            ident = selected_id(self.table)
        return ident if self.page.need_selection(ident, title, tr("请先在上面的表中选择一名成员。")) else None

    def withdraw_action(self) -> None:
        """Record that the chosen member leaves, and how the seat is filled."""
        ident = self._withdrawal_target(tr("记录退出"))
        if ident is not None and dialogs.WithdrawDialog(self.page.ctx, self.page.election_id, ident, self).exec():
            self.page.changed()

    def fill_action(self) -> None:
        """Fill an open seat from the original result (VC-06)."""
        ident = self._withdrawal_target(tr("依次递补"))
        if ident is not None and dialogs.FillDialog(self.page.ctx, self.page.election_id, ident, self).exec():
            self.page.changed()

    def by_election_action(self) -> None:
        """Record the person a new meeting chose for an open seat (VC-06)."""
        ident = self._withdrawal_target(tr("另行推选"))
        if ident is not None and dialogs.ByElectionDialog(self.page.ctx, self.page.election_id, ident, self).exec():
            self.page.changed()


# --- the list notice and the filing ---------------------------------------------------------

class NoticeTab(QWidget):
    """The 成员名单公告 (and its supplement after a change) and the 备案报告 (GC-04, GC-08)."""

    def __init__(self, page: CommitteePage) -> None:
        super().__init__(page)
        self.page = page
        column = _column(self)
        self.findings = findings_label(self, "publication_findings")
        column.addWidget(self.findings)
        column.addWidget(heading(tr("成员名单公告"), self))
        self.list_state = _wrapped(self, "list_state")
        column.addWidget(self.list_state)
        row, self.list_day = _dated_button(page, self, tr("公告日期"), "print_list", tr("打印成员名单公告"),
                                           self.list_action)
        column.addLayout(row)
        column.addWidget(heading(tr("报乡镇人民政府备案"), self))
        self.filing_state = _wrapped(self, "filing_state")
        column.addWidget(self.filing_state)
        row, self.filing_day = _dated_button(page, self, tr("报告日期"), "print_filing", tr("打印备案报告"),
                                             self.filing_action)
        column.addLayout(row)
        column.addStretch(1)

    def refresh(self, scope) -> None:
        """Reload from an open read scope."""
        row = committee.record(scope)
        days = scope.profile.get("ec_list_objection_days")
        within = tr("在名单公布之日起{days}日内").format(days=days) if days else ""
        sentence = tr("公告写明：村民对名单有不同意见的，可{within}向村民委员会提出（GC-08）。").format(within=within)
        outdated = committee_checks.list_outdated(scope)
        if row.list_published_on is None:
            state, color = tr("尚未公布成员名单。"), ORANGE
        elif outdated:
            state, color = tr("名单已于{day}公布；此后成员有变动，请打印补充名单公告。").format(
                day=_day(row.list_published_on)), RED
        else:
            state, color = tr("名单已于{day}公布。").format(day=_day(row.list_published_on)), GREEN
        self.list_state.setText(state + sentence)
        self.list_state.setStyleSheet(f"color: {color};")
        self.page.print_list_button.setText(tr("打印补充名单公告") if outdated else tr("打印成员名单公告"))
        self.filing_state.setText(tr("已于{day}报乡镇人民政府备案（GC-04）。").format(day=_day(row.filed_on))
                                  if row.filed_on else tr("尚未报乡镇人民政府备案（GC-04）。"))
        self.filing_state.setStyleSheet(f"color: {GREEN if row.filed_on else ORANGE};")
        show_findings(self.findings, committee_checks.publication_findings(scope).items,
                      tr("成员名单已公布并报乡镇备案"))

    def _issue(self, issue, day) -> None:
        ok, document_id = self.page.attempt(lambda scope: issue(scope, day).id)
        if ok:
            self.page.changed()
            show_document(self, self.page.ctx, document_id)

    def list_action(self) -> None:
        """Archive and show the list notice (or its supplement) dated as chosen."""
        self._issue(committee_documents.issue_list_notice, self.list_day.date().toPython())

    def filing_action(self) -> None:
        """Archive and show the filing report; its date is the filing date (GC-04)."""
        self._issue(committee_documents.issue_filing, self.filing_day.date().toPython())


# --- seat labels and the work plan -------------------------------------------------------------

class PlanTab(QWidget):
    """专职专选 labels and the women's seat (SD-20, VC-02); the work plan (SD-22)."""

    def __init__(self, page: CommitteePage) -> None:
        super().__init__(page)
        self.page = page
        column = _column(self)
        column.addWidget(heading(tr("职数与专职专选岗位"), self))
        self.seats = _wrapped(self, "seats_line")
        column.addWidget(self.seats)
        self.label_findings = findings_label(self, "label_findings")
        column.addWidget(self.label_findings)
        column.addLayout(page.buttons(
            (tr("添加岗位…"), "add_label_button", self.add_label_action),
            (tr("删除岗位…"), "remove_label_button", self.remove_label_action)))
        self.labels = make_table(self, LABEL_HEADERS, "label_table")
        self.labels.setMaximumHeight(TABLE_HEIGHT - 30)
        column.addWidget(self.labels)
        column.addWidget(heading(tr("选举工作方案"), self))
        self.plan_findings = findings_label(self, "plan_findings")
        column.addWidget(self.plan_findings)
        self.plan_state = _wrapped(self, "plan_state")
        column.addWidget(self.plan_state)
        column.addLayout(page.buttons((tr("记录讨论通过…"), "plan_button", self.plan_action)))
        row, self.plan_day = _dated_button(page, self, tr("公布日期"), "print_plan", tr("打印工作方案"),
                                           self.print_plan_action)
        column.addLayout(row)
        column.addStretch(1)

    def refresh(self, scope) -> None:
        """Reload from an open read scope."""
        labels = seat_labels.seat_labels(scope)
        women = ""
        if seat_labels.women_seat_required(scope):
            reserved = "、".join(r.text for r in seat_labels.women_seats(scope))
            women = tr("村民委员会须有妇女成员（VC-02）{seat}，提名、候选人、选票和计票都带着妇女名额。").format(
                seat=tr("：{seats}").format(seats=reserved) if reserved else "")
        self.seats.setText(tr("本届村民委员会：{seats}。").format(seats=seat_labels.seats_text(scope)) + women)
        fill_table(self.labels, [(r.id, (tr_text(seat_labels.OFFICE_LABELS[r.office]), r.label, str(r.count),
                                         Cell(tr("是"), GREEN) if r.women else tr("否"))) for r in labels])
        label_problems = seat_labels.seat_label_findings(scope).items
        show_findings(self.label_findings, label_problems)
        self.label_findings.setVisible(bool(label_problems))
        stored = plan.plan_input(scope)
        if stored.adopted_on is None:
            text = tr("尚未经村民会议或村民代表会议讨论通过；现在打印的是草案，不记为公布。")
        else:
            text = tr("已于{day}经{way}讨论通过。").format(
                day=_day(stored.adopted_on), way=tr_text(committee.MEETING_LABELS[stored.adopted_by]))
            text += (tr("已于{day}公布。").format(day=_day(stored.published_on)) if stored.published_on
                     else tr("打印即公布，打印日期记为公布日期。"))
        self.plan_state.setText(text)
        show_findings(self.plan_findings, plan.plan_findings(scope).items, tr("工作方案已通过并公布"))

    def add_label_action(self) -> None:
        """Add a 专职专选 position."""
        if dialogs.SeatLabelDialog(self.page.ctx, self.page.election_id, self).exec():
            self.page.changed()

    def remove_label_action(self) -> None:
        """Drop the selected position."""
        self.page.remove_selected(
            self.labels, tr("删除岗位"), tr("请先选择一个岗位。"),
            lambda: tr("删除岗位“{label}”？").format(label=selected_text(self.labels, 1)),
            seat_labels.remove_seat_label, self)

    def plan_action(self) -> None:
        """Record which meeting adopted the plan, and when."""
        if dialogs.PlanDialog(self.page.ctx, self.page.election_id, self).exec():
            self.page.changed()

    def print_plan_action(self) -> None:
        """Archive and show the plan; the adopted plan's first print publishes it (SD-22)."""
        day = self.plan_day.date().toPython()
        ok, stored = self.page.attempt(plan.plan_input, read_only=True)
        if not ok or (stored.adopted_on is None and not interaction.confirm(self, tr("打印草案"), tr(
                "方案尚未经会议讨论通过，将打印草案，不记为公布。继续吗？"))):
            return
        ok, document_id = self.page.attempt(lambda scope: plan.issue_plan(scope, day).id)
        if ok:
            self.page.changed()
            show_document(self, self.page.ctx, document_id)


# --- the page ----------------------------------------------------------------------------------

def term_text(scope) -> str:
    """GC-05: the committee serves from its meeting until the handover."""
    row, vote = committee.record(scope), scope.election.committee_election_day
    since = tr("自{day}推选组成之日起").format(day=_day(row.meeting_on)) if row.meeting_on else tr("自推选组成之日起")
    text = tr("村民选举委员会的任期{since}，至新老村民委员会完成工作移交时止（GC-05）。").format(since=since)
    return text + (tr("本届村民委员会选举日：{day}。").format(day=_day(vote)) if vote else tr("村委会选举日尚未设定。"))


@register_page("vc.election_committee")
class CommitteePage(PartyPage):
    """The meeting, the members with their withdrawals, the list notice and filing, the labels and plan."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent, content_height=560)
        self.setObjectName("vc_committee_page")
        self.banner = findings_label(self.content, "withdrawal_banner")
        self.banner.setStyleSheet(f"border: 1px solid {RED}; padding: 6px;")
        self.column.addWidget(self.banner)
        self.term = hint_label("", self.content, "term_line")
        self.column.addWidget(self.term)
        self.tabs = QTabWidget(self.content)
        self.tabs.setObjectName("committee_tabs")
        self.meeting = MeetingTab(self)
        self.notices = NoticeTab(self)
        self.members = MembersTab(self)
        self.plan = PlanTab(self)
        self.tabs.addTab(self.meeting, tr("推选会议"))
        self.tabs.addTab(self.members, tr("成员与退出递补"))
        self.tabs.addTab(self.notices, tr("名单公告与备案"))
        self.tabs.addTab(self.plan, tr("岗位与工作方案"))
        self.column.addWidget(self.tabs, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload every tab in one read."""
        with self.ctx.read_scope(self.election_id) as scope:
            for tab in (self.meeting, self.members, self.notices, self.plan):
                tab.refresh(scope)
            self.term.setText(term_text(scope))
            urgent = committee_checks.withdrawal_findings(scope).items
        show_findings(self.banner, urgent)
        self.banner.setVisible(bool(urgent))
