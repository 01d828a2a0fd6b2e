"""A free-form 公告 the clerk composes (title, body, issuing body, date)."""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind


@dataclass(frozen=True)
class FreeNoticeSpec:
    """An ad-hoc notice: paragraphs are separated by blank lines in the editor."""

    title: str
    paragraphs: list[str]
    issuer: str
    date_text: str
    number: str = ""
    closing: str = "特此公告"
    headings: list[int] = field(default_factory=list)  # indexes of paragraphs set as 一、… heads


def render(spec: FreeNoticeSpec, footer: layout.Footer) -> bytes:
    """Title, optional number, paragraphs, closing, signature."""
    flowables = [layout.title(spec.title)]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    for index, text in enumerate(spec.paragraphs):
        flowables.append(layout.heading(text) if index in spec.headings else layout.paragraph(text))
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title)


register_kind(DocumentKind("free_notice", "公告", FreeNoticeSpec, render, numbered=True))
