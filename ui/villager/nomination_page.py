"""Work area of 海选提名 (vc.nomination): the nomination day and how it is entered, blank ballots,
ballot entry or tally-sheet totals, the ranking per office, the committee's numbers and the
candidates chosen from the ranking, withdrawals (VC-12, VC-13, GC-12, GC-19, SD-25, PV-05)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableWidget, QTabWidget, QWidget

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr, tr_msg, tr_text
from ui.shell.pages import register_page
from ui.shell.stage_dialogs import date_editor
from ui.villager import nomination_dialogs as dialogs
from ui.villager.ballot_entry import BallotEntryDialog
from ui.widgets.forms import heading, spin
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
    narrow,
    selected_id,
    show_document,
    show_findings,
)
from workflows.core.paper import clerk_text
from workflows.core.text import format_date
from workflows.villager import candidates, formal, nomination
from workflows.villager import selection as sel
from workflows.villager.offices import OFFICE_LABELS

RANK_HEADERS = ("名次", "姓名", "性别", "提名票", "再次提名", "状态")
CHANGE_HEADERS = ("姓名", "职务", "日期", "情形", "递补")
STATUS_COLORS = {"candidate": GREEN, "formal": GREEN, "declined": ORANGE, "withdrawn": RED, "disqualified": RED}
TABLE_HEIGHT = 230


@register_page("vc.nomination")
class NominationPage(PartyPage):
    """The nomination from the blank ballot to the candidates of each office."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent, content_height=820)
        self.setObjectName("vc_nomination_page")
        self.records: dict[tuple[str, int], candidates.CandidateRecord] = {}
        self.tables: dict[str, QTableWidget] = {}
        self.column.addWidget(hint_label(clerk_text(tr(
            "登记参加选举的村民每人一张提名票，每一职务提名人数不多于应选名额（GC-19）；被提名人须是本村登记选民"
            "（VC-12）。录入后按各职务得票排名，由村民选举委员会在规则配置的范围内确定候选人数并确定候选人。")), self))
        self.findings = findings_label(self, "nomination_findings")
        self.column.addWidget(self.findings)
        self._setup_row()
        self._entry_rows()
        self.column.addWidget(heading(tr("排名与候选人"), self))
        self.quota_text = hint_label("", self, "quota_text")
        self.column.addWidget(self.quota_text)
        self.column.addLayout(self.buttons(
            (tr("确定候选人数…"), "quota_button", self.quota_action),
            (tr("确定候选人…"), "determine_button", self.determine_action),
            (tr("选择职务…"), "choose_button", self.choose_action),
            (tr("再次提名结果…"), "tiebreak_button", self.tiebreak_action),
            (tr("书面放弃…"), "withdraw_button", self.withdraw_action)))
        self.tabs = QTabWidget(self.content)
        self.tabs.setObjectName("ranking_tabs")
        self.tabs.setMinimumHeight(TABLE_HEIGHT)
        self.column.addWidget(self.tabs, 1)
        self.column.addWidget(heading(tr("放弃与取消资格"), self))
        self.deadline = hint_label("", self, "withdrawal_rule")
        self.column.addWidget(self.deadline)
        self.changes_table = make_table(self, CHANGE_HEADERS, "change_table", stretch=3)
        self.changes_table.setMaximumHeight(120)
        self.column.addWidget(self.changes_table)
        self.refresh()

    # -- layout ------------------------------------------------------------------------------
    def _setup_row(self) -> None:
        self.column.addWidget(heading(tr("海选提名"), self))
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("提名日期"), self))
        self.held_on = date_editor(self.ctx.today(), self)
        self.held_on.setObjectName("held_on")
        row.addWidget(self.held_on)
        row.addWidget(QLabel(tr("录入方式"), self))
        self.mode = QComboBox(self)
        self.mode.setObjectName("entry_mode")
        for key, label in nomination.MODE_LABELS.items():
            self.mode.addItem(tr_text(label), key)
        self.mode.currentIndexChanged.connect(lambda _i: self._mode_shown())
        row.addWidget(self.mode)
        self.nominators_label = QLabel(tr("提名人数"), self)
        row.addWidget(self.nominators_label)
        self.nominators = narrow(spin(0, 100_000, 0, tr(" 人")), 120)
        self.nominators.setObjectName("nominators")
        row.addWidget(self.nominators)
        row.addLayout(self.buttons((tr("保存"), "setup_button", self.setup_action)))
        self.column.addLayout(row)
        self.facts = QLabel(self)
        self.facts.setObjectName("nomination_facts")
        self.facts.setWordWrap(True)
        self.column.addWidget(self.facts)

    def _entry_rows(self) -> None:
        row = QHBoxLayout()
        row.addLayout(self.buttons(
            (tr("逐张录入提名票…"), "ballots_button", self.ballots_action),
            (tr("撤销最后一张"), "undo_button", self.undo_action),
            (tr("录入得票…"), "total_button", self.total_action),
            (tr("修改所选得票…"), "edit_total_button", self.edit_total_action),
            (tr("删除所选得票"), "remove_total_button", self.remove_total_action)), 1)
        row.addWidget(QLabel(tr("空白提名票"), self))
        self.copies = narrow(spin(1, 10_000, 100, tr(" 张")), 110)
        self.copies.setObjectName("ballot_copies")
        self.copies_chosen = False
        self.copies.valueChanged.connect(lambda _v: setattr(self, "copies_chosen", self.copies.hasFocus()))
        row.addWidget(self.copies)
        row.addLayout(self.buttons((tr("打印"), "print_ballots_button", self.print_action)))
        self.column.addLayout(row)

    def _mode_shown(self) -> None:
        totals = self.mode.currentData() == nomination.TOTALS
        self.nominators_label.setVisible(totals)
        self.nominators.setVisible(totals)
        for name in ("ballots_button", "undo_button"):
            getattr(self, name).setVisible(not totals)
        for name in ("total_button", "edit_total_button", "remove_total_button"):
            getattr(self, name).setVisible(totals)

    # -- reading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the nomination, the ranking, the candidates and the stage's checks in one read."""
        with self.ctx.read_scope(self.election_id) as scope:
            facts = nomination.facts(scope)
            ranking = nomination.ranking(scope)
            records = candidates.nominees(scope)
            quotas = candidates.quotas(scope)
            result = candidates.compute(scope) if facts.determined_on else None
            invalid = nomination.invalid_counts(scope) if facts.mode == nomination.BALLOTS else {}
            found = candidates.check(scope)
            changes = candidates.changes(scope)
            rule = tr_msg(candidates.deadline_text(scope))
        self._show_facts(facts, invalid)
        if not self.copies_chosen:  # one blank ballot per registered voter, until the clerk says otherwise
            self.copies.setValue(max(1, min(facts.registered, self.copies.maximum())))
        self.records = {(r.office, r.voter_id): r for r in records}
        self.quota_text.setText(self._quota_lines(quotas))
        self._fill_ranking(ranking, result)
        self.deadline.setText(rule)
        fill_table(self.changes_table, [(c.id, self._change_cells(c)) for c in changes])
        show_findings(self.findings, found.items, tr("提名已录入，各职务候选人已确定。"))

    def _show_facts(self, facts: nomination.NominationFacts, invalid: dict[str, int]) -> None:
        if facts.held_on:
            self.held_on.setDate(facts.held_on)
        self.mode.setCurrentIndex(max(0, self.mode.findData(facts.mode)))
        self.nominators.setValue(facts.nominators if facts.mode == nomination.TOTALS else 0)
        self._mode_shown()
        if facts.mode == nomination.BALLOTS:
            text = tr("已录入提名票{n}张，本村登记选民{roll}人。").format(n=facts.ballots, roll=facts.registered)
            voids = "、".join(tr("{office}{n}张").format(office=tr_text(OFFICE_LABELS[o]), n=n)
                              for o, n in invalid.items() if n)
            if voids:
                text += clerk_text(tr("提名人数多于应选名额、该职务无效的：{voids}（GC-19）。").format(voids=voids))
        else:
            text = tr("按统计表录入：提名人数{n}人，本村登记选民{roll}人。").format(n=facts.nominators,
                                                                     roll=facts.registered)
        if facts.held_on is None:
            text = tr("尚未记录提名日期。") + text
        if facts.locked:
            text += tr("本阶段已完成，提名票和得票不能再更改。")
        self.facts.setText(text)
        for name in ("ballots_button", "undo_button", "total_button", "edit_total_button", "remove_total_button"):
            getattr(self, name).setEnabled(not facts.locked and facts.held_on is not None)

    @staticmethod
    def _quota_lines(quotas: dict[str, candidates.QuotaFacts]) -> str:
        lines = []
        for office, quota in quotas.items():
            text = tr("{office}应选{n}名，候选人{range}").format(
                office=tr_text(OFFICE_LABELS[office]), n=quota.seats, range=tr_msg(candidates.range_text(quota)))
            if quota.fixed:
                text += tr("（规则配置规定）")
            elif quota.decided is not None:
                text += tr("，选举委员会于{day}确定为{k}人").format(day=format_date(quota.decided_on), k=quota.decided)
            else:
                text += tr("，须由选举委员会确定")
            lines.append(text)
        return "；".join(lines) + ("。" if lines else "")

    def _fill_ranking(self, ranking: dict, result: sel.Selection | None) -> None:
        offices = list(ranking)
        if list(self.tables) != offices:
            self.tabs.clear()
            self.tables = {}
            for office in offices:
                table = make_table(self, RANK_HEADERS, f"ranking_{office}", stretch=5)
                self.tables[office] = table
                self.tabs.addTab(table, tr_text(OFFICE_LABELS[office]))
        tied = {i for tie in (result.ties if result else []) for i in tie.nominee_ids}
        tied |= set(result.woman_tie) if result else set()
        conflicts = {i for ids in (result.conflicts.values() if result else []) for i in ids}
        for office, rows in ranking.items():
            shown = [(r.voter_id, self._rank_cells(office, r, tied, conflicts)) for r in rows]
            listed = {r.voter_id for r in rows}
            shown += [(r.voter_id, self._extra_cells(r)) for (o, v), r in self.records.items()
                      if o == office and v not in listed]
            fill_table(self.tables[office], shown)
            self.tabs.setTabText(offices.index(office), tr("{office}（{n}人）").format(
                office=tr_text(OFFICE_LABELS[office]), n=len(shown)))

    def _rank_cells(self, office: str, row: nomination.RankRow, tied: set[int], conflicts: set[int]) -> tuple:
        record = self.records.get((office, row.voter_id))
        rank = tr("并列第{n}名").format(n=row.rank) if row.tied else tr("第{n}名").format(n=row.rank)
        return (Cell(rank, ORANGE if row.tied else None), Cell(row.name, bold=bool(record and record.standing)),
                row.sex, str(row.votes), self._tiebreak(record), self._status(record, tied, conflicts))

    def _extra_cells(self, record: candidates.CandidateRecord) -> tuple:
        return (Cell("—"), Cell(record.name, bold=record.standing), record.sex, str(record.votes),
                self._tiebreak(record), self._status(record, set(), set()))

    @staticmethod
    def _tiebreak(record: candidates.CandidateRecord | None) -> str:
        return str(record.tiebreak_votes) if record and record.tiebreak_votes is not None else ""

    @staticmethod
    def _status(record: candidates.CandidateRecord | None, tied: set[int], conflicts: set[int]) -> Cell:
        if record is None:
            return Cell("")
        text = tr_text(candidates.STATUS_LABELS.get(record.status, record.status))
        color = STATUS_COLORS.get(record.status)
        if record.women_seat:
            text += tr("（妇女名额）")
        if record.id in conflicts:
            return Cell(text + tr("，须选择职务"), RED)
        if record.id in tied:
            return Cell(tr("末位票数相同，须再次提名"), ORANGE)
        if record.status in sel.OUT and record.status_reason:
            return Cell(text, color, record.status_reason)
        return Cell(text, color)

    @staticmethod
    def _change_cells(change: candidates.ChangeRecord) -> tuple:
        kind = tr("书面放弃") if change.kind == "withdrawal" else tr("资格审查未通过")
        if change.filled:
            moved = Cell(change.replacement or tr("（无人递补）"), GREEN if change.replacement else ORANGE)
        else:
            moved = Cell(tr("期限后放弃，不递补"), ORANGE)
        return (change.name, tr_text(OFFICE_LABELS.get(change.office, change.office)),
                format_date(change.happened_on), Cell(kind, tooltip=change.reason), moved)

    # -- the nomination and its entry --------------------------------------------------------
    def setup_action(self) -> None:
        """Record the day, the mode and (totals) the number of nominators."""
        day, mode, count = self.held_on.date().toPython(), self.mode.currentData(), self.nominators.value()
        if self.attempt(lambda scope: nomination.set_nomination(scope, day, mode, count))[0]:
            self.changed()

    def ballots_action(self) -> None:
        """Open the keyboard entry of ballots; redraw when something was entered."""
        dialog = BallotEntryDialog(self.ctx, self.election_id, self)
        dialog.exec()
        if dialog.entered:
            self.changed()

    def undo_action(self) -> None:
        """Take back the ballot entered last."""
        if not interaction.confirm(self, tr("撤销上一张"), tr("撤销最后录入的一张提名票？")):
            return
        ok, serial = self.attempt(nomination.undo_last_ballot)
        if ok and serial is None:
            interaction.inform(self, tr("撤销上一张"), tr("还没有录入提名票。"))
        elif ok:
            self.changed()

    def _selected_row(self) -> tuple[str | None, int | None]:
        """The office of the visible tab and the voter selected in it."""
        if not self.tables or self.tabs.currentIndex() < 0:
            return None, None
        office = list(self.tables)[self.tabs.currentIndex()]
        return office, selected_id(self.tables[office])

    def total_action(self) -> None:
        """Enter one nominee's total from the tally sheets."""
        office, _voter = self._selected_row()
        if dialogs.TotalDialog(self.ctx, self.election_id, office, parent=self).exec():
            self.changed()

    def edit_total_action(self) -> None:
        """Correct the selected nominee's total."""
        office, voter_id = self._selected_row()
        if not self.need_selection(voter_id, tr("修改得票"), tr("请先在排名中选择一名被提名人。")):
            return
        with self.ctx.read_scope(self.election_id) as scope:
            entry = nomination.roll(scope).by_id.get(voter_id)
            votes = nomination.tallies(scope).get((office, voter_id), 1)
        if entry is not None and dialogs.TotalDialog(self.ctx, self.election_id, office, entry, votes,
                                                     self).exec():
            self.changed()

    def remove_total_action(self) -> None:
        """Delete the selected nominee's total for the visible office."""
        office, voter_id = self._selected_row()
        if self.need_selection(voter_id, tr("删除得票"), tr("请先在排名中选择一名被提名人。")) and \
                interaction.confirm(self, tr("删除得票"), tr("删除所选被提名人在{office}的得票？").format(
                    office=tr_text(OFFICE_LABELS[office]))) and \
                self.attempt(lambda scope: nomination.remove_total(scope, office, voter_id))[0]:
            self.changed()

    def print_action(self) -> None:
        """Archive and show the blank nomination ballots."""
        copies = self.copies.value()
        ok, document_id = self.attempt(lambda scope: formal.issue_ballots(scope, copies).id)
        if ok:
            show_document(self, self.ctx, document_id)

    # -- candidates --------------------------------------------------------------------------
    def quota_action(self) -> None:
        """Record the committee's number of candidates per office (GC-12)."""
        if dialogs.QuotaDialog(self.ctx, self.election_id, self).exec():
            self.changed()

    def determine_action(self) -> None:
        """Take the candidates from the ranking (again, after the ballots changed)."""
        if dialogs.DetermineDialog(self.ctx, self.election_id, self).exec():
            self.changed()

    def _selected_record(self, title: str) -> candidates.CandidateRecord | None:
        office, voter_id = self._selected_row()
        if not self.need_selection(voter_id, title, tr("请先在排名中选择一名被提名人。")):
            return None
        record = self.records.get((office, voter_id))
        if record is None:
            interaction.inform(self, title, tr("尚未确定候选人：请先“确定候选人”。"))
        return record

    def choose_action(self) -> None:
        """Record which office a person chosen for two offices stands for."""
        record = self._selected_record(tr("选择职务"))
        if record is None:
            return
        offices = [o for (o, v), r in self.records.items() if v == record.voter_id and r.status not in sel.OUT]
        if len(offices) < 2:
            interaction.inform(self, tr("选择职务"), tr("{name}只被提名为一个职务，无须选择。").format(name=record.name))
            return
        if dialogs.ChooseOfficeDialog(self.ctx, self.election_id, record.voter_id, record.name, offices,
                                      self).exec():
            self.changed()

    def tiebreak_action(self) -> None:
        """Enter the further vote among the nominees tied at the cut-off (or the women tied, SD-25)."""
        ok, result = self.attempt(candidates.compute, read_only=True)
        if not ok:
            return
        by_id = {r.id: r for r in self.records.values()}
        groups = [(tr_text(OFFICE_LABELS[tie.office]), [(i, by_id[i].name) for i in tie.nominee_ids])
                  for tie in result.ties]
        if result.woman_tie:
            groups.append((tr("妇女"), [(i, by_id[i].name) for i in result.woman_tie]))
        if not groups:
            interaction.inform(self, tr("再次提名结果"), tr("目前没有须再次提名的票数相同者。"))
            return
        if dialogs.TiebreakDialog(self.ctx, self.election_id, groups, self).exec():
            self.changed()

    def withdraw_action(self) -> None:
        """Record the selected candidate's written withdrawal (PV-05)."""
        record = self._selected_record(tr("书面放弃"))
        if record is not None and dialogs.WithdrawDialog(self.ctx, self.election_id, record.id, self).exec():
            self.changed()
