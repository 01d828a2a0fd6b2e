"""Setting up the township, its villages (with groups) and each village's election.

Each ``save_*`` validates first and raises :class:`InvalidInput` with one Chinese
message per field, so a dialog can show every problem beside its field and nothing is
stored until all of them are fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import ElectionProcess, Township, Village, VillageGroup
from workflows.core import audit
from workflows.core.calendar import CalendarContext, Milestone, build_schedule
from workflows.core.errors import InvalidInput
from workflows.core.holidays import WorkdayCalendar
from workflows.core.policy import (
    RulesProfile,
    age_reference_problem,
    initial_candidates_required,
    presets,
    validate,
)
from workflows.core.scope import township_profile
from workflows.core.text import Msg, format_date, msg

NAME_LIMIT = 60
TERM_PATTERN = re.compile(r"^第[一二三四五六七八九十百零〇两\d]+届$")


def _raise_if(errors: dict[str, Msg]) -> None:
    if errors:
        raise InvalidInput(errors)


def _check_name(value: str, what: str) -> Msg | None:
    if not value.strip():
        return msg("请填写{what}", what=what)
    if len(value.strip()) > NAME_LIMIT:
        return msg("{what}不能超过{n}个字", what=what, n=NAME_LIMIT)
    return None


# --- Township ------------------------------------------------------------------------

# The provincial-level units whose people's congresses make the election measures (VC-20).
PROVINCES = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省",
    "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省",
    "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
)

@dataclass
class TownshipInput:
    """What the township dialog collects."""

    name: str
    county: str = ""
    province: str = ""
    preset: str = "national"


def township_errors(data: TownshipInput) -> dict[str, Msg]:
    """Field errors of a township form."""
    errors = {}
    if problem := _check_name(data.name, "乡镇名称"):
        errors["name"] = problem
    if len(data.county) > NAME_LIMIT:
        errors["county"] = msg("县（市、区）名称过长")
    if data.province.strip() and data.province.strip() not in PROVINCES:
        errors["province"] = msg("“{province}”不是省、自治区或直辖市的名称", province=data.province.strip())
    if data.preset not in presets():
        errors["preset"] = msg("请选择规则配置")
    elif presets()[data.preset].province and presets()[data.preset].province != data.province.strip():
        errors["preset"] = msg("“{preset}”是{province}的规则，与乡镇所在省份不符：选举办法按省规定",
                               preset=presets()[data.preset].name, province=presets()[data.preset].province)
    return errors


def _township_taken(session: Session, data: TownshipInput, own_id: int | None) -> dict[str, Msg]:
    """Two townships of one county never share a name (the county office tells them apart)."""
    query = select(func.count()).select_from(Township).where(
        Township.name == data.name.strip(), Township.county == data.county.strip())
    if own_id is not None:
        query = query.where(Township.id != own_id)
    if session.scalar(query):
        where = data.county.strip() or "同一县"
        return {"name": msg("{county}已有名为“{name}”的乡镇", county=where, name=data.name.strip())}
    return {}


def create_township(session: Session, data: TownshipInput) -> Township:
    """Create a township with a rules profile copied from the chosen preset."""
    _raise_if(township_errors(data) or _township_taken(session, data, None))
    township = Township(
        name=data.name.strip(), county=data.county.strip(), province=data.province.strip(),
        rules_profile=RulesProfile.from_preset(data.preset).to_json(),
    )
    session.add(township)
    session.flush()
    return township


def township_input(session: Session, township_id: int) -> TownshipInput:
    """A stored township as its form shows it."""
    township = session.get(Township, township_id)
    return TownshipInput(township.name, township.county, township.province)


def update_township(session: Session, township_id: int, data: TownshipInput) -> None:
    """Rename or relocate a township (its rules profile is edited separately)."""
    errors = township_errors(data)
    errors.pop("preset", None)
    errors.pop("province", None)  # a name entered before the list of provinces stays editable
    _raise_if(errors or _township_taken(session, data, township_id))
    township = session.get(Township, township_id)
    township.name = data.name.strip()
    township.county = data.county.strip()
    township.province = data.province.strip()
    session.flush()


def township_name_and_profile(session: Session, township_id: int) -> tuple[str, RulesProfile]:
    """The township's name and its rules profile (for the profile editor)."""
    township = session.get(Township, township_id)
    return township.name, township_profile(township)


def profile_warnings(session: Session, township_id: int, profile: RulesProfile,
                     today: date) -> dict[str, Msg]:
    """What the profile editor should point out without refusing, by parameter: an age
    reference date of an earlier term (SD-13), judged against the villages' current elections
    (today when none is set up yet)."""
    days = [day for election in _current_elections(session, township_id)
            for day in (election.party_election_day, election.committee_election_day) if day]
    problem = age_reference_problem(profile, days or [today])
    return {"age_reference_date": problem} if problem else {}


def _current_elections(session: Session, township_id: int) -> list[ElectionProcess]:
    newest = (select(func.max(ElectionProcess.id)).join(Village, Village.id == ElectionProcess.village_id)
              .where(Village.township_id == township_id).group_by(ElectionProcess.village_id))
    return list(session.scalars(select(ElectionProcess).where(ElectionProcess.id.in_(newest))))


def save_profile(session: Session, township_id: int, profile: RulesProfile) -> None:
    """Store an edited profile after validating every value."""
    errors = {error.key: error.message for error in validate(profile)}
    _raise_if(errors)
    township = session.get(Township, township_id)
    township.rules_profile = profile.to_json()
    session.flush()


# --- Village -------------------------------------------------------------------------

@dataclass
class VillageInput:
    """What the village dialog collects."""

    name: str
    population: int = 0
    households: int = 0
    groups: list[str] = field(default_factory=list)
    notes: str = ""


def village_errors(
    session: Session, township_id: int, data: VillageInput, village_id: int | None = None
) -> dict[str, Msg]:
    """Field errors of a village form, including a duplicate name in the township."""
    errors = {}
    if problem := _check_name(data.name, "村名"):
        errors["name"] = problem
    elif _village_name_taken(session, township_id, data.name.strip(), village_id):
        errors["name"] = msg("本乡镇已有名为“{name}”的村", name=data.name.strip())
    if data.population < 0:
        errors["population"] = msg("人口数不能为负数")
    if data.households < 0:
        errors["households"] = msg("户数不能为负数")
    elif data.population and data.households > data.population:
        errors["households"] = msg("户数（{h}）不能多于人口数（{p}）", h=data.households,
                                   p=data.population)
    if problem := _group_problem(data.groups):
        errors["groups"] = problem
    return errors


def _village_name_taken(session: Session, township_id: int, name: str, own_id: int | None) -> bool:
    query = select(func.count()).select_from(Village).where(
        Village.township_id == township_id, Village.name == name
    )
    if own_id is not None:
        query = query.where(Village.id != own_id)
    return session.scalar(query) > 0


def _group_problem(groups: list[str]) -> Msg | None:
    names = [g.strip() for g in groups]
    for index, name in enumerate(names, start=1):
        if not name:
            return msg("第{n}个村民小组没有名称", n=index)
        if len(name) > NAME_LIMIT:
            return msg("村民小组“{name}”的名称过长", name=name)
    seen = set()
    for name in names:
        if name in seen:
            return msg("村民小组“{name}”重复", name=name)
        seen.add(name)
    return None


def village_input(session: Session, village_id: int) -> VillageInput:
    """A stored village as its form shows it."""
    village = session.get(Village, village_id)
    return VillageInput(village.name, village.population, village.households,
                        [group.name for group in village.groups], village.notes)


def save_village(
    session: Session, township_id: int, data: VillageInput, village_id: int | None = None
) -> Village:
    """Create or update a village and its ordered groups (kept by name, so links survive)."""
    _raise_if(village_errors(session, township_id, data, village_id))
    if village_id is None:
        village = Village(township_id=township_id)
        session.add(village)
    else:
        village = session.get(Village, village_id)
    village.name = data.name.strip()
    village.population = data.population
    village.households = data.households
    village.notes = data.notes.strip()
    existing = {group.name: group for group in village.groups}
    ordered = []
    for position, name in enumerate(g.strip() for g in data.groups):
        group = existing.pop(name, None) or VillageGroup(name=name)
        group.position = position
        ordered.append(group)
    village.groups = ordered
    session.flush()
    return village


# --- Election setup ------------------------------------------------------------------

@dataclass
class ElectionInput:
    """What the election-setup dialog collects."""

    term_label: str
    party_election_day: date | None = None
    committee_election_day: date | None = None
    party_members: int = 5
    party_deputies: int = 0
    vc_chairs: int = 1
    vc_vice_chairs: int = 1
    vc_members: int = 3


def election_errors(
    session: Session, village: Village, data: ElectionInput, profile: RulesProfile,
    election_id: int | None = None,
) -> dict[str, Msg]:
    """Field errors of an election setup, checked against the township's rules profile."""
    errors = {}
    label = data.term_label.strip()
    if not TERM_PATTERN.match(label):
        errors["term_label"] = msg("届次应写成“第十二届”的形式")
    elif _term_taken(session, village.id, label, election_id):
        errors["term_label"] = msg("{village}已有{term}的换届记录", village=village.name, term=label)
    party_day, committee_day = data.party_election_day, data.committee_election_day
    if party_day and committee_day and committee_day <= party_day:
        errors["committee_election_day"] = msg(
            "村委会选举日应在党员大会选举日之后（先选村党组织，后选村委会）")
    errors.update(_party_seat_errors(data, profile))
    errors.update(_committee_seat_errors(data, profile))
    return errors


def _term_taken(session: Session, village_id: int, label: str, own_id: int | None) -> bool:
    query = select(func.count()).select_from(ElectionProcess).where(
        ElectionProcess.village_id == village_id, ElectionProcess.term_label == label
    )
    if own_id is not None:
        query = query.where(ElectionProcess.id != own_id)
    return session.scalar(query) > 0


def _party_seat_errors(data: ElectionInput, profile: RulesProfile) -> dict[str, Msg]:
    size = profile.get("party_committee_size")
    high = size["max"] if size["max"] is not None else 99
    if not size["min"] <= data.party_members <= high:
        return {"party_members": msg("委员职数应为{low}～{high}名（PT-25）", low=size["min"],
                                     high=high)}
    if not 0 <= data.party_deputies < data.party_members:
        return {"party_deputies": msg("副书记职数应少于委员职数")}
    return {}


def _committee_seat_errors(data: ElectionInput, profile: RulesProfile) -> dict[str, Msg]:
    if data.vc_chairs != 1:
        return {"vc_chairs": msg("村民委员会设主任1名")}
    if data.vc_vice_chairs < 0:
        return {"vc_vice_chairs": msg("副主任职数不能为负数")}
    if data.vc_members < 0:
        return {"vc_members": msg("委员职数不能为负数")}
    total = data.vc_chairs + data.vc_vice_chairs + data.vc_members
    size = profile.get("vc_size")
    high = size["max"] if size["max"] is not None else 99
    if not size["min"] <= total <= high:
        return {"vc_members": msg("村民委员会成员共{total}人，应为{low}～{high}人（VC-01）",
                                  total=total, low=size["min"], high=high)}
    if profile.get("vc_size_odd") and total % 2 == 0:
        return {"vc_members": msg("村民委员会成员共{total}人，规则要求为单数", total=total)}
    return {}


def election_input(session: Session, election_id: int | None) -> ElectionInput:
    """A stored election as its setup form shows it (a new one: the next term's defaults)."""
    election = session.get(ElectionProcess, election_id) if election_id else None
    if election is None:
        return ElectionInput("第十二届")
    return ElectionInput(
        election.term_label, election.party_election_day, election.committee_election_day,
        election.party_members, election.party_deputies, election.vc_chairs,
        election.vc_vice_chairs, election.vc_members)


@dataclass(frozen=True)
class SetupPreview:
    """What an election setup would mean under the township's rules, before it is saved."""

    vc_total: int
    party_initial_required: int
    milestones: list[Milestone]
    warnings: list[Msg]


def preview_setup(profile: RulesProfile, workdays: WorkdayCalendar, data: ElectionInput,
                  today: date) -> SetupPreview:
    """Committee size, the SD-10 count and the legal deadlines of a setup not yet stored."""
    draft = ElectionProcess(
        party_election_day=data.party_election_day,
        committee_election_day=data.committee_election_day, vc_chairs=data.vc_chairs,
        vc_vice_chairs=data.vc_vice_chairs, vc_members=data.vc_members,
        party_members=data.party_members)
    schedule = build_schedule(CalendarContext(draft, profile, workdays, {}), today)
    return SetupPreview(draft.vc_total, initial_candidates_required(profile, max(data.party_members, 0)),
                        schedule.milestones, schedule.warnings)


@dataclass(frozen=True)
class SetupContext:
    """What the election-setup form needs besides the stored values."""

    village_name: str
    profile: RulesProfile
    workdays: WorkdayCalendar


def setup_context(session: Session, village_id: int) -> SetupContext:
    """The village's name, its township's rules and the working-day calendar."""
    village = session.get(Village, village_id)
    return SetupContext(village.name, township_profile(session.get(Township, village.township_id)),
                        WorkdayCalendar.load(session))


@dataclass(frozen=True)
class DeadlineMove:
    """A legal deadline that moves with an election day."""

    title: Msg
    before: date
    after: date


def days_moved(session: Session, election_id: int | None, data: ElectionInput) -> bool:
    """Whether the setup moves a stored election's days (which needs a reason)."""
    if election_id is None:
        return False
    election = session.get(ElectionProcess, election_id)
    return (election.party_election_day, election.committee_election_day) != (
        data.party_election_day, data.committee_election_day)


def deadline_moves(session: Session, election_id: int, data: ElectionInput,
                   today: date) -> list[DeadlineMove]:
    """The deadlines of a stored election that the new days would move, in date order."""
    from workflows.core.scope import open_scope

    scope = open_scope(session, election_id, today)
    before = {m.key: m for m in scope.schedule.milestones}
    draft = ElectionProcess(
        id=election_id, village_id=scope.election.village_id,
        party_election_day=data.party_election_day, committee_election_day=data.committee_election_day,
        vc_chairs=data.vc_chairs, vc_vice_chairs=data.vc_vice_chairs, vc_members=data.vc_members,
        party_members=data.party_members)
    after = build_schedule(CalendarContext(draft, scope.profile, scope.workdays, scope.facts,
                                           scope.reasons), today).milestones
    return [DeadlineMove(m.title, before[m.key].due, m.due) for m in after
            if m.key in before and before[m.key].due != m.due]


def save_election(
    session: Session, village_id: int, data: ElectionInput, election_id: int | None = None,
    reason: str = "",
) -> ElectionProcess:
    """Create or update the village's election process after validation.

    Moving a stored election's day needs a reason: it is audited with the days before and
    after (the change of the columns themselves is audited anyway).
    """
    village = session.get(Village, village_id)
    profile = township_profile(session.get(Township, village.township_id))
    errors = election_errors(session, village, data, profile, election_id)
    moved = days_moved(session, election_id, data)
    if moved and not reason.strip():
        errors["reason"] = msg("变更选举日须写明理由（将记入审计记录）")
    _raise_if(errors)
    if election_id is None:
        election = ElectionProcess(village=village)
        session.add(election)
    else:
        election = session.get(ElectionProcess, election_id)
    if moved:
        _record_move(session, election, data, reason.strip())
    election.term_label = data.term_label.strip()
    election.party_election_day = data.party_election_day
    election.committee_election_day = data.committee_election_day
    election.party_members = data.party_members
    election.party_deputies = data.party_deputies
    election.vc_chairs = data.vc_chairs
    election.vc_vice_chairs = data.vc_vice_chairs
    election.vc_members = data.vc_members
    session.flush()
    return election


def _record_move(session: Session, election: ElectionProcess, data: ElectionInput,
                 reason: str) -> None:
    def day(value: date | None) -> str:
        return format_date(value) if value else "未定"

    parts = [f"{label}{day(old)}→{day(new)}" for label, old, new in (
        ("党员大会选举日", election.party_election_day, data.party_election_day),
        ("村委会选举日", election.committee_election_day, data.committee_election_day)) if old != new]
    audit.record(session, "election.move", "变更选举日：" + "；".join(parts) + f"。理由：{reason}",
                 entity="election_process", entity_id=election.id,
                 scope=audit.Scope(election_id=election.id),
                 details={"reason": reason, "party": [str(election.party_election_day),
                                                      str(data.party_election_day)],
                          "committee": [str(election.committee_election_day),
                                        str(data.committee_election_day)]})


def current_election(session: Session, village_id: int) -> ElectionProcess | None:
    """The village's newest election process."""
    return session.scalars(
        select(ElectionProcess).where(ElectionProcess.village_id == village_id)
        .order_by(ElectionProcess.id.desc()).limit(1)
    ).first()


def township_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every township stored, oldest first."""
    return [(row.id, row.name) for row in session.execute(
        select(Township.id, Township.name).order_by(Township.id))]


def village_id_named(session: Session, township_id: int, name: str) -> int | None:
    """The id of the township's village called ``name``."""
    return session.scalar(select(Village.id).where(
        Village.township_id == township_id, Village.name == name))


@dataclass(frozen=True)
class VillageHeading:
    """The names a village's paper is headed and signed with."""

    village: str
    township: str
    county: str
    term_label: str = ""
    committee_election_day: date | None = None


def village_heading(session: Session, village_id: int,
                    election_id: int | None = None) -> VillageHeading:
    """The village, its township and county, and the election's term and day if given."""
    village = session.get(Village, village_id)
    township = session.get(Township, village.township_id)
    election = session.get(ElectionProcess, election_id) if election_id else None
    return VillageHeading(village.name, township.name, township.county,
                          election.term_label if election else "",
                          election.committee_election_day if election else None)


def township_name(session: Session, township_id: int) -> str:
    """The township's name."""
    return session.get(Township, township_id).name


def township_preset(session: Session, township_id: int) -> str:
    """The key of the preset the township's rules profile started from."""
    return township_profile(session.get(Township, township_id)).preset
