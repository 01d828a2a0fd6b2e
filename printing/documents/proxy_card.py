"""委托投票证 (paper-formats §4, VC-19, GC-11): the card the committee issues for an approved
written authorisation; the proxy shows it to fetch the principal's ballot.

Two cards per A4 sheet (each about a landscape A5 half) with a counterfoil (存根) the committee keeps,
cut off along the dashed line. The card carries the principal (ID number masked), the proxy,
their relationship and the reason, signature lines for both, the committee's approval with two
clerks and the seal, and the printed rules (the limit per proxy, no sub-delegation, …).
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

FOOTER_BAND = 24 * mm  # the verification code and QR code below the lower card
HALF = (A4[1] - FOOTER_BAND) / 2  # each card's slot: a landscape A5 less its share of the band
MARGIN = 10 * mm
STUB_W = 46 * mm
GREY = Color(0.35, 0.35, 0.35)
LIGHT = Color(0.75, 0.75, 0.75)


@dataclass(frozen=True)
class ProxyCard:
    """One card's variable text (the principal's ID number already masked)."""

    number: str
    principal: str
    principal_group: str
    principal_masked_id: str
    proxy: str
    proxy_group: str
    kind: str  # the proxy is the principal's …
    reason: str
    registered_text: str


@dataclass(frozen=True)
class ProxyCardsSpec:
    """All cards of one print run."""

    title: str
    election_title: str  # “石桥村第十二届村民委员会选举”
    vote_date_text: str
    issuer: str
    cards: list[ProxyCard]
    notes: list[str] = field(default_factory=list)


def _field(canvas: Canvas, x: float, y: float, label: str, value: str, width: float, size: float = 12) -> None:
    canvas_text.draw(canvas, x, y, label + "：", HEI, 10.5)
    left = x + canvas_text.width(label + "：", HEI, 10.5)
    canvas_text.draw(canvas, left, y, value, BODY, canvas_text.fit_size(value, BODY, size, width - (left - x)))


def _line(canvas: Canvas, x: float, y: float, label: str, length: float) -> None:
    """A label with a line to sign on; ``length`` counts from ``x``, label included."""
    drawn = canvas_text.draw(canvas, x, y, label + "：", HEI, 10.5)
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.5)
    canvas.line(x + drawn + 1 * mm, y - 1.2 * mm, x + length, y - 1.2 * mm)


def _stub(canvas: Canvas, spec: ProxyCardsSpec, card: ProxyCard, bottom: float) -> None:
    """The counterfoil on the left, kept by the committee."""
    x, top = MARGIN, bottom + HALF - MARGIN
    canvas_text.draw(canvas, x + STUB_W / 2, top - 8 * mm, "存　根", TITLE, 14, "center", char_space=2)
    rows = (("编号", card.number), ("委托人", card.principal), ("受委托人", card.proxy), ("关系", card.kind),
            ("办理日期", card.registered_text))
    y = top - 20 * mm
    for label, value in rows:
        _field(canvas, x, y, label, value, STUB_W - 2 * mm, 10.5)
        y -= 8 * mm
    _line(canvas, x, y - 4 * mm, "经办人", STUB_W - 4 * mm)
    _line(canvas, x, y - 14 * mm, "领证人", STUB_W - 4 * mm)
    cut = x + STUB_W + 3 * mm
    canvas.setStrokeColor(GREY)
    canvas.setDash(3, 2)
    canvas.line(cut, bottom + 8 * mm, cut, bottom + HALF - 8 * mm)
    canvas.setDash()
    canvas.setFillColor(GREY)
    canvas_text.draw(canvas, cut - 1.5 * mm, bottom + 9 * mm, "沿虚线剪开", SANS, 6.5, "right")
    canvas.setFillColor(black)


def _card(canvas: Canvas, spec: ProxyCardsSpec, card: ProxyCard, bottom: float) -> None:
    """The card itself, right of the counterfoil."""
    left = MARGIN + STUB_W + 8 * mm
    right = A4[0] - MARGIN
    width, centre, top = right - left, (left + right) / 2, bottom + HALF - MARGIN
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.8)
    canvas.rect(left - 3 * mm, bottom + MARGIN - 4 * mm, width + 3 * mm, HALF - 2 * MARGIN + 4 * mm)
    size = canvas_text.fit_size(spec.election_title, BODY, 13, width - 10 * mm)
    canvas_text.draw(canvas, centre, top - 7 * mm, spec.election_title, BODY, size, "center")
    canvas_text.draw(canvas, centre, top - 17 * mm, "委托投票证", TITLE, 20, "center", char_space=4)
    canvas_text.draw(canvas, right - 3 * mm, top - 17 * mm, f"No. {card.number}", SANS, 9, "right")
    half = (width - 6 * mm) / 2
    y = top - 28 * mm
    _field(canvas, left + 2 * mm, y, "委托人", card.principal, half)
    _field(canvas, left + 2 * mm + half, y, "村民小组", card.principal_group, half)
    y -= 7 * mm
    _field(canvas, left + 2 * mm, y, "委托人身份证号", card.principal_masked_id, width - 4 * mm, 11)
    y -= 7 * mm
    _field(canvas, left + 2 * mm, y, "受委托人", card.proxy, half)
    _field(canvas, left + 2 * mm + half, y, "村民小组", card.proxy_group, half)
    y -= 7 * mm
    _field(canvas, left + 2 * mm, y, "与委托人关系", card.kind, half)
    _field(canvas, left + 2 * mm + half, y, "选举日", spec.vote_date_text, half, 11)
    y -= 7 * mm
    _field(canvas, left + 2 * mm, y, "委托原因", card.reason, width - 4 * mm, 11)
    y -= 10 * mm
    _line(canvas, left + 2 * mm, y, "委托人签名（按手印）", half - 2 * mm)
    _line(canvas, left + 2 * mm + half, y, "受委托人签名", half - 6 * mm)
    y -= 10 * mm
    canvas_text.draw(canvas, left + 2 * mm, y, "村民选举委员会审核意见：经审核，同意委托。", HEI, 10.5)
    y -= 8 * mm
    _line(canvas, left + 2 * mm, y, "经办人", half - 14 * mm)
    _line(canvas, left + 2 * mm + half - 8 * mm, y, "经办人", half - 20 * mm)
    seal_x, seal_y = right - 18 * mm, y + 2 * mm
    canvas.setStrokeColor(LIGHT)
    canvas.setDash(1, 2)
    canvas.circle(seal_x, seal_y, 11 * mm)
    canvas.setDash()
    canvas.setFillColor(GREY)
    canvas_text.draw(canvas, seal_x, seal_y - 1 * mm, "（盖章）", SANS, 7, "center")
    canvas.setFillColor(black)
    issuer = f"{spec.issuer}　{card.registered_text}"
    canvas_text.draw(canvas, right - 3 * mm, y - 10 * mm, issuer, BODY,
                     canvas_text.fit_size(issuer, BODY, 10.5, width - 6 * mm), "right")
    _notes(canvas, spec, left + 2 * mm, bottom + MARGIN, width - 6 * mm)


def _notes(canvas: Canvas, spec: ProxyCardsSpec, x: float, y: float, width: float) -> None:
    """The printed rules, one line each, from the bottom of the card up."""
    canvas.setFillColor(GREY)
    for text in reversed(spec.notes):
        canvas_text.draw(canvas, x, y, text, SANS, canvas_text.fit_size(text, SANS, 7.5, width))
        y += 3.6 * mm
    canvas.setFillColor(black)


def render(spec: ProxyCardsSpec, footer: Footer) -> bytes:
    """Two cards per A4 sheet, the footer on each sheet."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, spec.title)
    pages = max(1, -(-len(spec.cards) // 2))
    for page in range(pages):
        for slot, card in enumerate(spec.cards[page * 2:page * 2 + 2]):
            bottom = FOOTER_BAND + (1 - slot) * HALF  # the first card on the upper half
            _stub(canvas, spec, card, bottom)
            _card(canvas, spec, card, bottom)
        canvas.setStrokeColor(LIGHT)
        canvas.setDash(4, 3)
        canvas.line(6 * mm, FOOTER_BAND + HALF, A4[0] - 6 * mm, FOOTER_BAND + HALF)
        canvas.setDash()
        draw_footer(canvas, geometry(), footer)
        canvas_text.draw(canvas, A4[0] / 2, 10 * mm, f"第 {page + 1} 页 共 {pages} 页", SANS, 8, "center")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


register_kind(DocumentKind("vc_proxy_cards", "委托投票证", ProxyCardsSpec, render))
