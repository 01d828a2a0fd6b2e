"""Child process of bench.township's start-up row: print "painted" once the overview is drawn.

    python bench/township_startup.py program --db FILE   the workbench, like main.py --db FILE
    python bench/township_startup.py bare                a QMainWindow with a 40-row QTableWidget

``program`` goes through main.py's argument parser and ui.app's own start-up pieces
(create_application, MainWindow, Startup.load on the first event-loop turn), exactly as
``main.py --db FILE --quit-when-shown`` does — that flag only makes the start-up
non-interactive (no operator prompt). Instead of quitting on the first turn it waits for
the first paint of the overview table's viewport with its rows in place, prints
"painted" and quits. The parent times from launching the process to each printed line.
Only PySide6 is imported before the window exists, as in main.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
ROWS, COLUMNS = 40, 8


def watch_paint(widget, ready, app) -> None:
    """Print "painted" at the first paint of ``widget`` once ``ready()``, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def eventFilter(self, _obj, event):  # noqa: N802
            if event.type() == QEvent.Paint and ready():
                widget.removeEventFilter(self)
                QTimer.singleShot(0, lambda: (print("painted", flush=True), app.quit()))
            return False

    widget._bench_watcher = Watcher(widget)
    widget.installEventFilter(widget._bench_watcher)
    widget.update()


def program(database: str) -> int:
    sys.path.insert(0, str(ROOT))
    import main as entry  # main.py: argument parsing, as a real start

    args = entry.build_parser().parse_args(["--db", database, "--quit-when-shown"])
    from PySide6.QtCore import QTimer

    from ui.app import Startup, create_application
    from ui.shell.main_window import MainWindow

    app = create_application()
    window = MainWindow(demo=args.demo)
    startup = Startup(app, window, args)
    window.show()

    def load() -> None:
        print("shown", flush=True)
        try:
            loaded = startup.load()
        except BaseException as error:  # a slot's exception would leave the loop running
            print(f"failed: {error!r}", file=sys.stderr, flush=True)
            loaded = False
        if not loaded:
            app.exit(3)
            return
        table = window.overview.table
        watch_paint(table.viewport(), lambda: table.model().rowCount() > 0
                    and window.pages.currentWidget() is window.overview, app)

    QTimer.singleShot(0, load)
    return app.exec()


def bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    table = QTableWidget(ROWS, COLUMNS, window)
    for row in range(ROWS):
        for column in range(COLUMNS):
            table.setItem(row, column, QTableWidgetItem(f"第{row + 1}行第{column + 1}列"))
    window.setCentralWidget(table)
    window.show()
    QTimer.singleShot(0, lambda: print("shown", flush=True))
    watch_paint(table.viewport(), lambda: True, app)
    return app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "program":
        sys.exit(program(sys.argv[3]))
    sys.exit(bare())
