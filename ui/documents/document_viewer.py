"""Show a finished PDF document, page through it, zoom, print it or save a copy.

Every generated document (notices, ballots, registers) opens here: the clerk sees exactly
the bytes that will be printed or saved, never a separate on-screen rendering.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QProgressDialog,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import interaction
from ui.documents.page_view import PageView, ZoomMode
from ui.documents.pdf_printing import load_pdf, print_pdf, safe_file_name, save_pdf
from ui.i18n import tr
from ui.tasks import TaskHandle, run_in_background
from ui.widgets.base_dialog import fit_to_screen
from ui.widgets.forms import HINT_STYLE, MARGIN, SPACING


class DocumentViewer(QDialog):
    """A PDF in a continuous page view with a toolbar: pages, zoom, print, save."""

    printed = Signal(int)  # pages sent to the printer, after a print run ends

    # Remembered for the session so each save starts in the folder used last.
    last_folder: Path | None = None

    def __init__(self, data: bytes, title: str, *, suggested_name: str = "document.pdf",
                 parent: QWidget | None = None, info: str = "") -> None:
        super().__init__(parent)
        self.data = data
        self.suggested_name = safe_file_name(suggested_name)
        self.print_task: TaskHandle | None = None
        self.setWindowTitle(title)
        # Callers only exec() the viewer; deleting it on close frees the PDFium document
        # and the rendered pages instead of keeping them until the parent window goes.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        fit_to_screen(self, 900, 1000)
        self.document = load_pdf(data)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        layout.addWidget(self._toolbar())
        # The caller's note (code, preview) and the faces each role prints with, e.g.
        # “正文：仿宋”, so the clerk sees a substitute font before printing.
        from printing.fonts import faces_line

        info = "　".join(part for part in (info, faces_line(data)) if part)
        if info:
            note = QLabel(info, self)
            note.setObjectName("info_label")
            note.setStyleSheet(HINT_STYLE)
            note.setWordWrap(True)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(note)
        self.view = PageView(self.document, self)
        self.view.setObjectName("pdf_view")
        layout.addWidget(self.view, 1)
        self.view.current_page_changed.connect(self._show_page)
        self.view.setFocus()  # arrow keys, Home and End scroll the pages at once
        self._show_page(0)

    def _toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setObjectName("viewer_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.layout().setSpacing(4)
        self._action(bar, "previous_button", tr("上一页"), self.previous_action,
                     [QKeySequence(Qt.Key.Key_PageUp)])
        self.page_label = QLabel(self)
        self.page_label.setObjectName("page_label")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setMinimumWidth(self.page_label.fontMetrics().horizontalAdvance(
            tr("第 {page} 页 / 共 {count} 页").format(page=888, count=888)))
        bar.addWidget(self.page_label)
        self._action(bar, "next_button", tr("下一页"), self.next_action,
                     [QKeySequence(Qt.Key.Key_PageDown)])
        bar.addSeparator()
        self._action(bar, "zoom_out_button", tr("缩小"), self.zoom_out_action,
                     [QKeySequence(QKeySequence.StandardKey.ZoomOut), QKeySequence("Ctrl+-")])
        self._action(bar, "zoom_in_button", tr("放大"), self.zoom_in_action,
                     [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+="),
                      QKeySequence("Ctrl++")])
        self._action(bar, "fit_width_button", tr("适合宽度"), self.fit_width_action)
        self._action(bar, "fit_page_button", tr("适合整页"), self.fit_page_action)
        bar.addSeparator()
        self._action(bar, "print_button", tr("打印…"), self.print_action,
                     [QKeySequence(QKeySequence.StandardKey.Print)])
        self._action(bar, "save_button", tr("另存为PDF…"), self.save_action,
                     [QKeySequence(QKeySequence.StandardKey.Save)])
        return bar

    def _action(self, bar: QToolBar, name: str, text: str, slot,
                keys: list[QKeySequence] | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name.replace("_button", "_action"))
        if keys:
            # Standard keys already include some of the explicit ones on some platforms;
            # the same sequence twice on one action is an "ambiguous shortcut".
            unique = {key.toString(): key for key in keys if not key.isEmpty()}
            keys = list(unique.values())
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(f"{text}（{keys[0].toString(QKeySequence.SequenceFormat.NativeText)}）")
        action.triggered.connect(slot)
        bar.addAction(action)
        button = bar.widgetForAction(action)
        button.setObjectName(name)
        if isinstance(button, QToolButton):
            button.setAutoRaise(False)
        return action

    # --- pages -------------------------------------------------------------------------

    def page_count(self) -> int:
        """Number of pages in the document."""
        return self.document.page_count()

    def current_page(self) -> int:
        """The page shown (1-based)."""
        return self.view.current_page() + 1

    def go_to(self, page: int) -> None:
        """Scroll to the top of ``page`` (1-based, clamped to the document)."""
        self.view.go_to(page - 1)

    def previous_action(self) -> None:
        """Show the previous page."""
        self.go_to(self.current_page() - 1)

    def next_action(self) -> None:
        """Show the next page."""
        self.go_to(self.current_page() + 1)

    def _show_page(self, index: int) -> None:
        self.page_label.setText(tr("第 {page} 页 / 共 {count} 页").format(
            page=index + 1, count=self.page_count()))

    # --- zoom --------------------------------------------------------------------------

    def zoom_in_action(self) -> None:
        """Enlarge the pages one step."""
        self.view.zoom_by(1)

    def zoom_out_action(self) -> None:
        """Shrink the pages one step."""
        self.view.zoom_by(-1)

    def fit_width_action(self) -> None:
        """Fit the page width to the window."""
        self.view.set_zoom(ZoomMode.FIT_WIDTH)

    def fit_page_action(self) -> None:
        """Show a whole page in the window."""
        self.view.set_zoom(ZoomMode.FIT_PAGE)

    def effective_zoom(self) -> float:
        """The zoom factor on screen now (1.0 = real size), also in the fit modes."""
        return self.view.zoom_factor()

    # --- print and save ----------------------------------------------------------------

    def ask_printer(self) -> QPrinter | None:
        """Let the clerk choose a printer and pages; None if cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFromTo(1, self.page_count())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("打印"))
        dialog.setMinMax(1, self.page_count())
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if printer.printRange() == QPrinter.PrintRange.CurrentPage:
            printer.setFromTo(self.current_page(), self.current_page())
        elif printer.printRange() != QPrinter.PrintRange.PageRange:
            printer.setFromTo(1, self.page_count())
        return printer

    def print_action(self) -> TaskHandle | None:
        """Print the chosen pages in the background, with a progress window."""
        if self.print_task is not None and not self.print_task.delivered:
            return self.print_task
        printer = self.ask_printer()
        if printer is None:
            return None
        first = printer.fromPage() or 1
        last = printer.toPage() or self.page_count()
        data = self.data
        progress = QProgressDialog(tr("正在打印…"), tr("取消"), 0, last - first + 1, self)
        progress.setObjectName("print_progress")
        progress.setWindowTitle(tr("打印"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setValue(0)

        def job(report, is_cancelled) -> int:
            return print_pdf(data, printer, from_page=first, to_page=last,
                             progress=lambda done, total: report(done, total),
                             cancelled=is_cancelled)

        def shown(done: int, total: int, _text: str) -> None:
            progress.setLabelText(tr("正在打印第 {done} 页，共 {total} 页…").format(
                done=min(done + 1, total), total=total))
            progress.setValue(done)

        def ended(pages: int) -> None:
            progress.reset()
            progress.deleteLater()
            self.printed.emit(pages)

        def failed(problem: BaseException) -> None:
            progress.reset()
            progress.deleteLater()
            interaction.error(self, tr("打印失败：{reason}").format(reason=problem),
                              tr("打印"))
            self.printed.emit(0)

        self.print_task = run_in_background(job, on_success=ended, on_failure=failed,
                                            on_progress=shown, parent=self)
        progress.canceled.connect(self.print_task.cancel)
        return self.print_task

    def ask_save_path(self) -> Path | None:
        """Let the clerk choose where to save the PDF; None if cancelled."""
        folder = DocumentViewer.last_folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home())
        chosen, _ = QFileDialog.getSaveFileName(self, tr("另存为PDF"),
                                                str(folder / self.suggested_name),
                                                tr("PDF 文件 (*.pdf)"))
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def save_action(self) -> Path | None:
        """Save the exact document bytes as a PDF file."""
        path = self.ask_save_path()
        if path is None:
            return None
        try:
            save_pdf(self.data, path)
        except OSError as problem:
            interaction.error(self, tr("无法保存到 {path}：{reason}").format(
                path=path, reason=problem.strerror or problem), tr("另存为PDF"))
            return None
        DocumentViewer.last_folder = path.parent
        return path
