"""××村第×届村民委员会换届选举工作方案 (SD-22): drafted by the election committee, discussed and
adopted by the villagers' (representatives') meeting, then published.

Sections with a 黑体 head (一、…) and body paragraphs; the schedule section carries a table of
the steps and their dates from the legal calendar. Before adoption the title says 草案 and the
closing line asks the meeting to discuss it; after adoption it says when and by whom it was
adopted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind


@dataclass(frozen=True)
class PlanSection:
    """One section: its head (“一、指导思想和工作依据”), paragraphs, an optional table."""

    heading: str
    paragraphs: list[str]
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class WorkPlanSpec:
    """The plan as printed; every sentence is worded by the caller from the village's data."""

    title: str
    intro: str
    sections: list[PlanSection]
    closing: str  # adopted by … on … / to be discussed by …
    issuer: str  # ××村村民选举委员会
    date_text: str
    stamped: bool | None = None  # the committee's seal (（章）) by default


def render(spec: WorkPlanSpec, footer: layout.Footer) -> bytes:
    """Title, intro, the sections (heads, paragraphs, the schedule table), closing, signature."""
    flowables = [layout.title(spec.title), layout.paragraph(spec.intro)]
    for section in spec.sections:
        flowables.append(layout.heading(section.heading))
        flowables += [layout.paragraph(text) for text in section.paragraphs]
        if section.table_rows:
            flowables.append(layout.table(section.table_header, section.table_rows))
    flowables.append(layout.paragraph(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text, stamped=spec.stamped))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title.replace("\n", ""))


register_kind(DocumentKind("work_plan", "村民委员会换届选举工作方案", WorkPlanSpec, render))
