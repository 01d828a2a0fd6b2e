"""The Party member roster (党员名册): import, manual entry and voting rights (PT-04).

The roster is read with the same tolerance as the voter roster (title rows, header
aliases, full-width digits, numeric ID cells refused with the same explanation) and
stored all-or-nothing: :func:`prepare_member_import` changes nothing, and
:func:`commit_member_import` refuses a file that still has errors. Re-importing updates
members by ID number and never duplicates them; members missing from a file are kept.
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from models import AttendanceExclusion, PartyMember
from workflows.core import audit, idcard, imports
from workflows.core.errors import InvalidInput
from workflows.core.roster_read import (
    HEADER_SCAN_ROWS,
    Header,
    SheetData,
    Workbook,
    column_letter,
    is_blank,
    normalise_header,
    read_workbook,
    text_of,
)
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.voters.api import Finding, RosterRules, RowChecker, parse_date

audit.register_entity_label("party_member", "党员")
NAME_MAX_LENGTH = 20  # the profile's default, for a checker built without a profile

PARTY_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "党员姓名"),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "身份证", "公民身份证号码", "证件号码",
                  "居民身份证号码"),
    "sex": ("性别",),
    "ethnicity": ("民族",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "education": ("文化程度", "学历", "最高学历"),
    "joined_on": ("入党时间", "入党日期", "入党年月", "入党年月日"),
    "full_member": ("党员类别", "党籍状态", "党员类型", "党籍", "人员类别"),
    "probation_discipline": ("是否留党察看", "处分情况", "党纪处分", "受处分情况", "留党察看"),
    "rights_suspended": ("是否被留置逮捕", "是否被留置、逮捕", "是否被留置或逮捕", "留置逮捕",
                         "是否留置逮捕", "是否被依法留置逮捕"),
    "status": ("状态", "党员状态", "当前状态"),
    "mobile": ("是否流动党员", "流动党员"),
    "organisation": ("所在党组织", "所在党支部", "党支部", "所在支部", "党组织"),
    "current_post": ("现任职务", "职务", "现职务"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "联系方式", "电话号码"),
    "notes": ("备注", "说明"),
}
PARTY_LABELS = {key: aliases[0] for key, aliases in PARTY_ALIASES.items()}
_LOOKUP = {normalise_header(alias): key for key, aliases in PARTY_ALIASES.items()
           for alias in aliases}

YES = {"是", "有", "√", "✓", "✔", "Y", "YES", "TRUE", "1", "是的"}
NO = {"", "否", "无", "不是", "没有", "正常", "×", "✗", "N", "NO", "FALSE", "0", "/", "-", "—"}
NEGATED = r"(未|没有|无|否|解除|撤销)"

MEMBER_TYPES = {True: "正式党员", False: "预备党员"}  # 党员类别 as written on rosters and forms
REASON_PROBATIONARY = "预备党员，没有表决权、选举权和被选举权（PT-04）"
REASON_DISCIPLINE = "留党察看期间，没有表决权、选举权和被选举权（PT-04）"
REASON_SUSPENDED = "被依法留置（或逮捕），表决权、选举权和被选举权中止（PT-04）"


# --- header ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PartyHeader(Header):
    """A roster header whose fields are the Party roster's."""

    def describe(self, field_key: str) -> str:
        """“E列（身份证号）” for messages."""
        column = self.columns.get(field_key)
        if column is None:
            return f"“{PARTY_LABELS.get(field_key, field_key)}”列"
        return f"{column_letter(column)}列（{self.titles[field_key]}）"


def find_member_header(rows: list[list[Any]]) -> PartyHeader | None:
    """The first top row naming 姓名, 身份证号 and at least one more Party roster column."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns, titles = {}, {}
        for column, cell in enumerate(row):
            key = _LOOKUP.get(normalise_header(cell))
            if key and key not in columns:
                columns[key] = column
                titles[key] = str(cell).strip()
        if "name" in columns and "id_number" in columns and len(columns) >= 3:
            return PartyHeader(index, columns, titles)
    return None


def member_sheets(workbook: Workbook) -> list[SheetData]:
    """The workbook's sheets that carry a Party roster header (copies with that header)."""
    sheets = []
    for sheet in workbook.sheets:
        header = find_member_header(sheet.rows)
        if header is not None:
            rows = sum(1 for row in sheet.rows[header.row_index + 1:] if not is_blank(row))
            sheets.append(SheetData(sheet.name, sheet.rows, header, rows))
    return sheets


def read_member_workbook(path: Path) -> Workbook:
    """Read a roster file; its ``roster_sheets()`` are the sheets with a Party roster header."""
    workbook = read_workbook(Path(path))
    found = {sheet.name: sheet for sheet in member_sheets(workbook)}
    workbook.sheets = [found.get(sheet.name) or SheetData(sheet.name, sheet.rows)
                       for sheet in workbook.sheets]
    return workbook


# --- rows --------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberData:
    """A Party member as read from a file or a form."""

    name: str
    sex: str
    id_number: str
    birth_date: date
    ethnicity: str = ""
    education: str = ""
    joined_on: date | None = None
    full_member: bool = True
    probation_discipline: bool = False
    rights_suspended: bool = False
    mobile: bool = False
    organisation: str = ""
    current_post: str = ""
    phone: str = ""
    notes: str = ""

    def comparable(self) -> tuple:
        """Everything but the ID number (the key), to tell “unchanged” from “changed”."""
        return astuple(self)[:2] + astuple(self)[3:]


@dataclass
class MemberRow:
    """What became of one data row (or one form)."""

    sheet: str
    row: int
    values: dict[str, Any]
    member: MemberData | None = None
    findings: list[Finding] = field(default_factory=list)
    status: str = ""  # new | unchanged | changed

    @property
    def has_error(self) -> bool:
        """Whether the row blocks the import."""
        return any(f.error for f in self.findings)


class MemberChecker(RowChecker):
    """Validates Party roster rows, reusing the voter roster's ID, sex and birth checks."""

    def __init__(self, meeting_day: date, today: date, feb29: str = "feb28",
                 name_max_length: int = NAME_MAX_LENGTH) -> None:
        super().__init__(RosterRules(meeting_day, feb29=feb29, name_max_length=name_max_length))
        self.today = today
        self.known: dict[str, str] = {}  # ID number → “where it already is” (for duplicates)

    def check_member_sheet(self, sheet: SheetData) -> list[MemberRow]:
        """Every non-blank data row of a sheet with a Party header."""
        self.file_rows = True
        header = sheet.header
        rows = []
        for index in range(header.row_index + 1, len(sheet.rows)):
            cells = sheet.rows[index]
            if not is_blank(cells):
                values = {key: cells[col] if col < len(cells) else None
                          for key, col in header.columns.items()}
                rows.append(self.check_member_row(sheet.name, index + 1, header, values))
        return rows

    def check_member_row(self, sheet: str, number: int, header: Header,
                         values: dict[str, Any]) -> MemberRow:
        """Turn one row into a member, or findings."""
        result = MemberRow(sheet, number, values)

        def problem(key: str, message: str, error: bool = True) -> None:
            column = header.describe(key) if key else ""
            result.findings.append(Finding(sheet, number, column, message, error, key))

        self._cells(values, problem)
        name = re.sub(r"\s+", "", text_of(values.get("name")))
        if not name:
            problem("name", "姓名为空")
        self._name(name, problem)
        info = self._id_info(values.get("id_number"), problem)
        sex = self._sex(values.get("sex"), info, problem)
        birth = self._birth(values.get("birth_date"), info, problem)
        flags = self._flags(values, problem)
        joined = self._joined(values.get("joined_on"), birth, problem)
        if info is not None:
            self._duplicate(info.number, f"工作表“{sheet}”第{number}行", problem)
        if result.has_error or info is None:
            return result
        result.member = MemberData(
            name=name, sex=sex, id_number=info.number, birth_date=birth,
            ethnicity=text_of(values.get("ethnicity")), education=text_of(values.get("education")),
            joined_on=joined, organisation=text_of(values.get("organisation")),
            current_post=text_of(values.get("current_post")),
            phone=re.sub(r"\s+", "", text_of(values.get("phone"))),
            notes=text_of(values.get("notes")), **flags)
        self._probation_period(result.member, problem)
        return result

    # -- fields ---------------------------------------------------------------------
    def _flags(self, values: dict[str, Any], problem) -> dict[str, bool]:
        """Full member, 留党察看, 留置/逮捕 and 流动党员, from their columns and a 状态 column."""
        status = text_of(values.get("status"))
        full = _member_type(values.get("full_member"), problem)
        if "预备" in status:
            full = False
        if full is None:
            if "full_member" in values:
                problem("full_member", "未填党员类别，按正式党员计算，请核对（PT-04）", error=False)
            full = True
        discipline = _discipline(values.get("probation_discipline"), problem)
        suspended = _flag(values.get("rights_suspended"), "rights_suspended", problem,
                          yes=r"留置|逮捕")
        mobile = _flag(values.get("mobile"), "mobile", problem, yes=r"流动")
        return {
            "full_member": full,
            "probation_discipline": discipline or _mentions(status, "留党察看"),
            "rights_suspended": suspended or _mentions(status, "留置|逮捕"),
            "mobile": mobile or _mentions(status, "流动"),
        }

    def _joined(self, raw: Any, birth: date | None, problem) -> date | None:
        """入党时间: a real date, not in the future, on or after the 18th birthday."""
        text = text_of(raw)
        if not text:
            return None
        if isinstance(raw, float) and re.fullmatch(r"\d{4}\.1", text):
            problem("joined_on", f"入党时间“{text}”被 Excel 存成了数字，无法分辨是1月还是10月，"
                    "请把该列设为文本格式，写成 1985-10 或 1985年10月")
            return None
        parsed = parse_date(raw)
        if parsed is None:
            problem("joined_on", f"入党时间“{text}”无法识别，请写成 1985-07-01 或 1985年7月")
            return None
        joined, precision = parsed
        if joined > self.today:
            problem("joined_on", f"入党时间{format_date(joined)}晚于今天，请核对")
        elif birth is not None and _before_adulthood(joined, precision, birth, self.rules.feb29):
            problem("joined_on", f"入党时间{_month_text(joined, precision)}时未满18周岁"
                    f"（{format_date(birth)}出生），请核对入党时间或身份证号码")
        return joined

    def _probation_period(self, member: MemberData, problem) -> None:
        """Warn when the category contradicts the one-year probation (党章第七条)."""
        if member.joined_on is None:
            return
        day = self.rules.election_day
        one_year = _add_years(member.joined_on, 1)
        if member.full_member and one_year > day:
            problem("full_member", "入党不满一年（预备期为一年），却登记为正式党员，请核对"
                    "（预备党员没有表决权，PT-04）", error=False)
        elif not member.full_member and _add_years(member.joined_on, 1) <= day:
            problem("full_member", "预备期已满一年；如已按期转为正式党员，请改为正式党员"
                    "（转正后才有表决权，PT-04）", error=False)

    def _duplicate(self, number: str, where: str, problem) -> None:
        first = self.known.get(number)
        if first is not None:
            problem("id_number", f"与{first}的身份证号码重复（同一党员只能登记一次）")
        else:
            self.known[number] = where


def _member_type(raw: Any, problem) -> bool | None:
    """正式党员 → True, 预备党员 → False, blank → None."""
    if isinstance(raw, bool):
        return raw
    text = text_of(raw)
    if not text:
        return None
    if "预备" in text:
        return False
    if "正式" in text:
        return True
    problem("full_member", f"党员类别“{text}”无法识别，应为“正式党员”或“预备党员”")
    return None


def _discipline(raw: Any, problem) -> bool:
    """A yes/no 留党察看 column, or a 处分情况 text (only 留党察看 suspends the rights)."""
    text = text_of(raw).upper()
    if text in YES or text in NO:
        return text in YES
    if "留党察看" in text:
        return _mentions(text, "留党察看")
    if re.search(NEGATED + r"|警告|撤销|处分", text):
        return False
    problem("probation_discipline", f"处分情况“{text_of(raw)}”无法识别，应填“是”“否”或处分名称")
    return False


def _flag(raw: Any, key: str, problem, yes: str) -> bool:
    """A yes/no cell; words matching ``yes`` (not negated) also count as yes."""
    text = text_of(raw).upper()
    if text in YES or text in NO:
        return text in YES
    if re.search(yes, text):
        return _mentions(text, yes)
    if re.search(NEGATED, text):
        return False
    problem(key, f"{PARTY_LABELS[key]}“{text_of(raw)}”无法识别，应填“是”或“否”")
    return False


def _mentions(text: str, pattern: str) -> bool:
    """Whether free text names a condition without negating it (“已解除留置”, “留党察看期满” do not)."""
    if not re.search(pattern, text):
        return False
    negated = rf"{NEGATED}被?({pattern})|({pattern})[^，,；;]*?(期满|解除|结束)"
    return not re.search(negated, text)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _before_adulthood(joined: date, precision: str, birth: date, feb29: str) -> bool:
    if precision == "month":
        adult = _add_years(birth, 18)
        return (joined.year, joined.month) < (adult.year, adult.month)
    return idcard.age_on(birth, joined, feb29) < 18


def _month_text(day: date, precision: str) -> str:
    return f"{day.year}年{day.month}月" if precision == "month" else format_date(day)


# --- import ------------------------------------------------------------------------------

def _checker(scope: ElectionScope) -> MemberChecker:
    meeting = scope.election.party_election_day or scope.today
    return MemberChecker(meeting, scope.today, scope.profile.get("feb29_birthday"),
                         scope.profile.get("name_max_length"))


def stored_members(scope: ElectionScope) -> dict[str, tuple[int, MemberData]]:
    """This election's members by ID number: (row id, data)."""
    return {m.id_number: (m.id, _data_of(m)) for m in _members(scope)}


def _members(scope: ElectionScope) -> list[PartyMember]:
    return list(scope.session.scalars(select(PartyMember).where(
        PartyMember.election_id == scope.election.id).order_by(PartyMember.id)))


def _data_of(member: PartyMember) -> MemberData:
    return MemberData(*(getattr(member, name) for name in MemberData.__dataclass_fields__))


@dataclass
class MemberImportPreview:
    """What a member import would do; nothing is stored until :func:`commit_member_import`."""

    rows: list[MemberRow]
    file_name: str
    stored_ids: dict[str, int] = field(default_factory=dict)
    sheet_findings: list[Finding] = field(default_factory=list)

    def findings(self) -> list[Finding]:
        """All findings, sheet-level first, then in file order."""
        return self.sheet_findings + [f for row in self.rows for f in row.findings]

    @property
    def errors(self) -> list[Finding]:
        """Findings that block the import."""
        return [f for f in self.findings() if f.error]

    @property
    def warnings(self) -> list[Finding]:
        """Findings that do not block the import."""
        return [f for f in self.findings() if not f.error]

    @property
    def counts(self) -> dict[str, int]:
        """new / unchanged / changed / errors / warnings."""
        statuses = [row.status for row in self.rows]
        return {"new": statuses.count("new"), "unchanged": statuses.count("unchanged"),
                "changed": statuses.count("changed"), "errors": len(self.errors),
                "warnings": len(self.warnings)}


def prepare_member_import(scope: ElectionScope, workbook: Workbook,
                          sheets: list[str] | None = None) -> MemberImportPreview:
    """Check the chosen sheets (default: all with a Party header) against the stored roster."""
    checker = _checker(scope)
    chosen = [s for s in member_sheets(workbook) if sheets is None or s.name in sheets]
    if not chosen:
        raise InvalidInput({"file": msg("“{file}”中没有找到党员名册表头（至少应有“姓名”“公民身份号码”"
                                        "和另一列，如“入党时间”“党员类别”）", file=workbook.path.name)})
    rows, notes = [], []
    for sheet in chosen:
        rows += checker.check_member_sheet(sheet)
        if not {"full_member", "status"} & set(sheet.header.columns):
            notes.append(Finding(sheet.name, sheet.header.row_index + 1, "",
                                 "表中没有“党员类别”列，全部按正式党员计算；预备党员没有表决权、"
                                 "选举权和被选举权（PT-04），请核对", error=False))
    existing = stored_members(scope)
    for row in rows:
        if row.member is not None:
            before = existing.get(row.member.id_number)
            row.status = ("new" if before is None else
                          "unchanged" if before[1].comparable() == row.member.comparable() else "changed")
    return MemberImportPreview(rows, workbook.path.name,
                               {n: ident for n, (ident, _d) in existing.items()}, notes)


def commit_member_import(scope: ElectionScope, preview: MemberImportPreview) -> dict[str, int]:
    """Store new and changed members in one go; refuse if any row has an error."""
    imports.refuse_errors(len(preview.errors))
    election_id = scope.election.id
    return imports.store_batch(scope.session, imports.ImportBatch(
        PartyMember, "党员名册", preview.file_name, election_id,
        new=[_values(election_id, row.member) for row in preview.rows if row.status == "new"],
        changed=[_values(election_id, row.member) | {"id": preview.stored_ids[row.member.id_number]}
                 for row in preview.rows if row.status == "changed"],
        details=preview.counts))


def _values(election_id: int, member: MemberData) -> dict[str, Any]:
    return {"election_id": election_id, **{name: getattr(member, name)
                                           for name in MemberData.__dataclass_fields__}}


# --- manual entry ------------------------------------------------------------------------

def check_member(scope: ElectionScope, values: dict, member_id: int | None = None
                 ) -> tuple[MemberData | None, dict[str, Any], list[str]]:
    """Validate a form as the import would: (data, errors by field, warnings)."""
    checker = _checker(scope)
    checker.known = {m.id_number: f"党员名册中的{m.name}" for m in _members(scope) if m.id != member_id}
    header = PartyHeader(0, {key: i for i, key in enumerate(values)},
                         {key: PARTY_LABELS.get(key, key) for key in values})
    result = checker.check_member_row("表单", 1, header, values)
    errors: dict[str, Any] = {}
    for finding in result.findings:
        if finding.error:
            errors.setdefault(finding.field or "general", msg("{text}", text=finding.message))
    return result.member, errors, [f.message for f in result.findings if not f.error]


def _own_member(scope: ElectionScope, member_id: int) -> PartyMember | None:
    member = scope.session.get(PartyMember, member_id)
    return member if member is not None and member.election_id == scope.election.id else None


def save_member(scope: ElectionScope, values: dict, member_id: int | None = None) -> PartyMember:
    """Add or correct one member; raises :class:`InvalidInput` keyed by field name."""
    data, errors, _warnings = check_member(scope, values, member_id)
    if errors or data is None:
        raise InvalidInput(errors or {"general": msg("无法保存此党员")})
    member = _own_member(scope, member_id) if member_id else None
    if member_id and member is None:
        raise InvalidInput({"general": msg("本村党员名册中没有这名党员")})
    if member is None:
        member = PartyMember(election_id=scope.election.id)
        scope.session.add(member)
    for name, value in _values(scope.election.id, data).items():
        setattr(member, name, value)
    scope.session.flush()
    return member


def member_values(scope: ElectionScope, member_id: int) -> dict[str, str]:
    """A stored member as the form's cells (what the member dialog edits)."""
    member = _own_member(scope, member_id)
    if member is None:
        raise InvalidInput({"general": msg("本村党员名册中没有这名党员")})

    def day(value):
        return value.isoformat() if value else ""

    def yes(flag):
        return "是" if flag else "否"

    return {"name": member.name, "id_number": member.id_number, "sex": member.sex,
            "birth_date": day(member.birth_date), "ethnicity": member.ethnicity,
            "education": member.education, "joined_on": day(member.joined_on),
            "full_member": MEMBER_TYPES[member.full_member],
            "probation_discipline": yes(member.probation_discipline),
            "rights_suspended": yes(member.rights_suspended), "mobile": yes(member.mobile),
            "organisation": member.organisation, "current_post": member.current_post,
            "phone": member.phone, "notes": member.notes}


def delete_member(scope: ElectionScope, member_id: int) -> None:
    """Remove a member entered by mistake (their exclusion record goes with them)."""
    session = scope.session
    member = _own_member(scope, member_id)
    if member is None:
        return
    for exclusion in session.scalars(select(AttendanceExclusion).where(
            AttendanceExclusion.member_id == member.id)):
        session.delete(exclusion)  # through the ORM, so the audit log records it
    session.flush()
    session.delete(member)
    session.flush()


# --- voting rights (PT-04) -----------------------------------------------------------------

@dataclass(frozen=True)
class MemberStatus:
    """Whether a member votes and stands in this election, and if not, why."""

    can_vote: bool
    reasons: list[str]


def member_status(member: PartyMember | MemberData) -> MemberStatus:
    """PT-04: only full members outside 留党察看 and not detained vote and stand."""
    reasons = []
    if not member.full_member:
        reasons.append(REASON_PROBATIONARY)
    if member.probation_discipline:
        reasons.append(REASON_DISCIPLINE)
    if member.rights_suspended:
        reasons.append(REASON_SUSPENDED)
    return MemberStatus(not reasons, reasons)


def eligible_members(scope: ElectionScope) -> list[PartyMember]:
    """Members with the right to vote and stand (PT-04), in roster order."""
    return [m for m in _members(scope) if member_status(m).can_vote]


@dataclass(frozen=True)
class MemberChoice:
    """A member offered in a drop-down list."""

    id: int
    name: str
    id_number: str


def member_choices(scope: ElectionScope) -> list[MemberChoice]:
    """Every member of the roster, in roster order."""
    return [MemberChoice(m.id, m.name, m.id_number) for m in _members(scope)]


@dataclass(frozen=True)
class MemberLine:
    """One line of the member table shown by the GUI."""

    member_id: int
    name: str
    sex: str
    id_number_masked: str
    age: int
    joined_on: date | None
    full_member: bool
    status_text: str
    can_vote: bool
    reasons: list[str]
    organisation: str
    mobile: bool


def member_table(scope: ElectionScope) -> list[MemberLine]:
    """Every member with age on the meeting day (today until it is set) and voting rights."""
    day = scope.election.party_election_day or scope.today
    feb29 = scope.profile.get("feb29_birthday")
    lines = []
    for member in _members(scope):
        status = member_status(member)
        lines.append(MemberLine(
            member.id, member.name, member.sex, idcard.mask(member.id_number),
            idcard.age_on(member.birth_date, day, feb29), member.joined_on, member.full_member,
            status_text(member), status.can_vote, status.reasons, member.organisation, member.mobile))
    return lines


def status_text(member: PartyMember | MemberData) -> str:
    """“正式党员”, “预备党员”, “正式党员，留党察看期间，流动党员” …"""
    parts = [MEMBER_TYPES[member.full_member]]
    if member.probation_discipline:
        parts.append("留党察看期间")
    if member.rights_suspended:
        parts.append("被留置、逮捕")
    if member.mobile:
        parts.append("流动党员")
    return "，".join(parts)
