"""Excel workbooks: the roster template, the import report, the full list for the county.

Plain data in, an .xlsx file out (openpyxl); no database access here.

**No formulas out.** openpyxl stores a string starting with ``=`` as a formula, and a name,
note or phone typed by anyone (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``) would then run in
Excel or WPS when the county opens the list. Every cell is written through :func:`put`:
text is stored as a text cell (an inline string, ``t="inlineStr"``), which Excel and WPS
show as typed and never evaluate, and text that starts like a formula (``= + - @``, tab,
line break) also gets the quote prefix, so it stays text even when someone edits the cell.
Control characters, which an .xlsx cannot hold, are written as �; text is cut at Excel's
32,767 characters per cell. Any later workbook
(statistics, lists) writes its rows with :func:`append_row` and its cells with :func:`put`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEMPLATE_COLUMNS = (
    ("村民小组", 14), ("姓名", 10), ("性别", 6), ("民族", 8), ("公民身份号码", 22),
    ("出生日期", 12), ("文化程度", 10), ("政治面貌", 12), ("登记类别", 30), ("联系电话", 14),
    ("备注", 20), ("本村居住起始日期（第3类）", 16), ("本人申请日期（第3类）", 14),
    ("会议同意日期（第3类）", 14),
)
CATEGORY_CHOICES = ("1 户籍在本村并居住", "2 户籍在本村不居住，本人表示参加选举",
                    "3 户籍不在本村，居住一年以上，本人申请、会议同意", "外出不参加", "外出未答复",
                    "被剥夺政治权利")
EDUCATION_CHOICES = ("小学", "初中", "高中", "中专", "大专", "本科", "研究生", "文盲或半文盲")
POLITICAL_CHOICES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众")
TEMPLATE_ROWS = 2000
HEADER_FILL = "DDEBF7"
PROBLEM_FILL = "F8CBAD"
NOTE_FILL = "FFF2CC"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
EXCEL_CELL_CHARS = 32767  # Excel reports a longer cell as a damaged file
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0


def put(cell, value: Any) -> None:
    """Give ``cell`` its value; text always as a text cell that no program evaluates."""
    if not isinstance(value, str):
        cell.value = value
        return
    text = _UNWRITABLE.sub("\ufffd", value)[:EXCEL_CELL_CHARS]
    cell.value = text  # openpyxl makes a string starting with “=” a formula …
    cell.data_type = "s"  # … this makes it text again (written as an inline string)
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # stays text when edited in Excel or WPS


def append_row(sheet, values: Sequence[Any]) -> int:
    """Append ``values`` as the next row through :func:`put`; return its row number."""
    from openpyxl.cell.cell import Cell

    cells = []
    for value in values:
        cell = Cell(sheet)
        put(cell, value)
        cells.append(cell)
    sheet.append(cells)
    return cells[0].row if cells else sheet.max_row


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {
        "header_font": Font(bold=True), "header_fill": PatternFill("solid", fgColor=HEADER_FILL),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "problem": PatternFill("solid", fgColor=PROBLEM_FILL),
        "note": PatternFill("solid", fgColor=NOTE_FILL),
    }


def roster_template(path: Path, village: str, groups: Sequence[str], election_day_text: str) -> Path:
    """A roster template: title, header, drop-down lists, the ID column formatted as text."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    styles = _styles()
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    last_col = len(TEMPLATE_COLUMNS)
    append_row(sheet, [f"{village}选民登记花名册（选举日：{election_day_text}）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    sheet["A1"].font = styles["header_font"]
    append_row(sheet, [name for name, _width in TEMPLATE_COLUMNS])
    for index, (_name, width) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=2, column=index)
        cell.font, cell.fill = styles["header_font"], styles["header_fill"]
        cell.alignment, cell.border = styles["center"], styles["border"]
        sheet.column_dimensions[cell.column_letter].width = width
    for column in ("E", "F", "J", "L", "M", "N"):  # IDs, dates and phones typed as text
        for row in range(3, TEMPLATE_ROWS + 3):
            sheet[f"{column}{row}"].number_format = "@"
    lists = book.create_sheet("选项")
    _choices(lists, 1, "村民小组", groups)
    _choices(lists, 2, "登记类别", CATEGORY_CHOICES)
    _choices(lists, 3, "文化程度", EDUCATION_CHOICES)
    _choices(lists, 4, "政治面貌", POLITICAL_CHOICES)
    _choices(lists, 5, "性别", ("男", "女"))
    lists.sheet_state = "hidden"
    end = TEMPLATE_ROWS + 2
    for column, list_column, count in (("A", "A", len(groups)), ("I", "B", len(CATEGORY_CHOICES)),
                                       ("G", "C", len(EDUCATION_CHOICES)),
                                       ("H", "D", len(POLITICAL_CHOICES)), ("C", "E", 2)):
        if count == 0:
            continue
        validation = DataValidation(type="list", formula1=f"=选项!${list_column}$2:${list_column}${count + 1}",
                                    allow_blank=True, showErrorMessage=True,
                                    errorTitle="请从列表中选择", error="请从下拉列表中选择")
        validation.add(f"{column}3:{column}{end}")
        sheet.add_data_validation(validation)
    id_check = DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True,
                              showErrorMessage=True, errorTitle="身份证号码",
                              error="公民身份号码应为18位（最后一位可以是X），请以文本格式录入")
    id_check.add(f"E3:E{end}")
    sheet.add_data_validation(id_check)
    sheet.freeze_panes = "C3"
    _instructions(book.create_sheet("填表说明", 0))
    book.active = 1
    book.save(path)
    return path


def _choices(sheet, column: int, title: str, values: Sequence[str]) -> None:
    put(sheet.cell(row=1, column=column), title)
    for row, value in enumerate(values, start=2):
        put(sheet.cell(row=row, column=column), value)


INSTRUCTIONS = (
    "选民登记花名册填表说明",
    "1. 每行一人。“公民身份号码”一列已设为文本格式，请直接录入18位号码；不要改成数字格式，否则末几位会变成0。",
    "2. 出生日期写成 1990-01-01；年龄按选举日计算，选举日当天年满18周岁的可以登记。",
    "3. 登记类别：1 户籍在本村并居住；2 户籍在本村不居住、本人表示参加选举；3 户籍不在本村、在本村居住一年以上、"
    "本人申请并经村民会议或村民代表会议同意（须填写最后三列）。",
    "4. 外出村民明确表示不参加、或在规定期限内未书面表示参加的，登记类别填“外出不参加”或“外出未答复”，不列入名单。",
    "5. 依法被剥夺政治权利的，登记类别填“被剥夺政治权利”，不列入名单。",
    "6. 本表含有身份证号码和电话等个人信息，请妥善保管，不得张贴或外传。",
)


def _instructions(sheet) -> None:
    sheet.column_dimensions["A"].width = 120
    for row, text in enumerate(INSTRUCTIONS, start=1):
        put(sheet.cell(row=row, column=1), text)
    sheet["A1"].font = _styles()["header_font"]


@dataclass(frozen=True)
class ReportRow:
    """A row of the import report: where it was, what it said, what is wrong with it."""

    sheet: str
    row: int
    values: list[str]
    problems: list[str]
    problem_columns: list[int]  # 0-based indexes into ``values`` to highlight
    error: bool


def import_report(path: Path, header: Sequence[str], rows: Sequence[ReportRow],
                  summary: Sequence[str]) -> Path:
    """The rows with problems, problem cells filled red (errors) or yellow (notes)."""
    from openpyxl import Workbook

    styles = _styles()
    book = Workbook()
    sheet = book.active
    sheet.title = "检查结果"
    for line in summary:
        append_row(sheet, [line])
    append_row(sheet, [])
    columns = ["工作表", "行号", *header, "问题"]
    header_row = append_row(sheet, columns)
    for index in range(1, len(columns) + 1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font, cell.fill, cell.border = styles["header_font"], styles["header_fill"], styles["border"]
    for row in rows:
        current = append_row(sheet, [row.sheet, row.row, *row.values, "；".join(row.problems)])
        fill = styles["problem"] if row.error else styles["note"]
        for column in row.problem_columns:
            sheet.cell(row=current, column=column + 3).fill = fill
        sheet.cell(row=current, column=len(columns)).fill = fill
        for column in range(3, 3 + len(row.values)):
            sheet.cell(row=current, column=column).number_format = "@"
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions[sheet.cell(row=header_row, column=len(columns)).column_letter].width = 80
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    book.save(path)
    return path


def full_list(path: Path, title: str, header: Sequence[str], rows: Sequence[Sequence[str]],
              warning: str) -> Path:
    """The complete voter list for the county office, with a personal-data warning on top."""
    from openpyxl import Workbook

    styles = _styles()
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "选民名单"
    append_row(sheet, [title])
    append_row(sheet, [warning])
    sheet["A2"].fill = styles["problem"]
    append_row(sheet, list(header))
    for index in range(1, len(header) + 1):
        cell = sheet.cell(row=3, column=index)
        cell.font, cell.fill = styles["header_font"], styles["header_fill"]
    for row in rows:
        append_row(sheet, list(row))
    id_column = next((i for i, h in enumerate(header, start=1) if "身份" in h), None)
    if id_column:
        letter = sheet.cell(row=3, column=id_column).column_letter
        sheet.column_dimensions[letter].width = 22
        for cell in sheet[letter][3:]:
            cell.number_format = "@"
    sheet.freeze_panes = "A4"
    book.save(path)
    return path
