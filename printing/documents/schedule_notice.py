"""换届选举工作日程公告: the village's legal milestones, posted for everyone to see."""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind


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
COLUMN_WIDTHS_MM = (38.0, 60.0, 58.0)


def render(spec: ScheduleNoticeSpec, footer: layout.Footer) -> bytes:
    """The notice in GB/T 9704 layout, milestones as a table."""
    flowables = [layout.title(spec.title)]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables.append(layout.paragraph(spec.intro))
    rows = [[row.date_text, row.item, row.basis] for row in spec.rows]
    flowables.append(layout.table(list(COLUMNS), rows, list(COLUMN_WIDTHS_MM)))
    flowables += [layout.paragraph(note) for note in spec.notes]
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title)


register_kind(DocumentKind("schedule_notice", "换届选举工作日程公告", ScheduleNoticeSpec, render,
                           numbered=True))
