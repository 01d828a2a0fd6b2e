"""党组织选举选票 (paper-formats §8b; SO-02, PT-12, PT-18, PT-19): the committee ballot of
the members' meeting and the officers' ballot of the committee's first full meeting.

Each section (委员会委员; or 书记, 副书记) is a table: the candidates in the order given
(姓氏笔画, SO-02 — the workflow sorts), each with three mark cells 赞成 / 不赞成 / 弃权, then
the 另选他人 lines the profile allows (a blank name and a 赞成 cell; the other two struck
through). The heading says the seats and the candidates (差额 for the committee, 等额 for
the officers); the 说明 follow; then the issuer with room for its seal.

Like the villager ballot (:mod:`printing.documents.vc_ballot`), the paper carries **no
number, code, QR code or mark of any kind** (PT-12): the verification footer is never
drawn, every copy is the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import canvas_text
from printing.documents import DocumentKind, register_kind
from printing.documents.vc_ballot import (
    BLOCK_GAP,
    GREY,
    ISSUER_H,
    LIGHT,
    SIDE,
    TITLE_H,
    WRITE_IN,
    draw_notes,
    draw_seal_room,
    draw_title,
    notes_height,
    render_copies,
)
from printing.fonts import BODY, HEI, SANS
from printing.layout import Footer

MARKS = ("赞成", "不赞成", "弃权")
HEAD_H = 8 * mm  # a section's heading line
HEADER_ROW_H = 8 * mm
ROW_H = 10 * mm
NAME_W = 62 * mm
MARK_W = 28 * mm


@dataclass(frozen=True)
class PartyBallotSection:
    """One office on the ballot: seats, candidates in the printed order, 另选他人 lines."""

    office: str  # 委员会委员 / 书记 / 副书记
    seats: int
    candidates: list[str]
    write_in_lines: int = 0  # per the profile (paper-formats §8b)


@dataclass(frozen=True)
class PartyBallotSpec:
    """The committee ballot or the officers' ballot; never numbered or marked (PT-12)."""

    title: str  # “中共石桥村支部委员会委员选票” / “中共石桥村支部委员会书记、副书记选票”
    date_text: str
    sections: list[PartyBallotSection]
    issuer: str = ""  # whose seal is pressed on the ballots (empty: the seal room only)
    instructions: list[str] = field(default_factory=list)  # empty: :func:`default_instructions`
    order_note: str = "候选人按姓氏笔画为序"
    copies: int = 1


def quota(section: PartyBallotSection) -> str:
    """“应选5名，候选人6名，差额1名” or “应选1名，等额选举”."""
    count = len(section.candidates)
    if count == section.seats:
        return f"应选{section.seats}名，等额选举"
    margin = count - section.seats
    extra = f"，差额{margin}名" if margin > 0 else ""
    return f"应选{section.seats}名，候选人{count}名{extra}"


def default_instructions(sections: Sequence[PartyBallotSection]) -> list[str]:
    """The customary 说明 (paper-formats §8b); workflows pass the profile's wording instead."""
    seats = "、".join(f"{s.office}{s.seats}名" for s in sections)
    notes = [f"本次选举应选{seats}。每张选票所选人数等于或少于应选名额的为有效票，多于应选名额的为无效票。",
             "对候选人赞成的，在其姓名后“赞成”栏内划“○”；不赞成的，在“不赞成”栏内划“×”；弃权的，在“弃权”栏内划“○”。"
             "对每名候选人只能在一栏内划符号。"]
    if any(s.write_in_lines for s in sections):
        notes.append("另选他人的，在“另选他人”栏内写上所选人的姓名，并在其后“赞成”栏内划“○”；只写姓名不划“○”的无效。")
    notes.append("请用黑色或蓝色笔填写，符号要准确、清楚，无法辨认的部分无效。选票上不得作其他任何记号，否则作废。")
    return notes


def _instructions(spec: PartyBallotSpec) -> list[str]:
    return spec.instructions or default_instructions(spec.sections)


def section_height(section: PartyBallotSection) -> float:
    rows = len(section.candidates) + section.write_in_lines
    return HEAD_H + HEADER_ROW_H + rows * ROW_H + BLOCK_GAP


def ballot_height(spec: PartyBallotSpec) -> float:
    width = A4[0] - 2 * SIDE
    body = sum(section_height(s) for s in spec.sections)
    return TITLE_H + body + notes_height(_instructions(spec), width) + ISSUER_H


def _rules(canvas: Canvas, left: float, top: float, widths: list[float], heights: list[float]) -> None:
    right, bottom = left + sum(widths), top - sum(heights)
    canvas.setLineWidth(0.8)
    canvas.rect(left, bottom, right - left, top - bottom)
    canvas.setLineWidth(0.4)
    y = top
    for height in heights[:-1]:
        y -= height
        canvas.line(left, y, right, y)
    x = left
    for width in widths[:-1]:
        x += width
        canvas.line(x, bottom, x, top)


def _strike(canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(LIGHT)
    canvas.line(x + 2 * mm, y + 1.5 * mm, x + width - 2 * mm, y + height - 1.5 * mm)
    canvas.restoreState()


def _draw_section(canvas: Canvas, section: PartyBallotSection, left: float, top: float) -> float:
    """Heading and table of one office; returns the y under it."""
    widths = [NAME_W, MARK_W, MARK_W, MARK_W]
    table_left = left + (A4[0] - 2 * SIDE - sum(widths)) / 2
    drawn = canvas_text.draw(canvas, table_left, top - 5.5 * mm, section.office, HEI, 12.5)
    canvas_text.draw(canvas, table_left + drawn + 2 * mm, top - 5.5 * mm, f"（{quota(section)}）", BODY, 10.5)
    rows = [*section.candidates, *([None] * section.write_in_lines)]
    heights = [HEADER_ROW_H] + [ROW_H] * len(rows)
    y = top - HEAD_H
    _rules(canvas, table_left, y, widths, heights)
    xs = [table_left]
    for width in widths:
        xs.append(xs[-1] + width)
    for index, label in enumerate(("候选人姓名", *MARKS)):
        canvas_text.draw(canvas, (xs[index] + xs[index + 1]) / 2, y - HEADER_ROW_H / 2 - 1.3 * mm, label,
                         HEI, 11, "center")
    y -= HEADER_ROW_H
    for name in rows:
        if name is None:
            canvas.setFillColor(GREY)
            canvas_text.draw(canvas, xs[0] + 1.5 * mm, y - 3.5 * mm, WRITE_IN, SANS, 7)
            canvas.setFillColor(black)
            _strike(canvas, xs[2], y - ROW_H, MARK_W, ROW_H)
            _strike(canvas, xs[3], y - ROW_H, MARK_W, ROW_H)
        else:
            size = canvas_text.fit_size(name, BODY, 13, NAME_W - 4 * mm)
            canvas_text.draw(canvas, xs[0] + NAME_W / 2, y - ROW_H / 2 - size * 0.35, name, BODY, size, "center")
        y -= ROW_H
    return y - BLOCK_GAP


def _draw_ballot(canvas: Canvas, spec: PartyBallotSpec, top: float) -> None:
    width = A4[0] - 2 * SIDE
    subtitle = "　".join(part for part in (spec.date_text, f"（{spec.order_note}）" if spec.order_note else "")
                        if part)
    draw_title(canvas, spec.title, subtitle, top)
    y = top - TITLE_H
    for section in spec.sections:
        y = _draw_section(canvas, section, SIDE, y)
    y = draw_notes(canvas, _instructions(spec), SIDE, y, width)
    if spec.issuer:
        draw_seal_room(canvas, spec.issuer, A4[0] - SIDE - 4 * mm, y - ISSUER_H + 2 * mm)


def render(spec: PartyBallotSpec, footer: Footer) -> bytes:
    """``copies`` identical ballots. ``footer`` is ignored: nothing identifies a ballot (PT-12)."""
    del footer  # never printed on a ballot: no code, anchor or QR code
    return render_copies(spec.title, spec.copies, ballot_height(spec),
                         lambda canvas, top: _draw_ballot(canvas, spec, top))


register_kind(DocumentKind("party_ballot", "党组织选举选票", PartyBallotSpec, render))
