"""Roster workbooks for tests: realistic files, written with openpyxl, with chosen traps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

from workflows.core.idcard import make_id

HEADER = ["村民小组", "姓名", "性别", "民族", "公民身份号码", "出生日期", "文化程度", "政治面貌",
          "登记类别", "联系电话", "备注"]


def person(name: str, birth: date, sequence: int, group: str = "第一村民小组", **extra) -> dict:
    """A row as a dict keyed by the standard header, with a valid ID number."""
    number = make_id("360102", birth, sequence)
    row = {"村民小组": group, "姓名": name, "性别": "男" if sequence % 2 else "女", "民族": "汉族",
           "公民身份号码": number, "出生日期": birth.isoformat(), "文化程度": "高中",
           "政治面貌": "群众", "登记类别": "1", "联系电话": "13812345678", "备注": ""}
    row.update(extra)
    return row


def write_roster(path: Path, sheets: dict[str, list[dict]], *, header: list[str] | None = None,
                 title: str | None = None, blank_rows_after: tuple[int, ...] = (),
                 extra_columns: bool = False, keep_types: bool = False,
                 drop: tuple[str, ...] = ()) -> Path:
    """Write sheets of rows.

    ``header`` renames the standard columns position by position (aliases) and may append
    more; ``drop`` leaves standard columns out; ``title`` adds merged title rows above.
    """
    book = Workbook()
    book.remove(book.active)
    standard = [h for h in HEADER if h not in drop]
    names = header or standard
    for sheet_name, rows in sheets.items():
        sheet = book.create_sheet(sheet_name)
        if title:
            sheet.append([title])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(names))
            sheet.append(["填表单位：云溪镇石桥村", None, None, None, "填表日期：2026年11月"])
        columns = names + (["户主姓名", "与户主关系"] if extra_columns else [])
        sheet.append(columns)
        for index, row in enumerate(rows):
            values = [row.get(column, "") for column in standard]
            if extra_columns:
                values += ["张大山", "子"]
            sheet.append(values)
            last = sheet.max_row
            if not keep_types:
                for cell in sheet[last]:
                    _as_text(cell)
            if index in blank_rows_after:
                sheet.append([])
                sheet.append(["", "  ", None])
    book.save(path)
    return path


def _as_text(cell: Cell) -> None:
    """Store strings as text cells (the template formats the ID column as text)."""
    if isinstance(cell.value, str):
        cell.number_format = "@"
