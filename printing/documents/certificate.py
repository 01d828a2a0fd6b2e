"""当选证书: a full-page certificate (A4 landscape), or only its variable text for
pre-printed stock (套打), shifted by calibrated offsets (paper-formats §10).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import canvas_text
from printing.documents import DocumentKind, register_kind
from printing.fonts import BODY, KAI, SANS, TITLE
from printing.layout import Footer, draw_footer, geometry, new_canvas

PAGE = landscape(A4)
RED = Color(0.72, 0.07, 0.07)
GOLD = Color(0.72, 0.53, 0.2)
QR_AT = (24 * mm, 24 * mm)  # lower-left corner of the QR code, inside the inner border (18 mm)


@dataclass(frozen=True)
class CertificateSpec:
    """One elected person's certificate."""

    title: str  # archive title, e.g. “张伟当选证书”
    serial: str  # “青山民选证字第12号”
    name: str
    body: str  # “经2026年12月20日云溪镇石桥村村民依法直接选举，当选为石桥村第十二届村民委员会主任。”
    issuers: list[str]  # “青山县民政局”, “云溪镇人民政府”
    date_text: str
    overlay: bool = False  # print only the variable text onto pre-printed stock
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    specimen: bool = False  # watermark 样张 (previews, demo)


def _border(canvas: Canvas) -> None:
    width, height = PAGE
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(3)
    canvas.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(18 * mm, 18 * mm, width - 36 * mm, height - 36 * mm)
    canvas.setStrokeColor(black)


def _fixed_text(canvas: Canvas, spec: CertificateSpec) -> None:
    width, height = PAGE
    canvas.setFillColor(RED)
    canvas_text.draw(canvas, width / 2, height - 58 * mm, "当选证书", TITLE, 44, "center", char_space=14)
    canvas.setFillColor(black)
    canvas_text.draw(canvas, 64 * mm, 75 * mm, "特发此证。", KAI, 20)


def _variable_text(canvas: Canvas, spec: CertificateSpec) -> None:
    width, height = PAGE
    canvas_text.draw(canvas, width - 40 * mm, height - 34 * mm, spec.serial, SANS, 11, "right")
    canvas_text.draw(canvas, 50 * mm, height - 88 * mm, f"{spec.name}同志：", KAI, 22)
    y = height - 106 * mm
    for index, line in enumerate(_wrap(spec.body, width - 114 * mm, 20)):
        canvas_text.draw(canvas, (64 if index == 0 else 50) * mm, y, line, KAI, 20)  # 首行缩进两字
        y -= 13 * mm
    right = width - 45 * mm
    y = 58 * mm
    for issuer in spec.issuers:
        canvas_text.draw(canvas, right, y, issuer, BODY, 16, "right")
        y -= 9 * mm
    canvas_text.draw(canvas, right, y - 2 * mm, spec.date_text, BODY, 16, "right")


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Break a body sentence into lines (characters, no line starting with punctuation)."""
    lines, current = [], ""
    for char in text:
        if canvas_text.width(current + char, KAI, size) > width and current:
            if char in "，。、；：！？）”":
                current, char = current[:-1], current[-1] + char
            lines.append(current)
            current = char
        else:
            current += char
    return lines + ([current] if current else [])


def _watermark(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setFillColor(Color(0.85, 0.1, 0.1, alpha=0.12))
    canvas.translate(PAGE[0] / 2, PAGE[1] / 2)
    canvas.rotate(20)
    canvas_text.draw(canvas, 0, -30 * mm, "样 张", TITLE, 150, "center")
    canvas.restoreState()


def render(spec: CertificateSpec, footer: Footer) -> bytes:
    """The certificate; in overlay mode only the variable text, shifted by the offsets."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, PAGE, spec.title)
    if not spec.overlay:
        _border(canvas)
        _fixed_text(canvas, spec)
    canvas.saveState()
    canvas.translate(spec.offset_x_mm * mm, -spec.offset_y_mm * mm)
    _variable_text(canvas, spec)
    canvas.restoreState()
    if spec.specimen:
        _watermark(canvas)
    # The code below the border, the QR code inside it at the lower left, clear of the text
    # (on pre-printed stock both move with the calibrated offsets).
    canvas.saveState()
    if spec.overlay:
        canvas.translate(spec.offset_x_mm * mm, -spec.offset_y_mm * mm)
    draw_footer(canvas, geometry(landscape=True), footer, qr_at=QR_AT)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


register_kind(DocumentKind("certificate", "当选证书", CertificateSpec, render, public=False))
