"""Hostile and broken spreadsheets (review item 9): every file of the corpus gets its Chinese
message within seconds, from check-roster, from both import dialogs and from the Party
roster reader; no process aborts or grows beyond a few hundred MB; and the reader never sees
more of a sheet than the check measured."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.hostile_files import CORPUS, build, package, person, roster_rows, sheet_xml, text_cell
from tests.rosters import write_roster
from workflows.core import sheet_guard
from workflows.core.roster_read import RosterFileError, read_workbook
from workflows.core.sheet_guard import check_file
from workflows.party.roster import read_member_workbook

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 5  # the most a clerk waits for the message
PEAK_MB = 300  # the most a check-roster process may use on any file of the corpus
IDS = [hostile.name for hostile in CORPUS]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hostile"))


# Runs ``main.py`` as a grandchild: a process forked from pytest inherits pytest's resident
# size as its peak (Linux keeps the high-water mark across exec), a grandchild of a small
# launcher does not. The launcher also caps the address space at 2 GB, so a regression fails
# here rather than taking the machine's memory.
LAUNCHER = """
import json, os, resource, subprocess, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as handle:
    json.dump({"code": child.returncode, "seconds": time.perf_counter() - start,
               "peak_mb": usage.ru_maxrss / 1024}, handle)
"""


def run_measured(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, float, float]:
    """``python *args`` (``main.py …`` or ``-c …``) in its own process: result, wall seconds,
    peak resident MB."""
    import json

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    report = tmp_path / "measured.json"
    result = subprocess.run([sys.executable, "-c", LAUNCHER, str(report), sys.executable, *args],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    measured = json.loads(report.read_text())
    result.returncode = measured["code"]
    return result, measured["seconds"], measured["peak_mb"]


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="peak memory of a child via wait4 (POSIX)")
@pytest.mark.parametrize("name", IDS)
def test_check_roster_refuses_each_hostile_file_quickly_in_chinese_and_small(corpus, tmp_path, name):
    path, hostile = corpus[name]
    result, seconds, peak = run_measured(tmp_path, str(ROOT / "main.py"), "check-roster", str(path),
                                         "--election-day", "2026-12-20")
    print(f"\n{name}: {seconds:.2f} s, {peak:.0f} MB: {result.stderr.strip()[:90]}")
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert hostile.expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "程序出错" not in result.stderr
    assert seconds < SECONDS
    assert peak < PEAK_MB


@pytest.mark.parametrize("name", [hostile.name for hostile in CORPUS if not hostile.heavy])
def test_both_roster_readers_refuse_each_hostile_file(corpus, name):
    path, hostile = corpus[name]
    for reader in (read_workbook, read_member_workbook):
        with pytest.raises(RosterFileError, match=hostile.expected.replace(".", r"\.")):
            reader(path)


def test_the_message_names_the_sheet_and_the_stray_cell(corpus):
    path, _hostile = corpus["lying_dimension.xlsx"]
    with pytest.raises(RosterFileError) as refused:
        check_file(path)
    text = str(refused.value)
    assert "“lying_dimension.xlsx”的工作表“花名册”中，第1048576行 XFD列有内容" in text
    assert "请在 Excel 中删除这些单元格所在的行或列后保存" in text


# --- what passes, and passes exactly -------------------------------------------------------

def calamine_extent(path: Path) -> list[tuple[int, int]]:
    book = CalamineWorkbook.from_path(str(path))
    extents = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        extents.append((len(rows), max((len(row) for row in rows), default=0)))
    return extents


PREFIXED = ('<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>{}</x:sheetData></x:worksheet>')
SHEETS = {
    "canonical": sheet_xml(roster_rows([person()])),
    "formatted empty cells far away": sheet_xml(
        roster_rows([person()]) + '<row r="900"><c r="ALK900" s="1"/></row>'
        + '<row r="1048576"><c r="XFD1048576" s="1"/></row>'),
    "empty value": sheet_xml(roster_rows([person()]) + '<row r="40"><c r="Z40"><v></v></c></row>'),
    "no references": sheet_xml("<row>" + text_cell(None, "姓名") * 3 + "</row><row></row><row>"
                               + text_cell(None, "x") + "</row>"),
    "references on some cells": sheet_xml('<row r="5">' + text_cell("C5", "a") + text_cell(None, "b")
                                          + "</row><row>" + text_cell(None, "c") + "</row>"),
    "rows out of order": sheet_xml('<row r="9">' + text_cell("B9", "a") + '</row><row r="2">'
                                   + text_cell("A2", "b") + "</row>"),
    "prefixed": PREFIXED.format('<x:row x:r="3"><x:c r="D3" t="inlineStr"><x:is><x:t>a</x:t></x:is>'
                                '</x:c><x:c t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row>'),
    "cells outside sheetData": sheet_xml(text_cell("A1", "a")).replace(
        "<sheetData>", '<sheetPr><c r="ZZ99"><v>1</v></c></sheetPr><sheetData>', 1),
}


@pytest.mark.parametrize("kind", list(SHEETS))
def test_the_check_never_sees_less_than_the_reader(tmp_path, kind):
    path = tmp_path / "r.xlsx"
    path.write_bytes(package({"表": SHEETS[kind]}))
    checked = check_file(path)
    (rows, columns), = calamine_extent(path)
    extent, = checked.sheets
    assert extent.rows >= rows and extent.columns >= columns, (extent, rows, columns)
    assert read_workbook(path).sheets[0].rows == CalamineWorkbook.from_path(str(path)).get_sheet_by_index(
        0).to_python(skip_empty_area=False)


def test_a_roster_written_by_openpyxl_passes_with_its_exact_extent(tmp_path):
    path = write_roster(tmp_path / "r.xlsx", {"一组": [], "二组": []}, title="石桥村花名册")
    checked = check_file(path)
    assert [(s.name, s.rows, s.columns) for s in checked.sheets] == [("一组", 3, 11), ("二组", 3, 11)]
    assert calamine_extent(path) == [(3, 11), (3, 11)]


def test_the_program_reads_its_own_template(tmp_path):
    from printing.workbooks import roster_template

    path = roster_template(tmp_path / "t.xlsx", "石桥村", ["第一村民小组"], "2026年12月20日")
    workbook = read_workbook(path)
    assert [sheet.name for sheet in workbook.sheets] == ["填表说明", "花名册", "选项"]


def test_a_large_real_roster_is_checked_in_about_a_second(tmp_path):
    """20,000 rows × 8 columns of inline strings (about 11 MB of sheet XML)."""
    rows = "".join(f'<row r="{n}">' + "".join(text_cell(f"{col}{n}", f"值{n}")
                                              for col in "ABCDEFGH") + "</row>" for n in range(2, 20002))
    path = tmp_path / "big.xlsx"
    path.write_bytes(package({"表": sheet_xml(roster_rows([]) + rows)}))
    start = time.perf_counter()
    extent, = check_file(path).sheets
    assert (extent.rows, extent.columns, extent.cells) == (20001, 8, 160008)
    assert time.perf_counter() - start < 2


# --- each limit, made small ------------------------------------------------------------------

def write(tmp_path: Path, sheets: dict[str, str], **extra) -> Path:
    path = tmp_path / "r.xlsx"
    path.write_bytes(package(sheets, extra.get("parts")))
    return path


def test_cells_recorded_many_times_are_counted(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_guard, "MAX_CELLS", 50)
    path = write(tmp_path, {"表": sheet_xml('<row r="1">' + '<c r="A1"><v>1</v></c>' * 60 + "</row>")})
    with pytest.raises(RosterFileError, match="记录的单元格太多"):
        check_file(path)


def test_the_area_of_all_sheets_together_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_guard, "MAX_CELLS", 50)
    sheet = sheet_xml('<row r="5">' + text_cell("F5", "x") + "</row>")  # 5 × 6 = 30 cells from A1
    with pytest.raises(RosterFileError, match="工作表“二”中.*与前面的工作表合计"):
        check_file(write(tmp_path, {"一": sheet, "二": sheet}))


def test_shared_strings_are_counted_before_the_reader_loads_them(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_guard, "MAX_CELLS", 50)
    strings = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
               'main">' + "<si><t>x</t></si>" * 60 + "</sst>")
    path = write(tmp_path, {"表": sheet_xml("")}, parts={"xl/sharedStrings.xml": strings})
    with pytest.raises(RosterFileError, match="共享字符串表中有超过 50 个字符串"):
        check_file(path)


def test_an_unusual_sheet_is_scanned_by_expat_within_an_element_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_guard, "MAX_SLOW_ELEMENTS", 100)
    cells = '<x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>' * 60
    path = write(tmp_path, {"表": PREFIXED.format(f"<x:row>{cells}</x:row>")})
    with pytest.raises(RosterFileError, match="工作表的写法不常见，且 XML 元素超过 100 个"):
        check_file(path)


def test_all_parts_read_together_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_guard, "MAX_READ_BYTES", 2000)
    path = write(tmp_path, {"表": sheet_xml(roster_rows([person() for _ in range(20)]))})
    with pytest.raises(RosterFileError, match="全部表格内容解压后"):
        check_file(path)


def shared_strings(*texts: str, raw: str | None = None) -> str:
    items = raw if raw is not None else "".join(f"<si><t>{text}</t></si>" for text in texts)
    return ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main">{items}</sst>')


def shared_cells(indexes: list[int], prefix: str = "") -> str:
    return "".join(f'<{prefix}row r="{n}"><{prefix}c r="A{n}" t="s"><{prefix}v>{index}</{prefix}v>'
                   f"</{prefix}c></{prefix}row>" for n, index in enumerate(indexes, start=1))


def test_cells_naming_shared_strings_are_charged_for_the_strings_they_copy(tmp_path, monkeypatch):
    """Item 9: one long shared string named by many cells is copied into each of them."""
    monkeypatch.setattr(sheet_guard, "MAX_SHARED_TEXT", 10_000)
    strings = shared_strings("张伟", "长" * 1000)  # 3,000 bytes
    few = write(tmp_path, {"表": sheet_xml(shared_cells([1, 1, 1, 0] * 1))},
                parts={"xl/sharedStrings.xml": strings})
    assert check_file(few).sheets[0].cells == 4
    assert [row[0] for row in read_workbook(few).sheets[0].rows] == ["长" * 1000] * 3 + ["张伟"]
    many = write(tmp_path, {"表": sheet_xml(shared_cells([1] * 4))}, parts={"xl/sharedStrings.xml": strings})
    with pytest.raises(RosterFileError, match="单元格反复引用共享字符串"):
        check_file(many)


def test_an_unusual_string_table_charges_each_reference_the_largest_string(tmp_path, monkeypatch):
    """The reader skips a string without text, so its numbering runs ahead of the <si> found:
    then no reference is trusted to name a short string."""
    monkeypatch.setattr(sheet_guard, "MAX_SHARED_TEXT", 10_000)
    strings = shared_strings(raw="<si/><si><t>张伟</t></si><si><t>" + "长" * 1000 + "</t></si>")
    path = write(tmp_path, {"表": sheet_xml(shared_cells([0, 0, 0, 0]))}, parts={"xl/sharedStrings.xml": strings})
    with pytest.raises(RosterFileError, match="单元格反复引用共享字符串"):
        check_file(path)


def test_the_unusual_sheet_form_is_charged_for_shared_strings_too(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_guard, "MAX_SHARED_TEXT", 10_000)
    strings = shared_strings("张伟", "长" * 1000)
    path = write(tmp_path, {"表": PREFIXED.format(shared_cells([1] * 4, prefix="x:"))},
                 parts={"xl/sharedStrings.xml": strings})
    with pytest.raises(RosterFileError, match="单元格反复引用共享字符串"):
        check_file(path)


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="peak memory of a child via wait4 (POSIX)")
def test_the_largest_file_accepted_reads_in_seconds_and_a_few_hundred_mb(tmp_path):
    """Just inside the limits: 225,000 rows × 11 one-character cells (2.48 million cells,
    132 MB of XML in a 10 MB file) — the most a file may make the reader hold. (The
    program's own benchmark roster has 200,000 rows × 11 columns.)"""
    letters = "ABCDEFGHIJK"
    rows = "".join(f'<row r="{n}">' + "".join(f'<c r="{x}{n}" t="inlineStr"><is><t>甲</t></is></c>'
                                              for x in letters) + "</row>" for n in range(2, 225_002))
    path = tmp_path / "largest.xlsx"
    path.write_bytes(package({"表": sheet_xml(roster_rows([]) + rows)}))
    code = ("import sys\nfrom workflows.core.roster_read import read_workbook\n"
            "print(sum(len(sheet.rows) for sheet in read_workbook(sys.argv[1]).sheets))")
    result, seconds, peak = run_measured(tmp_path, "-c", code, str(path))
    print(f"\nlargest accepted file: {seconds:.2f} s, {peak:.0f} MB")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "225001"
    assert seconds < 15 and peak < 600


def test_a_file_that_changes_after_the_check_is_not_read_again(tmp_path):
    """The reader gets the bytes that were checked, not the path (a file being copied)."""
    path = write(tmp_path, {"表": sheet_xml(roster_rows([person()]))})
    checked = check_file(path)
    path.write_bytes(b"")
    assert checked.data[:2] == b"PK" and checked.sheet_names == ["表"]


# --- the import dialogs --------------------------------------------------------------------

@pytest.fixture
def ctx(store):
    from ui.context import AppContext
    from ui.signals import AppSignals
    from workflows.core.config import Settings

    return AppContext(store, Settings(), AppSignals())


@pytest.fixture
def election_id(ctx):
    from datetime import timedelta

    from tests.conftest import TODAY, make_election, make_township

    with ctx.transaction() as session:
        township = make_township(session)
        ctx.township_id = township.id
        return make_election(session, township, committee=TODAY + timedelta(days=30),
                             party=TODAY + timedelta(days=20)).id


def dialog_message(qtbot, dialog, path: Path) -> tuple[str, float]:
    dialog.ask_file = lambda: path
    start = time.perf_counter()
    dialog.message.clear()
    dialog.choose_action()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=SECONDS * 1000)
    return dialog.message.text(), time.perf_counter() - start


@pytest.mark.parametrize("kind", ["voters", "party"])
def test_each_hostile_file_gets_its_message_in_both_import_dialogs(qtbot, ctx, election_id, corpus,
                                                                   tmp_path, kind):
    from ui.party.member_dialogs import MemberImportDialog
    from ui.widgets.import_dialog import RosterImportDialog

    dialog = (RosterImportDialog if kind == "voters" else MemberImportDialog)(ctx, election_id)
    qtbot.addWidget(dialog)
    good = write_roster(tmp_path / "good.xlsx", {"花名册": []})
    dialog.ask_file = lambda: good
    dialog.choose_action()
    qtbot.waitUntil(lambda: dialog.sheets.count() == 1, timeout=10000)
    times = {}
    for name, (path, hostile) in corpus.items():
        text, seconds = dialog_message(qtbot, dialog, path)
        times[name] = seconds
        assert hostile.expected in text, (name, text)
        assert seconds < SECONDS
        # the file chosen before is forgotten: nothing of it can be checked or imported
        assert dialog.workbook is None and dialog.sheets.count() == 0
        assert not dialog.check_button.isEnabled() and not dialog.import_button.isEnabled()
        assert dialog.file_label.text() == f"未能读取 {path.name}，数据库没有任何改动。"
    print("\n" + kind + ": " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items()))


def test_whatever_part_the_reader_takes_for_a_sheet_has_been_measured(tmp_path):
    """A sheet naming two relationships (the reader takes the last), or a part no sheet
    names: every part a relationship names is measured."""
    from tests.hostile_files import FAR

    path = tmp_path / "r.xlsx"
    data = package({"表": sheet_xml(roster_rows([person()]))},
                   {"xl/worksheets/sheet9.xml": sheet_xml(FAR)})
    data = _rewrite(data, "xl/workbook.xml", lambda text: text.replace(
        'r:id="rId1"', 'r:id="rId1" relationships:id="rId9"'))
    data = _rewrite(data, "xl/_rels/workbook.xml.rels", lambda text: text.replace(
        "</Relationships>", '<Relationship Id="rId9" Type="x" Target="worksheets/sheet9.xml"/>'
                            "</Relationships>"))
    path.write_bytes(data)
    with pytest.raises(RosterFileError, match="第1048576行 XFD列有内容"):
        check_file(path)
    escaped = _rewrite(data, "xl/_rels/workbook.xml.rels", lambda text: text.replace(
        "worksheets/sheet9.xml", "worksheets/sheet&#57;.xml"))
    path.write_bytes(escaped)
    with pytest.raises(RosterFileError, match="关系记录中有转义字符"):
        check_file(path)


def _rewrite(data: bytes, part: str, change) -> bytes:
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, content)
    return buffer.getvalue()


def test_long_and_odd_sheet_names_are_kept_as_they_are(tmp_path):
    name = "第一村民小组（核对后）" * 5  # longer than a message shows (50 characters)
    path = write(tmp_path, {name: sheet_xml(roster_rows([person()]))})
    assert read_workbook(path).sheets[0].name == name
