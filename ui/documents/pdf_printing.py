"""Load, print and save finished PDF documents (bytes from ``printing``), without widgets.

Printing renders each page with PDFium (``ui.documents.pdf_pages``) and paints it on the
printer at its physical size, so what comes out of the printer matches the PDF the clerk
saw in the viewer. Everything here may run in a worker thread: each call opens its own
short-lived document, and PDFium calls are serialised by the wrapper's lock.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QTransform
from PySide6.QtPrintSupport import QPrinter

from ui.documents.pdf_pages import POINTS_PER_INCH, PdfPages
from ui.i18n import tr

# Rendering at a laser printer's 600 or 1200 dpi would need up to ~550 MB per A4 page
# and seconds of PDFium time; 300 dpi keeps text crisp on paper and is painted scaled to
# the page's exact physical size, so only the raster density changes, never the size.
MAX_RENDER_DPI = 300

# Characters Windows (and for "/" every system) refuses in a file name.
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class PrinterError(RuntimeError):
    """The printer could not start or continue the print job (message in Chinese)."""


def load_pdf(data: bytes) -> PdfPages:
    """Open PDF bytes in memory; raise ValueError (Chinese message) if they are not a PDF."""
    return PdfPages(data)


def page_layout_for(size_points: QSizeF) -> QPageLayout:
    """A zero-margin page layout with the PDF page's own size and orientation."""
    width, height = size_points.width(), size_points.height()
    orientation = (QPageLayout.Orientation.Landscape if width > height
                   else QPageLayout.Orientation.Portrait)
    # QPageSize wants the portrait size; the fuzzy match turns 595.3 x 841.9 pt into A4
    # so the driver picks the A4 tray instead of a "custom" paper size.
    portrait = QSizeF(min(width, height), max(width, height))
    page_size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    return QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def render_page(document: PdfPages, index: int, dpi: float) -> QImage:
    """Render one page (0-based) at ``dpi`` onto an opaque white image (Format_RGB32)."""
    return document.render(index, dpi)


class PrintJob:
    """One print job on one printer, into which several PDFs are printed one after another."""

    def __init__(self, printer: QPrinter) -> None:
        self.printer = printer
        self.painter: QPainter | None = None
        self.pages = 0
        printer.setFullPage(True)  # the PDF already carries its margins; do not add the driver's

    def add(self, data: bytes, *, from_page: int = 1, to_page: int | None = None,
            progress: Progress | None = None, cancelled: Cancelled | None = None) -> int:
        """Print pages ``from_page``..``to_page`` (1-based, inclusive) of a PDF; return pages printed."""
        document = load_pdf(data)
        try:
            last = document.page_count() if to_page is None else min(to_page, document.page_count())
            first = max(1, from_page)
            total = max(0, last - first + 1)
            done = 0
            for number in range(first, last + 1):
                if cancelled is not None and cancelled():
                    break
                self._print_page(document, number - 1)
                done += 1
                if progress is not None:
                    progress(done, total)
            return done
        finally:
            document.close()

    def _print_page(self, document: PdfPages, index: int) -> None:
        size_points = document.page_point_size(index)
        layout = page_layout_for(size_points)
        # QPrinter refuses a new layout while active on engines that are not PDF-based
        # (Windows GDI, with a warning), and may report failure when it only clamped the
        # margins; what counts is the paper it really has, checked below.
        if not self.printer.pageLayout().isEquivalentTo(layout):
            self.printer.setPageLayout(layout)
        if self.painter is None:
            self.painter = QPainter()
            if not self.painter.begin(self.printer):
                self.painter = None
                raise PrinterError(tr("无法开始打印：打印机不可用或输出文件无法写入。"))
        elif not self.printer.newPage():
            raise PrinterError(tr("打印机无法开始新的一页。"))
        dpi = self.printer.resolution()
        image = render_page(document, index, min(dpi, MAX_RENDER_DPI))
        paper = self.printer.pageLayout().fullRectPixels(dpi)
        target_w = size_points.width() * dpi / POINTS_PER_INCH
        target_h = size_points.height() * dpi / POINTS_PER_INCH
        self.painter.save()
        self.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if (target_w > target_h) != (paper.width() > paper.height()):
            # Turn the page a quarter so it still fills the paper at its physical size.
            self.painter.setTransform(QTransform().translate(paper.width(), 0).rotate(90))
        self.painter.drawImage(QRect(0, 0, round(target_w), round(target_h)), image)
        self.painter.restore()
        self.pages += 1

    def finish(self) -> None:
        """End the job so the printer (or PDF file) receives it."""
        if self.painter is not None:
            self.painter.end()
            self.painter = None

    def __enter__(self) -> PrintJob:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.finish()


def print_pdf(data: bytes, printer: QPrinter, *, from_page: int = 1, to_page: int | None = None,
              progress: Progress | None = None, cancelled: Cancelled | None = None) -> int:
    """Print a PDF as one job; ``progress(done, total)`` after each page; return pages printed."""
    with PrintJob(printer) as job:
        return job.add(data, from_page=from_page, to_page=to_page, progress=progress,
                       cancelled=cancelled)


def safe_file_name(name: str) -> str:
    """``name`` usable as a file name on Windows and Linux (document titles may hold "/" or ":")."""
    cleaned = _UNSAFE_IN_NAME.sub("_", name).strip().rstrip(". ")
    return cleaned or tr("文书")


def save_pdf(data: bytes, path: str | os.PathLike[str]) -> None:
    """Write the bytes to ``path`` atomically (a temporary file, then replace)."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
