"""Start the GUI: application, fonts, database, operator name, main window."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.context import AppContext
from ui.fonts import register_ui_font
from ui.i18n import tr
from ui.signals import AppSignals
from workflows import config
from workflows.store import StoreError, open_store

APP_STYLE = """
QTreeWidget, QTableView, QTableWidget { font-size: 10.5pt; }
QHeaderView::section { padding: 4px 6px; font-weight: bold; }
QPushButton { padding: 4px 12px; }
"""


def create_application() -> QApplication:
    """The QApplication with the bundled font and the program's style."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("VillageElectionWorkbench")
    app.setApplicationDisplayName(tr("村“两委”换届选举工作台"))
    register_ui_font(app)
    app.setStyleSheet(APP_STYLE)
    return app


def open_context(args: Namespace, interactive: bool) -> AppContext:
    """Open the database (rebuilding the demo if asked) and build the shared context."""
    url = config.resolve_database_url(args.db, demo=args.demo)
    if args.demo:
        _reset_demo(config.sqlite_path_of(url))
    store = open_store(url)
    if args.demo:
        from workflows.demo import build_demo

        build_demo(store, config.today())
    settings = config.Settings()
    return AppContext(store, settings, AppSignals(), demo=args.demo)


def _reset_demo(path: Path | None) -> None:
    """The demo database is rebuilt at every start so its dates stay relative to today."""
    if path is None:
        return
    for suffix in ("", "-wal", "-shm"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            candidate.unlink()


def run(args: Namespace) -> int:
    """Run the GUI until the main window closes; returns the exit code."""
    interactive = not (args.screenshot or args.quit_when_shown)
    app = create_application()
    try:
        ctx = open_context(args, interactive)
    except StoreError as refused:
        if interactive:
            QMessageBox.critical(None, tr("无法打开数据库"), str(refused))
        print(str(refused), file=sys.stderr)
        return 2
    if interactive and not ctx.settings.operator and not _ask_operator(ctx):
        return 0
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    if args.screenshot:
        return _screenshot(app, window, Path(args.screenshot))
    if args.quit_when_shown:
        QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
    return app.exec()


def _ask_operator(ctx: AppContext) -> bool:
    from ui.dialogs.operator_dialog import OperatorDialog

    return bool(OperatorDialog(ctx.settings).exec())


def _screenshot(app: QApplication, window, path: Path) -> int:
    for _ in range(3):
        app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        print(f"无法写入截图文件：{path}", file=sys.stderr)
        return 1
    return 0
