"""Work area of 投票选举与公开计票 (vc.vote): the round set up from the formal list, its ballots,
the boxes with ballots issued, voters checked in and ballots returned; check-in; the count entered
twice (ballot by ballot or from the tally sheet) under each operator's own name and blind; the two
passes compared; the coded checks; each box confirmed; the live display for the projector.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui import interaction
from ui.context import AppContext
from ui.count.live_display import LiveDisplay, open_display
from ui.i18n import tr
from ui.shell.pages import register_page
from ui.villager import vote_dialogs as dialogs
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
    show_document,
    show_findings,
)
from workflows.core import stages
from workflows.core.text import format_date
from workflows.count import checkin, double_entry, official, rounds
from workflows.villager import vote

BOX_HEADERS = ("票箱", "发出选票", "领票登记", "投票人数", "收回选票", "计票录入", "监票人确认")
STATE_WORDS = {"open": ("未录入", None), "entering": ("录入中", ORANGE), "waiting": ("已录一遍，待第二遍", ORANGE),
               "differs": ("两遍不一致", RED), "agreed": ("两遍一致", GREEN)}
TABLE_HEIGHT = 240


@register_page("vc.vote")
class VotePage(PartyPage):
    """The current round, its boxes and the count."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, election_id, parent, content_height=560)
        self.setObjectName("vc_vote_page")
        self.display: LiveDisplay | None = None
        self.round_id: int | None = None
        self.boxes_view: dict[int, rounds.BoxView] = {}
        self.column.addWidget(hint_label(tr(
            "按正式候选人名单设置选票和票箱；每个票箱的计票由两人分别录入（第二人看不到第一人的录入），"
            "一致后由监票人确认，再到“选举结果与当选证书”由总监票人确认结果。"), self))
        self.findings = findings_label(self, "vote_findings")
        self.column.addWidget(self.findings)
        self.round_label = QLabel(self.content)
        self.round_label.setObjectName("round_label")
        self.round_label.setWordWrap(True)
        self.column.addWidget(self.round_label)
        self.column.addLayout(self.buttons(
            (tr("设置投票"), "set_up_button", self.set_up_action),
            (tr("打印选票"), "ballots_button", self.ballots_action),
            (tr("打开大屏显示"), "display_button", self.display_action)))
        self.column.addWidget(heading(tr("票箱"), self))
        self.column.addLayout(self.buttons(
            (tr("领票登记…"), "checkin_button", self.checkin_action),
            (tr("票箱数字…"), "figures_button", self.figures_action),
            (tr("逐张唱票录入…"), "ballot_entry_button", self.ballot_entry_action),
            (tr("计票单录入…"), "sheet_entry_button", self.sheet_entry_action)))
        self.column.addLayout(self.buttons(
            (tr("比对两遍录入…"), "compare_button", self.compare_action),
            (tr("核对提示…"), "checks_button", self.checks_action),
            (tr("监票人确认票箱…"), "confirm_box_button", self.confirm_box_action)))
        self.operator_label = QLabel(self.content)
        self.operator_label.setObjectName("operator_label")
        self.column.addWidget(self.operator_label)
        self.table = make_table(self.content, BOX_HEADERS, "vote_box_table", stretch=0)
        self.table.setMinimumHeight(140)
        self.table.setMaximumHeight(TABLE_HEIGHT)
        self.table.cellDoubleClicked.connect(lambda *_: self.ballot_entry_action())
        self.column.addWidget(self.table)
        self.column.addStretch(1)
        self.refresh()

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.ctx.read_scope(self.election_id) as scope:
            row = vote.current_round(scope)
            self.round_id = row.id if row else None
            show_findings(self.findings, stages.evaluate(scope, "vc.vote").blockers, tr("投票和计票已完成"))
            if row is None:
                self.round_label.setText(tr("尚未设置投票。"))
                self.boxes_view = {}
                fill_table(self.table, [])
            else:
                self._round(scope, row)
        operator = self.ctx.settings.operator or tr("（未填写）")
        self.operator_label.setText(tr("当前录入人：{name}（在“设置”中更换；第二遍须由另一人录入）").format(name=operator))
        self.set_up_button.setEnabled(self.round_id is None)

    def _round(self, scope, row) -> None:
        view = rounds.round_view(scope, row.id)
        self.boxes_view = {b.id: b for b in view.boxes}
        checked = checkin.box_counts(scope, view.id)
        offices = "、".join(f"{c.office}{c.seats}名" for c in view.contests)
        self.round_label.setText(tr("{label}，{day}；应选{offices}；登记选民{n}人；应印选票{ballots}张。").format(
            label=row.label, day=format_date(view.held_on), offices=offices, n=view.registered or 0,
            ballots=vote.ballot_quantity(scope)))
        rows = []
        for box in view.boxes:
            word, color = STATE_WORDS[double_entry.box_state(scope, box.id)]
            rows.append((box.id, (box.name, _number(box.ballots_issued), str(checked.get(box.id, 0)),
                                  _number(box.voters), _number(box.ballots_returned), Cell(tr(word), color),
                                  Cell(box.confirmed_by or tr("未确认"), GREEN if box.confirmed_by else None))))
        fill_table(self.table, rows)

    def _box(self) -> rounds.BoxView | None:
        ident = selected_id(self.table)
        if ident is None and len(self.boxes_view) == 1:
            ident = next(iter(self.boxes_view))
        if not self.need_selection(ident, tr("票箱"), tr("请先在表中选中一个票箱。")):
            return None
        return self.boxes_view[ident]

    # -- the round ---------------------------------------------------------------------------
    def set_up_action(self) -> None:
        done, _ = self.attempt(vote.set_up_first_round)
        if done:
            self.changed()

    def ballots_action(self) -> None:
        if self.round_id is None:
            return
        done, document = self.attempt(lambda scope: vote.issue_ballots(scope, self.round_id).id)
        if done:
            show_document(self, self.ctx, document)

    def display_action(self) -> None:
        self.display = open_display(self.display, self.ctx, self.election_id)

    # -- boxes -------------------------------------------------------------------------------
    def checkin_action(self) -> None:
        box = self._box()
        if box:
            dialogs.CheckInDialog(self, box.id, box.name).exec()
            self.changed()

    def figures_action(self) -> None:
        box = self._box()
        if box is None:
            return
        with self.ctx.read_scope(self.election_id) as scope:
            checked = checkin.box_counts(scope, self.round_id)
        if dialogs.BoxFiguresDialog(self, box, checked.get(box.id, 0)).exec():
            self.changed()

    def _my_entry(self, box: rounds.BoxView, mode: str) -> int | None:
        operator = self.ctx.settings.operator

        def mine(scope):
            found = double_entry.my_entry(scope, box.id, operator)
            return found if found is not None else double_entry.start_entry(scope, box.id, operator, mode)

        done, entry_id = self.attempt(mine)
        return entry_id if done else None

    def ballot_entry_action(self) -> None:
        box = self._box()
        entry_id = self._my_entry(box, "ballots") if box else None
        if entry_id is not None:
            title = tr("逐张唱票录入：{box}（录入人：{name}）").format(box=box.name, name=self.ctx.settings.operator)
            dialogs.BallotEntryDialog(self, entry_id, title).exec()
            self.changed()

    def sheet_entry_action(self) -> None:
        box = self._box()
        entry_id = self._my_entry(box, "sheet") if box else None
        if entry_id is not None:
            title = tr("计票单录入：{box}（录入人：{name}）").format(box=box.name, name=self.ctx.settings.operator)
            dialogs.SheetDialog(self, entry_id, title).exec()
            self.changed()

    def compare_action(self) -> None:
        box = self._box()
        if box is None:
            return
        done, _ = self.attempt(lambda scope: double_entry.compare(scope, box.id), read_only=True)
        if done and dialogs.CompareDialog(self, box.id, box.name).exec():
            self.changed()

    def checks_action(self) -> None:
        if self.round_id is not None:
            dialogs.ChecksDialog(self, self.round_id).exec()
            self.changed()

    def confirm_box_action(self) -> None:
        box = self._box()
        if box is None:
            return
        by = dialogs.ask_text(self, tr("监票人确认票箱"), tr("监票人姓名："))
        if not by:
            return
        done, _ = self.attempt(lambda scope: official.confirm_box(scope, box.id, by))
        if done:
            dialogs.take_backup(self, tr("票箱确认"))
            interaction.inform(self, tr("票箱已确认"), tr("{box}的计票已由{name}确认。").format(box=box.name, name=by))
            self.changed()


def _number(value: int | None) -> str:
    return "" if value is None else str(value)
