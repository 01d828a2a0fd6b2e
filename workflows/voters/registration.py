"""Voter registration: import a roster, add or correct voters, publish, handle objections.

Before the list is published, changes are plain edits (audited). After publication every
change is a correction with a reason (VoterCorrection), collected into the next
supplementary notice (补充公告). Imports are all-or-nothing: one transaction, no partial
commit, a backup of the database file first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, insert, select
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
from workflows.core import idcard, imports
from workflows.core.errors import InvalidInput
from workflows.core.roster_read import Header, Workbook
from workflows.core.scope import ElectionScope
from workflows.core.store import plain_rows
from workflows.core.text import format_date, msg
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


@dataclass(frozen=True)
class RosterFacts:
    """What the roster template and the voter form need to know about the election."""

    village_name: str
    term_label: str
    groups: list[str]
    election_day: date | None
    published: bool


def roster_facts(scope: ElectionScope) -> RosterFacts:
    """The village, its groups in posting order, the election day, whether the list is out."""
    return RosterFacts(scope.village.name, scope.election.term_label,
                       list(group_ids(scope.session, scope.village.id)),
                       scope.election.committee_election_day, is_published(scope))


def group_choices(scope: ElectionScope) -> dict[str, int]:
    """The village's groups (name → id), in posting order, for filters and forms."""
    return group_ids(scope.session, scope.village.id)


def voter_values(scope: ElectionScope, voter_id: int) -> dict[str, str]:
    """A stored voter as roster field values (what the voter form edits)."""
    voter = scope.session.get(Voter, voter_id)
    group = scope.session.get(VillageGroup, voter.group_id) if voter.group_id else None

    def day(value):
        return value.isoformat() if value else ""

    return {"group": group.name if group else "", "name": voter.name, "id_number": voter.id_number,
            "sex": voter.sex, "birth_date": day(voter.birth_date), "ethnicity": voter.ethnicity,
            "education": voter.education, "political_status": voter.political_status,
            "category": str(voter.category), "phone": voter.phone, "notes": voter.notes,
            "residence_since": day(voter.residence_since), "applied_on": day(voter.applied_on),
            "approved_on": day(voter.approved_on)}


def voter_name(scope: ElectionScope, voter_id: int) -> str:
    """A voter's name (for confirmations)."""
    return scope.session.get(Voter, voter_id).name


def group_ids(session: Session, village_id: int) -> dict[str, int]:
    """The village's groups by name, in posting order."""
    rows = session.execute(select(VillageGroup.name, VillageGroup.id)
                           .where(VillageGroup.village_id == village_id)
                           .order_by(VillageGroup.position))
    return {name: ident for name, ident in rows}


def elsewhere(scope: ElectionScope, id_numbers: list[str] | None = None) -> dict[str, Registration]:
    """Who is registered in the same election round elsewhere, by ID number (VC-09): voters
    of the township's other villages whose election has this election's term, then the
    people of other townships' lists imported for this term (``reference_lists``). A
    registration for another round (an earlier term) is no double registration.

    ``id_numbers`` limits the look-up to those people (one voter entered by hand): the
    township's whole roll (10⁵ people) is read only for an import.
    """
    from workflows.voters.reference_lists import listed_elsewhere

    village, term = scope.village, scope.election.term_label
    query = (select(Voter.id_number, Village.name, VillageGroup.name, Voter.election_id)
             .join(Village, Village.id == Voter.village_id)
             .join(ElectionProcess, ElectionProcess.id == Voter.election_id)
             .outerjoin(VillageGroup, VillageGroup.id == Voter.group_id)
             .where(Village.township_id == village.township_id, Voter.village_id != village.id,
                    Voter.status == "registered", ElectionProcess.term_label == term))
    if id_numbers is not None:
        query = query.where(Voter.id_number.in_(id_numbers))
    found = {number: Registration(vname, gname or "", eid)
             for number, vname, gname, eid in plain_rows(scope.session, query)}
    listed = listed_elsewhere(scope.session, village.township_id, term, id_numbers)
    for number, (source, listed_village, _name) in listed.items():
        found.setdefault(number, Registration(f"{source}{listed_village}", "", None,
                                              f"{source}公布的{term}选民名单"))
    return found


@dataclass(frozen=True)
class Minor:
    """A registered voter under the voting age on the election day (VC-07, CONV-07)."""

    id: int
    name: str
    birth_date: date
    age: int


def underage_voters(scope: ElectionScope, day: date) -> list[Minor]:
    """Registered voters of this election who are not yet of voting age on ``day``, youngest
    last (only the birth dates near the limit are read)."""
    profile = scope.profile
    age, feb29 = profile.get("voting_age"), profile.get("feb29_birthday")
    try:
        limit = day.replace(year=day.year - age)
    except ValueError:  # 29 February
        limit = day.replace(year=day.year - age, day=28)
    query = (select(Voter.id, Voter.name, Voter.birth_date)
             .where(Voter.election_id == scope.election.id, Voter.status == "registered",
                    Voter.birth_date >= limit - timedelta(days=1))
             .order_by(Voter.birth_date, Voter.id))
    found = [Minor(ident, name, birth, idcard.age_on(birth, day, feb29))
             for ident, name, birth in scope.session.execute(query)]
    return [minor for minor in found if minor.age < age]


def stored(scope: ElectionScope) -> dict[str, tuple[int, VoterData]]:
    """This election's registered voters by ID number: (row id, data)."""
    names = {ident: name for name, ident in group_ids(scope.session, scope.election.village_id).items()}
    query = select(Voter).where(Voter.election_id == scope.election.id, Voter.status == "registered")
    return {v.id_number: (v.id, _data_of(v, names.get(v.group_id, ""))) for v in scope.session.scalars(query)}


def _data_of(voter: Voter, group_name: str) -> VoterData:
    return VoterData(voter.name, voter.sex, voter.id_number, voter.birth_date, group_name,
                     voter.ethnicity, voter.education, voter.political_status, voter.category,
                     voter.phone, voter.notes, voter.residence_since, voter.applied_on,
                     voter.approved_on)


def roster_rules(scope: ElectionScope, id_numbers: list[str] | None = None):
    """Roster checks for this election: its day, the profile, groups, the township's
    registrations (of ``id_numbers`` only, when given)."""
    village, profile = scope.village, scope.profile
    if scope.election.committee_election_day is None:
        raise InvalidInput({"election_day": msg("请先在“选举设置”中设定村委会选举日，才能按选举日计算年龄")})
    return rules_from_profile(profile, scope.election.committee_election_day,
                              groups=list(group_ids(scope.session, village.id)) or None,
                              elsewhere=elsewhere(scope, id_numbers),
                              election_id=scope.election.id)


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


def prepare_import(scope: ElectionScope, workbook: Workbook,
                   sheet_names: list[str] | None = None) -> ImportPreview:
    """Check the chosen sheets and compare them with the stored registrations (changes nothing)."""
    rules = roster_rules(scope)
    check = check_workbook(workbook, rules, sheet_names)
    _keep_removed_off(scope, check)
    existing = stored(scope)
    compare_with_stored(check, {number: data for number, (_id, data) in existing.items()})
    return ImportPreview(check, workbook.path.name, {n: ident for n, (ident, _d) in existing.items()})


def _keep_removed_off(scope: ElectionScope, check: RosterCheck) -> None:
    """A voter taken off the list is not brought back by re-importing an old roster."""
    removed = dict(scope.session.execute(select(Voter.id_number, Voter.removal_reason).where(
        Voter.election_id == scope.election.id, Voter.status == "removed")).all())
    for row in check.voters():
        reason = removed.get(row.voter.id_number)
        if reason is not None:
            row.voter = None
            row.skipped = f"此人已从名单中除名（{reason}），导入不会恢复；如确需恢复，请在名单中逐人办理"
            row.findings.append(Finding(row.sheet, row.row, "", row.skipped, error=False))


def is_published(scope: ElectionScope) -> bool:
    """Whether the voter list has been posted (changes are corrections from then on)."""
    return scope.session.scalar(select(func.count()).select_from(VoterPublication).where(
        VoterPublication.election_id == scope.election.id)) > 0


def commit_import(scope: ElectionScope, preview: ImportPreview,
                  reason: str = "") -> dict[str, int]:
    """Store new and changed voters in one go; refuse if any row has an error."""
    imports.refuse_errors(len(preview.check.errors))
    published = is_published(scope)
    if published and not reason.strip():
        raise InvalidInput({"reason": msg("选民名单已经公布，导入即为更正，请填写更正原因")})
    groups = group_ids(scope.session, scope.election.village_id)
    new_rows = [r for r in preview.check.voters() if r.status == "new"]
    changed = [r for r in preview.check.voters() if r.status == "changed"]
    counts = imports.store_batch(scope.session, imports.ImportBatch(
        Voter, "花名册", preview.file_name, scope.election.id,
        new=[_values(scope.election, groups, r.voter) | {"source": "import"} for r in new_rows],
        changed=[_values(scope.election, groups, r.voter) | {"id": preview.stored_ids[r.voter.id_number]}
                 for r in changed],
        note=f"（更正原因：{reason}）" if published else "",
        details={**preview.counts, "reason": reason}))
    if published:
        _corrections_for_import(scope, new_rows, changed, reason)
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


def _corrections_for_import(scope: ElectionScope, new_rows, changed, reason) -> None:
    rows = [("add", r.voter) for r in new_rows] + [("change", r.voter) for r in changed]
    ids = dict(scope.session.execute(select(Voter.id_number, Voter.id).where(
        Voter.election_id == scope.election.id, Voter.id_number.in_([v.id_number for _a, v in rows]))).all())
    scope.session.execute(insert(VoterCorrection), [{
        "election_id": scope.election.id, "voter_id": ids.get(voter.id_number), "action": action,
        "voter_name": voter.name, "group_name": voter.group_name, "reason": reason,
        "changed_on": scope.today} for action, voter in rows])


# --- single voters (door-to-door registration) ---------------------------------------

FIELD_FOR = {"group": "group", "name": "name", "sex": "sex", "id_number": "id_number",
             "birth_date": "birth_date", "category": "category", "residence_since": "residence_since",
             "applied_on": "applied_on", "approved_on": "approved_on"}


def check_voter(scope: ElectionScope, values: dict,
                own_id: int | None = None) -> tuple[VoterData | None, dict[str, object]]:
    """Validate one voter as the roster import would; errors keyed by form field."""
    number = idcard.clean(str(values.get("id_number") or ""))
    checker = RowChecker(roster_rules(scope, [number]))
    duplicate = select(Voter.id).where(Voter.election_id == scope.election.id, Voter.id_number == number,
                                       Voter.status == "registered")
    if own_id is not None:
        duplicate = duplicate.where(Voter.id != own_id)
    if scope.session.scalar(duplicate.limit(1)) is not None:
        checker.seen = {number: ("本村名单", 0)}
    header = Header(0, {key: i for i, key in enumerate(values)}, {key: key for key in values})
    result = checker.check_row("表单", 1, header, values, "")
    errors = {}
    for finding in result.findings:
        key = finding.field or "general"
        text = finding.message.replace("与工作表“本村名单”第0行的身份证号码重复", "本村名单中已有此身份证号码")
        errors.setdefault(key, msg("{text}", text=text))
    return result.voter, errors


def save_voter(scope: ElectionScope, values: dict, *,
               voter_id: int | None = None, reason: str = "") -> Voter:
    """Add (door-to-door) or edit a voter; after publication a reason is required."""
    data, errors = check_voter(scope, values, voter_id)
    published = is_published(scope)
    if published and not reason.strip():
        errors["reason"] = msg("名单已公布，增加或修改须填写更正原因")
    if errors or data is None:
        raise InvalidInput(errors or {"general": msg("此人不予登记")})
    groups = group_ids(scope.session, scope.election.village_id)
    if voter_id is None:  # someone removed earlier is registered again on the same row
        voter_id_again = scope.session.scalar(select(Voter.id).where(
            Voter.election_id == scope.election.id, Voter.id_number == data.id_number))
        voter = scope.session.get(Voter, voter_id_again) if voter_id_again else None
    else:
        voter = scope.session.get(Voter, voter_id)
    voter = voter or Voter(election_id=scope.election.id, village_id=scope.election.village_id)
    for key, value in _values(scope.election, groups, data).items():
        setattr(voter, key, value)
    scope.session.add(voter)
    scope.session.flush()
    if published:
        _correction(scope, voter, "change" if voter_id else "add", reason)
    return voter


def remove_voter(scope: ElectionScope, voter_id: int, reason: str) -> None:
    """Take a voter off the list (kept, marked removed, with the reason)."""
    if not reason.strip():
        raise InvalidInput({"reason": msg("请填写除名原因（如死亡、迁出、重复登记）")})
    voter = scope.session.get(Voter, voter_id)
    voter.status = "removed"
    voter.removal_reason = reason.strip()
    scope.session.flush()
    if is_published(scope):
        _correction(scope, voter, "remove", reason)


def _correction(scope: ElectionScope, voter: Voter, action: str, reason: str) -> None:
    group = scope.session.get(VillageGroup, voter.group_id) if voter.group_id else None
    scope.session.add(VoterCorrection(election_id=scope.election.id, voter_id=voter.id, action=action,
                                voter_name=voter.name, group_name=group.name if group else "",
                                reason=reason.strip(), changed_on=scope.today))
    scope.session.flush()


def pending_corrections(scope: ElectionScope) -> list[VoterCorrection]:
    """Corrections not yet posted in a supplementary notice."""
    return list(scope.session.scalars(select(VoterCorrection).where(
        VoterCorrection.election_id == scope.election.id, VoterCorrection.publication_id.is_(None))
        .order_by(VoterCorrection.id)))


def undecided_objections(scope: ElectionScope) -> list[Objection]:
    """Objections still waiting for a decision (they block the registration stage)."""
    return list(scope.session.scalars(select(Objection).where(
        Objection.election_id == scope.election.id, Objection.decided_on.is_(None))))


# --- overview, objections, export ----------------------------------------------------

def counts_by_group(scope: ElectionScope) -> list[tuple[str, int]]:
    """Registered voters per group (posting order), groups without voters included."""
    rows = dict(scope.session.execute(select(Voter.group_id, func.count()).where(
        Voter.election_id == scope.election.id, Voter.status == "registered").group_by(Voter.group_id)).all())
    result = [(name, rows.get(ident, 0)) for name, ident in group_ids(scope.session, scope.election.village_id).items()]
    if rows.get(None):
        result.append(("（未分组）", rows[None]))
    return result


def publications(scope: ElectionScope) -> list[VoterPublication]:
    """Posted lists and supplements, oldest first."""
    return list(scope.session.scalars(select(VoterPublication).where(
        VoterPublication.election_id == scope.election.id).order_by(VoterPublication.id)))


def summary(scope: ElectionScope) -> str:
    """One status line for the registration page."""
    groups = counts_by_group(scope)
    total = sum(n for _g, n in groups)
    parts = [f"在册选民 {total} 人（" + "，".join(f"{g} {n}" for g, n in groups) + "）"]
    posted = publications(scope)
    lists = [p for p in posted if p.kind == "list"]
    if lists:
        parts.append(f"名单已于{format_date(lists[0].published_on)}公布")
    else:
        parts.append("名单尚未公布")
    pending = len(pending_corrections(scope))
    if pending:
        parts.append(f"待发布补充公告的更正 {pending} 项")
    undecided = len(undecided_objections(scope))
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


def objection_deadlines(scope: ElectionScope, received_on: date
                        ) -> tuple[date | None, date]:
    """(last day to file, last day to decide) for an objection received on ``received_on``."""
    from workflows.core.calendar import CalendarContext

    profile = scope.profile
    context = CalendarContext(scope.election, profile, scope.workdays, {})
    lists = [p for p in publications(scope) if p.kind == "list"]
    filing_end = (context.within(lists[0].published_on, profile.days("objection_filing_days"))
                  if lists else None)
    return filing_end, context.within(received_on, profile.days("objection_decision_days"))


def register_objection(scope: ElectionScope, data: ObjectionInput) -> Objection:
    """Record a received objection; say plainly when it comes outside the filing window."""
    errors = {}
    if not data.filed_by.strip():
        errors["filed_by"] = msg("请填写申诉人")
    if not data.about.strip():
        errors["about"] = msg("请填写所涉村民（对谁的登记有异议）")
    if not data.content.strip():
        errors["content"] = msg("请填写申诉内容")
    lists = [p for p in publications(scope) if p.kind == "list"]
    if lists and data.received_on < lists[0].published_on:
        errors["received_on"] = msg("收到日期早于名单公布日期")
    if errors:
        raise InvalidInput(errors)
    voter_id = scope.session.scalar(select(Voter.id).where(Voter.election_id == scope.election.id,
                                                     Voter.name == data.about.strip()).limit(1))
    objection = Objection(election_id=scope.election.id, filed_by=data.filed_by.strip(),
                          about=data.about.strip(), voter_id=voter_id, content=data.content.strip(),
                          received_on=data.received_on)
    scope.session.add(objection)
    scope.session.flush()
    return objection


@dataclass(frozen=True)
class ObjectionView:
    """One objection as the objections dialog lists it, with its legal deadlines (VC-11)."""

    id: int
    received_on: date
    filed_by: str
    about: str
    content: str
    decided: bool
    upheld: bool | None
    decision: str
    decided_on: date | None
    filing_end: date | None
    decide_by: date
    published: bool


def objection_views(scope: ElectionScope) -> list[ObjectionView]:
    """Every objection of the election with the days it had to be filed and decided by."""
    views = []
    for o in objections(scope):
        filing_end, decide_by = objection_deadlines(scope, o.received_on)
        views.append(ObjectionView(o.id, o.received_on, o.filed_by, o.about, o.content,
                                   o.decided_on is not None, o.upheld, o.decision, o.decided_on,
                                   filing_end, decide_by, o.document_id is not None))
    return views


def objection_view(scope: ElectionScope, objection_id: int) -> ObjectionView:
    """One objection of the election."""
    return next(view for view in objection_views(scope) if view.id == objection_id)


def decide_objection(scope: ElectionScope, objection_id: int, upheld: bool, decision: str,
                     decided_on: date) -> None:
    """Record the election committee's decision (VC-11: within 3 days of receipt)."""
    objection = scope.session.get(Objection, objection_id)
    session = scope.session
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


def objections(scope: ElectionScope) -> list[Objection]:
    """All objections of the election, in order of receipt."""
    return list(scope.session.scalars(select(Objection).where(Objection.election_id == scope.election.id)
                                .order_by(Objection.received_on, Objection.id)))


COUNTY_HEADER = ("序号", "村民小组", "姓名", "性别", "民族", "公民身份号码", "出生日期", "文化程度",
                 "政治面貌", "登记类别", "联系电话", "备注")
PERSONAL_DATA_WARNING = ("本表含公民身份号码、联系电话等个人信息，仅供县（乡）换届办工作使用，"
                         "不得张贴、公开或转给无关人员。")


def county_rows(scope: ElectionScope) -> list[list[str]]:
    """Every registered voter with full data, in group order (for the county office)."""
    names = {ident: name for name, ident in group_ids(scope.session, scope.election.village_id).items()}
    order = {ident: index for index, ident in enumerate(names)}
    voters = scope.session.scalars(select(Voter).where(Voter.election_id == scope.election.id,
                                                 Voter.status == "registered")).all()
    voters = sorted(voters, key=lambda v: (order.get(v.group_id, 10**6), v.id))
    return [[str(i), names.get(v.group_id, ""), v.name, v.sex, v.ethnicity, v.id_number,
             v.birth_date.isoformat(), v.education, v.political_status, str(v.category), v.phone, v.notes]
            for i, v in enumerate(voters, start=1)]
