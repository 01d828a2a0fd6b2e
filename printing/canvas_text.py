"""Drawing single lines of Chinese text directly on a canvas (cards, certificates).

Each character is drawn with the first font that has it (``fonts.split_runs``), so rare
name characters print on cards as they do in notices.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from printing.fonts import Role, resolve_font, split_runs


def runs(text: str, role: Role | str) -> list[tuple[str, str]]:
    """(font, text) runs of ``text`` for a role, with per-character fallback."""
    return split_runs(text, resolve_font(role))


def width(text: str, role: Role | str, size: float, char_space: float = 0.0) -> float:
    """Width of ``text`` in points, as :func:`draw` draws it."""
    total = sum(stringWidth(part, font, size) for font, part in runs(text, role))
    return total + char_space * max(len(text) - 1, 0)


def draw(canvas: Canvas, x: float, y: float, text: str, role: Role | str, size: float,
         align: str = "left", char_space: float = 0.0) -> float:
    """Draw one line at baseline ``y``; ``align`` is left/center/right about ``x``. Returns its width."""
    total = width(text, role, size, char_space)
    if align == "center":
        x -= total / 2
    elif align == "right":
        x -= total
    obj = canvas.beginText(x, y)
    obj.setCharSpace(char_space)
    for font, part in runs(text, role):
        obj.setFont(font, size)
        obj.textOut(part)
    canvas.drawText(obj)
    return total


def fit_size(text: str, role: Role | str, size: float, max_width: float, minimum: float = 6.0) -> float:
    """The largest size ≤ ``size`` at which ``text`` fits ``max_width``."""
    while size > minimum and width(text, role, size) > max_width:
        size -= 0.5
    return size
