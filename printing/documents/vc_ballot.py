"""村民委员会选举选票 (paper-formats §8a; GC-14, GC-18, PT-12, SD-26): the ballot paper.

One block per office in the order given (主任 → 副主任 → [妇女委员] → 委员), each headed
with its seats (`主任（应选1名）`), the formal candidates in the list order, each name over
a mark cell (符号), then as many 另选他人 cells as the office has seats (or the number the
spec says); the 说明 (seats and validity, ○ and ×, write-ins, one person one office, the
secret booth) and the committee's name with room for its seal. A runoff's separate
women's seat (GC-18) is just one more office, ``妇女委员``, with its note.

**No mark of any kind** (PT-12: a ballot with a sign or number of its own is void): every
copy is the same paper. The verification footer that every other document carries — the
code, the audit anchor and the QR code — is deliberately not drawn; ``render`` takes the
footer only to keep the common signature and ignores it (the archive still keeps the
code, it is just never printed on a ballot). No page number, no batch number: batches go
on the packets and the count sheet (:mod:`printing.documents.ballot_count_sheet`).

Two ballots per A4 page (cut along the dashed line) when one fits half a page, else one.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import canvas_text
from printing.cjk import break_lines
from printing.documents import DocumentKind, register_kind
from printing.fonts import BODY, HEI, SANS, TITLE
from printing.layout import Footer, new_canvas

GREY = Color(0.45, 0.45, 0.45)
LIGHT = Color(0.78, 0.78, 0.78)
SIDE = 15 * mm  # left and right margin of a ballot
HALF = A4[1] / 2
PAGE_TOP, PAGE_BOTTOM = 9 * mm, 6 * mm  # free paper above and below a ballot
MAX_COLUMNS = 8  # cells in one grid row; more go to a further row
LABEL_W = 12 * mm  # the grid's left column (姓名 / 符号)
NAME_H, MARK_H = 12 * mm, 10 * mm
HEAD_H = 7.5 * mm  # an office's heading line
BLOCK_GAP = 3.5 * mm
NOTE_LINE = 4.4 * mm
NOTE_SIZE = 9.0
TITLE_H = 16 * mm  # title and the line under it
ISSUER_H = 16 * mm  # the committee's name and its seal room
WRITE_IN = "另选他人"


@dataclass(frozen=True)
class BallotOffice:
    """One office on the ballot: its seats and formal candidates in the list order."""

    label: str  # 主任 / 副主任 / 委员 / 妇女委员
    seats: int
    candidates: list[str]
    write_ins: int | None = None  # 另选他人 cells; None: as many as the seats
    note: str = ""  # e.g. “只能选妇女” for the runoff's women's seat (GC-18)

    @property
    def write_in_cells(self) -> int:
        return self.seats if self.write_ins is None else max(0, self.write_ins)


@dataclass(frozen=True)
class VcBallotSpec:
    """The ballot and how many to print; no number, code or mark ever goes on it (PT-12)."""

    title: str  # “石桥村第十二届村民委员会选举选票” / “……另行选举选票”
    date_text: str  # the election day, “2026年12月6日”
    offices: list[BallotOffice]
    issuer: str  # the village election committee, whose seal is pressed on every ballot
    instructions: list[str] = field(default_factory=list)  # empty: :func:`default_instructions`
    order_note: str = "候选人按姓氏笔画为序"
    copies: int = 1


def seats_sentence(offices: Sequence[BallotOffice], body: str = "村民委员会") -> str:
    """“本次选举应选村民委员会主任1名、副主任1名、委员3名”."""
    parts = [f"{office.label}{office.seats}名" for office in offices]
    return f"本次选举应选{body}{'、'.join(parts)}" if parts else ""


def default_instructions(offices: Sequence[BallotOffice]) -> list[str]:
    """The customary 说明 (paper-formats §8a); workflows pass the profile's wording instead.
    The 另选他人 line only where the ballot has such cells (none on a re-vote among the tied),
    the one-office line only where it lists more than one office."""
    notes = [
        f"{seats_sentence(offices)}。每一职务所选人数等于或少于应选名额的有效，多于应选名额的，该职务一栏无效。",
        "同意候选人的，在其姓名下方的符号栏内划“○”；不同意的，划“×”；不划任何符号的，视为弃权。",
    ]
    if any(office.write_in_cells for office in offices):
        notes.append("另选他人的，在该职务“另选他人”空格内写上所选人的姓名，并在其下方符号栏内划“○”；只写姓名不划“○”的无效。")
    if len(offices) > 1:
        notes.append("同一人只能被选为一个职务，不得在两个以上职务栏内同时被选。")
    notes.append("请在秘密写票处用黑色或蓝色笔填写，符号要准确、清楚；无法辨认的部分无效。选票上不得作其他任何记号。")
    return notes


# ----------------------------------------------------------------------------- drawing helpers


def wrap(text: str, role, size: float, width: float) -> list[str]:
    """``text`` broken into lines of ``width`` points (Chinese line-breaking rules)."""
    return [line.text for line in break_lines(text, role, size, width, size, 0)] or [""]


def numbered_notes(notes: Sequence[str], width: float) -> list[str]:
    """“说明：” lines: each note numbered, continuation lines indented under its text."""
    lines = []
    for number, text in enumerate(notes, start=1):
        for index, line in enumerate(wrap(text, BODY, NOTE_SIZE, width - 6 * mm)):
            lines.append(f"{number}. {line}" if index == 0 else f"\u3000 {line}")
    return lines


def notes_height(notes: Sequence[str], width: float) -> float:
    return (len(numbered_notes(notes, width)) + 1) * NOTE_LINE


def draw_notes(canvas: Canvas, notes: Sequence[str], left: float, top: float, width: float) -> float:
    """The 说明 block from ``top`` down; returns the y under it."""
    y = top - NOTE_LINE
    canvas_text.draw(canvas, left, y, "说明：", HEI, NOTE_SIZE + 0.5)
    for line in numbered_notes(notes, width):
        y -= NOTE_LINE
        canvas_text.draw(canvas, left + 2 * mm, y, line, BODY, NOTE_SIZE)
    return y


def draw_seal_room(canvas: Canvas, issuer: str, right: float, bottom: float) -> None:
    """The issuer with “（章）” and a dashed circle where the seal is pressed."""
    text = f"{issuer}（章）"
    issuer_width = canvas_text.draw(canvas, right, bottom + 3 * mm, text, BODY, 10.5, "right")
    canvas.saveState()
    canvas.setStrokeColor(LIGHT)
    canvas.setDash(1, 2)
    canvas.circle(right - issuer_width / 2, bottom + 4.5 * mm, 10.5 * mm)
    canvas.restoreState()


def draw_title(canvas: Canvas, title: str, subtitle: str, top: float) -> None:
    width = A4[0] - 2 * SIDE
    size = canvas_text.fit_size(title, TITLE, 18, width)
    canvas_text.draw(canvas, A4[0] / 2, top - 8 * mm, title, TITLE, size, "center")
    if subtitle:
        canvas.setFillColor(GREY)
        canvas_text.draw(canvas, A4[0] / 2, top - 14 * mm, subtitle, SANS, 9, "center")
        canvas.setFillColor(black)


def cut_line(canvas: Canvas) -> None:
    """The dashed line between two ballots (no words: nothing is printed on a ballot but the ballot)."""
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setDash(3, 3)
    canvas.line(6 * mm, HALF, A4[0] - 6 * mm, HALF)
    canvas.restoreState()


def page_plan(height: float, copies: int) -> tuple[int, int]:
    """(ballots per page, pages): two per page when one fits half a page."""
    each = 2 if height <= HALF - PAGE_TOP - PAGE_BOTTOM else 1
    return each, max(1, -(-max(copies, 1) // each))


def render_copies(title: str, copies: int, height: float, draw_one) -> bytes:
    """``copies`` identical ballots, one or two per A4 page; ``draw_one(canvas, top)``."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, title)
    each, pages = page_plan(height, copies)
    for _page in range(pages):
        if each == 2:
            draw_one(canvas, A4[1] - PAGE_TOP)
            cut_line(canvas)
            draw_one(canvas, HALF - PAGE_TOP)
        else:
            draw_one(canvas, A4[1] - PAGE_TOP)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# ----------------------------------------------------------------------------- the grid


def _grid_rows(office: BallotOffice) -> list[list[str | None]]:
    """Cells of the office in rows of at most MAX_COLUMNS: a name, or None for a write-in."""
    cells: list[str | None] = [*office.candidates, *([None] * office.write_in_cells)]
    cells = cells or [None]
    return [cells[i:i + MAX_COLUMNS] for i in range(0, len(cells), MAX_COLUMNS)]


def _columns(spec: VcBallotSpec) -> int:
    """Columns of every grid on this ballot: the same cell width for all offices."""
    return max((len(row) for office in spec.offices for row in _grid_rows(office)), default=1)


def office_height(office: BallotOffice) -> float:
    return HEAD_H + len(_grid_rows(office)) * (NAME_H + MARK_H) + BLOCK_GAP


def ballot_height(spec: VcBallotSpec) -> float:
    width = A4[0] - 2 * SIDE
    offices = sum(office_height(office) for office in spec.offices)
    return TITLE_H + offices + notes_height(_instructions(spec), width) + ISSUER_H


def _instructions(spec: VcBallotSpec) -> list[str]:
    return spec.instructions or default_instructions(spec.offices)


def _name_lines(name: str, width: float) -> tuple[list[str], float]:
    """A name in one line, or two (a long name breaks at “·” or in the middle), and its size."""
    size = 13.0
    if canvas_text.width(name, BODY, size) <= width:
        return [name], size
    if "·" in name:
        head, tail = name.split("·", 1)
        lines = [head + "·", tail]
    else:
        cut = (len(name) + 1) // 2
        lines = [name[:cut], name[cut:]]
    size = min(canvas_text.fit_size(line, BODY, 12, width) for line in lines)
    return lines, size


def _draw_cell_name(canvas: Canvas, name: str | None, x: float, top: float, width: float) -> None:
    if name is None:  # a write-in cell: the caption, small and grey, in the corner
        canvas.setFillColor(GREY)
        canvas_text.draw(canvas, x + 1.2 * mm, top - 3.2 * mm, WRITE_IN, SANS, 6.5)
        canvas.setFillColor(black)
        return
    lines, size = _name_lines(name, width - 2 * mm)
    pitch = size * 1.2
    y = top - NAME_H / 2 + (len(lines) - 1) * pitch / 2 - size * 0.35
    for line in lines:
        canvas_text.draw(canvas, x + width / 2, y, line, BODY, size, "center")
        y -= pitch


def _draw_grid_row(canvas: Canvas, cells: list[str | None], left: float, top: float,
                   cell_w: float) -> float:
    """One grid row: the 姓名 line over the 符号 line; returns its bottom."""
    bottom = top - NAME_H - MARK_H
    right = left + LABEL_W + len(cells) * cell_w
    canvas.setLineWidth(0.8)
    canvas.rect(left, bottom, right - left, top - bottom)
    canvas.setLineWidth(0.4)
    canvas.line(left, top - NAME_H, right, top - NAME_H)
    for index in range(len(cells) + 1):
        x = left + LABEL_W + index * cell_w
        canvas.line(x, bottom, x, top)
    canvas_text.draw(canvas, left + LABEL_W / 2, top - NAME_H / 2 - 1.2 * mm, "姓名", HEI, 9.5, "center")
    canvas_text.draw(canvas, left + LABEL_W / 2, bottom + MARK_H / 2 - 1.2 * mm, "符号", HEI, 9.5, "center")
    for index, name in enumerate(cells):
        _draw_cell_name(canvas, name, left + LABEL_W + index * cell_w, top, cell_w)
    return bottom


def _draw_office(canvas: Canvas, office: BallotOffice, left: float, top: float, width: float,
                 columns: int) -> float:
    """Heading and grid of one office; returns the y under the block."""
    heading = f"{office.label}（应选{office.seats}名）"
    drawn = canvas_text.draw(canvas, left, top - 5 * mm, heading, HEI, 12)
    if office.note:
        canvas_text.draw(canvas, left + drawn + 3 * mm, top - 5 * mm, office.note, BODY, 10)
    y = top - HEAD_H
    cell_w = (width - LABEL_W) / columns
    for cells in _grid_rows(office):
        y = _draw_grid_row(canvas, cells, left, y, cell_w)
    return y - BLOCK_GAP


def _draw_ballot(canvas: Canvas, spec: VcBallotSpec, top: float) -> None:
    width = A4[0] - 2 * SIDE
    subtitle = "　".join(part for part in (spec.date_text, f"（{spec.order_note}）" if spec.order_note else "")
                        if part)
    draw_title(canvas, spec.title, subtitle, top)
    y = top - TITLE_H
    columns = _columns(spec)
    for office in spec.offices:
        y = _draw_office(canvas, office, SIDE, y, width, columns)
    y = draw_notes(canvas, _instructions(spec), SIDE, y, width)
    draw_seal_room(canvas, spec.issuer, A4[0] - SIDE - 4 * mm, y - ISSUER_H + 2 * mm)


def render(spec: VcBallotSpec, footer: Footer) -> bytes:
    """``copies`` identical ballots. ``footer`` is ignored: nothing identifies a ballot (PT-12)."""
    del footer  # never printed on a ballot: no code, anchor or QR code
    return render_copies(spec.title, spec.copies, ballot_height(spec),
                         lambda canvas, top: _draw_ballot(canvas, spec, top))


register_kind(DocumentKind("vc_ballot", "村民委员会选举选票", VcBallotSpec, render))
