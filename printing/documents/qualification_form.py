"""资格联审表 (PT-26, SD-40, paper-formats §12d): one sheet per 候选人初步人选, internal.

Each candidate gets one A3 landscape sheet (folded, two A4 halves) or, with
``sheet="A4"``, two A4 portrait pages to print on both sides:

* left half / front: header, the person block (with the full ID number: the form is
  internal), the ten “十不选” items (SD-40) with 是/否 and 情况说明, and the township's
  own box, 镇党委初审意见 (PT-26: the township reviews first, the county departments
  after it — the township is never a row among them); for villager-committee nominees
  (SD-24 村、乡镇、县三级联审) the village's own 村级初审意见 box stands above it;
* right half / back: one row per reviewing county department (审查意见, 经办人签字,
  分管领导签字, 单位盖章, 日期), then the box for the 县委组织部、民政局综合意见 and 备注.

Nothing is pre-printed as a finding: a signature cell shows a name only when that
department's own 经办人 or 分管领导 was entered for it, otherwise it is left empty and tall
enough to sign and stamp; the 综合意见 and 备注 hold only what the county wrote. The boxes
end with “（盖章）  年  月  日” at their bottom right. On A3 the fold marks between the
halves stay 6–10 mm from the paper's edge, inside what a printer prints. All cell text is
laid out by :class:`printing.cjk.GridParagraph` (禁则, per-character font fallback).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, FrameBreak, PageBreak, PageTemplate

from printing import canvas_text
from printing.cjk import EM_ASCENT, GridParagraph
from printing.documents import DocumentKind, register_kind
from printing.fonts import HEI, SONG, TITLE, Role, resolve_font
from printing.layout import CREATOR, Footer, Geometry, draw_footer


@dataclass(frozen=True)
class CheckAnswer:
    """The answer to one “十不选” item (1-based ``item``); blank answers are ticked by hand."""

    item: int
    answer: str = ""  # 是 / 否
    note: str = ""  # 情况说明


@dataclass(frozen=True)
class DepartmentOpinion:
    """One department's row; empty fields stay blank for handwriting."""

    department: str
    opinion: str = ""  # 无问题 / 有问题：…
    reviewer: str = ""  # 经办人, printed small in the signature cell
    leader: str = ""  # 分管领导, printed small in the signature cell
    date_text: str = ""


@dataclass(frozen=True)
class QualificationCandidate:
    """One 候选人初步人选 (full ID number: the form is internal)."""

    name: str
    sex: str
    ethnicity: str
    birth_month: str
    id_number: str
    political_status: str  # 中共党员 / 群众 / …
    education: str
    current_post: str
    proposed_office: str  # 拟提名职务 (村党组织 / 村委会)
    checks: list[CheckAnswer] = field(default_factory=list)
    reviews: list[DepartmentOpinion] = field(default_factory=list)  # county departments
    township_opinion: str = ""  # 镇党委初审意见 (text written by the township)
    township_review: DepartmentOpinion | None = None  # the township's 初审: 经办人, 分管领导, date
    # The village's own 初审 (SD-24 村、乡镇、县三级联审: villager-committee nominees); None: no box.
    village_review: DepartmentOpinion | None = None
    county_opinion: str = ""  # 县委组织部、民政局综合意见
    remarks: str = ""


@dataclass(frozen=True)
class QualificationFormSpec:
    """The forms of all initial candidates of one village."""

    title: str  # ××村“两委”换届候选人（初步人选）资格联审表
    township: str
    candidates: list[QualificationCandidate]
    items: list[str]  # the ten “十不选” items in the township's wording (workflows.party.review)
    departments: list[str]  # the reviewing county departments, in the profile's order (PT-26)
    sheet: str = "A3"  # A3: one landscape sheet per candidate; A4: two portrait pages (duplex)


# ----------------------------------------------------------------------------- geometry

A4_PORTRAIT = (210 * mm, 297 * mm)
A3_LANDSCAPE = (420 * mm, 297 * mm)
SIDE = 15 * mm  # left/right margin of each A4-sized half
TOP = 12 * mm
BOTTOM = 24 * mm  # the verification code and QR code (7–21 mm) sit below the frames
HALF_WIDTH = 210 * mm - 2 * SIDE  # 180 mm
FRAME_HEIGHT = 297 * mm - TOP - BOTTOM  # 261 mm

TITLE_SIZE = 18.0
CELL_SIZE = 10.5  # 5号
ITEM_SIZE = 10.0
SMALL_SIZE = 9.0
NOTE_SIZE = 7.5
PAD = 3.0
SEAL_LINE = "（盖章）　　　　年　　月　　日"
DATE_BLANK = "　　年　月　日"
NAME_BLANK = "　" * 5  # room to sign by hand
GAP = 4 * mm
FOLD_MARK = (6 * mm, 10 * mm)  # from the paper's edge: inside the printable area (≥ 5 mm)
TOWNSHIP_PREFIXES = ("镇党委", "乡党委", "乡镇党委", "街道党工委")


def is_township_review(department: str) -> bool:
    """Whether a reviewing unit is the township's own 初审 (PT-26), not a county department."""
    name = department.strip()
    return "初审" in name or name.startswith(TOWNSHIP_PREFIXES)


def county_departments(departments: list[str]) -> list[str]:
    """The reviewing units that are county departments (the township's 初审 has its own box)."""
    return [name for name in departments if not is_township_review(name)]


# ----------------------------------------------------------------------------- grid


@dataclass(frozen=True)
class Cell:
    """A cell of a :class:`FormTable` row spanning ``span`` columns."""

    text: str = ""
    span: int = 1
    font: Role | str = SONG
    size: float = CELL_SIZE
    align: str = "center"  # GridParagraph alignment: center / left / justify
    valign: str = "middle"  # middle / top
    note: str = ""  # small text in a corner (a reviewer's name, the seal line)
    note_at: str = "top-left"  # top-left / bottom-right
    note_size: float = NOTE_SIZE


@dataclass(frozen=True)
class Row:
    """A row of cells and its minimum height (points)."""

    cells: tuple[Cell, ...]
    height: float = 0.0


class FormTable(Flowable):
    """A ruled table of rows with column spans, cells wrapped by GridParagraph.

    ``repeat`` header rows are repeated when the table splits between frames. With
    ``fill_row`` the table never splits and that row grows to fill the rest of the frame
    (the opinion boxes at the foot of each half).
    """

    def __init__(self, widths_mm: list[float], rows: list[Row], *, repeat: int = 0,
                 fill_row: int | None = None):
        super().__init__()
        self.widths_mm, self.rows = widths_mm, rows
        self.repeat, self.fill_row = repeat, fill_row
        self._measured: tuple[float, list[float], list[list[GridParagraph]]] | None = None
        self.heights: list[float] = []

    def _columns(self, avail: float) -> list[float]:
        widths = [w * mm for w in self.widths_mm]
        scale = min(1.0, avail / sum(widths))
        return [w * scale for w in widths]

    def _measure(self, avail: float) -> tuple[list[float], list[float], list[list[GridParagraph]]]:
        if self._measured is not None and self._measured[0] == avail:
            return self._columns(avail), self._measured[1], self._measured[2]
        columns = self._columns(avail)
        heights, paragraphs = [], []
        for row in self.rows:
            column, cells, height = 0, [], row.height
            for cell in row.cells:
                width = sum(columns[column:column + cell.span]) - 2 * PAD
                column += cell.span
                para = GridParagraph(cell.text, cell.font, cell.size, round(cell.size * 1.3, 2),
                                     first_line_indent=0, align=cell.align)
                para.wrap(width, 10_000)
                cells.append(para)
                note = cell.note_size * 1.3 + 2 if cell.note else 0.0
                height = max(height, _visual_height(para) + 2 * PAD + note)
            heights.append(height)
            paragraphs.append(cells)
        self._measured = (avail, heights, paragraphs)
        return columns, heights, paragraphs

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        _columns, heights, _p = self._measure(availWidth)
        self.heights = list(heights)
        natural = sum(heights)
        if self.fill_row is not None and availHeight > natural:
            self.heights[self.fill_row] += availHeight - natural - 0.01
        self.width, self.height = availWidth, sum(self.heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self.fill_row is not None:
            return []
        _columns, heights, _p = self._measure(availWidth)
        used, cut = sum(heights[:self.repeat]), self.repeat
        while cut < len(heights) and used + heights[cut] <= availHeight + 1e-6:
            used += heights[cut]
            cut += 1
        if cut <= self.repeat or cut == len(heights):
            return []
        head = self.rows[:self.repeat]
        return [FormTable(self.widths_mm, self.rows[:cut], repeat=self.repeat),
                FormTable(self.widths_mm, head + self.rows[cut:], repeat=self.repeat)]

    def draw(self) -> None:
        columns, _heights, paragraphs = self._measure(self.width)
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.6)
        top = self.height
        for row, height, paras in zip(self.rows, self.heights, paragraphs, strict=True):
            x, column = 0.0, 0
            for cell, para in zip(row.cells, paras, strict=True):
                width = sum(columns[column:column + cell.span])
                column += cell.span
                canvas.rect(x, top - height, width, height, stroke=1, fill=0)
                self._draw_cell(cell, para, x, top, width, height)
                x += width
            top -= height
        canvas.restoreState()

    def _draw_cell(self, cell: Cell, para: GridParagraph, x: float, top: float, width: float,
                   height: float) -> None:
        canvas = self.canv
        note_h = cell.note_size * 1.3 + 2 if cell.note else 0.0
        if cell.text:
            region_top = top - (note_h if cell.note_at == "top-left" else 0.0)
            if cell.valign == "top":
                para_top = region_top - PAD
            else:
                region = height - (note_h if cell.note_at == "top-left" else 0.0)
                para_top = region_top - max(PAD, (region - _visual_height(para)) / 2)
            para.drawOn(canvas, x + PAD, para_top - para.height)
        if cell.note:
            if cell.note_at == "bottom-right":
                canvas_text.draw(canvas, x + width - PAD - cell.note_size, top - height + PAD + 0.25 * cell.note_size,
                                 cell.note, SONG, cell.note_size, "right")
            else:
                canvas_text.draw(canvas, x + PAD, top - PAD - EM_ASCENT * cell.note_size, cell.note, SONG,
                                 cell.note_size)


def _visual_height(para: GridParagraph) -> float:
    """From the top of the first line's em box to the bottom of the last one's."""
    count = max(1, len(para.lines(para.width)))
    return (count - 1) * para.leading + para.size


class Caption(Flowable):
    """A line with text at the left and at the right (乡镇, 编号) above a table."""

    def __init__(self, left: str, right: str, size: float = CELL_SIZE):
        super().__init__()
        self.left, self.right, self.size = left, right, size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = availWidth, self.size * 2
        return self.width, self.height

    def draw(self) -> None:
        y = self.size * 0.6
        canvas_text.draw(self.canv, 0, y, self.left, SONG, self.size)
        canvas_text.draw(self.canv, self.width, y, self.right, SONG, self.size, "right")


class Gap(Flowable):
    """Vertical space that disappears at the top of a frame."""

    def __init__(self, height: float):
        super().__init__()
        self.gap = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = availWidth, min(self.gap, max(availHeight - 1, 0))
        return self.width, self.height

    def draw(self) -> None:
        pass


# ----------------------------------------------------------------------------- content


def _label(text: str, span: int = 1) -> Cell:
    return Cell(text, span, HEI)


def _value(text: str, span: int = 1, size: float = CELL_SIZE) -> Cell:
    return Cell(text, span, SONG, size)


PERSON_WIDTHS_MM = [22.0, 38.0, 22.0, 38.0, 22.0, 38.0]
CHECK_WIDTHS_MM = [12.0, 104.0, 18.0, 46.0]
REVIEW_WIDTHS_MM = [26.0, 50.0, 24.0, 26.0, 28.0, 26.0]
BOX_WIDTHS_MM = [26.0, 154.0]


def _person(c: QualificationCandidate) -> FormTable:
    height = 9 * mm
    rows = [
        Row((_label("姓名"), _value(c.name), _label("性别"), _value(c.sex), _label("民族"),
             _value(c.ethnicity)), height),
        Row((_label("出生年月"), _value(c.birth_month), _label("政治面貌"), _value(c.political_status),
             _label("文化程度"), _value(c.education)), height),
        Row((_label("身份证号"), Cell(c.id_number, 5, SONG, 12.0, "left")), height),
        Row((_label("现任职务"), Cell(c.current_post, 5, SONG, CELL_SIZE, "left")), height),
        Row((_label("拟提名职务"), Cell(c.proposed_office, 5, SONG, CELL_SIZE, "left")), height),
    ]
    return FormTable(PERSON_WIDTHS_MM, rows)


def _checks(spec: QualificationFormSpec, c: QualificationCandidate) -> FormTable:
    answers = {check.item: check for check in c.checks}
    rows = [
        Row((Cell("“十不选”负面清单审查（逐项填写；选“是”的，须在情况说明中写明事实和依据）", 4, HEI,
                  CELL_SIZE, "left"),), 7 * mm),
        Row((_label("序号"), _label("审查事项"), _label("是/否"), _label("情况说明")), 7 * mm),
    ]
    for number, item in enumerate(spec.items, start=1):
        check = answers.get(number, CheckAnswer(number))
        answer = check.answer or "□是 □否"
        rows.append(Row((_value(str(number)), Cell(item, 1, SONG, ITEM_SIZE, "justify"),
                         _value(answer, size=CELL_SIZE if check.answer else SMALL_SIZE),
                         Cell(check.note, 1, SONG, SMALL_SIZE, "left")), 7 * mm))
    return FormTable(CHECK_WIDTHS_MM, rows, repeat=2)


def _box(label: str, text: str, min_height: float, *, seal: str | None = SEAL_LINE) -> Row:
    return Row((_label(label), Cell(text, 1, SONG, CELL_SIZE, "justify", "top",
                                    seal or "", "bottom-right", CELL_SIZE)), min_height)


def _township_review(c: QualificationCandidate) -> DepartmentOpinion:
    """The township's 初审: given on its own, or (older specs) among the departments."""
    if c.township_review is not None:
        return c.township_review
    return next((r for r in c.reviews if is_township_review(r.department)), DepartmentOpinion("镇党委"))


def _township_box(c: QualificationCandidate) -> Row:
    """镇党委初审意见: its own text, and names and date only where they were entered."""
    review = _township_review(c)
    text = c.township_opinion or review.opinion
    signed = (f"经办人：{review.reviewer or NAME_BLANK}　分管领导：{review.leader or NAME_BLANK}　"
              f"（盖章）　{review.date_text or '　　年　　月　　日'}")
    return _box("镇党委\n初审意见", text, 30 * mm, seal=signed)


def _village_box(review: DepartmentOpinion) -> Row:
    """村级初审意见 (SD-24): the village's opinion, names and date only where entered."""
    signed = (f"经办人：{review.reviewer or NAME_BLANK}　负责人：{review.leader or NAME_BLANK}　"
              f"（盖章）　{review.date_text or '　　年　　月　　日'}")
    return _box("村级\n初审意见", review.opinion, 24 * mm, seal=signed)


def _reviews(spec: QualificationFormSpec, c: QualificationCandidate) -> list[DepartmentOpinion]:
    """The spec's county departments in order (with the candidate's opinions), then any others.

    A department with no opinion of its own gets an empty row: nothing is copied from
    another department or pre-printed for it. The township's 初审 is never a row here.
    """
    given = {review.department: review for review in c.reviews if not is_township_review(review.department)}
    rows = [given.pop(name, DepartmentOpinion(name)) for name in county_departments(spec.departments)]
    return rows + [review for review in c.reviews if review.department in given]


def _review_row_height(count: int) -> float:
    """~12 mm per department: as tall as fits above a 综合意见 box of 50 mm, 10–12.5 mm."""
    room = FRAME_HEIGHT - 17 * mm - GAP - 50 * mm
    return max(10 * mm, min(12.5 * mm, room / max(count, 1)))


def _review_table(spec: QualificationFormSpec, c: QualificationCandidate) -> FormTable:
    reviews = _reviews(spec, c)
    height = _review_row_height(len(reviews))
    rows = [
        Row((Cell(f"县级有关部门联审意见（候选人：{c.name}）", 6, HEI, CELL_SIZE, "left"),), 7 * mm),
        Row((_label("审查单位"), _label("审查意见"), _label("经办人签字"), _label("分管领导签字"),
             _label("单位盖章"), _label("日期")), 10 * mm),
    ]
    for review in reviews:
        opinion = (Cell(review.opinion, 1, SONG, SMALL_SIZE, "left") if review.opinion else
                   Cell("", 1, note="□无问题　□有问题：", note_size=SMALL_SIZE))
        rows.append(Row((
            Cell(review.department, 1, SONG, CELL_SIZE),
            opinion,
            Cell("", 1, note=review.reviewer),
            Cell("", 1, note=review.leader),
            Cell(""),
            Cell(review.date_text, 1, SONG, SMALL_SIZE) if review.date_text else _value(DATE_BLANK, size=SMALL_SIZE),
        ), height))
    return FormTable(REVIEW_WIDTHS_MM, rows, repeat=2)


def _candidate(spec: QualificationFormSpec, index: int, c: QualificationCandidate) -> list[Flowable]:
    title = GridParagraph(spec.title, TITLE, TITLE_SIZE, TITLE_SIZE * 1.4, first_line_indent=0,
                          align="center", balance=True, space_after=2)
    number = f"编号：{index + 1}/{len(spec.candidates)}"
    boxes = ([_village_box(c.village_review)] if c.village_review is not None else []) + [_township_box(c)]
    township = FormTable(BOX_WIDTHS_MM, boxes, fill_row=len(boxes) - 1)
    county = FormTable(BOX_WIDTHS_MM, [_box("县委组织部、\n民政局\n综合意见", c.county_opinion, 26 * mm),
                                       _box("备注", c.remarks, 10 * mm, seal=None)], fill_row=0)
    return [title, Caption(f"乡镇：{spec.township}", number), _person(c), Gap(GAP), _checks(spec, c),
            Gap(GAP), township, FrameBreak(), _review_table(spec, c), Gap(GAP), county]


# ----------------------------------------------------------------------------- pages


def render(spec: QualificationFormSpec, footer: Footer) -> bytes:
    """One A3 sheet (or two A4 pages) per candidate; verification footer on every page."""
    a4 = spec.sheet.upper() == "A4"
    width, height = A4_PORTRAIT if a4 else A3_LANDSCAPE
    halves = [0.0] if a4 else [0.0, 210 * mm]
    frames = [Frame(x + SIDE, BOTTOM, HALF_WIDTH, FRAME_HEIGHT, leftPadding=0, rightPadding=0,
                    topPadding=0, bottomPadding=0, id=f"half{i}") for i, x in enumerate(halves)]
    geo = Geometry(width, height, SIDE, TOP, width - 2 * SIDE, height - TOP - 31 * mm)  # footer below

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        if not a4:  # fold marks between the halves, inside the printable area
            near, far = FOLD_MARK
            canvas.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
            canvas.setLineWidth(0.4)
            canvas.line(width / 2, height - far, width / 2, height - near)
            canvas.line(width / 2, near, width / 2, far)
        draw_footer(canvas, geo, footer)
        canvas.restoreState()

    flowables: list[Flowable] = []
    for index, candidate in enumerate(spec.candidates):
        if index:
            flowables.append(PageBreak())
        flowables += _candidate(spec, index, candidate)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(width, height), leftMargin=SIDE, rightMargin=SIDE,
                          topMargin=TOP, bottomMargin=BOTTOM, title=spec.title, author="", subject="",
                          creator=CREATOR, invariant=1, initialFontName=resolve_font(SONG),
                          initialFontSize=CELL_SIZE)
    doc.addPageTemplates([PageTemplate("sheet", frames, onPageEnd=on_page)])
    doc.build(flowables)
    return buffer.getvalue()


register_kind(DocumentKind("qualification_form", "资格联审表", QualificationFormSpec, render,
                           numbered=False, public=False))
