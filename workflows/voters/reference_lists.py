"""Other townships' published voter lists, kept only to find double registrations (VC-09).

组织法第十三条: someone registered in their household village or their residence village may
not take part in another place's election — in the same election round. The township's own
villages are compared directly (same term, see ``registration.elsewhere``); a neighbouring
township's published list (an Excel file with name, ID number and village) is imported here
as reference data: audited as one event, replaced by importing that township's list of the
same round again, removable, and used by nothing but the VC-09 check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from models import ReferenceRoll, ReferenceVoter, Township
from workflows.core import audit, idcard
from workflows.core.errors import InvalidInput
from workflows.core.roster_read import (
    HEADER_ALIASES,
    RosterFileError,
    Workbook,
    column_letter,
    is_blank,
    normalise_header,
    read_workbook,
    text_of,
)
from workflows.core.text import format_date, msg

audit.register_entity_label("reference_roll", "外乡镇选民名单（查重复登记用）")
audit.register_name_resolver("reference_roll", lambda roll: f"{roll.source_township}{roll.term_label}选民名单")

VILLAGE_ALIASES = ("村", "村名", "行政村", "所在村", "所属村", "村居", "村别", "村社区", "村委会")
HEADER_SCAN_ROWS = 30
TERM_PATTERN = re.compile(r"^第[一二三四五六七八九十百零〇两\d]+届$")
_COLUMNS = {**{normalise_header(a): "name" for a in HEADER_ALIASES["name"]},
            **{normalise_header(a): "id_number" for a in HEADER_ALIASES["id_number"]},
            **{normalise_header(a): "village" for a in VILLAGE_ALIASES}}


@dataclass(frozen=True)
class ListedVoter:
    """One person on another township's list."""

    name: str
    id_number: str
    village: str


@dataclass
class ReferencePreview:
    """What a file holds: the people, and the problems that refuse it (nothing is stored)."""

    file_name: str
    voters: list[ListedVoter] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            key = _COLUMNS.get(normalise_header(cell))
            if key and key not in columns:
                columns[key] = column
        if len(columns) == 3:
            return index, columns
    return None


def read_reference_list(path: Path) -> ReferencePreview:
    """Read every sheet with the columns 姓名, 公民身份号码 and 村; any bad row refuses the file."""
    try:
        workbook: Workbook = read_workbook(Path(path))
    except RosterFileError as error:
        raise InvalidInput({"file": msg("{text}", text=str(error))}) from error
    preview = ReferencePreview(Path(path).name)
    seen: dict[str, str] = {}
    found_sheet = False
    for sheet in workbook.sheets:
        header = _header(sheet.rows)
        if header is None:
            continue
        found_sheet = True
        start, columns = header
        for number, row in enumerate(sheet.rows[start + 1:], start=start + 2):
            if is_blank(row):
                continue
            cells = {key: text_of(row[col]) if col < len(row) else "" for key, col in columns.items()}
            where = f"工作表“{sheet.name}”第{number}行"
            problem = _row_problem(row, columns, cells)
            if problem:
                preview.errors.append(f"{where}：{problem}")
                continue
            parsed = idcard.parse(cells["id_number"]).number
            if parsed in seen:
                preview.errors.append(f"{where}：与{seen[parsed]}的身份证号码重复")
                continue
            seen[parsed] = where
            preview.voters.append(ListedVoter(re.sub(r"\s+", "", cells["name"]), parsed, cells["village"]))
    if not found_sheet:
        preview.errors.append("没有找到含“姓名”“公民身份号码”“村”三列的表头")
    elif not preview.voters and not preview.errors:
        preview.errors.append("名单中没有人")
    return preview


def _row_problem(row: list[Any], columns: dict[str, int], cells: dict[str, str]) -> str:
    raw = row[columns["id_number"]] if columns["id_number"] < len(row) else None
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        return (f"{column_letter(columns['id_number'])}列的身份证号码被 Excel 存成了数字，末尾几位已丢失；"
                "请把该列设为文本格式后重新录入")
    if not cells["name"]:
        return "姓名为空"
    if not cells["village"]:
        return "所在村为空"
    try:
        idcard.parse(cells["id_number"])
    except idcard.IdError as error:
        return str(error)
    return ""


@dataclass(frozen=True)
class ReferenceRollView:
    """An imported list as the dialog shows it."""

    id: int
    source_township: str
    term_label: str
    file_name: str
    imported_on: date
    voter_count: int


def reference_rolls(session: Session, township_id: int) -> list[ReferenceRollView]:
    """The lists imported for this township, by round and township."""
    rows = session.scalars(select(ReferenceRoll).where(ReferenceRoll.township_id == township_id)
                           .order_by(ReferenceRoll.term_label, ReferenceRoll.source_township))
    return [ReferenceRollView(r.id, r.source_township, r.term_label, r.file_name, r.imported_on, r.voter_count)
            for r in rows]


def import_reference_list(session: Session, township_id: int, source_township: str, term_label: str,
                          preview: ReferencePreview, today: date) -> ReferenceRoll:
    """Store another township's list for ``term_label``, replacing the one imported before for
    that township and round; one audit event says which."""
    source, term = source_township.strip(), term_label.strip()
    errors = {}
    own = session.get(Township, township_id)
    if not source:
        errors["source_township"] = msg("请填写公布这份名单的乡镇")
    elif source == own.name:
        errors["source_township"] = msg("本乡镇各村的登记已直接比对，无须导入本乡镇的名单")
    if not TERM_PATTERN.match(term):
        errors["term_label"] = msg("届次应写成“第十二届”的形式（与本乡镇选举的届次一致才会比对）")
    if preview.errors:
        errors["file"] = msg("文件中有{n}处问题，改正后才能导入：{first}", n=len(preview.errors),
                             first=preview.errors[0])
    if errors:
        raise InvalidInput(errors)
    old = session.scalars(select(ReferenceRoll).where(
        ReferenceRoll.township_id == township_id, ReferenceRoll.source_township == source,
        ReferenceRoll.term_label == term)).first()
    replaced = old.voter_count if old is not None else None
    if old is not None:
        session.execute(delete(ReferenceVoter).where(ReferenceVoter.roll_id == old.id))
        session.delete(old)
        session.flush()
    roll = ReferenceRoll(township_id=township_id, source_township=source, term_label=term,
                         file_name=preview.file_name, imported_on=today, voter_count=len(preview.voters))
    session.add(roll)
    session.flush()
    session.execute(insert(ReferenceVoter), [
        {"roll_id": roll.id, "name": v.name, "id_number": v.id_number, "village": v.village}
        for v in preview.voters])
    summary = f"导入{source}公布的{term}选民名单“{preview.file_name}”（{len(preview.voters)}人），仅用于查重复登记"
    if replaced is not None:
        summary += f"，替换原先导入的名单（{replaced}人）"
    audit.record(session, "reference.import", summary, entity="reference_roll", entity_id=roll.id,
                 scope=audit.Scope(township_id=township_id),
                 details={"source": source, "term": term, "file": preview.file_name,
                          "count": len(preview.voters), "replaced": replaced})
    session.flush()
    return roll


def remove_reference_roll(session: Session, township_id: int, roll_id: int) -> None:
    """Delete an imported list (its people go with it); audited."""
    roll = session.get(ReferenceRoll, roll_id)
    if roll is None or roll.township_id != township_id:
        raise InvalidInput({"general": msg("找不到这份名单")})
    summary = (f"删除导入的{roll.source_township}{roll.term_label}选民名单（{roll.voter_count}人，"
               f"{format_date(roll.imported_on)}导入）")
    session.execute(delete(ReferenceVoter).where(ReferenceVoter.roll_id == roll.id))
    session.delete(roll)
    audit.record(session, "reference.remove", summary, entity="reference_roll", entity_id=roll_id,
                 scope=audit.Scope(township_id=township_id))
    session.flush()


def listed_elsewhere(session: Session, township_id: int, term_label: str,
                     id_numbers: list[str] | None = None) -> dict[str, tuple[str, str, str]]:
    """People of the imported lists of the same round: ID number → (township, village, name)."""
    query = (select(ReferenceVoter.id_number, ReferenceRoll.source_township, ReferenceVoter.village,
                    ReferenceVoter.name)
             .join(ReferenceRoll, ReferenceRoll.id == ReferenceVoter.roll_id)
             .where(ReferenceRoll.township_id == township_id, ReferenceRoll.term_label == term_label))
    if id_numbers is not None:
        query = query.where(ReferenceVoter.id_number.in_(id_numbers))
    return {number: (source, village, name) for number, source, village, name in session.execute(query)}


def roll_count(session: Session, township_id: int) -> int:
    """How many lists are imported (the registration page may say so)."""
    return session.scalar(select(func.count()).select_from(ReferenceRoll).where(
        ReferenceRoll.township_id == township_id)) or 0


def current_term(session: Session, township_id: int) -> str:
    """The term of the township's newest elections (“第十二届”), "" when none is set up."""
    from models import ElectionProcess, Village

    row = session.execute(select(ElectionProcess.term_label).join(Village, Village.id == ElectionProcess.village_id)
                          .where(Village.township_id == township_id)
                          .order_by(ElectionProcess.id.desc()).limit(1)).first()
    return row[0] if row else ""
