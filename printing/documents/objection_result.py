"""选民名单异议处理结果公告 (VC-11: the decision is made public)."""

from __future__ import annotations

from dataclasses import dataclass

from printing import layout
from printing.documents import DocumentKind, register_kind


@dataclass(frozen=True)
class ObjectionResultSpec:
    """One paragraph per decided objection."""

    title: str
    number: str
    intro: str
    decisions: list[str]
    closing: str = "特此公告"
    issuer: str = ""
    date_text: str = ""


def render(spec: ObjectionResultSpec, footer: layout.Footer) -> bytes:
    """Title, number, lead, the decisions, closing, signature."""
    flowables = [layout.title(spec.title)]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables.append(layout.paragraph(spec.intro))
    flowables += [layout.paragraph(text) for text in spec.decisions]
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title)


register_kind(DocumentKind("objection_result", "异议处理结果公告", ObjectionResultSpec, render,
                           numbered=True))
