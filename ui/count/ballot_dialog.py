"""Ballot-by-ballot entry during 唱票 (issue 12 item 5a), for both tracks: one line per ballot,
keyboard only — Enter records, F5 a blank ballot, F6 a ballot void as a whole, Ctrl+Z undoes the
last — with the running totals beside it. On a Party ballot ``-n`` marks 不赞成 and a candidate
marked neither way is 弃权, and the totals show all three. Every decision is made by
:mod:`workflows.count.entry`; this only collects and shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from ui import interaction
from ui.i18n import tr, tr_msg
from ui.widgets.base_dialog import fit_to_screen
from ui.widgets.forms import ERROR_STYLE, MARGIN, SPACING, heading
from ui.widgets.work_area import fill_table, make_table, refusal_text
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.count import double_entry, entry, rounds
from workflows.count.tallies import ContestTotals

BLANK_KEY, VOID_KEY = "F5", "F6"  # a blank ballot, a ballot void as a whole
ENTER_KEYS = (Qt.Key_Return, Qt.Key_Enter)


def base_layout(dialog: QDialog, title: str) -> QVBoxLayout:
    """A dialog's titled column with the program's margins."""
    dialog.setWindowTitle(title)
    column = QVBoxLayout(dialog)
    column.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
    column.setSpacing(SPACING)
    return column


def error_label(dialog: QDialog) -> QLabel:
    label = QLabel(dialog)
    label.setObjectName("line_error")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


# --- ballot by ballot -------------------------------------------------------------------------

class BallotEntryDialog(QDialog):
    """One line per ballot during 唱票; Enter records, F5 blank, F6 void, Ctrl+Z undo."""

    def __init__(self, page, entry_id: int, title: str, submit: Callable[[ElectionScope], str] | None = None) -> None:
        """``submit`` finishes the pass (default: submit the entry as it is)."""
        super().__init__(page)
        self.page, self.entry_id = page, entry_id
        self.state = ""
        self.finish = submit or (lambda scope: double_entry.submit_entry(scope, self.entry_id))
        column = base_layout(self, title)
        with page.ctx.read_scope(page.election_id) as scope:
            self.view, self.totals = entry.entry_figures(scope, entry_id)
        self.party = self.view.track == "party"
        numbers = "　".join(f"{p.number}{p.name}" for c in self.view.contests for p in c.candidates if p.number)
        column.addWidget(heading(tr("候选人编号"), self))
        legend = QLabel(numbers, self)
        legend.setWordWrap(True)
        column.addWidget(legend)
        how = tr("每张选票一行：输入标“赞成”的候选人编号，用空格分开；标“不赞成”的在编号前加“-”，未标的为弃权；"
                 "另选他人用“/”分栏后直接写姓名。") if self.party else tr(
            "每张选票一行：输入所选候选人编号，用空格分开；分职务用“/”，另选他人直接写姓名。")
        hint = QLabel(how + tr("回车记录；{blank}空白票，{void}整张无效，Ctrl+Z撤销上一张。").format(
            blank=BLANK_KEY, void=VOID_KEY), self)
        hint.setWordWrap(True)
        column.addWidget(hint)
        self.line = QLineEdit(self)
        self.line.setObjectName("ballot_line")
        self.line.returnPressed.connect(lambda: self.record(self.line.text()))
        column.addWidget(self.line)
        self.error = error_label(self)
        column.addWidget(self.error)
        self.count = QLabel(self)
        self.count.setObjectName("ballot_count")
        column.addWidget(self.count)
        headers = (tr("职务"), tr("候选人"), tr("赞成"), tr("不赞成"), tr("弃权")) if self.party else (
            tr("职务"), tr("候选人"), tr("得票"))
        self.table = make_table(self, headers, "running_totals", stretch=1)
        column.addWidget(self.table, 1)
        self.line.installEventFilter(self)  # F5, F6 and Ctrl+Z before the line's own undo
        buttons = QDialogButtonBox(self)
        submit = buttons.addButton(tr("本遍录入完毕，提交"), QDialogButtonBox.AcceptRole)
        submit.setObjectName("submit_button")
        later = buttons.addButton(tr("暂停，稍后继续"), QDialogButtonBox.RejectRole)
        later.setObjectName("pause_button")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self._show()
        fit_to_screen(self, 760, 560)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt
        if event.key() not in ENTER_KEYS:  # Enter records a ballot, never closes the dialog
            super().keyPressEvent(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt
        if watched is self.line and event.type() == QEvent.KeyPress:
            key, ctrl = event.key(), bool(event.modifiers() & Qt.ControlModifier)
            if key == Qt.Key_F5:
                self.record("0")
                return True
            if key == Qt.Key_F6:
                self.record("*")
                return True
            if key == Qt.Key_Z and ctrl:
                self.undo()
                return True
        return super().eventFilter(watched, event)

    def record(self, line: str) -> None:
        try:
            with self.page.ctx.scope(self.page.election_id) as scope:
                done = entry.record_ballot(scope, self.entry_id, line, self.view)
                if done.proposals and self._confirm_write_ins(scope, done.proposals):
                    done = entry.record_ballot(scope, self.entry_id, line)
                    with self.page.ctx.read_scope(self.page.election_id) as fresh:
                        self.view = rounds.round_view(fresh, self.view.id)
        except InvalidInput as refused:
            self.error.setText(refusal_text(refused))
            return
        if done.serial is None:
            return
        self.totals = done.totals
        self.error.setText("；".join(tr_msg(r) for r in done.reasons))
        self.line.clear()
        self._show()
        self.page.ctx.signals.report(count_changed(self.page))

    def _confirm_write_ins(self, scope, proposals) -> bool:
        for proposal in proposals:
            voters = "、".join(label for _id, label in proposal.roll) or tr("选民名单上没有同名的人")
            if not interaction.confirm(self, tr("另选他人"), tr("{office}一栏另选“{name}”（{voters}），确认记入？").format(
                    office=proposal.office, name=proposal.name, voters=voters)):
                return False
            voter_id = proposal.roll[0][0] if len(proposal.roll) == 1 else None
            entry.confirm_write_in(scope, self.view.id, proposal.contest_id, proposal.name, voter_id)
        return True

    def undo(self) -> None:
        try:
            with self.page.ctx.scope(self.page.election_id) as scope:
                done = entry.undo_last(scope, self.entry_id, self.view)
        except InvalidInput as refused:
            self.error.setText(refusal_text(refused))
            return
        self.totals = done.totals
        self.error.setText(tr("已撤销第{n}张").format(n=(done.serial or 0) + 1))
        self._show()
        self.page.ctx.signals.report(count_changed(self.page))

    def _show(self) -> None:
        self.count.setText(tr("已录入{n}张选票，其中整张无效{void}张").format(n=self.totals.ballots, void=self.totals.void))
        rows = []
        for contest in self.view.contests:
            figures = self.totals.contests.get(contest.id) or ContestTotals()
            for person in contest.candidates:
                line = [contest.office, person.name, str(figures.votes.get(person.id, 0))]
                if self.party:
                    line += [str(figures.against.get(person.id, 0)), str(figures.abstain.get(person.id, 0))]
                rows.append((person.id, tuple(line)))
            if not self.party:  # a Party ballot's 弃权 is per candidate, in its own column
                rows.append((-contest.id, (contest.office, tr("弃权"), str(figures.blank))))
        fill_table(self.table, rows)

    def submit(self) -> None:
        done, state = self.page.attempt(self.finish)
        if done:
            self.state = state
            self.accept()


def count_changed(page):
    from ui.signals import Changes

    return Changes(page.election_id, stages=True)


