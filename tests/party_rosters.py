"""Party member roster workbooks for tests, written with openpyxl, with chosen traps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from workflows.core.idcard import make_id

HEADER = ["姓名", "公民身份号码", "性别", "民族", "出生日期", "文化程度", "入党时间", "党员类别",
          "是否留党察看", "是否被留置逮捕", "是否流动党员", "所在党组织", "现任职务", "联系电话", "备注"]


def member(name: str, birth: date, sequence: int, joined: str = "1998-07-01", **extra) -> dict:
    """A row keyed by the standard header: a full member with a valid ID number."""
    row = {"姓名": name, "公民身份号码": make_id("360102", birth, sequence),
           "性别": "男" if sequence % 2 else "女", "民族": "汉族", "出生日期": birth.isoformat(),
           "文化程度": "高中", "入党时间": joined, "党员类别": "正式党员", "是否留党察看": "否",
           "是否被留置逮捕": "否", "是否流动党员": "否", "所在党组织": "石桥村党支部",
           "现任职务": "", "联系电话": "13812345678", "备注": ""}
    row.update(extra)
    return row


def write_members(path: Path, sheets: dict[str, list[dict]], *, header: list[str] | None = None,
                  title: str | None = None, keep_types: bool = False) -> Path:
    """Write sheets of member rows.

    ``header`` renames the standard columns position by position (aliases); ``title`` adds
    a merged title row and a unit line above; ``keep_types`` leaves numbers as numbers.
    """
    book = Workbook()
    book.remove(book.active)
    names = header or HEADER
    for sheet_name, rows in sheets.items():
        sheet = book.create_sheet(sheet_name)
        if title:
            sheet.append([title])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(names))
            sheet.append(["填报单位：中共石桥村支部委员会", None, None, None, "填表日期：2026年11月"])
        sheet.append(names)
        for row in rows:
            sheet.append([row.get(column, "") for column in HEADER])
            if not keep_types:
                for cell in sheet[sheet.max_row]:
                    if isinstance(cell.value, str):
                        cell.number_format = "@"
    book.save(path)
    return path
