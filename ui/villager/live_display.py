"""The live display of the public count (issue 12 item 8): a separate top-level window for a
projector or a TV — per office its candidates in list order with their running votes in large
type, ballots counted of those returned, marked 未核对 until every box's two entries agree.
Names and votes only: no ID number, no other personal data. It polls a read scope every
:data:`POLL_MS` milliseconds, so it follows every entry within a second wherever it was made.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.widgets.work_area import GREEN, ORANGE
from workflows.count import rounds, totals
from workflows.villager import vote

POLL_MS = 500
NAME_PT, VOTES_PT, HEAD_PT = 26, 30, 22


class LiveDisplay(QWidget):
    """Running totals of the current villager round, in large type."""

    def __init__(self, ctx: AppContext, election_id: int) -> None:
        super().__init__(None, Qt.Window)
        self.ctx, self.election_id = ctx, election_id
        self.setObjectName("live_display")
        self.setWindowTitle(tr("计票结果实时显示"))
        self.setStyleSheet("background: #102030; color: white;")
        outer = QVBoxLayout(self)
        self.title = self._label("", HEAD_PT + 4, "live_title")
        self.state = self._label("", HEAD_PT, "live_state")
        self.progress = self._label("", HEAD_PT, "live_progress")
        for label in (self.title, self.state, self.progress):
            outer.addWidget(label)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("border: none;")
        self.board = QWidget(scroll)
        self.grid = QGridLayout(self.board)
        scroll.setWidget(self.board)
        outer.addWidget(scroll, 1)
        self.shown: tuple = ()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()
        self.resize(1024, 700)

    def _label(self, text: str, size: int, name: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setStyleSheet(f"font-size: {size}pt; font-weight: bold;")
        if name:
            label.setObjectName(name)
        return label

    def figures(self) -> tuple:
        """(title, agreed, counted, returned, rows) of the current round, as plain values."""
        with self.ctx.read_scope(self.election_id) as scope:
            row = vote.current_round(scope)
            if row is None:
                return (tr("尚未开始投票"), False, 0, 0, ())
            view = rounds.round_view(scope, row.id)
            running = totals.round_totals(scope, row.id, agreed_only=False).totals
            agreed = totals.round_totals(scope, row.id).complete
            returned = sum(b.ballots_returned or 0 for b in view.boxes)
            rows = tuple((c.office, c.seats, tuple((p.number, p.name, running.contests.get(c.id).votes.get(p.id, 0)
                                                    if c.id in running.contests else 0)
                                                   for p in c.candidates)) for c in view.contests)
            return (row.label, agreed, running.ballots, returned, rows)

    def refresh(self) -> None:
        shown = self.figures()
        if shown == self.shown:
            return
        self.shown = shown
        title, agreed, counted, returned, rows = shown
        self.title.setText(title)
        self.state.setText(tr("已核对") if agreed else tr("未核对"))
        self.state.setStyleSheet(f"font-size: {HEAD_PT}pt; font-weight: bold; color: {GREEN if agreed else ORANGE};")
        self.progress.setText(tr("已唱票{counted}张 / 收回选票{returned}张").format(counted=counted, returned=returned))
        self._fill(rows)

    def _fill(self, rows) -> None:
        while self.grid.count():
            self.grid.takeAt(0).widget().deleteLater()
        line = 0
        for office, seats, people in rows:
            self.grid.addWidget(self._label(tr("{office}（应选{seats}名）").format(office=office, seats=seats),
                                            HEAD_PT), line, 0, 1, 2)
            line += 1
            for number, name, votes in people:
                self.grid.addWidget(self._label(f"{number or ''}　{name}", NAME_PT), line, 0)
                count = self._label(str(votes), VOTES_PT, f"votes_{office}_{name}")
                count.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.grid.addWidget(count, line, 1)
                line += 1
        self.grid.setRowStretch(line, 1)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt
        self.timer.stop()
        super().closeEvent(event)
