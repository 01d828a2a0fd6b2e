"""村民选举委员会: the meeting that chose it (VC-05), its people in the order of the result,
withdrawals of those nominated (VC-06, PV-02) and how their seats were filled (VC-06).

The election result is kept whole: the people seated with a role (主任, 副主任, 委员) and
those who were not seated, each with the place (名次) the meeting gave them. A member
nominated as a villager-committee candidate — or, where the profile says so, a candidate's
spouse, parent, child or sibling — must leave; the seat goes to the next person in the
original order who may serve, or to someone a new meeting chooses (另行推选).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from models import CommitteeGroupMeeting, ElectionCommittee, ElectionCommitteeMember, VillageGroup
from models.villager_candidates import VcCandidate
from models.villager_committee import EC_LEAVE_REASONS, EC_MEETINGS, EC_ROLES
from workflows.core import audit, idcard, relatives
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import N_, Msg, format_date, msg

MEETING_LABELS = {"villagers": N_("村民会议"), "representatives": N_("村民代表会议"),
                  "groups": N_("各村民小组会议")}
ROLE_LABELS = {"chair": N_("主任"), "vice_chair": N_("副主任"), "member": N_("委员")}
LEAVE_LABELS = {"nominated": N_("被提名为村民委员会成员候选人"), "relative": N_("村民委员会成员候选人的近亲属"),
                "other": N_("其他原因出缺")}
# A nomination that no longer stands does not oblige a member to leave (VC-06).
NOT_STANDING = ("declined", "withdrawn", "disqualified")
# PV-02 (Zhejiang art. 9): a candidate's spouse, parents, children, brothers and sisters.
PV02_KINDS = frozenset(("配偶", "父母", "子女", "兄弟姐妹"))

audit.register_entity_label("vc_election_committee", "村民选举委员会推选情况")
audit.register_entity_label("vc_committee_group", "推选选举委员会的村民小组会议")
audit.register_entity_label("vc_committee_member", "村民选举委员会成员")
audit.register_name_resolver("vc_committee_member", lambda row: row.name)
audit.register_name_resolver("vc_committee_group", lambda row: row.group_name)


# --- the meeting ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupAttendance:
    """One villager group's meeting (各村民小组会议推选, art. 28)."""

    group_name: str
    held_on: date | None = None
    adults: int = 0
    households: int = 0
    present: int = 0
    present_households: int = 0


@dataclass(frozen=True)
class MeetingInput:
    """How the committee was chosen: the meeting, its day, its bases and attendance."""

    chosen_by: str
    meeting_on: date | None
    adults: int = 0  # 本村十八周岁以上村民 (村民会议)
    households: int = 0  # 本村户数 (村民会议)
    representatives: int = 0  # 组成人员 (村民代表会议)
    present: int = 0  # 到会人数
    present_households: int = 0  # 到会户代表所代表的户数 (村民会议)
    groups: tuple[GroupAttendance, ...] = ()


def record(scope: ElectionScope, create: bool = False) -> ElectionCommittee:
    """The election's committee record; stored only with ``create`` (checks never write)."""
    row = scope.session.scalars(select(ElectionCommittee).where(
        ElectionCommittee.election_id == scope.election.id)).first()
    if row is None:
        row = ElectionCommittee(election_id=scope.election.id, chosen_by="", adults=0, households=0,
                                representatives=0, present=0, present_households=0, chair_note="",
                                published_seats="", plan_adopted_by="")
        if create:
            scope.session.add(row)
            scope.session.flush()
    return row


def group_meetings(scope: ElectionScope) -> list[CommitteeGroupMeeting]:
    """The recorded group meetings, in the village's group order."""
    rows = {row.group_name: row for row in scope.session.scalars(select(CommitteeGroupMeeting).where(
        CommitteeGroupMeeting.election_id == scope.election.id))}
    ordered = [rows.pop(name) for name in village_groups(scope) if name in rows]
    return ordered + sorted(rows.values(), key=lambda row: row.id)


def village_groups(scope: ElectionScope) -> list[str]:
    """The village's groups, in order."""
    return list(scope.session.scalars(select(VillageGroup.name).where(
        VillageGroup.village_id == scope.village.id).order_by(VillageGroup.position, VillageGroup.id)))


def meeting_input(scope: ElectionScope) -> MeetingInput:
    """The stored meeting, with a line for every village group (blank where nothing is stored)."""
    row = record(scope)
    stored = {g.group_name: g for g in group_meetings(scope)}
    names = village_groups(scope) + [name for name in stored if name not in village_groups(scope)]
    groups = tuple(GroupAttendance(name, *(
        (g.held_on, g.adults, g.households, g.present, g.present_households) if (g := stored.get(name))
        else ())) for name in names)
    return MeetingInput(row.chosen_by, row.meeting_on, row.adults, row.households, row.representatives,
                        row.present, row.present_households, groups)


def record_meeting(scope: ElectionScope, data: MeetingInput) -> None:
    """Store how the committee was chosen; refusals name the field (VC-05)."""
    errors = _meeting_errors(scope, data)
    if errors:
        raise InvalidInput(errors)
    row = record(scope, create=True)
    row.chosen_by, row.meeting_on = data.chosen_by, data.meeting_on
    villagers, representatives = data.chosen_by == "villagers", data.chosen_by == "representatives"
    row.adults = data.adults if villagers else 0
    row.households = data.households if villagers else 0
    row.present_households = data.present_households if villagers else 0
    row.representatives = data.representatives if representatives else 0
    row.present = data.present if villagers or representatives else 0
    stored = {g.group_name: g for g in group_meetings(scope)}
    wanted = {g.group_name: g for g in data.groups} if data.chosen_by == "groups" else {}
    for name, old in stored.items():
        if name not in wanted:
            scope.session.delete(old)
    for name, group in wanted.items():
        target = stored.get(name) or CommitteeGroupMeeting(election_id=scope.election.id, group_name=name)
        target.held_on, target.adults, target.households = group.held_on, group.adults, group.households
        target.present, target.present_households = group.present, group.present_households
        scope.session.add(target)
    scope.session.flush()


def _meeting_errors(scope: ElectionScope, data: MeetingInput) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    if data.chosen_by not in EC_MEETINGS:
        errors["chosen_by"] = msg("请选择推选选举委员会的会议：村民会议、村民代表会议或各村民小组会议")
    if data.meeting_on is None:
        errors["meeting_on"] = msg("请填写推选会议的日期")
    elif data.meeting_on > scope.today:
        errors["meeting_on"] = msg("会议日期{day}晚于今天", day=format_date(data.meeting_on))
    numbers = (data.adults, data.households, data.representatives, data.present, data.present_households)
    if min(numbers) < 0 or any(min(g.adults, g.households, g.present, g.present_households) < 0
                               for g in data.groups):
        errors["present"] = msg("人数不能为负数")
    elif data.chosen_by == "villagers":
        if data.adults and data.present > data.adults:
            errors["present"] = msg("到会人数多于本村十八周岁以上村民数")
        if data.households and data.present_households > data.households:
            errors["present_households"] = msg("到会户代表的户数多于本村户数")
    elif data.chosen_by == "representatives" and data.representatives and data.present > data.representatives:
        errors["present"] = msg("到会人数多于村民代表会议组成人员数")
    elif data.chosen_by == "groups":
        errors.update(_group_errors(scope, data))
    return errors


def _group_errors(scope: ElectionScope, data: MeetingInput) -> dict[str, Msg]:
    for group in data.groups:
        if group.adults and group.present > group.adults or (
                group.households and group.present_households > group.households):
            return {"groups": msg("{group}：到会人数或户数多于本组的人数或户数", group=group.group_name)}
        if group.held_on is not None and group.held_on > scope.today:
            return {"groups": msg("{group}的会议日期{day}晚于今天", group=group.group_name,
                                  day=format_date(group.held_on))}
    names = [g.group_name for g in data.groups]
    if len(set(names)) != len(names) or not all(name.strip() for name in names):
        return {"groups": msg("村民小组名称为空或重复")}
    return {}


def set_chair_note(scope: ElectionScope, note: str) -> None:
    """SD-21: why the meeting did not choose the Party secretary as chair ("" clears it)."""
    record(scope, create=True).chair_note = note.strip()
    scope.session.flush()


# --- the people of the result ----------------------------------------------------------------

@dataclass(frozen=True)
class MemberInput:
    """One person of the election result as the meeting gave it."""

    name: str
    id_number: str
    rank: int  # 推选结果名次
    role: str  # chair / vice_chair / member, or "" for one not seated
    votes: int = 0  # 0: not recorded


def members_of(scope: ElectionScope) -> list[ElectionCommitteeMember]:
    """Every person of the result, by rank."""
    return list(scope.session.scalars(select(ElectionCommitteeMember).where(
        ElectionCommitteeMember.election_id == scope.election.id).order_by(ElectionCommitteeMember.rank)))


def _own(scope: ElectionScope, member_id: int) -> ElectionCommitteeMember:
    row = scope.session.get(ElectionCommitteeMember, member_id)
    if row is None or row.election_id != scope.election.id:
        raise InvalidInput({"general": msg("本村选举委员会没有这名成员")})
    return row


def _seated(row: ElectionCommitteeMember) -> bool:
    return bool(row.role) and row.left_on is None


def _person_errors(scope: ElectionScope, name: str, number: str, own_id: int | None) -> tuple[dict[str, Msg],
                                                                                              idcard.IdInfo | None]:
    errors: dict[str, Msg] = {}
    if not name.strip():
        errors["name"] = msg("请填写姓名")
    elif len(name.strip()) > scope.profile.get("name_max_length"):
        errors["name"] = msg("姓名超过{n}个字", n=scope.profile.get("name_max_length"))
    info = None
    try:
        info = idcard.parse(number)
    except idcard.IdError as error:
        errors["id_number"] = msg("{text}", text=str(error))
    if info is not None and any(row.id_number == info.number and row.id != own_id for row in members_of(scope)):
        errors["id_number"] = msg("此人已在推选结果中")
    return errors, info


def add_member(scope: ElectionScope, data: MemberInput) -> int:
    """Add one person of the original result (rank and role as the meeting decided)."""
    return _save_member(scope, data, None)


def update_member(scope: ElectionScope, member_id: int, data: MemberInput) -> None:
    """Correct a person of the result (a typing error; a withdrawal is :func:`withdraw`)."""
    _save_member(scope, data, member_id)


def _save_member(scope: ElectionScope, data: MemberInput, member_id: int | None) -> int:
    row = _own(scope, member_id) if member_id is not None else None
    errors, info = _person_errors(scope, data.name, data.id_number, member_id)
    if data.role and data.role not in EC_ROLES:
        errors["role"] = msg("职务只能是主任、副主任或委员")
    elif data.role == "chair" and any(r.role == "chair" and _seated(r) and r.id != member_id
                                      for r in members_of(scope)):
        errors["role"] = msg("已有一名主任")
    if data.rank < 1:
        errors["rank"] = msg("名次从1开始")
    elif any(r.rank == data.rank and r.id != member_id for r in members_of(scope)):
        errors["rank"] = msg("名次{rank}已有他人", rank=data.rank)
    if data.votes < 0:
        errors["votes"] = msg("得票不能为负数")
    if row is not None and row.left_on is not None and data.role != row.role:
        errors["role"] = msg("已退出的成员不能改变职务")
    if errors:
        raise InvalidInput(errors)
    if row is None:
        row = ElectionCommitteeMember(election_id=scope.election.id, by_election=False, left_reason="", note="",
                                      joined_on=record(scope).meeting_on if data.role else None)
        scope.session.add(row)
    elif data.role and not row.role and row.joined_on is None:
        row.joined_on = record(scope).meeting_on
    row.name, row.id_number, row.sex, row.birth_date = data.name.strip(), info.number, info.sex, info.birth_date
    row.rank, row.role, row.votes = data.rank, data.role, data.votes
    scope.session.flush()
    return row.id


def remove_member(scope: ElectionScope, member_id: int) -> None:
    """Delete a person entered by mistake (the audit log keeps the record); one whose seat
    another already filled, or who fills one, is withdrawn rather than deleted."""
    row = _own(scope, member_id)
    if row.replaces_id is not None or any(r.replaces_id == row.id for r in members_of(scope)):
        raise InvalidInput({"general": msg("{name}涉及递补记录，不能删除；须退出的请记录退出", name=row.name)})
    scope.session.delete(row)
    scope.session.flush()


# --- who must leave (VC-06, PV-02) ---------------------------------------------------------------

@dataclass(frozen=True)
class WithdrawalCause:
    """Why a person of the result may not serve: nominated, or a candidate's close relative."""

    member_id: int
    name: str
    reason: str  # "nominated" | "relative"
    candidate: str  # the candidate's name (the member's own name when nominated)
    office: str  # the office nominated for, as printed (主任 …)
    kind: str = ""  # the relationship: the candidate is the member's <kind>

    @property
    def text(self) -> str:
        """The cause in a sentence: “被提名为主任候选人” / “是主任候选人李四的配偶”."""
        if self.reason == "nominated":
            return f"被提名为村民委员会{self.office}候选人"
        return f"村民委员会{self.office}候选人{self.candidate}是其{self.kind}"


def _standing_nominations(scope: ElectionScope) -> list[VcCandidate]:
    return list(scope.session.scalars(select(VcCandidate).where(
        VcCandidate.election_id == scope.election.id, VcCandidate.status.not_in(NOT_STANDING))
        .order_by(VcCandidate.id)))


def _office_label(office: str) -> str:
    return str(ROLE_LABELS.get(office, office))


def withdrawal_causes(scope: ElectionScope) -> dict[int, WithdrawalCause]:
    """Member id → why that person may not serve, for everyone of the result not yet gone
    (seated members and those next in line alike)."""
    people = [row for row in members_of(scope) if row.left_on is None]
    if not people:
        return {}
    nominations = _standing_nominations(scope)
    causes: dict[int, WithdrawalCause] = {}
    by_number = {row.id_number: row for row in people}
    for nomination in nominations:
        row = by_number.get(nomination.id_number)
        if row is not None and row.id not in causes:
            causes[row.id] = WithdrawalCause(row.id, row.name, "nominated", row.name,
                                             _office_label(nomination.office))
    if scope.profile.get("ec_candidate_relatives_leave") and nominations:
        candidates = {c.id_number: c for c in nominations}
        pairs = relatives.pairs_among(scope.session, scope.township.id,
                                      [(r.name, r.id_number) for r in people]
                                      + [(c.name, c.id_number) for c in nominations])
        for pair in pairs:
            if pair.kind not in PV02_KINDS:
                continue
            for member_number, candidate_number, kind in (
                    (pair.id_number_a, pair.id_number_b, pair.kind),
                    (pair.id_number_b, pair.id_number_a, relatives.CONVERSE[pair.kind])):
                row, candidate = by_number.get(member_number), candidates.get(candidate_number)
                if row is not None and candidate is not None and row.id not in causes:
                    causes[row.id] = WithdrawalCause(row.id, row.name, "relative", candidate.name,
                                                     _office_label(candidate.office), kind)
    return causes


def members_who_must_withdraw(scope: ElectionScope) -> list[WithdrawalCause]:
    """Seated members who must leave the committee now (VC-06; PV-02 where the profile says so).

    The nomination and qualification stages block on this list as well: a nominee may not
    sit on the committee that runs the election.
    """
    causes = withdrawal_causes(scope)
    return [causes[row.id] for row in members_of(scope) if _seated(row) and row.id in causes]


# --- withdrawal and filling the seat ---------------------------------------------------------------

@dataclass(frozen=True)
class WithdrawalInput:
    """A member leaves on ``left_on``; the seat is filled from the result (``fill``) or left
    for a new election (另行推选)."""

    left_on: date
    reason: str  # "nominated" | "relative" | "other"
    note: str = ""
    fill: bool = True  # take the next person of the original result who may serve


def next_in_line(scope: ElectionScope) -> ElectionCommitteeMember | None:
    """The person who would fill the next seat (VC-06): the first of the original result,
    not seated and not gone, who may serve (not nominated, not a candidate's relative)."""
    causes = withdrawal_causes(scope)
    return next((row for row in members_of(scope) if not row.role and row.left_on is None
                 and not row.by_election and row.id not in causes), None)


def withdraw(scope: ElectionScope, member_id: int, data: WithdrawalInput) -> int | None:
    """Record that a seated member left; with ``fill`` the next in the original order takes the
    seat on the same day (a 主任 or 副主任's seat as 委员: the committee then presides as SD-21
    says). Returns the id of the one who took the seat, if any."""
    row = _own(scope, member_id)
    errors: dict[str, Msg] = {}
    if not _seated(row):
        errors["general"] = msg("{name}不是在任的选举委员会成员", name=row.name)
    if data.reason not in EC_LEAVE_REASONS:
        errors["reason"] = msg("请选择退出原因")
    if data.left_on > scope.today:
        errors["left_on"] = msg("退出日期{day}晚于今天", day=format_date(data.left_on))
    elif row.joined_on is not None and data.left_on < row.joined_on:
        errors["left_on"] = msg("退出日期早于其任职日期{day}", day=format_date(row.joined_on))
    successor = next_in_line(scope) if data.fill else None
    if data.fill and successor is None and not errors:
        errors["fill"] = msg("原推选结果中已没有可以递补的人选，请选择另行推选")
    if errors:
        raise InvalidInput(errors)
    row.left_on, row.left_reason, row.note = data.left_on, data.reason, data.note.strip()
    if successor is not None:
        _seat(successor, row, data.left_on)
    scope.session.flush()
    return successor.id if successor is not None else None


def _seat(person: ElectionCommitteeMember, departed: ElectionCommitteeMember, day: date) -> None:
    person.role = "member" if departed.role in ("chair", "vice_chair") else departed.role
    person.joined_on, person.replaces_id = day, departed.id


def fill_from_result(scope: ElectionScope, departed_id: int, day: date) -> int:
    """Fill an open seat from the original result later (the next in line, VC-06)."""
    departed = _vacant(scope, departed_id)
    successor = next_in_line(scope)
    if successor is None:
        raise InvalidInput({"general": msg("原推选结果中已没有可以递补的人选，请记录另行推选")})
    if day > scope.today or day < departed.left_on:
        raise InvalidInput({"day": msg("递补日期应在退出日期{left}至今天之间", left=format_date(departed.left_on))})
    _seat(successor, departed, day)
    scope.session.flush()
    return successor.id


@dataclass(frozen=True)
class ByElectionInput:
    """Someone chosen by a new meeting (另行推选, VC-06) for a departed member's seat."""

    name: str
    id_number: str
    chosen_on: date
    chosen_by: str  # one of EC_MEETINGS
    role: str = "member"
    votes: int = 0


def by_election(scope: ElectionScope, departed_id: int, data: ByElectionInput) -> int:
    """Record a person chosen by 另行推选 for the seat of ``departed_id``; ranked after everyone."""
    departed = _vacant(scope, departed_id)
    errors, info = _person_errors(scope, data.name, data.id_number, None)
    if data.chosen_by not in EC_MEETINGS:
        errors["chosen_by"] = msg("请选择另行推选的会议")
    if data.chosen_on > scope.today or data.chosen_on < departed.left_on:
        errors["chosen_on"] = msg("另行推选日期应在{name}退出之日{left}至今天之间", name=departed.name,
                                  left=format_date(departed.left_on))
    if data.role not in EC_ROLES:
        errors["role"] = msg("职务只能是主任、副主任或委员")
    elif data.role == "chair" and any(r.role == "chair" and _seated(r) for r in members_of(scope)):
        errors["role"] = msg("已有一名主任")
    if errors:
        raise InvalidInput(errors)
    rank = max((r.rank for r in members_of(scope)), default=0) + 1
    row = ElectionCommitteeMember(
        election_id=scope.election.id, rank=rank, name=data.name.strip(), id_number=info.number,
        sex=info.sex, birth_date=info.birth_date, votes=max(data.votes, 0), role=data.role,
        by_election=True, joined_on=data.chosen_on, replaces_id=departed.id, left_reason="",
        note=f"经{format_date(data.chosen_on)}{MEETING_LABELS[data.chosen_by]}另行推选")
    scope.session.add(row)
    scope.session.flush()
    return row.id


def _vacant(scope: ElectionScope, departed_id: int) -> ElectionCommitteeMember:
    departed = _own(scope, departed_id)
    if departed.left_on is None or not departed.role:
        raise InvalidInput({"general": msg("{name}没有退出，没有需要填补的席位", name=departed.name)})
    if any(r.replaces_id == departed.id for r in members_of(scope)):
        raise InvalidInput({"general": msg("{name}的席位已经填补", name=departed.name)})
    return departed


def vacancies(scope: ElectionScope) -> list[ElectionCommitteeMember]:
    """Members who left a seat that nobody has filled yet (VC-06)."""
    rows = members_of(scope)
    filled = {r.replaces_id for r in rows if r.replaces_id is not None}
    return [r for r in rows if r.role and r.left_on is not None and r.id not in filled]
