"""The results workbook the township files (备案, GC-17): an .xlsx of one village's results.

Not a PDF kind (nothing registered): :func:`results_workbook` turns a plain spec into the
workbook's bytes. Three sheets — 选举概况 (the facts, one per row), 得票情况 (every person
with votes, office by office, write-ins marked) and 当选人员 (the elected with what the
township records of them: no ID numbers). Every cell goes through
:func:`printing.workbooks.put`: no formulas, and text starting with = + - @ stays text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from printing.workbooks import append_row

FACTS_SHEET, VOTES_SHEET, ELECTED_SHEET = "选举概况", "得票情况", "当选人员"
VOTES_HEADER = ["职务", "应选名额", "序号", "姓名", "得票数", "另选他人", "结果"]
ELECTED_HEADER = ["职务", "姓名", "性别", "出生年月", "文化程度", "政治面貌", "得票数", "备注"]


@dataclass(frozen=True)
class Fact:
    """One line of the facts: “登记参加选举的村民” — 921."""

    label: str
    value: str | int


@dataclass(frozen=True)
class VoteRow:
    """One person's votes for one office."""

    office: str
    seats: int
    name: str
    votes: int
    write_in: bool = False
    result: str = ""  # 当选 / 未当选 / 得票相等 …


@dataclass(frozen=True)
class ElectedRow:
    """One elected member as the township records them."""

    office: str
    name: str
    sex: str = ""
    birth_month: str = ""
    education: str = ""
    political: str = ""
    votes: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ResultsWorkbookSpec:
    """Everything in the workbook."""

    title: str  # “石桥村第十二届村民委员会选举结果（报乡镇备案）”
    facts: list[Fact]
    votes: list[VoteRow]
    elected: list[ElectedRow] = field(default_factory=list)


def _header(sheet, row: int, columns: list[str]) -> None:
    from openpyxl.styles import Font, PatternFill

    for index in range(1, len(columns) + 1):
        cell = sheet.cell(row=row, column=index)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")


def _titled(sheet, title: str, header: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    row = append_row(sheet, header)
    _header(sheet, row, header)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{row + 1}"  # a string: asking for the cell would add an empty row


def results_workbook(spec: ResultsWorkbookSpec) -> bytes:
    """The workbook as .xlsx bytes (deterministic content; no formulas)."""
    from openpyxl import Workbook

    book = Workbook()
    facts = book.active
    facts.title = FACTS_SHEET
    _titled(facts, spec.title, ["项目", "数据"], [28, 40])
    for fact in spec.facts:
        append_row(facts, [fact.label, fact.value])
    votes = book.create_sheet(VOTES_SHEET)
    _titled(votes, spec.title, VOTES_HEADER, [12, 10, 6, 18, 10, 10, 14])
    numbers: dict[str, int] = {}
    for row in spec.votes:
        numbers[row.office] = numbers.get(row.office, 0) + 1
        append_row(votes, [row.office, row.seats, numbers[row.office], row.name, row.votes,
                           "是" if row.write_in else "", row.result])
    elected = book.create_sheet(ELECTED_SHEET)
    _titled(elected, spec.title, ELECTED_HEADER, [12, 18, 6, 12, 12, 14, 10, 24])
    for person in spec.elected:
        append_row(elected, [person.office, person.name, person.sex, person.birth_month, person.education,
                             person.political, person.votes if person.votes is not None else "", person.note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
