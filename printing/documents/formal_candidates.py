"""正式候选人名单公告 (SD-24, GC-13, SO-01/SO-04; paper-formats §6), by office.

A numbered notice of the village election committee: the lead says how the candidates came
about (direct nomination, qualification review) and in which order they are listed — the
sentence matches the order printed (按姓氏笔画为序 or 按提名得票多少为序) — then one block
per office (主任 → 副主任 → 委员), each headed with the seats and the number of candidates,
a small table (姓名, 性别, 出生年月; 提名票数 when listed by votes), an optional sentence on
withdrawals, the closing and the committee's signature with room for its seal. Public: no
ID numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing import layout
from printing.documents import DocumentKind, register_kind
from printing.documents.party_request import break_title


@dataclass(frozen=True)
class FormalRow:
    """One formal candidate as printed (no ID number)."""

    name: str
    sex: str
    birth_month: str  # “1978年5月”
    votes: str = ""  # 提名票数, printed only when the list is ordered by votes
    note: str = ""  # e.g. 妇女候选人 (SD-25)


@dataclass(frozen=True)
class OfficeBlock:
    """The candidates of one office, in the printed order."""

    heading: str  # “村民委员会主任正式候选人（应选1名，候选人2名）：”
    rows: list[FormalRow]


@dataclass(frozen=True)
class FormalCandidatesSpec:
    """Everything printed on the notice; the order sentence names the order of ``offices``' rows."""

    title: str
    lead: str  # ends with the order sentence, e.g. “……现将名单公布如下（按姓氏笔画为序）：”
    offices: list[OfficeBlock]
    issuer: str
    date_text: str
    show_votes: bool = False
    notes: list[str] = field(default_factory=list)  # withdrawals, the candidates' meeting
    number: str = ""
    closing: str = "特此公告"


def _table(spec: FormalCandidatesSpec, block: OfficeBlock):
    header = ["序号", "姓名", "性别", "出生年月"] + (["提名票数"] if spec.show_votes else []) + ["备注"]
    rows = [[str(index), row.name, row.sex, row.birth_month] + ([row.votes] if spec.show_votes else [])
            + [row.note] for index, row in enumerate(block.rows, start=1)]
    return layout.table(header, rows, optional=("备注",))


def render(spec: FormalCandidatesSpec, footer: layout.Footer) -> bytes:
    """Title, number, lead with the order sentence, one block per office, notes, signature."""
    flowables = [layout.title(break_title(spec.title, "村民委员会"))]
    if spec.number:
        flowables.append(layout.number_line(spec.number))
    flowables.append(layout.paragraph(spec.lead))
    for block in spec.offices:
        flowables += [layout.heading(block.heading), _table(spec, block)]
    flowables += [layout.paragraph(text) for text in spec.notes]
    if spec.closing:
        flowables.append(layout.closing(spec.closing))
    flowables.append(layout.signature(spec.issuer, spec.date_text))
    return layout.render_document(flowables, footer=footer, title_meta=spec.title.replace("\n", ""))


register_kind(DocumentKind("vc_formal_candidates", "正式候选人名单公告", FormalCandidatesSpec, render,
                           numbered=True))
