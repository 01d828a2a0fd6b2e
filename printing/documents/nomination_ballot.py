"""候选人提名票 (海选提名票, VC-12, GC-19; paper-formats §5): blank ballots to print and hand out.

Two ballots per A4 page (cut along the dashed line), one when an office has very many seats.
Each ballot: the title, a table with one column per office headed with its seats
(`主任（应选1名）`) and as many blank name cells as seats — the cells beyond an office's seats
are struck through — the rules printed on the slip (a registered voter's full name; no more
names than seats, or that office is void on this slip; one slip each, no delegation;
illegible names do not count), and the committee's name with room for its seal. No serial
number: the nomination is secret. No personal data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import canvas_text
from printing.documents import DocumentKind, register_kind
from printing.fonts import BODY, HEI, SANS, TITLE
from printing.layout import Footer, draw_footer, geometry, new_canvas

GREY = Color(0.45, 0.45, 0.45)
LIGHT = Color(0.8, 0.8, 0.8)
SIDE = 18 * mm  # left and right margin of a ballot
HALF = A4[1] / 2
FOOTER_ROOM = 27 * mm  # the verification footer and QR code at the bottom of the page
MAX_ROWS_TWO_UP = 8  # more seats in one office: one ballot per page


@dataclass(frozen=True)
class BallotColumn:
    """One office on the ballot."""

    label: str  # 主任 / 副主任 / 委员
    seats: int
    note: str = ""  # e.g. “其中妇女委员1名” (专职专选 seats, SD-20)


@dataclass(frozen=True)
class NominationBallotSpec:
    """The blank ballot and how many to print."""

    title: str  # “石桥村第十二届村民委员会成员候选人提名票”
    columns: list[BallotColumn]
    issuer: str  # the village election committee
    instructions: list[str] = field(default_factory=list)
    subtitle: str = "（不记名填写，不得委托他人提名）"
    copies: int = 2


def rows_needed(spec: NominationBallotSpec) -> int:
    """Name rows of the table: the largest number of seats of any office."""
    return max((column.seats for column in spec.columns), default=1)


def per_page(spec: NominationBallotSpec) -> int:
    """Ballots on one A4 page."""
    return 2 if rows_needed(spec) <= MAX_ROWS_TWO_UP else 1


def _ballot(canvas: Canvas, spec: NominationBallotSpec, top: float, bottom: float) -> None:
    width = A4[0] - 2 * SIDE
    left = SIDE
    size = canvas_text.fit_size(spec.title, TITLE, 16, width)
    canvas_text.draw(canvas, A4[0] / 2, top - 9 * mm, spec.title, TITLE, size, "center")
    canvas.setFillColor(GREY)
    canvas_text.draw(canvas, A4[0] / 2, top - 15 * mm, spec.subtitle, SANS, 9, "center")
    canvas.setFillColor(black)
    notes_height = 4.6 * mm * (len(spec.instructions) + 1)
    table_top = top - 19 * mm
    header = 11 * mm
    rows = rows_needed(spec)
    room = table_top - header - (bottom + notes_height + 12 * mm)
    row_height = max(6 * mm, min(11 * mm, room / rows))
    table_bottom = table_top - header - rows * row_height
    columns = spec.columns or [BallotColumn("", 1)]
    column_width = width / len(columns)
    canvas.setLineWidth(0.8)
    canvas.rect(left, table_bottom, width, table_top - table_bottom)
    canvas.setLineWidth(0.4)
    canvas.line(left, table_top - header, left + width, table_top - header)
    for index in range(1, len(columns)):
        x = left + index * column_width
        canvas.line(x, table_bottom, x, table_top)
    for row in range(1, rows):
        y = table_top - header - row * row_height
        canvas.line(left, y, left + width, y)
    for index, column in enumerate(columns):
        x = left + index * column_width
        centre = x + column_width / 2
        heading = f"{column.label}（应选{column.seats}名）"
        canvas_text.draw(canvas, centre, table_top - 5.2 * mm, heading, HEI,
                         canvas_text.fit_size(heading, HEI, 11, column_width - 4 * mm), "center")
        if column.note:
            canvas_text.draw(canvas, centre, table_top - 9.3 * mm, column.note, SANS,
                             canvas_text.fit_size(column.note, SANS, 8, column_width - 4 * mm), "center")
        canvas.setStrokeColor(LIGHT)
        for row in range(column.seats, rows):  # no cell beyond the office's seats (GC-19)
            y = table_top - header - row * row_height
            canvas.line(x + 3 * mm, y - row_height + 1.5 * mm, x + column_width - 3 * mm, y - 1.5 * mm)
        canvas.setStrokeColor(black)
    y = table_bottom - 6 * mm
    canvas_text.draw(canvas, left, y, "说明：", HEI, 9)
    for number, text in enumerate(spec.instructions, start=1):
        y -= 4.6 * mm
        line = f"{number}. {text}"
        canvas_text.draw(canvas, left + 2 * mm, y, line, BODY, canvas_text.fit_size(line, BODY, 9, width - 2 * mm))
    issuer = f"{spec.issuer}（章）"
    issuer_width = canvas_text.draw(canvas, left + width - 4 * mm, bottom + 2 * mm, issuer, BODY, 10, "right")
    canvas.setStrokeColor(LIGHT)  # where the seal goes: pressed over the issuer's name
    canvas.setDash(1, 2)
    canvas.circle(left + width - 4 * mm - issuer_width / 2, bottom + 3.5 * mm, 10 * mm)
    canvas.setDash()
    canvas.setStrokeColor(black)


def _cut_line(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setDash(3, 3)
    canvas.line(8 * mm, HALF, A4[0] - 8 * mm, HALF)
    canvas.setFillColor(GREY)
    canvas_text.draw(canvas, A4[0] - 8 * mm, HALF + 1.5 * mm, "沿虚线裁开", SANS, 7, "right")
    canvas.restoreState()


def render(spec: NominationBallotSpec, footer: Footer) -> bytes:
    """``copies`` ballots, two (or one) per A4 page, the footer at the bottom of each page."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, spec.title)
    each = per_page(spec)
    pages = max(1, -(-max(spec.copies, 1) // each))
    for _page in range(pages):
        if each == 2:
            _ballot(canvas, spec, A4[1] - 10 * mm, HALF + 8 * mm)
            _cut_line(canvas)
            _ballot(canvas, spec, HALF - 10 * mm, FOOTER_ROOM)
        else:
            _ballot(canvas, spec, A4[1] - 20 * mm, FOOTER_ROOM)
        draw_footer(canvas, geometry(), footer)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


register_kind(DocumentKind("vc_nomination_ballot", "候选人提名票", NominationBallotSpec, render))
