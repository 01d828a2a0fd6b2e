"""The live display of the public count (issue 12 item 8): a separate top-level window for a
projector or a TV — per office its candidates in list order with their running votes in large
type, ballots counted of those returned, marked 未核对 until every box's two entries agree.
Names and votes only: no ID number, no other personal data.

It follows the application's change signal (``ctx.signals.changed``): every ballot stored,
undone or tally sheet saved on this computer is reported there, and a burst of reports makes one
refresh on the next turn of the event loop. A slow poll every :data:`POLL_MS` milliseconds is
kept only for entries made on another computer (a shared PostgreSQL server), which this program
is not told about. A refresh whose round, offices and candidates are unchanged only sets the
new texts on the existing labels; the grid is rebuilt when that structure changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.signals import Changes
from ui.widgets.work_area import GREEN, ORANGE
from workflows.count import double_entry, entry, rounds
from workflows.count.tallies import EntryTotals
from workflows.villager import vote

POLL_MS = 1000  # fallback only: entries made on another computer are not signalled here
NAME_PT, VOTES_PT, HEAD_PT = 26, 30, 22


@dataclass(frozen=True)
class Board:
    """What the display shows, as plain values: ``layout`` decides the grid (the round, its
    offices with seats, their candidates' numbers and names in list order); ``votes`` are the
    candidates' running votes in the same order."""

    title: str
    agreed: bool
    counted: int
    returned: int
    layout: tuple
    votes: tuple[int, ...]


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
            label.setWordWrap(True)
            outer.addWidget(label)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("border: none;")
        self.board = QWidget(scroll)
        self.grid = QGridLayout(self.board)
        self.grid.setColumnStretch(0, 1)
        self.grid.setHorizontalSpacing(24)
        scroll.setWidget(self.board)
        outer.addWidget(scroll, 1)
        self.shown: Board | None = None
        self.vote_labels: list[QLabel] = []
        self._stretch_row = 0
        self._listening = False
        self.pending = QTimer(self)  # coalesces a burst of change reports into one refresh
        self.pending.setSingleShot(True)
        self.pending.setInterval(0)
        self.pending.timeout.connect(self.refresh)
        self.timer = QTimer(self)  # the fallback poll
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self._listen()
        self.refresh()
        self.resize(1024, 700)

    def _label(self, text: str, size: int, name: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setStyleSheet(f"font-size: {size}pt; font-weight: bold;")
        if name:
            label.setObjectName(name)
        return label

    # -- following the count ---------------------------------------------------------------------
    def _listen(self) -> None:
        if not self._listening:
            self.ctx.signals.changed.connect(self.on_changed)
            self._listening = True
        self.timer.start()

    def _stop_listening(self) -> None:
        self.pending.stop()
        self.timer.stop()
        if self._listening:
            self._listening = False
            self.ctx.signals.changed.disconnect(self.on_changed)

    def on_changed(self, changes: Changes) -> None:
        """A change reported by this program: refresh soon if it may concern this election."""
        if changes.election_id is None or changes.election_id == self.election_id:
            self.pending.start()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt
        if not self._listening:  # shown again after being closed
            self._listen()
            self.refresh()
        super().showEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt
        self._stop_listening()
        super().closeEvent(event)

    # -- reading ---------------------------------------------------------------------------------
    def figures(self) -> Board:
        """The current round's figures."""
        with self.ctx.read_scope(self.election_id) as scope:
            row = vote.current_round(scope)
            if row is None:
                return Board(tr("尚未开始投票"), False, 0, 0, (), ())
            view = rounds.round_view(scope, row.id)
            running, agreed = running_figures(scope, view)
        returned = sum(b.ballots_returned or 0 for b in view.boxes)
        layout = (row.id, tuple((c.office, c.seats, tuple((p.number, p.name) for p in c.candidates))
                                for c in view.contests))
        votes = []
        for contest in view.contests:
            figures = running.contests.get(contest.id)
            votes.extend(figures.votes.get(p.id, 0) if figures else 0 for p in contest.candidates)
        return Board(row.label, agreed, running.ballots, returned, layout, tuple(votes))

    def refresh(self) -> None:
        """Read the figures; set the texts that changed (the grid rebuilt only for a new layout)."""
        self.pending.stop()
        if self.timer.isActive():
            self.timer.start()  # the next poll a full interval after this read
        board, before = self.figures(), self.shown
        if board == before:
            return
        self.shown = board
        if before is None or board.layout != before.layout:
            self._fill(board.layout)
        self.title.setText(board.title)
        self.state.setText(tr("已核对") if board.agreed else tr("未核对"))
        if before is None or board.agreed != before.agreed:
            color = GREEN if board.agreed else ORANGE
            self.state.setStyleSheet(f"font-size: {HEAD_PT}pt; font-weight: bold; color: {color};")
        self.progress.setText(tr("已唱票{counted}张 / 收回选票{returned}张").format(
            counted=board.counted, returned=board.returned))
        for label, votes in zip(self.vote_labels, board.votes, strict=True):
            label.setText(str(votes))

    def _fill(self, layout: tuple) -> None:
        """Build the grid for the round's offices and candidates (votes set by the caller)."""
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            widget.hide()  # gone from the screen now, deleted on the next turn of the event loop
            widget.deleteLater()
        self.grid.setRowStretch(self._stretch_row, 0)
        self.vote_labels = []
        line = 0
        for office, seats, people in layout[1] if layout else ():
            head = self._label(tr("{office}（应选{seats}名）").format(office=office, seats=seats), HEAD_PT)
            head.setWordWrap(True)
            self.grid.addWidget(head, line, 0, 1, 2)
            line += 1
            for number, name in people:
                self.grid.addWidget(self._label(f"{number or ''}　{name}", NAME_PT), line, 0)
                count = self._label("", VOTES_PT, f"votes_{office}_{name}")
                count.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.grid.addWidget(count, line, 1)
                self.vote_labels.append(count)
                line += 1
        self.grid.setRowStretch(line, 1)
        self._stretch_row = line


def running_figures(scope, view: rounds.RoundView) -> tuple[EntryTotals, bool]:
    """The round's running totals and whether every box's count is agreed — the figures of
    ``totals.round_totals(agreed_only=False)`` and ``round_totals().complete`` — read as the
    entry dialog keeps them (``entry.running_totals``: the kept totals while the stored ballots
    end at the same serial, else a recount), not recounted from every stored ballot at each
    refresh, which grows with the box (40 ms at 3,000 ballots)."""
    running, agreed = EntryTotals(), True
    for box in view.boxes:
        live = double_entry.live_entries(scope, box.id)
        counts = next((e for e in live if e.status == "agreed"), None)
        agreed = agreed and counts is not None
        counts = counts or (live[0] if live else None)
        if counts is None:
            continue
        if counts.mode == "ballots":
            running.merge(entry.running_totals(scope, counts, view))
        else:
            running.merge(entry.entry_totals(scope, counts.id, view))
    return running, agreed
