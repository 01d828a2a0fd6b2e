"""The main window: villages on the left, overview or village in the centre, deadline banner.

The window is built in two steps so it appears at once: the frame (menus, panes, a
“正在打开数据库…” banner) needs only Qt; :meth:`MainWindow.attach` then opens the pages
that import the database layer, right after the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import interaction
from ui.i18n import tr, tr_msg
from ui.icons import status_icon
from ui.signals import Changes
from ui.widgets.forms import MARGIN, heading

if TYPE_CHECKING:
    from ui.context import AppContext

VILLAGE_ROLE = Qt.UserRole + 1
BANNER_LATE = "background: #ffebee; color: #b71c1c; padding: 6px 10px; border-radius: 4px;"
BANNER_OK = "background: #e8f5e9; color: #1b5e20; padding: 6px 10px; border-radius: 4px;"
BANNER_READ_ONLY = "background: #fff8e1; color: #6d4c00; padding: 6px 10px; border-radius: 4px;"
DAILY_BACKUP_MS = 60 * 60 * 1000  # while the program stays open: one backup a day
APP_TITLE = "村“两委”换届选举工作台"


class MainWindow(QMainWindow):
    """Township tree, pages and menus; refreshes on the application's change signals."""

    def __init__(self, ctx: AppContext | None = None, demo: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.demo = demo
        self.setObjectName("main_window")
        self.setWindowTitle(tr(APP_TITLE) + (tr("（演示）") if demo else ""))
        self.resize(1280, 800)
        self.actions_needing_data: list[QAction] = []
        self.edit_actions: list[QAction] = []  # disabled, with the reason, when read-only
        self._build()
        self._menus()
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Connect the opened database: build the pages and show the data."""
        from ui.shell.overview import OverviewPage
        from ui.shell.village_page import VillagePage

        self.ctx = ctx
        self.demo = ctx.demo
        self.overview = OverviewPage(ctx, self.pages)
        self.overview.village_activated.connect(self.open_village)
        self.village_page = VillagePage(ctx, self.pages)
        self.village_page.edit_village_requested.connect(self.edit_village_action)
        self.village_page.setup_election_requested.connect(self.election_setup_action)
        self.village_page.audit_requested.connect(self.audit_action)
        self.pages.addWidget(self.overview)
        self.pages.addWidget(self.village_page)
        ctx.signals.changed.connect(self.changed_result)
        ctx.signals.operator_changed.connect(lambda _name: self._update_status())
        for action in self.actions_needing_data:
            action.setEnabled(True)
        self.add_village_button.setEnabled(True)
        self.apply_read_only()
        self.refresh()
        self._start_daily_backups()

    # --- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(MARGIN // 2, MARGIN // 2, MARGIN // 2, 0)
        self.read_only_banner = QLabel(central)
        self.read_only_banner.setObjectName("read_only_banner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(BANNER_READ_ONLY)
        self.read_only_banner.hide()
        column.addWidget(self.read_only_banner)
        self.banner = QLabel(tr("正在打开数据库…"), central)
        self.banner.setObjectName("deadline_banner")
        self.banner.setWordWrap(True)
        column.addWidget(self.banner)
        splitter = QSplitter(Qt.Horizontal, central)
        splitter.addWidget(self._left_panel(splitter))
        self.pages = QStackedWidget(splitter)
        self.loading = QWidget(self.pages)  # shown until the database is open
        self.welcome = self._welcome_page()
        self.pages.addWidget(self.loading)
        self.pages.addWidget(self.welcome)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 1050])
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _left_panel(self, parent: QWidget) -> QWidget:
        panel = QWidget(parent)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget(panel)
        self.tree.setObjectName("village_tree")
        self.tree.setHeaderHidden(True)
        self.tree.itemActivated.connect(self._tree_activated)
        self.tree.itemClicked.connect(self._tree_activated)
        column.addWidget(self.tree, 1)
        self.add_village_button = QPushButton(tr("新建村…"), panel)
        self.add_village_button.setObjectName("add_village_button")
        self.add_village_button.clicked.connect(self.add_village_action)
        self.add_village_button.setEnabled(False)
        column.addWidget(self.add_village_button)
        return panel

    def _welcome_page(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(MARGIN * 3, MARGIN * 3, MARGIN * 3, MARGIN * 3)
        column.addWidget(heading(tr("欢迎使用村“两委”换届选举工作台"), page))
        text = QLabel(tr("第一步：新建本乡镇，选择适用的规则配置。之后逐个添加行政村，设置各村的选举日和职数，"
                         "程序会算出每一个法定期限，并在总览中提示到期和逾期事项。"), page)
        text.setWordWrap(True)
        column.addWidget(text)
        button = QPushButton(tr("新建乡镇…"), page)
        button.setObjectName("create_township_button")
        button.clicked.connect(self.new_township_action)
        self.create_township_button = button
        column.addWidget(button, 0, Qt.AlignLeft)
        column.addStretch(1)
        return page

    def _menus(self) -> None:
        bar = self.menuBar()
        # (text, slot, shortcut, changes data): an action that changes data is disabled,
        # with the reason, while the database is read-only.
        self._menu(bar.addMenu(tr("文件(&F)")), [
            (tr("立即备份"), self.backup_action, None, False),
            (tr("备份与恢复…"), self.backup_dialog_action, None, False),
            (tr("退出"), self.close, QKeySequence.Quit, False),
        ])
        self._menu(bar.addMenu(tr("乡镇(&T)")), [
            (tr("新建乡镇…"), self.new_township_action, None, True),
            (tr("编辑乡镇…"), self.edit_township_action, None, True),
            (tr("切换乡镇…"), self.switch_township_action, None, False),
            (tr("规则配置…"), self.profile_action, None, True),
            (tr("近亲属关系…"), self.relatives_action, None, True),
            (tr("外乡镇选民名单（重复登记核对）…"), self.reference_lists_action, None, True),
        ])
        self._menu(bar.addMenu(tr("村(&V)")), [
            (tr("新建村…"), self.add_village_action, QKeySequence.New, True),
            (tr("编辑当前村…"), lambda: self.edit_village_action(self.village_page.village_id), None, True),
            (tr("当前村的选举设置…"), lambda: self.election_setup_action(
                self.village_page.village_id, self.village_page.election_id), None, True),
        ])
        self._menu(bar.addMenu(tr("查看(&W)")), [
            (tr("乡镇总览"), self.show_overview, QKeySequence("Ctrl+Home"), False),
            (tr("审计记录…"), lambda: self.audit_action(None), None, False),
        ])
        self._menu(bar.addMenu(tr("文书(&D)")), [
            (tr("核验文书…"), self.verify_action, None, False),
        ])
        self._menu(bar.addMenu(tr("设置(&S)")), [
            (tr("操作人员…"), self.operator_action, None, False),
            (tr("节假日表…"), self.holiday_action, None, True),
            (tr("笔画数据补录…"), self.stroke_action, None, True),
        ])
        self._menu(bar.addMenu(tr("帮助(&H)")), [(tr("关于"), self.about_action, None, False)], False)

    def _menu(self, menu, entries, needs_data: bool = True) -> None:
        menu.setToolTipsVisible(True)  # a disabled action says why
        for text, slot, shortcut, edits in entries:
            action = QAction(text, self)
            action.triggered.connect(slot)
            if shortcut is not None:
                action.setShortcut(shortcut)
            if needs_data:
                action.setEnabled(False)
                self.actions_needing_data.append(action)
            if edits:
                self.edit_actions.append(action)
            menu.addAction(action)

    # --- read-only mode ----------------------------------------------------------------
    def read_only_reason(self) -> str:
        """Why nothing may be changed now (empty when editing is allowed)."""
        if self.ctx is None:
            return ""
        if self.ctx.store.read_only:
            return self.ctx.store.read_only
        if self.ctx.store.integrity not in ("ok", "pending"):
            return tr("数据库文件已损坏，程序不再写入；请在“文件 → 备份与恢复”中选一份备份恢复。")
        return ""

    def apply_read_only(self) -> None:
        """Disable every action that changes data, each saying why; a banner says it too."""
        reason = self.read_only_reason()
        for action in self.edit_actions:
            action.setEnabled(not reason)
            action.setToolTip(reason or action.text())
            action.setStatusTip(reason)
        for button in (self.add_village_button, self.create_township_button):
            button.setEnabled(not reason)
            button.setToolTip(reason)
        self.read_only_banner.setText(tr("只读：{reason}").format(reason=reason))
        self.read_only_banner.setVisible(bool(reason))

    def integrity_checked(self, intact: bool) -> None:
        """The whole-file check after the first paint has finished."""
        if not intact:
            self.apply_read_only()

    # --- refresh ---------------------------------------------------------------------
    def changed_result(self, changes: Changes) -> None:
        """Redraw what an action changed: one village's row, or everything township-wide."""
        if changes.township or changes.villages or (changes.overview and changes.election_id is None):
            self.refresh()
            return
        if changes.overview and self.ctx.township_id is not None:
            self.overview.refresh_election(changes.election_id)
            rows = self.overview.rows()
            self._fill_tree(rows)
            self._update_banner(rows)
        if self.pages.currentWidget() is self.village_page:
            self.village_page.changed_result(changes)

    def refresh(self, *_args) -> None:
        """Recompute the overview and redraw the tree, banner, title and current page."""
        self._choose_township()
        self._update_title()
        self._update_status()
        if self.ctx.township_id is None:
            self.tree.clear()
            self.banner.hide()
            self.pages.setCurrentWidget(self.welcome)
            return
        self.overview.refresh()
        rows = self.overview.rows()
        self._fill_tree(rows)
        self._update_banner(rows)
        if self.pages.currentWidget() in (self.welcome, self.loading):
            self.pages.setCurrentWidget(self.overview)
        elif self.pages.currentWidget() is self.village_page:
            self.village_page.refresh()

    def _choose_township(self) -> None:
        from workflows.township.townships import township_choices

        with self.ctx.session() as session:
            ids = [township_id for township_id, _name in township_choices(session)]
        if self.ctx.township_id not in ids:
            last = self.ctx.settings.get("township_id")
            self.ctx.township_id = last if last in ids else (ids[0] if ids else None)

    def _update_title(self) -> None:
        from workflows.township.townships import township_name

        title = tr(APP_TITLE)
        if self.ctx.township_id is not None:
            with self.ctx.session() as session:
                title += f" — {township_name(session, self.ctx.township_id)}"
        if self.demo:
            title += tr("（演示）")
        self.setWindowTitle(title)

    def _update_status(self) -> None:
        from workflows.core.policy import presets
        from workflows.township.townships import township_preset

        preset = ""
        if self.ctx.township_id is not None:
            with self.ctx.session() as session:
                key = township_preset(session, self.ctx.township_id)
            preset = presets()[key].name if key in presets() else ""
        self.statusBar().showMessage(tr("操作人员：{op}　　规则：{preset}　　数据库：{db}{mode}").format(
            op=self.ctx.operator or tr("未署名"), preset=preset, db=self.ctx.store.where,
            mode=tr("（只读）") if self.ctx.store.read_only else ""))

    def _fill_tree(self, rows) -> None:
        from workflows.core.calendar import Status
        from workflows.township.townships import township_name

        selected = self.village_page.village_id if self.pages.currentWidget() is self.village_page else None
        self.tree.clear()
        with self.ctx.session() as session:
            name = township_name(session, self.ctx.township_id)
        root = QTreeWidgetItem(self.tree, [tr("{name}（总览）").format(name=name)])
        root.setData(0, VILLAGE_ROLE, None)
        font = root.font(0)
        font.setBold(True)
        root.setFont(0, font)
        for row in rows:
            item = QTreeWidgetItem(root, [row.village_name])
            item.setData(0, VILLAGE_ROLE, row.village_id)
            soon = row.next_milestone is not None and row.next_milestone.status == Status.DUE_SOON
            item.setIcon(0, status_icon("late" if row.late else "soon" if soon else
                                        "done" if row.finished else
                                        "pending" if row.election_id is None else "current"))
            if row.late:
                item.setToolTip(0, tr("逾期：") + "；".join(tr_msg(m.title) for m in row.late))
            if row.village_id == selected:
                self.tree.setCurrentItem(item)
        root.setExpanded(True)

    def _update_banner(self, rows) -> None:
        from workflows.core.calendar import DUE_SOON_DAYS, Status

        late = [row for row in rows if row.late]
        soon = [row for row in rows if not row.late and row.next_milestone is not None
                and row.next_milestone.status == Status.DUE_SOON]
        if late:
            names = "、".join(f"{row.village_name}（{tr_msg(row.late[0].title)}）" for row in late)
            text = tr("有 {n} 个村存在逾期的法定期限：{names}").format(n=len(late), names=names)
            self.banner.setStyleSheet(BANNER_LATE)
        else:
            text = tr("没有逾期的法定期限。")
            self.banner.setStyleSheet(BANNER_OK)
        if soon:
            text += "　" + tr("{n}日内到期：{names}").format(n=DUE_SOON_DAYS, names="、".join(
                f"{row.village_name}（{tr_msg(row.next_milestone.title)}）" for row in soon))
        self.banner.setText(text)
        self.banner.show()

    # --- navigation ------------------------------------------------------------------
    def _tree_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        village_id = item.data(0, VILLAGE_ROLE)
        if village_id is None:
            self.show_overview()
        else:
            self.open_village(village_id)

    def show_overview(self) -> None:
        """Go to the township overview."""
        if self.ctx.township_id is not None:
            self.pages.setCurrentWidget(self.overview)

    def open_village(self, village_id: int) -> None:
        """Show a village's page."""
        self.village_page.show_village(village_id)
        self.pages.setCurrentWidget(self.village_page)

    # --- actions ---------------------------------------------------------------------
    def new_township_action(self) -> None:
        """Create a township and make it current."""
        from ui.township.township_dialog import TownshipDialog

        dialog = TownshipDialog(self.ctx, parent=self)
        if dialog.exec():
            self._switch_to(dialog.township_id)

    def _switch_to(self, township_id: int) -> None:
        self.ctx.township_id = township_id
        self.ctx.settings.set("township_id", township_id)
        self.pages.setCurrentWidget(self.overview)
        self.refresh()

    def edit_township_action(self) -> None:
        """Edit the current township."""
        from ui.township.township_dialog import TownshipDialog

        if self._need_township():
            TownshipDialog(self.ctx, self.ctx.township_id, self).exec()

    def switch_township_action(self) -> None:
        """Choose another township stored in this database."""
        from PySide6.QtWidgets import QInputDialog

        from workflows.township.townships import township_choices

        with self.ctx.session() as session:
            townships = township_choices(session)
        if len(townships) < 2:
            interaction.inform(self, tr("切换乡镇"), tr("数据库中只有一个乡镇。"))
            return
        names = [name for _id, name in townships]
        name, ok = QInputDialog.getItem(self, tr("切换乡镇"), tr("乡镇："), names, 0, False)
        if ok:
            self._switch_to(townships[names.index(name)][0])

    def profile_action(self) -> None:
        """Edit the township's rules profile."""
        from ui.township.profile_dialog import ProfileDialog

        if self._need_township():
            ProfileDialog(self.ctx, self.ctx.township_id, self).exec()

    def add_village_action(self) -> None:
        """Create a village and open it."""
        from ui.township.village_dialog import VillageDialog

        if not self._need_township():
            return
        dialog = VillageDialog(self.ctx, self.ctx.township_id, parent=self)
        if dialog.exec():
            self.open_village(dialog.village_id)

    def edit_village_action(self, village_id: int | None) -> None:
        """Edit a village and its groups."""
        from ui.township.village_dialog import VillageDialog

        if village_id is None:
            interaction.inform(self, tr("编辑村"), tr("请先在左侧选择一个村。"))
            return
        VillageDialog(self.ctx, self.ctx.township_id, village_id, self).exec()

    def election_setup_action(self, village_id: int | None, election_id: int | None) -> None:
        """Set the election days and seats of a village."""
        from ui.township.election_dialog import ElectionDialog

        if village_id is None:
            interaction.inform(self, tr("选举设置"), tr("请先在左侧选择一个村。"))
            return
        dialog = ElectionDialog(self.ctx, village_id, election_id, self)
        if dialog.exec():
            self.open_village(village_id)

    def audit_action(self, village_id: int | None) -> None:
        """Show the audit history (optionally of one village)."""
        from ui.shell.audit_dialog import AuditDialog

        AuditDialog(self.ctx, self.ctx.township_id, village_id, self).exec()

    def verify_action(self) -> None:
        """Check a document by its verification code or against a PDF file."""
        from ui.documents.verify_dialog import VerifyDialog

        VerifyDialog(self.ctx, parent=self).exec()

    def operator_action(self) -> None:
        """Change the operator's name."""
        from ui.shell.operator_dialog import OperatorDialog

        if OperatorDialog(self.ctx.settings, self).exec():
            self.ctx.signals.operator_changed.emit(self.ctx.operator)

    def holiday_action(self) -> None:
        """Edit the holiday table."""
        from ui.township.holiday_dialog import HolidayDialog

        HolidayDialog(self.ctx, self).exec()

    def relatives_action(self) -> None:
        """Record close-relative relationships (VC-29) for the avoidance checks."""
        from ui.township.relatives_dialog import RelativesDialog

        if self._need_township():
            RelativesDialog(self.ctx, self).exec()

    def reference_lists_action(self) -> None:
        """Other townships' published lists, for the double-registration check (VC-09)."""
        from ui.township.reference_dialog import ReferenceListsDialog

        if self._need_township():
            ReferenceListsDialog(self.ctx, self).exec()

    def stroke_action(self) -> None:
        """Enter stroke data for characters the bundled table lacks."""
        from ui.township.stroke_dialog import StrokeDialog

        StrokeDialog(self.ctx, self).exec()

    def backup_action(self) -> None:
        """Back the database file up now (in the background: the copy is checked whole)."""
        from ui.tasks import run_in_background
        from workflows.core import backup

        path = self.ctx.store.sqlite_path
        if path is None:
            interaction.inform(self, tr("备份"), tr("服务器数据库请由管理员用数据库自带的工具备份。"))
            return
        self.statusBar().showMessage(tr("正在备份并核对副本…"))
        self.backup_task = run_in_background(
            lambda _report, _cancelled: backup.make_backup(path, backup.MANUAL),
            on_success=self.backup_result, on_failure=self.backup_failure, parent=self)

    def backup_result(self, copy) -> None:
        """Say where the checked copy went."""
        self._update_status()
        interaction.inform(self, tr("备份"), tr("已备份并核对：{name}\n（在“文件 → 备份与恢复”中可以查看全部备份）").format(
            name=copy.name))

    def backup_failure(self, problem: BaseException) -> None:
        """A backup that could not be made: one sentence (disk full, folder read-only…)."""
        from workflows.core import backup

        self._update_status()
        if isinstance(problem, backup.BackupError):
            interaction.error(self, str(problem), tr("备份没有完成"))
            return
        from ui.app import UNEXPECTED, log_unexpected, show_error

        path = log_unexpected(problem)
        show_error(self, tr(UNEXPECTED), tr("详细记录已写入错误日志：{path}").format(path=path))

    def backup_dialog_action(self) -> None:
        """文件 → 备份与恢复: the backups, backing up now, restoring one."""
        from ui.shell.backup_dialog import BackupDialog

        path = self.ctx.store.sqlite_path
        if path is None:
            interaction.inform(self, tr("备份与恢复"), tr("服务器数据库请由管理员用数据库自带的工具备份和恢复。"))
            return
        dialog = BackupDialog(self.ctx, path, self)
        dialog.restored.connect(self.store_replaced)
        self.backup_dialog = dialog
        dialog.exec()

    def store_replaced(self, _store) -> None:
        """The database was restored from a backup: redraw everything from the overview."""
        self.pages.setCurrentWidget(self.overview)
        self.apply_read_only()
        self.ctx.signals.report(Changes(township=True, villages=True, setup=True, stages=True,
                                        voters=True, documents=True))

    def _start_daily_backups(self) -> None:
        """While the program stays open, each new day gets its backup too."""
        from PySide6.QtCore import QTimer

        if getattr(self, "daily_timer", None) is not None:
            return
        self.daily_timer = QTimer(self)
        self.daily_timer.setInterval(DAILY_BACKUP_MS)
        self.daily_timer.timeout.connect(self.daily_backup)
        self.daily_timer.start()

    def daily_backup(self) -> None:
        """Today's backup, if the file has none yet (in the background)."""
        from ui.tasks import run_in_background
        from workflows.core import backup

        path = self.ctx.store.sqlite_path if self.ctx is not None else None
        if path is None or self.read_only_reason() or self.ctx.store.integrity != "ok":
            return
        self.daily_task = run_in_background(lambda _report, _cancelled: backup.daily_backup(path),
                                            parent=self)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Closing the window closes the database and gives its lock up."""
        super().closeEvent(event)
        if event.isAccepted() and self.ctx is not None:
            if getattr(self, "daily_timer", None) is not None:
                self.daily_timer.stop()
            self.ctx.store.dispose()

    def about_action(self) -> None:
        """About the program."""
        interaction.inform(self, tr("关于"), tr("{title}\n为乡镇换届办逐步办理村党组织和村民委员会换届选举，"
                                               "校验法定规则和期限，打印各环节文书。").format(title=tr(APP_TITLE)))

    def _need_township(self) -> bool:
        if self.ctx.township_id is None:
            interaction.inform(self, tr("提示"), tr("请先新建乡镇。"))
            return False
        return True

    def village_names(self) -> list[str]:
        """Names in the village tree (for tests)."""
        root = self.tree.topLevelItem(0)
        return [root.child(i).text(0) for i in range(root.childCount())] if root else []

    def village_id_by_name(self, name: str) -> int | None:
        """Look a village up by name in the current township."""
        from workflows.township.townships import village_id_named

        with self.ctx.session() as session:
            return village_id_named(session, self.ctx.township_id, name)
