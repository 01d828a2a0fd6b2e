"""文件 → 备份与恢复: the backups of the database file, a backup now, and restoring one.

Restoring checks the chosen backup first (whole-file integrity and the audit chain) in
the background, then shows what it replaces — the audit chain's last event and the
documents issued after the backup — and restores only when the clerk confirms. The
dialog also opens without a database (the file was refused as damaged at start).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import interaction
from ui.i18n import tr
from ui.widgets.forms import ERROR_STYLE, HINT_STYLE, MARGIN, SPACING
from workflows.core import backup

if TYPE_CHECKING:
    from ui.context import AppContext

OK_STYLE = "color: #1b5e20;"
BROKEN = QColor("#c62828")


def size_text(size: int) -> str:
    """“12.3 MB”, “480 KB”."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size == 0:
        return "0"
    return f"{max(1, round(size / 1024))} KB"


def backup_before(ctx: AppContext, reason: str, parent: QWidget | None) -> bool:
    """Back the database up before a risky change (stage advance or reopen); False, with
    the reason shown, if that is impossible — the change is then not made."""
    path = ctx.store.sqlite_path
    if path is None:
        return True
    if ctx.store.read_only:
        interaction.error(parent, ctx.store.read_only)
        return False
    QApplication.setOverrideCursor(Qt.BusyCursor)
    try:
        backup.make_backup(path, reason)
    except backup.BackupError as error:
        QApplication.restoreOverrideCursor()
        interaction.error(parent, tr("变更前没能先备份数据库，本次没有变更：{why}").format(why=str(error)))
        return False
    QApplication.restoreOverrideCursor()
    return True


class BackupDialog(QDialog):
    """The backup list (time, reason, size, villages, voters, verified), backup now, restore."""

    HEADERS = ("时间", "原因", "大小", "村数", "选民数", "核对")
    restored = Signal(object)  # the reopened Store

    def __init__(self, ctx: AppContext | None, database: Path, parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(parent)
        self.ctx, self.database = ctx, database
        self.operator = operator or (ctx.operator if ctx is not None else "")
        self.infos: list[backup.BackupInfo] = []
        self.new_store = None
        self.task = None
        self.setObjectName("backup_dialog")
        self.setWindowTitle(tr("备份与恢复"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        intro = QLabel(tr("数据库：{path}\n备份在导入、阶段变更、升级和恢复之前，以及每天第一次启动时自动生成；"
                          "每份备份生成时都核对过完整性。").format(path=database), self)
        intro.setObjectName("backup_intro")
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(self.HEADERS), self)
        self.table.setObjectName("backup_table")
        self.table.setHorizontalHeaderLabels([tr(text) for text in self.HEADERS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.Interactive)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_action())
        layout.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setObjectName("backup_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(tr("立即备份"), self)
        self.backup_button.setObjectName("backup_now_button")
        self.backup_button.clicked.connect(self.backup_action)
        self.verify_button = QPushButton(tr("核对所选备份"), self)
        self.verify_button.setObjectName("verify_backup_button")
        self.verify_button.clicked.connect(self.verify_action)
        self.restore_button = QPushButton(tr("用所选备份恢复…"), self)
        self.restore_button.setObjectName("restore_button")
        self.restore_button.clicked.connect(self.restore_action)
        close = QPushButton(tr("关闭"), self)
        close.clicked.connect(self.accept)
        for button in (self.backup_button, self.verify_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        read_only = ctx.store.read_only if ctx is not None else ""
        if read_only:
            for button in (self.backup_button, self.restore_button):
                button.setEnabled(False)
                button.setToolTip(read_only)
            self._say(read_only, error=False)
        self.read_only = read_only
        self.reload()

    # --- list ----------------------------------------------------------------------------
    def reload(self, select: Path | None = None) -> None:
        """Read the backup folder again (cheap: no full checks)."""
        self.infos = backup.backup_infos(self.database)
        self.table.setRowCount(len(self.infos))
        for row, info in enumerate(self.infos):
            mark = (tr("✓ 已核对") if info.verified else
                    tr("✗ 损坏：{why}").format(why=info.problem) if info.problem else tr("未核对"))
            values = (f"{info.taken_at:%Y-%m-%d %H:%M:%S}", info.reason, size_text(info.size),
                      "—" if info.villages is None else str(info.villages),
                      "—" if info.voters is None else str(info.voters), mark)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (2, 3, 4):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if info.problem:
                    item.setForeground(BROKEN)
                item.setToolTip(info.path.name)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column in range(len(self.HEADERS) - 1):  # room to breathe between the columns
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 18)
        if select is not None:
            for row, info in enumerate(self.infos):
                if info.path == select:
                    self.table.selectRow(row)
        elif self.infos:
            self.table.selectRow(0)
        broken = sum(bool(info.problem) for info in self.infos)
        if not self.infos:
            self._say(tr("还没有备份。"), error=False)
        elif broken and not self.message.text():
            self._say(tr("有 {n} 份备份已损坏，不能用于恢复；新的备份不受影响。").format(n=broken), error=True)
        self._selection_changed()

    def selected(self) -> backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        info = self.selected()
        usable = info is not None and not info.problem
        self.verify_button.setEnabled(usable)
        self.restore_button.setEnabled(usable and not self.read_only)

    def _say(self, text: str, error: bool = False, ok: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else HINT_STYLE)
        self.message.setText(text)

    def _busy(self, busy: bool) -> None:
        for button in (self.backup_button, self.verify_button, self.restore_button):
            button.setEnabled(not busy)
        self.setCursor(Qt.BusyCursor if busy else Qt.ArrowCursor)
        if not busy:
            self._selection_changed()
            if self.read_only:
                self.backup_button.setEnabled(False)

    # --- actions -------------------------------------------------------------------------
    def backup_action(self) -> None:
        """Back the database up now (in the background: the copy is checked whole)."""
        from ui.tasks import run_in_background

        self._busy(True)
        self._say(tr("正在备份并核对副本…"))
        database = self.database
        self.task = run_in_background(lambda _report, _cancelled: backup.make_backup(database, backup.MANUAL),
                                      on_success=self._backed_up, on_failure=self._failed, parent=self)

    def _backed_up(self, path: Path) -> None:
        self._busy(False)
        self._say(tr("已备份并核对：{name}").format(name=path.name), ok=True)
        self.reload(select=path)

    def _failed(self, problem: BaseException) -> None:
        self._busy(False)
        if isinstance(problem, backup.BackupError):
            self._say(str(problem), error=True)
        else:
            from ui.app import log_unexpected

            log_unexpected(problem)
            self._say(tr("操作没有完成，详细情况已写入错误日志。"), error=True)
        self.reload()

    def verify_action(self) -> None:
        """Check the selected backup whole (integrity and audit chain) in the background."""
        from ui.tasks import run_in_background

        info = self.selected()
        if info is None:
            return
        self._busy(True)
        self._say(tr("正在核对所选备份（完整性和审计记录）…"))
        path = info.path
        self.task = run_in_background(lambda _report, _cancelled: backup.verify_backup(path),
                                      on_success=self._verified, on_failure=self._failed, parent=self)

    def _verified(self, info: backup.BackupInfo) -> None:
        self._busy(False)
        if info.verified:
            self._say(tr("所选备份完好，审计记录完整。"), ok=True)
        else:
            self._say(tr("所选备份不能用于恢复：{why}").format(why=info.problem), error=True)
        self.reload(select=info.path)

    def restore_action(self) -> None:
        """Check the selected backup, show what restoring replaces, restore if confirmed."""
        from ui.tasks import run_in_background

        info = self.selected()
        if info is None or info.problem or self.read_only:
            return
        self._busy(True)
        self._say(tr("正在核对所选备份，并与当前数据库比较…"))
        database, path = self.database, info.path
        self.task = run_in_background(lambda _report, _cancelled: backup.prepare_restore(database, path),
                                      on_success=self._prepared, on_failure=self._failed, parent=self)

    def _prepared(self, plan: backup.RestorePlan) -> None:
        self._busy(False)
        self._say("")
        confirm = RestoreConfirmDialog(plan, self)
        if not confirm_restore(confirm):
            self._say(tr("没有恢复。"))
            self.reload(select=plan.backup.path)
            return
        self.apply_restore(plan)

    def apply_restore(self, plan: backup.RestorePlan) -> bool:
        """Restore now (the clerk has confirmed); the window continues on the restored file."""
        store = self.ctx.store if self.ctx is not None else None
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            reopened = backup.restore(store, plan, self.operator)
        except backup.BackupError as error:
            QApplication.restoreOverrideCursor()
            self._say(str(error), error=True)
            if store is not None:  # still the old file: carry on with it
                self._reopen_after_failure()
            self.reload()
            return False
        QApplication.restoreOverrideCursor()
        self.new_store = reopened
        if self.ctx is not None:
            self.ctx.replace_store(reopened)
        self.restored.emit(reopened)
        self._say(tr("已恢复到 {when} 的备份（{reason}）。恢复前的数据库已另存为备份，恢复已记入审计记录。").format(
            when=f"{plan.backup.taken_at:%Y-%m-%d %H:%M}", reason=plan.backup.reason), ok=True)
        self.reload(select=plan.backup.path)
        return True

    def _reopen_after_failure(self) -> None:
        from workflows.core.store import StoreError, open_store

        try:
            self.ctx.replace_store(open_store(self.ctx.store.url))
        except StoreError as error:
            self._say(str(error), error=True)


def confirm_restore(dialog: RestoreConfirmDialog) -> bool:
    """Ask (tests replace this function instead of clicking the modal dialog)."""
    return dialog.exec() == QDialog.Accepted


class RestoreConfirmDialog(QDialog):
    """What the restore replaces: shown before the clerk confirms."""

    def __init__(self, plan: backup.RestorePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from workflows.core.backup_admin import restore_consequences

        self.plan = plan
        self.setObjectName("restore_confirm")
        self.setWindowTitle(tr("确认恢复"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        info = plan.backup
        title = QLabel(tr("用 {when} 的备份（{reason}）替换当前数据库？").format(
            when=f"{info.taken_at:%Y-%m-%d %H:%M}", reason=info.reason), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        layout.addWidget(title)
        checked = QLabel(tr("✓ 备份完好（完整性检查通过），审计记录完整。备份中有 {v} 个村、{n} 名选民。"
                            "当前数据库会先另存为一份备份。").format(v=info.villages, n=info.voters), self)
        checked.setStyleSheet(OK_STYLE)
        checked.setWordWrap(True)
        layout.addWidget(checked)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("restore_details")
        self.details.setReadOnly(True)
        self.details.setPlainText("\n".join(restore_consequences(plan)))
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(self)
        self.confirm_button = buttons.addButton(tr("恢复"), QDialogButtonBox.AcceptRole)
        self.confirm_button.setObjectName("confirm_restore_button")
        buttons.addButton(tr("取消"), QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

