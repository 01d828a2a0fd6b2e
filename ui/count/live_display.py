"""The live display of the public count (issue 12 item 8): a separate top-level window for a
projector or a TV — per office its candidates in list order with their running votes in large
type, ballots counted of those returned, marked 未核对 until every box's two entries agree.
Names and votes only: no ID number, no other personal data. Either track: the villager vote
(votes) or the Party meeting (赞成 votes), the latest round of the track that is not void.

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
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.signals import Changes
from ui.widgets.work_area import GREEN, ORANGE
from workflows.count import rounds, totals

POLL_MS = 1000  # fallback only: entries made on another computer are not signalled here
NAME_PT, VOTES_PT, HEAD_PT = 26, 30, 22
MIN_SCALE = 0.5  # the offices' type shrinks to fit the screen down to this share, then scrolls
BLOCK_GAP = 48  # px between the offices' blocks
VOTES_WIDTH = "8888"  # vote labels keep the width of four digits: no reflow as the count grows


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
    """Running totals of the track's current round, in large type."""

    def __init__(self, ctx: AppContext, election_id: int, track: str = "villager") -> None:
        super().__init__(None, Qt.Window)
        self.ctx, self.election_id, self.track = ctx, election_id, track
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
        self.scroll = QScrollArea(self)  # scrolls only when even the smallest type does not fit
        self.scroll.setWidgetResizable(True)
        self.scroll.setStyleSheet("border: none;")
        self.board = QWidget(self.scroll)
        self.row = QHBoxLayout(self.board)  # columns of the offices' blocks, as many as fit best
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(BLOCK_GAP)
        self.row.addStretch(1)
        self.scroll.setWidget(self.board)
        outer.addWidget(self.scroll, 1)
        self.shown: Board | None = None
        self.blocks: list[QWidget] = []
        self.columns: list[QWidget] = []
        self.vote_labels: list[QLabel] = []
        self.scale = 1.0
        self.shape = 0  # the number of columns the blocks are placed in
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

    def _label(self, text: str, size: int, name: str = "", parent: QWidget | None = None) -> QLabel:
        label = QLabel(text, parent or self)
        label.setProperty("pt", size)
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

    def show_on_best_screen(self) -> None:
        """Full screen on a second screen (the projector or TV) when there is one; otherwise an
        ordinary window on this screen. F11 switches full screen, Esc leaves it."""
        primary = QGuiApplication.primaryScreen()
        others = [screen for screen in QGuiApplication.screens() if screen is not primary]
        if others:
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
        else:
            self.show()
        self.raise_()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt
        if event.key() == Qt.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        elif event.key() == Qt.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)

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
            live = [r for r in rounds.rounds(scope, self.track) if not r.void]
            row = live[-1] if live else None
            if row is None:
                return Board(tr("尚未开始投票"), False, 0, 0, (), ())
            view = rounds.round_view(scope, row.id)
            kept = totals.round_totals(scope, row.id, agreed_only=False, view=view)
            running, agreed = kept.totals, kept.all_agreed
        returned = sum(b.ballots_returned or 0 for b in view.boxes)
        layout = (row.id, tuple((c.office, c.seats, tuple((p.number, p.name) for p in c.candidates))
                                for c in view.contests))
        votes = []
        for contest in view.contests:
            figures = running.contests.get(contest.id)
            votes.extend(figures.votes.get(p.id, 0) if figures else 0 for p in contest.candidates)
        title = row.label if self.track == "villager" else tr("村党组织{label}　赞成票").format(label=row.label)
        return Board(title, agreed, running.ballots, returned, layout, tuple(votes))

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
        """Build one block per office — its heading, its candidates in list order with their vote
        labels (texts set by the caller) — and arrange them to fit the window."""
        for column in self.columns:
            self.row.removeWidget(column)
            column.hide()  # gone from the screen now, deleted (with its blocks) on the next turn
            column.deleteLater()
        self.blocks, self.columns, self.vote_labels = [], [], []
        for office, seats, people in layout[1] if layout else ():
            column = QWidget(self.board)
            stack = QVBoxLayout(column)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(BLOCK_GAP // 2)
            stack.setAlignment(Qt.AlignTop)
            self.row.insertWidget(len(self.columns), column, 0, Qt.AlignTop)
            self.columns.append(column)
            block = QWidget(column)
            lines = QGridLayout(block)
            lines.setContentsMargins(0, 0, 0, 0)
            lines.setHorizontalSpacing(24)
            lines.setColumnStretch(1, 1)  # a heading wider than the lines widens the names, not the numbers
            lines.addWidget(self._label(tr("{office}（应选{seats}名）").format(office=office, seats=seats),
                                        HEAD_PT, parent=block), 0, 0, 1, 3)
            for line, (number, name) in enumerate(people, start=1):
                mark = self._label(str(number or ""), NAME_PT, parent=block)
                mark.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
                lines.addWidget(mark, line, 0)
                lines.addWidget(self._label(name, NAME_PT, parent=block), line, 1)
                count = self._label("", VOTES_PT, f"votes_{office}_{name}", parent=block)
                count.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
                lines.addWidget(count, line, 2)
                self.vote_labels.append(count)
            self.blocks.append(block)
        self.shape = 0
        self._fit()

    # -- fitting the screen ----------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Place the blocks in the number of columns that allows the largest type, and scale the
        offices' type (never above its size, at least :data:`MIN_SCALE`) so they fit the window."""
        if not self.blocks:
            return
        room = self.scroll.contentsRect().size()
        self._set_scale(1.0)
        sizes = [block.sizeHint() for block in self.blocks]
        best = max((min(1.0, room.width() / width, room.height() / height), columns)
                   for columns in range(1, len(self.blocks) + 1)
                   for width, height in [_arranged(sizes, columns)])
        scale, columns = best  # the largest type; side by side rather than stacked when equal
        if columns != self.shape:
            self.shape = columns
            per_column = -(-len(self.blocks) // columns)
            for block in self.blocks:
                block.parentWidget().layout().removeWidget(block)
            for index, block in enumerate(self.blocks):
                self.columns[index // per_column].layout().addWidget(block)
                block.show()
            for index, column in enumerate(self.columns):
                column.setVisible(index < -(-len(self.blocks) // per_column))
        scale = max(MIN_SCALE, int(scale * 20) / 20)
        self._set_scale(scale)
        while scale > MIN_SCALE:  # spacing does not shrink with the type: make sure it fits
            width, height = _arranged([block.sizeHint() for block in self.blocks], columns)
            if width <= room.width() and height <= room.height():
                break
            scale = max(MIN_SCALE, scale - 0.05)
            self._set_scale(scale)

    def _set_scale(self, scale: float) -> None:
        self.scale = scale
        for block in self.blocks:
            for label in block.findChildren(QLabel):
                size = max(8, round(label.property("pt") * scale))
                if label.property("shown_pt") != size:
                    label.setProperty("shown_pt", size)
                    label.setStyleSheet(f"font-size: {size}pt; font-weight: bold;")
                    if label in self.vote_labels:
                        label.ensurePolished()
                        label.setMinimumWidth(label.fontMetrics().horizontalAdvance(VOTES_WIDTH))


def _arranged(sizes: list, columns: int) -> tuple[int, int]:
    """Width and height of the blocks placed top to bottom in ``columns`` columns (with the gaps)."""
    per_column = -(-len(sizes) // columns)
    stacks = [sizes[i:i + per_column] for i in range(0, len(sizes), per_column)]
    width = sum(max(s.width() for s in stack) for stack in stacks) + BLOCK_GAP * (len(stacks) - 1)
    height = max(sum(s.height() for s in stack) + BLOCK_GAP // 2 * (len(stack) - 1) for stack in stacks)
    return width, height


def open_display(current: LiveDisplay | None, ctx: AppContext, election_id: int, track: str = "villager") -> LiveDisplay:
    """Bring the open display to the front, or open one on the best screen."""
    if current is not None and current.isVisible():
        current.raise_()
        current.activateWindow()
        return current
    display = LiveDisplay(ctx, election_id, track)
    display.show_on_best_screen()
    return display
