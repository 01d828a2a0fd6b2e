"""Validating a roster against the law and the stored registrations (VC-07…VC-09, SD-23).

Each row becomes either a voter record, or a row skipped for a stated reason (not yet 18,
deprived of political rights, outmigrant not taking part), with findings that name the
sheet, row and column. Errors block the import as a whole; warnings do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from workflows.core import idcard
from workflows.core.roster_read import (
    HEADER_LABELS,
    Header,
    SheetData,
    Workbook,
    cell_text_problems,
    is_blank,
    text_of,
)

CATEGORY_WORDS = (
    ("外出不参加", "declined"), ("不参加", "declined"), ("外出未答复", "no_answer"),
    ("未答复", "no_answer"), ("剥夺政治权利", "deprived"),
)
SEXES = {"男": "男", "女": "女", "男性": "男", "女性": "女", "M": "男", "F": "女"}
GROUP_NUMERALS = "一二三四五六七八九十"
FORMULA_STARTS = "=+-@"  # a spreadsheet program may take a cell starting so for a formula
NAME_MAX_LENGTH = 20  # the profile's default (“name_max_length”)
CONTROL_MESSAGE = ("含有看不见的控制字符（常见于从其他系统复制粘贴的内容），请在 Excel 中清空该单元格后"
                   "重新输入")
INVISIBLE_MESSAGE = ("已去除看不见的零宽字符或文字方向标记（常见于从微信、网页复制的内容），"
                     "请核对该单元格")


@dataclass(frozen=True)
class Finding:
    """One problem, located in the file."""

    sheet: str
    row: int  # Excel row number (1-based)
    column: str  # “E列（身份证号）” or "" for the whole row
    message: str
    error: bool = True
    field: str = ""  # the roster field concerned (“id_number”), "" for the whole row

    def line(self) -> str:
        """“工作表“一组” 第12行 E列（身份证号）：…” for reports and the command line."""
        where = f"工作表“{self.sheet}” 第{self.row}行"
        if self.column:
            where += f" {self.column}"
        return f"{where}：{'' if self.error else '（提示）'}{self.message}"


@dataclass(frozen=True)
class VoterData:
    """A registrable voter as read from the file."""

    name: str
    sex: str
    id_number: str
    birth_date: date
    group_name: str = ""
    ethnicity: str = ""
    education: str = ""
    political_status: str = ""
    category: int = 1
    phone: str = ""
    notes: str = ""
    residence_since: date | None = None
    applied_on: date | None = None
    approved_on: date | None = None

    def comparable(self) -> tuple:
        """Fields compared to decide “unchanged” vs “changed” on re-import."""
        return (self.name, self.sex, self.birth_date, self.group_name, self.ethnicity,
                self.education, self.political_status, self.category, self.phone, self.notes,
                self.residence_since, self.applied_on, self.approved_on)


@dataclass
class RowResult:
    """What became of one data row."""

    sheet: str
    row: int
    values: dict[str, Any]
    voter: VoterData | None = None
    skipped: str = ""  # why the person is not registered (not an error)
    findings: list[Finding] = field(default_factory=list)
    status: str = ""  # new | unchanged | changed (after comparison with stored voters)

    @property
    def has_error(self) -> bool:
        """Whether the row blocks the import."""
        return any(f.error for f in self.findings)


@dataclass(frozen=True)
class Registration:
    """Someone already registered in the same election round elsewhere (for VC-09): in another
    village of the township, or on another township's published list (``listed_by``)."""

    village: str
    group: str
    election_id: int | None
    listed_by: str = ""  # “白水镇公布的第十二届选民名单” for an imported list


@dataclass
class RosterRules:
    """The numbers and reference data the checks need."""

    election_day: date
    voting_age: int = 18
    feb29: str = "feb28"
    residence_years: int = 1
    groups: list[str] | None = None  # None: not checked (check-roster without a database)
    elsewhere: dict[str, Registration] = field(default_factory=dict)  # same round, other places
    election_id: int | None = None
    name_max_length: int = NAME_MAX_LENGTH


class RowChecker:
    """Validates the rows of one sheet; remembers IDs seen to find duplicates in the file."""

    def __init__(self, rules: RosterRules) -> None:
        self.rules = rules
        self.seen: dict[str, tuple[str, int]] = {}
        self.file_rows = False  # rows of a file get notes on cleaned cells; a form does not

    def check_sheet(self, sheet: SheetData, default_group: str = "") -> list[RowResult]:
        """Every non-blank data row of the sheet."""
        self.file_rows = True
        header = sheet.header
        results = []
        for index in range(header.row_index + 1, len(sheet.rows)):
            row = sheet.rows[index]
            if is_blank(row):
                continue
            values = {key: row[col] if col < len(row) else None for key, col in header.columns.items()}
            results.append(self.check_row(sheet.name, index + 1, header, values, default_group))
        return results

    def check_row(self, sheet: str, row_number: int, header: Header, values: dict[str, Any],
                  default_group: str) -> RowResult:
        """Turn one row into a voter, a skip, or errors."""
        result = RowResult(sheet, row_number, values)

        def problem(field_key: str, message: str, error: bool = True) -> None:
            column = header.describe(field_key) if field_key else ""
            result.findings.append(Finding(sheet, row_number, column, message, error, field_key))

        self._cells(values, problem)
        name = re.sub(r"\s+", "", text_of(values.get("name")))
        if not name:
            problem("name", "姓名为空")
        self._name(name, problem)
        info = self._id_info(values.get("id_number"), problem)
        sex = self._sex(values.get("sex"), info, problem)
        birth = self._birth(values.get("birth_date"), info, problem)
        category, special = self._category(values.get("category"), problem)
        group = self._group(text_of(values.get("group")) or default_group, problem)
        if result.has_error or info is None:
            return result
        self._duplicates(info.number, sheet, row_number, problem)
        if result.has_error:
            return result
        skipped = self._not_registrable(birth, special, text_of(values.get("notes")))
        if skipped:
            result.skipped = skipped
            problem("", skipped, error=False)
            return result
        voter = VoterData(
            name=name, sex=sex, id_number=info.number, birth_date=birth, group_name=group,
            ethnicity=text_of(values.get("ethnicity")), education=text_of(values.get("education")),
            political_status=text_of(values.get("political_status")), category=category,
            phone=re.sub(r"\s+", "", text_of(values.get("phone"))), notes=text_of(values.get("notes")),
            residence_since=self._optional_date(values, "residence_since", problem),
            applied_on=self._optional_date(values, "applied_on", problem),
            approved_on=self._optional_date(values, "approved_on", problem))
        if category == 3:
            self._category_three(voter, problem)
        if not result.has_error:
            result.voter = voter
        return result

    # -- cells and fields -----------------------------------------------------------
    def _cells(self, values: dict[str, Any], problem) -> None:
        """Control characters in any cell (an error); for rows of a file, a note on the
        zero-width characters and direction marks :func:`text_of` removed. The messages never
        repeat the cell's content."""
        for key, raw in values.items():
            control, invisible = cell_text_problems(raw)
            if control:
                problem(key, CONTROL_MESSAGE)
            elif invisible and self.file_rows:
                problem(key, INVISIBLE_MESSAGE, False)

    def _name(self, name: str, problem) -> None:
        """A name a spreadsheet would take for a formula, or longer than the profile allows
        (compound and minority names such as 阿依古丽·买买提 count every character and the dot)."""
        limit = self.rules.name_max_length
        if name[:1] and name[0] in FORMULA_STARTS:
            problem("name", f"姓名不能以“{name[0]}”开头（表格软件会把它当作公式），请核对该单元格")
        elif len(name) > limit:
            problem("name", f"姓名有 {len(name)} 个字，超过了 {limit} 个字的上限，请核对是否把其他内容"
                    "填进了姓名栏（上限见规则配置“姓名最多字数”）")

    def _id_info(self, raw: Any, problem) -> idcard.IdInfo | None:
        if isinstance(raw, float | int) and not isinstance(raw, bool):
            problem("id_number", "身份证号码被 Excel 存成了数字，末尾几位已变成0或丢失了X，无法核对。"
                    "请把该列设置为“文本”格式后重新录入（或在号码前加英文单引号 '），不要直接改格式，"
                    "因为丢失的数字已无法恢复")
            return None
        text = text_of(raw)
        if not text:
            problem("id_number", "身份证号码为空")
            return None
        if re.fullmatch(r"\d(\.\d+)?[eE]\+\d+", text):
            problem("id_number", f"身份证号码显示为科学计数法“{text}”，已丢失数字。请把该列设为文本格式后重新录入")
            return None
        try:
            return idcard.parse(text)
        except idcard.IdError as error:
            problem("id_number", str(error))
            return None

    @staticmethod
    def _sex(raw: Any, info: idcard.IdInfo | None, problem) -> str:
        text = text_of(raw).upper()
        sex = SEXES.get(text, "") if text else ""
        if text and not sex:
            problem("sex", f"性别“{text_of(raw)}”无法识别，应为“男”或“女”")
        if info is None:
            return sex
        if sex and sex != info.sex:
            problem("sex", f"性别填为“{sex}”，但身份证号码显示为“{info.sex}”（第17位奇数为男、偶数为女）")
        return info.sex

    def _birth(self, raw: Any, info: idcard.IdInfo | None, problem) -> date | None:
        if raw is None or text_of(raw) == "":
            return info.birth_date if info else None
        parsed = parse_date(raw)
        if parsed is None:
            problem("birth_date", f"出生日期“{text_of(raw)}”无法识别，请写成 1990-01-01 或 1990年1月1日")
            return info.birth_date if info else None
        day, precision = parsed
        if info is not None and not _same_date(day, info.birth_date, precision):
            problem("birth_date", f"出生日期“{text_of(raw)}”与身份证号码中的"
                    f"{info.birth_date.year}年{info.birth_date.month}月{info.birth_date.day}日不一致")
        return info.birth_date if info else day

    @staticmethod
    def _category(raw: Any, problem) -> tuple[int, str]:
        text = text_of(raw)
        if not text:
            return 1, ""
        for word, special in CATEGORY_WORDS:
            if word in text:
                return 0, special
        match = re.search(r"[123①②③一二三]", text)
        if match:
            return "123①②③一二三".index(match.group()) % 3 + 1, ""
        if "户籍不在本村" in text:
            return 3, ""
        if "不居住" in text or "不在本村居住" in text:
            return 2, ""
        if "户籍在本村" in text:
            return 1, ""
        problem("category", f"登记类别“{text}”无法识别（应为1、2、3类之一，或“外出不参加”“外出未答复”）")
        return 1, ""

    def _group(self, text: str, problem) -> str:
        if self.rules.groups is None or not text:
            if self.rules.groups and not text:
                problem("group", "村民小组为空")
            return text
        match = match_group(text, self.rules.groups)
        if match is None:
            problem("group", f"本村没有名为“{text}”的村民小组（现有：{'、'.join(self.rules.groups)}）")
            return text
        return match

    def _duplicates(self, number: str, sheet: str, row: int, problem) -> None:
        first = self.seen.get(number)
        if first is not None:
            problem("id_number", f"与工作表“{first[0]}”第{first[1]}行的身份证号码重复（同一人不得重复登记）")
            return
        self.seen[number] = (sheet, row)
        other = self.rules.elsewhere.get(number)
        if other is not None:
            where = other.village + (f"{other.group}" if other.group else "")
            seen_in = f"（见{other.listed_by}）" if other.listed_by else ""
            problem("id_number", f"此人已在{where}登记参加选举{seen_in}，不得在两地重复登记（VC-09）")

    def _not_registrable(self, birth: date, special: str, notes: str) -> str:
        if special == "deprived" or "剥夺政治权利" in notes:
            return "依法被剥夺政治权利，不予登记（VC-07）"
        if special == "declined":
            return "外出村民明确表示不参加选举，经选举委员会确认不列入名单（SD-23）"
        if special == "no_answer":
            return "外出村民未在规定期限内书面表示参加，经选举委员会确认不列入名单（SD-23）"
        age = idcard.age_on(birth, self.rules.election_day, self.rules.feb29)
        if age < self.rules.voting_age:
            return (f"选举日{_date_text(self.rules.election_day)}未满{self.rules.voting_age}周岁"
                    f"（{age}周岁），不予登记（VC-07、CONV-07）")
        return ""

    def _optional_date(self, values: dict[str, Any], key: str, problem) -> date | None:
        raw = values.get(key)
        if raw is None or text_of(raw) == "":
            return None
        parsed = parse_date(raw)
        if parsed is None or parsed[1] != "day":
            problem(key, f"{HEADER_LABELS[key]}“{text_of(raw)}”无法识别，请写成 2025-05-01")
            return None
        return parsed[0]

    def _category_three(self, voter: VoterData, problem) -> None:
        """VC-08 ③: lives here ≥ N years, applied, and the meeting agreed."""
        years = self.rules.residence_years
        if voter.residence_since is None:
            problem("residence_since", "第3类（户籍不在本村）须填写在本村居住起始日期（VC-08）")
        else:
            needed = _years_before(self.rules.election_day, years)
            if voter.residence_since > needed:
                problem("residence_since", f"到选举日在本村居住不满{years}年（须在"
                        f"{_date_text(needed)}前开始居住，VC-08）")
        if voter.applied_on is None:
            problem("applied_on", "第3类须有本人申请，请填写申请日期（VC-08）")
        if voter.approved_on is None:
            problem("approved_on", "第3类须经村民会议或村民代表会议同意，请填写同意日期（VC-08）")
        elif voter.applied_on and voter.approved_on < voter.applied_on:
            problem("approved_on", "会议同意日期早于本人申请日期")


def match_group(text: str, groups: list[str]) -> str | None:
    """Match “3组”, “第三组”, “三组”, “第3村民小组” to the village's group names."""
    cleaned = re.sub(r"\s+", "", text)
    if cleaned in groups:
        return cleaned
    number = group_number(cleaned)
    if number is None:
        return next((g for g in groups if g.replace("组", "") == cleaned.replace("组", "")), None)
    return next((g for g in groups if group_number(g) == number), None)


def group_number(name: str) -> int | None:
    """The number in a numbered group name, or None (“上屋组”)."""
    match = re.fullmatch(r"第?([0-9]+|[一二三四五六七八九十]+)(村民小组|小组|组)?", name)
    if not match:
        return None
    token = match.group(1)
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + GROUP_NUMERALS.index(token[1]) + 1
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (GROUP_NUMERALS.index(tens) + 1) * 10 + (GROUP_NUMERALS.index(ones) + 1 if ones else 0)
    return GROUP_NUMERALS.index(token) + 1 if len(token) == 1 else None


def parse_date(raw: Any) -> tuple[date, str] | None:
    """A date and its precision (“day” or “month”) from the many ways rosters write them."""
    if isinstance(raw, datetime):
        return raw.date(), "day"
    if isinstance(raw, date):
        return raw, "day"
    text = text_of(raw)
    digits = re.fullmatch(r"(\d{4})(\d{2})(\d{2})?", text)
    if digits:
        return _build(digits.group(1), digits.group(2), digits.group(3))
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?", text)
    return _build(*match.groups()) if match else None


def _build(year: str, month: str, day: str | None) -> tuple[date, str] | None:
    try:
        return date(int(year), int(month), int(day or 1)), "day" if day else "month"
    except ValueError:
        return None


def _same_date(given: date, actual: date, precision: str) -> bool:
    if precision == "month":
        return (given.year, given.month) == (actual.year, actual.month)
    return given == actual


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class RosterCheck:
    """The outcome of checking chosen sheets of a workbook."""

    rows: list[RowResult]

    def findings(self) -> list[Finding]:
        """All findings in file order."""
        return [finding for row in self.rows for finding in row.findings]

    @property
    def errors(self) -> list[Finding]:
        """Findings that block the import."""
        return [f for f in self.findings() if f.error]

    @property
    def warnings(self) -> list[Finding]:
        """Findings that do not block the import."""
        return [f for f in self.findings() if not f.error]

    def voters(self) -> list[RowResult]:
        """Rows that yield a voter."""
        return [row for row in self.rows if row.voter is not None]

    def count(self, status: str) -> int:
        """How many rows have the given comparison status."""
        return sum(1 for row in self.rows if row.status == status)


def check_workbook(workbook: Workbook, rules: RosterRules,
                   sheet_names: list[str] | None = None) -> RosterCheck:
    """Check the chosen sheets (default: every sheet with a roster header)."""
    checker = RowChecker(rules)
    rows: list[RowResult] = []
    sheets = [s for s in workbook.roster_sheets() if sheet_names is None or s.name in sheet_names]
    for sheet in sheets:
        default_group = sheet.name if "group" not in sheet.header.columns else ""
        rows += checker.check_sheet(sheet, default_group)
    return RosterCheck(rows)


def compare_with_stored(check: RosterCheck, stored: dict[str, VoterData]) -> None:
    """Mark each voter row new, unchanged or changed against this election's stored voters."""
    for row in check.voters():
        existing = stored.get(row.voter.id_number)
        if existing is None:
            row.status = "new"
        elif existing.comparable() == replace(row.voter).comparable():
            row.status = "unchanged"
        else:
            row.status = "changed"


def rules_from_profile(profile, election_day: date, **extra) -> RosterRules:
    """The roster rules for an election under a rules profile."""
    return RosterRules(election_day, voting_age=profile.get("voting_age"),
                       feb29=profile.get("feb29_birthday"),
                       residence_years=profile.get("residence_years"),
                       name_max_length=profile.get("name_max_length"), **extra)


def run_check_roster(path, election_day: date, preset: str, sheets: list[str] | None,
                     out, err, report: str | None = None) -> int:
    """``main.py check-roster``: findings one per line, then a summary; 0 = no errors.

    ``report``: also write the highlighted Excel report the import dialog offers.
    """
    from pathlib import Path

    from workflows.core.policy import RulesProfile
    from workflows.core.roster_read import RosterFileError, read_workbook

    try:
        workbook = read_workbook(Path(path))
    except (RosterFileError, FileNotFoundError) as error:
        print(str(error) if isinstance(error, RosterFileError) else f"找不到文件“{path}”", file=err)
        return 2
    if not workbook.roster_sheets():
        print(f"“{Path(path).name}”中没有找到花名册表头（至少应有“姓名”“公民身份号码”两列）", file=err)
        return 1
    unknown = [name for name in sheets or [] if name not in {s.name for s in workbook.sheets}]
    if unknown:
        print(f"没有名为“{'、'.join(unknown)}”的工作表", file=err)
        return 2
    check = check_workbook(workbook, rules_from_profile(RulesProfile.from_preset(preset), election_day),
                           sheets or None)
    from workflows.core.paper import clerk_text

    for finding in check.findings():
        print(clerk_text(finding.line()), file=out)
    skipped = sum(1 for row in check.rows if row.skipped)
    print(f"共检查 {len(check.rows)} 行：可登记 {len(check.voters())} 人，不予登记 {skipped} 人，"
          f"错误 {len(check.errors)} 处，提示 {len(check.warnings)} 处。", file=out)
    if report:
        from workflows.voters.import_report import write_import_report
        from workflows.voters.registration import ImportPreview

        try:
            written = write_import_report(Path(report), ImportPreview(check, Path(path).name))
        except OSError as error:
            print(f"无法保存检查报告“{report}”（{error.strerror or error}）", file=err)
            return 2
        print(f"检查报告已保存：{written}", file=out)
    return 1 if check.errors else 0
