"""参加选举村民名单公告: the voter list posted per villager group (VC-10, SD-23).

Public: name, sex, birth year and month, group and category only — never ID numbers
or phone numbers (DESIGN.md privacy rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing.documents import DocumentKind, register_kind
from printing.layout import Footer
from printing.lists import render_list


@dataclass(frozen=True)
class VoterListRow:
    """One listed voter as printed."""

    name: str
    sex: str
    birth_month: str  # “1980年5月”
    group: str
    category: str  # “1”, “2”, “3”
    note: str = ""


@dataclass(frozen=True)
class VoterListSpec:
    """The notice of one group (or of the whole village)."""

    title: str
    number: str
    intro: str
    rows: list[VoterListRow]
    closing_paragraphs: list[str] = field(default_factory=list)
    issuer: str = ""
    date_text: str = ""


HEADER = ["序号", "姓名", "性别", "出生年月", "村民小组", "登记类别", "备注"]
WIDTHS_MM = [14.0, 30.0, 14.0, 28.0, 32.0, 18.0, 20.0]


def render(spec: VoterListSpec, footer: Footer) -> bytes:
    """A4 portrait list, header repeated on every page, 第X页 共Y页."""
    rows = [[str(i), r.name, r.sex, r.birth_month, r.group, r.category, r.note]
            for i, r in enumerate(spec.rows, start=1)]
    return render_list(spec.title, HEADER, rows, col_widths_mm=WIDTHS_MM, subtitle=spec.number,
                       before=[spec.intro], after=spec.closing_paragraphs, footer=footer,
                       issuer=spec.issuer, date_text=spec.date_text)


register_kind(DocumentKind("voter_list", "选民名单公告", VoterListSpec, render, numbered=True))
