"""候选人与村民见面会公告 (VC-14): when and where the formal candidates meet the villagers.

The election committee organises the meeting: the candidates present how they would do the
work and answer the villagers' questions. The notice gives the day, time and place, the
candidates by office (in the formal list's order), and what happens there. Public: names only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind
from printing.documents.party_request import break_title


@dataclass(frozen=True)
class CandidateMeetingSpec:
    """The meeting notice."""

    title: str
    intro: str  # basis, day, time, place, purpose
    candidates: list[str]  # one line per office: “主任正式候选人（按姓氏笔画为序）：张三、李四”
    issuer: str
    date_text: str
    notes: list[str] = field(default_factory=list)
    number: str = ""
    closing: str = "特此公告"


def render(spec: CandidateMeetingSpec, footer: layout.Footer) -> bytes:
    """Title, number, intro, the candidates by office, notes, signature."""
    flowables = [layout.title(break_title(spec.title, "村民委员会"))]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables.append(layout.paragraph(spec.intro))
    flowables += [layout.paragraph(line) for line in spec.candidates]
    flowables += [layout.paragraph(text) for text in spec.notes]
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title.replace("\n", ""))


register_kind(DocumentKind("vc_candidate_meeting", "候选人见面会公告", CandidateMeetingSpec, render,
                           numbered=True))
