"""Roster import: one test per trap of real files, and the eligibility rules (VC-07…VC-09, SD-23)."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from tests.rosters import HEADER, person, write_roster
from workflows.core.idcard import make_id
from workflows.core.roster_read import read_workbook
from workflows.voters.roster import (
    Registration,
    RosterRules,
    check_workbook,
    match_group,
    parse_date,
)

ELECTION_DAY = date(2026, 12, 20)
GROUPS = ["第一村民小组", "第二村民小组", "上屋组"]


def rules(**extra) -> RosterRules:
    return RosterRules(ELECTION_DAY, groups=extra.pop("groups", GROUPS), **extra)


def check(path, **extra):
    return check_workbook(read_workbook(path), rules(**extra))


def messages(result) -> list[str]:
    return [f.line() for f in result.findings()]


ADULTS = [person("张伟", date(1980, 5, 1), 11), person("王芳", date(1975, 3, 8), 22),
          person("李娜", date(1990, 10, 1), 32)]


def test_the_plain_template_imports_cleanly(tmp_path):
    result = check(write_roster(tmp_path / "r.xlsx", {"花名册": ADULTS}))
    assert result.findings() == []
    assert [row.voter.name for row in result.voters()] == ["张伟", "王芳", "李娜"]
    assert result.voters()[0].voter.group_name == "第一村民小组"


@pytest.mark.parametrize("id_header", ["身份证号", "身份证号码", "公民身份号码"])
def test_header_aliases_for_the_id_column(tmp_path, id_header):
    header = [id_header if h == "公民身份号码" else h for h in HEADER]
    result = check(write_roster(tmp_path / "r.xlsx", {"表": ADULTS}, header=header))
    assert len(result.voters()) == 3 and not result.errors


def test_spaced_name_header_and_group_aliases(tmp_path):
    for group_header in ("组别", "小组"):
        header = ["姓 名" if h == "姓名" else group_header if h == "村民小组" else h for h in HEADER]
        result = check(write_roster(tmp_path / f"{group_header}.xlsx", {"表": ADULTS}, header=header))
        assert len(result.voters()) == 3, messages(result)
        assert result.voters()[0].voter.group_name == "第一村民小组"


def test_header_below_a_merged_title_and_extra_columns(tmp_path):
    path = write_roster(tmp_path / "r.xlsx", {"一组": ADULTS}, title="石桥村第十二届村委会选举选民登记花名册",
                        extra_columns=True)
    workbook = read_workbook(path)
    assert workbook.sheets[0].header.row_index == 2
    result = check_workbook(workbook, rules())
    assert len(result.voters()) == 3 and not result.findings()


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers(tmp_path):
    rows = ADULTS + [person("赵强", date(1960, 1, 1), 41, 公民身份号码="123")]
    result = check(write_roster(tmp_path / "r.xlsx", {"表": rows}, blank_rows_after=(0,)))
    assert len(result.rows) == 4
    assert result.errors[0].row == 7  # header row 1, blank rows 3–4 pushed 赵强 to row 7
    assert result.errors[0].column == "E列（公民身份号码）"


def test_full_width_digits_spaces_lowercase_x_and_apostrophes(tmp_path):
    number = make_id("110105", date(1949, 12, 31), 2)  # ends in X
    assert number.endswith("X")
    messy = "'" + number[:6].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + " " \
        + number[6:-1] + "x"
    row = person("钱芳", date(1949, 12, 31), 2, 公民身份号码=messy, 出生日期="1949年12月31日")
    result = check(write_roster(tmp_path / "r.xlsx", {"表": [row]}))
    assert not result.findings(), messages(result)
    assert result.voters()[0].voter.id_number == number


def test_one_sheet_per_group_and_choosing_sheets(tmp_path):
    path = write_roster(tmp_path / "r.xlsx", {"第一村民小组": ADULTS[:2], "上屋组": ADULTS[2:],
                                             "说明": []}, drop=("村民小组",))
    workbook = read_workbook(path)
    assert [s.name for s in workbook.roster_sheets()] == ["第一村民小组", "上屋组", "说明"]
    only = check_workbook(workbook, rules(), ["上屋组"])
    assert [(r.voter.name, r.voter.group_name) for r in only.voters()] == [("李娜", "上屋组")]


def test_ids_stored_as_excel_numbers_are_refused_with_instructions(tmp_path):
    path = write_roster(tmp_path / "r.xlsx", {"表": ADULTS[:1]})
    book = load_workbook(path)
    book.active["E2"] = int(ADULTS[0]["公民身份号码"][:15] + "000")  # what Excel keeps of it
    book.save(path)
    result = check(path)
    assert len(result.errors) == 1
    assert "被 Excel 存成了数字" in result.errors[0].message
    assert "设置为“文本”格式" in result.errors[0].message


def test_wrong_check_digit_and_fifteen_digit_ids(tmp_path):
    good = ADULTS[0]["公民身份号码"]
    bad = good[:17] + ("1" if good[17] != "1" else "2")
    rows = [person("甲", date(1980, 1, 1), 1, 公民身份号码=bad),
            person("乙", date(1980, 1, 1), 3, 公民身份号码="360102800101003")]
    result = check(write_roster(tmp_path / "r.xlsx", {"表": rows}))
    assert "校验位不符" in result.errors[0].message
    assert "15位旧身份证号码" in result.errors[1].message


def test_birth_date_and_sex_must_agree_with_the_id(tmp_path):
    row = person("孙丽", date(1985, 6, 15), 24, 性别="男", 出生日期="1985-06-16")
    lines = messages(check(write_roster(tmp_path / "r.xlsx", {"表": [row]})))
    assert any("性别填为“男”，但身份证号码显示为“女”" in line for line in lines)
    assert any("出生日期“1985-06-16”与身份证号码中的1985年6月15日不一致" in line for line in lines)


def test_birth_month_only_is_compared_by_month(tmp_path):
    row = person("周洁", date(1985, 6, 15), 24, 出生日期="1985.06")
    assert not check(write_roster(tmp_path / "r.xlsx", {"表": [row]})).findings()


@pytest.mark.parametrize(("birth", "registered"), [
    (date(2008, 12, 20), True),  # CONV-07: turns 18 on the election day itself
    (date(2008, 12, 21), False),  # one day short
])
def test_vc07_age_boundary_on_the_election_day(tmp_path, birth, registered):
    result = check(write_roster(tmp_path / "r.xlsx", {"表": [person("吴晨", birth, 15)]}))
    assert bool(result.voters()) is registered
    if not registered:
        assert "未满18周岁（17周岁），不予登记" in result.warnings[0].message
        assert not result.errors


def test_feb29_birthday_follows_the_profile(tmp_path):
    """CONV-07: born 29 Feb 2008, election on 28 Feb 2026."""
    path = write_roster(tmp_path / "r.xlsx", {"表": [person("郑月", date(2008, 2, 29), 17)]})
    day = date(2026, 2, 28)
    assert check_workbook(read_workbook(path), RosterRules(day, feb29="feb28")).voters()
    assert not check_workbook(read_workbook(path), RosterRules(day, feb29="mar1")).voters()


def test_duplicates_within_the_file_name_the_first_occurrence(tmp_path):
    rows = ADULTS + [dict(ADULTS[1], 姓名="王芳芳")]
    result = check(write_roster(tmp_path / "r.xlsx", {"一组": rows}))
    assert result.errors[0].row == 5
    assert "与工作表“一组”第3行的身份证号码重复" in result.errors[0].message


def test_vc09_someone_registered_in_another_village_is_refused(tmp_path):
    elsewhere = {ADULTS[2]["公民身份号码"]: Registration("白沙村", "第三村民小组", 7)}
    result = check(write_roster(tmp_path / "r.xlsx", {"表": ADULTS}), elsewhere=elsewhere)
    assert len(result.errors) == 1
    assert "已在白沙村第三村民小组登记参加选举，不得在两地重复登记（VC-09）" in result.errors[0].message


def test_deprived_of_political_rights_is_not_registered(tmp_path):
    rows = [person("冯刚", date(1970, 1, 1), 19, 备注="被判处剥夺政治权利三年")]
    result = check(write_roster(tmp_path / "r.xlsx", {"表": rows}))
    assert not result.voters() and "依法被剥夺政治权利" in result.warnings[0].message


@pytest.mark.parametrize(("category", "reason"), [("外出不参加", "明确表示不参加"),
                                                  ("外出未答复", "未在规定期限内书面表示")])
def test_sd23_outmigrants_who_declined_or_did_not_answer_are_not_listed(tmp_path, category, reason):
    rows = [person("陈亮", date(1988, 8, 8), 27, 登记类别=category)]
    result = check(write_roster(tmp_path / "r.xlsx", {"表": rows}))
    assert not result.voters() and reason in result.warnings[0].message


def test_vc08_category_three_needs_residence_application_and_approval(tmp_path):
    incomplete = person("褚燕", date(1992, 4, 4), 28, 登记类别="3")
    result = check(write_roster(tmp_path / "r.xlsx", {"表": [incomplete]}))
    text = " ".join(f.message for f in result.errors)
    assert "居住起始日期" in text and "本人申请" in text and "会议同意" in text


def test_vc08_category_three_residence_of_exactly_one_year(tmp_path):
    header = HEADER + ["本村居住起始日期", "本人申请日期", "会议同意日期"]
    path = write_roster(tmp_path / "r.xlsx", {"表": [person("卫东", date(1992, 4, 4), 29, 登记类别="3")]},
                        header=header)
    book = load_workbook(path)
    sheet = book.active
    for since, registered in (("2025-12-20", True), ("2025-12-21", False)):
        sheet["L2"], sheet["M2"], sheet["N2"] = since, "2026-11-01", "2026-11-10"
        book.save(path)
        result = check(path)
        assert bool(result.voters()) is registered, messages(result)


def test_unknown_group_lists_the_existing_ones(tmp_path):
    rows = [person("蒋文", date(1980, 1, 1), 31, 村民小组="九组")]
    result = check(write_roster(tmp_path / "r.xlsx", {"表": rows}))
    assert "本村没有名为“九组”的村民小组（现有：第一村民小组、第二村民小组、上屋组）" in result.errors[0].message


def test_numbered_group_spellings_match():
    assert match_group("2组", GROUPS) == "第二村民小组"
    assert match_group("第二组", GROUPS) == "第二村民小组"
    assert match_group("上屋", GROUPS) == "上屋组"
    assert match_group("十二组", ["第十二村民小组"]) == "第十二村民小组"


def test_date_spellings():
    assert parse_date("1990年1月2日") == (date(1990, 1, 2), "day")
    assert parse_date("1990/01/02") == (date(1990, 1, 2), "day")
    assert parse_date("19900102") == (date(1990, 1, 2), "day")
    assert parse_date("1990-01") == (date(1990, 1, 1), "month")
    assert parse_date("1990年2月30日") is None


# --- cells: control characters, invisible marks, formulas, name length (item 9) --------------

def test_a_control_character_is_an_error_at_its_cell_and_is_not_repeated(tmp_path):
    rows = [person("张_x0001_三", date(1980, 5, 1), 11),  # how Excel writes a control character
            person("王芳", date(1975, 3, 8), 22, 备注="已核实_x001B_[2J")]
    result = check(write_roster(tmp_path / "r.xlsx", {"表": rows}))
    lines = [f.line() for f in result.errors]
    assert lines == ["工作表“表” 第2行 B列（姓名）：含有看不见的控制字符（常见于从其他系统复制粘贴的内容），"
                     "请在 Excel 中清空该单元格后重新输入",
                     "工作表“表” 第3行 K列（备注）：含有看不见的控制字符（常见于从其他系统复制粘贴的内容），"
                     "请在 Excel 中清空该单元格后重新输入"]
    assert not result.voters()


def test_zero_width_characters_and_direction_marks_are_removed_with_a_note(tmp_path):
    rows = [person("李\u200b四\u202e", date(1980, 5, 1), 11, 民族="\ufeff汉族")]
    result = check(write_roster(tmp_path / "r.xlsx", {"表": rows}))
    assert result.voters()[0].voter.name == "李四" and result.voters()[0].voter.ethnicity == "汉族"
    assert [(f.column, f.error) for f in result.warnings] == [("B列（姓名）", False), ("D列（民族）", False)]
    assert "已去除看不见的零宽字符或文字方向标记" in result.warnings[0].message


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3",
                                  "@SUM(1)", "＝张三"])
def test_a_name_that_starts_like_a_formula_is_an_error(tmp_path, name):
    """Stored as text (a formula cell would hold its result, not this)."""
    from tests import hostile_files

    path = tmp_path / "r.xlsx"
    path.write_bytes(hostile_files.package({"表": hostile_files.sheet_xml(
        hostile_files.roster_rows([hostile_files.person(name)]))}))
    result = check(path, groups=None)
    error, = result.errors
    assert (error.row, error.column) == (2, "B列（姓名）")
    assert error.message.startswith(f"姓名不能以“{name[0].replace('＝', '=')}”开头")


def test_the_name_length_limit_counts_compound_and_minority_names_whole(tmp_path):
    rows = [person("阿依古丽·买买提", date(1980, 5, 1), 11), person("欧阳" + "阿" * 18, date(1980, 5, 1), 13),
            person("阿卜杜热合曼·阿卜杜克热木" + "阿" * 8, date(1980, 5, 1), 15)]
    path = write_roster(tmp_path / "r.xlsx", {"表": rows})
    result = check(path)
    assert [r.voter.name for r in result.voters()] == ["阿依古丽·买买提", "欧阳" + "阿" * 18]
    assert [f.line() for f in result.errors] == [
        "工作表“表” 第4行 B列（姓名）：姓名有 21 个字，超过了 20 个字的上限，请核对是否把其他内容填进了姓名栏"
        "（上限见规则配置“姓名最多字数”）"]
    assert len(check(path, name_max_length=7).errors) == 3  # 阿依古丽·买买提 has 8


def test_the_name_length_comes_from_the_rules_profile():
    from workflows.core.policy import RulesProfile, Setting
    from workflows.voters.roster import rules_from_profile

    profile = RulesProfile.from_preset("national")
    assert rules_from_profile(profile, ELECTION_DAY).name_max_length == 20
    profile = profile.with_setting("name_max_length", Setting(12, "本县规定", False))
    assert rules_from_profile(profile, ELECTION_DAY).name_max_length == 12


def test_a_form_is_cleaned_silently_but_refuses_control_characters():
    from workflows.core.roster_read import Header
    from workflows.voters.roster import RowChecker

    values = {"name": "李\u200b四", "id_number": ADULTS[0]["公民身份号码"]}
    header = Header(0, {key: i for i, key in enumerate(values)}, {key: key for key in values})
    result = RowChecker(rules(groups=None)).check_row("表单", 1, header, values, "")
    assert result.findings == [] and result.voter.name == "李四"
    result = RowChecker(rules(groups=None)).check_row("表单", 1, header, dict(values, name="李\x07四"), "")
    assert [f.field for f in result.findings if f.error] == ["name"]
