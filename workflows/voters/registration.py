"""Voter registration: import a roster, add or correct voters, publish, handle objections.

Before the list is published, changes are plain edits (audited). After publication every
change is a correction with a reason (VoterCorrection), collected into the next
supplementary notice (补充公告). Imports are all-or-nothing: one transaction, no partial
commit, a backup of the database file first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from models import (
    ElectionProcess,
    Objection,
    Village,
    VillageGroup,
    Voter,
    VoterCorrection,
    VoterPublication,
)
from workflows.core import audit
from workflows.core.errors import InvalidInput
from workflows.core.roster_read import Header, Workbook
from workflows.core.text import format_date, msg
from workflows.township.townships import profile_of
from workflows.voters.roster import (
    Finding,
    Registration,
    RosterCheck,
    RowChecker,
    VoterData,
    check_workbook,
    compare_with_stored,
    rules_from_profile,
)


def _village(session: Session, election: ElectionProcess) -> Village:
    return session.get(Village, election.village_id)


def group_ids(session: Session, village_id: int) -> dict[str, int]:
    """The village's groups by name, in posting order."""
    rows = session.execute(select(VillageGroup.name, VillageGroup.id)
                           .where(VillageGroup.village_id == village_id)
                           .order_by(VillageGroup.position))
    return {name: ident for name, ident in rows}


def elsewhere(session: Session, election: ElectionProcess) -> dict[str, Registration]:
    """Registered voters of the township's other villages, by ID number (VC-09)."""
    village = _village(session, election)
    query = (select(Voter.id_number, Village.name, VillageGroup.name, Voter.election_id)
             .join(Village, Village.id == Voter.village_id)
             .outerjoin(VillageGroup, VillageGroup.id == Voter.group_id)
             .where(Village.township_id == village.township_id, Voter.village_id != village.id,
                    Voter.status == "registered"))
    return {number: Registration(vname, gname or "", eid)
            for number, vname, gname, eid in session.execute(query)}


def stored(session: Session, election: ElectionProcess) -> dict[str, tuple[int, VoterData]]:
    """This election's registered voters by ID number: (row id, data)."""
    names = {ident: name for name, ident in group_ids(session, election.village_id).items()}
    query = select(Voter).where(Voter.election_id == election.id, Voter.status == "registered")
    return {v.id_number: (v.id, _data_of(v, names.get(v.group_id, ""))) for v in session.scalars(query)}


def _data_of(voter: Voter, group_name: str) -> VoterData:
    return VoterData(voter.name, voter.sex, voter.id_number, voter.birth_date, group_name,
                     voter.ethnicity, voter.education, voter.political_status, voter.category,
                     voter.phone, voter.notes, voter.residence_since, voter.applied_on,
                     voter.approved_on)


def roster_rules(session: Session, election: ElectionProcess):
    """Roster checks for this election: its day, the profile, groups, the township's registrations."""
    village = _village(session, election)
    profile = profile_of(village.township)
    if election.committee_election_day is None:
        raise InvalidInput({"election_day": msg("请先在“选举设置”中设定村委会选举日，才能按选举日计算年龄")})
    return rules_from_profile(profile, election.committee_election_day,
                              groups=list(group_ids(session, village.id)) or None,
                              elsewhere=elsewhere(session, election), election_id=election.id)


@dataclass
class ImportPreview:
    """What an import would do; nothing is stored until :func:`commit_import`."""

    check: RosterCheck
    file_name: str
    stored_ids: dict[str, int] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """new / unchanged / changed / skipped / errors / warnings."""
        return {
            "new": self.check.count("new"), "unchanged": self.check.count("unchanged"),
            "changed": self.check.count("changed"),
            "skipped": sum(1 for row in self.check.rows if row.skipped),
            "errors": len(self.check.errors), "warnings": len(self.check.warnings),
        }


def prepare_import(session: Session, election: ElectionProcess, workbook: Workbook,
                   sheet_names: list[str] | None = None) -> ImportPreview:
    """Check the chosen sheets and compare them with the stored registrations (changes nothing)."""
    rules = roster_rules(session, election)
    check = check_workbook(workbook, rules, sheet_names)
    _keep_removed_off(session, election, check)
    existing = stored(session, election)
    compare_with_stored(check, {number: data for number, (_id, data) in existing.items()})
    return ImportPreview(check, workbook.path.name, {n: ident for n, (ident, _d) in existing.items()})


def _keep_removed_off(session: Session, election: ElectionProcess, check: RosterCheck) -> None:
    """A voter taken off the list is not brought back by re-importing an old roster."""
    removed = dict(session.execute(select(Voter.id_number, Voter.removal_reason).where(
        Voter.election_id == election.id, Voter.status == "removed")).all())
    for row in check.voters():
        reason = removed.get(row.voter.id_number)
        if reason is not None:
            row.voter = None
            row.skipped = f"此人已从名单中除名（{reason}），导入不会恢复；如确需恢复，请在名单中逐人办理"
            row.findings.append(Finding(row.sheet, row.row, "", row.skipped, error=False))


def is_published(session: Session, election: ElectionProcess) -> bool:
    """Whether the voter list has been posted (changes are corrections from then on)."""
    return session.scalar(select(func.count()).select_from(VoterPublication).where(
        VoterPublication.election_id == election.id)) > 0


def commit_import(session: Session, election: ElectionProcess, preview: ImportPreview,
                  reason: str = "", today: date | None = None) -> dict[str, int]:
    """Store new and changed voters in one go; refuse if any row has an error."""
    if preview.check.errors:
        raise InvalidInput({"file": msg("文件中还有 {n} 处错误，改正后才能导入", n=len(preview.check.errors))})
    published = is_published(session, election)
    if published and not reason.strip():
        raise InvalidInput({"reason": msg("选民名单已经公布，导入即为更正，请填写更正原因")})
    groups = group_ids(session, election.village_id)
    new_rows = [r for r in preview.check.voters() if r.status == "new"]
    changed = [r for r in preview.check.voters() if r.status == "changed"]
    if new_rows:
        session.execute(insert(Voter), [_values(election, groups, r.voter) | {"source": "import"}
                                        for r in new_rows])
    if changed:
        session.execute(update(Voter), [_values(election, groups, r.voter) |
                                        {"id": preview.stored_ids[r.voter.id_number]} for r in changed])
    if published:
        _corrections_for_import(session, election, new_rows, changed, reason, today or date.today())
    counts = {"new": len(new_rows), "changed": len(changed)}
    audit.record(session, "import", f"导入花名册“{preview.file_name}”：新增{counts['new']}人，"
                 f"更新{counts['changed']}人" + (f"（更正原因：{reason}）" if published else ""),
                 entity="voter", scope=audit.Scope(election_id=election.id),
                 details={"file": preview.file_name, **preview.counts, "reason": reason})
    session.flush()
    return counts


def _values(election: ElectionProcess, groups: dict[str, int], voter: VoterData) -> dict:
    return {
        "election_id": election.id, "village_id": election.village_id,
        "group_id": groups.get(voter.group_name), "name": voter.name, "sex": voter.sex,
        "ethnicity": voter.ethnicity, "id_number": voter.id_number, "birth_date": voter.birth_date,
        "education": voter.education, "political_status": voter.political_status,
        "category": voter.category, "phone": voter.phone, "notes": voter.notes,
        "residence_since": voter.residence_since, "applied_on": voter.applied_on,
        "approved_on": voter.approved_on, "status": "registered", "removal_reason": "",
    }


def _corrections_for_import(session, election, new_rows, changed, reason, today) -> None:
    rows = [("add", r.voter) for r in new_rows] + [("change", r.voter) for r in changed]
    ids = dict(session.execute(select(Voter.id_number, Voter.id).where(
        Voter.election_id == election.id, Voter.id_number.in_([v.id_number for _a, v in rows]))).all())
    session.execute(insert(VoterCorrection), [{
        "election_id": election.id, "voter_id": ids.get(voter.id_number), "action": action,
        "voter_name": voter.name, "group_name": voter.group_name, "reason": reason,
        "changed_on": today} for action, voter in rows])


# --- single voters (door-to-door registration) ---------------------------------------

FIELD_FOR = {"group": "group", "name": "name", "sex": "sex", "id_number": "id_number",
             "birth_date": "birth_date", "category": "category", "residence_since": "residence_since",
             "applied_on": "applied_on", "approved_on": "approved_on"}


def check_voter(session: Session, election: ElectionProcess, values: dict,
                own_id: int | None = None) -> tuple[VoterData | None, dict[str, object]]:
    """Validate one voter as the roster import would; errors keyed by form field."""
    rules = roster_rules(session, election)
    checker = RowChecker(rules)
    mine = session.scalars(select(Voter).where(Voter.election_id == election.id,
                                               Voter.status == "registered")).all()
    checker.seen = {v.id_number: ("本村名单", 0) for v in mine if v.id != own_id}
    header = Header(0, {key: i for i, key in enumerate(values)}, {key: key for key in values})
    result = checker.check_row("表单", 1, header, values, "")
    errors = {}
    for finding in result.findings:
        key = finding.field or "general"
        text = finding.message.replace("与工作表“本村名单”第0行的身份证号码重复", "本村名单中已有此身份证号码")
        errors.setdefault(key, msg("{text}", text=text))
    return result.voter, errors


def save_voter(session: Session, election: ElectionProcess, values: dict, *,
               voter_id: int | None = None, reason: str = "", today: date | None = None) -> Voter:
    """Add (door-to-door) or edit a voter; after publication a reason is required."""
    data, errors = check_voter(session, election, values, voter_id)
    published = is_published(session, election)
    if published and not reason.strip():
        errors["reason"] = msg("名单已公布，增加或修改须填写更正原因")
    if errors or data is None:
        raise InvalidInput(errors or {"general": msg("此人不予登记")})
    groups = group_ids(session, election.village_id)
    if voter_id is None:  # someone removed earlier is registered again on the same row
        voter_id_again = session.scalar(select(Voter.id).where(
            Voter.election_id == election.id, Voter.id_number == data.id_number))
        voter = session.get(Voter, voter_id_again) if voter_id_again else None
    else:
        voter = session.get(Voter, voter_id)
    voter = voter or Voter(election_id=election.id, village_id=election.village_id)
    for key, value in _values(election, groups, data).items():
        setattr(voter, key, value)
    session.add(voter)
    session.flush()
    if published:
        _correction(session, election, voter, "change" if voter_id else "add", reason, today)
    return voter


def remove_voter(session: Session, election: ElectionProcess, voter_id: int, reason: str,
                 today: date | None = None) -> None:
    """Take a voter off the list (kept, marked removed, with the reason)."""
    if not reason.strip():
        raise InvalidInput({"reason": msg("请填写除名原因（如死亡、迁出、重复登记）")})
    voter = session.get(Voter, voter_id)
    voter.status = "removed"
    voter.removal_reason = reason.strip()
    session.flush()
    if is_published(session, election):
        _correction(session, election, voter, "remove", reason, today)


def _correction(session, election, voter: Voter, action: str, reason: str, today) -> None:
    group = session.get(VillageGroup, voter.group_id) if voter.group_id else None
    session.add(VoterCorrection(election_id=election.id, voter_id=voter.id, action=action,
                                voter_name=voter.name, group_name=group.name if group else "",
                                reason=reason.strip(), changed_on=today or date.today()))
    session.flush()


def pending_corrections(session: Session, election: ElectionProcess) -> list[VoterCorrection]:
    """Corrections not yet posted in a supplementary notice."""
    return list(session.scalars(select(VoterCorrection).where(
        VoterCorrection.election_id == election.id, VoterCorrection.publication_id.is_(None))
        .order_by(VoterCorrection.id)))


def undecided_objections(session: Session, election: ElectionProcess) -> list[Objection]:
    """Objections still waiting for a decision (they block the registration stage)."""
    return list(session.scalars(select(Objection).where(
        Objection.election_id == election.id, Objection.decided_on.is_(None))))


# --- overview, objections, export ----------------------------------------------------

def counts_by_group(session: Session, election: ElectionProcess) -> list[tuple[str, int]]:
    """Registered voters per group (posting order), groups without voters included."""
    rows = dict(session.execute(select(Voter.group_id, func.count()).where(
        Voter.election_id == election.id, Voter.status == "registered").group_by(Voter.group_id)).all())
    result = [(name, rows.get(ident, 0)) for name, ident in group_ids(session, election.village_id).items()]
    if rows.get(None):
        result.append(("（未分组）", rows[None]))
    return result


def publications(session: Session, election: ElectionProcess) -> list[VoterPublication]:
    """Posted lists and supplements, oldest first."""
    return list(session.scalars(select(VoterPublication).where(
        VoterPublication.election_id == election.id).order_by(VoterPublication.id)))


def summary(session: Session, election: ElectionProcess) -> str:
    """One status line for the registration page."""
    groups = counts_by_group(session, election)
    total = sum(n for _g, n in groups)
    parts = [f"在册选民 {total} 人（" + "，".join(f"{g} {n}" for g, n in groups) + "）"]
    posted = publications(session, election)
    lists = [p for p in posted if p.kind == "list"]
    if lists:
        parts.append(f"名单已于{format_date(lists[0].published_on)}公布")
    else:
        parts.append("名单尚未公布")
    pending = len(pending_corrections(session, election))
    if pending:
        parts.append(f"待发布补充公告的更正 {pending} 项")
    undecided = len(undecided_objections(session, election))
    if undecided:
        parts.append(f"未处理异议 {undecided} 件")
    return "；".join(parts) + "。"


@dataclass(frozen=True)
class ObjectionInput:
    """An objection as received (VC-11)."""

    filed_by: str
    about: str
    content: str
    received_on: date


def objection_deadlines(session: Session, election: ElectionProcess, received_on: date
                        ) -> tuple[date | None, date]:
    """(last day to file, last day to decide) for an objection received on ``received_on``."""
    from workflows.core.calendar import CalendarContext
    from workflows.core.holidays import WorkdayCalendar

    profile = profile_of(_village(session, election).township)
    context = CalendarContext(election, profile, WorkdayCalendar.load(session), {})
    lists = [p for p in publications(session, election) if p.kind == "list"]
    filing_end = (context.within(lists[0].published_on, profile.days("objection_filing_days"))
                  if lists else None)
    return filing_end, context.within(received_on, profile.days("objection_decision_days"))


def register_objection(session: Session, election: ElectionProcess, data: ObjectionInput) -> Objection:
    """Record a received objection; say plainly when it comes outside the filing window."""
    errors = {}
    if not data.filed_by.strip():
        errors["filed_by"] = msg("请填写申诉人")
    if not data.about.strip():
        errors["about"] = msg("请填写所涉村民（对谁的登记有异议）")
    if not data.content.strip():
        errors["content"] = msg("请填写申诉内容")
    lists = [p for p in publications(session, election) if p.kind == "list"]
    if lists and data.received_on < lists[0].published_on:
        errors["received_on"] = msg("收到日期早于名单公布日期")
    if errors:
        raise InvalidInput(errors)
    voter_id = session.scalar(select(Voter.id).where(Voter.election_id == election.id,
                                                     Voter.name == data.about.strip()).limit(1))
    objection = Objection(election_id=election.id, filed_by=data.filed_by.strip(),
                          about=data.about.strip(), voter_id=voter_id, content=data.content.strip(),
                          received_on=data.received_on)
    session.add(objection)
    session.flush()
    return objection


def decide_objection(session: Session, objection: Objection, upheld: bool, decision: str,
                     decided_on: date) -> None:
    """Record the election committee's decision (VC-11: within 3 days of receipt)."""
    errors = {}
    if not decision.strip():
        errors["decision"] = msg("请填写处理决定")
    if decided_on < objection.received_on:
        errors["decided_on"] = msg("决定日期早于收到日期")
    if errors:
        raise InvalidInput(errors)
    objection.upheld = upheld
    objection.decision = decision.strip()
    objection.decided_on = decided_on
    session.flush()


def objections(session: Session, election: ElectionProcess) -> list[Objection]:
    """All objections of the election, in order of receipt."""
    return list(session.scalars(select(Objection).where(Objection.election_id == election.id)
                                .order_by(Objection.received_on, Objection.id)))


COUNTY_HEADER = ("序号", "村民小组", "姓名", "性别", "民族", "公民身份号码", "出生日期", "文化程度",
                 "政治面貌", "登记类别", "联系电话", "备注")
PERSONAL_DATA_WARNING = ("本表含公民身份号码、联系电话等个人信息，仅供县（乡）换届办工作使用，"
                         "不得张贴、公开或转给无关人员。")


def county_rows(session: Session, election: ElectionProcess) -> list[list[str]]:
    """Every registered voter with full data, in group order (for the county office)."""
    names = {ident: name for name, ident in group_ids(session, election.village_id).items()}
    order = {ident: index for index, ident in enumerate(names)}
    voters = session.scalars(select(Voter).where(Voter.election_id == election.id,
                                                 Voter.status == "registered")).all()
    voters = sorted(voters, key=lambda v: (order.get(v.group_id, 10**6), v.id))
    return [[str(i), names.get(v.group_id, ""), v.name, v.sex, v.ethnicity, v.id_number,
             v.birth_date.isoformat(), v.education, v.political_status, str(v.category), v.phone, v.notes]
            for i, v in enumerate(voters, start=1)]
