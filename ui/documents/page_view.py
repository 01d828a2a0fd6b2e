"""A continuous column of PDF pages on a grey backdrop, rendered lazily at the current zoom.

Only pages inside the viewport are rendered (one per event-loop turn, so scrolling through
a 100-page voter list never waits for more than one page), plus the next and previous page
ahead of time; a few rendered pages are kept. While a page at a new zoom is on its way, the
old image is shown scaled. At high zoom only the visible part of a page (with a margin) is
rendered, so a page at 500 % never needs hundreds of MB.
"""

from __future__ import annotations

import bisect
import math
from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from ui.documents.pdf_pages import POINTS_PER_INCH, PdfPages
from ui.i18n import tr

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 5.0
BACKDROP = QColor("#7a7a7a")
PAPER_EDGE = QColor("#5c5c5c")
DOCUMENT_MARGIN = 16  # backdrop around the column of pages, logical pixels
PAGE_SPACING = 12  # backdrop between two pages
# A page rendered whole above this many pixels (A4 at ~340 dpi) is rendered in parts.
WHOLE_PAGE_PIXELS = 12_000_000
CACHE_BYTES = 96 * 1024 * 1024  # rendered images kept (about ten A4 pages), besides those on screen


class ZoomMode(Enum):
    """How the page scale is chosen."""

    FIT_WIDTH = "fit_width"  # each page as wide as the window
    FIT_PAGE = "fit_page"  # each page whole in the window
    CUSTOM = "custom"  # one factor for all pages (1.0 = real size on screen)


@dataclass
class _Tile:
    """A rendered page, or the part ``region`` of it, at ``dpi`` (device pixels)."""

    dpi: float
    region: QRect  # pixels of the whole page at ``dpi`` that ``pixmap`` shows
    pixmap: QPixmap | None  # None: PDFium could not render the page

    @property
    def bytes(self) -> int:
        return 0 if self.pixmap is None else self.region.width() * self.region.height() * 4


class PageView(QAbstractScrollArea):
    """The pages of one PDF, one below the other; zoom, scroll and jump to a page."""

    current_page_changed = Signal(int)  # 0-based index of the page the clerk is reading

    def __init__(self, pages: PdfPages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        self._sizes = [(size.width(), size.height()) for size in pages.page_sizes()]
        self._mode = ZoomMode.FIT_WIDTH
        self._zoom = 1.0  # used in CUSTOM mode
        self._scales: list[float] = []  # logical pixels per point, per page
        self._rects: list[QRect] = []  # pages in content coordinates (logical pixels)
        self._tops: list[int] = []
        self._content = QSize()
        self._current = 0
        self._moving = False  # scrolling on purpose: keep the current page as set
        self._tiles: OrderedDict[int, _Tile] = OrderedDict()
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render_next)
        self.setAccessibleName(tr("文档页面"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Always on: a scroll bar that comes and goes would change the width that
        # fit-to-width depends on, and the layout could flip back and forth.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._layout()

    # --- what is shown -----------------------------------------------------------------

    def page_count(self) -> int:
        """Number of pages."""
        return len(self._sizes)

    def current_page(self) -> int:
        """The page being read (0-based): the one filling most of the window."""
        return self._current

    def zoom_mode(self) -> ZoomMode:
        """How the scale is chosen now."""
        return self._mode

    def zoom_factor(self) -> float:
        """The current page's scale on screen (1.0 = real size), also in the fit modes."""
        return self._scales[self._current] / self._points_to_pixels()

    def page_rect(self, index: int) -> QRect:
        """Where page ``index`` is, in viewport coordinates."""
        return self._rects[index].translated(-self.horizontalScrollBar().value(),
                                             -self.verticalScrollBar().value())

    def go_to(self, index: int) -> None:
        """Scroll to the top of page ``index`` (clamped), with a strip of backdrop above."""
        index = max(0, min(index, self.page_count() - 1))
        self._move_to(self._tops[index] - PAGE_SPACING if index else 0, index)

    def set_zoom(self, mode: ZoomMode, factor: float | None = None) -> None:
        """Change the zoom, keeping the clerk's place on the current page."""
        anchor = self._anchor()
        self._mode = mode
        if factor is not None:
            self._zoom = max(ZOOM_MIN, min(ZOOM_MAX, factor))
        centre = self._horizontal_centre()
        self._layout()
        bar = self.horizontalScrollBar()
        bar.setValue(round(centre * self._content.width() - self.viewport().width() / 2))
        if mode == ZoomMode.FIT_PAGE:
            self.go_to(anchor[0])  # the whole page, from its top
        else:
            self._restore(anchor)

    def zoom_by(self, steps: float) -> None:
        """Zoom in (positive) or out by ``steps`` of ZOOM_STEP."""
        self.set_zoom(ZoomMode.CUSTOM, self.zoom_factor() * ZOOM_STEP ** steps)

    # --- layout ------------------------------------------------------------------------

    def _points_to_pixels(self) -> float:
        """Logical pixels per point at zoom 1.0 (real size on this screen)."""
        return self.logicalDpiY() / POINTS_PER_INCH

    def _layout(self) -> None:
        viewport = self.viewport().size()
        room_w = max(1, viewport.width() - 2 * DOCUMENT_MARGIN)
        room_h = max(1, viewport.height() - 2 * PAGE_SPACING)
        real = self._points_to_pixels()
        self._scales = []
        for width, height in self._sizes:
            if self._mode == ZoomMode.FIT_WIDTH:
                scale = room_w / width
            elif self._mode == ZoomMode.FIT_PAGE:
                scale = min(room_w / width, room_h / height)
            else:
                scale = real * self._zoom
            self._scales.append(max(scale, real * 0.05))  # a tiny window: still a page
        sizes = [(max(1, round(w * s)), max(1, round(h * s)))
                 for (w, h), s in zip(self._sizes, self._scales, strict=True)]
        content_w = max(viewport.width(), max(w for w, _ in sizes) + 2 * DOCUMENT_MARGIN)
        self._rects, self._tops = [], []
        y = DOCUMENT_MARGIN
        for width, height in sizes:
            self._rects.append(QRect((content_w - width) // 2, y, width, height))
            self._tops.append(y)
            y += height + PAGE_SPACING
        self._content = QSize(content_w, y - PAGE_SPACING + DOCUMENT_MARGIN)
        self._moving = True
        try:
            for bar, content, room in ((self.verticalScrollBar(), self._content.height(), viewport.height()),
                                       (self.horizontalScrollBar(), content_w, viewport.width())):
                bar.setRange(0, max(0, content - room))
                bar.setPageStep(max(1, room))
                bar.setSingleStep(max(1, round(20 * real)))
        finally:
            self._moving = False
        self.viewport().update()

    def _anchor(self) -> tuple[int, float, bool]:
        """The current page and how far the window's top is into it: points into the page,
        or pixels of backdrop above it (at most a page spacing, so the page stays on top)."""
        index = self._current
        offset = self.verticalScrollBar().value() - self._tops[index]
        if offset >= 0:
            return index, offset / self._scales[index], True
        above = DOCUMENT_MARGIN if index == 0 else PAGE_SPACING
        return index, float(max(offset, -above)), False

    def _restore(self, anchor: tuple[int, float, bool]) -> None:
        index, offset, in_points = anchor
        pixels = offset * self._scales[index] if in_points else offset
        self._move_to(round(self._tops[index] + pixels), index)

    def _horizontal_centre(self) -> float:
        if self._content.width() <= 0:
            return 0.5
        return ((self.horizontalScrollBar().value() + self.viewport().width() / 2)
                / self._content.width())

    def _move_to(self, value: int, index: int) -> None:
        self._moving = True
        try:
            self.verticalScrollBar().setValue(value)
        finally:
            self._moving = False
        self._set_current(index)
        self.viewport().update()

    def _visible(self) -> list[int]:
        """Indexes of the pages at least partly inside the viewport."""
        if not self._rects:
            return []
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        pages = []
        for index in range(first, self.page_count()):
            rect = self._rects[index]
            if rect.y() >= bottom:
                break
            if rect.y() + rect.height() > top:
                pages.append(index)
        return pages

    def _scrolled(self, _value: int) -> None:
        if self._moving:
            return
        bar = self.verticalScrollBar()
        if bar.maximum() > 0 and bar.value() >= bar.maximum():
            self._set_current(self.page_count() - 1)
            return
        top, bottom = bar.value(), bar.value() + self.viewport().height()

        def shown(index: int) -> int:
            rect = self._rects[index]
            return min(bottom, rect.y() + rect.height()) - max(top, rect.y())

        visible = self._visible()
        if visible:
            self._set_current(max(visible, key=lambda index: (shown(index), -index)))

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.current_page_changed.emit(index)

    # --- events ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        anchor = self._anchor()
        self._layout()
        self._restore(anchor)
        super().resizeEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt name
        self.viewport().scroll(dx, dy)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt name
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(steps)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        if event.key() == Qt.Key.Key_Home:
            self.go_to(0)
        elif event.key() == Qt.Key.Key_End:
            self.go_to(self.page_count() - 1)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt name
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), BACKDROP)
        missing = False
        for index in self._visible():
            rect = self.page_rect(index)
            if not rect.intersects(event.rect()):
                continue
            painter.setPen(PAPER_EDGE)
            painter.drawRect(rect.adjusted(-1, -1, 0, 0))  # a hairline around the paper
            painter.fillRect(rect, Qt.GlobalColor.white)
            tile = self._tiles.get(index)
            if tile is not None:
                self._tiles.move_to_end(index)
                self._draw_tile(painter, index, rect, tile)
            missing = missing or self._needs(index)
        painter.end()
        if missing:
            self._render_timer.start()

    def _draw_tile(self, painter: QPainter, index: int, rect: QRect, tile: _Tile) -> None:
        painter.save()
        painter.setClipRect(rect)
        if tile.pixmap is None:
            painter.setPen(QColor("#9e9e9e"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tr("本页无法显示"))
        else:
            # Device pixels of the tile -> logical pixels at today's scale.
            factor = self._dpi(index) / tile.dpi / self.devicePixelRatioF()
            origin = QPointF(rect.x() + tile.region.x() * factor, rect.y() + tile.region.y() * factor)
            if abs(factor * self.devicePixelRatioF() - 1) < 1e-6:
                painter.drawPixmap(QPoint(round(origin.x()), round(origin.y())), tile.pixmap)
            else:  # an older zoom, until the new image is ready
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                target = QRectF(origin, QSize(tile.region.width(), tile.region.height()) * factor)
                painter.drawPixmap(target, tile.pixmap, QRectF(tile.pixmap.rect()))
        painter.restore()

    # --- rendering ---------------------------------------------------------------------

    def _dpi(self, index: int) -> float:
        """Device dots per inch at which page ``index`` is shown now."""
        return self._scales[index] * POINTS_PER_INCH * self.devicePixelRatioF()

    def _whole(self, index: int) -> bool:
        size = self.pages.pixel_size(index, self._dpi(index))
        return size.width() * size.height() <= WHOLE_PAGE_PIXELS

    def _visible_region(self, index: int, grow: float = 0.0) -> QRect:
        """The part of page ``index`` inside the viewport (grown by ``grow`` viewports),
        in device pixels of the page at today's dpi."""
        page = self._rects[index]
        view = QRect(QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value()),
                     self.viewport().size())
        extra_w, extra_h = round(view.width() * grow), round(view.height() * grow)
        shown = view.adjusted(-extra_w, -extra_h, extra_w, extra_h).intersected(page)
        shown.translate(-page.topLeft())
        ratio = self._dpi(index) / POINTS_PER_INCH / self._scales[index]  # device px per logical px
        left, top = math.floor(shown.x() * ratio), math.floor(shown.y() * ratio)
        right = math.ceil((shown.x() + shown.width()) * ratio)
        bottom = math.ceil((shown.y() + shown.height()) * ratio)
        full = self.pages.pixel_size(index, self._dpi(index))
        return QRect(left, top, right - left, bottom - top).intersected(QRect(QPoint(), full))

    def _needs(self, index: int) -> bool:
        """Whether page ``index`` on screen lacks an image at today's zoom."""
        tile = self._tiles.get(index)
        if tile is None or abs(tile.dpi - self._dpi(index)) > 1e-3:
            return True
        shown = self._visible_region(index)  # empty for a page ahead of the window
        return tile.pixmap is not None and not shown.isEmpty() and not tile.region.contains(shown)

    def _render_next(self) -> None:
        """Render one page that is on screen (or, once all are, the next one ahead)."""
        visible = self._visible()
        wanted = [index for index in visible if self._needs(index)]
        if not wanted and visible:
            wanted = [index for index in (visible[-1] + 1, visible[0] - 1)
                      if 0 <= index < self.page_count() and self._whole(index)
                      and self._needs(index)]
        if not wanted:
            return
        self._render(wanted[0])
        self._render_timer.start()  # the next one on the next turn of the event loop

    def _render(self, index: int) -> None:
        dpi = self._dpi(index)
        full = self.pages.pixel_size(index, dpi)
        region = (QRect(QPoint(), full) if self._whole(index)
                  else self._visible_region(index, grow=0.5))
        try:
            image = self.pages.render(index, dpi, region)
        except ValueError:
            self._tiles[index] = _Tile(dpi, region, None)
        else:
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            self._tiles[index] = _Tile(dpi, QRect(region.topLeft(), image.size()), pixmap)
        self._tiles.move_to_end(index)
        self._forget_old()
        self.viewport().update(self.page_rect(index))

    def _forget_old(self) -> None:
        """Drop the least recently shown images beyond CACHE_BYTES (never one on screen)."""
        visible = set(self._visible())
        total = sum(tile.bytes for tile in self._tiles.values())
        for index in list(self._tiles):
            if total <= CACHE_BYTES:
                break
            if index not in visible:
                total -= self._tiles.pop(index).bytes
