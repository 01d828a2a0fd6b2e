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
