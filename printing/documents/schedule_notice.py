"""换届选举工作日程公告: the village's legal milestones, posted for everyone to see.

The 依据 column names one document per line; an article reference (第十四条) is never
split across lines (see :func:`keep_articles`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportlab.lib.units import mm

from printing import layout
from printing.cjk import break_lines
from printing.documents import DocumentKind, register_kind
from printing.fonts import SONG, resolve_font


@dataclass(frozen=True)
class ScheduleRow:
    """One milestone: when, what, on which basis."""

    date_text: str
    item: str
    basis: str


@dataclass(frozen=True)
class ScheduleNoticeSpec:
    """Everything printed on the notice (no database objects)."""

    title: str
    number: str
    intro: str
    rows: list[ScheduleRow]
    notes: list[str] = field(default_factory=list)
    closing: str = "特此公告"
    issuer: str = ""
    date_text: str = ""


COLUMNS = ("日期", "工作事项", "依据")
COLUMN_WIDTHS_MM = (46.0, 48.0, 62.0)  # “2026年10月17日已完成” and “《村民委员会组织法》第十四条” on one line
ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇0-9]+条")


def keep_articles(text: str, width: float, size: float = layout.TABLE_SIZE) -> str:
    """Break a table cell by hand so no 第…条 run is split across lines.

    printing/cjk.py has no no-break mark yet, so the cell's lines are worked out here with
    its own line breaker (same font, size and width as the table's cells) and a line that
    would end inside an article reference ends before it instead.
    """
    font = resolve_font(SONG)
    out: list[str] = []
    for hard in text.split("\n"):
        rest = hard
        while rest:
            lines = break_lines(rest, font, size, width, size, 0)
            cut = len(lines[0].text) if len(lines) > 1 else len(rest)
            for run in ARTICLE.finditer(rest):
                if 0 < run.start() < cut < run.end():
                    cut = run.start()
                    break
            out.append(rest[:cut])
            rest = rest[cut:]
    return "\n".join(out)


def render(spec: ScheduleNoticeSpec, footer: layout.Footer) -> bytes:
    """The notice in GB/T 9704 layout, milestones as a table."""
    flowables = [layout.title(spec.title)]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables.append(layout.paragraph(spec.intro))
    inner = COLUMN_WIDTHS_MM[2] * mm - 2 * layout.TableSpec().padding
    rows = [[row.date_text, row.item, keep_articles(row.basis, inner)] for row in spec.rows]
    flowables.append(layout.table(list(COLUMNS), rows, list(COLUMN_WIDTHS_MM)))
    flowables += [layout.paragraph(note) for note in spec.notes]
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title)


register_kind(DocumentKind("schedule_notice", "换届选举工作日程公告", ScheduleNoticeSpec, render,
                           numbered=True))
