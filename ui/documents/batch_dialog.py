"""Print or save many generated documents in one go, in the background, with a summary.

Each item is a name and a function that produces the PDF bytes (rendering with reportlab
is slow). The job renders the items one after another on a worker thread and either
prints them all into one print job or saves ``<folder>/<name>.pdf``; one failing item is
reported and the others go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.documents.pdf_printing import PrinterError, PrintJob, safe_file_name, save_pdf
from ui.i18n import tr
from ui.tasks import TaskHandle, run_in_background
from ui.widgets.forms import ERROR_STYLE, MARGIN, SPACING, heading

Item = tuple[str, Callable[[], bytes]]
Mode = Literal["print", "save"]
STEPS = 100  # progress units per item, so pages within an item move the bar too
NAME_CHARS = 24


log = logging.getLogger(__name__)


@dataclass
class BatchOutcome:
    """What a batch run achieved."""

    done: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    cancelled: bool = False


def failure_text(problem: BaseException) -> str:
    """A failure in plain Chinese for the summary (never a program error's own text)."""
    if isinstance(problem, OSError) and problem.strerror:
        where = f"{problem.filename}：" if problem.filename else ""
        return tr("无法写入文件：{where}{reason}").format(where=where, reason=problem.strerror)
    if isinstance(problem, ValueError | PrinterError) and str(problem):
        return str(problem)  # the PDF and printing layers word these for the clerk
    log.warning("batch item failed", exc_info=problem)
    return tr("程序出错，这一份没有完成（详细情况已写入日志）。")


def unique_file_name(name: str, used: set[str]) -> str:
    """A safe ``<name>.pdf``, numbered when the batch already wrote that name."""
    stem = safe_file_name(name)
    candidate, number = f"{stem}.pdf", 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{stem}（{number}）.pdf"
    used.add(candidate.casefold())
    return candidate


def run_batch(items: list[Item], mode: Mode, printer: QPrinter | None, folder: Path | None,
              report, is_cancelled) -> BatchOutcome:
    """Worker side: produce each document, then print or save it (no widgets here)."""
    outcome = BatchOutcome()
    job = PrintJob(printer) if mode == "print" else None
    total = len(items) * STEPS
    used: set[str] = set()
    try:
        for position, (name, produce) in enumerate(items):
            if is_cancelled():
                outcome.cancelled = True
                break
            report(position * STEPS, total, name)
            try:
                data = produce()
                if job is not None:
                    def pages(done: int, count: int, position=position, name=name) -> None:
                        report(position * STEPS + STEPS * done // max(count, 1), total, name)
                    job.add(data, progress=pages, cancelled=is_cancelled)
                else:
                    save_pdf(data, folder / unique_file_name(name, used))
            except PrinterError as problem:
                # The printer itself is gone: every item still waiting fails the same way.
                outcome.failed.extend((left, str(problem)) for left, _ in items[position:])
                break
            except Exception as problem:  # one bad document must not stop the rest
                outcome.failed.append((name, failure_text(problem)))
                continue
            if is_cancelled() and job is not None:
                outcome.cancelled = True  # stopped between pages: this document is incomplete
                break
            outcome.done += 1
            report((position + 1) * STEPS, total, name)
    finally:
        if job is not None:
            job.finish()
    return outcome


class BatchDialog(QDialog):
    """Progress, cancel and a summary for printing or saving many documents."""

    finished = Signal(int, int, bool)  # done, failed, cancelled (shadows QDialog.finished)

    def __init__(self, items: list[Item], mode: Mode, *, printer: QPrinter | None = None,
                 folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if mode == "print" and printer is None:
            raise ValueError("printing needs a printer")
        if mode == "save" and folder is None:
            raise ValueError("saving needs a folder")
        self.items = list(items)
        self.mode = mode
        self.printer = printer
        self.folder = Path(folder) if folder is not None else None
        self.task: TaskHandle | None = None
        self.outcome: BatchOutcome | None = None
        self.setWindowTitle(tr("批量打印") if mode == "print" else tr("批量保存PDF"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        target = (tr("打印机：{name}").format(name=printer.printerName() or tr("PDF 文件"))
                  if mode == "print" else tr("保存到：{folder}").format(folder=self.folder))
        layout.addWidget(heading(tr("共 {count} 份文书").format(count=len(self.items)), self))
        where = QLabel(target, self)
        where.setWordWrap(True)
        layout.addWidget(where)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("batch_progress")
        self.progress.setRange(0, max(1, len(self.items) * STEPS))
        self.progress.setValue(0)
        self.progress.setFormat(tr("等待开始"))
        layout.addWidget(self.progress)
        self.summary = QLabel(self)
        self.summary.setObjectName("batch_summary")
        self.summary.setWordWrap(True)
        self.summary.hide()
        layout.addWidget(self.summary)
        self.failures = QPlainTextEdit(self)
        self.failures.setObjectName("batch_failures")
        self.failures.setReadOnly(True)
        self.failures.setStyleSheet(ERROR_STYLE)
        self.failures.setMaximumHeight(140)
        self.failures.hide()
        layout.addWidget(self.failures)
        buttons = QDialogButtonBox(self)
        self.cancel_button = QPushButton(tr("取消"), self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.clicked.connect(self.cancel_action)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = QPushButton(tr("关闭"), self)
        self.close_button.setObjectName("close_button")
        self.close_button.clicked.connect(self.accept)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.hide()  # after addButton, which shows it
        layout.addWidget(buttons)

    def start(self) -> TaskHandle:
        """Begin producing and printing or saving the documents in the background."""
        if self.task is not None:
            return self.task
        items, mode, printer, folder = self.items, self.mode, self.printer, self.folder
        self.task = run_in_background(
            lambda report, is_cancelled: run_batch(items, mode, printer, folder, report,
                                                   is_cancelled),
            on_success=self._batch_result, on_failure=self._batch_failed,
            on_progress=self._show_progress, parent=self)
        return self.task

    @property
    def running(self) -> bool:
        """True while the background job has not reported its outcome."""
        return self.task is not None and not self.task.delivered

    def cancel_action(self) -> None:
        """Stop after the page or document being processed now."""
        if not self.running:
            self.reject()
            return
        self.task.cancel()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(tr("正在取消…"))

    def _show_progress(self, done: int, total: int, name: str) -> None:
        count = len(self.items)
        current = min(done // STEPS + 1, count)
        shown = name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1] + "…"
        shown = shown.replace("%", "％")  # QProgressBar would expand %p, %v and %m
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(tr("正在处理 {current}/{count}：{name}").format(
            current=current, count=count, name=shown))
        self.progress.setToolTip(name)

    def _batch_result(self, outcome: BatchOutcome) -> None:
        self.outcome = outcome
        self.progress.setFormat(tr("已处理 {done}/{count}").format(
            done=outcome.done + len(outcome.failed), count=len(self.items)))
        if not outcome.cancelled:
            self.progress.setValue(self.progress.maximum())
        verb = tr("已打印") if self.mode == "print" else tr("已保存")
        parts = [tr("{verb} {done} 份").format(verb=verb, done=outcome.done)]
        if outcome.failed:
            parts.append(tr("失败 {failed} 份").format(failed=len(outcome.failed)))
        if outcome.cancelled:
            left = len(self.items) - outcome.done - len(outcome.failed)
            parts.append(tr("已取消，其余 {left} 份未处理").format(left=left))
        self.summary.setText("，".join(parts) + "。")
        self.summary.show()
        if outcome.failed:
            self.failures.setPlainText("\n".join(
                tr("{name}：{reason}").format(name=name, reason=reason)
                for name, reason in outcome.failed))
            self.failures.show()
        self._finish()
        self.finished.emit(outcome.done, len(outcome.failed), outcome.cancelled)

    def _batch_failed(self, problem: BaseException) -> None:
        # run_batch catches per-item failures; reaching here means the job itself broke.
        reason = failure_text(problem)
        self._batch_result(BatchOutcome(0, [(name, reason) for name, _ in self.items], False))

    def _finish(self) -> None:
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def reject(self) -> None:
        """Esc or the window's close box: cancel a running batch first, then close."""
        if self.running:
            self.cancel_action()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing while running only asks the batch to stop."""
        if self.running:
            self.cancel_action()
            event.ignore()
            return
        super().closeEvent(event)
