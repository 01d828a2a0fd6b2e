"""关于推选产生××村村民选举委员会的报告: the filing with the township government (GC-04).

A report (报告) in GB/T 9704 form: title, 主送, how and when the committee was chosen (the
meeting, its bases and attendance against the quorum), the members in a table with their
place in the result and their votes, 特此报告。, the village committee's name and date under
its seal. Sent to the township, not posted: still no ID numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind


@dataclass(frozen=True)
class FilingMember:
    """One member as the report lists him or her."""

    rank: int  # 推选结果名次
    role: str  # 主任 / 副主任 / 委员
    name: str
    sex: str
    birth_month: str  # “1975年5月”
    votes: str = ""  # “86” or "" when not recorded
    note: str = ""  # 递补 / 另行推选 …


@dataclass(frozen=True)
class CommitteeFilingSpec:
    """Everything printed on the report; sentences are worded by the caller."""

    title: str
    addressee: str  # ××镇人民政府
    paragraphs: list[str]
    members: list[FilingMember]
    issuer: str  # ××村村民委员会
    date_text: str
    after_table: list[str] = field(default_factory=list)
    closing: str = "特此报告。"
    stamped: bool = True


HEADER = ["名次", "职务", "姓名", "性别", "出生年月", "得票", "备注"]


def render(spec: CommitteeFilingSpec, footer: layout.Footer) -> bytes:
    """Title, 主送, body, the members' table, closing, sealed signature."""
    flowables = [layout.title(spec.title), layout.paragraph(f"{spec.addressee.rstrip('：:')}：", indent=0)]
    flowables += [layout.paragraph(text) for text in spec.paragraphs]
    rows = [[str(m.rank), m.role, m.name, m.sex, m.birth_month, m.votes, m.note] for m in spec.members]
    flowables.append(layout.table(HEADER, rows, optional=("得票", "备注")))
    flowables += [layout.paragraph(text) for text in spec.after_table]
    if spec.closing:
        flowables.append(layout.paragraph(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text, stamped=spec.stamped))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title.replace("\n", ""))


register_kind(DocumentKind("committee_filing", "村民选举委员会备案报告", CommitteeFilingSpec, render,
                           public=False))
