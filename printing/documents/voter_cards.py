"""选民证 / 参选证: eight cards per A4 sheet with cut marks (GC-20: the name is a setting).

Each card: the election, the card's name, its number, the holder's name, sex, group,
the vote date, the ID number masked, the issuing committee with room for its seal, and
the rule that the card is personal and not transferable.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import canvas_text
from printing.documents import DocumentKind, register_kind
from printing.fonts import BODY, HEI, SANS, TITLE
from printing.layout import Footer, draw_footer, geometry, new_canvas

CARD_W, CARD_H = 90 * mm, 62 * mm
COLUMNS, ROWS = 2, 4
GAP = 6 * mm
MARK = 3 * mm
GREY = Color(0.35, 0.35, 0.35)


@dataclass(frozen=True)
class VoterCard:
    """One card's variable text (the ID number already masked)."""

    number: str
    name: str
    sex: str
    group: str
    masked_id: str


@dataclass(frozen=True)
class VoterCardsSpec:
    """All cards of one print run."""

    title: str
    election_title: str  # “石桥村第十二届村民委员会选举”
    card_name: str  # “选民证” or “参选证”
    vote_date_text: str
    issuer: str
    cards: list[VoterCard]
    note: str = "本证只限本人使用，不得转让；凭本证领取选票。"


def _origin(slot: int) -> tuple[float, float]:
    """Bottom-left corner of card ``slot`` (0–7, left to right, top to bottom)."""
    width = COLUMNS * CARD_W + (COLUMNS - 1) * GAP
    height = ROWS * CARD_H + (ROWS - 1) * GAP
    left = (A4[0] - width) / 2
    top = (A4[1] + height) / 2 + 6 * mm  # a little above centre: the footer needs the bottom
    column, row = slot % COLUMNS, slot // COLUMNS
    return left + column * (CARD_W + GAP), top - (row + 1) * CARD_H - row * GAP


def _cut_marks(canvas: Canvas, x: float, y: float) -> None:
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.3)
    for cx in (x, x + CARD_W):
        for cy in (y, y + CARD_H):
            dx = -1 if cx == x else 1
            dy = -1 if cy == y else 1
            canvas.line(cx + dx * 1 * mm, cy, cx + dx * (1 * mm + MARK), cy)
            canvas.line(cx, cy + dy * 1 * mm, cx, cy + dy * (1 * mm + MARK))


def _card(canvas: Canvas, spec: VoterCardsSpec, card: VoterCard, x: float, y: float) -> None:
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.6)
    canvas.roundRect(x + 2 * mm, y + 2 * mm, CARD_W - 4 * mm, CARD_H - 4 * mm, 2 * mm)
    inner = CARD_W - 12 * mm
    size = canvas_text.fit_size(spec.election_title, BODY, 10, inner)
    canvas_text.draw(canvas, x + CARD_W / 2, y + CARD_H - 10 * mm, spec.election_title, BODY, size, "center")
    canvas_text.draw(canvas, x + CARD_W / 2, y + CARD_H - 19 * mm, spec.card_name, TITLE, 18, "center",
                     char_space=6)
    canvas_text.draw(canvas, x + CARD_W - 6 * mm, y + CARD_H - 19 * mm, f"No. {card.number}", SANS, 8,
                     "right")
    fields = (("姓　　名", card.name, 12), ("性　　别", card.sex, 10), ("村民小组", card.group, 10),
              ("身份证号", card.masked_id, 10), ("选 举 日", spec.vote_date_text, 10))
    line_y = y + CARD_H - 28 * mm
    for label, value, size in fields:
        canvas_text.draw(canvas, x + 8 * mm, line_y, label + "：", HEI, 9)
        value_size = canvas_text.fit_size(value, BODY, size, CARD_W - 36 * mm)
        canvas_text.draw(canvas, x + 26 * mm, line_y, value, BODY, value_size)
        line_y -= 5.6 * mm
    seal_x, seal_y = x + CARD_W - 16 * mm, y + 14 * mm  # right of the field values
    canvas.setStrokeColor(Color(0.75, 0.75, 0.75))
    canvas.setDash(1, 2)
    canvas.circle(seal_x, seal_y, 9 * mm)
    canvas.setDash()
    canvas.setFillColor(GREY)
    canvas_text.draw(canvas, seal_x, seal_y - 1 * mm, "（盖章）", SANS, 7, "center")
    issuer_size = canvas_text.fit_size(spec.issuer, BODY, 8, CARD_W - 16 * mm)
    canvas_text.draw(canvas, x + CARD_W - 6 * mm, y + 8.5 * mm, spec.issuer, BODY, issuer_size, "right")
    note_size = canvas_text.fit_size(spec.note, SANS, 6.5, CARD_W - 12 * mm)
    canvas_text.draw(canvas, x + 6 * mm, y + 4.5 * mm, spec.note, SANS, note_size)
    canvas.setFillColor(black)


def render(spec: VoterCardsSpec, footer: Footer) -> bytes:
    """All cards, eight per A4 page, cut marks at every corner, the footer on each page."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, spec.title)
    per_page = COLUMNS * ROWS
    pages = max(1, -(-len(spec.cards) // per_page))
    for page in range(pages):
        chunk = spec.cards[page * per_page:(page + 1) * per_page]
        for slot, card in enumerate(chunk):
            x, y = _origin(slot)
            _cut_marks(canvas, x, y)
            _card(canvas, spec, card, x, y)
        draw_footer(canvas, geometry(), footer)
        canvas_text.draw(canvas, A4[0] / 2, 10 * mm, f"第 {page + 1} 页 共 {pages} 页", SANS, 8, "center")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


register_kind(DocumentKind("voter_cards", "选民证", VoterCardsSpec, render))
