"""计票结果报告单 (paper-formats §9; GC-14, GC-15, GC-17, VC-15, VC-16): the count of each ballot
box and of the whole, signed by the 总监票人, 监票人, 唱票人 and 计票人.

One sheet per box and one for the total (each starting on a new page): what it counts, the
ballots (voters, issued, returned, valid, invalid — and, on the total, the registered
voters and whether the election is valid), then per office a table of every person with
votes — write-ins (另选他人) included and marked, as this is the record, not the posted
notice — with the blank marks (弃权) and the marks void in that office (部分有效), the result
as the count decided it, and the signature lines with the date and hour. The signatures
never stand alone on a page: the last rows of the table go over with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import PageBreak, Spacer

from printing import layout
from printing.documents import DocumentKind, register_kind
from printing.documents.ballot_count_sheet import SignatureLines

DEFAULT_SIGNERS = ["总监票人", "监票人", "唱票人", "计票人"]
WRITE_IN_NOTE = "另选他人"
VOTES_HEADER = ["职务", "序号", "姓名", "得票数", "备注", "结果"]
VOTES_WIDTHS_MM = [40.0, 12.0, 40.0, 20.0, 20.0, 24.0]


@dataclass(frozen=True)
class CountLine:
    """One person's votes for one office, as counted."""

    name: str
    votes: int
    write_in: bool = False
    result: str = ""  # 当选 / 得票未过半数 / 得票相等 …


@dataclass(frozen=True)
class OfficeCount:
    """One office of a box (or the total)."""

    office: str
    seats: int
    lines: list[CountLine]
    blank: int | None = None  # 弃权 (no mark for this office)
    invalid: int | None = None  # this office void on so many ballots (more marks than seats …)


@dataclass(frozen=True)
class CountSheet:
    """The count of one box, or the total of all boxes (``total``)."""

    label: str  # 选举大会会场 / 第一投票站 / 流动票箱（一） / 合计
    voters: int  # 参加投票人数 (took a ballot)
    issued: int
    returned: int
    valid: int
    invalid: int
    offices: list[OfficeCount]
    total: bool = False


@dataclass(frozen=True)
class CountReportSpec:
    """The report: the sheets in order (boxes, then the total)."""

    title: str  # “石桥村第十二届村民委员会选举计票结果报告单”
    election_date_text: str
    registered: int
    sheets: list[CountSheet]
    validity_text: str = ""  # on the total sheet, e.g. “……选举有效。”
    signers: list[str] = field(default_factory=lambda: list(DEFAULT_SIGNERS))
    date_text: str = ""  # blank: a line to write date and hour on


def _facts_table(spec: CountReportSpec, sheet: CountSheet):
    header = ["参加投票人数", "发出选票", "收回选票", "有效票", "无效票"]
    row = [str(v) for v in (sheet.voters, sheet.issued, sheet.returned, sheet.valid, sheet.invalid)]
    if sheet.total:
        header, row = ["登记参加选举的村民", *header], [str(spec.registered), *row]
    return layout.table(header, [row])


def _office_rows(office: OfficeCount) -> list[list[str]]:
    """The office's rows; its name and seats in the first row only."""
    rows = [[str(i), line.name, str(line.votes), WRITE_IN_NOTE if line.write_in else "", line.result]
            for i, line in enumerate(office.lines, start=1)]
    if office.blank is not None:
        rows.append(["", "弃权", str(office.blank), "", ""])
    if office.invalid is not None:
        rows.append(["", "本栏无效", str(office.invalid), "", ""])
    label = f"{office.office}（应选{office.seats}名）"
    return [[label if index == 0 else "", *row] for index, row in enumerate(rows or [["", "", "", "", ""]])]


def _votes_table(sheet: CountSheet):
    rows = [row for office in sheet.offices for row in _office_rows(office)]
    return layout.table(VOTES_HEADER, rows, VOTES_WIDTHS_MM)


def _sheet(spec: CountReportSpec, sheet: CountSheet) -> list:
    result = [layout.title(spec.title),
              layout.number_line(f"（{sheet.label}　选举日期：{spec.election_date_text}）"),
              _facts_table(spec, sheet)]
    if sheet.total and spec.validity_text:
        result.append(layout.paragraph(spec.validity_text))
    # No heading over the votes: a heading kept with its table would take the whole table
    # to the next page with the signatures; the table's own header says what it is.
    result += [Spacer(0, layout.LINE_PITCH / 2), _votes_table(sheet)]
    result.append(SignatureLines(spec.signers, spec.date_text))
    return result


def render(spec: CountReportSpec, footer: layout.Footer) -> bytes:
    """One sheet after another, each on a new page."""
    flowables: list = []
    for index, sheet in enumerate(spec.sheets):
        if index:
            flowables.append(PageBreak())
        flowables += _sheet(spec, sheet)
    return layout.render_document(flowables, footer=footer, title_meta=spec.title)


register_kind(DocumentKind("count_report", "计票结果报告单", CountReportSpec, render))
