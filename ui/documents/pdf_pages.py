"""PDF pages as images through PDFium (pypdfium2): open bytes, page sizes, render a page.

This is the program's only door to PDFium. The viewer renders on the GUI thread while a
print job renders in a worker thread, and PDFium is not thread-safe: no two PDFium calls
may run at the same time, not even on different documents. So every call below (opening,
measuring, rendering and closing) holds the one process-wide ``PDFIUM_LOCK``; never keep
a pypdfium2 object outside this module.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import threading
import weakref

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QPoint, QRect, QSize, QSizeF
from PySide6.QtGui import QImage

from ui.i18n import tr

POINTS_PER_INCH = 72.0
# Re-entrant so a helper may call another helper that also takes it.
PDFIUM_LOCK = threading.RLock()
_open: weakref.WeakSet[PdfPages] = weakref.WeakSet()


def _load_error(code: int | None) -> str:
    """Why PDFium could not open the bytes, in plain words."""
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return tr("文件设有密码")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return tr("文件的加密方式不受支持")
    return tr("不是有效的 PDF 文件")


def _refused(reason: str) -> ValueError:
    return ValueError(tr("无法打开文档：{reason}。").format(reason=reason))


class PdfPages:
    """PDF bytes opened with PDFium; safe to use from any thread (calls are serialised).

    Page sizes are measured once when opening, so laying out pages never waits for the
    lock while another thread renders.
    """

    def __init__(self, data: bytes) -> None:
        """Open ``data``; raise ValueError (Chinese message) if it is not a readable PDF."""
        self._data = bytes(data)  # PDFium reads this buffer lazily: it must outlive the document
        with PDFIUM_LOCK:
            try:
                self._pdf: pdfium.PdfDocument | None = pdfium.PdfDocument(self._data)
            except pdfium.PdfiumError as error:
                raise _refused(_load_error(error.err_code)) from None
            try:
                self._sizes = [self._measure(index) for index in range(len(self._pdf))]
            except pdfium.PdfiumError:
                self.close()
                raise _refused(_load_error(None)) from None
        if not self._sizes:
            self.close()
            raise _refused(_load_error(None))
        _open.add(self)

    def _measure(self, index: int) -> tuple[float, float]:
        page = self._pdf[index]
        try:
            return page.get_size()  # points, with the page's /Rotate applied
        finally:
            page.close()

    def page_count(self) -> int:
        """Number of pages (at least one)."""
        return len(self._sizes)

    def page_point_size(self, index: int) -> QSizeF:
        """Size of page ``index`` (0-based) in points, as it appears upright."""
        return QSizeF(*self._sizes[index])

    def page_sizes(self) -> list[QSizeF]:
        """Sizes of all pages in points."""
        return [QSizeF(*size) for size in self._sizes]

    def pixel_size(self, index: int, dpi: float) -> QSize:
        """Size in pixels of page ``index`` rendered whole at ``dpi``."""
        width, height = self._sizes[index]
        scale = dpi / POINTS_PER_INCH
        return QSize(math.ceil(width * scale), math.ceil(height * scale))

    def render(self, index: int, dpi: float, region: QRect | None = None) -> QImage:
        """Page ``index`` (0-based) at ``dpi`` on opaque white paper, as Format_RGB32.

        With ``region`` (pixels of the whole page at ``dpi``), only that part is rendered:
        the viewer uses this at high zoom, where a whole page would need hundreds of MB.
        """
        scale = dpi / POINTS_PER_INCH
        full = self.pixel_size(index, dpi)
        crop = (0.0, 0.0, 0.0, 0.0)
        if region is not None:
            region = region.intersected(QRect(QPoint(0, 0), full))
            if region.isEmpty():
                raise ValueError(tr("页面区域为空。"))
            # pypdfium2 rounds each crop up to whole pixels (ceil(points x scale)); half a
            # pixel less makes that land exactly on the region's edges.
            left, top = region.x(), region.y()
            right = full.width() - region.x() - region.width()
            bottom = full.height() - region.y() - region.height()
            crop = tuple(max(0.0, (pixels - 0.5) / scale) if pixels else 0.0
                         for pixels in (left, bottom, right, top))
        with PDFIUM_LOCK:
            if self._pdf is None:
                raise ValueError(tr("文档已关闭。"))
            try:
                page = self._pdf[index]
            except pdfium.PdfiumError:
                raise ValueError(tr("无法显示第 {page} 页。").format(page=index + 1)) from None
            try:
                # RGBx byte order on every machine (rev_byteorder), white paper, no alpha.
                bitmap = page.render(scale=scale, crop=crop, fill_color=(255, 255, 255, 255),
                                     prefer_bgrx=True, rev_byteorder=True,
                                     may_draw_forms=False)
                try:
                    view = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                                  QImage.Format.Format_RGBX8888)
                    # A deep copy in the format QPainter and QPrinter draw fastest,
                    # made while PDFium's buffer is still alive.
                    return view.convertToFormat(QImage.Format.Format_RGB32)
                finally:
                    bitmap.close()
            except pdfium.PdfiumError:
                raise ValueError(tr("无法显示第 {page} 页。").format(page=index + 1)) from None
            finally:
                page.close()

    def close(self) -> None:
        """Release PDFium's document (also done when the object is collected)."""
        with PDFIUM_LOCK:
            pdf, self._pdf = getattr(self, "_pdf", None), None
            if pdf is not None:
                pdf.close()

    def __del__(self) -> None:
        # pypdfium2 would otherwise close from its finaliser without our lock, possibly
        # while another thread renders.
        with contextlib.suppress(Exception):  # at interpreter exit: nothing left to protect
            self.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@atexit.register  # runs before pypdfium2's own exit handler, which warns about each one
def _close_all() -> None:
    for pages in list(_open):
        pages.close()
