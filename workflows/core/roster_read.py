"""Reading household rosters from real-world Excel files.

Tolerates what clerks' files contain: a title (often merged) above the header, header
aliases and spaces (“姓 名”, “身份证号”, “组别”), extra columns, blank rows, full-width
digits, leading apostrophes, one sheet per villager group. Cells are returned with their
sheet, row and column so every finding can say where it is.

No file reaches the Excel reader before :func:`workflows.core.sheet_guard.check_file` has
checked it (size, kind, zip, the sheets' real extent); the reader then gets the bytes that
were checked. Cell text loses zero-width characters and direction marks (:func:`text_of`);
the checkers report them, and control characters, per cell.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflows.core.sheet_guard import RosterFileError as RosterFileError  # raised by every reader
from workflows.core.sheet_guard import check_file

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "group": ("村民小组", "小组", "组别", "组", "所在小组", "村小组", "所在村民小组"),
    "name": ("姓名", "名字"),
    "sex": ("性别",),
    "ethnicity": ("民族",),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "身份证", "公民身份证号码", "证件号码",
                  "居民身份证号码"),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "education": ("文化程度", "学历"),
    "political_status": ("政治面貌",),
    "category": ("登记类别", "类别", "登记类型", "选民类别", "参选类别"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "联系方式", "电话号码"),
    "notes": ("备注", "说明"),
    "residence_since": ("本村居住起始日期", "居住起始日期", "居住起始时间", "来村居住日期"),
    "applied_on": ("本人申请日期", "申请日期"),
    "approved_on": ("会议同意日期", "村民代表会议同意日期", "村民会议同意日期", "村民代表会议同意日期"),
}
HEADER_LABELS = {key: aliases[0] for key, aliases in HEADER_ALIASES.items()}
REQUIRED = ("name", "id_number")
HEADER_SCAN_ROWS = 30


def normalise_header(text: Any) -> str:
    """“姓 名”, “身份证号*”, “居住起始日期（第3类）” → comparable header text."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = re.sub(r"[（(][^）)]*[）)]", "", value)
    return re.sub(r"[\s*＊:：]", "", value)


_LOOKUP = {normalise_header(alias): key for key, aliases in HEADER_ALIASES.items()
           for alias in aliases}


def column_letter(index: int) -> str:
    """0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class Header:
    """Where the header is and which column holds which field."""

    row_index: int  # 0-based row of the header
    columns: dict[str, int]  # field → 0-based column
    titles: dict[str, str]  # field → header text as written in the file

    def describe(self, field_key: str) -> str:
        """“E列（身份证号）” for messages."""
        column = self.columns.get(field_key)
        if column is None:
            return f"“{HEADER_LABELS[field_key]}”列"
        return f"{column_letter(column)}列（{self.titles[field_key]}）"


def find_header(rows: list[list[Any]]) -> Header | None:
    """The first row, among the top rows, naming the required columns."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns, titles = {}, {}
        for column, cell in enumerate(row):
            key = _LOOKUP.get(normalise_header(cell))
            if key and key not in columns:
                columns[key] = column
                titles[key] = str(cell).strip()
        if all(key in columns for key in REQUIRED) and len(columns) >= 3:
            return Header(index, columns, titles)
    return None


@dataclass
class SheetData:
    """One sheet's rows (values as the Excel reader returns them)."""

    name: str
    rows: list[list[Any]]
    header: Header | None = None
    data_rows: int = 0


@dataclass
class Workbook:
    """A roster file: its sheets in order."""

    path: Path
    sheets: list[SheetData] = field(default_factory=list)

    def roster_sheets(self) -> list[SheetData]:
        """Sheets that have a recognisable roster header."""
        return [sheet for sheet in self.sheets if sheet.header is not None]


def read_workbook(path: Path) -> Workbook:
    """Check the file, then read every sheet with python-calamine (about 10× faster than
    openpyxl). Raises :class:`RosterFileError` with a Chinese message, never anything else."""
    from python_calamine import CalamineWorkbook

    checked = check_file(Path(path))
    workbook = Workbook(Path(path))
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(checked.data))
        if list(book.sheet_names) != checked.sheet_names:  # the check saw other sheets
            raise RosterFileError(f"“{checked.path.name}”的工作表目录前后不一致，文件可能已损坏，"
                                  "请在 Excel 中打开后另存一份 .xlsx 再选择。")
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheet = SheetData(name, rows, find_header(rows))
            if sheet.header is not None:
                sheet.data_rows = sum(1 for row in rows[sheet.header.row_index + 1:] if not is_blank(row))
            workbook.sheets.append(sheet)
    except RosterFileError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # calamine's errors, and Rust panics (a BaseException)
        raise RosterFileError(f"无法读取“{checked.path.name}”：文件内容有误，可能已损坏。请在 Excel 或 WPS "
                              "中打开它，另存一份 Excel 工作簿（*.xlsx）后再选择。") from error
    return workbook


def is_blank(row: list[Any]) -> bool:
    """A row with nothing but empty cells and spaces."""
    return all(cell is None or str(cell).strip() == "" for cell in row)


# Invisible characters that come with text copied from chat programs and web pages:
# zero-width spaces and joiners, direction marks, embeddings, overrides and isolates, the
# byte-order mark, the soft hyphen. They are removed from every cell (the checkers say so).
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u206f\ufeff]")
# Control characters other than tab and line breaks: an error wherever they are.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_SHOWN = "\ufffd"  # what a control character becomes in text shown or written back


def text_of(value: Any) -> str:
    """Cell text: NFKC (full-width digits and spaces), invisible characters removed, control
    characters shown as �, trimmed, leading apostrophe removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value))
    text = CONTROL.sub(CONTROL_SHOWN, INVISIBLE.sub("", text)).strip()
    return text.lstrip("'‘’`").strip()


def cell_text_problems(value: Any) -> tuple[bool, bool]:
    """(has control characters, has invisible characters) in a raw cell value."""
    if not isinstance(value, str):
        return False, False
    return CONTROL.search(value) is not None, INVISIBLE.search(value) is not None
