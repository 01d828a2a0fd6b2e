"""The publication row of bench.township: publish_list for 40 villages vs bare reportlab.

The bare baseline renders exactly the notices publish_list renders: their specs (title,
number line, intro, the group's rows in surname-stroke order, closing paragraphs, issuer,
date) are captured once, untimed, by running publish_list with the registered
``voter_list`` kind's render replaced by a recorder, in transactions that are rolled back. Each spec then becomes
one PDF (one per villager group, as the program posts them) built with plain reportlab:
``BaseDocTemplate`` with the same A4 text block (printing.layout's 28/37 mm margins,
156 × 225 mm), the same fonts (printing.fonts.resolve_font) and sizes, ``Paragraph``
(CJK wrapping) for the title, number line, intro, closing and signature, one ``Table``
with the same column widths, repeated header row, grid, 11 pt rows; on every page the
verification code line and a QR code (drawn once per document as a form, as
printing.layout does) and "第 X 页 共 Y 页" from reportlab's usual two-pass numbered
canvas. No database work, no archiving: the difference to the program is its own cost.
"""

from __future__ import annotations

import dataclasses
import io
from contextlib import contextmanager

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table

from printing.fonts import BODY, HEI, SANS, SONG, TITLE, resolve_font
from printing.layout import BODY_SIZE, FOOTER_SIZE, LINE_PITCH, PORTRAIT, QR_SIZE, TITLE_SIZE

CODE = "7KQM-3XPA"
HEADER = ["序号", "姓名", "性别", "出生年月", "村民小组", "登记类别", "备注"]
WIDTHS_MM = [14.0, 30.0, 14.0, 28.0, 32.0, 18.0, 20.0]  # printing.documents.voter_list's
TABLE_SIZE, TABLE_LEADING, TABLE_PADDING = 11.0, 14.0, 2.5  # printing.lists.LIST_TABLE


def publish_all(store, election_ids: list[int], day, operator: str) -> int:
    """The program: publish_list for each election, one transaction each (as PublishDialog)."""
    from workflows.core.scope import open_scope
    from workflows.voters.publication import publish_list

    notices = 0
    for election_id in election_ids:
        with store.transaction(operator) as session:
            notices += len(publish_list(open_scope(session, election_id, day), day))
    return notices


@contextmanager
def _recording_render(captured: list):
    """Replace the registered voter_list kind's render by a recorder of its specs."""
    from printing import documents as kinds_registry

    original = kinds_registry.kind("voter_list")

    def record(spec, _footer) -> bytes:
        captured.append(spec)
        return b"%PDF-1.4\n"

    kinds_registry._KINDS["voter_list"] = dataclasses.replace(original, render=record)
    try:
        yield
    finally:
        kinds_registry._KINDS["voter_list"] = original


def capture_specs(store, election_ids: list[int], day, operator: str) -> list:
    """The VoterListSpec of every notice publish_list renders, with its number line (nothing
    is stored: each election's transaction is rolled back)."""
    from workflows.core.scope import open_scope
    from workflows.voters.publication import publish_list

    captured: list = []
    with _recording_render(captured):
        for election_id in election_ids:
            with store.session(operator) as session:
                session.begin()
                publish_list(open_scope(session, election_id, day), day)
                session.rollback()
    return captured


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=resolve_font(BODY), fontSize=BODY_SIZE, leading=LINE_PITCH,
                          firstLineIndent=2 * BODY_SIZE, alignment=TA_JUSTIFY, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontName=resolve_font(TITLE), fontSize=TITLE_SIZE, leading=LINE_PITCH,
                                alignment=TA_CENTER, spaceAfter=LINE_PITCH, wordWrap="CJK"),
        "number": ParagraphStyle("number", parent=body, firstLineIndent=0, alignment=TA_CENTER),
        "body": body,
        "sign": ParagraphStyle("sign", parent=body, firstLineIndent=0, alignment=TA_RIGHT,
                               rightIndent=2 * BODY_SIZE),
    }


def _numbered_canvas(draw_total):
    class NumberedCanvas(Canvas):  # reportlab's usual "page X of Y" recipe
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):  # noqa: N802
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                draw_total(self, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def bare_render(spec, styles: dict[str, ParagraphStyle] | None = None) -> bytes:
    """One notice with plain reportlab (see the module docstring)."""
    styles = styles or _styles()
    geo = PORTRAIT
    song, hei, sans = resolve_font(SONG), resolve_font(HEI), resolve_font(SANS)
    rows = [[str(i), r.name, r.sex, r.birth_month, r.group, r.category, r.note]
            for i, r in enumerate(spec.rows, start=1)]
    table = Table([HEADER, *rows], colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1, style=[
        ("FONT", (0, 0), (-1, -1), song, TABLE_SIZE, TABLE_LEADING),
        ("FONT", (0, 0), (-1, 0), hei, TABLE_SIZE, TABLE_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (2, 1), (2, -1), "CENTER"),
        ("ALIGN", (5, 1), (5, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), TABLE_PADDING), ("BOTTOMPADDING", (0, 0), (-1, -1), TABLE_PADDING),
        ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PADDING),
    ])
    story = [Paragraph(spec.title.replace("\n", "<br/>"), styles["title"])]
    if spec.number:
        story.append(Paragraph(spec.number, styles["number"]))
    story.append(Paragraph(spec.intro, styles["body"]))
    story += [table, Spacer(0, LINE_PITCH / 2)]
    story += [Paragraph(text, styles["body"]) for text in spec.closing_paragraphs]
    story += [Spacer(0, LINE_PITCH), Paragraph(spec.issuer, styles["sign"]),
              Paragraph(spec.date_text, styles["sign"])]

    def footer(canvas: Canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont(sans, FOOTER_SIZE)
        canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
        canvas.drawString(geo.left, 10 * mm, f"核验码 {CODE}")
        if not getattr(canvas, "_bare_qr", False):
            widget = QrCodeWidget(f"VEW-CHECK:{CODE}", barLevel="M", barWidth=QR_SIZE, barHeight=QR_SIZE)
            drawing = Drawing(QR_SIZE, QR_SIZE)
            drawing.add(widget)
            canvas.beginForm("bareQR")
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.endForm()
            canvas._bare_qr = True
        canvas.translate(geo.right - QR_SIZE, 7 * mm)
        canvas.doForm("bareQR")
        canvas.restoreState()

    def page_total(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(song, 10.5)
        canvas.drawCentredString(geo.left + geo.text_width / 2, geo.bottom - 7 * mm - 9,
                                 f"第 {number} 页 共 {total} 页")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(geo.width, geo.height), leftMargin=geo.left,
                          rightMargin=geo.width - geo.right, topMargin=geo.top, bottomMargin=geo.bottom,
                          title=spec.title.replace("\n", ""), invariant=1)
    frame = Frame(geo.left, geo.bottom, geo.text_width, geo.text_height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=footer)])
    doc.build(story, canvasmaker=_numbered_canvas(page_total))
    return buffer.getvalue()


def bare_all(specs: list) -> int:
    """The baseline: one bare PDF per captured notice; returns the total bytes."""
    styles = _styles()
    return sum(len(bare_render(spec, styles)) for spec in specs)
