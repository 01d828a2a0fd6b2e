"""Long lists (voter rolls, candidate lists) as A4 tables with "第 X 页 共 Y 页".

Portrait lists use the GB/T 9704 text block (28/37 mm margins, 156 × 225 mm); landscape
lists use the same block rotated as for a landscape page bound into a portrait
document (see :mod:`printing.layout`): top 28 mm, left 35 mm, 225 × 156 mm.

Speed: rows are measured once and each page becomes one small reportlab ``Table``
(:class:`printing.layout.RowsTable`), with plain strings for all cells that need no
fallback font; the page total comes from a canvas that buffers pages and stamps
"第 X 页 共 Y 页" when the document is saved (one layout pass).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from printing.fonts import SONG, resolve_font
from printing.layout import (
    LINE_PITCH,
    Footer,
    Geometry,
    RowsTable,
    TableSpec,
    build_pdf,
    draw_footer,
    geometry,
    number_line,
    paragraph,
    signature,
    title,
)

LIST_TABLE = TableSpec(size=11.0, leading=14.0, padding=2.5)
PAGE_FOOTER_SIZE = 10.5  # 5号
PAGE_FOOTER_GAP = 7 * mm  # from the text block to the top of "第 X 页 共 Y 页"


def page_footer_text(number: int, total: int) -> str:
    """The page footer of lists."""
    return f"第 {number} 页 共 {total} 页"


def draw_page_total(canvas: Canvas, geo: Geometry, number: int, total: int) -> None:
    """"第 X 页 共 Y 页" centred 7 mm below the text block."""
    canvas.saveState()
    canvas.setFont(resolve_font(SONG), PAGE_FOOTER_SIZE)
    canvas.setFillColor(colors.black)
    y = geo.bottom - PAGE_FOOTER_GAP - 0.88 * PAGE_FOOTER_SIZE
    canvas.drawCentredString(geo.left + geo.text_width / 2, y, page_footer_text(number, total))
    canvas.restoreState()


def numbered_canvas(geo: Geometry) -> type[Canvas]:
    """A canvas class that buffers its pages and adds "第 X 页 共 Y 页" on save."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._page_states: list[dict] = []

        def showPage(self) -> None:  # noqa: N802
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._page_states)
            for state in self._page_states:
                self.__dict__.update(state)
                draw_page_total(self, geo, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def list_flowables(
    title_text: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    col_widths_mm: Sequence[float] | None = None,
    subtitle: str = "",
    before: Sequence[str] = (),
    after: Sequence[str] = (),
    issuer: str = "",
    date_text: str = "",
    optional_columns: Sequence[str] = (),
) -> list[Flowable]:
    """Title, optional subtitle and paragraphs, the table, paragraphs and signature.

    Without ``col_widths_mm`` the columns fit their content; ``optional_columns`` (by
    header, e.g. 备注) are left out when every row leaves them empty.
    """
    flowables: list[Flowable] = [title(title_text)]
    if subtitle:
        flowables.append(number_line(subtitle))
    flowables += [paragraph(text) for text in before]
    flowables.append(RowsTable(header, rows, col_widths_mm, LIST_TABLE, optional=optional_columns))
    if after:  # half a line between the table's last rule and the text below it
        flowables.append(Spacer(0, LINE_PITCH / 2))
    flowables += [paragraph(text) for text in after]
    if issuer or date_text:
        flowables.append(signature(issuer, date_text))
    return flowables


def render_list(
    title: str,
    header: list[str],
    rows: list[list[str]],
    *,
    col_widths_mm: list[float] | None = None,
    landscape: bool = False,
    subtitle: str = "",
    before: Sequence[str] = (),
    after: Sequence[str] = (),
    footer: Footer,
    issuer: str = "",
    date_text: str = "",
    optional_columns: Sequence[str] = (),
    title_meta: str = "",
) -> bytes:
    """Render a list: header row on every page, "第 X 页 共 Y 页", verification footer.

    ``title_meta`` is the PDF's /Title when it says more than the printed title (the
    villager group of a list posted per group).
    """
    geo = geometry(landscape)
    flowables = list_flowables(
        title, header, rows, col_widths_mm=col_widths_mm, subtitle=subtitle,
        before=before, after=after, issuer=issuer, date_text=date_text,
        optional_columns=optional_columns,
    )

    def on_page(canvas: Canvas, doc: object) -> None:
        draw_footer(canvas, geo, footer)

    return build_pdf(flowables, geo, on_page, title_meta or title, numbered_canvas(geo))
