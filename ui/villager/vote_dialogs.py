"""Dialogs of the villager vote (vc.vote): check-in at a box, ballot-by-ballot entry during 唱票
(keyboard only), a box's tally sheet, the two passes compared side by side, the coded checks,
a box's figures. Every decision is made by workflows/count; these only collect and show.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import interaction
from ui.count.ballot_dialog import (  # noqa: F401 (BallotEntryDialog: re-exported)
    ENTER_KEYS,
    BallotEntryDialog,
    base_layout,
    count_changed,
    error_label,
)
from ui.i18n import tr, tr_msg
from ui.widgets.base_dialog import FormDialog, fit_to_screen
from ui.widgets.forms import HINT_STYLE
from ui.widgets.work_area import (
    GREEN,
    RED,
    Cell,
    fill_table,
    hint_label,
    make_table,
    selected_id,
)
from workflows.count import checks, double_entry, entry, rounds
from workflows.count.rounds import BoxFigures
from workflows.villager import proxies, vote


def ask_text(parent: QWidget, title: str, label: str) -> str | None:
    """One line of text from the clerk (a reason, a note); None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, label)
    return text.strip() if ok else None


def take_backup(page, reason: str) -> None:
    """A backup at the moments the issue names (a box confirmed, the results official); a
    failure is told, never stops the count."""
    from workflows.core import backup

    path = page.ctx.store.sqlite_path
    if path is None:
        return
    try:
        backup.make_backup(path, reason)
    except backup.BackupError as failed:
        interaction.error(page, tr("已确认，但自动备份没有成功：{why}").format(why=str(failed)))


# --- check-in ---------------------------------------------------------------------------------

class CheckInDialog(QDialog):
    """Find a voter by name or ID number, Enter checks them in; a proxy's principals are marked."""

    def __init__(self, page, box_id: int, box_name: str) -> None:
        super().__init__(page)
        self.page, self.box_id = page, box_id
        column = base_layout(self, tr("领票登记：{box}").format(box=box_name))
        with page.ctx.read_scope(page.election_id) as scope:
            self.roll = vote.vote_roll(scope)
            view = rounds.round_view(scope, vote.current_round(scope).id)
            self.taken = vote_checked_in(scope, view.id)
        column.addWidget(QLabel(tr("输入姓名或身份证号码后几位，回车登记领票："), self))
        self.search = QLineEdit(self)
        self.search.setObjectName("checkin_search")
        self.search.textChanged.connect(self._find)
        self.search.returnPressed.connect(self.check_in_action)
        column.addWidget(self.search)
        self.matches = QListWidget(self)
        self.matches.setObjectName("checkin_matches")
        self.matches.setFocusPolicy(Qt.NoFocus)
        column.addWidget(self.matches, 1)
        self.status = QLabel(self)
        self.status.setObjectName("checkin_status")
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.button(QDialogButtonBox.Close).setText(tr("完成"))
        close.rejected.connect(self.accept)
        self._on_site_proxy(column, close)
        column.addWidget(close)
        fit_to_screen(self, 560, 420)

    def _on_site_proxy(self, column: QVBoxLayout, buttons: QDialogButtonBox) -> None:
        """Where the profile allows it (SD-26, PV-07), a written authorisation brought to the
        polling place is registered here and the roll reloaded; elsewhere the clerk is told why not."""
        with self.page.ctx.read_scope(self.page.election_id) as scope:
            allowed = proxies.on_site_allowed(scope)
        if not allowed:
            column.addWidget(hint_label(tr("按本地办法，投票现场不办理临时委托（SD-26）：未登记委托的，选票只能由本人领取。"),
                                        self, "checkin_proxy_rule"))
            return
        button = buttons.addButton(tr("现场委托…"), QDialogButtonBox.ActionRole)
        button.setObjectName("on_site_proxy_button")
        button.setAutoDefault(False)
        button.clicked.connect(self.on_site_proxy_action)

    def on_site_proxy_action(self) -> None:
        from ui.villager.polling_dialogs import ProxyDialog

        if ProxyDialog(self.page.ctx, self.page.election_id, self).exec():
            with self.page.ctx.read_scope(self.page.election_id) as scope:
                self.roll = vote.vote_roll(scope)
            self._find(self.search.text())
            self.page.ctx.signals.report(count_changed(self.page))

    def _find(self, text: str) -> None:
        self.matches.clear()
        for person in self.roll.find(text):
            label = person.label
            proxy = self.roll.proxies.get(person.id)
            if proxy is not None:
                label += tr("　【已委托{name}投票】").format(name=self.roll.people[proxy].name)
            principals = self.roll.principals_of(person.id)
            if principals:
                label += tr("　【受{names}委托】").format(names="、".join(p.name for p in principals))
            if person.id in self.taken:
                label += tr("　（已领票）")
            item = QListWidgetItem(label, self.matches)
            item.setData(Qt.UserRole, person.id)
        self.matches.setCurrentRow(0 if self.matches.count() else -1)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt
        if event.key() in ENTER_KEYS:  # Enter checks a voter in, never closes the dialog
            return
        if event.key() in (Qt.Key_Up, Qt.Key_Down) and self.matches.count():
            step = -1 if event.key() == Qt.Key_Up else 1
            self.matches.setCurrentRow(max(0, min(self.matches.count() - 1, self.matches.currentRow() + step)))
            return
        super().keyPressEvent(event)

    def check_in_action(self) -> None:
        item = self.matches.currentItem()
        if item is None:
            return
        voter_id = item.data(Qt.UserRole)
        proxy = self.roll.proxies.get(voter_id)
        done, _ = self.page.attempt(lambda scope: vote.check_in_voter(scope, self.box_id, voter_id, self.roll, proxy))
        if done:
            self.taken.add(voter_id)
            person = self.roll.people[voter_id]
            text = tr("{name}已领票").format(name=person.name)
            if proxy is not None:
                text += tr("（由受委托人{proxy}代领）").format(proxy=self.roll.people[proxy].name)
            self.status.setText(text)
            self.status.setStyleSheet(f"color: {GREEN};")
            self.search.clear()


def vote_checked_in(scope, round_id: int) -> set[int]:
    from workflows.count import checkin

    return checkin.checked_in(scope, round_id)


# --- tally sheet --------------------------------------------------------------------------------

class SheetDialog(FormDialog):
    """A box's tally sheet (计票单) as written: returned, void, each candidate, blanks, invalid."""

    def __init__(self, page, entry_id: int, title: str) -> None:
        super().__init__(title, page)
        self.page, self.entry_id = page, entry_id
        with page.ctx.read_scope(page.election_id) as scope:
            self.view, known = entry.entry_figures(scope, entry_id)
        self.returned = self.form.add("returned", tr("收回选票数"), _spin(self, known.ballots))
        self.void = self.form.add("void", tr("整张无效票数"), _spin(self, known.void))
        self.fields: dict[tuple[int, object], QSpinBox] = {}
        for contest in self.view.contests:
            figures = known.contest(contest.id)
            for person in contest.candidates:
                self.fields[(contest.id, person.id)] = self.form.add(
                    f"v{person.id}", f"{contest.office}·{person.name}", _spin(self, figures.votes.get(person.id, 0)))
            self.fields[(contest.id, "blank")] = self.form.add(f"b{contest.id}", tr("{office}·弃权").format(
                office=contest.office), _spin(self, figures.blank))
            self.fields[(contest.id, "invalid")] = self.form.add(f"i{contest.id}", tr("{office}·该栏无效").format(
                office=contest.office), _spin(self, figures.invalid))
        self.finish_layout()
        self.buttons.button(QDialogButtonBox.Ok).setText(tr("保存并提交"))

    def sheet(self) -> entry.SheetInput:
        contests = {}
        for contest in self.view.contests:
            votes = {p.id: self.fields[(contest.id, p.id)].value() for p in contest.candidates}
            contests[contest.id] = entry.ContestSheet(votes, self.fields[(contest.id, "blank")].value(),
                                                      self.fields[(contest.id, "invalid")].value())
        return entry.SheetInput(self.returned.value(), self.void.value(), contests)

    def save(self) -> None:
        sheet = self.sheet()
        with self.page.ctx.scope(self.page.election_id) as scope:
            entry.save_sheet(scope, self.entry_id, sheet)
            double_entry.submit_entry(scope, self.entry_id)
        self.page.ctx.signals.report(count_changed(self.page))


def _spin(parent: QWidget, value: int = 0) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, 100_000)
    box.setValue(value)
    return box


# --- the two passes compared ------------------------------------------------------------------

class CompareDialog(QDialog):
    """The two passes side by side where they differ; keep one, or send both back."""

    def __init__(self, page, box_id: int, box_name: str) -> None:
        super().__init__(page)
        self.page, self.box_id = page, box_id
        column = base_layout(self, tr("比对两遍录入：{box}").format(box=box_name))
        with page.ctx.read_scope(page.election_id) as scope:
            self.comparison = double_entry.compare(scope, box_id)
        first, second = self.comparison.first_operator, self.comparison.second_operator
        column.addWidget(QLabel(tr("两遍录入有{n}处不一致，请对照纸质选票或计票单决定：").format(
            n=len(self.comparison.differences)), self))
        self.table = make_table(self, (tr("项目"), tr("第一遍（{name}）").format(name=first),
                                       tr("第二遍（{name}）").format(name=second)), "difference_table", stretch=0)
        fill_table(self.table, [(d.field, (d.field, Cell(str(d.first), RED), Cell(str(d.second), RED)))
                                for d in self.comparison.differences])
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, name, slot in ((tr("保留第一遍"), "keep_first_button", lambda: self.keep(self.comparison.first_id)),
                                 (tr("保留第二遍"), "keep_second_button", lambda: self.keep(self.comparison.second_id)),
                                 (tr("退回两人重录…"), "send_back_button", self.send_back)):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        cancel = QPushButton(tr("关闭"), self)
        cancel.clicked.connect(self.reject)
        row.addWidget(cancel)
        column.addLayout(row)
        fit_to_screen(self, 720, 420)

    def keep(self, entry_id: int) -> None:
        operator = self.page.ctx.settings.operator
        done, _ = self.page.attempt(lambda scope: double_entry.keep(scope, self.box_id, entry_id, operator))
        if done:
            self.accept()

    def send_back(self) -> None:
        reason = ask_text(self, tr("退回重录"), tr("退回的原因："))
        if reason is None:
            return
        operator = self.page.ctx.settings.operator
        done, _ = self.page.attempt(lambda scope: double_entry.send_back(scope, self.box_id, operator, reason))
        if done:
            self.accept()


# --- coded checks -------------------------------------------------------------------------------

class ChecksDialog(QDialog):
    """The open coded checks (F.101 …): correct the entry, or record that the paper says so."""

    def __init__(self, page, round_id: int) -> None:
        super().__init__(page)
        self.page, self.round_id = page, round_id
        column = base_layout(self, tr("计票核对提示"))
        hint = QLabel(tr("录入有误的，请更正录入后点“已更正”；纸质选票或计票单本身就是如此的，点“纸质选票如此”并写明核对情况。"
                         "不得更改纸质选票。"), self)
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        column.addWidget(hint)
        self.table = make_table(self, (tr("代码"), tr("提示"), tr("涉及项目")), "check_table", stretch=1)
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, name, slot in ((tr("已更正"), "corrected_button", self.corrected_action),
                                 (tr("纸质选票如此…"), "paper_button", self.paper_action)):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton(tr("关闭"), self)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        column.addLayout(row)
        self.refresh()
        fit_to_screen(self, 860, 420)

    def refresh(self) -> None:
        with self.page.ctx.read_scope(self.page.election_id) as scope:
            self.found = [c for c in checks.open_checks(checks.check_round(scope, self.round_id)) if c.code != "F.403"]
        fill_table(self.table, [(i, (c.code, tr_msg(c.text), c.field_key)) for i, c in enumerate(self.found)])

    def _chosen(self):
        index = selected_id(self.table)
        if index is None and len(self.found) == 1:
            index = 0
        return self.found[index] if index is not None else None

    def corrected_action(self) -> None:
        check = self._chosen()
        if check is None:
            return
        operator = self.page.ctx.settings.operator
        self.page.attempt(lambda scope: checks.corrected(scope, self.round_id, check, operator))
        self.refresh()

    def paper_action(self) -> None:
        check = self._chosen()
        if check is None:
            return
        note = ask_text(self, tr("纸质选票如此"), tr("核对原始票据的情况："))
        if note is None:
            return
        operator = self.page.ctx.settings.operator
        self.page.attempt(lambda scope: checks.paper_says_so(scope, self.round_id, check, operator, note))
        self.refresh()
        self.page.changed()


# --- a box's figures ----------------------------------------------------------------------------

class BoxFiguresDialog(FormDialog):
    """Ballots issued, voters, ballots returned of one box, as on its record."""

    def __init__(self, page, box: rounds.BoxView, checked_in: int) -> None:
        super().__init__(tr("票箱数字：{box}").format(box=box.name), page)
        self.page, self.box = page, box
        self.issued = self.form.add("ballots_issued", tr("发出选票数"), _spin(self, box.ballots_issued or 0))
        self.voters = self.form.add("voters", tr("投票人数"), _spin(self, box.voters if box.voters is not None
                                                                   else checked_in),
                                    tr("领票登记{n}人").format(n=checked_in))
        self.returned = self.form.add("ballots_returned", tr("收回选票数"), _spin(self, box.ballots_returned or 0))
        self.finish_layout()

    def save(self) -> None:
        figures = BoxFigures(self.issued.value(), self.voters.value(), self.returned.value())
        with self.page.ctx.scope(self.page.election_id) as scope:
            rounds.set_box_figures(scope, self.box.id, figures)
