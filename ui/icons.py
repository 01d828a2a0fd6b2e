"""Status icons drawn in code (no image files, no dependence on symbol fonts)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

COLORS = {
    "done": "#2e7d32",
    "done_without_record": "#9e9e9e",  # grey tick: completed before the program recorded its work
    "current": "#1565c0",
    "pending": "#9e9e9e",
    "reopened": "#ef6c00",
    "late": "#c62828",
    "soon": "#f9a825",
}


@cache
def status_icon(kind: str, size: int = 16) -> QIcon:
    """A filled circle in the status colour, with a tick for done stages."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    color = QColor(COLORS[kind])
    if kind == "pending":
        painter.setPen(QPen(color, 1.6))
        painter.setBrush(Qt.NoBrush)
    else:
        painter.setPen(Qt.NoPen)
        painter.setBrush(color)
    painter.drawEllipse(QRectF(2, 2, size - 4, size - 4))
    if kind in ("done", "done_without_record"):
        tick = QPainterPath(QPointF(size * 0.3, size * 0.52))
        tick.lineTo(QPointF(size * 0.45, size * 0.67))
        tick.lineTo(QPointF(size * 0.72, size * 0.36))
        painter.setPen(QPen(Qt.white, 2.0))
        painter.drawPath(tick)
    painter.end()
    return QIcon(pixmap)
