"""Chinese paragraphs on a character grid, with Chinese line-breaking rules (禁则).

reportlab's ``Paragraph`` can neither put 28 characters of 16 pt on a 156 mm line
(GB/T 9704 body text) nor keep "，。" from starting a line. :class:`GridParagraph`
lays text out on a grid instead:

* CJK characters and full-width punctuation advance exactly one grid pitch
  (``available width / chars_per_line``, or the font size); half-width characters
  (digits, Latin letters, ASCII punctuation) advance their natural width.
* Runs of half-width characters ("2026", "GB/T 9704") are never broken unless a run is
  longer than a whole line.
* No line starts with a closing mark (:data:`CANNOT_START`) or ends with an opening
  mark (:data:`CANNOT_END`): the last character(s) of the line move down instead.
* Justified lines (all but the last line of a paragraph or before an explicit "\\n")
  spread their leftover width evenly between characters.

Lines are drawn left to right, one text run per font and spacing, so pypdf extracts one
text line per printed line without spaces between hanzi. Characters missing from the
font are drawn with a fallback font (:func:`printing.fonts.split_runs`).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from reportlab.lib import textsplit
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.flowables import Flowable

from printing.fonts import BODY, Role, resolve_font, split_runs

# A line may not start with these (closing brackets/quotes, stops, pause marks, …).
CANNOT_START = frozenset(
    "，。、；：！？）》〉」』】〕”’…—·%‰℃,.;:!?)]}）］｝％"
    "〗〙〛｠｡､︰︱︲︳﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞～"
)
# A line may not end with these (opening brackets/quotes).
CANNOT_END = frozenset("（《〈「『【〔“‘([{［｛〖〘〚｟﹙﹛﹝")



def _extend_reportlab_tables() -> None:
    """Teach reportlab's own CJK wrapping (``Paragraph(wordWrap="CJK")``) our 禁则.

    reportlab keeps its line-break tables in ``reportlab.lib.textsplit``
    (``ALL_CANNOT_START`` / ``ALL_CANNOT_END``); ``reportlab.platypus.paragraph`` imports
    a copy of ``ALL_CANNOT_START``. They lack "，；：！？" and friends, so reportlab lets
    a line start with them. Extending both copies makes any reportlab Paragraph in this
    process (other document modules may still use it) at least hang such a mark at
    the end of the previous line. reportlab ignores ``ALL_CANNOT_END`` when wrapping and
    hangs only one character, so our own text goes through :func:`break_lines` instead.
    """
    extra_start = "".join(sorted(CANNOT_START - set(textsplit.ALL_CANNOT_START)))
    extra_end = "".join(sorted(CANNOT_END - set(textsplit.ALL_CANNOT_END)))
    textsplit.ALL_CANNOT_START += extra_start
    textsplit.ALL_CANNOT_END += extra_end
    rl_paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START


_extend_reportlab_tables()

FUZZ = 1e-6
EM_ASCENT = 0.88  # ideographic em box top above the baseline (Noto CJK, SimSun: 0.86-0.88)
ALIGNMENTS = ("justify", "left", "center", "right")


@dataclass(frozen=True)
class Glyph:
    """One character placed on a line: its font, natural width and grid advance."""

    char: str
    font: str
    width: float
    advance: float
    full: bool


@dataclass(frozen=True)
class Line:
    """A broken line: glyphs (no leading/trailing spaces), indent and whether it ends a paragraph."""

    glyphs: tuple[Glyph, ...]
    indent: float
    last: bool

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def natural_width(self) -> float:
        return sum(g.advance for g in self.glyphs)


@functools.cache
def _em_width(font: str, char: str) -> float:
    """Advance of ``char`` in ``font`` as a fraction of the font size."""
    return pdfmetrics.stringWidth(char, font, 1000) / 1000


def is_full_width(char: str, font: str) -> bool:
    """True for characters that take one grid cell (hanzi, full-width punctuation, “”—…)."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return True
    return char != " " and _em_width(font, char) >= 0.75


def _glyphs(text: str, font: str, size: float, pitch: float) -> list[Glyph]:
    """Glyphs of ``text`` with fallback fonts, natural widths and grid advances."""
    glyphs = []
    for run_font, run in split_runs(text, font):
        for char in run:
            width = _em_width(run_font, char) * size
            full = is_full_width(char, run_font)
            glyphs.append(Glyph(char, run_font, width, pitch if full else width, full))
    return glyphs


def _tokens(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Unbreakable units: one full-width glyph, a half-width run, or a single space.

    Spaces inside a half-width run ("GB/T 9704") stay in the run; spaces next to
    full-width characters are separate tokens (break opportunities).
    """
    tokens: list[list[Glyph]] = []
    run: list[Glyph] = []

    def flush() -> None:
        lead = len(run) - len(_lstrip(run))
        core = _rstrip(_lstrip(run))
        tokens.extend([g] for g in run[:lead])
        if core:
            tokens.append(core)
        tokens.extend([g] for g in run[lead + len(core):])
        run.clear()

    for glyph in glyphs:
        if not glyph.full:
            run.append(glyph)
        else:
            flush()
            tokens.append([glyph])
    flush()
    return tokens


def _lstrip(glyphs: list[Glyph]) -> list[Glyph]:
    i = 0
    while i < len(glyphs) and glyphs[i].char == " ":
        i += 1
    return glyphs[i:]


def _rstrip(glyphs: list[Glyph]) -> list[Glyph]:
    i = len(glyphs)
    while i > 0 and glyphs[i - 1].char == " ":
        i -= 1
    return glyphs[:i]


def _width(token: list[Glyph]) -> float:
    return sum(g.advance for g in token)


def _split_long(token: list[Glyph], width: float) -> list[list[Glyph]]:
    """Cut a half-width run longer than a line: at spaces if possible, else anywhere."""
    words: list[list[Glyph]] = [[]]
    for glyph in token:
        words[-1].append(glyph)
        if glyph.char == " ":
            words.append([])
    pieces: list[list[Glyph]] = []
    for word in filter(None, words):
        if _width(word) <= width + FUZZ:
            pieces.append(word)
            continue
        piece: list[Glyph] = []
        for glyph in word:
            if piece and _width(piece) + glyph.advance > width + FUZZ:
                pieces.append(piece)
                piece = []
            piece.append(glyph)
        pieces.append(piece)
    return pieces


def _is_space(token: list[Glyph]) -> bool:
    return len(token) == 1 and token[0].char == " "


def _violates(tokens: list[list[Glyph]], start: int, cut: int) -> bool:
    """Would breaking before tokens[cut] start a line with a closer or end one with an opener?"""
    nxt = cut
    while nxt < len(tokens) and _is_space(tokens[nxt]):
        nxt += 1
    prev = cut - 1
    while prev > start and _is_space(tokens[prev]):
        prev -= 1
    starts_bad = nxt < len(tokens) and tokens[nxt][0].char in CANNOT_START
    ends_bad = tokens[prev][-1].char in CANNOT_END
    return starts_bad or ends_bad


def _fill(tokens: list[list[Glyph]], start: int, width: float) -> int:
    """Index after the last token that fits on a line starting at ``start`` (greedy)."""
    used, end = 0.0, start
    while end < len(tokens) and used + _width(tokens[end]) <= width + FUZZ:
        used += _width(tokens[end])
        end += 1
    return end


def _break_tokens(tokens: list[list[Glyph]], width: float, indent: float) -> list[Line]:
    """Break one hard line (no "\\n") into lines, applying the 禁则 by moving text down."""
    lines: list[Line] = []
    start = 0
    while start < len(tokens):
        while start < len(tokens) and _is_space(tokens[start]):
            start += 1
        if start == len(tokens):
            break
        room = width - (indent if not lines else 0.0)
        end = _fill(tokens, start, room)
        if end == start and len(tokens[start]) > 1:  # a half-width run longer than the line
            tokens[start:start + 1] = _split_long(tokens[start], room)
            continue
        end = max(end, start + 1)  # a single glyph wider than the line: it overflows alone
        cut = end
        while end < len(tokens) and cut > start + 1 and _violates(tokens, start, cut):
            cut -= 1
        if end < len(tokens) and _violates(tokens, start, cut):
            cut = end  # nothing helps (e.g. a line of only punctuation): break greedily
        glyphs = tuple(g for token in tokens[start:cut] for g in token)
        lines.append(Line(tuple(_rstrip(list(glyphs))), indent if not lines else 0.0, False))
        start = cut
    if lines:
        lines[-1] = Line(lines[-1].glyphs, lines[-1].indent, True)
    return lines


def pitch_for(width: float, size: float, chars_per_line: int | None) -> float:
    """The grid pitch: width / chars per line, or the font size."""
    return width / chars_per_line if chars_per_line else size


def break_lines(
    text: str,
    font: Role | str = BODY,
    size: float = 16.0,
    width: float = 156 * mm,
    pitch: float | None = None,
    first_line_indent: float = 0,
) -> list[Line]:
    """Lay ``text`` out in lines of ``width`` points on a grid of ``pitch`` (default: size).

    ``first_line_indent`` is in grid characters.
    """
    font = resolve_font(font)
    pitch = pitch or size
    lines: list[Line] = []
    for number, hard_line in enumerate(text.split("\n")):
        tokens = _tokens(_glyphs(hard_line, font, size, pitch))
        indent = first_line_indent * pitch if number == 0 else 0.0
        broken = _break_tokens(tokens, width, indent)
        lines.extend(broken or [Line((), 0.0, True)])
    return lines


def grid_lines(
    text: str,
    font: Role | str = BODY,
    size: float = 16.0,
    width: float = 156 * mm,
    chars_per_line: int | None = 28,
    first_line_indent: float = 2,
) -> list[str]:
    """The broken lines as strings (defaults: GB/T 9704 body, 28 characters on 156 mm)."""
    pitch = pitch_for(width, size, chars_per_line)
    lines = break_lines(text, font, size, width, pitch, first_line_indent)
    return [line.text for line in lines]


def line_runs(line: Line, extra: float) -> list[tuple[str, float, str]]:
    """(font, char spacing, text) runs of a line; ``extra`` is added between characters."""
    runs: list[tuple[str, float, str]] = []
    for glyph in line.glyphs:
        spacing = round(glyph.advance - glyph.width + extra, 4)
        if runs and runs[-1][0] == glyph.font and runs[-1][1] == spacing:
            runs[-1] = (glyph.font, spacing, runs[-1][2] + glyph.char)
        else:
            runs.append((glyph.font, spacing, glyph.char))
    return runs


class GridParagraph(Flowable):
    """A Chinese paragraph laid out on a character grid (see the module docstring).

    ``first_line_indent`` and ``right_indent`` are in grid characters. ``leading`` is the
    line pitch (default 1.5 × size); the em box of each line sits at the top of its line.
    ``pitch`` fixes the grid pitch in points (overrides ``chars_per_line``); ``balance``
    makes the lines of a multi-line paragraph about equally long (titles).
    """

    def __init__(
        self,
        text: str,
        font_role_or_name: Role | str = BODY,
        size: float = 16.0,
        leading: float | None = None,
        chars_per_line: int | None = None,
        first_line_indent: float = 2,
        align: str = "justify",
        space_before: float = 0,
        space_after: float = 0,
        right_indent: float = 0,
        *,
        pitch: float | None = None,
        balance: bool = False,
    ) -> None:
        super().__init__()
        if align not in ALIGNMENTS:
            raise ValueError(f"align must be one of {ALIGNMENTS}, not {align!r}")
        self.text = text
        self.font = resolve_font(font_role_or_name)
        self.size = size
        self.leading = leading if leading is not None else 1.5 * size
        self.chars_per_line = chars_per_line
        self.first_line_indent = first_line_indent
        self.align = align
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.right_indent = right_indent
        self.pitch = pitch
        self.balance = balance
        self._lines: list[Line] | None = None
        self._laid_out_for: float | None = None

    def __repr__(self) -> str:
        return f"GridParagraph({self.text[:20]!r}…)"

    def _pitch(self, avail_width: float) -> float:
        return self.pitch or pitch_for(avail_width, self.size, self.chars_per_line)

    def lines(self, avail_width: float) -> list[Line]:
        """The broken lines for a frame of ``avail_width`` points (cached)."""
        if self._lines is None or self._laid_out_for != avail_width:
            pitch = self._pitch(avail_width)
            width = avail_width - self.right_indent * pitch
            self._lines = self._break(width, pitch)
            self._laid_out_for = avail_width
        return self._lines

    def _break(self, width: float, pitch: float) -> list[Line]:
        """Break at ``width``; when balancing, at the narrowest width giving as few lines."""
        lines = break_lines(self.text, self.font, self.size, width, pitch, self.first_line_indent)
        if not self.balance or len(lines) < 2:
            return lines
        low, high = width / len(lines), width
        while high - low > pitch / 4:
            middle = (low + high) / 2
            trial = break_lines(self.text, self.font, self.size, middle, pitch, self.first_line_indent)
            low, high = (low, middle) if len(trial) <= len(lines) else (middle, high)
        return break_lines(self.text, self.font, self.size, high, pitch, self.first_line_indent)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self.lines(availWidth)
        fits = int((availHeight + FUZZ) // self.leading)
        if fits <= 0:
            return []
        if fits >= len(lines):
            return [self]
        head = self._part(lines[:fits], availWidth, self.spaceBefore, 0)
        tail = self._part(lines[fits:], availWidth, 0, self.spaceAfter)
        return [head, tail]

    def _part(self, lines: list[Line], width: float, before: float, after: float) -> GridParagraph:
        """A paragraph holding already-broken lines (one side of a page break)."""
        part = GridParagraph(
            self.text, self.font, self.size, self.leading, self.chars_per_line,
            self.first_line_indent, self.align, before, after, self.right_indent,
            pitch=self.pitch,
        )
        part._lines, part._laid_out_for = lines, width
        return part

    def _line_x_and_extra(self, line: Line, avail: float) -> tuple[float, float]:
        """Start x and extra inter-character space of one line."""
        natural = line.natural_width
        room = avail - line.indent
        if self.align == "justify" and not line.last and len(line.glyphs) > 1:
            return line.indent, max(0.0, room - natural) / (len(line.glyphs) - 1)
        if self.align == "center":
            return line.indent + (room - natural) / 2, 0.0
        if self.align == "right":
            return line.indent + room - natural, 0.0
        return line.indent, 0.0

    def draw(self) -> None:
        canvas = self.canv
        pitch = self._pitch(self.width)
        avail = self.width - self.right_indent * pitch
        for number, line in enumerate(self.lines(self.width)):
            if not line.glyphs:
                continue
            x, extra = self._line_x_and_extra(line, avail)
            y = self.height - number * self.leading - EM_ASCENT * self.size
            text = canvas.beginText(x, y)
            for font, spacing, chunk in line_runs(line, extra):
                text.setFont(font, self.size)
                text.setCharSpace(spacing)
                text.textOut(chunk)
            canvas.drawText(text)

