"""正式候选人变动公告 (PV-05, SD-40): a supplementary notice after the formal list was posted.

It names who left the list (a written withdrawal, or the qualification review), on which day,
and who moved up from the nomination ranking — or that the place is not filled (a withdrawal
after the deadline). It then lists the formal candidates as they now stand, office by
office, in the order the formal list used. It does not restart the posting period of the
formal list (SD-24). Public: names only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind
from printing.documents.party_request import break_title


@dataclass(frozen=True)
class ChangeRow:
    """One change: the office, who left, why and when, who moved up."""

    office: str
    name: str
    change: str  # “本人书面放弃” / “资格审查未通过”
    date_text: str
    replacement: str  # the name, or “不再递补”


@dataclass(frozen=True)
class CandidateChangesSpec:
    """The supplementary notice."""

    title: str
    intro: str
    changes: list[ChangeRow]
    standing: list[str]  # per office: “主任正式候选人：张三、李四”
    issuer: str
    date_text: str
    notes: list[str] = field(default_factory=list)
    number: str = ""
    closing: str = "特此公告"


HEADER = ["职务", "姓名", "变动情况", "日期", "递补人选"]


def render(spec: CandidateChangesSpec, footer: layout.Footer) -> bytes:
    """Title, number, lead, the changes, the list as it stands, notes, signature."""
    flowables = [layout.title(break_title(spec.title, "村民委员会"))]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables.append(layout.paragraph(spec.intro))
    rows = [[c.office, c.name, c.change, c.date_text, c.replacement] for c in spec.changes]
    flowables.append(layout.table(HEADER, rows))
    if spec.standing:
        flowables.append(layout.paragraph("变动后的正式候选人如下："))
        flowables += [layout.paragraph(line) for line in spec.standing]
    flowables += [layout.paragraph(text) for text in spec.notes]
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title.replace("\n", ""))


register_kind(DocumentKind("vc_candidate_changes", "正式候选人变动公告", CandidateChangesSpec, render,
                           numbered=True))
