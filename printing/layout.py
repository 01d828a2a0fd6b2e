"""GB/T 9704-2012 page layout for election notices: building blocks and a renderer.

A4 portrait, 天头 37 mm, 订口 28 mm, text block (版心) 156 × 225 mm, body 3号 (16 pt)
on a grid of 22 lines × 28 characters, title 2号 (22 pt). Page numbers are 4号 (14 pt)
half-width digits between em dashes, 7 mm below the text block; odd pages at the
right, even pages at the left, one character in.

Landscape pages (wide tables) rotate the text block the way a landscape page is bound
into a portrait document: the binding edge (订口, 28 mm) becomes the top margin, the
portrait foot (35 mm) the left margin and the portrait head (37 mm) the right one, so
the text block is 225 × 156 mm at (35 mm, 28 mm) from the top-left corner.

The building blocks return reportlab flowables; :func:`render_document` lays them out in
a frame that is exactly the text block (no padding) and returns deterministic PDF bytes.
Nothing but the flowables is drawn inside the text block: page numbers, the
verification code and its QR code sit in the margins.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from printing.cjk import EM_ASCENT, GridParagraph, break_lines
from printing.fonts import BODY, HEI, SANS, SONG, TITLE, Role, covers, resolve_font

PAGE_WIDTH, PAGE_HEIGHT = 210 * mm, 297 * mm
TOP_MARGIN = 37 * mm  # 天头
LEFT_MARGIN = 28 * mm  # 订口
TEXT_WIDTH, TEXT_HEIGHT = 156 * mm, 225 * mm
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = TEXT_HEIGHT / LINES_PER_PAGE  # ≈ 28.99 pt
CHAR_PITCH = TEXT_WIDTH / CHARS_PER_LINE  # ≈ 15.79 pt
PAGE_NUMBER_GAP = 7 * mm  # from the text block to the em dashes of the page number
DASH_HEIGHT = 0.30  # top of the em dash above the baseline, in em (measured: Noto Serif SC)
TABLE_SIZE = 12.0  # 小4号
FOOTER_SIZE = 8.5
FOOTER_GREY = colors.Color(0.35, 0.35, 0.35)
QR_SIZE = 14 * mm
FOOTER_BASELINE = 10 * mm  # verification code, from the bottom edge of the paper
FOOTER_LINE = 3.6 * mm  # down to the audit anchor's line
CREATOR = "村“两委”换届选举工作台"


@dataclass(frozen=True)
class Geometry:
    """Page size and text block (points, origin top-left for the margins)."""

    width: float
    height: float
    left: float
    top: float
    text_width: float
    text_height: float

    @property
    def bottom(self) -> float:
        """Bottom margin (from the text block to the paper edge)."""
        return self.height - self.top - self.text_height

    @property
    def right(self) -> float:
        """x of the right edge of the text block."""
        return self.left + self.text_width


PORTRAIT = Geometry(PAGE_WIDTH, PAGE_HEIGHT, LEFT_MARGIN, TOP_MARGIN, TEXT_WIDTH, TEXT_HEIGHT)
LANDSCAPE = Geometry(PAGE_HEIGHT, PAGE_WIDTH, 35 * mm, LEFT_MARGIN, TEXT_HEIGHT, TEXT_WIDTH)


def geometry(landscape: bool = False) -> Geometry:
    """The page geometry for portrait or landscape A4."""
    return LANDSCAPE if landscape else PORTRAIT


@dataclass(frozen=True)
class Footer:
    """Verification footer printed in the bottom margin of every page.

    ``anchor`` is the audit chain's head when the document was issued (审计锚点): a later
    rewrite or cut of the audit log before that moment is found against this paper.
    """

    verification_code: str = ""
    qr_payload: str = ""
    note: str = ""
    anchor: str = ""


# ----------------------------------------------------------------------------- blocks


def _body(text: str, font: Role | str = BODY, **kw) -> GridParagraph:
    """A body-size paragraph on the GB/T 9704 grid (28 characters per 156 mm line)."""
    kw.setdefault("first_line_indent", 2)
    return GridParagraph(text, font, BODY_SIZE, LINE_PITCH, pitch=CHAR_PITCH, **kw)


def title(text: str) -> GridParagraph:
    """2号 title, centred; long titles break between words into balanced centred lines."""
    flowable = GridParagraph(
        text, TITLE, TITLE_SIZE, LINE_PITCH, first_line_indent=0, align="center",
        space_after=LINE_PITCH, balance=True, words=True,
    )
    flowable.kind = "title"
    flowable.keepWithNext = True
    return flowable


def number_line(text: str) -> GridParagraph:
    """The notice number (e.g. "（第3号）"), centred right under the title."""
    flowable = _body(text, first_line_indent=0, align="center")
    flowable.kind = "number"
    return flowable


def paragraph(text: str, indent: float = 2) -> GridParagraph:
    """A justified body paragraph, first line indented ``indent`` characters."""
    return _body(text, first_line_indent=indent)


def heading(text: str) -> GridParagraph:
    """A 黑体 section head ("一、…") at body size, indented two characters, kept with what follows."""
    flowable = _body(text, HEI)
    flowable.keepWithNext = True
    return flowable


def closing(text: str = "特此公告") -> GridParagraph:
    """The closing line, indented two characters."""
    return _body(text, align="left")


SECTION_NUMBERS = "一二三四五六七八九十"


def numbered_sections(sections: Sequence[tuple[str, list]],
                      head: Callable[[str], list] = lambda text: [heading(text)]) -> list:
    """“一、…”, “二、…” heads, each followed by its body; ``head`` makes a head's flowables."""
    result: list = []
    for number, (title, body) in zip(SECTION_NUMBERS, sections, strict=False):
        result += head(f"{number}、{title}")
        result += body
    return result


def ending(issuer: str, date_text: str, closing_text: str = "", *, stamped: bool | None = None,
           contact: str = "") -> list:
    """The closing line (if any), the signature, then a contact line in brackets (if any)."""
    result = [closing(closing_text)] if closing_text else []
    result.append(signature(issuer, date_text, stamped=stamped))
    if contact:
        result.append(paragraph(f"（{contact.strip('（）()')}）"))
    return result


def _grid_width(text: str) -> float:
    """Width of one line of body text, in grid characters."""
    lines = break_lines(text, BODY, BODY_SIZE, 10_000, CHAR_PITCH, 0)
    return max((line.natural_width for line in lines), default=0.0) / CHAR_PITCH


SEAL_MARK = "（章）"  # printed after the issuer of a village notice: where the seal goes


def signature(issuer: str, date_text: str, *, stamped: bool | None = None,
              seal_mark: str = SEAL_MARK) -> Flowable:
    """Issuer and date under the body, per GB/T 9704-2012 §7.3.5.

    ``stamped`` says whether the issuer presses a seal:

    * ``None`` (the default) — a village notice (paper-formats §13): the committee's seal,
      with ``seal_mark`` (“（章）”) printed after the issuer, as the 规程 templates and real
      notices show it; laid out as a sealed signature.
    * ``True`` — a 公文 sealed by hand (请示, 报告): sealed layout, no printed mark.
    * ``False`` — no seal (§7.3.5.3): one blank line below the body, the issuer
      right-indented two characters, the date on the next line starting two characters
      right of the issuer's first character; a date that would then come closer than two
      characters to the right edge is right-indented two characters and the issuer moves
      left to keep the two-character shift.

    Sealed (§7.3.5.1): the date right-indented four characters, the issuer centred over
    it, two blank lines above (the seal's top within one line of the body; one when the
    page is nearly full) and one line kept free below the date, so the seal pressed
    centrally over issuer and date neither covers the body nor reaches the page number.
    """
    sealed = stamped is not False
    if stamped is None and seal_mark:
        issuer = f"{issuer}{seal_mark}"
    issuer_w, date_w = _grid_width(issuer), _grid_width(date_text)
    if sealed:
        date_right = 4.0
        issuer_right = max(0.0, date_right + (date_w - issuer_w) / 2)
    else:
        issuer_right, date_right = 2.0, issuer_w - date_w  # date starts 2 chars right
        if date_right < 2.0:
            issuer_right, date_right = issuer_right + 2.0 - date_right, 2.0
    lines = [
        _body(issuer, first_line_indent=0, align="right", right_indent=issuer_right),
        _body(date_text, first_line_indent=0, align="right", right_indent=date_right),
    ]
    if sealed:
        return Signature(lines, blank_lines=2, min_blank_lines=1, lines_below=1)
    return Signature(lines, blank_lines=1)


class Signature(Flowable):
    """Issuer and date lines after up to ``blank_lines`` blank lines (落款).

    The blank lines shrink (whole lines, down to ``min_blank_lines``) when the page is
    nearly full; ``lines_below`` stay free under the date (room for the seal). If even
    that does not fit, :class:`KeepTail` carries the last body lines over with the
    signature: a signature never stands alone on a page (GB/T 9704 §7.3.5).
    """

    def __init__(self, lines: list[GridParagraph], blank_lines: int, min_blank_lines: int = 0,
                 lines_below: int = 0):
        super().__init__()
        self.lines, self.blank_lines = lines, blank_lines
        self.min_blank_lines, self.lines_below = min_blank_lines, lines_below
        self.gap = 0.0

    def _text_height(self, avail_width: float) -> float:
        return sum(line.wrap(avail_width, 10_000)[1] for line in self.lines)

    def min_height(self, avail_width: float) -> float:
        """The height with the fewest blank lines."""
        below = self.lines_below * LINE_PITCH
        return (self.min_blank_lines * LINE_PITCH + self._text_height(avail_width) + below)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        body = self._text_height(availWidth) + self.lines_below * LINE_PITCH
        room = int((availHeight - body + 1e-6) // LINE_PITCH)
        self.gap = LINE_PITCH * max(self.min_blank_lines, min(self.blank_lines, room))
        self.width, self.height = availWidth, self.gap + body
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []  # never split issuer from date

    def draw(self) -> None:
        y = self.height - self.gap
        for line in self.lines:
            y -= line.height
            line.drawOn(self.canv, 0, y)


KEEP_LINES = 2  # body lines that go over to a new page with the signature


class KeepTail(Flowable):
    """The end of a document kept together: the last body paragraph (or table), the closing
    (特此公告) and the signature.

    If it does not fit on the page, the paragraph is split so that at least
    :data:`KEEP_LINES` of its lines (a table: its last row) go to the next page with the
    closing and the signature, and at least two stay (else the whole paragraph moves).
    Everything else is laid out as the frame would lay out the parts one after another.
    """

    def __init__(self, parts: list[Flowable]):
        super().__init__()
        self.parts = parts
        self._placed: list[tuple[Flowable, float]] = []

    def _layout(self, avail_width: float, avail_height: float) -> float:
        self._placed, used = [], 0.0
        for number, part in enumerate(self.parts):
            if number:
                used += part.getSpaceBefore()
            _, height = part.wrap(avail_width, max(0.0, avail_height - used))
            self._placed.append((part, used))
            used += height
            if number < len(self.parts) - 1:
                used += part.getSpaceAfter()
        return used

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.parts[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.parts[-1].getSpaceAfter()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = availWidth, self._layout(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        first, rest = self.parts[0], self.parts[1:]
        _, first_height = first.wrap(availWidth, availHeight)
        if isinstance(first, GridParagraph):
            lines = len(first.lines(availWidth))
            fits = int((availHeight + 1e-6) // first.leading)
            keep = min(fits, lines - KEEP_LINES)
            if keep < 2:
                return []  # the whole paragraph goes over with the signature
            parts = first.split(availWidth, keep * first.leading)
        elif isinstance(first, RowsTable):
            parts = first.split(availWidth, min(availHeight, first_height - 1e-3))
        else:
            return []
        if len(parts) != 2:
            return []
        head, tail = parts
        return [head, KeepTail([tail, *rest])]

    def draw(self) -> None:
        for part, top in self._placed:
            part.drawOn(self.canv, 0, self.height - top - part.height)


def keep_tails(flowables: Sequence[Flowable]) -> list[Flowable]:
    """Group each signature with the closing and the last body paragraph or table before it."""
    result: list[Flowable] = []
    for flowable in flowables:
        if not isinstance(flowable, Signature):
            result.append(flowable)
            continue
        start = len(result)
        while start > 0:
            candidate = result[start - 1]
            if getattr(candidate, "kind", "") in ("title", "number") or isinstance(candidate, KeepTail):
                break
            start -= 1
            if isinstance(candidate, RowsTable) or (
                    isinstance(candidate, GridParagraph) and len(candidate.text) > CHARS_PER_LINE
                    and not getattr(candidate, "keepWithNext", False)):
                break  # a body paragraph of more than one line, or a table
        result[start:] = [KeepTail([*result[start:], flowable])]
    return result


# ----------------------------------------------------------------------------- tables


@dataclass
class _Prepared:
    """Cells ready to draw: plain strings where possible, row heights, column widths."""

    header: list[object]
    rows: list[list[object]]
    header_height: float
    heights: list[float]
    cumulative: list[float]  # cumulative[i] = sum(heights[:i])
    widths: list[float]
    aligns: list[str]
    font: str
    header_font: str


@dataclass
class TableSpec:
    """How a :class:`RowsTable` looks."""

    size: float = TABLE_SIZE
    font: Role | str = SONG
    header_font: Role | str = HEI
    leading: float | None = None
    padding: float = 3.0
    centre_short: bool = True  # centre columns whose cells are all short (序号, 性别, dates)
    grid: float | None = None  # round the height up to whole lines (keeps text below on the grid)

    @property
    def line(self) -> float:
        return self.leading or round(self.size * 1.25, 2)


def text_width(text: str, font: str, size: float) -> float:
    """Width of the widest line of ``text`` drawn with its natural glyph widths."""
    return max(pdfmetrics.stringWidth(line, font, size) for line in text.split("\n"))


def _fit_widths(natural: list[float], minimum: list[float], total: float) -> list[float]:
    """Column widths filling ``total``: grow proportionally, or cap the widest columns."""
    need = sum(natural)
    if need <= total:
        return [w + (total - need) * w / need for w in natural]
    low, high = 0.0, max(natural)
    for _ in range(40):  # water-filling: largest cap c with sum(max(min, min(n, c))) <= total
        cap = (low + high) / 2
        used = sum(max(m, min(n, cap)) for n, m in zip(natural, minimum, strict=True))
        low, high = (cap, high) if used <= total else (low, cap)
    widths = [max(m, min(n, low)) for n, m in zip(natural, minimum, strict=True)]
    return [w * total / sum(widths) for w in widths]


NOWRAP_CHARS = 16  # a column whose cells all hold at most this many characters never wraps


def drop_empty_columns(header: Sequence[str], rows: Sequence[Sequence[str]],
                       optional: Iterable[str]) -> tuple[list[str], list[list[str]], list[int]]:
    """Leave out the ``optional`` columns (by header) that are empty in every row.

    Returns the header, the rows and the indexes of the columns kept.
    """
    optional = set(optional)
    keep = [i for i, name in enumerate(header)
            if name not in optional or any(str(row[i]).strip() for row in rows)]
    if len(keep) == len(header):
        return list(header), [list(row) for row in rows], keep
    return ([header[i] for i in keep], [[row[i] for i in keep] for row in rows], keep)


def _widen_short(widths: list[float], minimum: list[float], nowrap: list[bool],
                 fixed: list[bool], floor: float) -> list[float]:
    """Widen short columns that would wrap (given widths too narrow for their values).

    The room comes first from the wrapping text columns (each kept at least ``floor``
    wide), then from short columns wider than they need. Columns whose cells carry
    their own line breaks (``fixed``: broken by the caller for these widths) keep their
    width. Unchanged if there is not enough room to give.
    """
    widths = list(widths)
    need = sum(max(0.0, m - w) for m, w, short in zip(minimum, widths, nowrap, strict=True) if short)
    if need <= 0:
        return widths
    donors = [
        [max(0.0, w - floor) if not short and not own else 0.0
         for w, short, own in zip(widths, nowrap, fixed, strict=True)],
        [max(0.0, w - m) if short else 0.0 for w, m, short in zip(widths, minimum, nowrap, strict=True)],
    ]
    if sum(map(sum, donors)) < need:
        return widths
    widths = [max(w, m) if short else w for w, m, short in zip(widths, minimum, nowrap, strict=True)]
    for spare in donors:
        take = min(need, sum(spare))
        if take > 0:
            widths = [w - s * take / sum(spare) for w, s in zip(widths, spare, strict=True)]
            need -= take
    return widths


class RowsTable(Flowable):
    """A table whose header row repeats on every page, paginated in linear time.

    Rows are measured once (cells wrapped with :func:`printing.cjk.break_lines`, i.e. the
    same 禁则 as body text) into cumulative row heights, so splitting at a page break
    costs only the rows of that page (one reportlab ``Table`` of 20,000 rows took 43 s
    because it is re-measured at every break). Each page part draws its header and rows
    itself: one path for the rules and one text object for all plain-string cells;
    cells needing a fallback font become a ``GridParagraph`` drawn in place.

    Without given widths, the columns are as wide as their content: a column of short
    values (dates, names, groups: at most :data:`NOWRAP_CHARS` characters) is never
    narrower than its widest value, so “1994年8月” never wraps; only columns of longer
    text wrap. Given widths are kept unless a short column would wrap: it is widened
    and the text columns give the room. ``optional`` names columns (e.g. 备注) left out
    when every cell is empty.
    """

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]],
                 col_widths_mm: Sequence[float] | None = None, spec: TableSpec | None = None,
                 _prepared: _Prepared | None = None, _span: tuple[int, int] | None = None,
                 *, optional: Iterable[str] = ()):
        super().__init__()
        optional = tuple(optional)
        if optional:
            header, rows, kept = drop_empty_columns(header, rows, optional)
            if col_widths_mm:
                col_widths_mm = [col_widths_mm[i] for i in kept]
        self.header, self.rows = list(header), rows
        self.col_widths_mm = col_widths_mm
        self.spec = spec or TableSpec()
        self._prepared = _prepared
        self._span = _span or (0, len(rows))

    # -- measuring

    def _column_widths(self, avail: float, font: str, head_font: str) -> list[float]:
        """Widths fitted to the content, or the given widths (mm, scaled down if too wide)
        with short columns widened, at the expense of the text columns, until they fit."""
        pad, size = 2 * self.spec.padding, self.spec.size
        head = [text_width(h, head_font, size) + pad for h in self.header]
        cells = [0.0] * len(self.header)
        nowrap = [True] * len(self.header)
        broken = [False] * len(self.header)  # cells with the caller's own line breaks
        for column in range(len(self.header)):
            values = {str(row[column]) for row in self.rows}
            broken[column] = any("\n" in v for v in values)
            nowrap[column] = not broken[column] and all(len(v) <= NOWRAP_CHARS for v in values)
            cells[column] = max((text_width(v, font, size) for v in values if v), default=0.0)
        floor = 2 * size + pad
        # As wide as the widest value: exactly what _cell needs to keep it on one line.
        minimum = [max(c + pad + 0.01 if short else h, floor)
                   for h, c, short in zip(head, cells, nowrap, strict=True)]
        if self.col_widths_mm:
            widths = [w * mm for w in self.col_widths_mm]
            scale = min(1.0, avail / sum(widths))
            return _widen_short([w * scale for w in widths], minimum, nowrap, broken, floor)
        natural = [max(h, c + pad + 0.01) for h, c in zip(head, cells, strict=True)]
        return _fit_widths(natural, minimum, avail)

    def _cell(self, text: str, font: str, width: float, align: str) -> tuple[object, int]:
        """A drawable cell and its number of lines."""
        size = self.spec.size
        inner = width - 2 * self.spec.padding
        plain = covers(font, text)
        if plain and "\n" not in text and pdfmetrics.stringWidth(text, font, size) <= inner:
            return text, 1
        lines = break_lines(text, font, size, inner, size, 0)
        if plain:
            return "\n".join(line.text for line in lines), len(lines)
        cell = GridParagraph(text, font, size, self.spec.line, first_line_indent=0,
                             align="center" if align == "CENTER" else "left")
        return cell, len(lines)

    def _prepare(self, avail: float) -> _Prepared:
        """Measure every cell once (shared by all page parts of the table)."""
        if self._prepared is not None:
            return self._prepared
        spec = self.spec
        font, head_font = resolve_font(spec.font), resolve_font(spec.header_font)
        widths = self._column_widths(avail, font, head_font)
        aligns = self._alignments(widths)
        header, head_lines = zip(*(self._cell(h, head_font, w, "CENTER")
                                   for h, w in zip(self.header, widths, strict=True)),
                                 strict=True)
        rows, heights, cumulative = [], [], [0.0]
        row_pad = 2 * spec.padding
        for row in self.rows:
            cells = [self._cell(str(c), font, w, a) for c, w, a in zip(row, widths, aligns, strict=True)]
            rows.append([c for c, _ in cells])
            heights.append(max(n for _, n in cells) * spec.line + row_pad)
            cumulative.append(cumulative[-1] + heights[-1])
        head_h = max(head_lines) * spec.line + row_pad
        self._prepared = _Prepared(list(header), rows, head_h, heights, cumulative, widths,
                                   aligns, font, head_font)
        return self._prepared

    def _alignments(self, widths: list[float]) -> list[str]:
        """CENTER for columns of short values (序号, 性别, dates, names), LEFT for text."""
        if not self.spec.centre_short:
            return ["LEFT"] * len(widths)
        short = [True] * len(widths)
        for row in self.rows:
            for i, cell in enumerate(row):
                if short[i] and len(str(cell)) > NOWRAP_CHARS:
                    short[i] = False
        return ["CENTER" if s else "LEFT" for s in short]

    # -- flowable protocol

    def _height(self, prep: _Prepared, start: int, end: int) -> float:
        """Height of the header plus rows[start:end], rounded up to the grid if any."""
        height = prep.header_height + prep.cumulative[end] - prep.cumulative[start]
        grid = self.spec.grid
        return math.ceil((height + 4.0) / grid - 1e-6) * grid if grid else height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        prep = self._prepare(availWidth)
        self.width = availWidth
        self.height = self._height(prep, *self._span)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        prep = self._prepare(availWidth)
        start, end = self._span
        cut = start
        while cut < end and self._height(prep, start, cut + 1) <= availHeight + 1e-6:
            cut += 1  # rows that fit on this page
        if cut == start:
            return []
        return [self._part(start, cut), self._part(cut, end)]

    def _part(self, start: int, end: int) -> RowsTable:
        return RowsTable(self.header, self.rows, self.col_widths_mm, self.spec,
                         self._prepared, (start, end))  # columns already dropped

    def draw(self) -> None:
        """Draw header and rows directly: one path for the rules, one text object for the cells.

        (reportlab's ``Table.draw`` makes a text object per cell, which dominated the time
        of long lists; the result looks the same.)
        """
        prep = self._prepare(self.width)
        start, end = self._span
        rows = [prep.header, *prep.rows[start:end]]
        heights = [prep.header_height, *prep.heights[start:end]]
        xs = list(itertools.accumulate(prep.widths, initial=(self.width - sum(prep.widths)) / 2))
        ys = list(itertools.accumulate(heights, lambda y, h: y - h, initial=self.height))
        self._draw_rules(xs, ys)
        self._draw_cells(prep, rows, xs, ys)

    def _draw_rules(self, xs: list[float], ys: list[float]) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.setStrokeColor(colors.black)
        path = canvas.beginPath()
        for y in ys:
            path.moveTo(xs[0], y)
            path.lineTo(xs[-1], y)
        for x in xs:
            path.moveTo(x, ys[0])
            path.lineTo(x, ys[-1])
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()

    def _draw_cells(self, prep: _Prepared, rows: list[list[object]], xs: list[float],
                    ys: list[float]) -> None:
        """Plain-string cells go into one text object; paragraph cells are drawn after it."""
        spec, canvas = self.spec, self.canv
        size, leading, pad = spec.size, spec.line, spec.padding
        text = canvas.beginText(0, 0)
        paragraphs = []
        for number, row in enumerate(rows):
            font = prep.header_font if number == 0 else prep.font
            text.setFont(font, size, leading)
            top, height = ys[number], ys[number] - ys[number + 1]
            for column, cell in enumerate(row):
                left, width = xs[column], xs[column + 1] - xs[column]
                centred = number == 0 or prep.aligns[column] == "CENTER"
                if not isinstance(cell, str):
                    paragraphs.append((cell, left + pad, top, width - 2 * pad, height))
                    continue
                lines = cell.split("\n") if cell else []
                block = (len(lines) - 1) * leading + size
                y = top - (height - block) / 2 - EM_ASCENT * size
                for line in lines:
                    x = left + pad
                    if centred:
                        x = left + (width - pdfmetrics.stringWidth(line, font, size)) / 2
                    text.setTextOrigin(x, y)
                    text.textOut(line)
                    y -= leading
        canvas.drawText(text)
        for cell, x, top, width, height in paragraphs:
            _, cell_height = cell.wrapOn(canvas, width, height)
            cell.drawOn(canvas, x, top - (height + cell_height) / 2)


def table(header: list[str], rows: list[list[str]],
          col_widths_mm: list[float] | None = None, *, size: float = TABLE_SIZE,
          optional: Iterable[str] = ()) -> RowsTable:
    """A grid table (宋体 cells, 黑体 header repeated on every page).

    Without ``col_widths_mm`` the columns fit their content (dates and names never wrap);
    ``optional`` columns (by header, e.g. 备注, 现任职务) are left out when empty in every row.
    """
    return RowsTable(header, rows, col_widths_mm, TableSpec(size=size, grid=LINE_PITCH),
                     optional=optional)


# ----------------------------------------------------------------------------- pages


def _qr_form(canvas: Canvas, payload: str) -> str:
    """Draw the QR code once as a form XObject (reused on every page); return its name."""
    name = "vewQR"
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    count = code.getModuleCount()
    box = QR_SIZE / count
    canvas.beginForm(name)
    path = canvas.beginPath()
    for row, modules in enumerate(code.modules):
        column = 0
        for dark, run in itertools.groupby(bool(m) for m in modules):
            length = len(list(run))
            if dark:
                path.rect(column * box, QR_SIZE - (row + 1) * box, length * box, box)
            column += length
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.endForm()
    return name


def draw_footer(canvas: Canvas, geo: Geometry, footer: Footer,
                qr_at: tuple[float, float] | None = None) -> None:
    """Verification code and audit anchor (left) and QR code (right) in the bottom margin,
    outside the text block.

    ``qr_at`` puts the QR code's lower-left corner elsewhere (a page with a decorative
    border, such as the certificate, has no free bottom margin).
    """
    text = f"核验码 {footer.verification_code}" if footer.verification_code else ""
    text = "  ".join(part for part in (text, footer.note) if part)
    # The anchor on a line of its own below: one long line would run into the page count
    # some documents centre on the same baseline (voter cards).
    lines = [line for line in (text, f"审计锚点 {footer.anchor}" if footer.anchor else "") if line]
    if lines:  # a preview has a note (预览件…) but no code
        canvas.saveState()
        canvas.setFont(resolve_font(SANS), FOOTER_SIZE)
        canvas.setFillColor(FOOTER_GREY)
        for index, line in enumerate(lines):
            canvas.drawString(geo.left, FOOTER_BASELINE - index * FOOTER_LINE, line)
        canvas.restoreState()
    if footer.qr_payload:
        name = getattr(canvas, "_vew_qr", None)
        if name is None:
            name = canvas._vew_qr = _qr_form(canvas, footer.qr_payload)
        x, y = qr_at or qr_position(geo)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(name)
        canvas.restoreState()


def qr_position(geo: Geometry) -> tuple[float, float]:
    """Lower-left corner of the QR code: below the page number, or in the right margin."""
    if geo.bottom >= 30 * mm:  # portrait: bottom margin, right-aligned with the text block
        return geo.right - QR_SIZE, 7 * mm
    return geo.right + 6 * mm, 8 * mm  # landscape: bottom-right corner, beside the text block


def page_number_baseline(geo: Geometry, size: float = PAGE_NUMBER_SIZE) -> float:
    """y of the page number's baseline: its em dashes 7 mm below the text block."""
    return geo.bottom - PAGE_NUMBER_GAP - DASH_HEIGHT * size


def draw_page_number(canvas: Canvas, geo: Geometry, number: int) -> None:
    """"— n —" in 4号 宋体; odd pages right, even pages left, one character in."""
    size = PAGE_NUMBER_SIZE
    font = resolve_font(SONG)
    text = f"— {number} —"
    width = canvas.stringWidth(text, font, size)
    x = geo.right - size - width if number % 2 else geo.left + size
    canvas.setFont(font, size)
    canvas.setFillColor(colors.black)
    canvas.drawString(x, page_number_baseline(geo, size), text)


def _decorate(geo: Geometry, footer: Footer, page_numbers: bool) -> Callable[[Canvas, object], None]:
    """onPage callback: page number and footer."""

    def on_page(canvas: Canvas, doc: object) -> None:
        canvas.saveState()
        if page_numbers:
            draw_page_number(canvas, geo, canvas.getPageNumber())
        draw_footer(canvas, geo, footer)
        canvas.restoreState()

    return on_page


def attach_number_lines(flowables: Sequence[Flowable]) -> list[Flowable]:
    """Move a title's blank line below the notice number that follows it."""
    result = list(flowables)
    for first, second in zip(result, result[1:], strict=False):
        if getattr(first, "kind", "") == "title" and getattr(second, "kind", "") == "number":
            second.spaceAfter, first.spaceAfter = first.spaceAfter, 0
    return result


def pdf_title(text: str) -> str:
    """The document title for the PDF's /Title: a title set on several lines, on one."""
    return "".join(line.strip() for line in text.splitlines())


def new_canvas(buffer: io.BytesIO, pagesize: tuple[float, float], title_meta: str) -> Canvas:
    """A canvas for documents drawn directly (cards, certificates), set up like our notices.

    It starts in our body font, so the PDF never refers to reportlab's default Helvetica
    (a font no PDF of ours embeds), carries the document's title and the program as
    Creator, and is deterministic (``invariant``).
    """
    canvas = Canvas(buffer, pagesize=pagesize, invariant=1, initialFontName=resolve_font(BODY),
                    initialFontSize=BODY_SIZE)
    canvas.setTitle(pdf_title(title_meta))
    canvas.setCreator(CREATOR)
    return canvas


def build_pdf(flowables: Sequence[Flowable], geo: Geometry, on_page: Callable,
              title_meta: str = "", canvasmaker: type[Canvas] = Canvas) -> bytes:
    """Lay out flowables in a frame that is exactly the text block; deterministic bytes.

    ``on_page(canvas, doc)`` decorates every page (margins only). ``invariant=1`` fixes
    the creation date and document id, so equal input gives byte-identical output.
    """
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=(geo.width, geo.height), leftMargin=geo.left,
        rightMargin=geo.width - geo.right, topMargin=geo.top, bottomMargin=geo.bottom,
        title=pdf_title(title_meta), author="", subject="", creator=CREATOR, invariant=1,
        initialFontName=resolve_font(BODY), initialFontSize=BODY_SIZE,
    )
    frame = Frame(geo.left, geo.bottom, geo.text_width, geo.text_height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
    # Decorations are drawn at the end of each page, so extracted text reads body first.
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=on_page)])
    doc.build(keep_tails(attach_number_lines(flowables)), canvasmaker=canvasmaker)
    return buffer.getvalue()


def render_document(flowables: Sequence[Flowable], *, footer: Footer, landscape: bool = False,
                    page_numbers: bool = True, title_meta: str = "") -> bytes:
    """Render a notice: GB/T 9704 text block, page numbers, verification footer."""
    geo = geometry(landscape)
    on_page = _decorate(geo, footer, page_numbers)
    return build_pdf(flowables, geo, on_page, title_meta)
