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
* A paragraph's last line never holds only one or two characters (“果。”): the line
  before it gives up characters (:data:`MIN_LAST_LINE`).
* Titles (``words=True``) break only between words: the election terms of
  :data:`TERMS` (村民委员会, 委员候选人, 选举委员会 …) are never split.

Lines are drawn left to right, one text run per font and spacing, so pypdf extracts one
text line per printed line without spaces between hanzi. Characters missing from the
font are drawn with a fallback font (:func:`printing.fonts.split_runs`).
"""

from __future__ import annotations

import functools
import re
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

# Words of election titles that a line break must not split (longest match wins). A title
# breaks only between these and single characters; body text breaks anywhere (Chinese
# body text has no word spacing and is set on a grid).
TERMS = (
    "村民委员会选举", "村民选举委员会", "村民委员会", "居民委员会", "选举委员会",
    "村务监督委员会", "党支部委员会", "党总支委员会", "支部委员会", "总支部委员会", "委员会",
    "委员候选人", "正式候选人", "候选人", "预备人选", "初步人选", "换届选举", "换届",
    "村民代表会议", "村民会议", "党员大会", "村民代表", "参加选举", "选民登记", "选民名单",
    "村民名单", "补正公告", "异议处理", "处理结果", "工作日程", "当选证书", "资格联审表",
    "应到会人数", "村民小组", "中国共产党", "人民政府", "民政局", "“两委”", "选民证", "参选证",
    "公告", "公示", "请示", "报告", "批复", "选举", "名单", "关于", "确定", "主任", "副主任",
    "委员", "书记", "副书记", "工作", "结果", "人选", "人数", "村民", "选民", "中共", "推选",
)
_TERM_PATTERN = re.compile(
    r"第[0-9〇零一二三四五六七八九十百]+[届次号]|"  # 第十二届, 第3号
    + "|".join(re.escape(term) for term in sorted(TERMS, key=len, reverse=True))
)
# Kept whole in any text, body included: a reference to an article (第十四条, 第十三条第二款)
# read across two lines is misread; 《》 titles may still break inside.
_ARTICLE_PATTERN = re.compile(r"第[0-9〇零一二三四五六七八九十百千]+[条款项](?:第[0-9〇零一二三四五六七八九十百千]+[款项])*")
MIN_LAST_LINE = 3  # characters on a paragraph's last line, when it has more than one line
MAX_PULLED = 4  # characters the line above may give up for it
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


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the election terms in ``text``, leftmost-longest, not overlapping."""
    return [match.span() for match in _TERM_PATTERN.finditer(text)]


def article_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the article references in ``text`` (第十四条, 第十三条第二款)."""
    return [match.span() for match in _ARTICLE_PATTERN.finditer(text)]


def _join_words(tokens: list[list[Glyph]], text: str,
                spans: list[tuple[int, int]] | None = None) -> list[list[Glyph]]:
    """Merge the tokens inside each span (default: the terms of :func:`word_spans`) into
    one unbreakable token."""
    inside = set()
    for start, end in word_spans(text) if spans is None else spans:
        inside.update(range(start + 1, end))  # no break before these character positions
    joined: list[list[Glyph]] = []
    position = 0
    for token in tokens:
        if joined and position in inside:
            joined[-1] = joined[-1] + token
        else:
            joined.append(list(token))
        position += len(token)
    return joined


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
    cuts: list[tuple[int, int]] = []  # (start, end) token ranges of the lines
    start = 0
    while start < len(tokens):
        while start < len(tokens) and _is_space(tokens[start]):
            start += 1
        if start == len(tokens):
            break
        room = width - (indent if not cuts else 0.0)
        end = _fill(tokens, start, room)
        if end == start and len(tokens[start]) > 1:  # a run (or word) longer than the line
            tokens[start:start + 1] = _split_long(tokens[start], room)
            continue
        end = max(end, start + 1)  # a single glyph wider than the line: it overflows alone
        cut = end
        while end < len(tokens) and cut > start + 1 and _violates(tokens, start, cut):
            cut -= 1
        if end < len(tokens) and _violates(tokens, start, cut):
            cut = end  # nothing helps (e.g. a line of only punctuation): break greedily
        cuts.append((start, cut))
        start = cut
    _pull_back_last_line(tokens, cuts, width)
    lines = []
    for number, (first, end) in enumerate(cuts):
        glyphs = [g for token in tokens[first:end] for g in token]
        lines.append(Line(tuple(_rstrip(_lstrip(glyphs))), indent if number == 0 else 0.0,
                          number == len(cuts) - 1))
    return lines


def _glyph_count(tokens: list[list[Glyph]], start: int, end: int) -> int:
    return sum(1 for token in tokens[start:end] for g in token if g.char != " ")


def _pull_back_last_line(tokens: list[list[Glyph]], cuts: list[tuple[int, int]],
                         width: float) -> None:
    """Give a last line of one or two characters (“果。”) more from the line above.

    The line above ends up to :data:`MAX_PULLED` characters earlier, at a break the 禁则
    allow, and is then justified a little looser (its grid cells widen slightly). If no
    such break exists the paragraph stays as it was.
    """
    if len(cuts) < 2 or _glyph_count(tokens, *cuts[-1]) >= MIN_LAST_LINE:
        return
    (above_start, above_end), (_last_start, last_end) = cuts[-2], cuts[-1]
    above = _glyph_count(tokens, above_start, above_end)
    cut = above_end
    while cut > above_start + 1:
        cut -= 1
        moved = above - _glyph_count(tokens, above_start, cut)
        if moved > MAX_PULLED or moved * 2 > above:
            return  # the line above would end too early: leave the paragraph alone
        if _glyph_count(tokens, cut, last_end) < MIN_LAST_LINE:
            continue
        if sum(_width(token) for token in tokens[cut:last_end]) > width + FUZZ:
            return
        if not _violates(tokens, above_start, cut):
            cuts[-2:] = [(above_start, cut), (cut, last_end)]
            return


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
    words: bool = False,
) -> list[Line]:
    """Lay ``text`` out in lines of ``width`` points on a grid of ``pitch`` (default: size).

    ``first_line_indent`` is in grid characters; ``words`` keeps the election terms of
    :data:`TERMS` whole (titles). Article references (第十四条) are never split.
    """
    font = resolve_font(font)
    pitch = pitch or size
    lines: list[Line] = []
    for number, hard_line in enumerate(text.split("\n")):
        tokens = _tokens(_glyphs(hard_line, font, size, pitch))
        if words:
            tokens = _join_words(tokens, hard_line)
        tokens = _join_words(tokens, hard_line, article_spans(hard_line))
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
    A page break leaves at least two lines of a paragraph on either page.
    ``pitch`` fixes the grid pitch in points (overrides ``chars_per_line``); ``balance``
    makes the lines of a multi-line paragraph about equally long and ``words`` breaks them
    only between words (titles).
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
        words: bool = False,
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
        self.words = words
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
        def lay_out(text: str, at: float) -> list[Line]:
            return break_lines(text, self.font, self.size, at, pitch, self.first_line_indent,
                               self.words)

        lines = lay_out(self.text, width)
        if not self.balance or len(lines) < 2:
            return lines
        text = self.text
        if self.words and "\n" not in text and text.find("关于") > 0:
            # A title names its issuer, then “关于……”: break there if that takes no more lines.
            preferred = text.replace("关于", "\n关于", 1)
            if len(lay_out(preferred, width)) <= len(lines):
                text = preferred
        low, high = width / len(lines), width
        while high - low > pitch / 4:
            middle = (low + high) / 2
            low, high = (low, middle) if len(lay_out(text, middle)) <= len(lines) else (middle, high)
        return lay_out(text, high)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self.lines(availWidth)
        fits = int((availHeight + FUZZ) // self.leading)
        if fits >= len(lines):
            return [self]
        if len(lines) - fits < 2:
            fits = len(lines) - 2  # no last line alone at the top of a page (widow)
        if fits < 2:
            return []  # no first line alone at the foot of a page (orphan): all of it moves
        head = self._part(lines[:fits], availWidth, self.spaceBefore, 0)
        tail = self._part(lines[fits:], availWidth, 0, self.spaceAfter)
        return [head, tail]

    def _part(self, lines: list[Line], width: float, before: float, after: float) -> GridParagraph:
        """A paragraph holding already-broken lines (one side of a page break)."""
        part = GridParagraph(
            self.text, self.font, self.size, self.leading, self.chars_per_line,
            self.first_line_indent, self.align, before, after, self.right_indent,
            pitch=self.pitch, words=self.words,
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

