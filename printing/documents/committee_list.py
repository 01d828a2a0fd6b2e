"""村民选举委员会成员名单公告 (GC-04, GC-08; paper-formats §1), and its supplement after a change.

规程 template 一: the title, the number line, the basis (the Organic Law and the province's
measures) and which meeting chose the committee, “现将名单公布如下：”, one line per role
(主　任 / 副主任 / 成　员), the fixed objection sentence (within 5 days of publication, to the
村民委员会), the 村民委员会's name with its seal, the date. A supplementary notice first says
who left and who took the seat (VC-06), then prints the whole list as it now stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind
from printing.documents.party_request import join_names


@dataclass(frozen=True)
class RoleLine:
    """One role and its holders, in the printed order: (“主　任”, [“张三”])."""

    role: str
    names: list[str]


@dataclass(frozen=True)
class CommitteeListSpec:
    """Everything printed on the list notice; the caller words the sentences."""

    title: str  # ××村村民选举委员会成员名单公告 (…名单补充公告)
    lead: str  # basis, the meeting, “现将名单公布如下（…按姓氏笔画为序）：”
    lines: list[RoleLine]
    objection: str  # GC-08
    issuer: str  # ××村村民委员会 (the list is the village committee's to publish)
    date_text: str
    number: str = ""
    changes: list[str] = field(default_factory=list)  # a supplement: who left, who took the seat
    closing: str = ""  # the township's closing line (特此公告), none in the 规程 template


def render(spec: CommitteeListSpec, footer: layout.Footer) -> bytes:
    """Title, number, the changes (a supplement), lead, role lines, objection, signature."""
    flowables = [layout.title(spec.title)]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables += [layout.paragraph(text) for text in spec.changes]
    flowables.append(layout.paragraph(spec.lead))
    flowables += [layout.paragraph(f"{line.role}：{join_names(line.names)}") for line in spec.lines if line.names]
    flowables.append(layout.paragraph(spec.objection))
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title)


register_kind(DocumentKind("committee_list", "村民选举委员会成员名单公告", CommitteeListSpec, render,
                           numbered=True))
