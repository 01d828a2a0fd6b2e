"""选民名单补正公告: additions and removals after the list was posted, with reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind


@dataclass(frozen=True)
class CorrectionRow:
    """A person added, removed or corrected, and why."""

    name: str
    sex: str
    birth_month: str
    group: str
    reason: str


@dataclass(frozen=True)
class SupplementSpec:
    """The supplementary notice."""

    title: str
    number: str
    intro: str
    added: list[CorrectionRow] = field(default_factory=list)
    removed: list[CorrectionRow] = field(default_factory=list)
    changed: list[CorrectionRow] = field(default_factory=list)
    total_text: str = ""
    objection_text: str = ""
    closing: str = "特此公告"
    issuer: str = ""
    date_text: str = ""


HEADER = ["序号", "姓名", "性别", "出生年月", "村民小组", "原因"]
WIDTHS_MM = [12.0, 22.0, 12.0, 26.0, 26.0, 58.0]  # 原因 holds “死亡（经异议审查核实）” on one line


SECTION_NUMBERS = "一二三"


def _sections(spec: SupplementSpec) -> list:
    """Only the sections that have rows, numbered 一、二、… in turn."""
    flowables = []
    present = [(name, rows) for name, rows in (("增加", spec.added), ("删除", spec.removed),
                                               ("更正", spec.changed)) if rows]
    for number, (name, rows) in zip(SECTION_NUMBERS, present, strict=False):
        cells = [[str(i), r.name, r.sex, r.birth_month, r.group, r.reason] for i, r in enumerate(rows, start=1)]
        flowables += [layout.heading(f"{number}、{name}"), layout.table(HEADER, cells, WIDTHS_MM)]
    return flowables


def render(spec: SupplementSpec, footer: layout.Footer) -> bytes:
    """Title, number, lead, the three tables, new total, objection sentence, signature."""
    flowables = [layout.title(spec.title)]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables.append(layout.paragraph(spec.intro))
    flowables += _sections(spec)
    for text in (spec.total_text, spec.objection_text):
        if text:
            flowables.append(layout.paragraph(text))
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title)


register_kind(DocumentKind("voter_supplement", "选民名单补正公告", SupplementSpec, render, numbered=True))
