"""Keyboard entry of nomination ballots (海选提名票, VC-12, GC-19) against the roll held in memory.

One line per office: the clerk types a name (and, for namesakes, a few digits of the ID
number), the matching voters of this village show below as they type, Enter takes the one
meant and moves on; Enter on the empty last line (or Ctrl+Enter anywhere) records the
ballot, Ctrl+Z takes back the ballot entered last. The roll is read once when the dialog
opens; each keystroke is answered from memory, each ballot is one short transaction.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr, tr_msg, tr_text
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING, heading
from ui.widgets.work_area import GREEN, RED, Cell, fill_table, make_table, refusal_text
from workflows.core.errors import InvalidInput
from workflows.core.paper import clerk_text
from workflows.villager import nomination
from workflows.villager.nomination import BallotInput, NomineeRoll, RollEntry
from workflows.villager.offices import OFFICE_LABELS, OFFICES, seats

SUGGESTIONS = 30  # voters listed under the line being typed
RECENT = 8  # ballots listed as entered last
RECENT_HEADERS = ("序号", "主任", "副主任", "委员", "无效")


def suggestion_list(parent: QWidget, name: str) -> QListWidget:
    """The list of voters matching the text typed (never focused: the line keeps the keyboard)."""
    view = QListWidget(parent)
    view.setObjectName(name)
    view.setFocusPolicy(Qt.NoFocus)
    view.setMinimumHeight(110)
    return view


def show_matches(view: QListWidget, entries: list[RollEntry]) -> None:
    """Fill the suggestion list; nothing is selected until the clerk moves with ↑↓."""
    view.clear()
    for entry in entries:
        item = QListWidgetItem(entry.label, view)
        item.setData(Qt.UserRole, entry.voter_id)
    view.setCurrentRow(-1)


def move_selection(view: QListWidget, step: int) -> None:
    """↑/↓ in the entry line walk the suggestion list."""
    if view.count():
        row = view.currentRow()
        view.setCurrentRow(max(0, min(view.count() - 1, (step if row < 0 else row + step))))


def chosen(view: QListWidget, roll: NomineeRoll) -> RollEntry | None:
    """The voter picked in the list with ↑↓ or the mouse, if any."""
    item = view.currentItem()
    return roll.by_id.get(item.data(Qt.UserRole)) if item is not None and item.isSelected() else None


def ambiguity_text(roll: NomineeRoll, text: str) -> str:
    """Why Enter took nobody although the roll has matches: namesakes, or only longer names."""
    name, _fragment = NomineeRoll.split(text)
    found = roll.lookup(text, limit=len(roll) or 1)
    same = [entry for entry in found if entry.name == name] if name else found
    if len(same) > 1:
        return tr("本村有{n}名选民叫“{name}”，请接着输入身份证号码中的几位数字（如尾号），或用↑↓选择").format(
            n=len(same), name=name or text)
    return tr("本村选民中没有叫“{name}”的；以此开头的有{n}人，请用↑↓选择，或改正姓名").format(
        name=name, n=len(found))


class OfficeLine:
    """One office on the ballot: the line typed into, the names taken, and GC-19's verdict."""

    def __init__(self, dialog: BallotEntryDialog, office: str, count: int, row: int) -> None:
        self.office, self.seats, self.picked = office, count, []
        self.caption = QLabel(tr("{office}（应选{n}名）").format(office=tr_text(OFFICE_LABELS[office]), n=count),
                              dialog)
        self.edit = QLineEdit(dialog)
        self.edit.setObjectName(f"entry_{office}")
        self.edit.setPlaceholderText(tr("输入姓名，按Enter"))
        self.edit.setMinimumWidth(180)
        self.names = QLabel(dialog)
        self.names.setObjectName(f"picked_{office}")
        self.names.setWordWrap(True)
        self.state = QLabel(dialog)
        self.state.setObjectName(f"state_{office}")
        for column, widget in enumerate((self.caption, self.edit, self.state, self.names)):
            dialog.grid.addWidget(widget, row, column)
        self.roll = dialog.roll

    def show(self) -> None:
        """The names taken so far, and 该职务无效 when more than the seats (GC-19)."""
        self.names.setText("、".join(entry.label if self.roll.namesakes(entry) > 1 else entry.name
                                     for entry in self.picked))
        over = len(self.picked) > self.seats
        self.state.setText(tr("该职务无效") if over else "")
        self.state.setStyleSheet(ERROR_STYLE if over else "")
        self.state.setToolTip(clerk_text(tr("提名人数多于应选名额，本张提名票上该职务的提名无效（GC-19）")) if over else "")

    def clear(self) -> None:
        self.picked.clear()
        self.edit.clear()
        self.show()


class BallotEntryDialog(QDialog):
    """Ballot after ballot from the keyboard; the counts and the last ballots stay in view."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.election_id = ctx, election_id
        self.entered = 0  # ballots recorded or undone in this dialog (the page refreshes when > 0)
        with ctx.read_scope(election_id) as scope:
            self.roll = nomination.roll(scope)
            office_seats = seats(scope.election)
        self.setWindowTitle(tr("逐张录入提名票"))
        self.setObjectName("ballot_entry_dialog")
        body = QVBoxLayout(self)
        body.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        body.setSpacing(SPACING)
        keys = QLabel(tr("输入姓名（同名的再输入身份证号码中的几位数字），Enter 选定；空行按 Enter 到下一职务，"
                         "最后一行空行按 Enter 或任何时候按 Ctrl+Enter 录入本张；↑↓ 在名单中选择；空行按 Backspace "
                         "删去该职务最后一名；Ctrl+Z 撤销上一张；Esc 关闭。"), self)
        keys.setWordWrap(True)
        keys.setStyleSheet(HINT_STYLE)
        body.addWidget(keys)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(3, 1)
        body.addLayout(self.grid)
        self.lines = [OfficeLine(self, office, count, row)
                      for row, (office, count) in enumerate(office_seats.items())]
        for line in self.lines:
            line.edit.installEventFilter(self)
            line.edit.textEdited.connect(lambda text, line=line: self.typed(line, text))
        self.matches = suggestion_list(self, "nominee_matches")
        body.addWidget(self.matches, 1)
        self.matches.itemDoubleClicked.connect(lambda _item: self.take(self.focused_line()))
        self.message = QLabel(self)
        self.message.setObjectName("entry_message")
        self.message.setWordWrap(True)
        body.addWidget(self.message)
        self.count = heading("", self)
        self.count.setObjectName("ballot_count")
        body.addWidget(self.count)
        self.recent = make_table(self, RECENT_HEADERS, "recent_ballots", stretch=3)
        self.recent.setFocusPolicy(Qt.NoFocus)
        self.recent.setMinimumHeight(120)
        body.addWidget(self.recent, 1)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.button(QDialogButtonBox.Close).setText(tr("关闭"))
        close.rejected.connect(self.reject)
        body.addWidget(close)
        self.resize(820, 600)
        self.recent_views: list[nomination.BallotView] = []
        self.load_progress()
        if self.lines:
            self.lines[0].edit.setFocus()

    # -- keys --------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Enter, Ctrl+Enter, ↑↓, Backspace on an empty line and Ctrl+Z in every entry line."""
        line = next((line for line in self.lines if line.edit is watched), None)
        if line is None or event.type() != QEvent.KeyPress:
            return super().eventFilter(watched, event)
        return self.key(line, event)

    def key(self, line: OfficeLine, event: QKeyEvent) -> bool:
        """Handle one key of an entry line; True when it was ours."""
        key, ctrl = event.key(), bool(event.modifiers() & Qt.ControlModifier)
        if key in (Qt.Key_Return, Qt.Key_Enter):
            if ctrl:
                if not line.edit.text().strip() or self.take(line, advance=False):
                    self.record()
            else:
                self.enter(line)
            return True
        if key == Qt.Key_Z and ctrl:
            self.undo()
            return True
        if key in (Qt.Key_Up, Qt.Key_Down):
            move_selection(self.matches, -1 if key == Qt.Key_Up else 1)
            return True
        if key == Qt.Key_Backspace and not line.edit.text() and line.picked:
            line.picked.pop()
            line.show()
            return True
        return False

    def enter(self, line: OfficeLine) -> None:
        """Enter: take the typed voter, or move on from an empty line (the last one records)."""
        if line.edit.text().strip():
            self.take(line)
        elif line is self.lines[-1]:
            self.record()
        else:
            self.next_line(line)

    def typed(self, line: OfficeLine, text: str) -> None:
        """Every keystroke: the matching voters of the roll, from memory."""
        show_matches(self.matches, self.roll.lookup(text, SUGGESTIONS) if text.strip() else [])
        self.say("")

    def focused_line(self) -> OfficeLine:
        return next((line for line in self.lines if line.edit.hasFocus()), self.lines[0])

    def next_line(self, line: OfficeLine) -> None:
        index = self.lines.index(line)
        if index + 1 < len(self.lines):
            self.lines[index + 1].edit.setFocus()

    # -- taking a voter ------------------------------------------------------------------------
    def take(self, line: OfficeLine, advance: bool = True) -> bool:
        """Put the voter meant by the typed text (or picked in the list) on this office's line."""
        text = line.edit.text().strip()
        entry = chosen(self.matches, self.roll) or self.roll.unique(text)
        if entry is None:
            self.refuse_text(text)
            return False
        if any(taken.voter_id == entry.voter_id for taken in line.picked):
            self.say(tr("{name}已填写在本职务中（同一人只计一次）").format(name=entry.name), ERROR_STYLE)
        else:
            line.picked.append(entry)
        line.edit.clear()
        line.show()
        show_matches(self.matches, [])
        if advance and len(line.picked) >= line.seats:
            self.next_line(line)
        return True

    def refuse_text(self, text: str) -> None:
        """Nobody taken: namesakes to tell apart, or the reason the name cannot be nominated (VC-12)."""
        if self.roll.lookup(text, 1):
            self.say(ambiguity_text(self.roll, text), ERROR_STYLE)
            return
        with self.ctx.read_scope(self.election_id) as scope:
            reason = nomination.why_not_nominable(scope, text)
        self.say(tr_msg(reason), ERROR_STYLE)

    def say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    # -- ballots --------------------------------------------------------------------------------
    def ballot(self) -> BallotInput:
        return BallotInput({line.office: [entry.voter_id for entry in line.picked] for line in self.lines})

    def record(self) -> None:
        """Store the ballot as entered (GC-19 marks an over-full office void on it only)."""
        try:
            with self.ctx.scope(self.election_id) as scope:
                result = nomination.record_ballot(scope, self.ballot())
        except InvalidInput as refused:
            self.say(refusal_text(refused), ERROR_STYLE)
            return
        self.entered += 1
        entered = nomination.BallotView(result.serial, {line.office: tuple(e.name for e in line.picked)
                                                        for line in self.lines if line.picked},
                                        result.invalid_offices)
        for line in self.lines:
            line.clear()
        text = tr("第{serial}张已录入。").format(serial=result.serial)
        if result.invalid_offices:
            text += tr("{offices}提名人数多于应选名额，本张该职务无效。").format(
                offices="、".join(tr_text(OFFICE_LABELS[o]) for o in result.invalid_offices))
        self.say(text, f"color: {GREEN};")
        self.show_progress(result.ballots, [entered, *self.recent_views][:RECENT])  # no re-read: fast
        self.lines[0].edit.setFocus()

    def undo(self) -> None:
        """Take back the ballot entered last (after a confirmation)."""
        if not interaction.confirm(self, tr("撤销上一张"), tr("撤销最后录入的一张提名票？")):
            return
        try:
            with self.ctx.scope(self.election_id) as scope:
                serial = nomination.undo_last_ballot(scope)
        except InvalidInput as refused:
            self.say(refusal_text(refused), ERROR_STYLE)
            return
        if serial is None:
            self.say(tr("还没有录入提名票"), ERROR_STYLE)
            return
        self.entered += 1
        self.say(tr("已撤销第{serial}张。").format(serial=serial), f"color: {GREEN};")
        self.load_progress()

    def load_progress(self) -> None:
        """Read the running count and the ballots entered last."""
        with self.ctx.read_scope(self.election_id) as scope:
            count = nomination.ballot_count(scope)
            recent = nomination.recent_ballots(scope, RECENT)
        self.show_progress(count, recent)

    def show_progress(self, count: int, recent: list[nomination.BallotView]) -> None:
        """The running count against the roll, and the ballots entered last."""
        self.recent_views = recent
        self.count.setText(tr("已录入{n}张提名票　本村登记选民{roll}人").format(n=count, roll=len(self.roll)))
        offices = [line.office for line in self.lines]
        fill_table(self.recent, [(b.serial, (str(b.serial), *self._names(b, offices))) for b in recent])

    @staticmethod
    def _names(ballot: nomination.BallotView, offices: list[str]) -> tuple:
        cells = []
        for office in OFFICES:
            names = "、".join(ballot.marks.get(office, ()))
            void = office in ballot.invalid_offices
            cells.append(Cell(names, RED if void else None) if office in offices else Cell("—"))
        invalid = "、".join(tr_text(OFFICE_LABELS[o]) for o in ballot.invalid_offices)
        return (*cells, Cell(tr("{offices}无效").format(offices=invalid), RED) if invalid else "")
