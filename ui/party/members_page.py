"""The work area of “两推”: the Party member roster, both recommendation rounds, the ranking."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr, tr_msg, tr_text
from ui.shell.pages import register_page
from ui.shell.stage_dialogs import date_editor
from ui.widgets.forms import Form, heading, spin
from ui.widgets.work_area import (
    GREY,
    RED,
    Cell,
    PartyPage,
    fill_table,
    hint_label,
    make_table,
    narrow,
    selected_id,
    selected_text,
)
from workflows.core import idcard
from workflows.core.errors import InvalidInput
from workflows.core.text import format_date
from workflows.party import candidates as party_candidates
from workflows.party import roster as party_roster

MEMBER_HEADERS = ("姓名", "性别", "公民身份号码", "年龄", "入党时间", "所在党组织", "流动党员", "状态",
                  "无表决权的原因（PT-04）")
TALLY_HEADERS = ("姓名", "公民身份号码", "得票")
RANKING_HEADERS = ("名次", "姓名", "公民身份号码", "党员推荐", "群众推荐", "合计", "说明")


def _day(value) -> str:
    return format_date(value) if value else ""


@register_page("party.recommendation")
class RecommendationPage(QWidget):
    """Two tabs: 党员名册 and 两推 (dates, participants, tallies, ranking)."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("party_recommendation_page")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("party_recommendation_tabs")
        self.members = MembersTab(ctx, election_id, self.tabs)
        self.rounds = RoundsTab(ctx, election_id, self.tabs)
        self.tabs.addTab(self.members, tr("党员名册"))
        self.tabs.addTab(self.rounds, tr("两推"))
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        """Reload both tabs."""
        self.members.refresh()
        self.rounds.refresh()


class MembersTab(PartyPage):
    """The roster with each member's voting rights (PT-04)."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent)
        self.content.setMinimumHeight(380)
        self.status = hint_label("", self, "member_status")
        self.column.addWidget(self.status)
        self.column.addLayout(self.buttons(
            (tr("导入党员名册…"), "import_members_button", self.import_action),
            (tr("新增党员…"), "add_member_button", self.add_action),
            (tr("修改…"), "edit_member_button", self.edit_action),
            (tr("删除…"), "delete_member_button", self.delete_action)))
        self.table = make_table(self, MEMBER_HEADERS, "member_table", stretch=8)
        self.table.cellDoubleClicked.connect(lambda *_: self.edit_action())
        self.column.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload the roster."""
        with self.ctx.read_scope(self.election_id) as scope:
            lines = party_roster.member_table(scope)
        full = sum(1 for m in lines if m.full_member)
        voting = sum(1 for m in lines if m.can_vote)
        self.status.setText(tr("党员 {n} 名：正式党员 {full} 名，预备党员 {prob} 名；有表决权、选举权和被选举权的 "
                               "{vote} 名，没有的 {not_} 名（预备党员、留党察看期间、被依法留置或逮捕，PT-04）。"
                               "年龄按党员大会选举日计算。").format(
            n=len(lines), full=full, prob=len(lines) - full, vote=voting, not_=len(lines) - voting))
        rows = []
        for m in lines:
            color = None if m.can_vote else RED
            rows.append((m.member_id, (
                Cell(m.name, color), m.sex, m.id_number_masked, str(m.age), _day(m.joined_on), m.organisation,
                tr("是") if m.mobile else "", Cell(m.status_text, color), Cell("；".join(m.reasons), RED))))
        fill_table(self.table, rows)

    def import_action(self) -> None:
        """Import a roster file (preview first, all or nothing)."""
        from ui.party.member_dialogs import MemberImportDialog

        if MemberImportDialog(self.ctx, self.election_id, self).exec():
            self.changed()

    def add_action(self) -> None:
        """Enter one member by hand."""
        from ui.party.member_dialogs import MemberDialog

        if MemberDialog(self.ctx, self.election_id, parent=self).exec():
            self.changed()

    def edit_action(self) -> None:
        """Correct the selected member."""
        from ui.party.member_dialogs import MemberDialog

        member_id = selected_id(self.table)
        if self.need_selection(member_id, tr("修改"), tr("请先在名册中选择一名党员。")) and \
                MemberDialog(self.ctx, self.election_id, member_id, self).exec():
            self.changed()

    def delete_action(self) -> None:
        """Delete a member entered by mistake."""
        member_id = selected_id(self.table)
        if not self.need_selection(member_id, tr("删除"), tr("请先在名册中选择一名党员。")):
            return
        name = selected_text(self.table)
        if not interaction.confirm(self, tr("删除党员"), tr("从党员名册中删除“{name}”吗？"
                                                           "（仅用于删除误录的记录；其不计入应到会人数的记录一并删除）")
                                   .format(name=name)):
            return
        ok, _ = self.attempt(lambda scope: party_roster.delete_member(scope, member_id))
        if ok:
            self.changed()


class RoundPanel(QGroupBox):
    """One round: date and participants, and the votes each person received."""

    def __init__(self, page: RoundsTab, round_key: str) -> None:
        super().__init__(tr_text(party_candidates.ROUNDS[round_key]), page)
        self.page, self.round_key = page, round_key
        self.setObjectName(f"{round_key}_round_box")
        column = QVBoxLayout(self)
        self.form = Form(self)
        self.held_on = narrow(date_editor(page.ctx.today(), self), 180)
        self.held_on.setObjectName(f"{round_key}_held_on")
        self.form.add("held_on", tr("推荐日期"), self.held_on)
        line = QWidget(self)
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        self.participants = spin(0, 100_000, 0, tr(" 人"))
        self.participants.setObjectName(f"{round_key}_participants")
        self.participants.setMinimumWidth(90)
        save = QPushButton(tr("保存日期和人数"), line)
        save.setObjectName(f"{round_key}_save_button")
        save.clicked.connect(self.save_action)
        row.addWidget(self.participants)
        row.addWidget(save)
        row.addStretch(1)
        self.form.add("participants", tr("参加推荐人数"), line)
        column.addWidget(self.form)
        self.table = make_table(self, TALLY_HEADERS, f"{round_key}_tally_table", stretch=0)
        self.table.cellDoubleClicked.connect(lambda *_: self.edit_action())
        column.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for text, name, slot in ((tr("添加…"), "add", self.add_action), (tr("修改…"), "edit", self.edit_action),
                                 (tr("删除"), "remove", self.remove_action)):
            button = QPushButton(text, self)
            button.setObjectName(f"{round_key}_{name}_button")
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)

    def load(self, facts: party_candidates.RoundFacts) -> None:
        """Show the stored date, participants and tallies."""
        if facts.held_on is not None:
            self.held_on.setDate(QDate(facts.held_on))
        self.participants.setValue(facts.participants)
        fill_table(self.table, [(t.id_number, (t.name, idcard.mask(t.id_number), str(t.votes)))
                                for t in facts.tallies])
        self.form.show_errors({})

    def save_action(self) -> None:
        """Record the round's date and participants; refusals beside the fields."""
        try:
            with self.page.ctx.scope(self.page.election_id) as scope:
                party_candidates.record_round(scope, self.round_key, self.held_on.date().toPython(),
                                              self.participants.value())
        except InvalidInput as refused:
            self.form.show_errors(refused.errors)
            return
        self.page.changed()

    def add_action(self) -> None:
        """Enter the votes of one person."""
        from ui.party.dialogs import TallyDialog

        if TallyDialog(self.page.ctx, self.page.election_id, self.round_key, parent=self).exec():
            self.page.changed()

    def edit_action(self) -> None:
        """Correct the selected tally."""
        from ui.party.dialogs import TallyDialog

        number = selected_id(self.table)
        if self.page.need_selection(number, tr("修改"), tr("请先选择一行得票。")) and \
                TallyDialog(self.page.ctx, self.page.election_id, self.round_key, number, self).exec():
            self.page.changed()

    def remove_action(self) -> None:
        """Delete a tally entered by mistake."""
        number = selected_id(self.table)
        if not self.page.need_selection(number, tr("删除"), tr("请先选择一行得票。")):
            return
        name = selected_text(self.table)
        if not interaction.confirm(self, tr("删除得票"), tr("删除{name}在{round}中的得票吗？").format(
                name=name, round=self.title())):
            return
        ok, _ = self.page.attempt(lambda scope: party_candidates.remove_votes(scope, self.round_key, number))
        if ok:
            self.page.changed()


class RoundsTab(PartyPage):
    """Both rounds side by side, the combined ranking below."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent)
        self.content.setMinimumHeight(560)
        self.column.addWidget(hint_label(tr(
            "分别召开党员大会和村民（代表）会议全额推荐（PT-09、PT-10）。先保存每轮的日期和参加人数，"
            "再录入每人得票；得票不能超过参加人数。"), self))
        row = QHBoxLayout()
        self.panels = {key: RoundPanel(self, key) for key in party_candidates.ROUNDS}
        for panel in self.panels.values():
            row.addWidget(panel, 1)
        self.column.addLayout(row, 3)
        self.column.addWidget(heading(tr("推荐结果排名（两轮得票合计）"), self))
        self.ranking_note = hint_label("", self, "ranking_note")
        self.column.addWidget(self.ranking_note)
        self.ranking = make_table(self, RANKING_HEADERS, "ranking_table", stretch=6)
        self.column.addWidget(self.ranking, 2)
        self.refresh()

    def refresh(self) -> None:
        """Reload both rounds and the ranking."""
        with self.ctx.read_scope(self.election_id) as scope:
            rounds = party_candidates.round_facts(scope)
            rows = party_candidates.ranking(scope)
        for key, panel in self.panels.items():
            panel.load(rounds[key])
        fill_table(self.ranking, [(r.id_number, ranking_cells(r)) for r in rows])
        ineligible = sum(1 for r in rows if not r.eligible)
        self.ranking_note.setText(tr("共 {n} 人获得推荐；其中 {bad} 人没有被选举权或不在本村党员名册中（红色），"
                                     "不能列为初步人选（PT-04）。").format(n=len(rows), bad=ineligible)
                                  if rows else tr("尚未录入得票。"))


def ranking_cells(row: party_candidates.RankingRow) -> tuple:
    """The cells of one ranking row (shared with the initial-candidates page)."""
    if row.problems:
        note = Cell("；".join(tr_msg(p) for p in row.problems), RED)
    elif row.candidate_id:
        note = Cell(tr("已列为初步人选"), GREY)
    else:
        note = ""
    color = RED if row.problems else None
    return (str(row.rank), Cell(row.name, color), idcard.mask(row.id_number), str(row.member_votes),
            str(row.mass_votes), Cell(str(row.total), bold=True), note)
