"""A spreadsheet is checked here before any reader touches it.

The Excel reader (python-calamine) trusts the file: a 2 KB .xlsx with one cell at
XFD1048576 makes it allocate 17 billion cells and the process aborts; so does a 400 KB file
whose cells all name one long shared string (each cell gets its own copy), a zip entry that
inflates beyond what it declares, or a single cell at XFD1048576 (a Rust panic). So every
roster file goes through :func:`check_file` first, which reads a bounded amount and refuses,
with one Chinese sentence that names the fix, anything the reader could choke on:

- size: at most :data:`MAX_FILE_BYTES` on disk, read once; the reader gets these bytes;
- kind: an OLE compound file (D0 CF 11 E0: a password-protected workbook, a legacy .xls), a
  CSV, HTML or XML file renamed, an .xlsb, .ods or Word file, anything not a zip — each named;
- zip sanity: the entry count and directory size from the end record (before the directory
  is parsed), one end record, no two names that differ only in case, only stored or
  deflated parts, declared sizes and compression ratios; every part the reader reads
  (workbook, relationships, styles, shared strings, sheets) is inflated in bounded steps
  and must give exactly its declared size and CRC;
- the shared strings: counted, and each one's size kept, so that the sheets can add up the
  text their cells copy (:data:`MAX_SHARED_TEXT`);
- the sheets' real extent, whatever ``<dimension>`` says (it can lie or be missing): the
  reader pads each sheet from A1 to its farthest cell, so that area, the cells stored and
  the XML text are bounded. Sheets in the usual form (every ``<c r="B7" …>``) are measured
  with regular expressions; any other form is followed through expat exactly as the reader
  follows it (``<row r>``, ``<c r>``, cells without ``r``) within an element budget.

Measured (``tests/test_sheet_guard.py``, 2 CPUs): every file of the hostile corpus is
refused within 2 s in under 40 MB; a 200,000-row roster (2.2 million cells, a 125 MB sheet,
the size of the program's import benchmark) passes the check in about 1.5 s; the largest
file accepted (2.48 million one-character cells) reads in about 3 s, peaking near 400 MB.
"""

from __future__ import annotations

import io
import operator
import re
import struct
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from xml.parsers import expat

MiB = 1024 * 1024
MAX_FILE_BYTES = 64 * MiB  # the file on disk (rosters are a few MB)
MAX_ZIP_ENTRIES = 4096
MAX_CENTRAL_DIRECTORY = 4 * MiB
MAX_SHEETS = 255
MAX_SHEET_BYTES = 160 * MiB  # one worksheet part, decompressed
MAX_SHARED_STRINGS_BYTES = 64 * MiB
MAX_SHARED_TEXT = 64 * MiB  # shared strings copied into the cells that refer to them
MAX_OTHER_PART_BYTES = 32 * MiB  # workbook, relationships, styles
MAX_READ_BYTES = 256 * MiB  # all parts the reader reads, decompressed
MAX_DECLARED_BYTES = 1024 * MiB  # all entries of the zip, as declared
MAX_RATIO = 200  # decompressed : compressed, for parts larger than RATIO_FROM
RATIO_FROM = 8 * MiB
MAX_TEXT_RUN = 256 * 1024  # bytes of XML text without markup (a cell holds ≤ 32,767 characters)
MAX_COLUMNS = 1000  # per sheet, counted from column A
MAX_CELLS = 2_500_000  # all sheets: the area from A1 to the farthest cell, and cells stored
MAX_SLOW_ELEMENTS = 3_000_000  # XML elements of sheets in an unusual form (scanning time)
CHUNK = 1 * MiB

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
FIX_HINT = "请在 Excel 或 WPS 中打开它，“另存为”Excel 工作簿（*.xlsx），再选择新保存的文件。"


class RosterFileError(ValueError):
    """The file cannot be read as a roster; the message is Chinese and names the fix."""


@dataclass(frozen=True)
class SheetExtent:
    """One worksheet as the reader will see it."""

    name: str
    part: str  # the zip entry
    rows: int  # from row 1 to the farthest row holding a value (0: empty)
    columns: int  # from column A to the farthest column holding a value
    cells: int  # cells with content


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed: its bytes (hand these, not the path, to the reader) and sheets."""

    path: Path
    data: bytes
    sheets: tuple[SheetExtent, ...]

    @property
    def sheet_names(self) -> list[str]:
        """Sheet names in workbook order."""
        return [sheet.name for sheet in self.sheets]


def column_name(index: int) -> str:
    """0 → A, 16383 → XFD."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def check_file(path: Path) -> CheckedFile:
    """Read ``path`` once and check it; raise :class:`RosterFileError` with the reason."""
    path = Path(path)
    name = path.name
    try:
        if path.is_dir():
            raise RosterFileError(f"“{path}”是一个文件夹，不是 Excel 文件。")
        size = path.stat().st_size
    except FileNotFoundError as error:
        raise RosterFileError(f"找不到文件“{path}”") from error
    except OSError as error:
        raise RosterFileError(f"无法打开“{name}”（{error.strerror or error}）。") from error
    if size == 0:
        raise RosterFileError(f"“{name}”是空文件（0 字节），可能没有保存或复制完整。")
    if size > MAX_FILE_BYTES:
        raise _too_big(name, size)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise RosterFileError(f"无法读取“{name}”（{error.strerror or error}）：文件可能正被其他程序"
                              "占用，或没有读取权限。") from error
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(name, len(data))
    if data.startswith(OLE_MAGIC):
        raise RosterFileError(_ole_message(name, data))
    if not data.startswith(ZIP_MAGICS):
        raise RosterFileError(_not_a_zip_message(name, data))
    return CheckedFile(path, data, tuple(_Package(name, data).check()))


def _too_big(name: str, size: int) -> RosterFileError:
    return RosterFileError(
        f"“{name}”有 {size / MiB:.0f} MB，超过了 {MAX_FILE_BYTES // MiB} MB 的上限（花名册文件通常只有"
        "几 MB）。请删除文件中的图片等无关内容，或把名单拆成几个文件分别导入。")


# --- kinds of file that are not an .xlsx -----------------------------------------------------

def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _ole_message(name: str, data: bytes) -> str:
    """An OLE compound file: an encrypted workbook, a legacy .xls, or another Office file."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return (f"“{name}”设置了打开密码（文件已加密），程序无法读取。请在 Excel 中打开它，在“文件—信息—"
                "保护工作簿—用密码进行加密”中清除密码（WPS：“文件—文档加密—密码加密”），保存后再选择。")
    if _utf16("Workbook") in data or _utf16("Book") in data:
        renamed = "（只是扩展名写成了 .xlsx）" if name.lower().endswith((".xlsx", ".xlsm")) else ""
        return (f"“{name}”是旧版 Excel 97-2003 格式（.xls）的文件{renamed}。本程序只读取 Excel 工作簿"
                f"（.xlsx）。{FIX_HINT}")
    if _utf16("WordDocument") in data:
        return f"“{name}”是 Word 文档，不是 Excel 表格。"
    return f"“{name}”是旧版 Office 格式的文件，不是 Excel 工作簿（.xlsx）。{FIX_HINT}"


def _not_a_zip_message(name: str, data: bytes) -> str:
    """A text file (CSV, HTML, XML) renamed to .xlsx, or something else entirely."""
    head = data[:8192]
    if len(data) > len(head) and head.rfind(b"\n") > 0:  # whole lines only
        head = head[:head.rfind(b"\n")]
    text = None
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is not None:
        lowered = text.lower()
        if "<html" in lowered or "<table" in lowered or "<!doctype html" in lowered:
            return (f"“{name}”实际是网页（HTML）格式，常见于从网上系统导出的“Excel”文件，不是 Excel 工作簿。"
                    f"{FIX_HINT}")
        if "<?xml" in lowered and ("urn:schemas-microsoft-com:office:spreadsheet" in lowered
                                   or "<workbook" in lowered):
            return f"“{name}”是 Excel 2003 XML 表格格式，不是 Excel 工作簿（.xlsx）。{FIX_HINT}"
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        if text and printable / len(text) > 0.95 and ("," in text or "\t" in text or "，" in text):
            return (f"“{name}”实际是逗号或制表符分隔的文本文件（CSV），不是 Excel 工作簿。{FIX_HINT}")
        if text and printable / len(text) > 0.95:
            return f"“{name}”是纯文本文件，不是 Excel 工作簿（.xlsx）。{FIX_HINT}"
    return (f"“{name}”不是 Excel 工作簿（.xlsx）：文件内容无法识别，可能已损坏，或者根本不是表格文件。"
            "请确认选对了文件；如能用 Excel 或 WPS 打开，请“另存为”Excel 工作簿（*.xlsx）后再选择。")


# --- the zip -----------------------------------------------------------------------------

def _damaged(name: str, what: str = "压缩包结构不完整") -> RosterFileError:
    return RosterFileError(f"“{name}”已损坏（{what}），可能没有下载或复制完整，也可能被改动过。"
                           "请重新获取文件；如能用 Excel 打开，请另存一份 .xlsx 后再选择。")


def _strange(name: str, what: str) -> RosterFileError:
    return RosterFileError(f"“{name}”的内部结构异常（{what}），不像是 Excel 或 WPS 保存的文件，为安全起见"
                           "不予读取。如能用 Excel 打开，请另存一份 .xlsx 后再选择。")


def _entry_count(name: str, data: bytes) -> tuple[int, int]:
    """(entries, central directory size) from the end record, before zipfile parses anything."""
    tail_start = max(0, len(data) - 65557)
    end = data.rfind(b"PK\x05\x06", tail_start)
    if end < 0 or end + 22 > len(data):
        raise _damaged(name)
    entries, directory_size, comment = struct.unpack("<10xHI4xH", data[end:end + 22])
    # One end record, closing the file: another reader looking for it finds the same one.
    if end + 22 + comment != len(data) or data.find(b"PK\x05\x06", tail_start) != end:
        raise _strange(name, "压缩包的目录记录不唯一")
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:  # ZIP64
        locator = end - 20
        if locator < 0 or data[locator:locator + 4] != b"PK\x06\x07":
            raise _damaged(name)
        offset = struct.unpack("<Q", data[locator + 8:locator + 16])[0]
        if offset + 56 > len(data) or data[offset:offset + 4] != b"PK\x06\x06":
            raise _damaged(name)
        entries, directory_size = struct.unpack("<QQ", data[offset + 32:offset + 48])
    return entries, directory_size


class _Package:
    """The zip of an .xlsx and the parts the reader will read."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self.data = name, data
        self.read_bytes = 0
        self.shared_text: _SharedText | None = None

    def check(self) -> list[SheetExtent]:
        name = self.name
        entries, directory_size = _entry_count(name, self.data)
        if entries > MAX_ZIP_ENTRIES or directory_size > MAX_CENTRAL_DIRECTORY:
            raise _strange(name, f"压缩包内有 {entries} 个部件")
        try:
            archive = zipfile.ZipFile(io.BytesIO(self.data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error,
                NotImplementedError) as error:
            raise _damaged(name) from error
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _strange(name, f"压缩包内有 {len(infos)} 个部件")
        self.parts: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        for info in infos:
            key = info.filename.lower()
            if key in self.parts:
                raise _strange(name, f"压缩包内有两个同名的部件“{_shown(info.filename)}”")
            self.parts[key] = info
            declared += info.file_size
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _strange(name, f"部件“{_shown(info.filename)}”的压缩比超过 {MAX_RATIO} 倍，疑为“压缩炸弹”")
        if declared > MAX_DECLARED_BYTES:
            raise _strange(name, f"解压后共有 {declared // MiB} MB")
        self._require_workbook()
        relationships = self._relationships()
        sheets = self._sheets(relationships)
        if len(sheets) > MAX_SHEETS:
            raise _strange(name, f"有 {len(sheets)} 张工作表")
        self._drain("xl/styles.xml", MAX_OTHER_PART_BYTES)
        self._shared_strings()
        extents = self._extents(sheets)
        # Every other XML part a relationship names (calcChain, theme…) must fit alone as a
        # sheet too: whatever the reader resolves a sheet to, it has been measured.
        measured = {sheet.part.lower() for sheet in extents}
        others = sorted({_sheet_part(target).lower() for target in relationships.values()} - measured)
        for part in others:
            if part in self.parts and part.endswith(".xml") and part not in _NOT_SHEETS:
                self._extents([("", part)], _Used())
        return extents

    def _require_workbook(self) -> None:
        if "xl/workbook.xml" in self.parts and "xl/_rels/workbook.xml.rels" in self.parts:
            return
        name, parts = self.name, self.parts
        if "xl/workbook.bin" in parts:
            raise RosterFileError(f"“{name}”是 Excel 二进制工作簿（.xlsb），本程序只读取 Excel 工作簿（.xlsx）。"
                                  f"{FIX_HINT}")
        if "content.xml" in parts or "mimetype" in parts:
            raise RosterFileError(f"“{name}”是 OpenDocument 表格（.ods），本程序只读取 Excel 工作簿（.xlsx）。"
                                  f"{FIX_HINT}")
        if "word/document.xml" in parts:
            raise RosterFileError(f"“{name}”是 Word 文档，不是 Excel 表格。")
        raise RosterFileError(f"“{name}”是一个压缩包，但不是 Excel 工作簿（.xlsx）：里面没有工作簿内容。"
                              "请确认选对了文件。")

    # -- reading one part, bounded -------------------------------------------------------
    def _chunks(self, info: zipfile.ZipInfo, limit: int, what: str,
                count: bool = True) -> Iterator[bytes]:
        """The part's bytes, inflated in bounded steps; refused beyond ``limit`` or when the
        real size or CRC differs from what the zip declares. ``count``: this read counts
        against :data:`MAX_READ_BYTES` (a second pass over the same part does not)."""
        name, data = self.name, self.data
        if info.flag_bits & 0x1:
            raise RosterFileError(f"“{name}”的内容被加密，程序无法读取。请在 Excel 中取消密码后另存为 .xlsx 再选择。")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _strange(name, f"部件“{_shown(info.filename)}”使用了不常见的压缩方式")
        if info.file_size > limit:
            raise self._part_too_big(what, info.file_size, limit)
        if count and self.read_bytes + info.file_size > MAX_READ_BYTES:
            raise self._part_too_big("全部表格内容", self.read_bytes + info.file_size, MAX_READ_BYTES)
        start = info.header_offset
        header = data[start:start + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise _damaged(name)
        method, = struct.unpack("<H", header[8:10])
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        if method != info.compress_type:
            raise _strange(name, f"部件“{_shown(info.filename)}”的两处压缩方式记录不一致")
        begin = start + 30 + name_length + extra_length
        raw = memoryview(data)[begin:begin + info.compress_size]
        if len(raw) < info.compress_size:
            raise _damaged(name)
        total, crc = 0, 0
        if info.compress_type == zipfile.ZIP_STORED:
            if info.compress_size != info.file_size:
                raise _damaged(name)
            for offset in range(0, len(raw), CHUNK):
                piece = bytes(raw[offset:offset + CHUNK])
                crc = zlib.crc32(piece, crc)
                yield piece
            total = len(raw)
        else:
            inflater = zlib.decompressobj(-15)
            position = 0
            while not inflater.eof:
                if inflater.unconsumed_tail:
                    source = inflater.unconsumed_tail
                elif position < len(raw):
                    source = raw[position:position + CHUNK]
                    position += CHUNK
                else:
                    source = b""
                try:
                    piece = inflater.decompress(source, CHUNK)
                except zlib.error as error:
                    raise _damaged(name) from error
                if not piece and not source:
                    break
                total += len(piece)
                if total > info.file_size:  # more than declared: a lying entry
                    raise _strange(name, f"部件“{_shown(info.filename)}”解压后比登记的大小更大")
                crc = zlib.crc32(piece, crc)
                if piece:
                    yield piece
            if not inflater.eof:
                raise _damaged(name)
        if total != info.file_size or crc != info.CRC:
            raise _damaged(name, f"部件“{_shown(info.filename)}”的校验不符")
        if count:
            self.read_bytes += total

    def _part_too_big(self, what: str, size: int, limit: int) -> RosterFileError:
        return RosterFileError(
            f"“{self.name}”中{what}解压后有 {size / MiB:.0f} MB，超过了 {limit // MiB} MB 的上限。"
            "如果确实有这么多数据，请把名单拆成几个文件分别导入。")

    def _drain(self, part: str, limit: int) -> None:
        info = self.parts.get(part)
        if info is not None:
            for _piece in self._chunks(info, limit, f"部件“{_shown(info.filename)}”"):
                pass

    def _parse(self, info: zipfile.ZipInfo, limit: int, handler, escapes: bool = True) -> None:
        """Stream a small XML part through expat (no DTD) into ``handler(name, attrs)``.
        ``escapes=False``: refuse ``&`` anywhere (the reader takes some values unescaped)."""
        parser = _parser(self.name, info.filename)
        parser.StartElementHandler = handler
        try:
            for piece in self._chunks(info, limit, f"部件“{_shown(info.filename)}”"):
                if not escapes and b"&" in piece:
                    raise _strange(self.name, "工作簿的关系记录中有转义字符")
                parser.Parse(piece, False)
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise _not_xml(self.name, info.filename, error) from error

    # -- the workbook: which sheets, in which parts ------------------------------------------
    def _relationships(self) -> dict[str, str]:
        """Id → Target of xl/_rels/workbook.xml.rels, as the reader reads them (last wins)."""
        found: dict[str, str] = {}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if _local(tag) == "Relationship":
                found[attrs.get("Id", "")] = attrs.get("Target", "")

        # The reader takes Id and Target as written, escapes and all: none are allowed.
        self._parse(self.parts["xl/_rels/workbook.xml.rels"], MAX_OTHER_PART_BYTES, start, escapes=False)
        return found

    def _sheets(self, relationships: dict[str, str]) -> list[tuple[str, str]]:
        """(name, part) of each <sheet> of xl/workbook.xml, paths resolved like the reader does."""
        sheets: list[tuple[str, str]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            if _local(tag) != "sheet":
                return
            key = None
            for attribute, value in attrs.items():  # in the file's order: the last one counts
                if attribute in ("r:id", "relationships:id"):
                    key = value
            sheets.append((attrs.get("name", ""), _sheet_part(relationships.get(key, ""))))
            if len(sheets) > MAX_SHEETS:
                raise _strange(self.name, f"有超过 {MAX_SHEETS} 张工作表")

        self._parse(self.parts["xl/workbook.xml"], MAX_OTHER_PART_BYTES, start)
        return sheets

    def _shared_strings(self) -> None:
        """The reader keeps every shared string in memory, and copies it again into every
        cell that refers to it: a 400 KB file whose 200,000 cells all name one 240 KB string
        asks for 48 GB. So each string's size is measured here (its bytes up to the next
        ``<si``, which is never less than the text it gives), for the sheets to add up what
        their cells refer to (:class:`_SharedText`)."""
        info = self.parts.get("xl/sharedstrings.xml")
        if info is None:
            return
        whole = bytearray()
        runs = _TextRuns(self.name, "共享字符串表")
        for piece in self._chunks(info, MAX_SHARED_STRINGS_BYTES, "共享字符串表"):
            runs.feed(piece)
            whole += piece
        text = bytes(whole)
        del whole
        if b"<!DOCTYPE" in text:
            raise _strange(self.name, "共享字符串表含有文档类型定义（DTD）")
        starts = array("L")
        for match in _SI_START.finditer(text):
            starts.append(match.start())
            if len(starts) > MAX_CELLS:
                raise _strange(self.name, f"共享字符串表中有超过 {MAX_CELLS} 个字符串")
        sizes = array("L", map(operator.sub, [*starts[1:], len(text)], starts))
        self.shared_text = _SharedText(sizes, _numbered_alike(text, starts))

    # -- the sheets --------------------------------------------------------------------------
    def _extents(self, sheets: list[tuple[str, str]], used: _Used | None = None) -> list[SheetExtent]:
        extents: list[SheetExtent] = []
        used = used or _Used()
        for sheet_name, part in sheets:
            info = self.parts.get(part.lower())
            if info is None:  # the reader reports the missing sheet itself
                extents.append(SheetExtent(sheet_name, part, 0, 0, 0))
                continue
            extents.append(self._extent(sheet_name or part, part, info, used))
        return extents

    def _extent(self, sheet_name: str, part: str, info: zipfile.ZipInfo, used: _Used) -> SheetExtent:
        """The fast scan for the usual files; a second, exact pass only when the first finds
        the sheet too large (it also counts empty formatted cells); expat for the others."""
        what = f"工作表“{_shown(sheet_name)}”"

        def pieces(count: bool = False) -> Iterator[bytes]:
            return self._chunks(info, MAX_SHEET_BYTES, what, count=count)

        counted = self.read_bytes
        fast = _FastScan(self.name, sheet_name, used, with_empty=True, shared=self.shared_text)
        if fast.run(pieces(count=True)):
            if fast.fits() or not fast.saw_empty:  # (without empty cells the first pass is exact)
                fast.refuse_unless_fits()
                return fast.done(part)
            exact = _FastScan(self.name, sheet_name, used, with_empty=False)
            exact.shared_text = fast.shared_text  # counted once, by the first pass
            exact.run(pieces())
            exact.refuse_unless_fits()
            return exact.done(part)
        slow = _SheetScan(self.name, sheet_name, used, self.shared_text)
        slow.run(pieces(count=self.read_bytes == counted), info.filename)  # the fast pass stopped early
        slow.refuse_unless_fits()
        return slow.done(part)


@dataclass
class _Used:
    """What the sheets already scanned took of the workbook-wide limits."""

    area: int = 0
    cells: int = 0
    slow_elements: int = 0
    shared_text: int = 0  # bytes of shared strings copied into cells


_SI_USUAL = re.compile(rb"<si>(?:<t[\s>/]|<r>)")
_PREFIXED_STRING_TAG = re.compile(rb"<[^\s<>/!?\"']+:(?:si|t|r|rPh)[\s/>]")


def _numbered_alike(text: bytes, starts: array) -> bool:
    """Whether the reader numbers the shared strings as the ``<si`` found in ``text``: a
    flat list (no comment, CDATA or instruction that could hide one, no prefix, no ``si``
    inside another) whose every string starts with a text or a rich-text run (the reader
    skips a string without text, and its numbering would then run ahead of ours)."""
    if b"<!--" in text or b"<![CDATA[" in text or text.count(b"<?") > 1:
        return False
    if _PREFIXED_STRING_TAG.search(text) or len(_SI_USUAL.findall(text)) != len(starts):
        return False
    ends = array("L", (match.start() for match in re.finditer(rb"</si>", text)))
    return (len(ends) == len(starts) and all(map(operator.lt, starts, ends))
            and all(map(operator.lt, ends, starts[1:])))


@dataclass
class _SharedText:
    """The size of each shared string (an upper bound of what one reference copies)."""

    sizes: array
    numbered_alike: bool
    largest: int = field(init=False)

    def __post_init__(self) -> None:
        self.largest = max(self.sizes, default=0)

    def charge(self, indexes: list[bytes | str]) -> int:
        """The bytes copied for cells referring to these strings (the largest string for a
        reference that cannot be matched exactly)."""
        if not self.numbered_alike:
            return self.largest * len(indexes)
        sizes, count, total = self.sizes, len(self.sizes), 0
        for index in indexes:
            number = int(index) if index else count
            total += sizes[number] if number < count else self.largest
        return total


_NOT_SHEETS = ("xl/sharedstrings.xml", "xl/styles.xml")  # read (and measured) as what they are
_SI_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _sheet_part(target: str) -> str:
    """The zip entry of a relationship's target, resolved as the reader resolves it."""
    if target.startswith("/xl/"):
        return target[1:]
    return target if target.startswith("xl/") else "xl/" + target


def _shown(text: str, limit: int = 40) -> str:
    """A name from the file, safe to show: no control characters, not too long."""
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in text[:limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


def _local(tag: str) -> str:
    """The local name of an element or attribute name as written (prefix dropped)."""
    return tag.rpartition(":")[2]


def _parser(file_name: str, part: str):
    parser = expat.ParserCreate()

    def no_doctype(*_args) -> None:  # entity expansion (“billion laughs”) starts in a DTD
        raise _strange(file_name, f"部件“{_shown(part)}”含有文档类型定义（DTD）")

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    parser.buffer_text = True
    return parser


def _not_xml(file_name: str, part: str, error: expat.ExpatError) -> RosterFileError:
    return _damaged(file_name, f"部件“{_shown(part)}”不是规范的 XML（第 {error.lineno} 行）")


class _TextRuns:
    """Refuses XML text longer than :data:`MAX_TEXT_RUN` bytes without markup."""

    def __init__(self, file_name: str, what: str) -> None:
        self.file_name, self.what, self.open_run = file_name, what, 0

    def feed(self, piece: bytes) -> None:
        first = piece.find(b"<")
        if first < 0:
            self.open_run += len(piece)
            longest = self.open_run
        else:
            longest = self.open_run + first
            if _LONG_RUN.search(piece):
                longest = MAX_TEXT_RUN + 1
            self.open_run = len(piece) - piece.rfind(b"<") - 1
        if longest > MAX_TEXT_RUN:
            raise RosterFileError(
                f"“{self.file_name}”的{self.what}中有一段超过 {MAX_TEXT_RUN // 1024} KB 的连续文字"
                "（Excel 单元格最多 32767 个字），文件可能已损坏或被特意构造，不予读取。")


_LONG_RUN = re.compile(rb"<[^<]{%d}" % MAX_TEXT_RUN)


class _Extent:
    """The farthest cell seen, the cells counted, and the limits they must keep."""

    def __init__(self, file_name: str, sheet: str, used: _Used) -> None:
        self.file_name, self.sheet_name, self.used = file_name, sheet, used
        self.sheet = _shown(sheet)  # as messages show it
        self.max_row = self.max_column = -1
        self.far_row = self.far_column = (0, 0)  # the first cells reaching the extremes
        self.cells = 0
        self.shared_text = 0  # bytes of shared strings this sheet's cells copy

    def area(self) -> int:
        return (self.max_row + 1) * (self.max_column + 1)

    def fits(self) -> bool:
        return (self.max_column < MAX_COLUMNS and self.area() <= MAX_CELLS - self.used.area
                and self.cells <= MAX_CELLS - self.used.cells
                and self.shared_text <= MAX_SHARED_TEXT - self.used.shared_text)

    def refuse_unless_fits(self) -> None:
        if self.shared_text > MAX_SHARED_TEXT - self.used.shared_text:
            raise RosterFileError(
                f"“{self.file_name}”的工作表“{self.sheet}”中，单元格反复引用共享字符串，读出后的文字超过 "
                f"{MAX_SHARED_TEXT // MiB} MB（文件只有几百 KB 也可能如此），超过了能读取的上限，"
                "文件可能被特意构造，不予读取。")
        if self.max_column >= MAX_COLUMNS or self.area() > MAX_CELLS - self.used.area:
            raise RosterFileError(self.too_large_message())
        if self.cells > MAX_CELLS - self.used.cells:
            raise RosterFileError(
                f"“{self.file_name}”的工作表“{self.sheet}”中记录的单元格太多（全部工作表合计超过 "
                f"{MAX_CELLS} 个，可能有大量重复的单元格记录），超过了能读取的上限，文件可能已损坏或被特意构造。")

    def done(self, part: str) -> SheetExtent:
        """The sheet's extent; what it took is added to the workbook's account."""
        self.used.area += self.area()
        self.used.cells += self.cells
        self.used.shared_text += self.shared_text
        return SheetExtent(self.sheet_name, part, self.max_row + 1, self.max_column + 1, self.cells)

    def too_large_message(self) -> str:
        """Names the farthest cells so the clerk can delete a stray entry."""
        (row_a, column_a), (row_b, column_b) = self.far_column, self.far_row
        if (row_a, column_a) == (row_b, column_b):
            far = [f"第{row_a + 1}行 {column_name(column_a)}列"]
        elif row_a == row_b:
            far = [f"第{row_a + 1}行 {column_name(column_b)}列至{column_name(column_a)}列"]
        else:
            far = [f"第{row_a + 1}行 {column_name(column_a)}列", f"第{row_b + 1}行 {column_name(column_b)}列"]
        size = f"{self.max_row + 1} 行 × {self.max_column + 1} 列"
        alone = self.max_column >= MAX_COLUMNS or self.area() > MAX_CELLS
        total = "" if alone else "，与前面的工作表合计"
        return (f"“{self.file_name}”的工作表“{self.sheet}”中，{'和'.join(far)}有内容，使这张表从 A1 起共有 "
                f"{size}{total}，超过了能读取的上限（每张表最多 {MAX_COLUMNS} 列，全部工作表合计最多 "
                f"{MAX_CELLS // 10000} 万个单元格）。如果是误输入，请在 Excel 中删除这些单元格所在的行或列后"
                "保存；如果确实有这么多数据，请拆成几个文件分别导入。")


# A cell tag as Excel, WPS and openpyxl write it: ``r`` first, then simple attributes.
_ANY_CELL = re.compile(rb"<c[\s/>]")
_PREFIXED_CELL = re.compile(rb"<[^\s<>/!?\"']*:c[\s/>]")
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: (?!r=)[A-Za-z:]{1,16}="[^"<>]*")*\s*/?>')
_SHARED_CELL = re.compile(rb'<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"(?: [A-Za-z:]{1,16}="[^"<>]*")*? t="s"'
                          rb'(?: [A-Za-z:]{1,16}="[^"<>]*")*\s*>(?:<v>([0-9]{1,10})</v>)?')
_EMPTY_CELL = re.compile(rb'<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"(?: (?!r=)[A-Za-z:]{1,16}="[^"<>]*")*\s*/>')
_VALUED_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: (?!r=)[A-Za-z:]{1,16}="[^"<>]*")*\s*>')


def _column_number(letters: bytes) -> int:
    """b"A" → 0, b"XFD" → 16383."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


class _FastScan(_Extent):
    """Worksheets whose every cell tag has the usual form (``<c r="B7" s="1" t="s">``):
    each cell's position is its ``r``, so the extent is the largest ``r`` found by regular
    expressions (C speed: about 1 s for a 125 MB sheet, against 6 s for expat). Tags in
    comments or outside ``sheetData`` are counted too, which can only overstate the extent.
    A file with any other form of cell tag goes to :class:`_SheetScan`.

    ``with_empty``: the first pass also counts self-closing (valueless, only formatted)
    cells, which the reader skips; the exact second pass leaves them out."""

    def __init__(self, file_name: str, sheet: str, used: _Used, with_empty: bool,
                 shared: _SharedText | None = None) -> None:
        super().__init__(file_name, sheet, used)
        self.shared = shared  # charge the strings the cells refer to (first pass only)
        self.pattern = _CELL if with_empty else _VALUED_CELL
        self.check_form = with_empty
        self.runs = _TextRuns(file_name, f"工作表“{self.sheet}”") if with_empty else None
        self.saw_empty = False  # a self-closing cell was counted: a second pass would count less

    def run(self, pieces: Iterator[bytes]) -> bool:
        """False when some cell tag has another form (nothing else is concluded then)."""
        carry = b""
        for piece in pieces:
            if self.runs is not None:
                self.runs.feed(piece)
            window = carry + piece
            cut = window.rfind(b"<")  # the last tag may be cut: it goes with the next piece
            if cut < 0:
                carry = b""
                continue
            window, carry = window[:cut], window[cut:]
            if not self._scan(window):
                return False
        return self._scan(carry)

    def _scan(self, text: bytes) -> bool:
        if b"<!DOCTYPE" in text:  # the reader ignores a DTD; nothing an .xlsx needs has one
            raise _strange(self.file_name, f"工作表“{self.sheet}”含有文档类型定义（DTD）")
        found = self.pattern.findall(text)
        if self.check_form:
            if len(found) != len(_ANY_CELL.findall(text)):
                return False
            if b":c" in text and _PREFIXED_CELL.search(text):
                return False
            if not self.saw_empty and b"/>" in text and _EMPTY_CELL.search(text):
                self.saw_empty = True
        if not found:
            return True
        if self.shared is not None and b' t="s"' in text:
            self.shared_text += self.shared.charge(_SHARED_CELL.findall(text))
        self.cells += len(found)
        top_row = max(map(int, set(map(itemgetter(1), found)))) - 1
        if top_row > self.max_row:
            self.max_row = top_row
            row = str(top_row + 1).encode()
            column = re.search(rb'<c r="([A-Z]{1,3})' + row + b'"', text).group(1)
            self.far_row = (top_row, _column_number(column))
        top_column = max(set(map(itemgetter(0), found)), key=lambda letters: (len(letters), letters))
        if _column_number(top_column) > self.max_column:
            self.max_column = _column_number(top_column)
            row = re.search(rb'<c r="' + top_column + rb'([1-9][0-9]{0,6})"', text).group(1)
            self.far_column = (int(row) - 1, self.max_column)
        return True


_STRUCTURE = frozenset(("c", "row", "sheetData"))
_CELL_REFERENCE = re.compile(r"([A-Za-z]+)([0-9]+)")
_ROW_REFERENCE = re.compile(r"([A-Za-z]*)([0-9]+)")


class _SheetScan(_Extent):
    """Follows a worksheet's cells exactly as the reader does, through expat, without
    keeping any value (for files whose cell tags are not in the usual form).

    The reader skips everything before the first ``sheetData`` and stops at the first
    ``</sheetData>``; a ``row`` sets the row from its ``r`` and the row after it ends; a
    ``c`` takes its position from ``r`` (its column then continues from there) or from the
    running row and column, and ends at the next ``</c>``. A cell counts when it has any
    child element (the reader keeps it when a ``v`` or ``is`` gives it a value). A ``c``,
    ``row`` or ``sheetData`` inside a cell would let the two readings drift apart: refused.
    Elements are counted against :data:`MAX_SLOW_ELEMENTS` (about half a second per million).
    """

    def __init__(self, file_name: str, sheet: str, used: _Used, shared: _SharedText | None) -> None:
        super().__init__(file_name, sheet, used)
        self.shared = shared
        self.shared_cell = False  # the open cell is t="s": its <v> names a shared string
        self.index: list[str] | None = None  # the text of such a <v>, while it is open
        self.in_data = self.finished = self.in_cell = self.has_child = False
        self.row = self.column = 0
        self.position = (0, 0)
        self.elements = 0

    def run(self, pieces: Iterator[bytes], part: str) -> None:
        parser = _parser(self.file_name, part)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        if self.shared is not None:
            parser.CharacterDataHandler = self.text
        runs = _TextRuns(self.file_name, f"工作表“{self.sheet}”")
        try:
            for piece in pieces:  # limits checked after each piece (about a megabyte of XML)
                runs.feed(piece)
                parser.Parse(piece, False)
                self._within_limits()
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise _not_xml(self.file_name, part, error) from error
        self.used.slow_elements += self.elements

    def _within_limits(self) -> None:
        if self.used.slow_elements + self.elements > MAX_SLOW_ELEMENTS:
            raise _strange(self.file_name, f"工作表的写法不常见，且 XML 元素超过 {MAX_SLOW_ELEMENTS} 个")
        if not self.fits():
            self.refuse_unless_fits()

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if self.finished:
            return
        if self.in_cell:
            if tag in _STRUCTURE or (":" in tag and _local(tag) in _STRUCTURE):
                raise _strange(self.file_name, f"工作表“{self.sheet}”的单元格中嵌套了单元格或行")
            self.has_child = True
            if self.shared_cell and _local(tag) == "v":
                self.index = []
            return
        local = tag if ":" not in tag else _local(tag)
        if not self.in_data:
            self.in_data = local == "sheetData"
        elif local == "c":
            reference = attrs.get("r")
            if reference is not None:
                self.position = self._cell(reference)
                self.column = self.position[1]
            else:
                self.position = (self.row, self.column)
            self.in_cell, self.has_child = True, False
            self.shared_cell = self.shared is not None and attrs.get("t") == "s"
        elif local == "row":
            reference = attrs.get("r")
            if reference is not None:
                self.row = self._row(reference)

    def text(self, data: str) -> None:
        if self.index is not None:
            self.index.append(data)

    def end(self, tag: str) -> None:
        if self.finished or not self.in_data:
            return
        local = tag if ":" not in tag else _local(tag)
        if self.index is not None and local == "v":
            index = "".join(self.index).strip()
            self.shared_text += self.shared.charge([index if index.isdigit() and len(index) < 11 else ""])
            self.index = None
        if self.in_cell:
            if local == "c":
                self.in_cell = False
                if self.has_child:
                    self._count(self.position)
                self.column += 1
        elif local == "row":
            self.row += 1
            self.column = 0
        elif local == "sheetData":
            self.finished = True

    def _count(self, position: tuple[int, int]) -> None:
        self.cells += 1
        row, column = position
        if row > self.max_row:
            self.max_row, self.far_row = row, position
        if column > self.max_column:
            self.max_column, self.far_column = column, position

    def _cell(self, reference: str) -> tuple[int, int]:
        match = _CELL_REFERENCE.fullmatch(reference)
        if not match or len(reference) > 12:
            raise self._bad_reference(reference)
        row = int(match.group(2)) - 1
        column = 0
        for letter in match.group(1).upper():
            column = column * 26 + ord(letter) - 64
        if row < 0 or row >= 1_048_576 or column > 16_384:
            raise self._bad_reference(reference)
        return row, column - 1

    def _row(self, reference: str) -> int:
        match = _ROW_REFERENCE.fullmatch(reference)
        if not match or len(reference) > 12:
            raise self._bad_reference(reference)
        row = int(match.group(2)) - 1
        if row < 0 or row >= 1_048_576:
            raise self._bad_reference(reference)
        return row

    def _bad_reference(self, reference: str) -> RosterFileError:
        return _damaged(self.file_name, f"工作表“{self.sheet}”中有无法识别的单元格位置“{_shown(reference, 12)}”")
