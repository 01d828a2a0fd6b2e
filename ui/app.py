"""Start the GUI: the window frame first, then the database, operator name and data.

The frame needs only Qt, so it appears at once; SQLAlchemy, the models and the first
overview are loaded on the event loop's first turn, while the frame says
“正在打开数据库…”. ``--screenshot`` does everything before grabbing the window.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.fonts import register_ui_font
from ui.i18n import tr
from ui.shell.main_window import MainWindow
from workflows.core import config

APP_STYLE = """
QTreeWidget, QTableView, QTableWidget { font-size: 10.5pt; }
QHeaderView::section { padding: 4px 6px; font-weight: bold; }
QPushButton { padding: 4px 12px; }
"""


UNEXPECTED = "程序遇到意外错误，本次操作没有完成，已保存的数据不受影响。"


def log_unexpected(error: BaseException) -> Path:
    """Write an unexpected error (scrubbed of ID and phone numbers) to the rotating log."""
    return config.log_error(f"意外错误：{type(error).__name__}", error)


def show_error(parent, sentence: str, details: str = "", title: str | None = None) -> QMessageBox:
    """One short Chinese sentence; the details behind the “显示详细信息…” button."""
    box = QMessageBox(QMessageBox.Warning, title or tr("操作未完成"), sentence, QMessageBox.Ok, parent)
    box.setObjectName("error_box")
    if details:
        box.setDetailedText(details)
    if error_box_shown is not None:
        error_box_shown(box)
    else:  # pragma: no cover - interactive
        box.exec()
    return box


error_box_shown = None  # tests set a function here instead of running the modal box


def report_unexpected(kind, error, trace) -> None:
    """Last resort for an error inside a button's action: log it, tell the clerk in Chinese.

    A refusal of the database (``StoreError``: being checked, read-only, damaged, disk
    full, changed by someone else) or of a backup is said as it is; anything else gets one
    sentence, the log's place behind the details button — never the exception's own text,
    which may hold SQL or personal data.
    """
    from workflows.core.backup import BackupError
    from workflows.core.store import StoreError

    app = QApplication.instance()
    if isinstance(error, StoreError | BackupError):
        if app is not None:
            QMessageBox.information(app.activeWindow(), tr("暂不能保存"), config.scrub(str(error)))
        return
    path = config.log_error(f"意外错误：{kind.__name__}", (kind, error, trace))
    if app is not None and not isinstance(error, KeyboardInterrupt):
        from datetime import datetime

        show_error(app.activeWindow(), tr(UNEXPECTED), tr(
            "时间：{time}\n详细记录已写入错误日志：{path}\n请把这个文件发给技术人员（日志中的身份证号和电话已隐去）。"
        ).format(time=datetime.now().strftime("%Y-%m-%d %H:%M:%S"), path=path))


def create_application() -> QApplication:
    """The QApplication with Qt's own Chinese texts, the bundled font and the program's style."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("VillageElectionWorkbench")
    install_qt_translations(app)
    register_ui_font(app)
    app.setStyleSheet(APP_STYLE)
    return app


def install_qt_translations(app: QApplication) -> bool:
    """Qt's own dialogs, buttons and menus in Chinese (OK/Cancel, file and print dialogs,
    the calendar popup, context menus): the qtbase_zh_CN catalogue shipped with PySide6."""
    if getattr(app, "_qt_translator", None) is not None:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        return False
    app.installTranslator(translator)
    app._qt_translator = translator  # kept alive with the application
    return True


def open_context(args: Namespace, store=None):
    """Open the database (the demo's, rebuilt once a day, if asked) and build the context."""
    from ui.context import AppContext
    from ui.signals import AppSignals
    from workflows.core.store import open_store

    if store is None:
        url = config.resolve_database_url(args.db, demo=args.demo)
        if args.demo:
            from workflows.demo.township import open_demo

            store = open_demo(url, config.today(), defer_check=True)
        else:  # the whole-file check runs after the first paint (Startup.check); writes wait for it
            store = open_store(url, defer_check=True)
    return AppContext(store, config.Settings(), AppSignals(), demo=args.demo)


class Startup:
    """Opens the data into an already visible window; remembers the exit code."""

    def __init__(self, app: QApplication, window: MainWindow, args: Namespace) -> None:
        self.app, self.window, self.args = app, window, args
        self.interactive = not (args.screenshot or args.quit_when_shown)
        self.exit_code = 0

    def load(self, store=None) -> bool:
        """Open the database and attach it; on failure explain and stop the program (or,
        for a damaged file, offer to restore a backup)."""
        from workflows.core.store import StoreError

        if self.args.demo:
            self.window.banner.setText(tr("正在准备演示乡镇的数据（每天第一次启动约需十秒）…"))
            self.app.processEvents()
        try:
            ctx = open_context(self.args, store)
        except StoreError as refused:
            print(str(refused), file=sys.stderr)
            if self.interactive and self._offer_restore(refused):
                return self.load(self.restored_store)
            return self._stop(2)
        if ctx.store.read_only and self.interactive and not self.ask_read_only(ctx.store.read_only):
            ctx.store.dispose()
            return self._stop(0)
        self.window.attach(ctx)
        QTimer.singleShot(0, lambda: self.check(ctx))
        if self.interactive and not ctx.settings.operator and not ctx.store.read_only:
            # Asked over the loaded township (painted first), never over an empty window.
            QTimer.singleShot(0, lambda: self._ask_operator(ctx) or self._stop(0))
        return True

    def ask_read_only(self, reason: str) -> bool:
        """Another program holds the file, or it is read-only: open it read-only or quit."""
        box = QMessageBox(QMessageBox.Information, tr("只能以只读方式打开"),
                          reason + "\n" + tr("以只读方式打开后可以查看和打印，所有修改功能暂停使用。"),
                          QMessageBox.NoButton, self.window)
        box.addButton(tr("以只读方式打开"), QMessageBox.AcceptRole)
        quit_button = box.addButton(tr("退出"), QMessageBox.RejectRole)
        box.exec()
        return box.clickedButton() is not quit_button

    def _offer_restore(self, refused) -> bool:
        """A damaged file: offer 备份与恢复 (restoring keeps the damaged file as a copy)."""
        from workflows.core import backup
        from workflows.core.store import StoreDamaged

        self.restored_store = None
        url = config.resolve_database_url(self.args.db, demo=self.args.demo)
        path = config.sqlite_path_of(url)
        if (self.args.demo or path is None or not isinstance(refused, StoreDamaged)
                or not backup.list_backups(path)):
            QMessageBox.critical(self.window, tr("无法打开数据库"), str(refused))
            return False
        if not self.ask_restore(str(refused)):
            return False
        from ui.shell.backup_dialog import BackupDialog

        dialog = BackupDialog(None, path, self.window, operator=config.Settings().operator)
        dialog.exec()
        self.restored_store = dialog.new_store
        return self.restored_store is not None

    def ask_restore(self, refused: str) -> bool:
        """The file is damaged: restore a backup now, or quit."""
        box = QMessageBox(QMessageBox.Critical, tr("无法打开数据库"), refused, QMessageBox.NoButton,
                          self.window)
        restore = box.addButton(tr("从备份恢复…"), QMessageBox.AcceptRole)
        box.addButton(tr("退出"), QMessageBox.RejectRole)
        box.exec()
        return box.clickedButton() is restore

    def check(self, ctx) -> None:
        """Check the whole database file in the background, once the window is painted."""
        from ui.tasks import run_in_background

        if ctx.store.integrity != "pending":
            return
        self.check_task = run_in_background(lambda _report, _cancelled: ctx.store.verify_integrity(),
                                            on_success=self.checked_result, parent=self.window)

    def checked_result(self, intact: bool) -> None:
        """Say so at once if the file is damaged (writes stay refused)."""
        self.window.integrity_checked(intact)
        if not intact and self.interactive:
            QMessageBox.critical(self.window, tr("数据库文件已损坏"), tr(
                "检查发现数据库文件已损坏，程序将不再写入，以免损坏扩大；现有数据仍可查看和打印。"
                "请在“文件 → 备份与恢复”中选一份备份恢复。"))

    def _ask_operator(self, ctx) -> bool:
        from ui.shell.operator_dialog import OperatorDialog

        if not OperatorDialog(ctx.settings, self.window).exec():
            return False
        ctx.signals.operator_changed.emit(ctx.operator)
        return True

    def _stop(self, code: int) -> bool:
        self.exit_code = code
        self.window.close()
        self.app.exit(code)
        return False


def run(args: Namespace) -> int:
    """Run the GUI until the main window closes; returns the exit code."""
    config.private_files()  # the database, backups, logs and exports: the user's alone
    app = create_application()
    window = MainWindow(demo=args.demo)
    startup = Startup(app, window, args)
    if args.screenshot:
        window.show()
        if not startup.load():
            return startup.exit_code
        return _screenshot(app, window, Path(args.screenshot))
    window.show()
    sys.excepthook = report_unexpected  # errors in slots: a message, never a traceback
    if args.quit_when_shown:  # start-up benchmark: report the frame, then the data
        QTimer.singleShot(0, lambda: print("shown", flush=True))
        QTimer.singleShot(0, lambda: startup.load() and print("loaded", flush=True))
        QTimer.singleShot(0, app.quit)
    else:
        QTimer.singleShot(0, startup.load)
    code = app.exec()
    return startup.exit_code or code


def _screenshot(app: QApplication, window: MainWindow, path: Path) -> int:
    for _ in range(3):
        app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        print(f"无法写入截图文件：{path}", file=sys.stderr)
        return 1
    return 0
