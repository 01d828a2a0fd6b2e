"""Soak test: Qt calls and signal emits must not leak or drop references to None/True/False.

PySide6 6.12.0 on CPython 3.11 drops one reference to the returned bool on every
``SignalInstance.emit()`` and one reference to None on every Qt call that returns
nothing; the interpreter then aborts ("Fatal Python error: bool_dealloc" / "none_dealloc")
after a few hundred to a few thousand GUI operations (a working day at most). That is why
the program pins PySide6-Essentials 6.11.3 (docs/architecture.md, "Qt binding and PDF
rendering") and has no work-around of its own. This test runs >= 1,000,000 operations of
the kinds the program performs all day (signals to Python and C++ slots, Python virtuals
called from C++, the page viewer, background jobs) and asserts that the reference counts
of None, True and False do not drift. Keep it when upgrading PySide6: it is the check that
a new release is safe.

It checks after every block of ``BLOCK`` operations of one kind, so on a leaking release
it fails quickly, names the operation, and first gives back the lost references
(``Py_IncRef``) so that the test process survives to report instead of aborting.

On CPython >= 3.12 None/True/False are immortal and their refcounts are meaningless,
so the test is skipped there.

Offscreen: run with QT_QPA_PLATFORM=offscreen (set below if unset).
Size: QT_SOAK_OPS=<n> overrides the number of operations (default 1,000,000).
Standalone: ``python test_qt_soak.py [ops]`` prints per-kind drift and timing, and keeps
going on a leaking release (compensating after each block) to measure the drift.
"""

from __future__ import annotations

import ctypes
import gc
import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import (  # noqa: E402
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QImage, QPainter, QPaintEvent  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

TOTAL_OPS = int(os.environ.get("QT_SOAK_OPS", "1000000"))
# Operations of one kind between two refcount samples.  At most one reference is lost
# per operation, and True starts at ~580 references, so 200 cannot drive any count to
# zero before the check sees it and compensates.
BLOCK = 200
# Leak-free releases still move None by a few references while caches warm up (+1..+4 in
# the first rounds of proxy filtering on 6.10/6.11).  A binding bug moves a count by one
# per call, i.e. by up to BLOCK per block and by hundreds of thousands over the run.
BLOCK_SLACK = 8     # |drift| allowed in one block
TOTAL_SLACK = 32    # |drift| allowed over the whole soak, per singleton
IMMORTAL_SINGLETONS = sys.version_info >= (3, 12)

Operation = Callable[[int], object]


def refcounts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def give_back(obj: object, count: int) -> None:
    """Re-add ``count`` references to ``obj`` that a buggy binding dropped."""
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    for _ in range(count):
        incref(obj)


class Emitter(QObject):
    """Python-defined signals of the shapes the app uses."""

    number = Signal(int)
    ping = Signal()
    text = Signal(str)
    payload = Signal(object)
    queued = Signal(int, int, str)  # like ui.tasks' progress: delivered by the event loop
    to_cpp = Signal(str)        # connected to a C++ slot (QLabel.setText)
    unconnected = Signal(int)   # no receiver: emit() returns False


class Receiver(QObject):
    """Python slots; they return None, like the app's."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def on_any(self, *args: object) -> None:
        self.calls += 1


class Rows(QAbstractTableModel):
    """A small Python table model: data() is called back from C++ and returns None often."""

    def __init__(self, rows: int = 8, columns: int = 3) -> None:
        super().__init__()
        self.cells = [[f"{chr(0x5F20 + r)}{r}-{c}" for c in range(columns)] for r in range(rows)]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.cells[0])

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.cells[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section)
        return None


class Filter(QSortFilterProxyModel):
    """A Python-overridden virtual returning a bool to C++, called per row on filtering."""

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        return super().filterAcceptsRow(row, parent)


class EventFilter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        return False


class Painted(QWidget):
    """A Python paintEvent (a virtual returning None to C++) with the viewer's QPainter calls."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.image = QImage(16, 16, QImage.Format.Format_RGB32)
        self.image.fill(0xFFFFFFFF)
        self.resize(24, 24)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#7a7a7a"))
        painter.setPen(QColor("#5c5c5c"))
        painter.drawRect(QRect(2, 2, 18, 18))
        painter.drawImage(4, 4, self.image)
        painter.end()


def small_pdf() -> bytes:
    """A one-page PDF for the page viewer (reportlab, as the program's documents)."""
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(200, 2000))
    pdf.rect(20, 20, 160, 1960)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def build_operations() -> tuple[list[QWidget], list[tuple[str, Operation]]]:
    """The top-level windows (keep references!) and the operation kinds, each a callable
    of the iteration number. The first window stays hidden (no repaints on each change);
    the second, small one is shown for what must paint: a Python paintEvent, the viewer."""
    emitter, receiver = Emitter(), Receiver()
    for signal in (emitter.number, emitter.ping, emitter.text, emitter.payload):
        signal.connect(receiver.on_any)
    window = QWidget()
    label, line = QLabel(window), QLineEdit(window)
    check, spin, combo = QCheckBox(window), QSpinBox(window), QComboBox(window)
    progress = QProgressBar(window)
    emitter.to_cpp.connect(label.setText)
    line.textChanged.connect(receiver.on_any)        # C++ signal -> Python slot
    check.toggled.connect(receiver.on_any)           # ... with a bool argument
    spin.valueChanged.connect(receiver.on_any)
    spin.setRange(0, 1000)
    combo.addItems(["甲", "乙", "丙"])
    combo.currentIndexChanged.connect(receiver.on_any)
    model = Rows()
    proxy = Filter(window)
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    view = QTableView(window)
    view.setModel(proxy)
    watcher = EventFilter(window)
    line.installEventFilter(watcher)
    timer = QTimer(window)
    timer.timeout.connect(receiver.on_any)
    texts = ["", "张", "张1", "1-2", "x", "张三", "", "7"]
    top_left, bottom_right = model.index(0, 0), model.index(len(model.cells) - 1, 2)
    user_event = QEvent(QEvent.Type.User)
    button = QPushButton("确定", window)
    button.clicked.connect(receiver.on_any)           # clicked(bool) -> Python
    action = QAction("打印", window)
    action.triggered.connect(receiver.on_any)
    emitter.queued.connect(receiver.on_any, Qt.ConnectionType.QueuedConnection)
    table = QTableWidget(4, 3, window)
    for row in range(4):
        for column in range(3):
            table.setItem(row, column, QTableWidgetItem(f"{row}-{column}"))
    table.itemChanged.connect(receiver.on_any)
    table.currentCellChanged.connect(receiver.on_any)
    tree = QTreeWidget(window)
    tree_items = [QTreeWidgetItem(tree, [name]) for name in ("云溪镇", "石桥村", "上屋组")]
    tree.currentItemChanged.connect(receiver.on_any)
    date_edit = QDateEdit(window)
    date_edit.dateChanged.connect(receiver.on_any)
    days = [QDate(2026, 11, 21).addDays(n) for n in range(8)]
    notes = QPlainTextEdit(window)
    stage = QWidget()  # shown by the caller
    stage.resize(160, 220)
    painted = Painted(stage)
    canvas_image = QImage(32, 32, QImage.Format.Format_RGB32)

    def paint_on_image(i: int) -> None:
        painter = QPainter(canvas_image)
        painter.fillRect(0, 0, 32, 32, QColor("#ffffff"))
        painter.drawText(2, 20, texts[i & 7])
        painter.end()

    from ui.documents.page_view import PageView
    from ui.documents.pdf_pages import PdfPages

    pages = PdfPages(small_pdf())
    page_view = PageView(pages, stage)
    page_view.setGeometry(30, 0, 120, 200)
    page_bar = page_view.verticalScrollBar()
    window._soak_keep = (emitter, receiver, model, user_event, tree_items, pages)  # noqa: SLF001

    return [window, stage], [
        ("emit Python Signal(int) -> Python slot", lambda i: emitter.number.emit(i)),
        ("emit Python Signal() -> Python slot", lambda i: emitter.ping.emit()),
        ("emit Python Signal(str) -> Python slot", lambda i: emitter.text.emit(texts[i & 7])),
        ("emit Python Signal(object) -> Python slot", lambda i: emitter.payload.emit((i, None))),
        ("emit Python Signal(str) -> C++ slot", lambda i: emitter.to_cpp.emit(texts[i & 7])),
        ("emit unconnected Python Signal", lambda i: emitter.unconnected.emit(i)),
        ("QLineEdit.setText (textChanged -> Python)", lambda i: line.setText(texts[i & 7])),
        ("QLabel.setText", lambda i: label.setText(texts[i & 7])),
        ("QWidget.setEnabled", lambda i: label.setEnabled(bool(i & 1))),
        ("QWidget.isEnabled / hasFocus", lambda i: (label.isEnabled(), line.hasFocus())),
        ("QCheckBox.setChecked (toggled(bool) -> Python)", lambda i: check.setChecked(bool(i & 1))),
        ("QSpinBox.setValue (valueChanged -> Python)", lambda i: spin.setValue(i % 1000)),
        ("QComboBox.setCurrentIndex", lambda i: combo.setCurrentIndex(i % 3)),
        ("QProgressBar.setValue", lambda i: progress.setValue(i % 100)),
        ("proxy.setFilterFixedString (Python filterAcceptsRow/data)",
         lambda i: proxy.setFilterFixedString(texts[i & 7])),
        ("model.dataChanged.emit", lambda i: model.dataChanged.emit(top_left, bottom_right)),
        ("model.layoutChanged.emit", lambda i: model.layoutChanged.emit()),
        ("QTableView.selectRow", lambda i: view.selectRow(i % 4)),
        ("QTimer.start / stop", lambda i: (timer.start(60_000), timer.stop())),
        ("QObject.blockSignals / setProperty", lambda i: (line.blockSignals(False),
                                                          line.setProperty("soak", i & 1))),
        ("sendEvent through Python eventFilter",
         lambda i: QCoreApplication.sendEvent(line, user_event)),
        ("QPushButton.click (clicked(bool) -> Python)", lambda i: button.click()),
        ("QAction.trigger (triggered(bool) -> Python)", lambda i: action.trigger()),
        ("queued Signal(int, int, str) delivered by processEvents",
         lambda i: (emitter.queued.emit(i, 200, texts[i & 7]),
                    QCoreApplication.processEvents() if i % 20 == 19 else None)),
        ("QTableWidget.setCurrentCell / item.setText (itemChanged -> Python)",
         lambda i: (table.setCurrentCell(i & 3, i % 3), table.item(i & 3, 0).setText(texts[i & 7]))),
        ("QTreeWidget.setCurrentItem (currentItemChanged -> Python)",
         lambda i: tree.setCurrentItem(tree_items[i % 3])),
        ("QDateEdit.setDate (dateChanged -> Python)", lambda i: date_edit.setDate(days[i & 7])),
        ("QPlainTextEdit.setPlainText", lambda i: notes.setPlainText(texts[i & 7])),
        ("QWidget.setVisible / update", lambda i: (label.setVisible(bool(i & 1)), label.update())),
        ("QPainter on a QImage (fillRect, drawText, end)", paint_on_image),
        ("repaint -> Python paintEvent (QPainter)", lambda i: painted.repaint()),
        ("PageView scroll (valueChanged -> Python, scrollContentsBy override)",
         lambda i: page_bar.setValue(i % (page_bar.maximum() + 1))),
    ]


def soak(operations: list[tuple[str, Operation]], total: int, *, keep_going: bool,
         on_block: Callable[[], None] = lambda: None) -> dict:
    """Run >= ``total`` operations in blocks; return drift per kind and timing.

    Dropped references are always given back; a block drifting by more than BLOCK_SLACK
    is a failure, which stops the soak at the end of that round unless ``keep_going``.
    """
    rounds = max(1, math.ceil(total / (BLOCK * len(operations))))
    for _name, operation in operations:  # warm-up: first calls fill caches (None +1..+11)
        before = refcounts()
        for i in range(BLOCK):
            operation(i)
        for obj, value in zip((None, True, False), map(int.__sub__, refcounts(), before), strict=True):
            if value < 0:  # a leaking build: keep the process alive
                give_back(obj, -value)
    on_block()
    gc.collect()
    drift = {name: [0, 0, 0] for name, _ in operations}
    seconds = dict.fromkeys(drift, 0.0)
    failures: list[str] = []
    done = 0
    started = time.perf_counter()
    for round_number in range(rounds):
        for name, operation in operations:
            block_started = time.perf_counter()
            before = refcounts()
            for i in range(round_number * BLOCK, (round_number + 1) * BLOCK):
                operation(i)
            after = refcounts()
            seconds[name] += time.perf_counter() - block_started
            done += BLOCK
            if after != before:
                delta = [a - b for a, b in zip(after, before, strict=True)]
                for slot, value in enumerate(delta):
                    drift[name][slot] += value
                for obj, value in zip((None, True, False), delta, strict=True):
                    if value < 0:  # always: a few spare references to a singleton are harmless
                        give_back(obj, -value)
                if max(map(abs, delta)) > BLOCK_SLACK:
                    failures.append(f"{name}: None {delta[0]:+d}, True {delta[1]:+d}, "
                                    f"False {delta[2]:+d} over {BLOCK} operations")
        if failures and not keep_going:
            break  # after a whole round, so the message names every leaking kind
        on_block()  # let queued events run once per round, as a GUI would
    totals = [sum(per_kind[slot] for per_kind in drift.values()) for slot in range(3)]
    return {"ops": done, "seconds": time.perf_counter() - started, "drift": drift,
            "totals": totals, "failures": failures, "per_kind_seconds": seconds}


@pytest.mark.skipif(IMMORTAL_SINGLETONS, reason="None/True/False are immortal on CPython >= 3.12")
def test_no_refcount_drift_over_a_million_gui_operations(qtbot):
    windows, operations = build_operations()
    for window in windows:
        qtbot.addWidget(window)  # pytest-qt holds only a weak reference: keep ``windows``
    stage = windows[1]
    stage.show()  # repaint() and the page viewer need a visible window
    qtbot.waitExposed(stage)
    result = soak(operations, TOTAL_OPS, keep_going=False, on_block=QCoreApplication.processEvents)
    assert not result["failures"], (
        "Qt binding drops or leaks references (PySide6 refcount bug):\n  "
        + "\n  ".join(result["failures"]))
    assert result["ops"] >= TOTAL_OPS
    none, true, false = result["totals"]
    assert max(abs(none), abs(true), abs(false)) <= TOTAL_SLACK, (
        f"refcount drift over {result['ops']:,} operations: None {none:+d}, True {true:+d}, "
        f"False {false:+d}; per kind: {result['drift']}")
    print(f"\n{result['ops']:,} Qt operations in {result['seconds']:.1f} s, "
          f"drift None {none:+d} True {true:+d} False {false:+d}")


JOBS = 400  # background jobs, each reporting PROGRESS_STEPS times from its worker thread
PROGRESS_STEPS = 5
JOBS_PER_BATCH = 10  # at most ~150 emits between two checks
# PySide6 6.10-6.11 keep one reference to None per ``Signal.connect()`` (any thread). That
# over-counts None, which only ever grows, so it can never free it; harmless, unlike the
# dropped references of 6.12.0. run_in_background connects at most four times per job.
CONNECTS_PER_JOB = 4


@pytest.mark.skipif(IMMORTAL_SINGLETONS, reason="None/True/False are immortal on CPython >= 3.12")
def test_background_jobs_never_drop_references(qtbot):
    """ui.tasks: signals emitted in worker threads and queued to the GUI thread, thousands of times."""
    from ui.tasks import run_in_background

    def job(report, is_cancelled):
        for step in range(PROGRESS_STEPS):
            report(step, PROGRESS_STEPS, "")
        return -1 if is_cancelled() else PROGRESS_STEPS

    results: list[int] = []

    def run(count: int) -> None:
        handles = [run_in_background(job, on_success=results.append,
                                     on_progress=lambda done, total, text: None)
                   for _ in range(count)]
        qtbot.waitUntil(lambda: all(handle.delivered for handle in handles), timeout=60000)

    run(JOBS_PER_BATCH)  # warm-up: thread pool, caches
    gc.collect()
    none = true = false = 0
    for _ in range(JOBS // JOBS_PER_BATCH):
        # Small batches: on a binding that drops references, give them back before the
        # count can reach zero, so the test reports instead of the interpreter aborting.
        before = refcounts()
        run(JOBS_PER_BATCH)
        delta = [a - b for a, b in zip(refcounts(), before, strict=True)]
        for obj, value in zip((None, True, False), delta, strict=True):
            if value < 0:
                give_back(obj, -value)
        none, true, false = none + delta[0], true + delta[1], false + delta[2]
    assert results == [PROGRESS_STEPS] * (JOBS_PER_BATCH + JOBS)
    # Each job emits PROGRESS_STEPS + 1 times in its worker and as often on the GUI thread:
    # a binding that drops references moves a count down by thousands here.
    assert min(none, true, false) >= -TOTAL_SLACK, (
        f"references dropped over {JOBS} background jobs: None {none:+d}, True {true:+d}, "
        f"False {false:+d}")
    assert abs(true) <= TOTAL_SLACK and abs(false) <= TOTAL_SLACK
    assert none <= JOBS * CONNECTS_PER_JOB + TOTAL_SLACK


def main() -> None:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QApplication

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for ``ui``
    total = int(sys.argv[1]) if len(sys.argv) > 1 else TOTAL_OPS
    app = QApplication.instance() or QApplication([])
    windows, operations = build_operations()
    windows[1].show()
    app.processEvents()
    result = soak(operations, total, keep_going=True, on_block=app.processEvents)
    ops, seconds = result["ops"], result["seconds"]
    per_kind_ops = ops // len(operations)
    for window in windows:
        window.close()
    print(f"PySide6 {pyside_version}, Python {sys.version.split()[0]}: {ops:,} ops in "
          f"{seconds:.1f} s ({ops / seconds:,.0f} ops/s)")
    sums = result["totals"]
    print(f"  total drift None {sums[0]:+d} True {sums[1]:+d} False {sums[2]:+d}; per 1000 ops: "
          + " ".join(f"{n} {s * 1000 / ops:+.1f}" for n, s in zip(("None", "True", "False"), sums, strict=True)))
    for name, (n, t, f) in result["drift"].items():
        if n or t or f:
            print(f"  {name:58s} per op: None {n / per_kind_ops:+.2f} True {t / per_kind_ops:+.2f} "
                  f"False {f / per_kind_ops:+.2f}")
    slowest = sorted(result["per_kind_seconds"].items(), key=lambda item: -item[1])[:6]
    print("  slowest kinds: " + "; ".join(f"{name} {time_:.1f} s" for name, time_ in slowest))


if __name__ == "__main__":
    main()
